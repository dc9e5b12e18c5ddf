/* test_snippet.c: snippet selection and highlighting: the best window
 * (distinct terms first, then matches, then the earliest), highlights exactly
 * on the surface forms of folded and stemmed matches, ellipses and
 * word-boundary cuts, UTF-8 safety on Greek, CJK, emoji and combining marks,
 * whitespace collapsing, long texts, giant words, rendering, and allocation
 * failures. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analyzer.h"
#include "common/alloc.h"
#include "common/utf8.h"
#include "snippet/snippet.h"

#define ELLIPSIS "\xE2\x80\xA6"

static acq_analyzer *open_en(void)
{
    acq_analyzer *a;
    acq_err err = {0};
    acq_analyzer_config cfg = {"en", 1, 1};
    cr_assert_eq(acq_analyzer_open(&a, &cfg, NULL, &err), ACQ_OK);
    return a;
}

static int make(acq_snippet *sn, acq_analyzer *a, const char *text, size_t len, const char *const *terms,
                size_t nterms, size_t width)
{
    size_t lens[16];
    cr_assert(nterms <= 16);
    for (size_t i = 0; i < nterms; i++)
        lens[i] = strlen(terms[i]);
    acq_err err = {0};
    int rc = acq_snippet_make(sn, a, text, len, terms, lens, nterms, width, &err);
    cr_assert_eq(rc, err.code);
    return rc;
}

/* The snippet rendered with "[" "]" markers, in a static buffer. */
static const char *marked(const acq_snippet *sn)
{
    static char out[1 << 16];
    acq_buf b = {0};
    acq_snippet_render(sn, ACQ_SNIPPET_MARKERS, &b);
    cr_assert(!b.failed);
    cr_assert(b.len < sizeof out);
    memcpy(out, b.data, b.len);
    out[b.len] = '\0';
    acq_buf_free(&b);
    return out;
}

static size_t count_chars(const uint8_t *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += (s[i] & 0xC0) != 0x80;
    return c;
}

static int starts_with(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }
static int ends_with(const char *s, const char *p)
{
    size_t a = strlen(s), b = strlen(p);
    return a >= b && memcmp(s + a - b, p, b) == 0;
}

/* Invariants every snippet must hold: valid UTF-8, NUL-terminated without
 * embedded NULs, no control characters, single spaces only and none at the
 * ends; matches ordered, disjoint, on character boundaries, and each one a
 * single word whose analysed term is one of the query terms. */
static void check_invariants(const acq_snippet *sn, acq_analyzer *a, const char *const *terms, size_t nterms)
{
    const uint8_t *t = sn->text.data;
    size_t len = sn->text.len;
    size_t bad = 0;
    cr_assert_not_null(t);
    cr_assert(acq_utf8_valid(t, len, &bad), "invalid UTF-8 at byte %zu", bad);
    cr_assert_eq(strlen((const char *)t), len);
    for (size_t i = 0; i < len; i++) {
        cr_assert(t[i] >= 0x20 && t[i] != 0x7F, "control byte in snippet");
        if (t[i] == ' ')
            cr_assert(i > 0 && i + 1 < len && t[i + 1] != ' ', "stray space at %zu in \"%s\"", i, (const char *)t);
    }
    size_t at = 0;
    for (size_t i = 0; i < sn->nmatches; i++) {
        uint32_t s = sn->matches[2 * i], e = sn->matches[2 * i + 1];
        cr_assert(s >= at && s < e && e <= len, "match %zu [%u,%u) out of order", i, s, e);
        cr_assert((t[s] & 0xC0) != 0x80, "match start inside a character");
        cr_assert(e == len || (t[e] & 0xC0) != 0x80, "match end inside a character");
        at = e;
        acq_token_stream ts;
        acq_token tok;
        acq_token_stream_init(&ts, (const char *)t + s, e - s, 0);
        cr_assert_eq(acq_analyze_next(a, &ts, &tok), 1);
        cr_assert_eq(tok.start, 0);
        cr_assert_eq(tok.end, e - s, "highlight is not one whole word");
        int found = 0;
        for (size_t k = 0; k < nterms; k++)
            found |= strlen(terms[k]) == tok.len && memcmp(terms[k], tok.term, tok.len) == 0;
        cr_assert(found, "highlighted \"%.*s\" matches no query term", (int)(e - s), (const char *)t + s);
    }
    acq_buf r = {0};
    acq_snippet_render(sn, ACQ_SNIPPET_BOLD, &r);
    cr_assert(acq_utf8_valid(r.data, r.len, NULL));
    acq_buf_free(&r);
}

/* "lorem ipsum ..." words, none of them a query term. */
static void filler(char *out, size_t nbytes)
{
    static const char *words[] = {"lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit"};
    size_t n = 0, i = 0;
    while (n + 13 < nbytes) {
        n += (size_t)sprintf(out + n, "%s ", words[i++ % 8]);
    }
    out[n] = '\0';
}

Test(snippet, distinct_terms_beat_repeats_of_one_term)
{
    acq_analyzer *a = open_en();
    static char text[4096], fill[1024];
    filler(fill, 600);
    snprintf(text, sizeof text,
             "police police police police police police police police. %sThe Prüm decision on police "
             "cooperation. %s", fill, fill);
    const char *terms[] = {"polic", "prum", "cooper"};
    acq_snippet sn = {0};
    cr_assert_eq(make(&sn, a, text, strlen(text), terms, 3, 0), ACQ_OK);
    check_invariants(&sn, a, terms, 3);
    cr_assert(strstr(marked(&sn), "The [Prüm] decision on [police] [cooperation].") != NULL, "%s", marked(&sn));
    cr_assert(starts_with(marked(&sn), ELLIPSIS));
    cr_assert(ends_with(marked(&sn), ELLIPSIS));
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
}

Test(snippet, ties_go_to_more_matches_then_the_earliest)
{
    acq_analyzer *a = open_en();
    static char text[8192], fill[2048];
    filler(fill, 1200);
    const char *terms[] = {"polic", "prum"};
    acq_snippet sn = {0};

    /* Same distinct terms and matches: the earlier window. */
    snprintf(text, sizeof text, "%salpha police and Prüm. %somega police and Prüm. %s", fill, fill, fill);
    cr_assert_eq(make(&sn, a, text, strlen(text), terms, 2, 0), ACQ_OK);
    cr_assert(strstr(marked(&sn), "alpha [police] and [Prüm]") != NULL, "%s", marked(&sn));
    cr_assert(strstr(marked(&sn), "omega") == NULL);

    /* Same distinct terms, more matches later: the later window. */
    snprintf(text, sizeof text, "%salpha police and Prüm. %somega police, Prüm and police. %s", fill, fill,
             fill);
    cr_assert_eq(make(&sn, a, text, strlen(text), terms, 2, 0), ACQ_OK);
    cr_assert(strstr(marked(&sn), "omega [police], [Prüm] and [police].") != NULL, "%s", marked(&sn));
    cr_assert(strstr(marked(&sn), "alpha") == NULL);
    cr_assert_eq(sn.nmatches, 3);
    check_invariants(&sn, a, terms, 2);
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
}

Test(snippet, window_is_bounded_by_width)
{
    /* Two terms 300 characters apart cannot share a 200-character window:
     * the passage holds one of them (the first), not a stretch between. */
    acq_analyzer *a = open_en();
    static char text[4096], fill[1024];
    filler(fill, 300);
    snprintf(text, sizeof text, "%sEuropol %sPrüm %s", fill, fill, fill);
    const char *terms[] = {"europol", "prum"};
    acq_snippet sn = {0};
    cr_assert_eq(make(&sn, a, text, strlen(text), terms, 2, 200), ACQ_OK);
    cr_assert_eq(sn.nmatches, 1);
    cr_assert(strstr(marked(&sn), "[Europol]") != NULL, "%s", marked(&sn));
    /* A wider window takes both. */
    cr_assert_eq(make(&sn, a, text, strlen(text), terms, 2, 400), ACQ_OK);
    cr_assert_eq(sn.nmatches, 2, "%s", marked(&sn));
    check_invariants(&sn, a, terms, 2);
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
}

Test(snippet, highlights_sit_on_folded_and_stemmed_surface_forms)
{
    acq_analyzer *a = open_en();
    const char *text = "PRÜM and Prüm's rules bind the Police; police forces, PRU\xCC\x88M and Prum.";
    const char *terms[] = {"prum", "polic"};
    acq_snippet sn = {0};
    cr_assert_eq(make(&sn, a, text, strlen(text), terms, 2, 0), ACQ_OK);
    cr_assert_str_eq(marked(&sn),
                     "[PRÜM] and [Prüm]'s rules bind the [Police]; [police] forces, [PRU\xCC\x88M] and [Prum].");
    /* The whole text fits: no cut, no ellipsis, and the offsets are bytes. */
    cr_assert_str_eq((const char *)sn.text.data, text);
    cr_assert_eq(sn.nmatches, 6);
    const char *expect[] = {"PRÜM", "Prüm", "Police", "police", "PRU\xCC\x88M", "Prum"};
    for (size_t i = 0; i < 6; i++) {
        size_t s = sn.matches[2 * i], e = sn.matches[2 * i + 1];
        cr_assert_eq(e - s, strlen(expect[i]));
        cr_assert(memcmp(sn.text.data + s, expect[i], e - s) == 0, "match %zu", i);
    }
    check_invariants(&sn, a, terms, 2);
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
}

Test(snippet, terms_new_or_known_to_the_vocab_match_alike)
{
    /* A fresh analyzer meets the query terms only during the pass; one that
     * analysed the query first (as the search module does) knows them. */
    const char *text = "Europol supports police cooperation between Member States under the Prüm decisions.";
    const char *terms[] = {"polic", "prum", "polic", "europol"};
    acq_analyzer *fresh = open_en(), *warm = open_en();
    acq_token_stream ts;
    acq_token tok;
    acq_token_stream_init(&ts, "Police Prüm Europol", 19, 0);
    while (acq_analyze_next(warm, &ts, &tok) == 1)
        ;
    acq_snippet s1 = {0}, s2 = {0};
    cr_assert_eq(make(&s1, fresh, text, strlen(text), terms, 4, 0), ACQ_OK);
    cr_assert_eq(make(&s2, warm, text, strlen(text), terms, 4, 0), ACQ_OK);
    const char *expect = "[Europol] supports [police] cooperation between Member States under the [Prüm] decisions.";
    cr_assert_str_eq(marked(&s1), expect);
    cr_assert_str_eq(marked(&s2), expect);
    /* term_lens NULL: NUL-terminated terms; lengths shorter than the strings are honoured. */
    acq_err err = {0};
    const char *cut_terms[] = {"prumXX", "policeman"};
    size_t lens[] = {4, 5};
    cr_assert_eq(acq_snippet_make(&s1, fresh, text, strlen(text), cut_terms, lens, 2, 0, &err), ACQ_OK);
    cr_assert_eq(s1.nmatches, 2);
    cr_assert_eq(acq_snippet_make(&s1, fresh, text, strlen(text), terms, NULL, 4, 0, &err), ACQ_OK);
    cr_assert_str_eq(marked(&s1), expect);
    acq_snippet_free(&s1);
    acq_snippet_free(&s2);
    acq_analyzer_close(fresh);
    acq_analyzer_close(warm);
}

/* Whitespace-collapsed copy of s (the test texts use ASCII spaces only). */
static char *collapse(const char *s)
{
    char *out = malloc(strlen(s) + 1);
    size_t n = 0;
    int pending = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
            pending = n > 0;
            continue;
        }
        if (pending)
            out[n++] = ' ';
        pending = 0;
        out[n++] = *s;
    }
    out[n] = '\0';
    return out;
}

/* The snippet without its ellipses must be a stretch of the collapsed
 * original that starts and ends at spaces (or the ends of the text), and
 * carry an ellipsis exactly where it does not reach the end. */
static void check_cut(const acq_snippet *sn, const char *orig)
{
    char *c = collapse(orig);
    const char *body = (const char *)sn->text.data;
    size_t blen = sn->text.len;
    int lead = starts_with(body, ELLIPSIS), trail = ends_with(body, ELLIPSIS) && blen > 3;
    if (lead) {
        body += 3;
        blen -= 3;
    }
    if (trail)
        blen -= 3;
    cr_assert(blen > 0);
    char *want = strndup(body, blen);
    int ok = 0;
    for (const char *p = c; (p = strstr(p, want)) != NULL; p++) {
        int at_start = p == c, at_end = p[blen] == '\0';
        if ((at_start || p[-1] == ' ') && (at_end || p[blen] == ' ') && lead == !at_start && trail == !at_end) {
            ok = 1;
            break;
        }
    }
    cr_assert(ok, "snippet \"%s\" is not a word-aligned stretch of the text", (const char *)sn->text.data);
    free(want);
    free(c);
}

/* A small deterministic generator, so failures reproduce. */
static uint32_t rng_state = 12345;
static uint32_t rnd(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static const char *mixed_words[] = {
    "police", "Prüm", "Ευρωπόλ", "αστυνομία", "欧洲刑警组织", "合作", "\xF0\x9F\x91\xAE\xE2\x80\x8D\xE2\x99\x80\xEF\xB8\x8F",
    "\xF0\x9F\x87\xAA\xF0\x9F\x87\xBA", "cafe\xCC\x81", "e\xCC\x81\xCC\x81", "Zusammenarbeit", "2016/794", "(EU)",
    "C-311/18", "coopération", "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", "Σ", "données", "état", "x"};

Test(snippet, cuts_fall_on_word_boundaries_with_ellipses)
{
    acq_analyzer *a = open_en();
    const char *terms[] = {"polic", "prum", "ευρωπολ", "2016/794"};
    static char text[20000];
    acq_snippet sn = {0};
    for (int round = 0; round < 150; round++) {
        size_t n = 0, nwords = 20 + rnd() % 400;
        for (size_t w = 0; w < nwords; w++) {
            const char *word = mixed_words[rnd() % (sizeof mixed_words / sizeof mixed_words[0])];
            /* Query words are rare, so that windows matter. */
            if ((strcmp(word, "police") == 0 || strcmp(word, "Prüm") == 0) && rnd() % 4)
                word = "lorem";
            n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", w ? (rnd() % 9 ? " " : "\n") : "", word);
        }
        size_t width = (round % 5 == 0) ? 0 : 10 + rnd() % 250;
        cr_assert_eq(make(&sn, a, text, n, terms, 4, width), ACQ_OK);
        check_invariants(&sn, a, terms, 4);
        check_cut(&sn, text);
        /* About `width` characters: never much longer. */
        size_t w = width ? width : 200;
        cr_assert(count_chars(sn.text.data, sn.text.len) <= w + w / 5 + 30 + 2, "%zu chars for width %zu",
                  count_chars(sn.text.data, sn.text.len), w);
    }
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
}

Test(snippet, passage_length_is_about_the_width)
{
    acq_analyzer *a = open_en();
    static char text[8192], fill[3000];
    filler(fill, 2000);
    snprintf(text, sizeof text, "%sThe police act. %s", fill, fill);
    const char *terms[] = {"polic"};
    acq_snippet sn = {0};
    size_t widths[] = {0, 50, 120, 300};
    for (size_t i = 0; i < 4; i++) {
        size_t w = widths[i] ? widths[i] : 200;
        cr_assert_eq(make(&sn, a, text, strlen(text), terms, 1, widths[i]), ACQ_OK);
        size_t c = count_chars(sn.text.data, sn.text.len) - 2; /* two ellipses */
        cr_assert(c >= w - w / 5 - 12 && c <= w + w / 5 + 12, "%zu chars for width %zu: %s", c, w, marked(&sn));
        cr_assert(strstr(marked(&sn), "The [police] act.") != NULL);
        check_cut(&sn, text);
    }
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
}

Test(snippet, multibyte_texts_stay_valid_utf8)
{
    acq_analyzer *a = open_en();
    const char *terms[] = {"ευρωπολ", "合作", "prum", "cafe"};
    static char text[40000];
    acq_snippet sn = {0};
    for (int round = 0; round < 200; round++) {
        size_t n = 0, nwords = 1 + rnd() % 600;
        int glue = round % 3 == 0; /* no spaces at all: giant words */
        for (size_t w = 0; w < nwords; w++) {
            const char *word = mixed_words[2 + rnd() % 8];
            n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", (w && !glue) ? " " : "", word);
        }
        size_t width = 1 + rnd() % 260;
        cr_assert_eq(make(&sn, a, text, n, terms, 4, width), ACQ_OK);
        check_invariants(&sn, a, terms, 4);
        /* A cut never separates a character from its combining marks, an
         * emoji from its modifier, nor ends after a zero-width joiner. */
        const char *body = (const char *)sn.text.data;
        cr_assert(strstr(body, "\xE2\x80\x8D" ELLIPSIS) == NULL, "cut after a ZWJ: %s", body);
        cr_assert(strstr(body, "e" ELLIPSIS) == NULL, "combining mark cut off: %s", body);
        cr_assert(!starts_with(body, "\xCC\x81") && !starts_with(body, ELLIPSIS "\xCC\x81"),
                  "passage starts with a combining mark: %s", body);
        cr_assert(!starts_with(body, ELLIPSIS "\xF0\x9F\x8F\xBD"), "passage starts with a skin tone: %s", body);
    }
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
}

Test(snippet, every_matching_word_is_highlighted)
{
    /* A window wider than the text shows it whole; the highlights must be
     * exactly the words the analysis chain turns into query terms. */
    acq_analyzer *a = open_en();
    const char *terms[] = {"polic", "prum", "ευρωπολ", "2016/794", "cooper"};
    static char text[20000];
    acq_snippet sn = {0};
    for (int round = 0; round < 40; round++) {
        size_t n = 0, nwords = 1 + rnd() % 300;
        for (size_t w = 0; w < nwords; w++)
            n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", w ? " " : "",
                                  mixed_words[rnd() % (sizeof mixed_words / sizeof mixed_words[0])]);
        cr_assert_eq(make(&sn, a, text, n, terms, 5, 100000), ACQ_OK);
        cr_assert_str_eq((const char *)sn.text.data, text);
        acq_token_stream ts;
        acq_token tok;
        size_t k = 0;
        acq_token_stream_init(&ts, text, n, 0);
        while (acq_analyze_next(a, &ts, &tok) == 1) {
            int hit = 0;
            for (size_t i = 0; i < 5; i++)
                hit |= strlen(terms[i]) == tok.len && memcmp(terms[i], tok.term, tok.len) == 0;
            if (!hit)
                continue;
            cr_assert(k < sn.nmatches, "match at byte %u not highlighted", tok.start);
            cr_assert_eq(sn.matches[2 * k], tok.start);
            cr_assert_eq(sn.matches[2 * k + 1], tok.end);
            k++;
        }
        cr_assert_eq(k, sn.nmatches);
    }
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
}

Test(snippet, window_width_counts_collapsed_characters_exactly)
{
    /* "Prüm" ... "police" span exactly k + 12 displayed characters once the
     * whitespace runs count as one; far-away matches before them make the
     * counter skip long stretches. */
    acq_analyzer *a = open_en();
    static char text[8192], fill[2048];
    filler(fill, 1500);
    const char *terms[] = {"prum", "polic"};
    acq_snippet sn = {0};
    size_t k = 40;
    char xs[64];
    memset(xs, 'x', k);
    xs[k] = '\0';
    snprintf(text, sizeof text, "police %sPrüm \n\n\n %s\t\t police %s", fill, xs, fill);
    cr_assert_eq(make(&sn, a, text, strlen(text), terms, 2, k + 12), ACQ_OK);
    cr_assert_eq(sn.nmatches, 2, "%s", marked(&sn));
    cr_assert(strstr(marked(&sn), "[Prüm] xxxx") != NULL);
    cr_assert_eq(make(&sn, a, text, strlen(text), terms, 2, k + 11), ACQ_OK);
    /* One character short: no window holds both, and of the one-term
     * windows the earliest wins. */
    cr_assert_eq(sn.nmatches, 1, "%s", marked(&sn));
    cr_assert(starts_with(marked(&sn), "[police] lorem"), "%s", marked(&sn));
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
}

Test(snippet, invalid_bytes_come_out_as_replacement_characters)
{
    /* The contract is valid UTF-8 in; should a bad byte slip through, the
     * snippet is still valid UTF-8. */
    acq_analyzer *a = open_en();
    const char *text = "The \xFF police \xC3 act \xE2\x82.";
    const char *terms[] = {"polic"};
    acq_snippet sn = {0};
    cr_assert_eq(make(&sn, a, text, strlen(text), terms, 1, 0), ACQ_OK);
    cr_assert_str_eq(marked(&sn), "The \xEF\xBF\xBD [police] \xEF\xBF\xBD act \xEF\xBF\xBD\xEF\xBF\xBD.");
    check_invariants(&sn, a, terms, 1);
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
}

Test(snippet, whitespace_runs_and_control_characters_collapse)
{
    acq_analyzer *a = open_en();
    const char *text = "\n\n  Article 1\n\n   The  police\r\n\tcooperate\xC2\xA0\xE2\x80\x83 closely.\x1b[31m red \n";
    const char *terms[] = {"polic", "cooper"};
    acq_snippet sn = {0};
    cr_assert_eq(make(&sn, a, text, strlen(text), terms, 2, 0), ACQ_OK);
    cr_assert_str_eq(marked(&sn), "Article 1 The [police] [cooperate] closely. [31m red");
    cr_assert_eq(sn.matches[0], strlen("Article 1 The "));
    cr_assert_eq(sn.matches[1], strlen("Article 1 The police"));
    check_invariants(&sn, a, terms, 2);
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
}

Test(snippet, no_match_gives_the_start_of_the_text)
{
    acq_analyzer *a = open_en();
    static char text[4096];
    filler(text, 3000);
    const char *terms[] = {"europol"};
    acq_snippet sn = {0};
    cr_assert_eq(make(&sn, a, text, strlen(text), terms, 1, 0), ACQ_OK);
    cr_assert_eq(sn.nmatches, 0);
    cr_assert(starts_with((const char *)sn.text.data, "lorem ipsum dolor"));
    cr_assert(ends_with((const char *)sn.text.data, ELLIPSIS));
    size_t c = count_chars(sn.text.data, sn.text.len);
    cr_assert(c >= 150 && c <= 201, "%zu chars", c);
    check_cut(&sn, text);
    /* No terms at all: the same passage. */
    char first[1024];
    snprintf(first, sizeof first, "%s", (const char *)sn.text.data);
    cr_assert_eq(make(&sn, a, text, strlen(text), NULL, 0, 0), ACQ_OK);
    cr_assert_str_eq((const char *)sn.text.data, first);
    /* A short text is whole, without ellipsis. */
    cr_assert_eq(make(&sn, a, "Short text.", 11, terms, 1, 0), ACQ_OK);
    cr_assert_str_eq((const char *)sn.text.data, "Short text.");
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
}

Test(snippet, empty_text_gives_an_empty_snippet)
{
    acq_analyzer *a = open_en();
    const char *terms[] = {"polic"};
    acq_snippet sn = {0};
    cr_assert_eq(make(&sn, a, "", 0, terms, 1, 0), ACQ_OK);
    cr_assert_eq(sn.text.len, 0);
    cr_assert_str_eq((const char *)sn.text.data, "");
    cr_assert_eq(sn.nmatches, 0);
    /* Only whitespace: empty too, after a snippet with content. */
    cr_assert_eq(make(&sn, a, "police", 6, terms, 1, 0), ACQ_OK);
    cr_assert_eq(make(&sn, a, " \n\t ", 4, terms, 1, 0), ACQ_OK);
    cr_assert_str_eq((const char *)sn.text.data, "");
    cr_assert_eq(sn.nmatches, 0);
    acq_snippet_free(&sn);
    acq_snippet_free(&sn); /* idempotent */
    acq_analyzer_close(a);
}

Test(snippet, long_text_with_matches_at_the_very_end_or_start)
{
    acq_analyzer *a = open_en();
    size_t big = 600 * 1000;
    char *text = malloc(big + 200);
    filler(text, big);
    size_t n = strlen(text);
    n += (size_t)sprintf(text + n, "under Prüm and police");
    const char *terms[] = {"prum", "polic"};
    acq_snippet sn = {0};
    cr_assert_eq(make(&sn, a, text, n, terms, 2, 0), ACQ_OK);
    cr_assert(starts_with(marked(&sn), ELLIPSIS));
    cr_assert(ends_with(marked(&sn), "under [Prüm] and [police]"), "%s", marked(&sn));
    size_t c = count_chars(sn.text.data, sn.text.len);
    cr_assert(c >= 160 && c <= 245, "%zu chars", c);
    check_invariants(&sn, a, terms, 2);

    /* The same two words at the very start tie with the end: the start wins. */
    n = (size_t)sprintf(text, "Police of Prüm ");
    filler(text + n, big);
    n += strlen(text + n);
    n += (size_t)sprintf(text + n, "under Prüm and police");
    cr_assert_eq(make(&sn, a, text, n, terms, 2, 0), ACQ_OK);
    cr_assert(starts_with(marked(&sn), "[Police] of [Prüm]"), "%s", marked(&sn));
    cr_assert(ends_with(marked(&sn), ELLIPSIS));
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
    free(text);
}

Test(snippet, one_giant_word)
{
    acq_analyzer *a = open_en();
    const char *terms[] = {"prum"};
    acq_snippet sn = {0};
    size_t n = 100000;
    char *text = malloc(4 * n + 16);

    /* ASCII: cut at the width, marked as cut. */
    memset(text, 'x', n);
    cr_assert_eq(make(&sn, a, text, n, terms, 1, 0), ACQ_OK);
    cr_assert_eq(sn.text.len, 200 + 3);
    cr_assert(ends_with((const char *)sn.text.data, ELLIPSIS));

    /* Greek letters: a code point boundary, 200 of them. */
    for (size_t i = 0; i < n; i++)
        memcpy(text + 2 * i, "\xCE\xB1", 2);
    cr_assert_eq(make(&sn, a, text, 2 * n, terms, 1, 0), ACQ_OK);
    cr_assert_eq(count_chars(sn.text.data, sn.text.len), 201);
    check_invariants(&sn, a, terms, 1);

    /* e + combining acute: never split the pair. */
    for (size_t i = 0; i < n; i++)
        memcpy(text + 3 * i, "e\xCC\x81", 3);
    for (size_t w = 1; w < 12; w++) {
        cr_assert_eq(make(&sn, a, text, 3 * n, terms, 1, w), ACQ_OK);
        cr_assert(ends_with((const char *)sn.text.data, "\xCC\x81" ELLIPSIS), "width %zu", w);
        check_invariants(&sn, a, terms, 1);
    }

    /* A word before a giant word: the cut keeps the word whole. */
    memcpy(text, "Prüm ", 6);
    memset(text + 6, 'y', 5000);
    cr_assert_eq(make(&sn, a, text, 5006, terms, 1, 0), ACQ_OK);
    cr_assert_str_eq(marked(&sn), "[Prüm]" ELLIPSIS);

    /* A match wider than the width is shown whole. */
    cr_assert_eq(make(&sn, a, "Prüm cooperation", 17, terms, 1, 2), ACQ_OK);
    cr_assert_str_eq(marked(&sn), "[Prüm]" ELLIPSIS);
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
    free(text);
}

Test(snippet, render_modes)
{
    acq_analyzer *a = open_en();
    const char *terms[] = {"polic"};
    acq_snippet sn = {0};
    cr_assert_eq(make(&sn, a, "The police act.", 15, terms, 1, 0), ACQ_OK);
    acq_buf b = {0};
    acq_snippet_render(&sn, 0, &b);
    cr_assert_str_eq(acq_buf_cstr(&b), "The [police] act.");
    acq_buf_reset(&b);
    acq_snippet_render(&sn, 1, &b);
    cr_assert_str_eq(acq_buf_cstr(&b), "The \x1b[1mpolice\x1b[0m act.");
    acq_buf_reset(&b);
    acq_snippet_render(&sn, ACQ_SNIPPET_COLOUR, &b);
    cr_assert_str_eq(acq_buf_cstr(&b), "The \x1b[1;31mpolice\x1b[0m act.");
    /* Appends; an unknown mode renders markers. */
    acq_snippet_render(&sn, 42, &b);
    cr_assert(ends_with(acq_buf_cstr(&b), "act.The [police] act."));
    /* An empty snippet renders as "". */
    cr_assert_eq(make(&sn, a, "", 0, terms, 1, 0), ACQ_OK);
    acq_buf_reset(&b);
    acq_snippet_render(&sn, 1, &b);
    cr_assert_str_eq(acq_buf_cstr(&b), "");
    acq_buf_free(&b);
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
}

Test(snippet, bad_arguments_are_refused)
{
    acq_analyzer *a = open_en();
    acq_snippet sn = {0};
    acq_err err = {0};
    cr_assert_eq(acq_snippet_make(NULL, a, "x", 1, NULL, NULL, 0, 0, &err), ACQ_EARG);
    acq_err_clear(&err);
    cr_assert_eq(acq_snippet_make(&sn, NULL, "x", 1, NULL, NULL, 0, 0, &err), ACQ_EARG);
    acq_err_clear(&err);
    cr_assert_eq(acq_snippet_make(&sn, a, "x", 1, NULL, NULL, 3, 0, &err), ACQ_EARG);
    cr_assert(strlen(err.msg) > 0);
    acq_snippet_free(&sn);
    acq_analyzer_close(a);
}

/* Runs one snippet with the n-th allocation failing; returns the code. */
static int make_failing(long n, acq_snippet *sn, const char *text, size_t len, const char *const *terms,
                        size_t nterms, size_t width, char *expect)
{
    acq_analyzer *a = open_en();
    acq_err err = {0};
    acq_alloc_fail_after(n);
    int rc = acq_snippet_make(sn, a, text, len, terms, NULL, nterms, width, &err);
    acq_alloc_fail_after(0);
    cr_assert(rc == ACQ_OK || rc == ACQ_ENOMEM, "n=%ld rc=%d", n, rc);
    cr_assert_eq(rc, err.code);
    if (rc == ACQ_OK) {
        if (expect[0] == '\0')
            snprintf(expect, 8192, "%s", marked(sn));
        cr_assert_str_eq(marked(sn), expect, "n=%ld", n);
    } else {
        cr_assert_eq(sn->text.len, 0);
        cr_assert_eq(sn->nmatches, 0);
    }
    acq_analyzer_close(a);
    return rc;
}

Test(snippet, allocation_failures_are_reported_not_fatal)
{
    static char text[40000], fill[1024], expect[8192];
    filler(fill, 500);
    size_t n = 0;
    /* Many matches in a wide window make the window ring grow. */
    for (int i = 0; i < 200; i++)
        n += (size_t)sprintf(text + n, "police Prüm %s", i % 50 == 0 ? fill : "");
    const char *terms[] = {"polic", "prum"};
    int failed = 0;
    for (int warm = 0; warm < 2; warm++) {
        expect[0] = '\0';
        for (long k = 1; k <= 30; k++) {
            acq_snippet sn = {0};
            if (warm) /* buffers already there: fewer allocations to fail */
                cr_assert_eq(make_failing(0, &sn, "police", 6, terms, 2, 0, (char[8192]){0}), ACQ_OK);
            failed += make_failing(k, &sn, text, n, terms, 2, 3000, expect) == ACQ_ENOMEM;
            /* The same snippet works again once memory is back. */
            char again[8192] = "";
            if (expect[0])
                snprintf(again, sizeof again, "%s", expect);
            cr_assert_eq(make_failing(0, &sn, text, n, terms, 2, 3000, again), ACQ_OK);
            acq_snippet_free(&sn);
        }
    }
    cr_assert(failed > 0, "no allocation failure was ever injected");
}
