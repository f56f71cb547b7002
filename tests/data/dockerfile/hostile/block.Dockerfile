RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends gcc libpq-dev; \
    rm -rf /var/lib/apt/lists/*
ENV PATH=/opt/venv/bin:$PATH
