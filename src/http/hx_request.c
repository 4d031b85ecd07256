/* The request path: read the body within its limit, find the route, check the session, the
 * CSRF token and the JSON body, call the handler, send its response with the common headers. */
#include <arpa/inet.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "http/server.h"
#include "util/util.h"

typedef struct conn_state {
	ut_buf body;
	int too_big;
} conn_state;

void hx_conn_free(void *state)
{
	conn_state *st = state;
	if (!st)
		return;
	ut_buf_free(&st->body);
	ut_free(st);
}

static void common_headers(struct MHD_Response *m, const hx_res *r)
{
	MHD_add_response_header(m, "Content-Type", r->type ? r->type : "application/json");
	MHD_add_response_header(m, "Cache-Control", r->cache ? r->cache : "no-store");
	MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(m, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(m, "X-Frame-Options", "DENY");
	MHD_add_response_header(m, "Content-Security-Policy",
	                        "default-src 'self'; img-src 'self' data:; style-src 'self'; "
	                        "script-src 'self'; frame-ancestors 'none'; form-action 'self'");
	if (r->cookie[0])
		MHD_add_response_header(m, "Set-Cookie", r->cookie);
	for (int k = 0; k < r->nheaders; k++)
		MHD_add_response_header(m, r->hname[k], r->hval[k]);
}

static enum MHD_Result send_res(struct MHD_Connection *c, hx_res *r, int head)
{
	struct MHD_Response *m;
	if (r->json) {
		char *text = json_dumps(r->json, JSON_COMPACT);
		if (!text)
			return MHD_NO;
		size_t n = strlen(text);
		m = MHD_create_response_from_buffer(n, text, MHD_RESPMEM_MUST_COPY);
		ut_free(text); /* jansson allocates through plenum's hook (json_set_alloc_funcs) */
	} else {
		m = MHD_create_response_from_buffer(r->size, (void *)r->data,
		                                    MHD_RESPMEM_PERSISTENT);
	}
	if (!m)
		return MHD_NO;
	common_headers(m, r);
	(void)head; /* libmicrohttpd leaves the body out of HEAD replies itself */
	enum MHD_Result ok = MHD_queue_response(c, r->status, m);
	MHD_destroy_response(m);
	return ok;
}

/* The client's address: the peer's, or behind a trusted TLS proxy (--tls-proxy) the last
 * X-Forwarded-For entry, the one the proxy itself added (earlier ones the client may forge);
 * else every client would share the proxy's address, and its sign-in limit. */
static void client_ip(hx_server *s, struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *i =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const char *fwd = s->opts.tls_proxy ? MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                                                   "X-Forwarded-For")
	                                    : NULL;
	snprintf(out, n, "?");
	if (fwd) {
		const char *last = strrchr(fwd, ',');
		last = last ? last + 1 : fwd;
		while (*last == ' ')
			last++;
		size_t len = strcspn(last, " ");
		if (len > 0 && len < n) {
			memcpy(out, last, len);
			out[len] = 0;
			return;
		}
	}
	if (!i || !i->client_addr)
		return;
	const struct sockaddr *sa = i->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
		          (socklen_t)n);
}

/* The member of the session cookie, if it is live: 1, or 0 after answering r when the
 * database could not say (busy or failing: a 503 or 500, not "not signed in"). */
static int find_session(hx_req *q, hx_res *r)
{
	const char *h = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "Cookie");
	if (!h || !hx_cookie_get(h, "plenum_session", q->token, sizeof q->token))
		return 1;
	plenum_diag d = {0};
	int rc = plenum_session_lookup(q->db, q->token, &q->member, &d);
	if (rc != PLENUM_OK) {
		q->member = 0;
		q->token[0] = 0;
	}
	if (rc == PLENUM_EBUSY || rc == PLENUM_EDB || rc == PLENUM_ENOMEM) {
		hx_fail(r, rc, &d);
		return 0;
	}
	return 1;
}

int hx_csrf_ok(hx_req *q)
{
	const char *h = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "X-CSRF-Token");
	if (!h || !q->token[0])
		return 0;
	char want[HX_CSRF_SIZE];
	hx_csrf_of(q->token, want);
	return strlen(h) == HX_CSRF_SIZE - 1 && sodium_memcmp(h, want, HX_CSRF_SIZE - 1) == 0;
}

/* Parses a POST body: JSON objects only, with the content type saying so. */
static int parse_body(hx_req *q, hx_res *r)
{
	const char *ct = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "Content-Type");
	if (q->body_len == 0) {
		q->json = json_object();
		return q->json != NULL;
	}
	if (!ct || strncasecmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';' &&
	                                                        ct[16] != ' ')) {
		hx_error(r, 415, "EMEDIA", "the body must be JSON: send Content-Type: "
		                           "application/json");
		return 0;
	}
	json_error_t e;
	q->json = json_loadb(q->body, q->body_len, JSON_REJECT_DUPLICATES, &e);
	if (!q->json) {
		hx_error(r, 400, "EJSON", "malformed JSON at line %d, column %d: %s; send one "
		                          "JSON object", e.line, e.column, e.text);
		return 0;
	}
	if (!json_is_object(q->json)) {
		hx_error(r, 400, "EJSON", "the body must be a JSON object ({...}), not %s",
		         json_is_array(q->json) ? "an array" : "a scalar");
		return 0;
	}
	return 1;
}

/* Whether the word w (n bytes) is in the space-separated list. */
static int listed_field(const char *list, const char *w, size_t n)
{
	for (const char *p = list; p && *p;) {
		size_t k = strcspn(p, " ");
		if (k == n && strncmp(p, w, n) == 0)
			return 1;
		p += k + (p[k] == ' ');
	}
	return 0;
}

/* Every field of the body is one the route takes (hx_route.fields). */
static int known_fields(hx_req *q, hx_res *r, const hx_route *rt)
{
	const char *key;
	json_t *v;
	json_object_foreach(q->json, key, v) {
		if (!listed_field(rt->fields, key, strlen(key))) {
			if (rt->fields)
				hx_error(r, 400, "EFIELD", "unknown field \"%s\": %s takes %s", key,
				         rt->pattern, rt->fields);
			else
				hx_error(r, 400, "EFIELD", "unknown field \"%s\": %s takes no fields", key,
				         rt->pattern);
			return 0;
		}
	}
	return 1;
}

/* Session, CSRF and body checks in order; the handler runs when all pass. */
static void run_route(hx_req *q, hx_res *r, const hx_route *rt)
{
	plenum_diag d = {0};
	q->db = hx_db(q->srv, &d);
	if (!q->db) {
		hx_error(r, 503, "EDB", "the database cannot be opened: %s", d.message);
		return;
	}
	if (!find_session(q, r))
		return;
	if ((rt->flags & HX_SESSION) && !q->member) {
		hx_error(r, 401, "ESESSION", "not signed in: POST /api/login first");
		return;
	}
	if ((rt->flags & HX_CSRF) && !hx_csrf_ok(q)) {
		hx_error(r, 403, "ECSRF", "missing or wrong X-CSRF-Token header: take the token "
		                          "from GET /api/me and send it with every change");
		return;
	}
	if (strcmp(q->method, "POST") == 0 && (!parse_body(q, r) || !known_fields(q, r, rt)))
		return;
	rt->fn(q, r);
}

static void dispatch(hx_req *q, hx_res *r)
{
	if (strncmp(q->path, "/api/", 5) == 0 || strcmp(q->path, "/api") == 0) {
		int known = 0;
		const hx_route *rt = hx_route_find(q->method, q->path, &q->id, &known);
		if (rt)
			run_route(q, r, rt);
		else if (known) {
			char allow[64];
			hx_route_allow(q->path, allow, sizeof allow);
			hx_header(r, "Allow", allow);
			hx_error(r, 405, "EMETHOD", "%s is not allowed on %s (only %s): see GET /api",
			         q->method, q->path, allow);
		}
		else
			hx_error(r, 404, "ENOROUTE", "no API route %s: see GET /api for the list",
			         q->path);
		return;
	}
	const char *inm =
		MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "If-None-Match");
	int get = strcmp(q->method, "GET") == 0 || strcmp(q->method, "HEAD") == 0;
	if (!get) {
		hx_header(r, "Allow", "GET, HEAD");
		hx_error(r, 405, "EMETHOD", "only GET is allowed on %s", q->path);
	}
	else if (!hx_static(q, r, inm))
		hx_error(r, 404, "ENOTFOUND", "no page %s: the interface starts at /", q->path);
}

static enum MHD_Result too_big(struct MHD_Connection *c)
{
	hx_res r = {0};
	hx_error(&r, 413, "ETOOBIG", "the request body exceeds %d bytes: send less", HX_BODY_MAX);
	enum MHD_Result ok = send_res(c, &r, 0);
	json_decref(r.json);
	return ok;
}

/* First call: set up, refuse an announced oversized body at once. Then take the body in
 * pieces (counting but dropping what exceeds the limit). Last call: answer. */
static enum MHD_Result begin(hx_server *s, struct MHD_Connection *c, void **con_cls)
{
	conn_state *st = ut_calloc(1, sizeof *st);
	if (!st)
		return MHD_NO;
	*con_cls = st;
	atomic_fetch_add(&s->inflight, 1);
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	if (cl && strtoull(cl, NULL, 10) > HX_BODY_MAX) {
		st->too_big = 1;
		return too_big(c); /* before reading any of it; the connection is closed after */
	}
	return MHD_YES;
}

/* Keeps the body up to the limit; past it, counts it as too big and drops the rest. */
static void take_body(conn_state *st, const char *upload, size_t *upload_size)
{
	if (st->too_big) {
		*upload_size = 0;
		return;
	}
	if (st->body.len + *upload_size > HX_BODY_MAX)
		st->too_big = 1;
	if (!st->too_big && ut_buf_append(&st->body, upload, *upload_size) != PLENUM_OK)
		st->too_big = 1;
	*upload_size = 0;
}

enum MHD_Result hx_on_request(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
	hx_server *s = cls;
	conn_state *st = *con_cls;
	if (!st)
		return begin(s, c, con_cls);
	if (*upload_size) {
		take_body(st, upload, upload_size);
		return MHD_YES;
	}
	if (st->too_big)
		return too_big(c);
	hx_res r = {0};
	hx_req q = {.srv = s, .conn = c, .method = method, .path = url};
	q.body = st->body.data ? st->body.data : "";
	q.body_len = st->body.len;
	client_ip(s, c, q.ip, sizeof q.ip);
	dispatch(&q, &r);
	if (s->tls_cert) /* served over HTTPS itself: browsers are to keep to it */
		hx_header(&r, "Strict-Transport-Security", "max-age=31536000");
	if (atomic_load(&s->stopping))
		hx_header(&r, "Connection", "close");
	enum MHD_Result ok = send_res(c, &r, strcmp(method, "HEAD") == 0);
	json_decref(r.json);
	json_decref(q.json);
	return ok;
}
