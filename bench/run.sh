#!/bin/sh
# `make bench`: prints the machine, then runs the labour-values benchmark (bench_values) and
# every bench/parts/*.sh in order, each printing a markdown section (docs/performance.md keeps
# them). The whole output is also written to BUILD/bench/results.md. Exits non-zero when a
# part fails or reaches its time limit; the other parts still run.
#
# Usage: bench/run.sh [BUILD]. Environment:
#   BENCH_QUICK=1        a smoke run at tiny sizes (seconds; the ctest bench.smoke runs it)
#   BENCH_MAX=1e7        the largest labour-values size (sizes 10^4, 10^5, ... up to it)
#   BENCH_SIZES=...      labour-values sizes, comma-separated (overrides BENCH_MAX)
#   BENCH_DENSE_N=20000  the dense LU's size (made smaller to fit in a third of the memory)
#   BENCH_TOL=1e-8       labour-values tolerance;  BENCH_METHOD=auto|jacobi|gauss-seidel|gmres
#   BENCH_THREADS=0      threads for the solvers (0: OpenMP's default)
#   BENCH_TIMEOUT=900    time limit in seconds for each labour-values measurement
#   BENCH_PART_TIMEOUT=7200  time limit in seconds for each part
#   BENCH_PARTS="values 20_plan 22_auto 25_harmony 30_server"  which parts to run (default: all)
# The parts take their own variables (PLAN_*, AUTO_*, HARMONY_*, SERVER_*: see each script);
# BENCH_QUICK sets small values for those that are not set.
set -u
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
QUICK=${BENCH_QUICK:-0}
PART_TIMEOUT=${BENCH_PART_TIMEOUT:-7200}
OUTFILE=$BUILD/bench/results.md

if [ ! -x "$BUILD/bench/bench_values" ] || [ ! -x "$BUILD/plenum" ]; then
	echo "bench/run.sh: $BUILD/bench/bench_values or $BUILD/plenum not built: run make first" >&2
	exit 1
fi

# The labour-values sizes: 10^4 .. BENCH_MAX in powers of ten.
sizes() {
	awk -v max="${BENCH_MAX:-1e7}" 'BEGIN {
		s = ""; for (n = 1e4; n <= max * 1.0000001; n *= 10) s = s (s == "" ? "" : ",") sprintf("%.0f", n)
		print s }'
}

if [ "$QUICK" = 1 ]; then
	VALUES_ARGS="--sizes ${BENCH_SIZES:-1000,10000} --file-min 10000 --dense-n ${BENCH_DENSE_N:-300}
		--stream-mb 16 --timeout ${BENCH_TIMEOUT:-120}"
	: "${PLAN_SIZES:=300:1:exact 1000:2:noexact}" "${PLAN_TIMEOUT:=60}"
	: "${SERVER_SECONDS:=1}" "${SERVER_BALLOT_SECONDS:=1}" "${SERVER_MEMBERS:=500}"
	: "${HARMONY_SIZES:=200}" "${HARMONY_TIMEOUT:=60}"
	: "${AUTO_CASES:=150:1:balanced 700:1:least-labour 30:3:balanced}" "${AUTO_TIMEOUT:=60}"
	export PLAN_SIZES PLAN_TIMEOUT SERVER_SECONDS SERVER_BALLOT_SECONDS SERVER_MEMBERS
	export HARMONY_SIZES HARMONY_TIMEOUT AUTO_CASES AUTO_TIMEOUT
else
	VALUES_ARGS="--sizes ${BENCH_SIZES:-$(sizes)} --dense-n ${BENCH_DENSE_N:-20000}
		--timeout ${BENCH_TIMEOUT:-900}"
fi
VALUES_ARGS="$VALUES_ARGS --tol ${BENCH_TOL:-1e-8} --method ${BENCH_METHOD:-auto}
	--threads ${BENCH_THREADS:-0} --plenum $BUILD/plenum --cache $BUILD/bench/cache"

# Whether part $1 is selected by BENCH_PARTS.
selected() {
	[ -z "${BENCH_PARTS:-}" ] && return 0
	for p in $BENCH_PARTS; do
		case "$1" in "$p"*) return 0 ;; esac
	done
	return 1
}

machine() {
	build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt" 2>/dev/null)
	cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$BUILD/CMakeCache.txt" 2>/dev/null)
	commit=$(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo "not a git checkout")
	echo "## Machine"
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
	echo "  ($(grep -c ^processor /proc/cpuinfo) online processors)"
	echo "- memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
	echo "- kernel: $(uname -srm)"
	echo "- build: $build_type, $(${cc:-cc} --version 2>/dev/null | head -1), commit $commit"
	echo
}

# Runs one part under the time limit; prints a note and returns non-zero when it fails.
run_part() { # name, command...
	name=$1
	shift
	start=$(date +%s)
	timeout "$PART_TIMEOUT" "$@"
	rc=$?
	if [ $rc = 124 ]; then
		echo
		echo "**$name stopped at its time limit of $PART_TIMEOUT s (BENCH_PART_TIMEOUT).**"
	elif [ $rc != 0 ]; then
		echo
		echo "**$name failed (exit status $rc).**"
	fi
	echo
	echo "bench/run.sh: $name took $(($(date +%s) - start)) s" >&2
	return $rc
}

main() {
	failed=0
	machine
	if selected values; then
		# shellcheck disable=SC2086 # VALUES_ARGS is a list of words
		run_part values "$BUILD/bench/bench_values" $VALUES_ARGS || failed=1
	fi
	for part in "$HERE"/parts/*.sh; do
		[ -e "$part" ] || continue
		base=$(basename "$part" .sh)
		selected "$base" || continue
		run_part "$base" sh "$part" "$BUILD" || failed=1
	done
	return $failed
}

mkdir -p "$BUILD/bench"
STATUS=$(mktemp)
trap 'rm -f "$STATUS"' EXIT
{ main; echo $? > "$STATUS"; } | tee "$OUTFILE"
rc=$(cat "$STATUS")
echo "bench/run.sh: results in $OUTFILE" >&2
[ "$rc" = 0 ] || echo "bench/run.sh: a part failed" >&2
exit "$rc"
