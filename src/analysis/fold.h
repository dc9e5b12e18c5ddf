/* fold.h: case and accent folding of one token.
 *
 * Full Unicode case folding (ß -> ss), compatibility normalisation (ﬁ -> fi,
 * full-width letters -> ASCII), combining marks removed after canonical
 * decomposition (Prüm -> prum, Căldăraru -> caldararu), and the Latin letters
 * that have no decomposition folded by hand (ø -> o, ł -> l, æ -> ae, ...).
 * Folding happens on the text and on the query alike, so that `Prüm`,
 * `PRÜM`, `Prum` and `prüm` are one term: before stemming, or for the
 * languages whose stemmer needs accents (language.c) on the stem. */
#ifndef ACQ_ANALYSIS_FOLD_H
#define ACQ_ANALYSIS_FOLD_H

#include "common/buf.h"

/* Appends the folded form of s[0..n) (valid UTF-8) to out; dash variants
 * become '-' and apostrophes are dropped. Returns 0, or -1 on OOM. */
int acq_fold(const char *s, size_t n, acq_buf *out);

/* Appends the lowercase form of s[0..n) that keeps its accents: compatibility
 * normalisation and full case folding, composed (NFKC_Casefold: `PRÜM` and
 * `PRU\u0308M` -> `prüm`, `ǅ` -> `dž`, `ß` -> `ss`). This is what the
 * stem-first languages hand to Snowball. Invalid UTF-8 is copied with ASCII
 * lowercased. Returns 0, or -1 on OOM. */
int acq_lower(const char *s, size_t n, acq_buf *out);

#endif
