#!/usr/bin/env bash
# Installs the dependencies, builds, and dispatches the embedded default
# batch (Zhejiang's regions with a synthetic pool and matter batch). The
# assignment goes to build/demo/assignments.csv and the summary to standard
# error. Extra arguments go to aidmatch-dispatch.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_deps.sh
scripts/build.sh
mkdir -p build/demo
build/examples/aidmatch-dispatch --out build/demo/assignments.csv "$@"
echo "demo: wrote build/demo/assignments.csv" >&2
