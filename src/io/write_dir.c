/* Writes an economy directory: all seven files under temporary names first, then renamed,
 * so that a failure while writing leaves the directory as it was. The renames are seven
 * calls: one failing between them (an I/O error: the same directory) leaves those before it
 * renamed, and the message says which (docs/formats.md). */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include "io/io.h"

enum { F_PRODUCTS, F_TECHNIQUES, F_INPUTS, F_ACCOUNTS, F_EMISSIONS, F_DEMAND, F_LABOUR,
       F_COUNT };

static const char *const file_names[F_COUNT] = {"products.csv",  "techniques.csv", "inputs.csv",
                                                "accounts.csv",  "emissions.csv",  "demand.csv",
                                                "labour.csv"};

static void put_products(const plenum_economy *e, io_out *f)
{
	io_out_put(f, "key,name,unit,category\n", 23);
	for (int64_t i = 0; i < e->np; i++) {
		io_out_field(f, ec_name(e->pkey, i));
		io_out_char(f, ',');
		io_out_field(f, ec_name(e->pname, i));
		io_out_char(f, ',');
		io_out_field(f, ec_name(e->punit, i));
		io_out_char(f, ',');
		io_out_field(f, ec_name(e->pcat, i));
		io_out_char(f, '\n');
	}
}

static void put_techniques(const plenum_economy *e, io_out *f)
{
	io_out_put(f, "key,product,labour,capacity,output\n", 35);
	for (int64_t t = 0; t < e->nt; t++) {
		io_out_field(f, ec_name(e->tkey, t));
		io_out_char(f, ',');
		io_out_field(f, ec_name(e->pkey, e->tprod[t]));
		io_out_char(f, ',');
		io_out_number(f, e->tlab[t]);
		io_out_char(f, ',');
		io_out_number(f, e->tcap[t]);
		io_out_char(f, ',');
		io_out_number(f, e->tout[t]);
		io_out_char(f, '\n');
	}
}

/* Rows of (technique, product or account, quantity). */
static void put_rows(const plenum_economy *e, io_out *f, const char *header, ec_rows r,
                     ec_names cols)
{
	io_out_put(f, header, strlen(header));
	for (int64_t t = 0; t < e->nt; t++) {
		for (int64_t k = r.p[t]; k < r.p[t + 1]; k++) {
			io_out_field(f, ec_name(e->tkey, t));
			io_out_char(f, ',');
			io_out_field(f, ec_name(cols, r.i[k]));
			io_out_char(f, ',');
			io_out_number(f, r.x[k]);
			io_out_char(f, '\n');
		}
	}
}

static void put_accounts(const plenum_economy *e, io_out *f)
{
	io_out_put(f, "key,name,unit,cap\n", 18);
	for (int64_t a = 0; a < e->na; a++) {
		io_out_field(f, ec_name(e->akey, a));
		io_out_char(f, ',');
		io_out_field(f, ec_name(e->aname, a));
		io_out_char(f, ',');
		io_out_field(f, ec_name(e->aunit, a));
		io_out_char(f, ',');
		io_out_number(f, e->acap[a]);
		io_out_char(f, '\n');
	}
}

static void put_demand(const plenum_economy *e, io_out *f)
{
	io_out_put(f, "product,quantity\n", 17);
	for (int64_t i = 0; i < e->np; i++) {
		if (e->demand[i] == 0)
			continue;
		io_out_field(f, ec_name(e->pkey, i));
		io_out_char(f, ',');
		io_out_number(f, e->demand[i]);
		io_out_char(f, '\n');
	}
}

/* What labour counts: hours unless the economy says otherwise (an imported table's pay). */
static void put_labour(const plenum_economy *e, io_out *f)
{
	io_out_put(f, "unit,name\n", 10);
	io_out_field(f, e->lunit ? e->lunit : "h");
	io_out_char(f, ',');
	io_out_field(f, e->lname ? e->lname : "");
	io_out_char(f, '\n');
}

static void put_file(const plenum_economy *e, int which, io_out *f)
{
	switch (which) {
	case F_PRODUCTS: put_products(e, f); break;
	case F_TECHNIQUES: put_techniques(e, f); break;
	case F_INPUTS:
		put_rows(e, f, "technique,product,quantity\n", e->in, e->pkey);
		break;
	case F_ACCOUNTS: put_accounts(e, f); break;
	case F_EMISSIONS:
		put_rows(e, f, "technique,account,quantity\n", e->em, e->akey);
		break;
	case F_DEMAND: put_demand(e, f); break;
	default: put_labour(e, f); break;
	}
}

static int write_one(const plenum_economy *e, const char *dir, int which, io_out *o,
                     plenum_diag *d)
{
	char path[4200];
	int rc = io_path(path, sizeof path, dir, file_names[which], d);
	if (!rc)
		rc = io_out_open(o, path, d);
	if (rc)
		return rc;
	put_file(e, which, o);
	return io_out_close(o, d);
}

int plenum_economy_write_dir(const plenum_economy *e, const char *dir, plenum_diag *d)
{
	io_out o[F_COUNT];
	int rc = PLENUM_OK, which;
	if (d)
		d->message[0] = '\0';
	memset(o, 0, sizeof o);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return ut_fail(d, PLENUM_EIO, "%s: cannot create the directory (%s): check the path "
		               "and permissions", dir, strerror(errno));
	for (which = 0; which < F_COUNT && !rc; which++)
		rc = write_one(e, dir, which, &o[which], d);
	for (which = 0; which < F_COUNT && !rc; which++)
		if ((rc = io_out_commit(&o[which], d)) && which > 0 && d) { /* "nothing" is this one */
			size_t n = strlen(d->message);
			if (which == 1)
				snprintf(d->message + n, sizeof d->message - n, " to %s; %s was replaced "
				         "already", file_names[which], file_names[0]);
			else
				snprintf(d->message + n, sizeof d->message - n, " to %s; the %d before it "
				         "(%s to %s) were replaced already", file_names[which], which,
				         file_names[0], file_names[which - 1]);
		}
	for (which = 0; which < F_COUNT; which++)
		io_out_abort(&o[which]);
	return rc;
}
