/* util: status table, map, UTF-8, and the economy builder's row assembly. */
#include <stdint.h>
#include "core/econ.h"
#include "test.h"

TEST(status_names)
{
	CHECK_STR(plenum_status_name(PLENUM_EFORMAT), "EFORMAT");
	CHECK_STR(plenum_status_text(PLENUM_ENOSURPLUS), "economy cannot produce a surplus");
	CHECK_STR(plenum_status_name(9999), "?");
}

TEST(map_insert_find)
{
	ut_map m = {0};
	char keys[1000][16];
	for (int i = 0; i < 1000; i++) {
		snprintf(keys[i], sizeof keys[i], "k%d", i);
		CHECK_EQ_INT(ut_map_put(&m, keys[i], i, NULL), PLENUM_OK);
	}
	int64_t old = -1;
	CHECK_EQ_INT(ut_map_put(&m, "k17", 5, &old), PLENUM_EDUPLICATE);
	CHECK_EQ_INT(old, 17);
	for (int i = 0; i < 1000; i++)
		CHECK_EQ_INT(ut_map_get(&m, keys[i]), i);
	CHECK_EQ_INT(ut_map_get(&m, "absent"), -1);
	ut_map_free(&m);
}

TEST(utf8_validation)
{
	const char *fa = "gandum \xda\xaf\xd9\x86\xd8\xaf\xd9\x85"; /* Persian */
	CHECK(ut_utf8_valid(fa, strlen(fa)));
	CHECK(!ut_utf8_valid("\xc0\xaf", 2));         /* overlong */
	CHECK(!ut_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	CHECK(!ut_utf8_valid("\xe2\x82", 2));         /* truncated */
	CHECK(!ut_utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
}

TEST(builder_rows)
{
	ec_builder b = {0};
	CHECK(ec_add_product(&b, "coal", "Coal", "t", "") == 0);
	CHECK(ec_add_product(&b, "steel", "Steel", "t", "metal") == 1);
	CHECK(ec_add_technique(&b, "mine", 0, 2.0, 1.0, INFINITY) == 0);
	CHECK(ec_add_technique(&b, "mill", 1, 3.0, 2.0, 10.0) == 1);
	CHECK_EQ_INT(ec_add_input(&b, 1, 0, 0.5), PLENUM_OK);
	CHECK_EQ_INT(ec_add_input(&b, 0, 1, 0.1), PLENUM_OK);
	CHECK_EQ_INT(ec_add_input(&b, 1, 0, 0.25), PLENUM_OK); /* summed with the first */
	CHECK_EQ_INT(ec_add_demand(&b, 1, 7.0), PLENUM_OK);
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	CHECK_EQ_INT(ec_build_finish(&b, &e, &d), PLENUM_OK);
	CHECK_EQ_INT(plenum_economy_products(e), 2);
	CHECK_EQ_INT(plenum_economy_inputs(e), 2);
	CHECK_EQ_INT(e->in.p[1] - e->in.p[0], 1);
	CHECK_NEAR(e->in.x[e->in.p[1]], 0.75, 1e-15);
	CHECK_STR(plenum_product_category(e, 1), "metal");
	CHECK_EQ_INT(plenum_technique_find(e, "mill"), 1);
	CHECK_NEAR(plenum_economy_demand(e)[1], 7.0, 0);
	CHECK(isinf(plenum_technique_capacity(e, 0)));
	plenum_economy_free(e);
}
