/* Builds the database the HTTP, browser and load tests run against, through the council API
 * as its operator: a federation with two neighbourhoods and a workplace, members with
 * passwords, a seated delegate, open motions of every voting method, a closed motion with
 * its count, a federation motion with a delegate's public vote, a pending join request in
 * Riverside and one in Hilltop, an open plan-adoption motion of the federation.
 * Prints the ids as JSON. With --bulk N: N more members in Riverside, each with a session,
 * their tokens and CSRF tokens written to --tokens FILE (for the load run). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plenum/council.h"

static plenum_db *db;
static plenum_diag d;

static void must(int rc, const char *what)
{
	if (rc != PLENUM_OK) {
		fprintf(stderr, "http_fixture: %s: %s (%s)\n", what, d.message,
		        plenum_status_name(rc));
		exit(1);
	}
}

static int64_t council(plenum_council_kind kind, const char *name, const char *place,
                       int64_t parent)
{
	plenum_council_spec s = {kind, name, place, parent, 2};
	int64_t id = 0;
	must(plenum_council_create(db, PLENUM_ACTOR_ADMIN, &s, &id, &d), name);
	return id;
}

static int64_t member(const char *name, const char *email, const char *password, int64_t c)
{
	int64_t id = 0;
	must(plenum_member_create(db, PLENUM_ACTOR_ADMIN, name, email, password, &id, &d), name);
	if (c)
		must(plenum_membership_add(db, PLENUM_ACTOR_ADMIN, c, id, &d), "membership");
	return id;
}

static int64_t motion(int64_t c, plenum_motion_kind kind, plenum_vote_method method,
                      const char *title, const char *const *options, int64_t n,
                      int64_t seats)
{
	plenum_motion_spec s = {.council = c, .kind = kind, .method = method, .title = title,
	                        .text = "Put to the assembly by the fixture.",
	                        .options = options, .n_options = n, .seats = seats};
	int64_t id = 0;
	must(plenum_motion_open(db, PLENUM_ACTOR_ADMIN, &s, &id, &d), title);
	return id;
}

static void vote(int64_t who, int64_t m, const int64_t *marks, int64_t n)
{
	char receipt[PLENUM_RECEIPT_SIZE];
	must(plenum_ballot_cast(db, who, m, marks, n, NULL, receipt, &d), "ballot");
}

/* Same formula as src/http/hx_session.c; the HTTP test checks they agree. */
static void csrf_of(const char *token, char out[33])
{
	static const char domain[] = "plenum csrf v1";
	unsigned char h[16];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)domain, sizeof domain - 1);
	crypto_generichash_update(&st, (const unsigned char *)token, strlen(token));
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, 33, h, sizeof h);
}

static void bulk(int64_t c, int64_t n, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "http_fixture: cannot write %s\n", path);
		exit(1);
	}
	for (int64_t k = 0; k < n; k++) {
		char name[64], token[PLENUM_TOKEN_SIZE], csrf[33];
		snprintf(name, sizeof name, "Member %lld", (long long)k);
		int64_t id = member(name, NULL, NULL, c);
		must(plenum_session_create(db, id, 86400, token, &d), "session");
		csrf_of(token, csrf);
		fprintf(f, "%s %s\n", token, csrf);
	}
	fclose(f);
}

int main(int argc, char **argv)
{
	if (argc != 2 && argc != 6) {
		fprintf(stderr, "usage: http_fixture DB [--bulk N --tokens FILE]\n");
		return 2;
	}
	if (sodium_init() < 0)
		return 1;
	must(plenum_db_open(argv[1], &db, &d), argv[1]);
	int64_t fed = council(PLENUM_FEDERATION, "Northern Federation", "Tromsø", 0);
	int64_t river = council(PLENUM_NEIGHBOURHOOD, "Riverside", "Tromsø øst", fed);
	int64_t hill = council(PLENUM_NEIGHBOURHOOD, "Hilltop", "Tromsø vest", fed);
	int64_t bakery = council(PLENUM_WORKPLACE, "Bakery Collective", "Tromsø", fed);
	int64_t alice = member("Alice Berg", "alice@example.org", "alice-pass-1", river);
	int64_t bob = member("Bob Dahl", "bob@example.org", "bob-pass-1", river);
	int64_t carol = member("Carol Eide", "carol@example.org", "carol-pass-1", hill);
	int64_t dave = member("Dave Foss", "dave@example.org", "dave-pass-1", bakery);
	member("Erin Gran", "erin@example.org", "erin-pass-1", river);
	int64_t seat = 0, seat_h = 0;
	must(plenum_delegate_seat(db, PLENUM_ACTOR_ADMIN, river, alice, "Vote for more housing",
	                          &seat, &d), "seat");
	must(plenum_delegate_seat(db, PLENUM_ACTOR_ADMIN, hill, carol, "", &seat_h, &d), "seat");
	plenum_product_row products[] = {{"bread", "Bread", "kg"},
	                                 {"energy", "Electricity", "kWh"},
	                                 {"care", "Care", "h"}};
	must(plenum_products_register(db, PLENUM_ACTOR_ADMIN, products, 3, &d), "products");
	must(plenum_need_set(db, bob, bob, river, "bread", 12, 1, &d), "need");
	/* a number C writes with an exponent (1.0000000000000001e-05), which jansson re-prints
	 * otherwise: the outside verifier reads the log through the API */
	must(plenum_need_set(db, carol, carol, hill, "care", 1e-5, 3, &d), "need");
	const char *fest[] = {"Midsummer", "Harvest", "Winter lights"};
	const char *prio[] = {"Housing", "Transport", "Care homes", "Libraries"};
	int64_t yn = motion(river, PLENUM_MOTION_GENERAL, PLENUM_VOTE_YES_NO,
	                    "Open a neighbourhood library", NULL, 0, 0);
	int64_t appr = motion(river, PLENUM_MOTION_GENERAL, PLENUM_VOTE_APPROVAL,
	                      "Which festivals next year", fest, 3, 2);
	int64_t rank = motion(river, PLENUM_MOTION_PRIORITY, PLENUM_VOTE_SCHULZE,
	                      "Order of priorities", prio, 4, 0);
	int64_t elect = motion(river, PLENUM_MOTION_ELECTION, PLENUM_VOTE_STV,
	                       "Elect a second delegate", NULL, 0, 1);
	int64_t done = motion(river, PLENUM_MOTION_GENERAL, PLENUM_VOTE_YES_NO,
	                      "Plant fruit trees", NULL, 0, 0);
	const int64_t yes[] = {1, 0, 0}, no[] = {0, 1, 0};
	vote(bob, done, yes, 3);
	vote(alice, done, yes, 3);
	must(plenum_motion_close(db, PLENUM_ACTOR_ADMIN, done, &d), "close");
	const char *fo[] = {"Wind farm", "Solar roofs"};
	int64_t fmot = motion(fed, PLENUM_MOTION_GENERAL, PLENUM_VOTE_APPROVAL,
	                      "Energy investment", fo, 2, 1);
	const int64_t wind[] = {1, 0};
	vote(alice, fmot, wind, 2);
	must(plenum_motion_close(db, PLENUM_ACTOR_ADMIN, fmot, &d), "close"); /* public after */
	int64_t hmot = motion(hill, PLENUM_MOTION_GENERAL, PLENUM_VOTE_YES_NO,
	                      "Hilltop only question", NULL, 0, 0);
	vote(carol, hmot, no, 3);
	plenum_join_spec js = {"Frida Holm", "frida@example.org", "Tromsø", PLENUM_HEARD_FRIEND,
	                       "I live by the river.", NULL, 0};
	int64_t req = 0, req_h = 0;
	must(plenum_join_request_file(db, river, &js, &req, &d), "join");
	plenum_join_spec jh = {"Hans Lie", "hans@example.org", "Tromsø", PLENUM_HEARD_SEARCH,
	                       "", NULL, 0};
	must(plenum_join_request_file(db, hill, &jh, &req_h, &d), "join");
	const char *variants[] = {"25 hours a week", "30 hours a week", "35 hours a week"};
	int64_t adopt = motion(fed, PLENUM_MOTION_PLAN_ADOPTION, PLENUM_VOTE_SCHULZE,
	                       "Adopt next year's plan", variants, 3, 0);
	if (argc == 6)
		bulk(river, atoll(argv[3]), argv[5]);
	printf("{\"federation\": %lld, \"riverside\": %lld, \"hilltop\": %lld, \"bakery\": %lld, "
	       "\"alice\": %lld, \"bob\": %lld, \"carol\": %lld, \"dave\": %lld, "
	       "\"seat\": %lld, \"seat_hilltop\": %lld, \"yes_no\": %lld, \"approval\": %lld, "
	       "\"schulze\": %lld, \"stv\": %lld, \"closed\": %lld, \"federation_motion\": %lld, "
	       "\"hilltop_motion\": %lld, \"join_request\": %lld, \"join_request_hilltop\": %lld, "
	       "\"plan_adoption\": %lld}\n",
	       (long long)fed, (long long)river, (long long)hill, (long long)bakery,
	       (long long)alice, (long long)bob, (long long)carol, (long long)dave,
	       (long long)seat, (long long)seat_h, (long long)yn, (long long)appr,
	       (long long)rank, (long long)elect, (long long)done, (long long)fmot,
	       (long long)hmot, (long long)req, (long long)req_h, (long long)adopt);
	plenum_db_close(db);
	return 0;
}
