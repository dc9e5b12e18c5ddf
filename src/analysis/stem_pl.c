/* stem_pl.c: light stemmer for Polish.
 *
 * Case endings of Polish nouns and adjectives, stripped the way Savoy's
 * light stemmers do (one ending, the longest that leaves three letters):
 * nouns -ami -ach -om -ow (-ów) -owi -em -ie -a -e -i -y -u -o and the soft
 * stems' -iami -iach -iom -iem -ia -iu -ii (rozporządzenia,
 * rozporządzeniach, Unii), adjectives -ego -emu -ych -ymi -ich -imi -ej -ym
 * -im and their -iego -iemu after k and g (europejskiego). Words arrive folded (ą ę ó ł ś ć ń ź ż -> a e o l s c n z z), so
 * dyrektywą, dyrektywę, dyrektywie, dyrektywy and dyrektyw all meet at
 * dyrektyw. */
#include "analysis/stem_light.h"

static const acq_suffix_rule cases[] = {
    {"iego", ""}, {"iemu", ""}, {"iami", ""}, {"iach", ""},
    {"ami", ""}, {"ach", ""}, {"owi", ""}, {"ego", ""}, {"emu", ""}, {"ych", ""},
    {"ymi", ""}, {"ich", ""}, {"imi", ""}, {"iom", ""}, {"iem", ""}, {"iow", ""},
    {"om", ""}, {"ow", ""}, {"em", ""}, {"ie", ""}, {"ej", ""}, {"ym", ""}, {"im", ""},
    {"ia", ""}, {"iu", ""}, {"ii", ""},
    {"a", ""}, {"e", ""}, {"i", ""}, {"y", ""}, {"u", ""}, {"o", ""},
    {NULL, NULL}};

size_t acq_stem_pl(char *w, size_t n)
{
    return acq_stem_longest(w, n, cases, 3);
}
