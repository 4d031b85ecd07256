#!/bin/sh
# Harmony benchmark: `plenum plan --objective harmony` on generated economies of growing
# size (three techniques per product, capacities, a CO2e cap), solved as the concave program
# by PDLP (one run, proximal steps on the fulfilment columns) and by GLPK's cutting planes
# (LP after LP), each under a time limit. Prints a markdown table (docs/performance.md,
# "## Harmony"). Usage: 25_harmony.sh [BUILD]
# Environment: HARMONY_SIZES (products, space-separated), HARMONY_TIMEOUT (seconds per
# solver), HARMONY_TOL (the tolerance: LP and harmony's relative gap).
set -eu
BUILD=${1:-build}
PLENUM=$BUILD/plenum
SIZES=${HARMONY_SIZES:-"200 2000 20000 200000"}
TIMEOUT=${HARMONY_TIMEOUT:-300}
TOL=${HARMONY_TOL:-1e-4}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
echo "## Harmony"
echo
echo "$(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; tolerance $TOL; time limit $TIMEOUT s per solver."
echo
echo "| products | PDLP s | PDLP iterations | PDLP harmony | PDLP bound | GLPK s | GLPK LPs | GLPK harmony | GLPK bound | GLPK s / PDLP s |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
# one solver's run: "seconds iterations-or-LPs harmony bound", or "> LIMIT - - -"
run() {
	s=$(date +%s.%N)
	if timeout "$TIMEOUT" "$PLENUM" plan "$1" --objective harmony --solver "$2" \
		--tolerance "$TOL" --json >"$T/out.json" 2>/dev/null; then
		e=$(date +%s.%N)
		python3 - "$T/out.json" "$s" "$e" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
n = p["solver"]["iterations"] if p["solver"]["backend"] == "pdlp" else p["solver"]["lp_solves"]
print("%.2f %d %.8g %.8g" % (float(sys.argv[3]) - float(sys.argv[2]), n, p["harmony"],
                             p["harmony_bound"]))
PY
	else
		echo "> $TIMEOUT - - -"
	fi
}
for n in $SIZES; do
	"$PLENUM" gen --products "$n" --inputs 6 --techniques 3 --capacities --seed 42 \
		-o "$T/econ" >/dev/null 2>&1
	set -- $(run "$T/econ" pdlp)
	ps=$1 pi=$2 ph=$3 pb=$4
	if [ "$ps" = ">" ]; then ps="> $2" pi=$3 ph=$4 pb=$5; fi
	set -- $(run "$T/econ" glpk)
	gs=$1 gl=$2 gh=$3 gb=$4
	if [ "$gs" = ">" ]; then gs="> $2" gl=$3 gh=$4 gb=$5; fi
	ratio=$(awk -v a="$gs" -v b="$ps" 'BEGIN { lt = a ~ /^>/; sub(/^> /, "", a);
		if (b ~ /^>/ || b + 0 <= 0) print "-"; else printf "%s%.0f\n", lt ? "> " : "", a / b }')
	echo "| $n | $ps | $pi | $ph | $pb | $gs | $gl | $gh | $gb | $ratio |"
	rm -rf "$T/econ"
done
