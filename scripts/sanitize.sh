#!/usr/bin/env bash
# Builds the C++ test suite with sanitizers and runs it:
#   build-asan/  AddressSanitizer and UndefinedBehaviorSanitizer, every CTest
#                test except the install test, whose consumer is built
#                without sanitizers;
#   build-tsan/  ThreadSanitizer, the concurrency tests only.
# Any sanitizer report fails the run. Benchmarks and Python stay off.
# Usage: scripts/sanitize.sh [asan|tsan]... (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."

passes=("$@")
[ ${#passes[@]} -eq 0 ] && passes=(asan tsan)
jobs="$(nproc)"

configure() {  # DIR SANITIZERS
  cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DAIDMATCH_SANITIZE="$2" -DAIDMATCH_BUILD_TESTS=ON \
    -DAIDMATCH_BUILD_EXAMPLES=ON -DAIDMATCH_BUILD_BENCHMARKS=OFF \
    -DAIDMATCH_BUILD_PYTHON=OFF >/dev/null
}

for pass in "${passes[@]}"; do
  case "$pass" in
    asan)
      echo "sanitize: AddressSanitizer and UndefinedBehaviorSanitizer over CTest" >&2
      configure build-asan address,undefined
      cmake --build build-asan -j "$jobs"
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan --output-on-failure -j "$jobs" -E '^install\.'
      ;;
    tsan)
      echo "sanitize: ThreadSanitizer over the concurrency tests" >&2
      configure build-tsan thread
      cmake --build build-tsan -j "$jobs" --target aidmatch_tests
      # ThreadSanitizer cannot map its shadow memory when the kernel
      # randomises addresses with more bits than it expects
      # (vm.mmap_rnd_bits above 28). The run is then repeated without
      # address randomisation.
      tsan_status=0
      TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        build-tsan/tests/aidmatch_tests --gtest_filter='Concurrency.*' \
        2>&1 | tee build-tsan/concurrency.log || tsan_status=$?
      if [ "$tsan_status" != 0 ] &&
         grep -q "unexpected memory mapping" build-tsan/concurrency.log; then
        echo "sanitize: repeating without address randomisation" >&2
        TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
          setarch "$(uname -m)" -R \
          build-tsan/tests/aidmatch_tests --gtest_filter='Concurrency.*'
      elif [ "$tsan_status" != 0 ]; then
        exit "$tsan_status"
      fi
      ;;
    *)
      echo "sanitize: unknown pass \"$pass\"; expected asan or tsan" >&2
      exit 2
      ;;
  esac
done
