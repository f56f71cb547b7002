# A text a branch writes over another that holds every line of it, or that holds every line
# of the other (an append), is either text: an option line applies to the whole file, so the
# lines joined are not what pip reads in either. Was: the longer text, silent where the
# shorter one builds (`[ -d /x ] && echo flask > r.txt` over `--only-binary :all:` + flask).
FROM python:3.12-slim AS s0
COPY <<'EOF' /app/requirements.txt
--only-binary :all:
flask
EOF
RUN [ -d /x ] && echo flask > /app/requirements.txt; pip install -r /app/requirements.txt
FROM s0 AS s1
RUN if [ -d /x ]; then printf 'flask\n' > /app/requirements.txt; fi; pip install -r /app/requirements.txt
FROM s0 AS s2
RUN [ -d /app ] && cd /app; sed -i '/only-binary/d' requirements.txt; pip install -r /app/requirements.txt
FROM python:3.12-slim AS s3
RUN echo flask > /r.txt; [ -d /x ] && echo '--only-binary :all:' >> /r.txt; pip install -r /r.txt
FROM python:3.12-slim AS s4
RUN [ -d /x ] && echo '--only-binary :all:' > /r.txt; echo flask >> /r.txt; pip install -r /r.txt
FROM python:3.12-slim AS s5
RUN echo flask > /r.txt; [ -d /x ] && echo requests >> /r.txt; pip install --only-binary :all: -r /r.txt
FROM python:3.12-slim AS s6
RUN echo '--only-binary :all:' > /r.txt; [ -d /x ] && echo flask >> /r.txt; pip install -r /r.txt
FROM s0 AS s7
RUN [ -d /x ] && echo '--only-binary :all:' > /r.txt; echo '--only-binary :all:' > /r.txt; echo flask >> /r.txt; pip install -r /r.txt
