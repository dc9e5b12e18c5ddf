/* stem_et.c: light stemmer for Estonian.
 *
 * Estonian has fourteen cases built on the genitive stem, singular and
 * plural. No light stemmer for it has been published that we know of; the
 * rules here are ours, from the grammar, in three steps that each remove at
 * most one suffix and keep four letters:
 *
 *   1. a case ending: -sse -ga -le -lt -ks; -st and -s after e, a or i (never
 *      after u, because -us ends nouns: määrus); -l after a vowel; -t after
 *      a vowel or s (partitive: teavet, määrust);
 *   2. a plural marker: -de -te (genitive plural), -id after a vowel, -d
 *      after a vowel;
 *   3. the stem vowel -a -e -i -u.
 *
 * So määrus, määruse, määrust, määrusega, määruses, määrusest, määrused,
 * määruseid, määruste, määrustega all give määrus. Before that, nouns in
 * -mine and adjectives in -line, whose stems end in -mis-/-lis-, are
 * written so: turustamine, turustamist -> turustamis. Consonant gradation
 * (liikmesriik/liikmesriigi, turg/turu) is not undone. Words arrive folded
 * (ä ö ü õ -> a o u o). */
#include "analysis/stem_light.h"

static int vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/* Removes suffix s if it leaves at least four letters; 1 if it did. */
static int cut(const char *w, size_t *n, const char *s)
{
    size_t k = strlen(s);
    if (!acq_stem_ends(w, *n, s) || acq_stem_chars(w, *n - k) < 4)
        return 0;
    *n -= k;
    return 1;
}

static void case_ending(const char *w, size_t *n)
{
    static const char *const plain[] = {"sse", "ga", "le", "lt", "ks"};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (cut(w, n, plain[i]))
            return;
    size_t m = *n;
    if (m >= 3 && acq_stem_ends(w, m, "st") && (w[m - 3] == 'e' || w[m - 3] == 'a' || w[m - 3] == 'i')) {
        cut(w, n, "st");
        return;
    }
    if (m >= 2 && w[m - 1] == 's' && (w[m - 2] == 'e' || w[m - 2] == 'a' || w[m - 2] == 'i')) {
        cut(w, n, "s");
        return;
    }
    if (m >= 2 && w[m - 1] == 'l' && vowel(w[m - 2])) {
        cut(w, n, "l");
        return;
    }
    if (m >= 2 && w[m - 1] == 't' && (vowel(w[m - 2]) || w[m - 2] == 's'))
        cut(w, n, "t");
}

static void plural(const char *w, size_t *n)
{
    if (cut(w, n, "de") || cut(w, n, "te"))
        return;
    size_t m = *n;
    if (m >= 3 && acq_stem_ends(w, m, "id") && vowel(w[m - 3]) && cut(w, n, "id"))
        return;
    if (m >= 2 && w[m - 1] == 'd' && vowel(w[m - 2]))
        cut(w, n, "d");
}

size_t acq_stem_et(char *w, size_t n)
{
    /* -mine/-mise-/-mist and -line/-lise-/-list: the stem is -mis, -lis. */
    if (acq_stem_chars(w, n) >= 7 && (acq_stem_ends(w, n, "mine") || acq_stem_ends(w, n, "line") ||
                                      acq_stem_ends(w, n, "mist") || acq_stem_ends(w, n, "list"))) {
        w[n - 2] = 's';
        return n - 1;
    }
    case_ending(w, &n);
    plural(w, &n);
    if (n > 0 && (w[n - 1] == 'a' || w[n - 1] == 'e' || w[n - 1] == 'i' || w[n - 1] == 'u'))
        cut(w, &n, w[n - 1] == 'a' ? "a" : w[n - 1] == 'e' ? "e" : w[n - 1] == 'i' ? "i" : "u");
    return n;
}
