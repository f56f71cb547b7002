FROM python:3.12
WORKDIR /app
COPY <<EOF /app/environment.yml
dependencies:
  - pip
  - pip:
    - flask
EOF
RUN micromamba -r /opt/conda create -y -n x -f environment.yml
RUN micromamba --rc-file /x.rc install -y -n base -f environment.yml
RUN micromamba --log-level info install -y -f environment.yml
RUN micromamba -v install -y -f environment.yml
RUN micromamba -r /opt/conda list
