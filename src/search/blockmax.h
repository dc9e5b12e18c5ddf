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
 * Exactness. A document's score is the sum of its terms' contributions in
 * query order, as the exhaustive path sums it, so scores are bit-identical.
 * A bound is the same expression as the score at the best (tf, length) pair
 * of a block (the score is monotone in both, also in floating point), times
 * 1 + 1e-12. A document, block or window is skipped only when its bound (or
 * its partial score plus the bounds of the terms not seen) is at most the
 * cut, the k-th score times 1 - 1e-12: summed in whatever order, its exact
 * score is then below the k-th (floating-point sums of a few terms are off
 * by about 1e-16 relative), so it could not enter the heap, whose ties go
 * to the smaller document number (acq_topk_push decides every document
 * whose score reaches the k-th). Nothing depends on the order documents are
 * scored in: the result is exactly the exhaustive one, ties included
 * (tests/test_pruning.c). */
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

/* The cut for a k-th score theta (-infinity while the heap is not full):
 * what is bounded by at most this cannot enter. */
static inline double acq_bm_cut(double theta) { return theta * (1 - ACQ_BOUND_MARGIN); }

/* The exact score of a document: the contributions of the terms it holds
 * (query positions touched[0..nt), reordered here) summed in query order,
 * as the exhaustive path sums them. */
static inline double acq_bm_exact(const double *contrib, size_t *touched, size_t nt)
{
    for (size_t a = 1; a < nt; a++)
        for (size_t j = a; j > 0 && touched[j] < touched[j - 1]; j--) {
            size_t t = touched[j]; touched[j] = touched[j - 1]; touched[j - 1] = t;
        }
    double exact = 0;
    for (size_t a = 0; a < nt; a++)
        exact += contrib[touched[a]];
    return exact;
}

/* One term: the top k of its list, skipping blocks that cannot enter. */
uint64_t acq_blockmax_one(acq_segment *s, uint32_t base, acq_ms_term *term, acq_topk *top);

#endif
