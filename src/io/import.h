/* Import of national input-output tables (UK ONS, USEEIO, WIOD) into an economy: the public
 * entry point plenum_import and the private pieces the layouts share (prefix io_). Each layout
 * fills one common form, io_iot (coefficients, labour, accounts and demand per product), and
 * io_iot_build turns it into an economy. docs/import.md describes the layouts. */
#ifndef PLENUM_IO_IMPORT_H
#define PLENUM_IO_IMPORT_H
#include <stdint.h>
#include "core/econ.h"
#include "util/util.h"

/* ---- public (to move into include/plenum/ when the lead adopts it) ---- */

typedef enum plenum_import_format {
	PLENUM_IMPORT_UK_ONS = 1, /* ONS analytical tables: product x product domestic use */
	PLENUM_IMPORT_USEEIO = 2, /* US EPA USEEIO: A and D matrices, sectors, indicators */
	PLENUM_IMPORT_WIOD = 3,   /* WIOD 2016 national IO table + socio-economic accounts */
	PLENUM_IMPORT_FLOWS = 4,  /* any square flow matrix + final demand, output, satellites */
} plenum_import_format;

/* What to read. Paths not used by the chosen format must be NULL. */
typedef struct plenum_import_opts {
	plenum_import_format format;
	const char *flows;        /* uk-ons: the use table (flows, final demand, Total output);
	                           * flows: the square flow matrix Z */
	const char *final;        /* flows: final demand columns per product (optional) */
	const char *gross_output; /* flows: product,output (optional: else the row totals) */
	const char *satellite;    /* flows: rows of totals per product: labour, emissions */
	const char *unit;         /* the money of the products' unit, e.g. "USD m" (optional) */
	const char *labels;       /* uk-ons: code,label names of the products (optional) */
	const char *coefficients; /* useeio: A.csv, the direct requirements per USD */
	const char *impacts;      /* useeio: D.csv, indicator per USD of output (optional) */
	const char *sectors;      /* useeio: sectors.csv index,code,name,location (optional) */
	const char *indicators;   /* useeio: indicators.csv index,code,name,unit (optional) */
	const char *demand;       /* useeio: code,amount final demand in USD (optional) */
	const char *niot;         /* wiod: the national IO table, all years */
	const char *sea;          /* wiod: the socio-economic accounts, all years */
	const char *country;      /* wiod: the NIOT's country code (optional: else its file name's) */
	int year; /* wiod: the year to take (required); others: the price year for the unit */
	/* Labour per unit: NULL for the format's default (uk-ons "compensation", useeio "JOBS",
	 * wiod "hours", flows "unit"), "unit" for 1 per unit of output (the output
	 * multipliers), or for useeio / flows the key of the row of D / the satellite file. */
	const char *labour;
	/* What that labour counts when the format cannot tell: flows' satellite row (default
	 * hours), useeio's row of D (default its unit in indicators.csv); NULL for the default. */
	const char *labour_unit;
	unsigned flags; /* PLENUM_READ_STRICT: negative coefficients are errors */
} plenum_import_opts;

/* Fills o with no format and no paths. */
PLENUM_API void plenum_import_opts_init(plenum_import_opts *o);

/* The format named "uk-ons", "useeio", "wiod" or "flows"; 0 when the name is unknown. */
PLENUM_API plenum_import_format plenum_import_format_find(const char *name);

/* Reads the table o names and builds its economy: one product and one technique (same key)
 * per industry or product of the table, inputs A_ij = Z_ij / x_j, labour and accounts per
 * unit of output, demand = the final demand columns. On success *out owns the economy and
 * d counts the warnings (negative coefficients, flows into zero-output columns, unbalanced
 * rows). On failure *out is NULL and d->message says what, where and what to do. */
PLENUM_API PLENUM_NODISCARD int plenum_import(const plenum_import_opts *o, plenum_economy **out,
                                              plenum_diag *d);

/* ---- private ---- */

/* A labelled numeric table read whole: row labels from the first column, column labels from
 * the header after it, every other field a finite number. */
typedef struct io_matrix {
	int64_t nr, nc;
	ut_strpool rlab, clab; /* nr row labels, nc column labels */
	ut_strindex rfind, cfind; /* rlab, clab indexed: a table of n labels reads in O(n) */
	int64_t *rline;        /* length nr: the line each row starts on */
	int64_t *cline, *ccol; /* length nc: where each column label starts in the header */
	double *x;             /* length nr * nc, row-major */
	char path[4096];
} io_matrix;

/* Reads path. Fails on a missing file, a non-number, a duplicate label or no data row. */
int io_matrix_read(io_matrix *m, const char *path, plenum_diag *d);
/* Index of the row / column with this label, or -1. */
int64_t io_matrix_row(const io_matrix *m, const char *label);
int64_t io_matrix_col(const io_matrix *m, const char *label);
/* As above, but a missing label fails with a message naming it and the file. */
int io_matrix_need_row(const io_matrix *m, const char *label, int64_t *r, plenum_diag *d);
int io_matrix_need_col(const io_matrix *m, const char *label, int64_t *c, plenum_diag *d);
static inline double io_matrix_at(const io_matrix *m, int64_t r, int64_t c)
{
	return m->x[r * m->nc + c];
}
/* Fails when a row / column label of m is not one of keys (what they are, for the message:
 * "product of the flow matrix"): the numbers of that row or column would be lost. */
int io_matrix_rows_known(const io_matrix *m, const ut_strpool *keys, const char *what,
                         plenum_diag *d);
int io_matrix_cols_known(const io_matrix *m, const ut_strpool *keys, const char *what,
                         plenum_diag *d);
void io_matrix_free(io_matrix *m);

/* A list of names read whole (uk-ons labels, useeio sectors and indicators): per record a
 * code, its name and an optional extra field (the indicators' unit). Codes are unique. */
typedef struct io_names {
	ut_strpool code, name, extra; /* one entry per record */
	ut_strindex cfind;            /* code indexed */
	int64_t *line, *col;          /* length cap: where each record's code is */
	int64_t cap;
	char path[4096];
} io_names;

/* Reads path, whose header must hold the columns cols[0] (the code) and cols[1] (the name)
 * and, unless cols[2] is NULL, cols[2] (the extra field, else ""); expect is the header
 * shown in messages. A code given twice fails, naming both lines. n must be zeroed or hold
 * an earlier list, which is dropped; on failure it is left empty. */
int io_names_read(io_names *n, const char *path, const char *expect,
                  const char *const cols[3], plenum_diag *d);
/* Index of code in n, or -1. */
int64_t io_names_find(const io_names *n, const char *code);
/* One warning for the codes of n that are not among keys (what they should be, for the
 * message: "product of the table"): how many, and the first with its place. A name that
 * no product takes loses no number, hence a warning of size 0, not an error. Fails only
 * for want of memory (the index of keys). */
int io_names_warn_unknown(const io_names *n, const ut_strpool *keys, const char *what,
                          plenum_diag *d);
void io_names_free(io_names *n);

/* The common form of an imported table: n products, each made by one technique of the same
 * key; na accounts. Every quantity is per unit of output of the column's product. */
typedef struct io_iot {
	int64_t n, na;
	ut_strpool key, name;          /* n products */
	ut_strpool akey, aname, aunit; /* na accounts */
	char unit[64];                 /* the unit of every product, e.g. "£m 2010" */
	char lunit[128], lname[256];   /* what labour counts; lunit empty: hours (io_iot_labour) */
	double *a;                     /* length n * n: a[i * n + j] input of i per unit of j */
	double *l;                     /* length n: labour per unit of output */
	double *e;                     /* length na * n: e[k * n + j] account k per unit of j */
	double *y;                     /* length n: final demand (zeros when none) */
	char src[4096];                /* the file the coefficients came from, for messages */
	int64_t controls, control_at;  /* control characters made spaces in product names, and
	                                  the first product holding one */
} io_iot;

/* Allocates a, l, e (na accounts) and y for n products, all zero. */
int io_iot_alloc(io_iot *t, int64_t n, int64_t na, plenum_diag *d);
/* Sets the products' unit: money (o->unit, else dflt, e.g. "£m") and, when o->year > 0,
 * the year of its prices. */
void io_iot_unit(io_iot *t, const plenum_import_opts *o, const char *dflt);
/* Says what the labour row counts: unit (NULL or empty: hours) and its name. */
void io_iot_labour(io_iot *t, const char *unit, const char *name);
/* Labour 1 per unit of output (--labour unit): it counts output, in the products' unit. */
void io_iot_labour_output(io_iot *t);
/* Adds a product (key, name) or an account (key, name, unit); names are copied. */
int io_iot_product(io_iot *t, const char *key, const char *name, plenum_diag *d);
int io_iot_account(io_iot *t, const char *key, const char *name, const char *unit,
                   plenum_diag *d);
/* Warns for each product whose row of flows a (still flows, not coefficients) plus y does
 * not add up to its gross output x (relative gap above 1e-6). */
void io_iot_check_balance(const io_iot *t, const double *x, plenum_diag *d);
/* Turns the flows in a, l and e into amounts per unit of output x (length n): column j is
 * divided by x[j]. A product with zero output keeps a technique with no inputs, no labour
 * and no accounts; non-zero flows in its column are dropped with a warning. Negative or
 * non-finite output is an error. */
int io_iot_per_unit(io_iot *t, const double *x, plenum_diag *d);
/* Builds the economy: negative coefficients warn (strict: fail), keys must be unique. */
int io_iot_build(io_iot *t, unsigned flags, plenum_economy **out, plenum_diag *d);
void io_iot_free(io_iot *t);

/* The layouts: each fills t from the files o names. */
int io_import_uk_ons(const plenum_import_opts *o, io_iot *t, plenum_diag *d);
int io_import_useeio(const plenum_import_opts *o, io_iot *t, plenum_diag *d);
int io_import_wiod(const plenum_import_opts *o, io_iot *t, plenum_diag *d);
int io_import_flows(const plenum_import_opts *o, io_iot *t, plenum_diag *d);

#endif
