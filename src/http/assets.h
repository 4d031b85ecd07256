/* Web assets embedded at build time: the table is defined in embedded_assets.c, which
 * cmake/embed_run.cmake generates into the build directory. */
#ifndef PLENUM_HTTP_ASSETS_H
#define PLENUM_HTTP_ASSETS_H
#include <stddef.h>

typedef struct hx_asset {
	const char *path;          /* "/index.html" */
	const unsigned char *data; /* bytes, with a trailing NUL not counted in size */
	size_t size;
} hx_asset;

/* The table ends with an entry whose path is NULL. */
extern const hx_asset hx_assets[];

#endif
