FROM python:3.12
COPY <<EOF /p/pkg-1.0.tar.gz
not really gzip
EOF
RUN pip install --only-binary :all: "/p/*"
RUN pip install --only-binary :all: '/p/pkg*'
RUN pip install --only-binary :all: /p/\*
RUN cd /p && pip install --only-binary :all: '*'
RUN pip install --only-binary :all: /p/*
RUN X='/p/*' && pip install --only-binary :all: $X
RUN pip install --only-binary :all: '/p/*' /p/*
