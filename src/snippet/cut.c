/* cut.c: character walking and word-safe cut positions for snippets (see
 * cut.h). A cut is safe for the tokenizer when no token spans it: tokens are
 * runs of word characters glued by joiners ('-', '/', '.'), so a cut next to
 * a separator character (whitespace or punctuation of class SEP) or at a
 * token's own start or end never splits one, and the second tokenising pass
 * in snippet.c sees exactly the tokens of the first. */
#include "snippet/cut.h"
#include "analysis/charclass.h"
#include "common/utf8.h"

#include <utf8proc.h>

size_t acq_cut_char_at(const uint8_t *t, size_t len, size_t i, uint32_t *cp)
{
    if (t[i] < 0x80) {
        *cp = t[i];
        return 1;
    }
    size_t n = acq_utf8_decode(t + i, len - i, cp);
    return n ? n : 1;
}

size_t acq_cut_char_before(const uint8_t *t, size_t len, size_t i, uint32_t *cp)
{
    size_t j = i - 1;
    if (t[j] < 0x80) {
        *cp = t[j];
        return j;
    }
    /* Back over at most three continuation bytes to a lead byte; accept it
     * only if it decodes to exactly the bytes up to i, else the last byte is
     * an invalid one on its own (which is how walking forward saw it). */
    size_t k = j;
    while (k > 0 && j - k < 3 && (t[k] & 0xC0) == 0x80)
        k--;
    uint32_t c;
    if (acq_utf8_decode(t + k, len - k, &c) == i - k) {
        *cp = c;
        return k;
    }
    *cp = 0xFFFD;
    return j;
}

size_t acq_cut_count_to(acq_cut_counter *c, const uint8_t *t, size_t len, size_t to)
{
    return acq_cut_count_to_capped(c, t, len, to, SIZE_MAX);
}

size_t acq_cut_count_to_capped(acq_cut_counter *c, const uint8_t *t, size_t len, size_t to, size_t cap)
{
    size_t i = c->at, n = c->count;
    size_t stop = cap < SIZE_MAX - n ? n + cap : SIZE_MAX;
    int in_space = c->in_space;
    while (i < to) {
        if (n > stop) {
            uint32_t cp;
            acq_cut_char_before(t, len, to, &cp);
            c->at = to;
            c->count = c->count + cap + 1;
            c->in_space = acq_cut_is_space(cp);
            return c->count;
        }
        uint8_t b = t[i];
        int sp;
        if (b < 0x80) {
            sp = b <= 0x20 || b == 0x7F;
            i++;
        } else {
            uint32_t cp;
            i += acq_cut_char_at(t, len, i, &cp);
            sp = acq_cut_is_space(cp);
        }
        n += !(sp && in_space);
        in_space = sp;
    }
    c->at = i;
    c->count = n;
    c->in_space = in_space;
    return n;
}

size_t acq_cut_walk_back(const uint8_t *t, size_t len, size_t p, size_t lo, size_t n, size_t *walked)
{
    size_t w = 0;
    while (p > lo && w < n) {
        uint32_t cp;
        size_t q = acq_cut_char_before(t, len, p, &cp);
        if (acq_cut_is_space(cp)) {
            /* A whitespace run is one displayed character. */
            while (q > lo) {
                uint32_t c2;
                size_t r = acq_cut_char_before(t, len, q, &c2);
                if (!acq_cut_is_space(c2))
                    break;
                q = r;
            }
        }
        p = q;
        w++;
    }
    *walked = w;
    return p;
}

size_t acq_cut_walk_forward(const uint8_t *t, size_t len, size_t p, size_t hi, size_t n, size_t *walked)
{
    size_t w = 0;
    while (p < hi && w < n) {
        uint32_t cp;
        p += acq_cut_char_at(t, len, p, &cp);
        if (acq_cut_is_space(cp)) {
            while (p < hi) {
                uint32_t c2;
                size_t k = acq_cut_char_at(t, len, p, &c2);
                if (!acq_cut_is_space(c2))
                    break;
                p += k;
            }
        }
        w++;
    }
    *walked = w;
    return p;
}

enum { SIDE_START, SIDE_END };
enum { TIER_SPACE, TIER_PUNCT };

static int is_sep(uint32_t cp) { return acq_char_class(cp) == ACQ_CC_SEP; }

/* 1 if a grapheme cluster may end at p (0 < p < len): never between a
 * character and its combining marks, never after a zero-width joiner (emoji
 * sequences), by the pair rules of UAX #29. */
static int grapheme_boundary(const uint8_t *t, size_t len, size_t p)
{
    uint32_t a, b;
    acq_cut_char_before(t, len, p, &a);
    acq_cut_char_at(t, len, p, &b);
    if (a == 0x200D)
        return 0;
    return utf8proc_grapheme_break((utf8proc_int32_t)a, (utf8proc_int32_t)b);
}

/* Whether a passage may start (side START) or end (side END) at p: next to
 * whitespace or punctuation, and not inside a grapheme cluster (a space
 * followed by a combining mark, an emoji sequence glued by a joiner). */
static int good_cut_class(const uint8_t *t, size_t len, size_t p, int side, int tier)
{
    uint32_t cp;
    if (side == SIDE_START) {
        if (p == 0)
            return 1;
        acq_cut_char_before(t, len, p, &cp);
        return tier == TIER_SPACE ? acq_cut_is_space(cp) : is_sep(cp);
    }
    if (p >= len)
        return 1;
    acq_cut_char_at(t, len, p, &cp);
    if (tier == TIER_SPACE)
        return acq_cut_is_space(cp);
    if (is_sep(cp))
        return 1;
    /* Just after punctuation: keeps "。" or "," with the text it ends. */
    if (p == 0)
        return 0;
    acq_cut_char_before(t, len, p, &cp);
    return is_sep(cp);
}

static int good_cut(const uint8_t *t, size_t len, size_t p, int side, int tier)
{
    if (!good_cut_class(t, len, p, side, tier))
        return 0;
    return p == 0 || p >= len || grapheme_boundary(t, len, p);
}

#define NONE SIZE_MAX

/* The first good cut met walking from p in direction dir (+1 forward, -1
 * back) over at most max characters, without passing limit; NONE if none. */
static size_t search(const uint8_t *t, size_t len, size_t p, size_t limit, size_t max, int dir, int side,
                     int tier)
{
    for (size_t k = 0;; k++) {
        if (good_cut(t, len, p, side, tier))
            return p;
        if (k >= max || (dir > 0 ? p >= limit : p <= limit))
            return NONE;
        uint32_t cp;
        if (dir > 0)
            p += acq_cut_char_at(t, len, p, &cp);
        else
            p = acq_cut_char_before(t, len, p, &cp);
    }
}

/* Tries each tier in turn: first inward (toward the matches, shortening the
 * passage) within slack, then outward within slack, then inward as far as
 * the limit. Whitespace cuts win over punctuation cuts anywhere in reach,
 * because they read best. */
static size_t snap(const uint8_t *t, size_t len, size_t p, size_t inner, size_t outer, int in_dir, size_t slack,
                   int side)
{
    for (int tier = TIER_SPACE; tier <= TIER_PUNCT; tier++) {
        size_t r = search(t, len, p, inner, slack, in_dir, side, tier);
        if (r == NONE)
            r = search(t, len, p, outer, slack, -in_dir, side, tier);
        if (r == NONE)
            r = search(t, len, p, inner, NONE, in_dir, side, tier);
        if (r != NONE)
            return r;
    }
    return NONE;
}

size_t acq_cut_snap_start(const uint8_t *t, size_t len, size_t s, size_t ms, size_t slack)
{
    if (s == 0 || s >= ms)
        return s < ms ? s : ms;
    size_t r = snap(t, len, s, ms, 0, +1, slack, SIDE_START);
    return r != NONE ? r : ms;
}

/* How far a grapheme cut looks for a boundary before giving up and cutting
 * at a code point (a pathological run of combining marks). */
#define GRAPHEME_REACH 32

static size_t grapheme_cut(const uint8_t *t, size_t len, size_t e)
{
    size_t p = e;
    for (int k = 0; k < GRAPHEME_REACH && p > 0; k++) {
        if (grapheme_boundary(t, len, p))
            return p;
        uint32_t cp;
        p = acq_cut_char_before(t, len, p, &cp);
    }
    p = e;
    for (int k = 0; k < GRAPHEME_REACH && p < len; k++) {
        uint32_t cp;
        p += acq_cut_char_at(t, len, p, &cp);
        if (p >= len || grapheme_boundary(t, len, p))
            return p;
    }
    return e;
}

size_t acq_cut_snap_end(const uint8_t *t, size_t len, size_t e, size_t me, size_t slack)
{
    if (e >= len)
        return len;
    if (e <= me)
        return me;
    size_t r = snap(t, len, e, me, len, -1, slack, SIDE_END);
    if (r != NONE && r > 0)
        return r;
    if (me > 0)
        return me;
    return grapheme_cut(t, len, e);
}

int acq_cut_space_before(const uint8_t *t, size_t len, size_t p)
{
    while (p > 0) {
        uint32_t cp;
        p = acq_cut_char_before(t, len, p, &cp);
        if (!acq_cut_is_space(cp))
            return 0;
    }
    return 1;
}

int acq_cut_space_after(const uint8_t *t, size_t len, size_t p)
{
    while (p < len) {
        uint32_t cp;
        p += acq_cut_char_at(t, len, p, &cp);
        if (!acq_cut_is_space(cp))
            return 0;
    }
    return 1;
}
