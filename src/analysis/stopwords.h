/* stopwords.h: per-language stopword lists, in folded form (lowercase, no
 * accents), checked after folding and before stemming. English is Lucene's
 * EnglishAnalyzer list, so relevance figures compare like with like. */
#ifndef ACQ_ANALYSIS_STOPWORDS_H
#define ACQ_ANALYSIS_STOPWORDS_H

#include <stddef.h>

/* NULL-terminated list for an ISO 639-1 code, or NULL if none. */
const char *const *acq_stopwords_for(const char *lang);

#endif
