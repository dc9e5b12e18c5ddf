/* assets.h: the search page's files (src/server/www/), compiled into the
 * binary by CMakeLists.txt as a table: the only files the server can send,
 * found by exact name, so that no request can read anything else. */
#ifndef ACQ_SERVER_ASSETS_H
#define ACQ_SERVER_ASSETS_H

#include <stddef.h>

typedef struct server_asset {
    const char *path;          /* "/index.html" */
    const unsigned char *data;
    size_t len;
} server_asset;

/* The table, ended by a NULL path (generated: build/generated/www_data.c). */
extern const server_asset server_assets[];

/* The asset at exactly this URL path ("/" is "/index.html"), or NULL. */
const server_asset *server_asset_find(const char *path);
/* Its Content-Type, from the name's extension. */
const char *server_asset_type(const server_asset *a);

#endif
