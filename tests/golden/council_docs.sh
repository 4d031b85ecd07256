#!/bin/sh
# docs/councils.md's "Commands" block runs as written: its lines down to verify-audit, in
# order, on a new database (a walkthrough found its second line failing: no council 2).
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "council_docs: $*" >&2; exit 1; }
ROOT=$GOLDEN/../..
# the block: from its first command to the verifier, continuation lines joined
sed -n '/^    plenum council create --db F --kind federation/,/^    scripts\/verify-audit public.jsonl/p' \
	"$ROOT/docs/councils.md" | sed 's/^    //' >"$T/block"
[ "$(wc -l <"$T/block")" -ge 10 ] || fail "the block was not found in docs/councils.md"
{
	echo "set -eu"
	sed -e "s|^plenum |\"\$PLENUM\" |" -e "s/ | plenum / | \"\$PLENUM\" /g" \
		-e "s/ && plenum / \&\& \"\$PLENUM\" /g" -e "s| --db F| --db \"\$T/F\"|g" \
		-e "s|tests/data/|\$DATA/|g" -e "s|--out public.jsonl|--out \"\$T/public.jsonl\"|" \
		-e "s|^scripts/verify-audit public.jsonl|python3 \"\$ROOT/scripts/verify-audit\" \"\$T/public.jsonl\"|" \
		"$T/block"
} >"$T/run.sh"
grep -q '"$T/F"' "$T/run.sh" || fail "no command of the block was rewritten: $(cat "$T/run.sh")"
export PLENUM DATA T ROOT
sh "$T/run.sh" >"$T/out" 2>"$T/err" || fail "the block failed: $(tail -3 "$T/err") (script: $(cat "$T/run.sh"))"
grep -q "^1,2,1,1,Ann,Carry our needs," "$T/out" || fail "Ann was not elected: $(cat "$T/out")"
grep -q "^ok: [0-9]* events, head " "$T/out" || fail "verify-audit did not say ok: $(cat "$T/out")"
echo ok
