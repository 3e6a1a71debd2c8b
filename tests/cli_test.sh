#!/usr/bin/env bash
# Exit codes, help text and output of aidmatch-dispatch.
# Usage: cli_test.sh PATH_TO_aidmatch-dispatch WORK_DIR
set -u
program=$1
work=$2
mkdir -p "$work"
failures=0

check() {  # check DESCRIPTION EXPECTED_STATUS ACTUAL_STATUS
  if [ "$2" != "$3" ]; then
    echo "FAIL: $1: exit status $3, expected $2"
    failures=$((failures + 1))
  else
    echo "ok: $1"
  fi
}

"$program" --help >"$work/help.txt" 2>&1
check "--help" 0 $?
grep -q -- "--out" "$work/help.txt" || { echo "FAIL: --help lists no --out"; failures=$((failures + 1)); }

"$program" --no-such-option >/dev/null 2>"$work/usage.txt"
check "unknown option" 2 $?
grep -q "usage error" "$work/usage.txt" || { echo "FAIL: no usage message"; failures=$((failures + 1)); }

"$program" --providers "$work/none.csv" >/dev/null 2>"$work/alone.txt"
check "--providers without --matters" 2 $?

"$program" --policy "$work/missing.json" >/dev/null 2>"$work/missing.txt"
check "missing policy file" 1 $?
grep -q "cannot open $work/missing.json" "$work/missing.txt" || { echo "FAIL: missing-file message: $(cat "$work/missing.txt")"; failures=$((failures + 1)); }

printf '{"format": "aidmatch-policy/2", "name": "p", "version": "1", "rules": [], "scores": [{"id": "distance", "weight": "far", "term": "distance"}]}' >"$work/bad.json"
"$program" --policy "$work/bad.json" >/dev/null 2>"$work/bad.txt"
check "invalid policy" 1 $?
grep -q 'scores\[0\].weight: expected a finite number >= 0, found "far"' "$work/bad.txt" || { echo "FAIL: policy message: $(cat "$work/bad.txt")"; failures=$((failures + 1)); }

"$program" >"$work/out.csv" 2>"$work/summary.txt"
check "default run to standard output" 0 $?
head -n 1 "$work/out.csv" | grep -q "^matter_id,provider_id,mode,agency,score,reason," || { echo "FAIL: CSV header: $(head -n 1 "$work/out.csv")"; failures=$((failures + 1)); }
rows=$(($(wc -l <"$work/out.csv") - 1))
[ "$rows" = 4000 ] || { echo "FAIL: $rows rows, expected 4000"; failures=$((failures + 1)); }
grep -q "cross-region:" "$work/summary.txt" || { echo "FAIL: no summary on standard error"; failures=$((failures + 1)); }
grep -q "嘉兴港区" "$work/summary.txt" || { echo "FAIL: no warning for the skipped pairing"; failures=$((failures + 1)); }

"$program" --quiet --out "$work/out.json" 2>"$work/quiet.txt"
check "JSON output" 0 $?
head -c 1 "$work/out.json" | grep -q "\[" || { echo "FAIL: JSON output does not start with ["; failures=$((failures + 1)); }

"$program" --quiet >/dev/full 2>"$work/full.txt"
check "standard output that cannot be written" 1 $?
grep -q "cannot write the result to standard output" "$work/full.txt" || { echo "FAIL: full-device message: $(cat "$work/full.txt")"; failures=$((failures + 1)); }

"$program" --regions "$work/regions.csv" >/dev/null 2>&1
check "--regions without a batch" 2 $?

"$program" --quiet --out "$work/upper.JSON" 2>/dev/null
head -c 1 "$work/upper.JSON" | grep -q "\[" || { echo "FAIL: .JSON did not select JSON"; failures=$((failures + 1)); }

echo "$((14 - failures)) passed, $failures failed"
[ "$failures" = 0 ]
