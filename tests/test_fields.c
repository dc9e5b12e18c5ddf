/* test_fields.c: extra keyword fields (an input's "eurovoc", "jha", any
 * string or list of strings): given through acq_writer_add_fields or read
 * from JSON Lines, stored and returned with hits, searchable whole with case
 * and accents folded, filters that restrict without scoring, kept through
 * merges and replacements; bad names refused; an unknown field in a query
 * is an error naming the known ones. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "support.h"

static acq_writer *open_writer(const char *dir, int replace)
{
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.replace = replace;
    acq_writer *w;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    return w;
}

static void add(acq_writer *w, const char *id, const char *text, const acq_field *f, size_t n)
{
    acq_document d = {0};
    d.id = id;
    d.title = id;
    d.text = text;
    cr_assert_eq(acq_writer_add_fields(w, &d, f, n), ACQ_OK, "%s", acq_writer_errmsg(w));
}

static acq_results *search(const char *dir, acq_index **ix, const char *q, int *rc, char *msg, size_t msg_size)
{
    char m[512];
    cr_assert_eq(acq_index_open(ix, dir, m, sizeof m), ACQ_OK, "%s", m);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = 100;
    acq_results *r = NULL;
    *rc = acq_search(&r, *ix, q, &o, msg, msg_size);
    return r;
}

/* Ids of the hits of q, space-separated ("ERR" and the message on error). */
static char *ids(const char *dir, const char *q)
{
    static char out[4096];
    acq_index *ix;
    char msg[512];
    int rc;
    acq_results *r = search(dir, &ix, q, &rc, msg, sizeof msg);
    if (rc != ACQ_OK)
        snprintf(out, sizeof out, "ERR %s", msg);
    else {
        out[0] = '\0';
        for (size_t i = 0; i < acq_results_count(r); i++) {
            strcat(out, i ? " " : "");
            strcat(out, acq_results_hit(r, i)->id);
        }
    }
    acq_results_free(r);
    acq_index_close(ix);
    return out;
}

static const acq_field europol_fields[] = {
    {"eurovoc", "Police  Cooperation", 0},
    {"eurovoc", "Europol", 0},
    {"jha", "true", 0},
    {"instrument", "Règlement Europol", 0},
};

Test(fields, stored_searched_folded_and_returned_with_hits)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    add(w, "a", "agency for law enforcement cooperation", europol_fields, 4);
    acq_field visa[] = {{"eurovoc", "visa policy", 0}, {"jha", "true", 0}};
    add(w, "b", "common visa rules and cooperation", visa, 2);
    acq_field bank[] = {{"eurovoc", "banking", 0}, {"jha", "false", 0}};
    add(w, "c", "capital requirements cooperation", bank, 2);
    add(w, "d", "no extra fields at all, cooperation", NULL, 0);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);

    /* Whole values, case, accents and white space folded. */
    cr_assert_str_eq(ids(dir, "eurovoc:\"police cooperation\""), "a");
    cr_assert_str_eq(ids(dir, "EUROVOC:\"POLICE   cooperation\""), "a");
    cr_assert_str_eq(ids(dir, "eurovoc:police"), "");
    cr_assert_str_eq(ids(dir, "instrument:\"reglement europol\""), "a");
    cr_assert_str_eq(ids(dir, "eurovoc:vis*"), "b");
    cr_assert_str_eq(ids(dir, "jha:true"), "a b");
    cr_assert_str_eq(ids(dir, "cooperation -jha:true"), "c d");

    /* A filter restricts without changing scores. */
    acq_index *ix;
    char msg[512];
    int rc;
    acq_results *all = search(dir, &ix, "cooperation", &rc, msg, sizeof msg);
    acq_index_close(ix);
    acq_results *some = search(dir, &ix, "cooperation jha:true", &rc, msg, sizeof msg);
    cr_assert_eq(rc, ACQ_OK, "%s", msg);
    cr_assert_eq(acq_results_count(some), 2);
    for (size_t i = 0; i < acq_results_count(some); i++) {
        const acq_hit *h = acq_results_hit(some, i);
        for (size_t j = 0; j < acq_results_count(all); j++)
            if (strcmp(acq_results_hit(all, j)->id, h->id) == 0)
                cr_assert_float_eq(acq_results_hit(all, j)->score, h->score, 1e-12);
    }
    /* Hits carry their fields as given, in order. */
    const acq_hit *a = NULL;
    for (size_t i = 0; i < acq_results_count(some); i++)
        if (strcmp(acq_results_hit(some, i)->id, "a") == 0)
            a = acq_results_hit(some, i);
    cr_assert_not_null(a);
    cr_assert_eq(a->field_count, 4);
    for (size_t i = 0; i < 4; i++) {
        cr_assert_str_eq(a->fields[i].name, europol_fields[i].name);
        cr_assert_str_eq(a->fields[i].value, europol_fields[i].value);
        cr_assert_eq(a->fields[i].value_len, strlen(europol_fields[i].value));
    }
    acq_results_free(all);
    acq_results_free(some);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(fields, an_unknown_field_is_an_error_that_lists_the_fields)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    add(w, "a", "europol", europol_fields, 4);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    /* Deletion by query knows the fields too. */
    cr_assert_eq(acq_writer_delete_query(w, "eurovocs:europol"), ACQ_EQUERY);
    cr_assert(strstr(acq_writer_errmsg(w), "eurovoc, jha, instrument") != NULL, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    char *r = ids(dir, "titel:europol");
    cr_assert(strstr(r, "ERR column 1: unknown field 'titel'") == r, "%s", r);
    cr_assert(strstr(r, "title, id, celex, type, lang, date, eurovoc, jha, instrument") != NULL, "%s", r);
    /* Text that only looks like a field stays text. */
    cr_assert_str_eq(ids(dir, "Article 2: europol"), "a");
    cr_assert_str_eq(ids(dir, "C-311/18:europol"), "");
    test_rmrf(dir);
    free(dir);
}

Test(fields, bad_names_and_values_are_refused)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    acq_document d = {0};
    d.id = "x";
    d.text = "t";
    const char *bad[] = {"", "Eurovoc", "1st", "title", "id", "body", "url", "a-b", "abcdefghijklmnopqrstuvwxyz012345"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        acq_field f = {bad[i], "v", 0};
        cr_assert_eq(acq_writer_add_fields(w, &d, &f, 1), ACQ_EINPUT, "%s", bad[i]);
        cr_assert(strstr(acq_writer_errmsg(w), "field name") != NULL, "%s", acq_writer_errmsg(w));
    }
    acq_field nul = {NULL, "v", 0};
    cr_assert_eq(acq_writer_add_fields(w, &d, &nul, 1), ACQ_EINPUT);
    acq_field utf = {"note", "\xC3\x28", 2};
    cr_assert_eq(acq_writer_add_fields(w, &d, &utf, 1), ACQ_EINPUT);
    cr_assert(strstr(acq_writer_errmsg(w), "invalid UTF-8") != NULL, "%s", acq_writer_errmsg(w));
    cr_assert_eq(acq_writer_add_fields(w, &d, NULL, 1), ACQ_EARG);
    /* 240 names fit, the 241st does not. */
    char names[241][16];
    for (int i = 0; i < 241; i++) {
        snprintf(names[i], sizeof names[i], "f%d", i);
        acq_field f = {names[i], "v", 0};
        int want = i < 240 ? ACQ_OK : ACQ_ELIMIT;
        cr_assert_eq(acq_writer_add_fields(w, &d, &f, 1), want, "%d: %s", i, acq_writer_errmsg(w));
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    cr_assert_str_eq(ids(dir, "f239:v"), "x");
    test_rmrf(dir);
    free(dir);
}

Test(fields, kept_through_merges_replacements_and_rebuilds)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    add(w, "a", "europol", europol_fields, 4);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_field f2[] = {{"type_of_act", "decision", 0}};
    add(w, "b", "visa", f2, 1);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_field f3[] = {{"eurovoc", "Schengen", 0}};
    add(w, "a", "europol amended", f3, 1); /* the replacement has its own fields */
    cr_assert_eq(acq_writer_merge(w), ACQ_OK);
    cr_assert_eq(acq_writer_segment_count(w), 1);
    acq_writer_close(w);
    cr_assert_str_eq(ids(dir, "eurovoc:europol"), "");
    cr_assert_str_eq(ids(dir, "eurovoc:schengen"), "a");
    cr_assert_str_eq(ids(dir, "type_of_act:decision"), "b");
    /* A rebuild starts its own list of fields. */
    w = open_writer(dir, 1);
    add(w, "z", "new", NULL, 0);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    char *r = ids(dir, "eurovoc:schengen");
    cr_assert(strncmp(r, "ERR", 3) == 0, "%s", r);
    test_rmrf(dir);
    free(dir);
}

Test(fields, json_lines_extras_become_fields)
{
    char *dir = test_tmpdir(), path[4096], cmd[8192];
    snprintf(path, sizeof path, "%s/in.jsonl", dir);
    cr_assert_eq(test_write_file(path,
        "{\"id\":\"a\",\"text\":\"europol\",\"eurovoc\":[\"Police cooperation\",\"Europol\"],\"jha\":true,\"year\":2016,"
        "\"note\":null,\"nested\":{\"x\":[1,2]},\"mixed\":[1,{\"a\":2}],\"Act-Type\":\"REG\",\"9bad\":\"x\"}\n"
        "{\"id\":\"b\",\"text\":\"visa\",\"eurovoc\":[],\"jha\":false,\"year\":2009.5}\n"), 0);
    snprintf(cmd, sizeof cmd, "%s index -q -o %s/ix %s && %s search -i %s/ix --json 'jha:true OR year:2009.5'",
             ACQ_CLI_PATH, dir, path, ACQ_CLI_PATH, dir);
    char *out = NULL;
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out ? out : "");
    cr_assert(strstr(out, "\"fields\":{\"eurovoc\":[\"Police cooperation\",\"Europol\"],\"jha\":[\"true\"],"
                          "\"year\":[\"2016\"],\"act_type\":[\"REG\"]}") != NULL, "%s", out);
    cr_assert(strstr(out, "\"fields\":{\"jha\":[\"false\"],\"year\":[\"2009.5\"]}") != NULL, "%s", out);
    cr_assert(strstr(out, "nested") == NULL && strstr(out, "mixed") == NULL && strstr(out, "9bad") == NULL, "%s", out);
    free(out);
    test_rmrf(dir);
    free(dir);
}

Test(fields, a_stored_document_has_its_fields_and_show_round_trips_them)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    add(w, "a", "europol", europol_fields, 4);
    add(w, "plain", "nothing extra", NULL, 0);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_document *d;
    cr_assert_eq(acq_index_document(&d, ix, "a", msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_index_close(ix); /* the document outlives its index */
    const acq_field *f;
    cr_assert_eq(acq_document_fields(d, &f), 4);
    for (size_t i = 0; i < 4; i++) {
        cr_assert_str_eq(f[i].name, europol_fields[i].name);
        cr_assert_str_eq(f[i].value, europol_fields[i].value);
    }
    acq_document_free(d);
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_index_document(&d, ix, "plain", msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_document_fields(d, &f), 0);
    acq_document_free(d);
    acq_index_close(ix);
    /* show --json gives what add reads back as the same fields. */
    char cmd[8192], *out = NULL;
    snprintf(cmd, sizeof cmd, "%s show -i %s --json a > %s/a.jsonl && %s index -q -o %s/copy %s/a.jsonl && "
             "%s show -i %s/copy --json a", ACQ_CLI_PATH, dir, dir, ACQ_CLI_PATH, dir, dir, ACQ_CLI_PATH, dir);
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out ? out : "");
    cr_assert(strstr(out, "\"eurovoc\":[\"Police  Cooperation\",\"Europol\"],\"jha\":[\"true\"],"
                          "\"instrument\":[\"R\u00e8glement Europol\"]") != NULL ||
              strstr(out, "\"eurovoc\":[\"Police  Cooperation\",\"Europol\"],\"jha\":[\"true\"],"
                          "\"instrument\":[\"R\xc3\xa8glement Europol\"]") != NULL, "%s", out);
    free(out);
    test_rmrf(dir);
    free(dir);
}

Test(fields, the_parts_of_an_act_carry_an_article_field)
{
    char *dir = test_tmpdir(), cmd[8192], *out = NULL;
    snprintf(cmd, sizeof cmd, "%s index -q --passages article -o %s/ix %s/tests/data/eurlex && "
             "%s search -i %s/ix --json --no-snippets -k 100 'article:art-2'",
             ACQ_CLI_PATH, dir, ACQ_SOURCE_DIR, ACQ_CLI_PATH, dir);
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out ? out : "");
    int hits = 0;
    for (char *p = strstr(out, "{\"rank\""); p; p = strstr(p + 1, "{\"rank\"")) {
        hits++;
        char *id = strstr(p, "\"id\":\"");
        char *end = id ? strchr(id + 6, '"') : NULL;
        cr_assert(end && end - id > 11 && strncmp(end - 6, "#art-2", 6) == 0, "%.120s", p);
        cr_assert(strstr(p, "\"fields\":{\"article\":[\"art-2\"]}") != NULL, "%.300s", p);
    }
    cr_assert_geq(hits, 2, "%s", out);
    free(out);
    test_rmrf(dir);
    free(dir);
}
