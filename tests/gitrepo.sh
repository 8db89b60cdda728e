# tests/gitrepo.sh - sourced (not run) by tests/git.sh and tests/relevance.sh:
# the set-up they share, a real Git repository in a temporary folder.
#
# Sets OBJREG (absolute), PY (Debian's python3, with python3-openpyxl, where
# it is), TMP (removed at exit unless KEEP is set), pass and fail with ok and
# not_ok, and R: a new repository, nothing committed yet, whose isms/ holds a
# copy of the example pack (input/) and whose .gitignore names out/.
# Helpers: commit NAME DATE MESSAGE, edit FILE OLD NEW, githash DIR.
# No user's or system's Git configuration: the tests meet git as CI's fresh
# Debian 13 root does (no identity, no defaults), here as there.
GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM
BUILD=${1:-build}
OBJREG=$(cd "$(dirname "$BUILD/objreg")" && pwd)/objreg
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3  # Debian's python3-openpyxl
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
[ -n "${KEEP:-}" ] && trap - EXIT && echo "# kept $TMP"
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1: $2"; }

if ! command -v git >/dev/null; then
  not_ok "git is installed (DEB_TEST)" "no git"
  exit 1
fi

# Commit everything as NAME on DATE (UTC) with MESSAGE.
commit() {
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL=a@example.org GIT_AUTHOR_DATE="$2T09:00:00Z" \
  GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL=a@example.org GIT_COMMITTER_DATE="$2T09:00:00Z" \
    git -C "$R" commit -q -a -m "$3"
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
# Everything under .git, hashed: the repository as objreg must leave it.
githash() { (cd "$1/.git" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum); }

R=$TMP/repo
mkdir -p "$R/isms" "$R/out"
git -C "$R" init -q
cp -R input/. "$R/isms/"
printf 'out/\n' >"$R/.gitignore"
