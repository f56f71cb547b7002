#!/usr/bin/env bash
# Installs gate into ./.venv from the hashed lock file (runtime dependencies only).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --require-hashes -r requirements/runtime.txt
.venv/bin/python -m pip install -q --no-deps -e .
