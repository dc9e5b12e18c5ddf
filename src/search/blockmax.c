/* blockmax.c: term bounds over blocks, and the top k of one term (see
 * blockmax.h). */
#include "search/blockmax.h"

#include <math.h>

/* The largest contribution over pairs v[0..n), with the margin. */
static double bound_of(const acq_bm_term *b, const acq_impact *v, uint32_t n)
{
    if (n == 0)
        return 0;
    if (b->t->score == NULL && n > 1) {
        /* BM25: tf / (tf + K(dl)) is largest where tf / K(dl) is, with K
         * linear in dl: the pair is found with multiplications alone
         * (tf_i K_best > tf_best K_i), and only its score is computed. A
         * pair whose score is within rounding of the best may be taken for
         * it: the margin covers that. */
        const acq_bm25 *m = b->t->m;
        double c0 = m->k1 * (1.0 - m->b), c1 = m->k1 * m->b / m->avgdl;
        uint32_t best = 0;
        double kb = c0 + c1 * (double)v[0].dl;
        for (uint32_t i = 1; i < n; i++) {
            double ki = c0 + c1 * (double)v[i].dl;
            if ((double)v[i].tf * kb > (double)v[best].tf * ki) {
                best = i;
                kb = ki;
            }
        }
        return acq_bm_score_tf(b, v[best].tf, v[best].dl) * (1 + ACQ_BOUND_MARGIN);
    }
    double best = 0;
    for (uint32_t i = 0; i < n; i++) {
        double s = acq_bm_score_tf(b, v[i].tf, v[i].dl);
        if (s > best)
            best = s;
    }
    return best * (1 + ACQ_BOUND_MARGIN);
}

/* Pairs read at most for a term's bound (a longer list is bounded by its
 * largest tf and smallest length instead). */
#define TERM_IMPACTS 512

void acq_bm_init(acq_bm_term *b, acq_ms_term *t, size_t q)
{
    b->t = t;
    b->p = t->p;
    b->q = q;
    b->w = t->weight > 0 ? t->weight : 1.0;
    acq_impact v[TERM_IMPACTS];
    uint32_t n = acq_postings_term_impacts(t->p, v, TERM_IMPACTS);
    b->ub = bound_of(b, v, n);
    b->blk = UINT32_MAX;
    b->blk_last = 0;
    b->blk_ub = b->ub;
}

uint32_t acq_bm_block(acq_bm_term *b, uint32_t target, double *bound)
{
    /* Targets do not decrease, so one inside the cached block is in it (the
     * blocks before it end before an earlier target). Not for a list of one
     * block whose end is not known yet: the cursor may since have found it,
     * and the list's end (ACQ_NO_DOC) lets the algorithms drop the term. */
    if (b->blk != UINT32_MAX && target <= b->blk_last && b->blk_last != ACQ_NO_DOC - 1) {
        *bound = b->blk_ub;
        return b->blk_last;
    }
    uint32_t blk;
    uint32_t last = acq_postings_shallow(b->p, target, &blk);
    if (last == ACQ_NO_DOC) {
        *bound = 0;
        return last;
    }
    if (blk != b->blk) {
        if (b->p->skip == NULL) {
            b->blk_ub = b->ub; /* one block: the term's list is the block's */
        } else {
            acq_impact v[ACQ_BLOCK_SIZE];
            uint32_t n = acq_postings_block_impacts(b->p, blk, v);
            b->blk_ub = bound_of(b, v, n);
        }
        b->blk = blk;
    }
    b->blk_last = last;
    *bound = b->blk_ub;
    return last;
}

int acq_bm_range(acq_bm_term *b, uint32_t d, uint32_t up, double *bound)
{
    acq_postings *p = b->p;
    /* A list of one block is decoded at once (at most 128 documents): then
     * where its documents lie is known, not only where its block ends. */
    if (p->skip == NULL && p->block == UINT32_MAX && acq_postings_advance(p, d) == ACQ_NO_DOC)
        return -1;
    double best = 0, x;
    uint32_t last = acq_bm_block(b, d, &x);
    if (last == ACQ_NO_DOC)
        return -1;
    if (p->block == b->blk && p->block < p->nblocks && p->n > 0) {
        /* The block is the cursor's, decoded: if its first document from d
         * on lies past up, nothing of it is in the range (the cursor has
         * passed only documents before any target). */
        uint32_t i = p->i;
        while (i < p->n && p->docs[i] < d)
            i++;
        if (i == p->n && p->skip == NULL)
            return -1;
        if (i < p->n && p->docs[i] > up) {
            *bound = 0;
            return 0;
        }
    }
    for (;;) {
        best = x > best ? x : best;
        if (last >= up)
            break;
        last = acq_bm_block(b, last + 1, &x);
        if (last == ACQ_NO_DOC)
            break;
    }
    *bound = best;
    return 0;
}

/* The bounds of every block at once, when they fit this array. */
#define ONE_BOUNDS 4096

/* The bound of every block of b's list into bounds[]; returns the best one's
 * number. */
static uint32_t block_bounds(acq_bm_term *b, double *bounds)
{
    acq_postings *p = b->p;
    uint32_t best = 0;
    for (uint32_t k = 0; k < p->nblocks; k++) {
        acq_impact v[ACQ_BLOCK_SIZE];
        uint32_t n = acq_postings_block_impacts(p, k, v);
        double x = 0;
        for (uint32_t i = 0; i < n; i++) {
            double sc = acq_bm_score_tf(b, v[i].tf, v[i].dl);
            x = sc > x ? sc : x;
        }
        bounds[k] = x * (1 + ACQ_BOUND_MARGIN);
        if (bounds[k] > bounds[best])
            best = k;
    }
    return best;
}

/* Scores the decoded block of p from its current document into the top k;
 * returns the documents scored. */
static uint64_t score_block(acq_segment *s, uint32_t base, const acq_bm_term *b, acq_topk *top, double *theta)
{
    const acq_postings *p = b->p;
    const int field = b->t->field;
    uint64_t scored = 0;
    for (uint32_t i = p->i; i < p->n; i++) {
        uint32_t doc = p->docs[i];
        if (acq_segment_is_deleted(s, doc))
            continue;
        double sc = acq_bm_score_tf(b, p->tfs[i], acq_bm_dl(s, field, doc));
        scored++;
        /* >=: blocks may come out of order, and an equal score with a
         * smaller document number enters (acq_topk_push decides). */
        if (sc >= *theta) {
            acq_topk_push(top, (acq_scored){sc, base + doc});
            *theta = acq_topk_threshold(top);
        }
    }
    return scored;
}

uint64_t acq_blockmax_one(acq_segment *s, uint32_t base, acq_ms_term *term, acq_topk *top)
{
    if (term->p == NULL)
        return 0;
    acq_bm_term b;
    acq_bm_init(&b, term, 0);
    acq_postings *p = b.p;
    uint64_t scored = 0;
    double theta = acq_topk_threshold(top);
    uint32_t nb = p->nblocks;
    if (p->skip == NULL || nb > ONE_BOUNDS) {
        /* In order: each block scored unless its bound cannot enter. */
        uint32_t d = 0;
        while (d != ACQ_NO_DOC) {
            double bound;
            uint32_t last = acq_bm_block(&b, d, &bound);
            if (last == ACQ_NO_DOC)
                break;
            if (bound > acq_bm_cut(theta)) {
                if (acq_postings_advance(p, d) == ACQ_NO_DOC)
                    break;
                scored += score_block(s, base, &b, top, &theta);
                last = p->docs[p->n - 1];
            }
            d = last >= ACQ_NO_DOC - 1 ? ACQ_NO_DOC : last + 1;
        }
        return scored;
    }
    /* The block with the largest bound first: its documents are likely to
     * fill the top k with high scores at once, so that the threshold every
     * other block must pass is high from the start. Then the others in
     * order. */
    double bounds[ONE_BOUNDS];
    uint32_t best = block_bounds(&b, bounds);
    if (p->corrupt)
        return 0;
    if (bounds[best] > acq_bm_cut(theta)) {
        if (acq_postings_seek_block(p, best) == ACQ_NO_DOC)
            return scored;
        scored += score_block(s, base, &b, top, &theta);
    }
    for (uint32_t k = 0; k < nb; k++) {
        if (k == best || bounds[k] <= acq_bm_cut(theta))
            continue;
        if (acq_postings_seek_block(p, k) == ACQ_NO_DOC)
            break;
        scored += score_block(s, base, &b, top, &theta);
    }
    return scored;
}
