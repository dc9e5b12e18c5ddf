/* test_languages.c: the analysis of each of the 24 official EU languages:
 * codes and aliases, the tokenising and folding rules of single languages,
 * stopwords, stemming (Snowball or ours) on phrases written here and on real
 * EU law read from ../shared/corpus/eurlex-24 at test time (those tests skip,
 * saying so, without it), identifiers kept whole in every language, a
 * writer analysing each language in its own, and a query in each language
 * finding its document through an index (the query chain is the index
 * chain). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "analysis/analyzer.h"
#include "analysis/fold.h"
#include "analysis/language.h"
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

static const char *terms(const char *lang, const char *text) { return analyse(lang, 1, 1, text, 0); }

/* 1 if a and b analyse to the same terms in lang. */
static int same(const char *lang, const char *a, const char *b)
{
    char first[4096];
    snprintf(first, sizeof first, "%s", terms(lang, a));
    return strcmp(first, terms(lang, b)) == 0;
}

/* ---- Codes ---------------------------------------------------------------- */

Test(languages, each_of_the_24_has_a_named_chain_with_stemmer_and_stopwords)
{
    cr_assert_eq(acq_language_count(), 24);
    for (size_t i = 0; i < 24; i++) {
        const acq_language *L = acq_language_find(codes[i]);
        cr_assert_not_null(L, "%s", codes[i]);
        cr_assert_str_eq(L->code, codes[i]);
        cr_assert_eq(acq_language_at(i), L, "the table is in code order");
        /* Exactly one stemmer: Snowball or ours, never none. */
        cr_assert((L->snowball != NULL) != (L->light != NULL), "%s", codes[i]);
        const acq_stoplist *sl = acq_stoplist_for(codes[i]);
        cr_assert_not_null(sl, "%s has no stopwords", codes[i]);
        cr_assert(sl->n >= 30 && sl->n <= 220, "%s: %zu stopwords", codes[i], sl->n);
        /* The analyzer opens (a Snowball stemmer missing from libstemmer
         * would fail here with a message naming it). */
        acq_analyzer *a;
        acq_err err = {0};
        acq_analyzer_config cfg = {codes[i], 1, 1};
        cr_assert_eq(acq_analyzer_open(&a, &cfg, NULL, &err), ACQ_OK, "%s: %s", codes[i], err.msg);
        cr_assert_eq(acq_analyzer_language(a), L);
        cr_assert_str_eq(acq_analyzer_lang(a), codes[i]);
        acq_analyzer_close(a);
    }
    /* The nine languages without Snowball are the nine with our stemmers. */
    static const char *const light[] = {"bg", "cs", "et", "hr", "lv", "mt", "pl", "sk", "sl"};
    for (size_t i = 0; i < 9; i++)
        cr_assert_not_null(acq_language_find(light[i])->light, "%s", light[i]);
}

Test(languages, aliases_regions_and_names_map_to_the_same_chain)
{
    static const char *const pairs[][2] = {
        {"PL", "pl"}, {"pl-PL", "pl"}, {"pt_PT", "pt"}, {"en-GB", "en"}, {"fre", "fr"},
        {"fra", "fr"}, {"ger", "de"}, {"deu", "de"}, {"ell", "el"}, {"gre", "el"},
        {"gle", "ga"}, {"mlt", "mt"}, {"Polish", "pl"}, {"slovenian", "sl"}, {"slovene", "sl"},
        {"irish", "ga"}, {"GREEK", "el"}, {"rum", "ro"}, {"slo", "sk"}, {"cze", "cs"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const acq_language *L = acq_language_find(pairs[i][0]);
        cr_assert_not_null(L, "%s", pairs[i][0]);
        cr_assert_str_eq(L->code, pairs[i][1], "%s", pairs[i][0]);
    }
    /* The same analysis under an alias, the code as given kept. */
    cr_assert_str_eq(terms("pl-PL", "dyrektywie"), "dyrektyw");
    cr_assert_str_eq(terms("Polish", "w dyrektywie"), "dyrektyw");
}

Test(languages, unknown_codes_get_the_neutral_chain_and_resolve_refuses_them)
{
    static const char *const unknown[] = {"xx", "la", "", "e", "-en", "englishman", "zh-Hans"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        cr_assert_null(acq_language_find(unknown[i]), "%s", unknown[i]);
    /* What follows a '-' or '_' is a region or script. */
    cr_assert_str_eq(acq_language_find("english-GB")->code, "en");
    cr_assert_null(acq_language_find(NULL));
    const acq_language *L = (const acq_language *)1;
    acq_err err = {0};
    cr_assert_eq(acq_language_resolve("xx", &L, &err), ACQ_EARG);
    cr_assert_null(L);
    cr_assert(strstr(err.msg, "'xx'") && strstr(err.msg, "bg cs da de el en es"), "%s", err.msg);
    acq_err ok = {0};
    cr_assert_eq(acq_language_resolve("sv", &L, &ok), ACQ_OK);
    cr_assert_str_eq(L->code, "sv");
    /* Folded, not filtered, not stemmed; the analyzer says it runs no
     * language. Latin keeps its words. */
    cr_assert_str_eq(terms("la", "Et in Arcadia ego"), "et in arcadia ego");
    acq_analyzer *a;
    acq_analyzer_config cfg = {"xx", 1, 1};
    cr_assert_eq(acq_analyzer_open(&a, &cfg, NULL, &err), ACQ_OK);
    cr_assert_null(acq_analyzer_language(a));
    acq_analyzer_close(a);
    /* A language libstemmer knows outside the 24 keeps its Snowball stemmer. */
    cr_assert_str_eq(terms("ru", "полиции полиция"), "полиц полиц");
}

/* ---- Stopwords -------------------------------------------------------------- */

Test(languages, stopword_lists_are_folded_sorted_and_unique)
{
    acq_buf b = {0};
    for (size_t i = 0; i < 24; i++) {
        const acq_stoplist *sl = acq_stoplist_for(codes[i]);
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
        {"ga", "rialachán ón gComhairle agus ón gCoimisiún", "rialachan@0 comhairle@2 coimisiun@5"},
        {"hr", "uredba Vijeća i Komisije o tržištu", "uredba@0 vijeca@1 komisije@3 trzistu@5"},
        {"hu", "a Tanács és a Bizottság rendelete", "tanacs@1 bizottsag@4 rendelete@5"},
        {"it", "il regolamento della Commissione e del Consiglio",
         "regolamento@1 commissione@3 consiglio@6"},
        {"lt", "Tarybos ir Komisijos reglamentas dėl rinkos", "tarybos@0 komisijos@2 reglamentas@3 rinkos@5"},
        {"lv", "Padomes un Komisijas regula par tirgu", "padomes@0 komisijas@2 regula@3 tirgu@5"},
        {"mt", "ir-Regolament tal-Kunsill u tal-Kummissjoni", "regolament@0 kunsill@1 kummissjoni@3"},
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

/* Phrases written for these tests: each language's function words vanish
 * (keeping their positions), the content words are folded and stemmed. */
static const struct {
    const char *lang, *text, *expect;
} phrases[] = {
    {"bg", "Регламентът на Съвета и директивата за Комисията",
     "регламн@0 съв@2 директив@4 комис@6"},
    {"cs", "nařízení Evropského parlamentu a Rady o směrnici", "narizen@0 evropsk@1 parlament@2 rad@4 smernik@6"},
    {"da", "forordningen om Europa-Parlamentets og Rådets direktiv",
     "forordning@0 europa@2 parlament@3 rad@5 direktiv@6"},
    {"de", "die Verordnung des Rates über die Straße", "verordn@1 rat@3 strass@6"},
    {"el", "ο κανονισμός της Ευρωπαϊκής Ένωσης", "κανον@1 ευρωπαικ@3 ενωσ@4"},
    {"en", "the regulations of the European Union", "regul@1 european@4 union@5"},
    {"es", "el reglamento sobre la información de la Comisión",
     "reglament@1 inform@4 comision@7"},
    {"et", "Euroopa Parlamendi ja nõukogu määrusega", "euroop@0 parlamend@1 noukog@3 maarus@4"},
    {"fi", "komissio ja neuvosto antavat asetuksen", "komisio@0 neuvosto@2 antav@3 asetuks@4"},
    {"fr", "la coopération policière de l'Union européenne", "cooper@1 polici@2 union@5 europeen@6"},
    {"ga", "rialachán ó na Ballstáit agus an tAontas", "rialachan@0 ballstait@3 aontas@6"},
    {"hr", "uredba Europskog parlamenta i Vijeća", "uredb@0 europsk@1 parlament@2 vijec@4"},
    {"hu", "a tagállamok és az Európai Unió", "tagallam@1 europ@4 unio@5"},
    {"it", "il regolamento dell'Unione europea", "regol@1 union@3 europe@4"},
    {"lt", "Europos Sąjungos reglamentas ir direktyva", "eur@0 sajung@1 reglament@2 direktyv@4"},
    {"lv", "Eiropas Savienības regula un direktīva", "eirop@0 savienib@1 regul@2 direktiv@4"},
    {"mt", "ir-Regolament tal-Kummissjoni dwar l-Istati Membri",
     "regolament@0 kummissjon@1 stat@3 membr@4"},
    {"nl", "de verordening van het Europees Parlement", "verorden@1 europes@4 parlement@5"},
    {"pl", "dyrektywa Parlamentu Europejskiego w sprawie rozporządzenia",
     "dyrektyw@0 parlament@1 europejsk@2 spraw@4 rozporzadzen@5"},
    {"pt", "o regulamento sobre a informação da Comissão", "regul@1 inform@4 comissa@6"},
    {"ro", "regulamentul privind obligațiile statelor membre",
     "regulament@0 oblig@2 stat@3 membr@4"},
    {"sk", "nariadenie Európskeho parlamentu a Rady", "nariaden@0 europsk@1 parlament@2 rad@4"},
    {"sl", "uredba Evropskega parlamenta in Sveta", "uredb@0 evropsk@1 parlament@2 svet@4"},
    {"sv", "förordningen om Europaparlamentets och rådets direktiv",
     "forordning@0 europaparlamentet@2 radet@4 direktiv@5"},
};

Test(languages, phrases_in_each_language)
{
    cr_assert_eq(sizeof phrases / sizeof phrases[0], 24);
    for (size_t i = 0; i < 24; i++) {
        const char *got = analyse(phrases[i].lang, 1, 1, phrases[i].text, 1);
        cr_expect_str_eq(got, phrases[i].expect, "%s: got \"%s\", want \"%s\"", phrases[i].lang, got,
                         phrases[i].expect);
    }
}

/* ---- Stemming ----------------------------------------------------------------- */

/* Inflected forms of one word, written here, that must make one term. */
static const struct {
    const char *lang;
    const char *forms[9];
} families[] = {
    {"bg", {"регламент", "регламента", "регламентът", "регламенти", "регламентите"}},
    {"bg", {"решение", "решения", "решението", "решенията"}},
    {"cs", {"nařízení", "nařízením", "nařízeních", "nařízeními", "NAŘÍZENÍ", "narizeni"}},
    {"cs", {"směrnice", "směrnici", "směrnic", "směrnicemi"}},
    {"da", {"forordning", "forordningen", "forordninger", "forordningens"}},
    {"de", {"Verordnung", "Verordnungen"}},
    {"el", {"Ένωση", "Ένωσης", "ΕΝΩΣΗ", "ένωση", "ενώσεις"}},
    {"el", {"κανονισμός", "κανονισμού", "κανονισμό", "κανονισμών", "ΚΑΝΟΝΙΣΜΟΣ"}},
    {"en", {"regulation", "regulations"}},
    {"es", {"información", "informaciones"}},
    {"et", {"määrus", "määruse", "määrusega", "määruses", "määrusest", "määrused", "määruste", "määrust"}},
    {"fi", {"komissio", "komission", "komissiolle", "komissiolla"}},
    {"fr", {"policière", "policier", "policières"}},
    {"fr", {"fixé", "fixée", "fixées"}},
    {"ga", {"Ballstát", "mBallstát", "bhallstát"}},
    {"ga", {"Aontas", "tAontas", "nAontas"}},
    {"hr", {"uredba", "uredbe", "uredbi", "uredbu", "uredbom", "uredbama"}},
    {"hu", {"tagállamok", "tagállamokban", "tagállamoknak", "tagállamokat"}},
    {"it", {"regolamento", "regolamenti"}},
    {"it", {"responsabilità", "RESPONSABILITÀ", "responsabilita\xCC\x80" /* combining grave */}},
    {"lt", {"Sąjunga", "Sąjungos", "Sąjungai", "Sąjungoje"}},
    {"lt", {"reglamentas", "reglamento", "reglamentą", "reglamente"}},
    {"lv", {"regula", "regulas", "regulā", "regulu", "regulai"}},
    {"mt", {"Kummissjoni", "il-Kummissjoni", "tal-Kummissjoni", "KUMMISSJONI", "Kummissjonijiet"}},
    {"mt", {"Stati", "l-Istati", "mill-Istati"}},
    {"nl", {"verordening", "verordeningen"}},
    {"pl", {"dyrektywa", "dyrektywy", "dyrektywie", "dyrektywą", "dyrektywę", "dyrektyw", "dyrektywami"}},
    {"pl", {"rozporządzenie", "rozporządzenia", "rozporządzeniem", "rozporządzeń", "rozporządzeniach"}},
    {"pt", {"informação", "informações"}},
    {"ro", {"obligațiile", "obligaţiile", "obligația", "obligaţia"}},
    {"sk", {"nariadenie", "nariadenia", "nariadení", "nariadeniu", "nariadením", "nariadeniach"}},
    {"sl", {"uredba", "uredbe", "uredbi", "uredbo", "uredbah", "uredbami"}},
    {"sv", {"förordning", "förordningen", "förordningar", "förordningarna"}},
};

Test(languages, inflected_forms_of_a_word_meet)
{
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
        char first[256];
        snprintf(first, sizeof first, "%s", terms(families[i].lang, families[i].forms[0]));
        cr_assert(first[0] && !strchr(first, ' '), "%s: %s", families[i].lang, first);
        for (size_t k = 1; k < 9 && families[i].forms[k]; k++) {
            const char *got = terms(families[i].lang, families[i].forms[k]);
            cr_expect_str_eq(got, first, "%s: %s -> %s, %s -> %s", families[i].lang, families[i].forms[k], got,
                             families[i].forms[0], first);
        }
    }
}

Test(languages, light_stemmers_keep_short_words_and_unrelated_words_apart)
{
    /* Three letters always stay; the words of a family do not swallow their
     * neighbours. */
    cr_assert_str_eq(terms("pl", "sąd sądu sądy"), "sad sad sad");
    cr_assert_str_eq(terms("cs", "trh trhu trhem"), "trh trh trh");
    cr_assert_str_eq(terms("hr", "osnova osnovu"), "osnov osnov");
    cr_assert_str_eq(terms("sk", "únia únie únii"), "uni uni uni");
    cr_assert_not(same("cs", "nařízení", "nařídit"));
    cr_assert_not(same("pl", "państwo", "prawo"));
    /* Non-Cyrillic text is left alone by the Bulgarian stemmer. */
    cr_assert_str_eq(terms("bg", "Europol"), "europol");
    /* Stemming off: folded only, in every language. */
    cr_assert_str_eq(analyse("pl", 0, 1, "w dyrektywie", 0), "dyrektywie");
    cr_assert_str_eq(analyse("ga", 0, 1, "na mBallstát", 0), "ballstat");
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

/* ---- Tokenising and folding of single languages --------------------------- */

Test(languages, irish_mutations_and_prefixes)
{
    cr_assert_str_eq(analyse("ga", 1, 1, "an tAontas Eorpach", 1), "aontas@1 eorpach@2");
    cr_assert_str_eq(analyse("ga", 1, 1, "na hEorpa", 1), "eorpa@1");
    /* t- and n- with a hyphen belong to the word: one token, one position. */
    cr_assert_str_eq(analyse("ga", 1, 1, "na n-údarás náisiúnta", 1), "udaras@1 naisiunta@2");
    cr_assert_str_eq(analyse("ga", 1, 1, "an t-údarás", 1), "udaras@1");
    cr_assert_str_eq(terms("ga", "údarás"), "udaras");
    /* Eclipsis and lenition, with capitals and without. */
    cr_assert(same("ga", "i gCúirt", "Cúirt"));
    cr_assert(same("ga", "an tSeirbhís", "seirbhís"));
    cr_assert_str_eq(terms("ga", "ar bhFeidhm ar bhfeidhm"), "feidhm feidhm");
    cr_assert(same("ga", "na heagraíochta", "eagraíochta"));
    /* Elided d' is a stopword, the lenited verb loses its h. */
    cr_assert(same("ga", "d'fhéadfadh", "féadfadh"));
    /* Other languages keep these letters. */
    cr_assert_str_eq(terms("en", "tAontas"), "taonta");
}

Test(languages, maltese_articles_belong_to_their_word)
{
    cr_assert_str_eq(analyse("mt", 1, 1, "il-Kummissjoni", 1), "kummissjon@0");
    cr_assert_str_eq(analyse("mt", 1, 1, "ir-Regolament (UE) 2016/794", 1), "regolament@0 ue@1 2016/794@2");
    /* A date: the article does not glue the day to an identifier. */
    cr_assert_str_eq(analyse("mt", 1, 1, "tas-27 ta' April 2016", 1), "27@0 april@2 2016@3");
    cr_assert_str_eq(terms("mt", "għall-Unjoni fl-Unjoni mill-Unjoni bl-Unjoni"), "unjon unjon unjon unjon");
    /* ASCII spellings of għ and ż in the article. */
    cr_assert_str_eq(terms("mt", "ghall-Unjoni iz-zona iż-żona"), "unjon zon zon");
    /* Maltese letters fold: ċ ġ ħ ż. */
    cr_assert_str_eq(analyse("mt", 0, 1, "ĊĠĦŻ ċġħż", 0), "cghz cghz");
    /* A hyphenated word that is no article splits as everywhere. */
    cr_assert_str_eq(analyse("mt", 0, 1, "anti-frodi", 1), "anti@0 frodi@1");
    /* Other languages split at the hyphen. */
    cr_assert_str_eq(analyse("en", 0, 0, "il-Kummissjoni", 1), "il@0 kummissjoni@1");
}

Test(languages, greek_sigma_tonos_and_dialytika)
{
    /* Final sigma, tonos and dialytika fold the same for capitals and small
     * letters, precomposed or combining. */
    cr_assert_str_eq(analyse("el", 0, 0, "ΕΝΩΣΗΣ Ένωσης ενωσης", 0), "ενωσησ ενωσησ ενωσησ");
    cr_assert_str_eq(analyse("el", 0, 0, "Ευρωπαϊκή ΕΥΡΩΠΑΪΚΗ ευρωπαικη ευρωπαι\xCC\x88κη\xCC\x81", 0),
                     "ευρωπαικη ευρωπαικη ευρωπαικη ευρωπαικη");
    cr_assert_str_eq(terms("el", "προϊόν προϊόντα προιοντος"), "προιον προιοντ προιοντ");
}

Test(languages, romanian_comma_and_cedilla_are_one_letter)
{
    cr_assert(same("ro", "ștat şi ţară țară", "ştat și țară ţară"));
    cr_assert(same("ro", "autorităților", "autorităţilor"));
    cr_assert_str_eq(terms("ro", "și"), "");   /* a stopword either way */
    cr_assert_str_eq(terms("ro", "şi"), "");
}

Test(languages, digraphs_and_letters_of_latin_alphabets)
{
    /* Croatian and Slovene digraph letters (U+01C4..U+01CC) are their two letters. */
    cr_assert_str_eq(analyse("hr", 0, 0, "ǈudi ljudi ǇUDI", 0), "ljudi ljudi ljudi");
    cr_assert_str_eq(analyse("hr", 0, 0, "ǋegov njegov ǆep džep", 0), "njegov njegov dzep dzep");
    cr_assert_str_eq(analyse("sl", 0, 0, "čćšžđ ČĆŠŽĐ", 0), "ccszd ccszd");
    /* Dutch ij ligature, Danish ø æ å, German ß and ẞ, Polish ł. */
    cr_assert_str_eq(terms("nl", "rĳbewĳs rijbewijs RIJBEWIJS"), "rijbewijs rijbewijs rijbewijs");
    cr_assert_str_eq(analyse("da", 0, 0, "Søgård Æble", 0), "sogard aeble");
    cr_assert_str_eq(analyse("de", 0, 0, "Straße STRASSE GROẞE", 0), "strasse strasse grosse");
    cr_assert_str_eq(analyse("pl", 0, 0, "Łódź łódź", 0), "lodz lodz");
}

Test(languages, elision_in_french_and_italian)
{
    cr_assert_str_eq(analyse("fr", 1, 1, "l'Union d'arrêt qu'il", 1), "union@1 arret@3");
    cr_assert_str_eq(analyse("fr", 1, 1, "l\xE2\x80\x99Union", 1), "union@1");   /* curly apostrophe */
    cr_assert_str_eq(analyse("it", 1, 1, "dell'Unione all'Unione nell'Unione l'Unione", 1),
                     "union@1 union@3 union@5 union@7");
}

Test(languages, identifiers_stay_whole_in_every_language)
{
    const char *text = "2016/794 C-311/18 32016R0794 2008/615/JHA (EU) 2019/1020";
    for (size_t i = 0; i < 24; i++) {
        const char *got = analyse(codes[i], 1, 1, text, 0);
        static const char *const ids[] = {"2016/794", "c-311/18", "32016r0794", "2008/615/jha", "2019/1020"};
        for (size_t k = 0; k < 5; k++) {
            char want[64];
            snprintf(want, sizeof want, "%s", ids[k]);
            const char *at = strstr(got, want);
            cr_assert(at && (at == got || at[-1] == ' ') &&
                          (at[strlen(want)] == ' ' || at[strlen(want)] == '\0'),
                      "%s: %s not whole in \"%s\"", codes[i], want, got);
        }
    }
}

Test(languages, any_input_is_analysed_without_harm)
{
    /* Random bytes and random code points (Latin, Greek, Cyrillic, combining
     * marks, dashes, apostrophes, digits, the letters the language rules look
     * at) through every chain: no crash, no empty term, positions rising. */
    static const char *const pieces[] = {
        "t-", "n-", "h-", "il-", "tal-", "għall-", "l-", "-", "/", "'", "\xE2\x80\x99", "\xCC\x88",
        "\xCC\x81", "\xC8\x99", "\xC5\x9F", "\xC7\x85", "\xC4\xA7", "\xC5\xBC", "bhF", "mB", "tA",
        "hE", "Σ", "ς", "ΐ", "ъ", "й", "ят", "та", "ие", "mine", "mist", "ijiet", "is", "ă", "ß",
        "2016/794", "C-311/18", " ", ".", "5", "a", "e", "u", "Ä", "\xFF", "\xC3", "\xE2\x80", "\xF0\x9F\x98\x80"};
    const size_t np = sizeof pieces / sizeof pieces[0];
    unsigned long long x = 0x9E3779B97F4A7C15ull;
    char text[2048];
    for (size_t li = 0; li < 24; li++) {
        acq_analyzer *a;
        acq_err err = {0};
        acq_analyzer_config cfg = {codes[li], 1, 1};
        cr_assert_eq(acq_analyzer_open(&a, &cfg, NULL, &err), ACQ_OK);
        for (int round = 0; round < 200; round++) {
            size_t n = 0;
            while (n < sizeof text - 16) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                const char *p = pieces[x % np];
                size_t pl = strlen(p);
                if (n + pl >= sizeof text - 16 || x % 97 == 0)
                    break;
                memcpy(text + n, p, pl);
                n += pl;
            }
            acq_token_stream s;
            acq_token t;
            acq_token_stream_init(&s, text, n, 0);
            uint32_t last = 0;
            int r, first = 1;
            while ((r = acq_analyze_next(a, &s, &t)) == 1) {
                cr_assert(t.len > 0, "%s: empty term", codes[li]);
                cr_assert(t.end <= n && t.start < t.end);
                cr_assert(first || t.pos > last);
                last = t.pos;
                first = 0;
            }
            cr_assert_eq(r, 0);
        }
        acq_analyzer_close(a);
    }
}

/* ---- Real text -------------------------------------------------------------- */

static const char *const folders[24] = {
    "bulgarian", "czech", "danish", "german", "greek", "english", "spanish", "estonian",
    "finnish", "french", "irish", "croatian", "hungarian", "italian", "lithuanian", "latvian",
    "maltese", "dutch", "polish", "portuguese", "romanian", "slovak", "slovenian", "swedish"};

/* All the text of one language in the corpus, or NULL if it is not there. */
static char *corpus_text(size_t li, size_t *len)
{
    static const char *const parts[] = {"test", "validation"};
    char *all = NULL;
    size_t n = 0;
    for (int p = 0; p < 2; p++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/corpus/eurlex-24/%s/%s", ACQ_SHARED_DIR, folders[li], parts[p]);
        DIR *d = opendir(dir);
        if (d == NULL)
            continue;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            size_t nl = strlen(e->d_name);
            if (nl < 5 || strcmp(e->d_name + nl - 4, ".txt") != 0)
                continue;
            char path[8192];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            size_t fl;
            char *f = test_read_file(path, &fl);
            if (f == NULL)
                continue;
            char *na = realloc(all, n + fl + 2);
            cr_assert_not_null(na);
            all = na;
            memcpy(all + n, f, fl);
            n += fl;
            all[n++] = '\n';
            all[n] = '\0';
            free(f);
        }
        closedir(d);
    }
    *len = n;
    return all;
}

static int have_corpus(void)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/corpus/eurlex-24/polish", ACQ_SHARED_DIR);
    DIR *d = opendir(dir);
    if (d == NULL) {
        /* the caller skips, naming the folder */
        return 0;
    }
    closedir(d);
    return 1;
}

Test(languages, real_text_stopwords_take_a_share_of_every_language)
{
    if (!have_corpus())
        cr_skip_test("%s/corpus/eurlex-24 is not there (shared test data, see tests/support.h)", ACQ_SHARED_DIR);
    for (size_t li = 0; li < 24; li++) {
        size_t len;
        char *text = corpus_text(li, &len);
        cr_assert_not_null(text, "no text for %s", codes[li]);
        acq_analyzer *a;
        acq_err err = {0};
        acq_analyzer_config cfg = {codes[li], 1, 1};
        cr_assert_eq(acq_analyzer_open(&a, &cfg, NULL, &err), ACQ_OK);
        acq_token_stream s;
        acq_token t;
        acq_token_stream_init(&s, text, len, 0);
        size_t kept = 0;
        int r;
        while ((r = acq_analyze_next(a, &s, &t)) == 1) {
            cr_assert(t.len > 0);
            kept++;
        }
        cr_assert_eq(r, 0);
        size_t all = s.pos;   /* every token takes a position */
        double share = 1.0 - (double)kept / (double)all;
        /* Function words are a fifth to half of running text; a list for
         * the wrong language or a broken one would drop almost nothing. */
        cr_expect(share > 0.15 && share < 0.55, "%s: stopwords are %.1f%% of %zu tokens", codes[li],
                  100 * share, all);
        acq_analyzer_close(a);
        free(text);
    }
}

/* The families above as they occur in real text: every listed form must be
 * in the corpus (folded comparison), and they must meet. */
static const struct {
    size_t li;
    const char *forms[8];
} real_families[] = {
    {1, {"nařízení", "nařízením", "nařízeními"}},
    {7, {"määrus", "määruse", "määrused", "määrusega", "määrusest", "määruste"}},
    {10, {"tAontas", "Aontas"}},
    {10, {"mBallstát", "Ballstát"}},
    {11, {"uredba", "uredbe", "uredbi", "uredbom", "uredbu", "uredbama"}},
    {15, {"regula", "regulas", "regulā", "regulu", "regulām"}},
    {16, {"regolament", "regolamenti"}},
    {18, {"rozporządzenia", "rozporządzeniach", "rozporządzeniami", "rozporządzenie", "rozporządzeniem",
          "rozporządzeniu", "rozporządzeń"}},
    {21, {"nariadenia", "nariadeniach", "nariadeniami", "nariadenie", "nariadeniu", "nariadení", "nariadením"}},
    {22, {"uredba", "uredbah", "uredbama", "uredbe", "uredbi", "uredbo"}},
    {0, {"регламент", "регламенти"}},
    {4, {"κανονισμού", "κανονισμούς", "κανονισμό", "κανονισμός", "κανονισμών"}},
    {12, {"tagállamok", "tagállamokban", "tagállamoknak", "tagállamokat"}},
};

Test(languages, real_text_inflected_forms_meet)
{
    if (!have_corpus())
        cr_skip_test("%s/corpus/eurlex-24 is not there (shared test data, see tests/support.h)", ACQ_SHARED_DIR);
    for (size_t i = 0; i < sizeof real_families / sizeof real_families[0]; i++) {
        size_t li = real_families[i].li, len;
        char *text = corpus_text(li, &len);
        cr_assert_not_null(text);
        /* The surface forms of the corpus, tokenised as the language does. */
        acq_analyzer *plain;
        acq_err err = {0};
        acq_analyzer_config cfg = {codes[li], 0, 0};
        cr_assert_eq(acq_analyzer_open(&plain, &cfg, NULL, &err), ACQ_OK);
        acq_token_stream s;
        acq_token t;
        char stem0[256] = "";
        for (size_t k = 0; k < 8 && real_families[i].forms[k]; k++) {
            const char *form = real_families[i].forms[k];
            /* Found in the text? Compare surfaces exactly. */
            const acq_language *L = acq_language_find(codes[li]);
            uint32_t st, en;
            int found = 0;
            acq_token_stream_init(&s, text, len, 0);
            while (!found && acq_tokenize_next_lang(&s, L, &st, &en))
                found = en - st == strlen(form) && memcmp(text + st, form, en - st) == 0;
            if (!found) {   /* maybe capitalised differently: compare folded */
                char want[256];
                snprintf(want, sizeof want, "%s", analyse(codes[li], 0, 0, form, 0));
                acq_token_stream_init(&s, text, len, 0);
                while (!found && acq_analyze_next(plain, &s, &t) == 1)
                    found = t.len == strlen(want) && memcmp(t.term, want, t.len) == 0;
            }
            cr_expect(found, "%s: \"%s\" is not in the corpus", codes[li], form);
            if (k == 0)
                snprintf(stem0, sizeof stem0, "%s", terms(codes[li], form));
            else {
                const char *got = terms(codes[li], form);
                cr_expect_str_eq(got, stem0, "%s: %s -> %s, %s -> %s", codes[li], form, got,
                                 real_families[i].forms[0], stem0);
            }
        }
        acq_analyzer_close(plain);
        free(text);
    }
}

Test(languages, real_text_query_chain_equals_index_chain)
{
    if (!have_corpus())
        cr_skip_test("%s/corpus/eurlex-24 is not there (shared test data, see tests/support.h)", ACQ_SHARED_DIR);
    /* The writer's analyzers share a vocab, run ids-only with the hot
     * cache; a query's analyzer is fresh each time. Term by term they must
     * agree on the whole corpus of each language. */
    acq_vocab *shared = acq_vocab_new();
    cr_assert_not_null(shared);
    for (size_t li = 0; li < 24; li++) {
        size_t len;
        char *text = corpus_text(li, &len);
        cr_assert_not_null(text);
        acq_analyzer *w, *q;
        acq_err err = {0};
        acq_analyzer_config cfg = {codes[li], 1, 1};
        cr_assert_eq(acq_analyzer_open(&w, &cfg, shared, &err), ACQ_OK);
        acq_analyzer_ids_only(w);
        cr_assert(acq_analyzer_has_hot_cache(w));
        cr_assert_eq(acq_analyzer_open(&q, &cfg, NULL, &err), ACQ_OK);
        acq_token_stream s1, s2;
        acq_token a, b;
        acq_token_stream_init(&s1, text, len, 0);
        acq_token_stream_init(&s2, text, len, 0);
        size_t n = 0;
        for (;;) {
            int r1 = acq_analyze_next(w, &s1, &a), r2 = acq_analyze_next(q, &s2, &b);
            cr_assert_eq(r1, r2);
            if (r1 == 0)
                break;
            size_t al;
            const char *at = acq_vocab_term(shared, a.term_id, &al);
            cr_assert(al == b.len && memcmp(at, b.term, al) == 0 && a.pos == b.pos && a.start == b.start,
                      "%s: token %zu: %.*s vs %.*s", codes[li], n, (int)al, at, (int)b.len, b.term);
            n++;
        }
        cr_assert(n > 1000, "%s: %zu tokens", codes[li], n);
        acq_analyzer_close(w);
        acq_analyzer_close(q);
        free(text);
    }
    acq_vocab_free(shared);
}

/* ---- Through an index ----------------------------------------------------------- */

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

/* One document per language and a query in another inflection of its words;
 * the query, analysed for its language, must find that document first. */
static const struct {
    const char *lang, *doc, *query;
} searches[] = {
    {"bg", "Регламентът на Съвета относно директивата", "регламенти директиви"},
    {"cs", "Nařízení Evropského parlamentu o směrnici", "nařízením směrnicemi"},
    {"da", "Forordningen om Rådets direktiv", "forordninger direktivet"},
    {"de", "Die Verordnung über die Straße", "Verordnungen Strasse"},
    {"el", "Ο κανονισμός της Ευρωπαϊκής Ένωσης", "κανονισμού ΕΝΩΣΗ"},
    {"en", "The regulations of the Union", "regulation"},
    {"es", "El reglamento sobre la información", "reglamentos informaciones"},
    {"et", "Euroopa Parlamendi määrus", "määrusega"},
    {"fi", "Komissio antaa kertomuksen", "komissiolle"},
    {"fr", "La coopération policière dans l'Union", "policier"},
    {"ga", "Rialachán na mBallstát agus an tAontas", "Ballstát Aontas"},
    {"hr", "Uredba Europskog parlamenta", "uredbama"},
    {"hu", "A tagállamok rendeletei", "tagállamokban"},
    {"it", "Il regolamento dell'Unione", "regolamenti Unione"},
    {"lt", "Europos Sąjungos reglamentas", "reglamentą Sąjungoje"},
    {"lv", "Eiropas Savienības regula", "regulā"},
    {"mt", "Ir-Regolament tal-Kummissjoni dwar l-Istati", "regolamenti Kummissjoni Stati"},
    {"nl", "De verordening over het rijbewijs", "verordeningen rĳbewĳs"},
    {"pl", "Dyrektywa w sprawie rozporządzenia", "dyrektywie rozporządzeniem"},
    {"pt", "O regulamento sobre a informação", "regulamentos informações"},
    {"ro", "Regulamentul privind obligațiile statelor", "obligaţiile regulamentului"},
    {"sk", "Nariadenie Európskeho parlamentu", "nariadením"},
    {"sl", "Uredba Evropskega parlamenta", "uredbami"},
    {"sv", "Förordningen om direktiv", "förordningar"},
};

Test(languages, a_query_in_each_language_finds_its_document)
{
    char *dir = test_tmpdir();
    char msg[512];
    acq_writer *w;
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    for (size_t i = 0; i < 24; i++) {
        acq_document d = {0};
        d.id = searches[i].lang;
        d.text = searches[i].doc;
        d.lang = searches[i].lang;
        cr_assert_eq(acq_writer_add(w, &d), ACQ_OK);
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    acq_index *ix;
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    for (size_t i = 0; i < 24; i++) {
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.lang = searches[i].lang;
        /* Restricted to the language: words of one language may be terms
         * of another (regul- is English, Latvian and Portuguese). */
        char q[512];
        snprintf(q, sizeof q, "(%s) lang:%s", searches[i].query, searches[i].lang);
        acq_results *r;
        cr_assert_eq(acq_search(&r, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
        cr_expect(acq_results_count(r) >= 1, "%s: no hit for %s", searches[i].lang, searches[i].query);
        if (acq_results_count(r) >= 1)
            cr_expect_str_eq(acq_results_hit(r, 0)->id, searches[i].lang, "%s: %s", searches[i].lang,
                             searches[i].query);
        acq_results_free(r);
    }
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}
