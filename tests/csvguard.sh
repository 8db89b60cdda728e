#!/bin/sh
# tests/csvguard.sh BUILD - spreadsheet exports that used to be read other than
# their author meant, each on the German example pack: every one is now read
# exactly or refused at its place.
#   1  a ','-delimited file of a German pack: 1.105 is ambiguous (1105 as the
#      spreadsheet shows it), read only with csv.decimal: "."
#   2  likelihood x impact in decimal: 0,3 x 3 is 0.9, the bound of "hoch"
#   3  a register column named twice (level and Level): E-CSV
#   4  "3,2" unquoted in a ','-delimited register with a decimal comma: E-FIELD
#   5  a carriage return alone (classic Mac line ends; a stray one in a value)
#   6  a quote left open that takes the next rows into a note
#   7  an accented word decomposed (NFD) reads as the composed one
#   8  a column name with a no-break space after it is that column
#   9  windows-1250 (Polish and Czech Excel); C1 controls; UTF-8 pasted into windows-1252
#  10  a blank first line before the header
#  11  U+2019 groups thousands as "'" does (Swiss Excel)
#  12  dates: a year typed short (0026), a day that does not exist
#  13  an id with an invisible character: the message names it
#  14  a progress workbook's date cell formatted to show the month alone
#  15  a finding that quotes a value of two lines stays one line
#  16  evidence whose path runs through a file
# Prints "ok - WHAT" or "not ok - WHAT: DETAIL".
set -u
BUILD=${1:-build}
OBJREG=$BUILD/objreg
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
fails=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1: $2"; fails=1; }
# has WHAT TEXT FILE: FILE holds the line TEXT (fixed string, whole line)
has() { if grep -qxF -- "$2" "$3"; then ok "$1"; else not_ok "$1" "got: $(cat "$3")"; fi; }
# lacks WHAT TEXT FILE: no line of FILE contains TEXT
lacks() { if grep -qF -- "$2" "$3"; then not_ok "$1" "got: $(grep -F -- "$2" "$3")"; else ok "$1"; fi; }
fresh() {  # a copy of the German example in $P, its progress files removed
  P=$T/$1
  cp -r examples/de "$P"
  rm -f "$P"/progress/*
}
csv() {  # csv TEXT: the pack's csv: settings (its last section) replaced by TEXT
  sed -i '/^csv:/,$d' "$P/pack.yml"
  { printf 'csv:\n'; printf "$1"; } >>"$P/pack.yml"
}
check() { "$OBJREG" check "$P" --no-color >"$T/out" 2>&1; }
dump() { "$OBJREG" dump "$P" >"$T/dump" 2>&1; }

# 1. 1.105 in a ','-delimited file of a German pack, csv: as the defaults
fresh de-comma
csv ""
printf 'objective,measure,date,value,note\r\nZIEL-03,M2,2026-09-30,870,\r\nZIEL-03,M2,2026-10-31,1.105,\r\n' >"$P/progress/m.csv"
check
has "de pack, ','-delimited: 1.105 is refused as ambiguous" "progress/m.csv:3:23: error: invalid value '1.105' for measure 'M2' (unit 'Befunde'): ambiguous: 1.105 with '.' as the decimal mark (csv.decimal: \".\"), or 1105 with '.' grouping thousands (csv.thousands: \".\"); set one of them under csv: in pack.yml [P-VALUE]" "$T/out"
csv '  decimal: "."\n'
dump
has "de pack, ','-delimited, csv.decimal \".\": 1.105 is read as 1.105" "mrow ZIEL-03 M2 date=2026-10-31 value=1.105 note=-" "$T/dump"

# 2. likelihood x impact at a level's bound
fresh score
echo 'risk_levels: {kritisch: 3, sehr hoch: 2.1, hoch: 0.9, mittel: 0.3, niedrig: 0.1}' >>"$P/pack.yml"
cat >"$P/risks.csv" <<'CSV'
id;title;likelihood;impact;score;treatment;owner;status
R-01;Unberechtigte Änderung;0,3;4;;mindern;IT;offen
R-02;Phishing;0,3;3;;mindern;ISB;offen
R-03;Schwachstellen;0,7;3;2,1;mindern;IT;offen
R-04;Ransomware;0,6;5;;mindern;IT;offen
CSV
dump
check
if grep -q '^risk R-02 level=high ' "$T/dump" && grep -q '^risk R-03 level=very high ' "$T/dump"; then
  ok "0,3 x 3 is 0.9 (high) and 0,7 x 3 is 2.1 (very high), as a reader computes"
else
  not_ok "0,3 x 3 is 0.9 (high) and 0,7 x 3 is 2.1 (very high), as a reader computes" "$(grep '^risk R-0[23]' "$T/dump")"
fi
lacks "a score of 2,1 for 0,7 x 3 agrees with its rating" "likelihood x impact" "$T/out"

# 3. a register column named twice
fresh dupcol
printf 'id,title,level,treatment,owner,status,Level\nR-01,Änderung,hoch,mindern,IT,offen,kritisch\n' >"$P/risks.csv"
check
has "risks.csv: 'level' twice is E-CSV at the second" "risks.csv:1:39: error: the header has the column 'level' more than once: objreg would not know which to read; rename or remove all but one; file not used [E-CSV]" "$T/out"
printf 'id,title,source,type,Type\nREQ-1,Gesetz,BSI,legal,contractual\n' >"$P/requirements.csv"
check
has "requirements.csv: 'type' twice is E-CSV at the second" "requirements.csv:1:22: error: the header has the column 'type' more than once: objreg would not know which to read; rename or remove all but one; file not used [E-CSV]" "$T/out"

# 4. an unquoted decimal comma in a ','-delimited register
fresh split
printf 'id,title,treatment,likelihood,impact,owner\nR-01,Änderung,mindern,4,4,IT\nR-09,USB,mindern,3,2,5\n' >"$P/risks.csv"
check
has "risks.csv: '3,2,5' where an owner is due is refused" "risks.csv:3:22: error: risk 'R-09': the impact '2' is followed by a field '5': an unquoted decimal comma (\"2,5\")? Quote the impact, or the field after it if it is not one [E-FIELD]" "$T/out"
lacks "risks.csv: likelihood 4 then impact 4 is no split" "R-01" "$T/out"
csv '  thousands: "."\n'
printf 'id,title,treatment,likelihood,impact,residual likelihood,owner\nR-01,Änderung,mindern,3,4,2,IT\n' >"$P/risks.csv"
check
lacks "risks.csv: an impact followed by a column of the register's own numbers is no split" "decimal comma" "$T/out"

# 5. a carriage return alone
fresh cr
printf 'objective;measure;date;value;note\rZIEL-03;M2;2026-09-30;870;\r' >"$P/progress/mac.csv"
printf 'objective;measure;date;value;note\r\nZIEL-03;M2;2026-10-31;12\r34;\r\n' >"$P/progress/stray.csv"
check
has "classic Mac line ends are E-CSV at the first CR" "progress/mac.csv:1:34: error: CSV syntax error: a carriage return (CR) not followed by a line feed: save the file with Windows (CRLF) or Unix (LF) line ends, and remove the CR from any value; file not used [E-CSV]" "$T/out"
has "a CR inside a value is E-CSV there, not a row '34'" "progress/stray.csv:2:25: error: CSV syntax error: a carriage return (CR) not followed by a line feed: save the file with Windows (CRLF) or Unix (LF) line ends, and remove the CR from any value; file not used [E-CSV]" "$T/out"
lacks "no row '34' is read" "'34'" "$T/out"
rm "$P/progress/mac.csv" "$P/progress/stray.csv"
printf 'objective;measure;date;value;note\r\r\nZIEL-03;M2;2026-09-30;870;\r\r\n' >"$P/progress/crcr.csv"
dump
has "CR CR LF line ends (a CSV writer on Windows in text mode) are line ends" "mrow ZIEL-03 M2 date=2026-09-30 value=870 note=-" "$T/dump"
printf 'objective;measure;date;value;note\r\nZIEL-03;M2;2026-10-31;870;"Zeile eins\rZeile zwei"\r\n' >"$P/progress/quoted.csv"
dump
has "a CR inside a quoted value is part of its text" "$(printf 'mrow ZIEL-03 M2 date=2026-10-31 value=870 note=Zeile eins\rZeile zwei')" "$T/dump"

# 6. a quote left open takes rows into a note
fresh quote
printf 'objective;measure;date;value;note\nZIEL-03;M2;2026-08-31;1234;"Scan läuft\nZIEL-03;M2;2026-09-30;950;\nZIEL-03;M2;2026-10-31;870;Monitor 24"\n' >"$P/progress/q.csv"
check
has "a quote that takes in the next rows is E-CSV at that quote" "progress/q.csv:2:28: error: CSV syntax error: a quoted field takes in lines that begin like the rows of this file: close the quote where the value ends, or double a quote that is part of the text (\"\"); file not used [E-CSV]" "$T/out"
printf 'objective;measure;date;value;note\nZIEL-03;M2;2026-10-31;870;"zwei\nZeilen; mit ZIEL-03 darin"\n' >"$P/progress/q.csv"
check
lacks "a note over two lines that begins otherwise is read" "q.csv" "$T/out"
printf 'objective;measure;date;value;note\nZIEL-03;M2;2026-10-31;870;"Mit IT besprochen.\nZIEL-03; M1 nutzt dieselbe Quelle."\n' >"$P/progress/q.csv"
check
lacks "a note line that begins with the row's objective but is no row is read" "q.csv" "$T/out"

# 7. words decomposed (NFD): "übertragen" as u + U+0308
fresh nfd
UE=$(printf 'u\314\210bertragen')
printf 'id,title,level,treatment,owner,status\nR-01,Versicherung,hoch,%s,IT,offen\n' "$UE" >"$P/risks.csv"
dump
check
if grep -q '^risk R-01 level=high treatment=share ' "$T/dump" && ! grep -q 'risks.csv' "$T/out"; then
  ok "a treatment with a combining accent (u + U+0308) reads as the composed word"
else
  not_ok "a treatment with a combining accent (u + U+0308) reads as the composed word" "$(grep '^risk R-01' "$T/dump"; grep risks.csv "$T/out")"
fi
printf 'vocabulary:\n  treatment: {"%s": avoid}\n' "$UE" >>"$P/pack.yml"
check
if grep -q "^pack.yml:.*already reads as another treatment.*\[E-FIELD\]$" "$T/out"; then
  ok "a vocabulary term that, decomposed, spells a built-in word is a clash"
else
  not_ok "a vocabulary term that, decomposed, spells a built-in word is a clash" "$(cat "$T/out")"
fi

# 8. column names with spaces around them
fresh names
printf 'objective;measure;date;value\302\240;value\nZIEL-03;M2;2026-10-31;1870;870\n' >"$P/progress/a.csv"
printf 'objective;measure;date;" value"\nZIEL-03;M2;2026-09-30;900\n' >"$P/progress/b.csv"
check
has "'value' + U+00A0 and 'value' are one column named twice" "progress/a.csv:1:31: error: the header has the column 'value' more than once: objreg would not know which to read; rename or remove all but one; file not used [E-CSV]" "$T/out"
dump
has "' value' (quoted, a space before) is the value column" "mrow ZIEL-03 M2 date=2026-09-30 value=900 note=-" "$T/dump"

# 9. encodings
fresh cp1250
csv '  decimal: ","\n  encoding: windows-1250\n'
printf 'id,title,level,treatment,owner,status\nR-01,Wyciek danych,hoch,mindern,Kierownik dzia\263u kadr \226 \243\363d\237,offen\n' >"$P/risks.csv"
dump
has "windows-1250: Łódź is read as Łódź" "$(printf 'risk R-01 level=high treatment=modify open=1 title=Wyciek danych owner=Kierownik dzia\305\202u kadr \342\200\223 \305\201\303\263d\305\272')" "$T/dump"
fresh latin1
csv '  decimal: ","\n  encoding: iso-8859-1\n'
printf 'objective;measure;date;value;note\nZIEL-03;M2;2026-10-31;870;Pr\374fung \226 ok\n' >"$P/progress/a.csv"
check
has "iso-8859-1: byte 0x96 (a C1 control) is refused, naming windows-1252" "progress/a.csv:2:35: error: control character U+0096 is not allowed in text; file not used (is it windows-1252, as Excel writes? set csv.encoding in pack.yml) [E-UTF8]" "$T/out"
fresh mixed
csv '  decimal: ","\n  encoding: windows-1252\n'
{ printf 'objective;measure;date;value;note\nZIEL-03;M2;2026-09-30;870;Pr\374fung\n'; printf 'ZIEL-03;M2;2026-10-31;850;\303\234berpr\303\274ft\n'; } >"$P/progress/a.csv"
check
has "windows-1252 with a UTF-8 row pasted in is refused at the first UTF-8 character" "progress/a.csv:3:27: error: bytes 0xC3 0x9C are a character of UTF-8, in a file csv.encoding in pack.yml says is windows-1252: text from another file was pasted in; save the file again in one encoding; file not used [E-UTF8]" "$T/out"

printf 'objective;measure;date;value;note\nZIEL-03;M2;2026-10-31;850;\223MA\307\303\224 e IRM\303\205\n' >"$P/progress/a.csv"
dump
has "windows-1252 Portuguese: a word ending in Ã before a quote or an ellipsis is read" "$(printf 'mrow ZIEL-03 M2 date=2026-10-31 value=850 note=\342\200\234MA\303\207\303\203\342\200\235 e IRM\303\203\342\200\246')" "$T/dump"

# 10. a blank first line
fresh blank
printf '\r\nobjective;measure;date;value;note\r\nZIEL-03;M2;2026-10-31;870;\r\n' >"$P/progress/a.csv"
dump
has "a blank line before a ';' header: the delimiter is the header's" "mrow ZIEL-03 M2 date=2026-10-31 value=870 note=-" "$T/dump"

# 11. U+2019 as the Swiss thousands separator
fresh ch
csv "  decimal: \".\"\n  thousands: \"'\"\n"
printf 'objective;measure;date;value;note\nZIEL-03;M2;2026-10-31;1\342\200\231012;\n' >"$P/progress/a.csv"
dump
has "csv.thousands \"'\": 1’012 (U+2019) is 1012" "mrow ZIEL-03 M2 date=2026-10-31 value=1012 note=-" "$T/dump"

# 12. dates
fresh dates
printf 'objective;measure;date;value;note\nZIEL-03;M2;29.02.2026;870;\nZIEL-03;M2;2026-03-04;860;\n' >"$P/progress/a.csv"
check
has "29.02.2026 is no real date (not: set csv.date)" "progress/a.csv:2:12: error: invalid date '29.02.2026': not a real date (as DD.MM.YYYY), and not YYYY-MM-DD [P-VALUE]" "$T/out"
printf 'objective;measure;date;value;note\nZIEL-03;M2;0026-03-04;870;\n' >"$P/progress/a.csv"
check
has "a year before 1900 is refused" "progress/a.csv:2:12: error: invalid date '0026-03-04': a year before 1900: write the year in full [P-VALUE]" "$T/out"
# 13. invisible characters in ids
fresh invisible
printf 'objective;measure;date;value;note\nZIEL-03\302\240;M2;2026-10-31;870;\nZIEL-03;M2\342\200\213;2026-10-31;870;\n' >"$P/progress/a.csv"
check
has "an objective id with U+00A0: the message names it" "progress/a.csv:2:1: error: progress row for unknown objective '$(printf 'ZIEL-03\302\240')' (it holds U+00A0, a no-break space, as character 8: retype it) [P-REF]" "$T/out"
has "a measure id with U+200B: the message names it" "progress/a.csv:3:9: error: objective 'ZIEL-03' has no measure '$(printf 'M2\342\200\213')' (it holds U+200B, a zero-width space, as character 3: retype it) [P-REF]" "$T/out"
# 14. a date cell that shows the month alone ("Dec 2026" holds 2026-12-01)
fresh monthdate
/usr/bin/python3 - "$P/progress/q.xlsx" <<'EOF'
import datetime, sys
import openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["objective", "measure", "date", "value", "note"])
ws.append(["ZIEL-03", "M2", datetime.date(2026, 10, 1), 870, ""])
ws.append(["ZIEL-03", "M2", datetime.date(2026, 9, 30), 900, ""])
ws["C2"].number_format = "mmm yyyy"
ws["C3"].number_format = "dd.mm.yyyy"
ws.append(["ZIEL-03", "M2", datetime.date(2026, 8, 31), 880, ""])
ws["F4"] = datetime.date(2026, 9, 1)   # a month-formatted date right of the header (objreg 1.1 crashed on it)
ws["F4"].number_format = "mmm yyyy"
wb.save(sys.argv[1])
EOF
check
dump
has "a date cell shown as 'Oct 2026' is refused (it holds 2026-10-01)" "progress/q.xlsx:2:3: error: sheet 'Sheet', cell C2: the cell holds the date 2026-10-01, but its number format shows only the month (2026-10), not the day: format the cell as a date with its day, or enter the day of the measurement; the row is not used [P-VALUE]" "$T/out"
has "a date cell shown with its day is read" "mrow ZIEL-03 M2 date=2026-09-30 value=900 note=-" "$T/dump"
# 15. a value of two lines, quoted in a finding
fresh twolines
printf 'objective;measure;date;value;note\nZIEL-03;M2;2026-10-31;"12\n34";\n' >"$P/progress/a.csv"
check
has "a quoted value over two lines is quoted on one line, its break written as backslash-n" "progress/a.csv:2:23: error: invalid value '12\\n34' for measure 'M2' (unit 'Befunde'): not a number [P-VALUE]" "$T/out"
# 16. evidence through a file: said so (and the same where openat2 is missing)
fresh notdir
mkdir -p "$P/docs" && echo x >"$P/docs/f.pdf"
printf 'objective,measure,date,value,note,evidence\nZIEL-03,M2,2026-10-31,870,,docs/f.pdf/x.pdf\n' >"$P/progress/e.csv"
check
has "evidence through a file says so" "progress/e.csv:2:28: warning: evidence 'docs/f.pdf/x.pdf' runs through a file as if it were a folder [P-EVIDENCE]" "$T/out"
exit $fails
