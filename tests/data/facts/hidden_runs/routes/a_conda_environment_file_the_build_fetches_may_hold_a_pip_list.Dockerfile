FROM continuumio/miniconda3
RUN git clone --depth 1 https://github.com/example/app.git /app
WORKDIR /app
RUN conda env create -f environment.yml
RUN curl -fsSL https://example.com/env.yml -o /tmp/env.yml && tar -xzf /tmp/src.tgz -C /src
RUN micromamba create -y -f /tmp/env.yml
RUN mamba env update -f /src/env.yml
RUN conda env create -f /elsewhere/environment.yml
