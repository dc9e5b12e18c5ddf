/* scorer.h: document-at-a-time scorers over one segment, one per node of
 * the query tree: a term, a phrase or proximity window (checked against
 * positions), a prefix (union of its expansions, constant score), a boolean
 * combination (MUST / SHOULD / MUST_NOT / FILTER) and a date filter. Each
 * scorer walks its matching documents in increasing order; score() is valid
 * on the current document. No allocation happens per document. */
#ifndef ACQ_SEARCH_SCORER_H
#define ACQ_SEARCH_SCORER_H

#include "common/buf.h"
#include "search/bm25.h"
#include "search/postings.h"

typedef struct acq_scorer acq_scorer;

typedef struct acq_scorer_vt {
    /* First matching document >= target (target > current doc). */
    uint32_t (*advance)(acq_scorer *s, uint32_t target);
    double (*score)(acq_scorer *s);
    /* Appends how the current document's score was made (may be NULL). */
    void (*explain)(acq_scorer *s, acq_buf *out, int depth);
    void (*destroy)(acq_scorer *s);
} acq_scorer_vt;

struct acq_scorer {
    const acq_scorer_vt *vt;
    uint32_t doc;
    int started;
    int corrupt;         /* a postings list did not decode: the file at
                            fault, ACQ_DAMAGED_DOC or ACQ_DAMAGED_POS */
    int oom;             /* an allocation failed while matching (the
                            matches seen so far are incomplete) */
};

static inline uint32_t acq_scorer_advance(acq_scorer *s, uint32_t target)
{
    if (s->started && s->doc >= target)
        return s->doc;
    s->started = 1;
    return s->doc = s->vt->advance(s, target);
}

/* What every leaf needs from its segment and the collection. */
typedef struct acq_leaf_ctx {
    acq_segment *seg;
    acq_bm25 body, title;       /* BM25 with each field's avgdl */
} acq_leaf_ctx;

/* A term in a field; NULL meta means the segment lacks it (matches nothing). */
acq_scorer *acq_term_scorer(const acq_leaf_ctx *c, int field, const acq_term_meta *meta, double idf,
                            const char *label, acq_err *err);
/* A phrase: n body-field terms at relative positions rel[] (exact when slop
 * is 0), or all n terms within a window of slop extra positions, any order.
 * field ACQ_FIELD_TITLE keeps matches inside the title. metas[i] NULL: no
 * match in this segment. */
acq_scorer *acq_phrase_scorer(const acq_leaf_ctx *c, int field, const acq_term_meta *const *metas,
                              const uint32_t *rel, size_t n, uint32_t slop, double idf, const char *label,
                              acq_err *err);
/* The union of n expansions of a prefix, each matching document scoring 1. */
acq_scorer *acq_prefix_scorer(const acq_leaf_ctx *c, const acq_term_meta *metas, size_t n, const char *label,
                              acq_err *err);
/* Boolean: kids with their occur (query.h's acq_occur). Takes ownership. */
acq_scorer *acq_bool_scorer(acq_scorer **kids, const int *occur, size_t n, acq_err *err);
acq_scorer *acq_date_scorer(const acq_leaf_ctx *c, uint32_t from, uint32_t to, acq_err *err);
acq_scorer *acq_none_scorer(acq_err *err);

/* For a phrase scorer at the root of a top-k search: documents whose best
 * possible score (phrase frequency at most the smallest tf of its terms)
 * cannot beat *threshold are skipped without reading positions. The
 * threshold is the k-th score so far; ties lose since documents come in
 * order, so the result is exact. */
void acq_phrase_set_threshold(acq_scorer *s, const double *threshold);

void acq_scorer_free(acq_scorer *s);
/* ACQ_DAMAGED_DOC or ACQ_DAMAGED_POS if s or any scorer under it met a
 * damaged postings list (acq_postings_damaged names the file), else 0. */
int acq_scorer_corrupt(acq_scorer *s);
/* 1 if s or any scorer under it ran out of memory while matching. */
int acq_scorer_oom(acq_scorer *s);

#endif
