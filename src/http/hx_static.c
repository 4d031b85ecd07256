/* The web interface's files, embedded in the binary (http/assets.h), served with their
 * content type, an ETag (revalidated with If-None-Match: 304) and no-cache, so that a new
 * binary's files are taken at once and unchanged ones cost a header exchange. */
#include <stdio.h>
#include <string.h>
#include "http/assets.h"
#include "http/http.h"
#include "util/util.h"

enum { ASSETS_MAX = 512 };
static char etags[ASSETS_MAX][24]; /* "\"16 hex\"" per asset */

static const struct {
	const char *ext, *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".txt", "text/plain; charset=utf-8"},
	{".woff2", "font/woff2"},
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	for (size_t k = 0; dot && k < sizeof types / sizeof types[0]; k++)
		if (strcmp(dot, types[k].ext) == 0)
			return types[k].type;
	return "application/octet-stream";
}

int hx_static_init(void)
{
	for (int k = 0; hx_assets[k].path; k++) {
		if (k >= ASSETS_MAX)
			return 0;
		uint64_t h = ut_hash((const char *)hx_assets[k].data, hx_assets[k].size);
		snprintf(etags[k], sizeof etags[k], "\"%016llx\"", (unsigned long long)h);
	}
	return 1;
}

int hx_static(hx_req *q, hx_res *r, const char *if_none_match)
{
	const char *path = strcmp(q->path, "/") == 0 ? "/index.html" : q->path;
	for (int k = 0; hx_assets[k].path; k++) {
		if (strcmp(hx_assets[k].path, path) != 0)
			continue;
		r->type = type_of(path);
		r->cache = "no-cache";
		hx_header(r, "ETag", etags[k]);
		if (if_none_match && strcmp(if_none_match, etags[k]) == 0) {
			r->status = 304;
			r->data = "";
			return 1;
		}
		r->status = 200;
		r->data = hx_assets[k].data;
		r->size = hx_assets[k].size;
		return 1;
	}
	return 0;
}
