#!/bin/sh
# Planner benchmark: the balanced plan LP of generated economies of growing size, one and
# five years (with capital stocks), solved by PDLP in process and by glpsol and clp on the
# exported MPS of the same problem, each under a time limit. Prints a markdown table
# (docs/performance.md, "## Plans"). Usage: 20_plan.sh [BUILD]
# Environment: PLAN_SIZES ("PRODUCTS:YEARS:exact|noexact[:SECONDS] ..."; SECONDS overrides
# the time limit of that size), PLAN_TIMEOUT (seconds per solver), PLAN_TOL (PDLP
# tolerance), PLAN_THREADS (0: one thread below 1e6 rows + columns + non-zeros, OpenMP's
# default above). OpenMP threads wait passively unless OMP_WAIT_POLICY says otherwise: on
# a machine shared with other work, spinning threads slowed PDLP twentyfold.
set -eu
BUILD=${1:-build}
BIN=$BUILD/bench/bench_plan
SIZES=${PLAN_SIZES:-"1000:1:exact 1000:5:exact 10000:1:exact 10000:5:exact 100000:1:exact:600 100000:5:noexact 1000000:1:noexact 1000000:5:noexact"}
TIMEOUT=${PLAN_TIMEOUT:-300}
TOL=${PLAN_TOL:-1e-4}
THREADS=${PLAN_THREADS:-0}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
if [ ! -x "$BIN" ]; then
	echo "20_plan.sh: $BIN not built; run make first" >&2
	exit 1
fi
echo "## Plans"
echo
echo "$(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
echo "$(free -g | awk '/Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; PDLP tolerance $TOL;"
echo "time limit ${TIMEOUT} s per solver unless the size says otherwise; $(glpsol --version 2>/dev/null | head -1 || echo 'glpsol missing');"
echo "$(clp -quit 2>/dev/null | grep -m1 'Coin LP' || echo 'clp missing')."
echo
"$BIN" --header
for s in $SIZES; do
	n=${s%%:*}
	rest=${s#*:}
	y=${rest%%:*}
	rest=${rest#*:}
	ex=${rest%%:*}
	t=$TIMEOUT
	[ "$rest" != "$ex" ] && t=${rest#*:}
	"$BIN" "$n" "$y" "$t" "$TOL" "$ex" "$THREADS" || echo "| $n | $y | failed |"
done
