/* concept.h: the scorer of an expanded concept (search/concept.c): the
 * union of its kids, each document scored by its best kid times that kid's
 * weight (a dis-max), so the forms of one instrument count once. */
#ifndef ACQ_SEARCH_CONCEPT_H
#define ACQ_SEARCH_CONCEPT_H

#include "search/scorer.h"

/* Takes ownership of kids[0..n) (freed on failure too). weights NULL: 1. */
acq_scorer *acq_concept_scorer(acq_scorer **kids, const double *weights, size_t n, const char *label,
                               acq_err *err);
/* 1 if s is a concept scorer; its kids (for the damage and memory checks
 * of scorers.c, which walk the scorer tree). */
int acq_concept_is(const acq_scorer *s);
size_t acq_concept_kids(acq_scorer *s, acq_scorer ***kids);

#endif
