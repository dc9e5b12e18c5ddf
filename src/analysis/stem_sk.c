/* stem_sk.c: light stemmer for Slovak.
 *
 * Slovak has no published light stemmer we could follow; this one applies
 * the scheme of Dolamic and Savoy's light Czech stemmer (stem_cs.c: one case
 * ending off, longest first, a stem of at least three letters) to the case
 * endings of Slovak grammar: nouns (-ov, -om, -ami, -ách, -och, -iach, -iam,
 * -iami of nariadenie/nariadeniach), adjectives (-ého, -ému, -ej, -ých,
 * -ými, -om) and the endings -ia, -ie, -iu of soft neuters. Slovak
 * palatalises little in declension, so nothing is undone. Words arrive
 * folded: á ä é í ó ô ú ý become plain vowels. */
#include "analysis/stem_light.h"

static const acq_suffix_rule cases[] = {
    {"iach", ""}, {"iami", ""}, {"ovia", ""},
    {"ach", ""}, {"ami", ""}, {"och", ""}, {"iam", ""}, {"ych", ""}, {"ymi", ""},
    {"ich", ""}, {"imi", ""}, {"eho", ""}, {"emu", ""}, {"ovi", ""}, {"iho", ""},
    {"imu", ""},
    {"om", ""}, {"ov", ""}, {"ou", ""}, {"ej", ""}, {"ym", ""}, {"im", ""}, {"ia", ""},
    {"ie", ""}, {"iu", ""}, {"am", ""}, {"em", ""}, {"mi", ""},
    {"a", ""}, {"e", ""}, {"i", ""}, {"o", ""}, {"u", ""}, {"y", ""},
    {NULL, NULL}};

size_t acq_stem_sk(char *w, size_t n)
{
    return acq_stem_longest(w, n, cases, 3);
}
