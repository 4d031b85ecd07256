/* A streaming RFC 4180 CSV reader: buffered reads, quoted fields (commas, doubled quotes,
 * newlines inside), CRLF or LF, an optional UTF-8 BOM, UTF-8 checked byte by byte, and the
 * line and column (in characters) of every field for messages. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "io/io.h"

#define IO_CSV_BUF (1u << 20)

enum { F_START, F_PLAIN, F_QUOTED, F_QUOTE_SEEN };

/* in with its control characters written as \n, \r, \t or \xNN, so that a field holding a
 * line break echoed in a message keeps the message on one line. */
void io_escape(char *out, size_t n, const char *in)
{
	size_t w = 0;
	for (; *in && w + 5 < n; in++) {
		unsigned char ch = (unsigned char)*in;
		if (ch >= 0x20 && ch != 0x7F)
			out[w++] = (char)ch;
		else if (ch == '\n' || ch == '\r' || ch == '\t')
			out[w++] = '\\', out[w++] = ch == '\n' ? 'n' : ch == '\r' ? 'r' : 't';
		else
			w += (size_t)snprintf(out + w, n - w, "\\x%02X", ch);
	}
	out[w] = '\0';
}

static int vfail_at(io_csv *c, int64_t line, int64_t col, int status, const char *fmt,
                    va_list ap) UT_PRINTF(5, 0);
static int vfail_at(io_csv *c, int64_t line, int64_t col, int status, const char *fmt,
                    va_list ap)
{
	char msg[PLENUM_DIAG_LEN], shown[PLENUM_DIAG_LEN];
	vsnprintf(msg, sizeof msg, fmt, ap);
	io_escape(shown, sizeof shown, msg);
	return ut_fail(c->d, status, "%s:%lld:%lld: %s", c->path, (long long)line, (long long)col,
	               shown);
}

int io_csv_fail(io_csv *c, int k, int status, const char *fmt, ...)
{
	int64_t line = k >= 0 && k < c->nf ? c->fline[k] : c->fline[0];
	int64_t col = k >= 0 && k < c->nf ? c->fcol[k] : 1;
	va_list ap;
	va_start(ap, fmt);
	int rc = vfail_at(c, line, col, status, fmt, ap);
	va_end(ap);
	return rc;
}

int io_csv_fail_at(io_csv *c, int64_t line, int64_t col, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vfail_at(c, line, col, status, fmt, ap);
	va_end(ap);
	return rc;
}

int io_csv_fail_heading(io_csv *c, int64_t k, int status, const char *fmt, ...)
{
	int ok = k >= 0 && k < c->hdr.count;
	va_list ap;
	va_start(ap, fmt);
	int rc = vfail_at(c, ok ? c->hline[k] : 1, ok ? c->hcol[k] : 1, status, fmt, ap);
	va_end(ap);
	return rc;
}

static int fill(io_csv *c)
{
	ssize_t n;
	do
		n = read(c->fd, c->buf, IO_CSV_BUF);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return ut_fail(c->d, PLENUM_EIO, "%s: cannot read (%s): check the file and its "
		               "permissions", c->path, strerror(errno));
	c->len = (size_t)n;
	c->pos = 0;
	c->eof = n == 0;
	return PLENUM_OK;
}

static int bad_utf8(io_csv *c, int64_t line, int64_t col, unsigned byte)
{
	return io_csv_fail_at(c, line, col, PLENUM_EFORMAT,
	                      "invalid UTF-8 (byte 0x%02X): save the file as UTF-8", byte);
}

/* Takes one byte of a multi-byte UTF-8 character (or an ASCII byte in the middle of one). */
static int utf8_step(io_csv *c, unsigned ch)
{
	if (!c->u_need) {
		c->u_line = c->line;
		c->u_col = c->col++;
		c->u_lead = ch;
		if ((ch & 0xE0) == 0xC0)
			c->u_need = 1, c->u_cp = ch & 0x1F, c->u_min = 0x80;
		else if ((ch & 0xF0) == 0xE0)
			c->u_need = 2, c->u_cp = ch & 0x0F, c->u_min = 0x800;
		else if ((ch & 0xF8) == 0xF0)
			c->u_need = 3, c->u_cp = ch & 0x07, c->u_min = 0x10000;
		else
			return bad_utf8(c, c->u_line, c->u_col, ch);
		return PLENUM_OK;
	}
	if ((ch & 0xC0) != 0x80) /* the character at u_col is cut short: name its first byte */
		return io_csv_fail_at(c, c->u_line, c->u_col, PLENUM_EFORMAT, "invalid UTF-8 "
		                      "(byte 0x%02X begins a character that byte 0x%02X cuts "
		                      "short): save the file as UTF-8", c->u_lead, ch);
	c->u_cp = (c->u_cp << 6) | (ch & 0x3F);
	if (--c->u_need == 0 && (c->u_cp < c->u_min || c->u_cp > 0x10FFFF ||
	                         (c->u_cp >= 0xD800 && c->u_cp <= 0xDFFF)))
		return bad_utf8(c, c->u_line, c->u_col, ch);
	return PLENUM_OK;
}

/* Moves past byte ch, counting lines and columns and checking UTF-8. */
static inline int consume(io_csv *c, unsigned ch)
{
	c->pos++;
	if (ch >= 0x80 || c->u_need)
		return utf8_step(c, ch);
	if (ch == '\n') {
		c->line++;
		c->col = 1;
	} else {
		c->col++;
	}
	return PLENUM_OK;
}

static int start_field(io_csv *c)
{
	if (c->nf == c->capf) {
		int cap = c->capf ? c->capf * 2 : 16;
		int64_t *o = ut_realloc(c->foff, (size_t)cap * sizeof *o);
		if (o)
			c->foff = o;
		int64_t *l = o ? ut_realloc(c->fline, (size_t)cap * sizeof *l) : NULL;
		if (l)
			c->fline = l;
		int64_t *k = l ? ut_realloc(c->fcol, (size_t)cap * sizeof *k) : NULL;
		if (!k)
			return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", c->path);
		c->fcol = k;
		c->capf = cap;
	}
	c->foff[c->nf] = (int64_t)c->rec.len;
	c->fline[c->nf] = c->line;
	c->fcol[c->nf++] = c->col;
	return PLENUM_OK;
}

static int put(io_csv *c, const char *s, size_t n)
{
	if (ut_buf_append(&c->rec, s, n))
		return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", c->path);
	return PLENUM_OK;
}

/* The ASCII bytes that end a run of plain bytes: separators, line ends, quotes and NUL (an
 * error: fields are NUL-terminated strings, so a NUL would silently cut the field). */
static const unsigned char stops_run[0x80] = {[0] = 1, [','] = 1, ['\n'] = 1, ['\r'] = 1,
                                              ['"'] = 1};

/* Copies a run of plain ASCII bytes of an unquoted field at once (the fast path). */
static int plain_run(io_csv *c)
{
	size_t i = c->pos;
	if (c->u_need)
		return PLENUM_OK;
	while (i < c->len) {
		unsigned char ch = (unsigned char)c->buf[i];
		if (ch >= 0x80 || stops_run[ch])
			break;
		i++;
	}
	size_t n = i - c->pos;
	int rc = n ? put(c, c->buf + c->pos, n) : PLENUM_OK;
	c->col += (int64_t)n;
	c->pos = i;
	return rc;
}

/* Ends the current field (NUL) and, at a line end, the record. */
static int end_field(io_csv *c)
{
	return put(c, "", 1);
}

/* One byte of a record; sets *done when the record ended. */
static int step(io_csv *c, int *state, unsigned ch, int *done)
{
	int rc;
	if (ch == 0)
		return io_csv_fail_at(c, c->line, c->col, PLENUM_EFORMAT, "NUL byte in a field: the "
		                      "file is not text; save it as UTF-8 CSV");
	if (*state == F_START) {
		if ((rc = start_field(c)))
			return rc;
		if (ch == '"') {
			*state = F_QUOTED;
			return consume(c, ch);
		}
		*state = F_PLAIN;
	}
	if (*state == F_QUOTED) {
		if (ch == '"') {
			*state = F_QUOTE_SEEN;
			return consume(c, ch);
		}
		char b = (char)ch;
		return (rc = put(c, &b, 1)) ? rc : consume(c, ch);
	}
	if (*state == F_QUOTE_SEEN && ch == '"') {
		*state = F_QUOTED;
		return (rc = put(c, "\"", 1)) ? rc : consume(c, ch);
	}
	if (ch == ',' || ch == '\n' || ch == '\r') {
		c->end_line = c->line;
		c->end_col = c->col;
		if ((rc = end_field(c)) || (rc = consume(c, ch)))
			return rc;
		*state = F_START;
		if (ch == ',')
			return PLENUM_OK;
		if (ch == '\r') {
			c->line++;
			c->col = 1;
			c->skip_lf = 1;
		}
		*done = 1;
		return PLENUM_OK;
	}
	if (*state == F_QUOTE_SEEN)
		return io_csv_fail_at(c, c->line, c->col, PLENUM_EFORMAT,
		                      "unexpected character after a closing quote: a quoted field "
		                      "ends at its quote; write a quote inside it as \"\"");
	if (ch == '"')
		return io_csv_fail_at(c, c->line, c->col, PLENUM_EFORMAT,
		                      "quote inside an unquoted field: quote the whole field and "
		                      "double the quote (\"\")");
	char b = (char)ch;
	if ((rc = put(c, &b, 1)) || (rc = consume(c, ch)))
		return rc;
	return plain_run(c);
}

/* At the end of the file: closes the open field and record, or reports what is unfinished. */
static int at_eof(io_csv *c, int state, int started, int *got)
{
	if (c->u_need)
		return io_csv_fail_at(c, c->u_line, c->u_col, PLENUM_EFORMAT, "invalid UTF-8 (a "
		                      "character cut off by the end of the file): save the file "
		                      "as UTF-8");
	if (state == F_QUOTED)
		return io_csv_fail_at(c, c->fline[c->nf - 1], c->fcol[c->nf - 1], PLENUM_EFORMAT,
		                      "quoted field is never closed: add the closing quote");
	if (!started)
		return PLENUM_OK;
	if (state == F_START) {
		int rc = start_field(c);
		if (rc)
			return rc;
	}
	c->end_line = c->line;
	c->end_col = c->col;
	*got = 1;
	return end_field(c);
}

/* Reads one record, blank or not. */
static int read_record(io_csv *c, int *got)
{
	int state = F_START, started = 0, done = 0, rc;
	*got = 0;
	c->nf = 0;
	c->rec.len = 0;
	while (!done) {
		if (c->pos == c->len) {
			if (!c->eof && (rc = fill(c)))
				return rc;
			if (c->eof)
				return at_eof(c, state, started, got);
		}
		unsigned ch = (unsigned char)c->buf[c->pos];
		if (c->skip_lf) {
			c->skip_lf = 0;
			if (ch == '\n') {
				c->pos++;
				continue;
			}
		}
		started = 1;
		if ((rc = step(c, &state, ch, &done)))
			return rc;
	}
	*got = 1;
	return PLENUM_OK;
}

static int check_width(io_csv *c)
{
	int64_t want = c->hdr.count;
	if (c->nf < want)
		return io_csv_fail_at(c, c->end_line, c->end_col, PLENUM_EFORMAT,
		                      "%d field%s where the header has %lld: add the missing fields "
		                      "(and quote fields that contain commas)",
		                      c->nf, c->nf == 1 ? "" : "s", (long long)want);
	if (c->nf > want)
		return io_csv_fail_at(c, c->fline[want], c->fcol[want], PLENUM_EFORMAT,
		                      "%d fields where the header has %lld: remove the extra fields "
		                      "or quote fields that contain commas",
		                      c->nf, (long long)want);
	return PLENUM_OK;
}

static int blank(const io_csv *c)
{
	return c->nf == 1 && c->rec.len == 1 && c->fcol[0] == 1 &&
	       c->end_col == 1; /* an empty line, not an empty quoted "" */
}

int io_csv_next(io_csv *c, int *got)
{
	int rc;
	do {
		if ((rc = read_record(c, got)) || !*got)
			return rc;
	} while (blank(c));
	c->records++;
	return check_width(c);
}

/* Copies the header's names (trimmed of spaces) into c->hdr, and where each starts. */
static int take_header(io_csv *c)
{
	c->hline = ut_mallocarray((size_t)c->nf, sizeof *c->hline);
	c->hcol = ut_mallocarray((size_t)c->nf, sizeof *c->hcol);
	if (!c->hline || !c->hcol)
		return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", c->path);
	memcpy(c->hline, c->fline, (size_t)c->nf * sizeof *c->hline);
	memcpy(c->hcol, c->fcol, (size_t)c->nf * sizeof *c->hcol);
	for (int k = 0; k < c->nf; k++) {
		const char *s = c->rec.data + c->foff[k];
		size_t n = strlen(s);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		while (n && (*s == ' ' || *s == '\t'))
			s++, n--;
		if (ut_strpool_add(&c->hdr, s, n) < 0)
			return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", c->path);
	}
	return PLENUM_OK;
}

static int open_file(io_csv *c, const char *path)
{
	c->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->fd < 0) {
		int err = errno;
		return ut_fail(c->d, err == ENOENT ? PLENUM_ENOTFOUND : PLENUM_EIO,
		               "%s: cannot open (%s): check the path", path, strerror(err));
	}
	if (!(c->buf = ut_malloc(IO_CSV_BUF)))
		return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", path);
	int rc = fill(c);
	if (!rc && c->len >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
		c->pos = 3;
	return rc;
}

int io_csv_open(io_csv *c, const char *path, const char *expect, plenum_diag *d)
{
	memset(c, 0, sizeof *c);
	c->fd = -1;
	c->d = d;
	c->line = c->col = 1;
	snprintf(c->path, sizeof c->path, "%s", path);
	int got = 0;
	int rc = open_file(c, path);
	if (!rc)
		rc = read_record(c, &got);
	if (!rc && !got)
		rc = ut_fail(d, PLENUM_EFORMAT, "%s:1:1: empty file: the first line must be the "
		             "header '%s'", c->path, expect);
	if (!rc)
		rc = take_header(c);
	if (rc)
		io_csv_close(c);
	return rc;
}

int io_csv_column(io_csv *c, const char *name, int required, int *idx)
{
	*idx = -1;
	for (int64_t k = 0; k < c->hdr.count; k++) {
		if (strcmp(ut_strpool_get(&c->hdr, k), name) != 0)
			continue;
		if (*idx >= 0)
			return io_csv_fail_heading(c, k, PLENUM_EFORMAT,
			                           "column '%s' appears twice in the header (first "
			                           "at line %lld, column %lld): keep one", name,
			                           (long long)c->hline[*idx], (long long)c->hcol[*idx]);
		*idx = (int)k;
	}
	if (*idx >= 0)
		return PLENUM_OK;
	if (required)
		return ut_fail(c->d, PLENUM_EFORMAT, "%s:1:1: the header has no column '%s': add "
		               "it (see docs/formats.md)", c->path, name);
	return PLENUM_OK;
}

int io_csv_columns(io_csv *c, const char *const *names, int n, int nreq, int *idx)
{
	for (int k = 0; k < n; k++) {
		int rc = io_csv_column(c, names[k], k < nreq, &idx[k]);
		if (rc)
			return rc;
	}
	return PLENUM_OK;
}

const char *io_csv_get(const io_csv *c, int k)
{
	return k < 0 ? "" : c->rec.data + c->foff[k];
}

static const char *trim(const char *s, size_t *n)
{
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	*n = len;
	return s;
}

/* Plain decimals [-+]digits[.digits] with at most 15 significant digits, the common case:
 * m / 10^f with m < 2^53 and 10^f exact is one correctly rounded division, the same double
 * strtod gives. Returns 0 for anything else (strtod handles it). */
static int plain_decimal(const char *s, size_t n, double *out)
{
	static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	size_t i = 0;
	int neg = 0, sig = 0, frac = 0, dot = 0, any = 0;
	uint64_t m = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			m = m * 10 + (uint64_t)(s[i] - '0');
			sig += m != 0;
			frac += dot;
			any = 1;
			if (sig > 15 || frac > 22)
				return 0;
		} else if (s[i] == '.' && !dot) {
			dot = 1;
		} else {
			return 0;
		}
	}
	if (!any)
		return 0;
	double v = (double)m / p10[frac];
	*out = neg ? -v : v;
	return 1;
}

/* [-+]digits[.digits][(e|E)[-+]digits], at least one digit before the exponent: the only
 * numbers read (strtod also takes hexadecimal, inf and nan). */
static int decimal_syntax(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (!digits)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t e = ++i;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			e = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == e)
			return 0;
	}
	return i == n;
}

/* inf, infinity or nan in any case, signed or not: what strtod reads as not finite. */
static int infnan_syntax(const char *s, size_t n)
{
	if (n && (*s == '-' || *s == '+'))
		s++, n--;
	return (n == 3 && (strncasecmp(s, "inf", 3) == 0 || strncasecmp(s, "nan", 3) == 0)) ||
	       (n == 8 && strncasecmp(s, "infinity", 8) == 0);
}

/* At most the first 40 characters of s[0..n), shown as '...' when longer, for messages. */
static int shown(const char *s, size_t n)
{
	size_t m = n <= 40 ? n : 40;
	while (m < n && m && ((unsigned char)s[m] & 0xC0) == 0x80) /* not inside a character */
		m--;
	return (int)m;
}

int io_csv_number(io_csv *c, int k, const char *what, double *out)
{
	size_t n;
	const char *s = trim(io_csv_get(c, k), &n);
	if (!n)
		return io_csv_fail(c, k, PLENUM_EFORMAT, "empty %s: write a number", what);
	if (plain_decimal(s, n, out))
		return PLENUM_OK;
	int m = shown(s, n);
	const char *more = (size_t)m < n ? "..." : "";
	if (!decimal_syntax(s, n) && infnan_syntax(s, n))
		return io_csv_fail(c, k, PLENUM_EFORMAT, "%s '%.*s' is not finite (NaN or infinity, "
		                   "or too large): write a finite number", what, m, s);
	if (!decimal_syntax(s, n))
		return io_csv_fail(c, k, PLENUM_EFORMAT, "%s '%.*s%s' is not a number: write a "
		                   "decimal number such as 2.5", what, m, s, more);
	/* s ends at a space or the field's NUL: strtod needs its own terminated copy */
	char small[64], *tmp = n < sizeof small ? small : ut_malloc(n + 1);
	if (!tmp)
		return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", c->path);
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	double v = ut_strtod(tmp, NULL); /* '.' whatever the program's locale */
	if (tmp != small)
		ut_free(tmp);
	if (!isfinite(v))
		return io_csv_fail(c, k, PLENUM_EFORMAT, "%s '%.*s%s' is not finite (NaN or infinity, "
		                   "or too large): write a finite number", what, m, s, more);
	*out = v;
	return PLENUM_OK;
}

int io_csv_number_or(io_csv *c, int k, const char *what, double dflt, double *out)
{
	size_t n;
	trim(io_csv_get(c, k), &n);
	if (!n) {
		*out = dflt;
		return PLENUM_OK;
	}
	return io_csv_number(c, k, what, out);
}

void io_csv_close(io_csv *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	ut_free(c->buf);
	ut_free(c->foff);
	ut_free(c->fline);
	ut_free(c->fcol);
	ut_free(c->hline);
	ut_free(c->hcol);
	ut_buf_free(&c->rec);
	ut_strpool_free(&c->hdr);
	c->buf = NULL;
	c->foff = c->fline = c->fcol = c->hline = c->hcol = NULL;
	c->nf = c->capf = 0;
}

int io_path(char *out, size_t n, const char *dir, const char *name, plenum_diag *d)
{
	int w = snprintf(out, n, "%s/%s", dir, name);
	if (w < 0 || (size_t)w >= n)
		return ut_fail(d, PLENUM_EINVAL, "%s: path too long: use a shorter directory name",
		               dir);
	return PLENUM_OK;
}
