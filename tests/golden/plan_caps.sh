#!/bin/sh
# Caps of accounts per year (caps.csv in an economy directory; tests/data/plan/kilns): the
# plan's accounts table holds each year's cap and what the plan emits under it (checked
# against plan_caps.out, seconds masked); --cap holds in every year over the file; JSON;
# variants sum the caps over the years as they sum the emissions; the one-line errors for a
# bad caps.csv (exit 1, nothing on stdout).
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "plan_caps: $*" >&2; exit 1; }
D=$DATA/plan/kilns
. "$GOLDEN/lib/plan.sh" # mask, bad

{
	echo "== kilns, least labour (year 1: accounts.csv's 120 kg; year 2: no cap; year 3: 50 kg)"
	"$PLENUM" plan "$D" --objective least-labour
	echo "== kilns, balanced (year 3's cap sets the level)"
	"$PLENUM" plan "$D"
	echo "== kilns, --cap co2=150 (every year, over caps.csv and accounts.csv)"
	"$PLENUM" plan "$D" --objective least-labour --cap co2=150
} 2>"$T/err" | mask >"$T/out" || fail "a plan failed: $(cat "$T/err")"

{
	echo "== errors"
	bad caps.csv 'year,account,cap\n2,co2,5\n3,methane,1\n'
	bad caps.csv 'year,account,cap\n2,co2,-5\n'
	bad caps.csv 'year,account,cap\n4,co2,5\n'
	bad caps.csv 'year,account,cap\n2,co2,5\n2,co2,6\n'
} >>"$T/out"
diff -u "$GOLDEN/plan_caps.out" "$T/out" || fail "output differs from plan_caps.out"

# least-labour: year 3's cap of 10 kg allows 20 electric loaves of 100: named, exit 1
rm -rf "$T/k" && mkdir "$T/k" && cp "$D"/*.csv "$T/k/"
printf 'year,account,cap\n3,co2,10\n' >"$T/k/caps.csv"
status=0
"$PLENUM" plan "$T/k" --objective least-labour >"$T/ll" 2>"$T/err" || status=$?
[ "$status" -eq 1 ] || fail "least-labour: exit status $status, not 1"
grep -q 'bread 80 loaf short (80%) in year 3; binding: cap of account co2 in year 3 (limit 10)' \
	"$T/err" || fail "the binding cap is not named: $(cat "$T/err")"

# JSON: each year's account carries that year's cap (null: none)
"$PLENUM" plan "$D" --objective least-labour --json >"$T/p.json" || fail "json"
python3 - "$T/p.json" <<'PY' || fail "the JSON plan is wrong"
import json, sys
p = json.load(open(sys.argv[1]))
caps = [y["accounts"][0]["cap"] for y in p["years"]]
emitted = [y["accounts"][0]["emitted"] for y in p["years"]]
assert caps == [120, None, 50], caps
assert [round(e, 6) for e in emitted] == [120, 200, 50], emitted
PY

# variants: the cap over the horizon is the sum of the years' caps, like the emissions
"$PLENUM" variants "$D" --workforce 1 --weekly-hours 10:20:10 --cap co2=150 --json |
	python3 -c '
import json, sys
v = json.load(sys.stdin)["variants"]
assert len(v) == 2 and all(x["caps"] == {"co2": 450} for x in v), v
assert all(x["emitted"]["co2"] <= 450 + 1e-6 for x in v), v' || fail "variants --json caps"
"$PLENUM" variants "$D" --workforce 1 --weekly-hours 10:20:10 --cap co2=150 --svg "$T/v.svg" \
	>/dev/null || fail "variants --svg"
grep -q 'co2 cap 450 kg over 3 years' "$T/v.svg" || fail "the chart's legend: $(grep -o 'co2 cap[^<]*' "$T/v.svg")"
echo ok
