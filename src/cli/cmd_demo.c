/* plenum demo: builds a small federation in a fresh database with real products from the UK
 * ONS 2010 input-output table: councils, members, needs and abilities, delegates elected by
 * STV, a recall and the election after it, a binding mandate, and a plan adoption by Schulze
 * with the workplaces' targets and reports. Every step goes through the public API, so the
 * rules and the audit log apply as they would to anyone. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "cli/commands_council.h"

/* The demo's products when no economy directory is found: keys, names and unit as in the UK
 * ONS Input-Output Analytical Tables 2010 (tests/data/uk_ons_2010, Open Government Licence). */
static const plenum_product_row builtin[] = {
	{"10-5", "Dairy products", "£m 2010"},
	{"10-7", "Bakery and farinaceous products", "£m 2010"},
	{"35-1", "Electricity, transmission and distribution", "£m 2010"},
	{"36", "Natural water; water treatment and supply services", "£m 2010"},
	{"86", "Human health services", "£m 2010"},
};

typedef struct demo {
	plenum_db *db;
	plenum_diag d;
	int rc, quiet;
	int64_t fed, north, south, bakery, dairy;
	int64_t m[10]; /* members */
} demo;

#define STEP(x)                                \
	do {                                   \
		if (!g->rc)                    \
			g->rc = (x);           \
	} while (0)

static void say(demo *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(demo *g, const char *fmt, ...)
{
	if (g->rc || g->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static int64_t council(demo *g, plenum_council_kind kind, const char *name, const char *place,
                       int64_t parent)
{
	plenum_council_spec s = {.kind = kind, .name = name, .place = place, .parent = parent};
	int64_t id = 0;
	STEP(plenum_council_create(g->db, PLENUM_ACTOR_ADMIN, &s, &id, &g->d));
	return id;
}

/* The economy given (--economy), else tests/data/uk_ons_2010/economy when present, else
 * NULL (the built-in products); read and checked before the database is touched, so that
 * a wrong one leaves nothing half-built: the demo's needs, links and targets name the UK
 * table's products. */
static int demo_economy(const char *dir, plenum_economy **e)
{
	struct stat st;
	plenum_diag d = {0};
	*e = NULL;
	if (!dir && stat("tests/data/uk_ons_2010/economy", &st) == 0)
		dir = "tests/data/uk_ons_2010/economy";
	if (!dir)
		return CL_OK;
	int rc = plenum_economy_open(dir, 0, e, &d);
	if (rc)
		return cl_report("demo", rc, &d);
	for (size_t k = 0; k < sizeof builtin / sizeof builtin[0]; k++)
		if (plenum_product_find(*e, builtin[k].key) < 0) {
			plenum_economy_free(*e);
			*e = NULL;
			return cl_error("demo", "economy %s has no product '%s': the demo uses the UK "
			                "ONS 2010 table's products (10-5, 10-7, 35-1, 36, 86); give "
			                "its economy directory, or leave --economy out", dir,
			                builtin[k].key);
		}
	return CL_OK;
}

static int products(demo *g, const plenum_economy *e)
{
	if (!e) {
		say(g, "products: %d from the UK ONS 2010 table (built in)",
		    (int)(sizeof builtin / sizeof builtin[0]));
		return plenum_products_register(g->db, PLENUM_ACTOR_ADMIN, builtin,
		                                (int64_t)(sizeof builtin / sizeof builtin[0]), &g->d);
	}
	int64_t n = 0, cleaned = 0;
	plenum_product_row *rows = cc_products(e, &n, &cleaned);
	int rc = rows ? plenum_products_register(g->db, PLENUM_ACTOR_ADMIN, rows, n, &g->d)
	              : PLENUM_ENOMEM;
	if (!rc)
		say(g, "products: %lld from the economy (%lld control characters in names made "
		    "spaces)", (long long)n, (long long)cleaned);
	cc_products_free(rows, n);
	return rc;
}

static void people(demo *g)
{
	static const char *const names[10] = {"Amara", "Bruno", "Chen", "Dara", "Eilidh",
	                                      "Farid", "Grace", "Hamza", "Ines", "Jonas"};
	for (int k = 0; k < 10; k++) {
		STEP(plenum_member_create(g->db, PLENUM_ACTOR_ADMIN, names[k], NULL, NULL, &g->m[k],
		                          &g->d));
		STEP(plenum_membership_add(g->db, PLENUM_ACTOR_ADMIN, k < 5 ? g->north : g->south,
		                           g->m[k], &g->d));
		if (k % 2 == 0) /* half of them work at the bakery or the dairy as well */
			STEP(plenum_membership_add(g->db, PLENUM_ACTOR_ADMIN,
			                           k % 4 == 0 ? g->bakery : g->dairy, g->m[k], &g->d));
	}
	say(g, "members: 10, five in each neighbourhood; five also in a workplace");
}

/* Needs per plan period (£m 2010 of each product, the table's unit) and hours offered. */
static void needs(demo *g)
{
	static const struct {
		const char *product;
		double quantity;
		int priority;
	} want[] = {{"10-7", 0.4, 1}, {"10-5", 0.3, 1}, {"35-1", 0.5, 2}, {"36", 0.2, 1},
	            {"86", 0.6, 1}};
	for (int k = 0; k < 10; k++) {
		int64_t home = k < 5 ? g->north : g->south;
		for (int p = 0; p < 5; p++)
			STEP(plenum_need_set(g->db, g->m[k], g->m[k], home, want[p].product,
			                     want[p].quantity * (1 + 0.1 * (k % 3)), want[p].priority,
			                     &g->d));
		if (k % 2 == 0)
			STEP(plenum_ability_set(g->db, g->m[k], g->m[k], k % 4 == 0 ? g->bakery : g->dairy,
			                        28 + k, k % 4 == 0 ? "baking" : "milking, cheese", &g->d));
	}
	say(g, "needs: each member states 5 needs in their neighbourhood; 5 offer hours");
}

/* Opens an election in council (all members stand), casts ranked ballots so that the
 * candidate at index pick wins, closes it. Returns the motion. */
static int64_t elect(demo *g, int64_t council, int64_t opener, const int64_t *voters, int nv,
                     int pick, int64_t motion)
{
	plenum_motion_spec s = {.council = council, .kind = PLENUM_MOTION_ELECTION,
	                        .title = "Delegate to the federation", .seats = 1,
	                        .mandate = "Carry the council's needs; report back after each "
	                                   "assembly"};
	if (!motion)
		STEP(plenum_motion_open(g->db, opener, &s, &motion, &g->d));
	plenum_motion m;
	STEP(plenum_motion_get(g->db, motion, &m, &g->d));
	int64_t n = g->rc ? 0 : m.n_options, marks[16];
	for (int v = 0; v < nv && n <= 16; v++) {
		for (int64_t i = 0; i < n; i++) /* pick first, then the others in order */
			marks[i] = i == pick ? 1 : i < pick ? i + 2 : i + 1;
		for (int64_t j = 0; v == nv - 1 && j < n; j++) /* one voter puts the second first */
			if (marks[j] == 2)
				marks[j] = 1, marks[pick] = 2;
		STEP(plenum_ballot_cast(g->db, voters[v], motion, marks, n, NULL, NULL, &g->d));
	}
	STEP(plenum_motion_close(g->db, m.opener, motion, &g->d));
	return motion;
}

static int take(void *ud, const plenum_delegate *x)
{
	*(int64_t *)ud = x->id;
	return 1;
}

static int64_t seat_of(demo *g, int64_t council)
{
	int64_t seat = 0;
	STEP(plenum_delegate_list(g->db, council, 0, take, &seat, &g->d));
	return seat;
}

/* The member seated for council now, and their name (copied into name). */
static int64_t delegate_of(demo *g, int64_t council, char *name, size_t len)
{
	plenum_delegate x;
	int64_t seat = seat_of(g, council);
	name[0] = 0;
	STEP(plenum_delegate_get(g->db, seat, &x, &g->d));
	if (g->rc)
		return 0;
	snprintf(name, len, "%s", x.name);
	return x.member;
}

static void elections(demo *g)
{
	int64_t north[5], south[5];
	char a[64], b[64];
	for (int k = 0; k < 5; k++)
		north[k] = g->m[k], south[k] = g->m[5 + k];
	int64_t e1 = elect(g, g->north, g->m[1], north, 5, 0, 0);
	int64_t e2 = elect(g, g->south, g->m[6], south, 5, 2, 0);
	delegate_of(g, g->north, a, sizeof a);
	delegate_of(g, g->south, b, sizeof b);
	say(g, "elections %lld and %lld (STV, one seat each): North bank seats %s, South bank "
	       "seats %s", (long long)e1, (long long)e2, a, b);
}

/* North bank recalls its delegate; the seat is vacated at once and an election opens. */
static int take_motion(void *ud, const plenum_motion *m)
{
	*(int64_t *)ud = m->id;
	return 1;
}

static void recall(demo *g)
{
	int64_t seat = seat_of(g, g->north), motion = 0, north[5];
	plenum_motion_spec s = {.council = g->north, .kind = PLENUM_MOTION_RECALL,
	                        .title = "Recall our delegate: she voted for the road, we did not",
	                        .recall = seat};
	STEP(plenum_motion_open(g->db, g->m[3], &s, &motion, &g->d));
	for (int k = 0; k < 5; k++) {
		int64_t marks[3] = {k != 0, k == 0, 0};
		north[k] = g->m[k];
		STEP(plenum_ballot_cast(g->db, g->m[k], motion, marks, 3, NULL, NULL, &g->d));
	}
	STEP(plenum_motion_close(g->db, g->m[3], motion, &g->d));
	plenum_result *r = NULL;
	STEP(plenum_motion_result(g->db, motion, &r, &g->d));
	say(g, "recall: motion %lld %s, %lld yes to %lld no; seat %lld vacated at once",
	    (long long)motion, r && r->passed ? "passed" : "failed", (long long)(r ? r->yes : 0),
	    (long long)(r ? r->no : 0), (long long)seat);
	plenum_result_free(r);
	int64_t open = 0;
	STEP(plenum_motion_list(g->db, g->north, PLENUM_MOTION_OPEN, NULL, take_motion, &open, &g->d));
	elect(g, g->north, 0, north, 5, 2, open); /* the election the recall opened */
	char name[64];
	delegate_of(g, g->north, name, sizeof name);
	say(g, "election %lld (opened by the recall): North bank seats %s", (long long)open, name);
}

/* The federation votes on a priority; South bank binds its delegate first. */
static void mandate(demo *g)
{
	int64_t fm = 0, bind = 0;
	char na[64], sa[64];
	int64_t north_delegate = delegate_of(g, g->north, na, sizeof na);
	int64_t south_delegate = delegate_of(g, g->south, sa, sizeof sa);
	plenum_motion_spec s = {.council = g->fed, .kind = PLENUM_MOTION_PRIORITY,
	                        .title = "Health services before new roads"};
	STEP(plenum_motion_open(g->db, south_delegate, &s, &fm, &g->d));
	plenum_motion_spec b = {.council = g->south, .kind = PLENUM_MOTION_GENERAL,
	                        .title = "How our delegate votes on health before roads",
	                        .binds = fm};
	STEP(plenum_motion_open(g->db, g->m[5], &b, &bind, &g->d));
	for (int k = 5; k < 10; k++) {
		int64_t marks[3] = {1, 2, 3}; /* yes first */
		STEP(plenum_ballot_cast(g->db, g->m[k], bind, marks, 3, NULL, NULL, &g->d));
	}
	STEP(plenum_motion_close(g->db, g->m[5], bind, &g->d));
	int64_t no[3] = {0, 1, 0}, yes[3] = {1, 0, 0};
	plenum_diag refused;
	int r = g->rc ? 0 : plenum_ballot_cast(g->db, south_delegate, fm, no, 3, NULL, NULL, &refused);
	if (!g->rc && r != PLENUM_EDENIED)
		g->rc = r ? r : PLENUM_EINVAL;
	say(g, "mandate: South bank bound %s to 'yes'; %s's 'no' ballot was refused (%s) and "
	       "South bank was told", sa, sa, plenum_status_name(r));
	STEP(plenum_ballot_cast(g->db, south_delegate, fm, yes, 3, NULL, NULL, &g->d));
	STEP(plenum_ballot_cast(g->db, north_delegate, fm, yes, 3, NULL, NULL, &g->d));
	STEP(plenum_motion_close(g->db, south_delegate, fm, &g->d));
	plenum_motion m;
	STEP(plenum_motion_get(g->db, fm, &m, &g->d));
	say(g, "priority motion %lld %s; the delegates' ballots (%s, %s) are public",
	    (long long)fm, !g->rc && m.passed ? "passed" : "failed", na, sa);
}

typedef struct totals {
	double bread, dairy;
} totals;

static int total_cb(void *ud, const plenum_need_total *t)
{
	totals *x = ud;
	if (strcmp(t->product, "10-7") == 0)
		x->bread = t->quantity;
	if (strcmp(t->product, "10-5") == 0)
		x->dairy = t->quantity;
	return 0;
}

/* Plan adoption: two variants plus the status quo, Schulze. Each variant carries the targets
 * it gives the bakery and the dairy (taken from the summed needs: the table's labour row is
 * compensation in money, not hours, so the demo does not ask the planner); closing the motion
 * stores the winner and publishes its targets. */
static void plan(demo *g)
{
	totals t = {0, 0};
	int64_t motion = 0;
	STEP(plenum_workplace_link(g->db, PLENUM_ACTOR_ADMIN, g->bakery, "uk_ons_2010", "10-7",
	                           &g->d));
	STEP(plenum_workplace_link(g->db, PLENUM_ACTOR_ADMIN, g->dairy, "uk_ons_2010", "10-5",
	                           &g->d));
	STEP(plenum_council_needs(g->db, g->fed, total_cb, &t, &g->d));
	plenum_target full[2] = {{g->bakery, "10-7", "10-7", t.bread},
	                         {g->dairy, "10-5", "10-5", t.dairy}};
	plenum_target ninety[2] = {{g->bakery, "10-7", "10-7", t.bread * 0.9},
	                           {g->dairy, "10-5", "10-5", t.dairy * 0.9}};
	plenum_plan_proposal p[2] = {
		{"Needs met in full", "full", "every stated need met", full, 2},
		{"Needs at 90 %, shorter working week", "ninety", "90 % of every need", ninety, 2}};
	plenum_plan_motion_spec s = {.federation = g->fed, .title = "Plan for 2027",
	                             .period = "2027", .proposals = p, .n_proposals = 2};
	char na[64], sa[64];
	int64_t north = delegate_of(g, g->north, na, sizeof na);
	int64_t south = delegate_of(g, g->south, sa, sizeof sa);
	STEP(plenum_plan_motion_open(g->db, north, &s, &motion, &g->d));
	int64_t first[3] = {1, 2, 3}, second[3] = {2, 1, 3};
	STEP(plenum_ballot_cast(g->db, north, motion, first, 3, NULL, NULL, &g->d));
	STEP(plenum_ballot_cast(g->db, south, motion, second, 3, NULL, NULL, &g->d));
	STEP(plenum_motion_close(g->db, north, motion, &g->d)); /* stores and publishes */
	plenum_motion m;
	STEP(plenum_motion_get(g->db, motion, &m, &g->d));
	const plenum_target *won = !g->rc && m.winner == 1 ? ninety : full;
	STEP(plenum_output_report(g->db, g->m[0], g->bakery, "2027", "10-7", won[0].quantity * 0.95,
	                          &g->d));
	STEP(plenum_output_report(g->db, g->m[2], g->dairy, "2027", "10-5", won[1].quantity,
	                          &g->d));
	say(g, "plan adoption: motion %lld (Schulze, with the status quo) adopted '%s'; closing it "
	       "published the targets: bakery %.3f, dairy %.3f (£m 2010, from the summed needs); "
	       "reports in", (long long)motion,
	    g->rc ? "?" : m.winner == m.status_quo ? "status quo" : p[m.winner].label,
	    won[0].quantity, won[1].quantity);
}

static int has_council(void *ud, const plenum_council *c)
{
	(void)c;
	*(int *)ud = 1;
	return 1;
}

static void build(demo *g, const plenum_economy *economy)
{
	int used = 0;
	STEP(plenum_council_list(g->db, -1, has_council, &used, &g->d));
	if (!g->rc && used)
		g->rc = PLENUM_ECONFLICT, snprintf(g->d.message, sizeof g->d.message,
		                                   "the database has councils already: give the demo "
		                                   "a new file");
	STEP(products(g, economy));
	g->fed = council(g, PLENUM_FEDERATION, "Riverside federation", "Riverside", 0);
	g->north = council(g, PLENUM_NEIGHBOURHOOD, "North bank", "Riverside north", g->fed);
	g->south = council(g, PLENUM_NEIGHBOURHOOD, "South bank", "Riverside south", g->fed);
	g->bakery = council(g, PLENUM_WORKPLACE, "Riverside bakery", "Mill lane", g->fed);
	g->dairy = council(g, PLENUM_WORKPLACE, "Riverside dairy", "Farm road", g->fed);
	say(g, "councils: federation %lld with North bank %lld, South bank %lld, bakery %lld, "
	       "dairy %lld", (long long)g->fed, (long long)g->north, (long long)g->south,
	    (long long)g->bakery, (long long)g->dairy);
	people(g);
	needs(g);
	elections(g);
	recall(g);
	mandate(g);
	plan(g);
}

static int run(int argc, char **argv)
{
	cc_args a;
	demo state = {0}, *g = &state;
	plenum_economy *e;
	if (!cc_parse(&a, "demo", argc, argv, 0, "--economy", ""))
		return CL_USAGE;
	g->quiet = cc_has(&a, "--json");
	if (demo_economy(cc_get(&a, "--economy"), &e))
		return CL_FAIL;
	if (!(g->db = cc_open_new(&a))) {
		plenum_economy_free(e);
		return CL_FAIL;
	}
	build(g, e);
	plenum_economy_free(e);
	int64_t bad = 0, events = 0;
	STEP(plenum_audit_verify(g->db, &bad, &events, &g->d));
	if (!g->rc && bad)
		g->rc = PLENUM_EDB;
	say(g, "audit: %lld events, the chain verifies", (long long)events);
	if (!g->rc && g->quiet)
		printf("{\"federation\":%lld,\"events\":%lld,\"chain_ok\":true}\n",
		       (long long)g->fed, (long long)events);
	plenum_db_close(g->db);
	return g->rc ? cl_report("demo", g->rc, &g->d) : CL_OK;
}

const cl_command cl_cmd_demo = {
	"demo", "demo --db FILE [--economy DIR] [--json]",
	"build a small federation: members, needs, delegates, a recall, a plan adoption",
	"Builds, in a new database, a federation of two neighbourhood councils and two\n"
	"workplaces with ten members and real products from the UK ONS 2010 input-output\n"
	"table (--economy DIR, else tests/data/uk_ons_2010/economy when present, else five of its\n"
	"products built in). Then: needs and hours, delegates elected by STV, a recall that\n"
	"vacates a seat at once and the election it opens, a binding mandate that refuses a\n"
	"delegate's ballot against it, and a plan adoption by Schulze against the status quo\n"
	"with the workplaces' targets (taken from the summed needs) and output reports. Every\n"
	"step goes through the library's rules and the audit log; the chain is verified last.\n"
	"Explore the result with plenum council|motion|delegate|audit --db FILE.\n",
	run,
};
