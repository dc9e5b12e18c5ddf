/* test_server.c: acquis serve over real HTTP on loopback. The server runs
 * as a subprocess (the acquis binary, on an ephemeral port it prints) and
 * the tests talk to it with plain sockets: every endpoint and every error
 * status (400 with the query's column, 404, 405, 413, 503), JSON escaping
 * of hostile documents (<script> in a title, quotes, control characters),
 * hostile requests (path traversal, bad UTF-8 and U+0000 in parameters,
 * very long URLs, garbage instead of HTTP), clients that connect and send
 * nothing or half a request (closed after --timeout, other clients served
 * meanwhile), concurrent clients from several threads, and a commit by
 * another writer while serving (picked up without a restart), the
 * command line's search options (expansion, models, feedback) with their
 * bad values, statistics per language, citations between acts, and
 * --thesaurus. Every
 * server must stop cleanly on SIGTERM, with nothing from a sanitizer in
 * its log. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "acquis.h"
#include "support.h"

/* ---- an index with hostile documents ------------------------------------ */

static void add(acq_writer *w, const char *id, const char *title, const char *text, const char *type,
                const char *date, const char *celex, const char *url)
{
    acq_document d = {0};
    d.id = id;
    d.title = title;
    d.text = text;
    d.type = type;
    d.date = date;
    d.celex = celex;
    d.url = url;
    d.lang = "en";
    cr_assert_eq(acq_writer_add(w, &d), ACQ_OK, "%s", acq_writer_errmsg(w));
}

static char *make_index(void)
{
    char *dir = test_tmpdir();
    acq_writer *w;
    char msg[512];
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.no_lang_detect = 1;
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    add(w, "europol", "Europol Regulation", "Police cooperation through Europol.\nThe agency supports police.", "REG",
        "2016-05-11", "32016R0794", "https://eur-lex.europa.eu/eli/reg/2016/794/oj");
    add(w, "prum", "Prüm Decision", "Exchange of DNA profiles between police forces.", "DEC", "2008-06-23",
        "32008D0615", NULL);
    add(w, "xss", "<script>alert(\"title\")</script> police", "Police <img src=x onerror=alert(1)> and \"quotes\" \\ "
        "and a tab\there.", "DIR", "2020-01-01", NULL, "javascript:alert(1)");
    add(w, "a/b c?d", "An id with a slash, a space and a question mark", "Police text.", "DIR", "2019", NULL, NULL);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    return dir;
}

/* ---- the server as a subprocess ------------------------------------------ */

typedef struct srv {
    pid_t pid;
    int port;
    char *logdir;
    char log[4096];
} srv;

static void start(srv *s, const char *dir, const char *extra)
{
    s->logdir = test_tmpdir();
    snprintf(s->log, sizeof s->log, "%s/server.log", s->logdir);
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "exec '%s' serve -i '%s' --port 0 --threads 4 --timeout 1 --reload-ms 0 %s 2>'%s'",
             ACQ_CLI_PATH, dir, extra ? extra : "", s->log);
    s->pid = fork();
    cr_assert_neq(s->pid, -1);
    if (s->pid == 0) {
        /* A failed assertion ends the test's process: the server goes too. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    s->port = 0;
    for (int i = 0; i < 400 && s->port == 0; i++) {
        char *text = test_read_file(s->log, NULL);
        const char *p = text ? strstr(text, "listening on port ") : NULL;
        if (p)
            s->port = atoi(p + strlen("listening on port "));
        free(text);
        int st;
        if (s->port == 0 && waitpid(s->pid, &st, WNOHANG) == s->pid) {
            char *log = test_read_file(s->log, NULL);
            cr_assert_fail("the server exited at start: %s", log ? log : "");
        }
        if (s->port == 0)
            usleep(25000);
    }
    cr_assert_gt(s->port, 0, "the server did not say its port within 10 s");
}

/* SIGTERM, then the exit status must be 0 within 10 s and the log clean;
 * returns the log (caller frees). */
static char *stop(srv *s)
{
    kill(s->pid, SIGTERM);
    int st = 0;
    pid_t r = 0;
    for (int i = 0; i < 400 && (r = waitpid(s->pid, &st, WNOHANG)) == 0; i++)
        usleep(25000);
    if (r == 0) {
        kill(s->pid, SIGKILL);
        waitpid(s->pid, &st, 0);
        cr_assert_fail("the server did not stop within 10 s of SIGTERM");
    }
    char *log = test_read_file(s->log, NULL);
    cr_assert_not_null(log);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exit status %d; log:\n%s", st, log);
    cr_assert(strstr(log, "Sanitizer") == NULL && strstr(log, "runtime error") == NULL, "%s", log);
    test_rmrf(s->logdir);
    free(s->logdir);
    return log;
}

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_geq(fd, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0, "connect: %s", strerror(errno));
    struct timeval tv = {5, 0}; /* no test waits longer for an answer */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

static void send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k <= 0)
            return; /* the server may close early (413): read its answer */
        p += k;
        n -= (size_t)k;
    }
}

/* Reads until the server closes; NULL on a receive timeout. */
static char *read_all(int fd, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (n == cap)
            buf = realloc(buf, (cap *= 2) + 1);
        ssize_t k = recv(fd, buf + n, cap - n, 0);
        if (k == 0 || (k < 0 && errno == ECONNRESET))
            break;
        if (k < 0) {
            free(buf);
            return NULL;
        }
        n += (size_t)k;
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

typedef struct resp {
    int status;
    char *head, *body; /* head: status line and headers; body after them */
    char *raw;
} resp;

/* Sends a raw request (Connection: close added to a GET line given alone)
 * and parses the answer. */
static resp raw_request(int port, const char *req, size_t len)
{
    int fd = connect_to(port);
    send_all(fd, req, len);
    resp r = {0};
    r.raw = read_all(fd, NULL);
    close(fd);
    cr_assert_not_null(r.raw, "no answer within 5 s to: %.200s", req);
    sscanf(r.raw, "HTTP/1.%*d %d", &r.status);
    char *sep = strstr(r.raw, "\r\n\r\n");
    r.head = r.raw;
    r.body = sep ? sep + 4 : r.raw + strlen(r.raw);
    if (sep)
        *sep = '\0';
    return r;
}

static resp get(int port, const char *target)
{
    size_t n = strlen(target) + 128;
    char *req = malloc(n);
    snprintf(req, n, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", target);
    resp r = raw_request(port, req, strlen(req));
    free(req);
    return r;
}

static void resp_free(resp *r)
{
    free(r->raw);
}

/* ---- endpoints ----------------------------------------------------------- */

Test(server, endpoints, .timeout = 60)
{
    char *dir = make_index();
    srv s;
    start(&s, dir, NULL);
    resp r = get(s.port, "/api/health");
    cr_assert_eq(r.status, 200, "%s", r.raw);
    cr_assert(strstr(r.head, "Content-Type: application/json; charset=utf-8") != NULL, "%s", r.head);
    cr_assert(strstr(r.body, "{\"status\":\"ok\",\"version\":\"") && strstr(r.body, "\"snapshot\":1}"), "%s", r.body);
    resp_free(&r);

    r = get(s.port, "/api/search?q=police+cooperation&k=2&count=1&facets=type,year");
    cr_assert_eq(r.status, 200, "%s", r.raw);
    cr_assert(strstr(r.body, "\"total\":4,\"exact\":true,\"offset\":0,\"k\":2"), "%s", r.body);
    cr_assert(strstr(r.body, "\"rank\":1,\"score\":"), "%s", r.body);
    cr_assert(strstr(r.body, "\"id\":\"europol\""), "%s", r.body);
    cr_assert(strstr(r.body, "\"matches\":[["), "%s", r.body);
    cr_assert(strstr(r.body, "\"facets\":{\"type\":{\"distinct\":3,\"values\":[[\"DIR\",2]"), "%s", r.body);
    cr_assert(strstr(r.body, "\"rank\":3") == NULL, "k=2: %s", r.body);
    resp_free(&r);

    /* Paging, fields, filters (type, date range, language), collapse,
     * explain. */
    r = get(s.port, "/api/search?q=police&k=1&offset=1&fields=id,title");
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(r.body, "\"hits\":[{\"id\":\"") && strstr(r.body, "\"score\"") == NULL &&
              strstr(r.body, "\"snippet\"") == NULL, "%s", r.body);
    resp_free(&r);
    r = get(s.port, "/api/search?q=police&type=DIR&from=2019&to=2019-12-31&lang=en&count=1&fields=id");
    cr_assert_eq(r.status, 200, "%s", r.raw);
    cr_assert(strstr(r.body, "\"total\":1,") && strstr(r.body, "\"id\":\"a/b c?d\""), "%s", r.body);
    resp_free(&r);
    r = get(s.port, "/api/search?q=police&type=REG&lang=fr&count=1");
    cr_assert(strstr(r.body, "\"total\":0,") && strstr(r.body, "\"hits\":[]"), "%s", r.body);
    resp_free(&r);
    /* Plain text: its syntax characters are words. */
    r = get(s.port, "/api/search?q=police+%28cooperation+%22&plain=1&count=1&fields=id");
    cr_assert_eq(r.status, 200, "%s", r.raw);
    cr_assert(strstr(r.body, "\"total\":4,"), "%s", r.body);
    resp_free(&r);
    r = get(s.port, "/api/search?q=police&collapse=type&explain=1&k=10&count=1");
    cr_assert_eq(r.status, 200, "%s", r.raw);
    cr_assert(strstr(r.body, "\"collapsed\":1") && strstr(r.body, "\"explanation\":"), "%s", r.body);
    resp_free(&r);

    /* A document, whole, with the query's words marked; ids needing
     * percent-encoding by path and by parameter. */
    r = get(s.port, "/api/doc/europol?q=police");
    cr_assert_eq(r.status, 200, "%s", r.raw);
    cr_assert(strstr(r.body, "\"text\":\"Police cooperation through Europol.\\nThe agency supports police.\""), "%s",
              r.body);
    cr_assert(strstr(r.body, "\"matches\":[[0,6],[56,62]]"), "%s", r.body);
    cr_assert(strstr(r.body, "\"celex\":\"32016R0794\",\"url\":\"https://eur-lex.europa.eu/eli/reg/2016/794/oj\""), "%s", r.body);
    resp_free(&r);
    r = get(s.port, "/api/doc/a%2Fb%20c%3Fd");
    cr_assert_eq(r.status, 200, "%s", r.raw);
    cr_assert(strstr(r.body, "\"matches\"") == NULL, "no q, no matches: %s", r.body);
    resp_free(&r);
    r = get(s.port, "/api/doc?id=a%2Fb+c%3Fd");
    cr_assert_eq(r.status, 200, "%s", r.raw);
    resp_free(&r);

    r = get(s.port, "/api/stats");
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(r.body, "\"index\":{\"documents\":4,\"deleted\":0"), "%s", r.body);
    cr_assert(strstr(r.body, "\"languages\":[{\"lang\":\"en\",\"documents\":4,"), "%s", r.body);
    resp_free(&r);

    /* The page and its files, with a policy against injected scripts;
     * HEAD answers without a body. */
    r = get(s.port, "/");
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(r.head, "text/html") && strstr(r.head, "Content-Security-Policy: default-src 'none'; script-src 'self'"),
              "%s", r.head);
    cr_assert(strstr(r.body, "<script src=\"/app.js\""), "%s", r.body);
    resp_free(&r);
    r = get(s.port, "/app.js");
    cr_assert(r.status == 200 && strstr(r.head, "text/javascript") && strstr(r.body, "textContent"));
    resp_free(&r);
    r = get(s.port, "/style.css");
    cr_assert(r.status == 200 && strstr(r.head, "text/css"));
    resp_free(&r);
    const char head[] = "HEAD /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    r = raw_request(s.port, head, sizeof head - 1);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(r.body, "");
    resp_free(&r);

    char *log = stop(&s);
    /* One access log line per request, in the common format. */
    cr_assert(strstr(log, "127.0.0.1 - - [") && strstr(log, "\"GET /api/health HTTP/1.1\" 200 "), "%s", log);
    cr_assert(strstr(log, "\"HEAD /api/health HTTP/1.1\" 200"), "%s", log);
    free(log);
    test_rmrf(dir);
    free(dir);
}

/* ---- errors -------------------------------------------------------------- */

static void expect_error(int port, const char *target, int status, const char *needle)
{
    resp r = get(port, target);
    cr_assert_eq(r.status, status, "%s: %s", target, r.raw);
    cr_assert(strstr(r.head, "application/json"), "%s: %s", target, r.head);
    char want[64];
    snprintf(want, sizeof want, "{\"error\":{\"status\":%d,\"message\":\"", status);
    cr_assert(strncmp(r.body, want, strlen(want)) == 0, "%s: %s", target, r.body);
    if (needle)
        cr_assert(strstr(r.body, needle), "%s: want %s in %s", target, needle, r.body);
    resp_free(&r);
}

Test(server, error_statuses, .timeout = 60)
{
    char *dir = make_index();
    srv s;
    start(&s, dir, "--max-request 1024 --max-query 100 --max-k 50 --max-offset 100");
    expect_error(s.port, "/api/search?q=%28police", 400, "\"column\":1}");
    expect_error(s.port, "/api/search?q=police+%22cooperation", 400, "\"column\":8}");
    expect_error(s.port, "/api/search", 400, "parameter q");
    expect_error(s.port, "/api/search?q=", 400, "parameter q");
    expect_error(s.port, "/api/search?q=x&k=0", 400, "k wants");
    expect_error(s.port, "/api/search?q=x&k=51", 400, "--max-k");
    expect_error(s.port, "/api/search?q=x&k=-1", 400, "k wants");
    expect_error(s.port, "/api/search?q=x&k=1e3", 400, "k wants");
    expect_error(s.port, "/api/search?q=x&offset=101", 400, "--max-offset");
    expect_error(s.port, "/api/search?q=x&count=maybe", 400, "count wants");
    expect_error(s.port, "/api/search?q=x&fields=id,password", 400, "fields wants");
    expect_error(s.port, "/api/search?q=x&facets=nosuchfield", 400, NULL);
    expect_error(s.port, "/api/search?q=x&from=2015-1", 400, "from and to");
    expect_error(s.port, "/api/search?q=x&type=REG%29+OR+%28x", 400, "type wants");
    expect_error(s.port, "/api/search?q=x&b=2", 400, "b wants");
    expect_error(s.port, "/api/search?q=x&plain=1&type=DIR", 400, "without plain=1");
    /* The filters do not move a syntax error's column. */
    expect_error(s.port, "/api/search?q=a%29+OR+%28b&type=DIR", 400, "\"column\":7}");
    /* Bad UTF-8 and U+0000 in parameters. */
    expect_error(s.port, "/api/search?q=%ff%fe", 400, "not valid UTF-8");
    expect_error(s.port, "/api/search?q=caf%c3", 400, "not valid UTF-8");
    expect_error(s.port, "/api/search?q=a%00b", 400, "not valid UTF-8");
    expect_error(s.port, "/api/search?q=%ed%a0%80", 400, "not valid UTF-8");
    /* 404s. */
    expect_error(s.port, "/api/doc/nosuchdoc", 404, "no document");
    expect_error(s.port, "/api/nothing", 404, "no such endpoint");
    expect_error(s.port, "/nothing.html", 404, NULL);
    /* 413: a query over --max-query, a URL over --max-request, a body. */
    char big[4096] = "/api/search?q=";
    memset(big + strlen(big), 'a', 101);
    expect_error(s.port, big, 413, "--max-query");
    memset(big + strlen(big), 'a', 2000);
    expect_error(s.port, big, 413, "--max-request");
    /* A URL past the server's whole header memory: refused, not a crash. */
    size_t huge = 200000;
    char *req = malloc(huge + 100);
    strcpy(req, "GET /api/search?q=");
    memset(req + strlen(req), 'b', huge);
    strcpy(req + 18 + huge, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    resp r = raw_request(s.port, req, strlen(req));
    cr_assert(r.status == 413 || r.status == 414 || r.status == 431, "%d", r.status);
    resp_free(&r);
    free(req);
    const char body[] = "GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n";
    r = raw_request(s.port, body, sizeof body - 1);
    cr_assert_eq(r.status, 413, "%s", r.raw);
    resp_free(&r);
    const char post[] = "POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi";
    r = raw_request(s.port, post, sizeof post - 1);
    cr_assert_eq(r.status, 405, "%s", r.raw);
    cr_assert(strstr(r.head, "Allow: GET, HEAD"), "%s", r.head);
    resp_free(&r);
    /* Still serving after all that. */
    r = get(s.port, "/api/health");
    cr_assert_eq(r.status, 200);
    resp_free(&r);
    free(stop(&s));
    test_rmrf(dir);
    free(dir);
}

/* ---- hostile documents and paths ------------------------------------------ */

Test(server, hostile_documents_and_paths, .timeout = 60)
{
    char *dir = make_index();
    srv s;
    start(&s, dir, NULL);
    resp r = get(s.port, "/api/doc/xss?q=police");
    cr_assert_eq(r.status, 200, "%s", r.raw);
    /* Quotes, backslashes and control characters escaped; the markup is
     * text inside a JSON string, and the answer cannot be sniffed as HTML. */
    cr_assert(strstr(r.body, "\"title\":\"<script>alert(\\\"title\\\")</script> police\""), "%s", r.body);
    cr_assert(strstr(r.body, "\\\"quotes\\\" \\\\ and a tab\\there."), "%s", r.body);
    cr_assert(strstr(r.head, "X-Content-Type-Options: nosniff"), "%s", r.head);
    for (const char *p = r.body; *p; p++)
        cr_assert((unsigned char)*p >= 0x20 || *p == '\n', "raw control character in JSON");
    resp_free(&r);
    r = get(s.port, "/api/search?q=%3Cscript%3Ealert(1)%3C/script%3E+police&fields=id,title,snippet");
    cr_assert_eq(r.status, 200, "%s", r.raw);
    cr_assert(strstr(r.body, "\"query\":\"<script>alert(1)</script> police\""), "%s", r.body);
    resp_free(&r);
    /* Nothing outside the page's own files, however the path is spelled. */
    const char *paths[] = {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd",
                           "/index.html/../../CMakeLists.txt", "/www/index.html", "/src/server/www/app.js",
                           "/..%2f..%2fetc%2fpasswd", "/index.html%00.js", "/%c0%ae%c0%ae/etc/passwd"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        r = get(s.port, paths[i]);
        cr_assert(r.status == 404 || r.status == 400, "%s: %d", paths[i], r.status);
        cr_assert(strstr(r.body, "root:") == NULL && strstr(r.body, "cmake_minimum") == NULL, "%s", paths[i]);
        resp_free(&r);
    }
    free(stop(&s));
    test_rmrf(dir);
    free(dir);
}

/* ---- clients that misbehave ----------------------------------------------- */

/* 1 if the server closes fd within `ms` (EOF or reset), reading what comes. */
static int closed_within(int fd, int ms)
{
    struct pollfd p = {fd, POLLIN, 0};
    char buf[4096];
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &t);
        long left = ms - ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            return 0;
        ssize_t k = recv(fd, buf, sizeof buf, 0);
        if (k <= 0)
            return 1;
    }
}

Test(server, idle_partial_and_garbage_clients, .timeout = 60)
{
    char *dir = make_index();
    srv s;
    start(&s, dir, "--threads 2");
    /* More silent clients than threads, and a half-sent request. */
    int idle[6];
    for (int i = 0; i < 6; i++)
        idle[i] = connect_to(s.port);
    int partial = connect_to(s.port);
    const char half[] = "GET /api/search?q=police HTTP/1.1\r\nHost: x\r\n";
    send_all(partial, half, sizeof half - 1);
    /* Others are served meanwhile, at once. */
    for (int i = 0; i < 5; i++) {
        resp r = get(s.port, "/api/search?q=police");
        cr_assert_eq(r.status, 200);
        resp_free(&r);
    }
    /* --timeout 1: each is closed by the server, well within 5 s. */
    for (int i = 0; i < 6; i++) {
        cr_assert(closed_within(idle[i], 5000), "idle connection %d still open after 5 s", i);
        close(idle[i]);
    }
    cr_assert(closed_within(partial, 5000), "half a request kept its connection open");
    close(partial);
    /* Garbage, a bare line, binary: an error or a close, never a hang. */
    const char *junk[] = {"HELLO\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n",
                          "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", "GET /api/health HTTP/1.1\r\nBad Header\r\n\r\n"};
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        int fd = connect_to(s.port);
        send_all(fd, junk[i], strlen(junk[i]));
        char *answer = read_all(fd, NULL);
        cr_assert_not_null(answer, "junk %zu: no answer and no close within 5 s", i);
        int status = 0;
        sscanf(answer, "HTTP/1.%*d %d", &status);
        cr_assert(status == 0 || (status >= 400 && status < 600), "junk %zu: status %d", i, status);
        free(answer);
        close(fd);
    }
    resp r = get(s.port, "/api/health");
    cr_assert_eq(r.status, 200);
    resp_free(&r);
    free(stop(&s));
    test_rmrf(dir);
    free(dir);
}

Test(server, overload_is_503, .timeout = 60)
{
    char *dir = make_index();
    srv s;
    start(&s, dir, "--max-connections 3 --timeout 5");
    int held[3];
    for (int i = 0; i < 3; i++)
        held[i] = connect_to(s.port);
    /* Once the server has accepted them (a loaded machine may take a
     * moment), a fourth gets 503. */
    resp r = {0};
    for (int i = 0; i < 30; i++) {
        r = get(s.port, "/api/search?q=police");
        if (r.status == 503)
            break;
        resp_free(&r);
        usleep(100000);
    }
    cr_assert_eq(r.status, 503, "%s", r.raw);
    cr_assert(strstr(r.head, "Retry-After: 1") && strstr(r.body, "--max-connections"), "%s", r.raw);
    resp_free(&r);
    for (int i = 0; i < 3; i++)
        close(held[i]);
    int ok = 0;
    for (int i = 0; i < 100 && !ok; i++) {
        r = get(s.port, "/api/health");
        ok = r.status == 200;
        resp_free(&r);
        if (!ok)
            usleep(20000);
    }
    cr_assert(ok, "still 503 once the connections closed");
    free(stop(&s));
    test_rmrf(dir);
    free(dir);
}

static const char HEALTH[] = "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

Test(server, per_address_limit, .timeout = 60)
{
    char *dir = make_index();
    srv s;
    start(&s, dir, "--max-per-ip 2 --timeout 5");
    int held[2];
    for (int i = 0; i < 2; i++)
        held[i] = connect_to(s.port);
    /* Once the server has accepted them, a third from the same address is
     * closed without an answer. */
    int refused = 0, fd;
    char *answer;
    for (int i = 0; i < 30 && !refused; i++) {
        fd = connect_to(s.port);
        send_all(fd, HEALTH, sizeof HEALTH - 1);
        answer = read_all(fd, NULL);
        refused = answer != NULL && strncmp(answer, "HTTP/1.1 200", 12) != 0; /* closed, not hung */
        free(answer);
        close(fd);
        if (!refused)
            usleep(100000);
    }
    cr_assert(refused, "a third connection from one address was served with --max-per-ip 2");
    for (int i = 0; i < 2; i++)
        close(held[i]);
    int ok = 0;
    for (int i = 0; i < 100 && !ok; i++) {
        fd = connect_to(s.port);
        send_all(fd, HEALTH, sizeof HEALTH - 1);
        answer = read_all(fd, NULL);
        ok = answer && strncmp(answer, "HTTP/1.1 200", 12) == 0;
        free(answer);
        close(fd);
        if (!ok)
            usleep(20000);
    }
    cr_assert(ok, "refused once the connections closed");
    free(stop(&s));
    test_rmrf(dir);
    free(dir);
}

/* ---- concurrency and commits while serving -------------------------------- */

typedef struct worker {
    int port, n, failures;
    const char *target, *expect;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < w->n; i++) {
        char req[512];
        snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", w->target);
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {0};
        a.sin_family = AF_INET;
        a.sin_port = htons((uint16_t)w->port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        struct timeval tv = {5, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
            w->failures++;
            close(fd);
            continue;
        }
        send_all(fd, req, strlen(req));
        char *answer = read_all(fd, NULL);
        close(fd);
        if (answer == NULL || strncmp(answer, "HTTP/1.1 200", 12) != 0 || (w->expect && !strstr(answer, w->expect)))
            w->failures++;
        free(answer);
    }
    return NULL;
}

Test(server, concurrent_clients, .timeout = 120)
{
    char *dir = make_index();
    srv s;
    start(&s, dir, "--quiet");
    const char *targets[] = {"/api/search?q=police&count=1", "/api/doc/europol?q=police", "/api/stats", "/"};
    const char *expects[] = {"\"total\":4,", "\"matches\":[[0,6],[56,62]]", "\"documents\":4", "<!doctype html>"};
    worker w[8];
    pthread_t t[8];
    for (int i = 0; i < 8; i++) {
        w[i] = (worker){s.port, 40, 0, targets[i % 4], expects[i % 4]};
        pthread_create(&t[i], NULL, work, &w[i]);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        cr_assert_eq(w[i].failures, 0, "thread %d (%s): %d of 40 failed", i, w[i].target, w[i].failures);
    }
    free(stop(&s));
    test_rmrf(dir);
    free(dir);
}

typedef struct committer {
    const char *dir;
    int rounds;
} committer;

static void *commit_loop(void *arg)
{
    committer *c = arg;
    acq_writer *w;
    char msg[512];
    if (acq_writer_open(&w, c->dir, NULL, msg, sizeof msg) != ACQ_OK)
        return (void *)1;
    for (int i = 0; i < c->rounds; i++) {
        char id[32];
        snprintf(id, sizeof id, "extra-%d", i);
        acq_document d = {0};
        d.id = id;
        d.title = "Frontex";
        d.text = "Border police cooperation.";
        d.lang = "en";
        if (acq_writer_add(w, &d) != ACQ_OK || acq_writer_commit(w) != ACQ_OK) {
            acq_writer_close(w);
            return (void *)1;
        }
    }
    acq_writer_close(w);
    return NULL;
}

Test(server, commit_while_serving, .timeout = 120)
{
    char *dir = make_index();
    srv s;
    start(&s, dir, "--quiet");
    resp r = get(s.port, "/api/doc/late");
    cr_assert_eq(r.status, 404);
    resp_free(&r);
    acq_writer *w;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_document d = {0};
    d.id = "late";
    d.title = "A late act";
    d.text = "Committed while the server runs.";
    d.lang = "en";
    cr_assert_eq(acq_writer_add(w, &d), ACQ_OK);
    /* Not committed: not served. */
    r = get(s.port, "/api/doc/late");
    cr_assert_eq(r.status, 404);
    resp_free(&r);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    r = get(s.port, "/api/doc/late");
    cr_assert_eq(r.status, 200, "a commit was not picked up: %s", r.raw);
    resp_free(&r);
    r = get(s.port, "/api/health");
    cr_assert(strstr(r.body, "\"snapshot\":2}"), "%s", r.body);
    resp_free(&r);
    r = get(s.port, "/api/stats");
    cr_assert(strstr(r.body, "{\"index\":{\"documents\":5,"), "%s", r.body);
    resp_free(&r);
    /* Commits and merges (the merge policy, then an optimize, removes
     * segment files) under concurrent searches: every request answered. */
    committer c = {dir, 25};
    pthread_t ct, t[4];
    worker wk[4];
    pthread_create(&ct, NULL, commit_loop, &c);
    for (int i = 0; i < 4; i++) {
        wk[i] = (worker){s.port, 40, 0, i % 2 ? "/api/search?q=police+cooperation&count=1" : "/api/doc/europol?q=police",
                         NULL};
        pthread_create(&t[i], NULL, work, &wk[i]);
    }
    void *failed;
    pthread_join(ct, &failed);
    cr_assert_null(failed, "the writer failed");
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_writer_merge(w), ACQ_OK);
    acq_writer_close(w);
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        cr_assert_eq(wk[i].failures, 0, "%s: %d failed", wk[i].target, wk[i].failures);
    }
    r = get(s.port, "/api/search?q=frontex&count=1&fields=id");
    cr_assert(strstr(r.body, "\"total\":25,"), "%s", r.body);
    resp_free(&r);
    free(stop(&s));
    test_rmrf(dir);
    free(dir);
}

Test(server, refuses_bad_options)
{
    char *out = NULL;
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' serve -i /nonexistent/index --port 0 2>&1", ACQ_CLI_PATH);
    cr_assert_eq(test_run(cmd, &out), 2);
    cr_assert(strstr(out, "acquis serve: ") && strstr(out, "MANIFEST"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' serve --bind nowhere --port 0 2>&1", ACQ_CLI_PATH);
    cr_assert_eq(test_run(cmd, &out), 2);
    cr_assert(strstr(out, "--bind wants an IP address"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' serve --port 70000 2>&1", ACQ_CLI_PATH);
    cr_assert_eq(test_run(cmd, &out), 2);
    cr_assert(strstr(out, "--port wants a whole number from 0 to 65535"), "%s", out);
    free(out);
}

/* ---- the command line's search options, languages, citations ------------- */

/* Two acts of the instruments table, one citing the other, in English and
 * in French. */
static char *make_cites_index(void)
{
    char *dir = test_tmpdir();
    acq_writer *w;
    char msg[512];
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.no_lang_detect = 1;
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    static const char *docs[][6] = {
        {"prum", "Prüm Decision", "Council Decision 2008/615/JHA on cross-border cooperation. DNA profiles and "
         "fingerprints.", "32008D0615", "en", "DEC"},
        {"impl", "Implementing Decision", "Implementing Council Decision 2008/615/JHA. DNA data exchange under "
         "Decision 2008/615/JHA and Regulation (EU) 2016/794.", "32008D0616", "en", "DEC"},
        {"fr", "Décision Prüm", "Décision 2008/615/JAI du Conseil relative à la coopération transfrontalière.",
         "32008D0615", "fr", "DEC"},
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        acq_document d = {0};
        d.id = docs[i][0];
        d.title = docs[i][1];
        d.text = docs[i][2];
        d.celex = docs[i][3];
        d.lang = docs[i][4];
        d.type = docs[i][5];
        d.date = "2008-06-23";
        cr_assert_eq(acq_writer_add(w, &d), ACQ_OK, "%s", acq_writer_errmsg(w));
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    return dir;
}

/* GET target: 200 and each needle (NULL-terminated list) in the body. */
static void expect_ok(int port, const char *target, ...)
{
    resp r = get(port, target);
    cr_assert_eq(r.status, 200, "%s: %s", target, r.raw);
    cr_assert(strstr(r.head, "application/json"), "%s: %s", target, r.head);
    va_list ap;
    va_start(ap, target);
    for (const char *n = va_arg(ap, const char *); n; n = va_arg(ap, const char *))
        cr_assert(strstr(r.body, n), "%s: want %s in %s", target, n, r.body);
    va_end(ap);
    resp_free(&r);
}

Test(server, search_options_of_the_command_line, .timeout = 60)
{
    char *dir = make_cites_index();
    srv s;
    start(&s, dir, NULL);
    /* Expansion: "Prüm" finds the act citing the Prüm Decision too, unless
     * expand=0 (or no_expand=1); explain shows the query as run. */
    expect_ok(s.port, "/api/search?q=Pr%C3%BCm&count=1&fields=id", "\"total\":3,", "\"id\":\"impl\"", NULL);
    expect_ok(s.port, "/api/search?q=Pr%C3%BCm&count=1&fields=id&expand=0", "\"total\":2,", NULL);
    expect_ok(s.port, "/api/search?q=Pr%C3%BCm&count=1&fields=id&no_expand=1", "\"total\":2,", NULL);
    resp r = get(s.port, "/api/search?q=Pr%C3%BCm&count=1&fields=id&expand=0");
    cr_assert(strstr(r.body, "\"id\":\"impl\"") == NULL, "%s", r.body);
    cr_assert(strstr(r.body, "query_as_run") == NULL, "no explain, no query_as_run: %s", r.body);
    resp_free(&r);
    expect_ok(s.port, "/api/search?q=Pr%C3%BCm&explain=1&k=1",
              "\"query_as_run\":\"\\\"Prüm\\\" = Prüm Decision 32008D0615", "cites:32008d0615", "\"explanation\":",
              NULL);
    expect_ok(s.port, "/api/search?q=Pr%C3%BCm&explain=1&k=1&expand=0", "\"query_as_run\":\"query: ", NULL);
    /* Models and feedback: answered, the feedback terms in the explanation. */
    expect_ok(s.port, "/api/search?q=dna+profiles&model=ql&mu=500&fields=id", "\"hits\":[{\"id\":\"prum\"}", NULL);
    expect_ok(s.port, "/api/search?q=dna+profiles&model=dph&fields=id", "\"id\":\"prum\"", NULL);
    expect_ok(s.port, "/api/search?q=dna+profiles&model=sdm&fields=id", "\"id\":\"prum\"", NULL);
    expect_ok(s.port, "/api/search?q=dna+profiles&model=bm25&title_weight=2&fields=id", "\"id\":\"prum\"", NULL);
    expect_ok(s.port, "/api/search?q=dna&rm3=1&fb_docs=2&fb_terms=3&fb_orig_weight=0.7&explain=1&k=1",
              "RM3 (2 feedback documents, 3 terms, original query weight 0.7)", NULL);
    expect_ok(s.port, "/api/search?q=dna&bo1=1&fb_terms=3&explain=1&k=1", "Bo1 (2 feedback documents, 3 terms)",
              NULL);
    expect_ok(s.port, "/api/search?q=dna&feedback=bo1&explain=1&k=1", "Bo1 (", NULL);
    /* Bad values: 400, saying what is wanted. */
    expect_error(s.port, "/api/search?q=dna&expand=maybe", 400, "expand wants 1 or 0");
    expect_error(s.port, "/api/search?q=dna&expand=1&no_expand=1", 400, "contradict");
    expect_error(s.port, "/api/search?q=dna&model=tfidf", 400, "model wants bm25, ql, dph or sdm");
    expect_error(s.port, "/api/search?q=dna&model=", 400, "model wants");
    expect_error(s.port, "/api/search?q=dna&model=ql&mu=0", 400, "mu wants a number from 1");
    expect_error(s.port, "/api/search?q=dna&model=ql&mu=nan", 400, "mu wants");
    expect_error(s.port, "/api/search?q=dna&mu=500", 400, "add model=ql");
    expect_error(s.port, "/api/search?q=dna&rm3=1&bo1=1", 400, "ask for one");
    expect_error(s.port, "/api/search?q=dna&feedback=pseudo", 400, "feedback wants rm3, bo1 or none");
    expect_error(s.port, "/api/search?q=dna&rm3=1&fb_docs=0", 400, "fb_docs wants a whole number from 1 to 100");
    expect_error(s.port, "/api/search?q=dna&rm3=1&fb_docs=101", 400, "fb_docs wants a whole number from 1 to 100");
    expect_error(s.port, "/api/search?q=dna&rm3=1&fb_terms=1000", 400, "fb_terms wants a whole number from 1 to 100");
    expect_error(s.port, "/api/search?q=dna&fb_terms=5", 400, "add rm3=1 or bo1=1");
    expect_error(s.port, "/api/search?q=dna&bo1=1&fb_orig_weight=0.5", 400, "add rm3=1");
    expect_error(s.port, "/api/search?q=dna&rm3=1&fb_orig_weight=1.5", 400, "fb_orig_weight wants a number from 0 to 1");
    expect_error(s.port, "/api/search?q=dna&title_weight=-1", 400, "title_weight wants");
    expect_error(s.port, "/api/search?q=dna&rm3=1&type=DEC", 400, "rewrite a bag of words");
    expect_error(s.port, "/api/search?q=dna&model=sdm&from=2008", 400, "rewrite a bag of words");
    /* A query feedback cannot rewrite: the library's reason, 400. */
    expect_error(s.port, "/api/search?q=%22dna+profiles%22&rm3=1", 400, "bag of words");
    free(stop(&s));
    test_rmrf(dir);
    free(dir);
}

Test(server, stats_per_language, .timeout = 60)
{
    char *dir = make_cites_index();
    srv s;
    start(&s, dir, NULL);
    expect_ok(s.port, "/api/stats", "\"index\":{\"documents\":3,",
              "\"languages\":[{\"lang\":\"en\",\"documents\":2,\"words\":", "{\"lang\":\"fr\",\"documents\":1,", NULL);
    free(stop(&s));
    /* The same object as acquis stats --json prints. */
    char cmd[4096], *out = NULL;
    snprintf(cmd, sizeof cmd, "'%s' stats -i '%s' --json", ACQ_CLI_PATH, dir);
    cr_assert_eq(test_run(cmd, &out), 0);
    start(&s, dir, NULL);
    resp r = get(s.port, "/api/stats");
    out[strcspn(out, "\n")] = '\0';
    cr_assert(strncmp(r.body, "{\"index\":", 9) == 0 && strncmp(r.body + 9, out, strlen(out)) == 0,
              "stats --json %s\n/api/stats %s", out, r.body);
    resp_free(&r);
    free(out);
    free(stop(&s));
    test_rmrf(dir);
    free(dir);
}

Test(server, cites_and_cited_by, .timeout = 60)
{
    char *dir = make_cites_index();
    srv s;
    start(&s, dir, NULL);
    expect_ok(s.port, "/api/cites/32008D0616",
              "{\"act\":\"32008D0616\",\"documents\":1,\"total\":2,\"cites\":[{\"celex\":\"32008D0615\",\"count\":1,"
              "\"name\":\"Prüm Decision\",\"title\":\"Prüm Decision\",\"date\":\"2008-06-23\"}",
              "\"celex\":\"32016R0794\"", NULL);
    /* k keeps the first; total says how many there are. */
    resp r = get(s.port, "/api/cites/32008D0616?k=1");
    cr_assert(r.status == 200 && strstr(r.body, "\"total\":2,") && strstr(r.body, "32016R0794") == NULL, "%s",
              r.body);
    resp_free(&r);
    /* Any reference to an act: a citation (its '/' encoded), a name. */
    expect_ok(s.port, "/api/cited-by/2008%2F615%2FJHA",
              "{\"act\":\"32008D0615\",\"documents\":1,\"total\":1,\"cited_by\":[{\"celex\":\"32008D0616\",\"count\":1,",
              NULL);
    expect_ok(s.port, "/api/cited-by/Pr%C3%BCm%20Decision", "\"act\":\"32008D0615\"", NULL);
    /* An act the index lacks: no error, nothing. */
    expect_ok(s.port, "/api/cites/32016R0794", "\"documents\":0,\"total\":0,\"cites\":[]", NULL);
    /* References that name no act, and hostile ones. */
    expect_error(s.port, "/api/cites/nonsense", 400, "names no act");
    expect_error(s.port, "/api/cited-by/%3Cscript%3E", 400, "names no act");
    expect_error(s.port, "/api/cites/", 400, "which act?");
    expect_error(s.port, "/api/cited-by", 400, "which act?");
    expect_error(s.port, "/api/cites/a%01b", 400, "control character");
    expect_error(s.port, "/api/cites/%ff%fe", 400, "not valid UTF-8");
    expect_error(s.port, "/api/cites/32008D0616?k=0", 400, "k wants");
    char big[600] = "/api/cites/";
    memset(big + strlen(big), '1', 300);
    expect_error(s.port, big, 400, "more than 256");
    free(stop(&s));
    test_rmrf(dir);
    free(dir);
}

Test(server, thesaurus_flag, .timeout = 60)
{
    char *dir = make_index();
    char path[4096];
    snprintf(path, sizeof path, "%s/thes.tsv", dir);
    cr_assert_eq(test_write_file(path, "c1\ten\tpolice\nc1\tde\tPolizei\n"), 0);
    srv s;
    start(&s, dir, NULL);
    expect_ok(s.port, "/api/search?q=Polizei&count=1&fields=id", "\"total\":0,", NULL);
    free(stop(&s));
    char extra[4200];
    snprintf(extra, sizeof extra, "--thesaurus '%s'", path);
    start(&s, dir, extra);
    expect_ok(s.port, "/api/search?q=Polizei&count=1&fields=id", "\"total\":4,", NULL);
    expect_ok(s.port, "/api/search?q=Polizei&explain=1&k=1", "thesaurus concept c1", NULL);
    free(stop(&s));
    /* A bad thesaurus stops the server at start, naming the line. */
    snprintf(path, sizeof path, "%s/bad.tsv", dir);
    cr_assert_eq(test_write_file(path, "c1\ten\tfine\nno tabs here\n"), 0);
    char cmd[8192], *out = NULL;
    snprintf(cmd, sizeof cmd, "'%s' serve -i '%s' --port 0 --thesaurus '%s' 2>&1", ACQ_CLI_PATH, dir, path);
    cr_assert_eq(test_run(cmd, &out), 2);
    cr_assert(strstr(out, "acquis serve: --thesaurus ") && strstr(out, "bad.tsv:2:"), "%s", out);
    free(out);
    test_rmrf(dir);
    free(dir);
}
