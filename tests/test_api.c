/* test_api.c: the contract of every public function in acquis.h: NULL and
 * misuse arguments give ACQ_EARG (never a crash), out parameters are NULL
 * after a failure, messages are truncated safely, options structs of an
 * older (smaller) or newer (larger) size are accepted, acq_strerror names
 * every code, acq_version, snapshots across commits and merges, the second
 * writer, rollback on close, the query builder (acq_query_*,
 * acq_search_query) against the same queries as strings, and the library's
 * silence on stdout and stderr. Only acquis.h is used: this is what an
 * application sees. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "acquis.h"
#include "support.h"

/* ---- helpers ---------------------------------------------------------------- */

typedef struct doc {
    const char *id, *title, *text, *date, *type, *lang, *celex, *url;
} doc;

static const doc DOCS[] = {
    {"d1", "Europol Regulation", "Police cooperation through Europol, the agency for law enforcement cooperation.",
     "2016-05-11", "REG", "en", "32016R0794", "https://eur-lex.europa.eu/eli/reg/2016/794/oj"},
    {"d2", "Prüm Decision", "Cross-border exchange of DNA profiles, fingerprints and vehicle registration data.",
     "2008-06-23", "DEC", "en", "32008D0615", NULL},
    {"d3", "European Arrest Warrant", "The European arrest warrant replaces extradition between Member States; police cooperation is separate.",
     "2002-06-13", "DEC", "en", "32002F0584", NULL},
    {"d4", "Schengen Borders Code", "Rules on border control of persons crossing the external borders; police checks inside.",
     "2016-03-09", "REG", "en", "32016R0399", NULL},
    {"d5", "Anti-money-laundering directive", "Prevention of the use of the financial system for money laundering and terrorist financing.",
     "2015-05-20", "DIR", "en", "32015L0849", NULL},
    {"d6", "Coopération policière", "La coopération policière entre les États membres et Europol.",
     "2016", "REG", "fr", NULL, NULL},
};
#define NDOCS (sizeof DOCS / sizeof DOCS[0])

static acq_writer *open_writer(const char *dir)
{
    acq_writer *w = NULL;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    return w;
}

static void add_doc(acq_writer *w, const doc *d)
{
    acq_document a = {0};
    a.id = d->id;
    a.title = d->title;
    a.text = d->text;
    a.date = d->date;
    a.type = d->type;
    a.lang = d->lang;
    a.celex = d->celex;
    a.url = d->url;
    cr_assert_eq(acq_writer_add(w, &a), ACQ_OK, "%s", acq_writer_errmsg(w));
}

static char *build_index(void)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir);
    for (size_t i = 0; i < NDOCS; i++)
        add_doc(w, &DOCS[i]);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    return dir;
}

static acq_index *open_index(const char *dir)
{
    acq_index *ix = NULL;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    return ix;
}

static acq_results *run(acq_index *ix, const char *q, const acq_search_options *o)
{
    acq_results *r = NULL;
    char msg[512];
    cr_assert_eq(acq_search(&r, ix, q, o, msg, sizeof msg), ACQ_OK, "%s: %s", q, msg);
    cr_assert_not_null(r);
    return r;
}

/* "id score" per hit, scores printed exactly (hex floats). */
static char *describe(const acq_results *r)
{
    size_t cap = 64 + acq_results_count(r) * 128, len = 0;
    char *s = malloc(cap);
    cr_assert_not_null(s);
    s[0] = '\0';
    len += (size_t)snprintf(s, cap, "total %llu:", (unsigned long long)acq_results_total(r));
    for (size_t i = 0; i < acq_results_count(r); i++) {
        const acq_hit *h = acq_results_hit(r, i);
        len += (size_t)snprintf(s + len, cap - len, " %s %a", h->id, h->score);
    }
    return s;
}

static char *search_string(acq_index *ix, const char *q)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.count = 1;
    acq_results *r = run(ix, q, &o);
    char *s = describe(r);
    acq_results_free(r);
    return s;
}

static char *search_built(acq_index *ix, const acq_query *q)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.count = 1;
    acq_results *r = NULL;
    char msg[512];
    cr_assert_eq(acq_search_query(&r, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    char *s = describe(r);
    acq_results_free(r);
    return s;
}

static int ids_contain(const acq_results *r, const char *id)
{
    for (size_t i = 0; i < acq_results_count(r); i++)
        if (strcmp(acq_results_hit(r, i)->id, id) == 0)
            return 1;
    return 0;
}

/* ---- codes and version ---------------------------------------------------------- */

Test(api, strerror_names_every_code)
{
    const int codes[] = {ACQ_OK, ACQ_EIO, ACQ_ECORRUPT, ACQ_ENOMEM, ACQ_EINPUT, ACQ_EQUERY,
                         ACQ_EARG, ACQ_ELOCKED, ACQ_ENOTFOUND, ACQ_ELIMIT, ACQ_EVERSION};
    const size_t n = sizeof codes / sizeof codes[0];
    const char *unknown = acq_strerror(-1000);
    cr_assert_not_null(unknown);
    cr_assert_str_eq(unknown, "unknown error");
    cr_assert_str_eq(acq_strerror(1), unknown);
    cr_assert_str_eq(acq_strerror(-11), unknown);
    for (size_t i = 0; i < n; i++) {
        const char *s = acq_strerror(codes[i]);
        cr_assert_not_null(s, "code %d", codes[i]);
        cr_assert_gt(strlen(s), 3, "code %d", codes[i]);
        cr_assert_str_neq(s, unknown, "code %d has no name", codes[i]);
        cr_assert_eq(acq_strerror(codes[i]), s, "the string is constant");
        for (size_t j = 0; j < i; j++)
            cr_assert_str_neq(s, acq_strerror(codes[j]), "codes %d and %d share a name", codes[i], codes[j]);
    }
    /* The codes are the documented values: 0 and -1 .. -10. */
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(codes[i], -(int)i);
}

Test(api, version_is_major_minor_patch)
{
    const char *v = acq_version();
    cr_assert_not_null(v);
    unsigned a, b, c;
    char tail;
    cr_assert_eq(sscanf(v, "%u.%u.%u%c", &a, &b, &c, &tail), 3, "version \"%s\"", v);
    cr_assert_str_eq(v, "0.1.0");
    cr_assert_eq(acq_version(), v);
}

/* ---- writer arguments -------------------------------------------------------------- */

Test(api, writer_open_rejects_bad_arguments)
{
    char msg[256];
    acq_writer *w = (acq_writer *)&msg; /* must be overwritten with NULL */
    cr_assert_eq(acq_writer_open(NULL, "/tmp/x", NULL, msg, sizeof msg), ACQ_EARG);
    cr_assert(strlen(msg) > 0);
    cr_assert_eq(acq_writer_open(&w, NULL, NULL, msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_writer_open(&w, "", NULL, NULL, 0), ACQ_EARG);
    /* A directory that cannot be created: EIO with the path in the message. */
    w = (acq_writer *)&msg;
    cr_assert_eq(acq_writer_open(&w, "/nonexistent/parent/idx", NULL, msg, sizeof msg), ACQ_EIO);
    cr_assert_null(w);
    cr_assert(strstr(msg, "/nonexistent/parent/idx") != NULL, "%s", msg);
    /* A file where the directory should be. */
    char *dir = test_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/file", dir);
    cr_assert_eq(test_write_file(path, "x"), 0);
    w = (acq_writer *)&msg;
    int rc = acq_writer_open(&w, path, NULL, msg, sizeof msg);
    cr_assert(rc < 0, "rc %d", rc);
    cr_assert_null(w);
    test_rmrf(dir);
    free(dir);
}

Test(api, error_messages_are_truncated_safely)
{
    char msg[8];
    memset(msg, 'x', sizeof msg);
    cr_assert_eq(acq_writer_open(NULL, "d", NULL, msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(msg[sizeof msg - 1], '\0');
    cr_assert_eq(strlen(msg), sizeof msg - 1);
    /* size 0: nothing is written at all */
    memset(msg, 'x', sizeof msg);
    cr_assert_eq(acq_writer_open(NULL, "d", NULL, msg, 0), ACQ_EARG);
    cr_assert_eq(msg[0], 'x');
    memset(msg, 'x', sizeof msg);
    cr_assert_eq(acq_index_open(NULL, "d", msg, 1), ACQ_EARG);
    cr_assert_eq(msg[0], '\0');
    cr_assert_eq(msg[1], 'x');
}

Test(api, writer_calls_reject_null_and_misuse)
{
    cr_assert_eq(acq_writer_add(NULL, NULL), ACQ_EARG);
    acq_document d = {0};
    d.id = "x";
    cr_assert_eq(acq_writer_add(NULL, &d), ACQ_EARG);
    cr_assert_eq(acq_writer_delete(NULL, "x"), ACQ_EARG);
    cr_assert_eq(acq_writer_commit(NULL), ACQ_EARG);
    cr_assert_eq(acq_writer_merge(NULL), ACQ_EARG);
    cr_assert_eq(acq_writer_segment_count(NULL), 0);
    cr_assert_eq(acq_writer_doc_count(NULL), 0);
    cr_assert_not_null(acq_writer_errmsg(NULL));
    acq_writer_close(NULL);

    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir);
    cr_assert_str_eq(acq_writer_errmsg(w), "");
    cr_assert_eq(acq_writer_add(w, NULL), ACQ_EARG);
    cr_assert_eq(acq_writer_delete(w, NULL), ACQ_EARG);
    cr_assert_eq(acq_writer_delete(w, ""), ACQ_EARG);
    cr_assert_eq(acq_writer_delete(w, "no-such-document"), ACQ_OK);
    /* Documents: an id is required, text must be UTF-8, a message says so. */
    acq_document bad = {0};
    bad.text = "no id";
    cr_assert_eq(acq_writer_add(w, &bad), ACQ_EINPUT);
    cr_assert(strstr(acq_writer_errmsg(w), "id") != NULL, "%s", acq_writer_errmsg(w));
    bad.id = "";
    cr_assert_eq(acq_writer_add(w, &bad), ACQ_EINPUT);
    bad.id = "bad";
    bad.title = "caf\xC3";
    cr_assert_eq(acq_writer_add(w, &bad), ACQ_EINPUT);
    cr_assert(strstr(acq_writer_errmsg(w), "UTF-8") != NULL, "%s", acq_writer_errmsg(w));
    /* A failed add does not count and a good one clears the message. */
    cr_assert_eq(acq_writer_doc_count(w), 0);
    add_doc(w, &DOCS[0]);
    cr_assert_str_eq(acq_writer_errmsg(w), "");
    cr_assert_eq(acq_writer_doc_count(w), 1);
    /* Empty commits and merges are fine. */
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    cr_assert_eq(acq_writer_segment_count(w), 1);
    cr_assert_eq(acq_writer_merge(w), ACQ_OK);
    cr_assert_eq(acq_writer_segment_count(w), 1);
    acq_writer_close(w);
    test_rmrf(dir);
    free(dir);
}

Test(api, document_lengths_override_nul_termination)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir);
    acq_document d = {0};
    d.id = "frontex-and-more";
    d.id_len = 7; /* "frontex" */
    d.title = "Frontex agency\xFF garbage past the length";
    d.title_len = 14;
    d.text = "European Border and Coast Guard";
    d.text_len = 0; /* NUL-terminated */
    d.date = "2019-11-13";
    d.date_len = 10;
    cr_assert_eq(acq_writer_add(w, &d), ACQ_OK, "%s", acq_writer_errmsg(w));
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    acq_results *r = run(ix, "coast guard", &o);
    cr_assert_eq(acq_results_count(r), 1);
    const acq_hit *h = acq_results_hit(r, 0);
    cr_assert_str_eq(h->id, "frontex");
    cr_assert_str_eq(h->title, "Frontex agency");
    cr_assert_str_eq(h->date, "2019-11-13");
    cr_assert_str_eq(h->type, "");
    cr_assert_str_eq(h->url, "");
    acq_results_free(r);
    r = run(ix, "garbage", &o);
    cr_assert_eq(acq_results_count(r), 0);
    acq_results_free(r);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(api, writer_options_of_any_size)
{
    char *dir = test_tmpdir();
    char msg[512];
    /* size 0 (a zeroed struct, size forgotten): today every default; the
     * only wrong answers would be a crash or reading the fields. */
    acq_writer_options zero;
    memset(&zero, 0, sizeof zero);
    zero.default_lang = "fr";
    acq_writer *w = NULL;
    int rc = acq_writer_open(&w, dir, &zero, msg, sizeof msg);
    cr_assert(rc == ACQ_OK || rc == ACQ_EARG, "rc %d", rc);
    if (rc == ACQ_OK)
        acq_writer_close(w);
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    add_doc(w, &DOCS[0]);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    /* An older caller that only knew size and memory_budget: the rest of its
     * struct (here garbage) must not be read. */
    struct {
        acq_writer_options o;
        char pad[64];
    } big;
    memset(&big, 0x7F, sizeof big);
    big.o.size = offsetof(acq_writer_options, default_lang);
    big.o.memory_budget = 1 << 20;
    cr_assert_eq(acq_writer_open(&w, dir, &big.o, msg, sizeof msg), ACQ_OK, "%s", msg);
    add_doc(w, &DOCS[1]);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    /* A newer caller with a larger struct: the known part is used. */
    memset(&big, 0, sizeof big);
    big.o.size = sizeof big;
    big.o.default_lang = "en";
    cr_assert_eq(acq_writer_open(&w, dir, &big.o, msg, sizeof msg), ACQ_OK, "%s", msg);
    add_doc(w, &DOCS[2]);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &st), ACQ_OK);
    cr_assert_eq(st.documents, 3);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

/* ---- reader arguments ------------------------------------------------------------ */

Test(api, index_open_rejects_bad_arguments_and_missing_indexes)
{
    char msg[512];
    acq_index *ix = (acq_index *)&msg;
    cr_assert_eq(acq_index_open(NULL, "/tmp", msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_index_open(&ix, NULL, msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_index_open(&ix, NULL, NULL, 0), ACQ_EARG);
    ix = (acq_index *)&msg;
    cr_assert_eq(acq_index_open(&ix, "/nonexistent/index", msg, sizeof msg), ACQ_ENOTFOUND);
    cr_assert_null(ix);
    /* An empty directory, and one with a writer that never committed. */
    char *dir = test_tmpdir();
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_ENOTFOUND);
    cr_assert_null(ix);
    acq_writer *w = open_writer(dir);
    add_doc(w, &DOCS[0]);
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_ENOTFOUND);
    acq_writer_close(w);
    acq_index_close(NULL);
    test_rmrf(dir);
    free(dir);
}

Test(api, stats_reject_bad_arguments_and_respect_the_size)
{
    char *dir = build_index();
    acq_index *ix = open_index(dir);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(NULL, &st), ACQ_EARG);
    cr_assert_eq(acq_index_stats_get(ix, NULL), ACQ_EARG);
    st.size = 0;
    cr_assert_eq(acq_index_stats_get(ix, &st), ACQ_EARG);
    /* Full size. */
    acq_index_stats full = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &full), ACQ_OK);
    cr_assert_eq(full.size, sizeof full);
    cr_assert_eq(full.documents, NDOCS);
    cr_assert_eq(full.deleted, 0);
    cr_assert_eq(full.segments, 1);
    cr_assert_gt(full.terms, 10);
    cr_assert_geq(full.postings, full.terms);
    cr_assert_gt(full.bytes_postings, 0);
    /* An older caller knowing only size and documents: nothing after is written. */
    struct {
        acq_index_stats s;
        uint64_t canary;
    } old;
    memset(&old, 0xAB, sizeof old);
    old.s.size = offsetof(acq_index_stats, deleted);
    cr_assert_eq(acq_index_stats_get(ix, &old.s), ACQ_OK);
    cr_assert_eq(old.s.size, offsetof(acq_index_stats, deleted));
    cr_assert_eq(old.s.documents, NDOCS);
    cr_assert_eq(old.s.deleted, 0xABABABABABABABABull);
    cr_assert_eq(old.canary, 0xABABABABABABABABull);
    /* A newer caller with a larger struct: the known part, size says how much. */
    memset(&old, 0xAB, sizeof old);
    old.s.size = sizeof old;
    cr_assert_eq(acq_index_stats_get(ix, &old.s), ACQ_OK);
    cr_assert_eq(old.s.size, sizeof full);
    cr_assert_eq(old.s.terms, full.terms);
    cr_assert_eq(old.canary, 0xABABABABABABABABull);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(api, search_rejects_bad_arguments)
{
    char *dir = build_index();
    acq_index *ix = open_index(dir);
    char msg[512];
    acq_results *r = (acq_results *)&msg;
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    cr_assert_eq(acq_search(NULL, ix, "europol", &o, msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_search(&r, NULL, "europol", &o, msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_search(&r, ix, NULL, &o, msg, sizeof msg), ACQ_EARG);
    cr_assert(strlen(msg) > 0);
    r = (acq_results *)&msg;
    o.size = 0;
    cr_assert_eq(acq_search(&r, ix, "europol", &o, msg, sizeof msg), ACQ_EARG);
    cr_assert_null(r);
    cr_assert(strstr(msg, "ACQ_SEARCH_OPTIONS_INIT") != NULL, "%s", msg);
    o.size = sizeof o;
    o.k = (size_t)1 << 40;
    r = (acq_results *)&msg;
    cr_assert_eq(acq_search(&r, ix, "europol", &o, msg, sizeof msg), ACQ_EARG);
    cr_assert_null(r);
    /* A syntax error: EQUERY, the column in the message, errmsg optional. */
    o.k = 10;
    r = (acq_results *)&msg;
    cr_assert_eq(acq_search(&r, ix, "europol \"police", &o, msg, sizeof msg), ACQ_EQUERY);
    cr_assert_null(r);
    cr_assert(strncmp(msg, "column 9: ", 10) == 0, "%s", msg);
    cr_assert_eq(acq_search(&r, ix, "(europol", &o, NULL, 0), ACQ_EQUERY);
    cr_assert_eq(acq_search(&r, ix, "caf\xC3", &o, msg, sizeof msg), ACQ_EQUERY);
    /* NULL options are the defaults. */
    cr_assert_eq(acq_search(&r, ix, "police", NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_results_count(r), 3); /* d1, d3, d4 */
    acq_results_free(r);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(api, search_options_of_any_size)
{
    char *dir = build_index();
    acq_index *ix = open_index(dir);
    /* An old caller that knew only size and k; the garbage after must not be read. */
    struct {
        acq_search_options o;
        char pad[64];
    } big;
    memset(&big, 0x5A, sizeof big);
    big.o.size = offsetof(acq_search_options, offset);
    big.o.k = 2;
    acq_results *r = run(ix, "police", &big.o);
    cr_assert_eq(acq_results_count(r), 2);
    cr_assert_null(acq_results_hit(r, 0)->snippet);
    cr_assert_null(acq_results_hit(r, 0)->explanation);
    acq_results_free(r);
    /* A newer, larger one. */
    memset(&big, 0, sizeof big);
    acq_search_options def = ACQ_SEARCH_OPTIONS_INIT;
    big.o = def;
    big.o.size = sizeof big;
    big.o.k = 3;
    r = run(ix, "police", &big.o);
    cr_assert_eq(acq_results_count(r), 3);
    acq_results_free(r);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(api, results_accessors_and_options)
{
    cr_assert_eq(acq_results_count(NULL), 0);
    cr_assert_eq(acq_results_total(NULL), 0);
    cr_assert_null(acq_results_hit(NULL, 0));
    acq_results_free(NULL);

    char *dir = build_index();
    acq_index *ix = open_index(dir);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = 0; /* means 10 */
    acq_results *r = run(ix, "police cooperation", &o);
    size_t n = acq_results_count(r);
    cr_assert_eq(n, 4);
    cr_assert_null(acq_results_hit(r, n));
    cr_assert_null(acq_results_hit(r, (size_t)-1));
    for (size_t i = 0; i < n; i++) {
        const acq_hit *h = acq_results_hit(r, i);
        cr_assert_not_null(h);
        cr_assert_gt(h->score, 0.0);
        if (i)
            cr_assert_leq(h->score, acq_results_hit(r, i - 1)->score);
        cr_assert_not_null(h->id);
        cr_assert_not_null(h->title);
        cr_assert_not_null(h->url);
        cr_assert_null(h->snippet);
        cr_assert_null(h->explanation);
        cr_assert_eq(h->match_count, 0);
    }
    cr_assert_str_eq(acq_results_hit(r, 0)->id, "d1");
    const acq_hit *h = acq_results_hit(r, 0);
    cr_assert_str_eq(h->title, "Europol Regulation");
    cr_assert_str_eq(h->date, "2016-05-11");
    cr_assert_str_eq(h->type, "REG");
    cr_assert_str_eq(h->lang, "en");
    cr_assert_str_eq(h->celex, "32016R0794");
    cr_assert_str_eq(h->url, "https://eur-lex.europa.eu/eli/reg/2016/794/oj");
    char *all = describe(r);
    acq_results_free(r);

    /* Paging: offset 1, k 2 are ranks 2 and 3. */
    o.k = 2;
    o.offset = 1;
    r = run(ix, "police cooperation", &o);
    cr_assert_eq(acq_results_count(r), 2);
    cr_assert(strstr(all, acq_results_hit(r, 0)->id) != NULL);
    acq_results_free(r);
    o.offset = 100;
    r = run(ix, "police cooperation", &o);
    cr_assert_eq(acq_results_count(r), 0);
    acq_results_free(r);
    free(all);

    /* Exact totals, snippets with match offsets inside them, explanations. */
    o.k = 10;
    o.offset = 0;
    o.count = 1;
    o.snippets = 1;
    o.explain = 1;
    r = run(ix, "police cooperation", &o);
    cr_assert_eq(acq_results_total(r), 4);
    for (size_t i = 0; i < acq_results_count(r); i++) {
        h = acq_results_hit(r, i);
        cr_assert_not_null(h->snippet, "hit %zu", i);
        cr_assert_not_null(h->explanation, "hit %zu", i);
        cr_assert_gt(h->match_count, 0, "hit %zu: %s", i, h->snippet);
        size_t sl = strlen(h->snippet);
        for (size_t m = 0; m < h->match_count; m++) {
            uint32_t s = h->match_offsets[2 * m], e = h->match_offsets[2 * m + 1];
            cr_assert(s < e && e <= sl, "match %u..%u in \"%s\"", s, e, h->snippet);
            cr_assert(strncasecmp(h->snippet + s, "polic", 5) == 0 || strncasecmp(h->snippet + s, "coop", 4) == 0,
                      "\"%.*s\"", (int)(e - s), h->snippet + s);
        }
    }
    acq_results_free(r);

    /* no_fields: scores and docnos only. */
    acq_search_options nf = ACQ_SEARCH_OPTIONS_INIT;
    nf.no_fields = 1;
    r = run(ix, "police", &nf);
    cr_assert_gt(acq_results_count(r), 0);
    cr_assert_str_eq(acq_results_hit(r, 0)->id, "");
    cr_assert_str_eq(acq_results_hit(r, 0)->title, "");
    cr_assert_lt(acq_results_hit(r, 0)->docno, NDOCS);
    acq_results_free(r);

    /* BM25 parameters change the scores, not the matches. */
    acq_search_options b0 = ACQ_SEARCH_OPTIONS_INIT;
    b0.b = 0.0;
    b0.k1 = 1.2;
    acq_results *r1 = run(ix, "police", &b0), *r2 = run(ix, "police", NULL);
    cr_assert_eq(acq_results_count(r1), acq_results_count(r2));
    cr_assert(acq_results_hit(r1, 0)->score != acq_results_hit(r2, 0)->score);
    acq_results_free(r1);
    acq_results_free(r2);

    /* The query language for the index's language by default, or opts.lang. */
    acq_search_options fr = ACQ_SEARCH_OPTIONS_INIT;
    fr.lang = "fr";
    r = run(ix, "policières", &fr);
    cr_assert(ids_contain(r, "d6"));
    acq_results_free(r);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

/* ---- snapshots, locking, rollback ------------------------------------------------------ */

Test(api, a_reader_keeps_its_snapshot_across_commits_and_merges)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir);
    add_doc(w, &DOCS[0]);
    add_doc(w, &DOCS[2]);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_index *v1 = open_index(dir);
    char *before = search_string(v1, "police");

    /* Uncommitted work is invisible to everyone. */
    add_doc(w, &DOCS[3]);
    cr_assert_eq(acq_writer_delete(w, "d1"), ACQ_OK);
    acq_index *still = open_index(dir);
    char *s = search_string(still, "police");
    cr_assert_str_eq(s, before);
    free(s);
    acq_index_close(still);

    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_index *v2 = open_index(dir);
    s = search_string(v1, "police");
    cr_assert_str_eq(s, before, "the old reader must not see the commit");
    free(s);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    acq_results *r = run(v2, "police", &o);
    cr_assert(ids_contain(r, "d4"));
    cr_assert(!ids_contain(r, "d1"));
    acq_results_free(r);

    /* A merge replaces every segment file; both old readers keep working. */
    add_doc(w, &DOCS[4]);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    cr_assert_eq(acq_writer_merge(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    cr_assert_eq(acq_writer_segment_count(w), 1);
    s = search_string(v1, "police");
    cr_assert_str_eq(s, before);
    free(s);
    o.snippets = 1;
    r = run(v1, "police", &o);
    cr_assert(ids_contain(r, "d1"));
    cr_assert_not_null(acq_results_hit(r, 0)->snippet);
    acq_results_free(r);
    r = run(v2, "police", &o);
    cr_assert(ids_contain(r, "d4"));
    acq_results_free(r);
    acq_index *v3 = open_index(dir);
    r = run(v3, "laundering", &o);
    cr_assert_eq(acq_results_count(r), 1);
    acq_results_free(r);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(v3, &st), ACQ_OK);
    cr_assert_eq(st.documents, 3);
    cr_assert_eq(st.deleted, 0);
    cr_assert_eq(st.segments, 1);
    acq_index_close(v1);
    acq_index_close(v2);
    acq_index_close(v3);
    acq_writer_close(w);
    free(before);
    test_rmrf(dir);
    free(dir);
}

Test(api, a_second_writer_gets_elocked_in_this_and_other_processes)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir);
    add_doc(w, &DOCS[0]);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    char msg[512];
    acq_writer *w2 = (acq_writer *)&msg;
    cr_assert_eq(acq_writer_open(&w2, dir, NULL, msg, sizeof msg), ACQ_ELOCKED);
    cr_assert_null(w2);
    cr_assert(strstr(msg, dir) != NULL && strstr(msg, "write.lock") != NULL, "%s", msg);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        acq_writer *c = NULL;
        _exit(acq_writer_open(&c, dir, NULL, NULL, 0) == ACQ_ELOCKED ? 0 : 1);
    }
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the other process was not refused");
    /* Readers are never locked out. */
    acq_index *ix = open_index(dir);
    acq_index_close(ix);
    acq_writer_close(w);
    cr_assert_eq(acq_writer_open(&w2, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_writer_close(w2);
    test_rmrf(dir);
    free(dir);
}

Test(api, close_without_commit_rolls_back)
{
    char *dir = build_index();
    acq_writer *w = open_writer(dir);
    for (int i = 0; i < 50; i++) {
        char id[16];
        snprintf(id, sizeof id, "extra-%d", i);
        acq_document d = {0};
        d.id = id;
        d.text = "uncommitted frontex text";
        cr_assert_eq(acq_writer_add(w, &d), ACQ_OK);
    }
    cr_assert_eq(acq_writer_delete(w, "d1"), ACQ_OK); /* flushes a segment */
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &st), ACQ_OK);
    cr_assert_eq(st.documents, NDOCS);
    cr_assert_eq(st.segments, 1);
    acq_results *r = run(ix, "frontex", NULL);
    cr_assert_eq(acq_results_count(r), 0);
    acq_results_free(r);
    acq_index_close(ix);
    /* The next writer removes the abandoned segment's files. */
    w = open_writer(dir);
    acq_writer_close(w);
    char *out = NULL;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -c '^seg-'", dir);
    test_run(cmd, &out);
    int files = atoi(out);
    free(out);
    cr_assert_lt(files, 10, "%d segment files left", files);
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -c '^seg-000000\\.'", dir);
    test_run(cmd, &out);
    cr_assert_eq(atoi(out), files, "only the committed segment's files remain");
    free(out);
    test_rmrf(dir);
    free(dir);
}

/* ---- the query builder --------------------------------------------------------------- */

Test(api, query_builder_rejects_bad_arguments)
{
    acq_query *q = (acq_query *)&q;
    cr_assert_eq(acq_query_new_term(NULL, "body", "x"), ACQ_EARG);
    cr_assert_eq(acq_query_new_term(&q, "body", NULL), ACQ_EARG);
    cr_assert_null(q);
    q = (acq_query *)&q;
    cr_assert_eq(acq_query_new_term(&q, "abstract", "x"), ACQ_EARG);
    cr_assert_null(q);
    cr_assert_eq(acq_query_new_term(&q, "Body", "x"), ACQ_EARG);
    cr_assert_eq(acq_query_new_term(&q, "body", "caf\xC3"), ACQ_EARG);
    cr_assert_eq(acq_query_new_phrase(NULL, "body", "x y", 0), ACQ_EARG);
    cr_assert_eq(acq_query_new_phrase(&q, "id", "x y", 0), ACQ_EARG);
    cr_assert_eq(acq_query_new_phrase(&q, "type", "x y", 0), ACQ_EARG);
    cr_assert_eq(acq_query_new_phrase(&q, "body", "x y", 1001), ACQ_EARG);
    cr_assert_eq(acq_query_new_phrase(&q, "body", NULL, 0), ACQ_EARG);
    cr_assert_null(q);
    cr_assert_eq(acq_query_new_bool(NULL), ACQ_EARG);

    acq_query *b, *b2, *t, *t2;
    cr_assert_eq(acq_query_new_bool(&b), ACQ_OK);
    cr_assert_eq(acq_query_new_bool(&b2), ACQ_OK);
    cr_assert_eq(acq_query_new_term(&t, NULL, "europol"), ACQ_OK);
    cr_assert_eq(acq_query_new_term(&t2, "", "police"), ACQ_OK);
    cr_assert_eq(acq_query_add(NULL, t, ACQ_OCCUR_MUST), ACQ_EARG);
    cr_assert_eq(acq_query_add(b, NULL, ACQ_OCCUR_MUST), ACQ_EARG);
    cr_assert_eq(acq_query_add(t, t2, ACQ_OCCUR_MUST), ACQ_EARG, "a term has no clauses");
    cr_assert_eq(acq_query_add(b, t, -1), ACQ_EARG);
    cr_assert_eq(acq_query_add(b, t, 4), ACQ_EARG);
    cr_assert_eq(acq_query_add(b, b, ACQ_OCCUR_MUST), ACQ_EARG);
    cr_assert_eq(acq_query_add(b, t, ACQ_OCCUR_MUST), ACQ_OK);
    cr_assert_eq(acq_query_add(b2, t, ACQ_OCCUR_MUST), ACQ_EARG, "t already belongs to b");
    cr_assert_eq(acq_query_add(b, t, ACQ_OCCUR_MUST), ACQ_EARG);
    cr_assert_eq(acq_query_add(b2, b, ACQ_OCCUR_SHOULD), ACQ_OK);
    cr_assert_eq(acq_query_add(b, b2, ACQ_OCCUR_SHOULD), ACQ_EARG, "a cycle");
    cr_assert_eq(acq_query_add(b2, t2, ACQ_OCCUR_SHOULD), ACQ_OK);
    /* Destroying a clause that belongs to a query does nothing. */
    acq_query_destroy(t);
    acq_query_destroy(b);
    acq_query_destroy(NULL);
    acq_query_destroy(b2); /* frees b, t, t2 too (ASan checks) */
}

Test(api, query_builder_limits_nesting)
{
    acq_query *root;
    cr_assert_eq(acq_query_new_bool(&root), ACQ_OK);
    acq_query *at = root;
    int depth = 1, rc = ACQ_OK;
    while (rc == ACQ_OK) {
        acq_query *b;
        cr_assert_eq(acq_query_new_bool(&b), ACQ_OK);
        rc = acq_query_add(at, b, ACQ_OCCUR_MUST);
        if (rc != ACQ_OK) {
            acq_query_destroy(b);
            break;
        }
        at = b;
        depth++;
    }
    cr_assert_eq(rc, ACQ_ELIMIT);
    cr_assert_eq(depth, 64);
    /* A leaf at the bottom would make 65 levels; a deep subtree under a
     * shallow parent is measured too. */
    acq_query *t;
    cr_assert_eq(acq_query_new_term(&t, "body", "europol"), ACQ_OK);
    cr_assert_eq(acq_query_add(at, t, ACQ_OCCUR_MUST), ACQ_ELIMIT);
    acq_query *top;
    cr_assert_eq(acq_query_new_bool(&top), ACQ_OK);
    cr_assert_eq(acq_query_add(top, root, ACQ_OCCUR_MUST), ACQ_ELIMIT);
    acq_query_destroy(top);
    acq_query_destroy(t);
    acq_query_destroy(root);
}

Test(api, built_queries_match_their_query_strings)
{
    char *dir = build_index();
    acq_index *ix = open_index(dir);
    acq_query *q, *a, *b, *c;

    /* one word */
    cr_assert_eq(acq_query_new_term(&q, "body", "Europol"), ACQ_OK);
    char *x = search_built(ix, q), *y = search_string(ix, "europol");
    cr_assert_str_eq(x, y);
    free(x), free(y);
    acq_query_destroy(q);

    /* police cooperation (ranked OR) */
    cr_assert_eq(acq_query_new_bool(&q), ACQ_OK);
    cr_assert_eq(acq_query_new_term(&a, "body", "police"), ACQ_OK);
    cr_assert_eq(acq_query_new_term(&b, "body", "cooperation"), ACQ_OK);
    cr_assert_eq(acq_query_add(q, a, ACQ_OCCUR_SHOULD), ACQ_OK);
    cr_assert_eq(acq_query_add(q, b, ACQ_OCCUR_SHOULD), ACQ_OK);
    x = search_built(ix, q), y = search_string(ix, "police cooperation");
    cr_assert_str_eq(x, y);
    cr_assert(strstr(x, "total 4") != NULL, "%s", x);
    free(x), free(y);
    acq_query_destroy(q);

    /* +police -europol cooperation */
    cr_assert_eq(acq_query_new_bool(&q), ACQ_OK);
    cr_assert_eq(acq_query_new_term(&a, "body", "police"), ACQ_OK);
    cr_assert_eq(acq_query_new_term(&b, "body", "europol"), ACQ_OK);
    cr_assert_eq(acq_query_new_term(&c, "body", "cooperation"), ACQ_OK);
    cr_assert_eq(acq_query_add(q, a, ACQ_OCCUR_MUST), ACQ_OK);
    cr_assert_eq(acq_query_add(q, b, ACQ_OCCUR_MUST_NOT), ACQ_OK);
    cr_assert_eq(acq_query_add(q, c, ACQ_OCCUR_SHOULD), ACQ_OK);
    x = search_built(ix, q), y = search_string(ix, "+police -europol cooperation");
    cr_assert_str_eq(x, y);
    free(x), free(y);
    acq_query_destroy(q);

    /* phrases, exact and with slop, in body and title */
    cr_assert_eq(acq_query_new_phrase(&q, "body", "police cooperation", 0), ACQ_OK);
    x = search_built(ix, q), y = search_string(ix, "\"police cooperation\"");
    cr_assert_str_eq(x, y);
    free(x), free(y);
    acq_query_destroy(q);
    cr_assert_eq(acq_query_new_phrase(&q, NULL, "cooperation police", 5), ACQ_OK);
    x = search_built(ix, q), y = search_string(ix, "\"cooperation police\"~5");
    cr_assert_str_eq(x, y);
    cr_assert(strstr(x, "total 0") == NULL, "%s", x);
    free(x), free(y);
    acq_query_destroy(q);
    cr_assert_eq(acq_query_new_phrase(&q, "title", "arrest warrant", 0), ACQ_OK);
    x = search_built(ix, q), y = search_string(ix, "title:\"arrest warrant\"");
    cr_assert_str_eq(x, y);
    cr_assert(strstr(x, "total 1") != NULL, "%s", x);
    free(x), free(y);
    acq_query_destroy(q);

    /* a word that analyses to several terms is a phrase, as in a string */
    cr_assert_eq(acq_query_new_term(&q, "body", "anti-money-laundering"), ACQ_OK);
    x = search_built(ix, q), y = search_string(ix, "anti-money-laundering");
    cr_assert_str_eq(x, y);
    free(x), free(y);
    acq_query_destroy(q);

    /* keyword fields: the value as stored, case folded except for ids */
    cr_assert_eq(acq_query_new_term(&q, "celex", "32016r0794"), ACQ_OK);
    x = search_built(ix, q), y = search_string(ix, "celex:32016R0794");
    cr_assert_str_eq(x, y);
    cr_assert(strstr(x, "total 1") != NULL, "%s", x);
    free(x), free(y);
    acq_query_destroy(q);
    cr_assert_eq(acq_query_new_term(&q, "id", "D1"), ACQ_OK);
    x = search_built(ix, q);
    cr_assert(strstr(x, "total 0") != NULL, "%s", x);
    free(x);
    acq_query_destroy(q);

    /* police, directives and regulations only: type:(REG OR DIR) as a filter */
    cr_assert_eq(acq_query_new_bool(&q), ACQ_OK);
    cr_assert_eq(acq_query_new_bool(&c), ACQ_OK);
    cr_assert_eq(acq_query_new_term(&a, "type", "REG"), ACQ_OK);
    cr_assert_eq(acq_query_new_term(&b, "type", "DIR"), ACQ_OK);
    cr_assert_eq(acq_query_add(c, a, ACQ_OCCUR_SHOULD), ACQ_OK);
    cr_assert_eq(acq_query_add(c, b, ACQ_OCCUR_SHOULD), ACQ_OK);
    cr_assert_eq(acq_query_new_term(&a, "body", "police"), ACQ_OK);
    cr_assert_eq(acq_query_add(q, a, ACQ_OCCUR_MUST), ACQ_OK);
    cr_assert_eq(acq_query_add(q, c, ACQ_OCCUR_FILTER), ACQ_OK);
    x = search_built(ix, q), y = search_string(ix, "police (type:REG OR type:DIR)");
    cr_assert_str_eq(x, y);
    cr_assert(strstr(x, "total 2") != NULL, "%s", x);
    free(x), free(y);
    acq_query_destroy(q);

    /* stopwords vanish; an empty query matches nothing */
    cr_assert_eq(acq_query_new_bool(&q), ACQ_OK);
    x = search_built(ix, q);
    cr_assert_str_eq(x, "total 0:");
    free(x);
    cr_assert_eq(acq_query_new_term(&a, "body", "the"), ACQ_OK);
    cr_assert_eq(acq_query_add(q, a, ACQ_OCCUR_MUST), ACQ_OK);
    x = search_built(ix, q);
    cr_assert_str_eq(x, "total 0:");
    free(x);
    cr_assert_eq(acq_query_new_term(&a, "body", "schengen"), ACQ_OK);
    cr_assert_eq(acq_query_add(q, a, ACQ_OCCUR_SHOULD), ACQ_OK);
    x = search_built(ix, q), y = search_string(ix, "+the schengen");
    cr_assert_str_eq(x, y);
    cr_assert(strstr(x, "total 1") != NULL, "%s", x);
    free(x), free(y);
    acq_query_destroy(q);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(api, search_query_rejects_bad_arguments_and_limits)
{
    char *dir = build_index();
    acq_index *ix = open_index(dir);
    acq_query *q;
    cr_assert_eq(acq_query_new_term(&q, "body", "europol"), ACQ_OK);
    char msg[512];
    acq_results *r = (acq_results *)&msg;
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    cr_assert_eq(acq_search_query(NULL, ix, q, &o, msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_search_query(&r, NULL, q, &o, msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_search_query(&r, ix, NULL, &o, msg, sizeof msg), ACQ_EARG);
    cr_assert(strlen(msg) > 0);
    o.size = 0;
    r = (acq_results *)&msg;
    cr_assert_eq(acq_search_query(&r, ix, q, &o, msg, sizeof msg), ACQ_EARG);
    cr_assert_null(r);
    /* NULL options, snippets and explanations as with acq_search */
    cr_assert_eq(acq_search_query(&r, ix, q, NULL, NULL, 0), ACQ_OK);
    cr_assert_eq(acq_results_count(r), 2);
    acq_results_free(r);
    acq_search_options so = ACQ_SEARCH_OPTIONS_INIT;
    so.snippets = so.explain = 1;
    cr_assert_eq(acq_search_query(&r, ix, q, &so, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_not_null(acq_results_hit(r, 0)->snippet);
    cr_assert_gt(acq_results_hit(r, 0)->match_count, 0);
    cr_assert_not_null(acq_results_hit(r, 0)->explanation);
    acq_results_free(r);
    acq_query_destroy(q);

    /* More than 1024 terms. */
    char *text = malloc(1100 * 8);
    size_t len = 0;
    for (int i = 0; i < 1100; i++)
        len += (size_t)sprintf(text + len, "w%d ", i);
    cr_assert_eq(acq_query_new_term(&q, "body", text), ACQ_OK);
    r = (acq_results *)&msg;
    cr_assert_eq(acq_search_query(&r, ix, q, NULL, msg, sizeof msg), ACQ_ELIMIT);
    cr_assert_null(r);
    cr_assert(strstr(msg, "1024") != NULL, "%s", msg);
    acq_query_destroy(q);
    free(text);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

/* ---- silence ---------------------------------------------------------------------------- */

/* The library never writes to stdout or stderr, on success or failure, even
 * with debugging variables set: run a session with both redirected to a file. */
Test(api, the_library_prints_nothing)
{
    char *dir = test_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/output", dir);
    fflush(stdout);
    fflush(stderr);
    int saved_out = dup(1), saved_err = dup(2);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    cr_assert(fd >= 0 && saved_out >= 0 && saved_err >= 0);
    dup2(fd, 1);
    dup2(fd, 2);
    setenv("ACQ_DEBUG_MEMORY", "1", 1);
    setenv("ACQ_DEBUG", "1", 1);

    char idx[4096];
    snprintf(idx, sizeof idx, "%s/index", dir);
    acq_writer_options wo = ACQ_WRITER_OPTIONS_INIT;
    wo.memory_budget = 1; /* flush after every document */
    acq_writer *w = NULL, *w2 = NULL;
    int ok = acq_writer_open(&w, idx, &wo, NULL, 0) == ACQ_OK;
    for (size_t i = 0; ok && i < NDOCS; i++) {
        acq_document d = {0};
        d.id = DOCS[i].id;
        d.title = DOCS[i].title;
        d.text = DOCS[i].text;
        ok = acq_writer_add(w, &d) == ACQ_OK;
    }
    acq_document bad = {0};
    bad.id = "x";
    bad.text = "\xFF";
    ok = ok && acq_writer_add(w, &bad) == ACQ_EINPUT;
    ok = ok && acq_writer_open(&w2, idx, NULL, NULL, 0) == ACQ_ELOCKED;
    ok = ok && acq_writer_commit(w) == ACQ_OK && acq_writer_merge(w) == ACQ_OK;
    acq_writer_close(w);
    acq_index *ix = NULL;
    acq_results *r = NULL;
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.snippets = o.explain = o.count = 1;
    ok = ok && acq_index_open(&ix, idx, NULL, 0) == ACQ_OK;
    ok = ok && acq_search(&r, ix, "police \"european arrest\" europ* date:2000..2020", &o, NULL, 0) == ACQ_OK;
    acq_results_free(r);
    ok = ok && acq_search(&r, ix, "\"unclosed", &o, NULL, 0) == ACQ_EQUERY;
    ok = ok && acq_search(&r, ix, "e*", &o, NULL, 0) == ACQ_EQUERY;
    acq_index_close(ix);
    ok = ok && acq_index_open(&ix, "/nonexistent", NULL, 0) == ACQ_ENOTFOUND;

    unsetenv("ACQ_DEBUG_MEMORY");
    unsetenv("ACQ_DEBUG");
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    close(fd);
    cr_assert(ok, "the session failed");
    size_t n = 0;
    char *text = test_read_file(path, &n);
    cr_assert_not_null(text);
    cr_assert_eq(n, 0, "the library printed: %s", text);
    free(text);
    test_rmrf(dir);
    free(dir);
}
