#!/bin/sh
# plenum demo: builds the federation from the UK ONS 2010 products, through the rules; the
# recall, the refused ballot against a mandate and the plan adoption happen and are recorded;
# the chain verifies; a second run on the same file is refused and changes nothing; a
# tampered event is named by audit verify.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "council_demo: $*" >&2; exit 1; }
DB="$T/demo.db"

"$PLENUM" demo --db "$DB" --economy "$DATA/uk_ons_2010/economy" >"$T/out" || fail "demo failed"
for want in "products: 127 from" "North bank seats" "recall: motion 3 passed, 4 yes to 1 no" \
	"'no' ballot was refused (EDENIED)" "plan adoption: motion 7" "the chain verifies"; do
	grep -qF -e "$want" "$T/out" || fail "the demo did not say '$want': $(cat "$T/out")"
done
"$PLENUM" audit verify --db "$DB" >/dev/null || fail "audit verify"
"$PLENUM" delegate list 2 --all --db "$DB" | grep -q ',3$' || fail "no seat ended by the recall"
"$PLENUM" council notices 3 --db "$DB" | grep -q mandate-refusal || fail "South bank was not told"
[ "$("$PLENUM" ballot public --motion 7 --db "$DB" | wc -l)" -eq 3 ] || fail "public ballots"
"$PLENUM" council links 0 --db "$DB" | grep -q "^4,uk_ons_2010,10-7" || fail "bakery link"
"$PLENUM" motion show 7 --db "$DB" --json | grep -q '"kind":"plan-adoption"' || fail "plan motion"
[ "$("$PLENUM" motion proposals 7 --db "$DB" | wc -l)" -eq 5 ] || fail "the plan motion's proposals"
[ "$("$PLENUM" motion targets 7 --db "$DB" | wc -l)" -eq 3 ] || fail "closing did not store the targets"
[ "$("$PLENUM" audit export --db "$DB" | grep -c '"kind":"target.publish"')" -eq 2 ] || fail "targets not published"

before=$("$PLENUM" audit list --db "$DB" | wc -l)
status=0
"$PLENUM" demo --db "$DB" >/dev/null 2>"$T/err" || status=$?
[ "$status" -eq 1 ] && grep -q "has councils already" "$T/err" || fail "second run: $status $(cat "$T/err")"
[ "$("$PLENUM" audit list --db "$DB" | wc -l)" -eq "$before" ] || fail "second run wrote events"

"$PLENUM" demo --db "$T/j.db" --json | grep -q '"chain_ok":true' || fail "--json"

# the exported record checked from outside by scripts/verify-audit (Python's standard library,
# written from docs/councils.md alone): the same head as plenum's own verify; an event
# changed, one removed, and the end cut off against the published head are each named
V="$GOLDEN/../../scripts/verify-audit"
"$PLENUM" audit export --db "$DB" >"$T/pub.jsonl"
head=$("$PLENUM" audit verify --db "$DB" | sed 's/.*head //')
python3 "$V" "$T/pub.jsonl" >"$T/out" || fail "verify-audit: $(cat "$T/out")"
grep -qx "ok: [0-9]* events, head $head" "$T/out" || fail "verify-audit's head: $(cat "$T/out") against $head"
grep -q '"quantity":[0-9.]*[.e]' "$T/pub.jsonl" || fail "no fractional number in the record to check"
sed '12s/"name":"/"name":"X/' "$T/pub.jsonl" >"$T/changed.jsonl"
sed '12d' "$T/pub.jsonl" >"$T/removed.jsonl"
sed '$d' "$T/pub.jsonl" >"$T/cut.jsonl"
for bad in "changed:event 12: its hash is .* the event was changed" \
	"removed:event 13: expected seq 12" "cut:no event has the published head $head"; do
	name=${bad%%:*}
	status=0
	python3 "$V" "$T/$name.jsonl" --head "$head" >/dev/null 2>"$T/err" || status=$?
	[ "$status" -eq 1 ] && grep -q "${bad#*:}" "$T/err" ||
		fail "verify-audit on the $name record: exit $status, $(cat "$T/err")"
done
# a head published earlier is found where it stands, the events since counted: the log
# grows after every publication (it was taken for a rewrite)
old=$(sed -n '5p' "$T/pub.jsonl" | sed 's/.*"hash":"\([0-9a-f]*\)".*/\1/')
total=$(wc -l <"$T/pub.jsonl")
python3 "$V" "$T/pub.jsonl" --head "$old" >"$T/out" 2>"$T/err" ||
	fail "verify-audit with an earlier head: $(cat "$T/err")"
grep -qx "the published head is event 5's; $((total - 5)) events since" "$T/out" ||
	fail "verify-audit with an earlier head: $(cat "$T/out")"

# a council that moves to another federation loses its seats in the old one at once: its
# delegate no longer votes there (once she did, from a federation her council had left)
"$PLENUM" demo --db "$T/m.db" >/dev/null 2>&1
q() { "$PLENUM" "$@" --db "$T/m.db"; }
fm=$(q motion open --council 1 --title "Shared kiln" --as 4)
f2=$(q council create --kind federation --name "Hill federation")
q delegate in 1 | grep -q ',2,1,4,Dara,' || fail "the demo no longer seats Dara for council 2"
q council set-parent 2 --parent "$f2" || fail "set-parent"
q delegate in 1 | grep -q ',Dara,' && fail "Dara still seated in federation 1 after the move"
status=0
q ballot cast "$fm" --vote yes --as 4 >/dev/null 2>&1 || status=$?
[ "$status" -eq 1 ] || fail "a delegate of a council that left voted in the federation"
q audit verify >/dev/null || fail "the move breaks the chain"

if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$DB" "DROP TRIGGER events_append_only_u; UPDATE events SET content = replace(content, 'Hamza', 'Hamish') WHERE seq = (SELECT min(seq) FROM events WHERE content LIKE '%Hamza%');"
	seq=$(sqlite3 "$DB" "SELECT min(seq) FROM events WHERE content LIKE '%Hamish%'")
	status=0
	"$PLENUM" audit verify --db "$DB" >/dev/null 2>"$T/err" || status=$?
	[ "$status" -eq 1 ] || fail "tampered log verifies"
	grep -q "breaks at event $seq:" "$T/err" || fail "verify does not name event $seq: $(cat "$T/err")"
	# ballots changed after close (their trigger dropped): the recount no longer matches
	# the digest the motion.close event records; neither the result nor the log pass
	"$PLENUM" demo --db "$T/b.db" >/dev/null 2>&1
	sqlite3 "$T/b.db" "DROP TRIGGER ballots_frozen_u; UPDATE ballots SET marks = '0,1,0' WHERE motion = 3"
	close=$(sqlite3 "$T/b.db" "SELECT seq FROM events WHERE kind = 'motion.close' AND content LIKE '{\"motion\":3,%'")
	status=0
	"$PLENUM" motion result 3 --db "$T/b.db" >"$T/out" 2>"$T/err" || status=$?
	[ "$status" -eq 1 ] && [ ! -s "$T/out" ] &&
		grep -q "motion 3: its ballots are not those counted at close (event $close " "$T/err" ||
		fail "changed ballots recounted: exit $status, $(cat "$T/out" "$T/err")"
	status=0
	"$PLENUM" audit verify --db "$T/b.db" >/dev/null 2>"$T/err" || status=$?
	[ "$status" -eq 1 ] && grep -q "breaks at event $close: motion 3: its ballots" "$T/err" ||
		fail "changed ballots verify: exit $status, $(cat "$T/err")"
	# a closed motion's rules changed (its trigger dropped): counted now it no longer gives
	# what the close recorded (recall 3 read "not passed" while its seat stayed vacated)
	"$PLENUM" demo --db "$T/r.db" >/dev/null 2>&1
	sqlite3 "$T/r.db" "DROP TRIGGER motions_frozen; UPDATE motions SET mnum = 9, mden = 10 WHERE id = 3"
	close=$(sqlite3 "$T/r.db" "SELECT seq FROM events WHERE kind = 'motion.close' AND content LIKE '{\"motion\":3,%'")
	status=0
	"$PLENUM" motion result 3 --db "$T/r.db" >"$T/out" 2>"$T/err" || status=$?
	[ "$status" -eq 1 ] && [ ! -s "$T/out" ] &&
		grep -q "motion 3: counted now it gives .* where event $close recorded" "$T/err" ||
		fail "changed rules recounted: exit $status, $(cat "$T/out" "$T/err")"
	status=0
	"$PLENUM" audit verify --db "$T/r.db" >/dev/null 2>"$T/err" || status=$?
	[ "$status" -eq 1 ] && grep -q "breaks at event $close: motion 3: counted now" "$T/err" ||
		fail "changed rules verify: exit $status, $(cat "$T/err")"
	# a stored result changed, then a motion marked closed that nothing closed
	sqlite3 "$T/r.db" "UPDATE motions SET mnum = 1, mden = 2, passed = 1 - passed WHERE id = 3"
	status=0
	"$PLENUM" audit verify --db "$T/r.db" >/dev/null 2>"$T/err" || status=$?
	[ "$status" -eq 1 ] && grep -q "motion 3: its stored result .* is not the one event $close" "$T/err" ||
		fail "a changed stored result verifies: exit $status, $(cat "$T/err")"
	sqlite3 "$T/r.db" "UPDATE motions SET passed = 1 - passed WHERE id = 3"
	"$PLENUM" audit verify --db "$T/r.db" >/dev/null || fail "the restored motion 3 does not verify"
	# the counting rules a closed motion holds changed: named before any recount
	sqlite3 "$T/r.db" "UPDATE motions SET rules = 1 WHERE id = 3"
	status=0
	"$PLENUM" audit verify --db "$T/r.db" >/dev/null 2>"$T/err" || status=$?
	[ "$status" -eq 1 ] &&
		grep -q "breaks at event $close: motion 3: it holds counting rules 1 where event $close recorded rules 2" "$T/err" ||
		fail "changed counting rules verify: exit $status, $(cat "$T/err")"
	sqlite3 "$T/r.db" "UPDATE motions SET rules = 2 WHERE id = 3"
	"$PLENUM" audit verify --db "$T/r.db" >/dev/null || fail "motion 3's rules restored do not verify"
	open=$("$PLENUM" motion open --council 2 --kind general --title "Left open" --db "$T/r.db")
	sqlite3 "$T/r.db" "UPDATE motions SET closed_at = 1 WHERE id = $open"
	status=0
	"$PLENUM" motion result "$open" --db "$T/r.db" >"$T/out" 2>"$T/err" || status=$?
	[ "$status" -eq 1 ] && [ ! -s "$T/out" ] &&
		grep -q "motion $open is marked closed but no motion.close event records it" "$T/err" ||
		fail "a motion closed outside plenum shows a result: exit $status, $(cat "$T/out" "$T/err")"
	status=0
	"$PLENUM" audit verify --db "$T/r.db" >/dev/null 2>"$T/err" || status=$?
	[ "$status" -eq 1 ] && grep -q "motion $open is marked closed" "$T/err" ||
		fail "a motion closed outside plenum verifies: exit $status, $(cat "$T/err")"
fi
# join requests from the CLI: a member asks for themselves with --as; a request typed with
# that member's email by anyone else is filed but not accepted (it joined them before)
J="$T/join.db"
q() { "$PLENUM" "$@" --db "$J"; }
home=$(q council create --kind neighbourhood --name Home)
shop=$(q council create --kind workplace --name Shop)
ann=$(q member create --name Ann --email ann@example.org --council "$home")
bob=$(q member create --name Bob --council "$shop")
forged=$(q council join "$shop" --name Ann --email ANN@example.org --heard other)
own=$(q council join "$shop" --as "$ann" --heard friend)
status=0
q council accept "$forged" --as "$bob" >"$T/out" 2>"$T/err" || status=$?
[ "$status" -eq 1 ] && grep -q "join request $forged gives the email of member $ann, who did not make it" "$T/err" ||
	fail "a request with a member's email accepted: exit $status, $(cat "$T/out" "$T/err")"
[ "$(q council accept "$own" --as "$bob")" = "$ann" ] || fail "a member's own request not accepted"
q council members "$shop" | grep -q "^$ann,Ann$" || fail "Ann is not in the shop: $(q council members "$shop")"
status=0
q council join "$shop" --as "$ann" --heard friend >/dev/null 2>"$T/err" || status=$?
[ "$status" -eq 1 ] && grep -q "member $ann is a member of council $shop already" "$T/err" ||
	fail "a member asks to join a council of theirs: exit $status, $(cat "$T/err")"
# an economy without the UK table's products, or none at that path: refused before the
# database is made (it stopped half-way, leaving councils and members that block a rerun)
for econ in "$DATA/plan/bread" "$T/no-such-economy"; do
	status=0
	"$PLENUM" demo --db "$T/half.db" --economy "$econ" >/dev/null 2>"$T/err" || status=$?
	[ "$status" -eq 1 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && [ ! -e "$T/half.db" ] ||
		fail "demo --economy $econ: exit $status, $(cat "$T/err"), $(ls "$T")"
done
echo ok
