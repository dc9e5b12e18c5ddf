/* test_bulk_api.c: the calls for bindings. acq_search_rows and
 * acq_results_rows against acq_search's own hits (scores, docnos, collapsed
 * counts, totals, a cap smaller than the hits, errors); acq_results_text
 * parsed back item by item against each acq_hit (stored fields, the lengths
 * of the extra fields' parts, names grouped in first-appearance order with
 * their values in order, a list given in pieces, an empty value), and its
 * too-small buffer protocol; acq_batch_run against `acquis batch` on the
 * same topics (to the byte, with 1 and 3 threads), the per-topic status
 * (lines, empty query, nothing matched) and every refusal (repeated or
 * blank qid, bad tag, threads out of range, a query syntax error naming its
 * topic and column). Over a small index written here with the public API. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "support.h"

static char *tmp;
static char dir[4200];

typedef struct doc {
    const char *id, *title, *text, *date, *type;
} doc;

static const doc docs[] = {
    {"32016R0794", "Europol Regulation",
     "Regulation on Europol: criminal intelligence and support to the police against serious crime.", "2016-05-11",
     "REG"},
    {"32002F0584", "European arrest warrant",
     "Framework Decision on the European arrest warrant and surrender between Member States; police.", "2002-06-13",
     "DEC"},
    {"32008D0615", "Prüm Decision",
     "Decision on cross-border cooperation of police: automated exchange of DNA profiles and fingerprints.",
     "2008-06-23", "DEC"},
    {"32016R0399", "Schengen Borders Code", "Regulation on border checks at external borders, police and guards.",
     NULL, "REG"},
    {"pnr-a", "Passenger name record", "Passenger name record data against terrorist offences and crime.", "2016",
     "DIR"},
    {"pnr-b", "Passenger name record", "Passenger name record data against terrorist offences and crime.", "2016",
     "DIR"},
};
#define NDOCS (sizeof docs / sizeof docs[0])

/* Extra fields of document i: a list given in pieces (eurovoc, year,
 * eurovoc again) and an empty value, so that grouping is tested. */
static size_t fields_of(size_t i, acq_field *f)
{
    size_t n = 0;
    if (i % 2 == 0) {
        f[n++] = (acq_field){"eurovoc", "police cooperation", 0};
        f[n++] = (acq_field){"year", i == 0 ? "2016" : "2008", 0};
        f[n++] = (acq_field){"eurovoc", "Europol", 0};
        f[n++] = (acq_field){"note", "", 0};
        f[n++] = (acq_field){"eurovoc", "crime", 0};
    } else if (i == 1) {
        f[n++] = (acq_field){"year", "2002", 0};
    }
    return n;
}

static void setup(void)
{
    tmp = test_tmpdir();
    cr_assert_not_null(tmp);
    snprintf(dir, sizeof dir, "%s/ix", tmp);
    acq_writer *w;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "writer: %s", msg);
    for (size_t i = 0; i < NDOCS; i++) {
        acq_document d = {0};
        d.id = docs[i].id;
        d.title = docs[i].title;
        d.text = docs[i].text;
        d.date = docs[i].date;
        d.type = docs[i].type;
        d.lang = "en";
        d.url = i == 0 ? "https://eur-lex.europa.eu/eli/reg/2016/794/oj" : NULL;
        acq_field f[8];
        size_t nf = fields_of(i, f);
        cr_assert_eq(acq_writer_add_fields(w, &d, f, nf), ACQ_OK, "add: %s", acq_writer_errmsg(w));
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "commit: %s", acq_writer_errmsg(w));
    acq_writer_close(w);
}

static void teardown(void)
{
    test_rmrf(tmp);
    free(tmp);
}

static acq_index *open_ix(void)
{
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    return ix;
}

/* ---- rows ------------------------------------------------------------------- */

Test(rows, search_rows_are_the_hits_of_acq_search, .init = setup, .fini = teardown)
{
    acq_index *ix = open_ix();
    const char *queries[] = {"police", "passenger name record", "police OR crime", "zzzunknownword"};
    for (size_t qi = 0; qi < sizeof queries / sizeof queries[0]; qi++) {
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.k = 4;
        o.count = 1;
        o.no_fields = 1;
        acq_results *r;
        char msg[512];
        cr_assert_eq(acq_search(&r, ix, queries[qi], &o, msg, sizeof msg), ACQ_OK, "%s", msg);
        acq_hit_row rows[8];
        memset(rows, 0xff, sizeof rows);
        size_t n = 99;
        uint64_t total = 99;
        o.snippets = 1; /* ignored: rows only */
        o.explain = 1;
        cr_assert_eq(acq_search_rows(rows, 8, &n, &total, ix, queries[qi], &o, msg, sizeof msg), ACQ_OK, "%s", msg);
        cr_assert_eq(n, acq_results_count(r), "%s", queries[qi]);
        cr_assert_eq(total, acq_results_total(r), "%s", queries[qi]);
        for (size_t i = 0; i < n; i++) {
            const acq_hit *h = acq_results_hit(r, i);
            cr_assert_eq(rows[i].docno, h->docno, "%s hit %zu", queries[qi], i);
            cr_assert_float_eq(rows[i].score, h->score, 1e-12);
            cr_assert_eq(rows[i].collapsed, 0);
            cr_assert_eq(rows[i].field_count, 0, "no stored field is read");
        }
        /* acq_results_rows on the same results */
        acq_hit_row again[8];
        cr_assert_eq(acq_results_rows(r, again, 8), n);
        cr_assert(n == 0 || memcmp(again, rows, n * sizeof *rows) == 0);
        cr_assert_eq(acq_results_rows(r, NULL, 0), n, "NULL rows with cap 0 only counts");
        acq_results_free(r);
    }
    /* a cap below the hits: the first cap, the total all the same */
    acq_hit_row two[2];
    size_t n;
    uint64_t total;
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.count = 1;
    cr_assert_eq(acq_search_rows(two, 2, &n, &total, ix, "police", &o, NULL, 0), ACQ_OK);
    cr_assert_eq(n, 2);
    cr_assert_geq(total, 4, "police is in four documents");
    cr_assert_geq(two[0].score, two[1].score);
    /* n and total may be NULL; rows NULL with cap 0 runs the search */
    cr_assert_eq(acq_search_rows(NULL, 0, NULL, NULL, ix, "police", NULL, NULL, 0), ACQ_OK);
    char msg[512] = "";
    cr_assert_eq(acq_search_rows(NULL, 3, &n, NULL, ix, "police", NULL, msg, sizeof msg), ACQ_EARG);
    cr_assert_neq(msg[0], '\0');
    cr_assert_eq(acq_search_rows(two, 2, &n, &total, ix, "police AND (", NULL, msg, sizeof msg), ACQ_EQUERY);
    cr_assert(strncmp(msg, "column ", 7) == 0, "message: %s", msg);
    cr_assert_eq(n, 0);
    cr_assert_eq(total, 0);
    acq_search_options bad = ACQ_SEARCH_OPTIONS_INIT;
    bad.size = 0;
    cr_assert_eq(acq_search_rows(two, 2, &n, &total, ix, "police", &bad, msg, sizeof msg), ACQ_EARG);
    acq_index_close(ix);
}

Test(rows, collapsed_counts, .init = setup, .fini = teardown)
{
    acq_index *ix = open_ix();
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.collapse = "type";
    acq_hit_row rows[8];
    size_t n;
    uint64_t total;
    cr_assert_eq(acq_search_rows(rows, 8, &n, &total, ix, "police OR passenger", &o, NULL, 0), ACQ_OK);
    uint64_t folded = 0;
    for (size_t i = 0; i < n; i++)
        folded += rows[i].collapsed;
    cr_assert_eq(n, 3, "one hit per type (REG, DEC, DIR)");
    cr_assert_eq(n + folded, 6, "every match is a hit or folded into one");
    acq_index_close(ix);
}

/* ---- text ------------------------------------------------------------------- */

static const char *item(const char **p, const char *end)
{
    const char *s = *p;
    size_t len = strnlen(s, (size_t)(end - s));
    cr_assert_lt(s + len, end, "an item runs past the text");
    *p = s + len + 1;
    return s;
}

static size_t number(const char **p, const char *end)
{
    const char *s = item(p, end);
    char *e;
    unsigned long long v = strtoull(s, &e, 10);
    cr_assert(*s != '\0' && *e == '\0', "not a number: \"%s\"", s);
    return (size_t)v;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

Test(text, every_stored_field_and_grouped_extra_fields, .init = setup, .fini = teardown)
{
    acq_index *ix = open_ix();
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = 10;
    acq_results *r;
    char msg[512];
    cr_assert_eq(acq_search(&r, ix, "police OR passenger OR borders", &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    size_t n = acq_results_count(r);
    cr_assert_eq(n, NDOCS);
    size_t len = 0, head = 0;
    cr_assert_eq(acq_results_text(r, NULL, 0, &len, &head), ACQ_OK);
    cr_assert_gt(len, head);
    char small[16];
    size_t len2 = 0;
    cr_assert_eq(acq_results_text(r, small, sizeof small, &len2, NULL), ACQ_OK);
    cr_assert_eq(len2, len, "a small buffer still gets the length");
    /* every buffer size short of the text: nothing written past cap (the
     * ASan build checks), the length reported each time */
    for (size_t cap = 1; cap < len; cap++) {
        char *part = malloc(cap);
        cr_assert_not_null(part);
        size_t got = 0;
        cr_assert_eq(acq_results_text(r, part, cap, &got, NULL), ACQ_OK);
        cr_assert_eq(got, len, "cap %zu", cap);
        free(part);
    }
    char *text = malloc(len);
    cr_assert_not_null(text);
    cr_assert_eq(acq_results_text(r, text, len, &len2, &head), ACQ_OK);
    cr_assert_eq(len2, len);
    const char *end = text + len, *p = text, *f = text + head;
    for (size_t i = 0; i < n; i++) {
        const acq_hit *h = acq_results_hit(r, i);
        cr_assert_str_eq(item(&p, end), h->id);
        cr_assert_str_eq(item(&p, end), or_empty(h->title));
        cr_assert_str_eq(item(&p, end), or_empty(h->date));
        cr_assert_str_eq(item(&p, end), or_empty(h->type));
        cr_assert_str_eq(item(&p, end), or_empty(h->lang));
        cr_assert_str_eq(item(&p, end), or_empty(h->celex));
        cr_assert_str_eq(item(&p, end), or_empty(h->url));
        size_t part = number(&p, end);
        /* this hit's extra fields, where its part starts */
        const char *fstart = f;
        size_t groups = number(&f, end), seen = 0;
        size_t di = 0;
        while (di < NDOCS && strcmp(docs[di].id, h->id) != 0)
            di++;
        cr_assert_lt(di, NDOCS);
        acq_field want[8];
        size_t nw = fields_of(di, want);
        cr_assert_eq(h->field_count, nw, "%s", h->id);
        for (size_t g = 0; g < groups; g++) {
            const char *name = item(&f, end);
            size_t values = number(&f, end);
            /* the name's values, in order, as the document gave them */
            size_t k = 0;
            for (size_t j = 0; j < nw; j++) {
                if (strcmp(want[j].name, name) != 0)
                    continue;
                cr_assert_lt(k, values, "%s: more values of %s than written", h->id, name);
                cr_assert_str_eq(item(&f, end), want[j].value, "%s %s value %zu", h->id, name, k);
                k++;
            }
            cr_assert_eq(k, values, "%s: %s", h->id, name);
            seen += values;
            /* names in the order they first appear */
            if (nw > 0 && g == 0)
                cr_assert_str_eq(name, want[0].name);
        }
        cr_assert_eq(seen, nw, "%s: every extra field written once", h->id);
        cr_assert_eq((size_t)(f - fstart), part, "%s: the part's length", h->id);
        if (strcmp(h->id, "32016R0794") == 0)
            cr_assert_eq(groups, 3, "eurovoc, year, note");
    }
    cr_assert_eq(p, text + head, "the first part ends where *head says");
    cr_assert_eq(f, end, "nothing after the last hit");
    cr_assert_eq(acq_results_text(NULL, text, len, &len2, NULL), ACQ_EARG);
    cr_assert_eq(acq_results_text(r, text, len, NULL, NULL), ACQ_EARG);
    free(text);
    acq_results_free(r);
    acq_index_close(ix);
}

/* ---- batch ------------------------------------------------------------------ */

static const char *const qids[] = {"10", "2", "3", "4", "5"};
static const char *const queries[] = {"police crime warrant", "Prüm DNA profiles", "", "zzzunknownword",
                                      "passenger name record"};
#define NTOPICS 5

Test(batch_api, same_run_as_acquis_batch, .init = setup, .fini = teardown)
{
    char path[4300], cmd[9000];
    snprintf(path, sizeof path, "%s/topics.tsv", tmp);
    char topics[1024] = "";
    for (size_t i = 0; i < NTOPICS; i++) {
        strcat(topics, qids[i]);
        strcat(topics, "\t");
        strcat(topics, queries[i]);
        strcat(topics, "\n");
    }
    cr_assert_eq(test_write_file(path, topics), 0);
    snprintf(cmd, sizeof cmd, "'%s' batch -i '%s' --topics '%s' -k 3 --tag t1 2>/dev/null", ACQ_CLI_PATH, dir, path);
    char *want = NULL;
    cr_assert_eq(test_run(cmd, &want), 0);
    cr_assert_not_null(want);
    cr_assert_neq(want[0], '\0');

    acq_index *ix = open_ix();
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = 3;
    o.plain = 1; /* acquis batch reads topics as plain text */
    for (int threads = 0; threads <= 3; threads += 3) {
        acq_batch *b;
        char msg[512];
        cr_assert_eq(acq_batch_run(&b, ix, qids, queries, NTOPICS, &o, threads, "t1", msg, sizeof msg), ACQ_OK, "%s",
                     msg);
        size_t len;
        const char *text = acq_batch_text(b, &len);
        cr_assert_str_eq(text, want, "threads %d", threads);
        cr_assert_eq(len, strlen(want));
        int status;
        size_t lines = 0;
        for (size_t i = 0; i < NTOPICS; i++)
            lines += acq_batch_topic(b, i, &status);
        cr_assert_eq(acq_batch_topic(b, 0, &status), 3);
        cr_assert_eq(status, 0);
        cr_assert_eq(acq_batch_topic(b, 2, &status), 0);
        cr_assert_eq(status, 1, "empty query");
        cr_assert_eq(acq_batch_topic(b, 3, &status), 0);
        cr_assert_eq(status, 2, "matches nothing");
        cr_assert_eq(acq_batch_topic(b, NTOPICS, &status), 0);
        cr_assert_eq(status, 1, "out of range");
        size_t newlines = 0;
        for (const char *c = text; *c; c++)
            newlines += *c == '\n';
        cr_assert_eq(lines, newlines);
        cr_assert_eq(acq_batch_duplicates(b), 0);
        acq_batch_free(b);
    }
    /* no topics: an empty run */
    acq_batch *b;
    cr_assert_eq(acq_batch_run(&b, ix, NULL, NULL, 0, &o, 1, NULL, NULL, 0), ACQ_OK);
    size_t len = 1;
    cr_assert_str_eq(acq_batch_text(b, &len), "");
    cr_assert_eq(len, 0);
    acq_batch_free(b);
    acq_batch_free(NULL);
    free(want);
    acq_index_close(ix);
}

Test(batch_api, refusals, .init = setup, .fini = teardown)
{
    acq_index *ix = open_ix();
    acq_batch *b = (acq_batch *)&b;
    char msg[512];
    const char *twice[] = {"1", "2", "1"}, *three[] = {"a", "b", "c"};
    cr_assert_eq(acq_batch_run(&b, ix, twice, three, 3, NULL, 1, NULL, msg, sizeof msg), ACQ_EINPUT);
    cr_assert_null(b);
    cr_assert(strstr(msg, "topic 1") != NULL, "%s", msg);
    const char *blank[] = {"1", "x y"};
    cr_assert_eq(acq_batch_run(&b, ix, blank, three, 2, NULL, 1, NULL, msg, sizeof msg), ACQ_EINPUT);
    const char *empty[] = {""};
    cr_assert_eq(acq_batch_run(&b, ix, empty, three, 1, NULL, 1, NULL, msg, sizeof msg), ACQ_EINPUT);
    cr_assert_eq(acq_batch_run(&b, ix, three, three, 3, NULL, 1, "has blank", msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_batch_run(&b, ix, three, three, 3, NULL, 65, NULL, msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_batch_run(&b, ix, three, three, 3, NULL, -1, NULL, msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_batch_run(&b, NULL, three, three, 3, NULL, 1, NULL, msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_batch_run(&b, ix, NULL, three, 3, NULL, 1, NULL, msg, sizeof msg), ACQ_EARG);
    /* query syntax (plain off): the first failing topic, with its column */
    const char *bad[] = {"police", "police AND (", "crime AND ("};
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    cr_assert_eq(acq_batch_run(&b, ix, three, bad, 3, &o, 2, NULL, msg, sizeof msg), ACQ_EQUERY);
    cr_assert(strncmp(msg, "topic b: column ", 16) == 0, "message: %s", msg);
    cr_assert_null(b);
    acq_index_close(ix);
}
