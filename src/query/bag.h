/* bag.h: query trees made in code from weighted words rather than parsed:
 * the expanded queries of pseudo-relevance feedback, sequential dependence
 * (pairs of adjacent words as phrases and windows) and per-field weights
 * (search/lab.c builds them; query.h's tree is what they make). */
#ifndef ACQ_QUERY_BAG_H
#define ACQ_QUERY_BAG_H

#include "query/query.h"

/* An empty ranked OR (a BOOL without clauses), or NULL on OOM. */
acq_qnode *acq_bag_new(void);
/* Adds a SHOULD term clause in `field` (ACQ_FIELD_BODY or ACQ_FIELD_TITLE)
 * with this boost. ACQ_OK or ACQ_ENOMEM. */
int acq_bag_add_term(acq_qnode *bag, int field, const char *term, double boost);
/* Adds a SHOULD body phrase of two terms, b `gap` positions after a (exact
 * when slop is 0), or both within a window of slop extra positions in any
 * order. ACQ_OK or ACQ_ENOMEM. */
int acq_bag_add_pair(acq_qnode *bag, const char *a, const char *b, uint32_t gap, uint32_t slop, double boost);

#endif
