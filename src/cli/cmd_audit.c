/* plenum audit: verify the hash chain, list events, export the public record. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "cli/commands_council.h"
#include "util/util.h"

static int event_json(void *ud, const plenum_event *e)
{
	FILE *f = ud;
	fprintf(f, "{\"seq\":%lld,\"at\":%lld,\"actor\":%lld,\"council\":%lld,\"kind\":",
	        (long long)e->seq, (long long)e->at, (long long)e->actor, (long long)e->council);
	cl_json_string(f, e->kind);
	fprintf(f, ",\"content\":%s,\"prev\":\"%s\",\"hash\":\"%s\"}\n", e->content, e->prev,
	        e->hash);
	return ferror(f) != 0;
}

static int event_row(void *ud, const plenum_event *e)
{
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "seq", e->seq);
	cc_i64(o, "at", e->at);
	cc_i64(o, "actor", e->actor);
	cc_i64(o, "council", e->council);
	cc_str(o, "kind", e->kind);
	cc_str(o, "content", e->content);
	cc_str(o, "hash", e->hash);
	cc_row_end(o);
	return 0;
}

static int u_verify(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t bad, count;
	char head[65];
	if (!cc_parse(&a, "audit", argc, argv, 0, "", ""))
		return CL_USAGE;
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = plenum_audit_verify(db, &bad, &count, &d);
	int64_t seq;
	if (!rc && !bad)
		rc = plenum_audit_head(db, head, &seq, &d);
	plenum_db_close(db);
	if (rc)
		return cc_fail(&a, rc, &d);
	if (bad)
		return cl_error("audit", "the chain breaks at event %lld: %s", (long long)bad,
		                d.message);
	if (cc_has(&a, "--json"))
		printf("{\"events\":%lld,\"ok\":true,\"head\":\"%s\"}\n", (long long)count, head);
	else
		printf("%lld events, the chain verifies; head %s\n", (long long)count, head);
	return CL_OK;
}

static int u_list(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	cc_out o;
	int64_t after, limit;
	if (!cc_parse(&a, "audit", argc, argv, 0, "--after --limit", "") ||
	    !cc_int(&a, "--after", 0, &after) || !cc_int(&a, "--limit", 0, &limit))
		return CL_USAGE;
	if (after < 0 || (cc_get(&a, "--limit") && limit < 1)) /* 0 once listed everything */
		return cl_usage("audit", "--after needs a sequence number >= 0 and --limit a count "
		                ">= 1 (leave --limit out for every event)");
	plenum_db *db = cc_rows_open(&a, &o);
	if (!db)
		return CL_FAIL;
	int rc = plenum_audit_list(db, after, limit, event_row, &o, &d);
	return cc_rows_close(&a, db, &o, rc, &d);
}

/* The public record: every event as one JSON line. Events never hold secret ballot contents,
 * receipts, passwords or contact data, so the log is the public record as it stands. With
 * --out, whole or not at all (ut_wfile). */
static int u_export(int argc, char **argv)
{
	cc_args a;
	plenum_diag d = {0};
	if (!cc_parse(&a, "audit", argc, argv, 0, "--out", ""))
		return CL_USAGE;
	const char *out = cc_get(&a, "--out");
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	ut_wfile w = {0};
	FILE *f = stdout;
	if (out && (ut_wfile_open(&w, out, &d) || !(f = fdopen(w.fd, "w")))) {
		ut_wfile_abort(&w);
		plenum_db_close(db);
		return cl_error("audit", "%s", d.message[0] ? d.message : "out of memory");
	}
	int rc = plenum_audit_list(db, 0, 0, event_json, f, &d);
	plenum_db_close(db);
	if (out) {
		int err = ferror(f) ? EIO : 0;
		if (fclose(f) != 0 && !err)
			err = errno;
		w.fd = -1; /* fclose closed it */
		if (rc)
			ut_wfile_abort(&w);
		else if ((rc = ut_wfile_close(&w, err, &d)) == PLENUM_OK)
			rc = ut_wfile_commit(&w, &d);
	}
	return rc ? cc_fail(&a, rc, &d) : CL_OK;
}

static const cc_sub subs[] = {
	{"verify", u_verify, "verify --db F         recompute the chain; name the first bad event"},
	{"list", u_list, "list --db F [--after SEQ] [--limit N]"},
	{"export", u_export, "export --db F [--out FILE]   the public record, JSON lines"},
};

CC_RUN_SUBS("audit")

const cl_command cl_cmd_audit = {
	"audit", "audit verify|list|export --db FILE [--json] ...",
	"the audit log: verify the hash chain, list events, export the public record",
	"Every change is an event in an append-only log; each event's hash is BLAKE2b-256 of the\n"
	"previous event's hash and its own content (docs/councils.md).\n\n"
	"Subcommands:\n"
	"  verify                    recompute the chain; exit 1 naming the first event that does\n"
	"                            not match; else print the count and the head hash\n"
	"  list [--after SEQ] [--limit N]   events page by page\n"
	"  export [--out FILE]       the public record as JSON lines (no secret ballot contents,\n"
	"                            no contact data: events never hold them)\n",
	run,
};
