FROM continuumio/miniconda3
RUN conda build recipe/
RUN conda mambabuild recipe/
RUN conda-build --output-folder /out recipe
RUN rattler-build build --recipe recipe.yaml
RUN conda install -y conda-build
RUN conda-build --help
RUN conda list
