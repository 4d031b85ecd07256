/* The economy: products, techniques (inputs, labour, emissions per unit of activity),
 * ecological accounts with caps, and final demand. Read from an economy directory (CSV)
 * or from the binary format; everything is counted in kind, never in money. */
#ifndef PLENUM_ECONOMY_H
#define PLENUM_ECONOMY_H
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct plenum_economy plenum_economy;

/* Flags for reading. */
enum {
	PLENUM_READ_STRICT = 1 << 0, /* negative coefficients are errors, not warnings */
	/* negative demand without a warning: the caller judges it (the planner refuses it, or
	 * takes it as none with its own warning) */
	PLENUM_READ_SIGNED_DEMAND = 1 << 1,
};

/* Reads the economy directory dir (docs/formats.md). On success *out owns the economy and
 * d counts the warnings (negative coefficients: count and worst case). On failure *out is
 * NULL and d->message says what, where (file:line:column) and what to do. */
PLENUM_API PLENUM_NODISCARD int plenum_economy_read_dir(const char *dir, unsigned flags,
                                                        plenum_economy **out, plenum_diag *d);

/* Writes e as an economy directory dir (created if missing). Files are written to
 * temporary names and renamed when all are written, so a failure leaves no partial file
 * (a rename failing between the seven may leave some files new: docs/formats.md). */
PLENUM_API PLENUM_NODISCARD int plenum_economy_write_dir(const plenum_economy *e, const char *dir,
                                                         plenum_diag *d);

/* Reads / writes the binary economy format (docs/formats.md): little-endian, versioned
 * header, arrays aligned so that the file is used in place through mmap. */
PLENUM_API PLENUM_NODISCARD int plenum_economy_read_binary(const char *path, plenum_economy **out,
                                                           plenum_diag *d);
PLENUM_API PLENUM_NODISCARD int plenum_economy_write_binary(const plenum_economy *e,
                                                            const char *path, plenum_diag *d);

/* Reads either form: a directory as CSV, a file as binary. */
PLENUM_API PLENUM_NODISCARD int plenum_economy_open(const char *path, unsigned flags,
                                                    plenum_economy **out, plenum_diag *d);

/* Frees e; NULL is a no-op. */
PLENUM_API void plenum_economy_free(plenum_economy *e);

/* Sizes and names. Indices run from 0; keys are UTF-8 strings owned by e. */
PLENUM_API int64_t plenum_economy_products(const plenum_economy *e);
PLENUM_API int64_t plenum_economy_techniques(const plenum_economy *e);
PLENUM_API int64_t plenum_economy_accounts(const plenum_economy *e);
PLENUM_API int64_t plenum_economy_inputs(const plenum_economy *e); /* non-zeros of inputs */
PLENUM_API const char *plenum_product_key(const plenum_economy *e, int64_t i);
PLENUM_API const char *plenum_product_name(const plenum_economy *e, int64_t i);
PLENUM_API const char *plenum_product_unit(const plenum_economy *e, int64_t i);
PLENUM_API const char *plenum_product_category(const plenum_economy *e, int64_t i); /* "" if none */
PLENUM_API const char *plenum_technique_key(const plenum_economy *e, int64_t t);
PLENUM_API int64_t plenum_technique_product(const plenum_economy *e, int64_t t);
PLENUM_API double plenum_technique_labour(const plenum_economy *e, int64_t t);
PLENUM_API double plenum_technique_output(const plenum_economy *e, int64_t t);
/* Capacity in units of activity per period; INFINITY when the technique has none. */
PLENUM_API double plenum_technique_capacity(const plenum_economy *e, int64_t t);
PLENUM_API const char *plenum_account_key(const plenum_economy *e, int64_t a);
PLENUM_API const char *plenum_account_name(const plenum_economy *e, int64_t a);
PLENUM_API const char *plenum_account_unit(const plenum_economy *e, int64_t a);
/* The account's cap per period; INFINITY when it has none. */
PLENUM_API double plenum_account_cap(const plenum_economy *e, int64_t a);
/* Final demand per product (length plenum_economy_products); zeros when none was given. */
PLENUM_API const double *plenum_economy_demand(const plenum_economy *e);
/* What labour counts (docs/formats.md, labour.csv): its unit, "h" (hours) unless the
 * economy says otherwise, as an imported table's compensation of employees ("£m 2010") or
 * jobs do, and its name ("" when labour.csv gives none or there is no labour.csv).
 * plenum_economy_labour_in_hours is 1 for hours: only then can hours offered, a workforce
 * or a working week be planned with it. */
PLENUM_API const char *plenum_economy_labour_unit(const plenum_economy *e);
PLENUM_API const char *plenum_economy_labour_name(const plenum_economy *e);
PLENUM_API int plenum_economy_labour_in_hours(const plenum_economy *e);
/* The same in words, for messages: "£m 2010 (compensation of employees)", "jobs" (a unit
 * without a name), "h" (hours without a name). Written into buf (n bytes, cut if need be);
 * returns buf. */
PLENUM_API const char *plenum_economy_labour_said(const plenum_economy *e, char *buf, size_t n);

/* Index of the product / technique / account with this key, or -1. */
PLENUM_API int64_t plenum_product_find(const plenum_economy *e, const char *key);
PLENUM_API int64_t plenum_technique_find(const plenum_economy *e, const char *key);
PLENUM_API int64_t plenum_account_find(const plenum_economy *e, const char *key);

/* Reads a demand file (product,quantity[,priority]) against e's products into demand
 * (length plenum_economy_products, zeroed first). Unknown products are errors. */
PLENUM_API PLENUM_NODISCARD int plenum_demand_read(const plenum_economy *e, const char *path,
                                                   double *demand, plenum_diag *d);

#ifdef __cplusplus
}
#endif
#endif
