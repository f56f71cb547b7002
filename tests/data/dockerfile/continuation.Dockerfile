FROM python:3.12
RUN --mount=type=cache,target=/root/.cache/pip --network=none pip install \
    # a comment line inside the continuation

    flask \
    && echo done
