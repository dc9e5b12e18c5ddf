/* maxscore.c: block-max MaxScore top-k over a disjunction of terms, in
 * windows (see maxscore.h), and the top-k heap. */
#include "search/blockmax.h"

#include "common/alloc.h"

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

/* The cursor's first document >= d, moving it only if it is behind (a
 * cursor not yet started has block UINT32_MAX). */
static inline uint32_t at_least(acq_postings *p, uint32_t d)
{
    if (p->block != UINT32_MAX && p->doc >= d)
        return p->doc;
    return acq_postings_advance(p, d);
}

/* Scratch per term, in one allocation. */
typedef struct ms_state {
    acq_bm_term bt;
    double bound;        /* bound in the current window */
    int essential;       /* essential in the last window */
} ms_state;

/* Documents per window at least (Lucene's MaxScoreBulkScorer uses 4096). */
#ifndef ACQ_MS_WINDOW
#define ACQ_MS_WINDOW 4096
#endif

/* Adds the non-essential terms order[0..ess) of document c to its score,
 * largest bound first, while they can still lift it above the cut (cum[k]:
 * the bounds of order[0..k] summed); records each contribution. 0 when the
 * document cannot enter the top k. */
static inline int add_non_essential(ms_state *st, const size_t *order, size_t ess, const double *cum, double cut,
                                    acq_segment *s, uint32_t c, double score, double *contrib, size_t *touched,
                                    size_t *nt)
{
    for (size_t k = ess; k-- > 0;) {
        if (score + cum[k] <= cut)
            return 0;
        acq_bm_term *b = &st[order[k]].bt;
        if (at_least(b->p, c) == c) {
            double y = acq_bm_score(b, s);
            contrib[b->q] = y;
            touched[(*nt)++] = b->q;
            score += y;
        }
    }
    return 1;
}

uint64_t acq_maxscore_segment(acq_segment *s, uint32_t base, acq_ms_term *terms, size_t n, acq_topk *top)
{
    ms_state *st = acq_calloc(n + 1, sizeof *st);
    size_t *order = acq_calloc(n + 1, sizeof *order);
    double *cum = acq_calloc(n + 1, sizeof *cum), *contrib = acq_calloc(n + 1, sizeof *contrib);
    size_t *touched = acq_calloc(n + 1, sizeof *touched);
    uint64_t scored = 0;
    if (!st || !order || !cum || !contrib || !touched) {
        scored = ACQ_TOPK_OOM;
        goto done;
    }
    size_t m = 0; /* live terms: st[0..m) */
    for (size_t i = 0; i < n; i++)
        if (terms[i].p != NULL && terms[i].p->df > 0) {
            st[m].essential = 1;
            acq_bm_init(&st[m++].bt, &terms[i], i);
        }
    double theta = acq_topk_threshold(top), cut = acq_bm_cut(theta);
    uint32_t d = 0;
    while (d != ACQ_NO_DOC && m > 0) {
        /* The window [d, up]: to the end of the first current block of the
         * terms that were essential in the last window (all, at first), but
         * at least ACQ_MS_WINDOW documents, so that dense terms that do not
         * lead do not cut the documents into tiny windows. */
        uint32_t up = ACQ_NO_DOC - 1;
        for (size_t i = 0; i < m; i++) {
            ms_state *x = &st[i];
            if (!x->essential)
                continue;
            double bound;
            uint32_t last = acq_bm_block(&x->bt, d, &bound);
            if (last < up)
                up = last;
        }
        if (up - d < ACQ_MS_WINDOW - 1)
            up = d + (ACQ_MS_WINDOW - 1) < d ? ACQ_NO_DOC - 1 : d + (ACQ_MS_WINDOW - 1);
        if (up >= ACQ_NO_DOC)
            up = ACQ_NO_DOC - 1;
        /* Each term's bound over the window: the largest of its blocks'. */
        size_t k = 0;
        for (size_t i = 0; i < m; i++) {
            ms_state *x = &st[i];
            if (acq_bm_range(&x->bt, d, up, &x->bound) != 0)
                continue; /* no document left from d on: drops out */
            st[k++] = *x;
        }
        m = k;
        if (m == 0)
            break;
        /* Bounds ascending; essential terms are order[ess..m): those that
         * can lift a document above theta with the help of the ones before.
         * (Ordering by bound per posting, bound / df, as Lucene's
         * MaxScoreBulkScorer does, made no difference here.) */
        for (size_t i = 0; i < m; i++) {
            size_t j = i;
            while (j > 0 && st[order[j - 1]].bound > st[i].bound) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        double sum = 0;
        for (size_t i = 0; i < m; i++)
            cum[i] = sum += st[order[i]].bound;
        size_t ess = 0;
        while (ess < m && cum[ess] <= cut)
            ess++;
        /* The next window ends with the essential terms' blocks, or with
         * the block of the term of largest bound if none is (as the last
         * scorer leads in Lucene's MaxScoreBulkScorer). */
        for (size_t i = 0; i < m; i++)
            st[order[i]].essential = i >= ess || i == m - 1;
        while (ess < m) {
            if (ess == m - 1) {
                /* One essential term (the usual case once the threshold has
                 * risen): walk its decoded blocks directly, dropping a
                 * document as soon as its own contribution plus the bounds of
                 * all the others cannot beat the threshold. */
                acq_bm_term *e = &st[order[m - 1]].bt;
                acq_postings *pe = e->p;
                if (at_least(pe, d) > up)
                    break;
                const int field = e->t->field;
                double rest = m > 1 ? cum[m - 2] : 0;
                uint32_t i = pe->i;
                for (; i < pe->n && pe->docs[i] <= up; i++) {
                    uint32_t c = pe->docs[i];
                    double x = acq_bm_score_tf(e, pe->tfs[i], acq_bm_dl(s, field, c));
                    if (x + rest <= cut || acq_segment_is_deleted(s, c))
                        continue;
                    size_t nt = 0;
                    contrib[e->q] = x;
                    touched[nt++] = e->q;
                    if (!add_non_essential(st, order, ess, cum, cut, s, c, x, contrib, touched, &nt))
                        continue;
                    double exact = acq_bm_exact(contrib, touched, nt);
                    scored++;
                    if (exact >= theta) {
                        acq_topk_push(top, (acq_scored){exact, base + c});
                        theta = acq_topk_threshold(top);
                        cut = acq_bm_cut(theta);
                        size_t was = ess;
                        while (ess < m && cum[ess] <= cut)
                            ess++;
                        if (ess != was) {
                            i++;
                            break;
                        }
                    }
                }
                /* The cursor on the first document not looked at, or on the
                 * block's last (looked at) with d past it. */
                if (i < pe->n) {
                    pe->i = i;
                    d = pe->doc = pe->docs[i];
                } else {
                    pe->i = pe->n - 1;
                    pe->doc = pe->docs[pe->n - 1];
                    d = pe->doc + 1;
                }
                continue;
            }
            /* The next candidate: the smallest document of an essential term. */
            uint32_t c = ACQ_NO_DOC;
            for (size_t i = ess; i < m; i++) {
                uint32_t x = at_least(st[order[i]].bt.p, d);
                if (x < c)
                    c = x;
            }
            if (c > up)
                break;
            size_t nt = 0;
            double score = 0;
            for (size_t i = ess; i < m; i++) {
                acq_bm_term *b = &st[order[i]].bt;
                if (b->p->doc == c) {
                    double x = acq_bm_score(b, s);
                    contrib[b->q] = x;
                    touched[nt++] = b->q;
                    score += x;
                    acq_postings_next(b->p);
                }
            }
            int alive = add_non_essential(st, order, ess, cum, cut, s, c, score, contrib, touched, &nt);
            d = c + 1;
            if (!alive || acq_segment_is_deleted(s, c))
                continue;
            double exact = acq_bm_exact(contrib, touched, nt);
            scored++;
            if (exact >= theta) {
                acq_topk_push(top, (acq_scored){exact, base + c});
                theta = acq_topk_threshold(top);
                cut = acq_bm_cut(theta);
                while (ess < m && cum[ess] <= cut)
                    ess++;
            }
        }
        d = up == ACQ_NO_DOC - 1 ? ACQ_NO_DOC : up + 1;
    }
done:
    acq_free(st);
    acq_free(order);
    acq_free(cum);
    acq_free(contrib);
    acq_free(touched);
    return scored;
}
