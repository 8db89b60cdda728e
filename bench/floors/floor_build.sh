#!/bin/sh
# The floor of `objreg build`: the pack parsed (floor_parse), then the
# workbook (floor_xlsx -c) and the register (floor_pdf with P = M / N chart
# points), one after the other.
#
#   floor_build.sh BINDIR PACK N M OUTDIR [all|xlsx|pdf]
set -eu
bin=$1 pack=$2 n=$3 m=$4 out=$5 what=${6:-all}
mkdir -p "$out"
"$bin/floor_parse" "$pack" >/dev/null
case $what in all|xlsx) "$bin/floor_xlsx" -c "$n" "$m" "$out/floor.xlsx" >/dev/null ;; esac
case $what in all|pdf) "$bin/floor_pdf" --points $((m / n)) "$pack" "$out/floor.pdf" >/dev/null ;; esac
