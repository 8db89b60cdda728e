#!/bin/sh
# tests/threads.sh BUILD - the threaded paths on a generated pack of 150
# objectives and 12,000 rows: check reads the objective and progress files
# on two threads and locates the rows' evidence on two, SARIF's snippets and
# fingerprints are found on two (context.c, 1,024 findings or more), build writes the
# documents on -j threads and deflates PDF pages on helper threads.
# Meant for a ThreadSanitizer build (make SANITIZE=thread threads), which
# stops at the first data race; in any build it also checks that -j 1 and
# -j 2 give the same findings and the same bytes.
set -u
export LC_ALL=C
BUILD=${1:-build}
OBJREG=$(cd "$(dirname "$BUILD/objreg")" && pwd)/objreg
OBJREG_DATADIR=$(pwd)
export OBJREG_DATADIR
TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
export TSAN_OPTIONS
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
fails=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fails=1; }

/usr/bin/python3 bench/gen_pack.py "$T/pack" --objectives 150 --rows 12000 --seed 7 >/dev/null || { not_ok "bench/gen_pack.py"; exit 1; }
# Some of the evidence the rows name, so that both threads that locate it find
# files (enough rows name paths for two threads: evidence.c).
/usr/bin/python3 - "$T/pack" <<'EOF'
import csv, glob, os, sys
root = sys.argv[1]
for f in glob.glob(os.path.join(root, "progress", "**", "*.csv"), recursive=True):
    with open(f, newline="", encoding="utf-8-sig") as h:
        for row in csv.DictReader(h):
            ev = row.get("evidence") or ""
            if ev and row["objective"][-1] in "13579":
                path = os.path.join(root, ev)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as out:
                    out.write(ev + "\n")
EOF
for j in 1 2; do
  "$OBJREG" check -j $j --format json "$T/pack" >"$T/check$j.json" 2>"$T/check$j.err"
  echo $? >"$T/check$j.rc"
  "$OBJREG" check -j $j --format sarif "$T/pack" >"$T/check$j.sarif" 2>"$T/sarif$j.err"
  echo $? >"$T/sarif$j.rc"
  SOURCE_DATE_EPOCH=1764201600 "$OBJREG" build -j $j -q "$T/pack" -o "$T/out$j" >/dev/null 2>"$T/build$j.err"
  echo $? >"$T/build$j.rc"
done
if [ "$(cat "$T/check2.rc")" = 0 ] && [ ! -s "$T/check2.err" ]; then ok "check -j 2 on 150 objectives: exit 0, nothing on stderr"; else not_ok "check -j 2: status $(cat "$T/check2.rc"): $(head -c 2000 "$T/check2.err")"; fi
if cmp -s "$T/check1.json" "$T/check2.json"; then ok "check -j 1 and -j 2 find the same"; else not_ok "check -j 1 and -j 2 differ"; fi
n=$(grep -c '"ruleId"' "$T/check2.sarif")
if [ "$(cat "$T/sarif2.rc")" = 0 ] && [ ! -s "$T/sarif2.err" ]; then ok "check -j 2 --format sarif: exit 0, nothing on stderr"; else not_ok "check -j 2 --format sarif: status $(cat "$T/sarif2.rc"): $(head -c 2000 "$T/sarif2.err")"; fi
if [ "$n" -ge 1024 ] && cmp -s "$T/check1.sarif" "$T/check2.sarif"; then ok "check --format sarif: -j 1 and -j 2 give the same $n results, snippets and fingerprints"; else not_ok "check --format sarif: -j 1 and -j 2 differ, or only $n results (1,024 make two shares)"; fi
if [ "$(cat "$T/build2.rc")" = 0 ] && [ ! -s "$T/build2.err" ]; then ok "build -j 2 on 150 objectives: exit 0, nothing on stderr"; else not_ok "build -j 2: status $(cat "$T/build2.rc"): $(head -c 2000 "$T/build2.err")"; fi
if diff -r "$T/out1" "$T/out2" >/dev/null; then ok "build -j 1 and -j 2 write the same bytes"; else not_ok "build -j 1 and -j 2 differ"; fi
exit $fails
