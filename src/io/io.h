/* io: the private interface of the economy readers and writers (prefix io_): a streaming
 * RFC 4180 CSV reader that knows the line and column of every field, and helpers shared by
 * the directory and binary formats. */
#ifndef PLENUM_IO_H
#define PLENUM_IO_H
#include <stdint.h>
#include <stdio.h>
#include "core/econ.h"
#include "util/util.h"

/* A CSV file being read record by record. Fields of the current record are NUL-terminated
 * strings in rec; positions are 1-based lines and columns counted in characters. */
typedef struct io_csv {
	int fd;
	char path[4096];          /* as shown in messages */
	char *buf;                /* length IO_CSV_BUF: the read buffer */
	size_t len, pos;          /* bytes in buf, next byte to read */
	int eof, skip_lf;         /* end of file seen; a CR ended the last record */
	int64_t line, col;        /* position of the next character */
	int u_need;               /* UTF-8 continuation bytes still expected */
	uint32_t u_cp, u_min;     /* code point so far, smallest legal value */
	unsigned u_lead;          /* the character's first byte */
	int64_t u_line, u_col;    /* where the current multi-byte character started */
	ut_buf rec;               /* the fields of the current record, each NUL-terminated */
	int64_t *foff;            /* length capf: start of field k in rec */
	int64_t *fline, *fcol;    /* length capf: where field k starts */
	int nf, capf;             /* fields in the current record, allocated length */
	int64_t end_line, end_col; /* where the current record ends */
	ut_strpool hdr;           /* the header's column names */
	int64_t *hline, *hcol;    /* length hdr.count: where each heading starts */
	int64_t records;          /* data records read so far */
	plenum_diag *d;
} io_csv;

/* Opens path and reads its header. expect names the required header for messages
 * ("key,name,unit"). Fails with PLENUM_ENOTFOUND (missing file), PLENUM_EIO or
 * PLENUM_EFORMAT (empty file, bad header); c is closed again on failure. */
int io_csv_open(io_csv *c, const char *path, const char *expect, plenum_diag *d);
/* Reads the next data record (blank lines skipped) and checks it has as many fields as the
 * header. *got is 1 with a record, 0 at the end of the file. */
int io_csv_next(io_csv *c, int *got);
/* Index of the header column called name in *idx; -1 when optional and absent. A missing
 * required column is an error naming it, and so is a name the header holds twice (columns
 * never looked up may repeat). */
int io_csv_column(io_csv *c, const char *name, int required, int *idx);
/* io_csv_column for names[0..n) into idx[0..n): the first nreq required, the rest optional. */
int io_csv_columns(io_csv *c, const char *const *names, int n, int nreq, int *idx);
/* Field k of the current record; "" when k < 0. */
const char *io_csv_get(const io_csv *c, int k);
/* in into out (n bytes) with control characters written as \n, \r, \t or \xNN: a field
 * echoed in a message keeps it on one line. */
void io_escape(char *out, size_t n, const char *in);
/* Fails with status and "path:line:column: message" at field k (k < 0: the record). The
 * io_csv_fail functions write the control characters of the message as \n, \r, \t or \xNN,
 * so that an echoed field keeps the message on one line. */
int io_csv_fail(io_csv *c, int k, int status, const char *fmt, ...) UT_PRINTF(4, 5);
/* Fails with status and "path:line:column: message" at the given line and column. */
int io_csv_fail_at(io_csv *c, int64_t line, int64_t col, int status, const char *fmt, ...)
	UT_PRINTF(5, 6);
/* Fails with status and "path:line:column: message" at heading k of the header. */
int io_csv_fail_heading(io_csv *c, int64_t k, int status, const char *fmt, ...)
	UT_PRINTF(4, 5);
/* Field k as a finite number; what names it in messages. */
int io_csv_number(io_csv *c, int k, const char *what, double *out);
/* As io_csv_number, but an absent column or an empty field gives dflt. */
int io_csv_number_or(io_csv *c, int k, const char *what, double dflt, double *out);
/* Closes c; safe on a closed or zeroed c. */
void io_csv_close(io_csv *c);

/* Joins dir and name into out (size n). Fails when it does not fit. */
int io_path(char *out, size_t n, const char *dir, const char *name, plenum_diag *d);

/* A file written through its own buffer (no stdio) to a temporary name beside its final
 * path (ut_wfile), renamed into place by io_out_commit. A failed write is remembered and reported by
 * io_out_close. */
#define IO_OUT_BUF (1u << 20)
typedef struct io_out {
	ut_wfile w;
	int err;   /* errno of the first failed write, 0 if none */
	char *buf; /* length IO_OUT_BUF */
	size_t len;
} io_out;
int io_out_open(io_out *o, const char *path, plenum_diag *d);
void io_out_put(io_out *o, const void *data, size_t n);
/* Writes a CSV field, quoted per RFC 4180 when it holds a comma, quote, CR or LF. */
void io_out_field(io_out *o, const char *s);
/* Writes x in the shortest form that reads back the same; nothing for +INFINITY
 * (capacities and caps: none). */
void io_out_number(io_out *o, double x);
static inline void io_out_char(io_out *o, char c)
{
	if (o->len == IO_OUT_BUF)
		io_out_put(o, NULL, 0);
	o->buf[o->len++] = c;
}
/* Flushes and closes the file; reports any failed write (before any rename). */
int io_out_close(io_out *o, plenum_diag *d);
int io_out_commit(io_out *o, plenum_diag *d);
/* Closes and removes the temporary file; safe to call twice and on a zeroed o. */
void io_out_abort(io_out *o);

/* Length of the string blob that names uses: one past the end of its last string. */
int64_t io_names_len(ec_names names, int64_t count);

#endif
