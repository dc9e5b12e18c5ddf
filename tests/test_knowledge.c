/* test_knowledge.c: the instruments table and the citation extractor
 * (src/knowledge/): the bundled table loads and every record is
 * well-formed; every citation form of every instrument resolves to its one
 * CELEX; names fold; users' tables extend and override, and bad ones are
 * refused with file and line; extraction on sentences written here and on
 * real sentences read at test time from ../shared/corpus/jha-en.jsonl.gz
 * (skipped when absent); for 20 instruments, the acts of jha-en that cite
 * each by any citation form (a grep-like scan written here) against the
 * acts whose extracted citations contain its CELEX: the same acts, but for
 * those where grep mistakes another act of the same number for it (the
 * table is printed: `build/tests/test_knowledge --filter 'knowledge/grep*'`);
 * hostile input never crashes; allocation failures are reported. */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "ingest/ingest.h"
#include "knowledge/citations.h"
#include "knowledge/instruments.h"
#include "support.h"

/* ../shared/corpus/jha-en.jsonl.gz (the shared folder is found at run time). */
static const char *jha_en(void)
{
    static char path[2048];
    snprintf(path, sizeof path, "%s/corpus/jha-en.jsonl.gz", ACQ_SHARED_DIR);
    return path;
}
#define JHA_EN jha_en()

static acq_instruments *open_bundled(void)
{
    acq_err err = {0};
    acq_instruments *kb = NULL;
    int rc = acq_instruments_open(&kb, &err);
    cr_assert_eq(rc, ACQ_OK, "the bundled table does not load: %s", err.msg);
    return kb;
}

/* The CELEX numbers extracted from s, joined by spaces. */
static void extract_str(const char *s, const acq_instruments *kb, char *out, size_t cap)
{
    acq_citations c = {0};
    cr_assert_eq(acq_citations_extract(s, strlen(s), kb, &c), ACQ_OK);
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < c.n && n < cap; i++) {
        cr_assert(c.items[i].start < c.items[i].end && c.items[i].end <= strlen(s));
        n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? " " : "", c.items[i].celex);
    }
    acq_citations_free(&c);
}

/* ---- The bundled table ------------------------------------------------- */

Test(knowledge, bundled_table_loads_and_every_record_is_well_formed)
{
    acq_instruments *kb = open_bundled();
    size_t n = acq_instruments_count(kb);
    cr_assert_geq(n, 80, "only %zu instruments", n);
    for (size_t i = 0; i < n; i++) {
        const acq_instrument *in = acq_instruments_get(kb, i);
        cr_assert(in->key[0] && in->title[0] && in->date[0] && in->type[0]);
        cr_assert(acq_celex_valid(in->celex), "%s: CELEX %s", in->key, in->celex);
        cr_assert_eq(acq_instruments_by_key(kb, in->key), in);
        cr_assert_eq(acq_instruments_by_celex(kb, in->celex), in);
        /* a name in English, French and German at least */
        int en = 0, fr = 0, de = 0;
        for (size_t k = 0; k < in->n_names; k++) {
            const char *l = in->names[k].lang;
            en |= !*l || strcmp(l, "en") == 0;
            fr |= !*l || strcmp(l, "fr") == 0;
            de |= !*l || strcmp(l, "de") == 0;
        }
        cr_assert(en && fr && de, "%s lacks an English, French or German name", in->key);
        if (in->celex[0] == '3') {
            char celex[ACQ_CELEX_MAX];
            acq_cite_parts parts;
            cr_assert_eq(acq_citation_parse(in->cite, strlen(in->cite), &parts, celex), ACQ_OK,
                         "%s: cite '%s'", in->key, in->cite);
            cr_assert_str_eq(celex, in->celex);
            /* the number itself and its CELEX are among the forms */
            cr_assert_geq(in->n_forms, 4, "%s has %zu forms", in->key, in->n_forms);
        }
        /* successors and predecessors name each other */
        for (size_t k = 0; k < in->n_successors; k++) {
            const acq_instrument *s = acq_instruments_get(kb, in->successors[k]);
            cr_assert_not_null(s);
            int back = 0;
            for (size_t q = 0; q < s->n_predecessors; q++)
                back |= acq_instruments_get(kb, s->predecessors[q]) == in;
            cr_assert(back, "%s -> %s is one-sided", in->key, s->key);
        }
    }
    acq_instruments_free(kb);
}

Test(knowledge, the_instruments_the_issue_names_are_there)
{
    acq_instruments *kb = open_bundled();
    static const char *const celex[] = {
        "32008D0615", "32008D0616", "32006F0960", "32009D0371", "32016R0794", "32002D0187",
        "32018R1727", "32017R1939", "32014L0041", "32002F0584", "32009F0315", "32016L0681",
        "32016L0680", "32023R1543", "42000A0922(02)", "32016R0399", "32006R1987", "32007D0533",
        "32018R1861", "32018R1862", "32018R1860", "32008R0767", "32017R2226", "32018R1240",
        "32013R0603", "32019R1896", "32009R0810", "32018R1806", "32019R0817", "32003R0343",
        "32013R0604", "32011L0095", "32013L0032", "32013L0033", "32008L0115", "32003L0086",
        "32003L0109", "32009L0050", "32001R0044", "32012R1215", "32008R0593", "32007R0864",
        "31995L0046", "32016R0679", "32008F0977", "31991L0308", "32001L0097", "32005L0060",
        "32015L0849", "32018L0843", "32018L1673", "32024L1640", "32024R1624", "32024R1620"};
    for (size_t i = 0; i < sizeof celex / sizeof *celex; i++)
        cr_assert_not_null(acq_instruments_by_celex(kb, celex[i]), "%s is missing", celex[i]);
    /* a consolidated version's CELEX names its act */
    cr_assert_eq(acq_instruments_by_celex(kb, "02016R0794-20220628"),
                 acq_instruments_by_celex(kb, "32016R0794"));
    const acq_instrument *eu = acq_instruments_by_key(kb, "europol-regulation");
    cr_assert_not_null(eu);
    cr_assert_eq(eu->n_predecessors, 1);
    cr_assert_str_eq(acq_instruments_get(kb, eu->predecessors[0])->key, "europol-decision");
    acq_instruments_free(kb);
}

Test(knowledge, every_citation_form_resolves_to_its_one_celex)
{
    acq_instruments *kb = open_bundled();
    size_t forms = 0;
    for (size_t i = 0; i < acq_instruments_count(kb); i++) {
        const acq_instrument *in = acq_instruments_get(kb, i);
        for (size_t k = 0; k < in->n_forms; k++) {
            const char *f = in->forms[k];
            forms++;
            cr_assert_eq(acq_instruments_by_citation(kb, f, strlen(f)), in,
                         "form '%s' of %s", f, in->key);
            /* and the extractor reads the form alone as exactly that act;
             * but a number without a type word that may be another act
             * ("95/46/EC": directives and decisions had separate series)
             * is left alone */
            char key[64];
            size_t n = strlen(f);
            int bare = n < sizeof key && strchr(f, '/') && !strchr(f, ' ');
            for (size_t q = 0; bare && q <= n; q++)
                key[q] = (char)((f[q] >= 'A' && f[q] <= 'Z') ? f[q] + 32 : f[q]);
            size_t want = bare && !acq_instruments_celex_of_form(kb, key, n, 1) ? 0 : 1;
            acq_citations c = {0};
            cr_assert_eq(acq_citations_extract(f, strlen(f), kb, &c), ACQ_OK);
            cr_assert_eq(c.n, want, "form '%s' of %s gives %zu citations", f, in->key, c.n);
            if (want)
                cr_assert_str_eq(c.items[0].celex, in->celex, "form '%s'", f);
            acq_citations_free(&c);
        }
    }
    cr_log_info("%zu citation forms of %zu instruments", forms, acq_instruments_count(kb));
    /* partial and foreign forms of one act */
    static const char *const same[] = {
        "2008/615", "2008/615/JHA", "2008/615/JAI", "2008/615/JI", "Council Decision 2008/615/JHA",
        "Decision 2008/615/JHA", "décision 2008/615/JAI", "Beschluss 2008/615/JI", "32008D0615",
        "decision  2008/615/jha", "COUNCIL DECISION 2008/615/JHA"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        const acq_instrument *in = acq_instruments_by_citation(kb, same[i], strlen(same[i]));
        cr_assert_not_null(in, "%s", same[i]);
        cr_assert_str_eq(in->key, "prum-decision", "%s", same[i]);
    }
    static const char *const europol[] = {"Regulation 2016/794", "Regulation (EU) 2016/794",
                                          "32016R0794", "2016/794", "règlement (UE) 2016/794",
                                          "Verordnung (EU) 2016/794"};
    for (size_t i = 0; i < sizeof europol / sizeof *europol; i++) {
        const acq_instrument *in = acq_instruments_by_citation(kb, europol[i], strlen(europol[i]));
        cr_assert(in && strcmp(in->key, "europol-regulation") == 0, "%s", europol[i]);
    }
    const acq_instrument *sis = acq_instruments_by_citation(kb, "Regulation (EC) No 1987/2006", 28);
    cr_assert(sis && strcmp(sis->celex, "32006R1987") == 0);
    cr_assert_null(acq_instruments_by_citation(kb, "Regulation (EC) No 9999/2006", 28));
    acq_instruments_free(kb);
}

Test(knowledge, names_fold_case_accents_and_punctuation)
{
    acq_instruments *kb = open_bundled();
    const acq_instrument *a[8], *b[8], *c[8];
    const acq_instrument_name *nm[8];
    size_t na = acq_instruments_by_name(kb, "Prüm", strlen("Prüm"), a, nm, 8);
    size_t nb = acq_instruments_by_name(kb, "PRÜM", strlen("PRÜM"), b, NULL, 8);
    size_t nc = acq_instruments_by_name(kb, "prum", 4, c, NULL, 8);
    cr_assert_geq(na, 2);
    cr_assert(na == nb && nb == nc);
    int decision = 0;
    for (size_t i = 0; i < na; i++) {
        cr_assert(a[i] == b[i] && b[i] == c[i]);
        cr_assert(nm[i]->ambiguous, "'Prüm' is a town too: the table flags the name");
        decision |= strcmp(a[i]->key, "prum-decision") == 0;
    }
    cr_assert(decision);
    static const struct { const char *name, *key; } cases[] = {
        {"the EAW", NULL},
        {"EAW", "eaw-framework-decision"},
        {"European arrest warrant", "eaw-framework-decision"},
        {"mandat d’arrêt européen", "eaw-framework-decision"},
        {"Europäischer Haftbefehl", "eaw-framework-decision"},
        {"Dublin-III-Verordnung", "dublin-iii-regulation"},
        {"dublin iii", "dublin-iii-regulation"},
        {"Schengener Durchführungsübereinkommen", "schengen-convention"},
        {"GDPR", "gdpr"},
        {"DSGVO", "gdpr"},
        {"RGPD", "gdpr"},
        {"Swedish Initiative", "swedish-initiative"},
        {"Europol-Verordnung", "europol-regulation"},
        {"ETIAS", "etias-regulation"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const acq_instrument *o[8];
        size_t k = acq_instruments_by_name(kb, cases[i].name, strlen(cases[i].name), o, NULL, 8);
        if (cases[i].key == NULL) {
            cr_assert_eq(k, 0, "%s", cases[i].name);
            continue;
        }
        int found = 0;
        for (size_t q = 0; q < k && q < 8; q++)
            found |= strcmp(o[q]->key, cases[i].key) == 0;
        cr_assert(found, "'%s' should name %s (%zu found)", cases[i].name, cases[i].key, k);
    }
    /* "SIS II" names both legal bases of the second generation SIS */
    const acq_instrument *s[8];
    cr_assert_eq(acq_instruments_by_name(kb, "SIS II", 6, s, NULL, 8), 2);
    acq_instruments_free(kb);
}

/* ---- Users' tables ------------------------------------------------------ */

static const char *own_table =
    "# my own table\n"
    "[prum-decision]\n"
    "cite: Council Decision 2008/615/JHA\n"
    "celex: 32008D0615\n"
    "type: decision\n"
    "date: 2008-06-23\n"
    "title: the Prüm Decision, as I call it\n"
    "name.en: my Prüm\n"
    "name.fr: mon Prüm\n"
    "name.de: mein Prüm\n"
    "successor: prum-ii-regulation\n"
    "\n"
    "[atlas-network]\n"
    "cite: Council Decision 2008/617/JHA\n"
    "celex: 32008D0617\n"
    "type: decision\n"
    "date: 2008-06-23\n"
    "title: Council Decision 2008/617/JHA on the special intervention units\n"
    "name: ATLAS network\n";

Test(knowledge, a_users_table_extends_and_overrides)
{
    acq_instruments *kb = open_bundled();
    size_t n0 = acq_instruments_count(kb);
    acq_err err = {0};
    /* 32008D0617 is already the bundled special-intervention-units-decision:
     * the same act under another key is refused */
    cr_assert_eq(acq_instruments_load_text(kb, "mine.txt", own_table, strlen(own_table), &err),
                 ACQ_EINPUT);
    cr_assert(strstr(err.msg, "mine.txt:13:") && strstr(err.msg, "32008D0617"), "%s", err.msg);
    cr_assert_eq(acq_instruments_count(kb), n0, "a failed load changed the table");
    cr_assert_str_neq(acq_instruments_by_key(kb, "prum-decision")->title,
                      "the Prüm Decision, as I call it");
    /* with the bundled key it replaces that record */
    const char *from = "[atlas-network]", *to = "[special-intervention-units-decision]";
    const char *at = strstr(own_table, from);
    char *body = malloc(strlen(own_table) + strlen(to) + 1);
    sprintf(body, "%.*s%s%s", (int)(at - own_table), own_table, to, at + strlen(from));
    char path[4096];
    char *dir = test_tmpdir();
    snprintf(path, sizeof path, "%s/mine.txt", dir);
    cr_assert_eq(test_write_file(path, body), 0);
    acq_err_clear(&err);
    cr_assert_eq(acq_instruments_load_file(kb, path, &err), ACQ_OK, "%s", err.msg);
    cr_assert_eq(acq_instruments_count(kb), n0);
    const acq_instrument *p = acq_instruments_by_key(kb, "prum-decision");
    cr_assert_str_eq(p->title, "the Prüm Decision, as I call it");
    cr_assert_str_eq(p->source, path);
    cr_assert_eq(p->line, 2);
    const acq_instrument *o[4];
    cr_assert_eq(acq_instruments_by_name(kb, "mon prum", 8, o, NULL, 4), 1);
    cr_assert_eq(o[0], p);
    const char *old = "Prüm Decision";
    cr_assert_eq(acq_instruments_by_name(kb, old, strlen(old), o, NULL, 4), 0,
                 "an overridden record's old names are gone");
    cr_assert_eq(acq_instruments_by_name(kb, "atlas network", 13, o, NULL, 4), 1);
    cr_assert_str_eq(o[0]->key, "special-intervention-units-decision");
    /* the successor link is seen from both sides, once */
    const acq_instrument *prum2 = acq_instruments_by_key(kb, "prum-ii-regulation");
    cr_assert_eq(p->n_successors, 1);
    cr_assert_eq(acq_instruments_get(kb, p->successors[0]), prum2);
    int back = 0;
    for (size_t k = 0; k < prum2->n_predecessors; k++)
        back += acq_instruments_get(kb, prum2->predecessors[k]) == p;
    cr_assert_eq(back, 1);
    /* a new instrument */
    const char *extra = "[forensic-accreditation-framework-decision]\n"
                        "cite: Council Framework Decision 2009/905/JHA\n"
                        "celex: 32009F0905\ntype: framework-decision\ndate: 2009-11-30\n"
                        "title: Council Framework Decision 2009/905/JHA of 30 November 2009 on "
                        "accreditation of forensic service providers carrying out laboratory "
                        "activities\n"
                        "name.en: Forensic Accreditation Framework Decision\n"
                        "form: Forensic FD 2009\n";
    cr_assert_eq(acq_instruments_load_text(kb, "extra.txt", extra, strlen(extra), &err), ACQ_OK,
                 "%s", err.msg);
    cr_assert_eq(acq_instruments_count(kb), n0 + 1);
    const char *forms[] = {"forensic fd 2009", "2009/905/JAI", "Rahmenbeschluss 2009/905/JI"};
    for (size_t i = 0; i < 3; i++)
        cr_assert_str_eq(acq_instruments_by_citation(kb, forms[i], strlen(forms[i]))->celex,
                         "32009F0905");
    free(body);
    test_rmrf(dir);
    free(dir);
    acq_instruments_free(kb);
}

Test(knowledge, bad_tables_are_refused_with_file_line_and_reason)
{
    static const struct { const char *text, *want; } bad[] = {
        {"[x]\ncelex: 32008D615\n", "bad.txt:2: '32008D615' is not a CELEX"},
        {"[x]\ncelex: 32008D0615\ntype: decision\ndate: 2008-06-23\ntitle: t\n",
         "bad.txt:1: instrument 'x' (CELEX 32008D0615) has no cite"},
        {"[x]\ncite: Council Decision 2008/615/JHA\ncelex: 32008D0651\ntype: decision\n"
         "date: 2008-06-23\ntitle: t\n",
         "is CELEX 32008D0615, but the celex: line says 32008D0651"},
        {"[x]\ncite: Council Decision 2008/615/JHA\ncelex: 32008D0615\ntype: regulation\n"
         "date: 2008-06-23\ntitle: t\n",
         "type 'regulation' does not match CELEX 32008D0615"},
        {"[x]\ncite: Council Decision 2008/615/JHA\ncelex: 32008D0615\ntype: decision\n"
         "date: 2011-06-23\ntitle: t\n",
         "CELEX 32008D0615 has year 2008 but the date is 2011-06-23"},
        {"[x]\nnmae.en: Prüm\n", "bad.txt:2: unknown field 'nmae'"},
        {"[x]\ndate: 2008-02-30\n", "bad.txt:2: '2008-02-30' is not a date"},
        {"[x]\ntype: decree\n", "bad.txt:2: unknown type 'decree'"},
        {"[x]\narea: polce\n", "bad.txt:2: unknown area 'polce'"},
        {"[x]\nname.french: Prüm\n", "bad.txt:2: 'french' is not a language code"},
        {"[x]\ntitle: a\ntitle: b\n", "bad.txt:3: field 'title' given twice"},
        {"title: a\n", "bad.txt:1: a field before the first '[key]' line"},
        {"[X Y]\n", "bad.txt:1: 'X Y' is not an instrument key"},
        {"[x]\njust words\n", "bad.txt:2: expected '[key]' or 'field: value'"},
        {"[x]\ntitle:\n", "bad.txt:2: field 'title' has no value"},
        {"[x]\ntitle: caf\xc3\n", "bad.txt:2: invalid UTF-8"},
        {"[a]\ncelex: 42000A0922(01)\ntype: agreement\ndate: 1985-06-14\ntitle: t\n"
         "successor: nowhere\n",
         "bad.txt:6: instrument 'a' names successor 'nowhere', which no record defines"},
        {"[a]\ncelex: 42000A0922(01)\ntype: agreement\ndate: 1985-06-14\ntitle: t\n"
         "[a]\n",
         "bad.txt:6: key 'a' is already used at line 1"},
        {"[a]\ncelex: 42000A0922(01)\ntype: agreement\ndate: 1985-06-14\ntitle: t\n"
         "[b]\ncelex: 42000A0922(02)\ntype: convention\ndate: 1990-06-19\ntitle: u\n"
         "form: Schengen 1985\nform: schengen  1985\n"
         "[c]\ncelex: 41997A0819(01)\ntype: convention\ndate: 1990-06-15\ntitle: v\n"
         "form: SCHENGEN 1985\n",
         "citation form 'schengen 1985' of 'c' is also a form of 'b'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        acq_instruments *kb;
        acq_err err = {0};
        cr_assert_eq(acq_instruments_new(&kb, &err), ACQ_OK);
        int rc = acq_instruments_load_text(kb, "bad.txt", bad[i].text, strlen(bad[i].text), &err);
        cr_assert_eq(rc, ACQ_EINPUT, "case %zu loaded", i);
        cr_assert(strstr(err.msg, bad[i].want), "case %zu: got '%s', want '%s'", i, err.msg,
                  bad[i].want);
        cr_assert_eq(acq_instruments_count(kb), 0);
        acq_instruments_free(kb);
    }
    /* a NUL byte and a missing file */
    acq_instruments *kb;
    acq_err err = {0};
    cr_assert_eq(acq_instruments_new(&kb, &err), ACQ_OK);
    cr_assert_eq(acq_instruments_load_text(kb, "nul.txt", "[a]\n\0", 5, &err), ACQ_EINPUT);
    cr_assert(strstr(err.msg, "nul.txt:2: NUL byte"), "%s", err.msg);
    acq_err_clear(&err);
    cr_assert_eq(acq_instruments_load_file(kb, "/nonexistent/instruments.txt", &err), ACQ_EIO);
    cr_assert(strstr(err.msg, "/nonexistent/instruments.txt"), "%s", err.msg);
    acq_instruments_free(kb);
}

Test(knowledge, the_environment_variable_replaces_the_bundled_table)
{
    char *dir = test_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/t.txt", dir);
    cr_assert_eq(test_write_file(path, "[a]\ncelex: 42000A0922(01)\ntype: agreement\n"
                                       "date: 1985-06-14\ntitle: t\nname: Schengen\n"),
                 0);
    setenv(ACQ_INSTRUMENTS_ENV, path, 1);
    acq_instruments *kb;
    acq_err err = {0};
    cr_assert_eq(acq_instruments_open(&kb, &err), ACQ_OK, "%s", err.msg);
    cr_assert_eq(acq_instruments_count(kb), 1);
    acq_instruments_free(kb);
    /* a table that cannot be read is an error, not the bundled table */
    snprintf(path, sizeof path, "%s/missing.txt", dir);
    setenv(ACQ_INSTRUMENTS_ENV, path, 1);
    cr_assert_eq(acq_instruments_open(&kb, &err), ACQ_EIO);
    cr_assert_null(kb);
    cr_assert(strstr(err.msg, "missing.txt"), "%s", err.msg);
    unsetenv(ACQ_INSTRUMENTS_ENV);
    cr_assert_eq(acq_instruments_open(&kb, &err), ACQ_OK);
    cr_assert_geq(acq_instruments_count(kb), 80);
    acq_instruments_free(kb);
    test_rmrf(dir);
    free(dir);
}

Test(knowledge, the_source_file_is_the_bundled_table)
{
    /* the compiled-in copy is corpus/instruments.txt as it is now */
    size_t len;
    char *src = test_read_file(ACQ_SOURCE_DIR "/corpus/instruments.txt", &len);
    cr_assert_not_null(src);
    acq_instruments *kb = open_bundled(), *fromfile;
    acq_err err = {0};
    cr_assert_eq(acq_instruments_new(&fromfile, &err), ACQ_OK);
    cr_assert_eq(acq_instruments_load_file(fromfile, ACQ_SOURCE_DIR "/corpus/instruments.txt",
                                           &err),
                 ACQ_OK, "%s", err.msg);
    cr_assert_eq(acq_instruments_count(kb), acq_instruments_count(fromfile),
                 "rebuild: the library's copy of the table is stale");
    for (size_t i = 0; i < acq_instruments_count(kb); i++)
        cr_assert_str_eq(acq_instruments_get(kb, i)->celex,
                         acq_instruments_get(fromfile, i)->celex);
    acq_instruments_free(fromfile);
    acq_instruments_free(kb);
    free(src);
}

/* ---- Extraction on sentences written here -------------------------------- */

Test(knowledge, extraction_of_written_citations)
{
    acq_instruments *kb = open_bundled();
    static const struct { const char *text, *want; int with_kb; } cases[] = {
        {"Council Decision 2008/615/JHA of 23 June 2008 on the stepping up", "32008D0615", 0},
        {"the Decisions 2008/615/JHA and 2008/616/JHA apply", "32008D0615 32008D0616", 0},
        {"Decisions 2008/615/JHA (1) and 2008/616/JHA (2) and Framework Decision 2009/905/JHA (3)",
         "32008D0615 32008D0616 32009F0905", 0},
        {"Regulation (EC) No 1987/2006 and Decision 2007/533/JHA", "32006R1987 32007D0533", 0},
        {"Regulations (EC) No 1986/2006, (EC) No 1987/2006 and No 1104/2008",
         "32006R1986 32006R1987 32008R1104", 0},
        {"Regulation (EU) 2016/794 replaces it.", "32016R0794", 0},
        {"under Directive 95/46/EC,", "31995L0046", 0},
        {"Council Framework Decision 2002/584/JHA", "32002F0584", 0},
        {"Regulation (EU) No 604/2013", "32013R0604", 0},
        {"Regulation (EEC) No 1408/71", "31971R1408", 0},
        {"Regulation (EU) 2024/1689 (the AI Act)", "32024R1689", 0},
        {"Regulation (EU) 2015/2016 and Regulation (EC) No 2006/2004", "32015R2016 32004R2006", 0},
        {"Regulation No 17/62", "31962R0017", 0},
        {"Commission Implementing Regulation (EU) 2015/4", "32015R0004", 0},
        {"Regulation (EU, Euratom) No 883/2013", "32013R0883", 0},
        {"REGULATION ( EEC ) NO 1520/70 OF THE COMMISSION", "31970R1520", 0},
        {"Decision No 574/2007/EC", "32007D0574", 0},
        {"Decision No 2119/98/EC", "31998D2119", 0},
        {"Council Decision No 64/389/EEC", "31964D0389", 0},
        {"Commission Decision No 2064/86/ECSC", "31986S2064", 0},
        {"Decision No 1/95 of the EC-Turkey Association Council", "", 0},
        {"Council Common Position 2001/931/CFSP", "32001E0931", 0},
        {"Joint Action 98/428/JHA", "31998F0428", 0},
        {"Council Joint Action 2008/124/CFSP", "32008E0124", 0},
        {"Commission Recommendation 2003/361/EC", "32003H0361", 0},
        {"Council Decision (CFSP) 2015/1333", "32015D1333", 0},
        {"Directive (EU) 2016/680 and Directive (EU) 2016/681", "32016L0680 32016L0681", 0},
        /* footnotes, glued footnote markers, spaces, dashes */
        {"Regulation (EC) No 1987/2006(1) and Directive 95/46/EC(2)", "32006R1987 31995L0046", 0},
        {"Council Regulation (EEC) No 1612/683 fixed", "31968R1612", 0},
        {"Regulation (EC) No 2287/20031 of", "32003R2287", 0},
        {"Regulation (EC) No\xc2\xa0" "1987/2006", "32006R1987", 0},
        {"Regulation (EC)\xe2\x80\xaf" "No\xe2\x80\xaf" "1987/2006", "32006R1987", 0},
        {"Regulation (EC) No. 1987/2006", "32006R1987", 0},
        {"Decisions 98/119/EC to 98/122/EC", "31998D0119 31998D0120 31998D0121 31998D0122", 0},
        {"Regulations (EEC) Nos 1234/70\xe2\x80\x93" "1236/70",
         "31970R1234 31970R1235 31970R1236", 0},
        {"Decisions 75/5/EEC of 27 November 1974 (2) and 75/434/EEC of 8 July 1975",
         "31975D0005 31975D0434", 0},
        {"the Council Directive of 6 February 1970 (70/157/EEC)", "31970L0157", 0},
        {"the Sixth Council Directive (77/388/EEC) of 17 May 1977", "31977L0388", 0},
        {"relevance) (94/46/EC)", "", 0},
        /* CELEX numbers */
        {"see 32008D0615 and CELEX:32016R0794.", "32008D0615 32016R0794", 0},
        {"consolidated 02016R0794-20220628", "32016R0794", 0},
        {"Schengen 42000A0922(02)", "42000A0922(02)", 0},
        /* French and German */
        {"le règlement (CE) n° 1987/2006 et la décision 2007/533/JAI", "32006R1987 32007D0533",
         0},
        {"la décision-cadre 2002/584/JAI du Conseil", "32002F0584", 0},
        {"die Verordnung (EG) Nr. 1987/2006 und der Rahmenbeschluss 2002/584/JI",
         "32006R1987 32002F0584", 0},
        {"Richtlinie 95/46/EG", "31995L0046", 0},
        {"Durchführungsbeschluss (EU) 2015/1010", "32015D1010", 0},
        {"Gemeinsame Maßnahme 98/428/JI", "31998F0428", 0},
        {"position commune 2001/931/PESC", "32001E0931", 0},
        {"du règlement d’exécution (UE) 2018/2066 et du règlement délégué (UE) 2017/590",
         "32018R2066 32017R0590", 0},
        {"la décision d'exécution 2011/175/PESC", "32011D0175", 0},
        {"par exécution 2018/2066", "", 0},
        {"les directives du Parlement européen et du Conseil 2001/24/CE, 2002/47/CE et "
         "les règlements du Conseil (CE) no 1/2003",
         "32001L0024 32002L0047 32003R0001", 0},
        {"la position du Conseil 2015/123", "", 0},
        /* not acts */
        {"Case C-311/18 and Case C\xe2\x80\x91" "404/15", "", 0},
        {"OJ L 210, 6.8.2008, p. 1; OJ No 117, 19. 6. 1967, p. 2269/67", "", 0},
        {"the 1967/68 marketing year; 3/4 of the amount; EUR 62,25/100 kg", "", 0},
        {"Decision 2006/000/JHA", "", 0},
        {"Regulation (EC) No 1987/20060", "", 0},
        {"123456/2008 and 2008/12345 and 12/2008/XYZ", "", 0},
        /* numbers without a type word: only through the table */
        {"as 2008/615/JHA provides", "", 0},
        {"as 2008/615/JHA provides", "32008D0615", 1},
        {"Reglamento (CE) n° 1987/2006", "32006R1987", 1},
        {"(OJ L 381, 28.12.2006, p. 1987/2006)", "", 1},
        /* a type word that contradicts the table: the number wins */
        {"Council Decision 2002/584/JHA", "32002D0584", 0},
        {"Council Decision 2002/584/JHA", "32002F0584", 1},
        {"Directive 2016/679", "32016R0679", 1},
        /* across the series of directives and decisions (before 2015) the
         * text is taken at its word, and a bare number is left alone */
        {"Council Implementing Decision 2013/48/EU", "32013D0048", 1},
        {"Directive 2013/48/EU", "32013L0048", 1},
        {"(2013/48/EU)", "", 1},
        {"95/46/EC", "", 1},
        {"(574/2007/EC) and 1987/2006", "32007D0574 32006R1987", 1},
        /* EUR-Lex pages flatten the superscript o of No */
        {"Regulation (EC) N o 593/2008", "32008R0593", 0},
        {"02008R0593 — EN — 24.07.2008", "32008R0593", 0},
    };
    char got[512];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        extract_str(cases[i].text, cases[i].with_kb ? kb : NULL, got, sizeof got);
        cr_assert_str_eq(got, cases[i].want, "'%s' (%s table)", cases[i].text,
                         cases[i].with_kb ? "with" : "without");
    }
    /* offsets: from the type word to the end of the suffix */
    const char *s = "See Council Decisions 2008/615/JHA and 2008/616/JHA.";
    acq_citations c = {0};
    cr_assert_eq(acq_citations_extract(s, strlen(s), NULL, &c), ACQ_OK);
    cr_assert_eq(c.n, 2);
    cr_assert_eq(c.items[0].start, 12);
    cr_assert_eq(c.items[0].end, 34);
    cr_assert_eq(c.items[0].how, ACQ_CITE_TYPED);
    cr_assert_eq(c.items[1].start, 39);
    cr_assert_eq(c.items[1].end, 51);
    cr_assert_eq(c.items[1].how, ACQ_CITE_LIST);
    acq_citations_free(&c);
    acq_instruments_free(kb);
}

Test(knowledge, citation_parse_takes_one_whole_citation)
{
    char celex[ACQ_CELEX_MAX];
    acq_cite_parts p;
    cr_assert_eq(acq_citation_parse("Council Regulation (EC) No 2007/2004", 36, &p, celex), ACQ_OK);
    cr_assert_str_eq(celex, "32004R2007");
    cr_assert(p.letter == 'R' && p.year == 2004 && p.number == 2007 && p.number_first && p.has_no);
    cr_assert_eq(p.inst[0], ACQ_SUFFIX_EC);
    cr_assert_eq(acq_citation_parse(" Directive 95/46/EC ", 20, &p, celex), ACQ_OK);
    cr_assert(p.two_digit_year && p.suffix == ACQ_SUFFIX_EC && p.year == 1995);
    cr_assert_eq(acq_citation_parse("Directive 95/46/EC and more", 27, &p, celex), ACQ_ENOTFOUND);
    cr_assert_eq(acq_citation_parse("2008/615/JHA", 12, &p, celex), ACQ_ENOTFOUND);
    const char *article = "Article 3 of Decision 2008/615/JHA";
    cr_assert_eq(acq_citation_parse(article, strlen(article), &p, celex), ACQ_ENOTFOUND);
    cr_assert_eq(acq_citation_parse("", 0, &p, celex), ACQ_ENOTFOUND);
    cr_assert_eq(acq_citation_parse("42000A0922(02)", 14, &p, celex), ACQ_OK);
    cr_assert_str_eq(celex, "42000A0922(02)");
    cr_assert_str_eq(acq_cite_suffix_name(ACQ_SUFFIX_JHA, "de"), "JI");
    cr_assert_eq(acq_cite_suffix_find("JAI", 3), ACQ_SUFFIX_JHA);
}

/* ---- Hostile input ------------------------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

Test(knowledge, hostile_input_never_crashes)
{
    acq_instruments *kb = open_bundled();
    static const char *const seeds[] = {
        "Decisions 2008/615/JHA (1) and 2008/616/JHA (2)", "Regulation (EC) No\xc2\xa0" "1987/2006",
        "Decisions 98/119/EC to 98/131/EC", "02016R0794-20220628 42000A0922(02)",
        "Directive of 6 February 1970 (70/157/EEC)", "décision-cadre 2002/584/JAI",
        "Regulations (EEC) Nos 1234/70\xe2\x80\x93" "1236/70 and 7/70"};
    static const char alphabet[] = "0123456789/()-, .NoJHAECRDL\xc2\xa0\xe2\x80\x93\xc3\xa9";
    acq_citations c = {0};
    char buf[256];
    for (int iter = 0; iter < 20000; iter++) {
        const char *seed = seeds[rng() % (sizeof seeds / sizeof *seeds)];
        size_t n = strlen(seed);
        memcpy(buf, seed, n);
        int edits = 1 + (int)(rng() % 6);
        for (int e = 0; e < edits; e++) {
            size_t at = n ? rng() % n : 0;
            switch (rng() % 4) {
            case 0: buf[at] = (char)(rng() & 0xff); break;
            case 1: buf[at] = alphabet[rng() % (sizeof alphabet - 1)]; break;
            case 2: if (n > 1) { memmove(buf + at, buf + at + 1, n - at - 1); n--; } break;
            default:
                if (n + 1 < sizeof buf) {
                    memmove(buf + at + 1, buf + at, n - at);
                    buf[at] = alphabet[rng() % (sizeof alphabet - 1)];
                    n++;
                }
            }
        }
        /* at the end of an exactly sized allocation, so ASan sees a read past it */
        char *t = malloc(n ? n : 1);
        memcpy(t, buf, n);
        cr_assert_eq(acq_citations_extract(t, n, iter % 2 ? kb : NULL, &c), ACQ_OK);
        for (size_t k = 0; k < c.n; k++) {
            cr_assert(c.items[k].start < c.items[k].end && c.items[k].end <= n);
            cr_assert(acq_celex_valid(c.items[k].celex), "%s", c.items[k].celex);
        }
        acq_instruments_by_citation(kb, t, n);
        acq_instruments_by_name(kb, t, n, NULL, NULL, 0);
        free(t);
    }
    /* long runs of what the scanner looks at */
    size_t big = 1 << 20;
    char *t = malloc(big);
    const char *unit[] = {"1/", "/1", "11111", "(", ")", "No ", "Decisions 1/", "2008/615/JHA and ",
                          "\xe2\x80\x93", "\xc3"};
    for (size_t u = 0; u < sizeof unit / sizeof *unit; u++) {
        size_t m = strlen(unit[u]);
        for (size_t i = 0; i < big; i++)
            t[i] = unit[u][i % m];
        cr_assert_eq(acq_citations_extract(t, big, kb, &c), ACQ_OK);
    }
    free(t);
    cr_assert_eq(acq_citations_extract(NULL, 0, kb, &c), ACQ_OK);
    cr_assert_eq(c.n, 0);
    cr_assert_eq(acq_citations_extract("x", 1, NULL, NULL), ACQ_EARG);
    acq_citations_free(&c);
    acq_instruments_free(kb);
}

Test(knowledge, allocation_failures_are_reported)
{
    /* every allocation of a load fails in turn: ACQ_ENOMEM, no leak, the
     * table unchanged */
    const char *tbl = "[a]\ncelex: 42000A0922(01)\ntype: agreement\ndate: 1985-06-14\ntitle: t\n"
                      "name: Schengen\nname.fr: accord de Schengen\nform: Schengen 1985\n"
                      "[b]\ncite: Directive 95/46/EC\ncelex: 31995L0046\ntype: directive\n"
                      "date: 1995-10-24\ntitle: u\nname: DPD\npredecessor: a\n";
    int ok = 0;
    for (long k = 1; k < 400 && !ok; k++) {
        acq_instruments *kb;
        acq_err err = {0};
        cr_assert_eq(acq_instruments_new(&kb, &err), ACQ_OK);
        acq_alloc_fail_after(k);
        int rc = acq_instruments_load_text(kb, "t.txt", tbl, strlen(tbl), &err);
        acq_alloc_fail_after(0);
        if (rc == ACQ_OK) {
            ok = 1;
            cr_assert_eq(acq_instruments_count(kb), 2);
        } else {
            cr_assert_eq(rc, ACQ_ENOMEM, "failure %ld: %d %s", k, rc, err.msg);
            cr_assert_eq(acq_instruments_count(kb), 0);
        }
        acq_instruments_free(kb);
    }
    cr_assert(ok);
    acq_citations c = {0};
    acq_alloc_fail_after(1);
    int rc = acq_citations_extract("Decision 2008/615/JHA", 21, NULL, &c);
    acq_alloc_fail_after(0);
    cr_assert_eq(rc, ACQ_ENOMEM);
    acq_citations_free(&c);
}

/* ---- The shared corpus ------------------------------------------------ */

typedef struct corpus {
    char **text, **celex;
    size_t *len;
    size_t n, cap;
} corpus;

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static int keep_doc(void *ctx, const acq_ingest_doc *d)
{
    corpus *c = ctx;
    if (d->doc.text == NULL || d->doc.celex == NULL)
        return ACQ_OK;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->text = realloc(c->text, c->cap * sizeof *c->text);
        c->celex = realloc(c->celex, c->cap * sizeof *c->celex);
        c->len = realloc(c->len, c->cap * sizeof *c->len);
    }
    size_t tl = d->doc.text_len ? d->doc.text_len : strlen(d->doc.text);
    size_t cl = d->doc.celex_len ? d->doc.celex_len : strlen(d->doc.celex);
    c->text[c->n] = dupn(d->doc.text, tl);
    c->len[c->n] = tl;
    c->celex[c->n] = dupn(d->doc.celex, cl);
    c->n++;
    return ACQ_OK;
}

/* Loads jha-en, or skips the test saying why. */
static void load_jha(corpus *c)
{
    memset(c, 0, sizeof *c);
    if (!test_exists(JHA_EN))
        cr_skip_test("%s is absent: skipping the tests on the shared corpus", JHA_EN);
    acq_ingest_callbacks cb = {.doc = keep_doc, .ctx = c};
    acq_err err = {0};
    cr_assert_eq(acq_ingest_path(JHA_EN, &cb, NULL, &err), ACQ_OK, "%s", err.msg);
    cr_assert_gt(c->n, 30000);
}

static void free_corpus(corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->text[i]);
        free(c->celex[i]);
    }
    free(c->text);
    free(c->celex);
    free(c->len);
}

Test(knowledge, extraction_on_real_sentences_of_the_shared_corpus)
{
    corpus c;
    load_jha(&c);
    acq_instruments *kb = open_bundled();
    /* a pattern to look for, and the acts the paragraph around its first
     * occurrence must be found to cite */
    static const struct { const char *pattern, *want; } cases[] = {
        {"Decisions 2008/615/JHA (1) and 2008/616/JHA (2)", "32008D0615 32008D0616"},
        {"Decisions 2008/615/JHA and 2008/616/JHA", "32008D0615 32008D0616"},
        {"Regulation (EC) No 1987/2006 and Decision 2007/533/JHA", "32006R1987 32007D0533"},
        {"Decisions 98/119/EC to 98/131/EC",
         "31998D0119 31998D0120 31998D0121 31998D0122 31998D0123 31998D0124 31998D0125 "
         "31998D0126 31998D0127 31998D0128 31998D0129 31998D0130 31998D0131"},
        {"Regulation (EEC) No 1408/71", "31971R1408"},
        {"Regulation (EU) No 604/2013", "32013R0604"},
        {"Regulation (EC) No 2287/20031", "32003R2287"},
        {"Council Framework Decision 2006/960/JHA", "32006F0960"},
        {"Directive 95/46/EC", "31995L0046"},
        {"Decision No 574/2007/EC", "32007D0574"},
        {"Common Position 2001/931/CFSP", "32001E0931"},
        {"Decision 2008/615/JHA (2)", "32008D0615"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *hit = NULL;
        size_t d = 0;
        for (; d < c.n && !hit; d++)
            hit = strstr(c.text[d], cases[i].pattern);
        cr_assert_not_null(hit, "'%s' is not in jha-en any more", cases[i].pattern);
        const char *t = c.text[d - 1];
        const char *a = hit, *b = hit;
        while (a > t && a[-1] != '\n')
            a--;
        while (*b && *b != '\n')
            b++;
        char *para = dupn(a, (size_t)(b - a));
        acq_citations got = {0};
        cr_assert_eq(acq_citations_extract(para, strlen(para), kb, &got), ACQ_OK);
        /* every wanted act is found, at the place of the pattern */
        char want[512];
        snprintf(want, sizeof want, "%s", cases[i].want);
        size_t at = (size_t)(hit - a);
        for (char *w = strtok(want, " "); w; w = strtok(NULL, " ")) {
            int found = 0;
            for (size_t k = 0; k < got.n; k++)
                found |= strcmp(got.items[k].celex, w) == 0 && got.items[k].end > at &&
                         got.items[k].start < at + strlen(cases[i].pattern);
            cr_assert(found, "%s not found in %s: '%.300s'", w, c.celex[d - 1], para);
        }
        cr_log_info("%s (%s): %zu citations in the paragraph", c.celex[d - 1], cases[i].pattern,
                    got.n);
        acq_citations_free(&got);
        free(para);
    }
    acq_instruments_free(kb);
    free_corpus(&c);
}

/* The grep-like scan: does text t contain citation form f, case folded for
 * ASCII letters, neither preceded by a letter, digit or '/' nor followed by
 * a letter or digit? Every form contains a run of digits (its number or
 * its CELEX): the scan looks for that run first. */
typedef struct form_pat {
    const char *f;
    size_t len;
    size_t anchor, anchor_len; /* the longest run of digits and '/' in f */
} form_pat;

static int ci_eq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x += 32;
        if (y >= 'A' && y <= 'Z')
            y += 32;
        if (x != y)
            return 0;
    }
    return 1;
}

static int is_an(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

static int grep_form(const char *t, size_t n, const form_pat *p)
{
    const char *needle = p->f + p->anchor;
    const char *s = t, *end = t + n;
    while ((s = memmem(s, (size_t)(end - s), needle, p->anchor_len)) != NULL) {
        const char *start = s - p->anchor;
        if (start >= t && start + p->len <= end && ci_eq(start, p->f, p->len) &&
            (start == t || !(is_an((unsigned char)start[-1]) || start[-1] == '/')) &&
            (start + p->len == end || !is_an((unsigned char)start[p->len])))
            return 1;
        s++;
    }
    return 0;
}

Test(knowledge, grep_of_citation_forms_equals_extraction_on_jha_en, .timeout = 600)
{
    corpus c;
    load_jha(&c);
    acq_instruments *kb = open_bundled();
    /* 20 instruments of police and judicial cooperation, borders, asylum,
     * data protection and money laundering that acts of 1958-2015 cite */
    static const char *const keys[20] = {
        "prum-decision", "prum-implementing-decision", "swedish-initiative", "europol-decision",
        "eurojust-decision", "eaw-framework-decision", "terrorism-framework-decision",
        "data-protection-framework-decision", "data-protection-directive",
        "schengen-borders-code-2006", "sis-ii-regulation", "sis-ii-decision", "vis-regulation",
        "visa-list-regulation-2001", "visa-code", "frontex-regulation", "dublin-ii-regulation",
        "eurodac-regulation-2000", "return-directive", "aml-directive-3"};
    const acq_instrument *in[20];
    form_pat *pats[20];
    size_t npats[20], grep_n[20] = {0}, extr_n[20] = {0}, both[20] = {0}, other[20] = {0};
    for (int i = 0; i < 20; i++) {
        in[i] = acq_instruments_by_key(kb, keys[i]);
        cr_assert_not_null(in[i], "%s", keys[i]);
        pats[i] = calloc(in[i]->n_forms, sizeof *pats[i]);
        npats[i] = in[i]->n_forms;
        for (size_t k = 0; k < npats[i]; k++) {
            form_pat *p = &pats[i][k];
            p->f = in[i]->forms[k];
            p->len = strlen(p->f);
            for (size_t a = 0; a < p->len;) {
                size_t b = a;
                while (b < p->len && ((p->f[b] >= '0' && p->f[b] <= '9') || p->f[b] == '/'))
                    b++;
                if (b - a > p->anchor_len) {
                    p->anchor = a;
                    p->anchor_len = b - a;
                }
                a = b > a ? b : a + 1;
            }
            cr_assert_geq(p->anchor_len, 3, "form '%s' has no number", p->f);
        }
    }
    acq_citations got = {0};
    size_t shown = 0;
    for (size_t d = 0; d < c.n; d++) {
        cr_assert_eq(acq_citations_extract(c.text[d], c.len[d], kb, &got), ACQ_OK);
        for (int i = 0; i < 20; i++) {
            if (strcmp(c.celex[d], in[i]->celex) == 0)
                continue; /* an act does not cite itself */
            int g = 0, e = 0;
            for (size_t k = 0; k < npats[i] && !g; k++)
                g = grep_form(c.text[d], c.len[d], &pats[i][k]);
            for (size_t k = 0; k < got.n && !e; k++)
                e = strcmp(got.items[k].celex, in[i]->celex) == 0;
            /* grep cannot tell Directive 95/46/EC from Commission Decision
             * 95/46/EC (before 2015 directives and decisions were numbered
             * in separate series): a grep hit where the extractor read the
             * same year and number as an act of another type is grep's
             * mistake */
            int same_number = 0;
            for (size_t k = 0; k < got.n && g && !e; k++) {
                const char *x = got.items[k].celex, *y = in[i]->celex;
                same_number |= strlen(x) == 10 && strncmp(x, y, 5) == 0 &&
                               strcmp(x + 6, y + 6) == 0 && x[5] != y[5];
            }
            grep_n[i] += g;
            extr_n[i] += e;
            both[i] += g && e;
            other[i] += g && !e && same_number;
            if (g != e && shown++ < 20)
                cr_log_info("%s: %s %s by grep, %s by extraction%s", c.celex[d], in[i]->key,
                            g ? "found" : "not found", e ? "found" : "not found",
                            same_number ? " (it cites another act of the same number)" : "");
        }
    }
    printf("\nActs of jha-en (%zu) citing each instrument, by a grep of all its citation forms\n"
           "and by the citation extractor (texts only; an act's own text is not counted).\n"
           "grep only: acts grep counts that cite another act of the same number instead.\n\n",
           c.n);
    printf("| instrument | CELEX | forms | grep | extraction | both | grep only: another act |\n");
    printf("| --- | --- | --: | --: | --: | --: | --: |\n");
    for (int i = 0; i < 20; i++)
        printf("| %s | %s | %zu | %zu | %zu | %zu | %zu |\n", in[i]->key, in[i]->celex, npats[i],
               grep_n[i], extr_n[i], both[i], other[i]);
    fflush(stdout);
    for (int i = 0; i < 20; i++) {
        /* every act the extractor finds, grep finds; every act grep alone
         * finds cites another act of that number */
        cr_expect_eq(both[i], extr_n[i], "%s: the extractor finds acts grep does not", in[i]->key);
        cr_expect_eq(grep_n[i] - both[i], other[i], "%s: grep %zu, extraction %zu, explained %zu",
                     in[i]->key, grep_n[i], extr_n[i], other[i]);
        free(pats[i]);
    }
    acq_citations_free(&got);
    acq_instruments_free(kb);
    free_corpus(&c);
}
