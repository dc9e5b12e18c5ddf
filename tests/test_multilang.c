/* test_multilang.c: an index of several languages answers a query in the
 * language it is typed in, without --lang (issue 11; search/multilang.c):
 * a mixed index of nine languages built from the real EU law of
 * ../shared/corpus/eurlex-24 (those tests skip, saying so, without it),
 * where a query in each language finds that language's documents first; an
 * act number and a CELEX number find the act in every language; scores are
 * those of the document's own language; --lang analyses in one language;
 * the function words of the query's language match no other language; the
 * French example of the issue on a French index built without --lang; a
 * deletion by query matching what the search matches; and the documents,
 * words and terms per language (acq_index_languages, acquis stats). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "analysis/analyzer.h"
#include "analysis/stopwords.h"
#include "support.h"

static const struct {
    const char *code, *folder;
} langs[] = {
    {"da", "danish"}, {"de", "german"}, {"el", "greek"},  {"en", "english"}, {"es", "spanish"},
    {"fi", "finnish"}, {"fr", "french"}, {"it", "italian"}, {"pl", "polish"},
};
#define NLANGS (sizeof langs / sizeof langs[0])

/* "market surveillance authorities", as each language's own text words it
 * (Regulation (EU) 2019/1020, which the folders hold in every language). */
static const struct {
    const char *lang, *query;
} queries[] = {
    {"da", "markedsovervågningsmyndigheder"},
    {"de", "Marktüberwachungsbehörden"},
    {"el", "αρχές εποπτείας της αγοράς"},
    {"en", "market surveillance authorities"},
    {"es", "autoridades de vigilancia del mercado"},
    {"fi", "markkinavalvontaviranomaiset"},
    {"fr", "autorités de surveillance du marché"},
    {"it", "autorità di vigilanza del mercato"},
    {"pl", "organy nadzoru rynku"},
};

/* Documents added per language. */
static size_t added[NLANGS];

/* Adds the paragraphs of one eurlex-24 file as documents of ten paragraphs,
 * id "CELEX:lang:n", with their language and CELEX number. */
static void add_file(acq_writer *w, const char *path, const char *celex, size_t li)
{
    char *text = test_read_file(path, NULL);
    cr_assert(text, "cannot read %s", path);
    char *p = text;
    for (int n = 0; *p; n++) {
        char *end = p;
        for (int lines = 0; *end && lines < 10; lines++) {
            end = strchr(end, '\n');
            end = end ? end + 1 : p + strlen(p);
        }
        char id[64];
        snprintf(id, sizeof id, "%s:%s:%d", celex, langs[li].code, n);
        acq_document d = {0};
        d.id = id;
        d.text = p;
        d.text_len = (size_t)(end - p);
        d.lang = langs[li].code;
        d.celex = celex;
        if (d.text_len > 0) {
            cr_assert_eq(acq_writer_add(w, &d), ACQ_OK, "%s", acq_writer_errmsg(w));
            added[li]++;
        }
        p = end;
    }
    free(text);
}

/* The mixed index in a fresh directory (the caller removes and frees it). */
static char *mixed_index(void)
{
    char path[4096];
    if (!test_shared(path, sizeof path, "corpus/eurlex-24/english/test/32019R1020.txt"))
        cr_skip_test("needs %s", path);
    char *dir = test_tmpdir();
    char msg[512];
    acq_writer *w;
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    for (size_t li = 0; li < NLANGS; li++) {
        added[li] = 0;
        for (int part = 0; part < 2; part++) {
            char folder[64];
            snprintf(folder, sizeof folder, "corpus/eurlex-24/%s/%s", langs[li].folder, part ? "validation" : "test");
            if (!test_shared(path, sizeof path, folder))
                continue;
            DIR *d = opendir(path);
            cr_assert(d, "cannot open %s", path);
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                size_t n = strlen(e->d_name);
                if (n != 14 || strcmp(e->d_name + 10, ".txt") != 0)
                    continue;
                char file[4096 + 64], celex[11];
                snprintf(file, sizeof file, "%s/%s", path, e->d_name);
                snprintf(celex, sizeof celex, "%.10s", e->d_name);
                add_file(w, file, celex, li);
            }
            closedir(d);
        }
        cr_assert_gt(added[li], 0, "no documents for %s", langs[li].folder);
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    return dir;
}

static acq_index *open_index(const char *dir)
{
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    return ix;
}

static acq_results *search(acq_index *ix, const char *q, const char *lang, int plain)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.lang = lang;
    o.plain = plain;
    o.count = 1;
    acq_results *r;
    char msg[512];
    cr_assert_eq(acq_search(&r, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s: %s", q, msg);
    return r;
}

/* Matches of r per language code, from a facet over all of them. */
static uint64_t matches_in(acq_index *ix, const char *q, const char *lang, const char *code)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.lang = lang;
    o.facets = "lang";
    o.facet_limit = 100;
    acq_results *r;
    char msg[512];
    cr_assert_eq(acq_search(&r, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s: %s", q, msg);
    const acq_facet_value *v;
    size_t n;
    uint64_t count = 0;
    acq_results_facet(r, 0, &v, &n, NULL);
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].value, code) == 0)
            count = v[i].count;
    acq_results_free(r);
    return count;
}

/* The first `k` hits are all documents of lang (and there are 5 at least:
 * a compound of Danish or Finnish is in fewer than 10 of its documents). */
static void expect_top_in(const acq_results *r, size_t k, const char *lang, const char *what)
{
    cr_expect_geq(acq_results_count(r), 5, "%s: %zu hits", what, acq_results_count(r));
    for (size_t i = 0; i < k && i < acq_results_count(r); i++)
        cr_expect_str_eq(acq_results_hit(r, i)->lang, lang, "%s: hit %zu is %s", what, i + 1,
                         acq_results_hit(r, i)->id);
}

Test(multilang, a_query_in_each_language_finds_that_languages_documents_first)
{
    char *dir = mixed_index();
    acq_index *ix = open_index(dir);
    for (size_t i = 0; i < NLANGS; i++) {
        acq_results *r = search(ix, queries[i].query, NULL, 0);
        expect_top_in(r, 10, queries[i].lang, queries[i].query);
        acq_results_free(r);
        /* The same as plain text (TREC topics, pasted text). */
        r = search(ix, queries[i].query, NULL, 1);
        expect_top_in(r, 10, queries[i].lang, queries[i].query);
        acq_results_free(r);
        /* And as a query built through the API: a phrase of its words,
         * within a window (their order differs between languages). */
        acq_query *q;
        cr_assert_eq(acq_query_new_phrase(&q, "body", queries[i].query, 20), ACQ_OK);
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        char msg[512];
        cr_assert_eq(acq_search_query(&r, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
        expect_top_in(r, 5, queries[i].lang, queries[i].query);
        acq_results_free(r);
        acq_query_destroy(q);
    }
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

/* Models, feedback and title weights score a bag of words: on a mixed index
 * the query is analysed in its likeliest language alone, so that they work
 * without --lang (they refused any query of two words before). Not asserted:
 * that the top hits are all of the query's language. The analysis is of one
 * language but no filter restricts the documents, so languages that share
 * words (Spanish and Italian: "del", "mercado"/"mercato" stem alike) mix,
 * and the likeliest language can be the wrong one of such a pair. */
Test(multilang, models_and_feedback_take_the_querys_likeliest_language)
{
    char *dir = mixed_index();
    acq_index *ix = open_index(dir);
    static const char *models[] = {"ql", "dph", "sdm", NULL, NULL};
    static const int feedback[] = {0, 0, 0, 1, 2};
    for (size_t m = 0; m < 5; m++) {
        for (size_t i = 0; i < NLANGS; i++) {
            if (strchr(queries[i].query, ' ') == NULL)
                continue; /* one-word compounds say little about their language */
            acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
            o.plain = 1;
            o.model = models[m];
            o.feedback = feedback[m];
            acq_results *r;
            char msg[512];
            cr_assert_eq(acq_search(&r, ix, queries[i].query, &o, msg, sizeof msg), ACQ_OK, "%s (%s, feedback %d): %s",
                         queries[i].query, models[m] ? models[m] : "bm25", feedback[m], msg);
            cr_expect_geq(acq_results_count(r), 5, "%s (%s, feedback %d): %zu hits", queries[i].query,
                          models[m] ? models[m] : "bm25", feedback[m], acq_results_count(r));
            acq_results_free(r);
        }
    }
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(multilang, an_act_number_or_a_celex_number_finds_the_act_in_every_language)
{
    char *dir = mixed_index();
    acq_index *ix = open_index(dir);
    /* 32019R1020 cites Regulation (EC) No 765/2008 in every language
     * ("765/2008/EK" in Hungarian, which is not among these nine). */
    static const char *const ids[] = {"765/2008", "32019R1020", "Regulation (EC) No 765/2008"};
    for (size_t q = 0; q < sizeof ids / sizeof ids[0]; q++)
        for (size_t li = 0; li < NLANGS; li++)
            cr_expect_gt(matches_in(ix, ids[q], NULL, langs[li].code), 0, "%s finds no %s document", ids[q],
                         langs[li].code);
    /* Built through the API too. */
    acq_query *t;
    cr_assert_eq(acq_query_new_term(&t, "body", "765/2008"), ACQ_OK);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.facets = "lang";
    acq_results *r;
    char msg[512];
    cr_assert_eq(acq_search_query(&r, ix, t, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    size_t n;
    acq_results_facet(r, 0, NULL, &n, NULL);
    cr_expect_eq(n, NLANGS, "765/2008 found in %zu languages", n);
    acq_results_free(r);
    acq_query_destroy(t);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(multilang, a_document_scores_as_its_own_language_scores_it)
{
    /* Each hit's score is the query analysed in the hit's language alone:
     * the same statistics for every language (multilang.c says why). */
    char *dir = mixed_index();
    acq_index *ix = open_index(dir);
    for (size_t i = 0; i < NLANGS; i++) {
        acq_results *all = search(ix, queries[i].query, NULL, 0);
        for (size_t h = 0; h < acq_results_count(all); h++) {
            const acq_hit *hit = acq_results_hit(all, h);
            char q[512];
            snprintf(q, sizeof q, "(%s) lang:%s", queries[i].query, hit->lang);
            acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
            o.lang = hit->lang;
            o.k = 1000;
            acq_results *one;
            char msg[512];
            cr_assert_eq(acq_search(&one, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
            size_t j = 0;
            while (j < acq_results_count(one) && strcmp(acq_results_hit(one, j)->id, hit->id) != 0)
                j++;
            cr_assert_lt(j, acq_results_count(one), "%s not found in %s", hit->id, hit->lang);
            cr_expect(fabs(acq_results_hit(one, j)->score - hit->score) < 1e-9, "%s: %f in the mixed search, %f in %s",
                      hit->id, hit->score, acq_results_hit(one, j)->score, hit->lang);
            acq_results_free(one);
        }
        acq_results_free(all);
    }
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(multilang, lang_analyses_the_query_in_one_language)
{
    char *dir = mixed_index();
    acq_index *ix = open_index(dir);
    /* Spanish stems reglamentos to reglament, as the Spanish text was;
     * English does not. */
    cr_expect_gt(matches_in(ix, "reglamentos", NULL, "es"), 0);
    cr_expect_gt(matches_in(ix, "reglamentos", "es", "es"), 0);
    cr_expect_eq(matches_in(ix, "reglamentos", "en", "es"), 0);
    /* A German compound analysed in German finds German documents; in
     * French, not. */
    cr_expect_gt(matches_in(ix, "Marktüberwachungsbehörden", "de", "de"), 0);
    cr_expect_eq(matches_in(ix, "Marktüberwachungsbehörden", "fr", "de"), 0);
    /* An unknown code is the language-neutral analysis, not an error. */
    acq_results *r = search(ix, "765/2008", "xx", 0);
    cr_expect_gt(acq_results_total(r), 0);
    acq_results_free(r);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(multilang, the_function_words_of_a_query_match_no_other_language)
{
    char *dir = mixed_index();
    acq_index *ix = open_index(dir);
    /* Danish "to" is two: Danish documents hold it ... */
    cr_assert_gt(matches_in(ix, "to", "da", "da"), 0);
    /* ... but in an English query it is the English stopword. */
    cr_expect_eq(matches_in(ix, "transfer to third countries", NULL, "da"), 0);
    cr_expect_gt(matches_in(ix, "transfer to third countries", NULL, "en"), 0);
    /* The stopwords of a document's language never match it: "die" is a
     * word in English, an article in German. */
    cr_expect_eq(matches_in(ix, "die", NULL, "de"), 0);
    cr_expect_eq(matches_in(ix, "la", NULL, "fr") + matches_in(ix, "la", NULL, "es") +
                     matches_in(ix, "la", NULL, "it"), 0);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(multilang, a_deletion_by_query_matches_what_the_search_matches)
{
    char *dir = mixed_index();
    acq_index *ix = open_index(dir);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &st), ACQ_OK);
    const char *q = "autorités de surveillance du marché";
    acq_results *r = search(ix, q, NULL, 0);
    uint64_t found = acq_results_total(r);
    cr_assert_gt(found, 10);
    acq_results_free(r);
    acq_index_close(ix);
    acq_writer *w;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_writer_delete_query(w, q), ACQ_OK, "%s", acq_writer_errmsg(w));
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    ix = open_index(dir);
    acq_index_stats after = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &after), ACQ_OK);
    cr_expect_eq(st.documents - after.documents, found);
    r = search(ix, q, NULL, 0);
    cr_expect_eq(acq_results_total(r), 0);
    acq_results_free(r);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

/* Written for this test: a French index of one act on the European arrest
 * warrant among acts on money laundering that say "européen" more often. */
static const struct {
    const char *id, *text;
} french[] = {
    {"aml-1", "Directive du Parlement européen et du Conseil relative à la prévention de l'utilisation du "
              "système financier aux fins du blanchiment de capitaux ou du financement du terrorisme. Le "
              "Parlement européen, le Conseil européen et le Comité économique et social européen ont été "
              "consultés; l'Autorité bancaire européenne émet des orientations."},
    {"aml-2", "Règlement du Parlement européen et du Conseil sur les informations accompagnant les "
              "transferts de fonds. Les prestataires de services de paiement de l'Espace économique "
              "européen vérifient l'exactitude des informations sur le donneur d'ordre, et le Contrôleur "
              "européen de la protection des données est consulté."},
    {"eaw", "Décision-cadre du Conseil relative au mandat d'arrêt européen et aux procédures de remise "
            "entre États membres. Le mandat d'arrêt européen est une décision judiciaire émise par un "
            "État membre en vue de l'arrestation et de la remise par un autre État membre d'une personne "
            "recherchée pour l'exercice de poursuites pénales ou pour l'exécution d'une peine."},
    {"court", "Arrêt de la Cour de justice sur le mandat des membres du comité de surveillance et sur la "
              "procédure de remise des documents aux autorités nationales compétentes."},
};

Test(multilang, a_french_index_analyses_a_query_as_french_without_lang)
{
    char *dir = test_tmpdir();
    char msg[512];
    acq_writer *w;
    /* No lang on the documents and no --lang: the index's default stays
     * English, the documents are detected as French. */
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    for (size_t i = 0; i < sizeof french / sizeof french[0]; i++) {
        acq_document d = {0};
        d.id = french[i].id;
        d.text = french[i].text;
        cr_assert_eq(acq_writer_add(w, &d), ACQ_OK, "%s", acq_writer_errmsg(w));
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &st), ACQ_OK);
    cr_assert_str_eq(st.lang, "en");
    const char *q = "mandat d'arrêt européen";
    acq_results *def = search(ix, q, NULL, 0), *fr = search(ix, q, "fr", 0), *en = search(ix, q, "en", 0);
    cr_assert_gt(acq_results_count(def), 0);
    cr_expect_str_eq(acq_results_hit(def, 0)->id, "eaw");
    cr_expect_str_eq(acq_results_hit(def, 0)->lang, "fr");
    /* The default is the French analysis, score for score ... */
    cr_assert_eq(acq_results_count(def), acq_results_count(fr));
    for (size_t i = 0; i < acq_results_count(def); i++) {
        cr_expect_str_eq(acq_results_hit(def, i)->id, acq_results_hit(fr, i)->id);
        cr_expect_eq(acq_results_hit(def, i)->score, acq_results_hit(fr, i)->score);
    }
    /* ... not the English one (the index's default language). */
    int differs = acq_results_count(en) != acq_results_count(def);
    for (size_t i = 0; !differs && i < acq_results_count(def); i++)
        differs = acq_results_hit(def, i)->score != acq_results_hit(en, i)->score;
    cr_expect(differs, "the default analysed the query as English");
    acq_results_free(def);
    acq_results_free(fr);
    acq_results_free(en);
    acq_index_close(ix);

    /* The command line, as the issue tried it. */
    char cmd[8192], *out = NULL;
    snprintf(cmd, sizeof cmd, "%s search -i '%s' --fields id -k 1 --no-snippets \"%s\"", ACQ_CLI_PATH, dir, q);
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out ? out : "");
    cr_expect(strstr(out, "eaw") != NULL, "%s", out);
    free(out);
    test_rmrf(dir);
    free(dir);
}

Test(multilang, stats_count_documents_words_and_terms_per_language)
{
    char *dir = mixed_index();
    acq_index *ix = open_index(dir);
    acq_language_stats ls[32];
    size_t n = 0;
    char msg[512];
    cr_assert_eq(acq_index_languages(ix, ls, 32, &n, 1, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(n, NLANGS);
    uint64_t docs = 0;
    for (size_t i = 0; i < n; i++) {
        size_t li = 0;
        while (li < NLANGS && strcmp(langs[li].code, ls[i].lang) != 0)
            li++;
        cr_assert_lt(li, NLANGS, "unknown language %s", ls[i].lang);
        cr_expect_eq(ls[i].documents, added[li], "%s", ls[i].lang);
        cr_expect_gt(ls[i].tokens, 1000, "%s", ls[i].lang);
        cr_expect_gt(ls[i].terms, 500, "%s", ls[i].lang);
        cr_expect_lt(ls[i].terms, ls[i].tokens, "%s", ls[i].lang);
        if (i > 0)
            cr_expect_geq(ls[i - 1].documents, ls[i].documents, "most documents first");
        docs += ls[i].documents;
    }
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &st), ACQ_OK);
    cr_expect_eq(docs, st.documents);
    /* Without terms, and asking for the count only. */
    cr_assert_eq(acq_index_languages(ix, NULL, 0, &n, 0, msg, sizeof msg), ACQ_OK);
    cr_expect_eq(n, NLANGS);
    cr_assert_eq(acq_index_languages(ix, ls, 2, &n, 0, msg, sizeof msg), ACQ_OK);
    cr_expect_eq(ls[0].terms, 0);
    cr_expect_eq(acq_index_languages(ix, NULL, 2, &n, 0, msg, sizeof msg), ACQ_EARG);
    acq_index_close(ix);

    /* Deleting a language's documents removes it. */
    acq_writer *w;
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_writer_delete_query(w, "lang:da"), ACQ_OK, "%s", acq_writer_errmsg(w));
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    ix = open_index(dir);
    cr_assert_eq(acq_index_languages(ix, ls, 32, &n, 1, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_expect_eq(n, NLANGS - 1);
    for (size_t i = 0; i < n; i++)
        cr_expect_str_neq(ls[i].lang, "da");
    acq_index_close(ix);

    /* acquis stats prints them. */
    char cmd[8192], *out = NULL;
    snprintf(cmd, sizeof cmd, "%s stats -i '%s'", ACQ_CLI_PATH, dir);
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out ? out : "");
    cr_expect(strstr(out, "languages   8\n") != NULL, "%s", out);
    cr_expect(strstr(out, "\n  fr ") != NULL, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s stats -i '%s' --json", ACQ_CLI_PATH, dir);
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out ? out : "");
    cr_expect(strstr(out, "\"languages\":[{\"lang\":") != NULL, "%s", out);
    free(out);
    test_rmrf(dir);
    free(dir);
}

/* The analyses of one query, as the text analysed by a. */
static void terms_of(acq_analyzer *a, const char *text, char *out, size_t size)
{
    acq_token_stream s;
    acq_token t;
    out[0] = '\0';
    acq_token_stream_init(&s, text, strlen(text), 0);
    while (acq_analyze_next(a, &s, &t) == 1) {
        size_t n = strlen(out);
        snprintf(out + n, size - n, "%s%.*s", n ? " " : "", (int)t.len, t.term);
    }
}

Test(multilang, an_analyzer_drops_the_stopwords_of_the_querys_language_too)
{
    acq_analyzer *a;
    acq_err err = {0};
    acq_analyzer_config cfg = {"da", 1, 1};
    cr_assert_eq(acq_analyzer_open(&a, &cfg, NULL, &err), ACQ_OK, "%s", err.msg);
    char t[256];
    terms_of(a, "to lande", t, sizeof t);
    cr_assert(strncmp(t, "to ", 3) == 0, "%s", t);
    const acq_stoplist *en = acq_stoplist_for("en");
    /* "to" was analysed as a word: the analyzer says so, and forgets it. */
    cr_expect_eq(acq_analyzer_also_stop(a, &en, 1), 1);
    terms_of(a, "to lande", t, sizeof t);
    cr_expect(strstr(t, "to") == NULL, "%s", t);
    acq_analyzer_close(a);
    /* Words none of the lists holds: what it gave stays right. */
    cr_assert_eq(acq_analyzer_open(&a, &cfg, NULL, &err), ACQ_OK, "%s", err.msg);
    char before[256];
    terms_of(a, "markedsovervågning af lande", before, sizeof before);
    cr_expect_eq(acq_analyzer_also_stop(a, &en, 1), 0);
    terms_of(a, "markedsovervågning af lande", t, sizeof t);
    cr_expect_str_eq(t, before);
    acq_analyzer_close(a);
    /* An analyzer that keeps stopwords keeps these too. */
    acq_analyzer_config keep = {"da", 1, 0};
    cr_assert_eq(acq_analyzer_open(&a, &keep, NULL, &err), ACQ_OK, "%s", err.msg);
    terms_of(a, "to", t, sizeof t);
    cr_expect_eq(acq_analyzer_also_stop(a, &en, 1), 0);
    terms_of(a, "to", t, sizeof t);
    cr_expect_str_eq(t, "to");
    acq_analyzer_close(a);
}
