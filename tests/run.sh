#!/bin/sh
# tests/run.sh BUILD - run every test against BUILD/objreg and end with
# "N passed, M failed".
#
#   unit       BUILD/test_unit: the stages one by one (tests/unit/)
#   golden     tests/golden/*/ and tests/bad/*/: a pack, its exact findings
#              (expect.txt, expect.json), their positions (expect.pos, written
#              by hand from the SPEC) and the exit status (expect.exit)
#   model      tests/model/*.dump: `objreg dump` of a pack, reviewed by hand
#   fuzz       tests/fuzz/corpus/*: the fuzz targets replayed over seeds and crashes
#   cli        tests/cli.sh: options, exit codes, output streams, build
#   sarif      tests/sarif.sh: SARIF read back and validated, rule help, explain
#   dialects   tests/dialects.py: the pack as Excel saves it in each locale (SPEC 11)
#   faults     tests/faults.sh, tests/races.sh: kills, full disks, OUT refused,
#              builds at once, no RENAME_EXCHANGE, signals
#   threads    tests/threads.sh: -j 1 against -j 2 on a generated 150-objective pack
#   git        tests/git.sh: the change record and the Git reader in real repositories
#   relevance  tests/relevance.sh: the rule 6.2f-relevance in a real repository
#   approval   tests/approval.sh: the rule 7.5-approval in a real repository
#   render     tests/render/*.sh|*.py: the documents read back by real clients
#
# Set VERBOSE=1 to see every passing check.  UPDATE=1 rewrites expect.txt and
# expect.json from the tool (review the diff before committing).
set -u
BUILD=${1:-build}
OBJREG=$BUILD/objreg
export OBJREG
# The packs of the source tree (input/, tests/...) are not read as part of
# objreg's own Git repository: its history would decide their 6.2f-relevance
# findings and their revision.  The Git tests make repositories of their own.
GIT_CEILING_DIRECTORIES=$(pwd -P)
export GIT_CEILING_DIRECTORIES
# The sanitizer builds: leaks inside libhyphen's dictionary loader are not ours.
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$(pwd)/tests/lsan.supp"
export LSAN_OPTIONS
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); [ -n "${VERBOSE:-}" ] && echo "ok - $1"; return 0; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; }

# Positions of the findings in a JSON report, one per line: FILE:LINE:COL: SEVERITY [RULE]
json_pos() {
  python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    print("%s:%d:%d: %s [%s]" % (f["file"], f["line"], f["column"], f["severity"], f["rule"]))' "$1"
}

# Counts from a line "N passed, M failed" of a sub-runner.
add_counts() {
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
  if [ -z "$line" ]; then
    not_ok "$2: no result line"
    return
  fi
  p=${line%% passed*}
  f=${line#*passed, }
  f=${f%% failed*}
  pass=$((pass + p))
  fail=$((fail + f))
}

# --- unit ---------------------------------------------------------------------
if [ -x "$BUILD/test_unit" ]; then
  "$BUILD/test_unit" >"$TMP/unit.out" 2>&1
  rc=$?
  grep -v -E '^[0-9]+ passed, [0-9]+ failed' "$TMP/unit.out"
  add_counts "$TMP/unit.out" unit
  [ $rc -le 1 ] || not_ok "unit: crashed with status $rc"
else
  not_ok "unit: $BUILD/test_unit missing"
fi

# --- golden and bad packs -----------------------------------------------------
for dir in tests/golden/*/ tests/bad/*/; do
  dir=${dir%/}
  [ -f "$dir/expect.exit" ] || continue
  name=${dir#tests/}
  args=$(cat "$dir/args" 2>/dev/null || true)
  # shellcheck disable=SC2086
  timeout 60 "$OBJREG" check $args "$dir" --no-color >"$TMP/out.txt" 2>"$TMP/err.txt"
  rc=$?
  # shellcheck disable=SC2086
  timeout 60 "$OBJREG" check $args "$dir" --format json >"$TMP/out.json" 2>>"$TMP/err.txt"
  want=$(cat "$dir/expect.exit")
  if [ "$rc" = "$want" ]; then ok "$name: exit $rc"; else not_ok "$name: exit $rc, want $want"; cat "$TMP/err.txt"; fi
  if [ -s "$TMP/err.txt" ]; then not_ok "$name: stderr not empty"; cat "$TMP/err.txt"; else ok "$name: quiet stderr"; fi
  if json_pos "$TMP/out.json" >"$TMP/pos.txt" 2>"$TMP/pos.err" && diff -u "$dir/expect.pos" "$TMP/pos.txt" >"$TMP/diff"; then
    ok "$name: positions"
  else
    not_ok "$name: positions"; cat "$TMP/diff" "$TMP/pos.err"
  fi
  if [ -n "${UPDATE:-}" ]; then
    cp "$TMP/out.txt" "$dir/expect.txt"
    cp "$TMP/out.json" "$dir/expect.json"
  fi
  for kind in txt json; do
    if [ ! -f "$dir/expect.$kind" ]; then
      not_ok "$name: expect.$kind missing"
    elif diff -u "$dir/expect.$kind" "$TMP/out.$kind" >"$TMP/diff"; then
      ok "$name: $kind"
    else
      not_ok "$name: $kind"; cat "$TMP/diff"
    fi
  done
done

# --- model dumps --------------------------------------------------------------
for want in tests/model/*.dump; do
  [ -f "$want" ] || continue
  name=$(basename "$want" .dump)
  pack=$(head -n 1 "$want" | sed -n 's/^# pack: //p')
  args=$(sed -n 's/^# args: //p' "$want")
  # shellcheck disable=SC2086
  { head -n 2 "$want"; "$OBJREG" dump $args "$pack"; } >"$TMP/dump" 2>&1
  if [ -n "${UPDATE:-}" ]; then cp "$TMP/dump" "$want"; fi
  if diff -u "$want" "$TMP/dump" >"$TMP/diff"; then ok "model $name"; else not_ok "model $name"; cat "$TMP/diff"; fi
done

# --- fuzz corpora: seeds and every crash input found so far ---
for t in objective csv policy template xlsx importval evalcsv review mo; do
  if [ ! -x "$BUILD/replay_$t" ]; then not_ok "fuzz replay $t: $BUILD/replay_$t missing"; continue; fi
  if timeout 300 "$BUILD/replay_$t" tests/fuzz/corpus/$t/* >"$TMP/replay" 2>&1; then
    ok "fuzz replay $t ($(ls tests/fuzz/corpus/$t | wc -l) inputs)"
  else
    not_ok "fuzz replay $t"; tail -n 30 "$TMP/replay"
  fi
done

# --- command line, documents --------------------------------------------------
for t in tests/i18n.sh tests/cli.sh tests/csvguard.sh tests/sarif.sh tests/import.sh tests/threads.sh tests/faults.sh tests/races.sh tests/git.sh tests/relevance.sh tests/approval.sh tests/dialects.py tests/render/*.sh tests/render/*.py tests/valgrind.sh; do
  [ -f "$t" ] || continue
  case $t in
  *.py) python3 "$t" "$BUILD" >"$TMP/sub.out" 2>&1 ;;
  *) sh "$t" "$BUILD" >"$TMP/sub.out" 2>&1 ;;
  esac
  rc=$?
  p=$(grep -c '^ok - ' "$TMP/sub.out")
  f=$(grep -c '^not ok - ' "$TMP/sub.out")
  grep -v '^ok - ' "$TMP/sub.out"
  [ -n "${VERBOSE:-}" ] && grep '^ok - ' "$TMP/sub.out"
  pass=$((pass + p))
  fail=$((fail + f))
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then not_ok "$t: exit status $rc"; fi
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then not_ok "$t: ran no check"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
