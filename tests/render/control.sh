#!/bin/sh
# tests/render/control.sh BUILD - document control (docs/format.md, "Document
# control"), read back by real clients (pdftotext, pdfinfo, python3-openpyxl):
#
#   - the issue identifier "<doc-id> v<version> · as of <as_of> · <revision>"
#     on the cover and in the footer of every page of both PDFs, in the
#     workbook and in manifest.json; two builds as of different dates differ
#     on every page
#   - "Generated <time> from <revision>": SOURCE_DATE_EPOCH when set, else
#     the real time (never the as-of date), and the PDFs' and the workbook's
#     creation dates are that time
#   - W-REVISION for a controlled build without a revision; none for a draft
#     or with --revision
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

# Every page of PDF ends with a footer that holds ISSUE.
every_footer() {
  pdf=$1 issue=$2
  n=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
  [ -n "$n" ] || { echo "no page count"; return 1; }
  k=1
  while [ "$k" -le "$n" ]; do
    text -f "$k" -l "$k" "$pdf" - | grep -v '^\s*$' | tail -n 1 | grep -q -F "$issue" || { echo "page $k of $n"; return 1; }
    k=$((k + 1))
  done
}

cp -R input "$TMP/pack"  # outside any Git work tree

# --- the issue identifier, two as-of dates, every page ------------------------
SOURCE_DATE_EPOCH=1764201600 "$OBJREG" build "$TMP/pack" -o "$TMP/a" -q --revision 0123456789abcdef0123456789abcdef01234567 >/dev/null 2>&1
SOURCE_DATE_EPOCH=1764201600 "$OBJREG" build "$TMP/pack" -o "$TMP/b" -q --revision 0123456789abcdef0123456789abcdef01234567 --as-of 2026-10-31 >/dev/null 2>&1
ia='NWL-ISMS-OBJ v2.1 · as of 2026-11-27 · 0123456789ab'
ib='NWL-ISMS-OBJ v2.1 · as of 2026-10-31 · 0123456789ab'
for doc in register review; do
  check "issue identifier in the footer of every page ($doc, as of 2026-11-27)" every_footer "$TMP/a/NWL-ISMS-OBJ-$doc.pdf" "$ia"
  check "issue identifier in the footer of every page ($doc, as of 2026-10-31)" every_footer "$TMP/b/NWL-ISMS-OBJ-$doc.pdf" "$ib"
  check "$doc cover: issue and 'Generated ... from' the revision" sh -c "pdftotext -f 1 -l 1 '$TMP/a/NWL-ISMS-OBJ-$doc.pdf' - 2>/dev/null | tr '\n' ' ' | grep -q -F 'Issue $ia' && pdftotext -f 1 -l 1 '$TMP/a/NWL-ISMS-OBJ-$doc.pdf' - 2>/dev/null | grep -q -F 'Generated 2025-11-27 00:00 UTC from 0123456789abcdef0123456789abcdef01234567'"
done
check "manifest.json: issue and generated" python3 - "$TMP/a/manifest.json" "$ia" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert m["issue"] == sys.argv[2], m["issue"]
assert m["generated"] == "2025-11-27T00:00:00Z", m["generated"]
PY
check "workbook: issue in the footer, Document control and properties" $PY - "$TMP/a/NWL-ISMS-OBJ-tracking.xlsx" "$ia" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
issue = sys.argv[2]
for ws in wb.worksheets:
    assert issue in ws.oddFooter.left.text, (ws.title, ws.oddFooter.left.text)
dc = wb["Document control"]
kv = {r[0]: r[1] for r in dc.iter_rows(values_only=True) if r and r[0]}
assert kv.get("Issue") == issue, kv.get("Issue")
assert kv.get("Generated") == "2025-11-27 00:00 UTC", kv.get("Generated")
PY

# --- evidence: files hashed in the manifest, linked in the workbook; P-EVIDENCE ---
check "manifest.json: every evidence file with role evidence, bytes and SHA-256 (13 in the example)" python3 - "$TMP/a/manifest.json" "$TMP/pack" <<'PY'
import hashlib, json, os, sys
m, pack = json.load(open(sys.argv[1])), sys.argv[2]
ev = [f for f in m["inputs"] if f["role"] == "evidence"]
assert len(ev) == 13, len(ev)
for f in ev:
    data = open(os.path.join(pack, f["path"]), "rb").read()
    assert f["bytes"] == len(data) and f["sha256"] == hashlib.sha256(data).hexdigest(), f
assert any(f["path"].endswith(".pdf") for f in ev)
PY
check "workbook: evidence path with its SHA-256, measured by and verified by; a reference as text" $PY - "$TMP/a/NWL-ISMS-OBJ-tracking.xlsx" "$TMP/a/manifest.json" <<'PY'
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
sha = {f["path"]: f["sha256"] for f in json.load(open(sys.argv[2]))["inputs"] if f["role"] == "evidence"}
ws = wb["Measurements"]
head = [c.value for c in ws[1]]
rows = [dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
r = rows[0]
assert r["Evidence"] == "evidence/OBJ-001/pim-report-2025-12.csv" and r["Evidence SHA-256"] == sha[r["Evidence"]], r
assert r["Measured by"] == "IAM analyst (R. Okafor)" and r["Verified by"] == "Head of IT Operations", r
ref = [x for x in rows if x["Evidence"] == "ServiceNow AR-Q 2026-Q1"]
assert ref and ref[0]["Evidence SHA-256"] is None, ref
acts = wb["Actions"]
head = [c.value for c in acts[1]]
a = [dict(zip(head, r)) for r in acts.iter_rows(min_row=2, values_only=True) if r[0] == "OBJ-001" and r[1] == "A1"][0]
assert a["Evidence"].endswith("critical-systems-approval-2026-02-20.pdf") and a["Evidence SHA-256"] == sha[a["Evidence"]], a
PY
check "register: who measured and verified each latest value, under the status table" sh -c "pdftotext '$TMP/a/NWL-ISMS-OBJ-register.pdf' - 2>/dev/null | tr '\\n' ' ' | grep -q 'M1: the latest value was measured by IAM analyst (R. Okafor) and verified by Head of IT Operations.'"

cp -R input "$TMP/ev"
m=$TMP/ev/progress/measurements-2026.csv
sed -i 's#evidence/OBJ-001/pim-report-2026-03.csv#evidence/OBJ-001/no-such-report.csv#; s#evidence/OBJ-001/pim-report-2026-04.csv#../../../../etc/passwd#; s#evidence/OBJ-001/pim-report-2026-05.csv#evidence/OBJ-001/link.csv#; s#ServiceNow AR-Q 2026-Q1#https://servicenow.example/arq?id=2026-Q1#; s#evidence/OBJ-001/pim-report-2026-06.csv#./evidence//no-such-folder/../OBJ-001/pim-report-2026-06.csv#; s#evidence/OBJ-001/pim-report-2026-07.csv#evidence/OBJ-001/../../../etc/hostname#' "$m"
ln -s /etc/hostname "$TMP/ev/evidence/OBJ-001/link.csv"
"$OBJREG" check "$TMP/ev" --no-color >"$TMP/ev.out" 2>&1
line() { grep -n "$1" "$m" | cut -d: -f1; }
check "P-EVIDENCE at the field: a missing file, a path and a link leading outside" sh -c "
grep -q -x 'progress/measurements-2026.csv:$(line no-such-report):[0-9]*: warning: evidence .evidence/OBJ-001/no-such-report.csv. names no file in the repository (paths are relative to its root) \[P-EVIDENCE\]' '$TMP/ev.out' &&
grep -q 'progress/measurements-2026.csv:$(line etc/passwd):[0-9]*: warning: evidence .../../../../etc/passwd. leads outside the repository' '$TMP/ev.out' &&
grep -q 'progress/measurements-2026.csv:$(line link.csv):[0-9]*: warning: evidence .evidence/OBJ-001/link.csv. leads outside the repository through a link; not read \[P-EVIDENCE\]' '$TMP/ev.out' &&
grep -q 'progress/measurements-2026.csv:$(line etc/hostname):[0-9]*: warning: evidence .evidence/OBJ-001/../../../etc/hostname. leads outside the repository' '$TMP/ev.out' &&
[ \$(grep -c P-EVIDENCE '$TMP/ev.out') = 4 ]"
check "evidence: '.', '..' and '//' in a path are resolved by name (./evidence//no-such-folder/../OBJ-001/… is found)" sh -c "! grep -q no-such-folder '$TMP/ev.out'"
cp -R input "$TMP/ev2"
m2=$TMP/ev2/progress/measurements-2026.csv
long=$(printf 'a/%.0s' $(seq 1 2100))x.pdf
sed -i "s#evidence/OBJ-001/pim-report-2026-08.csv#./#; s#evidence/OBJ-001/pim-report-2026-09.csv#$long#; s#evidence/OBJ-001/pim-report-2026-10.csv#evidence/OBJ-001/pim-report-2026-10.csv/#" "$m2"
"$OBJREG" check "$TMP/ev2" --no-color >"$TMP/ev2.out" 2>&1
check "P-EVIDENCE: './' names no file, a path too long says so (neither 'leads outside')" sh -c "
grep -q \"evidence './' names no file, only the folder it starts from\" '$TMP/ev2.out' &&
grep -q 'evidence of 4205 bytes is longer than a path can be' '$TMP/ev2.out' && ! grep -q 'leads outside' '$TMP/ev2.out'"
# The repository's .git folder holds no file of the repository: named or reached
# through a link, it is not evidence (never read, never in the manifest).
mkdir -p "$TMP/ev3" && cp -R input "$TMP/ev3/isms" && git -C "$TMP/ev3" init -q
m3=$TMP/ev3/isms/progress/measurements-2026.csv
ln -s ../../.git/config "$TMP/ev3/isms/evidence/gitconfig.txt"
sed -i "s#evidence/OBJ-001/pim-report-2026-08.csv#.git/config#; s#evidence/OBJ-001/pim-report-2026-09.csv#isms/evidence/gitconfig.txt#; s#evidence/OBJ-001/pim-report-2026-10.csv#isms/../.Git/HEAD#" "$m3"
"$OBJREG" check "$TMP/ev3/isms" --no-color >"$TMP/ev3.out" 2>&1
"$OBJREG" build "$TMP/ev3/isms" -o "$TMP/ev3-out" -q --draft >/dev/null 2>&1
check "P-EVIDENCE: a file in the repository's .git folder, named or through a link, is not read" sh -c "
grep -q \"evidence '.git/config' is inside the repository's .git folder, not a file of the repository; not read \\[P-EVIDENCE\\]\" '$TMP/ev3.out' &&
grep -q \"evidence 'isms/../.Git/HEAD' is inside the repository's .git folder\" '$TMP/ev3.out' &&
grep -q \"evidence 'isms/evidence/gitconfig.txt' leads into the repository's .git folder through a link; not read\" '$TMP/ev3.out' &&
! grep -qi '\\.git/' '$TMP/ev3-out/manifest.json'"
check "P-EVIDENCE: a path ending in '/' names a folder, even when a file has that name" \
  grep -q "evidence 'evidence/OBJ-001/pim-report-2026-10.csv/' ends in '/': it names a folder, not a file \\[P-EVIDENCE\\]" "$TMP/ev2.out"
check "P-EVIDENCE: the column of the evidence field" python3 - "$TMP/ev" "$OBJREG" <<'PY'
import json, subprocess, sys
j = json.loads(subprocess.run([sys.argv[2], "check", sys.argv[1], "--format", "json"], capture_output=True, text=True).stdout)
f = [x for x in j["findings"] if x["rule"] == "P-EVIDENCE" and "no-such-report" in x["message"]][0]
line = open(sys.argv[1] + "/progress/measurements-2026.csv").read().splitlines()[f["line"] - 1]
assert line[f["column"] - 1:].startswith("evidence/OBJ-001/no-such-report.csv"), (f, line)
assert f["objective"] == "OBJ-001", f
PY
SOURCE_DATE_EPOCH=1764201600 "$OBJREG" build "$TMP/ev" -o "$TMP/ev-out" -q --revision r1 >/dev/null 2>&1
check "workbook: a URL is a link" $PY - "$TMP/ev-out/NWL-ISMS-OBJ-tracking.xlsx" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Measurements"]
cells = [c for row in ws.iter_rows() for c in row if c.value == "https://servicenow.example/arq?id=2026-Q1"]
assert cells and cells[0].hyperlink and cells[0].hyperlink.target == "https://servicenow.example/arq?id=2026-Q1", cells
PY
check "manifest: a file named by no usable row is not listed" sh -c "! grep -q 'pim-report-2026-03.csv' '$TMP/ev-out/manifest.json' && ! grep -q passwd '$TMP/ev-out/manifest.json'"

# Paths relative to the repository root: a pack in a subfolder of a Git work tree.
mkdir -p "$TMP/repo/exports"
cp -R input "$TMP/repo/isms"
printf 'account,system\nadm-erp-01,ERP-PROD\n' >"$TMP/repo/exports/iam-2026-11.csv"
sed -i 's#evidence/OBJ-001/pim-report-2026-11.csv#exports/iam-2026-11.csv#' "$TMP/repo/isms/progress/measurements-2026.csv"
(cd "$TMP/repo" && git init -q && git add -A && git -c user.name=t -c user.email=t@example.org commit -q -m pack)
SOURCE_DATE_EPOCH=1764201600 "$OBJREG" build "$TMP/repo/isms" -o "$TMP/repo-out" -q >/dev/null 2>&1
check "in a Git work tree: evidence relative to the repository root, outside the pack's folder" grep -q '"path": "exports/iam-2026-11.csv", "role": "evidence", "bytes": 35' "$TMP/repo-out/manifest.json"
check "in a Git work tree: a path relative to the pack still found, named from the root" grep -q '"path": "isms/evidence/OBJ-001/pim-report-2026-10.csv", "role": "evidence"' "$TMP/repo-out/manifest.json"

# thresholds.require_evidence: a used row without evidence.
cp -R input "$TMP/req"
sed -i 's/^thresholds:$/thresholds:\n  require_evidence: true/' "$TMP/req/pack.yml"
"$OBJREG" check "$TMP/req" --no-color >"$TMP/req.out" 2>&1
check "require_evidence: P-EVIDENCE for each used row without evidence" sh -c "grep -q 'progress/actions-2026.csv:2:[0-9]*: warning: update of action .A1. on this row has no evidence (thresholds.require_evidence) \[P-EVIDENCE\]' '$TMP/req.out' && ! grep -q 'measurements-2026.csv:2:.*P-EVIDENCE' '$TMP/req.out'"

# --- the workbook protected in a controlled build, not in a draft ------------------
check "workbook: every sheet protected without a password in a controlled build, and it says so" $PY - "$TMP/a/NWL-ISMS-OBJ-tracking.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
bad = [ws.title for ws in wb.worksheets if not ws.protection.sheet or ws.protection.password]
assert not bad, bad
assert all(ws.protection.autoFilter is False and ws.protection.sort is False for ws in wb.worksheets)  # allowed
kv = {r[0]: r[1] for r in wb["Document control"].iter_rows(values_only=True) if r and r[0]}
assert kv["Copy"].startswith("Controlled copy: every sheet is protected without a password"), kv["Copy"]
PY
SOURCE_DATE_EPOCH=1764201600 "$OBJREG" build "$TMP/pack" -o "$TMP/d" -q --draft >/dev/null 2>&1
check "workbook: no sheet protected in a draft build" $PY - "$TMP/d/NWL-ISMS-OBJ-tracking.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
bad = [ws.title for ws in wb.worksheets if ws.protection.sheet]
assert not bad, bad
PY

# --- drafts in an annex after the approved objectives, its pages marked DRAFT ----
check "register: the draft OBJ-009 in the annex after the approved objectives, every annex page marked DRAFT" python3 - "$TMP/a/NWL-ISMS-OBJ-register.pdf" <<'PY'
import subprocess, sys
pdf = sys.argv[1]
n = int([l for l in subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout.splitlines()
         if l.startswith("Pages:")][0].split()[1])
pages = [subprocess.run(["pdftotext", "-layout", "-f", str(k), "-l", str(k), pdf, "-"], capture_output=True,
                        text=True).stdout for k in range(1, n + 1)]
head = lambda t: [l for l in t.splitlines() if l.strip()][0]
annex = [k for k, t in enumerate(pages) if "Draft objectives \u2014 not approved" in t and "(annex)" not in t
         and "Contents" not in t]
assert len(annex) == 1, annex
a = annex[0]
approved = [k for k, t in enumerate(pages) if "OBJ-008 \u00b7" in t]
assert approved and approved[0] < a, (approved, a)
assert "OBJ-009 \u00b7" in pages[a], "OBJ-009 starts the annex"
end = [k for k, t in enumerate(pages) if "Check findings not tied to an objective" in t and k > a][0]
marked = [k for k in range(n) if "DRAFT \u2014 NOT APPROVED" in head(pages[k])]
assert marked == list(range(a, end)), (marked, a, end)
assert all("OBJ-009 \u00b7" not in pages[k] for k in range(a)), "OBJ-009 not among the approved"
PY

# --- the real time when SOURCE_DATE_EPOCH is unset -----------------------------
before=$(date -u +%s)
env -u SOURCE_DATE_EPOCH "$OBJREG" build "$TMP/pack" -o "$TMP/now" -q --revision r1 --as-of 2026-10-31 >/dev/null 2>&1
after=$(date -u +%s)
check "without SOURCE_DATE_EPOCH: the PDFs, the workbook and the manifest carry the build's real time" $PY - "$TMP/now" "$before" "$after" <<'PY'
import datetime, json, subprocess, sys, openpyxl
out, before, after = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lo = before - before % 60
def within(t):
    return lo <= t <= after
m = json.load(open(out + "/manifest.json"))
g = datetime.datetime.strptime(m["generated"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
assert within(g.timestamp()), m["generated"]
assert m["issue"].endswith("as of 2026-10-31 · r1"), m["issue"]
for doc in ("register", "review"):
    info = subprocess.run(["pdfinfo", "-isodates", "%s/NWL-ISMS-OBJ-%s.pdf" % (out, doc)], capture_output=True, text=True).stdout
    line = [l for l in info.splitlines() if l.startswith("CreationDate:")][0]
    d = datetime.datetime.fromisoformat(line.split(None, 1)[1].strip().replace("Z", "+00:00"))
    assert within(d.timestamp()), (doc, line)
    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "%s/NWL-ISMS-OBJ-%s.pdf" % (out, doc), "-"], capture_output=True, text=True).stdout
    assert "Generated %s from r1" % g.strftime("%Y-%m-%d %H:%M UTC") in cover, cover
wb = openpyxl.load_workbook(out + "/NWL-ISMS-OBJ-tracking.xlsx")
c = wb.properties.created.replace(tzinfo=datetime.timezone.utc)
assert within(c.timestamp()), c
PY

# --- W-REVISION ---------------------------------------------------------------
SOURCE_DATE_EPOCH=1764201600 "$OBJREG" build "$TMP/pack" -o "$TMP/norev" --no-color >"$TMP/norev.out" 2>&1
check "W-REVISION: a controlled build without a revision, at pack.yml" grep -q -x "pack.yml: warning: a controlled build without a source revision: give --revision, set OBJREG_REVISION, or build from the pack's Git work tree \[W-REVISION\]" "$TMP/norev.out"
check "without a revision: 'revision not given' in the issue identifier" grep -q '"issue": "NWL-ISMS-OBJ v2.1 · as of 2026-11-27 · revision not given"' "$TMP/norev/manifest.json"
SOURCE_DATE_EPOCH=1764201600 "$OBJREG" build "$TMP/pack" -o "$TMP/draft" --draft --no-color >"$TMP/draft.out" 2>&1
SOURCE_DATE_EPOCH=1764201600 OBJREG_REVISION=v7 "$OBJREG" build "$TMP/pack" -o "$TMP/env" --no-color >"$TMP/env.out" 2>&1
check "no W-REVISION for a draft build, nor with OBJREG_REVISION" sh -c "! grep -q W-REVISION '$TMP/draft.out' '$TMP/env.out'"
"$OBJREG" check "$TMP/pack" --no-color >"$TMP/check.out" 2>&1
check "check does not report W-REVISION (it does not take --revision)" sh -c "! grep -q W-REVISION '$TMP/check.out'"

# --- distribution, master, retention; 7.5-control ------------------------------
check "register: distribution, controlled master and retention in the document control table" sh -c "pdftotext -f 1 -l 1 -layout '$TMP/a/NWL-ISMS-OBJ-register.pdf' - 2>/dev/null | grep -E -q '^ *Distribution +ISMS Steering Committee; Executive Board; Internal Audit' && pdftotext -f 1 -l 1 -layout '$TMP/a/NWL-ISMS-OBJ-register.pdf' - 2>/dev/null | grep -E -q '^ *Retention +7 years after the register is withdrawn' && pdftotext -f 1 -l 1 -layout '$TMP/a/NWL-ISMS-OBJ-register.pdf' - 2>/dev/null | grep -E -q '^ *Controlled master +ISMS SharePoint site'"
check "workbook: distribution, controlled master and retention in Document control" $PY - "$TMP/a/NWL-ISMS-OBJ-tracking.xlsx" <<'PY'
import sys, openpyxl
kv = {r[0]: r[1] for r in openpyxl.load_workbook(sys.argv[1])["Document control"].iter_rows(values_only=True) if r and r[0]}
assert kv["Distribution"].startswith("ISMS Steering Committee; Executive Board"), kv["Distribution"]
assert kv["Controlled master"].startswith("ISMS SharePoint site"), kv["Controlled master"]
assert kv["Retention"] == "7 years after the register is withdrawn", kv["Retention"]
PY
check "no 7.5-control for the example (all three given)" sh -c "! grep -q 7.5-control '$TMP/norev.out'"
cp -R input "$TMP/nomaster"
sed -i '/^  master:/d;/^  retention:/d' "$TMP/nomaster/pack.yml"
"$OBJREG" build "$TMP/nomaster" -o "$TMP/nomaster-out" --revision r1 --no-color >"$TMP/nomaster.out" 2>&1
check "7.5-control at pack.yml's document key, naming what is missing" grep -q -x "pack.yml:3:1: warning: a controlled build without document master and retention: say who receives it, where the controlled master is kept and how long it is retained (7.5.3) \[7.5-control\]" "$TMP/nomaster.out"
"$OBJREG" build "$TMP/nomaster" -o "$TMP/nomaster-d" --revision r1 --draft --no-color >"$TMP/nomaster-d.out" 2>&1
check "no 7.5-control for a draft build" sh -c "! grep -q 7.5-control '$TMP/nomaster-d.out'"
check "register: a missing master or retention says 'not given'" sh -c "pdftotext -f 1 -l 1 -layout '$TMP/nomaster-out/NWL-ISMS-OBJ-register.pdf' - 2>/dev/null | grep -E -q '^ *Retention +not given'"

# --- signing: SHA256SUMS.p7s, a detached CMS signature; a throw-away CA --------
CA=$TMP/ca
mkdir -p "$CA"
(cd "$CA" && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out CA.pem -days 30 -subj "/CN=objreg test CA" &&
  openssl req -newkey rsa:2048 -nodes -keyout signer.key -out signer.csr -subj "/O=Northwind Logistics Ltd/CN=ISMS Manager" &&
  printf 'keyUsage=digitalSignature\nextendedKeyUsage=emailProtection\n' >ext &&
  openssl x509 -req -in signer.csr -CA CA.pem -CAkey ca.key -CAcreateserial -out signer.pem -days 30 -extfile ext &&
  openssl req -newkey rsa:2048 -nodes -keyout other.key -out other.csr -subj "/CN=someone else") >"$CA/log" 2>&1
sign() { SOURCE_DATE_EPOCH=1764201600 "$OBJREG" build "$TMP/pack" -q --revision r1 --sign-key "$CA/${2:-signer.key}" --sign-cert "$CA/signer.pem" -o "$1" >/dev/null 2>"$1.err"; }
sign "$TMP/s1"
check "signed: openssl cms -verify accepts SHA256SUMS.p7s over SHA256SUMS (throw-away CA)" sh -c "cd '$TMP/s1' && openssl cms -verify -binary -inform DER -in SHA256SUMS.p7s -content SHA256SUMS -CAfile '$CA/CA.pem' -out /dev/null"
cp -R "$TMP/s1" "$TMP/s1x"
printf '%s' "$(head -c 1 "$TMP/s1x/SHA256SUMS" | tr '0-9a-f' '1-9a-f0')" | dd of="$TMP/s1x/SHA256SUMS" bs=1 count=1 conv=notrunc 2>/dev/null
check "signed: openssl cms -verify rejects it after one byte of SHA256SUMS changed" sh -c "! cmp -s '$TMP/s1/SHA256SUMS' '$TMP/s1x/SHA256SUMS' && cd '$TMP/s1x' && ! openssl cms -verify -binary -inform DER -in SHA256SUMS.p7s -content SHA256SUMS -CAfile '$CA/CA.pem' -out /dev/null"
fp=$(openssl x509 -in "$CA/signer.pem" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f')
check "signed: the manifest names the certificate's subject and SHA-256 fingerprint" grep -q "\"signature\": {\"file\": \"SHA256SUMS.p7s\", \"signs\": \"SHA256SUMS\", \"subject\": \"CN=ISMS Manager,O=Northwind Logistics Ltd\", \"sha256_fingerprint\": \"$fp\"}" "$TMP/s1/manifest.json"
check "signed: the signing time is SOURCE_DATE_EPOCH's" sh -c "openssl cms -cmsout -print -inform DER -in '$TMP/s1/SHA256SUMS.p7s' | grep -A3 signingTime | grep -q 'Nov 27 00:00:00 2025'"
sign "$TMP/s2"
check "signed: two builds with the same SOURCE_DATE_EPOCH and an RSA key give the same signature" cmp "$TMP/s1/SHA256SUMS.p7s" "$TMP/s2/SHA256SUMS.p7s"
sign "$TMP/s1"
check "signed: a signed pack's OUT is objreg's: built into again" sh -c "[ -s '$TMP/s1/SHA256SUMS.p7s' ] && [ ! -s '$TMP/s1.err' ]"
sign "$TMP/s3" other.key; rc=$?
check "a key that does not match the certificate: exit 2, a message, nothing written" sh -c "[ $rc = 2 ] && grep -q 'objreg: error: the signing key does not match the certificate' '$TMP/s3.err' && [ ! -e '$TMP/s3' ] && [ -z \"\$(ls -A '$TMP' | grep objreg-tmp)\" ]"
sign "$TMP/s4" no-such.key; rc=$?
check "an unreadable key: exit 2, a message, nothing written" sh -c "[ $rc = 2 ] && grep -q \"objreg: error: cannot read the signing key 'no-such.key'\" '$TMP/s4.err' && [ ! -e '$TMP/s4' ]"
"$OBJREG" build "$TMP/pack" -q -o "$TMP/s5" --sign-key "$CA/signer.key" >/dev/null 2>"$TMP/s5.err"; rc=$?
check "--sign-key without --sign-cert: a usage error" sh -c "[ $rc = 2 ] && grep -q 'sign-key needs --sign-cert' '$TMP/s5.err' && [ ! -e '$TMP/s5' ]"

exit $failed
