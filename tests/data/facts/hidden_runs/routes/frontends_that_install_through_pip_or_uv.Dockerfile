FROM python:3.12
RUN pex -r requirements.txt -o /app.pex
RUN shiv -o /app.pyz -r requirements.txt
RUN pip-audit -r requirements.txt
RUN flit install --deps production
RUN micropipenv install
RUN pip-run flask -- -c 'import flask'
RUN tox -e py312 --notest
RUN nox -s build
RUN hatch env create
RUN hatch run python -V
RUN pixi install
RUN rye sync
RUN conda-lock install -n env conda-lock.yml
RUN pre-commit install-hooks
RUN pre-commit install
RUN flit install --deps none
RUN pip-audit
RUN tox --version
RUN hatch version
RUN pixi --help
RUN python -m tox -e py312
RUN python3 -m pre_commit run --all-files
RUN tox -e py312 -- -V
RUN pip-audit -f json -o /tmp/audit.json
