/* maxscore.h: top-k for a ranked OR of terms with MaxScore pruning
 * (Turtle & Flood 1995, as PISA and Lucene use it).
 *
 * Each term has an upper bound on its score: its idf times the BM25 tf part
 * at its largest tf and smallest field length, both stored in the index as
 * raw numbers, so the bound holds for any k1 and b given at query time.
 * Terms are sorted by bound; the lowest ones whose bounds add up to no more
 * than the current k-th score cannot make a document enter the top k alone,
 * so they are only probed (advance, not iterate) for documents found through
 * the others, and a document is dropped as soon as its score plus the bounds
 * still unseen cannot beat the k-th. Documents arrive in increasing order, so
 * a later document with an equal score never displaces an earlier one: the
 * result is exactly the exhaustive one, ties included. Scores are summed in
 * query order, so they are bit-identical too. */
#ifndef ACQ_SEARCH_MAXSCORE_H
#define ACQ_SEARCH_MAXSCORE_H

#include "search/bm25.h"
#include "search/postings.h"

typedef struct acq_topk acq_topk;

typedef struct acq_ms_term {
    acq_postings *p;     /* opened cursor, or NULL if absent in the segment */
    double idf;
    const acq_bm25 *m;   /* the field's BM25 */
    int field;
} acq_ms_term;

/* Scores segment `s` (document numbers offset by base) into the top-k.
 * Returns the number of documents scored to the end. */
uint64_t acq_maxscore_segment(acq_segment *s, uint32_t base, acq_ms_term *terms, size_t n, acq_topk *top);

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
