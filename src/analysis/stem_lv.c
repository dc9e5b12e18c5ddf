/* stem_lv.c: light stemmer for Latvian.
 *
 * After Kreslins' rules for Latvian ("A stemming algorithm for Latvian",
 * 1996), the ones light stemmers use: remove the longest noun or adjective
 * ending (-ajiem -ajai -ajam -ajos -ajās, -iem, -ais -ai -ei, -ām -ēm -īm -um,
 * -us -as -es -os -is, -ij -ie, the vowels and -s/-š) provided the stem keeps
 * a vowel (two before the longer endings) and three letters, then undo the
 * j that the genitive plural and some other endings insert after a labial
 * (zivju -> ziv-, kurpju -> kurp-). Folding (ā -> a, ļ -> l, š -> s ...) has
 * already undone the other palatalisations (šņ/sn, ļ/l, ž/z) and merged the
 * long-vowel endings with the short ones, so the table is in folded form. */
#include "analysis/stem_light.h"

static const struct {
    const char *suffix;
    unsigned vowels;     /* the stem keeps at least this many vowels */
    int palatal;         /* the ending may follow an inserted j */
} endings[] = {
    {"ajiem", 2, 0}, {"ajai", 2, 0}, {"ajam", 2, 0}, {"ajos", 2, 0}, {"ajas", 2, 0},
    {"iem", 2, 1}, {"aja", 2, 0}, {"ais", 2, 0},
    {"ai", 1, 0}, {"ei", 1, 0}, {"am", 1, 0}, {"em", 1, 0}, {"im", 1, 0}, {"um", 1, 0},
    {"us", 1, 1}, {"as", 1, 0}, {"es", 1, 0}, {"os", 1, 1}, {"ij", 1, 0}, {"is", 1, 0},
    {"ie", 1, 0},
    {"u", 1, 1}, {"a", 1, 1}, {"i", 1, 1}, {"e", 1, 0}, {"o", 1, 0}, {"s", 1, 0},
};

static unsigned vowels(const char *w, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++)
        v += w[i] == 'a' || w[i] == 'e' || w[i] == 'i' || w[i] == 'o' || w[i] == 'u';
    return v;
}

size_t acq_stem_lv(char *w, size_t n)
{
    for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
        size_t k = strlen(endings[i].suffix);
        if (!acq_stem_ends(w, n, endings[i].suffix))
            continue;
        size_t m = n - k;
        if (acq_stem_chars(w, m) < 3 || vowels(w, m) < endings[i].vowels)
            continue;
        /* pj bj mj vj -> p b m v: the j is the ending's. */
        if (endings[i].palatal && m >= 2 && w[m - 1] == 'j' &&
            (w[m - 2] == 'p' || w[m - 2] == 'b' || w[m - 2] == 'm' || w[m - 2] == 'v'))
            m--;
        return m;
    }
    return n;
}
