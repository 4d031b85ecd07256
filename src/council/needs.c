/* Products, needs and abilities: members state them per council; councils and federations
 * sum them (a federation: over its councils, recursively). */
#include <math.h>
#include <string.h>
#include "council/ct.h"

static int register_one(plenum_db *db, int64_t actor, const plenum_product_row *p,
                        plenum_diag *d)
{
	int rc = ct_check_name(d, "the product key", p->key, 1);
	if (!rc)
		rc = ct_check_name(d, "the product name", p->name, 0);
	if (!rc)
		rc = ct_check_name(d, "the product unit", p->unit, 0);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_product_put, NULL, d, "ttt", p->key,
		                  p->name ? p->name : "", p->unit ? p->unit : "");
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_str(&j, "product", p->key);
	ct_js_str(&j, "name", p->name);
	ct_js_str(&j, "unit", p->unit);
	return ct_event(db, actor, 0, "product.register", &j, d);
}

int plenum_products_register(plenum_db *db, int64_t actor, const plenum_product_row *rows,
                             int64_t n, plenum_diag *d)
{
	CT_ENTER(db, d);
	int rc = actor == PLENUM_ACTOR_ADMIN
	                 ? ct_begin(db, d)
	                 : ut_fail(d, PLENUM_EDENIED, "only the admin registers products");
	int inner = PLENUM_OK;
	for (int64_t i = 0; !rc && !inner && i < n; i++)
		if ((inner = register_one(db, actor, &rows[i], d))) {
			char why[PLENUM_DIAG_LEN];
			snprintf(why, sizeof why, "%s", d->message);
			ut_fail(d, inner, "product %lld (%.100s): %.380s", (long long)i,
			        rows[i].key ? rows[i].key : "", why);
		}
	if (!rc)
		rc = ct_end(db, inner, d);
	return ct_leave(db, rc, d);
}

int plenum_product_list(plenum_db *db, int (*fn)(void *, const plenum_product_row *), void *ud,
                        plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	int r = 0, rc = st_query_run(db->st, ST_Q_product_list, &s, d, "");
	plenum_product_row p;
	while (!rc && (r = st_next(s, d)) == 1) {
		p.key = st_text(s, 0), p.name = st_text(s, 1), p.unit = st_text(s, 2);
		if (fn(ud, &p)) {
			st_done(s);
			break;
		}
	}
	return ct_leave(db, rc ? rc : r < 0 ? -r : PLENUM_OK, d);
}

/* The member themself or the admin, about a member of a non-federation council. */
static int may_state(plenum_db *db, int64_t actor, int64_t member, int64_t council,
                     plenum_diag *d)
{
	ct_council c;
	int rc = ct_council_load(db, council, &c, d);
	if (!rc)
		rc = ct_member_exists(db, member, d);
	if (rc)
		return rc;
	if (actor != PLENUM_ACTOR_ADMIN && actor != member)
		return ut_fail(d, PLENUM_EDENIED, "member %lld may not state member %lld's needs or "
		               "abilities", (long long)actor, (long long)member);
	if (c.kind == PLENUM_FEDERATION || !ct_is_member(db, council, member))
		return ut_fail(d, PLENUM_EDENIED, "member %lld is not a member of council %lld: state "
		               "needs and abilities in your own workplace or neighbourhood council",
		               (long long)member, (long long)council);
	return PLENUM_OK;
}

static int set_need(plenum_db *db, int64_t actor, int64_t member, int64_t council,
                    const char *product, double q, int priority, plenum_diag *d)
{
	int64_t one;
	int rc = st_query_int(db->st, ST_Q_product_exists, &one, d, "t", product);
	if (rc == PLENUM_ENOTFOUND)
		return ut_fail(d, rc, "product '%s' is not registered: see 'plenum needs products'",
		               product);
	if (rc)
		return rc;
	rc = q > 0 ? st_query_run(db->st, ST_Q_need_put, NULL, d, "iitdi", member, council, product,
	                          q, (int64_t)priority)
	           : st_query_run(db->st, ST_Q_need_delete, NULL, d, "iit", member, council,
	                          product);
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "member", member);
	ct_js_int(&j, "council", council);
	ct_js_str(&j, "product", product);
	ct_js_num(&j, "quantity", q);
	ct_js_int(&j, "priority", priority);
	return ct_event(db, actor, council, "need.set", &j, d);
}

static int need_tx(plenum_db *db, int64_t actor, int64_t member, int64_t council,
                   const char *product, double quantity, int priority, plenum_diag *d)
{
	int rc = may_state(db, actor, member, council, d);
	return rc ? rc : set_need(db, actor, member, council, product, quantity, priority, d);
}

int plenum_need_set(plenum_db *db, int64_t actor, int64_t member, int64_t council,
                    const char *product, double quantity, int priority, plenum_diag *d)
{
	CT_ENTER(db, d);
	int rc = ct_check_name(d, "the product key", product, 1);
	if (!rc && (!isfinite(quantity) || quantity < 0 || quantity >= PLENUM_QUANTITY_MAX))
		rc = ut_fail(d, PLENUM_EINVAL, "quantity %g of %s: give a number from 0 to below "
		             "1e15", quantity, product);
	if (!rc && (priority < 1 || priority > 5))
		rc = ut_fail(d, PLENUM_EINVAL, "priority %d: give 1 (highest) to 5", priority);
	quantity += 0.0; /* -0 is 0 */
	if (!rc)
		rc = ct_begin(db, d); /* membership read under the write lock, as it is written */
	if (!rc)
		rc = ct_end(db, need_tx(db, actor, member, council, product, quantity, priority, d),
		            d);
	return ct_leave(db, rc, d);
}

int plenum_member_needs(plenum_db *db, int64_t member, int64_t council,
                        int (*fn)(void *, const plenum_need *), void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	int r = 0, rc = ct_member_exists(db, member, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_need_list, &s, d, "ii", member, council);
	plenum_need n;
	while (!rc && (r = st_next(s, d)) == 1) {
		n.member = st_int(s, 0), n.council = st_int(s, 1), n.product = st_text(s, 2);
		n.name = st_text(s, 3), n.unit = st_text(s, 4), n.quantity = st_double(s, 5);
		n.priority = (int)st_int(s, 6);
		if (fn(ud, &n)) {
			st_done(s);
			break;
		}
	}
	return ct_leave(db, rc ? rc : r < 0 ? -r : PLENUM_OK, d);
}

int plenum_council_needs(plenum_db *db, int64_t council, int (*fn)(void *, const plenum_need_total *),
                         void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	ct_council c;
	st_stmt *s;
	int r = 0, rc = ct_council_load(db, council, &c, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_need_totals, &s, d, "i", council);
	plenum_need_total t;
	while (!rc && (r = st_next(s, d)) == 1) {
		t.product = st_text(s, 0), t.name = st_text(s, 1), t.unit = st_text(s, 2);
		/* sums without the noise of adding binary fractions (0.005000000000000001) */
		t.quantity = ut_round15(st_double(s, 3)), t.priority = ut_round15(st_double(s, 4));
		t.members = st_int(s, 5);
		if (fn(ud, &t)) {
			st_done(s);
			break;
		}
	}
	return ct_leave(db, rc ? rc : r < 0 ? -r : PLENUM_OK, d);
}

static int set_ability(plenum_db *db, int64_t actor, int64_t member, int64_t council,
                       double hours, const char *skills, plenum_diag *d)
{
	int rc = hours > 0 ? st_query_run(db->st, ST_Q_ability_put, NULL, d, "iidt", member, council,
	                                  hours, skills ? skills : "")
	                   : st_query_run(db->st, ST_Q_ability_delete, NULL, d, "ii", member,
	                                  council);
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "member", member);
	ct_js_int(&j, "council", council);
	ct_js_num(&j, "hours", hours);
	ct_js_str(&j, "skills", skills);
	return ct_event(db, actor, council, "ability.set", &j, d);
}

/* A member's hours in all councils together fit in a week (168 in each of four councils were
 * planned as 957 hours a week of five people). */
static int week_left(plenum_db *db, int64_t member, int64_t council, double hours,
                     plenum_diag *d)
{
	double elsewhere = 0;
	st_stmt *s;
	int rc = st_query_run(db->st, ST_Q_ability_elsewhere, &s, d, "ii", member, council);
	int r = rc ? -rc : st_next(s, d);
	if (r == 1) {
		elsewhere = st_double(s, 0);
		st_done(s);
	}
	rc = r < 0 ? -r : PLENUM_OK;
	if (!rc && elsewhere + hours > 168 * (1 + 1e-12)) /* (0.8 + 128.8 + 38.4: 168 + 3e-14) */
		rc = ut_fail(d, PLENUM_EINVAL, "%.15g hours a week here and %.15g in other councils "
		             "are more than a week's 168: give at most %.15g here", hours, elsewhere,
		             fmax(0, 168 - elsewhere));
	return rc;
}

static int ability_tx(plenum_db *db, int64_t actor, int64_t member, int64_t council,
                      double hours, const char *skills, plenum_diag *d)
{
	int rc = may_state(db, actor, member, council, d);
	if (!rc)
		rc = week_left(db, member, council, hours, d);
	return rc ? rc : set_ability(db, actor, member, council, hours, skills, d);
}

int plenum_ability_set(plenum_db *db, int64_t actor, int64_t member, int64_t council,
                       double hours, const char *skills, plenum_diag *d)
{
	CT_ENTER(db, d);
	int rc = ct_check_text(d, "the skills", skills, 0);
	if (!rc && (!isfinite(hours) || hours < 0 || hours > 168))
		rc = ut_fail(d, PLENUM_EINVAL, "%.15g hours a week: give 0 to 168", hours);
	hours += 0.0; /* -0 is 0 */
	if (!rc)
		rc = ct_begin(db, d); /* membership and the other councils' hours under the lock */
	if (!rc)
		rc = ct_end(db, ability_tx(db, actor, member, council, hours, skills, d), d);
	return ct_leave(db, rc, d);
}

int plenum_member_abilities(plenum_db *db, int64_t member, int (*fn)(void *, const plenum_ability *),
                            void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	int r = 0, rc = ct_member_exists(db, member, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_ability_list, &s, d, "i", member);
	plenum_ability a;
	while (!rc && (r = st_next(s, d)) == 1) {
		a.member = st_int(s, 0), a.council = st_int(s, 1), a.hours = st_double(s, 2);
		a.skills = st_text(s, 3);
		if (fn(ud, &a)) {
			st_done(s);
			break;
		}
	}
	return ct_leave(db, rc ? rc : r < 0 ? -r : PLENUM_OK, d);
}

int plenum_council_hours(plenum_db *db, int64_t council, double *hours, int64_t *members,
                         plenum_diag *d)
{
	CT_ENTER(db, d);
	ct_council c;
	st_stmt *s;
	*hours = 0, *members = 0;
	int rc = ct_council_load(db, council, &c, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_hours_total, &s, d, "i", council);
	if (!rc && st_next(s, d) == 1) {
		*hours = ut_round15(st_double(s, 0));
		*members = st_int(s, 1);
		st_done(s);
	}
	return ct_leave(db, rc, d);
}

int plenum_totals_version(plenum_db *db, int64_t *version, plenum_diag *d)
{
	CT_ENTER(db, d);
	*version = 0;
	return ct_leave(db, st_query_int(db->st, ST_Q_totals_version, version, d, ""), d);
}
