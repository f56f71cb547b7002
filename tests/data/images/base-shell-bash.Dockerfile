FROM gate-stub:base
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
