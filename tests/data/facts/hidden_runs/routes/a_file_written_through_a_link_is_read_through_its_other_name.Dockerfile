FROM python:3.12
WORKDIR /app
RUN ln -s /tmp/x r.txt
RUN echo --no-binary :all: >> /tmp/x
RUN pip install --only-binary :all: -r r.txt
RUN echo flask > /tmp/y && ln -s /tmp/y r2.txt && echo --no-binary :all: >> r2.txt && pip install --only-binary :all: -r /tmp/y
RUN echo flask > /tmp/h && ln /tmp/h h.txt && echo --no-binary :all: >> /tmp/h && pip install --only-binary :all: -r h.txt
RUN echo flask > /tmp/k && ln /tmp/k k.txt && echo requests > /tmp/new && mv /tmp/new /tmp/k && echo --no-binary :all: >> k.txt && pip install --only-binary :all: -r /tmp/k
RUN echo flask > /tmp/c && cp -s /tmp/c c.txt && echo --no-binary :all: >> /tmp/c && pip install --only-binary :all: -r c.txt
RUN echo flask > /tmp/d && cp -l /tmp/d d.txt && echo --no-binary :all: >> /tmp/d && pip install --only-binary :all: -r d.txt
RUN echo flask > /tmp/s && ln -s /tmp/s s.txt && sed -i 's/flask/--no-binary :all:/' s.txt && pip install --only-binary :all: -r /tmp/s
RUN echo flask > /tmp/e && ln -s /tmp/e e.txt && echo --no-binary :all: > /tmp/f && cp /tmp/f e.txt && pip install --only-binary :all: -r /tmp/e
RUN echo flask > /tmp/g && ln -s /tmp/g g.txt && pip install --only-binary :all: -r g.txt
RUN echo flask > /tmp/i && ln -s /tmp/i i.txt && echo --no-binary :all: > /tmp/j && install -m 644 /tmp/j i.txt && pip install --only-binary :all: -r /tmp/i
RUN echo flask > /tmp/l && ln /tmp/l l.txt && rm /tmp/l && echo --no-binary :all: > /tmp/l && pip install --only-binary :all: -r l.txt
RUN ln -s /tmp/m m.txt && if [ -n "$X" ]; then echo --no-binary :all: > m.txt; fi && pip install --only-binary :all: -r /tmp/m
