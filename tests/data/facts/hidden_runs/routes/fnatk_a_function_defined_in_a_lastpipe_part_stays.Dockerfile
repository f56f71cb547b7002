FROM python:3.12
SHELL ["/bin/bash", "-c"]
RUN shopt -s lastpipe; f() { :; }; echo | f() { pip install flask; }; f
RUN shopt -s lastpipe; echo | f() { pip install flask; }; f
RUN f() { pip install flask; }; shopt -s lastpipe; echo x | g() { f; }; g
RUN f() { :; }; echo | f() { pip install flask; }; f
RUN shopt -s lastpipe; f() { :; }; echo | f() { pip install flask; } | cat; f
