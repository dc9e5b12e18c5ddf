/* blockmax.c: term bounds over blocks, and the top k of one term (see
 * blockmax.h). */
#include "search/blockmax.h"

#include <math.h>

/* The largest contribution over pairs v[0..n), with the margin. */
static double bound_of(const acq_bm_term *b, const acq_impact *v, uint32_t n)
{
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

uint64_t acq_blockmax_one(acq_segment *s, uint32_t base, acq_ms_term *term, acq_topk *top)
{
    if (term->p == NULL)
        return 0;
    acq_bm_term b;
    acq_bm_init(&b, term, 0);
    acq_postings *p = b.p;
    uint64_t scored = 0;
    double theta = acq_topk_threshold(top);
    uint32_t d = 0;
    while (d != ACQ_NO_DOC) {
        double bound;
        uint32_t last = acq_bm_block(&b, d, &bound);
        if (last == ACQ_NO_DOC)
            break;
        if (bound <= theta) { /* nothing in this block can enter */
            d = last == ACQ_NO_DOC - 1 ? ACQ_NO_DOC : last + 1;
            continue;
        }
        /* Score the block from the array (moving the cursor on with next
         * would decode the next block, which may well be skipped). */
        if (acq_postings_advance(p, d) == ACQ_NO_DOC)
            break;
        const int field = b.t->field;
        for (uint32_t i = p->i; i < p->n; i++) {
            uint32_t doc = p->docs[i];
            if (acq_segment_is_deleted(s, doc))
                continue;
            double sc = acq_bm_score_tf(&b, p->tfs[i], acq_bm_dl(s, field, doc));
            scored++;
            if (sc > theta) {
                acq_topk_push(top, (acq_scored){sc, base + doc});
                theta = acq_topk_threshold(top);
            }
        }
        d = p->docs[p->n - 1] == ACQ_NO_DOC - 1 ? ACQ_NO_DOC : p->docs[p->n - 1] + 1;
    }
    return scored;
}
