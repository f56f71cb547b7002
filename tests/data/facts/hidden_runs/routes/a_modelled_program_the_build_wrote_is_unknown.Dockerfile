FROM python:3.12
RUN pip install --only-binary :all: $(echo six | tr a b) "$(dirname a/b)" six
RUN printf '#!/bin/sh\necho --no-binary=:all:\n' > /usr/local/bin/tr && chmod +x /usr/local/bin/tr && pip install --only-binary :all: $(echo six | tr a b) six
RUN mkdir /w && printf '#!/bin/sh\necho --no-binary=:all:\n' > /w/sed && chmod +x /w/sed && PATH=/w:$PATH && pip install --only-binary :all: $(echo six | sed s/a/b/) six
ADD --chmod=755 https://example.com/d /usr/local/bin/dirname
RUN pip install --only-binary :all: "$(dirname a/b)" six
RUN pip install --only-binary :all: $(echo six) six
