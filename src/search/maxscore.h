/* maxscore.h: top-k for a ranked OR of terms (and an AND of terms) with
 * block-max pruning; the top-k heap they share with search.c.
 *
 * Each term's contribution to a document is weight * idf * the BM25 tf part
 * (or weight * score(ctx, tf, dl) for another model); its upper bound over a
 * block is the same expression at the best (tf, length) pair of the block's
 * impact list (search/postings.h), so bounds hold, tightly, for any k1 and b
 * given at query time. The algorithms and why their result is exactly the
 * exhaustive one: search/blockmax.h.
 *
 * MaxScore (Turtle & Flood 1995), block-max and in windows as in Lucene 9's
 * MaxScoreBulkScorer: documents are taken in windows of at least 4096 that
 * end with the current block of the terms essential in the last window.
 * Inside a window each term's bound is the largest of its blocks' there;
 * terms are sorted by it, and the lowest ones whose bounds add up to no more
 * than the current k-th score cannot make a document enter the top k alone,
 * so they are only probed (advance, not iterate) for documents found through
 * the others; a document is dropped as soon as its score plus the bounds
 * still unseen cannot beat the k-th, and a window whose bounds add up to no
 * more than it is skipped without decoding anything. With one essential
 * term (the usual case once the top k fills), its blocks are walked
 * directly. */
#ifndef ACQ_SEARCH_MAXSCORE_H
#define ACQ_SEARCH_MAXSCORE_H

#include "search/bm25.h"
#include "search/postings.h"

typedef struct acq_topk acq_topk;

#define ACQ_TOPK_OOM UINT64_MAX

typedef struct acq_ms_term {
    acq_postings *p;     /* opened cursor, or NULL if absent in the segment */
    double idf;
    const acq_bm25 *m;   /* the field's BM25 */
    int field;
    /* The term's weight in the query, multiplying its contribution (a word
     * typed twice: 2, or two entries of weight 1); 0 is taken as 1. Must
     * not be negative. */
    double weight;
    /* Another scoring function than BM25 (NULL: idf * BM25 tf part with m).
     * It must not decrease as tf grows nor increase as dl grows (then the
     * impact lists bound it), and must not be negative. */
    double (*score)(const void *ctx, uint32_t tf, uint32_t dl);
    const void *ctx;
} acq_ms_term;

/* Each scores segment `s` (document numbers offset by base) into the top-k
 * for the n terms (query order; entries with p NULL are absent from the
 * segment) and returns the number of documents it scored to the end, or
 * ACQ_TOPK_OOM if it could not allocate its scratch (nothing was scored).
 * A damaged list sets its cursor's corrupt and ends early.
 * Ranked OR by block-max MaxScore: */
uint64_t acq_maxscore_segment(acq_segment *s, uint32_t base, acq_ms_term *terms, size_t n, acq_topk *top);
/* Ranked OR by block-max WAND (Ding & Suel 2011): */
uint64_t acq_wand_segment(acq_segment *s, uint32_t base, acq_ms_term *terms, size_t n, acq_topk *top);
/* AND of the n terms (every one must match; one absent: no match), by
 * block-max AND: */
uint64_t acq_bmand_segment(acq_segment *s, uint32_t base, acq_ms_term *terms, size_t n, acq_topk *top);

/* The top-k heap shared with search.c. */
typedef struct acq_scored {
    double score;
    uint32_t docno;
} acq_scored;

struct acq_topk {
    acq_scored *v;
    size_t n, cap;
};

void acq_topk_push(acq_topk *h, acq_scored s);
/* The score a document must beat (ties lose: documents come in order), or
 * -infinity while the heap is not full. */
double acq_topk_threshold(const acq_topk *h);

#endif
