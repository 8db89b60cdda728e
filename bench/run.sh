#!/bin/sh
# bench/run.sh - time objreg against the floors of its libraries (make bench).
#
#   sh bench/run.sh [--quick] [--runs N] [--table] [SIZES...]
#
# SIZES are any of s (100 objectives / 10,000 measurement rows), m (1,000 /
# 100,000) and l (10,000 / 1,000,000); default s m l.  --quick: one run of
# each command and, unless sizes are named, s and m only.  --runs N: N runs
# (default 3); every figure is the median of the runs.  --table: print the
# table of the last run again from build/bench/results, measuring nothing.
#
# What it does, in order:
#   1. installs what is missing (tests/deps.sh) and builds objreg (make);
#      OBJREG=path uses that binary instead and skips the build
#   2. writes the packs with bench/gen_pack.py into build/bench/packs/,
#      one folder per (N, M, seed), kept while gen_pack.py is unchanged
#   3. builds the floors (bench/floors: parse only, libxlsxwriter only,
#      libharu only) into build/bench/floors
#   4. for each size and run, one after the other so that drift hits all alike:
#        objreg check PACK           objreg build PACK -o OUT
#        floor_parse PACK            floor_xlsx -c N M OUT.xlsx
#        floor_pdf --points M/N PACK OUT.pdf
#        floor_build.sh BIN PACK N M OUT all   (the three floors in sequence)
#      each under /usr/bin/time -v: wall time and peak RSS
#   5. prints the figures, the sizes of what objreg build wrote, and the
#      targets of issues 7 and 11 marked PASS or FAIL; the same text is kept in
#      build/bench/results/table.txt, the raw runs in build/bench/results/
#
# A missed target is a finding, not a failure: the exit status is 0 unless a
# command failed (non-zero exit, a crash) or the set-up did; then it is 1
# (2 for a usage error).  docs/performance.md explains every figure.
set -eu

usage() {
  echo "usage: sh bench/run.sh [--quick] [--runs N] [--table] [s] [m] [l]" >&2
  exit 2
}

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=3 quick=0 table_only=0 sizes=
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --table) table_only=1 ;;
    --runs) [ $# -ge 2 ] || usage; runs=$2; shift ;;
    --runs=*) runs=${1#--runs=} ;;
    s|m|l) case " $sizes " in *" $1 "*) ;; *) sizes="$sizes $1" ;; esac ;;
    -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) usage ;;
  esac
  shift
done
case $runs in ''|*[!0-9]*|0) usage ;; esac
if [ "$quick" = 1 ]; then
  runs=1
  [ -n "$sizes" ] || sizes="s m"
fi
if [ "$table_only" = 1 ] && [ -z "$sizes" ]; then
  for z in s m l; do
    [ -s "build/bench/results/$z.check" ] && sizes="$sizes $z"
  done
  [ -n "$sizes" ] || { echo "bench: no results in build/bench/results: run sh bench/run.sh first" >&2; exit 1; }
fi
[ -n "$sizes" ] || sizes="s m l"
# Always in the order s, m, l.
ordered=
for z in s m l; do
  case " $sizes " in *" $z "*) ordered="$ordered $z" ;; esac
done
sizes=${ordered# }

size_n() { case $1 in s) echo 100 ;; m) echo 1000 ;; l) echo 10000 ;; esac; }
size_m() { case $1 in s) echo 10000 ;; m) echo 100000 ;; l) echo 1000000 ;; esac; }
size_label() { case $1 in s) echo "100 / 10k" ;; m) echo "1k / 100k" ;; l) echo "10k / 1M" ;; esac; }
seed=1
what="check build parse xlsx pdf seq"   # the figures, in table order

say() { echo "bench: $*" >&2; }
fail() { echo "bench: error: $*" >&2; exit 1; }

bench=$root/build/bench
res=$bench/results
mkdir -p "$bench/packs" "$bench/out" "$res"

failed=0
if [ "$table_only" = 0 ]; then

# --- 1. what it needs, and objreg ------------------------------------------
# objreg's build packages (make deps) serve the floors too; then the timer.
make --no-print-directory -s deps >&2 || fail "missing Debian packages (see above)"
sh tests/deps.sh time python3 || fail "missing Debian packages (see above)"
py=/usr/bin/python3
[ -x "$py" ] || fail "needs Debian's /usr/bin/python3"
[ -x /usr/bin/time ] || fail "needs /usr/bin/time (Debian package 'time')"

if [ -n "${OBJREG:-}" ]; then
  objreg=$OBJREG
  say "using $objreg (OBJREG), not building"
else
  say "make"
  make --no-print-directory -s all >"$res/make.log" 2>&1 || { cat "$res/make.log" >&2; fail "make failed"; }
  objreg=$root/build/objreg
fi
[ -x "$objreg" ] || fail "not executable: $objreg"
# Templates and fonts from this tree, wherever the binary is.
OBJREG_DATADIR=${OBJREG_DATADIR:-$root}
export OBJREG_DATADIR
# The packs stand alone, as the yardstick's do: build/bench/packs lies inside
# objreg's own work tree, whose history is not theirs (no revision, no
# 6.2f-relevance or 7.5-approval walk over objreg's commits).
GIT_CEILING_DIRECTORIES=$root/build/bench
export GIT_CEILING_DIRECTORIES

# --- 2. the packs -------------------------------------------------------------
gen_sum=$(sha256sum bench/gen_pack.py | cut -c1-16)
pack_dir() { echo "$bench/packs/$(size_n "$1")-$(size_m "$1")-s$seed"; }
for z in $sizes; do
  p=$(pack_dir "$z")
  if [ -f "$p/.gen" ] && [ "$(cat "$p/.gen")" = "$gen_sum" ]; then
    continue
  fi
  say "writing the $z pack: $(size_n "$z") objectives, $(size_m "$z") rows"
  rm -rf "$p" "$p.tmp"
  "$py" bench/gen_pack.py "$p.tmp" --objectives "$(size_n "$z")" --rows "$(size_m "$z")" --seed $seed ||
    fail "gen_pack.py failed"
  echo "$gen_sum" >"$p.tmp/.gen"
  mv "$p.tmp" "$p"
done

# --- 3. the floors ----------------------------------------------------------------
yard=$bench/floors
mkdir -p "$yard"
say "make -C bench/floors OUT=build/bench/floors"
make --no-print-directory -s -C bench/floors OUT="$yard" >"$res/floors-make.log" 2>&1 ||
  { cat "$res/floors-make.log" >&2; fail "the floors do not build"; }

# --- 4. measure -----------------------------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# timed FILE LOG CMD...: one run under /usr/bin/time -v; appends
# "wall_seconds peak_kib" to FILE, or "fail EXIT" when the command failed.
# Peak RSS is time's; the wall time is the clock read around time (ms, the
# fork of time included), unless it strays from time's own figure.
timed() {
  file=$1 log=$2
  shift 2
  set +e
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$tmp/time" "$@" >"$log" 2>&1
  rc=$?
  t1=$(date +%s%N)
  set -e
  if [ $rc -ne 0 ]; then
    echo "fail $rc" >>"$file"
    failed=1
    say "FAILED (exit $rc): $*"
    tail -n 5 "$log" | sed 's/^/    /' >&2
    return 0
  fi
  # time -v gives the wall time in hundredths; the clock around it, in ms.
  awk -F': ' -v ns=$((t1 - t0)) '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
    /Maximum resident set size/ { m = $2 }
    END { w = ns / 1e9; if (w < s - 0.01 || w > s + 0.05) w = s; printf "%.3f %d\n", w, m }' "$tmp/time" >>"$file"
}

for z in $sizes; do
  p=$(pack_dir "$z") n=$(size_n "$z") m=$(size_m "$z")
  o=$bench/out/$z
  rm -rf "$o"
  mkdir -p "$o"
  for w in $what; do : >"$res/$z.$w"; done
  for i in $(seq 1 "$runs"); do
    say "size $z ($(size_label "$z")), run $i of $runs"
    timed "$res/$z.check" "$o/check.log" "$objreg" check "$p"
    rm -rf "$o/objreg"
    timed "$res/$z.build" "$o/build.log" "$objreg" build "$p" -o "$o/objreg"
    timed "$res/$z.parse" "$o/parse.log" "$yard/floor_parse" "$p"
    timed "$res/$z.xlsx" "$o/xlsx.log" "$yard/floor_xlsx" -c "$n" "$m" "$o/floor.xlsx"
    timed "$res/$z.pdf" "$o/pdf.log" "$yard/floor_pdf" --points $((m / n)) "$p" "$o/floor.pdf"
    timed "$res/$z.seq" "$o/seq.log" sh bench/floors/floor_build.sh "$yard" "$p" "$n" "$m" "$o/floor-seq" all
  done
done

# What was measured, for the table's head (and for --table later).
{
  echo "objreg benchmark, finished $(date -u '+%Y-%m-%d %H:%M') UTC: $(nproc) cores, $runs run(s) per figure (median)"
  echo "load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg) (anything above 0 is someone else's work)"
  for z in $sizes; do
    p=$(pack_dir "$z")
    echo "pack $z: $(size_n "$z") objectives, $(size_m "$z") measurement rows, $(find "$p" -type f ! -name .gen | wc -l) files, $(du -sb --exclude=.gen "$p" | awk '{ printf "%.1f MB", $1 / 1e6 }') (build/bench/packs/${p##*/})"
  done
  if [ -n "${OBJREG:-}" ]; then
    echo "objreg: $objreg (OBJREG), $("$objreg" --version 2>/dev/null | head -1)"
  else
    echo "objreg: build/objreg, $("$objreg" --version 2>/dev/null | head -1), tree at $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src 2>/dev/null || echo ' with uncommitted changes in src/')"
  fi
} >"$res/header.txt"
echo "$failed" >"$res/failed"

fi  # table_only
failed=$(cat "$res/failed" 2>/dev/null || echo 0)

# --- 5. the table -----------------------------------------------------------------
# med FILE COL: median of column COL (1 wall, 2 peak KiB) of the good runs; "fail" if any failed.
med() {
  if grep -q '^fail' "$1"; then echo fail; return; fi
  sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c }
    END { if (!NR) print "-"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
fig() {  # wall and peak as "1.234 s, 56 MiB"
  w=$(med "$1" 1) k=$(med "$1" 2)
  case $w in fail) echo "FAILED" ;; -) echo "-" ;;
    *) awk -v w="$w" -v k="$k" 'BEGIN { printf "%.3f s, %.0f MiB", w, k / 1024 }' ;; esac
}
num() { case $1 in fail|-|'') return 1 ;; esac; }
verdict() {  # verdict VALUE LIMIT [scale]: "x (PASS)" with value <= limit
  awk -v v="$1" -v l="$2" -v f="$3" 'BEGIN { printf f " %s", v, (v <= l ? "PASS" : "FAIL") }'
}

table_head() {  # table_head LABEL: a table's header row (LABEL, then each size) and its rule
  printf '| %-44s |' "$1"
  for z in $sizes; do printf ' %-22s |' "$(size_label "$z")"; done
  echo
  printf '|%s|' "----------------------------------------------"
  for z in $sizes; do printf '%s|' "------------------------"; done
  echo
}

out=$res/table.txt
{
  cat "$res/header.txt"
  echo
  table_head "what (wall time, peak RSS)"
  for w in $what; do
    case $w in
      check) label="objreg check" ;;
      build) label="objreg build" ;;
      parse) label="floor_parse (libyaml + cmark + libcsv)" ;;
      xlsx) label="floor_xlsx -c (libxlsxwriter)" ;;
      pdf) label="floor_pdf (libharu)" ;;
      seq) label="floor_build.sh: the three in sequence" ;;
    esac
    printf '| %-44s |' "$label"
    for z in $sizes; do printf ' %-22s |' "$(fig "$res/$z.$w")"; done
    echo
  done
  echo
  echo "Targets (issues 7 and 11; they apply at 1k / 100k and 10k / 1M, s is shown for reference):"
  echo
  table_head "target"
  row() {  # row LABEL CELL-FUNCTION
    printf '| %-44s |' "$1"
    for z in $sizes; do printf ' %-22s |' "$($2 "$z")"; done
    echo
  }
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
  c_ratio() {  # c_ratio SIZE A B LIMIT: median A / median B, judged against LIMIT (s: shown only)
    a=$(med "$res/$1.$2" 1) b=$(med "$res/$1.$3" 1)
    num "$a" && num "$b" || { echo "-"; return; }
    r=$(ratio "$a" "$b")
    [ "$1" = s ] && { echo "${r}x"; return; }
    verdict "$r" "$4" "%.2fx"
  }
  c_build_seq() { c_ratio "$1" build seq "$([ "$1" = m ] && echo 0.75 || echo 1)"; }
  c_build_rss() {
    k=$(med "$res/$1.build" 2)
    num "$k" || { echo "-"; return; }
    mib=$(awk -v k="$k" 'BEGIN { printf "%.0f", k / 1024 }')
    [ "$1" = l ] || { echo "$mib MiB"; return; }
    verdict "$mib" 450 "%.0f MiB"
  }
  c_check_parse() { c_ratio "$1" check parse 1.5; }
  c_check_m() {
    c=$(med "$res/$1.check" 1)
    num "$c" || { echo "-"; return; }
    [ "$1" = m ] || { echo ""; return; }
    verdict "$c" 0.2 "%.3f s"
  }
  c_scale() {  # l / m, in the l column
    w=$2
    [ "$1" = l ] || { echo ""; return; }
    a=$(med "$res/l.$w" 1) b=$(med "$res/m.$w" 1)
    num "$a" && num "$b" || { echo "-"; return; }
    verdict "$(ratio "$a" "$b")" 11 "%.1fx"
  }
  c_scale_build() { c_scale "$1" build; }
  c_scale_check() { c_scale "$1" check; }
  row "build / floor sequence <= 0.75 m, 1 l" c_build_seq
  row "build peak RSS <= 450 MiB at l" c_build_rss
  row "check / floor_parse <= 1.5" c_check_parse
  row "check <= 0.2 s at m" c_check_m
  case " $sizes " in *" m "*)
    case " $sizes " in *" l "*)
      row "build l / m time <= 11" c_scale_build
      row "check l / m time <= 11" c_scale_check ;;
    esac ;;
  esac
  echo
  for z in $sizes; do
    echo "objreg build wrote ($z, last run):"
    if [ -d "$bench/out/$z/objreg" ]; then
      (cd "$bench/out/$z/objreg" && find . -type f | sort | while read -r f; do
        printf '  %12d  %s\n' "$(wc -c <"$f")" "${f#./}"; done)
    else
      echo "  (nothing)"
    fi
  done
} >"$out"
cat "$out"
if [ "$failed" != 0 ]; then
  say "some commands failed (marked FAILED above); see build/bench/out/SIZE/*.log"
  exit 1
fi
