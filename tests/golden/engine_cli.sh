#!/bin/sh
# plenum values, output and info on the UK's official 2010 table and on a small economy with
# Persian and Arabic keys: CSV and JSON checked against engine_cli.out (the solver's
# iterations, residual and seconds masked), the numbers checked against a dense solve in
# Python, every method, -o FILE, binary economies, and every error: exit status, one line
# on stderr (recorded in engine_cli.out), nothing on stdout, no file left behind.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "engine_cli: $*" >&2; exit 1; }
UK=$DATA/uk_ons_2010/economy
mask() {
	sed -E -e "s|$T|T|g" -e "s|$DATA|DATA|g" \
		-e 's/: (auto|jacobi|gauss-seidel|gmres), [0-9]+ iterations?, residual [^ ]+ /: \1, N iterations, residual R /' \
		-e 's/\), [0-9.]+ s$/), S s/' \
		-e 's/"iterations":[0-9]+/"iterations":N/' -e 's/"residual":[^,]+/"residual":R/' \
		-e 's/"seconds":[^}]+/"seconds":S/'
}
# run ARGS...: a successful command, its stdout and then its stderr, masked
run() {
	echo "== plenum $*" | mask
	"$PLENUM" "$@" >"$T/o" 2>"$T/e" || fail "plenum $*: $(cat "$T/e")"
	mask <"$T/o"
	echo "-- stderr"
	mask <"$T/e"
}

# A small economy with Persian and Arabic keys: bread (2 loaves per bake), wheat, fresh water
# (its key holds a comma), electricity; carbon emissions; demand for bread and water.
F=$T/fa
mkdir "$F"
cat >"$F/products.csv" <<'EOF'
key,name,unit
گندم,گندم (wheat),تن
نان,"نان، خبز (bread)",قرص
"آب, شیرین",آب شیرین (fresh water),m3
كهرباء,كهرباء (electricity),kWh
EOF
cat >"$F/techniques.csv" <<'EOF'
key,product,labour,capacity,output
کشت,گندم,2,,1
نانوایی,نان,1,,2
پمپاژ,"آب, شیرین",0.1,,1
محطة,كهرباء,0.05,,1
EOF
cat >"$F/inputs.csv" <<'EOF'
technique,product,quantity
کشت,"آب, شیرین",0.5
کشت,كهرباء,0.1
نانوایی,گندم,0.5
نانوایی,كهرباء,1
پمپاژ,كهرباء,0.2
محطة,"آب, شیرین",0.1
EOF
cat >"$F/accounts.csv" <<'EOF'
key,name,unit,cap
کربن,دی‌اکسید کربن (CO2e),kg,1000
EOF
cat >"$F/emissions.csv" <<'EOF'
technique,account,quantity
محطة,کربن,0.9
کشت,کربن,0.2
EOF
cat >"$F/demand.csv" <<'EOF'
product,quantity
نان,100
"آب, شیرین",10
EOF
cat >"$T/demand2.csv" <<'EOF'
product,quantity
گندم,3
EOF

{
	run values "$UK" --digits 6
	run output "$UK" --digits 6
	run info "$UK" --digits 4
	run values "$F" --digits 10
	run output "$F" --digits 10
	run output "$F" --demand "$T/demand2.csv" --digits 10 --method jacobi
	run info "$F" --digits 6
	run values "$F" --json --digits 10 --method gauss-seidel
	run output "$F" --json --digits 10 --method gmres
	run info "$F" --json --digits 6
	run values "$DATA/io/negative" --digits 6
} >"$T/out"

# The numbers: a dense solve of v (I - A) = l, the embodied accounts and (I - A) x = d in
# Python from the economy's CSV files, against the full-precision JSON of every method.
cat >"$T/check.py" <<'PY'
import csv, json, sys

def rows(path):
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))
    except FileNotFoundError:
        return []

def solve(m, b):
    """Solves m z = b (dense, partial pivoting); m is copied."""
    n = len(m)
    a = [r[:] + [b[i]] for i, r in enumerate(m)]
    for k in range(n):
        p = max(range(k, n), key=lambda i: abs(a[i][k]))
        a[k], a[p] = a[p], a[k]
        for i in range(k + 1, n):
            f = a[i][k] / a[k][k]
            if f:
                for j in range(k, n + 1):
                    a[i][j] -= f * a[k][j]
    z = [0.0] * n
    for i in reversed(range(n)):
        z[i] = (a[i][n] - sum(a[i][j] * z[j] for j in range(i + 1, n))) / a[i][i]
    return z

econ, demand = sys.argv[1], sys.argv[2]
keys = [r["key"] for r in rows(econ + "/products.csv")]
ix = {k: i for i, k in enumerate(keys)}
n = len(keys)
tech = {}
l = [0.0] * n
for r in rows(econ + "/techniques.csv"):
    j, out = ix[r["product"]], float(r.get("output") or 1)
    tech[r["key"]] = (j, out)
    l[j] = float(r["labour"]) / out
ia = [[float(i == j) for j in range(n)] for i in range(n)]  # I - A
for r in rows(econ + "/inputs.csv"):
    j, out = tech[r["technique"]]
    ia[ix[r["product"]]][j] -= float(r["quantity"]) / out
accounts = [r["key"] for r in rows(econ + "/accounts.csv")]
em = {a: [0.0] * n for a in accounts}
for r in rows(econ + "/emissions.csv"):
    j, out = tech[r["technique"]]
    em[r["account"]][j] += float(r["quantity"]) / out
iat = [list(c) for c in zip(*ia)]
d = [0.0] * n
for r in rows(demand):
    d[ix[r["product"]]] += float(r["quantity"])
v = solve(iat, l)
ve = {a: solve(iat, em[a]) for a in accounts}
x = solve(ia, d)

def close(name, a, b):
    scale = max(abs(x) for x in b) or 1
    worst = max(abs(x - y) / max(abs(y), 1e-6 * scale) for x, y in zip(a, b))
    assert worst <= 1e-8, (name, worst)

for path in sys.argv[3:]:
    got = json.load(open(path))
    solver = got["solver"]
    assert solver["converged"] and solver["residual"] <= solver["tolerance"], (path, solver)
    if "values" in got:
        vals = got["values"]
        assert [r["product"] for r in vals] == keys
        close("labour", [r["labour"] for r in vals], v)
        for a in accounts:
            close(a, [r["embodied"][a] for r in vals], ve[a])
    else:
        close("gross output", [g["gross_output"] for g in got["gross_output"]], x)
        close("labour total", [got["labour_total"]], [sum(li * xi for li, xi in zip(l, x))])
        for t in got["accounts"]:
            close(t["key"], [t["total"]], [sum(e * xi for e, xi in zip(em[t["key"]], x))])
PY
for m in auto jacobi gauss-seidel gmres; do
	for econ in uk fa; do
		dir=$UK
		[ $econ = fa ] && dir=$F
		"$PLENUM" values "$dir" --json --method $m >"$T/$econ-v-$m.json" 2>/dev/null ||
			fail "values $dir --method $m"
		"$PLENUM" output "$dir" --json --method $m >"$T/$econ-x-$m.json" 2>/dev/null ||
			fail "output $dir --method $m"
	done
	"$PLENUM" values "$UK" --method $m --digits 8 >"$T/uk-$m.csv" 2>/dev/null
	cmp -s "$T/uk-$m.csv" "$T/uk-auto.csv" || fail "--method $m gives other values"
done
python3 "$T/check.py" "$UK" "$UK/demand.csv" "$T"/uk-?-*.json || fail "UK: wrong numbers"
python3 "$T/check.py" "$F" "$F/demand.csv" "$T"/fa-?-*.json || fail "fa: wrong numbers"
"$PLENUM" output "$F" --demand "$T/demand2.csv" --json >"$T/x.json" 2>/dev/null
python3 "$T/check.py" "$F" "$T/demand2.csv" "$T/x.json" || fail "--demand: wrong"

# -o FILE holds what stdout would; options as --opt=value; a binary economy gives the same
"$PLENUM" values "$F" -o "$T/v.csv" --tolerance=1e-12 --threads=1 2>/dev/null || fail "-o"
"$PLENUM" values "$F" --tolerance 1e-12 --threads 1 >"$T/v2.csv" 2>/dev/null
cmp -s "$T/v.csv" "$T/v2.csv" || fail "-o FILE differs from stdout"
ls "$T" | grep -q 'tmp' && fail "temporary file left behind"
"$PLENUM" gen --products 300 --inputs 6 --seed 4 -o "$T/g" 2>/dev/null
"$PLENUM" gen --products 300 --inputs 6 --seed 4 --binary -o "$T/g.plenum" 2>/dev/null
for c in values output info; do
	"$PLENUM" $c "$T/g" >"$T/g-dir.out" 2>/dev/null || fail "$c on a generated directory"
	"$PLENUM" $c "$T/g.plenum" >"$T/g-bin.out" 2>/dev/null || fail "$c on a binary economy"
	cmp -s "$T/g-dir.out" "$T/g-bin.out" || fail "$c: the binary economy gives other results"
done
for c in values output info; do
	"$PLENUM" $c --help | grep -q "^usage: plenum $c ECON" || fail "$c --help"
done

# Errors: exit status, one line on stderr (two after a usage error: the usage line), nothing
# on stdout, no output file.
broken() { # broken NAME: a copy of the Persian economy to break
	rm -rf "$T/$1"
	cp -r "$F" "$T/$1"
	echo "$T/$1"
}
check() {
	want=$1
	shift
	echo "== plenum $* (exit $want)" | mask
	status=0
	"$PLENUM" "$@" >"$T/o" 2>"$T/e" || status=$?
	[ "$status" -eq "$want" ] || fail "plenum $*: exit status $status, not $want: $(cat "$T/e")"
	[ -s "$T/o" ] && fail "plenum $*: wrote to stdout"
	[ "$(wc -l <"$T/e")" -eq 1 ] || fail "plenum $*: $(cat "$T/e")"
	[ -e "$T/x.csv" ] && fail "plenum $*: left $T/x.csv"
	head -n 1 "$T/e" | mask
}
B=$(broken nan)
sed -i 's/^کشت,گندم,2,,1$/کشت,گندم,NaN,,1/' "$B/techniques.csv"
B=$(broken inf)
sed -i 's/^پمپاژ,كهرباء,0.2$/پمپاژ,كهرباء,inf/' "$B/inputs.csv"
B=$(broken unknown)
echo 'نانوایی,شکر,0.1' >>"$B/inputs.csv"
B=$(broken duplicate)
echo 'نان,نان دوم,قرص' >>"$B/products.csv"
B=$(broken short)
echo 'نانوایی,گندم' >>"$B/inputs.csv"
B=$(broken long)
echo 'محطة,کربن,0.9,1' >>"$B/emissions.csv"
B=$(broken empty)
: >"$B/techniques.csv"
B=$(broken cycle) # electricity takes 3 m3 of water a kWh, water 0.5 kWh a m3: 1.5 > 1
sed -i 's/^محطة,"آب, شیرین",0.1$/محطة,"آب, شیرین",3/; s/^پمپاژ,كهرباء,0.2$/پمپاژ,كهرباء,0.5/' \
	"$B/inputs.csv"
B=$(broken orphan) # no technique makes bread
sed -i '/^نانوایی,/d' "$B/techniques.csv" "$B/inputs.csv"
B=$(broken nodemand)
rm "$B/demand.csv"
printf 'product,quantity\nشکر,1\n' >"$T/bad-demand.csv"
{
	check 1 values "$T/nan"
	check 1 output "$T/inf"
	check 1 values "$DATA/io/bad_labour"
	check 1 values "$T/unknown"
	check 1 info "$T/duplicate"
	check 1 values "$T/short"
	check 1 output "$T/long"
	check 1 values "$T/empty"
	check 1 values "$T/cycle"
	check 1 output "$T/cycle"
	check 1 values "$T/orphan"
	check 1 output "$T/nodemand"
	check 1 values "$T/no-such-economy"
	check 1 values "$DATA/io/negative" --strict
	check 1 info "$DATA/io/negative" --strict
	check 1 output "$F" --demand "$T/bad-demand.csv"
	check 1 output "$F" --demand "$T/no-such-demand.csv"
	check 1 values "$F" --method jacobi --max-iter 1
	check 1 values "$F" -o "$T/no/such/dir/x.csv"
	check 2 values "$F" --fast
	check 2 values
	check 2 values "$F" "$UK"
	check 2 values "$F" --method newton
	check 2 values "$F" --tolerance 0
	check 2 values "$F" --tolerance=abc
	check 2 values "$F" --max-iter 0
	check 2 values "$F" --threads -1
	check 2 values "$F" --digits 18
	check 2 values "$F" --demand "$T/demand2.csv"
	check 2 info "$F" --method gmres
	check 2 output "$F" --demand
} >>"$T/out"
diff -u "$GOLDEN/engine_cli.out" "$T/out" || fail "output differs from engine_cli.out"

# the cycle is named, with the Persian and Arabic keys of its products
"$PLENUM" values "$T/cycle" 2>&1 | grep -q 'كهرباء' || fail "the cycle does not name electricity"
"$PLENUM" values "$T/cycle" 2>&1 | grep -q 'آب, شیرین' || fail "the cycle does not name water"
# info reports what values refuses, without failing
"$PLENUM" info "$T/orphan" >"$T/o" 2>/dev/null || fail "info on an economy without bread's technique"
grep -qx 'نان' "$T/o" || fail "info does not list bread as without a technique"
"$PLENUM" info "$T/cycle" >"$T/o" 2>"$T/e" || fail "info on a non-productive economy"
grep -q 'spectral radius is .* >= 1' "$T/e" || fail "info does not warn of the spectral radius"
echo ok
