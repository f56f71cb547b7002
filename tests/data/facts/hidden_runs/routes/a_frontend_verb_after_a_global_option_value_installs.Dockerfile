FROM python:3.12
RUN hatch --data-dir /d env create
RUN spack -e . install
RUN spack --en myenv install py-flask
RUN pixi --color always install
RUN rye --env-file .env sync
RUN python -m hatch -e test env create
RUN hatch -v status
RUN spack -e . find
RUN maturin dev
RUN pixi i
RUN pixi a requests --pypi
RUN pixi s
RUN pixi lock
RUN pixi reinstall
RUN rye lock
RUN pre-commit install --install-h
RUN pre-commit install --i -t pre-push
RUN pre-commit install
RUN pip-audit -rrequirements.txt
RUN pip-audit --requirem=requirements.txt
RUN pip-audit -lr requirements.txt
RUN pip-audit -l --strict
RUN python --check-hash-based-pycs default bootstrap-buildout.py
RUN python3 -Wignore -Xdev -E bootstrap-buildout.py
