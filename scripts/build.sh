#!/usr/bin/env bash
# Configures and builds the C++ library, programs and tests into build/.
# Extra arguments go to the CMake configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DAIDMATCH_BUILD_TESTS=ON -DAIDMATCH_BUILD_BENCHMARKS=ON "$@" >/dev/null
cmake --build build -j "$(nproc)"
