FROM python:3.12
WORKDIR /app
RUN curl -o /e.sh https://example.com/e.sh && . /e.sh && pip install --only-binary :all: flask
RUN curl -o /f.sh https://example.com/f.sh
RUN cp /f.sh /g.sh && . /g.sh && pip install --only-binary :all: flask
RUN ln -s /f.sh /h.sh && . /h.sh && pip install --only-binary :all: flask
RUN cd / && bash -c 'source f.sh; pip install --only-binary :all: flask'
RUN curl -o /i.sh https://example.com/i.sh && . /i.sh && make
RUN pip install --only-binary :all: flask && curl -o /k.sh https://example.com/k.sh && . /k.sh
RUN echo 'export PIP_INDEX_URL=https://m.example/simple' > /j.sh && . /j.sh && pip install --only-binary :all: flask
