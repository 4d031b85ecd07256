#!/bin/sh
# --solver auto against Clp, GLPK and PDLP forced: `plenum plan` (balanced unless the case says
# otherwise) on generated economies (three techniques per product, about six inputs each,
# capacities, a CO2e cap, seed 42; hours 0.75 per product so that they bind), one year,
# or several with a capital stock per product (bench/years.py: the stocks, targets and
# hours of bench_plan's five-year plans). Default tolerance (1e-6), as a user
# gets it. PDLP's seconds carry a * where its plan is not done (its second stage, the
# fewest hours, stopped at its limit: hours not minimised); "auto s / best s" then compares
# with the faster exact solver alone. Prints a markdown table (docs/performance.md, "Which solver --solver auto
# takes"). Usage: 22_auto.sh [BUILD]
# Environment: AUTO_CASES ("PRODUCTS:YEARS:OBJECTIVE ..."), AUTO_TIMEOUT (seconds per run).
set -eu
BUILD=${1:-build}
PLENUM=$BUILD/plenum
HERE=$(dirname "$0")
CASES=${AUTO_CASES:-"150:1:balanced 700:1:balanced 2000:1:balanced 2000:1:least-labour \
4000:1:balanced 400:3:balanced 1000:2:balanced 100:5:balanced 300:5:balanced"}
TIMEOUT=${AUTO_TIMEOUT:-120}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
echo "## Which solver --solver auto takes"
echo
echo "$(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; tolerance 1e-6; time limit $TIMEOUT s per run."
echo
echo "| products | years | objective | rows + columns | auto s | auto's solver | Clp s | GLPK s | PDLP s | PDLP iterations | auto s / best s |"
echo "|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|"
# one run (ECON OBJECTIVE SOLVER [HOURS options]): "seconds solver iterations size done"
# (done: 1 when the plan is optimal with no message, 0 when, say, a second stage did not
# finish), or "> LIMIT - - - -"
run() {
	econ=$1 obj=$2 solver=$3
	shift 3
	s=$(date +%s.%N)
	if timeout "$TIMEOUT" "$PLENUM" plan "$econ" --objective "$obj" --solver "$solver" "$@" \
		--json --mps "$T/lp.mps" >"$T/out.json" 2>/dev/null; then
		e=$(date +%s.%N)
		python3 - "$T/out.json" "$s" "$e" "$T/lp.mps" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
rows = cols = 0
section = ""
seen = set()
for line in open(sys.argv[4]):
    w = line.split()
    if not w:
        continue
    if not line[0].isspace():
        section = w[0]
    elif section == "ROWS" and w[0] != "N":
        rows += 1
    elif section == "COLUMNS" and w[0] not in seen and w[1] != "'MARKER'":
        seen.add(w[0])
cols = len(seen)
done = p["status"] == "optimal" and not p["message"]
print("%.2f %s %d %d %d" % (float(sys.argv[3]) - float(sys.argv[2]), p["solver"]["backend"],
                            p["solver"]["iterations"], rows + cols, done))
PY
	else
		echo "> $TIMEOUT - - - -"
	fi
}
for c in $CASES; do
	IFS=: read -r n years obj <<EOC
$c
EOC
	"$PLENUM" gen --products "$n" --inputs 6 --techniques 3 --capacities --seed 42 \
		-o "$T/econ" >/dev/null 2>&1
	if [ "$years" -gt 1 ]; then
		python3 "$HERE/../years.py" "$T/econ" "$years"
		hours=""
	else
		hours="--labour-hours $(awk -v n="$n" 'BEGIN { print 0.75 * n }')"
	fi
	[ "$obj" = balanced ] || hours=""
	set -- $(run "$T/econ" "$obj" auto $hours)
	as=$1 asolver=$2 size=$4
	[ "$as" = ">" ] && as="> $2" asolver=- size=-
	set -- $(run "$T/econ" "$obj" clp $hours)
	cs=$1
	[ "$cs" = ">" ] && cs="> $2"
	set -- $(run "$T/econ" "$obj" glpk $hours)
	gs=$1
	[ "$gs" = ">" ] && gs="> $2"
	set -- $(run "$T/econ" "$obj" pdlp $hours)
	ps=$1 pi=$3 pdone=$5
	[ "$ps" = ">" ] && ps="> $2" pi=- pdone=0
	# the faster of the forced solvers whose plan is done (PDLP's may not be: then "*")
	ratio=$(awk -v a="$as" -v c="$cs" -v g="$gs" -v p="$ps" -v pd="$pdone" 'BEGIN {
		if (a ~ /^>/) { print "-"; exit }
		if (!pd) p = "> -";
		best = "> -";
		for (k = 1; k <= 3; k++) {
			v = k == 1 ? c : k == 2 ? g : p;
			if (v !~ /^>/ && (best ~ /^>/ || v + 0 < best + 0)) best = v }
		if (best ~ /^>/ || best + 0 <= 0) print "-"; else printf "%.2f\n", a / best }')
	[ "$pdone" = 1 ] || ps="$ps *"
	echo "| $n | $years | $obj | $size | $as | $asolver | $cs | $gs | $ps | $pi | $ratio |"
	rm -rf "$T/econ"
done
