/* plenum_import: reads a national input-output table in one of the known layouts into the
 * common form (io_iot) and builds its economy. */
#include <string.h>
#include "io/import.h"

static const struct {
	const char *name;
	plenum_import_format format;
	int (*read)(const plenum_import_opts *o, io_iot *t, plenum_diag *d);
} formats[] = {
	{"uk-ons", PLENUM_IMPORT_UK_ONS, io_import_uk_ons},
	{"useeio", PLENUM_IMPORT_USEEIO, io_import_useeio},
	{"wiod", PLENUM_IMPORT_WIOD, io_import_wiod},
	{"flows", PLENUM_IMPORT_FLOWS, io_import_flows},
};

void plenum_import_opts_init(plenum_import_opts *o)
{
	memset(o, 0, sizeof *o);
}

plenum_import_format plenum_import_format_find(const char *name)
{
	for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++)
		if (strcmp(formats[k].name, name) == 0)
			return formats[k].format;
	return (plenum_import_format)0;
}

/* --labour-unit: only where the format cannot tell (useeio's row of D, flows' satellite row),
 * not with labour 1 per unit (which counts output), non-empty and short enough to keep. */
static int check_labour_unit(const plenum_import_opts *o, plenum_diag *d)
{
	const char *u = o->labour_unit;
	if (!u)
		return PLENUM_OK;
	if (o->format != PLENUM_IMPORT_USEEIO && o->format != PLENUM_IMPORT_FLOWS)
		return ut_fail(d, PLENUM_EINVAL, "--labour-unit is for useeio and flows, whose labour "
		               "row may count anything; uk-ons counts pay and wiod hours");
	if (o->labour && strcmp(o->labour, "unit") == 0)
		return ut_fail(d, PLENUM_EINVAL, "--labour-unit '%s' with --labour unit: labour 1 per "
		               "unit counts output, in the products' unit; drop one of them", u);
	if (o->format == PLENUM_IMPORT_FLOWS && !o->labour)
		return ut_fail(d, PLENUM_EINVAL, "--labour-unit '%s' without --labour KEY: flows' "
		               "labour is 1 per unit unless a satellite row is named", u);
	if (u[strspn(u, " \t")] == '\0' || strlen(u) >= sizeof ((io_iot *)0)->lunit)
		return ut_fail(d, PLENUM_EINVAL, "--labour-unit '%.40s': give what labour counts in "
		               "1 to %zu bytes (h, £m, jobs)", u, sizeof ((io_iot *)0)->lunit - 1);
	return PLENUM_OK;
}

int plenum_import(const plenum_import_opts *o, plenum_economy **out, plenum_diag *d)
{
	io_iot t;
	size_t k = 0;
	*out = NULL;
	plenum_diag_clear(d);
	while (k < sizeof formats / sizeof formats[0] && formats[k].format != o->format)
		k++;
	if (k == sizeof formats / sizeof formats[0])
		return ut_fail(d, PLENUM_EINVAL, "unknown import format %d: use uk-ons, useeio, "
		               "wiod or flows", (int)o->format);
	int rc = check_labour_unit(o, d);
	if (rc)
		return rc;
	memset(&t, 0, sizeof t);
	rc = formats[k].read(o, &t, d);
	if (!rc)
		rc = io_iot_build(&t, o->flags, out, d);
	io_iot_free(&t);
	return rc;
}
