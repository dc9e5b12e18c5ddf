/* fold.h: case and accent folding of one token.
 *
 * Full Unicode case folding (ß -> ss), compatibility normalisation (ﬁ -> fi,
 * full-width letters -> ASCII), combining marks removed after canonical
 * decomposition (Prüm -> prum, Căldăraru -> caldararu), and the Latin letters
 * that have no decomposition folded by hand (ø -> o, ł -> l, æ -> ae, ...).
 * Folding happens before stemming, on the text and on the query alike, so
 * that `Prüm`, `PRÜM`, `Prum` and `prüm` are one term. */
#ifndef ACQ_ANALYSIS_FOLD_H
#define ACQ_ANALYSIS_FOLD_H

#include "common/buf.h"

/* Appends the folded form of s[0..n) (valid UTF-8) to out; dash variants
 * become '-' and apostrophes are dropped. Returns 0, or -1 on OOM. */
int acq_fold(const char *s, size_t n, acq_buf *out);

#endif
