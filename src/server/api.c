/* api.c: the JSON API of acquis serve (see README "HTTP API"):
 *   GET /api/search?q=...   ranked hits, snippets with match offsets, total,
 *                           facets; k, offset, fields, count, explain,
 *                           collapse, facets, facet_limit, plain, k1, b,
 *                           query_lang, expand (no_expand), model, mu,
 *                           rm3, bo1 (feedback), fb_docs, fb_terms,
 *                           fb_orig_weight, title_weight; filters type,
 *                           lang, from, to
 *   GET /api/doc/{id}[?q=]  a stored document, whole, with the byte offsets
 *                           of the query's words in its title and text
 *   GET /api/cites/{act}    the acts an act cites (acq_act_cites)
 *   GET /api/cited-by/{act} the acts citing it (acq_act_cited_by)
 *   GET /api/stats          what the index holds, per language too
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
/* Room for acq_query_describe (a query of --max-query bytes expands to a
 * few lines per act it names). */
#define DESCRIBE_MAX 65536

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

/* Most feedback documents and terms a request may ask for: each feedback
 * document is read whole and each term is one more list to score, so the
 * command line's 1000 would let one request cost seconds. */
#define MAX_FB_DOCS 100
#define MAX_FB_TERMS 100

/* The command line's ranking options (acquis search --no-expand, --model,
 * --mu, --rm3, --bo1, --fb-docs, --fb-terms, --fb-orig-weight,
 * --title-weight) from a request, each checked; the server's --thesaurus.
 * 0, or -1 after answering 400. */
static int search_relevance(struct MHD_Connection *c, request *q, acq_search_options *o)
{
    const char *v;
    size_t n;
    int rc, expand = 1, no_expand = 0, rm3 = 0, bo1 = 0;
    int hexpand, hno_expand;
    if ((hexpand = arg_bool(c, q, "expand", &expand)) < 0 || (hno_expand = arg_bool(c, q, "no_expand", &no_expand)) < 0 ||
        arg_bool(c, q, "rm3", &rm3) < 0 || arg_bool(c, q, "bo1", &bo1) < 0)
        return -1;
    if (hexpand && hno_expand && expand == no_expand) {
        reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "expand=%d and no_expand=%d contradict each other: give one", expand,
                    no_expand);
        return -1;
    }
    o->no_expand = hexpand ? !expand : no_expand;
    o->thesaurus = q->srv->cfg.thesaurus;
    if ((rc = arg_get(c, q, "model", &v, &n)) < 0)
        return -1;
    if (rc) {
        static const char *models[] = {"bm25", "ql", "dph", "sdm"};
        o->model = NULL;
        for (size_t i = 0; i < 4; i++)
            if (strcmp(v, models[i]) == 0)
                o->model = models[i];
        if (o->model == NULL) {
            reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "model wants bm25, ql, dph or sdm");
            return -1;
        }
    }
    if ((rc = arg_get(c, q, "feedback", &v, &n)) < 0)
        return -1;
    if (rc) {
        if (strcmp(v, "rm3") == 0)
            rm3 = 1;
        else if (strcmp(v, "bo1") == 0)
            bo1 = 1;
        else if (strcmp(v, "none") != 0 && n != 0) {
            reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "feedback wants rm3, bo1 or none");
            return -1;
        }
    }
    if (rm3 && bo1) {
        reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "rm3 and bo1 are two kinds of feedback: ask for one");
        return -1;
    }
    o->feedback = rm3 ? 1 : bo1 ? 2 : 0;
    size_t fb_docs = 0, fb_terms = 0;
    int hmu, hdocs, hterms, hweight;
    if ((hmu = arg_double(c, q, "mu", 1, 1e9, &o->mu)) < 0 ||
        (hdocs = arg_uint(c, q, "fb_docs", 1, MAX_FB_DOCS, "", &fb_docs)) < 0 ||
        (hterms = arg_uint(c, q, "fb_terms", 1, MAX_FB_TERMS, "", &fb_terms)) < 0 ||
        (hweight = arg_double(c, q, "fb_orig_weight", 0, 1, &o->fb_orig_weight)) < 0 ||
        arg_double(c, q, "title_weight", 0, 1000, &o->title_weight) < 0)
        return -1;
    o->fb_docs = (int)fb_docs;
    o->fb_terms = (int)fb_terms;
    /* A setting that would change nothing is a mistake the caller wants
     * to hear about, not to find out from the ranking. */
    if (hmu && (o->model == NULL || strcmp(o->model, "ql") != 0)) {
        reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "mu is the Dirichlet mu of model=ql: add model=ql");
        return -1;
    }
    if ((hdocs || hterms) && o->feedback == 0) {
        reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "fb_docs and fb_terms set feedback: add rm3=1 or bo1=1");
        return -1;
    }
    if (hweight && o->feedback != 1) {
        reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "fb_orig_weight is RM3's: add rm3=1");
        return -1;
    }
    return 0;
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
    if (search_relevance(c, q, &o) < 0)
        return MHD_YES;
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
    int rewrites = o.feedback || o.title_weight > 0 || (o.model && strcmp(o.model, "sdm") == 0);
    if (rewrites && (htype || hlang || hfrom || hto))
        return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1,
                           "rm3, bo1, model=sdm and title_weight rewrite a bag of words: they take no type, lang, "
                           "from or to filter");
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
    if (rc != ACQ_OK) {
        free(query);
        if (rc == ACQ_ENOMEM)
            snprintf(msg, sizeof msg, "out of memory");
        ret = library_error(c, q, rc, msg);
        server_snap_release(snap);
        return ret;
    }
    reply r;
    if (reply_open(&r, MHD_HTTP_OK) != 0) {
        free(query);
        acq_results_free(res);
        server_snap_release(snap);
        return MHD_NO;
    }
    size_t count = acq_results_count(res);
    fputs("{\"query\":", r.out);
    json_string_n(r.out, text, tlen);
    if (o.explain) {
        /* The query as run, its expansions first (acquis search --explain);
         * the hits' explanations say how each score was made. */
        char *desc = malloc(DESCRIBE_MAX);
        if (desc && acq_query_describe(snap->ix, query ? query : text, &o, desc, DESCRIBE_MAX, msg, sizeof msg) ==
                        ACQ_OK) {
            fputs(",\"query_as_run\":", r.out);
            json_string(r.out, desc);
        }
        free(desc);
    }
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
    free(query);
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
    int rc = snap->stats_rc;
    if (rc != ACQ_OK) {
        server_snap_release(snap);
        return reply_error(c, q, MHD_HTTP_INTERNAL_SERVER_ERROR, -1, "%s", acq_strerror(rc));
    }
    if ((rc = server_snap_languages(snap)) != ACQ_OK) {
        enum MHD_Result ret = library_error(c, q, rc, snap->langs_msg);
        server_snap_release(snap);
        return ret;
    }
    reply r;
    if (reply_open(&r, MHD_HTTP_OK) != 0) {
        server_snap_release(snap);
        return MHD_NO;
    }
    const acq_index_stats *s = &snap->stats;
    fputs("{\"index\":", r.out);
    json_stats(r.out, s, snap->langs, snap->nlangs);
    fprintf(r.out, ",\"lang\":");
    json_string(r.out, s->lang);
    fprintf(r.out, ",\"stemming\":%s,\"stopwords_dropped\":%s,\"snapshot\":%ld,\"open_connections\":%d}",
            s->stemming ? "true" : "false", s->stopwords_dropped ? "true" : "false", snap->generation,
            atomic_load(&q->srv->open_connections));
    server_snap_release(snap);
    return reply_send(c, q, &r, JSON_TYPE);
}

/* The longest act reference taken ("Council Framework Decision
 * 2002/584/JHA of 13 June 2002 on the European arrest warrant" fits). */
#define ACT_MAX 256

/* GET /api/cites/{act} and /api/cited-by/{act}[?k=N]: the acts an act
 * cites, or those citing it, as acquis cites --json lists them:
 * {"act":CELEX,"documents":N,"total":M,"cites"|"cited_by":[{"celex":..,
 * "count":..,"name":..,"title":..,"date":..},...]}, at most k of the M. */
static enum MHD_Result api_cites(struct MHD_Connection *c, request *q, const char *act, int by)
{
    size_t n = strlen(act);
    if (n == 0)
        return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "which act? /api/%s/ACT, ACT a CELEX number (32008D0615), "
                           "a citation (2008/615/JHA) or a name (Prüm Decision)", by ? "cited-by" : "cites");
    if (n > ACT_MAX)
        return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "the act reference has %zu bytes, more than %d", n, ACT_MAX);
    /* The path is percent-decoded by libmicrohttpd: check it as text. */
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)act[i] < 0x20)
            return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "the act reference holds a control character");
    if (!server_text_ok((const unsigned char *)act, n))
        return reply_error(c, q, MHD_HTTP_BAD_REQUEST, -1, "the act reference is not valid UTF-8");
    size_t k = q->srv->cfg.max_k;
    if (arg_uint(c, q, "k", 1, q->srv->cfg.max_k, " (--max-k)", &k) < 0)
        return MHD_YES;
    server_snap *snap = server_snap_acquire(&q->srv->snaps);
    char msg[1024];
    acq_act_links *l = NULL;
    int rc = by ? acq_act_cited_by(&l, snap->ix, act, msg, sizeof msg) : acq_act_cites(&l, snap->ix, act, msg, sizeof msg);
    enum MHD_Result ret;
    reply r;
    if (rc != ACQ_OK) {
        ret = library_error(c, q, rc, msg);
    } else if (reply_open(&r, MHD_HTTP_OK) != 0) {
        ret = MHD_NO;
    } else {
        size_t total = acq_act_links_count(l);
        fputs("{\"act\":", r.out);
        json_string(r.out, acq_act_links_act(l));
        fprintf(r.out, ",\"documents\":%llu,\"total\":%zu,\"%s\":[",
                (unsigned long long)acq_act_links_documents(l), total, by ? "cited_by" : "cites");
        for (size_t i = 0; i < total && i < k; i++) {
            if (i)
                fputc(',', r.out);
            json_act_link(r.out, acq_act_links_get(l, i));
        }
        fprintf(r.out, "],\"took_ms\":%.3f}", ms_since(&q->start));
        ret = reply_send(c, q, &r, JSON_TYPE);
    }
    acq_act_links_free(l);
    server_snap_release(snap);
    return ret;
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
    if (strcmp(path, "cites") == 0 || strncmp(path, "cites/", 6) == 0)
        return api_cites(c, q, path[5] ? path + 6 : "", 0);
    if (strcmp(path, "cited-by") == 0 || strncmp(path, "cited-by/", 9) == 0)
        return api_cites(c, q, path[8] ? path + 9 : "", 1);
    if (strcmp(path, "health") == 0)
        return api_health(c, q);
    return reply_error(c, q, MHD_HTTP_NOT_FOUND, -1,
                       "no such endpoint: /api/search, /api/doc/ID, /api/cites/ACT, /api/cited-by/ACT, "
                       "/api/stats and /api/health exist");
}
