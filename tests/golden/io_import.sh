#!/bin/sh
# plenum import: every --format on the bundled real tables (summaries, the head, size and
# checksum of every file written, checked against io_import.out); uk-ons writes exactly the
# committed economy; the flows layout fed with the UK table cut into Z, F, x and a labour row
# gives the same coefficients as uk-ons; wiod takes the NIOT's country from accounts of two
# countries; every error: one line, its exit status, nothing written.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "io_import: $*" >&2; exit 1; }
mask() { sed -e "s|$T|T|g" -e "s|$DATA|DATA|g"; }
UKT=$DATA/uk_ons_2010/IOT_domestic_use_basic_prices_pxp.csv
US=$DATA/useeio_v1_2007
W=$DATA/wiod2016_usa_aus

# The files of economy directory $1: the first three lines, the number of lines, a checksum.
show() {
	for f in products techniques inputs accounts emissions demand; do
		echo "-- $f.csv: $(wc -l <"$1/$f.csv") lines, cksum $(cksum <"$1/$f.csv" | cut -d' ' -f1)"
		head -n 3 "$1/$f.csv" | tr -d '\r'
	done
}

# run NAME ARGS...: imports into $T/NAME, records stderr and the files written.
run() {
	name=$1
	shift
	echo "== import $name"
	"$PLENUM" import "$@" -o "$T/$name" 2>"$T/err" || fail "$name: $(cat "$T/err")"
	mask <"$T/err"
	show "$T/$name"
}

{
	run uk --format uk-ons --flows "$UKT" --labels "$DATA/uk_ons_2010/row_labels.csv" --year 2010
	run uk-unit --format uk-ons --flows "$UKT" --labour unit --year=2010
	run useeio --format useeio --coefficients "$US/A.csv" --impacts "$US/D.csv" \
		--sectors "$US/sectors.csv" --indicators "$US/indicators.csv" \
		--demand "$US/y_2007_us_consumption.csv" --year 2007
	run usa-2014 --format wiod --niot "$W/usa_niot_2000_2014.csv" --sea "$W/usa_sea_2000_2014.csv" \
		--year 2014
	run aus-2000 --format wiod --niot "$W/aus_niot_2000_2014.csv" --sea "$W/aus_sea_2000_2014.csv" \
		--year 2000 --labour unit
} >"$T/out"

# uk-ons writes exactly the committed economy that the README's main command reads
for f in products techniques inputs accounts emissions demand; do
	cmp -s "$T/uk/$f.csv" "$DATA/uk_ons_2010/economy/$f.csv" ||
		fail "uk-ons no longer writes tests/data/uk_ons_2010/economy/$f.csv"
done
awk -F, 'NR > 1 && $3 != 1 { bad = 1 } END { exit bad }' "$T/uk-unit/techniques.csv" ||
	fail "--labour unit: labour is not 1 everywhere"

# the flows layout on the UK table cut into its parts: the same coefficients, labour, demand
mkdir "$T/cut"
python3 - "$UKT" "$T/cut" <<'PY' || fail "cannot cut the UK table"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
head, out = rows[0], sys.argv[2]
tid, td = head.index("Total intermediate demand"), head.index("Total demand")
codes = head[1:tid]
body = {r[0]: r for r in rows[1:]}
def write(name, header, data):
    with open(out + "/" + name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(data)
write("Z.csv", [""] + codes, [[c] + body[c][1:tid] for c in codes])
write("F.csv", [""] + head[tid + 1:td], [[c] + body[c][tid + 1:td] for c in codes])
write("x.csv", ["product", "output"], [[c, body["Total output"][1 + k]] for k, c in enumerate(codes)])
lab = "Compensation of employees"
write("S.csv", [""] + codes, [[lab] + body[lab][1:tid]])
PY
{
	run flows-uk --format flows --flows "$T/cut/Z.csv" --final "$T/cut/F.csv" \
		--gross-output "$T/cut/x.csv" --satellite "$T/cut/S.csv" \
		--labour "Compensation of employees" --labour-unit "£m 2010" --unit "£m" --year 2010
} >>"$T/out"
for f in techniques inputs demand; do
	cmp -s "$T/flows-uk/$f.csv" "$T/uk/$f.csv" || fail "flows and uk-ons differ in $f.csv"
done
[ "$(sed -n 2p "$T/flows-uk/labour.csv")" = "£m 2010,Compensation of employees" ] &&
	[ "$(sed -n 2p "$T/uk/labour.csv")" = "£m 2010,compensation of employees" ] ||
	fail "labour's unit: $(cat "$T/flows-uk/labour.csv" "$T/uk/labour.csv")"
# without --labour-unit a row of pay would be hours: one warning says how to say otherwise
"$PLENUM" import --format flows --flows "$T/cut/Z.csv" --satellite "$T/cut/S.csv" \
	--labour "Compensation of employees" -o "$T/flows-h" 2>"$T/err" || fail "$(cat "$T/err")"
grep -q "labour row 'Compensation of employees' taken as hours: if it counts pay or jobs, \
say so with --labour-unit" "$T/err" && [ "$(sed -n 2p "$T/flows-h/labour.csv")" = \
	"h,Compensation of employees" ] || fail "flows' row as hours: $(cat "$T/err")"

# accounts of both countries in one file, as the official SEA holds all: the NIOT's rows
{ cat "$W/aus_sea_2000_2014.csv"; tail -n +2 "$W/usa_sea_2000_2014.csv"; } >"$T/sea_all.csv"
"$PLENUM" import --format wiod --niot "$W/usa_niot_2000_2014.csv" --sea "$T/sea_all.csv" \
	--year 2014 -o "$T/usa-all" 2>"$T/err" || fail "SEA of two countries: $(cat "$T/err")"
for f in products techniques inputs demand; do
	cmp -s "$T/usa-all/$f.csv" "$T/usa-2014/$f.csv" || fail "SEA of two countries: $f.csv differs"
done

# errors: exit status and the one line on stderr (the usage line after a usage error)
check() {
	want=$1
	shift
	echo "== import $* (exit $want)" | mask
	status=0
	"$PLENUM" import "$@" >"$T/o" 2>"$T/err" || status=$?
	[ "$status" -eq "$want" ] || fail "import $*: exit status $status, not $want"
	[ -s "$T/o" ] && fail "import $*: wrote to stdout"
	head -n 1 "$T/err" | mask
	n=$(wc -l <"$T/err")
	[ "$n" -eq 1 ] || fail "import $*: $n lines on stderr: $(cat "$T/err")"
	[ -e "$T/x" ] && fail "import $*: a failed import wrote $T/x"
	return 0
}
sed '2s/^01,[0-9.]*,/01,NA,/' "$UKT" >"$T/na.csv"
sed '3s/,0\.0,/,,/' "$UKT" >"$T/blank.csv"
printf ',a,b\na,0.1,0.2\nb,0.3\n' >"$T/short.csv"
sed -e 's/\r$//' -e '1s/$/,zz/' -e '2,$s/$/,1/' "$US/D.csv" >"$T/D_zz.csv"
sed -e '1s/$/,zz/' -e '2,$s/$/,1/' "$T/cut/S.csv" >"$T/S_zz.csv"
{ cat "$T/cut/x.csv"; echo zz,5; } >"$T/x_zz.csv"
{ cat "$US/sectors.csv"; printf '388,1111A0,Again,US\r\n'; } >"$T/sectors_twice.csv"
{ cat "$DATA/uk_ons_2010/row_labels.csv"; printf '01,Again\n'; } >"$T/labels_twice.csv"
: >"$T/empty.csv"
{
	check 2 --format excel -o "$T/x"
	check 2 --flows "$UKT" -o "$T/x"
	check 2 --format uk-ons --flows "$UKT"
	check 2 --format uk-ons --flows "$UKT" --niot "$UKT" -o "$T/x"
	check 2 --format uk-ons --flows "$UKT" --year 20100 -o "$T/x"
	check 2 --format uk-ons --flows "$UKT" --fast -o "$T/x"
	check 2 --format uk-ons -o "$T/x" --flows
	check 1 --format uk-ons --flows "$T/no-such.csv" -o "$T/x"
	check 1 --format uk-ons --flows "$T/na.csv" -o "$T/x"
	check 1 --format uk-ons --flows "$T/blank.csv" -o "$T/x"
	check 1 --format uk-ons --flows "$T/empty.csv" -o "$T/x"
	check 2 --format uk-ons --flows "$UKT" --labour hours -o "$T/x"
	check 2 --format uk-ons -o "$T/x" # --flows missing: a usage error, as for gen
	check 1 --format useeio --coefficients "$US/A.csv" --labour unit --strict -o "$T/x"
	check 1 --format useeio --coefficients "$T/short.csv" --labour unit -o "$T/x"
	check 2 --format useeio --coefficients "$US/A.csv" -o "$T/x"
	check 1 --format wiod --niot "$W/usa_niot_2000_2014.csv" --sea "$W/usa_sea_2000_2014.csv" \
		--year 1999 -o "$T/x"
	check 1 --format wiod --niot "$W/usa_niot_2000_2014.csv" --sea "$W/aus_sea_2000_2014.csv" \
		--year 2014 -o "$T/x"
	check 1 --format useeio --coefficients "$US/A.csv" --impacts "$T/D_zz.csv" -o "$T/x"
	check 1 --format useeio --coefficients "$US/A.csv" --labour unit \
		--sectors "$T/sectors_twice.csv" -o "$T/x"
	check 1 --format uk-ons --flows "$UKT" --labels "$T/labels_twice.csv" -o "$T/x"
	check 1 --format flows --flows "$T/cut/Z.csv" --satellite "$T/cut/S.csv" --labour hours \
		-o "$T/x"
	check 1 --format flows --flows "$T/cut/Z.csv" --gross-output "$T/x_zz.csv" -o "$T/x"
	check 1 --format flows --flows "$T/cut/Z.csv" --satellite "$T/S_zz.csv" -o "$T/x"
	check 1 --format uk-ons --flows "$UKT" -o "$T/no/such/dir/x"
	# --labour-unit: where the row may count anything, not empty, not with --labour unit
	check 2 --format uk-ons --flows "$UKT" --labour-unit h -o "$T/x"
	check 2 --format useeio --coefficients "$US/A.csv" --labour unit --labour-unit jobs -o "$T/x"
	check 2 --format useeio --coefficients "$US/A.csv" --impacts "$US/D.csv" --labour-unit "" \
		-o "$T/x"
	check 2 --format flows --flows "$T/cut/Z.csv" --labour-unit jobs -o "$T/x"
} >>"$T/out"

diff -u "$GOLDEN/io_import.out" "$T/out" || fail "output differs from io_import.out"
# an unknown option last on the line is unknown, not "needs a value"
status=0
"$PLENUM" import --format uk-ons --flows "$UKT" --json 2>"$T/err" || status=$?
[ "$status" -eq 2 ] && grep -q "unknown option '--json'" "$T/err" || fail "--json: $(cat "$T/err")"
"$PLENUM" import --help | grep -q '^usage: plenum import --format' || fail "--help"
echo ok
