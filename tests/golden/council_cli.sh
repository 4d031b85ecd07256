#!/bin/sh
# plenum council|member|delegate|motion|ballot|needs|abilities|audit: a scripted assembly
# (compared with council_cli.out), the refusals (exit 1, one line naming the rule), usage
# errors (exit 2), --help for each command, and the audit export without contact data.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "council_cli: $*" >&2; exit 1; }
DB="$T/c.db"
p() { "$PLENUM" "$@" --db "$DB"; }

# refused: exit 1 and a message containing $want
refused() {
	want=$1
	shift
	status=0
	"$PLENUM" "$@" --db "$DB" >"$T/out1" 2>"$T/err" || status=$?
	[ "$status" -eq 1 ] || fail "$*: exit status $status, not 1"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "$*: not one line: $(cat "$T/err")"
	grep -qF -e "$want" "$T/err" || fail "$*: '$(cat "$T/err")' does not say '$want'"
}

fed=$(p council create --kind federation --name "Riverside federation")
north=$(p council create --kind neighbourhood --name "North bank" --parent "$fed")
south=$(p council create --kind neighbourhood --name "South bank" --parent "$fed")
ann=$(p member create --name Ann --email ann@example.org --council "$north")
bob=$(p member create --name Bob --council "$north")
cat_=$(p member create --name Cat --council "$north")
dan=$(p member create --name Dan --council "$south")
[ "$fed:$north:$south:$ann:$bob:$cat_:$dan" = "1:2:3:1:2:3:4" ] || fail "ids $fed:$north:$south:$ann:$bob:$cat_:$dan"

m=$(p motion open --council "$north" --kind general --title "Tool library in the old school" --quorum 2/3 --as "$ann")
r_ann=$(p ballot cast "$m" --vote yes --as "$ann")
p ballot cast "$m" --vote yes --as "$bob" >/dev/null
refused "may not vote" ballot cast "$m" --vote yes --as "$dan"
refused "give its receipt" ballot cast "$m" --vote no --as "$ann"
refused "nobody sees a tally" motion result "$m"
refused "only its opener" motion close "$m" --as "$bob"
p ballot cast "$m" --vote no --as "$ann" --receipt "$r_ann" >/dev/null
[ "$(p ballot check "$m" "$r_ann")" = "0,1,0" ] || fail "the replaced ballot is not stored"
p motion close "$m" --as "$ann"
refused "is closed" ballot cast "$m" --vote yes --as "$cat_"

# An approval motion, a founding delegate, a recall and the election it opens.
a=$(p motion open --council "$south" --kind priority --method approval --title "What first" --option "Heat pumps" --option "Bike lanes" --status-quo --as "$dan")
refused "motion $a is an approval vote: give one mark per option, not 'yes'" \
	ballot cast "$a" --vote yes --as "$dan" # (once stored as marks 1,0,0)
p ballot cast "$a" --marks 1,1,0 --as "$dan" >/dev/null
p motion close "$a" --as "$dan"
p audit list | awk -F, -v dan="$dan" '$5 == "motion.close" { a = $3 } END { exit a != dan }' ||
	fail "the close is not recorded as Dan's"
seat=$(p delegate seat "$north" "$ann" --mandate "Bread before roads")
refused "only members of council 2" motion open --council "$north" --kind recall --recall "$seat" --title "Recall Ann" --as "$dan"
rec=$(p motion open --council "$north" --kind recall --recall "$seat" --title "Recall Ann" --as "$bob")
p ballot cast "$rec" --vote yes --as "$bob" >/dev/null
p ballot cast "$rec" --vote yes --as "$cat_" >/dev/null
p motion close "$rec" --as "$bob"
el=$(p motion list "$north" --open --json | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
p ballot cast "$el" --marks 1,2 --as "$bob" >/dev/null
p ballot cast "$el" --marks 2,1 --as "$cat_" >/dev/null
p ballot cast "$el" --marks 1,2 --as "$ann" >/dev/null
p motion close "$el"

# Needs and abilities.
"$PLENUM" needs products --db "$DB" --economy "$DATA/uk_ons_2010/economy" >/dev/null 2>"$T/err"
[ ! -s "$T/err" ] || fail "the UK economy's names need cleaning: $(cat "$T/err")"
# a typo in --db: the commands that read refuse a missing file (they made an empty database
# and listed nothing, as if the federation were empty); those that set one up make it
for cmd in "council list" "motion list 1" "audit verify" "needs council 1"; do
	status=0
	# shellcheck disable=SC2086
	"$PLENUM" $cmd --db "$T/typo.db" >"$T/out1" 2>"$T/err" || status=$?
	[ "$status" -eq 1 ] && [ ! -e "$T/typo.db" ] && grep -q "typo.db: no such database: check --db" "$T/err" ||
		fail "$cmd on a missing database: exit $status, $(cat "$T/err")"
done
# an economy whose names hold control characters: registered with spaces, the first named
cp -r "$DATA/io/small" "$T/ctl"
printf 'key,name,unit\ncoal,Coal\032mined,t\nsteel,Steel,t\nbread,Bread,kg\n' >"$T/ctl/products.csv"
"$PLENUM" needs products --db "$T/ctl.db" --economy "$T/ctl" >/dev/null 2>"$T/err"
grep -q "1 control characters in product names or units became spaces (the first in product 'coal' of $T/ctl)" "$T/err" ||
	fail "needs products on control characters: $(cat "$T/err")"
p needs set --member "$bob" --council "$north" --product 10-7 --quantity 2.5 --priority 1 --as "$bob"
p needs set --member "$cat_" --council "$north" --product 10-7 --quantity 1.5 --as "$cat_"
p needs set --member "$dan" --council "$south" --product 86 --quantity 4 --as "$dan"
refused "from 0 to below 1e15" needs set --member "$bob" --council "$north" --product 10-7 --quantity -3 --as "$bob"
refused "not registered" needs set --member "$bob" --council "$north" --product nope --quantity 3 --as "$bob"
refused "may not state" needs set --member "$bob" --council "$north" --product 10-7 --quantity 3 --as "$cat_"
p abilities set --member "$cat_" --council "$north" --hours 20 --skills "carpentry" --as "$cat_"

{
	echo "== council list"; p council list
	echo "== motion $m options"; p motion options "$m"
	echo "== motion $a options"; p motion options "$a"
	echo "== result $rec"; p motion result "$rec"
	echo "== delegates of north"; p delegate list "$north" --all | cut -d, -f1-7,10
	echo "== federation needs"; p needs council "$fed"
	echo "== north hours"; p abilities council "$north"
	echo "== notices north"; p council notices "$north" | cut -d, -f1,3-
} >"$T/got"
diff -u "$GOLDEN/council_cli.out" "$T/got" || fail "the assembly no longer gives council_cli.out"

# Bad input: one line saying what is wrong, exit 1, nothing stored.
events=$(p audit list | wc -l)
refused "not valid UTF-8" council create --kind neighbourhood --name "$(printf 'Bad \377 name')"
refused "is empty" member create --name ""
refused "is only spaces" member create --name "   "
refused "belongs to member $ann already" member create --name Anne --email ANN@example.org
refused "control character at byte 4" council create --kind neighbourhood --name "$(printf 'Bad\302\205')"
refused "more than the 200 allowed" motion open --council "$north" --title "$(printf '%0201d' 0)" --as "$ann"
refused "council 99: no such council" motion open --council 99 --title "Lost" --as "$ann"
refused "motion 77: no such motion" ballot cast 77 --vote yes --as "$ann"
refused "council 99: no such council" council links 99 # (was an empty success)
refused "council 99: no such council" council list --parent 99
refused "is a neighbourhood, not a federation" delegate in "$north"
refused "5 seats for 2 options" motion open --council "$north" --method approval --title Two --option A --option B --seats 5 --as "$ann"
refused "from 0 to below 1e15" council report "$north" --period 2027 --technique 10-7 --quantity -1
refused "from 0 to below 1e15" council report "$north" --period 2027 --technique 10-7 --quantity 1e15
# (one member's need of 1.5e308, summed, made the federation's demand infinite: no plan)
refused "from 0 to below 1e15" needs set --member "$ann" --council "$north" --product 10-7 --quantity 1.5e308 --as "$ann"
refused "council 99: no such council" motion targets --council 99 # (was an empty success)
refused "is a neighbourhood: targets go to workplaces" motion targets --council "$north"
refused "invisible characters" council create --kind neighbourhood --name "$(printf '\342\200\217\357\273\277')"
refused "invisible characters" council create --kind neighbourhood --name "$(printf '\343\205\244\363\240\200\240')" # Hangul filler, a tag space
refused "more than ten years ahead" motion open --council "$north" --title Never --closes-at 4611686018427387904 --as "$ann"
refused "give no others" motion open --council "$north" --title Bound --binds "$m" --option A --option B --as "$ann"
refused "is a federation" member create --name Zed --council "$fed" # and no member Zed
refused "no such council" member create --name Zed --council 99
[ "$(p audit list | wc -l)" -eq "$events" ] || fail "a refused command stored something"

# JSON output parses as one array or object per call; a command that prints nothing on
# success says {"ok":true} with --json.
[ "$(p abilities set --member "$cat_" --council "$north" --hours 21 --as "$cat_" --json)" = '{"ok":true}' ] ||
	fail "abilities set --json"
status=0; "$PLENUM" needs list --db "$DB" --member "$bob" --as admin 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "--as admin: exit $status, not a usage error"
p council list --json | grep -q '^\[' || fail "council list --json"
p motion show "$m" --json | grep -q '"state":"closed"' || fail "motion show --json"
# the types the API gives: booleans, and Schulze's pairwise counts (null for other methods)
p motion result "$rec" --json | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert isinstance(r["passed"], bool) and isinstance(r["quorum_met"], bool), r
assert "pairwise" in r and (r["pairwise"] is None) == (r["method"] != "schulze"), r
' || fail "motion result --json: not the API's types"
p motion list "$north" --json | python3 -c '
import json, sys
assert all(isinstance(m["passed"], bool) for m in json.load(sys.stdin))
' || fail "motion list --json: passed is not a boolean"
# pages: the newest first, ids below --before; without either option every motion, oldest first
all=$(p motion list "$north" --json | grep -o '"id":[0-9]*' | cut -d: -f2 | tr '\n' ' ')
newest=$(p motion list "$north" --json --limit 2 | grep -o '"id":[0-9]*' | cut -d: -f2 | tr '\n' ' ')
last=$(echo "$all" | awk '{print $NF}')
prev=$(echo "$all" | awk '{print $(NF-1)}')
[ "$newest" = "$last $prev " ] || fail "motion list --limit 2: '$newest' of '$all'"
older=$(p motion list "$north" --json --limit 1 --before "$last" | grep -o '"id":[0-9]*' | cut -d: -f2)
[ "$older" = "$prev" ] || fail "motion list --before $last: '$older', not $prev"
for bad in "--limit 0" "--limit x" "--before -1"; do
	status=0; $PLENUM motion list "$north" $bad --db "$DB" 2>"$T/err" >/dev/null || status=$?
	[ "$status" -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] ||
		fail "motion list $bad: exit $status, $(cat "$T/err")"
done
status=0; $PLENUM motion show "$m" --limit 2 --db "$DB" 2>/dev/null >/dev/null || status=$?
[ "$status" -eq 2 ] || fail "motion show --limit: exit $status (a page option where no list is)"

# The audit: verifies, exports without contact data, to a file written whole.
p audit verify | grep -q "the chain verifies" || fail "audit verify"
p audit export --out "$T/public.jsonl"
[ "$(wc -l <"$T/public.jsonl")" -gt 30 ] || fail "export too short"
grep -q "example.org" "$T/public.jsonl" && fail "contact data in the export"
grep -q '"marks"' "$T/public.jsonl" && fail "secret ballot contents in the export"
ls "$T" | grep -q tmp && fail "temporary file left behind"

# Usage errors: exit status 2.
status=0; "$PLENUM" council create --db "$DB" --kind castle --name X 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "bad kind: exit $status"
status=0; "$PLENUM" motion open --db "$DB" --bogus 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "unknown option: exit $status"
status=0; "$PLENUM" council list 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "no --db: exit $status"
status=0; "$PLENUM" council create --kind workplace --name Y --seats 0 --db "$DB" 2>/dev/null ||
	status=$?
[ "$status" -eq 2 ] || fail "--seats 0: exit $status (it was taken as 1)"
status=0; "$PLENUM" council create --kind workplace --name A --name B --db "$DB" 2>"$T/err" ||
	status=$?
[ "$status" -eq 2 ] && grep -q -- "--name is given twice" "$T/err" ||
	fail "a repeated option: exit $status, $(cat "$T/err") (the last one won)"
# A positional argument more than the command takes (a typo, or a value whose option was
# left out) is refused, not ignored.
for cmd in "council list extra" "motion show 1 2" "motion close-due 5" "member list 3" \
	"delegate resign 1 2" "motion fulfilment -1" "motion proposals 1 --option -3"; do
	status=0; $PLENUM $cmd --db "$DB" 2>"$T/err" >/dev/null || status=$?
	[ "$status" -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
		grep -qE "unexpected argument|1 or more|0 or more" "$T/err" ||
		fail "'$cmd': exit $status, $(cat "$T/err") (the extra argument was ignored)"
done
status=0; "$PLENUM" audit list --limit 0 --db "$DB" >/dev/null 2>&1 || status=$?
[ "$status" -eq 2 ] || fail "audit list --limit 0: exit $status (it listed every event)"
status=0; "$PLENUM" council bogus --db "$DB" 2>"$T/err" || status=$?
[ "$status" -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
	grep -q "unknown subcommand 'bogus': give one of create, list" "$T/err" ||
	fail "unknown subcommand: exit $status, $(cat "$T/err")"
status=0; "$PLENUM" council show 99 --json --db "$DB" >"$T/out" 2>/dev/null || status=$?
[ "$status" -eq 1 ] && [ ! -s "$T/out" ] || fail "an error with --json printed $(cat "$T/out")"
status=0; "$PLENUM" council set-parent "$north" --db "$DB" 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "set-parent without --parent: exit $status"
p council show "$north" --json | grep -q "\"parent\":$fed" || fail "set-parent moved the council"
status=0; "$PLENUM" ballot cast 1 --vote yes --as abc --db "$DB" 2>"$T/err" || status=$?
[ "$status" -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] || fail "--as abc: $(cat "$T/err")"
for c in council member delegate motion ballot needs abilities audit demo; do
	"$PLENUM" $c --help | grep -q "^usage: plenum $c" || fail "$c --help"
done
echo ok
