/* http.c: the daemon of acquis serve (see server.h): libmicrohttpd with a
 * pool of threads, the limits (request size, open connections, idle
 * timeout), routing to the API (api.c) and to the page's compiled-in files
 * (assets.c), and the access log: one line per request on stderr, in the
 * Common Log Format followed by the time taken:
 *   127.0.0.1 - - [01/Dec/2026:11:30:00 +0000] "GET /api/search?q=x HTTP/1.1" 200 1234 0.8ms
 * The request target is logged with its control characters, quotes and
 * backslashes escaped (\xHH), so that a request cannot forge log lines. */
#include "json/json_write.h"
#include "server/assets.h"
#include "server/internal.h"

#include <arpa/inet.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The longest request target copied for the log. */
#define LOG_URI_MAX 2048

int reply_open(reply *r, int status)
{
    r->data = NULL;
    r->len = 0;
    r->status = status;
    r->out = open_memstream(&r->data, &r->len);
    return r->out ? 0 : -1;
}

static enum MHD_Result queue(struct MHD_Connection *c, request *q, int status, const char *type,
                             struct MHD_Response *resp, size_t len)
{
    if (resp == NULL)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    if (strncmp(type, "text/html", 9) == 0) {
        /* The page's own files only: injected markup could not load or
         * run a script even if it escaped the page's escaping. */
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    }
    if (strncmp(type, "application/json", 16) == 0)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, resp);
    MHD_destroy_response(resp);
    if (ret == MHD_YES) {
        q->status = status;
        q->bytes = len;
    }
    return ret;
}

enum MHD_Result reply_send(struct MHD_Connection *c, request *q, reply *r, const char *type)
{
    fputc('\n', r->out);
    if (fclose(r->out) != 0) {
        free(r->data);
        return MHD_NO;
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(r->len, r->data, MHD_RESPMEM_MUST_FREE);
    if (resp == NULL)
        free(r->data);
    return queue(c, q, r->status, type, resp, r->len);
}

enum MHD_Result reply_error(struct MHD_Connection *c, request *q, int status, int column, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    reply r;
    if (reply_open(&r, status) != 0)
        return MHD_NO;
    fprintf(r.out, "{\"error\":{\"status\":%d,\"message\":", status);
    json_string(r.out, msg);
    if (column >= 0)
        fprintf(r.out, ",\"column\":%d", column);
    fputs("}}", r.out);
    return reply_send(c, q, &r, "application/json; charset=utf-8");
}

/* Valid UTF-8 without U+0000 (n bytes). */
int server_text_ok(const unsigned char *p, size_t n)
{
    const unsigned char *e = p + n;
    while (p < e) {
        unsigned c = *p;
        size_t k;
        uint32_t cp;
        if (c == 0)
            return 0;
        if (c < 0x80) {
            p++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            k = 2, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
            k = 3, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
            k = 4, cp = c & 0x07;
        else
            return 0;
        if ((size_t)(e - p) < k)
            return 0;
        for (size_t i = 1; i < k; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        p += k;
    }
    return 1;
}

int arg_get(struct MHD_Connection *c, request *q, const char *name, const char **v, size_t *len)
{
    const char *val = NULL;
    size_t n = 0;
    if (MHD_lookup_connection_value_n(c, MHD_GET_ARGUMENT_KIND, name, strlen(name), &val, &n) != MHD_YES)
        return 0;
    if (val == NULL) { /* "?q" without "=": an empty value */
        val = "";
        n = 0;
    }
    if (!server_text_ok((const unsigned char *)val, n)) {
        reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "parameter %s is not valid UTF-8 text", name);
        return -1;
    }
    *v = val;
    *len = n;
    return 1;
}

/* ---- the access log ---------------------------------------------------- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)c;
    request *q = calloc(1, sizeof *q);
    if (q == NULL)
        return NULL;
    q->srv = cls;
    clock_gettime(CLOCK_MONOTONIC, &q->start);
    q->uri_len = strlen(uri);
    q->uri = strndup(uri, LOG_URI_MAX);
    return q;
}

static void log_line(struct MHD_Connection *c, const request *q)
{
    char addr[INET6_ADDRSTRLEN] = "-";
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr, sizeof addr);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr, sizeof addr);
    }
    char when[64];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S %z", &tm);
    char target[LOG_URI_MAX * 4 + 8];
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)(q->uri ? q->uri : "-"); *p && o + 5 < sizeof target; p++) {
        if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
            o += (size_t)snprintf(target + o, sizeof target - o, "\\x%02x", *p);
        else
            target[o++] = (char)*p;
    }
    target[o] = '\0';
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (double)(now.tv_sec - q->start.tv_sec) * 1e3 + (double)(now.tv_nsec - q->start.tv_nsec) / 1e6;
    char status[16], bytes[32];
    snprintf(status, sizeof status, q->status ? "%d" : "-", q->status);
    snprintf(bytes, sizeof bytes, q->status ? "%zu" : "-", q->bytes);
    char line[sizeof target + 256];
    int n = snprintf(line, sizeof line, "%s - - [%s] \"%s %s%s HTTP/1.1\" %s %s %.1fms\n", addr, when,
                     q->method[0] ? q->method : "-", target, q->uri_len > LOG_URI_MAX ? "..." : "", status, bytes, ms);
    if (n > 0) /* one write per line: lines of parallel requests never mix */
        (void)!write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    server *srv = cls;
    request *q = *con_cls;
    if (q == NULL)
        return;
    if (!srv->cfg.quiet)
        log_line(c, q);
    free(q->uri);
    free(q);
    *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    (void)c;
    (void)socket_context;
    server *srv = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED)
        atomic_fetch_add(&srv->open_connections, 1);
    else if (toe == MHD_CONNECTION_NOTIFY_CLOSED)
        atomic_fetch_sub(&srv->open_connections, 1);
}

/* ---- requests ---------------------------------------------------------- */

static enum MHD_Result send_asset(struct MHD_Connection *c, request *q, const server_asset *a)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(a->len, (void *)(uintptr_t)a->data, MHD_RESPMEM_PERSISTENT);
    return queue(c, q, MHD_HTTP_OK, server_asset_type(a), resp, a->len);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    (void)upload_data;
    server *srv = cls;
    request *q = *con_cls;
    if (q == NULL)
        return MHD_NO; /* out of memory in on_uri: drop the connection */
    size_t max = srv->cfg.max_request;
    if (!q->started) {
        q->started = 1;
        snprintf(q->method, sizeof q->method, "%s", method);
        if (q->uri_len > max)
            return reply_error(c, q, MHD_HTTP_CONTENT_TOO_LARGE, -1,
                               "the request target has %zu bytes, more than the limit of %zu (--max-request)",
                               q->uri_len, max);
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > max - q->uri_len)
            return reply_error(c, q, MHD_HTTP_CONTENT_TOO_LARGE, -1,
                               "the request body has %s bytes, more than the limit of %zu (--max-request)", cl,
                               max);
        if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
            return reply_error(c, q, MHD_HTTP_METHOD_NOT_ALLOWED, -1,
                               "method %s is not allowed: the server is read-only (GET and HEAD)", q->method);
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        /* A body on a GET, without a Content-Length (chunked): counted and
         * dropped, refused once it passes the limit. */
        q->body += *upload_data_size;
        *upload_data_size = 0;
        if (q->status == 0 && q->body > max - q->uri_len)
            return reply_error(c, q, MHD_HTTP_CONTENT_TOO_LARGE, -1,
                               "the request body is larger than the limit of %zu bytes (--max-request)", max);
        return MHD_YES;
    }
    if (q->status != 0)
        return MHD_YES; /* answered already */
    if ((unsigned)atomic_load(&srv->open_connections) > srv->cfg.max_connections)
        return reply_error(c, q, MHD_HTTP_SERVICE_UNAVAILABLE, -1,
                           "the server is overloaded (more than %u open connections, --max-connections): "
                           "try again in a moment",
                           srv->cfg.max_connections);
    /* libmicrohttpd decodes the path into a C string: a %00 would cut it
     * short ("/index.html%00.js"), so such a path names nothing. */
    const char *nul = q->uri ? strstr(q->uri, "%00") : NULL;
    const char *qmark = q->uri ? strchr(q->uri, '?') : NULL;
    if (nul && (qmark == NULL || nul < qmark))
        return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "the path holds an encoded NUL (%%00)");
    if (strncmp(url, "/api/", 5) == 0)
        return api_handle(c, q, url + 5);
    if (strcmp(url, "/api") == 0)
        return api_handle(c, q, "");
    const server_asset *a = server_asset_find(url);
    if (a)
        return send_asset(c, q, a);
    return reply_error(c, q, MHD_HTTP_NOT_FOUND, -1, "no such page: the search page is at / and the API under /api/");
}

/* ---- the daemon -------------------------------------------------------- */

static int parse_bind(const char *bind, unsigned port, struct sockaddr_storage *ss, int *v6)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, bind, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        *v6 = 0;
        return 0;
    }
    const char *b = bind;
    char buf[INET6_ADDRSTRLEN + 2];
    size_t n = strlen(bind);
    if (n >= 2 && n < sizeof buf && bind[0] == '[' && bind[n - 1] == ']') {
        memcpy(buf, bind + 1, n - 2);
        buf[n - 2] = '\0';
        b = buf;
    }
    if (inet_pton(AF_INET6, b, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *v6 = 1;
        return 0;
    }
    return -1;
}

int server_run(const server_config *cfg)
{
    server *srv = calloc(1, sizeof *srv);
    if (srv == NULL) {
        fprintf(stderr, "acquis serve: out of memory\n");
        return 2;
    }
    srv->cfg = *cfg;
    atomic_init(&srv->open_connections, 0);
    struct sockaddr_storage ss;
    int v6;
    if (parse_bind(cfg->bind, cfg->port, &ss, &v6) != 0) {
        fprintf(stderr, "acquis serve: --bind wants an IP address such as 127.0.0.1, 0.0.0.0 or ::1, not '%s'\n",
                cfg->bind);
        free(srv);
        return 2;
    }
    char msg[1024];
    if (server_snaps_open(&srv->snaps, cfg->dir, cfg->reload_ms, msg, sizeof msg) != ACQ_OK) {
        fprintf(stderr, "acquis serve: %s\n", msg);
        free(srv);
        return 2;
    }
    if (cfg->thesaurus) {
        /* Loaded now (once per process), so that a bad path stops the
         * server at start instead of failing every search. */
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.thesaurus = cfg->thesaurus;
        char desc[256];
        server_snap *snap = server_snap_acquire(&srv->snaps);
        int rc = acq_query_describe(snap->ix, "x", &o, desc, sizeof desc, msg, sizeof msg);
        server_snap_release(snap);
        if (rc != ACQ_OK) {
            fprintf(stderr, "acquis serve: --thesaurus %s: %s\n", cfg->thesaurus, msg);
            server_snaps_close(&srv->snaps);
            free(srv);
            return 2;
        }
    }
    /* SIGINT and SIGTERM are taken by sigwait below; the daemon's threads
     * inherit the mask, so the signal reaches this thread only. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* libmicrohttpd holds a request's header in the connection's memory
     * pool: room for our own limit, so that we answer 413 ourselves. */
    size_t pool = cfg->max_request + 16384;
    if (pool < 32768)
        pool = 32768;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
    if (v6)
        flags |= MHD_USE_IPv6;
    /* The hard limit, past which connections are refused when accepted:
     * above ours (503 with a message) so that clients get an answer. */
    unsigned hard = cfg->max_connections * 2 + 16;
    srv->daemon = MHD_start_daemon(
        flags, (uint16_t)cfg->port, NULL, NULL, on_request, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads > 1 ? cfg->threads : 1),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout,
        MHD_OPTION_CONNECTION_LIMIT, hard,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->max_per_ip,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, pool,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
        MHD_OPTION_END);
    if (srv->daemon == NULL) {
        fprintf(stderr, "acquis serve: cannot listen on %s port %u (in use, or not an address of this machine?)\n",
                cfg->bind, cfg->port);
        server_snaps_close(&srv->snaps);
        free(srv);
        return 2;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = di ? di->port : cfg->port;
    fprintf(stderr, "acquis serve: %s on http://%s%s%s:%u/ (%u threads; Ctrl-C stops)\nlistening on port %u\n",
            cfg->dir, v6 && cfg->bind[0] != '[' ? "[" : "", cfg->bind, v6 && cfg->bind[0] != '[' ? "]" : "", port,
            cfg->threads, port);
    int sig = 0;
    while (sigwait(&sigs, &sig) != 0)
        ; /* EINTR: wait again */
    MHD_stop_daemon(srv->daemon);
    server_snaps_close(&srv->snaps);
    free(srv);
    fprintf(stderr, "acquis serve: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    return 0;
}
