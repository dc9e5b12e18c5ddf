/* cut.h: where a snippet may start and end, for snippet.c.
 *
 * Walks a UTF-8 text by characters, counts characters as the snippet will
 * show them (a whitespace run is one character, since the output collapses
 * it to one space), and finds cut positions that never split a word, a
 * multi-byte character or a character from its combining marks. Everything
 * here is bounded by the distance walked, so a snippet of a 500 KB text
 * costs the same as one of a 5 KB text once its window is known. */
#ifndef ACQ_SNIPPET_CUT_H
#define ACQ_SNIPPET_CUT_H

#include <stddef.h>
#include <stdint.h>

/* 1 for characters the snippet shows as (part of) a single space: Unicode
 * White_Space, and every control character (C0, DEL, C1) so that a stored
 * text cannot drive a terminal through its snippet. */
static inline int acq_cut_is_space(uint32_t cp)
{
    if (cp <= 0x20 || cp == 0x7F)
        return 1;
    if (cp < 0x80)
        return 0;
    return cp <= 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* The character at t[i] (i < len): its length, and its code point in *cp.
 * An invalid byte is one character U+FFFD of length 1, as the tokenizer
 * sees it, so walking never stalls and agrees with token offsets. */
size_t acq_cut_char_at(const uint8_t *t, size_t len, size_t i, uint32_t *cp);
/* The start of the character that ends at i (0 < i <= len), same rules. */
size_t acq_cut_char_before(const uint8_t *t, size_t len, size_t i, uint32_t *cp);

/* Counts displayed characters from the start of the text, forward only:
 * `count` is the number of characters in t[0..at). */
typedef struct acq_cut_counter {
    size_t at;
    size_t count;
    int in_space;   /* the character before `at` is whitespace */
} acq_cut_counter;

/* Advances the counter to `to` (>= c->at, on a character boundary) and
 * returns the count there. */
size_t acq_cut_count_to(acq_cut_counter *c, const uint8_t *t, size_t len, size_t to);
/* The same, but once more than `cap` characters have been counted it stops
 * and jumps to `to`, adding cap + 1. Counts then stay exact for any two
 * positions less than cap characters apart, which is all a sliding window
 * of width cap compares, while long stretches without matches cost at most
 * cap characters of counting instead of their whole length. */
size_t acq_cut_count_to_capped(acq_cut_counter *c, const uint8_t *t, size_t len, size_t to, size_t cap);

/* Moves from p by up to n displayed characters, backward not before lo or
 * forward not after hi; *walked gets the number actually walked. */
size_t acq_cut_walk_back(const uint8_t *t, size_t len, size_t p, size_t lo, size_t n, size_t *walked);
size_t acq_cut_walk_forward(const uint8_t *t, size_t len, size_t p, size_t hi, size_t n, size_t *walked);

/* Snaps a passage start s (<= ms) to a cut that keeps words whole: after
 * whitespace near s (preferring to move toward ms, then up to `slack`
 * characters away from it), else after other punctuation, else ms itself,
 * which is always the start of a word (the first match). */
size_t acq_cut_snap_start(const uint8_t *t, size_t len, size_t s, size_t ms, size_t slack);
/* The same for a passage end e (>= me): before whitespace, else at
 * punctuation, else `me` when the passage holds a match (the end of a word).
 * Without a match (me == 0) and no boundary in reach, the text is one giant
 * word: it is cut at a grapheme boundary near e. */
size_t acq_cut_snap_end(const uint8_t *t, size_t len, size_t e, size_t me, size_t slack);

/* 1 if t[0..p) holds only whitespace, or t[p..len) does: a cut there needs
 * no ellipsis. */
int acq_cut_space_before(const uint8_t *t, size_t len, size_t p);
int acq_cut_space_after(const uint8_t *t, size_t len, size_t p);

#endif
