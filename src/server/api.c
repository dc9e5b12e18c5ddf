/* api.c: the JSON API of acquis serve (see README "HTTP API"):
 *   GET /api/search?q=...   ranked hits, snippets with match offsets, total,
 *                           facets; k, offset, fields, count, explain,
 *                           collapse, facets, facet_limit, plain, k1, b,
 *                           query_lang; filters type, lang, from, to
 *   GET /api/doc/{id}[?q=]  a stored document, whole, with the byte offsets
 *                           of the query's words in its title and text
 *   GET /api/stats          what the index holds
 *   GET /api/health         {"status":"ok",...}
 * Each request holds one index snapshot from start to end. Errors are
 * {"error":{"status":..,"message":..[,"column":..]}}: 400 for a bad
 * parameter or query (with the query's column), 404, 413 for a query over
 * --max-query, 500 for a damaged index. Byte offsets count UTF-8 bytes. */
#include "json/json_write.h"
#include "server/internal.h"

#include <stdlib.h>
#include <string.h>

#define JSON_TYPE "application/json; charset=utf-8"

static double ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* An integer parameter in [lo, hi]: 1 set, 0 absent, -1 answered 400. */
static int arg_uint(struct MHD_Connection *c, request *q, const char *name, size_t lo, size_t hi, const char *why,
                    size_t *out)
{
    const char *v;
    size_t n;
    int rc = arg_get(c, q, name, &v, &n);
    if (rc <= 0)
        return rc;
    char *end;
    unsigned long long x = strtoull(v, &end, 10);
    if (n == 0 || n > 12 || *end != '\0' || v[0] == '-' || v[0] == '+' || x < lo || x > hi) {
        reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "%s wants a whole number from %zu to %zu%s", name, lo, hi, why);
        return -1;
    }
    *out = (size_t)x;
    return 1;
}

/* A boolean parameter: 1, true, yes, or empty ("&count") mean 1; 0, false,
 * no mean 0. */
static int arg_bool(struct MHD_Connection *c, request *q, const char *name, int *out)
{
    const char *v;
    size_t n;
    int rc = arg_get(c, q, name, &v, &n);
    if (rc <= 0)
        return rc;
    if (n == 0 || strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0)
        *out = 1;
    else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "no") == 0)
        *out = 0;
    else {
        reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "%s wants 1 or 0 (true or false)", name);
        return -1;
    }
    return 1;
}

static int arg_double(struct MHD_Connection *c, request *q, const char *name, double lo, double hi, double *out)
{
    const char *v;
    size_t n;
    int rc = arg_get(c, q, name, &v, &n);
    if (rc <= 0)
        return rc;
    char *end;
    double x = strtod(v, &end);
    if (n == 0 || *end != '\0' || !(x >= lo && x <= hi)) {
        reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "%s wants a number from %g to %g", name, lo, hi);
        return -1;
    }
    *out = x;
    return 1;
}

/* A filter value that goes into the query text unquoted: letters, digits,
 * '-', '_' and '.' only (so it cannot change the query's syntax). */
static int token_ok(const char *v, size_t n, size_t max)
{
    if (n == 0 || n > max)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = v[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
              ch == '_' || ch == '.'))
            return 0;
    }
    return 1;
}

/* YYYY, YYYY-MM or YYYY-MM-DD. */
static int date_ok(const char *v, size_t n)
{
    static const char *shape = "dddd-dd-dd";
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (shape[i] == 'd' ? !(v[i] >= '0' && v[i] <= '9') : v[i] != '-')
            return 0;
    return 1;
}

/* The column of an ACQ_EQUERY message ("column N: ..."), or -1. */
static int column_of(const char *msg)
{
    int col;
    return sscanf(msg, "column %d:", &col) == 1 ? col : -1;
}

/* Answers a failed library call: the status its code deserves. */
static enum MHD_Result library_error(struct MHD_Connection *c, request *q, int rc, const char *msg)
{
    switch (rc) {
    case ACQ_EQUERY:
        return reply_error(c, q, MHD_HTTP_BAD_REQUEST, column_of(msg), "%s", msg);
    case ACQ_EARG:
    case ACQ_ELIMIT:
        return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "%s", msg);
    case ACQ_ENOTFOUND:
        return reply_error(c, q, MHD_HTTP_NOT_FOUND, -1, "%s", msg);
    case ACQ_ENOMEM:
        return reply_error(c, q, MHD_HTTP_SERVICE_UNAVAILABLE, -1, "out of memory: try again in a moment");
    default:
        return reply_error(c, q, MHD_HTTP_INTERNAL_SERVER_ERROR, -1, "%s", msg);
    }
}

static int parse_fields(const char *v, unsigned *out)
{
    static const struct { const char *name; unsigned bit; } names[] = {
        {"rank", JSON_HIT_RANK}, {"score", JSON_HIT_SCORE}, {"id", JSON_HIT_ID}, {"title", JSON_HIT_TITLE},
        {"date", JSON_HIT_DATE}, {"type", JSON_HIT_TYPE}, {"lang", JSON_HIT_LANG}, {"celex", JSON_HIT_CELEX},
        {"url", JSON_HIT_URL}, {"fields", JSON_HIT_FIELDS}, {"snippet", JSON_HIT_SNIPPET}};
    unsigned f = 0;
    for (const char *p = v; *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        size_t i = 0;
        while (i < sizeof names / sizeof names[0] && !(strlen(names[i].name) == n && memcmp(names[i].name, p, n) == 0))
            i++;
        if (i == sizeof names / sizeof names[0])
            return -1;
        f |= names[i].bit;
        p += n + (e != NULL);
    }
    *out = f;
    return f ? 0 : -1;
}

static enum MHD_Result api_search(struct MHD_Connection *c, request *q)
{
    const server_config *cfg = &q->srv->cfg;
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    const char *text, *v;
    size_t tlen, n;
    int rc;
    if ((rc = arg_get(c, q, "q", &text, &tlen)) < 0)
        return MHD_YES;
    if (rc == 0 || tlen == 0)
        return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "parameter q (the query) is missing");
    if (tlen > cfg->max_query)
        return reply_error(c, q, MHD_HTTP_CONTENT_TOO_LARGE, -1,
                           "the query has %zu bytes, more than the limit of %zu (--max-query)", tlen, cfg->max_query);
    size_t k = 10, facet_limit = 0;
    if (arg_uint(c, q, "k", 1, cfg->max_k, " (--max-k)", &k) < 0 ||
        arg_uint(c, q, "offset", 0, cfg->max_offset, " (--max-offset)", &o.offset) < 0 ||
        arg_uint(c, q, "facet_limit", 1, 1000, "", &facet_limit) < 0 || arg_bool(c, q, "count", &o.count) < 0 ||
        arg_bool(c, q, "explain", &o.explain) < 0 || arg_bool(c, q, "plain", &o.plain) < 0 ||
        arg_double(c, q, "k1", 0, 1000, &o.k1) < 0 || arg_double(c, q, "b", 0, 1, &o.b) < 0)
        return MHD_YES;
    o.k = k;
    o.facet_limit = facet_limit;
    unsigned what = JSON_HIT_ALL;
    if ((rc = arg_get(c, q, "fields", &v, &n)) < 0)
        return MHD_YES;
    if (rc == 1 && parse_fields(v, &what) != 0)
        return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1,
                           "fields wants a comma list of rank,score,id,title,date,type,lang,celex,url,fields,snippet");
    o.snippets = (what & JSON_HIT_SNIPPET) != 0;
    if ((rc = arg_get(c, q, "facets", &v, &n)) < 0)
        return MHD_YES;
    o.facets = rc ? v : NULL;
    if ((rc = arg_get(c, q, "collapse", &v, &n)) < 0)
        return MHD_YES;
    o.collapse = rc ? v : NULL;
    if ((rc = arg_get(c, q, "query_lang", &v, &n)) < 0)
        return MHD_YES;
    if (rc && !token_ok(v, n, 15))
        return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "query_lang wants a language code such as en or fr");
    o.lang = rc ? v : NULL;

    /* Filters, appended to the query as the query language writes them. */
    char filters[256] = "";
    const char *ftype, *flang, *from, *to;
    size_t ntype, nlang, nfrom, nto;
    int htype = arg_get(c, q, "type", &ftype, &ntype), hlang = arg_get(c, q, "lang", &flang, &nlang);
    int hfrom = arg_get(c, q, "from", &from, &nfrom), hto = arg_get(c, q, "to", &to, &nto);
    if (htype < 0 || hlang < 0 || hfrom < 0 || hto < 0)
        return MHD_YES;
    htype = htype && ntype;
    hlang = hlang && nlang;
    hfrom = hfrom && nfrom;
    hto = hto && nto;
    if (htype && !token_ok(ftype, ntype, 32))
        return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "type wants a document type such as REG or DIR");
    if (hlang && !token_ok(flang, nlang, 15))
        return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "lang wants a language code such as en or fr");
    if ((hfrom && !date_ok(from, nfrom)) || (hto && !date_ok(to, nto)))
        return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "from and to want a date: YYYY, YYYY-MM or YYYY-MM-DD");
    if (o.plain && (htype || hlang || hfrom || hto))
        return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1,
                           "the filters type, lang, from and to need the query language: without plain=1");
    size_t fl = 0;
    if (htype)
        fl += (size_t)snprintf(filters + fl, sizeof filters - fl, " type:%s", ftype);
    if (hlang)
        fl += (size_t)snprintf(filters + fl, sizeof filters - fl, " lang:%s", flang);
    if (hfrom || hto)
        snprintf(filters + fl, sizeof filters - fl, " date:%s..%s", hfrom ? from : "", hto ? to : "");

    server_snap *snap = server_snap_acquire(&q->srv->snaps);
    char msg[1024];
    char *query = NULL;
    acq_results *res = NULL;
    enum MHD_Result ret;
    if (filters[0]) {
        /* The user's query in parentheses, then the filters. Checked alone
         * first, so that a syntax error's column is the user's and a stray
         * ")" cannot close our parenthesis. */
        uint32_t *off;
        size_t noff;
        acq_search_options check = o;
        rc = acq_highlight(&off, &noff, snap->ix, text, &check, "", 0, msg, sizeof msg);
        acq_highlight_free(off);
        if (rc == ACQ_OK) {
            query = malloc(tlen + strlen(filters) + 4);
            if (query == NULL)
                rc = ACQ_ENOMEM;
            else
                sprintf(query, "(%s)%s", text, filters);
        }
        if (rc == ACQ_OK)
            rc = acq_search(&res, snap->ix, query, &o, msg, sizeof msg);
    } else {
        rc = acq_search(&res, snap->ix, text, &o, msg, sizeof msg);
    }
    free(query);
    if (rc != ACQ_OK) {
        if (rc == ACQ_ENOMEM)
            snprintf(msg, sizeof msg, "out of memory");
        ret = library_error(c, q, rc, msg);
        server_snap_release(snap);
        return ret;
    }
    reply r;
    if (reply_open(&r, MHD_HTTP_OK) != 0) {
        acq_results_free(res);
        server_snap_release(snap);
        return MHD_NO;
    }
    size_t count = acq_results_count(res);
    fputs("{\"query\":", r.out);
    json_string_n(r.out, text, tlen);
    fprintf(r.out, ",\"total\":%llu,\"exact\":%s,\"offset\":%zu,\"k\":%zu,\"hits\":[",
            (unsigned long long)acq_results_total(res), o.count ? "true" : "false", o.offset, o.k);
    for (size_t i = 0; i < count; i++) {
        if (i)
            fputc(',', r.out);
        json_hit(r.out, acq_results_hit(res, i), o.offset + i + 1, what);
    }
    fputs("]", r.out);
    if (acq_results_facets(res)) {
        fputs(",\"facets\":", r.out);
        json_facets(r.out, res);
    }
    fprintf(r.out, ",\"took_ms\":%.3f}", ms_since(&q->start));
    acq_results_free(res);
    server_snap_release(snap);
    return reply_send(c, q, &r, JSON_TYPE);
}

static void write_matches(FILE *f, const char *name, const uint32_t *off, size_t n)
{
    fprintf(f, ",\"%s\":[", name);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s[%u,%u]", i ? "," : "", off[2 * i], off[2 * i + 1]);
    fputc(']', f);
}

static enum MHD_Result api_doc(struct MHD_Connection *c, request *q, const char *id)
{
    size_t idlen = strlen(id);
    const char *v;
    size_t n;
    int rc;
    if (idlen == 0) {
        if ((rc = arg_get(c, q, "id", &v, &n)) < 0)
            return MHD_YES;
        if (rc == 0 || n == 0)
            return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "which document? /api/doc/ID or /api/doc?id=ID");
        id = v;
        idlen = n;
    }
    /* The path is percent-decoded by libmicrohttpd: check it as text. */
    for (size_t i = 0; i < idlen; i++)
        if ((unsigned char)id[i] < 0x20)
            return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "the document id holds a control character");
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    const char *text = NULL;
    size_t tlen = 0;
    if ((rc = arg_get(c, q, "q", &text, &tlen)) < 0)
        return MHD_YES;
    if (rc && tlen > q->srv->cfg.max_query)
        return reply_error(c, q, MHD_HTTP_CONTENT_TOO_LARGE, -1,
                           "the query has %zu bytes, more than the limit of %zu (--max-query)", tlen,
                           q->srv->cfg.max_query);
    if (arg_bool(c, q, "plain", &o.plain) < 0)
        return MHD_YES;
    if ((rc = arg_get(c, q, "query_lang", &v, &n)) < 0)
        return MHD_YES;
    o.lang = rc && n ? v : NULL;
    server_snap *snap = server_snap_acquire(&q->srv->snaps);
    char msg[1024];
    acq_document *d = NULL;
    uint32_t *toff = NULL, *xoff = NULL;
    size_t nt = 0, nx = 0;
    rc = acq_index_document(&d, snap->ix, id, msg, sizeof msg);
    if (rc == ACQ_ENOTFOUND)
        snprintf(msg, sizeof msg, "no document has this id");
    if (rc == ACQ_OK && text && tlen) {
        rc = acq_highlight(&toff, &nt, snap->ix, text, &o, d->title, d->title_len, msg, sizeof msg);
        if (rc == ACQ_OK)
            rc = acq_highlight(&xoff, &nx, snap->ix, text, &o, d->text, d->text_len, msg, sizeof msg);
    }
    enum MHD_Result ret;
    reply r;
    if (rc != ACQ_OK) {
        ret = library_error(c, q, rc, msg);
    } else if (reply_open(&r, MHD_HTTP_OK) != 0) {
        ret = MHD_NO;
    } else {
        fputs("{\"id\":", r.out);
        json_string_n(r.out, d->id, d->id_len);
        const char *keys[] = {"title", "date", "type", "lang", "celex", "url"};
        const char *vals[] = {d->title, d->date, d->type, d->lang, d->celex, d->url};
        for (int i = 0; i < 6; i++) {
            fprintf(r.out, ",\"%s\":", keys[i]);
            json_string(r.out, vals[i][0] ? vals[i] : NULL);
        }
        const acq_field *fields;
        size_t nf = acq_document_fields(d, &fields);
        if (nf) {
            fputs(",\"fields\":", r.out);
            json_fields(r.out, fields, nf);
        }
        fputs(",\"text\":", r.out);
        json_string_n(r.out, d->text, d->text_len);
        if (text && tlen) {
            fputs(",\"query\":", r.out);
            json_string_n(r.out, text, tlen);
            write_matches(r.out, "title_matches", toff, nt);
            write_matches(r.out, "matches", xoff, nx);
        }
        fputc('}', r.out);
        ret = reply_send(c, q, &r, JSON_TYPE);
    }
    acq_highlight_free(toff);
    acq_highlight_free(xoff);
    acq_document_free(d);
    server_snap_release(snap);
    return ret;
}

/* /api/health answers from the snapshot alone, without statistics: a
 * probe that load balancers call often. */
static enum MHD_Result api_health(struct MHD_Connection *c, request *q)
{
    server_snap *snap = server_snap_acquire(&q->srv->snaps);
    long gen = snap->generation;
    server_snap_release(snap);
    reply r;
    if (reply_open(&r, MHD_HTTP_OK) != 0)
        return MHD_NO;
    fprintf(r.out, "{\"status\":\"ok\",\"version\":");
    json_string(r.out, acq_version());
    fprintf(r.out, ",\"snapshot\":%ld}", gen);
    return reply_send(c, q, &r, JSON_TYPE);
}

static enum MHD_Result api_stats(struct MHD_Connection *c, request *q)
{
    server_snap *snap = server_snap_acquire(&q->srv->snaps);
    acq_index_stats s = snap->stats;
    int rc = snap->stats_rc;
    long gen = snap->generation;
    server_snap_release(snap);
    if (rc != ACQ_OK)
        return reply_error(c, q, MHD_HTTP_INTERNAL_SERVER_ERROR, -1, "%s", acq_strerror(rc));
    reply r;
    if (reply_open(&r, MHD_HTTP_OK) != 0)
        return MHD_NO;
    fputs("{\"index\":", r.out);
    json_stats(r.out, &s);
    fprintf(r.out, ",\"lang\":");
    json_string(r.out, s.lang);
    fprintf(r.out, ",\"stemming\":%s,\"stopwords_dropped\":%s,\"snapshot\":%ld,\"open_connections\":%d}",
            s.stemming ? "true" : "false", s.stopwords_dropped ? "true" : "false", gen,
            atomic_load(&q->srv->open_connections));
    return reply_send(c, q, &r, JSON_TYPE);
}

enum MHD_Result api_handle(struct MHD_Connection *c, request *q, const char *path)
{
    if (strcmp(path, "search") == 0)
        return api_search(c, q);
    if (strcmp(path, "doc") == 0)
        return api_doc(c, q, "");
    if (strncmp(path, "doc/", 4) == 0)
        return api_doc(c, q, path + 4);
    if (strcmp(path, "stats") == 0)
        return api_stats(c, q);
    if (strcmp(path, "health") == 0)
        return api_health(c, q);
    return reply_error(c, q, MHD_HTTP_NOT_FOUND, -1,
                       "no such endpoint: /api/search, /api/doc/ID, /api/stats and /api/health exist");
}
