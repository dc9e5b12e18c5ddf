/* feedback.c: the expansion step of pseudo-relevance feedback, RM3
 * (Lavrenko & Croft's relevance model interpolated with the query, with
 * Anserini's choices) and Bo1 (Amati's Bose-Einstein model, with
 * Terrier's), as pure functions of the feedback documents' term counts
 * (see lab.h), so that tests can work them by hand. lab.c finds the
 * documents and runs the expanded query. Ties in weight are broken by term,
 * so the expansion never depends on hash or input order. */
#include "search/lab.h"

#include "common/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct cand {
    const char *term;
    double w, a, b;   /* weight, and two accumulators */
} cand;

static int by_term(const void *x, const void *y) { return strcmp(((const cand *)x)->term, ((const cand *)y)->term); }

static int by_weight(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    return strcmp(a->term, b->term);
}

static cand *find(cand *v, size_t n, const char *t)
{
    cand key = {t, 0, 0, 0};
    return bsearch(&key, v, n, sizeof *v, by_term);
}

/* The distinct terms of the documents (and of the query), sorted. */
static cand *vocabulary(const char *const *query, size_t nq, const acq_fb_doc *docs, size_t ndocs, size_t *n)
{
    size_t total = nq;
    for (size_t i = 0; i < ndocs; i++)
        total += docs[i].n;
    cand *v = acq_calloc(total + 1, sizeof *v);
    if (v == NULL)
        return NULL;
    size_t m = 0;
    for (size_t i = 0; i < nq; i++)
        v[m++].term = query[i];
    for (size_t i = 0; i < ndocs; i++)
        for (size_t j = 0; j < docs[i].n; j++)
            v[m++].term = docs[i].terms[j];
    qsort(v, m, sizeof *v, by_term);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || strcmp(v[u - 1].term, v[i].term) != 0)
            v[u++] = v[i];
    *n = u;
    return v;
}

static int emit(acq_lab_term **out, size_t *nout, cand *v, size_t n)
{
    qsort(v, n, sizeof *v, by_term);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += v[i].w > 0;
    acq_lab_term *r = acq_calloc(m + 1, sizeof *r);
    if (r == NULL)
        return ACQ_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(v[i].w > 0))
            continue;
        r[k].weight = v[i].w;
        if ((r[k++].term = acq_strdup(v[i].term)) == NULL) {
            acq_lab_terms_free(r, k);
            return ACQ_ENOMEM;
        }
    }
    *out = r;
    *nout = k;
    return ACQ_OK;
}

/* Anserini keeps terms of [a-z0-9]+ only; letters of other scripts count
 * here too (any byte of a multi-byte UTF-8 character), so that RM3 works
 * in every language of the index. */
static int rm3_term_ok(const char *t)
{
    size_t n = strlen(t);
    if (n < 2 || n > 20)
        return 0;
    for (; *t; t++) {
        unsigned char c = (unsigned char)*t;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80))
            return 0;
    }
    return 1;
}

int acq_rm3_expand(acq_lab_term **out, size_t *nout, const char *const *query, const double *qtf, size_t nq,
                   const acq_fb_doc *docs, size_t ndocs, double n_docs, int fb_terms, double orig_weight)
{
    *out = NULL;
    *nout = 0;
    size_t nv;
    cand *v = vocabulary(query, nq, docs, ndocs, &nv);
    size_t maxd = 0;
    for (size_t i = 0; i < ndocs; i++)
        maxd = docs[i].n > maxd ? docs[i].n : maxd;
    cand *dv = acq_calloc(maxd + 1, sizeof *dv);
    if (v == NULL || dv == NULL) {
        acq_free(v);
        acq_free(dv);
        return ACQ_ENOMEM;
    }
    /* The relevance model: v[].a */
    for (size_t i = 0; i < ndocs; i++) {
        size_t m = 0;
        for (size_t j = 0; j < docs[i].n; j++)
            if (rm3_term_ok(docs[i].terms[j]) && !(docs[i].df[j] / n_docs > 0.1))
                dv[m++] = (cand){docs[i].terms[j], docs[i].tf[j], 0, 0};
        qsort(dv, m, sizeof *dv, by_weight);
        if (m > (size_t)fb_terms)
            m = (size_t)fb_terms;
        double norm = 0;
        for (size_t j = 0; j < m; j++)
            norm += dv[j].w;
        if (norm <= 0.001) /* every term filtered out: no evidence */
            continue;
        for (size_t j = 0; j < m; j++)
            find(v, nv, dv[j].term)->a += dv[j].w / norm * docs[i].score;
    }
    for (size_t i = 0; i < nv; i++)
        v[i].w = v[i].a;
    qsort(v, nv, sizeof *v, by_weight);
    size_t keep = nv < (size_t)fb_terms ? nv : (size_t)fb_terms;
    double sum = 0;
    for (size_t i = 0; i < keep; i++)
        sum += v[i].w > 0 ? v[i].w : 0;
    for (size_t i = 0; i < nv; i++)
        v[i].b = i < keep && sum > 0 && v[i].w > 0 ? v[i].w / sum : 0; /* v[].b: the model, sum 1 */
    qsort(v, nv, sizeof *v, by_term);
    double qsum = 0;
    for (size_t i = 0; i < nq; i++)
        qsum += qtf[i];
    for (size_t i = 0; i < nv; i++)
        v[i].w = (1.0 - orig_weight) * v[i].b;
    for (size_t i = 0; i < nq && qsum > 0; i++)
        find(v, nv, query[i])->w += orig_weight * qtf[i] / qsum;
    int rc = emit(out, nout, v, nv);
    acq_free(v);
    acq_free(dv);
    return rc;
}

int acq_bo1_expand(acq_lab_term **out, size_t *nout, const char *const *query, const double *qtf, size_t nq,
                   const acq_fb_doc *docs, size_t ndocs, double n_docs, int fb_terms)
{
    *out = NULL;
    *nout = 0;
    size_t nv;
    cand *v = vocabulary(query, nq, docs, ndocs, &nv);
    double *cf = acq_calloc(nv + 1, sizeof *cf);
    if (v == NULL || cf == NULL) {
        acq_free(v);
        acq_free(cf);
        return ACQ_ENOMEM;
    }
    /* v[].a: tf in the feedback set; v[].b: feedback documents holding it */
    for (size_t i = 0; i < ndocs; i++)
        for (size_t j = 0; j < docs[i].n; j++) {
            cand *c = find(v, nv, docs[i].terms[j]);
            c->a += docs[i].tf[j];
            c->b += 1;
            cf[c - v] = docs[i].cf[j];
        }
    double min_docs = ndocs < 2 ? (double)ndocs : 2.0;
    for (size_t i = 0; i < nv; i++) {
        double p = cf[i] / n_docs;
        v[i].w = v[i].b >= min_docs && v[i].b > 0 && p > 0 ? v[i].a * log2((1 + p) / p) + log2(1 + p) : 0;
    }
    acq_free(cf);
    qsort(v, nv, sizeof *v, by_weight);
    size_t keep = (size_t)fb_terms > nq ? (size_t)fb_terms : nq;
    if (keep > nv)
        keep = nv;
    double wmax = nv > 0 && v[0].w > 0 ? v[0].w : 1.0;
    for (size_t i = 0; i < nv; i++)
        v[i].w = i < keep && v[i].w > 0 ? v[i].w / wmax : 0;
    qsort(v, nv, sizeof *v, by_term);
    double qmax = 0;
    for (size_t i = 0; i < nq; i++)
        qmax = qtf[i] > qmax ? qtf[i] : qmax;
    for (size_t i = 0; i < nq && qmax > 0; i++)
        find(v, nv, query[i])->w += qtf[i] / qmax;
    int rc = emit(out, nout, v, nv);
    acq_free(v);
    return rc;
}

void acq_lab_terms_free(acq_lab_term *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        acq_free(v[i].term);
    acq_free(v);
}
