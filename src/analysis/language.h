/* language.h: the named analysis of each of the 24 official EU languages.
 *
 * One row per language says how its text is analysed: which stemmer
 * (Snowball through libstemmer, or a light stemmer of ours for the nine
 * languages Snowball lacks), whether accents are folded before or after
 * stemming, and the tokenising rules only it needs (Irish initial mutations,
 * Maltese articles joined by a hyphen, Romanian s/t with comma or cedilla).
 * Its stopword list is acq_stoplist_for(code). README.md ("Languages") has
 * the table.
 *
 * Codes: ISO 639-1 ("pl"), any case, with or without a region ("pt-PT",
 * "en_GB"); ISO 639-2 codes ("pol", "fre"/"fra") and English names ("polish",
 * the folder names of ../shared/corpus/eurlex-24) map to the same row. Any
 * other code is not an error for the analyzer (a document in Latin must still
 * be indexed): it gets the language-neutral analysis, that is Unicode
 * tokenising and folding, no stopwords, and Snowball stemming only if
 * libstemmer knows the code. acq_language_resolve is for callers that would
 * rather refuse such a code (a --lang option). */
#ifndef ACQ_ANALYSIS_LANGUAGE_H
#define ACQ_ANALYSIS_LANGUAGE_H

#include "analysis/stem_light.h"
#include "common/error.h"

#include <stddef.h>

/* Tokenising and normalising rules beyond the common ones. */
enum {
    ACQ_LANG_GA_MUTATIONS = 1,   /* Irish: tAontas -> aontas, t-/n-/h- prefixes, lenition, eclipsis */
    ACQ_LANG_MT_ARTICLES = 2,    /* Maltese: il-/l-/tal-/fl-... glued by a hyphen belong to the word */
    ACQ_LANG_RO_SCEDILLA = 4     /* Romanian: s and t with comma below or cedilla are one letter */
};

typedef struct acq_language {
    const char *code;            /* ISO 639-1, lowercase */
    const char *name;            /* English name */
    const char *snowball;        /* libstemmer algorithm, or NULL */
    acq_light_stem_fn light;     /* our light stemmer, or NULL */
    int fold_before_stem;        /* 1: stem the accent-folded form; 0: stem the
                                  * lowercase form with its accents, then fold */
    unsigned rules;              /* ACQ_LANG_* */
} acq_language;

/* The 24 rows, in the order of their codes. */
size_t acq_language_count(void);
const acq_language *acq_language_at(size_t i);

/* The row for a code, name or alias (see above); NULL if none. */
const acq_language *acq_language_find(const char *code);

/* Like acq_language_find, but an unknown code is ACQ_EARG with a message
 * that lists the codes acquis knows. */
int acq_language_resolve(const char *code, const acq_language **out, acq_err *err);

/* The 24 codes separated by spaces ("bg cs da ... sv"), for messages. */
const char *acq_language_codes(void);

#endif
