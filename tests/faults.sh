#!/bin/sh
# tests/faults.sh BUILD - build when things go wrong: killed at random
# points, a full disk, a read-only OUT, an OUT inside the pack.  Each time
# OUT must hold a complete pack, old or new, that `sha256sum -c` verifies.
# The disk cases need to mount a tmpfs (root); they are skipped otherwise.
set -u
export LC_ALL=C
OBJREG=$(cd "$(dirname "${1:-build}/objreg")" && pwd)/objreg
ROOT=$(pwd)
T=$(mktemp -d)
cleanup() {
  for m in "$T/disk" "$T/ro"; do mountpoint -q "$m" 2>/dev/null && umount "$m"; done
  rm -rf "$T"
}
trap cleanup EXIT INT TERM
fails=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fails=1; }

verifies() {  # verifies OUT: a complete pack objreg wrote
  [ -f "$1/manifest.json" ] && (cd "$1" && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1) &&
    [ "$(ls "$1" | grep -cv '^SHA256SUMS$')" -eq "$(wc -l <"$1/SHA256SUMS")" ]
}

# --- killed at random points: old pack or new pack, never a mix ---
cp -r input "$T/pack"
"$OBJREG" build "$T/pack" -o "$T/out" -q >/dev/null 2>&1
bad=0
seen_new=0
i=0
while [ $i -lt 40 ]; do
  i=$((i + 1))
  # Alternate two evaluation dates, so that the old and new packs differ.
  d=2026-11-2$((i % 2 + 6))
  "$OBJREG" build "$T/pack" -o "$T/out" --as-of "$d" -q >/dev/null 2>&1 &
  pid=$!
  # Sleep 0 to 0.3 s, by the loop counter and the process id: no two alike.
  sleep "0.$(( (i * 7 + pid) % 30 / 10 ))$(( (i * 7 + pid) % 10 ))"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  if ! verifies "$T/out"; then bad=$((bad + 1)); fi
  grep -q "\"as_of\": \"$d\"" "$T/out/manifest.json" 2>/dev/null && seen_new=$((seen_new + 1))
done
if [ $bad -eq 0 ]; then ok "40 builds killed with SIGKILL: OUT always a complete pack ($seen_new ended new)"; else not_ok "killed builds: $bad of 40 left OUT incomplete"; fi
"$OBJREG" build "$T/pack" -o "$T/out" -q >/dev/null 2>&1
if [ -z "$(ls -A "$T" | grep objreg-tmp)" ]; then ok "the next build removes killed builds' temporary folders"; else not_ok "temporary folders left behind: $(ls -A "$T" | grep objreg-tmp)"; fi

# --- OUT inside the pack, after resolving links; an OUT that is not objreg's ---
refused() {  # refused WHAT OUT [PACK]: exit 2, one message, OUT not created or changed
  before=$(ls -lA "$2" 2>/dev/null | md5sum)
  "$OBJREG" build "${3:-$T/pack}" -o "$2" >/dev/null 2>"$T/err"
  rc=$?
  if [ $rc = 2 ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -q "^objreg: error: refusing to" "$T/err" &&
    [ "$(ls -lA "$2" 2>/dev/null | md5sum)" = "$before" ] && [ -z "$(ls -A "$(dirname "$2")" | grep objreg-tmp)" ]; then
    ok "refused: $1"
  else
    not_ok "not refused: $1: status $rc: $(cat "$T/err")"
  fi
}
refused "OUT in the pack's progress folder" "$T/pack/progress/out"
refused "OUT a new folder at the top of the pack" "$T/pack/out"
(cd "$T/pack" && "$OBJREG" build -o . >/dev/null 2>&1)
if [ $? = 2 ] && [ -f "$T/pack/pack.yml" ]; then ok "refused: OUT that is the pack (-o .)"; else not_ok "OUT that is the pack"; fi
(cd "$T/pack/objectives" && "$OBJREG" build .. -o . >/dev/null 2>&1)
if [ $? = 2 ] && [ -z "$(ls -A "$T/pack/objectives" | grep -v '\.md$')" ]; then ok "refused: OUT a folder of the pack named '.'"; else not_ok "OUT '.' inside the pack"; fi
mkdir "$T/holder"
cp -r "$T/pack" "$T/holder/p"
refused "OUT that holds the pack" "$T/holder" "$T/holder/p"
mkdir -p "$T/nopy/objectives" "$T/nopy/data/progress"
cp "$T/pack/objectives/"*.md "$T/nopy/objectives/"
ln -s data/progress "$T/nopy/progress"
refused "OUT named pack.yml in a pack without one" "$T/nopy/pack.yml" "$T/nopy"
refused "OUT under a linked progress folder, by its real path" "$T/nopy/data/progress/out" "$T/nopy"
refused "OUT under a linked progress folder, through the link" "$T/nopy/progress/out" "$T/nopy"
ln -s "$T/nopy" "$T/alias"
refused "OUT in the pack through a link to it" "$T/alias/out" "$T/nopy"
if [ ! -e "$T/nopy/pack.yml" ] && [ -z "$(ls "$T/nopy/data/progress")" ]; then ok "the pack is as it was"; else not_ok "the pack was written to"; fi
# A folder with a copied manifest.json and the user's own files is not objreg's.
mkdir -p "$T/user/contracts"
cp "$T/out/manifest.json" "$T/user/"
echo "signed" >"$T/user/contracts/supplier.pdf"
echo "mine" >"$T/user/notes.txt"
refused "OUT with a copied manifest.json, a subfolder and a file of the user's" "$T/user"
rm -r "$T/user/contracts"
refused "OUT with a copied manifest.json and a file its manifest does not list" "$T/user"
if [ "$(cat "$T/user/notes.txt")" = mine ]; then ok "the user's files are untouched"; else not_ok "the user's files were changed"; fi
cp -r "$T/out" "$T/extra"
echo x >"$T/extra/notes.txt"
refused "an objreg pack with a file added" "$T/extra"
rm "$T/extra/notes.txt"
mkdir "$T/extra/sub"
refused "an objreg pack with a folder added" "$T/extra"

# --- template expansion is bounded (limits: template_size) ---
# A legal pack whose template repeats a 16,000-character organisation 70,000
# times once aborted cmark after 1.1 GB; now check and build stop at 1 MiB.
cp -r tests/golden/valid "$T/tpl"
python3 - "$T/tpl" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p + "/pack.yml").read()
open(p + "/pack.yml", "w").write(re.sub(r"(?m)^organisation: .*$", "organisation: " + "A" * 16000, s))
import os
os.makedirs(p + "/templates", exist_ok=True)
open(p + "/templates/register.md", "w").write("# Intro\n\n" + "{{organisation}} " * 70000 + "\n")
PY
"$OBJREG" check "$T/tpl" --format json >"$T/tpl.json" 2>"$T/err"
rc=$?
if [ $rc = 1 ] && grep -q '"file": "templates/register.md", "line": 3, "column": 1106, "severity": "error", "rule": "E-LIMIT"' "$T/tpl.json"; then
  ok "check: a template expanding past 1 MiB is E-LIMIT at the placeholder that crosses it"
else
  not_ok "check of a huge template expansion: status $rc: $(cat "$T/err") $(grep -c E-LIMIT "$T/tpl.json")"
fi
# The build with the limit lowered to 100 kB, so that the cut text lays out
# quickly under the sanitizers too.
cp "$T/tpl/pack.yml" "$T/tpl.yml"
printf 'limits:\n  template_size: 100000\n' >>"$T/tpl/pack.yml"
timeout 120 "$OBJREG" build "$T/tpl" -o "$T/tpl-out" --draft -q >"$T/tpl.txt" 2>"$T/err"
rc=$?
mv "$T/tpl.yml" "$T/tpl/pack.yml"
if [ $rc = 1 ] && [ ! -s "$T/err" ] && verifies "$T/tpl-out" && [ -f "$T/tpl-out/ISMS-OBJ-REG-register.pdf" ] &&
  grep -q "more than 100000 bytes" "$T/tpl.txt"; then
  ok "build --draft of a huge template expansion: exit 1, the text cut at the limit, a verified pack"
else
  not_ok "build of a huge template expansion: status $rc: $(cat "$T/err")"
fi
python3 - "$T/tpl" <<'PY'
import sys
p = sys.argv[1]
open(p + "/templates/register.md", "w").write("# Intro\n\n" + "{{organisation}} " * 100 + "\n")
s = open(p + "/pack.yml").read()
open(p + "/pack.yml", "w").write(s + "limits:\n  template_size: 2000000\n")
PY
"$OBJREG" check "$T/tpl" -q >"$T/tpl.txt" 2>&1
rc1=$?
sed -i 's/template_size: 2000000/template_size: 1000000/' "$T/tpl/pack.yml"
"$OBJREG" check "$T/tpl" >"$T/tpl.txt" 2>&1
rc2=$?
if [ $rc1 = 0 ] && [ $rc2 = 1 ] && grep -q "more than 1000000 bytes" "$T/tpl.txt"; then ok "limits: template_size raises and lowers the bound"; else not_ok "limits: template_size: $rc1 $rc2 $(cat "$T/tpl.txt")"; fi
rm -rf "$T/tpl/templates"
python3 - "$T/tpl" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p + "/pack.yml").read()
open(p + "/pack.yml", "w").write(re.sub(r"(?m)^organisation: .*$", "organisation: " + "A" * 1100000, s).replace("limits:\n  template_size: 1000000\n", ""))
PY
"$OBJREG" check "$T/tpl" --format json >"$T/tpl.json" 2>"$T/err"
rc=$?
if [ $rc = 1 ] && grep -q '"file": "pack.yml", "line": 1, "column": 15, "severity": "error", "rule": "E-LIMIT"' "$T/tpl.json"; then
  ok "the tool's own template made too long by the organisation: E-LIMIT at 'organisation'"
else
  not_ok "tool template too long: status $rc: $(cat "$T/err")"
fi

# --- a text the PDFs' document information holds (libharu: 65,535 bytes) ---
# A 200 KB organisation made both PDFs fail with libharu error 0x105B; now
# check refuses it (E-LIMIT at the value) and build --draft still renders.
cp -r tests/golden/valid "$T/info"
python3 - "$T/info" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p + "/pack.yml").read()
s = re.sub(r"(?m)^organisation: .*$", "organisation: " + "Example Ltd " * 17000 + "x", s)
s = re.sub(r"(?m)^  title: .*$", "  title: " + "é" * 33000, s)
open(p + "/pack.yml", "w").write(s)
PY
"$OBJREG" check "$T/info" --format json >"$T/info.json" 2>"$T/err"
rc=$?
n=$(grep -c '"rule": "E-LIMIT"' "$T/info.json")
if [ $rc = 1 ] && [ "$n" = 2 ] && grep -q '"file": "pack.yml", "line": 1, "column": 15, "severity": "error", "rule": "E-LIMIT"' "$T/info.json" &&
  grep -q '"file": "pack.yml", "line": 4, "column": 10, "severity": "error", "rule": "E-LIMIT", "objective": null, "message": "'"'document: title'"' is longer than 64000 bytes' "$T/info.json"; then
  ok "a 200 KB organisation and a 66,000-byte document title: E-LIMIT at each value"
else
  not_ok "document information limit: status $rc, $n E-LIMIT: $(cat "$T/err") $(grep E-LIMIT "$T/info.json")"
fi
timeout 120 "$OBJREG" build "$T/info" -o "$T/info-out" --draft -q >"$T/info.txt" 2>"$T/err"
rc=$?
if [ $rc = 1 ] && [ ! -s "$T/err" ] && verifies "$T/info-out" && qpdf --check "$T/info-out/ISMS-OBJ-REG-register.pdf" >/dev/null 2>&1 &&
  qpdf --check "$T/info-out/ISMS-OBJ-REG-review.pdf" >/dev/null 2>&1; then
  ok "build --draft with them: exit 1, both PDFs written (no libharu error 0x105B), a verified pack"
else
  not_ok "build --draft with a 200 KB organisation: status $rc: $(cat "$T/err")"
fi

# --- W-TRUNC only for text a workbook cell holds ---
# The Markdown body and an objective's evaluation are printed, not put in the
# workbook: no W-TRUNC for them, so --strict passes; a measure's source is.
cp -r tests/golden/valid "$T/trunc"
python3 - "$T/trunc/objectives/obj-001.md" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("evaluation: ISMS", "evaluation: " + "e" * 40000 + " ISMS")
open(p, "w").write(s + "\n" + "word " * 8000 + "\n")
PY
"$OBJREG" check "$T/trunc" --strict >"$T/trunc.txt" 2>&1
rc=$?
if [ $rc = 0 ] && ! grep -q W-TRUNC "$T/trunc.txt"; then ok "no W-TRUNC for a 40,000-character body paragraph or evaluation (--strict passes)"; else not_ok "false W-TRUNC: status $rc: $(cat "$T/trunc.txt")"; fi
sed -i "s/source: IAM review export/source: $(head -c 33000 /dev/zero | tr '\0' s)/" "$T/trunc/objectives/obj-001.md"
"$OBJREG" check "$T/trunc" >"$T/trunc.txt" 2>&1
if [ "$(grep -c W-TRUNC "$T/trunc.txt")" = 1 ] && grep -q "obj-001.md:20:13: warning: a measure's source is longer" "$T/trunc.txt"; then ok "W-TRUNC for a measure's source, which a workbook cell holds"; else not_ok "W-TRUNC for a cell: $(cat "$T/trunc.txt")"; fi

# --- a full disk, a read-only OUT ---
# The tmpfs holds the valid pack's evidence (about 610 KB) but not the
# example pack's as well (about 770 KB more, while the old one is kept).
mkdir -p "$T/disk" "$T/ro"
if mount -t tmpfs -o size=900k tmpfs "$T/disk" 2>/dev/null; then
  "$OBJREG" build tests/golden/valid -o "$T/disk/out" -q >/dev/null 2>&1
  before=$(cat "$T/disk/out/SHA256SUMS" 2>/dev/null)
  "$OBJREG" build "$T/pack" -o "$T/disk/out" >/dev/null 2>"$T/err"
  rc=$?
  # objreg's own messages name no path; libxlsxwriter's "[ERROR]" lines, when it is the one to fill the disk, do.
  if [ $rc = 2 ] && grep -q "No space left on device" "$T/err" && ! grep -v "^\[ERROR\]" "$T/err" | grep -q "$T"; then
    ok "a full disk exits 2 with a clear message"
  else
    not_ok "full disk: status $rc: $(cat "$T/err")"
  fi
  if verifies "$T/disk/out" && [ "$(cat "$T/disk/out/SHA256SUMS")" = "$before" ]; then ok "a full disk leaves the previous pack intact"; else not_ok "full disk: previous pack damaged"; fi
  if [ -z "$(ls -A "$T/disk" | grep objreg-tmp)" ]; then ok "a full disk leaves no temporary folder"; else not_ok "full disk: temporary folder left"; fi
  umount "$T/disk"
else
  ok "full disk # skipped: cannot mount a tmpfs here"
fi
if mount -t tmpfs -o size=2m tmpfs "$T/ro" 2>/dev/null; then
  "$OBJREG" build tests/golden/valid -o "$T/ro/out" -q >/dev/null 2>&1
  mount -o remount,ro "$T/ro"
  "$OBJREG" build tests/golden/valid -o "$T/ro/out" >/dev/null 2>"$T/err"
  rc=$?
  if [ $rc = 2 ] && grep -q "Read-only file system" "$T/err" && verifies "$T/ro/out"; then ok "a read-only OUT exits 2, previous pack intact"; else not_ok "read-only OUT: status $rc: $(cat "$T/err")"; fi
  umount "$T/ro"
else
  ok "read-only OUT # skipped: cannot mount a tmpfs here"
fi
exit $fails
