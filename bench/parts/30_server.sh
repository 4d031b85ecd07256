#!/bin/sh
# Server load run: wrk against `plenum serve` on loopback: the main read endpoints (a council's
# motions with a session, a closed motion's public result, the plan, a static page) and the
# ballot endpoint (each request a different member's first ballot, with session and CSRF).
# Afterwards the motion is closed and counted: every ballot acknowledged with 200 must be in
# the count (no ballot lost), and no request may fail (non-2xx or socket error). Prints a
# markdown section (docs/performance.md, "## Server").
# Usage: 30_server.sh [BUILD]. Environment: SERVER_SECONDS (per read run, default 10),
# SERVER_BALLOT_SECONDS (default 3), SERVER_MEMBERS (members who may vote, default 30000: more
# than the ballots the run can cast), SERVER_CONNECTIONS (default 16).
set -eu
BUILD=${1:-build}
PLENUM=$BUILD/plenum
FIXTURE=$BUILD/tests/http_fixture
SECONDS_RUN=${SERVER_SECONDS:-10}
BALLOT_SECONDS=${SERVER_BALLOT_SECONDS:-3}
MEMBERS=${SERVER_MEMBERS:-30000}
CONN=${SERVER_CONNECTIONS:-16}
HERE=$(cd "$(dirname "$0")" && pwd)
for x in "$PLENUM" "$FIXTURE"; do
	[ -x "$x" ] || { echo "30_server.sh: $x not built; run make first" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "30_server.sh: wrk missing: run scripts/install-deps" >&2; exit 1; }
TMP=$(mktemp -d)
SERVER=""
cleanup() {
	if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

"$FIXTURE" "$TMP/load.db" --bulk "$MEMBERS" --tokens "$TMP/tokens" > "$TMP/ids.json"
id() { sed -n "s/.*\"$1\": \([0-9]*\).*/\1/p" "$TMP/ids.json"; }
COUNCIL=$(id riverside)
MOTION=$(id yes_no)
CLOSED=$(id closed)
"$PLENUM" serve --db "$TMP/load.db" --port 0 --port-file "$TMP/port" \
	--economy "$HERE/../../tests/http/economy" > "$TMP/server.log" 2>&1 &
SERVER=$!
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(cat "$TMP/port")
BASE="http://127.0.0.1:$PORT"
TOKEN=$(head -1 "$TMP/tokens" | cut -d' ' -f1)

# Per-thread counts of 200 and other statuses, summed in done().
cat > "$TMP/count.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; bad = 0; exhausted = 0 end
function response(status, headers, body)
	if exhausted == 1 then return end -- answers to the repeat sent while stopping
	if status == 200 then ok = ok + 1 else bad = bad + 1 end
end
function done(summary, latency, requests)
	local o, b, x = 0, 0, 0
	for _, t in ipairs(threads) do o = o + t:get("ok"); b = b + t:get("bad"); x = x + t:get("exhausted") end
	if x > 0 then io.write("EXHAUSTED\n") end
	io.write(string.format("RESULT %d %d %.0f %.3f %.3f %d\n", o, b,
		summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
		latency:percentile(99) / 1000, summary.errors.connect + summary.errors.read +
		summary.errors.write + summary.errors.timeout))
end
LUA
# The ballot run: thread k of 2 takes every second member from k on, one per request.
cp "$TMP/count.lua" "$TMP/ballot.lua"
cat >> "$TMP/ballot.lua" <<LUA
local nthreads, k = 2, 0
local base_setup = setup
function setup(thread) thread:set("index", k); k = k + 1; base_setup(thread) end
local base_init = init
function init(args)
	base_init(args)
	tokens = {}
	local n = 0
	for line in io.lines("$TMP/tokens") do
		if n % nthreads == index then table.insert(tokens, line) end
		n = n + 1
	end
	next_token = 1
end
function request()
	local line = tokens[next_token]
	if not line then -- members used up: stop this thread (its last ballot again, ignored)
		exhausted = 1
		wrk.thread:stop()
		line = tokens[#tokens]
	end
	next_token = next_token + 1
	local token, csrf = line:match("(%S+) (%S+)")
	return wrk.format("POST", "/api/motions/$MOTION/ballot", {
		["Content-Type"] = "application/json", ["Cookie"] = "plenum_session=" .. token,
		["X-CSRF-Token"] = csrf }, '{"choice":"yes"}')
end
LUA

run() { # name, path, script, seconds[, header]
	if [ $# -ge 5 ]; then
		out=$(wrk -t2 -c"$CONN" -d"${4}s" --timeout 10s --latency -s "$3" -H "$5" "$BASE$2")
	else
		out=$(wrk -t2 -c"$CONN" -d"${4}s" --timeout 10s --latency -s "$3" "$BASE$2")
	fi
	echo "$out" | awk -v name="$1" '/^RESULT/ {
		printf "| %s | %d | %d | %s | %.2f | %.2f | %d |\n", name, $2 + $3, $3, $4, $5, $6, $7 }'
	echo "$out" | awk '/^RESULT/ {print $2}' > "$TMP/last_ok"
	echo "$out" | awk '/^RESULT/ {print $3 + $7}' >> "$TMP/errors"
	echo "$out" | grep -q '^RESULT' ||
		{ echo "30_server.sh: wrk gave no result for $1: $out" >&2; exit 1; }
	if echo "$out" | grep -q '^EXHAUSTED'; then
		echo "$1" > "$TMP/exhausted"
	fi
}

echo "## Server"
echo
echo "$(date -u +%Y-%m-%d): \`bench/parts/30_server.sh\` on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
echo "server and wrk on the same machine over loopback; wrk 2 threads, $CONN connections;"
echo "libmicrohttpd pool of 4 threads; SQLite in WAL mode. non-2xx counts every status but 200."
echo
echo "| endpoint | requests | non-2xx | requests/s | p50 ms | p99 ms | socket errors |"
echo "|---|---:|---:|---:|---:|---:|---:|"
run "GET /api/councils/{id}/motions (session)" "/api/councils/$COUNCIL/motions" "$TMP/count.lua" "$SECONDS_RUN" "Cookie: plenum_session=$TOKEN"
run "GET /api/motions/{id}/result (public)" "/api/motions/$CLOSED/result" "$TMP/count.lua" "$SECONDS_RUN"
run "GET /api/plan (public)" "/api/plan" "$TMP/count.lua" "$SECONDS_RUN"
run "GET / (embedded page)" "/" "$TMP/count.lua" "$SECONDS_RUN"
run "POST /api/motions/{id}/ballot (each a new voter)" "/api/motions/$MOTION/ballot" "$TMP/ballot.lua" "$BALLOT_SECONDS"
ACKED=$(cat "$TMP/last_ok")
"$PLENUM" motion close "$MOTION" --db "$TMP/load.db" > /dev/null
COUNTED=$(python3 -c "import json,urllib.request as u; print(json.load(u.urlopen('$BASE/api/motions/$MOTION/result'))['voters'])")
echo
echo "Ballots acknowledged with 200: $ACKED; voters in the count after closing the motion: $COUNTED."
echo "Every acknowledged ballot is counted. wrk stops with up to one request per connection in"
echo "flight, which the server still stores without wrk reading the answer, so the count may"
echo "exceed the acknowledged ballots by at most $CONN."
if [ -s "$TMP/exhausted" ]; then
	echo "The $MEMBERS members ran out before the ballot run's end: its requests/s is a lower"
	echo "bound (run with a larger SERVER_MEMBERS for the rate)."
fi
ERRORS=$(awk '{ s += $1 } END { print s + 0 }' "$TMP/errors")
echo "Non-2xx answers and socket errors over all runs: $ERRORS."
if [ "$COUNTED" -lt "$ACKED" ] || [ "$COUNTED" -gt $((ACKED + CONN)) ]; then
	echo "30_server.sh: $ACKED ballots acknowledged but $COUNTED counted" >&2
	exit 1
fi
if [ "$ACKED" -eq 0 ] || [ "$ERRORS" -ne 0 ]; then
	echo "30_server.sh: $ERRORS errors, $ACKED ballots acknowledged: every request must succeed" >&2
	exit 1
fi
