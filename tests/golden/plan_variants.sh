#!/bin/sh
# plenum variants: a sweep of working weeks and CO2 caps (checked against plan_variants.out),
# JSON that parses, an SVG chart that is well-formed XML with a line per cap setting and
# labelled axes, usage errors (exit 2, nothing written), and each variant's message.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "plan_variants: $*" >&2; exit 1; }
B=$DATA/plan/bread

"$PLENUM" variants "$B" --workforce 10 --weekly-hours 10:30:5 --cap co2=60000,100000 \
	--svg "$T/v.svg" >"$T/out" 2>"$T/err" || fail "sweep failed: $(cat "$T/err")"
diff -u "$GOLDEN/plan_variants.out" "$T/out" || fail "output differs from plan_variants.out"
ls "$T" | grep -q tmp && fail "temporary file left behind"

python3 - "$T/v.svg" <<'PY' || fail "the SVG is not what it should be"
import sys
import xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "{http://www.w3.org/2000/svg}svg"
lines = root.findall(".//s:polyline", ns)
assert len(lines) == 2, len(lines)
for l in lines:
    pts = [tuple(map(float, p.split(","))) for p in l.get("points").split()]
    assert len(pts) == 5, pts
    xs = [p[0] for p in pts]
    assert xs == sorted(xs), xs
assert len(root.findall(".//s:circle", ns)) == 10
texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
for want in ("working week (hours per worker per week)", "fulfilment level (% of targets)",
             "co2 cap 60000 kg", "co2 cap 100000 kg"):
    assert want in texts, want
PY

"$PLENUM" variants "$B" --workforce 10 --weekly-hours 20:20:1 --json |
	python3 -c '
import json, sys
v = json.load(sys.stdin)
assert v["workforce"] == 10 and v["weeks"] == 46 and len(v["variants"]) == 1
x = v["variants"][0]
assert x["status"] == "optimal" and abs(x["available_h"] - 9200) < 1e-9
assert x["caps"]["co2"] == 100000 and x["emitted"]["co2"] <= 100000 * (1 + 1e-9)
' || fail "JSON"

# over several years the legend gives each cap a year (the variants hold their sum: "150
# over 3 years" read as another cap than the 50 given), and a long account name widens the
# chart instead of running off its edge
mkdir "$T/kl"
cp "$DATA/plan/kilns/"*.csv "$T/kl/"
sed 's/^co2,/carbon-dioxide-equivalent-from-fuel-combustion,/' "$DATA/plan/kilns/accounts.csv" >"$T/kl/accounts.csv"
sed 's/,co2,/,carbon-dioxide-equivalent-from-fuel-combustion,/' "$DATA/plan/kilns/emissions.csv" >"$T/kl/emissions.csv"
sed 's/,co2,/,carbon-dioxide-equivalent-from-fuel-combustion,/' "$DATA/plan/kilns/caps.csv" >"$T/kl/caps.csv"
"$PLENUM" variants "$T/kl" --workforce 5 --weekly-hours 20:30:10 \
	--cap carbon-dioxide-equivalent-from-fuel-combustion=50,60 --svg "$T/kl.svg" >/dev/null ||
	fail "multi-year sweep with caps"
python3 - "$T/kl.svg" <<'PY' || fail "the multi-year legend: $(cat "$T/kl.svg")"
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
legend = [t for t in texts if " cap " in t]
assert legend == ["carbon-dioxide-equivalent-from-fuel-combustion cap 50 kg a year",
                  "carbon-dioxide-equivalent-from-fuel-combustion cap 60 kg a year"], legend
width = float(root.get("width"))
assert width == float(root.get("viewBox").split()[2])
assert 572 + 7 * len(legend[0]) <= width, (width, legend[0])
PY

# the multi-year format sweeps too (hours per year from the working week)
"$PLENUM" variants "$DATA/plan/harmony3" --workforce 3 --weekly-hours 1:3:1 >"$T/h" ||
	fail "multi-year sweep"
[ "$(grep -c ',optimal,' "$T/h")" -eq 3 ] || fail "multi-year sweep: $(cat "$T/h")"

check_usage() {
	want=$1
	shift
	status=0
	"$PLENUM" variants "$@" >/dev/null 2>"$T/err" || status=$?
	[ "$status" -eq 2 ] || fail "variants $*: exit status $status, not 2"
	grep -qF -e "$want" "$T/err" || fail "variants $*: '$(cat "$T/err")' does not say '$want'"
}
check_usage "give --workforce N" "$B" --weekly-hours 15:40:5 --svg "$T/x.svg"
check_usage "--weekly-hours needs FROM:TO:STEP" "$B" --workforce 5 --weekly-hours 40:15:5
check_usage "--weekly-hours needs FROM:TO:STEP" "$B" --workforce 5 --weekly-hours 15:40:0
check_usage "--cap needs ACCOUNT=VALUE" "$B" --workforce 5 --weekly-hours 15:40:5 --cap co2
check_usage "caps are numbers >= 0" "$B" --workforce 5 --weekly-hours 15:40:5 --cap co2=1,x
check_usage "give one sweep" "$B" --workforce 5 --weekly-hours 15:40:5 --labour-hours 1:2:1
check_usage "--workforce and --weeks go with a sweep of --weekly-hours" "$B" --workforce 5 \
	--labour-hours 100:200:50
check_usage "--workforce and --weeks go with a sweep of --weekly-hours" "$B" --weeks 40 \
	--labour-hours 100:200:50
check_usage "--labour-hours needs FROM:TO:STEP" "$B" --labour-hours 200:100:50
[ -e "$T/x.svg" ] && fail "a failed sweep wrote the SVG"

# a sweep of the labour a year gives what the same hours as a working week give: 10 people
# x 20 h x 46 weeks = 9 200 h
"$PLENUM" variants "$B" --workforce 10 --weekly-hours 20 >"$T/week.csv" 2>/dev/null &&
	"$PLENUM" variants "$B" --labour-hours 9200 >"$T/year.csv" 2>/dev/null ||
	fail "one week against its hours a year"
[ "$(sed -n 2p "$T/week.csv" | cut -d, -f2-)" = "$(sed -n 2p "$T/year.csv" | cut -d, -f2-)" ] &&
	[ "$(head -1 "$T/year.csv" | cut -d, -f1)" = labour_per_year ] &&
	[ "$(sed -n 2p "$T/year.csv" | cut -d, -f1)" = 9200 ] ||
	fail "a week and its hours differ: $(cat "$T/week.csv" "$T/year.csv")"
# the values swept are as typed, not 0.30000000000000004; one value draws an axis around it,
# at any size (1e16 drew x="-nan": one more than 1e16 is 1e16)
"$PLENUM" variants "$B" --labour-hours 0.1:0.3:0.1 >"$T/small.csv" 2>/dev/null || fail "0.1:0.3:0.1"
[ "$(cut -d, -f1 "$T/small.csv" | tr '\n' ' ')" = "labour_per_year 0.1 0.2 0.3 " ] ||
	fail "swept values: $(cut -d, -f1 "$T/small.csv")"
"$PLENUM" variants "$B" --labour-hours 1e16 --svg "$T/huge.svg" >/dev/null 2>&1 || fail "1e16"
grep -q nan "$T/huge.svg" && fail "a sweep of one value at 1e16 drew NaN"
grep -q '>10000000000000000<' "$T/huge.svg" || fail "the axis of 1e16: $(grep -o '>[0-9]*<' "$T/huge.svg")"

# each variant carries its plan's message: why it is infeasible (a cap of 0 stops the
# bakeries), or that its hours are not the fewest (PDLP's second stage on a generated
# economy whose CO2 cap binds and whose hours do not: 3 838 h where GLPK finds 3 675)
# (no variant gives a plan: the rows say why, exit 1, and no chart is drawn)
status=0
"$PLENUM" variants "$B" --workforce 100 --weekly-hours 10:20:10 --cap co2=0 \
	--svg "$T/zero.svg" >"$T/zero.csv" 2>"$T/err" || status=$?
[ "$status" -eq 1 ] && [ ! -e "$T/zero.svg" ] &&
	grep -q '^plenum variants: no variant gave a plan (the first: infeasible: ' "$T/err" ||
	fail "variants with a cap of 0: exit $status, $(cat "$T/err")"
# a week has 168 hours: a sweep past it is refused before anything is drawn
status=0
"$PLENUM" variants "$B" --workforce 100 --weekly-hours 1e17 --svg "$T/big.svg" \
	>/dev/null 2>"$T/err" || status=$?
[ "$status" -eq 2 ] && [ ! -e "$T/big.svg" ] && grep -q 'a week has 168 hours' "$T/err" ||
	fail "--weekly-hours 1e17: exit $status, $(cat "$T/err")"
# every variant stopped before it had a level: no plan to choose, exit 1 (it exited 0)
status=0
"$PLENUM" variants "$DATA/plan/kilns" --weekly-hours 10:20:5 --workforce 2 --max-iter 3 \
	--solver pdlp >/dev/null 2>"$T/err" || status=$?
[ "$status" -eq 1 ] && grep -q "no variant gave a plan" "$T/err" ||
	fail "every variant at its limit: exit $status, $(cat "$T/err")"
"$PLENUM" gen --products 200 --inputs 5 --techniques 3 --capacities --seed 5 -o "$T/g" \
	2>/dev/null || fail "gen"
"$PLENUM" variants "$T/g" --workforce 10 --weekly-hours 60 --cap co2e=100 --solver pdlp \
	--json >"$T/g.json" || fail "variants by PDLP"
python3 - "$T/zero.csv" "$T/g.json" <<'PY' || fail "variants' messages"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 2 and all(r["status"] == "infeasible" for r in rows), rows
assert all(r["message"].startswith("infeasible: the targets cannot be met in full; bread "
                                   "100000 loaf short (100%); binding: cap of account co2")
           for r in rows), rows
v = json.load(open(sys.argv[2]))["variants"][0]
assert v["status"] == "optimal" and v["message"].startswith("hours not minimised"), v
PY
echo ok
