FROM python:3.12-slim AS s0
RUN python -m venv /opt/venv && printf '[global]\nonly-binary = :all:\n' > /opt/venv/pip.conf
ENV PATH=/opt/venv/bin:$PATH
RUN printf 'pip install flask\n' > /s.sh && bash --login /s.sh
RUN printf 'pip install flask\n' > /s2.sh && sh -l /s2.sh
RUN printf 'pip install flask\n' > /s3.sh && bash -e -o pipefail /s3.sh
FROM python:3.12-slim AS s1
RUN echo 'export PIP_ONLY_BINARY=:all:' > /root/.bashrc
RUN printf 'pip install flask\n' > /s.sh && bash -i /s.sh
RUN printf 'pip install flask\n' > /s2.sh && bash /s2.sh
