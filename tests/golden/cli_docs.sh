#!/bin/sh
# The command table is the one source of the CLI's documentation: docs/cli.md must be what
# `plenum help --markdown` prints today (regenerate with `make docs`), every command listed by
# `plenum help` answers --help with its usage line and exit status 0, an unknown command exits 2.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "cli_docs: $*" >&2; exit 1; }
DOCS="$GOLDEN/../../docs"

"$PLENUM" help --markdown >"$T/cli.md"
diff -u "$DOCS/cli.md" "$T/cli.md" >"$T/diff" ||
	fail "docs/cli.md is out of date: run 'make docs' ($(head -c 600 "$T/diff"))"

cmds=$("$PLENUM" help | sed -n '/^commands:/,/^$/p' | awk 'NF && !/^commands:/ {print $1}')
[ -n "$cmds" ] || fail "plenum help lists no commands"
n=0
for c in $cmds; do
	"$PLENUM" "$c" --help >"$T/help" 2>&1 || fail "plenum $c --help: non-zero exit"
	grep -q "^usage: plenum $c" "$T/help" || fail "plenum $c --help has no usage line"
	grep -q "^## plenum $c\$" "$T/cli.md" || fail "docs/cli.md has no section for $c"
	n=$((n + 1))
done
[ "$n" -ge 10 ] || fail "only $n commands listed"

status=0
"$PLENUM" no-such-command >/dev/null 2>"$T/err" || status=$?
[ "$status" -eq 2 ] || fail "unknown command: exit status $status, not 2"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "unknown command: not one line: $(cat "$T/err")"
grep -q "no-such-command" "$T/err" || fail "unknown command not named: $(cat "$T/err")"
