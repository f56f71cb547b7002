FROM continuumio/miniconda3
WORKDIR /app
COPY <<EOF /app/env.yaml
dependencies:
  - pip
  - pip:
    - flask
EOF
RUN python -m conda env create -f env.yaml
RUN python3 -Im conda env update --file env.yaml
RUN conda env create -f=env.yaml
RUN conda env create --fil env.yaml
RUN conda env create --fil=env.yaml
RUN conda env create -f "$ENV_FILE"
RUN conda install -y --file "$PACKAGES.txt"
RUN conda env create -f env.yaml.txt
RUN python -m conda list
