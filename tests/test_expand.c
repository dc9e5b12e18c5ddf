/* test_expand.c: query expansion by instrument names and act numbers
 * (knowledge/expand.c, search/concept.c) and the citation links
 * (acq_act_cites, acq_act_cited_by).
 *
 * A small collection written here: acts that cite the Prüm Decision in
 * several forms, veterinary acts that name the Bitburg-Prüm district many
 * times, the Europol Regulation cited three ways, an act numbered 2010/123
 * that the instruments table does not know. Then, when ../shared is there,
 * the Prüm query on the real acts of jha-en. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "knowledge/thesaurus.h"
#include "support.h"

typedef struct tdoc {
    const char *id, *celex, *title, *text;
} tdoc;

static const tdoc docs[] = {
    {"prum1", "32010D0482", "Agreement with Iceland and Norway",
     "This Decision applies certain provisions of Council Decision 2008/615/JHA on the stepping up of "
     "cross-border cooperation to Iceland and Norway."},
    {"prum2", "32011D0472", "Launch of automated data exchange with regard to DNA data in Portugal",
     "Automated exchange of DNA profiles in accordance with Chapter 2 of Decision 2008/615/JHA is launched. "
     "See also Decisions 2008/615/JHA and 2008/616/JHA."},
    {"prum3", "32014D0837", "Cessation of participation of the United Kingdom",
     "The United Kingdom ceases to take part in the Prüm Decision and its implementing decision."},
    {"vet1", "32008D0220", "Classical swine fever in feral pigs",
     "In the Eifelkreis Bitburg-Prüm: in the municipality Prüm the localities Büdesheim, Olzheim, "
     "Roth bei Prüm. Vaccination of feral pigs against classical swine fever in Prüm."},
    {"vet2", "32007D0135", "Eradication of classical swine fever",
     "In the Kreis Bitburg-Prüm: in the municipality Prüm the localities Büdesheim and Roth bei Prüm; "
     "feral pigs, swine fever, Prüm, Prüm."},
    {"europol1", "32017D0001", "An act citing the Europol Regulation by number",
     "Europol shall act under Regulation (EU) 2016/794 of the European Parliament and of the Council."},
    {"europol2", "32018D0002", "An act citing the Europol Regulation by its CELEX",
     "The legal basis is 32016R0794 as published."},
    {"europol3", "32016R0794", "Regulation (EU) 2016/794 on the European Union Agency for Law Enforcement "
     "Cooperation (Europol)",
     "The Agency for Law Enforcement Cooperation is established. Europol supports the Member States."},
    {"other1", "32010D0123", "Decision 2010/123/EU on nothing in particular",
     "Commission Decision 2010/123/EU lays down the rules for fishery statistics."},
    {"filler1", "31999R0001", "Fishery statistics", "Statistics on fishery catches and the regulation of fleets."},
    {"filler2", "31999R0002", "Led lamps", "The committee led the work on lamps and regulation of energy."},
    {"ret1", "32019D0004", "Keeping communications data",
     "Providers shall keep traffic data for six months: data retention for the investigation of serious crime."},
    {"eaw1", "32019D0005", "Surrender between Member States",
     "The executing judicial authority shall execute any European arrest warrant on the basis of mutual "
     "recognition."},
    {"led1", "32019D0003", "Police data protection",
     "Member States shall apply Directive (EU) 2016/680 to the processing of personal data by police."},
};
#define NDOCS (sizeof docs / sizeof docs[0])

static char *ixdir;
static acq_index *ix;

static void setup(void)
{
    ixdir = test_tmpdir();
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    acq_writer *w;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, ixdir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    for (size_t i = 0; i < NDOCS; i++) {
        acq_document d = {0};
        d.id = docs[i].id;
        d.title = docs[i].title;
        d.text = docs[i].text;
        d.celex = docs[i].celex;
        d.lang = "en";
        d.date = "2012-01-01";
        cr_assert_eq(acq_writer_add(w, &d), ACQ_OK, "%s", acq_writer_errmsg(w));
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    cr_assert_eq(acq_index_open(&ix, ixdir, msg, sizeof msg), ACQ_OK, "%s", msg);
}

static void teardown(void)
{
    acq_index_close(ix);
    test_rmrf(ixdir);
    free(ixdir);
}

TestSuite(expand, .init = setup, .fini = teardown);

/* The ids of the hits, in rank order, space-separated, into out. */
static size_t run(const char *q, int expand, char *out, size_t size)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = 50;
    o.no_expand = !expand;
    o.exhaustive = 1;
    acq_results *r;
    char msg[512];
    cr_assert_eq(acq_search(&r, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s: %s", q, msg);
    out[0] = '\0';
    size_t n = acq_results_count(r);
    for (size_t i = 0; i < n; i++) {
        strncat(out, acq_results_hit(r, i)->id, size - strlen(out) - 2);
        strncat(out, " ", size - strlen(out) - 1);
    }
    acq_results_free(r);
    return n;
}

static size_t rank_of(const char *hits, const char *id)
{
    char key[64];
    snprintf(key, sizeof key, "%s ", id);
    size_t rank = 1;
    for (const char *p = hits; *p; p++) {
        if ((p == hits || p[-1] == ' ') && strncmp(p, key, strlen(key)) == 0)
            return rank;
        if (*p == ' ')
            rank++;
    }
    return 0;
}

Test(expand, prum_prefers_the_jha_sense)
{
    char hits[1024];
    /* Without expansion the veterinary acts, which say Prüm most, lead. */
    run("Prüm", 0, hits, sizeof hits);
    cr_assert_eq(rank_of(hits, "vet1") < rank_of(hits, "prum3") || rank_of(hits, "vet2") < rank_of(hits, "prum3"), 1,
                 "the collection no longer shows the problem: %s", hits);
    cr_assert_eq(rank_of(hits, "prum1"), 0, "prum1 never says Prüm: %s", hits);
    /* With it, every act citing or naming the Prüm Decision ranks above
     * the veterinary acts, which still match. */
    run("Prüm", 1, hits, sizeof hits);
    const char *jha[] = {"prum1", "prum2", "prum3"}, *vet[] = {"vet1", "vet2"};
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 2; j++) {
            cr_assert_neq(rank_of(hits, jha[i]), 0, "%s missing: %s", jha[i], hits);
            cr_assert_neq(rank_of(hits, vet[j]), 0, "%s missing: %s", vet[j], hits);
            cr_assert_lt(rank_of(hits, jha[i]), rank_of(hits, vet[j]), "%s below %s: %s", jha[i], vet[j], hits);
        }
    /* The full name too: the veterinary acts say "Decision" and "Prüm". */
    run("the Prüm Decision", 1, hits, sizeof hits);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 2; j++)
            cr_assert_lt(rank_of(hits, jha[i]), rank_of(hits, vet[j]) ? rank_of(hits, vet[j]) : 1000,
                         "%s below %s: %s", jha[i], vet[j], hits);
}

Test(expand, partial_numbers_and_citation_forms_are_one_act)
{
    char a[1024], b[1024];
    /* 2008/615 finds 2008/615/JHA (only as a whole word without expansion). */
    cr_assert_eq(run("2008/615", 0, a, sizeof a), 0, "%s", a);
    run("2008/615", 1, a, sizeof a);
    cr_assert_neq(rank_of(a, "prum1"), 0, "%s", a);
    cr_assert_neq(rank_of(a, "prum2"), 0, "%s", a);
    /* The Europol Regulation however it is written: the same acts. */
    const char *forms[] = {"Regulation 2016/794", "Regulation (EU) 2016/794", "32016R0794", "2016/794",
                           "Europol Regulation"};
    run(forms[0], 1, a, sizeof a);
    for (const char *ids[] = {"europol1", "europol2", "europol3"}, **p = ids; p < ids + 3; p++)
        cr_assert_neq(rank_of(a, *p), 0, "%s missing for %s: %s", *p, forms[0], a);
    cr_assert_eq(rank_of(a, "filler1"), 0, "'Regulation' alone is no evidence of the act: %s", a);
    cr_assert_eq(rank_of(a, "europol3"), 1, "the act itself first: %s", a);
    for (size_t i = 1; i < 4; i++) {
        run(forms[i], 1, b, sizeof b);
        for (const char *ids[] = {"europol1", "europol2", "europol3"}, **p = ids; p < ids + 3; p++)
            cr_assert_neq(rank_of(b, *p), 0, "%s missing for %s: %s", *p, forms[i], b);
    }
    /* An act the table does not know: its partial number still finds it. */
    cr_assert_eq(run("2010/123", 0, a, sizeof a), 0, "%s", a);
    run("2010/123", 1, a, sizeof a);
    cr_assert_eq(rank_of(a, "other1"), 1, "%s", a);
}

Test(expand, one_concept_is_counted_once)
{
    /* prum2 cites 2008/615/JHA twice and is cited in its cites field: its
     * score for the concept is that of its best form, not the sum. */
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = 20;
    o.explain = 1;
    acq_results *r;
    char msg[512];
    cr_assert_eq(acq_search(&r, ix, "Decision 2008/615/JHA", &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    const acq_hit *h = NULL;
    for (size_t i = 0; i < acq_results_count(r); i++)
        if (strcmp(acq_results_hit(r, i)->id, "prum2") == 0)
            h = acq_results_hit(r, i);
    cr_assert_not_null(h);
    cr_assert_not_null(strstr(h->explanation, "best of the forms of"), "%s", h->explanation);
    cr_assert_not_null(strstr(h->explanation, "not added"), "%s", h->explanation);
    acq_results_free(r);
    /* A concept weighs what one form weighs beside another word: "Prüm
     * swine" ranks the veterinary acts (which have both) first. */
    char hits[1024];
    run("Prüm swine", 1, hits, sizeof hits);
    cr_assert_lt(rank_of(hits, "vet1"), rank_of(hits, "prum1"), "%s", hits);
}

Test(expand, explain_and_describe_show_the_expansion)
{
    char out[4096], msg[256];
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    cr_assert_eq(acq_query_describe(ix, "Prüm DNA", &o, out, sizeof out, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_not_null(strstr(out, "32008D0615"), "%s", out);
    cr_assert_not_null(strstr(out, "cites:32008d0615"), "%s", out);
    cr_assert_not_null(strstr(out, "body:prum^0.5"), "the ambiguous word weighs half: %s", out);
    cr_assert_not_null(strstr(out, "query: "), "%s", out);
    o.no_expand = 1;
    cr_assert_eq(acq_query_describe(ix, "Prüm DNA", &o, out, sizeof out, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_null(strstr(out, "32008"), "%s", out);
    cr_assert_eq(acq_query_describe(ix, "\"Prüm", &o, out, sizeof out, msg, sizeof msg), ACQ_EQUERY);
}

Test(expand, syntax_and_case_limit_expansion)
{
    char out[4096], msg[256];
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    /* A quoted phrase, a field value and an excluded word stay as typed. */
    const char *kept[] = {"\"Prüm Decision\"", "title:Prüm", "europol -Prüm", "led lamps"};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        cr_assert_eq(acq_query_describe(ix, kept[i], &o, out, sizeof out, msg, sizeof msg), ACQ_OK, "%s", msg);
        cr_assert_null(strstr(out, " = "), "'%s' expanded: %s", kept[i], out);
    }
    /* An abbreviation only in the table's capitals: LED is the Law
     * Enforcement Directive, led is a verb. */
    cr_assert_eq(acq_query_describe(ix, "LED", &o, out, sizeof out, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_not_null(strstr(out, "32016L0680"), "%s", out);
    char hits[1024];
    run("LED", 1, hits, sizeof hits);
    cr_assert_neq(rank_of(hits, "led1"), 0, "%s", hits);
    /* Required words expand as one required concept. */
    run("+Prüm +DNA", 1, hits, sizeof hits);
    cr_assert_eq(rank_of(hits, "prum2"), 1, "%s", hits);
    cr_assert_eq(rank_of(hits, "vet1"), 0, "%s", hits);
}

/* ---- citation links ----------------------------------------------------- */

Test(expand, cites_and_cited_by_with_counts)
{
    acq_act_links *l;
    char msg[512];
    cr_assert_eq(acq_act_cited_by(&l, ix, "2008/615", msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_str_eq(acq_act_links_act(l), "32008D0615");
    cr_assert_eq(acq_act_links_documents(l), 2, "prum1 and prum2 cite it by number");
    cr_assert_eq(acq_act_links_count(l), 2);
    for (size_t i = 0; i < 2; i++) {
        const acq_act_link *k = acq_act_links_get(l, i);
        cr_assert(strcmp(k->celex, "32010D0482") == 0 || strcmp(k->celex, "32011D0472") == 0, "%s", k->celex);
        cr_assert_eq(k->count, 1);
        cr_assert_neq(k->title[0], '\0');
    }
    cr_assert_null(acq_act_links_get(l, 2));
    acq_act_links_free(l);

    cr_assert_eq(acq_act_cites(&l, ix, "32011D0472", msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_act_links_documents(l), 1);
    cr_assert_eq(acq_act_links_count(l), 2, "2008/615/JHA and 2008/616/JHA");
    const acq_act_link *k = acq_act_links_get(l, 0);
    cr_assert_str_eq(k->celex, "32008D0615");
    cr_assert_str_eq(k->name, "Prüm Decision");
    cr_assert_eq(k->count, 1, "a document counts once however often it cites");
    acq_act_links_free(l);

    /* The Europol Regulation: cited by two acts, in the index itself. */
    cr_assert_eq(acq_act_cited_by(&l, ix, "Europol Regulation", msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_act_links_count(l), 2);
    acq_act_links_free(l);

    cr_assert_eq(acq_act_cited_by(&l, ix, "no such act", msg, sizeof msg), ACQ_EARG);
    cr_assert_null(l);
    cr_assert_not_null(strstr(msg, "names no act"), "%s", msg);
}

Test(expand, cites_command)
{
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd, "%s cited-by -i %s 2008/615/JHA", ACQ_CLI_PATH, ixdir);
    cr_assert_eq(test_run(cmd, &out), 0);
    cr_assert_not_null(strstr(out, "32008D0615 is cited by 2 acts (2 documents)"), "%s", out);
    cr_assert_not_null(strstr(out, "32011D0472"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s cites -i %s --json 32011D0472", ACQ_CLI_PATH, ixdir);
    cr_assert_eq(test_run(cmd, &out), 0);
    cr_assert_not_null(strstr(out, "{\"celex\":\"32008D0615\",\"count\":1,\"name\":\"Prüm Decision\""), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s cites -i %s 'no such act' 2>&1", ACQ_CLI_PATH, ixdir);
    cr_assert_eq(test_run(cmd, &out), 2);
    free(out);
    snprintf(cmd, sizeof cmd, "%s search -i %s --explain -k 1 'Prüm'", ACQ_CLI_PATH, ixdir);
    cr_assert_eq(test_run(cmd, &out), 0);
    cr_assert_not_null(strstr(out, "\"Prüm\" = Prüm Decision 32008D0615"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s search -i %s --no-expand --count -k 1 '2008/615'", ACQ_CLI_PATH, ixdir);
    cr_assert_eq(test_run(cmd, &out), 1);
    free(out);
}

Test(expand, own_instruments_table)
{
    char path[1024], cmd[2048], *out = NULL;
    snprintf(path, sizeof path, "%s/mine.txt", ixdir);
    cr_assert_eq(test_write_file(path, "[fishery-rules]\ncite: Commission Decision 2010/123/EU\ncelex: 32010D0123\n"
                                       "type: decision\ndate: 2010-01-01\ntitle: Decision 2010/123/EU\n"
                                       "name.en: Fishery Rules Decision\n"),
                 0);
    /* Its name finds the act, named nowhere in the texts. */
    snprintf(cmd, sizeof cmd, "%s search --instruments %s -i %s --fields id -k 1 'Fishery Rules Decision'", ACQ_CLI_PATH,
             path, ixdir);
    cr_assert_eq(test_run(cmd, &out), 0);
    cr_assert(strncmp(out, "other1", 6) == 0 || strstr(out, " other1") != NULL, "%s", out);
    free(out);
    /* A bad table is an error naming the line. */
    cr_assert_eq(test_write_file(path, "[x]\nnmae: y\n"), 0);
    snprintf(cmd, sizeof cmd, "%s search -i %s --instruments %s europol 2>&1", ACQ_CLI_PATH, ixdir, path);
    cr_assert_eq(test_run(cmd, &out), 2);
    cr_assert_not_null(strstr(out, "mine.txt:2: unknown field 'nmae'"), "%s", out);
    free(out);
}

/* ---- the real acts of jha-en ----------------------------------------------- */

/* Acts of jha-en that say Prüm or cite the Prüm decisions, and the first
 * 1,500 others (for realistic document frequencies), indexed. */
Test(expand_shared, prum_on_jha_en, .timeout = 240)
{
    char corpus[1024];
    if (!test_shared(corpus, sizeof corpus, "corpus/jha-en.jsonl.gz"))
        cr_skip_test("%s is missing", corpus);
    char *dir = test_tmpdir(), cmd[4096], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "set -e; cd %s; gzip -dc '%s' > all.jsonl; "
             "{ grep -i -E 'pr(ü|u|\\\\u00fc)m|2008/61[56]' all.jsonl; head -n 1500 all.jsonl; } | sort -u > sub.jsonl; "
             "%s index -q -o ix sub.jsonl; rm all.jsonl",
             dir, corpus, ACQ_CLI_PATH);
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out ? out : "");
    free(out);
    char path[1200], msg[512];
    snprintf(path, sizeof path, "%s/ix", dir);
    acq_index *j;
    cr_assert_eq(acq_index_open(&j, path, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = 200;
    o.exhaustive = 1;
    acq_results *r;
    cr_assert_eq(acq_search(&r, j, "Prüm", &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    /* Relevance by a rule fixed in advance: the act cites 2008/615/JHA or
     * 2008/616/JHA. Every such act must rank above every act that only
     * names Prüm the place (a veterinary act: it cites neither). */
    size_t last_citing = 0, first_vet = 0, citing = 0;
    for (size_t i = 0; i < acq_results_count(r); i++) {
        const acq_hit *h = acq_results_hit(r, i);
        int cites = 0;
        for (size_t f = 0; f < h->field_count; f++)
            cites |= strcmp(h->fields[f].name, "cites") == 0 &&
                     (strcmp(h->fields[f].value, "32008D0615") == 0 || strcmp(h->fields[f].value, "32008D0616") == 0);
        int vet = strstr(h->title, "swine fever") != NULL || strstr(h->title, "animal health") != NULL;
        if (cites) {
            citing++;
            last_citing = i + 1;
        }
        if (vet && !first_vet)
            first_vet = i + 1;
    }
    cr_assert_geq(citing, 30, "only %zu citing acts found", citing);
    cr_assert_neq(first_vet, 0, "the veterinary acts should still match");
    cr_assert_lt(last_citing, first_vet, "a citing act at %zu, below a veterinary act at %zu", last_citing, first_vet);
    acq_results_free(r);
    acq_index_close(j);
    test_rmrf(dir);
    free(dir);
}

/* ---- the thesaurus ------------------------------------------------------------ */

Test(expand, thesaurus_file_expands_on_request)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/thes.tsv", ixdir);
    cr_assert_eq(test_write_file(path, "# concept, language, label\n"
                                       "c1\ten\tdata retention\n"
                                       "c1\ten\tretention of traffic data\n"
                                       "c1\tde\tVorratsdatenspeicherung\n"
                                       "c2\ten\tfishery statistics\n"),
                 0);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = 10;
    acq_results *r;
    char msg[512];
    /* Not asked for: the German word finds nothing in English texts. */
    cr_assert_eq(acq_search(&r, ix, "Vorratsdatenspeicherung", &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_results_count(r), 0);
    acq_results_free(r);
    o.thesaurus = path;
    cr_assert_eq(acq_search(&r, ix, "Vorratsdatenspeicherung", &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_results_count(r), 1);
    cr_assert_str_eq(acq_results_hit(r, 0)->id, "ret1");
    acq_results_free(r);
    /* A synonym finds it too, and so does the label itself. */
    cr_assert_eq(acq_search(&r, ix, "retention of traffic data", &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_str_eq(acq_results_hit(r, 0)->id, "ret1");
    acq_results_free(r);
    char out[4096];
    cr_assert_eq(acq_query_describe(ix, "Vorratsdatenspeicherung", &o, out, sizeof out, msg, sizeof msg), ACQ_OK);
    cr_assert_not_null(strstr(out, "thesaurus concept c1 (data retention)"), "%s", out);
    /* A bad file is an error naming the line. */
    snprintf(path, sizeof path, "%s/bad.tsv", ixdir);
    cr_assert_eq(test_write_file(path, "c1\ten\tfine\nno tabs here\n"), 0);
    o.thesaurus = path;
    cr_assert_eq(acq_search(&r, ix, "anything", &o, msg, sizeof msg), ACQ_EINPUT);
    cr_assert_not_null(strstr(msg, "bad.tsv:2:"), "%s", msg);
}

Test(expand, eurovoc_label_maps_translate_queries)
{
    char dir[1024];
    if (!test_shared(dir, sizeof dir, "thesaurus/eurovoc-tn-aixpa/label_mappings_tc"))
        cr_skip_test("%s is missing", dir);
    acq_thesaurus *t;
    acq_err err = {0};
    cr_assert_eq(acq_thesaurus_load(&t, dir, &err), ACQ_OK, "%s", err.msg);
    cr_assert_geq(acq_thesaurus_concepts(t), 7000);
    uint32_t c[4], d[4];
    cr_assert_eq(acq_thesaurus_lookup(t, "European arrest warrant", strlen("European arrest warrant"), c, 4), 1);
    cr_assert_str_eq(acq_thesaurus_id(t, c[0]), "6724");
    const char *pl = "europejski nakaz aresztowania";
    cr_assert_eq(acq_thesaurus_lookup(t, pl, strlen(pl), d, 4), 1);
    cr_assert_eq(c[0], d[0], "the Polish label is the same concept");
    const acq_thes_label *l;
    size_t n = acq_thesaurus_labels(t, c[0], &l), langs = 0;
    for (size_t i = 0; i < n; i++)
        langs += i == 0 || strcmp(l[i].lang, l[i - 1].lang) != 0;
    cr_assert_geq(langs, 24, "labels in %zu languages", langs);
    acq_thesaurus_free(t);
    /* A Polish query finds the English act through the concept. */
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.thesaurus = dir;
    acq_results *r;
    char msg[512];
    cr_assert_eq(acq_search(&r, ix, pl, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_geq(acq_results_count(r), 1);
    cr_assert_str_eq(acq_results_hit(r, 0)->id, "eaw1");
    acq_results_free(r);
}
