#!/bin/sh
# Caps of accounts per year (caps.csv in an economy directory; tests/data/plan/kilns): the
# plan's accounts table holds each year's cap and what the plan emits under it (checked
# against plan_caps.out, seconds masked); --cap holds in every year over the file; JSON;
# variants sum the caps over the years as they sum the emissions; the one-line errors for a
# bad caps.csv (exit 1, nothing on stdout). A budget over all years (--budget) beside the
# caps: its table, its bottleneck (no year), JSON, variants, MPS and its errors.
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
	echo "== kilns, least labour, --budget co2=300 (370 kg without: 70 kg less at 4/3 h a kg)"
	"$PLENUM" plan "$D" --objective least-labour --budget co2=300
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
grep -q 'co2 cap 150 kg a year' "$T/v.svg" || fail "the chart's legend: $(grep -o 'co2 cap[^<]*' "$T/v.svg")"

# --budget in JSON: the budgets table, and the bottleneck over all years has no year; the
# years' caps still hold, and bind at no shadow once the budget does
"$PLENUM" plan "$D" --objective least-labour --budget co2=300 --json >"$T/b.json" ||
	fail "--budget --json"
python3 - "$T/b.json" <<'PY' || fail "the JSON plan with a budget is wrong"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["budgets"] == [{"key": "co2", "unit": "kg", "emitted_all_years": 300,
                         "budget": 300}], p["budgets"]
b = [x for x in p["bottlenecks"] if x["kind"] == "budget"]
assert len(b) == 1 and b[0]["year"] is None, p["bottlenecks"]
assert b[0]["what"] == "budget of account co2 over the 3 years", b
assert abs(b[0]["hours_per_unit"] - 4 / 3) < 1e-9, b
emitted = [y["accounts"][0]["emitted"] for y in p["years"]]
assert emitted[0] <= 120 + 1e-9 and emitted[2] <= 50 + 1e-9, emitted
assert abs(p["objective_value"] - (606 + 2 / 3 + 70 * 4 / 3)) < 1e-6, p["objective_value"]
PY
"$PLENUM" plan "$D" --objective least-labour --json |
	python3 -c 'import json, sys; assert json.load(sys.stdin)["budgets"] == []' ||
	fail "a plan without budgets lists some"

# the budget is a row of the LP written as MPS
"$PLENUM" plan "$D" --budget co2=300 --mps "$T/b.mps" >/dev/null || fail "--budget --mps"
grep -q '^ L  budget:co2$' "$T/b.mps" || fail "no budget row in the MPS file"
grep -q 'budget:co2 *300$' "$T/b.mps" || fail "the budget's right-hand side is not 300"
# the level is one variable for all years: named without a year (level:s:y1 read as the
# first year's)
grep -q ' level:s ' "$T/b.mps" && ! grep -q 'level:s:y' "$T/b.mps" ||
	fail "the level's column is not level:s"

# variants: the same budget in every variant, a column of its own
"$PLENUM" variants "$D" --workforce 1 --weekly-hours 10:20:10 --budget co2=300 >"$T/v.csv" ||
	fail "variants --budget"
head -1 "$T/v.csv" | grep -qx \
	'weekly_hours,setting,status,fulfilment_level,labour_h,available_h,cap_co2,emitted_co2,budget_co2,message' ||
	fail "variants --budget header: $(head -1 "$T/v.csv")"
"$PLENUM" variants "$D" --workforce 1 --weekly-hours 10:20:10 --budget co2=300 --json |
	python3 -c '
import json, sys
v = json.load(sys.stdin)
assert v["budgets"] == {"co2": 300}, v["budgets"]
assert all(x["emitted"]["co2"] <= 300 + 1e-6 for x in v["variants"]), v' ||
	fail "variants --budget --json"
"$PLENUM" variants "$D" --workforce 1 --weekly-hours 10:20:10 --budget co2=300 \
	--svg "$T/b.svg" >/dev/null || fail "variants --budget --svg"
grep -q '>every variant within a budget of co2 300 kg over 3 years<' "$T/b.svg" ||
	fail "the chart does not name the budget"
grep -q 'within a budget' "$T/v.svg" && fail "a chart without a budget names one"

# --budget's errors: one line, nothing on stdout
for spec in co2 co2=-1 co2=x co2=1,2 methane=5; do
	status=0
	"$PLENUM" plan "$D" --budget "$spec" >"$T/bo" 2>"$T/be" || status=$?
	[ "$status" -ne 0 ] && [ ! -s "$T/bo" ] || fail "--budget $spec: exit $status"
	head -1 "$T/be"
done >"$T/errs"
diff -u - "$T/errs" <<'EOF' || fail "--budget errors differ"
plenum plan: --budget needs ACCOUNT=VALUE, got 'co2' (usage: plenum plan --help)
plenum plan: --budget co2=-1: budgets are numbers >= 0 separated by commas (usage: plenum plan --help)
plenum plan: --budget co2=x: budgets are numbers >= 0 separated by commas (usage: plenum plan --help)
plenum plan: --budget co2=1,2: give one number per account, e.g. --budget co2=450 (usage: plenum plan --help)
plenum plan: --budget methane=5: the economy has no account 'methane'; it has co2
EOF
status=0
"$PLENUM" plan "$D" --budget >/dev/null 2>"$T/be" || status=$?
[ "$status" -eq 2 ] && grep -q "plenum plan: --budget needs a value" "$T/be" ||
	fail "--budget without a value: exit $status, $(cat "$T/be")"
echo ok
