/* Canonical JSON for event contents, events and notices. */
#include <math.h>
#include <string.h>
#include "council/ct.h"

static void key(ct_json *j, const char *k)
{
	if (j->b.len == 0)
		j->oom |= ut_buf_append(&j->b, "{", 1) != 0;
	if (j->n++)
		j->oom |= ut_buf_append(&j->b, ",", 1) != 0;
	j->oom |= ut_buf_printf(&j->b, "\"%s\":", k) != 0;
}

void ct_js_int(ct_json *j, const char *k, int64_t v)
{
	key(j, k);
	j->oom |= ut_buf_printf(&j->b, "%lld", (long long)v) != 0;
}

void ct_js_num(ct_json *j, const char *k, double v)
{
	key(j, k);
	ut_numeric n = ut_numeric_begin(); /* hashed into the chain: never "4,36" */
	if (v == 0)
		v = 0; /* not "-0": read back it is the integer 0, and re-printed "0" */
	j->oom |= ut_buf_printf(&j->b, isfinite(v) ? "%.17g" : "null", v) != 0;
	ut_numeric_end(n);
}

void ct_js_str(ct_json *j, const char *k, const char *v)
{
	key(j, k);
	j->oom |= ut_buf_append(&j->b, "\"", 1) != 0;
	for (const unsigned char *p = (const unsigned char *)(v ? v : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			j->oom |= ut_buf_printf(&j->b, "\\%c", *p) != 0;
		else if (*p == '\n')
			j->oom |= ut_buf_append(&j->b, "\\n", 2) != 0;
		else if (*p == '\t')
			j->oom |= ut_buf_append(&j->b, "\\t", 2) != 0;
		else if (*p < 0x20)
			j->oom |= ut_buf_printf(&j->b, "\\u%04x", *p) != 0;
		else
			j->oom |= ut_buf_append(&j->b, p, 1) != 0;
	}
	j->oom |= ut_buf_append(&j->b, "\"", 1) != 0;
}

const char *ct_js_end(ct_json *j)
{
	if (j->b.len == 0)
		j->oom |= ut_buf_append(&j->b, "{", 1) != 0;
	j->oom |= ut_buf_append(&j->b, "}", 1) != 0;
	return j->oom ? NULL : j->b.data;
}

void ct_js_free(ct_json *j)
{
	ut_buf_free(&j->b);
	memset(j, 0, sizeof *j);
}

int ct_event(plenum_db *db, int64_t actor, int64_t council, const char *kind, ct_json *j,
             plenum_diag *d)
{
	const char *content = ct_js_end(j);
	int rc = content ? st_event_append(db->st, plenum_db_now(db), actor, council, kind,
	                                   content, d)
	                 : ut_fail(d, PLENUM_ENOMEM, "out of memory writing event %s", kind);
	ct_js_free(j);
	return rc;
}

int ct_notice(plenum_db *db, int64_t council, int64_t motion, int64_t member, const char *kind,
              const char *text, plenum_diag *d)
{
	int rc = st_query_run(db->st, ST_Q_notice_insert, NULL, d, "iiiitt", council,
	                      plenum_db_now(db), motion, member, kind, text);
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "notice", st_last_id(db->st));
	ct_js_int(&j, "motion", motion);
	ct_js_int(&j, "member", member);
	ct_js_str(&j, "kind", kind);
	ct_js_str(&j, "text", text);
	return ct_event(db, PLENUM_ACTOR_ADMIN, council, "notice", &j, d);
}
