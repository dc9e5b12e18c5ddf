/* stopwords.h: a stopword list per official language, in folded form
 * (lowercase, no accents: what acq_fold makes of the word), checked after
 * folding and before stemming, on the index and the query side alike.
 *
 * English is Lucene's EnglishAnalyzer list, so relevance figures compare like
 * with like; every other list was written for acquis (function words:
 * articles, prepositions, conjunctions, pronouns, auxiliaries), and each says
 * in stopwords.c what it holds and what it leaves out on purpose. Lists are
 * sorted by bytes and searched by bisection. */
#ifndef ACQ_ANALYSIS_STOPWORDS_H
#define ACQ_ANALYSIS_STOPWORDS_H

#include <stddef.h>

typedef struct acq_stoplist {
    const char *const *words;   /* sorted by strcmp, no duplicates */
    size_t n;
} acq_stoplist;

/* The list of an ISO 639-1 code of the 24 official languages, or NULL. */
const acq_stoplist *acq_stoplist_for(const char *code);

/* 1 if w[0..n) (folded) is on the list; a NULL list has no words. */
int acq_stoplist_has(const acq_stoplist *l, const char *w, size_t n);

#endif
