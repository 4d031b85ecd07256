#!/bin/sh
# Planner benchmark: the balanced plan LP of generated economies of growing size, solved by
# PDLP in process and by glpsol and clp on the exported MPS, each under a time limit.
# Prints a markdown table (docs/performance.md, "## Planner"). Usage: 20_plan.sh [BUILD]
# Environment: PLAN_SIZES ("PRODUCTS:YEARS:exact|noexact ..."), PLAN_TIMEOUT (seconds),
# PLAN_TOL (PDLP tolerance), PLAN_THREADS (0: OpenMP's default).
set -eu
BUILD=${1:-build}
BIN=$BUILD/bench/bench_plan
SIZES=${PLAN_SIZES:-"1000:1:exact 10000:1:exact 100000:1:exact 1000000:1:noexact 1000000:5:noexact"}
TIMEOUT=${PLAN_TIMEOUT:-300}
TOL=${PLAN_TOL:-1e-4}
THREADS=${PLAN_THREADS:-0}
if [ ! -x "$BIN" ]; then
	echo "20_plan.sh: $BIN not built; run make first" >&2
	exit 1
fi
echo "## Planner"
echo
echo "$(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
echo "$(free -g | awk '/Mem:/ {print $2}') GiB; PDLP tolerance $TOL, time limit ${TIMEOUT} s per solver;"
echo "$(glpsol --version 2>/dev/null | head -1 || echo 'glpsol missing'); $(clp -quit 2>/dev/null | grep -m1 'Coin LP' || echo 'clp missing')."
echo
"$BIN" --header
for s in $SIZES; do
	n=${s%%:*}
	rest=${s#*:}
	y=${rest%%:*}
	ex=${rest#*:}
	"$BIN" "$n" "$y" "$TIMEOUT" "$TOL" "$ex" "$THREADS" || echo "| $n | $y | failed |"
done
