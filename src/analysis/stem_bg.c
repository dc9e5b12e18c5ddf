/* stem_bg.c: light stemmer for Bulgarian.
 *
 * The rules of Savoy's light Bulgarian stemmer (as described in "Searching
 * strategies for the Bulgarian language", Information Retrieval 10, 2007):
 * remove the postfixed definite article (-ът -ят -та -то -те -ия -ият), then
 * the plural (-ове, -еве, -ища, -та, -и, with the k/ц, г/з, х/с alternations
 * of the plural undone), then a final vowel (-я, then -а -о -е), then the
 * fleeting е and ъ of the last syllable (-ен -> -н, -ъX -> -X). Two rules
 * are ours (a final т, and the и of -ие, go; see below). Word length
 * conditions are the paper's. Our words arrive folded, which makes й an и:
 * the -еве -> -й rule writes и. Re-implemented for acquis. */
#include "analysis/stem_light.h"

#define CH 2   /* bytes per Cyrillic letter in UTF-8 */

static int ends(const char *w, size_t n, const char *s) { return acq_stem_ends(w, n, s); }

static size_t article(const char *w, size_t n, size_t c)
{
    if (c > 6 && ends(w, n, "ият"))
        return n - 3 * CH;
    if (c > 5 && (ends(w, n, "ът") || ends(w, n, "то") || ends(w, n, "те") || ends(w, n, "та") ||
                  ends(w, n, "ия")))
        return n - 2 * CH;
    if (c > 4 && ends(w, n, "ят"))
        return n - 2 * CH;
    return n;
}

/* Replaces the last `drop` letters by the one letter r. */
static size_t put_last(char *w, size_t n, size_t drop, const char *r)
{
    n -= drop * CH;
    memcpy(w + n, r, CH);
    return n + CH;
}

static size_t plural(char *w, size_t n, size_t c)
{
    if (c > 6) {
        if (ends(w, n, "ове"))
            return n - 3 * CH;
        if (ends(w, n, "еве"))
            return put_last(w, n, 3, "и");   /* й, folded */
    }
    if (c > 5) {
        if (ends(w, n, "ища"))
            return n - 3 * CH;
        if (ends(w, n, "та"))
            return n - 2 * CH;
        if (ends(w, n, "ци"))
            return put_last(w, n, 2, "к");
        if (ends(w, n, "зи"))
            return put_last(w, n, 2, "г");
    }
    if (c > 4) {
        if (ends(w, n, "си"))
            return put_last(w, n, 2, "х");
        if (ends(w, n, "и"))
            return n - CH;
    }
    return n;
}

size_t acq_stem_bg(char *w, size_t n)
{
    size_t c = acq_stem_chars(w, n);
    if (c < 4 || c * CH != n)   /* not all Cyrillic: leave it */
        return n;
    if (c > 5 && ends(w, n, "ища"))
        return n - 3 * CH;
    n = article(w, n, c);
    n = plural(w, n, n / CH);
    /* Ours, not the paper's: a final т goes, before the final vowel. The
     * article -та cannot be told from a masculine -т with the short article
     * -а (директива-та, but регламент-а, съвет-а), so both readings are made
     * to meet: съвет, съвета and съветът all end as съв-. */
    if (n / CH > 4 && ends(w, n, "т"))
        n -= CH;
    if (n / CH > 3) {
        if (ends(w, n, "я"))
            n -= CH;
        if (ends(w, n, "а") || ends(w, n, "о") || ends(w, n, "е"))
            n -= CH;
    }
    /* Ours too: the и left by -ие (решение, решението) goes, as the article
     * -ия of решения took it: all three meet at решн-. */
    if (n / CH > 4 && ends(w, n, "и"))
        n -= CH;
    if (n / CH > 4 && ends(w, n, "ен"))
        n = put_last(w, n, 2, "н");
    if (n / CH > 5 && memcmp(w + n - 2 * CH, "ъ", CH) == 0)
        n = put_last(w, n, 2, w + n - CH);
    return n;
}
