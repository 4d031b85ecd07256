# Shared by the planner's golden scripts; sourced after they set T (a scratch directory),
# D (the economy directory under test) and fail().

# The 11th field of a summary row is the seconds: masked, so that outputs compare.
mask() { sed -E 's/^((balanced|harmony|least-labour),([^,]*,){9})[0-9.]+,/\1S,/'; }

# bad FILE CONTENT [OPTION...]: plans a copy of D with FILE replaced by CONTENT (printf
# format), expects exit status 1, nothing on stdout and one line on stderr, and prints that
# line with the scratch directory shown as DIR.
bad() {
	rm -rf "$T/e" && mkdir "$T/e" && cp "$D"/*.csv "$T/e/"
	printf "$2" >"$T/e/$1"
	shift 2
	status=0
	"$PLENUM" plan "$T/e" "$@" >"$T/e.out" 2>"$T/e.err" || status=$?
	[ "$status" -eq 1 ] || fail "bad input: exit status $status, not 1"
	[ -s "$T/e.out" ] && fail "bad input: a plan was printed"
	[ "$(wc -l <"$T/e.err")" -eq 1 ] || fail "bad input: not one line: $(cat "$T/e.err")"
	sed "s|$T/e|DIR|" "$T/e.err"
}
