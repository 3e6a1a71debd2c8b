#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test: the C++ suite
# through CTest, then the Python module installed with pip and its pytest
# suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"

echo "test: building and installing the Python module" >&2
.venv/bin/python -m pip install --quiet --no-build-isolation .
.venv/bin/python -m pytest tests/python -q
