/* charclass.h: how the tokenizer sees a code point.
 *
 * WORD: letters, digits and combining marks of every script (Unicode
 * categories L*, N*, M*). JOIN: characters that may glue the parts of an
 * identifier such as C-311/18 or 2008/615/JHA: '/', '-' and every dash
 * variant (U+2010..U+2015, U+2212, U+FE63, U+FF0D), and '.' (between digits
 * only, decided by the tokenizer). APOS: apostrophes (', U+2019, U+02BC).
 * Everything else separates tokens. */
#ifndef ACQ_ANALYSIS_CHARCLASS_H
#define ACQ_ANALYSIS_CHARCLASS_H

#include <stdint.h>

enum { ACQ_CC_SEP = 0, ACQ_CC_WORD = 1, ACQ_CC_JOIN = 2, ACQ_CC_DOT = 3, ACQ_CC_APOS = 4 };

/* Class of an ASCII byte (table lookup), and of any code point. */
extern const uint8_t acq_ascii_class[128];
int acq_char_class(uint32_t cp);
/* 1 for ASCII digits and for code points in Unicode category Nd. */
int acq_char_is_digit(uint32_t cp);

#endif
