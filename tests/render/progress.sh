#!/bin/sh
# tests/render/progress.sh BUILD - progress figures as of the evaluation date
# (docs/format.md section 9), read back from the documents an auditor gets:
#
#   - a row older than the measure's baseline is history: no latest value,
#     no-data and amber, the review says "no value since the baseline date"
#     (tests/golden/rule-6.2d-baseline)
#   - a measure without data is counted as such in the review's summary and key
#     figures, the register's summary and the workbook's, not left out of
#     "measures without recent data" (stale ones have data)
#   - average_of: N with fewer than N values says "only K of N values so far",
#     not "mean now", beside a status that is not achieved
#   - an objective whose progress is 100% but which its measures' rules do not
#     yet call achieved is told apart from one achieved: "(every measure
#     achieved)" beside the status in the summary tables, Achieved Yes/No in
#     the workbook
#   - a level to hold (the baseline already meets the target) is planned at
#     100 % from the start, and its chart draws no trajectory from the baseline
#   - evaluation.csv never writes a progress short of the whole as 1.0000,
#     so that a later --since does not report a drop from 100 % that the
#     earlier documents never showed
#
# Prints "ok - WHAT" or "not ok - WHAT: DETAIL" per check; exits 1 if any failed.
set -u
BUILD=${1:-build}
OBJREG=$BUILD/objreg
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
failed=0
CMAP_WARNING="Syntax Warning: Invalid 'begincidrange' operator in ToUnicode CMap"
unset OBJREG_REVISION GITHUB_SHA CI_COMMIT_SHA

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1: $2"; failed=1; }
check() {
  what=$1
  shift
  if "$@" >"$TMP/check.out" 2>&1; then ok "$what"; else not_ok "$what" "$(head -n 5 "$TMP/check.out" | tr '\n' ' ')"; fi
}
text() { pdftotext -layout "$@" 2>&1 | grep -v -x -F "$CMAP_WARNING"; }
build() {  # PACK OUT [ARGS...]
  p=$1 o=$2
  shift 2
  "$OBJREG" build "$p" -o "$o" --revision r1 "$@" >"$TMP/build.log" 2>&1 || not_ok "build $p" "$(cat "$TMP/build.log")"
}

# --- rows older than the baseline ----------------------------------------------
build tests/golden/rule-6.2d-baseline "$TMP/bl"
text "$TMP/bl/ISMS-OBJ-REG-register.pdf" "$TMP/bl-reg.txt"
text "$TMP/bl/ISMS-OBJ-REG-review.pdf" "$TMP/bl-rev.txt"
check "register: a measure whose only row is older than its baseline has no data, not achieved" \
  sh -c "grep -E '^ *M2 +no data .* no-data +Amber' '$TMP/bl-reg.txt' && ! grep -E '^ *M2 .* achieved' '$TMP/bl-reg.txt'"
check "register: a run broken by the baseline is 1 so far, not achieved" \
  sh -c "grep -A3 -E '^ *M3 +0 ' '$TMP/bl-reg.txt' | grep -F '(1 so far)'"
check "register: a baseline date after the evaluation date leaves every row uncounted: no data" \
  sh -c "grep -E '^ *M4 +no data .* no-data +Amber' '$TMP/bl-reg.txt' && tr -s ' \n' '  ' <'$TMP/bl-reg.txt' | grep -F 'its baseline date 2026-12-15 is after the evaluation date 2026-11-27'"
check "review: no value since the baseline date" \
  sh -c "tr -s ' \n' '  ' <'$TMP/bl-rev.txt' | grep -F 'no data — no value since the baseline date 2026-01-15'"
check "workbook: the row older than the baseline is still listed in Measurements" /usr/bin/python3 -c "
import openpyxl, datetime
ws = openpyxl.load_workbook('$TMP/bl/ISMS-OBJ-REG-tracking.xlsx')['Measurements']
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
assert any(r[1] == 'M2' and r[2] == datetime.datetime(2025, 12, 1) for r in rows), rows
"

# --- measures without data are counted, not left out of "without recent data" ----
check "review summary: measures without data counted apart from stale ones" \
  sh -c "tr -s ' \n' '  ' <'$TMP/bl-rev.txt' | grep -F 'measures without data: 2, with stale data: 0.'"
check "review key figures: measures without data" grep -E '^ +Measures without data +2$' "$TMP/bl-rev.txt"
check "register summary: 2 measures have no data" \
  sh -c "tr -s ' \n' '  ' <'$TMP/bl-reg.txt' | grep -F '0 actions are overdue, 2 measures have no data and 0 measures are stale.'"
check "workbook Summary: measures without data" /usr/bin/python3 -c "
import openpyxl
ws = openpyxl.load_workbook('$TMP/bl/ISMS-OBJ-REG-tracking.xlsx')['Summary']
kv = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0]}
assert kv.get('Measures without data') == 2 and kv.get('Stale measures') == 0, kv
"

# --- a mean of fewer values than average_of asks for says so ---------------------
cp -R tests/golden/valid "$TMP/avg"
rm -f "$TMP"/avg/expect.*
sed -i 's/^    source: IAM review export$/    source: IAM review export\n    achieved_when: {average_of: 3}/' "$TMP/avg/objectives/obj-001.md"
printf 'objective,measure,date,value\nOBJ-001,M1,2026-10-31,9\nOBJ-001,M1,2026-11-20,4\n' >"$TMP/avg/progress/measurements.csv"
build "$TMP/avg" "$TMP/avg-out"
text "$TMP/avg-out/ISMS-OBJ-REG-register.pdf" "$TMP/avg-reg.txt"
check "register: a mean of 2 values where average_of asks for 3 is not called the mean of the last 3" \
  sh -c "tr -s ' \n' '  ' <'$TMP/avg-reg.txt' | grep -F 'target (only 2 of 3 values so far; their mean 6.5)'"

# --- an objective at 100% is told apart from one achieved ------------------------
cp -R tests/golden/valid "$TMP/ach"
rm -f "$TMP"/ach/expect.*
sed -i 's/^    source: IAM review export$/    source: IAM review export\n    achieved_when: {consecutive: 2}/' "$TMP/ach/objectives/obj-001.md"
printf 'objective,measure,date,value\nOBJ-001,M1,2026-10-31,9\nOBJ-001,M1,2026-11-20,0\n' >"$TMP/ach/progress/measurements.csv"
build "$TMP/ach" "$TMP/ach1"
printf 'OBJ-001,M1,2026-11-25,0\n' >>"$TMP/ach/progress/measurements.csv"
build "$TMP/ach" "$TMP/ach2"
for n in 1 2; do
  text "$TMP/ach$n/ISMS-OBJ-REG-review.pdf" "$TMP/ach$n-rev.txt"
  text "$TMP/ach$n/ISMS-OBJ-REG-register.pdf" "$TMP/ach$n-reg.txt"
done
check "review and register: 100% not yet achieved (1 of 2 in a row) has no 'every measure achieved'" \
  sh -c "! grep -F '(every' '$TMP/ach1-rev.txt' && grep -E '^ *OBJ-001 .* active .* 100%' '$TMP/ach1-rev.txt' && ! grep -F '(every' '$TMP/ach1-reg.txt'"
check "review and register: achieved by its measures says so beside the status in the tables" \
  sh -c "grep -A2 -E '^ *OBJ-001 .* active .* 100%' '$TMP/ach2-rev.txt' | grep -F '(every' && grep -A2 -E '^ *OBJ-001 .* active .* 100%' '$TMP/ach2-reg.txt' | grep -F '(every'"
check "workbook Objectives: Achieved No at 100% not yet achieved, Yes once achieved" /usr/bin/python3 -c "
import openpyxl
def achieved(path):
    ws = openpyxl.load_workbook(path)['Objectives']
    rows = [r for r in ws.iter_rows(values_only=True) if r and r[0]]
    h = list(next(r for r in rows if r[0] == 'ID'))
    o = next(r for r in rows if r[0] == 'OBJ-001')
    return o[h.index('Progress')], o[h.index('Achieved')]
assert achieved('$TMP/ach1/ISMS-OBJ-REG-tracking.xlsx') == (1, 'No'), achieved('$TMP/ach1/ISMS-OBJ-REG-tracking.xlsx')
assert achieved('$TMP/ach2/ISMS-OBJ-REG-tracking.xlsx') == (1, 'Yes')
"

# --- a level to hold is planned at its target, in the chart too ------------------
build tests/golden/figures "$TMP/fig"
text "$TMP/fig/ISMS-OBJ-REG-register.pdf" "$TMP/fig-reg.txt"
check "register chart: a level to hold (M1) draws no trajectory from the baseline to the target" \
  sh -c "sed -n '/^M1 Open privileged sessions/,/^M2 Availability/p' '$TMP/fig-reg.txt' | grep 'measured value' >'$TMP/leg1' &&
         grep -F 'target 50' '$TMP/leg1' && ! grep -F 'planned:' '$TMP/leg1' &&
         sed -n '/^M2 Availability/,/^M3 /p' '$TMP/fig-reg.txt' | grep -F 'planned: baseline to target at due'"
check "register: a level to hold is planned at 100% from the start" grep -E '^ *M1 +60 +2026-11-20 +0% +100% at 2026-11-20' "$TMP/fig-reg.txt"

# --- progress of 0.99997 in evaluation.csv and the change record ---------------
cp -R tests/golden/valid "$TMP/near"
rm -f "$TMP"/near/expect.*
sed -i 's/^    baseline: 42$/    baseline: 100000/' "$TMP/near/objectives/obj-001.md"
printf 'objective,measure,date,value\nOBJ-001,M1,2026-11-20,3\n' >"$TMP/near/progress/measurements.csv"
build "$TMP/near" "$TMP/near1"
check "evaluation.csv: a progress of 0.99997 is 0.9999, not 1.0000" \
  grep -E '^objective,OBJ-001,.*,0\.9999,' "$TMP/near1/evaluation.csv"
printf 'OBJ-001,M1,2026-11-21,3\n' >>"$TMP/near/progress/measurements.csv"
build "$TMP/near" "$TMP/near2" --since "$TMP/near1"
text "$TMP/near2/ISMS-OBJ-REG-register.pdf" "$TMP/near2-reg.txt"
check "change record: 99% then 99% is no progress change (not 100% → 99%)" \
  sh -c "grep -F 'latest value' '$TMP/near2-reg.txt' && ! grep -E '100% +→' '$TMP/near2-reg.txt'"

exit $failed
