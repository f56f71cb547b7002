FROM python:3.12
COPY <<EOF /p/pkg-1.0.tar.gz
not really gzip
EOF
COPY <<EOF /w/pkg-1.0-py3-none-any.whl
not really a wheel
EOF
COPY <<EOF /r.txt
/p/*
EOF
RUN pip install --only-binary :all: /p/*
RUN pip install --only-binary :all: /p/pkg-?.*
RUN cd /p && pip install --only-binary :all: ./pkg*
RUN uv pip install --system /p/*
RUN pip install --only-binary :all: /w/*
RUN pip install --only-binary :all: -r /r.txt
RUN cd /p && pip install --only-binary :all: *
RUN pip install --only-binary :all: "flask==2.*"
