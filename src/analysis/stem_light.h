/* stem_light.h: our light stemmers, for the nine official languages that
 * Snowball (libstemmer) does not cover: Bulgarian, Czech, Estonian, Croatian,
 * Latvian, Maltese, Polish, Slovak and Slovene. One file each (stem_xx.c)
 * holds the rules and says where they come from.
 *
 * "Light" means inflection only: case, number and gender endings of nouns
 * and adjectives (and the commonest verb endings where they are cheap), never
 * derivation, so that `nařízení`/`nařízením` meet while `nařízení` and
 * `nařídit` stay apart. A stemmer sees the word after folding (lowercase,
 * accents and diacritics removed: `dyrektywą` arrives as `dyrektywa`), the
 * same form on the index and the query side; the rules are written for
 * that form.
 *
 * The helpers below are shared by the stemmers; words are UTF-8 (Bulgarian is
 * Cyrillic), suffixes are matched as bytes, which is safe because a valid
 * UTF-8 suffix can only match at a character boundary, and stem lengths are
 * counted in characters. */
#ifndef ACQ_ANALYSIS_STEM_LIGHT_H
#define ACQ_ANALYSIS_STEM_LIGHT_H

#include <stddef.h>
#include <string.h>

/* Stems w[0..n) in place and returns the new length, never more than n. */
typedef size_t (*acq_light_stem_fn)(char *w, size_t n);

size_t acq_stem_bg(char *w, size_t n);
size_t acq_stem_cs(char *w, size_t n);
size_t acq_stem_et(char *w, size_t n);
size_t acq_stem_hr(char *w, size_t n);
size_t acq_stem_lv(char *w, size_t n);
size_t acq_stem_mt(char *w, size_t n);
size_t acq_stem_pl(char *w, size_t n);
size_t acq_stem_sk(char *w, size_t n);
size_t acq_stem_sl(char *w, size_t n);

/* Characters (code points) in w[0..n). */
static inline size_t acq_stem_chars(const char *w, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)w[i] & 0xC0) != 0x80;
    return c;
}

/* 1 if w[0..n) ends with the NUL-terminated suffix s. */
static inline int acq_stem_ends(const char *w, size_t n, const char *s)
{
    size_t k = strlen(s);
    return k <= n && memcmp(w + n - k, s, k) == 0;
}

/* A suffix rule table: strip the longest listed suffix that leaves at least
 * `min` characters. Tables end with a NULL suffix. */
typedef struct acq_suffix_rule {
    const char *suffix;
    const char *replace;   /* put back after stripping ("" for none); never longer than suffix */
} acq_suffix_rule;

/* Applies the longest matching rule of the table that leaves at least
 * min_chars characters before the suffix; returns the new length (n if no
 * rule applies). */
size_t acq_stem_longest(char *w, size_t n, const acq_suffix_rule *rules, size_t min_chars);

#endif
