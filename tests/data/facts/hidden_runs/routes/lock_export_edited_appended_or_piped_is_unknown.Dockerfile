FROM python:3.11
WORKDIR /app
COPY <<EOF /app/pyproject.toml
[tool.poetry]
name = "app"
version = "0.1.0"
[tool.poetry.dependencies]
python = "^3.11"
six = "1.16.0"
EOF
COPY <<EOF /app/poetry.lock
[[package]]
name = "six"
version = "1.16.0"
optional = false
files = []
EOF
COPY <<EOF /app/nobinary.txt
--no-binary :all:
six==1.16.0
EOF
RUN poetry export -o r.txt && echo '--no-binary :all:' >> r.txt && pip install --only-binary :all: -r r.txt
RUN poetry export -o r.txt && sed -i '1i --no-binary :all:' r.txt && pip install --only-binary :all: -r r.txt
RUN cp nobinary.txt requirements.txt && poetry export -o other.txt && pip install --only-binary :all: -r requirements.txt
RUN poetry export 2>&1 > r.txt && pip install --only-binary :all: -r r.txt
RUN poetry export &> r.txt && pip install --only-binary :all: -r r.txt
RUN cp nobinary.txt r.txt && poetry export >> r.txt && pip install --only-binary :all: -r r.txt
RUN poetry export -f pylock.toml -o r.txt && pip install --only-binary :all: -r r.txt
RUN poetry export -f "$FMT" -o r.txt && pip install --only-binary :all: -r r.txt
RUN curl -fsSL -o d.txt https://example.com/r.txt; if [ -n "$X" ]; then poetry export -o d.txt; fi; pip install --only-binary :all: -r d.txt
RUN if [ -n "$X" ]; then poetry export -o b.txt; fi; pip install --only-binary :all: -r b.txt
RUN poetry export | pip install --only-binary :all: -r /dev/stdin
RUN poetry export --directory "$D" -o r.txt && pip install --only-binary :all: -r r.txt
RUN poetry export -o r.txt && cat nobinary.txt >> r.txt && pip install --only-binary :all: -r r.txt
RUN poetry export -o r.txt && cp r.txt r2.txt && mv r.txt r3.txt && pip install --only-binary :all: -r r2.txt -r r3.txt
RUN poetry export > r.txt 2>/dev/null && POETRY_REPOSITORIES_CORP_URL=https://corp/simple poetry export -o r4.txt && pip install --only-binary :all: -r r.txt -r r4.txt
RUN { poetry export; echo '--no-binary :all:'; } > r.txt && pip install --only-binary :all: -r r.txt
RUN poetry export -o r.txt && printf -- '--no-binary :all:\n' > r.txt && pip install --only-binary :all: -r r.txt
RUN poetry export -o r.txt && cp -n r.txt nobinary.txt && pip install --only-binary :all: -r nobinary.txt
RUN poetry export -o r.txt && cat r.txt >> nobinary.txt && pip install --only-binary :all: -r nobinary.txt
RUN poetry export -o r.txt && cat r.txt > n2.txt && mv n2.txt n3.txt && pip install --only-binary :all: -r n3.txt
RUN sed -i 's/^name = "six"/name = "six"\nsource = { type = "git", url = "https:\/\/x\/y" }/' poetry.lock && poetry export -o r.txt && pip install --only-binary :all: -r r.txt
RUN poetry lock
RUN poetry export -o r.txt && pip install --only-binary :all: -r r.txt
