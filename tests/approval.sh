#!/bin/sh
# tests/approval.sh BUILD - the rule 7.5-approval (SPEC section 19) in a real
# repository made in a temporary folder, with fixed authors and dates.
#
# The example pack goes into isms/ (a pack in a subfolder); its objectives and
# the document are approved on 2026-02-05 (OBJ-003 on 2026-10-06, OBJ-008 on
# 2026-10-14; OBJ-009 is a draft).  Then one commit each:
#   2026-01-20  the pack, OBJ-004's version written '1.1' with a comment
#                                    before every approval: no finding
#   2026-02-05  OBJ-001's title      on its approval day: no finding
#   2026-03-02  progress rows        not approved content: no finding
#   2026-07-14  OBJ-004 re-planned (body), its version requoted "1.1"
#                                    a finding at OBJ-004's version and one at
#                                    pack.yml's document.version, naming this commit
#   2026-07-20  OBJ-004 1.2, approved 2026-07-20
#                                    OBJ-004's finding gone, the document's stays
#                                    and names this newer commit
#   2026-07-21  document 2.2, approved 2026-07-21
#                                    no finding
#   2026-08-03  OBJ-002 body changed and version 1.2 in the same commit (approved_on
#                                    left): the change came with a new version, no finding
# checked with --format json (positions, messages, commit ids and dates); shallow
# clones of the 2026-07-14 state (depth 1: no finding, a note that the history is
# incomplete; depth 2: the findings, and the note); the pack outside Git (nothing
# said about history); the rule off in pack.yml.
# Prints "ok - WHAT" or "not ok - WHAT: DETAIL"; ends with "N passed, M failed".
set -u
BUILD=${1:-build}
OBJREG=$(cd "$(dirname "$BUILD/objreg")" && pwd)/objreg
PY=python3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
[ -n "${KEEP:-}" ] && trap - EXIT && echo "# kept $TMP"
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1: $2"; }

commit() {
  GIT_AUTHOR_NAME="ISMS Manager" GIT_AUTHOR_EMAIL=isms@example.org GIT_AUTHOR_DATE="$1T09:00:00Z" \
  GIT_COMMITTER_NAME="ISMS Manager" GIT_COMMITTER_EMAIL=isms@example.org GIT_COMMITTER_DATE="$1T09:00:00Z" \
    git -C "$R" commit -q -a -m "$2"
}
# Replace text OLD with NEW in FILE (exactly once).
edit() {
  $PY - "$@" <<'EOF'
import sys
path, old, new = sys.argv[1:]
s = open(path, encoding="utf-8").read()
assert s.count(old) == 1, (path, old)
open(path, "w", encoding="utf-8").write(s.replace(old, new))
EOF
}
short() { git -C "$R" log -1 --format=%h --abbrev=7 "$1"; }
# The 7.5-approval findings of `check --format json` of PACK, one per line:
# FILE:LINE:COL: MESSAGE
findings() {
  "$OBJREG" check "$1" --format json 2>"$TMP/err" | $PY -c '
import json, sys
for f in json.load(sys.stdin)["findings"]:
    if f["rule"] == "7.5-approval":
        print("%s:%d:%d: %s" % (f["file"], f["line"], f["column"], f["message"]))'
}
# Expect the findings of the pack to be exactly the lines of $TMP/want.
expect() {
  findings "$R/isms" >"$TMP/got"
  if cmp -s "$TMP/got" "$TMP/want"; then ok "$1"; else not_ok "$1" "$(diff "$TMP/want" "$TMP/got" | tr '\n' ' ')"; fi
}

R=$TMP/repo
mkdir -p "$R"
git -C "$R" init -q
cp -R input "$R/isms"
O4=objectives/obj-004-supplier-oversight.md
O2=objectives/obj-002-phishing-awareness.md
edit "$R/isms/$O4" 'version: "1.1"' "version: '1.1'   # as approved by the ISMS Steering Committee"
git -C "$R" add -A
commit 2026-01-20 "The objectives for 2026"
: >"$TMP/want"
expect "committed before every approval: no finding"

edit "$R/isms/objectives/obj-001-privileged-access.md" "title: " "title:  "
commit 2026-02-05 "OBJ-001: as approved"
expect "changed on the day of the approval: no finding"

printf 'OBJ-001,M1,2026-02-28,12,,,,\n' >>"$R/isms/progress/measurements-2026.csv"
commit 2026-03-02 "February figures"
expect "progress data changed after approval: no finding"

edit "$R/isms/$O4" "version: '1.1'   # as approved by the ISMS Steering Committee" 'version: "1.1"'
printf '\nRe-planned in May: the supplier audits move to the third quarter (purchase order in July).\n' >>"$R/isms/$O4"
commit 2026-07-14 "OBJ-004: re-planned"
c=$(short HEAD)
vline=$(grep -n '^version:' "$R/isms/$O4" | cut -d: -f1)
dline=$(grep -n '^  version:' "$R/isms/pack.yml" | cut -d: -f1)
cat >"$TMP/want" <<EOF
$O4:$vline:10: objective 'OBJ-004' changed in commit $c on 2026-07-14, after its approval on 2026-02-05, and is still version 1.1: give it a new version and have it approved again
pack.yml:$dline:12: the pack's content changed in commit $c on 2026-07-14, after the document's approval on 2026-02-05, and it is still version 2.1: give the document a new version and have it approved again
EOF
expect "OBJ-004 changed after its approval without a new version: at its version and at document.version, with the commit"
if [ ! -s "$TMP/err" ]; then ok "nothing on stderr"; else not_ok "stderr" "$(cat "$TMP/err")"; fi
"$OBJREG" check "$R/isms" >"$TMP/text" 2>&1
if grep -q "^$O4:$vline:10: warning: objective 'OBJ-004' changed in commit $c on 2026-07-14, .* \[7.5-approval\]$" "$TMP/text"; then
  ok "text output: a warning [7.5-approval]"
else
  not_ok "text output" "$(grep 7.5-approval "$TMP/text")"
fi

# A shallow clone: the walk cannot see what came before its boundary.  With one commit
# it cannot tell what OBJ-004's commit changed: no finding claimed, and a note says the
# history is incomplete.  With two, libgit2 1.7 and later walk the commits present and
# find the same as the full history; 1.5 (Debian 12) walks none: either way nothing
# else, and the note (older commits are still missing).
note="objreg: note: the Git history of the pack is incomplete (a shallow clone); 7.5-approval looked only at the commits present"
git clone -q --depth 1 "file://$R" "$TMP/shallow1" 2>/dev/null
findings "$TMP/shallow1/isms" >"$TMP/got"
if [ ! -s "$TMP/got" ] && grep -qxF "$note" "$TMP/err"; then
  ok "a shallow clone of one commit: no finding it cannot see, a note that the history is shallow"
else
  not_ok "shallow clone, depth 1" "$(cat "$TMP/got" "$TMP/err")"
fi
git clone -q --depth 2 "file://$R" "$TMP/shallow2" 2>/dev/null
findings "$TMP/shallow2/isms" >"$TMP/got"
if { [ ! -s "$TMP/got" ] || cmp -s "$TMP/got" "$TMP/want"; } && grep -qxF "$note" "$TMP/err"; then
  ok "a shallow clone of two commits: no finding but the full history's, and the note"
else
  not_ok "shallow clone, depth 2" "$(diff "$TMP/want" "$TMP/got" | tr '\n' ' ') $(cat "$TMP/err")"
fi
findings "$R/isms" >/dev/null
if ! grep -q "incomplete" "$TMP/err"; then ok "the full history: no note"; else not_ok "full history" "$(cat "$TMP/err")"; fi

edit "$R/isms/$O4" 'version: "1.1"' 'version: "1.2"'
edit "$R/isms/$O4" 'approved_on: 2026-02-05' 'approved_on: 2026-07-20'
commit 2026-07-20 "OBJ-004 1.2 approved"
printf "pack.yml:%s:12: the pack's content changed in commit %s on 2026-07-20, after the document's approval on 2026-02-05, and it is still version 2.1: give the document a new version and have it approved again\n" \
  "$dline" "$(short HEAD)" >"$TMP/want"
expect "OBJ-004 1.2 approved: its finding gone; the document's names the newest change"

edit "$R/isms/pack.yml" '  version: "2.1"' '  version: "2.2"'
edit "$R/isms/pack.yml" '  approved_on: 2026-02-05' '  approved_on: 2026-07-21'
commit 2026-07-21 "Register 2.2 approved"
: >"$TMP/want"
expect "document 2.2 approved: no finding"

edit "$R/isms/$O2" 'version: "1.1"' 'version: "1.2"'
printf '\nThe autumn campaign adds a QR-code lure.\n' >>"$R/isms/$O2"
commit 2026-08-03 "OBJ-002 1.2"
dline=$(grep -n '^  version:' "$R/isms/pack.yml" | cut -d: -f1)
printf "pack.yml:%s:12: the pack's content changed in commit %s on 2026-08-03, after the document's approval on 2026-07-21, and it is still version 2.2: give the document a new version and have it approved again\n" \
  "$dline" "$(short HEAD)" >"$TMP/want"
expect "OBJ-002 changed with a new version: no finding for it (the document's content changed)"

# Outside Git: the rule finds nothing and says nothing.
cp -R "$R/isms" "$TMP/plain"
: >"$TMP/want"
findings "$TMP/plain" >"$TMP/got"
if cmp -s "$TMP/got" "$TMP/want" && [ ! -s "$TMP/err" ]; then ok "outside Git: no finding"; else not_ok "outside Git" "$(cat "$TMP/got" "$TMP/err")"; fi

# An approval dated after the evaluation date: on that date it was not yet
# given (objective and document), in a repository or not.
"$OBJREG" check "$TMP/plain" --as-of 2026-02-04 --format json 2>/dev/null | $PY -c '
import json, sys
for f in json.load(sys.stdin)["findings"]:
    if f["rule"] == "7.5-approval" and f["objective"] in (None, "OBJ-001"):
        print("%s:%d:%d: %s: %s" % (f["file"], f["line"], f["column"], f["severity"], f["message"]))' >"$TMP/got"
aline=$(grep -n '^approved_on:' "$TMP/plain/objectives/obj-001-privileged-access.md" | cut -d: -f1)
pline=$(grep -n '^  approved_on:' "$TMP/plain/pack.yml" | cut -d: -f1)
cat >"$TMP/want" <<EOF
objectives/obj-001-privileged-access.md:$aline:14: warning: objective 'OBJ-001' is approved on 2026-02-05, after the evaluation date 2026-02-04: on 2026-02-04 it was not yet approved
pack.yml:$pline:16: warning: the document is approved on 2026-07-21, after the evaluation date 2026-02-04: on 2026-02-04 it was not yet approved
EOF
if cmp -s "$TMP/got" "$TMP/want"; then ok "an approval dated after the evaluation date: at approved_on, objective and document"; else not_ok "approval after as_of" "$(diff "$TMP/want" "$TMP/got" | tr '\n' ' ')"; fi
if "$OBJREG" check "$TMP/plain" --as-of 2026-07-21 2>/dev/null | grep -q "the document is approved\|'OBJ-001' is approved"; then
  not_ok "approved on the evaluation date" "reported"
else
  ok "approved on the evaluation date itself: no finding"
fi

# The rule off.
printf 'rules:\n  7.5-approval: off\n' >>"$R/isms/pack.yml"
commit 2026-08-04 "7.5-approval off"
: >"$TMP/want"
expect "rules: {7.5-approval: off}: no finding"

# The history as it really is: renames, clocks that disagree, merges, approvals
# recorded days after the meeting.  A new repository; OBJ-004 approved on
# 2026-01-01 (the document too), first committed on 2025-12-20.
R=$TMP/repo2
mkdir -p "$R"
git -C "$R" init -q
cp -R input "$R/isms"
edit "$R/isms/$O4" 'approved_on: 2026-02-05' 'approved_on: 2026-01-01'
edit "$R/isms/pack.yml" '  approved_on: 2026-02-05' '  approved_on: 2026-01-01'
git -C "$R" add -A
commit 2025-12-20 "The objectives for 2026"
vline=$(grep -n '^version:' "$R/isms/$O4" | cut -d: -f1)
dline=$(grep -n '^  version:' "$R/isms/pack.yml" | cut -d: -f1)
# want COMMIT DATE [OBJECTIVE-FILE]: both findings, naming COMMIT on DATE
want() {
  printf "%s:%s:10: objective 'OBJ-004' changed in commit %s on %s, after its approval on 2026-01-01, and is still version 1.1: give it a new version and have it approved again\n" \
    "${3:-$O4}" "$vline" "$1" "$2" >"$TMP/want"
  printf "pack.yml:%s:12: the pack's content changed in commit %s on %s, after the document's approval on 2026-01-01, and it is still version 2.1: give the document a new version and have it approved again\n" \
    "$dline" "$1" "$2" >>"$TMP/want"
}
base=$(git -C "$R" rev-parse HEAD)

# Approval recorded on 2026-01-12 for a meeting on 2026-01-10, version unchanged:
# the commit that records the approval is not a change after it.
printf '\nReworded after the meeting.\n' >>"$R/isms/$O4"
commit 2026-01-03 "OBJ-004 reworded"
edit "$R/isms/$O4" 'approved_on: 2026-01-01' 'approved_on: 2026-01-10'
commit 2026-01-12 "OBJ-004 approved on 10 January"
findings "$R/isms" | grep "OBJ-004" >"$TMP/got"
if [ ! -s "$TMP/got" ]; then ok "an approval recorded days after the meeting: not a change after it"; else not_ok "approval recorded later" "$(cat "$TMP/got")"; fi
git -C "$R" reset -q --hard "$base"

# A change after the approval, then the file renamed: the change is still found.
printf '\nSupplier audits move to the third quarter.\n' >>"$R/isms/$O4"
commit 2026-03-01 "OBJ-004 re-planned"
c=$(short HEAD)
git -C "$R" mv "isms/$O4" isms/objectives/obj-004-suppliers.md
commit 2026-04-01 "OBJ-004: shorter file name"
want "$c" 2026-03-01 objectives/obj-004-suppliers.md
expect "a change after the approval, then the file renamed: found through the rename"

# A change after the approval, then the pack's folder moved: found through the move.
git -C "$R" reset -q --hard "$base"
printf '\nSupplier audits move to the third quarter.\n' >>"$R/isms/$O4"
commit 2026-03-01 "OBJ-004 re-planned"
want "$(short HEAD)" 2026-03-01
git -C "$R" mv isms docs-isms
commit 2026-04-01 "The pack moves to docs-isms/"
findings "$R/docs-isms" >"$TMP/got"
if cmp -s "$TMP/got" "$TMP/want"; then ok "a change after the approval, then the pack's folder moved: found through the move"; else not_ok "pack moved" "$(diff "$TMP/want" "$TMP/got" | tr '\n' ' ')"; fi
git -C "$R" mv docs-isms isms
commit 2026-04-02 "The pack moves back"

# An objective kept as a symbolic link to a file elsewhere in the pack: the
# history of the file it leads to is the objective's.
git -C "$R" reset -q --hard "$base"
mkdir "$R/isms/shared" && git -C "$R" mv "isms/$O4" isms/shared/obj-004.md
ln -s ../shared/obj-004.md "$R/isms/$O4" && git -C "$R" add -A
commit 2025-12-21 "OBJ-004 kept in shared/"
printf '\nSupplier audits move to the third quarter.\n' >>"$R/isms/shared/obj-004.md"
commit 2026-03-01 "OBJ-004 re-planned (in shared/)"
want "$(short HEAD)" 2026-03-01
findings "$R/isms" | grep "OBJ-004" >"$TMP/got"
if [ "$(cat "$TMP/got")" = "$(head -n 1 "$TMP/want")" ]; then ok "an objective that is a link: a change to the file it leads to is found"; else not_ok "linked objective" "$(cat "$TMP/got")"; fi

# Removed and added back as it was (git rm, then git checkout of the old blob): no change.
git -C "$R" reset -q --hard "$base"
cp "$R/isms/$O4" "$TMP/o4.md" && git -C "$R" rm -q "isms/$O4"
commit 2026-03-01 "OBJ-004 removed"
cp "$TMP/o4.md" "$R/isms/$O4" && git -C "$R" add -A
commit 2026-03-02 "OBJ-004 back"
findings "$R/isms" | grep "OBJ-004" >"$TMP/got"
if [ ! -s "$TMP/got" ]; then ok "an objective removed and added back unchanged after the approval: no change"; else not_ok "removed and added back" "$(cat "$TMP/got")"; fi

# Line ends and a BOM are not text (CRLF and LF read the same): converting them is no change.
git -C "$R" reset -q --hard "$base"
sed -i 's/$/\r/' "$R/isms/$O4"
printf '\357\273\277' | cat - "$R/isms/risks.csv" >"$TMP/risks.csv" && cp "$TMP/risks.csv" "$R/isms/risks.csv"
commit 2026-03-01 "CRLF line ends for OBJ-004, a BOM for risks.csv"
findings "$R/isms" >"$TMP/got"
if [ ! -s "$TMP/got" ]; then ok "line ends and a BOM converted after the approval: no change"; else not_ok "CRLF/BOM" "$(cat "$TMP/got")"; fi

# A later commit made on a clock that was behind: the walk goes on past it.
git -C "$R" reset -q --hard "$base"
printf '\nSupplier audits move to the third quarter.\n' >>"$R/isms/$O4"
commit 2026-03-01 "OBJ-004 re-planned"
want "$(short HEAD)" 2026-03-01
printf 'Notes.\n' >>"$R/isms/README.md"
commit 2025-06-01 "README (a clock a year behind)"
expect "a later commit dated before the approval (clock skew) hides nothing"

# A change written before the approval, rebased onto the branch after it: the
# committer date says when it entered the history.
git -C "$R" reset -q --hard "$base"
printf '\nSupplier audits move to the third quarter.\n' >>"$R/isms/$O4"
GIT_COMMITTER_DATE=2026-02-01T09:00:00Z GIT_AUTHOR_DATE=2025-12-28T09:00:00Z \
  GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME=A GIT_COMMITTER_EMAIL=a@example.org \
  git -C "$R" commit -q -a -m "OBJ-004 re-planned (rebased)"
want "$(short HEAD)" 2026-02-01
expect "authored before the approval, committed after it: found, dated when committed"

# The same change on a branch, merged after the approval: the merge brought it in.
git -C "$R" reset -q --hard "$base"
git -C "$R" checkout -q -b side
printf '\nSupplier audits move to the third quarter.\n' >>"$R/isms/$O4"
commit 2025-12-28 "OBJ-004 re-planned (on a branch)"
git -C "$R" checkout -q -
printf 'Notes.\n' >>"$R/isms/README.md"
commit 2025-12-30 "README"
GIT_AUTHOR_DATE=2026-02-01T09:00:00Z GIT_COMMITTER_DATE=2026-02-01T09:00:00Z \
  GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME=A GIT_COMMITTER_EMAIL=a@example.org \
  git -C "$R" merge -q --no-edit side
want "$(short side)" 2026-02-01
expect "a branch's change merged after the approval: found, dated when the merge brought it in"

# The other way round (GitHub's "Update branch"): main's change, made before the
# approval, merged into a branch after it, and the branch merged back: the change
# entered main's line before the approval, so nothing is found.
git -C "$R" reset -q --hard "$base"
git -C "$R" checkout -q -b feature
printf 'Notes.\n' >>"$R/isms/README.md"
commit 2025-12-22 "README (a branch)"
git -C "$R" checkout -q -
printf '\nSupplier audits move to the third quarter.\n' >>"$R/isms/$O4"
commit 2025-12-25 "OBJ-004 re-planned before the approval"
git -C "$R" checkout -q feature
GIT_AUTHOR_DATE=2026-02-01T09:00:00Z GIT_COMMITTER_DATE=2026-02-01T09:00:00Z \
  GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME=A GIT_COMMITTER_EMAIL=a@example.org \
  git -C "$R" merge -q --no-edit -
git -C "$R" checkout -q -
GIT_AUTHOR_DATE=2026-02-02T09:00:00Z GIT_COMMITTER_DATE=2026-02-02T09:00:00Z \
  GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME=A GIT_COMMITTER_EMAIL=a@example.org \
  git -C "$R" merge -q --no-ff --no-edit feature
findings "$R/isms" >"$TMP/got"
if [ ! -s "$TMP/got" ]; then ok "main's change before the approval, merged into a branch and back after it: no finding"; else not_ok "update branch" "$(cat "$TMP/got")"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
