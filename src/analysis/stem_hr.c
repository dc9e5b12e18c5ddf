/* stem_hr.c: light stemmer for Croatian.
 *
 * Inflectional suffix stripping after the light approach of Ljubešić, Boras
 * and Kubelka ("Retrieving information in Croatian: building a simple and
 * efficient rule-based stemmer", 2007), reduced to case endings: the
 * longest ending of nouns (-ama -ima -om -em -u ..., the plural infix of
 * short masculines -ovi -evi -ovima -evima) and adjectives (-og -oga -om -ome
 * -omu -eg -ega -em -emu -ih -im -ima -oj) that leaves three letters goes.
 * -ova/-ove/-eva/-eve are left alone: they end too many feminine nouns
 * (osnova, obnova). Words arrive folded (č ć -> c, š -> s, ž -> z, đ -> d). */
#include "analysis/stem_light.h"

static const acq_suffix_rule cases[] = {
    {"ovima", ""}, {"evima", ""},
    {"ama", ""}, {"ima", ""}, {"oga", ""}, {"ome", ""}, {"omu", ""}, {"ega", ""},
    {"emu", ""}, {"ovi", ""}, {"evi", ""},
    {"om", ""}, {"em", ""}, {"og", ""}, {"eg", ""}, {"im", ""}, {"ih", ""}, {"oj", ""},
    {"a", ""}, {"e", ""}, {"i", ""}, {"o", ""}, {"u", ""},
    {NULL, NULL}};

size_t acq_stem_hr(char *w, size_t n)
{
    return acq_stem_longest(w, n, cases, 3);
}
