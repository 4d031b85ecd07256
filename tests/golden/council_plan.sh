#!/bin/sh
# The store side of the planner bridge from the command line: open-plan in the top federation
# (variants + status quo, Schulze), delegates vote, store-plan with the workplaces' targets,
# output reports, fulfilment; refusals before close and twice.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "council_plan: $*" >&2; exit 1; }
DB="$T/p.db"
p() { "$PLENUM" "$@" --db "$DB"; }

fed=$(p council create --kind federation --name "Valley federation")
home=$(p council create --kind neighbourhood --name "Upper valley" --parent "$fed")
mill=$(p council create --kind workplace --name "Flour mill" --parent "$fed")
ann=$(p member create --name Ann --council "$home")
bob=$(p member create --name Bob --council "$mill")
p delegate seat "$home" "$ann" >/dev/null
p delegate seat "$mill" "$bob" >/dev/null
p council link "$mill" --economy uk_ons_2010 --technique 10-6 --as "$bob"
m=$(p motion open-plan --title "Plan 2027" --option "Working week 30 h" --payload v30 --option "Working week 25 h" --payload v25 --as "$ann")
printf 'workplace,technique,product,quantity\n%s,10-6,10-6,120.5\n' "$mill" >"$T/targets.csv"
status=0
p motion store-plan "$m" --period 2027 --targets "$T/targets.csv" 2>"$T/err" || status=$?
[ "$status" -eq 1 ] && grep -q "is open" "$T/err" || fail "stored before close: $(cat "$T/err")"
printf 'workplace,technique,product,quantity\n%s,10-6,10-6,-2\n' "$mill" >"$T/bad.csv"
status=0
p motion store-plan "$m" --period 2027 --targets "$T/bad.csv" 2>"$T/err" || status=$?
[ "$status" -eq 1 ] && grep -q "bad.csv:2:13: need workplace" "$T/err" || fail "bad targets file: $(cat "$T/err")"
p ballot cast "$m" --marks 2,1,3 --as "$ann" >/dev/null
p ballot cast "$m" --marks 2,1,3 --as "$bob" >/dev/null
p motion close "$m" --as "$ann"
p motion store-plan "$m" --period 2027 --summary "Working week 25 h" --targets "$T/targets.csv"
status=0
p motion store-plan "$m" --period 2027 --targets "$T/targets.csv" 2>/dev/null || status=$?
[ "$status" -eq 1 ] || fail "stored twice"
p council report "$mill" --period 2027 --technique 10-6 --quantity 96.4 --as "$bob"
{
	echo "== options"; p motion options "$m"
	echo "== targets"; p motion targets
	echo "== fulfilment"; p motion fulfilment "$m"
} >"$T/got"
cat >"$T/want" <<EOT
== options
index,label,payload,candidate,tally,rank
0,Working week 30 h,v30,0,0,2
1,Working week 25 h,v25,0,2,1
2,status quo,,0,0,3
== targets
workplace,technique,product,quantity
3,10-6,10-6,120.5
== fulfilment
workplace,period,technique,product,target,actual,fulfilment
3,2027,10-6,10-6,120.5,96.4,0.8
EOT
diff -u "$T/want" "$T/got" || fail "plan bridge output"
p audit export | grep -q '"kind":"target.publish"' || fail "targets not published in the log"
echo ok
