/* server.h: `acquis serve`, an HTTP/1.1 server over one index, read-only:
 * a JSON API (/api/search, /api/doc/{id}, /api/cites/{act},
 * /api/cited-by/{act}, /api/stats, /api/health) and the
 * search page (src/server/www/) at /. Built on libmicrohttpd with a pool of
 * threads; a client of acquis.h only.
 *
 * Safe by default: it listens on 127.0.0.1 unless told otherwise, refuses
 * requests larger than max_request bytes (413), queries longer than
 * max_query (413), k over max_k and offsets over max_offset (400), answers
 * 503 once more than max_connections connections are open, closes
 * connections past max_per_ip from one address at once, and closes a
 * connection idle for timeout seconds (a client that connects and sends
 * nothing, or half a request, costs a socket for that long, never a hang).
 * One access log line per request goes to stderr. */
#ifndef ACQ_SERVER_SERVER_H
#define ACQ_SERVER_SERVER_H

#include <stddef.h>

typedef struct server_config {
    const char *dir;         /* the index */
    const char *bind;        /* IPv4 or IPv6 address; "127.0.0.1" */
    unsigned port;           /* 0: any free port (printed at start) */
    unsigned threads;        /* worker threads */
    size_t max_request;      /* bytes of request line and body */
    size_t max_query;        /* bytes of q */
    size_t max_k, max_offset;
    unsigned max_connections;
    unsigned max_per_ip;     /* open connections from one address; 0: no
                                limit (past it, a connection is closed at
                                once: one client trickling bytes to many
                                connections cannot take them all) */
    unsigned timeout;        /* seconds a connection may stay idle */
    long reload_ms;          /* look for a new commit at most this often */
    int quiet;               /* no access log */
    const char *thesaurus;   /* expands every query (acquis search
                                --thesaurus), or NULL; loaded at start */
} server_config;

#define SERVER_CONFIG_INIT { "index", "127.0.0.1", 8080, 4, 8192, 2048, 1000, 10000, 64, 32, 10, 200, 0, NULL }

/* Serves until SIGINT or SIGTERM; returns the exit status (0, or 2 after
 * printing why it could not start). Prints "listening on http://ADDR:PORT/"
 * on stderr once it accepts connections. */
int server_run(const server_config *cfg);

#endif
