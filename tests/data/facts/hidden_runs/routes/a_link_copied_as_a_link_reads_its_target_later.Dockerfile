FROM python:3.12
WORKDIR /app
RUN echo flask > /tmp/a && ln -s /tmp/a la && cp -a la ca && echo --no-binary :all: >> /tmp/a && pip install --only-binary :all: -r ca
RUN echo flask > /tmp/b && ln -s /tmp/b lb && mv lb mb && echo --no-binary :all: >> /tmp/b && pip install --only-binary :all: -r mb
RUN echo flask > /tmp/c && ln -s /tmp/c lc && cp -P lc cc && echo --no-binary :all: >> /tmp/c && pip install --only-binary :all: -r cc
RUN echo flask > /tmp/d && ln -s /tmp/d ld && cp -r ld cd && echo --no-binary :all: >> /tmp/d && pip install --only-binary :all: -r cd
RUN echo flask > /tmp/e && ln -s /tmp/e le && cp le ce && echo --no-binary :all: >> /tmp/e && pip install --only-binary :all: -r ce
RUN echo flask > /tmp/f && ln -s /tmp/f lf && cp -aL lf cf && echo --no-binary :all: >> /tmp/f && pip install --only-binary :all: -r cf
RUN echo flask > /tmp/g && ln -s /tmp/g lg && sed -i --follow-symlinks 's/flask/--no-binary :all:/' lg && pip install --only-binary :all: -r /tmp/g
RUN mkdir -p /tmp/h && echo --no-binary :all: > /tmp/h/r.txt && ln -s /tmp/h lh && ln -sf /tmp/other lh && pip install --only-binary :all: -r lh/r.txt
RUN mkdir -p /tmp/i && echo flask > /tmp/i/r.txt && ln -s /tmp/i li && echo --no-binary :all: > /tmp/j && ln -sfn /tmp/j li && pip install --only-binary :all: -r li
RUN echo flask > /tmp/k && ln -s /tmp/k lk && sed -i 's/flask/--no-binary :all:/' lk && pip install --only-binary :all: -r /tmp/k
