#!/bin/sh
# tests/sarif.sh BUILD - the SARIF output and the rule help, read back:
#
#   - the SARIF of input/ and of tests/sarif/every-rule/ (a pack in which every
#     rule of the table fires) is byte-identical between runs and threads, and
#     equal to build's findings.sarif
#   - every rule has a name, short and full description, help as text and
#     Markdown, a default level and tags; every result a ruleIndex, a snippet
#     and a context region (when its file was read as text), a key path and a
#     partial fingerprint that is unique and survives line moves
#   - `objreg explain`: a rule's help, the list, exit 2 for an unknown rule;
#     the rule reference of docs/format.md is `objreg explain --markdown`
#     (UPDATE=1 rewrites it)
#   - Microsoft's SARIF Multitool 5.7.0 (GitHub's rules included) finds no
#     error and no warning in either file.  It is installed with npm into
#     build/sarif; without npm the check is skipped with a message, except
#     under CI=true, where it fails.
#
# Prints "ok - ..." / "not ok - ..." lines for tests/run.sh.
set -u
BUILD=${1:-build}
OBJREG=${OBJREG:-$BUILD/objreg}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
PACK=tests/sarif/every-rule
MULTITOOL_VERSION=5.7.0
MT_DIR=build/sarif
MT=$MT_DIR/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool

check() {
  what=$1
  shift
  if "$@" >"$T/check.out" 2>&1; then
    echo "ok - $what"
  else
    echo "not ok - $what"
    sed 's/^/    /' "$T/check.out" | head -n 40
  fi
}

"$OBJREG" check input --format sarif >"$T/ex.sarif"
"$OBJREG" check input --format sarif -j 1 >"$T/ex2.sarif"
"$OBJREG" check "$PACK" --format sarif >"$T/er.sarif"
"$OBJREG" check "$PACK" --format sarif -j 1 >"$T/er2.sarif"
"$OBJREG" check "$PACK" --format sarif >"$T/er3.sarif"
"$OBJREG" build "$PACK" -o "$T/out" -q --revision r1 >/dev/null 2>&1  # a revision: no W-REVISION, which check cannot know
# W-REVISION and 7.5-control are build's: a copy outside any Git work tree, no revision in the environment.
cp -R "$PACK" "$T/norev"
sed -i '/^  retention:/d' "$T/norev/pack.yml"  # and 7.5-control
(unset OBJREG_REVISION GITHUB_SHA CI_COMMIT_SHA; "$OBJREG" build "$T/norev" -o "$T/out-norev" -q >/dev/null 2>&1)
cp "$T/out-norev/findings.sarif" "$T/nr.sarif"
# 7.5-approval needs history: the pack in a repository of its own, OBJ-001 changed after its approval.
mkdir "$T/git" && cp -R "$PACK" "$T/git/pack" && git -C "$T/git" init -q && git -C "$T/git" add -A
gc() { GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_AUTHOR_DATE="$1T09:00:00Z" GIT_COMMITTER_NAME=t \
  GIT_COMMITTER_EMAIL=t@example.org GIT_COMMITTER_DATE="$1T09:00:00Z" git -C "$T/git" commit -q -a -m "$1"; }
gc 2026-01-15
printf '\nChanged after its approval.\n' >>"$T/git/pack/objectives/obj-001.md"
gc 2026-03-01
"$OBJREG" check "$T/git/pack" --format sarif >"$T/gh.sarif"
check "SARIF byte-identical between runs and with -j 1 (example pack)" cmp "$T/ex.sarif" "$T/ex2.sarif"
check "SARIF byte-identical between runs and with -j 1 (every-rule pack)" sh -c "cmp '$T/er.sarif' '$T/er2.sarif' && cmp '$T/er.sarif' '$T/er3.sarif'"
check "build's findings.sarif is check's SARIF" cmp "$T/er.sarif" "$T/out/findings.sarif"

# The same pack with lines moved: a comment line above every objective's id,
# and the first measurement row moved to the end (the link out of the pack
# made absolute, so that it still leads outside).
cp -R "$PACK" "$T/moved"
for f in "$T"/moved/objectives/*.md; do
  [ -f "$f" ] && [ ! -L "$f" ] && sed -i '2i # moved down by one line' "$f"
done
ln -sfn "$(pwd)/tests/golden/valid/objectives/obj-001.md" "$T/moved/objectives/obj-026.md"
m=$T/moved/progress/measurements.csv
{ head -n 1 "$m"; tail -n +3 "$m"; sed -n 2p "$m"; } >"$T/m.csv" && cp "$T/m.csv" "$m"
"$OBJREG" check "$T/moved" --format sarif >"$T/moved.sarif"

check "SARIF: rules, results, snippets, fingerprints" python3 - "$T/ex.sarif" "$T/er.sarif" "$T/moved.sarif" "$OBJREG" "$T/nr.sarif" "$T/gh.sarif" <<'PY'
import json, re, subprocess, sys
ex, er, moved, objreg, nr, gh = sys.argv[1:]
def load(p):
    s = json.load(open(p))
    assert s["version"] == "2.1.0" and len(s["runs"]) == 1
    return s["runs"][0]
for path in (ex, er, nr, gh):
    run = load(path)
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)), ids
    names = [r["name"] for r in rules]
    assert len(names) == len(set(names)), names
    for r in rules:
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]+", r["name"]), r["name"]
        for k in ("shortDescription", "fullDescription"):
            assert r[k]["text"].endswith("."), (r["id"], k)
        assert not r["shortDescription"]["text"].lower().startswith("objectives shall"), r["id"]
        assert r["help"]["text"] and r["help"]["markdown"], r["id"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning"), r["id"]
        assert r["properties"]["tags"][0] == "iso27001", r["id"]
        if r["id"].startswith("6.2"):
            assert "clause-6.2" in r["properties"]["tags"], r["id"]
        # one source: the help is what `objreg explain` prints
        out = subprocess.run([objreg, "explain", r["id"]], capture_output=True, text=True, check=True).stdout
        assert out.endswith(r["help"]["text"]) and r["shortDescription"]["text"] in out, r["id"]
    fps = set()
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"], res
        loc = res["locations"][0]["physicalLocation"]
        reg = loc["region"]
        fp = res["partialFingerprints"]["objregKeyPath/v1"]
        assert re.fullmatch(r"[0-9a-f]{32}", fp) and fp not in fps, res
        fps.add(fp)
        assert "keyPath" in res["properties"], res
        if "startColumn" in reg and res["ruleId"] != "E-UTF8":
            assert reg["snippet"]["text"] is not None, res
            if "contextRegion" not in loc:  # only when the region is all its lines
                assert reg["startColumn"] == 1, res
                continue
            ctx = loc["contextRegion"]
            assert ctx["startLine"] <= reg["startLine"] <= reg["endLine"] <= ctx["endLine"], res
            assert reg["snippet"]["text"].split("\n")[0] in ctx["snippet"]["text"], res
            # a proper superset of the region (SARIF1008)
            assert (ctx["startLine"], ctx["endLine"]) != (reg["startLine"], reg["endLine"]) or \
                reg["startColumn"] > 1 or reg["endColumn"] < ctx["endColumn"], res
run = load(er)
fired = {r["ruleId"] for r in run["results"]} | {r["ruleId"] for r in load(nr)["results"]}  # W-REVISION, 7.5-control: build's
fired |= {r["ruleId"] for r in load(gh)["results"]}  # 7.5-approval: Git history
assert any(r["ruleId"] == "7.5-approval" and r["properties"]["keyPath"] for r in load(gh)["results"]), "7.5-approval in a repository"
missing = [r["id"] for r in run["tool"]["driver"]["rules"] if r["id"] not in fired]
assert not missing, "rules that fire nowhere in tests/sarif/every-rule (add a case there): %s" % missing
by_path = {r["properties"]["keyPath"]: r for r in run["results"]}
k = by_path["plan[A2].due"]
assert k["ruleId"] == "6.2k" and k["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "2027-01-31", k
assert by_path["policy[POL-9]"]["ruleId"] == "6.2a"
# Line moves: the same fingerprints, other lines.
m = load(moved)
assert sorted(r["partialFingerprints"]["objregKeyPath/v1"] for r in m["results"]) == \
       sorted(r["partialFingerprints"]["objregKeyPath/v1"] for r in run["results"]), "fingerprints moved with the lines"
lines = lambda rs: [r["locations"][0]["physicalLocation"]["region"].get("startLine") for r in rs]
assert lines(m["results"]) != lines(run["results"])
PY

# --- objreg explain -----------------------------------------------------------
"$OBJREG" explain 6.2j >"$T/explain" 2>"$T/explain.err"
rc=$?
check "explain 6.2j: exit 0, the rule's name, requirement and an example" sh -c "[ $rc = 0 ] && [ ! -s '$T/explain.err' ] && grep -q 'ObjectiveHasOwner' '$T/explain' && grep -q 'who will be responsible' '$T/explain' && grep -q '^    owner: ' '$T/explain'"
"$OBJREG" explain NO-SUCH-RULE >"$T/explain" 2>"$T/explain.err"
rc=$?
check "explain of an unknown rule: exit 2, the list on stderr" sh -c "[ $rc = 2 ] && [ ! -s '$T/explain' ] && grep -q \"unknown rule 'NO-SUCH-RULE'\" '$T/explain.err' && grep -q 'Q-VAGUE  *TitleIsSpecific' '$T/explain.err'"
"$OBJREG" explain >"$T/explain" 2>&1
check "explain without a rule lists every rule" sh -c "[ \$(grep -c '^  [0-9A-Z]' '$T/explain') = \$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))[\"runs\"][0][\"tool\"][\"driver\"][\"rules\"]))' '$T/ex.sarif') ]"

# docs/format.md's rule reference is `objreg explain --markdown`.
"$OBJREG" explain --markdown >"$T/ref.md"
begin='<!-- BEGIN objreg explain --markdown -->'
end='<!-- END objreg explain --markdown -->'
if [ -n "${UPDATE:-}" ]; then
  python3 - docs/format.md "$T/ref.md" "$begin" "$end" <<'PY'
import sys
doc, ref, b, e = sys.argv[1:]
s = open(doc).read()
i, j = s.index(b) + len(b) + 1, s.index(e)
open(doc, "w").write(s[:i] + open(ref).read() + s[j:])
PY
fi
sed -n "/^$begin\$/,/^$end\$/p" docs/format.md | sed '1d;$d' >"$T/doc.md"
check "docs/format.md's rule reference is objreg explain --markdown (UPDATE=1 rewrites it)" diff -u "$T/doc.md" "$T/ref.md"

# --- Microsoft's SARIF Multitool, GitHub's rules included ----------------------
command -v npm >/dev/null 2>&1 || echo "# npm: not found on this machine ($(uname -a | cut -c1-60))" >&2
if [ ! -x "$MT" ] && command -v npm >/dev/null 2>&1; then
  # npm's cache in build/ when HOME is unset or not writable (CI runners)
  if [ -z "${HOME:-}" ] || [ ! -w "${HOME:-/nonexistent}" ]; then
    export npm_config_cache="$PWD/$MT_DIR/.npm-cache"
  fi
  npm install --prefix "$MT_DIR" --no-audit --no-fund --silent "@microsoft/sarif-multitool-linux@$MULTITOOL_VERSION" >"$T/npm.log" 2>&1 ||
    { echo "# npm install of the SARIF Multitool failed:" >&2; sed 's/^/#   /' "$T/npm.log" >&2; }
  [ -f "$MT" ] && chmod u+x "$MT"
fi
if [ -x "$MT" ]; then
  for f in ex er nr; do
    DOTNET_CLI_TELEMETRY_OPTOUT=1 "$MT" validate "$T/$f.sarif" -o "$T/$f.val.sarif" --level "Error;Warning" \
      --rule-kind "Sarif;Gh" >"$T/$f.val.log" 2>&1
    check "SARIF Multitool $MULTITOOL_VERSION: no error or warning ($( [ $f = ex ] && echo example || echo every-rule) pack$( [ $f = nr ] && echo ', built without a revision'))" \
      python3 - "$T/$f.val.sarif" "$T/$f.val.log" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
found = [r for run in s["runs"] for r in run.get("results", [])]
if found or "Analysis completed successfully" not in open(sys.argv[2]).read():
    print(open(sys.argv[2]).read())
    sys.exit(1)
PY
  done
elif [ "${CI:-}" = true ]; then
  echo "not ok - SARIF Multitool: not in $MT_DIR, and npm is missing or could not install @microsoft/sarif-multitool-linux@$MULTITOOL_VERSION; CI=true must validate"
else
  echo "# skip: SARIF Multitool validation: the Multitool is not in $MT_DIR and npm is missing or could not install it (under CI=true this fails)" >&2
fi
