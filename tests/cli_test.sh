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

"$program" --explain M00001 --why-not L00001 --top 3 >"$work/explain.txt" 2>/dev/null
check "--explain" 0 $?
grep -q "^matter M00001 " "$work/explain.txt" || { echo "FAIL: explain header: $(head -n 1 "$work/explain.txt")"; failures=$((failures + 1)); }
grep -q "^  1\. " "$work/explain.txt" || { echo "FAIL: explain lists no ranked candidate"; failures=$((failures + 1)); }
grep -q "^why not L00001: " "$work/explain.txt" || { echo "FAIL: no why-not line"; failures=$((failures + 1)); }

"$program" --explain NO-SUCH-MATTER >/dev/null 2>"$work/explain_bad.txt"
check "--explain with an unknown matter" 1 $?
grep -q 'no matter has id "NO-SUCH-MATTER"' "$work/explain_bad.txt" || { echo "FAIL: unknown matter message: $(cat "$work/explain_bad.txt")"; failures=$((failures + 1)); }

"$program" --why-not L00001 >/dev/null 2>&1
check "--why-not without --explain" 2 $?

# Rotation keeps its cursors in the state file, so a second run starts
# where the first stopped; a draw with the same seed repeats itself.
"$program" --quiet --selection rotation --state "$work/state.json" --out "$work/rotation1.csv"
check "rotation with a new state file" 0 $?
grep -q '"format": "aidmatch-selection-state/1"' "$work/state.json" || { echo "FAIL: state file: $(head -c 200 "$work/state.json")"; failures=$((failures + 1)); }
"$program" --quiet --selection rotation --state "$work/state.json" --out "$work/rotation2.csv"
cmp -s "$work/rotation1.csv" "$work/rotation2.csv" && { echo "FAIL: the second rotation repeated the first"; failures=$((failures + 1)); }
"$program" --quiet --selection random_draw --seed 11 --out "$work/draw1.csv"
"$program" --quiet --selection random_draw --seed 11 --out "$work/draw2.csv"
cmp -s "$work/draw1.csv" "$work/draw2.csv" || { echo "FAIL: two draws with seed 11 differ"; failures=$((failures + 1)); }
printf 'not json' >"$work/broken_state.json"
"$program" --quiet --selection rotation --state "$work/broken_state.json" >/dev/null 2>"$work/state_bad.txt"
check "a broken state file" 1 $?
grep -q "broken_state.json: not valid JSON" "$work/state_bad.txt" || { echo "FAIL: state message: $(cat "$work/state_bad.txt")"; failures=$((failures + 1)); }

checks=19
if [ -z "${AIDMATCH_SANITIZED:-}" ]; then
  (ulimit -v 45000; "$program" --quiet --out "$work/oom.csv") >/dev/null 2>"$work/oom.txt"
  check "out of memory" 1 $?
  grep -q "error: out of memory; the input needs more memory" "$work/oom.txt" || { echo "FAIL: out-of-memory message: $(cat "$work/oom.txt")"; failures=$((failures + 1)); }
  checks=$((checks + 2))
fi

echo "$((checks - failures)) passed, $failures failed"
[ "$failures" = 0 ]
