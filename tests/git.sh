#!/bin/sh
# tests/git.sh BUILD - the change record and the Git reader (SPEC section 13)
# in real repositories made in a temporary folder.
#
# The example pack goes into isms/ of a new repository (a pack in a
# subfolder), committed and tagged v1 with fixed authors and dates; then one
# commit per change: OBJ-001 M1's target 0 -> 2 (Bob), OBJ-002's owner
# (Carol), OBJ-003's due date, its M1's achieved_when and its A3's due moved, OBJ-004 measure M2 removed and M3 added,
# action A5 removed and A6 added, risk R-010 linked, OBJ-005's file renamed
# (same id).  Each is read back from the review (pdftotext), the register and
# the workbook's Changes sheet (openpyxl), with the commit's short id, author
# and date; then --since HEAD~N, --since an earlier evidence pack of v1
# (the same change without a commit), the revision from Git (clean,
# -modified, a file that is not the pack's), a shallow clone whose REF is
# missing (exit 2), a REF that is nothing (exit 2), and the repository
# unchanged by all of it.  Prints "ok - WHAT" or "not ok - WHAT: DETAIL" per
# check; exits 1 if any failed.
set -u
. "$(dirname "$0")/gitrepo.sh"
SRC=$(pwd)
check() { what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else not_ok "$what" "failed: $*"; fi; }
# Text of a PDF on one line, spaces squeezed.
text() { pdftotext "$1" - 2>/dev/null | tr -s ' \n' '  '; }

git -C "$R" add -A
commit "Ann Author" 2026-10-01 "the pack"
git -C "$R" tag v1
O=$R/isms/objectives
edit "$O/obj-001-privileged-access.md" "    target: 0
" "    target: 2
"
commit "Bob Changer" 2026-11-20 "OBJ-001 M1: target 2"
edit "$O/obj-002-phishing-awareness.md" "owner: CISO" "owner: Security Awareness Lead"
commit "Carol Owner" 2026-11-21 "OBJ-002: new owner"
edit "$O/obj-003-unsupported-systems.md" "
due: 2026-09-30" "
due: 2027-03-31"
edit "$O/obj-003-unsupported-systems.md" "    frequency: monthly
" "    frequency: monthly
    achieved_when: {consecutive: 2}
"
edit "$O/obj-003-unsupported-systems.md" "owner: Infrastructure Manager, due: 2026-08-28}" "owner: Infrastructure Manager, due: 2026-09-15}"
commit "Carol Owner" 2026-11-22 "OBJ-003: due moved, achieved when two months at 0"
$PY - "$O/obj-004-supplier-oversight.md" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
a = s.index("  - id: M2\n"); b = s.index("plan:\n")
s = s[:a] + """  - id: M3
    name: Critical suppliers with an exit plan
    unit: percent
    direction: increase
    baseline: 0
    baseline_date: 2026-01-02
    target: 100
    frequency: quarterly
    source: Supplier register
""" + s[b:]
a = s.index("  - id: A5\n"); b = s.index("\nresources: Third-party") + 1
s = s[:a] + """  - id: A6
    action: Write an exit plan for every critical supplier
    owner: Head of Procurement
    due: 2026-12-15
""" + s[b:]
s = s.replace("risks: [R-004]", "risks: [R-004, R-010]")
open(p, "w", encoding="utf-8").write(s)
EOF
sed -i '/^OBJ-004,M2,/d' "$R/isms/progress/measurements-2026.csv"
sed -i '/^OBJ-004,A5,/d' "$R/isms/progress/actions-2026.csv"
commit "Dan Drafter" 2026-11-23 "OBJ-004: exit plans instead of SCH-7"
git -C "$R" mv isms/objectives/obj-005-incident-readiness.md isms/objectives/obj-005-renamed.md
commit "Eve Tidy" 2026-11-24 "rename OBJ-005's file"
before=$(githash "$R")

# --- --since v1: the review, the register, the Changes sheet ----------------------
short() { git -C "$R" log -1 --format=%h --abbrev=7 "$1"; }
c_target=$(short HEAD~4) c_owner=$(short HEAD~3) c_due=$(short HEAD~2) c_m3=$(short HEAD~1)
(cd "$R" && "$OBJREG" build isms -o out/v1 -q --since v1 >"$TMP/out" 2>"$TMP/err")
rc=$?
if [ $rc = 0 ]; then ok "build --since v1 (pack in a subfolder)"; else not_ok "build --since v1" "exit $rc: $(cat "$TMP/err")"; fi
rev=$(text "$R"/out/v1/*-review.pdf)
reg=$(text "$R"/out/v1/*-register.pdf)
for doc in review register; do
  if [ $doc = review ]; then t=$rev; else t=$reg; fi
  echo "$t" >"$TMP/$doc.txt"
  check "$doc: OBJ-001 M1 target 0 → 2, re-targeted, $c_target Bob Changer, 2026-11-20" \
    grep -q "OBJ-001 M1 target 0 → 2 re-targeted $c_target Bob Changer, 2026-11-20" "$TMP/$doc.txt"
  check "$doc: OBJ-002 owner CISO → Security Awareness Lead by Carol" \
    grep -q "OBJ-002 — owner CISO → Security Awareness Lead $c_owner Carol Owner, 2026-11-21" "$TMP/$doc.txt"
  check "$doc: OBJ-003 due 2026-09-30 → 2027-03-31" \
    grep -q "OBJ-003 — due 2026-09-30 → 2027-03-31 $c_due Carol Owner, 2026-11-22" "$TMP/$doc.txt"
  check "$doc: OBJ-003 M1 achieved_when latest → consecutive: 2, re-targeted" \
    grep -q "OBJ-003 M1 achieved_when latest → consecutive: 2 re-targeted $c_due Carol Owner, 2026-11-22" "$TMP/$doc.txt"
  check "$doc: OBJ-003 A3 action due 2026-08-28 → 2026-09-15" \
    grep -q "OBJ-003 A3 due 2026-08-28 → 2026-09-15 $c_due Carol Owner, 2026-11-22" "$TMP/$doc.txt"
  check "$doc: OBJ-004 measure M3 added" grep -q "OBJ-004 M3 measure added: Critical suppliers with an exit plan $c_m3 Dan Drafter, 2026-11-23" "$TMP/$doc.txt"
  check "$doc: OBJ-004 measure M2 removed" grep -q "OBJ-004 M2 measure removed: Critical supplier contracts that include security schedule SCH-7 $c_m3 Dan Drafter" "$TMP/$doc.txt"
  check "$doc: OBJ-004 action A6 added" grep -q "OBJ-004 A6 action added: Write an exit plan for every critical supplier $c_m3" "$TMP/$doc.txt"
  check "$doc: OBJ-004 action A5 removed" grep -q "OBJ-004 A5 action removed: Contract a third-party assurance service for supplier assessments $c_m3" "$TMP/$doc.txt"
  check "$doc: OBJ-004 risk R-010 linked" grep -q "OBJ-004 — risk R-010 added $c_m3" "$TMP/$doc.txt"
  check "$doc: the renamed file of OBJ-005 is no change" sh -c "! grep -q 'OBJ-005 [—A-Z0-9]* \(objective\|title\|measure\|action\)' '$TMP/$doc.txt'"
done
check "review: section 'Changes since v1' names v1's commit" grep -q "Changes since v1 Compared with the pack at v1 (commit $(short v1))" "$TMP/review.txt"
check "register: section 'Changes since v1' after the summary" \
  $PY -c "import sys; t = open(sys.argv[1]).read(); i = t.rfind('Summary of objectives'); j = t.rfind('Changes since v1'); sys.exit(0 if 0 < i < j else 1)" "$TMP/register.txt"
$PY - "$R"/out/v1/*-tracking.xlsx "$c_target" "$c_owner" <<'EOF'
import datetime, sys
import openpyxl
path, c_target, c_owner = sys.argv[1:]
wb = openpyxl.load_workbook(path)
def check(what, good, detail=""):
    print(("ok - Changes sheet: %s" % what) if good else ("not ok - Changes sheet: %s: %s" % (what, detail)))
check("a sheet 'Changes' after Traceability", "Changes" in wb.sheetnames and
      wb.sheetnames.index("Changes") == wb.sheetnames.index("Traceability") + 1, str(wb.sheetnames))
rows = [list(r) for r in wb["Changes"].iter_rows(values_only=True)]
check("header", rows[0] == ["Objective", "Measure/action", "Field", "Before", "After", "Re-targeted", "Commit",
                            "Author", "Date"], str(rows[0]))
r = [x for x in rows if x[:3] == ["OBJ-001", "M1", "target"]]
check("OBJ-001 M1 target 0 -> 2, re-targeted, commit, author, date",
      r == [["OBJ-001", "M1", "target", "0", "2", "Yes", c_target, "Bob Changer", datetime.datetime(2026, 11, 20)]], str(r))
r = [x for x in rows if x[:3] == ["OBJ-002", None, "owner"]]
check("OBJ-002 owner", r and r[0][3:5] == ["CISO", "Security Awareness Lead"] and r[0][6] == c_owner, str(r))
r = [x for x in rows if x[0] == "OBJ-001" and x[2] == "progress"]
check("OBJ-001 progress 95% -> 97% (an evaluation change: no commit)", r and r[0][3:5] == ["95%", "97%"] and r[0][6] is None, str(r))
EOF
if [ "$(githash "$R")" = "$before" ]; then ok "the repository is unchanged (every file under .git)"; else not_ok "repository unchanged" "a file under .git changed"; fi

# --- --since HEAD~N and a branch ------------------------------------------------------
(cd "$R" && "$OBJREG" build isms -o out/n -q --since HEAD~1 >/dev/null 2>"$TMP/err")
t=$(text "$R"/out/n/*-review.pdf)
if echo "$t" | grep -q "Changes since HEAD~1" && echo "$t" | grep -q "Definitions changed None\." ; then
  ok "--since HEAD~1: only the rename since, which is no change"
else
  not_ok "--since HEAD~1" "$(echo "$t" | grep -o 'Definitions changed.\{0,200\}')"
fi
git -C "$R" branch old HEAD~3
(cd "$R" && "$OBJREG" build isms -o out/b -q --since old >/dev/null 2>"$TMP/err")
t=$(text "$R"/out/b/*-review.pdf)
if echo "$t" | grep -q "OBJ-003 — due 2026-09-30 → 2027-03-31 $c_due" && ! echo "$t" | grep -q "OBJ-001 M1 target"; then
  ok "--since a branch: the changes after it, not those before"
else
  not_ok "--since a branch" "$(echo "$t" | grep -o 'Definitions changed.\{0,300\}')"
fi

# --- docs/ci.md: the nightly build with --since the last review's (annotated) tag -------
GIT_COMMITTER_NAME=Ann GIT_COMMITTER_EMAIL=a@example.org GIT_COMMITTER_DATE=2026-10-02T09:00:00Z \
  git -C "$R" tag -a review-2026-q3 v1 -m "Management review 2026-10-02"
(cd "$R" && last=$(git describe --tags --abbrev=0 --match 'review-*' 2>/dev/null || true) &&
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) "$OBJREG" build isms -o out/ci -q ${last:+--since "$last"} >/dev/null 2>"$TMP/err")
t=$(text "$R"/out/ci/*-review.pdf)
if echo "$t" | grep -q "Changes since review-2026-q3" && echo "$t" | grep -q "OBJ-001 M1 target 0 → 2 re-targeted $c_target"; then
  ok "docs/ci.md: nightly build --since the last review-* tag (annotated)"
else
  not_ok "docs/ci.md nightly --since the last review tag" "$(cat "$TMP/err")"
fi
git -C "$R" tag -d review-2026-q3 >/dev/null

# --- --since an earlier evidence pack: the same change, without a commit --------------
mkdir "$TMP/v1"
git -C "$R" archive v1 isms | tar -x -C "$TMP/v1"
"$OBJREG" build "$TMP/v1/isms" -o "$TMP/v1-out" -q >/dev/null 2>&1
(cd "$R" && "$OBJREG" build isms -o out/e -q --since "$TMP/v1-out" >/dev/null 2>"$TMP/err")
t=$(text "$R"/out/e/*-review.pdf)
echo "$t" >"$TMP/e.txt"
check "--since an evidence pack: OBJ-001 M1 target 0 → 2 re-targeted, no commit column" \
  sh -c "grep -q 'OBJ-001 M1 target 0 → 2 re-targeted OBJ-00' '$TMP/e.txt' && ! grep -q '$c_target' '$TMP/e.txt'"
$PY - "$R"/out/e/*-tracking.xlsx <<'EOF'
import sys
import openpyxl
rows = [list(r) for r in openpyxl.load_workbook(sys.argv[1])["Changes"].iter_rows(values_only=True)]
r = [x for x in rows if x[:3] == ["OBJ-001", "M1", "target"]]
good = r == [["OBJ-001", "M1", "target", "0", "2", "Yes", None, None, None]]
print(("ok - %s" if good else "not ok - %s: " + str(r)) % "--since an evidence pack: the Changes sheet, without commit")
EOF

# --- a change in the work tree only: no commit made it ---------------------------------
edit "$O/obj-001-privileged-access.md" "    target: 2
" "    target: 5
"
(cd "$R" && "$OBJREG" build isms -o out/w -q --since v1 >/dev/null 2>"$TMP/err")
text "$R"/out/w/*-review.pdf >"$TMP/w.txt"
check "a change not yet committed: target 0 → 5, re-targeted, not committed" \
  grep -q "OBJ-001 M1 target 0 → 5 re-targeted not committed" "$TMP/w.txt"
git -C "$R" checkout -q -- isms/objectives

# --- the revision from Git ------------------------------------------------------------
head=$(git -C "$R" rev-parse HEAD)
(cd "$R" && "$OBJREG" build isms -o out/r1 -q >/dev/null 2>&1)
check "revision: HEAD's id in manifest.json" grep -q "\"revision\": \"$head\"" "$R/out/r1/manifest.json"
check "revision: on the review's cover" sh -c "pdftotext '$R/out/r1/'*-review.pdf - 2>/dev/null | tr -d ' \\n' | grep -q '$head'"
echo "notes" >"$R/isms/NOTES.txt"
(cd "$R" && "$OBJREG" build isms -o out/r2 -q >/dev/null 2>&1)
check "revision: a file that is not the pack's (NOTES.txt, out/) leaves it clean" grep -q "\"revision\": \"$head\"" "$R/out/r2/manifest.json"
echo "One more line of the body." >>"$(ls "$R"/isms/objectives/obj-006*.md)"
(cd "$R" && "$OBJREG" build isms -o out/r3 -q >/dev/null 2>&1)
check "revision: a dirty pack file gives HEAD-modified" grep -q "\"revision\": \"$head-modified\"" "$R/out/r3/manifest.json"
git -C "$R" checkout -q -- isms/objectives
cp "$R/isms/objectives/obj-001-privileged-access.md" "$R/isms/objectives/obj-099-new.md"
sed -i 's/^id: OBJ-001$/id: OBJ-099/' "$R/isms/objectives/obj-099-new.md"
(cd "$R" && "$OBJREG" build isms -o out/r4 -q >/dev/null 2>&1)
check "revision: an untracked objective gives HEAD-modified" grep -q "\"revision\": \"$head-modified\"" "$R/out/r4/manifest.json"
rm "$R/isms/objectives/obj-099-new.md" "$R/isms/NOTES.txt"
# A file the repository ignores (.git/info/exclude, as .gitignore) is still read:
# an ignored objective makes the tree modified.
cp "$R/isms/objectives/obj-001-privileged-access.md" "$R/isms/objectives/obj-098-ignored.md"
sed -i 's/^id: OBJ-001$/id: OBJ-098/' "$R/isms/objectives/obj-098-ignored.md"
printf 'isms/objectives/obj-098-ignored.md\n' >>"$R/.git/info/exclude"
(cd "$R" && "$OBJREG" build isms -o out/r6 -q >/dev/null 2>&1)
check "revision: an ignored objective (still read) gives HEAD-modified" grep -q "\"revision\": \"$head-modified\"" "$R/out/r6/manifest.json"
rm "$R/isms/objectives/obj-098-ignored.md"
sed -i '/obj-098-ignored/d' "$R/.git/info/exclude"
# An evidence file a row names is read and hashed: changed, it makes the tree modified.
ev=$(sed -n 's/^OBJ-001,M1,[^,]*,[^,]*,[^,]*,\(evidence\/[^,]*\),.*/\1/p' "$R/isms/progress/measurements-2026.csv" | head -n 1)
echo "one more row" >>"$R/isms/$ev"
(cd "$R" && "$OBJREG" build isms -o out/r7 -q >/dev/null 2>&1)
check "revision: a changed evidence file ($ev) gives HEAD-modified" grep -q "\"revision\": \"$head-modified\"" "$R/out/r7/manifest.json"
git -C "$R" checkout -q -- isms/evidence
(cd "$R" && "$OBJREG" build isms -o out/r8 -q >/dev/null 2>&1)
check "revision: the evidence restored, the tree is clean again" grep -q "\"revision\": \"$head\"" "$R/out/r8/manifest.json"
# A folder of the pack that is a submodule (progress data kept in a repository of
# its own): a file changed or added in its work tree makes the tree modified.
S=$TMP/sub && mkdir -p "$S" && git -C "$S" init -q && cp -R "$SRC/input/progress/." "$S/"
git -C "$S" add -A && GIT_AUTHOR_NAME=s GIT_AUTHOR_EMAIL=s@example.org GIT_COMMITTER_NAME=s \
  GIT_COMMITTER_EMAIL=s@example.org git -C "$S" commit -q -m data
M=$TMP/super && mkdir -p "$M" && git -C "$M" init -q && cp -R "$SRC/input" "$M/isms" && rm -r "$M/isms/progress"
git -C "$M" -c protocol.file.allow=always submodule add -q "$S" isms/progress >/dev/null 2>&1
git -C "$M" add -A && GIT_AUTHOR_NAME=s GIT_AUTHOR_EMAIL=s@example.org GIT_COMMITTER_NAME=s \
  GIT_COMMITTER_EMAIL=s@example.org git -C "$M" commit -q -m pack
mhead=$(git -C "$M" rev-parse HEAD)
"$OBJREG" build "$M/isms" -o "$TMP/sm1" -q >/dev/null 2>&1
check "revision: a clean submodule in the pack leaves it clean" grep -q "\"revision\": \"$mhead\"" "$TMP/sm1/manifest.json"
echo "OBJ-001,M1,2026-11-01,0,,,," >>"$M/isms/progress/measurements-2026.csv"
"$OBJREG" build "$M/isms" -o "$TMP/sm2" -q >/dev/null 2>&1
check "revision: a progress file changed in a submodule of the pack gives HEAD-modified" grep -q "\"revision\": \"$mhead-modified\"" "$TMP/sm2/manifest.json"
(cd "$R" && "$OBJREG" build isms -o out/r5 -q --revision given >/dev/null 2>&1)
check "revision: --revision still wins" grep -q '"revision": "given"' "$R/out/r5/manifest.json"
"$OBJREG" build input -o "$TMP/nogit" -q >/dev/null 2>&1
mkdir "$TMP/plain" && cp -R input/. "$TMP/plain/"
"$OBJREG" build "$TMP/plain" -o "$TMP/plain-out" -q >/dev/null 2>&1
check "revision: not a repository: not given" sh -c "! grep -q '\"revision\"' '$TMP/plain-out/manifest.json' || grep -q '\"revision\": null' '$TMP/plain-out/manifest.json'"

# --- a progress workbook: read at REF as in the work tree, and part of the revision -------
$PY - "$R/isms/progress/owners.xlsx" 30 <<'EOF'
import datetime, sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Measurements"
ws.append(["objective", "measure", "date", "value", "note"])
ws.append(["OBJ-001", "M1", datetime.date(2026, 11, 20), int(sys.argv[2]), "from the workbook"])
ws["C2"].number_format = "yyyy-mm-dd"
wb.save(sys.argv[1])
EOF
git -C "$R" add isms/progress/owners.xlsx
commit "Dora Data" 2026-11-26 "OBJ-001 M1: a value from the owners' workbook"
git -C "$R" tag wb
(cd "$R" && "$OBJREG" build isms -o out/w1 -q --since wb >/dev/null 2>&1)
cat >"$TMP/changes.py" <<'EOF'
import glob, sys, openpyxl
wb = openpyxl.load_workbook(glob.glob(sys.argv[1] + "/*.xlsx")[0])
rows = [r for n in wb.sheetnames if n.startswith("Changes") for r in list(wb[n].iter_rows(values_only=True))[1:] if r[0]]
print(rows)
sys.exit(1 if rows else 0)
EOF
check "--since REF: a progress workbook at REF is read (no change since REF)" $PY "$TMP/changes.py" "$R/out/w1"
head=$(git -C "$R" rev-parse HEAD)
(cd "$R" && "$OBJREG" build isms -o out/w2 -q >/dev/null 2>&1)
check "revision: a committed workbook leaves it clean" grep -q "\"revision\": \"$head\"" "$R/out/w2/manifest.json"
$PY - "$R/isms/progress/owners.xlsx" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); wb.active["D2"] = 25; wb.save(sys.argv[1])
EOF
(cd "$R" && "$OBJREG" build isms -o out/w3 -q >/dev/null 2>&1)
check "revision: a changed progress workbook gives HEAD-modified" grep -q "\"revision\": \"$head-modified\"" "$R/out/w3/manifest.json"
git -C "$R" checkout -q -- isms/progress

# --- which commit: through a file renamed twice, and a change made in a merge ---------
# Commits are given their own authors; the change record must name the one
# that made each change, not a later rename, and a value settled while
# merging is the merge's (not "not committed"), while a value a merge only
# brings in is its branch's.
Q=$TMP/q
mkdir -p "$Q" && git -C "$Q" init -q -b main && cp -R "$SRC/input" "$Q/pack"
qc() { GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL=a@example.org \
  git -C "$Q" commit -q -a -m "$2"; }
git -C "$Q" add -A && qc Ann init && git -C "$Q" tag v1
git -C "$Q" mv pack/objectives/obj-001-privileged-access.md pack/objectives/obj-001-b.md
edit "$Q/pack/objectives/obj-001-b.md" "    target: 0
" "    target: 7
"
qc Xavier "OBJ-001: renamed, M1 target 7"
git -C "$Q" mv pack/objectives/obj-001-b.md pack/objectives/obj-001-c.md
qc Yvonne "OBJ-001: renamed again, nothing else"
git -C "$Q" checkout -q -b side
edit "$Q/pack/objectives/obj-002-phishing-awareness.md" "owner: CISO" "owner: Side Owner"
edit "$Q/pack/objectives/obj-001-c.md" "    target: 7
" "    target: 3
"
qc Sid "side: OBJ-002 owner, OBJ-001 M1 target 3"
git -C "$Q" checkout -q main
edit "$Q/pack/objectives/obj-001-c.md" "    target: 7
" "    target: 5
"
qc Maud "main: OBJ-001 M1 target 5"
GIT_AUTHOR_NAME=Merle GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME=Merle GIT_COMMITTER_EMAIL=a@example.org \
  git -C "$Q" merge -q side >/dev/null 2>&1  # stops at the conflict; git wants an identity all the same
git -C "$Q" show main:pack/objectives/obj-001-c.md | sed 's/^    target: 5$/    target: 4/' >"$Q/pack/objectives/obj-001-c.md"
git -C "$Q" add -A && qc Merle "merge side: OBJ-001 M1 target 4"
(cd "$Q" && "$OBJREG" build pack -o "$TMP/q-out" -q --since v1 >/dev/null 2>&1)
cat >"$TMP/who.py" <<'EOF'
import glob, sys, openpyxl
wb = openpyxl.load_workbook(glob.glob(sys.argv[1] + "/*.xlsx")[0])
for n in wb.sheetnames:
    if n.startswith("Changes"):
        for r in list(wb[n].iter_rows(values_only=True))[1:]:
            if r[0]:
                print("|".join("" if v is None else str(v) for v in r[:8]))
EOF
$PY "$TMP/who.py" "$TMP/q-out" >"$TMP/who.txt"
check "a change settled in a merge is the merge's (Merle), not 'not committed'" grep -q '^OBJ-001|M1|target|0|4|Yes|[0-9a-f]*|Merle$' "$TMP/who.txt"
check "a change a merge brings in is its branch's (Sid)" grep -q '^OBJ-002||owner|CISO|Side Owner|No|[0-9a-f]*|Sid$' "$TMP/who.txt"
git -C "$Q" reset -q --hard HEAD~1
git -C "$Q" checkout -q side 2>/dev/null; git -C "$Q" checkout -q main
git -C "$Q" reset -q --hard HEAD~1  # main as it was after Yvonne
(cd "$Q" && "$OBJREG" build pack -o "$TMP/q-out2" -q --since v1 >/dev/null 2>&1)
$PY "$TMP/who.py" "$TMP/q-out2" >"$TMP/who2.txt"
check "a change made with a rename is that commit's (Xavier), not a later rename's (Yvonne)" grep -q '^OBJ-001|M1|target|0|7|Yes|[0-9a-f]*|Xavier$' "$TMP/who2.txt"
# REF on a branch HEAD never merged (side, Sid's commit): what side's own history
# changed is not in the work tree (it is clean): "not in HEAD's history", never
# "not committed".
(cd "$Q" && "$OBJREG" build pack -o "$TMP/q-out3" -q --since side >/dev/null 2>&1)
$PY "$TMP/who.py" "$TMP/q-out3" >"$TMP/who3.txt"
check "--since a branch not merged: its own change is 'not in HEAD's history' (workbook)" \
  grep -q "^OBJ-002||owner|Side Owner|CISO|No|not in HEAD's history|$" "$TMP/who3.txt"
text "$TMP"/q-out3/*-review.pdf >"$TMP/q3.txt"
check "--since a branch not merged: the review says 'not in HEAD's history', not 'not committed'" \
  sh -c "grep -q \"Side Owner → CISO not in HEAD's history\" '$TMP/q3.txt' && ! grep -q 'not committed' '$TMP/q3.txt'"
text "$TMP"/q-out3/*-register.pdf >"$TMP/q3r.txt"
check "--since a branch not merged: the register says 'not in HEAD's history', not 'not committed'" \
  sh -c "grep -q \"not in HEAD's history\" '$TMP/q3r.txt' && ! grep -q 'not committed' '$TMP/q3r.txt'"

# --- an objective file that is a symbolic link inside the pack: read at REF as in the work tree ---
L=$TMP/l
mkdir -p "$L" && git -C "$L" init -q && cp -R "$SRC/input" "$L/pack" && mkdir "$L/pack/shared"
mv "$L/pack/objectives/obj-009-mobile-devices.md" "$L/pack/shared/obj-009.md"
ln -s ../shared/obj-009.md "$L/pack/objectives/obj-009-mobile-devices.md"
git -C "$L" add -A && GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME=Ann \
  GIT_COMMITTER_EMAIL=a@example.org git -C "$L" commit -q -m init
(cd "$L" && "$OBJREG" build pack -o "$TMP/l-out" -q --since HEAD >/dev/null 2>&1)
$PY "$TMP/who.py" "$TMP/l-out" >"$TMP/l.txt"
check "--since HEAD, an objective that is a link inside the pack, nothing changed: no change (not 'added')" \
  sh -c "[ -f '$TMP/l-out/manifest.json' ] && [ ! -s '$TMP/l.txt' ]"
git -C "$L" tag l1
edit "$L/pack/shared/obj-009.md" "title: Every laptop" "title: Every company laptop"
GIT_AUTHOR_NAME=Lin GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME=Lin GIT_COMMITTER_EMAIL=a@example.org \
  git -C "$L" commit -q -a -m "OBJ-009's title, in the file its link leads to"
(cd "$L" && "$OBJREG" build pack -o "$TMP/l-out2" -q --since l1 >/dev/null 2>&1)
check "--since REF, an objective that is a link: the change in the file it leads to names its commit (Lin), not 'not committed'" \
  sh -c "$PY '$TMP/who.py' '$TMP/l-out2' | grep -q '^OBJ-009||title|Every laptop.*|Every company laptop.*|No|[0-9a-f]*|Lin$'"

# --- a progress workbook in Git LFS: the blob at REF is a pointer, the content in LFS's store ---
F=$TMP/lfs
mkdir -p "$F" && git -C "$F" init -q && cp -R "$SRC/input" "$F/pack"
$PY - "$TMP/owners.xlsx" <<'EOF'
import datetime, sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Measurements"
ws.append(["objective", "measure", "date", "value", "note"])
ws.append(["OBJ-001", "M1", datetime.date(2026, 11, 20), 3, "from the workbook"])
wb.save(sys.argv[1])
EOF
oid=$(sha256sum "$TMP/owners.xlsx" | cut -d' ' -f1)
printf 'version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %s\n' "$oid" "$(wc -c <"$TMP/owners.xlsx" | tr -d ' ')" \
  >"$F/pack/progress/owners.xlsx"
git -C "$F" add -A && GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME=Ann \
  GIT_COMMITTER_EMAIL=a@example.org git -C "$F" commit -q -m "owners.xlsx in LFS"
cp "$TMP/owners.xlsx" "$F/pack/progress/owners.xlsx"  # as git lfs checks it out
git -C "$F" update-index --assume-unchanged pack/progress/owners.xlsx
(cd "$F" && "$OBJREG" build pack -o "$TMP/lfs-out1" -q --since HEAD >/dev/null 2>"$TMP/err")
rc=$?
if [ $rc = 2 ] && grep -q "^objreg: error: --since 'HEAD': 'progress/owners.xlsx' is a Git LFS pointer at that revision, and its content is not in this repository's LFS store (git lfs fetch)$" "$TMP/err" && [ ! -e "$TMP/lfs-out1" ]; then
  ok "--since REF, a workbook in LFS not fetched: exit 2, says so (no change made up from the pointer)"
else
  not_ok "LFS not fetched" "exit $rc: $(cat "$TMP/err")"
fi
mkdir -p "$F/.git/lfs/objects/$(echo "$oid" | cut -c1-2)/$(echo "$oid" | cut -c3-4)"
cp "$TMP/owners.xlsx" "$F/.git/lfs/objects/$(echo "$oid" | cut -c1-2)/$(echo "$oid" | cut -c3-4)/$oid"
(cd "$F" && "$OBJREG" build pack -o "$TMP/lfs-out2" -q --since HEAD >/dev/null 2>&1)
$PY "$TMP/who.py" "$TMP/lfs-out2" >"$TMP/lfs.txt"
check "--since REF, a workbook in LFS, fetched: read from LFS's store, no change" \
  sh -c "[ -f '$TMP/lfs-out2/manifest.json' ] && [ ! -s '$TMP/lfs.txt' ]"

# --- an author name that is not UTF-8 (Git checks none): text the documents can carry ----
N=$TMP/n
mkdir -p "$N" && git -C "$N" init -q && cp -R "$SRC/input" "$N/pack"
git -C "$N" add -A && GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME=Ann \
  GIT_COMMITTER_EMAIL=a@example.org git -C "$N" commit -q -m init && git -C "$N" tag v1
edit "$N/pack/objectives/obj-002-phishing-awareness.md" "owner: CISO" "owner: Awareness Lead"
git -C "$N" add -A
printf 'tree %s\nparent %s\nauthor J\366rg \001\033[31mM\374ller <a@example.org> 1772355600 +0000\ncommitter x <a@example.org> 1772355600 +0000\n\nLatin-1 author\n' \
  "$(git -C "$N" write-tree)" "$(git -C "$N" rev-parse HEAD)" >"$TMP/latin1.commit"
git -C "$N" reset -q --soft "$(git -C "$N" hash-object -t commit -w "$TMP/latin1.commit")"
(cd "$N" && "$OBJREG" build pack -o "$TMP/n-out" -q --since v1 >/dev/null 2>&1)
check "an author name in Latin-1 with control characters: the workbook opens, the bytes replaced by U+FFFD" \
  sh -c "$PY '$TMP/who.py' '$TMP/n-out' | grep -qx 'OBJ-002||owner|CISO|Awareness Lead|No|[0-9a-f]*|J�rg ��\\[31mM�ller'"
check "the same name in the review, replaced the same way" \
  sh -c "pdftotext '$TMP'/n-out/*-review.pdf - 2>/dev/null | grep -q 'J�rg'"

# --- refused: a shallow clone without REF, a REF that is nothing ------------------------
git clone -q --depth 1 "file://$R" "$TMP/shallow" 2>/dev/null
(cd "$TMP/shallow" && "$OBJREG" build isms -o "$TMP/sh-out" -q --since v1 >"$TMP/out" 2>"$TMP/err")
rc=$?
if [ $rc = 2 ] && grep -q "^objreg: error: --since 'v1': .*shallow clone; fetch the history first" "$TMP/err" && [ ! -e "$TMP/sh-out" ]; then
  ok "shallow clone without v1: exit 2, says to fetch the history"
else
  not_ok "shallow clone" "exit $rc: $(cat "$TMP/err")"
fi
(cd "$TMP/shallow" && "$OBJREG" build isms -o "$TMP/sh-out" -q --since HEAD~3 >"$TMP/out" 2>"$TMP/err")
rc=$?
if [ $rc = 2 ] && grep -q "shallow clone" "$TMP/err"; then ok "shallow clone, HEAD~3: exit 2"; else not_ok "shallow HEAD~3" "exit $rc: $(cat "$TMP/err")"; fi
(cd "$R" && "$OBJREG" build isms -o out/x -q --since no-such-tag >"$TMP/out" 2>"$TMP/err")
rc=$?
if [ $rc = 2 ] && grep -q "^objreg: error: --since 'no-such-tag': neither a folder nor a revision of the pack's repository" "$TMP/err"; then
  ok "--since a name that is neither a folder nor a revision: exit 2"
else
  not_ok "--since nothing" "exit $rc: $(cat "$TMP/err")"
fi
"$OBJREG" build "$TMP/plain" -o "$TMP/x" -q --since v1 >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc = 2 ] && grep -q "not a folder, and the pack is not in a Git repository" "$TMP/err"; then
  ok "--since a revision outside a repository: exit 2"
else
  not_ok "--since outside a repository" "exit $rc: $(cat "$TMP/err")"
fi
cd "$SRC" || exit 1
[ $fail = 0 ]
