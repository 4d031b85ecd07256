/* The economy's internal layout, shared by core/ (the maths), io/ (readers and writers)
 * and plan/. Arrays are read-only views: they point either into memory the economy owns
 * or into a mapped binary file. Indices are int32 (2^31 products), offsets int64 (so that
 * 10^9 and more non-zeros fit). */
#ifndef PLENUM_CORE_ECON_H
#define PLENUM_CORE_ECON_H
#include <stdint.h>
#include "plenum/economy.h"
#include "util/util.h"

/* count NUL-terminated strings: string i starts at bytes + off[i]. */
typedef struct ec_names {
	const char *bytes;
	const int64_t *off; /* length count */
} ec_names;

/* A compressed sparse matrix by rows: row r holds entries p[r] .. p[r+1]-1. */
typedef struct ec_rows {
	const int64_t *p; /* length rows+1 */
	const int32_t *i; /* length p[rows]: column index */
	const double *x;  /* length p[rows]: value */
} ec_rows;

struct plenum_economy {
	int64_t np, nt, na;                   /* products, techniques, accounts */
	ec_names pkey, pname, punit, pcat;    /* length np */
	ec_names tkey;                        /* length nt */
	ec_names akey, aname, aunit;          /* length na */
	const int32_t *tprod;                 /* length nt: the product technique t makes */
	const double *tout;                   /* length nt: units made per unit of activity */
	const double *tlab;                   /* length nt: hours per unit of activity */
	const double *tcap;                   /* length nt: activity per period, INFINITY if none */
	ec_rows in;                           /* nt rows: inputs (product, quantity) per activity */
	ec_rows em;                           /* nt rows: emissions (account, quantity) per activity */
	const double *acap;                   /* length na: cap per period, INFINITY if none */
	const double *demand;                 /* length np: final demand, zeros if none */
	const char *lunit, *lname;            /* labour's unit and name; NULL: hours (labour.csv) */
	/* Ownership: either one mapping or a list of owned blocks. */
	void *map;
	size_t map_len;
	void **owned;
	int nowned, capowned;
	/* Key lookup, built on first use (or by the reader). */
	ut_map pmap, tmap, amap;
	int maps_built;
};

static inline const char *ec_name(ec_names n, int64_t i)
{
	return n.bytes + n.off[i];
}

/* Creates an empty economy; NULL when out of memory. */
plenum_economy *ec_new(void);
/* Hands block (allocated with ut_malloc) to e, to be freed with it. On failure frees block
 * and returns PLENUM_ENOMEM. */
int ec_own(plenum_economy *e, void *block);
/* Builds the key maps (products, techniques, accounts). Reports duplicate keys in d. */
int ec_build_maps(plenum_economy *e, plenum_diag *d);

/* Building an economy from parts (readers, generator, import). Strings are copied; inputs
 * and emissions are triplets sorted into rows by ec_build_finish. */
typedef struct ec_builder {
	ut_strpool pkey, pname, punit, pcat, tkey, akey, aname, aunit;
	int32_t *tprod;
	double *tout, *tlab, *tcap, *acap, *demand;
	int64_t tcap_n, acap_n;                 /* allocated lengths of t* and a* arrays */
	int64_t *in_t, *em_t;                   /* triplets: technique */
	int32_t *in_p, *em_a;                   /* product / account */
	double *in_q, *em_q;                    /* quantity */
	int64_t nin, capin, nem, capem;
	char *lunit, *lname; /* labour's unit and name (ec_set_labour); NULL: hours */
} ec_builder;

/* Each add returns the new index (>= 0) or -1 when out of memory. */
int64_t ec_add_product(ec_builder *b, const char *key, const char *name, const char *unit,
                       const char *category);
int64_t ec_add_technique(ec_builder *b, const char *key, int32_t product, double labour,
                         double output, double capacity);
int64_t ec_add_account(ec_builder *b, const char *key, const char *name, const char *unit,
                       double cap);
/* 1 when unit names hours: "h", "hour" or "hours", in any case, spaces around it aside. */
int ec_unit_is_hours(const char *unit);
/* Says what labour counts when it is not hours ("£m 2010", "compensation of employees");
 * a unit of hours (or NULL) means hours. Copies both (name NULL or "": none); PLENUM_ENOMEM
 * when out of memory. */
int ec_set_labour(ec_builder *b, const char *unit, const char *name);
int ec_add_input(ec_builder *b, int64_t technique, int32_t product, double quantity);
int ec_add_emission(ec_builder *b, int64_t technique, int32_t account, double quantity);
/* Adds quantity to the final demand for product p. Call only after every product is added. */
int ec_add_demand(ec_builder *b, int32_t product, double quantity);
/* Turns b into an economy (b is emptied either way). Duplicate (technique, product) inputs
 * are summed; callers that must refuse them check before adding. */
int ec_build_finish(ec_builder *b, plenum_economy **out, plenum_diag *d);
void ec_builder_free(ec_builder *b);

#endif
