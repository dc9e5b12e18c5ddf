/* orthography.h: spelling rules of single languages that the tokenizer and
 * the analysis chain apply before folding (language.h says which language
 * gets which):
 *
 * Irish writes initial mutations onto the word: eclipsis (`na mBallstát`,
 * `i gcás`, `ar bhfeidhm`), lenition (`an Choimisiúin`, `a thabhairt`) and
 * prothetic letters before vowels, glued with a case change (`an tAontas`,
 * `na hEorpa`, `ár nAthair`) or a hyphen (`an t-údarás`, `na n-údarás`). The
 * word is indexed without them: `tAontas` -> `aontas`, `hEorpa` -> `eorpa`.
 *
 * Maltese joins its article, alone or fused with a preposition, to the next
 * word with a hyphen, assimilated to the "sun" consonants: `il-Kummissjoni`,
 * `l-Unjoni`, `ir-Regolament`, `tal-Parlament`, `fl-Istati`, `mill-Kunsill`,
 * `għall-`, `bis-saħħa`. The article belongs to the word and is dropped:
 * `il-Kummissjoni` is the one token `kummissjoni`, and `tas-27` is `27`.
 *
 * Romanian has two spellings of ș and ț: comma below (correct) and cedilla
 * (ş ţ, common in older texts). Folding makes both s and t; the stemmer gets
 * the one it recognises. */
#ifndef ACQ_ANALYSIS_ORTHOGRAPHY_H
#define ACQ_ANALYSIS_ORTHOGRAPHY_H

#include <stddef.h>
#include <stdint.h>

/* Irish: bytes of a mutation prefix that case marks at the start of a
 * surface word (t|n|h + capital vowel, tS, nD, nG, mB, gC, bP, dT, bhF); 0 if
 * none. */
size_t acq_ga_case_prefix(const uint8_t *w, size_t n);

/* Irish: removes eclipsis (mb gc nd ng bp dt bhf ts), lenition (bh ch dh fh
 * gh mh ph sh th) and a prothetic h before a vowel from the start of a
 * lowercase word, in place; returns the new length. A result of fewer than
 * two letters is not made: the word is left as it was. */
size_t acq_ga_demutate(char *w, size_t n);

/* Irish: 1 if w[0..n) is t, n or h (any case) and next[0..next_n) starts
 * with a vowel: then "w-next" is one word (an t-údarás). */
int acq_ga_hyphen_prefix(const uint8_t *w, size_t n, const uint8_t *next, size_t next_n);

/* Maltese: 1 if w[0..n) (any case) is an article that a hyphen joins to the
 * next word: l, il, the assimilated i + sun letter (iċ id in ir is it ix iż),
 * and the fused prepositions ta fi bi ma sa mi li għa bħa (tal, tas, fil,
 * mill, għall, bħall, ...), fl, bl and dal. */
int acq_mt_article(const uint8_t *w, size_t n);

/* Romanian: rewrites s and t with comma below (U+0219, U+021B) as the
 * cedilla letters (U+015F, U+0163), or the reverse when to_comma is set; in
 * place (both are two bytes in UTF-8). */
void acq_ro_unify(char *w, size_t n, int to_comma);

#endif
