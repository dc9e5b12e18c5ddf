/* fuzz_query.c: libFuzzer harness for the query language and search. A small
 * index (three segments, skip tables, deletions) is built once from
 * generated documents; each input is search options (3 bytes) and a query
 * string, run through acq_search, then as terms and phrases built with
 * acq_query_new_*, as an id for acq_index_document and, for some inputs, as
 * a writer's acq_writer_delete_query (rolled back). Beyond "no crash, leak or hang", it checks what the API
 * promises: pruned top-k equals exhaustive scoring, a count equals the hits
 * when every hit is returned, snippet match offsets lie inside the snippet. */
#include "fuzz_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dir;
static acq_index *ix;

static void cleanup(void)
{
    acq_index_close(ix);
    fz_rmrf(dir);
    free(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    dir = fz_tmpdir("fuzz-query");
    static const int counts[] = {150, 150, 60};
    static const char *const dels[] = {"doc-3", "doc-140", "doc-200", "doc-359", NULL};
    fz_build_index(dir, counts, 3, dels);
    char msg[512];
    if (acq_index_open(&ix, dir, msg, sizeof msg) != ACQ_OK)
        fz_die("acq_index_open: %s", msg);
    atexit(cleanup);
    return 0;
}

static void check_hits(const acq_results *r, const char *q)
{
    for (size_t i = 0; i < acq_results_count(r); i++) {
        const acq_hit *h = acq_results_hit(r, i);
        if (h == NULL || h->id == NULL || !isfinite(h->score))
            fz_die("query <%s>: hit %zu is incomplete", q, i);
        if (h->snippet) {
            size_t n = strlen(h->snippet);
            for (size_t m = 0; m < h->match_count; m++)
                if (h->match_offsets[2 * m] > h->match_offsets[2 * m + 1] || h->match_offsets[2 * m + 1] > n)
                    fz_die("query <%s>: match %zu of hit %zu lies outside its snippet", q, m, i);
        }
    }
}

/* Pruned (MaxScore, phrase thresholds) against exhaustive scoring: the same
 * documents in the same order, the same scores. */
static void compare(const acq_results *a, const acq_results *b, const char *q)
{
    if (acq_results_count(a) != acq_results_count(b))
        fz_die("query <%s>: %zu hits pruned, %zu exhaustive", q, acq_results_count(a), acq_results_count(b));
    for (size_t i = 0; i < acq_results_count(a); i++) {
        const acq_hit *x = acq_results_hit(a, i), *y = acq_results_hit(b, i);
        if (x->docno != y->docno || fabs(x->score - y->score) > 1e-9 * (1 + fabs(y->score)))
            fz_die("query <%s>: rank %zu differs: %llu %.12g pruned, %llu %.12g exhaustive", q, i + 1,
                   (unsigned long long)x->docno, x->score, (unsigned long long)y->docno, y->score);
    }
}

static void built_queries(const char *text, const acq_search_options *o, uint8_t how)
{
    static const char *const fields[] = {NULL, "body", "title", "id", "celex", "type", "lang", "bogus"};
    const char *field = fields[how & 7];
    acq_query *t = NULL, *p = NULL, *b = NULL;
    acq_results *r = NULL;
    char msg[512];
    if (acq_query_new_term(&t, field, text) == ACQ_OK) {
        if (acq_search_query(&r, ix, t, o, msg, sizeof msg) == ACQ_OK)
            check_hits(r, text);
        acq_results_free(r);
        r = NULL;
    }
    if (acq_query_new_phrase(&p, field, text, (unsigned)(how >> 3) * 40u) == ACQ_OK) {
        if (acq_search_query(&r, ix, p, o, msg, sizeof msg) == ACQ_OK)
            check_hits(r, text);
        acq_results_free(r);
        r = NULL;
    }
    if (acq_query_new_bool(&b) == ACQ_OK) {
        if (t && acq_query_add(b, t, how & 1 ? ACQ_OCCUR_MUST : ACQ_OCCUR_SHOULD) == ACQ_OK)
            t = NULL;
        if (p && acq_query_add(b, p, how & 2 ? ACQ_OCCUR_MUST_NOT : ACQ_OCCUR_FILTER) == ACQ_OK)
            p = NULL;
        if (acq_search_query(&r, ix, b, o, msg, sizeof msg) == ACQ_OK)
            check_hits(r, text);
        acq_results_free(r);
    }
    acq_query_destroy(b);
    acq_query_destroy(t);
    acq_query_destroy(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = {data, size};
    /* flags: 1 plain, 2 snippets, 4 count, 8 explain, 16 no_fields, 32 and
     * 64 stopwords, 128 delete_query; sizes: k and offset; more: 0-2 lang,
     * 3-4 k1, 5-6 b, 7 built queries too. */
    uint8_t flags = fz_u8(&in), sizes = fz_u8(&in), more = fz_u8(&in);
    char *q = malloc(in.n + 1);
    if (q == NULL)
        return 0;
    memcpy(q, in.p, in.n);
    q[in.n] = '\0';

    static const char *const langs[] = {NULL, "en", "fr", "de", "xx", "", "EN", "pt"};
    static const double k1s[] = {-1, 0, 1.2, 3}, bs[] = {-1, 0, 0.75, 1};
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.plain = flags & 1;
    o.snippets = (flags >> 1) & 1;
    o.count = (flags >> 2) & 1;
    o.explain = (flags >> 3) & 1;
    o.no_fields = (flags >> 4) & 1;
    o.stopwords = (flags >> 5) & 3;
    o.lang = langs[more & 7];
    o.k = sizes & 31;                     /* 0 means 10 */
    o.offset = (sizes >> 5) * 3;
    if (sizes == 255)
        o.k = 1000;                        /* every document */
    o.k1 = k1s[(more >> 3) & 3];
    o.b = bs[(more >> 5) & 3];

    acq_results *r = NULL, *full = NULL;
    char msg[512];
    int rc = acq_search(&r, ix, q, &o, msg, sizeof msg);
    if (rc == ACQ_OK) {
        check_hits(r, q);
        if (!o.count) {
            acq_search_options e = o;
            e.exhaustive = 1;
            if (acq_search(&full, ix, q, &e, msg, sizeof msg) != ACQ_OK)
                fz_die("query <%s>: works pruned, not exhaustive: %s", q, msg);
            compare(r, full, q);
        } else if (o.k == 1000 && o.offset == 0 && acq_results_total(r) != acq_results_count(r)) {
            fz_die("query <%s>: counted %llu matches, returned %zu hits", q,
                   (unsigned long long)acq_results_total(r), acq_results_count(r));
        }
    } else if (rc != ACQ_EQUERY && rc != ACQ_ELIMIT && rc != ACQ_EARG) {
        fz_die("query <%s>: unexpected code %d: %s", q, rc, msg);
    }
    acq_results_free(r);
    acq_results_free(full);
    if (more >> 7)
        built_queries(q, &o, flags ^ more);
    /* The same text as an id, and as the query of a writer's deletions
     * (rolled back: the writer closes without committing). */
    acq_document *d = NULL;
    rc = acq_index_document(&d, ix, q, msg, sizeof msg);
    if (rc != ACQ_OK && rc != ACQ_ENOTFOUND && rc != ACQ_EARG)
        fz_die("acq_index_document <%s>: unexpected code %d: %s", q, rc, msg);
    acq_document_free(d);
    if (flags >> 7) {
        acq_writer *w;
        if (acq_writer_open(&w, dir, NULL, msg, sizeof msg) != ACQ_OK)
            fz_die("acq_writer_open: %s", msg);
        rc = acq_writer_delete_query(w, q);
        if (rc != ACQ_OK && rc != ACQ_EQUERY && rc != ACQ_ELIMIT && rc != ACQ_EARG)
            fz_die("acq_writer_delete_query <%s>: unexpected code %d: %s", q, rc, acq_writer_errmsg(w));
        acq_writer_close(w);
    }
    free(q);
    return 0;
}
