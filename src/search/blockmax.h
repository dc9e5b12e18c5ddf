/* blockmax.h: what the block-max top-k algorithms share over the postings
 * cursor: a term's score as the exhaustive path computes it, its upper bound
 * over the whole list and over the block holding a given document (from the
 * impact lists of search/postings.h: exact for the k1 and b given at query
 * time), and the top-k heap's entry threshold.
 *
 * The algorithms (one file each, same entry signature):
 *   acq_blockmax_one      one term: skip every block whose bound cannot
 *                         enter the top k (blockmax.c)
 *   acq_maxscore_segment  ranked OR, block-max MaxScore (maxscore.c)
 *   acq_wand_segment      ranked OR, block-max WAND (wand.c)
 *   acq_bmand_segment     AND of terms, block-max AND (bmand.c)
 *
 * Exactness. Documents are visited in increasing order, so a document whose
 * score only equals the k-th never enters the heap (the heap breaks ties by
 * document order): anything bounded by at most the threshold can be skipped
 * (bound <= threshold). A bound is the same expression as the score at the
 * best (tf, length) pair of the block, and the score is monotone in both
 * also in floating point; a margin of 1e-12 (relative) covers the order in
 * which bounds and scores are summed. A document's score is the sum of its
 * terms' contributions in query order, as the exhaustive path sums it, so
 * scores are bit-identical and the result is exactly the exhaustive one,
 * ties included (tests/test_pruning.c). */
#ifndef ACQ_SEARCH_BLOCKMAX_H
#define ACQ_SEARCH_BLOCKMAX_H

#include "search/maxscore.h"

/* Relative margin added to every bound. */
#define ACQ_BOUND_MARGIN 1e-12

/* Per-term state of an algorithm (one per acq_ms_term with a cursor). */
typedef struct acq_bm_term {
    acq_ms_term *t;
    acq_postings *p;
    size_t q;            /* position in the query (for the exact sum) */
    double w;            /* weight (acq_ms_term.weight, 0 taken as 1) */
    double ub;           /* bound over the whole list, with the margin */
    uint32_t blk, blk_last; /* block of the cached bound and its last doc */
    double blk_ub;       /* that block's bound, with the margin */
} acq_bm_term;

static inline uint32_t acq_bm_dl(const acq_segment *s, int field, uint32_t doc)
{
    return field == 1 || field == 2 ? acq_segment_len(s, field, doc) : 1; /* body, title */
}

/* The contribution of a posting (tf, dl): exactly what the exhaustive path
 * computes for it (scorers.c's term scorer), times the weight. */
static inline double acq_bm_score_tf(const acq_bm_term *b, uint32_t tf, uint32_t dl)
{
    const acq_ms_term *t = b->t;
    double s = t->score ? t->score(t->ctx, tf, dl) : t->idf * acq_bm25_tf(t->m, tf, dl);
    return b->w * s;
}

/* The contribution of the cursor's current document. */
static inline double acq_bm_score(const acq_bm_term *b, const acq_segment *s)
{
    return acq_bm_score_tf(b, acq_postings_tf(b->p), acq_bm_dl(s, b->t->field, b->p->doc));
}

/* Fills b for term t at position q of the query (t->p opened, not yet
 * moved): weight, bound over the list. */
void acq_bm_init(acq_bm_term *b, acq_ms_term *t, size_t q);

/* The bound of the block holding the first document >= target (a shallow
 * advance: nothing is decoded). Returns the block's last document
 * (ACQ_NO_DOC - 1 when not known: a list of one block), or ACQ_NO_DOC if the
 * list has no document >= target (then *bound is 0). Targets must not
 * decrease. */
uint32_t acq_bm_block(acq_bm_term *b, uint32_t target, double *bound);

/* The bound of b over documents [d, up]: the largest of the bounds of its
 * blocks that meet the range (shallow advances to up). Returns -1 if the
 * list has no document from d on. */
int acq_bm_range(acq_bm_term *b, uint32_t d, uint32_t up, double *bound);

/* Heap entry threshold: a document enters only with a score above it. */
static inline double acq_bm_theta(const acq_topk *h) { return acq_topk_threshold(h); }

/* One term: the top k of its list, skipping blocks that cannot enter. */
uint64_t acq_blockmax_one(acq_segment *s, uint32_t base, acq_ms_term *term, acq_topk *top);

#endif
