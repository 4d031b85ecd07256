/* Output files that appear whole or not at all (util.h, ut_wfile): every file plenum writes
 * (MPS, SVG, economy directories, labour values, the audit export) goes through here, so
 * that a failed run leaves the old file and never a half-written one, and a device or a
 * symbolic link named as the output is written through, never replaced. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/util.h"

static void wfile_free(ut_wfile *w)
{
	ut_free(w->path);
	ut_free(w->final);
	ut_free(w->tmp);
	w->path = w->final = w->tmp = NULL;
}

/* Where the file goes: path itself, or the file its symbolic links lead to. */
static int resolve(ut_wfile *w, const char *path, plenum_diag *d)
{
	struct stat ls;
	if (lstat(path, &ls) != 0 || !S_ISLNK(ls.st_mode)) {
		w->final = ut_strdup(path);
		return w->final ? PLENUM_OK : ut_fail(d, PLENUM_ENOMEM, "%s: out of memory", path);
	}
	char *real = realpath(path, NULL); /* malloc'd by libc */
	if (!real)
		return ut_fail(d, PLENUM_EIO, "%s: a symbolic link that leads nowhere (%s): give "
		               "the file itself", path, strerror(errno));
	w->final = ut_strdup(real);
	free(real);
	return w->final ? PLENUM_OK : ut_fail(d, PLENUM_ENOMEM, "%s: out of memory", path);
}

/* A device, a FIFO or a socket: opened as it is. */
static int open_in_place(ut_wfile *w, plenum_diag *d)
{
	w->fd = open(w->final, O_WRONLY | O_CLOEXEC);
	if (w->fd < 0)
		return ut_fail(d, PLENUM_EIO, "%s: cannot open for writing (%s)", w->path,
		               strerror(errno));
	return PLENUM_OK;
}

static int open_temporary(ut_wfile *w, const struct stat *old, plenum_diag *d)
{
	size_t n = strlen(w->final) + sizeof ".tmp-XXXXXX";
	if (!(w->tmp = ut_malloc(n)))
		return ut_fail(d, PLENUM_ENOMEM, "%s: out of memory", w->path);
	snprintf(w->tmp, n, "%s.tmp-XXXXXX", w->final);
	w->fd = mkstemp(w->tmp);
	if (w->fd < 0) {
		int err = errno;
		ut_free(w->tmp);
		w->tmp = NULL;
		return ut_fail(d, PLENUM_EIO, "%s: cannot create (%s): check that the directory "
		               "exists and is writable", w->path, strerror(err));
	}
	mode_t mode;
	if (old) {
		mode = old->st_mode & 07777;
	} else {
		mode_t mask = umask(0); /* mkstemp makes 0600: give the usual permissions */
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(w->fd, mode) != 0) {
		ut_fail(d, PLENUM_EIO, "%s: cannot set permissions (%s)", w->path, strerror(errno));
		ut_wfile_abort(w); /* frees w->path: after the message */
		return PLENUM_EIO;
	}
	return PLENUM_OK;
}

int ut_wfile_open(ut_wfile *w, const char *path, plenum_diag *d)
{
	memset(w, 0, sizeof *w);
	w->fd = -1;
	if (!path || !*path)
		return ut_fail(d, PLENUM_EINVAL, "an empty file name: give a file to write");
	if (!(w->path = ut_strdup(path)))
		return ut_fail(d, PLENUM_ENOMEM, "%s: out of memory", path);
	int rc = resolve(w, path, d);
	struct stat st;
	int exists = !rc && stat(w->final, &st) == 0;
	if (!rc && exists && S_ISDIR(st.st_mode))
		rc = ut_fail(d, PLENUM_EINVAL, "%s: is a directory: give a file name", path);
	else if (!rc && exists && !S_ISREG(st.st_mode))
		rc = open_in_place(w, d);
	else if (!rc)
		rc = open_temporary(w, exists ? &st : NULL, d);
	if (rc)
		wfile_free(w);
	return rc;
}

int ut_wfile_write(ut_wfile *w, const void *data, size_t n)
{
	const char *p = data;
	while (n) {
		ssize_t k = write(w->fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k < 0 ? errno : EIO;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int failed(ut_wfile *w, int err, plenum_diag *d)
{
	ut_fail(d, PLENUM_EIO, "%s: write failed (%s): check the free disk space%s", w->path,
	        strerror(err), w->tmp ? "; nothing was written" : "");
	ut_wfile_abort(w);
	return PLENUM_EIO;
}

int ut_wfile_close(ut_wfile *w, int err, plenum_diag *d)
{
	if (w->path && w->fd >= 0 && close(w->fd) != 0 && !err)
		err = errno;
	w->fd = -1;
	return err ? failed(w, err, d) : PLENUM_OK;
}

int ut_wfile_commit(ut_wfile *w, plenum_diag *d)
{
	int rc = w->path && w->fd >= 0 ? ut_wfile_close(w, 0, d) : PLENUM_OK;
	if (rc)
		return rc;
	if (w->tmp && rename(w->tmp, w->final) != 0)
		return failed(w, errno, d);
	wfile_free(w);
	return PLENUM_OK;
}

void ut_wfile_abort(ut_wfile *w)
{
	if (w->path && w->fd >= 0) /* path: opened (a zeroed w has fd 0) */
		close(w->fd);
	w->fd = -1;
	if (w->tmp)
		unlink(w->tmp);
	wfile_free(w);
}
