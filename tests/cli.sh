#!/bin/sh
# tests/cli.sh BUILD - the command line as users and CI engineers meet it:
# options, exit status, what goes to stdout and stderr, and `build`'s
# handling of OUT.  Prints "ok - ..." or "not ok - ..." per check.
set -u
export LC_ALL=C
OBJREG=$(cd "$(dirname "${1:-build}/objreg")" && pwd)/objreg
ROOT=$(pwd)
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
fails=0

check() {  # check WHAT COMMAND...: ok when the command succeeds
  what=$1
  shift
  if "$@" >"$T/check.out" 2>&1; then echo "ok - $what"; else echo "not ok - $what"; sed 's/^/  /' "$T/check.out"; fails=1; fi
}

run() {  # run ARGS...: status to $T/rc, streams to $T/out and $T/err
  "$OBJREG" "$@" >"$T/out" 2>"$T/err"
  echo $? >"$T/rc"
}

rc_is() { [ "$(cat "$T/rc")" = "$1" ]; }
empty() { [ ! -s "$1" ]; }
has() { grep -q -- "$2" "$1"; }

VALID=tests/golden/valid
WARN=tests/golden/rule-Q-ACTIVITY
ERR=tests/golden/rule-6.2j

# --- help, version, usage errors ---
run --help
check "--help exits 0 and lists the commands and exit codes" sh -c "[ $(cat "$T/rc") = 0 ] && grep -q 'objreg check' '$T/out' && grep -q 'objreg build' '$T/out' && grep -q 'Exit status' '$T/out'"
run --version
check "--version prints the version" has "$T/out" "^objreg 1\.1\.0"
run check "$VALID" --bogus
check "an unknown option exits 2 with a message on stderr" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"unknown option '--bogus'\" '$T/err' && [ ! -s '$T/out' ]"
run check "$VALID" --as-of 2026-02-30
check "an impossible --as-of exits 2" rc_is 2
run check "$T/no-such-pack"
check "a missing pack exits 2" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q 'cannot read pack' '$T/err'"
run frobnicate
check "an unknown command exits 2" rc_is 2
run check -o "$T/x" --since "$T/y" --draft "$VALID"
check "check refuses build-only options (exit 2), naming the first" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"'check' does not take '-o'\" '$T/err' && [ ! -s '$T/out' ] && [ ! -e '$T/x' ]"
run check "$VALID" --since="$T/y"
check "check refuses --since=PREV" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"'check' does not take '--since'\" '$T/err'"
# A revision the outputs cannot carry (empty, not UTF-8, a control character) is a
# usage error, from --revision or from the environment, and nothing is written.
for bad in "" "$(printf 'r\377')" "$(printf 'r\001x')"; do
  run build "$VALID" -o "$T/rev-bad" --revision "$bad"
  check "build --revision '$(printf '%s' "$bad" | od -An -c | tr -s ' ')': exit 2, nothing written" sh -c "[ \$(cat '$T/rc') = 2 ] && grep -q -- '--revision needs a revision' '$T/err' && [ ! -e '$T/rev-bad' ]"
  if [ -n "$bad" ]; then  # (an empty variable is not set: the next one, or Git, gives the revision)
    (OBJREG_REVISION=$bad && export OBJREG_REVISION && run build "$VALID" -o "$T/rev-bad")
    check "build with OBJREG_REVISION not text: exit 2, nothing written" sh -c "[ \$(cat '$T/rc') = 2 ] && grep -q 'OBJREG_REVISION is not a revision' '$T/err' && [ ! -e '$T/rev-bad' ]"
  fi
done
# Every build-only option, in every spelling: exit 2, nothing on stdout, one error line
# naming the option as spelt without its value (then the --help hint), nothing written.
for spelt in "-o:$T/x" "-o$T/x:" "--out:$T/x" "--out=$T/x:" "--since:$T/y" "--since=$T/y:" "--draft:" "--revision:v1" "--revision=v1:"; do
  a=${spelt%%:*} v=${spelt#*:}
  case $a in -o*) name=-o ;; *) name=${a%%=*} ;; esac
  if [ -n "$v" ]; then run check "$VALID" "$a" "$v"; else run check "$VALID" "$a"; fi
  label=$(printf '%s' "$a" | sed "s|$T|T|")
  check "check $label${v:+ VALUE}: exit 2, one line 'does not take '$name''" sh -c "[ $(cat "$T/rc") = 2 ] && [ ! -s '$T/out' ] && [ ! -e '$T/x' ] &&
    [ \"\$(head -n 1 '$T/err')\" = \"objreg: error: 'check' does not take '$name'\" ] && [ \$(grep -c 'error' '$T/err') = 1 ] && [ \$(wc -l <'$T/err') = 2 ]"
done
run new objective OBJ-9 "$VALID" --format json
check "new refuses --format" sh -c "[ $(cat "$T/rc") = 2 ] && [ ! -e '$VALID/objectives/OBJ-9.md' ]"

# --- check: streams, options anywhere, formats ---
run check "$VALID"
check "a clean pack exits 0 with only the summary line" sh -c "[ $(cat "$T/rc") = 0 ] && [ \"\$(cat '$T/out')\" = '1 objective, 0 errors, 0 warnings' ] && [ ! -s '$T/err' ]"
run check -q "$VALID"
check "-q prints nothing for a clean pack" sh -c "[ $(cat "$T/rc") = 0 ] && [ ! -s '$T/out' ]"
run check "$WARN"
check "warnings alone exit 0" rc_is 0
run --strict check "$WARN"
check "--strict makes warnings fail (option before the command)" rc_is 1
run check "$ERR"
check "errors exit 1, findings on stdout, nothing on stderr" sh -c "[ $(cat "$T/rc") = 1 ] && grep -q '\[6.2j\]' '$T/out' && [ ! -s '$T/err' ]"
"$OBJREG" check --format json "$ERR" >"$T/a.json"
"$OBJREG" check "$ERR" --format=json >"$T/b.json"
check "options before or after PACK give the same result" cmp "$T/a.json" "$T/b.json"
check "JSON has the SPEC's shape" python3 - "$T/a.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert set(j) == {"tool", "version", "as_of", "summary", "findings"}, j.keys()
assert j["tool"] == "objreg" and j["as_of"] == "2026-11-27"
assert j["summary"] == {"objectives": 1, "errors": 1, "warnings": 0}, j["summary"]
f = j["findings"][0]
assert set(f) == {"file", "line", "column", "severity", "rule", "objective", "message"}, f.keys()
assert f["objective"] == "OBJ-001" and f["severity"] == "error" and f["rule"] == "6.2j"
PY
"$OBJREG" check "tests/golden/rule-6.2" --format json >"$T/c.json"
check "a pack-level finding has a null objective and line 0" python3 -c "
import json; f = json.load(open('$T/c.json'))['findings'][0]
assert f['file'] == 'objectives' and f['line'] == 0 and f['objective'] is None, f"
"$OBJREG" check input --format sarif >"$T/s.sarif"
check "SARIF 2.1.0: every rule with its clause, every result located" python3 - "$T/s.sarif" "$OBJREG" <<'PY'
import json, subprocess, sys
s = json.load(open(sys.argv[1]))
assert s["version"] == "2.1.0" and len(s["runs"]) == 1
run = s["runs"][0]
rules = run["tool"]["driver"]["rules"]
ids = [r["id"] for r in rules]
assert "6.2a" in ids and "Q-VAGUE" in ids and len(ids) == len(set(ids)) >= 36, ids
r = rules[ids.index("6.2e")]
assert "communicated" in r["shortDescription"]["text"] and r["help"]["text"], r
j = json.loads(subprocess.run([sys.argv[2], "check", "input", "--format", "json"], capture_output=True, text=True).stdout)
assert len(run["results"]) == len(j["findings"]) > 0
for res, f in zip(run["results"], j["findings"]):
    assert ids[res["ruleIndex"]] == res["ruleId"] == f["rule"]
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == f["file"]
    if f["line"]:
        assert loc["region"]["startLine"] == f["line"] and loc["region"]["startColumn"] == f["column"]
PY
run check "$ERR" --format yaml
check "an unknown format exits 2" rc_is 2

# --- colour: only on a terminal, never with NO_COLOR or --no-color ---
if command -v script >/dev/null 2>&1; then
  script -qec "$OBJREG check $ERR" /dev/null >"$T/tty" 2>&1
  check "colour on a terminal" sh -c "grep -q \"\$(printf '\\033')\\[1;31m\" '$T/tty'"
  NO_COLOR=1 script -qec "$OBJREG check $ERR" /dev/null >"$T/tty" 2>&1
  check "no colour with NO_COLOR" sh -c "! grep -q \"\$(printf '\\033')\" '$T/tty'"
  script -qec "$OBJREG check $ERR --no-color" /dev/null >"$T/tty" 2>&1
  check "no colour with --no-color" sh -c "! grep -q \"\$(printf '\\033')\" '$T/tty'"
fi
run check "$ERR"
check "no colour when stdout is not a terminal" sh -c "! grep -q \"\$(printf '\\033')\" '$T/out'"

# --- as_of: --as-of, then pack.yml, then SOURCE_DATE_EPOCH ---
cp -r "$VALID" "$T/noasof"
sed -i '/^as_of:/d' "$T/noasof/pack.yml"
SOURCE_DATE_EPOCH=1767139200 "$OBJREG" dump "$T/noasof" >"$T/out"
check "SOURCE_DATE_EPOCH's date when pack.yml has no as_of" has "$T/out" "^as_of 2025-12-31$"
"$OBJREG" dump "$VALID" --as-of 2026-12-01 >"$T/out"
check "--as-of wins over pack.yml" has "$T/out" "^as_of 2026-12-01$"

# --- check writes nothing ---
cp -r "$VALID" "$T/ro"
(cd "$T/ro" && find . | sort) >"$T/before"
(cd "$T/ro" && "$OBJREG" check >/dev/null)
(cd "$T/ro" && find . | sort) >"$T/after"
check "check in the pack (PACK defaults to .) writes nothing" cmp "$T/before" "$T/after"

# --- build: OUT, all or nothing, manifest ---
run build "$VALID" -o "$T/out1"
check "build of a clean pack exits 0" rc_is 0
check "build says where the pack is, on stderr" has "$T/err" "wrote the evidence pack to"
check "sha256sum -c passes in OUT" sh -c "cd '$T/out1' && sha256sum --quiet -c SHA256SUMS"
check "OUT holds the documents, findings and manifest" sh -c "cd '$T/out1' && ls | sort | tr '\n' ' ' | grep -qx 'ISMS-OBJ-REG-register.pdf ISMS-OBJ-REG-review.pdf ISMS-OBJ-REG-tracking.xlsx SHA256SUMS evaluation.csv findings.json findings.sarif manifest.json '"
check "the manifest names every input relative to the pack" python3 - "$T/out1/manifest.json" "$VALID" <<'PY'
import hashlib, json, os, sys
m = json.load(open(sys.argv[1]))
assert m["tool"] == "objreg" and m["as_of"] == "2026-11-27"
for f in m["inputs"]:
    assert not f["path"].startswith("/"), f
    data = open(os.path.join(sys.argv[2], f["path"]), "rb").read()
    assert hashlib.sha256(data).hexdigest() == f["sha256"] and len(data) == f["bytes"], f
assert {f["role"] for f in m["inputs"]} >= {"pack", "policy", "risks", "objective", "progress"}
assert [f["path"] for f in m["outputs"]][:2] == ["findings.json", "findings.sarif"]
PY
check "no absolute path in any output" sh -c "! grep -rl '$T' '$T/out1'"
mkdir -p "$T/w1" "$T/w2"
(cd "$T/w1" && SOURCE_DATE_EPOCH=1764201600 "$OBJREG" build "$ROOT/$VALID" -o out -q >/dev/null)
(cd "$T/w2" && SOURCE_DATE_EPOCH=1764201600 "$OBJREG" build "$ROOT/$VALID" -o "$T/w2/elsewhere" -q >/dev/null)
check "the same pack built from another folder into another OUT is byte-identical" diff -r "$T/w1/out" "$T/w2/elsewhere"
mkdir "$T/user"
echo "precious" >"$T/user/notes.txt"
run build "$VALID" -o "$T/user"
check "a non-empty OUT that objreg did not write is refused with exit 2" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q 'refusing to replace' '$T/err' && [ \"\$(cat '$T/user/notes.txt')\" = precious ]"
(cd "$T/user" && "$OBJREG" build "$ROOT/$VALID" -o . >/dev/null 2>&1)
check "'-o .' never destroys a user's files" sh -c "[ \"\$(cat '$T/user/notes.txt')\" = precious ] && [ \$(ls -A '$T/user' | wc -l) = 1 ]"
run build "$VALID" -o "$T/out1"
check "a pack objreg wrote is replaced" sh -c "[ $(cat "$T/rc") = 0 ] && [ -z \"\$(ls -A '$(dirname "$T/out1")' | grep objreg-tmp)\" ]"
run build "$ERR" -o "$T/out1"
check "errors: exit 1, only the findings and manifest written" sh -c "[ $(cat "$T/rc") = 1 ] && ls '$T/out1' | sort | tr '\n' ' ' | grep -qx 'SHA256SUMS findings.json findings.sarif manifest.json ' && grep -q -- '--draft' '$T/err'"
check "the refused build's pack still verifies" sh -c "cd '$T/out1' && sha256sum --quiet -c SHA256SUMS"
run build "$ERR" -o "$T/out1" --draft
check "--draft with errors writes the documents and still exits 1" sh -c "[ $(cat "$T/rc") = 1 ] && [ -f '$T/out1/ISMS-OBJ-REG-register.pdf' ] && grep -q '\"draft\": true' '$T/out1/manifest.json'"
run build "$VALID" -o "$T/nonexistent/x"
check "-o in a folder that does not exist: exit 2, says so and how to fix it (not 'Invalid argument')" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"cannot write to '$T/nonexistent/x': the folder '$T/nonexistent' does not exist; create it first (mkdir -p '$T/nonexistent')\" '$T/err' && ! grep -q 'Invalid argument' '$T/err' && [ ! -e '$T/nonexistent' ]"
: >"$T/plainfile"
run build "$VALID" -o "$T/plainfile/x/y"
check "-o under a file: exit 2, names the file that is not a folder" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q \"a part of '$T/plainfile/x' is a file, not a folder\" '$T/err'"
mkdir "$T/locked"
chmod 555 "$T/locked"
if [ "$(id -u)" != 0 ]; then
  run build "$VALID" -o "$T/locked/out"
  check "an unwritable OUT folder exits 2 with a message" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q 'cannot create' '$T/err'"
fi

# --- the CI recipes of docs/ci.md, as written ---
mkdir -p "$T/repo"
cp -r input "$T/repo/isms"
(cd "$T/repo" && git init -q && git add -A && git -c user.name=ci -c user.email=ci@example.com commit -qm pack) >/dev/null 2>&1
(cd "$T/repo" && "$OBJREG" check isms --format sarif > objreg.sarif)
check "docs/ci.md: check --format sarif > objreg.sarif exits 0 on the example" sh -c "python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))[\"version\"] == \"2.1.0\"' '$T/repo/objreg.sarif'"
(cd "$T/repo" && export SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) && GITHUB_SHA=$(git rev-parse HEAD) "$OBJREG" build isms -o evidence -q >/dev/null)
check "docs/ci.md: the nightly build verifies and names the commit" sh -c "cd '$T/repo/evidence' && sha256sum --quiet -c SHA256SUMS && grep -q \"\\\"revision\\\": \\\"\$(cd '$T/repo' && git rev-parse HEAD)\\\"\" manifest.json"
(cd "$T/repo" && export SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) && GITHUB_SHA=$(git rev-parse HEAD) "$OBJREG" build isms -o evidence2 -q >/dev/null)
check "docs/ci.md: the same commit builds a byte-identical pack" diff -r "$T/repo/evidence" "$T/repo/evidence2"
(cd "$T/repo" && CI_COMMIT_SHA=abc123 "$OBJREG" build isms -o evidence3 -q >/dev/null)
check "docs/ci.md: GitLab's CI_COMMIT_SHA is the revision" grep -q '"revision": "abc123"' "$T/repo/evidence3/manifest.json"

# Every apt-get install of docs/ci.md installs what make deps would (DEB_BUILD).
make --no-print-directory -s -n deps | sed -n 's/.*deps\.sh //p' >"$T/deb_build"
check "docs/ci.md: each recipe installs every package make deps names" python3 -c '
import sys
want = set(open(sys.argv[1]).read().split()) - {"gcc", "libc6-dev", "make"}  # build-essential has them
L = open("docs/ci.md").read().split("\n")
ind = lambda l: len(l) - len(l.lstrip())
n = 0
for i, l in enumerate(L):
    if "apt-get install" not in l:
        continue
    words, j = l.split(), i + 1
    while j < len(L) and L[j].strip() and ind(L[j]) > ind(l):  # its continuation lines
        words += L[j].split()
        j += 1
    missing = want - set(words)
    assert not missing, (l.strip(), sorted(missing))
    n += 1
assert len(want) > 10 and n >= 3, (len(want), n)
' "$T/deb_build"

# --- -j: the documents are written on threads, and page content deflated on
# a helper thread; the bytes must not depend on it ---
for j in 1 2 3; do
  SOURCE_DATE_EPOCH=1764201600 "$OBJREG" build input -o "$T/j$j" -q -j $j >/dev/null 2>"$T/j$j.err"
  SOURCE_DATE_EPOCH=1764201600 "$OBJREG" build input -o "$T/jd$j" -q --draft -j $j >/dev/null 2>>"$T/j$j.err"
done
check "-j 1 writes a complete pack (register, review, workbook)" sh -c "ls '$T/j1' | grep -c 'register.pdf\|review.pdf\|tracking.xlsx' | grep -qx 3"
check "-j 1 and the default (-j 2) write byte-identical packs" diff -r "$T/j1" "$T/j2"
check "-j 1 and -j 3 write byte-identical packs" diff -r "$T/j1" "$T/j3"
check "-j 1 and the default write byte-identical --draft packs" diff -r "$T/jd1" "$T/jd2"
check "-j builds print nothing on stderr" sh -c "cat '$T'/j?.err | wc -c | grep -qx 0"

# --- check reads the objective files on two threads (-j, default 2): the
# findings and the model must be those of one thread.  90 objectives, with
# errors and warnings in both halves and an id defined in each half. ---
cp -r "$VALID" "$T/many"
for i in $(seq 2 90); do
  n=$(printf '%03d' "$i")
  sed "s/^id: OBJ-001$/id: OBJ-$n/" "$VALID/objectives/obj-001.md" >"$T/many/objectives/obj-$n.md"
done
sed -i 's/^id: OBJ-010$/id: OBJ-070/' "$T/many/objectives/obj-010.md"         # defined twice, across the halves
sed -i 's/^status: active$/status: actve/' "$T/many/objectives/obj-020.md"     # an invalid value, first half
sed -i 's/^status: active$/status: bogus/' "$T/many/objectives/obj-080.md"     # and second half
printf -- '---\nid: [unclosed\n---\n' >"$T/many/objectives/obj-085.md"       # YAML syntax error, second half
sed -i '/^owner:/d' "$T/many/objectives/obj-060.md"                            # a missing field
# Progress files are read on two threads too: rows and findings in both halves.
mkdir -p "$T/many/progress/q"
printf 'objective,measure,date,value\nOBJ-002,M1,2026-02-01,5\nOBJ-999,M1,2026-02-01,5\nOBJ-003,M1,2026-13-01,4\n' >"$T/many/progress/a-early.csv"
printf 'objective,measure,date,value\nOBJ-050,M1,2026-03-01,7\nOBJ-051,M9,2026-03-01,1\nOBJ-052,M1,2026-03-01,abc\n' >"$T/many/progress/q/late.csv"
for fmt in text json; do
  "$OBJREG" check -j 1 --format $fmt "$T/many" >"$T/many1.$fmt" 2>&1
  "$OBJREG" check --format $fmt "$T/many" >"$T/many2.$fmt" 2>&1
done
"$OBJREG" dump -j 1 "$T/many" >"$T/many1.dump" 2>&1
"$OBJREG" dump "$T/many" >"$T/many2.dump" 2>&1
check "check on two threads finds what one finds (the pack has errors in both halves)" sh -c "grep -q 'E-DUP' '$T/many1.text' && grep -q 'obj-085.md' '$T/many1.text' && grep -q 'obj-020.md' '$T/many1.text' && grep -q 'obj-080.md' '$T/many1.text' && grep -q 'a-early.csv:3:' '$T/many1.text' && grep -q 'q/late.csv:4:' '$T/many1.text'"
check "check -j 1 and the default print the same findings (text)" cmp "$T/many1.text" "$T/many2.text"
check "check -j 1 and the default print the same findings (JSON)" cmp "$T/many1.json" "$T/many2.json"
check "dump -j 1 and the default give the same model" cmp "$T/many1.dump" "$T/many2.dump"

# --- new objective ---
cp -r "$VALID" "$T/newpack"
run new objective OBJ-042 "$T/newpack"
check "new objective creates objectives/ID.md and exits 0" sh -c "[ $(cat "$T/rc") = 0 ] && [ -f '$T/newpack/objectives/OBJ-042.md' ] && grep -q \"created 'objectives/OBJ-042.md'\" '$T/err'"
check "new objective lists what is left to fill in, for that file only" sh -c "grep -q 'OBJ-042.md:1:1: warning: objective .OBJ-042. has no owner \\[6.2j\\]' '$T/out' && ! grep -qv 'OBJ-042.md' '$T/out'"
run check "$T/newpack"
check "a new, blank objective is a draft: warnings only, no error" sh -c "[ $(cat "$T/rc") = 0 ] && grep -q '2 objectives, 0 errors' '$T/out'"
echo "changed" >>"$T/newpack/objectives/OBJ-042.md"
run new objective OBJ-042 "$T/newpack"
check "new objective refuses to overwrite (exit 2)" sh -c "[ $(cat "$T/rc") = 2 ] && tail -n 1 '$T/newpack/objectives/OBJ-042.md' | grep -q changed"
run new objective OBJ-001 "$T/newpack"
check "new objective refuses an id the pack already has" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q 'already exists in' '$T/err' && [ ! -f '$T/newpack/objectives/OBJ-001.md' ]"
run new objective "../escape" "$T/newpack"
check "new objective refuses an invalid id" sh -c "[ $(cat "$T/rc") = 2 ] && [ ! -f '$T/escape.md' ]"

# --- new review (SPEC 18): a meeting file in the pack's language ---
run new review 2026-12-10 "$T/newpack"
check "new review creates reviews/DATE.md, names what is left (the chair) and exits 0" sh -c "[ $(cat "$T/rc") = 0 ] && grep -qx 'date: 2026-12-10' '$T/newpack/reviews/2026-12-10.md' && grep -q \"created 'reviews/2026-12-10.md'\" '$T/err' && grep -q '2026-12-10.md:1:1: error: review meeting on 2026-12-10 has no .chair. \\[E-FIELD\\]' '$T/out'"
printf 'Margaret Ellis, Managing Director\n' >"$T/chair"
sed -i "s/^chair: .*/chair: $(cat "$T/chair")/" "$T/newpack/reviews/2026-12-10.md"
run check "$T/newpack" --as-of 2026-12-10
check "the scaffold with a chair checks clean and is this review on its date" sh -c "[ $(cat "$T/rc") = 0 ] && ! grep -q 'reviews/' '$T/out'"
run new review 2026-12-10 "$T/newpack"
check "new review refuses a date the pack has a meeting for (exit 2)" sh -c "[ $(cat "$T/rc") = 2 ] && grep -q 'already recorded in' '$T/err'"
run new review 2026-02-30 "$T/newpack"
check "new review refuses an invalid date" sh -c "[ $(cat "$T/rc") = 2 ] && [ ! -f '$T/newpack/reviews/2026-02-30.md' ]"
for l in de fr; do
  "$OBJREG" init "$T/rv-$l" --language $l -q >/dev/null 2>&1
  run new review 2026-12-10 "$T/rv-$l"
  check "new review in a '$l' pack uses the $l template" sh -c "[ $(cat "$T/rc") = 0 ] && grep -q '$( [ $l = de ] && echo 'Protokoll der Managementbewertung vom 2026-12-10' || echo 'Compte rendu de la revue de direction du 2026-12-10')' '$T/rv-$l/reviews/2026-12-10.md'"
done

# --- the man page: every option of --help, and an example objreg really prints ---
"$OBJREG" --help | grep -o -E '^  (-[a-z], )?--?[a-z][a-z-]*' | sed 's/^  //; s/^-[a-z], //' >"$T/opts"
missing=""
while read -r o; do
  grep -q -- "$(printf '%s' "$o" | sed 's/-/\\\\-/g')" docs/objreg.1 || missing="$missing $o"
done <"$T/opts"
check "the man page names every option of --help (missing:$missing)" [ -z "$missing" ]
example=$(sed -n '/^\.nf$/{n;p;q}' docs/objreg.1)
check "the man page's example finding is one objreg prints, at its position" grep -qxF "$example" "$ERR/expect.txt"

# --- SOURCE_DATE_EPOCH outside 1970-01-01 ... 9999-12-31: a usage error, nothing written ---
for e in 9223372036854775807 253402300800 -86400000000 99999999999999 12x ' 5' -1; do
  SOURCE_DATE_EPOCH="$e" "$OBJREG" build "$VALID" -o "$T/epoch" >"$T/out" 2>"$T/err"
  rc=$?
  SOURCE_DATE_EPOCH="$e" "$OBJREG" check "$VALID" >/dev/null 2>>"$T/err"
  rc2=$?
  check "SOURCE_DATE_EPOCH='$e': exit 2 for build and check, a message, nothing written" sh -c "[ $rc = 2 ] && [ $rc2 = 2 ] && grep -q 'SOURCE_DATE_EPOCH must be whole seconds' '$T/err' && [ ! -e '$T/epoch' ] && [ -z \"\$(ls -A '$T' | grep objreg-tmp)\" ]"
done
for e in 0 253402300799; do
  SOURCE_DATE_EPOCH=$e "$OBJREG" build "$VALID" -o "$T/epoch$e" -q >/dev/null 2>"$T/err"
  rc=$?
  check "SOURCE_DATE_EPOCH=$e, at an edge of the range, builds" sh -c "[ $rc = 0 ] && cd '$T/epoch$e' && sha256sum --quiet -c SHA256SUMS"
done

exit $fails
