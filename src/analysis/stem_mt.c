/* stem_mt.c: light stemmer for Maltese.
 *
 * No light stemmer for Maltese has been published that we know of; these
 * rules are ours, from Maltese grammar, and keep to the regular ("sound")
 * inflection that dominates legal vocabulary, most of it of Romance and
 * English origin: the plural suffixes -ijiet, -jiet and -iet
 * (kummissjonijiet, awtoritajiet, talbiet), the adjective endings of
 * nationality -ew/-ea/-ej (Ewropew, Ewropea, Ewropej), then one final vowel
 * -a -i -u (regolament/regolamenti, membru/membri, vettura/vetturi). The
 * prosthetic i that Maltese puts before s, x or ż and a consonant after an
 * article (l-Istati, l-istess, l-iżvilupp) goes too, so that Istati and Stati
 * meet. Broken
 * (Semitic) plurals such as ktieb/kotba are left as they are: stripping
 * cannot find them. Stems keep three letters. Words arrive folded (ċ ġ ħ ż ->
 * c g h z; the article was removed by the tokenizer). */
#include "analysis/stem_light.h"

static const acq_suffix_rule plurals[] = {
    {"ijiet", ""}, {"jiet", ""}, {"iet", ""}, {NULL, NULL}};

static const acq_suffix_rule endings[] = {
    {"ew", ""}, {"ea", ""}, {"ej", ""}, {"a", ""}, {"i", ""}, {"u", ""}, {NULL, NULL}};

static int consonant(char c)
{
    return c >= 'a' && c <= 'z' && c != 'a' && c != 'e' && c != 'i' && c != 'o' && c != 'u';
}

size_t acq_stem_mt(char *w, size_t n)
{
    if (n >= 4 && w[0] == 'i' && (w[1] == 's' || w[1] == 'x' || w[1] == 'z') && consonant(w[2])) {
        memmove(w, w + 1, n - 1);
        n--;
    }
    n = acq_stem_longest(w, n, plurals, 3);
    return acq_stem_longest(w, n, endings, 3);
}
