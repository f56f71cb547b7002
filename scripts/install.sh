#!/usr/bin/env bash
# Installs gate into ./.venv from the hashed lock files (runtime dependencies only). Wheels only:
# no third-party build script runs (gate's own rule); gate itself is built with the hashed
# setuptools of requirements/build.txt, not an unpinned one fetched for build isolation.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --only-binary :all: --require-hashes -r requirements/runtime.txt
.venv/bin/python -m pip install -q --only-binary :all: --require-hashes -r requirements/build.txt
.venv/bin/python -m pip install -q --no-deps --no-build-isolation -e . --config-settings editable_mode=compat
