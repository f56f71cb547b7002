FROM python:3.12
WORKDIR /tmp
RUN curl -L https://github.com/o/r/archive/refs/tags/v1.tar.gz | tar xz && pip install --only-binary :all: ./r-1
RUN wget https://example.com/pkg.zip && unzip -o pkg.zip && cd pkg-main && pip install --only-binary :all: .
RUN wget https://example.com/src.tgz && tar xf src.tgz && pip install --only-binary :all: ./whatever
RUN wget https://example.com/a.tar.gz && bsdtar -xf a.tar.gz -C /b && pip install --only-binary :all: /b/a-1.0
RUN wget https://example.com/z.zip && python -m zipfile -e z.zip /z && pip install --only-binary :all: /z/z
RUN wget https://example.com/t.tar.gz && python3 -m tarfile -e t.tar.gz /t && pip install --only-binary :all: /t/t-2
RUN wget https://example.com/s.7z && 7z x s.7z -o/s && pip install --only-binary :all: /s/proj
RUN wget https://example.com/d.tar.gz && tar --one-top-level=dd -xf d.tar.gz && pip install --only-binary :all: ./dd/anything
RUN curl -L https://example.com/e.tar.gz | tar xz -C /e --strip-components 1 && pip install --only-binary :all: /e
ADD --unpack=true https://example.com/f-1.0.tar.gz /f/
RUN pip install --only-binary :all: /f/f-1.0
RUN wget https://example.com/g-1.0.tar.gz && tar xzf g-1.0.tar.gz && mv g-1.0 /srv/app && pip install --no-deps /srv/app
RUN tar xzf "$ARCHIVE" -C /u && pip install --only-binary :all: /u/proj
RUN cat /opt/base.tar | tar x -C /w && pip install --no-deps /w/proj
RUN git archive --format=tar HEAD | tar x -C /ga && pip install --only-binary :all: /ga
RUN curl -L https://api.github.com/repos/o/r/tarball/main | tar xz -C /api && pip install --only-binary :all: /api/o-r-0a1b2c3
RUN wget https://example.com/h.tar.gz && tar xzf h.tar.gz && pip install ./whatever2
RUN mkdir /k && cd /k && wget https://example.com/k.tar.gz && tar -xzf k.tar.gz -O > /usr/bin/k && pip install --only-binary :all: ./k
COPY . /srv/x-1.0
RUN wget https://example.com/x-1.0.tar.gz && tar xzf x-1.0.tar.gz -C /srv && pip install --only-binary :all: /srv/x-1.0
