/* stem_cs.c: light stemmer for Czech.
 *
 * The rules of Dolamic and Savoy's light Czech stemmer ("Indexing and
 * stemming approaches for the Czech language", Information Processing and
 * Management 45, 2009): remove one case ending, then a possessive suffix,
 * then undo the palatalisation that the removed ending caused; every stem
 * keeps at least three letters. Our words arrive folded, so the accented
 * endings of the paper merge with their plain twins (-ích and -ich, -ům and
 * -um, -ě and -e), which only shortens the list. Re-implemented for acquis. */
#include "analysis/stem_light.h"

/* Case endings of nouns, adjectives and pronouns; the longest one that
 * leaves three letters goes. */
static const acq_suffix_rule cases[] = {
    {"atech", ""},
    {"etem", ""}, {"atum", ""},
    {"ech", ""}, {"ich", ""}, {"eho", ""}, {"emi", ""}, {"emu", ""}, {"ete", ""},
    {"eti", ""}, {"iho", ""}, {"imi", ""}, {"imu", ""}, {"ach", ""}, {"ata", ""},
    {"aty", ""}, {"ych", ""}, {"ama", ""}, {"ami", ""}, {"ove", ""}, {"ovi", ""},
    {"ymi", ""},
    {"em", ""}, {"es", ""}, {"im", ""}, {"um", ""}, {"at", ""}, {"am", ""}, {"os", ""},
    {"us", ""}, {"ym", ""}, {"mi", ""}, {"ou", ""},
    {"a", ""}, {"e", ""}, {"i", ""}, {"o", ""}, {"u", ""}, {"y", ""},
    {NULL, NULL}};

/* Possessive adjectives (-ov, -in, -ův), on stems of at least four letters. */
static const acq_suffix_rule possessives[] = {
    {"ov", ""}, {"in", ""}, {"uv", ""}, {NULL, NULL}};

/* Palatalisation undone: směrnic-e and směrnic (k before e/i became c),
 * Praz-e and Prah-a; čt/ct -> ck as in the paper. */
static const acq_suffix_rule palatal[] = {
    {"ct", "ck"}, {"c", "k"}, {"z", "h"}, {NULL, NULL}};

size_t acq_stem_cs(char *w, size_t n)
{
    n = acq_stem_longest(w, n, cases, 3);
    n = acq_stem_longest(w, n, possessives, 4);
    return acq_stem_longest(w, n, palatal, 2);
}
