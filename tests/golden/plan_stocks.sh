#!/bin/sh
# Capital stocks, years and per-year targets in an economy directory (stocks.csv, years.csv,
# targets.csv; tests/data/plan/tools): plan over three years with the stock chained
# (checked against plan_stocks.out, seconds masked), --labour-hours over years.csv's hours,
# variants, JSON, and the one-line errors for bad files (exit 1, nothing on stdout).
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "plan_stocks: $*" >&2; exit 1; }
D=$DATA/plan/tools
. "$GOLDEN/lib/plan.sh" # mask, bad

{
	echo "== tools --years 3 (stock of tools binds in year 2, investment in years 1 and 2)"
	"$PLENUM" plan "$D" --years 3
	echo "== tools --years 2 --labour-hours 100 (the option overrides years.csv's hours)"
	"$PLENUM" plan "$D" --years 2 --labour-hours 100
	echo "== variants, 1 worker x 1..3 h a week"
	"$PLENUM" variants "$D" --workforce 1 --weekly-hours 1:3:1
} 2>"$T/err" | mask >"$T/out" || fail "a plan failed: $(cat "$T/err")"

# least-labour: year 1's stock (5 tools, 50 loaves) cannot meet 100 loaves: named, exit 1
status=0
"$PLENUM" plan "$D" --years 2 --labour-hours 1000 --objective least-labour >"$T/ll" \
	2>"$T/err" || status=$?
[ "$status" -eq 1 ] || fail "least-labour: exit status $status, not 1"
grep -q 'bread 50 loaf short (50%) in year 1; binding: stock of tools for bread in year 1' \
	"$T/err" || fail "the binding stock is not named: $(cat "$T/err")"
grep -q '^tools,1,tool,0,0,,0,11,' "$T/ll" || fail "no investment for year 2's target"

{
	echo "== errors"
	bad stocks.csv 'input,user,per_unit,initial,depreciation\ntools,bread,0.1,5,1.5\n'
	bad targets.csv 'year,product,quantity\n2,bread,10\n2,cake,3\n'
	bad years.csv 'year,hours\n1,55\n2,10\n2,10\n'
	bad years.csv 'year,hours\n1,55\n2,10\n3,10\n' --years 4
} >>"$T/out"
diff -u "$GOLDEN/plan_stocks.out" "$T/out" || fail "output differs from plan_stocks.out"

# JSON: the years, hours and investment of the CSV
"$PLENUM" plan "$D" --json >"$T/p.json" || fail "json"
python3 - "$T/p.json" <<'PY' || fail "the JSON plan is wrong"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["status"] == "optimal" and len(p["years"]) == 3, p["status"]
assert abs(p["level"] - 63 / 130) < 1e-7, p["level"]
assert [y["available_h"] for y in p["years"]] == [55, 1000, 1000]
tools = [next(q for q in y["products"] if q["key"] == "tools") for y in p["years"]]
assert abs(tools[0]["invested"] - 425 / 130) < 1e-6, tools[0]
# the stock: 5 tools, grown by year 1's investment, worn 20 % a year, handed on after year 3
s = p["stocks"][0]
assert (s["input"], s["user"], s["unit"]) == ("tools", "bread", "tool"), s
assert len(s["stock"]) == 4 and len(s["needed"]) == 3 and len(s["invested"]) == 3, s
assert s["stock"][0] == 5 and abs(s["stock"][1] - (4 + 425 / 130)) < 1e-6, s
assert abs(s["stock"][3] - 0.8 * s["stock"][2] - s["invested"][2]) < 1e-9, s
assert all(n <= k + 1e-7 for n, k in zip(s["needed"], s["stock"])), s
PY
"$PLENUM" variants "$D" --workforce 1 --weekly-hours 1:2:1 --json |
	python3 -c 'import json,sys; v=json.load(sys.stdin); assert len(v["variants"])==2' ||
	fail "variants --json"

# --end-stocks 4: the stock left after year 3 must be 4 x 5 tools; the last year invests
# (without it, nothing), the level falls from 0.466667 to 0.406946, and the floor is a
# bottleneck worth 2 hours (a tool's labour) a tool
"$PLENUM" plan "$D" --labour-hours 70 >"$T/e0" || fail "plan without end stocks"
grep -q '^tools,3,tool,0,0,,0,0,' "$T/e0" || fail "the last year invests without end stocks"
"$PLENUM" plan "$D" --labour-hours 70 --end-stocks 4 >"$T/e4" || fail "plan --end-stocks 4"
grep -q '^balanced,optimal,0.466667,' "$T/e0" || fail "level without end stocks"
grep -q '^balanced,optimal,0.406946,' "$T/e4" || fail "level with end stocks"
grep -q '^tools,3,tool,0,0,,0,4.47904,' "$T/e4" || fail "no investment in the last year"
grep -q '^tools,bread,4,tool,20,,$' "$T/e4" || fail "the stock handed on is not 20 tools"
grep -q '^end stock of tools for bread after the last year,end-stock,3,20,20,0.00598802,2$' \
	"$T/e4" || fail "the end floor is not a bottleneck: $(cat "$T/e4")"
# out of reach, refused, or without stocks: one line each, nothing half-said
status=0
"$PLENUM" plan "$D" --labour-hours 10 --end-stocks 10 >/dev/null 2>"$T/err" || status=$?
[ "$status" -eq 1 ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
	grep -q 'the end stocks asked for (10 times the first year.s) cannot be reached' "$T/err" ||
	fail "unreachable end stocks: exit $status: $(cat "$T/err")"
status=0
"$PLENUM" plan "$D" --end-stocks -1 >/dev/null 2>"$T/err" || status=$?
[ "$status" -eq 2 ] && grep -q -- '--end-stocks needs a multiple >= 0' "$T/err" ||
	fail "--end-stocks -1: exit $status: $(cat "$T/err")"
status=0
"$PLENUM" plan "$DATA/plan/cloth" --end-stocks 1 >/dev/null 2>"$T/err" || status=$?
[ "$status" -eq 1 ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
	grep -q 'the plan has no capital stocks' "$T/err" ||
	fail "--end-stocks without stocks: exit $status: $(cat "$T/err")"

# An infeasible plan's report: the plan with the fewest hours at the least shortfall; where
# PDLP does not finish that stage (tests/data/plan/stocks15: 15 generated products, six
# stocks, three years, --end-stocks 1) the message says so after the limits, of which it
# lists what fits and counts the rest. GLPK finishes it: 4 735.96 h, PDLP's last plan 4 736.11
# (4 403.88 by GLPK before its dual tolerance was 1e-9: a first stage short of the least
# shortfall left the second more room).
S=$DATA/plan/stocks15
for s in glpk pdlp; do
	status=0
	"$PLENUM" plan "$S" --objective least-labour --end-stocks 1 --solver $s >"$T/s-$s" \
		2>"$T/err-$s" || status=$?
	[ "$status" -eq 1 ] && grep -q '; p0000007 39.491[0-9]* m2 short (58.9%) in year 1; binding: ' \
		"$T/err-$s" || fail "stocks15 by $s: exit $status: $(cat "$T/err-$s")"
done
tail=' and 9 more; loosen these or lower the targets; the plan'"'"'s hours are not proven the fewest'
grep -q "$tail (their stage ended iteration-limit)\$" "$T/err-pdlp" ||
	fail "stocks15: $(cat "$T/err-pdlp")"
grep -q 'fewest hours' "$T/err-glpk" && fail "stocks15 by GLPK: $(cat "$T/err-glpk")"
grep -q '^least-labour,infeasible,.*,4735.96,glpk,' "$T/s-glpk" ||
	fail "stocks15 by GLPK: $(tail -n 1 "$T/s-glpk")"

# Harmony's cutting planes from the last LP's basis at --tolerance 1e-7
# (tests/data/plan/harmony15): warm LPs that stop moving are solved again from scratch, so
# the rounds end optimal with PDLP's harmony (before: 500 LPs at gap 1.09e-7, then a crash
# on the freed last result).
H=$DATA/plan/harmony15
for s in glpk pdlp; do
	"$PLENUM" plan "$H" --objective harmony --tolerance 1e-7 --solver $s >"$T/h-$s" \
		2>"$T/err" || fail "harmony15 by $s: $(cat "$T/err")"
done
grep -q '^harmony,optimal,0,-2.75051,-2.75051,1725,glpk,' "$T/h-glpk" &&
	grep -q '^harmony,optimal,0,-2.75051,-2.75051,1725,pdlp,' "$T/h-pdlp" ||
	fail "harmony15: $(tail -n 1 "$T/h-glpk") / $(tail -n 1 "$T/h-pdlp")"
echo ok
