/* internal.h: what the files of the server share: the server's state, one
 * request's state, and how a handler answers (http.c owns the daemon,
 * limits, routing, the access log and the page; api.c the JSON API). */
#ifndef ACQ_SERVER_INTERNAL_H
#define ACQ_SERVER_INTERNAL_H

#include "server/server.h"
#include "server/snapshot.h"

#include <microhttpd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

typedef struct server {
    server_config cfg;
    server_snaps snaps;
    atomic_int open_connections;
    struct MHD_Daemon *daemon;
} server;

typedef struct request {
    server *srv;
    char *uri;             /* the raw request target, for the log */
    size_t uri_len;        /* its whole length (the copy may be cut) */
    size_t body;           /* body bytes received */
    char method[16];
    int started;           /* the access handler has seen it */
    int status;            /* 0: not answered by us */
    size_t bytes;          /* body bytes of the answer */
    struct timespec start;
} request;

/* A response being written: JSON goes to out (an open_memstream). */
typedef struct reply {
    FILE *out;
    char *data;
    size_t len;
    int status;
} reply;

/* Starts a reply with this status; 0, or -1 when out of memory. */
int reply_open(reply *r, int status);
/* Queues r (closing its stream) as the answer to c with this type. */
enum MHD_Result reply_send(struct MHD_Connection *c, request *q, reply *r, const char *type);
/* Answers {"error":{"status":S,"message":M[,"column":N]}}; column < 0 for
 * none. */
enum MHD_Result reply_error(struct MHD_Connection *c, request *q, int status, int column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A GET parameter: 1 with *v (NUL-terminated) and *len when present, 0 when
 * absent; -1 when present but not valid UTF-8 text (U+0000 included), after
 * answering 400 naming it. */
int arg_get(struct MHD_Connection *c, request *q, const char *name, const char **v, size_t *len);

/* 1 if p[0..n) is valid UTF-8 without U+0000 (a parameter, a path). */
int server_text_ok(const unsigned char *p, size_t n);

/* The API's endpoints (api.c); path is the URL path after "/api/". */
enum MHD_Result api_handle(struct MHD_Connection *c, request *q, const char *path);

#endif
