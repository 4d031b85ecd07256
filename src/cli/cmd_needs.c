/* plenum needs: register products from an economy, state needs, list a member's or a
 * council's (a federation's: summed over its councils). */
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/commands_council.h"

static int list_cb(void *ud, const plenum_product_row *p)
{
	cc_out *o = ud;
	cc_row(o);
	cc_str(o, "key", p->key);
	cc_str(o, "name", p->name);
	cc_str(o, "unit", p->unit);
	cc_row_end(o);
	return 0;
}

static int n_products(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	plenum_economy *e = NULL;
	if (!cc_parse(&a, "needs", argc, argv, 0, "--economy", ""))
		return CL_USAGE;
	plenum_db *db = cc_open_new(&a);
	if (!db)
		return CL_FAIL;
	const char *dir = cc_get(&a, "--economy");
	int rc = dir ? plenum_economy_open(dir, 0, &e, &d) : PLENUM_OK;
	int64_t n = 0, cleaned = 0;
	plenum_product_row *rows = e ? cc_products(e, &n, &cleaned) : NULL;
	if (!rc && dir && !rows)
		rc = PLENUM_ENOMEM;
	if (!rc && dir)
		rc = plenum_products_register(db, cc_actor(&a), rows, n, &d);
	for (int64_t i = 0; !rc && cleaned && i < n; i++) /* named by the first product */
		if (strcmp(rows[i].name, plenum_product_name(e, i)) != 0 ||
		    strcmp(rows[i].unit, plenum_product_unit(e, i)) != 0) {
			fprintf(stderr, "plenum needs: warning: %lld control characters in product "
			        "names or units became spaces (the first in product '%s' of %s)\n",
			        (long long)cleaned, rows[i].key, dir);
			break;
		}
	cc_products_free(rows, n);
	plenum_economy_free(e);
	cc_out o;
	if (!rc && !dir) {
		cc_begin(&o, cc_has(&a, "--json"));
		rc = plenum_product_list(db, list_cb, &o, &d);
		cc_end(&o);
	} else if (!rc) {
		printf("%lld products registered\n", (long long)n);
	}
	plenum_db_close(db);
	return rc ? cc_fail(&a, rc, &d) : CL_OK;
}

static int n_set(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t member, council, priority;
	double q;
	if (!cc_parse(&a, "needs", argc, argv, 0, "--member --council --product --quantity --priority",
	              "") ||
	    !cc_int(&a, "--member", 0, &member) || !cc_int(&a, "--council", 0, &council) ||
	    !cc_num(&a, "--quantity", -1, &q) || !cc_int(&a, "--priority", 3, &priority))
		return CL_USAGE;
	if (!cc_get(&a, "--quantity"))
		return cl_usage("needs", "give --quantity (0 removes the need)");
	if (priority < 1 || priority > 5)
		return cl_usage("needs", "--priority needs 1 (highest) to 5, got %lld",
		                (long long)priority);
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = plenum_need_set(db, cc_actor(&a), member, council, cc_get(&a, "--product"), q,
	                         (int)priority, &d);
	plenum_db_close(db);
	return cc_done(&a, rc, &d);
}

static int need_cb(void *ud, const plenum_need *n)
{
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "member", n->member);
	cc_i64(o, "council", n->council);
	cc_str(o, "product", n->product);
	cc_str(o, "name", n->name);
	cc_str(o, "unit", n->unit);
	cc_dbl(o, "quantity", n->quantity);
	cc_i64(o, "priority", n->priority);
	cc_row_end(o);
	return 0;
}

int cc_need_total_row(void *ud, const plenum_need_total *t)
{
	cc_out *o = ud;
	cc_row(o);
	cc_str(o, "product", t->product);
	cc_str(o, "name", t->name);
	cc_str(o, "unit", t->unit);
	cc_dbl(o, "quantity", t->quantity);
	cc_dbl(o, "priority", t->priority);
	cc_i64(o, "members", t->members);
	cc_row_end(o);
	return 0;
}

static int n_list(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	cc_out o;
	int64_t id, council;
	int of_council = strcmp(argv[0], "council") == 0;
	if (!cc_parse(&a, "needs", argc, argv, 1, "--council", "") ||
	    !cc_pos_int(&a, 0, of_council ? "council id" : "member id", &id) ||
	    !cc_int(&a, "--council", 0, &council))
		return CL_USAGE;
	plenum_db *db = cc_rows_open(&a, &o);
	if (!db)
		return CL_FAIL;
	int rc = of_council ? plenum_council_needs(db, id, cc_need_total_row, &o, &d)
	                    : plenum_member_needs(db, id, council, need_cb, &o, &d);
	return cc_rows_close(&a, db, &o, rc, &d);
}

static const cc_sub subs[] = {
	{"products", n_products, "products --db F [--economy DIR]   register (admin) or list"},
	{"set", n_set, "set --db F --member M --council C --product KEY --quantity Q "
	               "[--priority 1..5] [--as M]"},
	{"list", n_list, "list MEMBER --db F [--council C]"},
	{"council", n_list, "council ID --db F     the council's (federation's) summed needs"},
};

CC_RUN_SUBS("needs")

const cl_command cl_cmd_needs = {
	"needs", "needs SUBCOMMAND --db FILE [--json] [--as MEMBER] ...",
	"needs: products, members' needs per period, council and federation sums",
	"Subcommands:\n"
	"  products [--economy DIR]   (admin) register the economy's products; without\n"
	"                             --economy, list the registered products\n"
	"  set --member M --council C --product KEY --quantity Q [--priority 1..5]\n"
	"                             a need per plan period (0 removes it; priority 1 highest)\n"
	"  list MEMBER [--council C]  a member's needs\n"
	"  council ID                 the council's needs: the sum of its members'; a\n"
	"                             federation's: the sum of its councils'\n",
	run,
};
