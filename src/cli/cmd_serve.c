/* plenum serve: the JSON API and the web interface from one binary, on the same store as the
 * command line. With no --db: a default file, created on first run with the demo federation. */
#include <errno.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/cli.h"
#ifdef PLENUM_HAVE_HTTP
#include "http/http.h"
#endif

/* $XDG_DATA_HOME/plenum/plenum.db, else ~/.local/share/plenum/plenum.db, else ./plenum.db;
 * the directories are created. */
static void default_db(char *out, size_t n)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char dir[3072];
	if (xdg && *xdg)
		snprintf(dir, sizeof dir, "%s/plenum", xdg);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.local/share/plenum", home);
	else {
		snprintf(out, n, "plenum.db");
		return;
	}
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		mkdir(dir, 0700);
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(out, n, "plenum.db");
		return;
	}
	snprintf(out, n, "%s/plenum.db", dir);
}

#ifdef PLENUM_HAVE_HTTP
/* The economy the demo's products come from, used when it is there and --economy is not:
 * under the working directory (a source checkout), or next to the binary (build/plenum in
 * a checkout). */
#define DEMO_ECONOMY "tests/data/uk_ons_2010/economy"

static const char *demo_economy(char *buf, size_t n)
{
	struct stat st;
	if (stat(DEMO_ECONOMY, &st) == 0)
		return DEMO_ECONOMY;
	char exe[3072];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len <= 0)
		return NULL;
	exe[len] = 0;
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = 0;
	snprintf(buf, n, "%s/../" DEMO_ECONOMY, exe);
	return stat(buf, &st) == 0 ? buf : NULL;
}

#define DEMO_EMAIL "guest@demo.plenum"
#define DEMO_PASSWORD "demo-guest"

/* The first neighbourhood and the first workplace (the guest joins both). */
typedef struct guest_ud {
	int64_t neighbourhood, workplace;
} guest_ud;

static int pick(void *ud, const plenum_council *c)
{
	guest_ud *g = ud;
	if (c->kind == PLENUM_NEIGHBOURHOOD && !g->neighbourhood)
		g->neighbourhood = c->id;
	if (c->kind == PLENUM_WORKPLACE && !g->workplace)
		g->workplace = c->id;
	return 0;
}

/* The demo's members have no passwords: a guest who can sign in joins a neighbourhood and
 * a workplace of the demo, through the same rules as any member the operator adds. */
static int add_guest(plenum_db *db, plenum_diag *d)
{
	guest_ud g = {0, 0};
	int64_t id = 0;
	int rc = plenum_council_list(db, -1, pick, &g, d);
	if (rc == PLENUM_OK)
		rc = plenum_member_create(db, PLENUM_ACTOR_ADMIN, "Guest", DEMO_EMAIL, DEMO_PASSWORD,
		                          &id, d);
	if (rc == PLENUM_OK && g.neighbourhood)
		rc = plenum_membership_add(db, PLENUM_ACTOR_ADMIN, g.neighbourhood, id, d);
	if (rc == PLENUM_OK && g.workplace)
		rc = plenum_membership_add(db, PLENUM_ACTOR_ADMIN, g.workplace, id, d);
	return rc;
}

/* Builds the demo federation (plenum demo) into the new default database, adds the guest. */
static int load_demo(const char *path, const char *economy)
{
	const cl_command *demo = cl_find("demo");
	char *argv[] = {"demo", "--db", (char *)path, "--json", "--economy", (char *)economy,
	                NULL};
	if (!demo)
		return cl_error("serve", "this plenum has no demo command: give --db FILE");
	if (demo->run(economy ? 6 : 4, argv) != CL_OK)
		return CL_FAIL;
	plenum_db *db = NULL;
	plenum_diag d = {0};
	int rc = plenum_db_open(path, &db, &d);
	if (rc == PLENUM_OK)
		rc = add_guest(db, &d);
	plenum_db_close(db);
	if (rc != PLENUM_OK) {
		remove(path);
		return cl_report("serve", rc, &d);
	}
	fprintf(stderr, "plenum serve: created %s with the demo federation; sign in as %s with "
	                "the password %s\n", path, DEMO_EMAIL, DEMO_PASSWORD);
	return CL_OK;
}

static int parse_int(const char *opt, const char *s, int lo, int hi, int *out)
{
	int64_t v;
	if (!cl_parse_int64("serve", opt, s, &v))
		return 0;
	if (v < lo || v > hi) {
		cl_usage("serve", "%s %s: give a number from %d to %d", opt, s, lo, hi);
		return 0;
	}
	*out = (int)v;
	return 1;
}

/* The options that take a value, each named once: where it goes in hx_options, and for a
 * number its range (hi 0: a text). */
typedef struct serve_opt {
	const char *name;
	size_t at;
	int lo, hi;
} serve_opt;

static const serve_opt serve_opts[] = {
	{"--db", offsetof(hx_options, db_path), 0, 0},
	{"--port", offsetof(hx_options, port), 0, 65535},
	{"--bind", offsetof(hx_options, bind), 0, 0},
	{"--threads", offsetof(hx_options, threads), 1, 256},
	{"--economy", offsetof(hx_options, economy), 0, 0},
	{"--tls-cert", offsetof(hx_options, tls_cert), 0, 0},
	{"--tls-key", offsetof(hx_options, tls_key), 0, 0},
	{"--port-file", offsetof(hx_options, port_file), 0, 0},
	{"--login-limit", offsetof(hx_options, login_limit), 1, 16}, /* 4N fits the limiter's 64 */
};

static const serve_opt *serve_opt_find(const char *name)
{
	for (size_t k = 0; k < sizeof serve_opts / sizeof serve_opts[0]; k++)
		if (strcmp(name, serve_opts[k].name) == 0)
			return &serve_opts[k];
	return NULL;
}

static int parse_args(int argc, char **argv, hx_options *o)
{
	for (int k = 1; k < argc; k++) {
		const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
		if (strcmp(a, "--tls-proxy") == 0) {
			o->tls_proxy = 1;
			continue;
		}
		const serve_opt *opt = serve_opt_find(a);
		if (!opt) /* an unknown option is that, with or without a value */
			return cl_usage("serve", "unknown option '%s'", a), 0;
		if (!v)
			return cl_usage("serve", "%s needs a value", a), 0;
		char *field = (char *)o + opt->at;
		if (!opt->hi)
			memcpy(field, &v, sizeof v); /* a const char * member */
		else if (!parse_int(a, v, opt->lo, opt->hi, (int *)(void *)field))
			return 0;
		k++;
	}
	if (!o->tls_cert != !o->tls_key)
		return cl_usage("serve", "--tls-cert and --tls-key go together: give both"), 0;
	return 1;
}

static int run(int argc, char **argv)
{
	hx_options o = {.bind = "127.0.0.1", .port = 8080};
	char path[4096], econ[4096];
	if (!parse_args(argc, argv, &o))
		return CL_USAGE;
	if (!o.economy)
		o.economy = demo_economy(econ, sizeof econ);
	if (!o.db_path) {
		default_db(path, sizeof path);
		o.db_path = path;
		if (access(path, F_OK) != 0 && load_demo(path, o.economy) != CL_OK)
			return CL_FAIL;
	}
	return hx_serve(&o) == 0 ? CL_OK : CL_FAIL;
}
#else
static int run(int argc, char **argv)
{
	char path[16];
	(void)argc;
	(void)argv;
	(void)default_db;
	(void)path;
	return cl_error("serve", "this plenum was built without libmicrohttpd and jansson: "
	                         "install libmicrohttpd-dev and libjansson-dev and rebuild");
}
#endif

const cl_command cl_cmd_serve = {
	"serve",
	"serve [--db FILE] [--port 8080] [--bind 127.0.0.1] [--economy DIR] [--threads N] "
	"[--tls-cert PEM --tls-key PEM | --tls-proxy] [--port-file FILE] [--login-limit N]",
	"serve the JSON API and the web interface",
	"Serves the JSON API (docs/api.md) under /api/ and the web interface (docs/web.md) at /,\n"
	"from the database FILE (created when missing). Without --db it uses\n"
	"$XDG_DATA_HOME/plenum/plenum.db (or ~/.local/share/plenum/plenum.db), created on first\n"
	"run with the demo federation (plenum demo) and a guest who can sign in.\n"
	"\n"
	"  --db FILE          the SQLite database of councils, members, motions, the audit log\n"
	"  --port N           TCP port (default 8080; 0 picks a free one and prints it)\n"
	"  --bind ADDR        address to listen on (default 127.0.0.1; 0.0.0.0 for every one)\n"
	"  --economy DIR      economy for the product explorer and the plan (directory or\n"
	"                     binary file); the plan is computed in the background at start;\n"
	"                     default: tests/data/uk_ons_2010/economy when it is there (in\n"
	"                     the working directory or above the binary's directory)\n"
	"  --threads N        request threads (default 4)\n"
	"  --tls-cert PEM     serve HTTPS with this certificate (chain) ...\n"
	"  --tls-key PEM      ... and its private key; session cookies get Secure\n"
	"  --tls-proxy        behind a reverse proxy that ends TLS: session cookies get Secure\n"
	"                     and the client address for the sign-in limits is the last\n"
	"                     X-Forwarded-For entry (bind to 127.0.0.1 so that only the proxy\n"
	"                     reaches the server)\n"
	"  --port-file FILE   write the port there once listening (for scripts and tests)\n"
	"  --login-limit N    failed sign-ins per account per 15 minutes, 1 to 16 (default 5;\n"
	"                     per client address 4N; join requests per address 2N)\n"
	"\n"
	"SIGTERM or SIGINT stops it gracefully: no new connections, requests in flight finish,\n"
	"a background computation gets 5 seconds more (it writes nothing), the database is\n"
	"closed.\n",
	run,
};
