#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz with clang into build-fuzz/
# and runs each on a copy of its seed corpus for FUZZ_SECONDS seconds
# (default 60). Prints one summary line per harness to stderr and exits 1
# when any harness reports a crash, a sanitizer error, a timeout (10 s per
# input), an out-of-memory (2048 MB) or a leak.
#
# Usage: scripts/fuzz.sh [HARNESS...]   (default: every harness)
# Environment: FUZZ_SECONDS, FUZZ_JOBS (build jobs, default nproc),
# FUZZ_CXX (default clang++-16 when it is installed, else clang++; the
# library needs clang 16 or newer).
# Each run's log, grown corpus and crashing inputs are kept in
# build-fuzz/runs/HARNESS/; reproduce a crash with
#   build-fuzz/tests/fuzz/fuzz_HARNESS build-fuzz/runs/HARNESS/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
# libFuzzer reads 0 or text as "no time limit", which would run forever.
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "fuzz: FUZZ_SECONDS=\"$seconds\" is not a whole number of seconds from 1 up" >&2
  exit 2
fi
build=build-fuzz
all_harnesses=(regions dataset policy selection_state dimacs)
if [ "$#" -gt 0 ]; then
  harnesses=("$@")
else
  harnesses=("${all_harnesses[@]}")
fi
for harness in "${harnesses[@]}"; do
  if [[ " ${all_harnesses[*]} " != *" $harness "* ]]; then
    echo "fuzz: unknown harness \"$harness\"; expected one of: ${all_harnesses[*]}" >&2
    exit 2
  fi
done

compiler="${FUZZ_CXX:-}"
if [ -z "$compiler" ]; then
  if command -v clang++-16 >/dev/null; then compiler=clang++-16; else compiler=clang++; fi
fi
cmake -S . -B "$build" -G Ninja \
  -DCMAKE_CXX_COMPILER="$compiler" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DAIDMATCH_BUILD_FUZZERS=ON \
  -DAIDMATCH_BUILD_TESTS=OFF -DAIDMATCH_BUILD_EXAMPLES=OFF \
  -DAIDMATCH_BUILD_BENCHMARKS=OFF -DAIDMATCH_BUILD_PYTHON=OFF >/dev/null
targets=()
for harness in "${harnesses[@]}"; do targets+=("fuzz_$harness"); done
cmake --build "$build" -j "${FUZZ_JOBS:-$(nproc)}" --target "${targets[@]}"

# Reports stop the program, so that libFuzzer saves the input. Stack traces
# name functions and lines only with llvm-symbolizer, which the Debian
# package llvm-16 installs outside the PATH.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
  for symbolizer in /usr/lib/llvm-16/bin/llvm-symbolizer "$(command -v llvm-symbolizer || true)"; do
    if [ -x "$symbolizer" ]; then
      export ASAN_SYMBOLIZER_PATH="$symbolizer"
      break
    fi
  done
fi

failed=()
for harness in "${harnesses[@]}"; do
  run="$build/runs/$harness"
  rm -rf "$run"
  mkdir -p "$run/corpus"
  cp "tests/fuzz/corpus/$harness/"* "$run/corpus/"
  status=0
  "$build/tests/fuzz/fuzz_$harness" "$run/corpus" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$run/" >"$run/log" 2>&1 ||
    status=$?
  # The last status line has the form "#RUNS ... cov: N ft: N corp: N/SIZE".
  last=$(grep -E '^#[0-9]+' "$run/log" | tail -n 1 || true)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log")
  new_units=$(sed -n 's/^stat::new_units_added: *//p' "$run/log")
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  features=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corpus=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
  if [ "$status" -eq 0 ]; then
    verdict="no finding"
  else
    verdict="FINDING (exit $status), see $run/log"
    failed+=("$harness")
  fi
  echo "fuzz: $harness: ${runs:-?} runs, coverage ${cov:-?} edges" \
       "(${features:-?} features), ${new_units:-?} new units," \
       "corpus ${corpus:-?} inputs in ${seconds} s; $verdict" >&2
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: findings in: ${failed[*]}" >&2
  exit 1
fi
