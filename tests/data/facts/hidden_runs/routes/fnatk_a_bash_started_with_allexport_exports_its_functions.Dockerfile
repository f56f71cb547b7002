FROM python:3.12
RUN bash -a -c 'f() { pip install flask; }; bash -c f'
RUN bash -ec 'f() { pip install flask; }; bash -c f'
RUN bash -o allexport -c 'f() { pip install flask; }; bash -c f'
RUN env SHELLOPTS=allexport bash -c 'f() { pip install flask; }; bash -c f'
RUN bash -c 'shopt -so allexport; f() { pip install flask; }; bash -c f'
RUN bash -a -c 'f() { pip install flask; }; env -i bash -c f'
RUN bash -c 'f() { pip install flask; }; bash -c f'
SHELL ["/bin/bash", "-a", "-c"]
RUN f() { pip install flask; }; bash -c f
RUN f() { pip install flask; }; eval -- f
