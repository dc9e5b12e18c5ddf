/* stem_sl.c: light stemmer for Slovene.
 *
 * Inflection-only suffix stripping in the manner of Savoy's light stemmers:
 * the longest case ending of Slovene nouns and adjectives that leaves three
 * letters is removed: -ama -ami -ah -am (uredbama, uredbah), -om -em -ov -ev
 * -ih -im -oma -ema (masculine and neuter), -ega -emu -imi -ima (adjectives),
 * and the single vowels -a -e -i -o -u. Dual and plural endings are in the
 * same table. Words arrive folded (č š ž -> c s z), as the rules expect. */
#include "analysis/stem_light.h"

static const acq_suffix_rule cases[] = {
    {"ega", ""}, {"emu", ""}, {"ama", ""}, {"ami", ""}, {"ima", ""}, {"imi", ""},
    {"oma", ""}, {"ema", ""},
    {"ah", ""}, {"am", ""}, {"om", ""}, {"em", ""}, {"ov", ""}, {"ev", ""}, {"ih", ""},
    {"im", ""},
    {"a", ""}, {"e", ""}, {"i", ""}, {"o", ""}, {"u", ""},
    {NULL, NULL}};

size_t acq_stem_sl(char *w, size_t n)
{
    return acq_stem_longest(w, n, cases, 3);
}
