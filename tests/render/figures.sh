#!/bin/sh
# tests/render/figures.sh BUILD - figures that cannot mislead (SPEC 20;
# docs/format.md, "How progress is evaluated"), read back by real clients
# (pdftotext, python3-openpyxl) from tests/golden/figures:
#
#   - a ceiling the baseline already meets is a level to hold: 60 against
#     "at most 50" is 0 % and off track, not 100 % and on track
#   - progress short of the whole is never "100%": 99.7 % is 99 %, in the
#     register and in the review; the workbook shows 0.9995 as 99.95% and
#     0.99999993 as 99.99999%, an action's 99.5 % as 99.5%, and a value
#     Excel's General would cut (12345678901, 3.14159265358979) in full
#   - a plan value is never rounded past its target (99.98, not 100)
#   - a number is never broken across lines of a table cell (en and de)
#   - evaluation.csv writes an eleven-digit value whole, without an exponent
#   - a measure without a baseline date has no plan to be on track with:
#     "no plan", amber, and the review says why
#   - nothing is set past the right margin: a chart legend with a long target
#     ("Zielwert 20.000.000.000") wraps (en and de, register and review)
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
PY=python3  # Debian's python3-openpyxl lives under /usr/bin/python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1: $2"; failed=1; }
check() {
  what=$1
  shift
  if "$@" >"$TMP/check.out" 2>&1; then ok "$what"; else not_ok "$what" "$(head -n 5 "$TMP/check.out" | tr '\n' ' ')"; fi
}
text() { pdftotext -layout "$@" 2>&1 | grep -v -x -F "$CMAP_WARNING"; }

cp -R tests/golden/figures "$TMP/en"
rm -f "$TMP"/en/expect.*
cp -R "$TMP/en" "$TMP/de"
sed -i '1i language: de' "$TMP/de/pack.yml"
sed -i 's/^    target: 10.006$/    target: 10.0060/' "$TMP/de/objectives/obj-001.md"  # 10.006 is ambiguous in German
for l in en de; do
  "$OBJREG" build "$TMP/$l" -o "$TMP/out-$l" --revision r1 >"$TMP/build-$l.log" 2>&1 ||
    not_ok "build ($l)" "$(cat "$TMP/build-$l.log")"
  text "$TMP/out-$l/ISMS-OBJ-REG-register.pdf" "$TMP/reg-$l.txt"
  text "$TMP/out-$l/ISMS-OBJ-REG-review.pdf" "$TMP/rev-$l.txt"
done

# The rows of the register's table "Where the measures stand" (en).
row() { grep -E "^ *$1 +[0-9]" "$TMP/reg-en.txt" | head -n 1; }

check "a level to hold, breached: 0% and off-track" sh -c "echo '$(row M1)' | grep -E ' 0% .*off-track .*Red'"
check "99.7 % progress is 99%, not 100%" sh -c "echo '$(row M4)' | grep -E ' 99% ' && ! echo '$(row M4)' | grep -F '100%'"
check "99.95 % progress is 99%, not 100%" sh -c "echo '$(row M6)' | grep -E ' 99% ' && ! echo '$(row M6)' | grep -F '100%'"
check "no 100% progress in the status table while nothing is achieved in full (a level to hold is planned at 100%)" \
  sh -c "! printf '%s\n' '$(row M1)' '$(row M2)' '$(row M4)' '$(row M5)' '$(row M6)' '$(row M7)' '$(row M8)' | sed -E 's/[0-9]+% at [0-9-]+//g' | grep -F '100%'"
check "no baseline date: no plan, amber, not on track" sh -c "echo '$(row M7)' | grep -E ' no-plan .*Amber'"
check "review: the no-plan measure says why" grep -F "M7 Critical systems behind the PAM gateway: no plan" "$TMP/rev-en.txt"
check "review (de): ohne Plan, and why" sh -c "grep -F 'ohne Plan' '$TMP/rev-de.txt' && grep -F 'kein Datum des Ausgangswerts' '$TMP/rev-de.txt'"
check "review: the plan is 99.98%, not past the target 99.99%" \
  grep -F "plan 99.98% at that date" "$TMP/rev-en.txt"
check "review: no plan of 100%" sh -c "! grep -F 'plan 100%' '$TMP/rev-en.txt'"
check "a mean that is the target in decimal meets it: M3 achieved" sh -c "echo '$(row M3)' | grep -E ' achieved .*Green'"
check "register: the target 20,000,000,000 on one line (en)" grep -E "^ *M5 .* 20,000,000,000 " "$TMP/reg-en.txt"
check "register: the target 20.000.000.000 on one line (de)" grep -E "^ *M5 .* 20\.000\.000\.000 " "$TMP/reg-de.txt"
check "register: the latest value 12.345.678.901 on one line (de)" grep -E "^ *M5 +12\.345\.678\.901 " "$TMP/reg-de.txt"
check "register: no number cut at a group separator (de)" sh -c "! grep -E '[0-9]\.[0-9]{1,2}( |$)' '$TMP/reg-de.txt' | grep -E '^ *M[0-9]'"
check "evaluation.csv: 12345678901 whole" grep -E '^measure,OBJ-001,M5,.*,12345678901,2026-11-20,.*,20000000000,10000000000,increase' "$TMP/out-en/evaluation.csv"
check "evaluation.csv: no exponent" sh -c "! grep -E '[0-9]e[+-]?[0-9]' '$TMP/out-en/evaluation.csv'"

# The workbook: each progress cell shows what its value is (openpyxl reads
# the number format Excel applies).
cat >"$TMP/xlsx.py" <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Measures"]
head = [c.value for c in ws[1]]
mcol, pcol = head.index("Measure"), head.index("Progress")
got = {r[mcol].value: (r[pcol].value, r[pcol].number_format) for r in ws.iter_rows(min_row=2) if r[mcol].value}
assert got["M6"] == (0.9995, "0.00%"), got["M6"]     # 99.95%, not 100.0%
assert got["M8"] == (0.99997, "0.000%"), got["M8"]   # 99.997%, not 100.00%
fcol = head.index("Forecast at due")
fc = [r[fcol] for r in ws.iter_rows(min_row=2) if r[mcol].value == "M9"][0]
assert abs(fc.value - 10.0055) < 1e-9 and fc.number_format == "0.0000", (fc.value, fc.number_format)  # not 10.01, nor 10.006
assert got["M4"][1] == "0.0%", got["M4"]             # 99.7%: one decimal is enough
assert got["M1"] == (0, "0.0%"), got["M1"]
assert got["M10"][1] == "0.00000%", got["M10"]         # 0.99999993: 99.99999%, not 100.0000%
cell = {r[mcol].value: {h: c for h, c in zip(head, r)} for r in ws.iter_rows(min_row=2) if r[mcol].value}
assert cell["M5"]["Latest"].number_format == "0", cell["M5"]["Latest"].number_format  # 12345678901, not 1.23457E+10
assert cell["M11"]["Target"].number_format == "0.00000000000000"  # 3.14159265358979, not 3.141592654
assert cell["M11"]["Latest"].number_format == "0.00000000000000"  # 3.14159265358978 beside it
assert cell["M9"]["Target"].number_format == "General"  # Excel shows 10.006 whole in General
acts = openpyxl.load_workbook(sys.argv[1])["Actions"]
ah = [c.value for c in acts[1]]
pc = [r[ah.index("Percent")] for r in acts.iter_rows(min_row=2) if r[ah.index("Action")].value == "A1"][0]
assert (pc.value, pc.number_format) == (0.995, "0.0%"), (pc.value, pc.number_format)  # 99.5%, not 100%
EOF
check "workbook: 0.9995 as 99.95%, 0.99997 as 99.997%, 0.99999993 as 99.99999%, a forecast of 10.0055 as itself, values and an action's 99.5% as written" "$PY" "$TMP/xlsx.py" "$TMP/out-en/ISMS-OBJ-REG-tracking.xlsx"
check "review: a forecast of 10.0055 against 10.006 is printed 10.0055" sh -c "grep -E '^ *OBJ-001 +M9 .* 10\.0055 +10\.006 ' '$TMP/rev-en.txt'"
check "register: a target of 10.006 and a value of 0.0000004 print as written" sh -c "grep -E '^ *M9 .* 10\.006 ' '$TMP/reg-en.txt'"

# No word of either document past the right margin (50 pt): a chart's legend wraps
# at an entry when the target is long or the language's words are.
cat >"$TMP/margin.py" <<'EOF'
import re, sys
bad = []
for path in sys.argv[1:]:
    html = open(path, encoding="utf-8").read()
    for n, pm in enumerate(re.finditer(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', html, re.S), 1):
        right = float(pm.group(1)) - 50 + 0.5
        for m in re.finditer(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', pm.group(2)):
            if float(m.group(1)) > right:
                bad.append("%s p%d: %s ends at %s" % (path.rsplit("/", 1)[-1], n, m.group(2), m.group(1)))
assert not bad, bad[:5]
EOF
for l in en de; do
  for d in register review; do
    pdftotext -bbox "$TMP/out-$l/ISMS-OBJ-REG-$d.pdf" "$TMP/$d-$l.html" 2>/dev/null
  done
  check "nothing past the right margin, the charts' legends wrapped ($l)" "$PY" "$TMP/margin.py" "$TMP/register-$l.html" "$TMP/review-$l.html"
done

exit $failed
