#!/bin/sh
# plan and variants at the edges: account keys that need CSV quoting in the variants header.
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
assert head[6:] == ["cap_co2,eq", "emitted_co2,eq"], head
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

echo ok
