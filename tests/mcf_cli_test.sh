#!/usr/bin/env bash
# Output and exit codes of aidmatch-mcf.
# Usage: mcf_cli_test.sh PATH_TO_aidmatch-mcf WORK_DIR
set -u
program=$1
work=$2
mkdir -p "$work"
failures=0
checks=10  # without the out-of-memory case
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

printf 'p min 2 1\nn 1 3\nn 2 -3\na 1 2 0 5 4\n' >"$work/ok.min"
[ "$("$program" "$work/ok.min" 2>/dev/null)" = "s 12" ] || fail "optimal cost line"
[ "$("$program" --flows "$work/ok.min" 2>/dev/null | tail -n 1)" = "f 1 2 3" ] || fail "flow line"

printf 'p min 2 1\nn 1 3\nn 2 -3\na 1 2 0 2 4\n' >"$work/short.min"
out=$("$program" "$work/short.min" 2>/dev/null)
status=$?
[ "$out" = "s INFEASIBLE" ] || fail "infeasible line: $out"
[ "$status" = 0 ] || fail "infeasible exit status $status"

printf 'p min 2 1\na 1 2 0 two 4\n' >"$work/bad.min"
"$program" "$work/bad.min" >/dev/null 2>"$work/bad.txt"
status=$?
[ "$status" = 1 ] || fail "malformed exit status $status"
grep -q "bad.min:2: capacity \"two\" is not a 64-bit integer" "$work/bad.txt" || fail "malformed message: $(cat "$work/bad.txt")"

printf 'p min 2000000 0\n' >"$work/isolated.min"
"$program" "$work/isolated.min" >/dev/null 2>"$work/isolated.txt"
status=$?
[ "$status" = 1 ] || fail "node count beyond the file: exit status $status"
grep -q "isolated.min:1: the problem line declares 2000000 nodes" "$work/isolated.txt" || fail "node count message: $(cat "$work/isolated.txt")"
[ "$("$program" --isolated-nodes 2000000 "$work/isolated.min" 2>/dev/null)" = "s 0" ] || fail "--isolated-nodes admits the isolated nodes"

if [ -z "${AIDMATCH_SANITIZED:-}" ]; then
  printf 'p min 100000000 0\n' >"$work/huge.min"
  (ulimit -v 400000; "$program" --isolated-nodes 200000000 "$work/huge.min") >/dev/null 2>"$work/huge.txt"
  status=$?
  [ "$status" = 1 ] || fail "out of memory: exit status $status"
  grep -q "huge.min: out of memory; the network needs more memory" "$work/huge.txt" || fail "out-of-memory message: $(cat "$work/huge.txt")"
  checks=$((checks + 2))
fi

"$program" >/dev/null 2>&1
[ $? = 2 ] || fail "missing FILE should be a usage error"

echo "$((checks - failures)) passed, $failures failed"
[ "$failures" = 0 ]
