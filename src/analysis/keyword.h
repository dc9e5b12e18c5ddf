/* keyword.h: the form under which a value of an extra keyword field (an
 * input's "eurovoc", "jha", a passage's "article") is indexed and looked up:
 * the whole value, case and accents folded like words (fold.h), runs of
 * white space made one space, trimmed, cut at ACQ_KEYWORD_MAX bytes on a
 * character boundary. The writer and the query parser both call it, so
 * that eurovoc:"Police Cooperation" finds "police cooperation". */
#ifndef ACQ_ANALYSIS_KEYWORD_H
#define ACQ_ANALYSIS_KEYWORD_H

#include "common/buf.h"

/* A dictionary key holds 255 bytes: one for the field, the rest for this. */
#define ACQ_KEYWORD_MAX 254

/* Replaces out's contents with the keyword form of s[0..n) (valid UTF-8).
 * Returns 0, or -1 when out of memory. */
int acq_keyword_fold(const char *s, size_t n, acq_buf *out);

#endif
