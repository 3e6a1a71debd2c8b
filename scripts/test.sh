#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test: the C++ suite
# through CTest, then the Python module installed with pip and its pytest
# suite. The hardening passes follow. scripts/sanitize.sh runs the C++ suite
# again under AddressSanitizer and UndefinedBehaviorSanitizer, and the
# concurrency tests under ThreadSanitizer. scripts/fuzz.sh runs each
# libFuzzer harness for FUZZ_SECONDS seconds, 60 by default. Any failure or
# sanitizer report fails the run.
#
# Usage: scripts/test.sh [--quick]
#   --quick  skips the hardening passes (about 15 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    *)
      echo "test: unknown argument \"$arg\"; usage: scripts/test.sh [--quick]" >&2
      exit 2
      ;;
  esac
done

started=$SECONDS
stage() {  # NAME
  echo "test: $1 ($(((SECONDS - started) / 60)) min so far)" >&2
}

scripts/install_deps.sh
scripts/build.sh
stage "running the C++ suite"
ctest --test-dir build --output-on-failure -j "$(nproc)"

stage "building and installing the Python module"
.venv/bin/python -m pip install --quiet --no-build-isolation .
.venv/bin/python -m pytest tests/python -q

if [ "$quick" = 1 ]; then
  stage "done; the hardening passes were skipped (--quick)"
  exit 0
fi

stage "sanitizers"
scripts/sanitize.sh asan tsan
stage "fuzzers"
FUZZ_SECONDS="${FUZZ_SECONDS:-60}" scripts/fuzz.sh
stage "done"
