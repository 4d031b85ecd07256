/* Responses and request fields: JSON replies, errors with one clear line, the mapping from
 * plenum status codes to HTTP statuses, typed access to body fields and query parameters. */
#include <errno.h>
#include <math.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http/http.h"
#include "util/util.h"

void hx_json(hx_res *r, unsigned status, json_t *body)
{
	json_decref(r->json);
	r->status = status;
	r->json = body ? body : json_object();
}

void hx_error(hx_res *r, unsigned status, const char *code, const char *fmt, ...)
{
	char msg[PLENUM_DIAG_LEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* a message quoting the request (a path of %ff) may not be UTF-8, and JSON must be:
	 * else json_pack fails and the error goes out as {} */
	if (!ut_utf8_valid(msg, strlen(msg)))
		for (char *p = msg; *p; p++)
			if ((unsigned char)*p >= 0x80)
				*p = '?';
	hx_json(r, status, json_pack("{s:s, s:s}", "error", code, "message", msg));
}

unsigned hx_status_http(int rc)
{
	switch (rc) {
	case PLENUM_OK: return 200;
	case PLENUM_EINVAL: case PLENUM_EFORMAT: return 400;
	case PLENUM_EDENIED: return 403;
	case PLENUM_ENOTFOUND: return 404;
	case PLENUM_ECONFLICT: case PLENUM_EDUPLICATE: return 409;
	case PLENUM_EUNSUPPORTED: return 501;
	case PLENUM_EBUSY: return 503;
	default: return 500;
	}
}

void hx_fail(hx_res *r, int rc, const plenum_diag *d)
{
	const char *msg = d && d->message[0] ? d->message : plenum_status_text(rc);
	if (rc == PLENUM_EBUSY)
		hx_header(r, "Retry-After", "1");
	hx_error(r, hx_status_http(rc), plenum_status_name(rc), "%s", msg);
}

void hx_header(hx_res *r, const char *name, const char *value)
{
	if (r->nheaders >= HX_HEADERS_MAX)
		return;
	r->hname[r->nheaders] = name;
	snprintf(r->hval[r->nheaders], sizeof r->hval[0], "%s", value);
	r->nheaders++;
}

static json_t *field(hx_req *q, hx_res *r, const char *key, int required)
{
	json_t *v = q->json ? json_object_get(q->json, key) : NULL;
	if (v && json_is_null(v))
		v = NULL;
	if (!v && required)
		hx_error(r, 400, "EFIELD", "the field \"%s\" is required", key);
	return v;
}

int hx_str(hx_req *q, hx_res *r, const char *key, int required, const char **out)
{
	json_t *v = field(q, r, key, required);
	if (!v)
		return !required;
	if (!json_is_string(v)) {
		hx_error(r, 400, "EFIELD", "the field \"%s\" must be a string", key);
		return 0;
	}
	*out = json_string_value(v);
	return 1;
}

int hx_int(hx_req *q, hx_res *r, const char *key, int required, int64_t *out)
{
	json_t *v = field(q, r, key, required);
	if (!v)
		return !required;
	if (!json_is_integer(v)) {
		hx_error(r, 400, "EFIELD", "the field \"%s\" must be an integer", key);
		return 0;
	}
	*out = (int64_t)json_integer_value(v);
	return 1;
}

int hx_num(hx_req *q, hx_res *r, const char *key, int required, double *out)
{
	json_t *v = field(q, r, key, required);
	if (!v)
		return !required;
	if (!json_is_number(v) || !isfinite(json_number_value(v))) {
		hx_error(r, 400, "EFIELD", "the field \"%s\" must be a number", key);
		return 0;
	}
	*out = json_number_value(v);
	return 1;
}

const char *hx_query(hx_req *q, const char *key)
{
	return MHD_lookup_connection_value(q->conn, MHD_GET_ARGUMENT_KIND, key);
}

int hx_query_int(hx_req *q, hx_res *r, const char *key, int64_t def, int64_t lo, int64_t hi,
                 int64_t *out)
{
	const char *s = hx_query(q, key);
	*out = def;
	if (!s || !*s)
		return 1;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10); /* not " 1" nor "+1", which strtoll takes */
	int digits = (*s >= '0' && *s <= '9') || (*s == '-' && s[1] >= '0' && s[1] <= '9');
	if (!digits || *end || errno || v < lo || v > hi) {
		hx_error(r, 400, "EQUERY", "?%s=%s: give a whole number from %lld to %lld", key, s,
		         (long long)lo, (long long)hi);
		return 0;
	}
	*out = v;
	return 1;
}

int hx_query_page(hx_req *q, hx_res *r, plenum_page *p)
{
	if (!hx_query_int(q, r, "limit", HX_PAGE_DEFAULT, 1, HX_PAGE_MAX, &p->limit) ||
	    !hx_query_int(q, r, "before", 0, 0, INT64_MAX, &p->before))
		return 0;
	p->limit++; /* a row past the page tells that another follows */
	return 1;
}

json_t *hx_page_next(json_t *rows, const plenum_page *p)
{
	size_t n = json_array_size(rows);
	if ((int64_t)n < p->limit)
		return json_null();
	json_array_remove(rows, n - 1);
	json_t *last = json_array_get(rows, n - 2);
	return json_integer(json_integer_value(json_object_get(last, "id")));
}
