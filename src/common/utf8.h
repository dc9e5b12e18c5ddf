/* utf8.h: strict UTF-8 decoding and validation (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF). Shared by ingest (to reject bad input
 * with the offset of the first bad byte) and analysis (to walk code points). */
#ifndef ACQ_COMMON_UTF8_H
#define ACQ_COMMON_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s[0..n). Returns its length in bytes (1..4) and
 * stores it in *cp, or returns 0 if the bytes there are not valid UTF-8
 * (then *cp is U+FFFD). n must be > 0. */
size_t acq_utf8_decode(const uint8_t *s, size_t n, uint32_t *cp);
/* Encodes cp (must be a valid scalar value) into out[0..4); returns length. */
size_t acq_utf8_encode(uint32_t cp, uint8_t *out);
/* 1 if s[0..n) is entirely valid UTF-8; otherwise 0 and, when bad_offset is
 * not NULL, the byte offset of the first invalid sequence. */
int acq_utf8_valid(const uint8_t *s, size_t n, size_t *bad_offset);

#endif
