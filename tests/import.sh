#!/bin/sh
# tests/import.sh BUILD - `objreg init` and `objreg import` (SPEC section 14)
# as a team moving from a spreadsheet register meets them: a fresh folder, a
# register as CSV and as XLSX, the check of the result, and a first evidence
# pack.  Prints "ok - ..." or "not ok - ..." per check.
set -u
export LC_ALL=C
OBJREG=$(cd "$(dirname "${1:-build}/objreg")" && pwd)/objreg
ROOT=$(pwd)
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT INT TERM

check() {  # check WHAT COMMAND...: ok when the command succeeds
  what=$1
  shift
  if "$@" >"$T/check.out" 2>&1; then echo "ok - $what"; else echo "not ok - $what"; sed 's/^/  /' "$T/check.out"; fi
}
run() {  # run ARGS...: status to $T/rc, streams to $T/out and $T/err
  "$OBJREG" "$@" >"$T/out" 2>"$T/err"
  echo $? >"$T/rc"
}
rc_is() { [ "$(cat "$T/rc")" = "$1" ]; }
has() { grep -q -- "$2" "$1"; }

# --- init -----------------------------------------------------------------------
for lang in en de fr; do
  run init "$T/new-$lang/sub" --language "$lang"
  check "init --language $lang creates the folder and exits 0" sh -c "[ $(cat "$T/rc") = 0 ] && [ -d '$T/new-$lang/sub/objectives' ] && [ -d '$T/new-$lang/sub/progress' ]"
  check "init --language $lang writes every file" sh -c "cd '$T/new-$lang/sub' && [ -s pack.yml ] && [ -s policy.md ] && [ -s risks.csv ] && [ -s requirements.csv ] && [ -s objectives/OBJ-001.md ] && grep -qx 'output/' .gitignore"
  check "init --language $lang: the example objective is a draft from the template" grep -q '^status: draft' "$T/new-$lang/sub/objectives/OBJ-001.md"
  run check "$T/new-$lang/sub" --format json
  check "check right after init --language $lang: no error, exit 0" python3 -c "
import json, sys
d = json.load(open('$T/out'))
assert $(cat "$T/rc") == 0, 'exit status'
assert d['summary']['errors'] == 0, d['summary']
assert d['summary']['objectives'] == 1
"
done
check "init de: German comments and example text" sh -c "grep -q 'Informationssicherheitspolitik' '$T/new-de/sub/policy.md' && grep -q 'Ausgangswert' '$T/new-de/sub/objectives/OBJ-001.md' && grep -q '^language: de' '$T/new-de/sub/pack.yml'"
check "init fr: French comments and example text" sh -c "grep -q 'Politique de sécurité' '$T/new-fr/sub/policy.md' && grep -q 'valeur de référence' '$T/new-fr/sub/objectives/OBJ-001.md'"
cp "$T/new-en/sub/pack.yml" "$T/pack.yml.before"
echo "keep me" >"$T/new-en/sub/mine.txt"
rm "$T/new-en/sub/risks.csv"
run init "$T/new-en/sub"
check "init over an existing pack exits 2 naming the file, and writes nothing" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"'pack.yml' already exists\" '$T/err' && [ ! -e '$T/new-en/sub/risks.csv' ] && cmp -s '$T/pack.yml.before' '$T/new-en/sub/pack.yml' && grep -q 'keep me' '$T/new-en/sub/mine.txt'"
run init "$T/x" --language es
check "init with an unknown language exits 2" sh -c "[ $(cat "$T/rc") = 2 ] && [ ! -e '$T/x/pack.yml' ] && grep -q \"unknown language 'es'\" '$T/err'"
mkdir "$T/cwd" && (cd "$T/cwd" && "$OBJREG" init -q >"$T/out" 2>"$T/err"; echo $? >"$T/rc")
check "init without DIR makes a pack of the current folder, quietly with -q" sh -c "[ $(cat "$T/rc") = 0 ] && [ -s '$T/cwd/pack.yml' ] && [ ! -s '$T/err' ]"
mkdir "$T/race" && ln -s "$T/elsewhere" "$T/race/policy.md"
run init "$T/race"
check "init never writes through a dangling link in the way" sh -c "[ $(cat "$T/rc") = 2 ] && [ ! -e '$T/elsewhere' ] && grep -q \"'policy.md' already exists\" '$T/err'"
run new objective OBJ-9 "$T/nothing-here"
check "new objective outside a pack says to run objreg init" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"run 'objreg init\" '$T/err'"
mkdir "$T/empty"
run new objective OBJ-9 "$T/empty"
check "new objective in a folder that is not a pack says to run objreg init" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"run 'objreg init\" '$T/err' && [ ! -e '$T/empty/objectives' ]"
run new objective OBJ-002 "$T/new-de/sub"
check "new objective in an initialised pack works" sh -c "[ $(cat "$T/rc") = 0 ] && [ -s '$T/new-de/sub/objectives/OBJ-002.md' ]"

# --- import: a register like the one teams keep, as CSV and as XLSX --------------
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3  # Debian's python3-openpyxl
cp "$ROOT/tests/import/register.csv" "$T/register.csv"  # the register of issue 17

# every non-empty cell of a register, as the generated files must show it
cells_kept() {  # cells_kept PACK CELLS_JSON: every cell text appears in objectives/ or progress/
  $PY - "$1" "$2" <<'PY'
import glob, json, re, sys
pack, cells = sys.argv[1], json.load(open(sys.argv[2]))
text = ""
for p in sorted(glob.glob(pack + "/objectives/*.md")) + sorted(glob.glob(pack + "/progress/*.csv")):
    text += open(p, encoding="utf-8").read() + "\n"
# Markdown as written by import: hard breaks inside a cell, backslash escapes
plain = re.sub(r"\\\n  ", "\n", text)
plain = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", plain)
missing = [c for c in cells if c.strip() and c not in plain]
print("missing:", missing)
sys.exit(1 if missing else 0)
PY
}

$PY - "$T/register.csv" "$T/csv-cells.json" <<'PY'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
json.dump([c for r in rows[1:] for c in r if c], open(sys.argv[2], "w"))
PY

"$OBJREG" init -q "$T/fromcsv"
run import "$T/register.csv" "$T/fromcsv" --as-of 2026-03-01 --format json
check "import of a CSV register exits 0 and prints the check of the pack" sh -c "[ $(cat "$T/rc") = 0 ] && grep -q '\"errors\": 0' '$T/out' && grep -q 'imported 5 objectives' '$T/err'"
check "import writes one draft per row, ids from the register or IMP-001" sh -c "cd '$T/fromcsv/objectives' && [ -s ISO-01.md ] && [ -s ISO-04.md ] && [ -s IMP-001.md ] && grep -q '^status: draft' IMP-001.md"
check "every non-empty cell of the CSV appears in the generated files" cells_kept "$T/fromcsv" "$T/csv-cells.json"
run check "$T/fromcsv" --as-of 2026-03-01 --format json
check "check reads the imported pack with warnings only" $PY -c "
import json; d = json.load(open('$T/out'))
assert d['summary']['errors'] == 0 and d['summary']['warnings'] > 0 and d['summary']['objectives'] == 6, d['summary']
assert all(f['severity'] == 'warning' for f in d['findings'])"
check "a strict comparison is kept as written: <5% by 2026-12-31 gives no target, no direction, no due date" sh -c "
grep -q '^    unit: \"%\"' '$T/fromcsv/objectives/ISO-01.md' && ! grep -q '^    direction: [a-z]' '$T/fromcsv/objectives/ISO-01.md' &&
grep -q '^    target:\$' '$T/fromcsv/objectives/ISO-01.md' && ! grep -q '^    due: 2026-12-31' '$T/fromcsv/objectives/ISO-01.md' &&
grep -q '^- Target (line 2, field 6): \\\\<5% by 2026-12-31 — kept as written: not a value objreg reads exactly\$' '$T/fromcsv/objectives/ISO-01.md' &&
grep -q '^    baseline: 12\$' '$T/fromcsv/objectives/ISO-01.md' && grep -q '^    baseline_date: 2025-01-31' '$T/fromcsv/objectives/ISO-01.md'"
check "durations are read in one unit per measure (4h 10min, 2h, 2h 45min in minutes)" sh -c "
grep -q '^    unit: \"min\"' '$T/fromcsv/objectives/ISO-03.md' && grep -q '^    baseline: 250\$' '$T/fromcsv/objectives/ISO-03.md' && grep -q '^    target: 120\$' '$T/fromcsv/objectives/ISO-03.md'"
check "yes/no is read: target yes, baseline no" sh -c "grep -q '^    target: 1\$' '$T/fromcsv/objectives/ISO-04.md' && grep -q '^    baseline: 0\$' '$T/fromcsv/objectives/ISO-04.md' && grep -q '^    direction: increase' '$T/fromcsv/objectives/ISO-04.md'"
check "current values with a date go to progress/imported.csv; one without a date stays in the body" sh -c "
grep -q '^ISO-01,M1,2025-12-31,5.8,' '$T/fromcsv/progress/imported.csv' && grep -q '^ISO-03,M1,2025-12-31,165,' '$T/fromcsv/progress/imported.csv' &&
! grep -q '^ISO-02,' '$T/fromcsv/progress/imported.csv' && grep -q 'no date says when it was measured' '$T/fromcsv/objectives/ISO-02.md'"
check "risks, policy and actions are read into the front matter" sh -c "
grep -q '^risks: \[R-001, R-002\]' '$T/fromcsv/objectives/ISO-02.md' && grep -q '^policy: \[POL-1\]' '$T/fromcsv/objectives/ISO-02.md' &&
grep -q 'action: \"Weekly patch report\"' '$T/fromcsv/objectives/ISO-02.md'"
check "a status that is not objreg's is kept as written, the objective stays a draft" sh -c "grep -q 'Pending audit' '$T/fromcsv/objectives/ISO-03.md' && grep -q '^status: draft' '$T/fromcsv/objectives/ISO-03.md'"
cp -r "$T/fromcsv/objectives" "$T/objectives.before"
run import "$T/register.csv" "$T/fromcsv"
check "a second import of the same register exits 2 and overwrites nothing" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"already exists\" '$T/err' && diff -r '$T/objectives.before' '$T/fromcsv/objectives' && [ ! -e '$T/fromcsv/progress/imported-2.csv' ]"

# init + import + build on a fresh folder: an evidence pack
run build "$T/fromcsv" -o "$T/evidence" --as-of 2026-03-01
check "init + import + build on a fresh folder gives an evidence pack" sh -c "[ $(cat "$T/rc") = 0 ] && ls '$T/evidence' | grep -q 'register.pdf\$' && ls '$T/evidence' | grep -q 'tracking.xlsx\$' && cd '$T/evidence' && sha256sum -c --quiet SHA256SUMS"

# the same register as XLSX, made with openpyxl: numbers, a percent format, dates, merged header cells
$PY - "$T/register.xlsx" "$T/xlsx-cells.json" <<'PY' >"$T/py.out" 2>&1
import datetime, json, sys
import openpyxl
wb = openpyxl.Workbook()
wb.active.title = "Notes"
wb.active["A1"] = "not the register"
ws = wb.create_sheet("Register 2026")
ws.append(["Objectives register 2026", None, None, None, None, None, None, None, None, None])
ws.merge_cells("A1:J1")
ws.append(["Nr.", "Ziel", "Verantwortlich", "Kennzahl", "Ausgangswert", "Zielwert", "Häufigkeit", "Istwert", "Stand", "Bemerkung"])
ws.append(["ISO-01", "Phishing-Klickrate senken", "CISO", "Klickrate", 0.12, "<5% by 2026-12-31", "vierteljährlich", 0.058, datetime.date(2025, 12, 31), "Simulationen"])
ws["E3"].number_format = "0%"
ws["H3"].number_format = "0.0%"
ws.append(["ISO-02", "Kritische Patches in 14 Tagen", "IT-Leitung", "Patches rechtzeitig", 61, ">95% by 2026-12-31", "monatlich", 88.5, datetime.date(2026, 1, 31), "zwei\nZeilen"])
ws.append(["ISO-03", "Wiederherstellung getestet", "IT-Betrieb", "Wiederherstellungszeit", "4h 10min", "2h by 2026-06-30", "quartalsweise", "2h 45min (2025)", None, True])
wb.save(sys.argv[1])
# the cells as objreg shows them: percent formats as percentages, dates as YYYY-MM-DD
shown = ["ISO-01", "Phishing-Klickrate senken", "CISO", "Klickrate", "12%", "<5% by 2026-12-31", "vierteljährlich", "5.8%", "2025-12-31", "Simulationen",
         "ISO-02", "Kritische Patches in 14 Tagen", "IT-Leitung", "Patches rechtzeitig", "61", ">95% by 2026-12-31", "monatlich", "88.5", "2026-01-31", "zwei\nZeilen",
         "ISO-03", "Wiederherstellung getestet", "IT-Betrieb", "Wiederherstellungszeit", "4h 10min", "2h by 2026-06-30", "quartalsweise", "2h 45min (2025)", "TRUE"]
json.dump(shown, open(sys.argv[2], "w"))
PY
if [ -s "$T/register.xlsx" ]; then
  "$OBJREG" init -q "$T/fromxlsx" --language de
  run import "$T/register.xlsx" "$T/fromxlsx" --sheet "Register 2026" --as-of 2026-03-01 --format json
  cp "$T/err" "$T/fromxlsx-import.err"
  check "import of an XLSX register (German headers, --sheet) exits 0 with warnings only" sh -c "[ $(cat "$T/rc") = 0 ] && grep -q '\"errors\": 0' '$T/out' && grep -q 'imported 3 objectives' '$T/err'"
  check "every non-empty cell of the XLSX appears in the generated files" cells_kept "$T/fromxlsx" "$T/xlsx-cells.json"
  check "XLSX: a percent-formatted number is read as a percentage, a date cell dates the current value" sh -c "
grep -q '^    baseline: 12\$' '$T/fromxlsx/objectives/ISO-01.md' && grep -q '^    unit: \"%\"' '$T/fromxlsx/objectives/ISO-01.md' &&
grep -q '^ISO-01,M1,2025-12-31,5.8,' '$T/fromxlsx/progress/imported.csv' && grep -q '^ISO-02,M1,2026-01-31,88.5,' '$T/fromxlsx/progress/imported.csv' &&
grep -q '^    frequency: quarterly' '$T/fromxlsx/objectives/ISO-03.md'"
  check "XLSX: positions are cells in A1 form" grep -q 'Istwert (H3): 5.8%' "$T/fromxlsx/objectives/ISO-01.md"
  run import "$T/register.xlsx" "$T/fromxlsx" --sheet Nope
  check "an unknown --sheet exits 2 and names the sheets" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"no sheet 'Nope' (it has 'Notes', 'Register 2026')\" '$T/err'"
  run import "$T/register.xlsx" "$T/fromxlsx-2" --sheet Notes
  check "import into a folder that is not a pack says to run objreg init" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"run 'objreg init\" '$T/err'"
else
  echo "not ok - openpyxl could not write the test register"; sed 's/^/  /' "$T/py.out"
fi

# --map: a column the header names do not give
printf 'Lfd,Beschreibung,Zuständig,Messgröße X\nA-1,Keine Altsysteme,IT,3\n' >"$T/mapped.csv"
"$OBJREG" init -q "$T/mapped"
run import "$T/mapped.csv" "$T/mapped" --map 'Lfd=id' --map 'Beschreibung=title' --map 'Messgröße X=ignore' -q
check "--map names columns: id and title from other headers" sh -c "[ $(cat "$T/rc") = 0 ] && grep -q '^title: \"Keine Altsysteme\"' '$T/mapped/objectives/A-1.md' && grep -q 'Messgröße X (line 2, field 4): 3' '$T/mapped/objectives/A-1.md'"
printf 'ID,Objective,Metric,Direction,Target\nD-1,Directions,Rate,sideways,5\nD-1,,Share,lower is better,3\n' >"$T/dirs.csv"
run import "$T/dirs.csv" "$T/mapped" -q
check "a direction that cannot be read is noted as kept as written (not as the measure's id); one that can, as read" sh -c "[ $(cat "$T/rc") = 0 ] && grep -q '^- Direction (line 2, field 4): sideways — kept as written: not a value objreg reads exactly\$' '$T/mapped/objectives/D-1.md' && grep -q '^- Direction (line 3, field 4): lower is better — measure M2: direction decrease\$' '$T/mapped/objectives/D-1.md'"
run import "$T/mapped.csv" "$T/mapped" --map 'Nope=id'
check "--map with an unknown column exits 2" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"no column 'Nope'\" '$T/err'"
run import "$T/mapped.csv" "$T/mapped" --map 'Lfd=identity'
check "--map with an unknown field exits 2 and lists the fields" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"unknown field 'identity'\" '$T/err'"

# a register saved by LibreOffice: tests/import/register.csv converted by LibreOffice 7.4
# (soffice --headless --convert-to xlsx), kept in the tree so that the test needs no LibreOffice
"$OBJREG" init -q "$T/fromlo"
run import "$ROOT/tests/import/register-libreoffice.xlsx" "$T/fromlo" --as-of 2026-03-01 --format json
check "a register saved by LibreOffice imports with warnings only" sh -c "[ $(cat "$T/rc") = 0 ] && grep -q '\"errors\": 0' '$T/out' && grep -q 'imported 5 objectives' '$T/err'"
check "every non-empty cell of the LibreOffice workbook appears in the generated files" cells_kept "$T/fromlo" "$T/csv-cells.json"
check "LibreOffice's workbook gives the objectives the CSV gives" sh -c "for f in ISO-01 ISO-02 ISO-03 ISO-04 IMP-001; do sed '/^## From/,\$d' '$T/fromlo/objectives/'\$f.md | grep -v '^# Imported' >'$T/a'; sed '/^## From/,\$d' '$T/fromcsv/objectives/'\$f.md | grep -v '^# Imported' >'$T/b'; cmp -s '$T/a' '$T/b' || { diff '$T/a' '$T/b'; exit 1; }; done"

# --- where a workbook's findings are: the sheet and the cell ---------------------
# Workbooks written part by part (openpyxl writes no shared strings): a second sheet
# "Objectives" whose shared string 5 holds an escaped control character (_x0001_), used
# by B3 and B4; a boolean cell C2 with the value 7.
$PY - "$T/ctrl.xlsx" "$T/badbool.xlsx" "$T/progress-bad.xlsx" <<'PY' >"$T/py.out" 2>&1
import sys, zipfile
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
def make(path, names, strings, sheets):
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("xl/workbook.xml", '<workbook %s xmlns:r="%s"><sheets>%s</sheets></workbook>' % (NS, REL[:-1],
               "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, i + 1, i + 1) for i, n in enumerate(names))))
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s'
               '<Relationship Id="rIdS" Type="%ssharedStrings" Target="sharedStrings.xml"/></Relationships>' % ("".join(
               '<Relationship Id="rId%d" Type="%sworksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, REL, i + 1) for i in range(len(names))), REL))
    z.writestr("xl/sharedStrings.xml", '<sst %s>%s</sst>' % (NS, "".join("<si><t>%s</t></si>" % t for t in strings)))
    for i, rows in enumerate(sheets):
        z.writestr("xl/worksheets/sheet%d.xml" % (i + 1), '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, "".join(
                   '<row r="%d">%s</row>' % (r, "".join(cells)) for r, cells in rows)))
    z.close()
def s(ref, i): return '<c r="%s" t="s"><v>%d</v></c>' % (ref, i)
strings = ["note", "ID", "Objective", "Owner", "O-1", "Bad_x0001_text", "CISO", "O-2", "fine"]
make(sys.argv[1], ["Notes", "Objectives"], strings, [[(1, [s("A1", 0)])],
     [(1, [s("A1", 1), s("B1", 2), s("C1", 3)]), (2, [s("A2", 4), s("B2", 8), s("C2", 6)]),
      (3, [s("A3", 7), s("B3", 5), s("C3", 6)]), (4, [s("A4", 7), s("B4", 5)])]])
make(sys.argv[2], ["Notes", "Objectives"], strings, [[(1, [s("A1", 0)])],
     [(1, [s("A1", 1), s("B1", 2), s("C1", 3)]), (2, [s("A2", 4), s("B2", 8), '<c r="C2" t="b"><v>7</v></c>'])]])
make(sys.argv[3], ["Owners 2026"], ["objective", "measure", "date", "value", "note", "ISO-01", "M1", "bad_x001F_note"],
     [[(1, [s("A1", 0), s("B1", 1), s("C1", 2), s("D1", 3), s("E1", 4)]),
       (2, [s("A2", 5), s("B2", 6), '<c r="C2" t="d"><v>2026-01-31</v></c>', '<c r="D2"><v>5</v></c>', s("E2", 7)])]])
PY
"$OBJREG" init -q "$T/where"
run import "$T/ctrl.xlsx" "$T/where" --sheet Objectives
check "a control character in a shared string is reported at the first cell using it (sheet and cell), not at 0:0" sh -c "[ $(cat "$T/rc") = 2 ] && [ \$(wc -l <'$T/err') = 1 ] && grep -qx \"$T/ctrl.xlsx:3:2: error: sheet 'Objectives', cell B3: its text (shared string 5) holds the control character U+0001, which objreg does not accept; remove it\" '$T/err' && [ \$(ls '$T/where/objectives' | wc -l) = 1 ]"
run import "$T/badbool.xlsx" "$T/where" --sheet Objectives
check "a finding about a cell of an imported sheet names the sheet and the cell, at ROW:COLUMN" grep -qx "$T/badbool.xlsx:2:3: error: sheet 'Objectives', cell C2 is a boolean with the value '7' (0 or 1 expected)" "$T/err"
run import "$T/ctrl.xlsx" "$T/where"
check "a bad shared string that no cell of the sheet read uses is no finding" grep -q "'$T/ctrl.xlsx' has a header row and no rows below it" "$T/err"
if [ -s "$T/register.xlsx" ]; then
  check "a cell above the header is named by its sheet and cell" grep -q "^objreg: note: sheet 'Register 2026', cell A1, above the header, is not imported: 'Objectives register 2026'\$" "$T/fromxlsx-import.err"
  # (fromxlsx is a German pack: the note and the evidence are German)
  check "a current value's evidence in progress/imported.csv names the workbook, the sheet and the cell" grep -q "^ISO-01,M1,2025-12-31,5.8,importiert: 5.8%,\"register.xlsx, Blatt „Register 2026“, Zelle H3\"\$" "$T/fromxlsx/progress/imported.csv"
fi
mkdir -p "$T/where/progress"
cp "$T/progress-bad.xlsx" "$T/where/progress/owners.xlsx"
run check "$T/where" --format json
check "a control character in a progress workbook's cell is E-UTF8 (as in a CSV) at the cell, named with its sheet" $PY -c "
import json; d = json.load(open('$T/out'))
got = [(f['line'], f['column'], f['rule'], f['message']) for f in d['findings'] if f['file'] == 'progress/owners.xlsx']
assert got == [(2, 5, 'E-UTF8', \"sheet 'Owners 2026', cell E2: its text (shared string 7) holds the control character U+001F, which objreg does not accept; remove it; file not used\")], got"

# What the sheet shows, or nothing: a value hidden under a merged range (A2:A3 and B2:B3
# merged, A3 and B3 kept, as LibreOffice can), a number formatted '#,##0,' (shown in
# thousands), a value in the 70th of 70 hidden columns (each a <col> of its own).
$PY - "$T/merged.xlsx" "$T/scaled.xlsx" "$T/hidden70.xlsx" <<'PY' >"$T/py.out" 2>&1
import sys, zipfile
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
z.writestr("xl/workbook.xml", '<workbook %s xmlns:r="%s"><sheets><sheet name="Register" sheetId="1" r:id="rId1"/>'
           '</sheets></workbook>' % (NS, REL[:-1]))
z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
           'relationships"><Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/>'
           '</Relationships>' % REL)
def t(ref, s): return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, s)
z.writestr("xl/worksheets/sheet1.xml", '<worksheet %s><sheetData><row r="1">%s%s%s</row><row r="2">%s%s%s</row>'
           '<row r="3">%s%s%s</row></sheetData><mergeCells><mergeCell ref="A2:A3"/><mergeCell ref="B2:B3"/>'
           '</mergeCells></worksheet>' % (NS, t("A1", "ID"), t("B1", "Objective"), t("C1", "Target"),
           t("A2", "OBJ-1"), t("B2", "Shown"), t("C2", "5"), t("A3", "OBJ-2"), t("B3", "Hidden"), t("C3", "3")))
z.close()
import openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Register"
ws.append(["ID", "Objective", "Budget"])
ws.append(["OBJ-1", "Awareness budget", 1900000]); ws["C2"].number_format = "#,##0,"
wb.save(sys.argv[2])
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Register"
ws["A1"] = "ID"; ws["C1"] = "Objective"; ws["A2"] = "OBJ-1"; ws["C2"] = "Shown"
for k in range(70):  # columns F, H, J, ... EN: 70 ranges
    ws.column_dimensions[openpyxl.utils.get_column_letter(6 + 2 * k)].hidden = True
ws["EN2"] = "hidden"
wb.save(sys.argv[3])
PY
"$OBJREG" init -q "$T/shown"
run import "$T/merged.xlsx" "$T/shown"
check "import: a value hidden under a merged range is refused at its cell, nothing imported" sh -c "[ $(cat "$T/rc") = 2 ] && grep -qx \"$T/merged.xlsx:3:1: error: sheet 'Register', cell A3: the cell holds 'OBJ-2', hidden under the merged range A2:A3: unmerge the cells, or clear the hidden value; nothing imported\" '$T/err' && [ \$(ls '$T/shown/objectives' | wc -l) = 1 ]"
if [ -s "$T/hidden70.xlsx" ]; then  # openpyxl is there
  run import "$T/scaled.xlsx" "$T/shown"
  check "import: a number shown in thousands ('#,##0,') is refused at its cell, saying what it shows" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"^$T/scaled.xlsx:2:3: error: sheet 'Register', cell C2: the cell holds 1900000, but its number format '#,##0,' shows it divided by 1000 (1900; \" '$T/err'"
  run import "$T/hidden70.xlsx" "$T/shown"
  check "import: a value in the 70th hidden column range is refused" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"^$T/hidden70.xlsx:1:144: error: sheet 'Register', column EN is hidden\" '$T/err'"
fi
# An element with 100,000 attributes (libxml2 checks them for repeats in quadratic time:
# seconds): refused before libxml2 reads it.  How long it takes is for the fuzzer
# (its timeout) and make bench, not for a timed test.
$PY - "$T/attrs.xlsx" <<'PY' >"$T/py.out" 2>&1
import sys, zipfile
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
z.writestr("xl/workbook.xml", '<workbook %s xmlns:r="%s"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
           '</sheets></workbook>' % (NS, REL[:-1]))
z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
           'relationships"><Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/>'
           '</Relationships>' % REL)
z.writestr("xl/worksheets/sheet1.xml", '<worksheet %s><sheetData><row r="1"><c r="A1" %s><v>1</v></c></row>'
           '</sheetData></worksheet>' % (NS, " ".join("a%d=\"1\"" % k for k in range(100000))))
z.close()
PY
run import "$T/attrs.xlsx" "$T/shown"
check "an element with 100,000 attributes is refused (E-LIMIT's words) before libxml2 reads it" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q 'has an element with more than 64 attributes (line 1); not read' '$T/err'"

# --- hostile workbooks: clean diagnostics, nothing written ------------------------
"$OBJREG" init -q "$T/hostile"
for f in "$ROOT"/tests/fuzz/corpus/xlsx/smallbomb.xlsx "$ROOT"/tests/fuzz/corpus/xlsx/entities.xlsx \
         "$ROOT"/tests/fuzz/corpus/xlsx/xxe.xlsx "$ROOT"/tests/fuzz/corpus/xlsx/noworkbook.xlsx \
         "$ROOT"/tests/fuzz/corpus/xlsx/nosheet.xlsx "$ROOT"/tests/fuzz/corpus/xlsx/beyond.xlsx \
         "$ROOT"/tests/fuzz/corpus/xlsx/trunc.xlsx "$ROOT"/tests/fuzz/corpus/xlsx/badxml.xlsx; do
  b=$(basename "$f" .xlsx)
  run import "$f" "$T/hostile"
  check "hostile workbook $b: exit 2, one clean error line, nothing written" sh -c "[ $(cat "$T/rc") = 2 ] && [ \$(wc -l <'$T/err') = 1 ] && grep -q ': error: ' '$T/err' && [ \$(ls '$T/hostile/objectives' | wc -l) = 1 ]"
done
run import "$ROOT/tests/fuzz/corpus/xlsx/smallbomb.xlsx" "$T/hostile"
check "a ZIP bomb is named as such" grep -q 'ZIP bomb' "$T/err"
run import "$ROOT/tests/fuzz/corpus/xlsx/xxe.xlsx" "$T/hostile"
check "a DTD (entities) is refused, and no file outside is read" sh -c "grep -q 'DOCTYPE' '$T/err' && ! grep -q 'root:' '$T/err'"
run import "$ROOT/tests/fuzz/corpus/xlsx/dimension.xlsx" "$T/hostile" -q
check "a sheet that declares A1:XFD1048576 is read as the cells it has" sh -c "[ $(cat "$T/rc") = 0 ]"

# --- progress workbooks -----------------------------------------------------------
$PY - "$T/fromcsv/progress/owners.xlsx" <<'PY' >"$T/py.out" 2>&1
import datetime, sys
import openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["objective", "measure", "date", "value", "note"])
ws.append(["ISO-01", "M1", datetime.date(2026, 1, 31), 5.2, "January"])
ws.append(["ISO-01", "M1", datetime.date(2026, 2, 28), 0.049, "percent format"])
ws["D3"].number_format = "0.0%"
ws.append([])
ws.append(["ISO-01", "M1", "2026-13-01", 4, "bad date"])
ws.append(["ISO-01", "M9", datetime.date(2026, 2, 1), 1, "unknown measure"])
wb.save(sys.argv[1])
PY
run dump "$T/fromcsv" --as-of 2026-03-01
check "a progress workbook's rows are used like a CSV's (latest 4.9 % on 2026-02-28)" grep -q 'measure M1 rows=3 latest=4.9 on=2026-02-28' "$T/out"
run check "$T/fromcsv" --as-of 2026-03-01 --format json
check "a progress workbook's bad rows are reported at their sheet rows" $PY -c "
import json; d = json.load(open('$T/out'))
got = sorted((f['line'], f['rule']) for f in d['findings'] if f['file'] == 'progress/owners.xlsx')
assert got == [(5, 'P-VALUE'), (6, 'P-REF')], got"
# Findings raised after the read (P-EVIDENCE, P-DUP, P-FUTURE) name the sheet
# and the cell, or the row, as the reader's own do.
$PY - "$T/fromcsv/progress/later.xlsx" <<'PY' >"$T/py.out" 2>&1
import datetime, sys
import openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Owners 2026"
ws.append(["objective", "measure", "date", "value", "note", "evidence"])
ws.append(["ISO-01", "M1", datetime.date(2026, 1, 20), 5, "", "evidence/none.pdf"])
ws.append(["ISO-01", "M1", datetime.date(2026, 1, 20), 6, "same day", ""])
ws.append(["ISO-01", "M1", datetime.date(2026, 9, 30), 7, "future", ""])
wb.save(sys.argv[1])
PY
run check "$T/fromcsv" --as-of 2026-03-01 --format json
check "findings raised after a progress workbook is read name its sheet and the cell or the row" $PY -c "
import json; d = json.load(open('$T/out'))
got = sorted((f['line'], f['column'], f['rule'], f['message'].split(':')[0]) for f in d['findings'] if f['file'] == 'progress/later.xlsx')
assert got == [(2, 6, 'P-EVIDENCE', \"sheet 'Owners 2026', cell F2\"), (3, 1, 'P-DUP', \"sheet 'Owners 2026', row 3\"),
               (4, 1, 'P-FUTURE', \"sheet 'Owners 2026', row 4\")], got"
rm -f "$T/fromcsv/progress/later.xlsx"
# Text cells hold what their author typed (a German "1.420" may mean 1420): read
# as in a ';' file, ambiguous ones refused; number cells are exact, and a number
# cell after the value is no "unquoted decimal comma".
$PY - "$T/fromcsv/progress/text.xlsx" <<'PY' >"$T/py.out" 2>&1
import datetime, sys
import openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["objective", "measure", "date", "value", "note"])
ws.append(["ISO-01", "M1", datetime.date(2026, 1, 10), "1.420", "text"])
ws.append(["ISO-01", "M1", datetime.date(2026, 1, 11), "1,5", "text, decimal comma"])
ws.append(["ISO-01", "M1", datetime.date(2026, 1, 12), 11, 2])
wb.save(sys.argv[1])
PY
run check "$T/fromcsv" --as-of 2026-03-01 --format json
check "a progress workbook's text cell '1.420' is refused as ambiguous at its cell, never read as 1.42" $PY -c "
import json; d = json.load(open('$T/out'))
got = [(f['line'], f['column'], f['rule'], 'ambiguous' in f['message']) for f in d['findings'] if f['file'] == 'progress/text.xlsx']
assert got == [(2, 4, 'P-VALUE', True)], got"
run dump "$T/fromcsv" --as-of 2026-03-01
check "a progress workbook's text cell '1,5' reads 1.5; a number cell 11 beside a number cell 2 reads 11" sh -c "grep -q 'date=2026-01-11 value=1.5 ' '$T/out' && grep -q 'date=2026-01-12 value=11 ' '$T/out' && ! grep -q 'date=2026-01-10 ' '$T/out'"
rm -f "$T/fromcsv/progress/text.xlsx"
# Times and dates as Excel shows them: a duration of 36 hours ([h]:mm) is a
# time, never 1.5; 23:59:59.999 on 30 September is a time of day on that day,
# never 1 October; 45 in a date format is Excel's 14 February 1900, no value.
$PY - "$T/fromcsv/progress/times.xlsx" <<'PY' >"$T/py.out" 2>&1
import datetime, sys
import openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["objective", "measure", "date", "value", "note"])
ws.append(["ISO-01", "M1", datetime.date(2026, 1, 13), 1.5, "36:00 as [h]:mm"])
ws["D2"].number_format = "[h]:mm"
ws.append(["ISO-01", "M1", 46295.99999998842, 3, "23:59:59.999"])
ws["C3"].number_format = "dd.mm.yyyy"
ws.append(["ISO-01", "M1", datetime.date(2026, 1, 14), 45, "a date format"])
ws["D4"].number_format = "dd.mm.yyyy"
ws.append(["ISO-01", "M1", 46296, 4.5, "midnight"])
ws["C5"].number_format = "dd.mm.yyyy"
wb.save(sys.argv[1])
PY
run check "$T/fromcsv" --as-of 2026-12-01 --format json
check "a progress workbook's [h]:mm duration, a date at 23:59:59.999 and a date-formatted value are refused at their cells" $PY -c "
import json; d = json.load(open('$T/out'))
got = [(f['line'], f['column'], f['rule'], f['message'].split(': ')[-2]) for f in d['findings'] if f['file'] == 'progress/times.xlsx']
assert got == [(2, 4, 'P-VALUE', 'the cell holds a time, not a number'),
               (3, 3, 'P-VALUE', 'the cell holds a date with a time of day, not a date'),
               (4, 4, 'P-VALUE', 'the cell holds a date, not a number')], got"
run dump "$T/fromcsv" --as-of 2026-12-01
check "a progress workbook's date serial at midnight reads as its day (2026-10-01)" grep -q 'date=2026-10-01 value=4.5 ' "$T/out"
rm -f "$T/fromcsv/progress/times.xlsx"
# A column named twice: which one is kept up to date is anyone's guess, in a
# workbook (the first hidden, say) or a CSV; measured_by and verified_by are
# read from a workbook as from a CSV.
$PY - "$T/fromcsv/progress/twice.xlsx" "$T/fromcsv/progress/who.xlsx" <<'PY' >"$T/py.out" 2>&1
import datetime, sys
import openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["objective", "measure", "date", "value", "Value"])
ws.append(["ISO-01", "M1", datetime.date(2026, 1, 15), 5, 30])
ws.column_dimensions["D"].hidden = True
wb.save(sys.argv[1])
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["objective", "measure", "date", "value", "measured_by", "verified_by"])
ws.append(["ISO-01", "M1", datetime.date(2026, 1, 16), 5, "Ana Lopez", "Internal Audit"])
wb.save(sys.argv[2])
PY
printf 'objective,measure,date,value,note,value\nISO-01,M1,2026-01-17,96,old,41\n' >"$T/fromcsv/progress/twice.csv"
run check "$T/fromcsv" --as-of 2026-12-01 --format json
check "a column named twice in a progress workbook or CSV is E-CSV at the second, the file not used" $PY -c "
import json; d = json.load(open('$T/out'))
got = sorted((f['file'], f['line'], f['column'], f['rule']) for f in d['findings'] if 'twice' in f['file'])
assert got == [('progress/twice.csv', 1, 35, 'E-CSV'), ('progress/twice.xlsx', 1, 5, 'E-CSV')], got"
run build "$T/fromcsv" --as-of 2026-12-01 --draft -o "$T/who-out" -q
check "measured_by and verified_by of a progress workbook reach the Measurements sheet" $PY -c "
import glob, openpyxl
ws = openpyxl.load_workbook(glob.glob('$T/who-out/*.xlsx')[0])['Measurements']
cells = [c for r in ws.iter_rows(values_only=True) for c in r]
assert 'Ana Lopez' in cells and 'Internal Audit' in cells"
rm -rf "$T/fromcsv/progress/twice.xlsx" "$T/fromcsv/progress/who.xlsx" "$T/fromcsv/progress/twice.csv" "$T/who-out"
# A hidden first sheet: its author sees the second; objreg does not guess.
$PY - "$T/fromcsv/progress/hidden.xlsx" <<'PY' >"$T/py.out" 2>&1
import datetime, sys
import openpyxl
wb = openpyxl.Workbook(); old = wb.active; old.title = "Old (2025)"
old.append(["objective", "measure", "date", "value"])
old.append(["ISO-01", "M1", datetime.date(2026, 1, 18), 96])
old.sheet_state = "hidden"
ws = wb.create_sheet("Progress")
ws.append(["objective", "measure", "date", "value"])
ws.append(["ISO-01", "M1", datetime.date(2026, 1, 18), 41])
wb.active = 1
wb.save(sys.argv[1])
PY
run check "$T/fromcsv" --as-of 2026-12-01 --format json
check "a progress workbook whose first sheet is hidden is refused, naming the sheet, never read" $PY -c "
import json; d = json.load(open('$T/out'))
got = [(f['line'], f['rule'], \"'Old (2025)', is hidden\" in f['message']) for f in d['findings'] if f['file'] == 'progress/hidden.xlsx']
assert got == [(0, 'E-IO', True)], got"
rm -f "$T/fromcsv/progress/hidden.xlsx"
# Refusals that say what is wrong: a second BOM, a row delimited otherwise than
# its header, a date in the right form that is no date; and a colour in a number
# format ([Magenta], [White]) is no time.
printf '\357\273\277\357\273\277objective,measure,date,value\nISO-01,M1,2026-01-19,5\n' >"$T/fromcsv/progress/bom2.csv"
printf 'objective,measure,date,value\nISO-01;M1;2026-01-19;5\n' >"$T/fromcsv/progress/delim.csv"
printf 'objective,measure,date,value\nISO-01,M1,2026-02-30,5\n' >"$T/fromcsv/progress/feb30.csv"
$PY - "$T/fromcsv/progress/colour.xlsx" <<'PY' >"$T/py.out" 2>&1
import datetime, sys
import openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["objective", "measure", "date", "value"])
ws.append(["ISO-01", "M1", datetime.date(2026, 1, 20), 5])
ws.append(["ISO-01", "M1", datetime.date(2026, 1, 21), 6])
ws["D2"].number_format = "[Magenta]0"
ws["D3"].number_format = "[White]0.0"
wb.save(sys.argv[1])
PY
run check "$T/fromcsv" --as-of 2026-12-01 --format json
check "a second BOM, a row delimited otherwise and 2026-02-30 are refused saying so" $PY -c "
import json; d = json.load(open('$T/out'))
got = {f['file']: f['message'] for f in d['findings'] if f['file'] in ('progress/bom2.csv', 'progress/delim.csv', 'progress/feb30.csv')}
assert 'U+FEFF' in got['progress/bom2.csv'], got
assert 'delimited otherwise than the header' in got['progress/delim.csv'], got
assert 'real date' in got['progress/feb30.csv'], got
assert not [f for f in d['findings'] if f['file'] == 'progress/colour.xlsx'], d"
run dump "$T/fromcsv" --as-of 2026-12-01
check "number cells formatted [Magenta]0 and [White]0.0 read as 5 and 6" sh -c "grep -q 'date=2026-01-20 value=5 ' '$T/out' && grep -q 'date=2026-01-21 value=6 ' '$T/out'"
rm -f "$T/fromcsv/progress/bom2.csv" "$T/fromcsv/progress/delim.csv" "$T/fromcsv/progress/feb30.csv" "$T/fromcsv/progress/colour.xlsx"
cp "$ROOT/tests/fuzz/corpus/xlsx/smallbomb.xlsx" "$T/fromcsv/progress/bomb.xlsx"
run check "$T/fromcsv" --as-of 2026-03-01 --format json
check "a ZIP bomb in progress/ is one E-LIMIT finding at the file, not a crash" $PY -c "
import json; d = json.load(open('$T/out'))
got = [(f['line'], f['rule']) for f in d['findings'] if f['file'] == 'progress/bomb.xlsx']
assert got == [(0, 'E-LIMIT')], got"

# --- cost grows with the cells, not with how far right or down they are -----------
# A fuzz unit took 2 s under ASan: one cell in XFD1048576 made a million CSV lines.
# Worse: 400 rows with a cell in column XFD took 114 s (6.5 million fields, each
# field's column counted from its line's start: quadratic in a line's fields).
"$OBJREG" init -q "$T/wide"
$PY - "$T/wide/progress/far.xlsx" <<'PY' >"$T/py.out" 2>&1
import sys, zipfile
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
z.writestr("xl/workbook.xml", '<workbook %s xmlns:r="%s"><sheets><sheet name="Far" sheetId="1" r:id="rId1"/></sheets></workbook>' % (NS, REL[:-1]))
z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/></Relationships>' % REL)
head = "".join('<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (c, t) for c, t in zip("ABCD", ["objective", "measure", "date", "value"]))
rows = "".join('<row r="%d"><c r="A%d" t="inlineStr"><is><t>OBJ-001</t></is></c><c r="XFD%d"><v>1</v></c></row>' % (r, r, r) for r in range(2, 402))
z.writestr("xl/worksheets/sheet1.xml", '<worksheet %s><sheetData><row r="1">%s</row>%s<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData></worksheet>' % (NS, head, rows))
z.close()
PY
timeout 60 "$OBJREG" check "$T/wide" --format json >"$T/out" 2>"$T/err"; echo $? >"$T/rc"
check "a progress workbook with 400 rows reaching column XFD and a cell in row 1048576 is read at once, each row refused at its XFD cell" $PY -c "
import json; d = json.load(open('$T/out'))
got = [(f['line'], f['column'], f['rule']) for f in d['findings'] if f['file'] == 'progress/far.xlsx']
assert len(got) == 401 and got[0] == (2, 16384, 'P-VALUE') and got[399] == (401, 16384, 'P-VALUE') and got[400][0] == 1048576, got[:3] + got[-2:]"
rm "$T/wide/progress/far.xlsx"
# A number cell is ECMA-376's number as Excel writes it, not whatever strtod takes.
for v in 0x10 0x1p4 1.2.3 inf 1e5x ' 12' +12 12. 1.2E1; do
  $PY - "$T/wide/progress/num.xlsx" "$v" <<'PY' >"$T/py.out" 2>&1
import sys, zipfile
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
z.writestr("xl/workbook.xml", '<workbook %s xmlns:r="%s"><sheets><sheet name="N" sheetId="1" r:id="rId1"/></sheets></workbook>' % (NS, REL[:-1]))
z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/></Relationships>' % REL)
head = "".join('<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (c, t) for c, t in zip("ABCD", ["objective", "measure", "date", "value"]))
row = ('<row r="2"><c r="A2" t="inlineStr"><is><t>OBJ-001</t></is></c><c r="B2" t="inlineStr"><is><t>M1</t></is></c>'
       '<c r="C2" t="inlineStr"><is><t>2026-01-05</t></is></c><c r="D2"><v>%s</v></c></row>' % sys.argv[2])
z.writestr("xl/worksheets/sheet1.xml", '<worksheet %s><sheetData><row r="1">%s</row>%s</sheetData></worksheet>' % (NS, head, row))
z.close()
PY
  timeout 60 "$OBJREG" check "$T/wide" --format json >"$T/out" 2>"$T/err"
  case $v in
  *x* | *p* | inf | 1.2.3)
    check "a progress workbook's number cell '$v' is not a number (never read as strtod reads it)" $PY -c "
import json; d = json.load(open('$T/out'))
got = [(f['line'], f['column'], 'not a number' in f['message']) for f in d['findings'] if f['file'] == 'progress/num.xlsx']
assert got == [(2, 4, True)], got" ;;
  *)
    timeout 60 "$OBJREG" dump "$T/wide" >"$T/out" 2>"$T/err"
    check "a progress workbook's number cell '$v' (xsd:double) reads 12" grep -q 'date=2026-01-05 value=12 ' "$T/out" ;;
  esac
done
rm -f "$T/wide/progress/num.xlsx"
$PY -c "open('$T/wide/progress/wide.csv', 'w').write('objective,measure,date,value\nOBJ-001,M1,2026-01-01,\"é\n1\"' + ',' * 1000000 + 'x\n')"
timeout 60 "$OBJREG" check "$T/wide" >"$T/out" 2>"$T/err"; echo $? >"$T/rc"
check "a CSV line of a million fields is read at once (linear), its extra field at the right column" grep -q "^progress/wide.csv:3:1000003: error: row has 1000004 fields, the header 4" "$T/out"

# A register with a cell far right, and one whose cells run diagonally to column
# 3001 (9 million rows x columns): import read 16384 columns for each row (400 rows:
# 11 s, 170 MB; now 0.3 s, 17 MB), and the diagonal took 12 s and 600 MB for 5000 rows (quadratic).
$PY - "$T/farreg.xlsx" "$T/diagreg.xlsx" <<'PY' >"$T/py.out" 2>&1
import sys, zipfile
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
def col(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s
def make(path, rows):
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("xl/workbook.xml", '<workbook %s xmlns:r="%s"><sheets><sheet name="Reg" sheetId="1" r:id="rId1"/></sheets></workbook>' % (NS, REL[:-1]))
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/></Relationships>' % REL)
    z.writestr("xl/worksheets/sheet1.xml", '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, rows))
    z.close()
t = lambda ref, s: '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, s)
make(sys.argv[1], '<row r="1">%s%s</row>' % (t("A1", "ID"), t("B1", "Objective")) + "".join(
     '<row r="%d">%s%s<c r="XFD%d"><v>%d</v></c></row>' % (r, t("A%d" % r, "F-%d" % r), t("B%d" % r, "Far %d" % r), r, r) for r in range(2, 402)))
make(sys.argv[2], '<row r="1">%s</row>' % t("A1", "ID") + "".join(
     '<row r="%d">%s<c r="%s%d"><v>1</v></c></row>' % (r, t("A%d" % r, "D-%d" % r), col(r), r) for r in range(2, 3002)))
PY
"$OBJREG" init -q "$T/farpack"
timeout 60 "$OBJREG" import "$T/farreg.xlsx" "$T/farpack" -q >"$T/out" 2>"$T/err"; echo $? >"$T/rc"
check "a register with a cell in column XFD on each of 400 rows imports, each far cell kept with its column" sh -c "[ $(cat "$T/rc") = 0 ] && [ \$(ls '$T/farpack/objectives' | wc -l) = 401 ] && grep -q '^- Column 16384 (XFD2): 2\$' '$T/farpack/objectives/F-2.md' && grep -q '^- Column 16384 (XFD401): 401\$' '$T/farpack/objectives/F-401.md'"
timeout 60 "$OBJREG" import "$T/diagreg.xlsx" "$T/farpack" -q >"$T/out" 2>"$T/err"; echo $? >"$T/rc"
check "a register of 3001 rows by 3001 columns is refused at once (exit 2), saying what to do, nothing written" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"'$T/diagreg.xlsx' has 3001 rows by 3001 columns (up to cell DKK3001), more than import reads (1000000 cells): delete what is not the register\" '$T/err' && [ ! -e '$T/farpack/objectives/D-2.md' ]"

# --- registers in the encodings Excel saves (SPEC 11 for import) ------------------
"$OBJREG" init -q "$T/enc"
printf 'ID;Objective;Owner;Target\r\nOBJ-030;R\351duire les incidents;RSSI;<5%% by 2026-12-31\r\n' >"$T/reg1252.csv"
run import "$T/reg1252.csv" "$T/enc" --as-of 2026-03-01
check "a Windows-1252 register without --encoding: E-UTF8 at the byte, a note naming --encoding, exit 2, nothing written" sh -c "rc_is() { [ \$(cat '$T/rc') = \$1 ]; }; rc_is 2 && grep -q 'reg1252.csv:2:10: error: invalid UTF-8 (byte 0xE9)' '$T/err' && grep -q 'give the encoding with --encoding' '$T/err' && [ ! -e '$T/enc/objectives/OBJ-030.md' ]"
run import "$T/reg1252.csv" "$T/enc" --encoding windows-1252 --as-of 2026-03-01
check "--encoding windows-1252 reads the register: the title is 'Réduire les incidents'" sh -c "[ \$(cat '$T/rc') = 0 ] && grep -q '^title: \"Réduire les incidents\"' '$T/enc/objectives/OBJ-030.md'"
"$OBJREG" init -q "$T/enc2"
printf 'csv:\n  encoding: cp1252\n' >>"$T/enc2/pack.yml"
run import "$T/reg1252.csv" "$T/enc2" --as-of 2026-03-01
check "without --encoding, import reads a register in the pack's csv.encoding" sh -c "[ \$(cat '$T/rc') = 0 ] && grep -q '^title: \"Réduire les incidents\"' '$T/enc2/objectives/OBJ-030.md'"
$PY -c "open('$T/unicode.txt','wb').write('ID\tObjective\tOwner\tTarget\r\nOBJ-031\tSécurité des accès\tCISO\t≥ 95 percent bis 31.12.2026\r\n'.encode('utf-16'))"
"$OBJREG" init -q "$T/enc3"
run import "$T/unicode.txt" "$T/enc3" --as-of 2026-03-01
check "Excel's \"Unicode text\" (UTF-16 with a BOM, tabs, a .txt) imports, its values read" sh -c "[ \$(cat '$T/rc') = 0 ] && grep -q '^title: \"Sécurité des accès\"' '$T/enc3/objectives/OBJ-031.md' && grep -q '^    target: 95\$' '$T/enc3/objectives/OBJ-031.md' && grep -q 'due 2026-12-31' '$T/enc3/objectives/OBJ-031.md'"
run import "$T/unicode.txt" "$T/enc3" --encoding ebcdic
check "--encoding with an unknown encoding is a usage error (exit 2, one line and the hint)" sh -c "[ \$(cat '$T/rc') = 2 ] && head -n 1 '$T/err' | grep -q \"^objreg: error: --encoding needs utf-8, windows-1252, iso-8859-1, iso-8859-15 or windows-1250, not 'ebcdic'\$\""
run check "$T/enc3" --encoding cp1252
check "check does not take --encoding (import only): exit 2" sh -c "[ \$(cat '$T/rc') = 2 ] && grep -q \"'check' does not take '--encoding'\" '$T/err'"

# --- the current values written so that the pack's csv: settings read them back exactly ---
printf 'ID;Ziel;Kennzahl;Zielwert;Istwert\nZ1;Quote;Quote;≥ 95 %%;99,5 %% (2026-03)\nZ2;Zeit;Zeit;max. 2 h;1 h 0,125 min (2026-03)\n' >"$T/Ziele-Übersicht.csv"
for cfg in 'decimal: ",", thousands: "."' 'thousands: "."' 'encoding: windows-1252' ''; do
  rm -rf "$T/csvcfg"
  "$OBJREG" init -q "$T/csvcfg"
  rm "$T/csvcfg/objectives/OBJ-001.md"
  [ -n "$cfg" ] && printf 'csv: {%s}\n' "$cfg" >>"$T/csvcfg/pack.yml"
  run import "$T/Ziele-Übersicht.csv" "$T/csvcfg" --encoding utf-8 --as-of 2026-04-01
  "$OBJREG" dump "$T/csvcfg" >"$T/dump" 2>&1
  check "imported values read back exactly with csv: {${cfg:-nothing set}} (60.125 min is not 60125)" sh -c "
    [ \$(cat '$T/rc') = 0 ] && grep -q 'mrow Z1 M1 date=2026-03-31 value=99.5 ' '$T/dump' &&
    grep -q 'mrow Z2 M1 date=2026-03-31 value=60.125 ' '$T/dump' && ! grep -q 'P-VALUE\|E-UTF8' '$T/err'"
done

# --- a register with a hidden row or column: refused, nothing imported (what is imported is what the sheet shows) ---
for v in row col; do
  $PY - "$T/hidden-$v.xlsx" "$v" <<'EOF'
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Register"
ws.append(["ID", "Objective", "Metric", "Target", "Target", "Baseline"])
ws.append(["H1", "Patch coverage", "Coverage", "90%", "95%", "80%"])   # D: an old target
ws.append(["H2", "Withdrawn objective", "m", "1", "1", "2"])
ws.row_dimensions[9].hidden = True                                     # hidden and empty: no matter
if sys.argv[2] == "col": ws.column_dimensions["D"].hidden = True
else: ws.row_dimensions[3].hidden = True
wb.save(sys.argv[1])
EOF
  rm -rf "$T/hid"
  "$OBJREG" init -q "$T/hid"
  rm "$T/hid/objectives/OBJ-001.md"
  run import "$T/hidden-$v.xlsx" "$T/hid"
  case $v in row) where="hidden-row.xlsx:3:1: error: sheet 'Register', row 3 is hidden" ;; col) where="hidden-col.xlsx:1:4: error: sheet 'Register', column D is hidden" ;; esac
  check "import: a hidden $v that holds values is refused at it (exit 2), nothing written" sh -c "
    [ \$(cat '$T/rc') = 2 ] && grep -q \"$where\" '$T/err' && [ -z \"\$(ls '$T/hid/objectives')\" ]"
done

# --- values that could be misread are kept as written (never a target that shows green) ---
$PY - "$T/misread.xlsx" <<'EOF'
import datetime, sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Register"
ws.append(["ID", "Objective", "Metric", "Unit", "Baseline", "Target", "Current value", "As of"])
d = datetime.date(2026, 10, 31)
ws.append(["S-1", "Strictly below", "Major incidents", "incidents", 12, "<5", 5, d])         # 5 fails '<5'
ws.append(["S-2", "Strictly above", "Coverage", None, "80%", "> 95% by 2026-12-31", "96%", d])
ws.append(["S-3", "At most", "Major incidents", "incidents", 12, "<= 5", 5, d])            # 5 meets '<= 5'
ws.append(["S-4", "At least", "Coverage", None, "80%", "≥ 95% by 2026-12-31", "96%", d])
ws.append(["N-1", "Ratio", "Ratio", "ratio", 1.5, 1.425, 1.25, d])                          # number cells: exact
ws.append(["N-2", "Ratio", "Ratio", "ratio", 1.5, "1.425", "1,250", d])                     # typed: 1425 or 1.425?
ws.append(["N-3", "Error rate", "Errors", None, "2%", 0.01425, 0.012, d])                  # percent cells: 1.425%, 1.2%
ws["F8"].number_format = "0.000%"; ws["G8"].number_format = "0.0%"
ws.append(["F-1", "Click rate", "Click rate", None, 0.20, 0.05, 0.12, d])                   # 20%, 5%, 0.12 (General)
ws["E9"].number_format = "0%"; ws["F9"].number_format = "0%"
ws.append(["F-2", "Click rate", "Click rate", "%", 20, 5, "0.12", d])                       # unit column %, text 0.12
ws.append(["F-3", "Click rate", "Click rate", None, "20%", "5%", 0, d])                     # 0 is 0 either way
ws.append(["F-4", "Click rate", "Click rate", None, "20%", "5%", 12, d])                    # 12: percentage points
ws.append(["F-5", "Availability", "Availability", None, "99%", "at least 99.9%", 1, d])     # 1: 100 % or 1 %?
wb.save(sys.argv[1])
EOF
"$OBJREG" init -q "$T/misread"
rm "$T/misread/objectives/OBJ-001.md"
run import "$T/misread.xlsx" "$T/misread" --as-of 2026-11-27
for f in "$T"/misread/objectives/*.md; do sed -i 's/^status: draft/status: active/' "$f"; done
"$OBJREG" dump "$T/misread" --as-of 2026-11-27 >"$T/misread.dump" 2>&1
M=$T/misread/objectives
check "import: a strict '<5' is kept as written, no target, no direction; 5 is not achieved" sh -c "
  [ \$(cat '$T/rc') = 0 ] && grep -q '^    target:\$' '$M/S-1.md' && ! grep -q '^    direction: [a-z]' '$M/S-1.md' &&
  grep -q '^- Target (F2): \\\\<5 — kept as written: not a value objreg reads exactly\$' '$M/S-1.md' &&
  grep -A1 '^objective S-1 ' '$T/misread.dump' | grep -q 'measure M1 rows=1 latest=5 .*status=no-plan .*rag=amber'"
check "import: a strict '> 95%' is kept as written, no target, no due date" sh -c "
  grep -q '^    target:\$' '$M/S-2.md' && ! grep -q '^    due: 2026-12-31' '$M/S-2.md' &&
  grep -q '^- Target (F3): \\\\> 95% by 2026-12-31 — kept as written: not a value objreg reads exactly\$' '$M/S-2.md'"
check "import: '<= 5' and '≥ 95%' are targets with their direction (at most, at least); 5 meets '<= 5'" sh -c "
  grep -q '^    target: 5\$' '$M/S-3.md' && grep -q '^    direction: decrease' '$M/S-3.md' &&
  grep -q \"target 5 incidents, direction decrease (from 'at most')\" '$M/S-3.md' &&
  grep -q '^    target: 95\$' '$M/S-4.md' && grep -q '^    direction: increase' '$M/S-4.md' && grep -q '^    due: 2026-12-31' '$M/S-4.md' &&
  grep -A1 '^objective S-3 ' '$T/misread.dump' | grep -q 'status=achieved'"
check "import: a number cell 1.425 is read exactly; the same typed as text, and 1,250, are kept as written" sh -c "
  grep -q '^    target: 1.425\$' '$M/N-1.md' && grep -q '^    baseline: 1.5\$' '$M/N-1.md' && grep -q '^N-1,M1,2026-10-31,1.25,' '$T/misread/progress/imported.csv' &&
  grep -q '^    target:\$' '$M/N-2.md' && grep -q '^- Target (F7): 1.425 — kept as written' '$M/N-2.md' &&
  grep -q '^- Current value (G7): 1,250 — kept as written' '$M/N-2.md' && ! grep -q '^N-2,' '$T/misread/progress/imported.csv' &&
  grep -q '^    target: 1.425\$' '$M/N-3.md' && grep -q '^    unit: \"%\"' '$M/N-3.md' && grep -q '^N-3,M1,2026-10-31,1.2,' '$T/misread/progress/imported.csv'"
check "import: a General 0.12 among percent cells is kept as written (a fraction or 0.12 %?), not in progress/" sh -c "
  grep -q '^    baseline: 20\$' '$M/F-1.md' && grep -q '^    target: 5\$' '$M/F-1.md' && grep -q '^    unit: \"%\"' '$M/F-1.md' &&
  grep -q '^- Current value (G9): 0.12 — kept as written: 0.12 without a % sign, in a measure in %, is a fraction (12 %) or 0.12 %: write it with its % sign\$' '$M/F-1.md' &&
  ! grep -q '^F-1,' '$T/misread/progress/imported.csv' && grep -A1 '^objective F-1 ' '$T/misread.dump' | grep -q 'measure M1 rows=0 .*status=no-data'"
check "import: 0.12 typed in a measure whose unit column says %, and 1 where the target is 99.9%, are kept as written too" sh -c "
  grep -q '^    target: 5\$' '$M/F-2.md' && grep -q '^- Current value (G10): 0.12 — kept as written: 0.12 without a % sign' '$M/F-2.md' &&
  ! grep -q '^F-2,' '$T/misread/progress/imported.csv' && grep -q '^- Current value (G13): 1 — kept as written: 1 without a % sign, in a measure in %, is a fraction (100 %) or 1 %' '$M/F-5.md' &&
  ! grep -q '^F-5,' '$T/misread/progress/imported.csv'"
check "import: 0 and 12 without a % sign in a measure in % are read (0 either way; 12 is no fraction)" sh -c "
  grep -q '^F-3,M1,2026-10-31,0,' '$T/misread/progress/imported.csv' && grep -q '^F-4,M1,2026-10-31,12,' '$T/misread/progress/imported.csv'"

# A German pack without csv: settings reads 1.425 in its ','-delimited files as
# ambiguous (1.425 or 1425): import writes the number cell 1.425 as 1.4250, which
# the pack reads back as 1.425, without a finding.
mkdir -p "$T/rt"
$PY - "$T/rt/reg.xlsx" <<'PYEOF'
import datetime, sys
import openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'Register'
ws.append(['Nr.', 'Ziel', 'Kennzahl', 'Einheit', 'Zielwert', 'Istwert', 'Messdatum'])
ws.append(['Z-01', 'Patchdauer senken', 'Mittlere Patchdauer', 'Tage', 3, 1.425, datetime.date(2026, 10, 31)])
ws.cell(2, 7).number_format = 'dd.mm.yyyy'
wb.save(sys.argv[1])
PYEOF
"$OBJREG" init "$T/rt/pk" --language de >/dev/null 2>&1
"$OBJREG" import "$T/rt/reg.xlsx" "$T/rt/pk" --as-of 2026-12-01 >"$T/rt/out" 2>&1
check "import into a German pack: 1.425 is written as 1.4250, which the pack reads back as 1.425" sh -c "
  grep -q '^Z-01,M1,2026-10-31,1.4250,' '$T/rt/pk/progress/imported.csv' && ! grep -q 'progress/imported.csv:' '$T/rt/out' &&
  '$OBJREG' dump '$T/rt/pk' | grep -q '^mrow Z-01 M1 date=2026-10-31 value=1.425 '"

# --- dates and times as the sheet shows them --------------------------------------
# 'h:mm' shows a time of day (hours modulo 24), '[h]:mm' elapsed hours; a date
# formatted 'mmm yyyy' shows a month, never its first day: kept as written where a
# typed month is (due, review, baseline date), the month's last day under As of.
$PY - "$T/shown-dates.xlsx" <<'EOF'
import datetime, sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Register"
ws.append(["ID", "Objective", "Metric", "Unit", "Baseline", "Baseline date", "Target", "Current value", "As of",
           "Due", "Next review", "Source"])
ws.append(["T-1", "Time of day", "Tickets", "tickets", 10, datetime.date(2026, 1, 15), 5, 7,
           datetime.date(2026, 10, 15), datetime.date(2026, 12, 31), datetime.date(2026, 12, 31),
           datetime.datetime(2026, 11, 20, 3, 0)])
ws["L2"].number_format = "h:mm"
ws.append(["T-2", "Elapsed", "Tickets", "tickets", 10, None, 5, None, None, None, None, 1.125])
ws["L3"].number_format = "[h]:mm"
ws.append(["M-1", "Month shown", "Tickets", "tickets", 10, datetime.date(2026, 1, 1), 5, 7,
           datetime.date(2026, 10, 1), datetime.date(2026, 12, 1), datetime.date(2027, 3, 1), None])
for c in ("F4", "I4", "J4"):
    ws[c].number_format = "mmm yyyy"
ws["K4"].number_format = "yyyy-mm"
ws.append(["M-2", "Year shown", "Tickets", "tickets", 10, None, 5, 7, datetime.date(2026, 1, 1),
           datetime.date(2026, 1, 1), None, None])
ws["I5"].number_format = "yyyy"; ws["J5"].number_format = "yyyy"
wb.save(sys.argv[1])
EOF
"$OBJREG" init -q "$T/shown-dates"
rm "$T/shown-dates/objectives/OBJ-001.md"
run import "$T/shown-dates.xlsx" "$T/shown-dates" --as-of 2026-11-27
M=$T/shown-dates/objectives
check "import: 'h:mm' shows the time of day (3:00, not 1112307:00), '[h]:mm' elapsed hours (27:00)" sh -c "
  [ \$(cat '$T/rc') = 0 ] && grep -q '^- Source (L2): 03:00:00 — ' '$M/T-1.md' && grep -q '^- Source (L3): 27:00:00 — ' '$M/T-2.md'"
check "import: a day-formatted due, review and as-of date is read as that day" sh -c "
  grep -q '^due: 2026-12-31' '$M/T-1.md' && grep -q '^T-1,M1,2026-10-15,7,' '$T/shown-dates/progress/imported.csv'"
check "import: a date cell shown as a month ('mmm yyyy', 'yyyy-mm') is kept as written in due, review, baseline date" sh -c "
  ! grep -q '^due: 2026-12' '$M/M-1.md' && ! grep -q 'next: 2027-03' '$M/M-1.md' && ! grep -q 'baseline_date: 2026-01' '$M/M-1.md' &&
  grep -q '^- Due (J4): 2026-12 — kept as written' '$M/M-1.md' && grep -q '^- Next review (K4): 2027-03 — kept as written' '$M/M-1.md' &&
  grep -q '^- Baseline date (F4): 2026-01 — kept as written' '$M/M-1.md'"
check "import: a date cell shown as a month or a year under As of is its last day (2026-10-31, 2026-12-31)" sh -c "
  grep -q '^- As of (I4): 2026-10 — the date of the current value' '$M/M-1.md' &&
  grep -q '^M-1,M1,2026-10-31,7,' '$T/shown-dates/progress/imported.csv' &&
  grep -q '^M-2,M1,2026-12-31,7,' '$T/shown-dates/progress/imported.csv' && grep -q '^- Due (J5): 2026 — kept as written' '$M/M-2.md'"

# --- a German and a French pack: import writes in the pack's language -------------
# The comments of the front matter, the body's headings and sentence, the note of
# how each cell was read, and a progress row's note and evidence are German or
# French (the wording of templates/LL/objective.md); keys, ids and enumerated
# values stay English; the check finds the same in every language.
for lang in en de fr; do
  "$OBJREG" init -q "$T/lang-$lang" --language "$lang"
  rm "$T/lang-$lang/objectives/OBJ-001.md"
  run import "$ROOT/tests/import/register.csv" "$T/lang-$lang" --as-of 2026-03-01 -q
  echo "$(cat "$T/rc")" >"$T/lang-$lang.rc"
  "$OBJREG" init -q "$T/lang-$lang-x" --language "$lang"
  rm "$T/lang-$lang-x/objectives/OBJ-001.md"
  run import "$ROOT/tests/import/register-libreoffice.xlsx" "$T/lang-$lang-x" --as-of 2026-03-01 -q
  echo "$(cat "$T/rc")" >>"$T/lang-$lang.rc"
  for p in "lang-$lang" "lang-$lang-x"; do
    "$OBJREG" check "$T/$p" --as-of 2026-03-01 --format json >"$T/$p.json" 2>/dev/null
    echo $? >"$T/$p.check-rc"
  done
  "$OBJREG" build "$T/lang-$lang" -o "$T/lang-$lang-out" --as-of 2026-03-01 -q >/dev/null 2>&1
  pdftotext "$T/lang-$lang-out/"*-register.pdf "$T/lang-$lang.txt" 2>/dev/null
done
$PY - "$T" <<'PY'
import glob, json, re, sys
T = sys.argv[1]
NB, NN = "\u00a0", "\u202f"
def ok(cond, what, detail=""):
    print(("ok - " if cond else "not ok - ") + what)
    if not cond and detail:
        print("  " + str(detail)[:600])
def read(p):
    return open(p, encoding="utf-8").read()
def objectives(pack):
    return {p.rsplit("/", 1)[1]: read(p) for p in sorted(glob.glob(f"{T}/{pack}/objectives/*.md"))}
def lines_of(text, pattern):
    return [l for l in text.splitlines() if re.search(pattern, l)]

# What import writes for people, in English, that a German or French pack must not show.
english = ["Imported by objreg import", "A draft: complete it", "# increase | decrease", "## Statement",
           "## From the imported register", "Every cell of the row", "how objreg read it", "kept as written",
           "measure M1:", "line 2, field", "the date of the current value", "next review", "(as above)",
           "— title", "— owner", "— risks", "— policy", "— action A1", "starts as a draft"]
for lang in ("en", "de", "fr"):
    ok(read(f"{T}/lang-{lang}.rc").split() == ["0", "0"], f"import into a pack in {lang} (CSV and XLSX) exits 0")

want = {
  "de": {
    "ISO-01.md": ["# Importiert mit objreg import aus register.csv, Zeile 2.",
                  "# Ein Entwurf (draft): Vervollständigen Sie ihn (objreg check nennt, was noch fehlt), dann setzen Sie status: active.",
                  "    direction:          # increase (höher ist besser) | decrease (niedriger ist besser)",
                  "## Aussage", "## Aus dem importierten Register",
                  "Jede Zelle der Zeile zu „ISO-01“ in register.csv, mit Spalte, Zeile und Feld und wie objreg sie gelesen hat:",
                  "- ID (Zeile 2, Feld 1): ISO-01 — ID",
                  "- Objective (Zeile 2, Feld 2): Reduce the phishing click rate — Titel",
                  "- Baseline (Zeile 2, Feld 5): 12% (2025-01) — Kennzahl M1: Ausgangswert 12" + NB + "% am 2025-01-31",
                  "- Target (Zeile 2, Feld 6): \\<5% by 2026-12-31 — wie geschrieben belassen: kein Wert, den objreg genau liest",
                  "- Frequency (Zeile 2, Feld 7): Quarterly — Kennzahl M1: Häufigkeit quarterly",
                  "- Current Value (Zeile 2, Feld 8): 5.8% (2025-12) — progress/imported.csv: Kennzahl M1 ist 5,8" + NB + "% am 2025-12-31",
                  "- Review Date (Zeile 2, Feld 10): 2026-03-31 — nächste Überprüfung",
                  "- Risk (Zeile 2, Feld 11): R-001 — Risiken",
                  "- Action (Zeile 2, Feld 13): Quarterly phishing simulations — Maßnahme A1"],
    "IMP-001.md": ["- Target (Zeile 7, Feld 6): 100% by 2026-06-30 — Kennzahl M1: Zielwert 100" + NB +
                   "%, Richtung increase (aus Ausgangswert und Zielwert), fällig am 2026-06-30"],
    "ISO-02.md": ["- Current Value (Zeile 3, Feld 8): 88.5 — wie geschrieben belassen: Kein Datum sagt, wann gemessen wurde "
                  "(tragen Sie in progress/ eine Zeile mit dem Datum ein)"],
  },
  "fr": {
    "ISO-01.md": ["# Importé par objreg import depuis register.csv, ligne 2.",
                  "# Un brouillon (draft)" + NB + ": complétez-le (objreg check indique ce qui manque encore), puis passez status à active.",
                  "    direction:          # increase (plus haut est mieux) | decrease (plus bas est mieux)",
                  "## Énoncé", "## Repris du registre importé",
                  "Chaque cellule de la ligne «" + NB + "ISO-01" + NB + "» dans register.csv, avec sa colonne, sa ligne et son champ, "
                  "et la façon dont objreg l'a lue" + NB + ":",
                  "- ID (ligne 2, champ 1)" + NB + ": ISO-01 — identifiant",
                  "- Baseline (ligne 2, champ 5)" + NB + ": 12% (2025-01) — indicateur M1" + NB + ": valeur de référence 12" + NN + "% le 2025-01-31",
                  "- Target (ligne 2, champ 6)" + NB + ": \\<5% by 2026-12-31 — conservé tel quel" + NB + ": pas une valeur qu'objreg lit exactement",
                  "- Current Value (ligne 2, champ 8)" + NB + ": 5.8% (2025-12) — progress/imported.csv" + NB +
                  ": indicateur M1 vaut 5,8" + NN + "% au 2025-12-31",
                  "- Status (ligne 2, champ 9)" + NB + ": On track — conservé tel quel" + NB + ": un objectif importé commence en brouillon (draft)" +
                  NN + "; fixez son statut une fois qu'il est approuvé"],
    "IMP-001.md": ["- Target (ligne 7, champ 6)" + NB + ": 100% by 2026-06-30 — indicateur M1" + NB + ": cible 100" + NN +
                   "%, sens increase (d'après la valeur de référence et la cible), échéance 2026-06-30"],
  },
}
for lang in ("de", "fr"):
    objs = objectives(f"lang-{lang}")
    missing = [(f, l) for f, ls in want[lang].items() for l in ls if l not in objs.get(f, "").splitlines()]
    ok(not missing, f"import into a {lang} pack: comments, headings and notes in {lang}", missing[:3])
    for pack in (f"lang-{lang}", f"lang-{lang}-x"):
        left = [(f, e) for f, text in objectives(pack).items() for e in english
                if e in text and not (lang == "fr" and e == "— action A1")]  # French for action A1 too
        ok(not left, f"import into a {lang} pack ({'XLSX' if pack.endswith('-x') else 'CSV'}): no English text of import's own", left[:3])
    # keys and enumerated values stay English: the front matter is the English pack's, comments aside
    en = objectives("lang-en")
    strip = lambda t: [re.sub(r"\s+#.*$", "", l) for l in t.split("\n---\n", 1)[0].splitlines() if not l.startswith("#")]
    diff = [f for f in en if strip(en[f]) != strip(objs.get(f, ""))]
    ok(not diff and len(en) == 5, f"{lang}: the front matter (keys, values, enumerated words) is the English pack's", diff)

xlsx = {"de": ["# Importiert mit objreg import aus register-libreoffice.xlsx, Blatt „register“, Zeile 2.",
               "Jede Zelle der Zeile zu „ISO-01“ in register-libreoffice.xlsx (Blatt „register“), mit Spalte, Zelle und wie objreg sie gelesen hat:"],
        "fr": ["# Importé par objreg import depuis register-libreoffice.xlsx, feuille «" + NB + "register" + NB + "», ligne 2.",
               "Chaque cellule de la ligne «" + NB + "ISO-01" + NB + "» dans register-libreoffice.xlsx (feuille «" + NB + "register" + NB +
               "»), avec sa colonne, sa cellule et la façon dont objreg l'a lue" + NB + ":"]}
for lang, ls in xlsx.items():
    text = objectives(f"lang-{lang}-x")["ISO-01.md"].splitlines()
    ok(all(l in text for l in ls), f"import of a workbook into a {lang} pack: the sheet named in {lang}", [l for l in ls if l not in text])

# the progress rows' note and evidence
prog = {"en": "ISO-01,M1,2025-12-31,5.8,imported: 5.8% (2025-12),\"register.csv line 2, field 8\"",
        "de": "ISO-01,M1,2025-12-31,5.8,importiert: 5.8% (2025-12),\"register.csv Zeile 2, Feld 8\"",
        "fr": "ISO-01,M1,2025-12-31,5.8,importé" + NB + ": 5.8% (2025-12),\"register.csv ligne 2, champ 8\""}
for lang, line in prog.items():
    rows = read(f"{T}/lang-{lang}/progress/imported.csv").splitlines()
    ok(line in rows, f"progress/imported.csv in a {lang} pack: the note and the evidence in {lang}", rows[:2])

# French typography in what import wrote (the register's own cells aside): a no-break
# space before ':', a narrow one before ';', '!', '?'
bad = []
for pack in ("lang-fr", "lang-fr-x"):
    for f, text in objectives(pack).items():
        for l in text.splitlines():
            if l.startswith("- "):
                m = re.match(r"- .*? \(([^()]*)\)(.): .*? — (.*)$|- .*? \(([^()]*)\)(.): ", l)
                own = [m.group(3)] if m and m.group(3) else []
                if not m or (m.group(2) or m.group(5)) != NB:
                    bad.append(l)
            elif l.startswith("# ") or l.startswith("Chaque cellule"):
                own = [l]
            else:
                own = []
            bad += [s for s in own if re.search(r" [:;!?]|« | »|[^\s\u00a0«][:](?= )|[^\s\u202f][;!?](?= )", s)]
ok(not bad, "import into a fr pack: no-break spaces before : and narrow ones before ; in import's texts", bad[:3])

# the check finds the same in every language (its messages are English in all three)
for x in ("", "-x"):
    res = {}
    for lang in ("en", "de", "fr"):
        d = json.load(open(f"{T}/lang-{lang}{x}.json"))
        res[lang] = (read(f"{T}/lang-{lang}{x}.check-rc").strip(), d["summary"],
                     sorted((f["file"], f["line"], f["column"], f["severity"], f["rule"], f["objective"]) for f in d["findings"]))
    ok(res["en"][1]["errors"] == 0 and res["en"][1]["objectives"] == 5 and res["en"] == res["de"] == res["fr"],
       f"check of the imported pack ({'XLSX' if x else 'CSV'}): the same status, summary and findings in en, de and fr",
       {k: v[:2] for k, v in res.items()})

# the register PDF built from the imported pack (pdftotext: no-break spaces as spaces)
pdf = {"de": ["Aussage", "Aus dem importierten Register", "Jede Zelle der Zeile zu „ISO-01“ in register.csv",
              "Kennzahl M1: Ausgangswert 12 % am 2025-01-31", "wie geschrieben belassen: kein Wert, den objreg genau liest"],
       "fr": ["Énoncé", "Repris du registre importé", "Chaque cellule de la ligne « ISO-01 » dans register.csv",
              "indicateur M1 : valeur de référence 12 % le 2025-01-31", "conservé tel quel : pas une valeur qu'objreg lit exactement"],
       "en": ["Statement", "From the imported register", "Every cell of the row of 'ISO-01' in register.csv",
              "measure M1: baseline 12 % on 2025-01-31", "kept as written: not a value objreg reads exactly"]}
for lang, frags in pdf.items():
    try:
        text = " ".join(read(f"{T}/lang-{lang}.txt").replace(NB, " ").replace(NN, " ").split())
    except OSError:
        text = ""
    miss = [s for s in frags if s not in text]
    others = [s for l, fs in pdf.items() if l != lang for s in fs[1:]]
    shown = [s for s in others if s in text]
    ok(text and not miss and not shown, f"the register PDF of a pack imported in {lang} shows import's texts in {lang}",
       (miss, shown))
PY
