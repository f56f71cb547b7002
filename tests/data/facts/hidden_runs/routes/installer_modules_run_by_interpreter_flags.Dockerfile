FROM python:3.12
RUN python -m piptools compile requirements.in
RUN python3 -Im piptools sync requirements.txt
RUN python -m piptools.__main__ compile -o requirements.txt
RUN python3 -Im tox -e py312
RUN python3 -Esm pre_commit install-hooks
RUN python -m piptools --help
RUN python -m piptools --version
