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
check "init de: German comments and example text" sh -c "grep -q 'Informationssicherheitsleitlinie' '$T/new-de/sub/policy.md' && grep -q 'Ausgangswert' '$T/new-de/sub/objectives/OBJ-001.md' && grep -q '^language: de' '$T/new-de/sub/pack.yml'"
check "init fr: French comments and example text" sh -c "grep -q 'Politique de sécurité' '$T/new-fr/sub/policy.md' && grep -q 'valeur de départ' '$T/new-fr/sub/objectives/OBJ-001.md'"
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
