/* maxscore.c: MaxScore top-k over a disjunction of terms (see maxscore.h). */
#include "search/maxscore.h"

#include <math.h>
#include <string.h>

static int worse(const acq_scored *a, const acq_scored *b)
{
    return a->score < b->score || (a->score == b->score && a->docno > b->docno);
}

void acq_topk_push(acq_topk *h, acq_scored s)
{
    if (h->n < h->cap) {
        size_t i = h->n++;
        h->v[i] = s;
        while (i > 0) {
            size_t parent = (i - 1) / 2;
            if (!worse(&h->v[i], &h->v[parent]))
                break;
            acq_scored t = h->v[i]; h->v[i] = h->v[parent]; h->v[parent] = t;
            i = parent;
        }
        return;
    }
    if (h->cap == 0 || !worse(&h->v[0], &s))
        return;
    h->v[0] = s;
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && worse(&h->v[l], &h->v[m])) m = l;
        if (r < h->n && worse(&h->v[r], &h->v[m])) m = r;
        if (m == i)
            break;
        acq_scored t = h->v[i]; h->v[i] = h->v[m]; h->v[m] = t;
        i = m;
    }
}

double acq_topk_threshold(const acq_topk *h)
{
    return h->n < h->cap || h->cap == 0 ? -INFINITY : h->v[0].score;
}

static inline uint32_t dl_of(const acq_segment *s, int field, uint32_t doc)
{
    return field == 1 || field == 2 ? acq_segment_len(s, field, doc) : 1;
}

#define MAX_MS_TERMS 1024

uint64_t acq_maxscore_segment(acq_segment *s, uint32_t base, acq_ms_term *terms, size_t n, acq_topk *top)
{
    size_t order[MAX_MS_TERMS];
    double ub[MAX_MS_TERMS], cum[MAX_MS_TERMS], contrib[MAX_MS_TERMS];
    size_t live = 0;
    if (n > MAX_MS_TERMS)
        n = MAX_MS_TERMS;
    for (size_t i = 0; i < n; i++) {
        if (terms[i].p == NULL)
            continue;
        acq_postings *p = terms[i].p;
        /* A small margin keeps the bound safe against rounding. */
        ub[i] = terms[i].idf * acq_bm25_tf(terms[i].m, p->max_tf, p->min_dl) * (1 + 1e-12) + 1e-12;
        if (acq_postings_next(p) == ACQ_NO_DOC)
            continue;
        order[live++] = i;
    }
    /* Sort by bound, ascending (insertion sort: queries are short). */
    for (size_t a = 1; a < live; a++)
        for (size_t b = a; b > 0 && ub[order[b]] < ub[order[b - 1]]; b--) {
            size_t t = order[b]; order[b] = order[b - 1]; order[b - 1] = t;
        }
    double sum = 0;
    for (size_t i = 0; i < live; i++)
        cum[i] = sum += ub[order[i]];
    uint64_t scored = 0;
    double theta = acq_topk_threshold(top);
    size_t ess = 0; /* order[ess..live) are essential */
    while (ess < live && cum[ess] <= theta)
        ess++;
    while (ess < live) {
        uint32_t d = ACQ_NO_DOC;
        for (size_t i = ess; i < live; i++)
            if (terms[order[i]].p->doc < d)
                d = terms[order[i]].p->doc;
        if (d == ACQ_NO_DOC)
            break;
        for (size_t i = 0; i < n; i++)
            contrib[i] = 0;
        double score = 0;
        for (size_t i = ess; i < live; i++) {
            acq_ms_term *t = &terms[order[i]];
            if (t->p->doc == d) {
                contrib[order[i]] = t->idf * acq_bm25_tf(t->m, acq_postings_tf(t->p), dl_of(s, t->field, d));
                score += contrib[order[i]];
                acq_postings_next(t->p);
            }
        }
        /* Non-essential terms, largest bound first, while they can still
         * lift the document above the threshold. */
        int alive = 1;
        for (size_t i = ess; i-- > 0;) {
            if (score + cum[i] <= theta) {
                alive = 0;
                break;
            }
            acq_ms_term *t = &terms[order[i]];
            if (acq_postings_advance(t->p, d) == d) {
                contrib[order[i]] = t->idf * acq_bm25_tf(t->m, acq_postings_tf(t->p), dl_of(s, t->field, d));
                score += contrib[order[i]];
            }
        }
        if (!alive || acq_segment_is_deleted(s, d))
            continue;
        /* The exact score, summed in query order like the exhaustive path. */
        double exact = 0;
        for (size_t i = 0; i < n; i++)
            exact += contrib[i];
        scored++;
        acq_topk_push(top, (acq_scored){exact, base + d});
        double nt = acq_topk_threshold(top);
        if (nt > theta) {
            theta = nt;
            while (ess < live && cum[ess] <= theta)
                ess++;
        }
    }
    return scored;
}
