/* stem_light.c: the suffix-table helper shared by our light stemmers (see
 * stem_light.h; the rules themselves live in stem_xx.c, one per language). */
#include "analysis/stem_light.h"

size_t acq_stem_longest(char *w, size_t n, const acq_suffix_rule *rules, size_t min_chars)
{
    const acq_suffix_rule *best = NULL;
    size_t best_len = 0;
    for (const acq_suffix_rule *r = rules; r->suffix; r++) {
        size_t k = strlen(r->suffix);
        if (k <= best_len || !acq_stem_ends(w, n, r->suffix))
            continue;
        if (acq_stem_chars(w, n - k) < min_chars)
            continue;
        best = r;
        best_len = k;
    }
    if (best == NULL)
        return n;
    size_t m = n - best_len;
    size_t add = strlen(best->replace);
    /* A replacement is never longer than what it replaces (the tables are
     * written so); the check keeps a wrong table from writing past w. */
    if (add > best_len)
        add = best_len;
    memcpy(w + m, best->replace, add);
    return m + add;
}
