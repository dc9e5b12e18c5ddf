/* test_languages.c: the analysis of each of the 24 official EU languages:
 * for now their stopword lists, our light stemmers for the nine languages
 * Snowball lacks, and a writer analysing each language in its own. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "analysis/analyzer.h"
#include "analysis/fold.h"
#include "analysis/stem_light.h"
#include "analysis/stopwords.h"
#include "support.h"

static const char *const codes[24] = {"bg", "cs", "da", "de", "el", "en", "es", "et",
                                      "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv",
                                      "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"};

/* The analysed terms of text as "t1 t2 ..." ("t1@0 t2@2" with positions). */
static const char *analyse(const char *lang, int stem, int stop, const char *text, int with_pos)
{
    static char out[8192];
    acq_analyzer *a;
    acq_err err = {0};
    acq_analyzer_config cfg = {lang, stem, stop};
    cr_assert_eq(acq_analyzer_open(&a, &cfg, NULL, &err), ACQ_OK, "%s: %s", lang, err.msg);
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

Test(languages, stopword_lists_are_folded_sorted_and_unique)
{
    acq_buf b = {0};
    for (size_t i = 0; i < 24; i++) {
        const acq_stoplist *sl = acq_stoplist_for(codes[i]);
        cr_assert_not_null(sl, "%s has no stopwords", codes[i]);
        cr_assert(sl->n >= 30 && sl->n <= 220, "%s: %zu stopwords", codes[i], sl->n);
        for (size_t k = 0; k < sl->n; k++) {
            const char *w = sl->words[k];
            acq_buf_reset(&b);
            cr_assert_eq(acq_fold(w, strlen(w), &b), 0);
            cr_assert(b.len == strlen(w) && memcmp(b.data, w, b.len) == 0,
                      "%s: \"%s\" is not in folded form", codes[i], w);
            if (k > 0)
                cr_assert(strcmp(sl->words[k - 1], w) < 0, "%s: \"%s\" before \"%s\"", codes[i],
                          sl->words[k - 1], w);
            cr_assert(acq_stoplist_has(sl, w, strlen(w)));
        }
        cr_assert_not(acq_stoplist_has(sl, "zzzz", 4));
        cr_assert_not(acq_stoplist_has(sl, "", 0));
    }
    acq_buf_free(&b);
    cr_assert_not(acq_stoplist_has(NULL, "a", 1));
    cr_assert_null(acq_stoplist_for("xx"));
    cr_assert_null(acq_stoplist_for(NULL));
}

Test(languages, function_words_vanish_and_keep_their_positions)
{
    /* Phrases written for this test, stemming off. */
    static const struct {
        const char *lang, *text, *expect;
    } cases[] = {
        {"bg", "регламент на Съвета и за Комисията", "регламент@0 съвета@2 комисията@5"},
        {"cs", "nařízení Rady a Komise o trhu", "narizeni@0 rady@1 komise@3 trhu@5"},
        {"da", "Rådets og Kommissionens forordning", "radets@0 kommissionens@2 forordning@3"},
        {"el", "ο κανονισμός της Ένωσης και του Συμβουλίου",
         "κανονισμοσ@1 ενωσησ@3 συμβουλιου@6"},
        {"es", "el reglamento de la Comisión y del Consejo", "reglamento@1 comision@4 consejo@7"},
        {"et", "nõukogu ja komisjoni määrus", "noukogu@0 komisjoni@2 maarus@3"},
        {"fi", "neuvoston ja komission asetus", "neuvoston@0 komission@2 asetus@3"},
        {"ga", "rialachán ón gComhairle agus ón gCoimisiún", "rialachan@0 gcomhairle@2 gcoimisiun@5"},
        {"hr", "uredba Vijeća i Komisije o tržištu", "uredba@0 vijeca@1 komisije@3 trzistu@5"},
        {"hu", "a Tanács és a Bizottság rendelete", "tanacs@1 bizottsag@4 rendelete@5"},
        {"it", "il regolamento della Commissione e del Consiglio",
         "regolamento@1 commissione@3 consiglio@6"},
        {"lt", "Tarybos ir Komisijos reglamentas dėl rinkos", "tarybos@0 komisijos@2 reglamentas@3 rinkos@5"},
        {"lv", "Padomes un Komisijas regula par tirgu", "padomes@0 komisijas@2 regula@3 tirgu@5"},
        {"mt", "ir-Regolament tal-Kunsill u tal-Kummissjoni", "ir@0 regolament@1 kunsill@3 kummissjoni@6"},
        {"nl", "de verordening van de Raad en de Commissie", "verordening@1 raad@4 commissie@7"},
        {"pl", "rozporządzenie Rady i Komisji w sprawie rynku", "rozporzadzenie@0 rady@1 komisji@3 sprawie@5 rynku@6"},
        {"pt", "o regulamento do Conselho e da Comissão", "regulamento@1 conselho@3 comissao@6"},
        {"ro", "regulamentul Consiliului și al Comisiei", "regulamentul@0 consiliului@1 comisiei@4"},
        {"sk", "nariadenie Rady a Komisie o trhu", "nariadenie@0 rady@1 komisie@3 trhu@5"},
        {"sl", "uredba Sveta in Komisije o trgu", "uredba@0 sveta@1 komisije@3 trgu@5"},
        {"sv", "rådets och kommissionens förordning om marknaden",
         "radets@0 kommissionens@2 forordning@3 marknaden@5"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = analyse(cases[i].lang, 0, 1, cases[i].text, 1);
        cr_expect_str_eq(got, cases[i].expect, "%s: got \"%s\"", cases[i].lang, got);
    }
}

Test(languages, a_writer_analyses_each_of_24_languages_in_its_own)
{
    /* One stopword of each language, with a marker word. Analysed in its own
     * language the stopword is not indexed; a writer that ran out of
     * analyzers and fell back to another language's would index it. */
    static const char *const stop[24] = {"или", "nebo", "eller", "oder", "και", "the", "pero", "ning",
                                         "sekä", "avec", "agus", "ili", "vagy", "della", "arba", "vai",
                                         "jew", "het", "oraz", "pelo", "sau", "alebo", "ter", "och"};
    char *dir = test_tmpdir();
    char msg[512];
    acq_writer *w;
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    for (size_t i = 0; i < 24; i++) {
        char text[128];
        snprintf(text, sizeof text, "%s zz%s", stop[i], codes[i]);
        acq_document d = {0};
        d.id = codes[i];
        d.text = text;
        d.lang = codes[i];
        cr_assert_eq(acq_writer_add(w, &d), ACQ_OK);
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    acq_index *ix;
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    for (size_t i = 0; i < 24; i++) {
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.lang = "xx";   /* no stopwords: the word is searched as it is */
        o.count = 1;
        char q[256];
        acq_results *r;
        /* Each stopword is in one document only. */
        cr_assert_eq(acq_search(&r, ix, stop[i], &o, msg, sizeof msg), ACQ_OK, "%s", msg);
        cr_expect_eq(acq_results_total(r), 0, "%s: \"%s\" was indexed", codes[i], stop[i]);
        acq_results_free(r);
        snprintf(q, sizeof q, "zz%s", codes[i]);
        cr_assert_eq(acq_search(&r, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
        cr_expect_eq(acq_results_total(r), 1, "%s", codes[i]);
        if (acq_results_count(r) == 1)
            cr_expect_str_eq(acq_results_hit(r, 0)->lang, codes[i]);
        acq_results_free(r);
    }
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

/* Our stemmers alone, on folded words as the chain hands them over. */
static const char *light(acq_light_stem_fn fn, const char *word)
{
    static char buf[256];
    size_t n = strlen(word);
    memcpy(buf, word, n + 1);
    n = fn(buf, n);
    buf[n] = '\0';
    return buf;
}

Test(languages, light_stemmers_on_folded_words)
{
    cr_assert_str_eq(light(acq_stem_cs, "narizenim"), "narizen");
    cr_assert_str_eq(light(acq_stem_cs, "smernicemi"), "smernik");   /* c -> k undone */
    cr_assert_str_eq(light(acq_stem_sk, "nariadeniami"), "nariaden");
    cr_assert_str_eq(light(acq_stem_sl, "uredbama"), "uredb");
    cr_assert_str_eq(light(acq_stem_hr, "uredbama"), "uredb");
    cr_assert_str_eq(light(acq_stem_hr, "sudovima"), "sud");
    cr_assert_str_eq(light(acq_stem_pl, "dyrektywami"), "dyrektyw");
    cr_assert_str_eq(light(acq_stem_pl, "europejskiego"), "europejsk");
    cr_assert_str_eq(light(acq_stem_bg, "регламентите"), "регламн");
    cr_assert_str_eq(light(acq_stem_bg, "съвета"), "съв");
    cr_assert_str_eq(light(acq_stem_lv, "regulam"), "regul");
    cr_assert_str_eq(light(acq_stem_lv, "zivju"), "ziv");            /* the j after a labial */
    cr_assert_str_eq(light(acq_stem_mt, "kummissjonijiet"), "kummissjon");
    cr_assert_str_eq(light(acq_stem_mt, "istati"), "stat");          /* prosthetic i */
    cr_assert_str_eq(light(acq_stem_et, "maarustesse"), "maarus");
    cr_assert_str_eq(light(acq_stem_et, "turustamist"), "turustamis");
    cr_assert_str_eq(light(acq_stem_et, "maarus"), "maarus");        /* -us is no case */
    /* Short words and words of other scripts stay. */
    static const acq_light_stem_fn all[] = {acq_stem_bg, acq_stem_cs, acq_stem_et, acq_stem_hr, acq_stem_lv,
                                            acq_stem_mt, acq_stem_pl, acq_stem_sk, acq_stem_sl};
    for (size_t i = 0; i < 9; i++) {
        cr_assert_str_eq(light(all[i], "ab"), "ab");
        cr_assert_str_eq(light(all[i], ""), "");
        cr_assert(strlen(light(all[i], "ευρωπαικη")) > 0);
    }
}
