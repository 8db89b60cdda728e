#!/bin/sh
# tests/relevance.sh BUILD - the rule 6.2f-relevance (SPEC section 17) in a real
# repository made in a temporary folder, with fixed authors and dates.
#
# The example pack goes into isms/ (a pack in a subfolder), OBJ-002 without
# requirements, committed on 2026-10-01.  The objectives' last reviews are
# 2026-10-08 (OBJ-001, OBJ-002).  Then one commit each:
#   2026-10-05  R-019 medium -> high         before OBJ-001's review: no finding
#   2026-11-20  R-001 high -> critical       after it: a finding at OBJ-001's R-001
#   2026-11-21  R-002 and R-013 closed       OBJ-002: every risk closed (at `risks`),
#                                            and each reference "status open -> closed"
#   2026-11-22  POL-4's text reworded        at OBJ-001's POL-4: "text reworded"
#   2026-11-23  REQ-GDPR-32 legal -> regulatory, R-003 critical -> high
#                                            the requirement's type at OBJ-001; nothing
#                                            for OBJ-003 (achieved: the rule is for active ones)
# checked with --format json (positions, messages, commit ids and dates); the
# change record of build --since v1 (review, workbook; and in German); the revert of
# R-001 (the most recent change counts); the pack outside Git (only the first
# check, nothing said about history); a shallow clone (no error, a note); the
# rule off in pack.yml.  Prints "ok - WHAT" or "not ok - WHAT: DETAIL".
set -u
. "$(dirname "$0")/gitrepo.sh"

short() { git -C "$R" log -1 --format=%h --abbrev=7 "$1"; }
# The 6.2f-relevance findings of `check --format json` in DIR, one per line:
# "objective file:line:column message"; stderr into $TMP/err.
findings() {
  (cd "$1" && "$OBJREG" check "$2" --format json 2>"$TMP/err") | $PY -c '
import json, sys
for f in json.load(sys.stdin)["findings"]:
    if f["rule"] == "6.2f-relevance":
        print("%s %s:%d:%d %s" % (f["objective"], f["file"], f["line"], f["column"], f["message"]))'
}
# Expect line LINE among the findings in $TMP/f (or, with "!", not).
has() {
  if [ "$1" = "!" ]; then
    shift
    if grep -qF -- "$2" "$TMP/f"; then not_ok "$1" "reported: $(grep -F -- "$2" "$TMP/f")"; else ok "$1"; fi
  elif grep -qxF -- "$2" "$TMP/f"; then ok "$1"; else not_ok "$1" "got: $(cat "$TMP/f")"; fi
}

P=$R/isms
edit "$P/objectives/obj-002-phishing-awareness.md" "requirements: [REQ-ISO-A6.3, REQ-NIS2-21]
" ""
git -C "$R" add -A
commit "Ann Author" 2026-10-01 "the pack"
git -C "$R" tag v1
sed -i 's/^\(R-019,.*\),medium,modify,/\1,high,modify,/' "$P/risks.csv"
commit "Bob Before" 2026-10-05 "R-019 rated high"
c_before=$(short HEAD)
sed -i 's/^\(R-001,.*\),high,modify,/\1,critical,modify,/' "$P/risks.csv"
commit "Carol Rater" 2026-11-20 "R-001 rated critical"
c_rise=$(short HEAD)
sed -i 's/^\(R-002,.*\),open,/\1,closed,/; s/^\(R-013,.*\),open,/\1,closed,/' "$P/risks.csv"
commit "Dan Closer" 2026-11-21 "R-002 and R-013 closed"
c_closed=$(short HEAD)
$PY - "$P/policy.md" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
a = s.index("## POL-4:"); b = s.index("## POL-5:")
head = s[a:s.index("\n", a) + 1]
s = s[:a] + head + "\nAccess is granted by role, reviewed every quarter, and removed on the day it is no longer needed.\n\n" + s[b:]
open(p, "w", encoding="utf-8").write(s)
EOF
commit "Eve Writer" 2026-11-22 "POL-4 reworded"
c_pol=$(short HEAD)
sed -i 's/^\(REQ-GDPR-32,.*\),legal$/\1,regulatory/' "$P/requirements.csv"
sed -i 's/^\(R-003,.*\),critical,modify,/\1,high,modify,/' "$P/risks.csv"
commit "Fay Lawyer" 2026-11-23 "REQ-GDPR-32 is regulatory; R-003 high"
c_req=$(short HEAD)
before=$(githash "$R")

# --- check at HEAD ---------------------------------------------------------------------
findings "$R" isms >"$TMP/f"
O1=objectives/obj-001-privileged-access.md O2=objectives/obj-002-phishing-awareness.md
has "a risk whose level rose after the last review: at the reference, before → after, commit, date" \
  "OBJ-001 $O1:10:9 risk R-001 changed on 2026-11-20 (level high → critical, $c_rise), after OBJ-001 was last reviewed on 2026-10-08"
has ! "a risk changed before the last review: no finding" "R-019"
has "every risk closed, no requirement: at the risks key" \
  "OBJ-002 $O2:8:1 every risk OBJ-002 addresses is closed; review whether it is still needed"
has "a risk closed after the review: status open → closed" \
  "OBJ-002 $O2:8:9 risk R-002 changed on 2026-11-21 (status open → closed, $c_closed), after OBJ-002 was last reviewed on 2026-10-08"
has "a reworded policy statement: text reworded" \
  "OBJ-001 $O1:8:10 policy statement POL-4 changed on 2026-11-22 (text reworded, $c_pol), after OBJ-001 was last reviewed on 2026-10-08"
has "a requirement whose type changed" \
  "OBJ-001 $O1:9:45 requirement REQ-GDPR-32 changed on 2026-11-23 (type legal → regulatory, $c_req), after OBJ-001 was last reviewed on 2026-10-08"
has ! "an achieved objective's risk: no finding (active objectives only)" "OBJ-003"
if [ ! -s "$TMP/err" ]; then ok "a full history: nothing on stderr"; else not_ok "nothing on stderr" "$(cat "$TMP/err")"; fi
(cd "$R" && "$OBJREG" check isms 2>/dev/null) | grep -q "^$O1:10:9: warning: risk R-001 changed on 2026-11-20 (level high → critical, $c_rise), after OBJ-001 was last reviewed on 2026-10-08 \[6.2f-relevance\]$" &&
  ok "text output: the finding as a compiler prints it" || not_ok "text output" "no such line"

# --- the change record of build --since v1 -------------------------------------------------
(cd "$R" && "$OBJREG" build isms -o out/v1 -q --since v1 >/dev/null 2>"$TMP/err")
pdftotext "$R"/out/v1/*-review.pdf - 2>/dev/null | tr -s ' \n' '  ' >"$TMP/review.txt"
if grep -q "OBJ-001 R-001 risk R-001 level high → critical $c_rise Carol Rater, 2026-11-20" "$TMP/review.txt" &&
  grep -q "OBJ-001 POL-4 policy statement POL-4 text reworded $c_pol" "$TMP/review.txt" &&
  grep -q "OBJ-002 R-013 risk R-013 status open → closed $c_closed" "$TMP/review.txt" &&
  grep -q "OBJ-001 R-019 risk R-019 level medium → high $c_before Bob Before, 2026-10-05" "$TMP/review.txt" &&
  ! grep -q "R-003 level" "$TMP/review.txt"; then
  ok "review: the change record lists what the objectives rest on since v1, with commits (also R-019, changed after v1; not R-003 of an achieved objective)"
else
  not_ok "review: change record" "$(grep -o 'Definitions changed.\{0,400\}' "$TMP/review.txt") $(cat "$TMP/err")"
fi
pdftotext "$R"/out/v1/*-register.pdf - 2>/dev/null | tr -s ' \n' '  ' >"$TMP/register.txt"
if grep -q "OBJ-001 R-001 risk R-001 level high → critical $c_rise Carol Rater, 2026-11-20" "$TMP/register.txt"; then
  ok "register: the change record's section lists R-001's change with its commit"
else
  not_ok "register: change record" "$(grep -o 'Changes since v1 Compared.\{0,300\}' "$TMP/register.txt")"
fi
if grep -q "6.2f-relevance" "$TMP/review.txt"; then ok "review: check findings name 6.2f-relevance"; else not_ok "review: findings" "no 6.2f-relevance"; fi
$PY - "$R"/out/v1/*-tracking.xlsx "$c_rise" "$c_pol" <<'EOF'
import datetime, sys
import openpyxl
path, c_rise, c_pol = sys.argv[1:]
rows = [list(r) for r in openpyxl.load_workbook(path)["Changes"].iter_rows(values_only=True)]
def check(what, good, detail=""):
    print(("ok - Changes sheet: %s" % what) if good else ("not ok - Changes sheet: %s: %s" % (what, detail)))
r = [x for x in rows if x[:3] == ["OBJ-001", "R-001", "risk level"]]
check("OBJ-001 R-001 risk level high -> critical, commit, author, date",
      r == [["OBJ-001", "R-001", "risk level", "high", "critical", "No", c_rise, "Carol Rater", datetime.datetime(2026, 11, 20)]], str(r))
r = [x for x in rows if x[:3] == ["OBJ-001", "POL-4", "policy statement text"]]
check("OBJ-001 POL-4 text reworded", r and r[0][3:5] == [None, "reworded"] and r[0][6] == c_pol, str(r))
i = [k for k, x in enumerate(rows) if x[0] == "OBJ-001"]
check("each objective's rows together", i == list(range(i[0], i[-1] + 1)), str(i))
EOF

# In German (a copy of the repository, pack.yml changed in its work tree only):
# the referenced risks' levels and statuses and the requirements' types in the
# language's words, in both PDFs and the Changes sheet (SPEC 12).
cp -R "$R" "$TMP/de" && printf 'language: de\n' >>"$TMP/de/isms/pack.yml"
(cd "$TMP/de" && "$OBJREG" build isms -o out/de -q --since v1 >/dev/null 2>"$TMP/err")
for doc in review register; do
  pdftotext "$TMP"/de/out/de/*-$doc.pdf "$TMP/de-$doc.txt" 2>/dev/null
  if miss=$($PY - "$TMP/de-$doc.txt" <<'EOF'
import re, sys
t = re.sub(r"[\s\-\u00ad]", "", open(sys.argv[1], encoding="utf-8").read())
want = ["R001Stufehoch\u2192kritisch", "R013Statusoffen\u2192geschlossen", "R019Stufemittel\u2192hoch",
        "REQGDPR32Typgesetzlich\u2192regulatorisch"]
miss = [w for w in want if w not in t]  # (the findings quoted stay English: SPEC 12)
print(miss)
sys.exit(1 if miss else 0)
EOF
  ); then
    ok "$doc in German: the referenced risks' levels and statuses, a requirement's type, in German words"
  else
    not_ok "$doc in German" "$miss $(cat "$TMP/err")"
  fi
done
$PY - "$TMP"/de/out/de/*-tracking.xlsx <<'EOF'
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
r = [list(x[3:5]) for ws in wb.worksheets for x in ws.iter_rows(values_only=True) if list(x[:2]) == ["OBJ-001", "R-001"]]
good = r == [["hoch", "kritisch"]]
print(("ok - " if good else "not ok - ") + "Changes sheet in German: R-001's level hoch -> kritisch" + ("" if good else ": %r" % r))
EOF

if [ "$(githash "$R")" = "$before" ]; then
  ok "the repository is unchanged by check and build (every file under .git)"
else
  not_ok "repository unchanged" "a file under .git changed"
fi

# --- reverted: the most recent change counts --------------------------------------------
sed -i 's/^\(R-001,.*\),critical,modify,/\1,high,modify,/' "$P/risks.csv"
commit "Carol Rater" 2026-11-25 "R-001 back to high"
c_back=$(short HEAD)
findings "$R" isms >"$TMP/f"
has "a change reverted later: the revert is the most recent change" \
  "OBJ-001 $O1:10:9 risk R-001 changed on 2026-11-25 (level critical → high, $c_back), after OBJ-001 was last reviewed on 2026-10-08"

# --- the pack outside Git: only the first check -----------------------------------------
mkdir "$TMP/plain" && cp -R "$P/." "$TMP/plain/"
findings "$TMP" plain >"$TMP/f"
if [ "$(cat "$TMP/f")" = "OBJ-002 $O2:8:1 every risk OBJ-002 addresses is closed; review whether it is still needed" ] && [ ! -s "$TMP/err" ]; then
  ok "not in Git: only the first check, nothing said about history"
else
  not_ok "not in Git" "$(cat "$TMP/f" "$TMP/err")"
fi

# --- a shallow clone: no error, a note that the history is incomplete -------------------
git clone -q --depth 1 "file://$R" "$TMP/shallow" 2>/dev/null
(cd "$TMP/shallow" && "$OBJREG" check isms --format json >/dev/null 2>"$TMP/err")
rc=$?
(cd "$R" && "$OBJREG" check isms --format json >/dev/null 2>/dev/null)
full=$?
if [ $rc = "$full" ] && grep -q "^objreg: note: the Git history of the pack is incomplete (a shallow clone); 6.2f-relevance looked only at the commits present$" "$TMP/err"; then
  ok "shallow clone: exit $rc as with the full history, a note on stderr"
else
  not_ok "shallow clone" "exit $rc (full: $full): $(cat "$TMP/err")"
fi
findings "$TMP/shallow" isms >"$TMP/f"
has "shallow clone: the first check still applies" \
  "OBJ-002 $O2:8:1 every risk OBJ-002 addresses is closed; review whether it is still needed"

# --- the rule off --------------------------------------------------------------------------
printf 'rules:\n  6.2f-relevance: off\n' >>"$P/pack.yml"
findings "$R" isms >"$TMP/f"
if [ ! -s "$TMP/f" ]; then ok "rules: {6.2f-relevance: off}: no finding"; else not_ok "rule off" "$(cat "$TMP/f")"; fi
git -C "$R" checkout -q -- isms/pack.yml

# --- the history as it really is: clocks, rebases, merges, an id removed and added back ---
# From the reverted state (R-001 high at HEAD, changed on 2026-11-25): each case on a
# new branch from here, R-001 raised to critical once more.
git -C "$R" checkout -q -b base
crit() { sed -i 's/^\(R-001,.*\),high,modify,/\1,critical,modify,/' "$P/risks.csv"; }
want_r1() { printf 'OBJ-001 %s:10:9 risk R-001 changed on %s (level high → critical, %s), after OBJ-001 was last reviewed on 2026-10-08\n' "$O1" "$2" "$1"; }
r1() { findings "$R" isms | grep " risk R-001 " >"$TMP/f"; }

git -C "$R" checkout -q -b skew base
crit && commit "Carol Rater" 2026-11-26 "R-001 critical again"
c=$(short HEAD)
printf 'Notes.\n' >>"$P/README.md" && commit "Sam Skew" 2025-01-01 "README (a clock behind)"
r1
if [ "$(cat "$TMP/f")" = "$(want_r1 "$c" 2026-11-26)" ]; then ok "a later commit dated before the review (clock skew) hides nothing"; else not_ok "clock skew" "$(cat "$TMP/f")"; fi

git -C "$R" checkout -q -b moved base
crit && commit "Carol Rater" 2026-11-26 "R-001 critical again"
c=$(short HEAD)
git -C "$R" mv isms docs-isms && commit "Mo Mover" 2026-11-27 "The pack moves to docs-isms/"
findings "$R" docs-isms | grep " risk R-001 " >"$TMP/f"
if [ "$(cat "$TMP/f")" = "$(want_r1 "$c" 2026-11-26)" ]; then ok "a change, then the pack's folder moved: found through the move"; else not_ok "pack moved" "$(cat "$TMP/f")"; fi

git -C "$R" checkout -q -b rewrapped base
edit "$P/policy.md" "Access is granted by role, reviewed every quarter, and removed on the day it is no longer needed." \
  "Access is granted by role,   reviewed every quarter,
and removed on the day it is no longer needed."
commit "Wanda Wrap" 2026-11-26 "policy.md: lines wrapped anew"
findings "$R" isms | grep " policy statement POL-4 " >"$TMP/f"
if [ "$(cat "$TMP/f")" = "OBJ-001 $O1:8:10 policy statement POL-4 changed on 2026-11-22 (text reworded, $c_pol), after OBJ-001 was last reviewed on 2026-10-08" ]; then
  ok "a statement's lines wrapped anew (same words): no change; the earlier rewording still counts"
else
  not_ok "rewrapped" "$(cat "$TMP/f")"
fi

git -C "$R" checkout -q -b rebased base
crit
GIT_AUTHOR_NAME=Rob GIT_AUTHOR_EMAIL=a@example.org GIT_AUTHOR_DATE=2026-10-01T09:00:00Z \
  GIT_COMMITTER_NAME=Rob GIT_COMMITTER_EMAIL=a@example.org GIT_COMMITTER_DATE=2026-11-26T09:00:00Z \
  git -C "$R" commit -q -a -m "R-001 critical (written before the review, rebased after it)"
r1
if [ "$(cat "$TMP/f")" = "$(want_r1 "$(short HEAD)" 2026-11-26)" ]; then ok "authored before the review, committed after it: found, dated when committed"; else not_ok "rebased" "$(cat "$TMP/f")"; fi

git -C "$R" checkout -q -b side base
crit && commit "Carol Rater" 2026-10-01 "R-001 critical (a branch, dated before the review)"
git -C "$R" checkout -q -b merged base
printf 'Notes.\n' >>"$P/README.md" && commit "Mia Main" 2026-11-26 "README"
GIT_AUTHOR_NAME=Max GIT_AUTHOR_EMAIL=a@example.org GIT_AUTHOR_DATE=2026-11-27T09:00:00Z \
  GIT_COMMITTER_NAME=Max GIT_COMMITTER_EMAIL=a@example.org GIT_COMMITTER_DATE=2026-11-27T09:00:00Z \
  git -C "$R" merge -q --no-edit side
r1
if [ "$(cat "$TMP/f")" = "$(want_r1 "$(short side)" 2026-11-27)" ]; then ok "a branch's change (dated before the review) merged after it: found, dated when the merge brought it in"; else not_ok "merge" "$(cat "$TMP/f")"; fi

git -C "$R" checkout -q -b readd base
line=$(grep '^R-001,' "$P/risks.csv")
grep -v '^R-001,' "$P/risks.csv" >"$TMP/r.csv" && cp "$TMP/r.csv" "$P/risks.csv"
commit "Rita Remover" 2026-11-26 "R-001 removed"
printf '%s\n' "$line" >>"$P/risks.csv" && crit && commit "Rita Remover" 2026-11-27 "R-001 back, critical"
r1
if [ "$(cat "$TMP/f")" = "$(want_r1 "$(short HEAD)" 2026-11-27)" ]; then ok "an id removed and added back with another definition: a change"; else not_ok "removed and added back" "$(cat "$TMP/f")"; fi
git -C "$R" reset -q --hard readd~1
printf '%s\n' "$line" >>"$P/risks.csv" && commit "Rita Remover" 2026-11-27 "R-001 back, as it was"
r1
if [ "$(cat "$TMP/f")" = "$(printf 'OBJ-001 %s:10:9 risk R-001 changed on 2026-11-25 (level critical → high, %s), after OBJ-001 was last reviewed on 2026-10-08' "$O1" "$c_back")" ]; then
  ok "an id removed and added back as it was: no change of its own (the older one counts)"
else
  not_ok "removed and added back unchanged" "$(cat "$TMP/f")"
fi

echo "# $pass passed, $fail failed"
[ $fail = 0 ]
