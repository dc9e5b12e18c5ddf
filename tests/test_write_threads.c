/* test_write_threads.c: writing with threads (acq_writer_options.threads,
 * `acquis index -j N`). An index written with 2 or 4 threads is the same
 * bytes, file for file, as one written with one, through flushes of several
 * segments, replaced and deleted documents, the merges of the policy and a
 * final merge; so its search results and statistics are the same too. A
 * failure on the compression thread or on a merge's second thread (an
 * allocation, a write) is reported by the call that meets it, as without
 * threads, and leaves the last commit readable (the ASan build checks that
 * the threads' memory is freed on every such path). Citations found where
 * the input is parsed, as acquis index finds them, give the same index as
 * the writer finding them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "index/io.h"
#include "index/writer_internal.h"
#include "ingest/ingest.h"
#include "support.h"

/* ---- a corpus that exercises the stored-field writer ---------------------- */

static const char *const WORDS[] = {
    "police", "cooperation", "europol", "member", "states", "prüm", "decision", "dna", "profiles",
    "fingerprint", "vehicle", "registration", "schengen", "border", "asylum", "return", "warrant",
    "arrest", "surrender", "judicial", "criminal", "matters", "encryption", "evidence", "council",
    "regulation", "directive", "article", "data", "protection", "exchange", "information", "agency",
};
#define NWORDS (sizeof WORDS / sizeof WORDS[0])

/* Document i: texts of very different lengths (a few words to 40 KB, so
 * that records span blocks), every seventh text a repeat of an earlier one
 * (references between records), ids that repeat (replacements). */
static char *text_of(unsigned i)
{
    unsigned src = i % 7 == 6 ? i / 2 : i;
    unsigned seed = src * 2654435761u + 1;
    size_t words = 3 + (seed >> 7) % (i % 11 == 0 ? 6000 : 300);
    char *t = malloc(words * 16 + 1);
    size_t len = 0;
    for (size_t k = 0; k < words; k++) {
        seed = seed * 1103515245u + 12345u;
        len += (size_t)sprintf(t + len, "%s%s", k ? " " : "", WORDS[(seed >> 16) % NWORDS]);
    }
    t[len] = '\0';
    return t;
}

static int add_doc(acq_writer *w, unsigned i)
{
    char id[32], title[64];
    snprintf(id, sizeof id, "doc-%u", i % 97 == 5 ? i - 5 : i); /* some replace */
    snprintf(title, sizeof title, "Act %u on %s", i, WORDS[i % NWORDS]);
    char *text = text_of(i);
    acq_document d = {0};
    d.id = id;
    d.title = title;
    d.text = text;
    d.lang = "en";
    d.date = i % 3 ? "2016-04-27" : NULL;
    int rc = acq_writer_add(w, &d);
    free(text);
    return rc;
}

/* The whole life of an index: several flushes and commits, deletions, the
 * policy's merges, a final merge. Returns the first failure. */
static int write_life_sized(const char *dir, int threads, unsigned ndocs, size_t budget, unsigned commit_every)
{
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.memory_budget = budget;
    o.merge_factor = 3;          /* the policy merges too */
    o.no_lang_detect = 1;
    o.threads = threads;
    acq_writer *w = NULL;
    int rc = acq_writer_open(&w, dir, &o, NULL, 0);
    if (rc != ACQ_OK)
        return rc;
    for (unsigned i = 0; i < ndocs && rc == ACQ_OK; i++) {
        rc = add_doc(w, i);
        if (rc == ACQ_OK && i % commit_every == commit_every - 1)
            rc = acq_writer_commit(w);
        if (rc == ACQ_OK && i % 250 == 20)
            rc = acq_writer_delete(w, "doc-3");
    }
    if (rc == ACQ_OK)
        rc = acq_writer_commit(w);
    if (rc == ACQ_OK)
        rc = acq_writer_merge(w);
    acq_writer_close(w);
    return rc;
}

/* A flush every few hundred documents. */
static int write_life(const char *dir, int threads, unsigned ndocs)
{
    return write_life_sized(dir, threads, ndocs, 1u << 20, 400);
}

/* A run every 129 documents (the flush rule looks ACQ_FLUSH_LAG back past
 * these small ones), one in each batch, and a segment at each commit:
 * small enough to fail at every step. */
static int small_life(const char *dir, int threads)
{
    return write_life_sized(dir, threads, 320, 4096, 160);
}

/* Every file of dir but the lock, sorted by name, as "name:size:crc\n". */
static char *results_of(const char *dir)
{
    static const char *const Q[] = {"police cooperation", "\"dna profiles\"", "europol AND warrant",
                                    "title:prüm", "encryption evidence -asylum", "doc-3"};
    acq_index *ix = NULL;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    size_t cap = 1 << 16, len = 0;
    char *s = calloc(1, cap);
    for (size_t q = 0; q < sizeof Q / sizeof Q[0]; q++) {
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.k = 20;
        o.count = 1;
        acq_results *r = NULL;
        cr_assert_eq(acq_search(&r, ix, Q[q], &o, msg, sizeof msg), ACQ_OK, "%s", msg);
        len += (size_t)snprintf(s + len, cap - len, "%s: %llu\n", Q[q], (unsigned long long)acq_results_total(r));
        for (size_t i = 0; i < acq_results_count(r); i++)
            len += (size_t)snprintf(s + len, cap - len, " %s %a\n", acq_results_hit(r, i)->id,
                                    acq_results_hit(r, i)->score);
        acq_results_free(r);
    }
    acq_index_close(ix);
    return s;
}

Test(write_threads, same_bytes_as_one_thread)
{
    char *one = test_tmpdir(), *two = test_tmpdir(), *four = test_tmpdir();
    cr_assert_eq(write_life(one, 1, 1500), ACQ_OK);
    cr_assert_eq(write_life(two, 2, 1500), ACQ_OK);
    cr_assert_eq(write_life(four, 4, 1500), ACQ_OK);
    char *s1 = test_dir_state(one), *s2 = test_dir_state(two), *s4 = test_dir_state(four);
    cr_assert(strstr(s1, ".fdt:") != NULL, "no stored texts in\n%s", s1);
    cr_assert_str_eq(s2, s1, "2 threads wrote other files than 1");
    cr_assert_str_eq(s4, s1, "4 threads wrote other files than 1");
    char *r1 = results_of(one), *r2 = results_of(two);
    cr_assert(strstr(r1, "police cooperation: 0\n") == NULL);
    cr_assert_str_eq(r2, r1);
    free(s1), free(s2), free(s4), free(r1), free(r2);
    test_rmrf(one), test_rmrf(two), test_rmrf(four);
    free(one), free(two), free(four);
}

/* The real thing: acts of jha-en, several segments merged at the end as
 * `acquis index` does. */
typedef struct feed {
    acq_writer *w;
    unsigned n, max;
} feed;

/* Documents with their citations found as they were parsed (as acquis
 * index gives them) go through acq_writer_add_fields_cited. */
static int feed_doc(void *ctx, const acq_ingest_doc *d)
{
    feed *f = ctx;
    if (f->n == f->max)
        return ACQ_ELIMIT;
    int rc = d->cited ? acq_writer_add_fields_cited(f->w, &d->doc, d->fields, d->nfields, d->cited)
                      : acq_writer_add_fields(f->w, &d->doc, d->fields, d->nfields);
    f->n += rc == ACQ_OK;
    return rc == ACQ_EINPUT ? ACQ_OK : rc;
}

/* corpus indexed with threads; ahead: its citations found where it is
 * parsed (with 2 threads or more, on the read-ahead thread), as acquis
 * index does, instead of by the writer. */
static char *build_from(const char *corpus, int threads, int ahead, unsigned max, size_t budget)
{
    char *dir = test_tmpdir();
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.memory_budget = budget;
    o.replace = 1;
    o.threads = threads;
    acq_writer *w = NULL;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    feed f = {w, 0, max};
    acq_ingest_callbacks cb = {feed_doc, NULL, NULL, &f, NULL};
    acq_ingest_options io = {0};
    io.read_ahead = ahead && threads >= 2;
    io.citations = ahead;
    acq_err err = {0};
    int rc = acq_ingest_path_opts(corpus, &io, &cb, NULL, &err);
    cr_assert(rc == ACQ_OK || (rc == ACQ_ELIMIT && f.n == f.max), "rc %d: %s %s", rc, err.msg, acq_writer_errmsg(w));
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    return dir;
}

/* The "cites" a document gets are the same whether the writer finds them
 * or they come found beforehand: the document's own number left out,
 * each act once, those the line already gives left out, in the title and
 * in the text, through 1 and 2 threads. */
Test(write_threads, citations_found_ahead_same_bytes)
{
    char *src = test_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/cites.jsonl", src);
    acq_buf b = {0};
    for (int i = 0; i < 300; i++)
        acq_buf_printf(&b,
                       "{\"id\": \"c%d\", \"celex\": \"%s\", \"title\": \"Council Decision 2008/%d/JHA\", "
                       "\"text\": \"Having regard to Regulation (EU) 2016/794 and Decision 2008/615/JHA, and "
                       "Directive 95/46/EC, Regulation (EU) 2016/794 again, Framework Decision 2002/584/JHA.\""
                       "%s}\n",
                       i, i % 3 == 0 ? "32008D0615" : i % 3 == 1 ? "32016R0794" : "", 600 + i % 40,
                       i % 4 == 0 ? ", \"cites\": [\"31995L0046\"]" : "");
    cr_assert_eq(test_write_file(path, acq_buf_cstr(&b)), 0);
    acq_buf_free(&b);
    char *base = build_from(path, 1, 0, 1000, 0);
    char *s0 = test_dir_state(base);
    for (int threads = 1; threads <= 2; threads++) {
        char *ahead = build_from(path, threads, 1, 1000, 0);
        char *s = test_dir_state(ahead);
        cr_assert_str_eq(s, s0, "%d thread(s): the citations found ahead differ", threads);
        free(s);
        test_rmrf(ahead);
        free(ahead);
    }
    /* And they are there: the acts that cite Europol's Regulation, less
     * those that are it. */
    cr_assert_eq(test_total(base, "cites:32016R0794"), 200);
    free(s0);
    test_rmrf(base), test_rmrf(src);
    free(base), free(src);
}

/* 3,000 acts through a 16 MB budget: several runs merged into one
 * segment at the commit (the merge then has nothing to do). */
static char *build_jha(const char *corpus, int threads, int ahead)
{
    char *dir = build_from(corpus, threads, ahead, 3000, 16u << 20);
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.threads = threads;
    acq_writer *w = NULL;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_writer_segment_count(w), 1);
    cr_assert_eq(acq_writer_merge(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    return dir;
}

Test(write_threads, jha_acts_same_bytes_as_one_thread)
{
    char corpus[4096];
    if (!test_shared(corpus, sizeof corpus, "corpus/jha-en.jsonl.gz"))
        cr_skip_test("%s is missing", corpus);
    /* Two threads as acquis index -j 2 runs them: citations found on the
     * read-ahead thread. */
    char *one = build_jha(corpus, 1, 0), *two = build_jha(corpus, 2, 1);
    char *s1 = test_dir_state(one), *s2 = test_dir_state(two);
    cr_assert_str_eq(s2, s1);
    char *r1 = results_of(one), *r2 = results_of(two);
    cr_assert_str_eq(r2, r1);
    free(s1), free(s2), free(r1), free(r2);
    test_rmrf(one), test_rmrf(two);
    free(one), free(two);
}

/* ---- failures on the threads ------------------------------------------------- */

/* 1 if the failure injected n operations ago happened (the countdown ran
 * out); disarms it either way. */
static int alloc_failure_reached(long n)
{
    int pending = 0;
    for (long i = 0; i < n && !pending; i++) {
        void *p = acq_malloc(1);
        pending = p == NULL;
        acq_free(p);
    }
    acq_alloc_fail_after(0);
    return !pending;
}

static int io_failure_reached(long n)
{
    int pending = 0;
    for (long i = 0; i < n && !pending; i++)
        pending = acq_io_injected_failure();
    acq_io_fail_after(0);
    return !pending;
}

/* A way to write an index into dir, with the failure to inject armed by
 * arm() at the right moment; its result. */
typedef int (*life_fn)(const char *dir, void (*arm)(long), long n);

static void arm_alloc(long n) { acq_alloc_fail_after(n); }
static void arm_io(long n) { acq_io_fail_after(n); }

/* For n = 1, 2, ... (steps growing by 1 / step_div, from every one of the
 * first operations to points spread over all of them) the n-th allocation
 * (io = 0) or file operation (io = 1) fails, on whichever thread makes it:
 * the life fails with ACQ_ENOMEM / ACQ_EIO, the directory still opens as
 * an index or not at all, and nothing failed unless the failure was
 * reached; a life the failure never reached ends with the files of one
 * without it. At least min_failed steps must fail. */
static void fail_every_step(life_fn life, int io, long step_div, int min_failed)
{
    void (*arm)(long) = io ? arm_io : arm_alloc;
    char *ref = test_tmpdir();
    cr_assert_eq(life(ref, arm, 0), ACQ_OK);
    char *want = test_dir_state(ref);
    int failed = 0;
    for (long n = 1;; n += 1 + n / step_div) {
        char *dir = test_tmpdir();
        int rc = life(dir, arm, n);
        int reached = io ? io_failure_reached(n) : alloc_failure_reached(n);
        if (rc != ACQ_OK) {
            cr_assert_eq(rc, io ? ACQ_EIO : ACQ_ENOMEM, "operation %ld: rc %d", n, rc);
            cr_assert(reached, "operation %ld: a failure without the injected one", n);
            failed++;
            acq_index *ix = NULL;
            if (acq_index_open(&ix, dir, NULL, 0) == ACQ_OK)
                acq_index_close(ix);
        } else if (!reached) {
            char *got = test_dir_state(dir);
            cr_assert_str_eq(got, want, "operation %ld: a different index", n);
            free(got);
        }
        test_rmrf(dir);
        free(dir);
        if (!reached)
            break;
    }
    cr_assert_gt(failed, min_failed);
    free(want);
    test_rmrf(ref);
    free(ref);
}

/* small_life with two threads, the failure armed from its start. */
static int small_life_failing(const char *dir, void (*arm)(long), long n)
{
    arm(n);
    return small_life(dir, 2);
}

/* The whole small life: the opening of the writer, the pipe, the first
 * segment, the adds, flushes, commits and merges. */
Test(write_threads, allocation_failures_with_threads) { fail_every_step(small_life_failing, 0, 6, 20); }
Test(write_threads, io_failures_with_threads) { fail_every_step(small_life_failing, 1, 10, 10); }

/* A segment of a few thousand terms flushed at the commit, where two
 * threads encode it (builder.c, batches of 1,024 terms): the failure is
 * armed just before the commit. */
static int commit_one_segment(const char *dir, void (*arm)(long), long n)
{
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.memory_budget = 64u << 20; /* no flush before the commit */
    o.no_lang_detect = 1;
    o.threads = 2;
    acq_writer *w = NULL;
    cr_assert_eq(acq_writer_open(&w, dir, &o, NULL, 0), ACQ_OK);
    for (unsigned i = 0; i < 700; i++)
        cr_assert_eq(add_doc(w, i), ACQ_OK);
    arm(n);
    int rc = acq_writer_commit(w);
    acq_writer_close(w);
    return rc;
}

Test(write_threads, allocation_failures_in_a_two_thread_flush) { fail_every_step(commit_one_segment, 0, 8, 10); }
Test(write_threads, io_failures_in_a_two_thread_flush) { fail_every_step(commit_one_segment, 1, 8, 10); }

/* `acquis index -j N`: the same files with 1 and 2 threads; a bad N is
 * refused with exit status 2. */
/* acquis add takes -j too: adding the same input to two copies of an index
 * with 1 and 2 threads gives the same files. */
Test(write_threads, cli_add_j)
{
    char *dir = test_tmpdir();
    char cmd[8192], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "'%s' index -q -j 1 -o '%s/one' '%s/corpus/jha.jsonl' 2>&1 && cp -r '%s/one' '%s/two'", ACQ_CLI_PATH,
             dir, ACQ_SOURCE_DIR, dir, dir);
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out ? out : "");
    free(out);
    /* The corpus again under other ids, so that the add writes a segment. */
    snprintf(cmd, sizeof cmd, "sed 's/\"id\": *\"/\"id\": \"again-/' '%s/corpus/jha.jsonl' > '%s/again.jsonl'",
             ACQ_SOURCE_DIR, dir);
    cr_assert_eq(system(cmd), 0);
    char before_dir[4096];
    snprintf(before_dir, sizeof before_dir, "%s/one", dir);
    char *before = test_dir_state(before_dir);
    for (int j = 1; j <= 2; j++) {
        snprintf(cmd, sizeof cmd, "'%s' add -q -j %d -i '%s/%s' '%s/again.jsonl' 2>&1", ACQ_CLI_PATH, j, dir,
                 j == 1 ? "one" : "two", dir);
        cr_assert_eq(test_run(cmd, &out), 0, "%s", out ? out : "");
        free(out);
    }
    char one[4096], two[4096];
    snprintf(one, sizeof one, "%s/one", dir);
    snprintf(two, sizeof two, "%s/two", dir);
    char *s1 = test_dir_state(one), *s2 = test_dir_state(two);
    cr_assert_str_eq(s2, s1);
    cr_assert_str_neq(s1, before, "the add wrote nothing");
    free(s1), free(s2), free(before);
    snprintf(cmd, sizeof cmd, "'%s' add -q -j 65 -i '%s/one' '%s/again.jsonl' 2>&1", ACQ_CLI_PATH, dir, dir);
    cr_assert_eq(test_run(cmd, &out), 2);
    cr_assert(out && strstr(out, "acquis add: -j wants a number of threads"), "%s", out ? out : "");
    free(out);
    test_rmrf(dir);
    free(dir);
}

Test(write_threads, cli_index_j)
{
    char *dir = test_tmpdir();
    char cmd[8192], *out = NULL;
    snprintf(cmd, sizeof cmd, "'%s' index -q -j 1 -o '%s/one' '%s/corpus/jha.jsonl' 2>&1", ACQ_CLI_PATH, dir,
             ACQ_SOURCE_DIR);
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out ? out : "");
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' index -q -j 2 -o '%s/two' '%s/corpus/jha.jsonl' 2>&1", ACQ_CLI_PATH, dir,
             ACQ_SOURCE_DIR);
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out ? out : "");
    free(out);
    char one[4096], two[4096];
    snprintf(one, sizeof one, "%s/one", dir);
    snprintf(two, sizeof two, "%s/two", dir);
    char *s1 = test_dir_state(one), *s2 = test_dir_state(two);
    cr_assert_str_eq(s2, s1);
    free(s1), free(s2);
    snprintf(cmd, sizeof cmd, "'%s' index -q -j 0 -o '%s/bad' '%s/corpus/jha.jsonl' 2>&1", ACQ_CLI_PATH, dir,
             ACQ_SOURCE_DIR);
    cr_assert_eq(test_run(cmd, &out), 2);
    cr_assert(out && strstr(out, "-j wants a number of threads"), "%s", out ? out : "");
    free(out);
    test_rmrf(dir);
    free(dir);
}
