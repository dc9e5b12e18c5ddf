/* test_threads.c: one open index searched by 8 threads at once returns
 * exactly what one thread gets, byte for byte: ids, docnos, scores (as hex
 * floats), totals, snippets with their match offsets and explanations, for
 * query strings and for one built query (acq_search_query) shared by all
 * threads. Meant to run under ThreadSanitizer too (cmake -DACQ_TSAN=ON), where
 * any data race on the search path fails the test.
 *
 * The index holds the first passages of ../shared/corpus/eurlex-en-passages
 * in several segments, with some documents deleted, so that every part of the
 * read path is shared: dictionaries, postings, positions, stored-field blocks,
 * deletions and the lazily verified checksums of every file. Without the
 * shared data that test skips, naming the missing file. */
#ifdef ACQ_TEST_STANDALONE
/* Criterion cannot start under ThreadSanitizer (its shared arena is mapped
 * where TSan keeps shadow memory: Criterion issue #274), so the -DACQ_TSAN=ON
 * build compiles this file with ACQ_TEST_STANDALONE: the tests run one after
 * the other from the main() at the end, with these stand-ins. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
static void fail_at(const char *file, int line, const char *expr, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: assertion failed: %s\n  ", file, line, expr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    exit(1);
}
#define Test(suite, name) static void suite##_##name(void)
#define cr_assert(c, ...) ((c) ? (void)0 : fail_at(__FILE__, __LINE__, #c, "" __VA_ARGS__))
#define cr_assert_eq(a, b, ...) cr_assert((a) == (b), __VA_ARGS__)
#define cr_assert_gt(a, b, ...) cr_assert((a) > (b), __VA_ARGS__)
#define cr_assert_not_null(p, ...) cr_assert((p) != NULL, __VA_ARGS__)
static int skipped;
#define cr_skip_test(...) \
    do { \
        skipped++; \
        printf("skipped: " __VA_ARGS__); \
        printf("\n"); \
        return; \
    } while (0)
#else
#include <criterion/criterion.h>
#endif
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "index/writer_internal.h"
#include "common/error.h"
#include "ingest/ingest.h"
#include "support.h"

#define NTHREADS 8
#define ROUNDS 2
#define MAX_DOCS 2500
#define MAX_QUERIES 80

/* ---- the index --------------------------------------------------------------------- */

typedef struct feed {
    acq_writer *w;
    uint64_t n;
} feed;

static int feed_doc(void *ctx, const acq_ingest_doc *d)
{
    feed *f = ctx;
    if (f->n == MAX_DOCS)
        return ACQ_ELIMIT; /* enough: stop reading */
    int rc = acq_writer_add(f->w, &d->doc);
    f->n += rc == ACQ_OK;
    return rc;
}

static char *build_index(const char *corpus)
{
    char *dir = test_tmpdir();
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.memory_budget = 2u << 20; /* several segments */
    o.merge_factor = 1;         /* kept apart: no merging at commit */
    acq_writer *w = NULL;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_writer_set_runs_per_segment(w, 1); /* a segment per flush: these tests want many */
    feed f = {w, 0};
    acq_ingest_callbacks cb = {feed_doc, NULL, NULL, &f, NULL};
    acq_err err = {0};
    int rc = acq_ingest_path(corpus, &cb, NULL, &err);
    cr_assert(rc == ACQ_OK || (rc == ACQ_ELIMIT && f.n == MAX_DOCS), "rc %d: %s %s", rc, err.msg,
              acq_writer_errmsg(w));
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    /* Delete a few passages of the first acts. */
    const char *gone[] = {"11997E083@1957-03-25:en#1", "11997E083@1957-03-25:en#2", "11997E084@1957-03-25:en#0"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        cr_assert_eq(acq_writer_delete(w, gone[i]), ACQ_OK);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    cr_assert_gt(acq_writer_segment_count(w), 1);
    acq_writer_close(w);
    return dir;
}

/* ---- the queries ------------------------------------------------------------------------- */

typedef struct query {
    char text[512];
    int snippets, explain, count;
    size_t k;
} query;

static const char *const FIXED[] = {
    "competition", "approximation of laws", "\"common rules\"", "\"member states\"~3", "treaty OR community",
    "+council -commission", "compet*", "title:article", "type:TREATY", "date:1957..1960 agriculture",
    "celex:11997E083", "(transport AND rail) OR (air AND carrier)", "\"european community\" tax*",
    "the", "nothing-matches-this-word", "state aid", "free movement of goods", "customs union",
};

static size_t load_queries(query *q, size_t cap, const char *path)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof FIXED / sizeof FIXED[0] && n < cap; i++, n++)
        snprintf(q[n].text, sizeof q[n].text, "%s", FIXED[i]);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot read the queries in %s", path);
    char line[1024];
    while (n < cap && fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t');
        if (tab == NULL)
            continue;
        tab[strcspn(tab, "\r\n")] = '\0';
        snprintf(q[n].text, sizeof q[n].text, "%s", tab + 1);
        n++;
    }
    fclose(f);
    /* Vary the options: every form of result is compared. */
    for (size_t i = 0; i < n; i++) {
        q[i].snippets = i % 3 == 0; /* the dearest part: keep k small there */
        q[i].explain = i % 5 == 0;
        q[i].count = i % 2 == 0;
        q[i].k = q[i].snippets ? 10 : i % 4 == 1 ? 100 : 20;
    }
    return n;
}

/* ---- results as bytes ------------------------------------------------------------------------- */

typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        if (t->s && (size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        t->cap = (t->cap + (size_t)n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        if (t->s == NULL)
            abort();
    }
}

static void describe(text *t, int rc, const acq_results *r, const char *msg)
{
    put(t, "rc %d %s\n", rc, rc ? msg : "");
    if (rc != ACQ_OK)
        return;
    put(t, "count %zu total %llu\n", acq_results_count(r), (unsigned long long)acq_results_total(r));
    for (size_t i = 0; i < acq_results_count(r); i++) {
        const acq_hit *h = acq_results_hit(r, i);
        put(t, "%zu %a %llu %s|%s|%s|%s|%s|%s|%s\n", i, h->score, (unsigned long long)h->docno, h->id, h->title,
            h->date, h->type, h->lang, h->celex, h->url);
        if (h->snippet) {
            put(t, "  snippet %s\n  matches", h->snippet);
            for (size_t m = 0; m < h->match_count; m++)
                put(t, " %u-%u", h->match_offsets[2 * m], h->match_offsets[2 * m + 1]);
            put(t, "\n");
        }
        if (h->explanation)
            put(t, "  explain %s\n", h->explanation);
    }
}

static void run_query(text *t, acq_index *ix, const query *q)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = q->k;
    o.snippets = q->snippets;
    o.explain = q->explain;
    o.count = q->count;
    acq_results *r = NULL;
    char msg[512] = "";
    int rc = acq_search(&r, ix, q->text, &o, msg, sizeof msg);
    describe(t, rc, r, msg);
    acq_results_free(r);
}

static void run_built(text *t, acq_index *ix, const acq_query *q)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = 20;
    o.snippets = 1;
    o.count = 1;
    acq_results *r = NULL;
    char msg[512] = "";
    int rc = acq_search_query(&r, ix, q, &o, msg, sizeof msg);
    describe(t, rc, r, msg);
    acq_results_free(r);
}

/* competition AND ("common rules" OR tax*-free "approximation of laws"), -agriculture */
static acq_query *built_query(void)
{
    acq_query *root, *either, *a, *b, *c, *d;
    cr_assert_eq(acq_query_new_bool(&root), ACQ_OK);
    cr_assert_eq(acq_query_new_bool(&either), ACQ_OK);
    cr_assert_eq(acq_query_new_term(&a, "body", "competition"), ACQ_OK);
    cr_assert_eq(acq_query_new_phrase(&b, "body", "common rules", 0), ACQ_OK);
    cr_assert_eq(acq_query_new_phrase(&c, "body", "approximation laws", 2), ACQ_OK);
    cr_assert_eq(acq_query_new_term(&d, "title", "agriculture"), ACQ_OK);
    cr_assert_eq(acq_query_add(either, b, ACQ_OCCUR_SHOULD), ACQ_OK);
    cr_assert_eq(acq_query_add(either, c, ACQ_OCCUR_SHOULD), ACQ_OK);
    cr_assert_eq(acq_query_add(root, a, ACQ_OCCUR_MUST), ACQ_OK);
    cr_assert_eq(acq_query_add(root, either, ACQ_OCCUR_SHOULD), ACQ_OK);
    cr_assert_eq(acq_query_add(root, d, ACQ_OCCUR_MUST_NOT), ACQ_OK);
    return root;
}

/* ---- threads ---------------------------------------------------------------------------------- */

typedef struct shared {
    acq_index *ix;
    const acq_query *built;
    const query *queries;
    size_t nqueries;
    char **expected;      /* per query, then the built query last */
    char *built_expected;
} shared;

typedef struct worker {
    const shared *sh;
    int id;
    size_t runs, mismatches;
    char first_bad[640];
} worker;

static void *work(void *arg)
{
    worker *wk = arg;
    const shared *sh = wk->sh;
    for (int round = 0; round < ROUNDS; round++) {
        /* Each thread starts at a different query, so that different
         * queries (and first touches of file chunks) overlap. */
        size_t start = (size_t)wk->id * sh->nqueries / NTHREADS;
        for (size_t j = 0; j <= sh->nqueries; j++) {
            size_t i = (start + j) % (sh->nqueries + 1);
            text t = {0};
            const char *want;
            if (i == sh->nqueries) {
                run_built(&t, sh->ix, sh->built);
                want = sh->built_expected;
            } else {
                run_query(&t, sh->ix, &sh->queries[i]);
                want = sh->expected[i];
            }
            wk->runs++;
            if (strcmp(t.s, want) != 0) {
                if (wk->mismatches++ == 0)
                    snprintf(wk->first_bad, sizeof wk->first_bad, "thread %d, query \"%.80s\": got\n%.200s\nwant\n%.200s",
                             wk->id, i == sh->nqueries ? "(built)" : sh->queries[i].text, t.s, want);
            }
            free(t.s);
        }
    }
    return NULL;
}

Test(threads, eight_threads_get_the_single_threaded_results)
{
    char corpus[4096], queries_path[4096];
    if (!test_shared(corpus, sizeof corpus, "corpus/eurlex-en-passages.jsonl.gz"))
        cr_skip_test("%s is not there (shared test data, see tests/support.h)", corpus);
    if (!test_shared(queries_path, sizeof queries_path, "eval/eurlex-en-queries.tsv"))
        cr_skip_test("%s is not there (shared test data, see tests/support.h)", queries_path);
    char *dir = build_index(corpus);
    acq_index *ix = NULL;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);

    static query queries[MAX_QUERIES];
    size_t nq = load_queries(queries, MAX_QUERIES, queries_path);
    acq_query *built = built_query();

    /* The reference: one thread, on a second handle of the same index, so
     * that the threads below also start with cold checksum state. */
    acq_index *ref = NULL;
    cr_assert_eq(acq_index_open(&ref, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    shared sh = {ix, built, queries, nq, calloc(nq, sizeof(char *)), NULL};
    size_t hits = 0;
    for (size_t i = 0; i < nq; i++) {
        text t = {0};
        run_query(&t, ref, &queries[i]);
        sh.expected[i] = t.s;
        hits += strncmp(t.s, "rc 0\ncount 0 ", 13) != 0;
    }
    text t = {0};
    run_built(&t, ref, built);
    sh.built_expected = t.s;
    cr_assert(strncmp(t.s, "rc 0\ncount 0 ", 13) != 0, "the built query finds nothing: %s", t.s);
    cr_assert_gt(hits, nq / 3, "only %zu of %zu queries find anything", hits, nq);
    acq_index_close(ref);

    pthread_t tid[NTHREADS];
    worker wk[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        wk[i] = (worker){&sh, i, 0, 0, ""};
        cr_assert_eq(pthread_create(&tid[i], NULL, work, &wk[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(tid[i], NULL);
    for (int i = 0; i < NTHREADS; i++) {
        cr_assert_eq(wk[i].runs, (size_t)ROUNDS * (nq + 1));
        cr_assert_eq(wk[i].mismatches, 0, "%zu mismatches; first: %s", wk[i].mismatches, wk[i].first_bad);
    }

    for (size_t i = 0; i < nq; i++)
        free(sh.expected[i]);
    free(sh.expected);
    free(sh.built_expected);
    acq_query_destroy(built);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

/* Threads that each open, search and close their own handle of one index
 * while another thread commits to it: every reader sees one whole commit. */
typedef struct churn {
    const char *dir;
    int failures;
    char why[512];
} churn;

static void *open_search_close(void *arg)
{
    churn *c = arg;
    for (int i = 0; i < 20; i++) {
        acq_index *ix = NULL;
        char msg[512];
        int rc = acq_index_open(&ix, c->dir, msg, sizeof msg);
        acq_results *r = NULL;
        if (rc == ACQ_OK)
            rc = acq_search(&r, ix, "competition OR churn", NULL, msg, sizeof msg);
        if (rc == ACQ_OK) {
            acq_index_stats st = ACQ_INDEX_STATS_INIT;
            rc = acq_index_stats_get(ix, &st);
            /* documents come in pairs: a commit is never seen in half */
            if (rc == ACQ_OK && st.documents % 2 != 0 && c->failures++ == 0)
                snprintf(c->why, sizeof c->why, "odd document count %llu", (unsigned long long)st.documents);
        }
        if (rc != ACQ_OK && c->failures++ == 0)
            snprintf(c->why, sizeof c->why, "rc %d: %.400s", rc, msg);
        acq_results_free(r);
        acq_index_close(ix);
    }
    return NULL;
}

Test(threads, readers_open_while_a_writer_commits)
{
    char *dir = test_tmpdir();
    acq_writer *w = NULL;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_document d = {0};
    d.id = "c0";
    d.text = "competition churn";
    cr_assert_eq(acq_writer_add(w, &d), ACQ_OK);
    d.id = "c1";
    cr_assert_eq(acq_writer_add(w, &d), ACQ_OK);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    churn c[4];
    pthread_t tid[4];
    for (int i = 0; i < 4; i++) {
        c[i] = (churn){dir, 0, ""};
        cr_assert_eq(pthread_create(&tid[i], NULL, open_search_close, &c[i]), 0);
    }
    for (int k = 0; k < 20; k++) {
        char id[32];
        snprintf(id, sizeof id, "a%d", k);
        d.id = id;
        cr_assert_eq(acq_writer_add(w, &d), ACQ_OK);
        snprintf(id, sizeof id, "b%d", k);
        cr_assert_eq(acq_writer_add(w, &d), ACQ_OK);
        cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
        if (k % 5 == 4)
            cr_assert_eq(acq_writer_merge(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    }
    for (int i = 0; i < 4; i++)
        pthread_join(tid[i], NULL);
    acq_writer_close(w);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(c[i].failures, 0, "reader %d: %s", i, c[i].why);
    test_rmrf(dir);
    free(dir);
}

#ifdef ACQ_TEST_STANDALONE
int main(void)
{
    threads_eight_threads_get_the_single_threaded_results();
    threads_readers_open_while_a_writer_commits();
    printf("test_threads: %d tests passed, %d skipped\n", 2 - skipped, skipped);
    return 0;
}
#endif
