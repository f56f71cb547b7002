FROM python:3.12
WORKDIR /app
COPY <<EOF /app/env2.yml
dependencies:
  - pip
  - pip:
    - flask
EOF
RUN micromamba -r /opt/conda create -y -n x -f env2.yml
RUN micromamba --rc-file /x.rc install -y -n base -f env2.yml
RUN micromamba --log-level info install -y -f env2.yml
RUN micromamba -v install -y -f env2.yml
RUN micromamba -r /opt/conda list
RUN conda env create -qf env2.yml
RUN conda env create -qfenv2.yml
RUN micromamba create -yf env2.yml
RUN micromamba install -nf -y
