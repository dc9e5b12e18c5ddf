/* test_analysis.c: the analysis chain: tricky Unicode, EU identifiers,
 * folding before stemming, stopwords with positions, stemming per language. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analyzer.h"
#include "analysis/fold.h"
#include "analysis/language.h"

/* Analyses text and returns the terms as "t1 t2 ..." with positions when
 * with_pos is set ("t1@0 t2@2"). */
static char *terms_of(const char *lang, int stem, int stop, const char *text, int with_pos)
{
    static char out[4096];
    acq_analyzer *a;
    acq_err err = {0};
    acq_analyzer_config cfg = {lang, stem, stop};
    cr_assert_eq(acq_analyzer_open(&a, &cfg, NULL, &err), ACQ_OK);
    acq_token_stream s;
    acq_token_stream_init(&s, text, strlen(text), 0);
    acq_token t;
    out[0] = '\0';
    while (acq_analyze_next(a, &s, &t) == 1) {
        char one[300];
        if (with_pos)
            snprintf(one, sizeof one, "%s%.*s@%u", out[0] ? " " : "", (int)t.len, t.term, t.pos);
        else
            snprintf(one, sizeof one, "%s%.*s", out[0] ? " " : "", (int)t.len, t.term);
        strncat(out, one, sizeof out - strlen(out) - 1);
    }
    acq_analyzer_close(a);
    return out;
}

Test(analysis, prum_spellings_are_one_term)
{
    const char *forms[] = {"Prüm", "PRÜM", "Prum", "prüm", "Prüm's", "PRU\xCC\x88M" /* U+0308 combining */,
                           "Prüm\xE2\x80\x99s" /* curly apostrophe */};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        cr_assert_str_eq(terms_of("en", 1, 1, forms[i], 0), "prum", "form %zu", i);
    cr_assert_str_eq(terms_of("de", 1, 1, "Prüm", 0), "prum");
}

Test(analysis, eu_identifiers_stay_whole)
{
    cr_assert_str_eq(terms_of("en", 1, 1, "Regulation (EU) 2016/794", 0), "regul eu 2016/794");
    cr_assert_str_eq(terms_of("en", 1, 1, "Decision 2008/615/JHA.", 0), "decis 2008/615/jha");
    cr_assert_str_eq(terms_of("en", 1, 1, "Case C-311/18 (Schrems II)", 0), "case c-311/18 schrem ii");
    cr_assert_str_eq(terms_of("en", 1, 1, "CELEX 32016R0794", 0), "celex 32016r0794");
    /* The non-breaking hyphen of CURIA case numbers and other dashes count as '-'. */
    cr_assert_str_eq(terms_of("en", 1, 1, "C\xE2\x80\x91" "311/18", 0), "c-311/18");
    cr_assert_str_eq(terms_of("en", 1, 1, "C\xE2\x80\x93" "311/18", 0), "c-311/18");
    cr_assert_str_eq(terms_of("en", 1, 1, "3.5 per cent in 2016.", 0), "3.5 per cent 2016");
}

Test(analysis, hyphenated_words_split_into_consecutive_positions)
{
    cr_assert_str_eq(terms_of("en", 1, 1, "anti-money-laundering rules", 1),
                     "anti@0 money@1 launder@2 rule@3");
    cr_assert_str_eq(terms_of("en", 1, 1, "Money Laundering", 1), "money@0 launder@1");
}

Test(analysis, stopwords_keep_their_positions)
{
    cr_assert_str_eq(terms_of("en", 1, 1, "the area of freedom, security and justice", 1),
                     "area@1 freedom@3 secur@4 justic@6");
    cr_assert_str_eq(terms_of("en", 1, 0, "the area", 1), "the@0 area@1");
}

Test(analysis, stemming_per_language)
{
    cr_assert_str_eq(terms_of("en", 1, 1, "cooperation encryption laundering", 0), "cooper encrypt launder");
    cr_assert_str_eq(terms_of("en", 0, 1, "cooperation", 0), "cooperation");
    /* French stems the accented word and folds the stem (Snowball's French
     * rules name -ée, -ière, -ité): policière and policier meet. */
    cr_assert_str_eq(terms_of("fr", 1, 1, "la coopération policière européenne", 0), "cooper polici europeen");
    cr_assert_str_eq(terms_of("fr", 1, 1, "policier", 0), "polici");
    cr_assert_str_eq(terms_of("de", 1, 1, "die polizeiliche Zusammenarbeit", 0), "polizei zusammenarbeit");
    /* An unknown language is folded but neither stemmed nor filtered. */
    cr_assert_str_eq(terms_of("xx", 1, 1, "The Cooperation", 0), "the cooperation");
}

Test(analysis, tricky_unicode)
{
    /* ß folds to ss, ligatures and full-width letters to ASCII, ø and ł by hand. */
    cr_assert_str_eq(terms_of("xx", 0, 0, "Straße ﬁnal ＥＵ Søren Łódź", 0), "strasse final eu soren lodz");
    /* Greek, Cyrillic and CJK letters are words; punctuation and symbols are not. */
    cr_assert_str_eq(terms_of("xx", 0, 0, "Ευρωπόλ — Европол; 欧洲 €100 ★", 0), "ευρωπολ европол 欧洲 100");
    /* Căldăraru with the comma-below and breve letters of Romanian. */
    cr_assert_str_eq(terms_of("xx", 0, 0, "Căldăraru Ştefan Ș", 0), "caldararu stefan s");
}

Test(analysis, offsets_point_at_the_surface_form)
{
    const char *text = "Die Prüm-Beschlüsse";
    acq_analyzer *a;
    acq_err err = {0};
    acq_analyzer_config cfg = {"xx", 0, 0};
    cr_assert_eq(acq_analyzer_open(&a, &cfg, NULL, &err), ACQ_OK);
    acq_token_stream s;
    acq_token_stream_init(&s, text, strlen(text), 0);
    acq_token t;
    cr_assert_eq(acq_analyze_next(a, &s, &t), 1);
    cr_assert_eq(acq_analyze_next(a, &s, &t), 1);
    cr_assert_eq(t.start, 4);
    cr_assert_eq(t.end, 9); /* "Prüm" is 5 bytes */
    cr_assert_eq(acq_analyze_next(a, &s, &t), 1);
    cr_assert_eq(t.start, 10);
    cr_assert_eq(acq_analyze_next(a, &s, &t), 0);
    acq_analyzer_close(a);
}

Test(analysis, overlong_tokens_are_skipped_but_counted)
{
    char text[400];
    memset(text, 'x', 300);
    strcpy(text + 300, " europol");
    cr_assert_str_eq(terms_of("en", 1, 1, text, 1), "europol@1");
}

Test(analysis, same_term_ids_from_a_shared_vocab)
{
    acq_vocab *v = acq_vocab_new();
    acq_analyzer *en, *fr;
    acq_err err = {0};
    acq_analyzer_config c1 = {"en", 1, 1}, c2 = {"fr", 1, 1};
    cr_assert_eq(acq_analyzer_open(&en, &c1, v, &err), ACQ_OK);
    cr_assert_eq(acq_analyzer_open(&fr, &c2, v, &err), ACQ_OK);
    acq_token_stream s;
    acq_token a, b;
    acq_token_stream_init(&s, "Europol", 7, 0);
    cr_assert_eq(acq_analyze_next(en, &s, &a), 1);
    acq_token_stream_init(&s, "EUROPOL", 7, 0);
    cr_assert_eq(acq_analyze_next(fr, &s, &b), 1);
    cr_assert_eq(a.term_id, b.term_id);
    acq_analyzer_close(en);
    acq_analyzer_close(fr);
    acq_vocab_free(v);
}

/* The token boundaries of text[0..len) as "start-end ...", with the rules
 * of lang (NULL: the common ones). */
static void boundaries(const char *text, size_t len, const char *lang, char *out, size_t cap)
{
    acq_token_stream s;
    acq_token_stream_init(&s, text, len, 0);
    const acq_language *l = lang ? acq_language_find(lang) : NULL;
    uint32_t b, e;
    size_t n = 0;
    out[0] = '\0';
    while (acq_tokenize_next_lang(&s, l, &b, &e) == 1 && n + 24 < cap)
        n += (size_t)snprintf(out + n, cap - n, "%u-%u ", b, e);
}

/* The tokenizer reads letters and digits 16 bytes at a time where 16 bytes
 * remain, one at a time near the end, and takes a shortcut when a word
 * ends at an ASCII separator: random texts of letters, digits, joiners,
 * dots, apostrophes and accented letters split at the same places whether
 * or not padding follows them, so that every token meets both paths. */
Test(analysis, tokens_do_not_depend_on_what_follows_the_text)
{
    static const char *const pieces[] = {"a", "Z", "7", "0", "x9", " ", "  ", "-", "/", ".", "'s", "'", ",",
                                         "é", "Prüm", "’s", "–", "2016/794", "C-311/18", "ll-", "t-", "il-",
                                         "abcdefghijklmnop", "0123456789012345", "\n", "\xff", "ħ",
                                         "abcdefgh", "abcdefghijk", "x9-y", "-7"};
    static const char *const langs[] = {NULL, "mt", "ga"};
    unsigned seed = 7;
    for (int round = 0; round < 3000; round++) {
        char text[512];
        size_t len = 0;
        int parts = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 40;
        for (int p = 0; p < parts; p++) {
            seed = seed * 1103515245u + 12345u;
            const char *piece = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            size_t pl = strlen(piece);
            if (len + pl + 40 >= sizeof text)
                break;
            memcpy(text + len, piece, pl);
            len += pl;
        }
        char padded[600];
        memcpy(padded, text, len);
        memset(padded + len, ' ', 40);
        for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
            char a[4096], b[4096];
            boundaries(text, len, langs[l], a, sizeof a);
            boundaries(padded, len + 40, langs[l], b, sizeof b);
            cr_assert_str_eq(b, a, "round %d, %s: <%.*s>", round, langs[l] ? langs[l] : "common", (int)len, text);
        }
    }
}
