# Unquoted $@ and $* give each positional parameter as its own word(s), split by $IFS on its own, even when $IFS holds no blank or is empty (bash 5.2, dash 0.5.12).
FROM python:3.12-slim
RUN set -- --no-binary :all:; IFS=,; pip install --only-binary :all: $* flask
RUN set -- --no-binary :all:; IFS=,; pip install --only-binary :all: $@ flask
RUN set -- --no-binary :all:; pip install --only-binary :all: $* flask
RUN set -- '--no-binary :all:'; IFS=,; pip install --only-binary :all: $* flask
RUN set -- '--no-binary,:all:'; IFS=,; pip install --only-binary :all: $* flask
RUN set -- --no-binary :all:; IFS=; pip install --only-binary :all: $* flask
RUN set -- --no-binary :all:; unset IFS; pip install --only-binary :all: $* flask
RUN A='--no-binary :all:'; IFS=,; pip install --only-binary :all: $A flask
RUN A='--no-binary,:all:'; IFS=,; pip install --only-binary :all: $A flask
RUN IFS=,; A='--no-binary,:all:'; pip install --only-binary :all: $A flask
