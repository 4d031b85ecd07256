#!/bin/sh
# plan and variants at the edges: account keys that need CSV quoting in the variants header,
# bottlenecks whose shadow values are tiny (about 1e-7 hours per kg) still printed, options
# variants does not support, working-week ranges that are empty or too large, --labour-hours
# with --workforce, --tolerance out of range, --cap with several values in plan, and the
# exact solvers' logs of --verbose on stderr, never in the report on stdout.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "plan_edges: $*" >&2; exit 1; }
P=$DATA/plan

# an economy whose keys need quoting: a comma in the account, product and technique keys
mkdir "$T/q"
cat >"$T/q/accounts.csv" <<'CSV'
key,name,unit,cap
"co2,eq","carbon",kg,
CSV
cat >"$T/q/products.csv" <<'CSV'
key,name,unit
"cloth, fine","cloth","m ""long"""
oil,oil,l
CSV
cat >"$T/q/techniques.csv" <<'CSV'
key,product,labour,capacity,output
"loom ""old""","cloth, fine",3,,2
"loom,new","cloth, fine",2,3,2
press,oil,1,,1
CSV
cat >"$T/q/inputs.csv" <<'CSV'
technique,product,quantity
"loom ""old""",oil,0.5
"loom,new",oil,1
CSV
cat >"$T/q/emissions.csv" <<'CSV'
technique,account,quantity
"loom ""old""","co2,eq",1
"loom,new","co2,eq",5
CSV
cat >"$T/q/demand.csv" <<'CSV'
product,quantity
"cloth, fine",10
oil,2
CSV

# every row of the variants CSV has as many fields as its header, which names the columns
"$PLENUM" variants "$T/q" --workforce 1 --weekly-hours 0.2:0.4:0.2 --cap 'co2,eq=20' \
	>"$T/v.csv" || fail "variants on quoted keys"
python3 - "$T/v.csv" <<'PY' || fail "variants CSV: $(cat "$T/v.csv")"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head = rows[0]
assert head[6:] == ["cap_co2,eq", "emitted_co2,eq", "message"], head
assert len(rows) == 3 and all(len(r) == len(head) for r in rows), rows
assert all(r[2] == "optimal" and float(r[6]) == 20 for r in rows[1:]), rows
PY
"$PLENUM" plan "$T/q" --labour-hours 20 >"$T/p.csv" || fail "plan on quoted keys"
python3 - "$T/p.csv" <<'PY' || fail "plan CSV: $(cat "$T/p.csv")"
import csv, sys
for sec in open(sys.argv[1], newline="").read().strip().split("\n\n"):
    rows = list(csv.reader(sec.splitlines()))
    assert all(len(r) == len(rows[0]) for r in rows), rows
PY

# bottlenecks with shadow values about 1e-7 hours per kg: each listed with its value
mkdir "$T/b"
cat >"$T/b/accounts.csv" <<'CSV'
key,name,unit,cap
co2,carbon dioxide,kg,10000000
CSV
cat >"$T/b/products.csv" <<'CSV'
key,name,unit
grain,grain,t
flour,flour,t
bread,bread,loaf
energy,electricity,kWh
CSV
cat >"$T/b/techniques.csv" <<'CSV'
key,product,labour,capacity
farm-intensive,grain,20,
farm-organic,grain,35,
mill,flour,5,
bakery-gas,bread,0.05,
bakery-electric,bread,0.06,
power-coal,energy,0.01,
power-wind,energy,0.02,6000000
CSV
cat >"$T/b/inputs.csv" <<'CSV'
technique,product,quantity
farm-intensive,energy,200
farm-organic,energy,50
mill,grain,1.3
mill,energy,40
bakery-gas,flour,0.0005
bakery-electric,flour,0.0005
bakery-electric,energy,0.5
CSV
cat >"$T/b/emissions.csv" <<'CSV'
technique,account,quantity
farm-intensive,co2,900
farm-organic,co2,200
bakery-gas,co2,0.3
power-coal,co2,0.9
CSV
cat >"$T/b/demand.csv" <<'CSV'
product,quantity
bread,10000000
energy,5000000
CSV
"$PLENUM" plan "$T/b" >"$T/b.csv" || fail "plan b"
"$PLENUM" plan "$T/b" --json >"$T/b.json" || fail "plan b --json"
python3 - "$T/b.csv" "$T/b.json" <<'PY' || fail "bottlenecks: $(cat "$T/b.csv")"
import csv, json, sys
secs = open(sys.argv[1], newline="").read().strip().split("\n\n")
bn = [s for s in secs if s.startswith("bottleneck,")][0]
rows = list(csv.DictReader(bn.splitlines()))
want = {b["what"]: b["shadow"] for b in json.load(open(sys.argv[2]))["bottlenecks"]}
assert {r["bottleneck"] for r in rows} == set(want) and len(rows) == 2, rows
for r in rows:
    s = float(r["shadow"])
    assert 1e-8 < s < 1e-6 and abs(s - want[r["bottleneck"]]) <= 1e-5 * s, (r, want)
tech = list(csv.DictReader(secs[0].splitlines()))
# activities: nothing left of solver noise (below 1e-9 of the largest), the rest printed
big = max(abs(float(t["activity"])) for t in tech)
for t in tech:
    a = abs(float(t["activity"]))
    assert a == 0 or a > 1e-9 * big, t
PY
# products and accounts in units far apart: 50 satellites beside 10^11 kWh, an account in
# CTUh beside one in kg; each prints as itself (the column's scale printed them as 0), no
# cap an empty cell
mkdir "$T/k"
printf 'key,name,unit\nenergy,electricity,kWh\nsat,satellite,unit\n' >"$T/k/products.csv"
printf 'key,product,labour,capacity\npower,energy,0.001,\nfab,sat,1000,\n' >"$T/k/techniques.csv"
printf 'technique,product,quantity\nfab,energy,1000\n' >"$T/k/inputs.csv"
printf 'key,name,unit,cap\nco2,carbon dioxide,kg,\nhtox,human toxicity,CTUh,\n' \
	>"$T/k/accounts.csv"
printf 'technique,account,quantity\npower,co2,0.4\nfab,htox,1e-8\n' >"$T/k/emissions.csv"
printf 'product,quantity\nenergy,100000000000\nsat,50\n' >"$T/k/demand.csv"
"$PLENUM" plan "$T/k" --objective least-labour >"$T/k.csv" || fail "plan k"
python3 - "$T/k.csv" <<'PY' || fail "units apart: $(cat "$T/k.csv")"
import csv, sys
secs = {s.split(",")[0]: list(csv.DictReader(s.splitlines()))
        for s in open(sys.argv[1], newline="").read().strip().split("\n\n")}
tech = {r["technique"]: r for r in secs["technique"]}
assert float(tech["fab"]["activity"]) == 50 and float(tech["fab"]["output"]) == 50, tech
prod = {r["product"]: r for r in secs["product"]}
assert float(prod["sat"]["net_output"]) == 50 and float(prod["sat"]["fulfilment"]) == 1, prod
acc = {r["account"]: r for r in secs["account"]}
assert abs(float(acc["htox"]["emitted"]) - 5e-7) < 1e-12, acc
assert acc["co2"]["cap"] == "" and acc["htox"]["cap"] == "", acc
assert secs["year"][0]["available_h"] == "", secs["year"]
PY

# a technique without labour, small beside its product (1 of 10^7): printed, not cut by the
# hours test (it takes no hours, which says nothing of its size)
mkdir "$T/fr"
printf 'key,name,unit\na,a,t\n' >"$T/fr/products.csv"
printf 'key,product,labour,capacity\nbig,a,1,\nfree,a,0,1\n' >"$T/fr/techniques.csv"
printf 'technique,product,quantity\n' >"$T/fr/inputs.csv"
printf 'product,quantity\na,10000000\n' >"$T/fr/demand.csv"
"$PLENUM" plan "$T/fr" --objective least-labour >"$T/fr.csv" || fail "plan fr"
grep -qx 'free,a,1,1,1,t' "$T/fr.csv" || fail "a technique without labour cut: $(head -4 "$T/fr.csv")"
# harmony's noise in a product nobody asked for (net output of grain, all used): 0
"$PLENUM" plan "$DATA/plan/bread" --objective harmony >"$T/h.csv" || fail "plan bread harmony"
grep -qx 'grain,1,t,0,0,,0,0,' "$T/h.csv" || fail "noise of an unasked product: $(grep ^grain "$T/h.csv")"

# an unknown account: the accounts there are, cut to a line (long keys overran the buffer)
mkdir "$T/la"
cp "$DATA/plan/bread/"*.csv "$T/la/"
rm "$T/la/emissions.csv"
python3 - "$T/la/accounts.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("key,name,unit,cap\n")
    for k in range(5):
        f.write("%s%d,long,kg,\n" % ("a" * 100, k))
PY
status=0
"$PLENUM" plan "$T/la" --cap nope=1 >/dev/null 2>"$T/err" || status=$?
[ "$status" -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "has no account .nope.; it has a.*, \.\.\.$" "$T/err" ||
	fail "an unknown account among long ones: exit $status, $(cat "$T/err")"

# the four-CSV multi-year format given to values: said what it is and what reads it
status=0
"$PLENUM" values "$DATA/plan/harmony3" >/dev/null 2>"$T/err" || status=$?
[ "$status" -eq 1 ] && grep -q "holds the four-CSV multi-year format (flows.csv, ...), which 'plenum plan'" "$T/err" ||
	fail "values of a four-CSV directory: exit $status, $(cat "$T/err")"

# usage errors: exit 2, the message on stderr, nothing on stdout and no file written
check_usage() {
	want=$1
	shift
	status=0
	"$PLENUM" "$@" >"$T/out" 2>"$T/err" || status=$?
	[ "$status" -eq 2 ] || fail "$*: exit status $status, not 2"
	grep -qF -e "$want" "$T/err" || fail "$*: '$(cat "$T/err")' does not say '$want'"
	[ -s "$T/out" ] && fail "$*: printed $(cat "$T/out")"
	return 0
}
B=$P/bread
check_usage "--objective harmony: variants are balanced plans" \
	variants "$B" --workforce 10 --weekly-hours 10:30:5 --objective harmony
check_usage "--objective least-labour: variants are balanced plans" \
	variants "$B" --workforce 10 --weekly-hours 10:30:5 --objective least-labour
check_usage "--mps does not go with a sweep" \
	variants "$B" --workforce 10 --weekly-hours 10:30:5 --mps "$T/v.mps"
[ -e "$T/v.mps" ] && fail "variants wrote an MPS file"
"$PLENUM" variants "$B" --workforce 10 --weekly-hours 20 --objective balanced >/dev/null ||
	fail "--objective balanced refused"
# working weeks: every part of FROM:TO:STEP given is a number; at most 1000 variants, counted
# before anything is cast or allocated
weeks() { # weeks MESSAGE RANGE [OPTION...]
	want=$1
	shift
	check_usage "$want" variants "$B" --workforce 10 --weekly-hours "$@"
}
weeks "--weekly-hours 0:1e10:1e-10 gives 1e+20 variants; at most 1000: widen the step" \
	0:1e10:1e-10
weeks "--weekly-hours 0:1e10:1e-300 gives 1.8e+308 variants" 0:1e10:1e-300
weeks "--weekly-hours 0:1000 gives 1001 variants; at most 1000" 0:1000
weeks "--weekly-hours '0::5': TO is empty" 0::5
weeks "--weekly-hours ':5': FROM is empty" :5
weeks "--weekly-hours '0:5:': STEP is empty" 0:5:
weeks "--weekly-hours '0:5:x': STEP is not a number" 0:5:x
weeks "--weekly-hours and --cap give 1100 variants or more" 1:100 \
	--cap co2=1,2,3,4,5,6,7,8,9,10,11
"$PLENUM" variants "$B" --workforce 10 --weekly-hours 0:99.9:0.1 --cap co2=100000 >"$T/w" ||
	fail "1000 variants refused"
[ "$(wc -l <"$T/w")" -eq 1001 ] || fail "0:99.9:0.1 did not give 1000 variants"
# plan: --labour-hours or --workforce with --weekly-hours, not both, nor half of each
C=$P/cloth
for extra in "--workforce 5" "--weekly-hours 5" "--workforce 5 --weekly-hours 5"; do
	# shellcheck disable=SC2086
	check_usage "give --labour-hours H or --workforce N --weekly-hours W, not both" \
		plan "$C" --labour-hours 20 $extra
done
check_usage "--workforce and --weekly-hours go together" plan "$C" --weekly-hours 5
# --tolerance is relative: 0 < T < 1, in plan and variants
for t in 5 1 0 -1e-3; do
	check_usage "--tolerance needs a relative tolerance between 0 and 1" \
		plan "$C" --tolerance "$t"
	check_usage "--tolerance needs a relative tolerance between 0 and 1" \
		variants "$B" --workforce 10 --weekly-hours 20 --tolerance "$t"
done
"$PLENUM" plan "$C" --tolerance 0.5 | grep -q '^balanced,optimal,' || fail "--tolerance 0.5"
# --cap: one number per account in plan, at most 32 in variants
check_usage "--cap co2=1,2: give one number per account, e.g. --cap co2=450" \
	plan "$C" --cap co2=1,2
check_usage "at most 32 caps per account" variants "$B" --workforce 10 --weekly-hours 20 \
	--cap co2=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33
# --years beyond the multi-year format's labtarg.csv: named with the file, exit 1
status=0
"$PLENUM" plan "$P/corn2" --years 3 >"$T/y.out" 2>"$T/y.err" || status=$?
[ $status -eq 1 ] && [ ! -s "$T/y.out" ] || fail "--years 3 on corn2: exit $status"
grep -q "^plenum plan: --years 3: .*corn2/labtarg.csv has 2 years; give --years 1 to 2" \
	"$T/y.err" || fail "--years 3 on corn2: $(cat "$T/y.err")"
# --verbose: GLPK's and Clp's own logs go to stderr, so that stdout stays the report
for s in glpk clp; do
	"$PLENUM" plan "$P/stocks15" --solver "$s" --json --verbose >"$T/v.json" 2>"$T/v.err" ||
		fail "--verbose --solver $s: $(cat "$T/v.err")"
	python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$T/v.json" ||
		fail "--verbose --solver $s: stdout is not the JSON report: $(head -c 300 "$T/v.json")"
	case $s in
	glpk) want='obj = ' ;;
	clp) want='^Clp0006I ' ;;
	esac
	grep -q "$want" "$T/v.err" || fail "--verbose --solver $s: no solver log on stderr"
done
echo ok
