#!/bin/sh
# plenum gen: the same seed writes the same files (checked against io_gen.out, so that a
# platform that generates differently shows), another seed differs, binary output, bad options.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "io_gen: $*" >&2; exit 1; }

"$PLENUM" gen --products 30 --inputs 3 --seed 5 -o "$T/a" 2>"$T/err"
grep -q '^plenum gen: 30 products, 30 techniques, [0-9]* inputs, 1 account' "$T/err" ||
	fail "no summary: $(cat "$T/err")"
for f in products techniques inputs accounts emissions demand; do
	echo "== $f.csv"
	cat "$T/a/$f.csv"
done >"$T/out"
diff -u "$GOLDEN/io_gen.out" "$T/out" || fail "seed 5 no longer gives io_gen.out"

"$PLENUM" gen --products=30 --inputs=3 --seed=5 -o "$T/b" 2>/dev/null
for f in products techniques inputs accounts emissions demand; do
	cmp -s "$T/a/$f.csv" "$T/b/$f.csv" || fail "same seed, different $f.csv"
done
"$PLENUM" gen --products 30 --inputs 3 --seed 6 -o "$T/c" 2>/dev/null
cmp -s "$T/a/inputs.csv" "$T/c/inputs.csv" && fail "seeds 5 and 6 give the same inputs"

"$PLENUM" gen --products 500 --techniques 2 --capacities --binary -o "$T/e.plenum" 2>"$T/err" ||
	fail "binary: $(cat "$T/err")"
[ "$(head -c 8 "$T/e.plenum")" = PLENUMEC ] || fail "binary file has no magic"
ls "$T" | grep -q tmp && fail "temporary file left behind"

"$PLENUM" gen --help | grep -q '^usage: plenum gen --products N' || fail "--help"

# usage errors: exit status 2 and one line saying what is wrong
check_usage() {
	want=$1
	shift
	status=0
	"$PLENUM" gen "$@" >/dev/null 2>"$T/err" || status=$?
	[ "$status" -eq 2 ] || fail "gen $*: exit status $status, not 2"
	grep -qF -e "$want" "$T/err" || fail "gen $*: '$(cat "$T/err")' does not say '$want'"
}
check_usage "--products must be between 1 and" --products 0 -o "$T/x"
check_usage "--products needs a whole number, got 'ten'" --products ten -o "$T/x"
check_usage "--products is required" -o "$T/x"
check_usage "-o DIR (or -o FILE with --binary) is required" --products 5
check_usage "--inputs must be between 0 and 1000" --products 5 --inputs 5000 -o "$T/x"
check_usage "--techniques must be between 1 and 99" --products 5 --techniques 0 -o "$T/x"
check_usage "unknown argument '--fast'" --products 5 --fast -o "$T/x"
check_usage "--seed needs a value" --products 5 -o "$T/x" --seed
[ -e "$T/x" ] && fail "a failed gen wrote $T/x"

# an output path that cannot be written: exit status 1, nothing left behind
if "$PLENUM" gen --products 5 --binary -o "$T/no/such/dir/e.plenum" 2>"$T/err"; then
	fail "wrote into a missing directory"
fi
grep -q "cannot create" "$T/err" || fail "unclear write error: $(cat "$T/err")"
# one product is one product ("1 products, 1 techniques" before)
"$PLENUM" gen --products 1 -o "$T/one" 2>"$T/err" || fail "one product: $(cat "$T/err")"
grep -q "^plenum gen: 1 product, 1 technique, 0 inputs, 1 account -> " "$T/err" ||
	fail "one product said: $(cat "$T/err")"
echo ok
