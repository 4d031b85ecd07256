#!/bin/sh
# make install gives a usable library: installed into a scratch prefix, a program built
# against it with pkg-config (shared, then static) computes labour values of the UK table.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "install_pkgconfig: $*" >&2; exit 1; }
B=$(dirname "$PLENUM")
cmake --install "$B" --prefix "$T/p" >/dev/null || fail "cmake --install failed"
PC=$(find "$T/p" -name plenum.pc)
[ -n "$PC" ] || fail "no plenum.pc installed"
export PKG_CONFIG_PATH=$(dirname "$PC")
pkg-config --exists plenum || fail "pkg-config does not find plenum"
[ "$(pkg-config --modversion plenum)" = "$("$PLENUM" version | awk '{print $2}')" ] ||
	fail "pkg-config version $(pkg-config --modversion plenum) is not the binary's"
EXTRA=""
grep -q "PLENUM_SANITIZE:BOOL=ON" "$B/CMakeCache.txt" && EXTRA="-fsanitize=address,undefined"
cat >"$T/use.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <plenum/plenum.h>
int main(int argc, char **argv)
{
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	if (argc < 2 || plenum_economy_open(argv[1], 0, &e, &d)) {
		fprintf(stderr, "open: %s\n", d.message);
		return 1;
	}
	int64_t n = plenum_economy_products(e);
	double *v = malloc((size_t)n * sizeof *v);
	plenum_solve_opts o;
	plenum_solve_opts_init(&o);
	plenum_solve_info info;
	int rc = plenum_labour_values(e, &o, v, NULL, &info, &d);
	if (!rc)
		printf("%lld %.6f\n", (long long)n, v[0]);
	free(v);
	plenum_economy_free(e);
	plenum_diag_clear(&d);
	return rc != 0;
}
C
cc -std=c17 $EXTRA "$T/use.c" $(pkg-config --cflags --libs plenum) -Wl,-rpath,"$(pkg-config --variable=libdir plenum)" -o "$T/use_shared" ||
	fail "building against the shared library failed"
cc -std=c17 $EXTRA -fopenmp "$T/use.c" $(pkg-config --cflags plenum) "$(pkg-config --variable=libdir plenum)/libplenum.a" \
	$(pkg-config --static --libs-only-l plenum | sed 's/-lplenum//') -o "$T/use_static" ||
	fail "building against the static library failed"
want=$("$PLENUM" values "$DATA/uk_ons_2010/economy" 2>/dev/null | sed -n 2p | cut -d, -f2)
for kind in shared static; do
	got=$("$T/use_$kind" "$DATA/uk_ons_2010/economy") || fail "$kind program failed"
	n=${got% *}
	[ "$n" -gt 100 ] || fail "$kind: only $n products"
	awk -v a="${got#* }" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 1e-6) }' ||
		fail "$kind: first labour value ${got#* }, plenum values says $want"
done
