#!/bin/sh
# tests/valgrind.sh BUILD - memcheck over check and build of the example pack
# and a few hostile packs: no error, nothing definitely or indirectly lost.
# Skipped (with a note) where valgrind is absent or BUILD is a sanitizer build.
set -u
BUILD=${1:-build}
OBJREG=$BUILD/objreg
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
if ! command -v valgrind >/dev/null 2>&1; then
  echo "ok - valgrind # skipped: valgrind not installed"
  exit 0
fi
case $BUILD in
*san*|*fuzz*) echo "ok - valgrind # skipped: $BUILD is a sanitizer build"; exit 0 ;;
esac
fails=0
memcheck() {  # memcheck NAME ARGS...
  name=$1
  shift
  valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --error-exitcode=99 --log-file="$T/vg.log" "$OBJREG" "$@" >/dev/null 2>&1
  rc=$?
  if [ $rc -ne 99 ] && grep -q "ERROR SUMMARY: 0 errors" "$T/vg.log" &&
     ! grep -qE "(definitely|indirectly) lost: [1-9]" "$T/vg.log"; then
    echo "ok - valgrind: $name"
  else
    echo "not ok - valgrind: $name (status $rc)"
    grep -E "ERROR SUMMARY|lost:|Invalid|uninitialised|at 0x|by 0x" "$T/vg.log" | head -40 | sed 's/^/  /'
    fails=1
  fi
}
memcheck "check input/" check input
memcheck "check --format sarif input/" check input --format sarif
memcheck "check a YAML syntax error" check tests/bad/yaml-syntax
memcheck "check an unbalanced CSV quote" check tests/bad/csv-unbalanced-quote
memcheck "check an alias bomb" check tests/bad/alias-bomb
memcheck "dump input/" dump input
SOURCE_DATE_EPOCH=1764201600 memcheck "build input/" build input -o "$T/out"
memcheck "build refused on errors" build tests/golden/rule-6.2j -o "$T/out2"
memcheck "new objective" new objective OBJ-VG "$T/out2"
exit $fails
