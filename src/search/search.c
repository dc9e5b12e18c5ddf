/* search.c: acq_search: analyses the query with the index's chain, gathers
 * collection statistics over all segments, runs document-at-a-time scoring
 * over each segment's postings cursors into a top-k heap, and builds the
 * hits with their stored fields. Ties are broken by document order. */
#include "index/reader.h"

#include "analysis/analyzer.h"
#include "common/alloc.h"
#include "search/bm25.h"
#include "search/postings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TERMS 64

typedef struct qterm {
    uint8_t key[ACQ_MAX_KEY + 1];
    size_t key_len;
    int field;
    double idf;
    uint64_t df;
} qterm;

struct acq_results {
    acq_hit *hits;
    size_t count;
    uint64_t total;
    char **strings;   /* owned copies, freed with the results */
    size_t nstrings, strings_cap;
};

typedef struct scored {
    double score;
    uint32_t docno;
} scored;

/* "a worse than b": lower score, or equal score and later document. */
static int worse(const scored *a, const scored *b)
{
    return a->score < b->score || (a->score == b->score && a->docno > b->docno);
}

typedef struct heap {
    scored *v;
    size_t n, cap;
} heap;

static void heap_push(heap *h, scored s)
{
    if (h->n < h->cap) {
        size_t i = h->n++;
        h->v[i] = s;
        while (i > 0) {
            size_t parent = (i - 1) / 2;
            if (!worse(&h->v[i], &h->v[parent]))
                break;
            scored t = h->v[i]; h->v[i] = h->v[parent]; h->v[parent] = t;
            i = parent;
        }
        return;
    }
    if (!worse(&h->v[0], &s))
        return;
    h->v[0] = s;
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && worse(&h->v[l], &h->v[m])) m = l;
        if (r < h->n && worse(&h->v[r], &h->v[m])) m = r;
        if (m == i)
            break;
        scored t = h->v[i]; h->v[i] = h->v[m]; h->v[m] = t;
        i = m;
    }
}

static int cmp_best_first(const void *pa, const void *pb)
{
    const scored *a = pa, *b = pb;
    if (worse(a, b)) return 1;
    if (worse(b, a)) return -1;
    return 0;
}

/* Analyses the query into body-field terms (a ranked OR). */
static int parse_terms(acq_index *ix, const char *query, const char *lang, qterm *terms, size_t *nterms, acq_err *err)
{
    acq_analyzer *a;
    acq_analyzer_config cfg = {lang ? lang : ix->manifest.lang, 1, ix->manifest.stopwords};
    if (acq_analyzer_open(&a, &cfg, NULL, err) != ACQ_OK)
        return err->code;
    acq_token_stream s;
    acq_token t;
    int r;
    acq_token_stream_init(&s, query, strlen(query), 0);
    *nterms = 0;
    while ((r = acq_analyze_next(a, &s, &t)) == 1) {
        if (t.len + 1 > ACQ_MAX_KEY)
            continue;
        int dup = 0;
        for (size_t i = 0; i < *nterms && !dup; i++)
            dup = terms[i].key_len == t.len + 1 && memcmp(terms[i].key + 1, t.term, t.len) == 0;
        if (dup)
            continue; /* a repeated word counts once, as in a search box */
        if (*nterms == MAX_TERMS) {
            acq_analyzer_close(a);
            return acq_err_set(err, ACQ_ELIMIT, "the query has more than %d terms", MAX_TERMS);
        }
        qterm *q = &terms[(*nterms)++];
        q->field = ACQ_FIELD_BODY;
        q->key[0] = ACQ_FIELD_BODY;
        memcpy(q->key + 1, t.term, t.len);
        q->key_len = t.len + 1;
    }
    acq_analyzer_close(a);
    return r < 0 ? acq_err_set(err, ACQ_ENOMEM, "out of memory analysing the query") : ACQ_OK;
}

static int score_segment(acq_index *ix, size_t si, qterm *terms, size_t nterms, const acq_bm25 *m,
                         heap *h, uint64_t *total, acq_err *err)
{
    acq_segment *s = &ix->segs[si];
    acq_postings cur[MAX_TERMS];
    double idf[MAX_TERMS];
    size_t n = 0;
    for (size_t i = 0; i < nterms; i++) {
        acq_term_meta meta;
        int r = acq_segment_lookup(s, terms[i].key, terms[i].key_len, &meta, err);
        if (r < 0)
            return r;
        if (r == 0)
            continue;
        if (acq_postings_open(&cur[n], s, &meta, err) != ACQ_OK)
            return err->code;
        idf[n] = terms[i].idf;
        acq_postings_next(&cur[n]);
        n++;
    }
    uint32_t base = ix->base[si];
    for (;;) {
        uint32_t doc = ACQ_NO_DOC;
        for (size_t i = 0; i < n; i++)
            if (cur[i].doc < doc)
                doc = cur[i].doc;
        if (doc == ACQ_NO_DOC)
            break;
        uint32_t dl = acq_segment_len(s, ACQ_FIELD_BODY, doc);
        double score = 0;
        for (size_t i = 0; i < n; i++) {
            if (cur[i].doc == doc) {
                score += idf[i] * acq_bm25_tf(m, acq_postings_tf(&cur[i]), dl);
                acq_postings_next(&cur[i]);
            }
        }
        if (acq_segment_is_deleted(s, doc))
            continue;
        (*total)++;
        heap_push(h, (scored){score, base + doc});
    }
    for (size_t i = 0; i < n; i++)
        if (cur[i].corrupt)
            return acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (postings do not decode): rebuild the index", s->doc.path);
    return ACQ_OK;
}

static const char *keep(acq_results *r, const char *s, size_t n)
{
    char *c = acq_strndup(s, n);
    if (c == NULL)
        return NULL;
    if (acq_grow((void **)&r->strings, &r->strings_cap, r->nstrings + 1, sizeof(char *)) != 0) {
        acq_free(c);
        return NULL;
    }
    r->strings[r->nstrings++] = c;
    return c;
}

static int fill_hit(acq_index *ix, acq_results *r, acq_hit *hit, const scored *sc, acq_err *err)
{
    size_t si = 0;
    while (si + 1 < ix->nsegs && ix->base[si + 1] <= sc->docno)
        si++;
    acq_segment *s = &ix->segs[si];
    acq_buf rec = {0};
    if (acq_segment_record(s, 0, sc->docno - ix->base[si], &rec, err) != ACQ_OK) {
        acq_buf_free(&rec);
        return err->code;
    }
    const char *f[ACQ_META_COUNT];
    size_t fl[ACQ_META_COUNT];
    if (acq_record_fields(rec.data, rec.len, ACQ_META_COUNT, f, fl) != 0) {
        acq_buf_free(&rec);
        return acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (bad stored record)", s->fdm.path);
    }
    hit->score = sc->score;
    hit->docno = sc->docno;
    const char **dst[ACQ_META_COUNT] = {&hit->id, &hit->title, &hit->lang, &hit->date, &hit->type, &hit->celex, &hit->url};
    int rc = ACQ_OK;
    for (int i = 0; i < ACQ_META_COUNT && rc == ACQ_OK; i++)
        if ((*dst[i] = keep(r, f[i], fl[i])) == NULL)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    acq_buf_free(&rec);
    return rc;
}

static void copy_msg(char *dst, size_t n, const char *msg)
{
    if (dst && n)
        snprintf(dst, n, "%s", msg);
}

int acq_search(acq_results **out, acq_index *ix, const char *query, const acq_search_options *opts,
               char *errmsg, size_t errmsg_size)
{
    if (out == NULL || ix == NULL || query == NULL) {
        copy_msg(errmsg, errmsg_size, "acq_search: out, ix and query are required");
        return ACQ_EARG;
    }
    *out = NULL;
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    if (opts) {
        size_t n = opts->size < sizeof o ? opts->size : sizeof o;
        memcpy(&o, opts, n);
    }
    if (o.k == 0)
        o.k = 10;
    acq_bm25 m = {o.k1 < 0 ? 0.9 : o.k1, o.b < 0 ? 0.4 : o.b, 1.0};
    acq_err err = {0};
    qterm terms[MAX_TERMS];
    size_t nterms = 0;
    acq_results *r = acq_calloc(1, sizeof *r);
    heap h = {0};
    int rc = r ? ACQ_OK : acq_err_set(&err, ACQ_ENOMEM, "out of memory");
    if (rc == ACQ_OK && (o.k > 100000000 || o.offset > 100000000))
        rc = acq_err_set(&err, ACQ_EARG, "k and offset must be at most 100000000");
    if (rc == ACQ_OK)
        rc = parse_terms(ix, query, o.lang, terms, &nterms, &err);
    if (rc == ACQ_OK && ix->max_doc > 0) {
        m.avgdl = (double)ix->sum_len[0] / (double)ix->max_doc;
        if (m.avgdl <= 0)
            m.avgdl = 1;
        for (size_t i = 0; i < nterms && rc == ACQ_OK; i++) {
            terms[i].df = 0;
            for (size_t si = 0; si < ix->nsegs; si++) {
                acq_term_meta meta;
                int f = acq_segment_lookup(&ix->segs[si], terms[i].key, terms[i].key_len, &meta, &err);
                if (f < 0) {
                    rc = f;
                    break;
                }
                if (f)
                    terms[i].df += meta.df;
            }
            terms[i].idf = acq_bm25_idf(ix->max_doc, terms[i].df);
        }
        h.cap = o.k + o.offset;
        h.v = rc == ACQ_OK ? acq_malloc(h.cap * sizeof *h.v) : NULL;
        if (rc == ACQ_OK && h.v == NULL)
            rc = acq_err_set(&err, ACQ_ENOMEM, "out of memory");
        for (size_t si = 0; si < ix->nsegs && rc == ACQ_OK; si++)
            rc = score_segment(ix, si, terms, nterms, &m, &h, &r->total, &err);
    }
    if (rc == ACQ_OK && h.n > o.offset) {
        qsort(h.v, h.n, sizeof *h.v, cmp_best_first);
        r->hits = acq_calloc(h.n - o.offset, sizeof *r->hits);
        if (r->hits == NULL)
            rc = acq_err_set(&err, ACQ_ENOMEM, "out of memory");
        for (size_t i = o.offset; i < h.n && rc == ACQ_OK; i++) {
            rc = fill_hit(ix, r, &r->hits[r->count], &h.v[i], &err);
            if (rc == ACQ_OK)
                r->count++;
        }
    }
    acq_free(h.v);
    if (rc != ACQ_OK) {
        copy_msg(errmsg, errmsg_size, err.msg);
        acq_results_free(r);
        return rc;
    }
    *out = r;
    return ACQ_OK;
}

size_t acq_results_count(const acq_results *r) { return r ? r->count : 0; }
uint64_t acq_results_total(const acq_results *r) { return r ? r->total : 0; }
const acq_hit *acq_results_hit(const acq_results *r, size_t i) { return r && i < r->count ? &r->hits[i] : NULL; }

void acq_results_free(acq_results *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nstrings; i++)
        acq_free(r->strings[i]);
    acq_free(r->strings);
    acq_free(r->hits);
    acq_free(r);
}
