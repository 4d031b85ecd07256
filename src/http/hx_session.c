/* Session cookies (HttpOnly, SameSite=Strict, Secure behind TLS) and the CSRF token that
 * every state-changing request must carry in its X-CSRF-Token header. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "http/server.h"

/* csrf = hex(BLAKE2b-128("plenum csrf v1" || token)) */
void hx_csrf_of(const char *token, char out[HX_CSRF_SIZE])
{
	static const char domain[] = "plenum csrf v1";
	unsigned char h[16];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)domain, sizeof domain - 1);
	crypto_generichash_update(&st, (const unsigned char *)token, strlen(token));
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, HX_CSRF_SIZE, h, sizeof h);
}

void hx_cookie_set(hx_res *r, const hx_server *s, const char *token)
{
	snprintf(r->cookie, sizeof r->cookie,
	         "plenum_session=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s", token,
	         HX_SESSION_TTL, s->opts.tls ? "; Secure" : "");
}

void hx_cookie_clear(hx_res *r, const hx_server *s)
{
	snprintf(r->cookie, sizeof r->cookie,
	         "plenum_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
	         s->opts.tls ? "; Secure" : "");
}

int hx_cookie_get(const char *header, const char *name, char *out, size_t n)
{
	size_t len = strlen(name);
	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t seg = end ? (size_t)(end - p) : strlen(p);
		if (seg > len && strncmp(p, name, len) == 0 && p[len] == '=') {
			size_t vlen = seg - len - 1;
			if (vlen >= n)
				return 0;
			memcpy(out, p + len + 1, vlen);
			out[vlen] = 0;
			return 1;
		}
		p = end;
	}
	return 0;
}
