/* analyzer.c: tokenizer and analysis chain (see analyzer.h); what differs
 * from one language to another is in language.c, orthography.c, stopwords.c
 * and stem_xx.c. */
#include "analysis/analyzer.h"
#include "analysis/charclass.h"
#include "analysis/fold.h"
#include "analysis/orthography.h"
#include "analysis/stopwords.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/hash.h"
#include "common/utf8.h"

#include <libstemmer.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define STOP_ID (UINT32_MAX - 1)

/* A direct-mapped cache of recent surface forms in front of the surface
 * table. Word frequencies are Zipfian: a few thousand forms make most of the
 * tokens, and finding them here costs one L2 access instead of two cache
 * misses in a table of hundreds of thousands of forms. */
#define HOT_BITS 15
#define HOT_LEN 20
typedef struct hot_entry {
    uint64_t hash;
    uint32_t term;     /* term id or STOP_ID */
    uint8_t len;       /* 0 = empty */
    char bytes[HOT_LEN];
} hot_entry;

struct acq_analyzer {
    char lang[16];                  /* the code as given */
    const acq_language *language;   /* NULL: language-neutral analysis */
    unsigned rules;                 /* ACQ_LANG_* of the language */
    struct sb_stemmer *stemmer;     /* Snowball, or NULL */
    acq_light_stem_fn light;        /* our stemmer, or NULL */
    int stem_first;                 /* stem the lowercase form, fold the stem */
    int ro_to_comma;                /* Romanian: the stemmer wants ș ț, not ş ţ */
    const acq_stoplist *stopwords;  /* NULL: none */
    const acq_stoplist *also[ACQ_ANALYZER_MAX_ALSO]; /* more stoplists (config.also) */
    size_t nalso;
    int drop_stop;                  /* config.stopwords */
    acq_vocab *vocab;               /* analysed terms */
    int own_vocab;
    acq_vocab *surfaces;            /* surface form -> index into surface_term */
    uint32_t *surface_term;         /* term id, or STOP_ID */
    size_t surface_cap;
    acq_buf fold;                   /* scratch */
    acq_buf lower;
    acq_buf stem;
    hot_entry *hot;                 /* 1 << HOT_BITS entries */
    int ids_only;
};

/* Which Romanian spelling the linked libstemmer recognises: Snowball 2.2
 * (Debian 13) knows only the cedilla letters; a later one may want the comma
 * letters. The form that stems "obligațiile" shorter is the one it knows. */
static int ro_wants_comma(struct sb_stemmer *st)
{
    static const char comma[] = "obliga\xC8\x9Biile", cedilla[] = "obliga\xC5\xA3iile";
    const sb_symbol *r = sb_stemmer_stem(st, (const sb_symbol *)comma, (int)sizeof comma - 1);
    int lc = r ? sb_stemmer_length(st) : 0;
    r = sb_stemmer_stem(st, (const sb_symbol *)cedilla, (int)sizeof cedilla - 1);
    int ll = r ? sb_stemmer_length(st) : 0;
    return lc > 0 && lc < ll;
}

int acq_analyzer_open(acq_analyzer **out, const acq_analyzer_config *cfg, acq_vocab *vocab, acq_err *err)
{
    *out = NULL;
    const char *lang = (cfg && cfg->lang && *cfg->lang) ? cfg->lang : "en";
    acq_analyzer *a = acq_calloc(1, sizeof *a);
    if (a == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory creating an analyzer");
    snprintf(a->lang, sizeof a->lang, "%s", lang);
    a->language = acq_language_find(lang);
    int stem = cfg == NULL || cfg->stem;
    if (a->language) {
        a->rules = a->language->rules;
        a->stem_first = !a->language->fold_before_stem;
        if (stem && a->language->snowball) {
            a->stemmer = sb_stemmer_new(a->language->snowball, "UTF_8");
            if (a->stemmer == NULL) {
                acq_analyzer_close(a);
                return acq_err_set(err, ACQ_ENOMEM,
                                   "cannot create libstemmer's %s stemmer: out of memory, or a "
                                   "libstemmer without it (install Debian's libstemmer0d)",
                                   a->language->snowball);
            }
            if (a->rules & ACQ_LANG_RO_SCEDILLA)
                a->ro_to_comma = ro_wants_comma(a->stemmer);
        } else if (stem) {
            a->light = a->language->light;
        }
        if (cfg == NULL || cfg->stopwords)
            a->stopwords = acq_stoplist_for(a->language->code);
    } else if (stem) {
        /* Another language: Snowball if libstemmer knows the code ("ru",
         * "no", "tr", ...), as acquis always did. */
        a->stemmer = sb_stemmer_new(a->lang, "UTF_8");
    }
    a->drop_stop = cfg == NULL || cfg->stopwords;
    a->own_vocab = vocab == NULL;
    a->vocab = vocab ? vocab : acq_vocab_new();
    a->surfaces = acq_vocab_new();
    if (a->vocab == NULL || a->surfaces == NULL) {
        acq_analyzer_close(a);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory creating an analyzer");
    }
    *out = a;
    return ACQ_OK;
}

void acq_analyzer_close(acq_analyzer *a)
{
    if (a == NULL)
        return;
    if (a->stemmer)
        sb_stemmer_delete(a->stemmer);
    if (a->own_vocab)
        acq_vocab_free(a->vocab);
    acq_vocab_free(a->surfaces);
    acq_free(a->surface_term);
    acq_buf_free(&a->fold);
    acq_buf_free(&a->lower);
    acq_buf_free(&a->stem);
    acq_free(a->hot);
    acq_free(a);
}

static int fold_surface(acq_analyzer *a, const uint8_t *w, size_t n, const char **src_out, size_t *srcl_out);

int acq_analyzer_also_stop(acq_analyzer *a, const acq_stoplist *const *lists, size_t n)
{
    if (!a->drop_stop)
        return 0;
    size_t first = a->nalso;
    for (size_t i = 0; i < n && a->nalso < ACQ_ANALYZER_MAX_ALSO; i++)
        if (lists[i] && lists[i] != a->stopwords)
            a->also[a->nalso++] = lists[i];
    /* Words analysed before were cached without these lists: if one of
     * them is on a list, forget them all. */
    acq_vocab *sv = a->surfaces;
    for (uint32_t sid = 0; sid < acq_vocab_size(sv); sid++) {
        if (a->surface_term[sid] == STOP_ID)
            continue;
        size_t len;
        const char *w = acq_vocab_term(sv, sid, &len), *src;
        size_t srcl;
        int hit = w == NULL || fold_surface(a, (const uint8_t *)w, len, &src, &srcl) != 0;
        for (size_t i = first; !hit && i < a->nalso; i++)
            hit = acq_stoplist_has(a->also[i], (const char *)a->fold.data, a->fold.len);
        if (hit) {
            acq_analyzer_reset(a);
            return 1;
        }
    }
    return 0;
}

const acq_language *acq_analyzer_language(const acq_analyzer *a) { return a->language; }
acq_vocab *acq_analyzer_vocab(acq_analyzer *a) { return a->vocab; }

void acq_analyzer_use_vocab(acq_analyzer *a, acq_vocab *vocab)
{
    if (!a->own_vocab)
        a->vocab = vocab;
    acq_analyzer_reset(a);
}
const char *acq_analyzer_lang(const acq_analyzer *a) { return a->lang; }

void acq_analyzer_ids_only(acq_analyzer *a)
{
    /* The hot cache pays off over millions of tokens; a query analyzer
     * would spend more zeroing it than it saves. */
    a->ids_only = 1;
    if (a->hot == NULL)
        a->hot = acq_calloc((size_t)1 << HOT_BITS, sizeof(hot_entry));
}

int acq_analyzer_has_hot_cache(const acq_analyzer *a) { return a->hot != NULL; }

void acq_analyzer_reset(acq_analyzer *a)
{
    acq_vocab_clear(a->surfaces);
    if (a->hot)
        memset(a->hot, 0, ((size_t)1 << HOT_BITS) * sizeof(hot_entry));
}

size_t acq_analyzer_memory(const acq_analyzer *a)
{
    return acq_vocab_memory(a->surfaces) + a->surface_cap * sizeof(uint32_t) + a->fold.cap;
}

void acq_token_stream_init(acq_token_stream *s, const char *text, size_t len, uint32_t first_pos)
{
    s->text = (const uint8_t *)text;
    s->len = len;
    s->at = 0;
    s->pos = first_pos;
}

/* Class of the code point at s->text[i]; its byte length in *n. */
static int class_at_slow(const acq_token_stream *s, size_t i, size_t *n, int *digit);
static inline int class_at(const acq_token_stream *s, size_t i, size_t *n, int *digit)
{
    uint8_t c = s->text[i];
    if (c < 0x80) {
        *n = 1;
        *digit = (unsigned)(c - '0') < 10;
        return acq_ascii_class[c];
    }
    return class_at_slow(s, i, n, digit);
}

static int class_at_slow(const acq_token_stream *s, size_t i, size_t *n, int *digit)
{
    uint8_t c = s->text[i];
    if (c < 0x80) {
        *n = 1;
        *digit = c >= '0' && c <= '9';
        return acq_ascii_class[c];
    }
    uint32_t cp;
    *n = acq_utf8_decode(s->text + i, s->len - i, &cp);
    if (*n == 0) {
        *n = 1;
        *digit = 0;
        return ACQ_CC_SEP;
    }
    int cls = acq_char_class(cp);
    *digit = cls == ACQ_CC_WORD && acq_char_is_digit(cp);
    return cls;
}

/* Scans a run of WORD characters from i; returns its end, flags digits, and
 * remembers whether the run's last character is a digit. */
/* Per byte: 1 = ASCII letter or digit, 2 = ASCII digit. Bytes >= 0x80 are 0
 * and leave the tight loop for the Unicode path. */
static const uint8_t ascii_word[256] = {
    ['0'] = 3, ['1'] = 3, ['2'] = 3, ['3'] = 3, ['4'] = 3, ['5'] = 3, ['6'] = 3, ['7'] = 3, ['8'] = 3, ['9'] = 3,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,
    ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
    ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

#if defined(__SSE2__)
/* The 16 bytes at p: bit k set when p[k] is an ASCII letter or digit (as
 * ascii_word), and in *digits when it is a digit. Bytes >= 0x80 are
 * negative as signed bytes and fall outside both ranges. */
static inline unsigned ascii_word_mask16(const uint8_t *p, unsigned *digits)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20)); /* A-Z to a-z; no other byte lands there */
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                   _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                  _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    *digits = (unsigned)_mm_movemask_epi8(digit);
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit));
}
#endif

static size_t scan_run(const acq_token_stream *s, size_t i, int *has_digit, int *ends_digit)
{
    size_t n;
    int d;
    /* ASCII letters and digits first: 16 bytes at a time where the text
     * has them (a token is 6 bytes on average: most end in the first 16),
     * then one table load per byte. */
    const uint8_t *t = s->text;
    size_t len = s->len, start = i;
    unsigned any = 0; /* bit 1: a digit seen */
    int stopped = 0;
#if defined(__SSE2__)
    while (i + 16 <= len) {
        unsigned digits, word = ascii_word_mask16(t + i, &digits);
        unsigned stop = ~word & 0xFFFFu;
        unsigned take = stop ? (unsigned)__builtin_ctz(stop) : 16;
        if ((digits & ((1u << take) - 1)) != 0)
            any |= 2;
        i += take;
        if (stop) {
            stopped = 1;
            break;
        }
    }
#endif
    if (!stopped) {
        unsigned f;
        while (i < len && (f = ascii_word[t[i]]) != 0) {
            any |= f;
            i++;
        }
    }
    if (i > start) {
        *has_digit |= (any & 2) != 0;
        *ends_digit = (ascii_word[t[i - 1]] & 2) != 0;
    }
    while (i < s->len && class_at(s, i, &n, &d) == ACQ_CC_WORD) {
        *has_digit |= d;
        *ends_digit = d;
        i += n;
    }
    return i;
}

/* The tokenizer, with the rules of one language (ACQ_LANG_* bits; 0 for
 * the common ones). */
static int tokenize(acq_token_stream *s, unsigned rules, uint32_t *start, uint32_t *end)
{
    size_t n;
    int d;
    /* Separators: skip ASCII ones in a tight loop. */
    while (s->at < s->len) {
        uint8_t c = s->text[s->at];
        if (c < 0x80) {
            if (acq_ascii_class[c] == ACQ_CC_WORD)
                break;
            s->at++;
            continue;
        }
        if (class_at(s, s->at, &n, &d) == ACQ_CC_WORD)
            break;
        s->at += n;
    }
    if (s->at >= s->len)
        return 0;
    size_t begin = s->at;
    int has_digit = 0, ends_digit = 0;
    size_t first_end = scan_run(s, begin, &has_digit, &ends_digit);

    /* Most words end at a space or another ASCII separator, which no rule
     * below joins to anything: the word is the token. */
    if (first_end >= s->len || (s->text[first_end] < 0x80 && acq_ascii_class[s->text[first_end]] == ACQ_CC_SEP)) {
        s->at = first_end;
        *start = (uint32_t)begin;
        *end = (uint32_t)first_end;
        return 1;
    }

    /* A Maltese article or an Irish t-/n-/h- before a hyphen is part of the
     * next word and no token of its own (orthography.h): il-Kummissjoni is
     * kummissjoni, tas-27 is 27 (and a date, not an identifier). */
    if (rules & (ACQ_LANG_MT_ARTICLES | ACQ_LANG_GA_MUTATIONS)) {
        size_t jn, nn;
        int jd, nd;
        if (first_end < s->len && s->text[first_end] != '/' &&
            class_at(s, first_end, &jn, &jd) == ACQ_CC_JOIN && first_end + jn < s->len &&
            class_at(s, first_end + jn, &nn, &nd) == ACQ_CC_WORD) {
            size_t next = first_end + jn;
            const uint8_t *w = s->text + begin;
            int prefix = (rules & ACQ_LANG_MT_ARTICLES)
                             ? acq_mt_article(w, first_end - begin)
                             : acq_ga_hyphen_prefix(w, first_end - begin, s->text + next, s->len - next);
            if (prefix) {
                begin = next;
                has_digit = ends_digit = 0;
                first_end = scan_run(s, begin, &has_digit, &ends_digit);
            }
        }
    }

    /* Identifiers: runs glued by '/', '-' (or a dash variant) or a '.'
     * between digits form one token if any part has a digit: 2016/794,
     * C-311/18, 2008/615/JHA, 3.5. Words without digits are split at the
     * joiners (money-laundering -> money, laundering). */
    size_t group_end = first_end;
    int group_digit = has_digit, last_digit = ends_digit;
    for (;;) {
        if (group_end >= s->len)
            break;
        int jd;
        size_t jn;
        int cls = class_at(s, group_end, &jn, &jd);
        if (cls != ACQ_CC_JOIN && cls != ACQ_CC_DOT)
            break;
        size_t next = group_end + jn;
        if (next >= s->len)
            break;
        size_t nn;
        int nd;
        if (class_at(s, next, &nn, &nd) != ACQ_CC_WORD)
            break;
        if (cls == ACQ_CC_DOT && !(last_digit && nd))
            break;
        int run_digit = 0, run_last = 0;
        size_t run_end = scan_run(s, next, &run_digit, &run_last);
        group_digit |= run_digit;
        last_digit = run_last;
        group_end = run_end;
    }
    size_t tok_end = (group_end > first_end && group_digit) ? group_end : first_end;
    s->at = tok_end;

    /* English possessive: drop an 's after an apostrophe (Prüm's -> Prüm). */
    if (s->at < s->len) {
        size_t an;
        int ad;
        if (class_at(s, s->at, &an, &ad) == ACQ_CC_APOS) {
            size_t si = s->at + an;
            if (si < s->len && (s->text[si] == 's' || s->text[si] == 'S')) {
                size_t after = si + 1, xn;
                int xd;
                if (after >= s->len || class_at(s, after, &xn, &xd) != ACQ_CC_WORD)
                    s->at = after;
            }
        }
    }
    *start = (uint32_t)begin;
    *end = (uint32_t)tok_end;
    return 1;
}

int acq_tokenize_next(acq_token_stream *s, uint32_t *start, uint32_t *end)
{
    return tokenize(s, 0, start, end);
}

int acq_tokenize_next_lang(acq_token_stream *s, const acq_language *lang, uint32_t *start, uint32_t *end)
{
    return tokenize(s, lang ? lang->rules : 0, start, end);
}

static int only_letters(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c < 0x80 && !((c >= 'a' && c <= 'z')))
            return 0;
    }
    return 1;
}

/* Stems w[0..n) with the analyzer's stemmer; the stem in *st, *sl (valid
 * until the next call). 0, or -1 on OOM. */
static int stem_word(acq_analyzer *a, const char *w, size_t n, const char **st, size_t *sl)
{
    if (a->stemmer) {
        const sb_symbol *r = sb_stemmer_stem(a->stemmer, (const sb_symbol *)w, (int)n);
        if (r == NULL)
            return -1;
        int len = sb_stemmer_length(a->stemmer);
        *st = len > 0 ? (const char *)r : w;
        *sl = len > 0 ? (size_t)len : n;
        return 0;
    }
    acq_buf_reset(&a->stem);
    acq_buf_put(&a->stem, w, n);
    if (a->stem.failed)
        return -1;
    *sl = a->light((char *)a->stem.data, n);
    *st = (const char *)a->stem.data;
    return 0;
}

/* Folds, filters and stems one surface form; returns its term id or STOP_ID
 * (UINT32_MAX on OOM). The chain, the same for texts and queries:
 *
 *   surface -> [Irish: case-marked mutation off] -> lowercase with accents
 *   [Irish: mutations off; Romanian: one s/t spelling] -> fold -> stopword?
 *   -> stem (the folded form, or for stem-first languages the lowercase form,
 *   whose stem is then folded) -> term */
/* The first steps of analyse_surface: the folded form that stopwords are
 * checked against (in a->fold; the lowercase form in *src when it was
 * made). -1 on OOM. */
static int fold_surface(acq_analyzer *a, const uint8_t *w, size_t n, const char **src_out, size_t *srcl_out)
{
    if (a->rules & ACQ_LANG_GA_MUTATIONS) {
        size_t k = acq_ga_case_prefix(w, n);
        w += k;
        n -= k;
    }
    const char *src = (const char *)w;
    size_t srcl = n;
    int need_lower = (a->rules & ACQ_LANG_GA_MUTATIONS) ||
                     (a->stem_first && (a->stemmer || a->light));
    if (need_lower) {
        acq_buf_reset(&a->lower);
        if (acq_lower(src, srcl, &a->lower) != 0)
            return -1;
        if (a->rules & ACQ_LANG_GA_MUTATIONS)
            a->lower.len = acq_ga_demutate((char *)a->lower.data, a->lower.len);
        if (a->rules & ACQ_LANG_RO_SCEDILLA)
            acq_ro_unify((char *)a->lower.data, a->lower.len, a->ro_to_comma);
        src = (const char *)a->lower.data;
        srcl = a->lower.len;
    }
    acq_buf_reset(&a->fold);
    if (acq_fold(src, srcl, &a->fold) != 0)
        return -1;
    *src_out = src;
    *srcl_out = srcl;
    return 0;
}

static uint32_t analyse_surface(acq_analyzer *a, const uint8_t *w, size_t n)
{
    const char *src;
    size_t srcl;
    if (fold_surface(a, w, n, &src, &srcl) != 0)
        return UINT32_MAX;
    const char *f = (const char *)a->fold.data;
    size_t fl = a->fold.len;
    if (fl == 0 || acq_stoplist_has(a->stopwords, f, fl))
        return STOP_ID;
    for (size_t i = 0; i < a->nalso; i++)
        if (acq_stoplist_has(a->also[i], f, fl))
            return STOP_ID;
    if (!(a->stemmer || a->light) || !only_letters(f, fl))
        return acq_vocab_intern(a->vocab, f, fl);
    const char *st;
    size_t sl;
    if (!a->stem_first)
        return stem_word(a, f, fl, &st, &sl) != 0 ? UINT32_MAX : acq_vocab_intern(a->vocab, st, sl);
    if (stem_word(a, src, srcl, &st, &sl) != 0)
        return UINT32_MAX;
    acq_buf_reset(&a->fold);
    if (acq_fold(st, sl, &a->fold) != 0)
        return UINT32_MAX;
    if (a->fold.len == 0) {   /* a stem of marks only: keep the word */
        if (acq_fold(src, srcl, &a->fold) != 0)
            return UINT32_MAX;
    }
    return acq_vocab_intern(a->vocab, (const char *)a->fold.data, a->fold.len);
}

static uint32_t surface_term(acq_analyzer *a, const uint8_t *w, size_t n);

/* Short compares without a libc call (tokens are a few bytes). */
static inline int same_bytes(const char *a, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((uint8_t)a[i] != b[i])
            return 0;
    return 1;
}

int acq_analyze_next(acq_analyzer *a, acq_token_stream *s, acq_token *tok)
{
    uint32_t start, end;
    while (tokenize(s, a->rules, &start, &end)) {
        uint32_t pos = s->pos++;
        size_t n = end - start;
        if (n > ACQ_MAX_TOKEN)
            continue;
        const uint8_t *w = s->text + start;
        uint32_t term;
        uint64_t h = a->hot ? acq_hash_bytes(w, n) : 0;
        hot_entry *he = a->hot ? &a->hot[h & (((size_t)1 << HOT_BITS) - 1)] : NULL;
        if (he && he->len == n && he->hash == h && same_bytes(he->bytes, w, n)) {
            term = he->term;
        } else {
            term = surface_term(a, w, n);
            if (term == UINT32_MAX)
                return -1;
            if (he && n <= HOT_LEN) {
                he->hash = h;
                he->len = (uint8_t)n;
                he->term = term;
                memcpy(he->bytes, w, n);
            }
        }
        if (term == STOP_ID)
            continue;
        tok->term_id = term;
        if (a->ids_only) {
            tok->term = NULL;
            tok->len = 0;
        } else {
            tok->term = acq_vocab_term(a->vocab, term, &tok->len);
        }
        tok->pos = pos;
        tok->start = start;
        tok->end = end;
        return 1;
    }
    return 0;
}

/* The surface table's term for w[0..n), analysing the form the first time
 * it is seen; UINT32_MAX on OOM. */
static uint32_t surface_term(acq_analyzer *a, const uint8_t *w, size_t n)
{
    {
        uint32_t before = acq_vocab_size(a->surfaces);
        uint32_t sid = acq_vocab_intern(a->surfaces, (const char *)w, n);
        if (sid == UINT32_MAX)
            return UINT32_MAX;
        if (sid == before) {
            if (acq_grow((void **)&a->surface_term, &a->surface_cap, (size_t)sid + 1, sizeof(uint32_t)) != 0) {
                /* The form is in the table without a term: forget them all
                 * rather than read past the array later. */
                acq_vocab_clear(a->surfaces);
                return UINT32_MAX;
            }
            uint32_t term = analyse_surface(a, w, n);
            if (term == UINT32_MAX) {
                /* Keep the cache consistent: forget the new surface. */
                acq_vocab_clear(a->surfaces);
                return UINT32_MAX;
            }
            a->surface_term[sid] = term;
        }
        return a->surface_term[sid];
    }
}
