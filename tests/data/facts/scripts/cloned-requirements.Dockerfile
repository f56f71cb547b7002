FROM python:3.12 AS build
RUN git clone --depth 1 https://github.com/x/proj.git /src
RUN pip install --only-binary :all: -r /src/requirements.txt
FROM python:3.12
COPY --from=build /src/ /app/
RUN pip install --only-binary :all: -r /app/reqs/base.txt
RUN cd /opt && git clone -q git@github.com:x/tool.git && pip install --only-binary :all: -c tool/c.txt flask
ADD https://github.com/x/lib.git#v1 /lib
RUN pip install --only-binary :all: -r /lib/requirements.txt
RUN git clone https://github.com/x/other.git /other && printf 'flask\n' > /other/requirements.txt
RUN pip install --only-binary :all: -r /other/requirements.txt
