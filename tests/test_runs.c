/* test_runs.c: the builder's runs (src/segment/runs.c, builder.c). A
 * segment built through many runs is the same bytes, file for file, as one
 * built in memory at once, with one thread or two; the runs are gone after
 * the commit and a crash's leftovers are removed by the next writer; more
 * runs than a segment holds make several segments with the same results;
 * a damaged or truncated run is reported, never decoded. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

#include "acquis.h"
#include "common/buf.h"
#include "index/writer_internal.h"
#include "segment/builder.h"
#include "segment/runs.h"
#include "support.h"

#define NDOCS 1500

/* Words from a vocabulary that grows with the documents (rare words too,
 * and some in the title), a date on some, an extra field on others. */
static int add_docs(acq_writer *w, unsigned first, unsigned n)
{
    static const char *common[] = {"police", "cooperation", "europol", "data", "member", "states", "article",
                                   "regulation", "prum", "dna", "schengen", "border"};
    test_rng_seed(first + 11);
    acq_buf text = {0};
    for (unsigned i = first; i < first + n; i++) {
        text.len = 0;
        unsigned words = 20 + (unsigned)(test_rng() % 400);
        for (unsigned k = 0; k < words; k++) {
            uint64_t r = test_rng();
            char word[32];
            if (r % 3 == 0)
                snprintf(word, sizeof word, "%s ", common[(r >> 8) % 12]);
            else
                snprintf(word, sizeof word, "w%llu ", (unsigned long long)((r >> 8) % (200 + i * 4)));
            acq_buf_put(&text, word, strlen(word));
        }
        acq_buf_putc(&text, '\0');
        char id[32], title[64];
        snprintf(id, sizeof id, "doc-%u", i);
        snprintf(title, sizeof title, "Act %u on w%u", i, i % 97);
        acq_document d = {0};
        d.id = id;
        d.title = title;
        d.text = (const char *)text.data;
        d.lang = "en";
        d.date = i % 4 ? "2019-05-20" : NULL;
        acq_field extra = {.name = "topic", .value = i % 5 ? "borders" : "asylum"};
        int rc = acq_writer_add_fields(w, &d, &extra, 1);
        if (rc != ACQ_OK) {
            acq_buf_free(&text);
            return rc;
        }
    }
    acq_buf_free(&text);
    return ACQ_OK;
}

static acq_writer *open_writer(const char *dir, size_t budget, int threads)
{
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.memory_budget = budget;
    o.no_lang_detect = 1;
    o.threads = threads;
    acq_writer *w = NULL;
    char msg[256];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    return w;
}

/* The files named seg-*.run-* in dir. */
static int count_runs(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strncmp(e->d_name, "seg-", 4) == 0 && strstr(e->d_name, ".run-") != NULL;
    closedir(d);
    return n;
}

/* Adds documents first .. first + n - 1 named prefix-N, each of `words`
 * words made by word_of(document, k). */
static int add_texts(acq_writer *w, unsigned first, unsigned n, const char *prefix, unsigned words,
                     void (*word_of)(unsigned doc, unsigned k, char *word, size_t cap))
{
    acq_buf text = {0};
    int rc = ACQ_OK;
    for (unsigned i = first; rc == ACQ_OK && i < first + n; i++) {
        text.len = 0;
        for (unsigned k = 0; k < words; k++) {
            char word[32];
            word_of(i, k, word, sizeof word);
            acq_buf_put(&text, word, strlen(word));
        }
        acq_buf_putc(&text, '\0');
        char id[32];
        snprintf(id, sizeof id, "%s-%u", prefix, i);
        acq_document d = {0};
        d.id = id;
        d.title = prefix;
        d.text = (const char *)text.data;
        d.lang = "en";
        rc = acq_writer_add(w, &d);
    }
    acq_buf_free(&text);
    return rc;
}

static void heavy_word(unsigned doc, unsigned k, char *word, size_t cap)
{
    if (k % 2)
        snprintf(word, cap, "police ");
    else
        snprintf(word, cap, "m%u ", (doc * 7 + k * 13) % 30);
}

/* Few words, each very frequent: one term in every document, hundreds of
 * times (more than 1 MB of postings in the runs: encoded alone, straight
 * into the files), and 30 others of tens of KB each (the merge's batches
 * then end at their byte bound, not at their number of terms). */
static int add_heavy_docs(acq_writer *w, unsigned first, unsigned n)
{
    return add_texts(w, first, n, "heavy", 600, heavy_word);
}

typedef int (*doc_source)(acq_writer *w, unsigned first, unsigned n);

/* Builds ndocs documents of source into a new directory; *runs gets the
 * runs the builder had written before the commit. */
static char *build_of(doc_source source, unsigned ndocs, size_t budget, int threads, size_t *runs)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, budget, threads);
    cr_assert_eq(source(w, 0, ndocs), ACQ_OK, "%s", acq_writer_errmsg(w));
    *runs = acq_writer_runs(w);
    if (*runs > 0 && threads == 1)
        cr_assert_eq((size_t)count_runs(dir), *runs, "the runs should be on disk until the commit");
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    cr_assert_eq(count_runs(dir), 0, "the commit should remove the runs");
    acq_writer_close(w);
    return dir;
}

static char *build(unsigned ndocs, size_t budget, int threads, size_t *runs)
{
    return build_of(add_docs, ndocs, budget, threads, runs);
}

static char *results_of(const char *dir)
{
    acq_index *ix = NULL;
    char msg[256];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    const char *queries[] = {"police cooperation", "w17", "w3 w5 w7", "\"member states\"", "topic:asylum prum",
                             "title:w42", "europol AND dna", "w999 OR w1000", "date:2019 schengen"};
    acq_buf out = {0};
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.count = 20;
        acq_results *r = NULL;
        cr_assert_eq(acq_search(&r, ix, queries[q], &o, msg, sizeof msg), ACQ_OK, "%s: %s", queries[q], msg);
        char line[128];
        snprintf(line, sizeof line, "%s: %llu\n", queries[q], (unsigned long long)acq_results_total(r));
        acq_buf_put(&out, line, strlen(line));
        for (size_t i = 0; i < acq_results_count(r); i++) {
            const acq_hit *h = acq_results_hit(r, i);
            snprintf(line, sizeof line, "  %s %.6f\n", h->id, h->score);
            acq_buf_put(&out, line, strlen(line));
        }
        acq_results_free(r);
    }
    acq_buf_putc(&out, '\0');
    acq_index_close(ix);
    return (char *)out.data;
}

/* Builds ndocs of source through runs (budget), with 1 and 2 threads,
 * and checks that each gives the files of state0 (built in memory), with
 * runs between min_runs and ACQ_BUILDER_MAX_RUNS (so one segment). */
static void check_runs_give(const char *state0, doc_source source, unsigned ndocs, size_t budget, size_t min_runs)
{
    for (int threads = 1; threads <= 2; threads++) {
        size_t runs = 0;
        char *dir = build_of(source, ndocs, budget, threads, &runs);
        cr_assert_geq(runs, min_runs, "%d thread(s): only %zu runs", threads, runs);
        cr_assert_lt(runs, ACQ_BUILDER_MAX_RUNS);
        char *s = test_dir_state(dir);
        cr_assert_str_eq(s, state0, "%d thread(s), %zu runs: other files than in memory", threads, runs);
        free(s);
        test_rmrf(dir);
        free(dir);
    }
}

Test(runs, many_runs_give_the_same_bytes_as_none, .timeout = 120)
{
    size_t runs = 0;
    char *whole = build(NDOCS, 512u << 20, 1, &runs);
    cr_assert_eq(runs, 0, "a large budget should build the segment in memory");
    char *s0 = test_dir_state(whole);
    cr_assert_not_null(s0);
    cr_assert(strstr(s0, ".doc:") != NULL && strstr(s0, ".fdt:") != NULL, "%s", s0);
    check_runs_give(s0, add_docs, NDOCS, 1u << 20, 9);
    char *r0 = results_of(whole);
    cr_assert(strstr(r0, "police cooperation: 0\n") == NULL, "%s", r0);
    free(r0);
    free(s0);
    test_rmrf(whole);
    free(whole);
}

/* ndocs of source, each with the word "police", built in memory, then
 * through at least min_runs runs with budget: the same bytes, and the
 * word's list whole. */
static void check_in_memory_and_through_runs(doc_source source, unsigned ndocs, size_t budget, size_t min_runs)
{
    size_t runs = 0;
    char *whole = build_of(source, ndocs, 512u << 20, 1, &runs);
    cr_assert_eq(runs, 0);
    char *s0 = test_dir_state(whole);
    cr_assert_not_null(s0);
    check_runs_give(s0, source, ndocs, budget, min_runs);
    cr_assert_eq(test_total(whole, "police"), ndocs);
    free(s0);
    test_rmrf(whole);
    free(whole);
}

Test(runs, long_postings_lists_merge_to_the_same_bytes, .timeout = 240)
{
    /* 4 MB: the writer's own memory stays well under the flush point
     * (1 MB), so that each run holds hundreds of documents. */
    check_in_memory_and_through_runs(add_heavy_docs, 4000, 4u << 20, 2);
}

static void big_word(unsigned doc, unsigned k, char *word, size_t cap)
{
    (void)doc;
    if (k % 4)
        snprintf(word, cap, "w%u ", (unsigned)(test_rng() % 5000));
    else
        snprintf(word, cap, "police ");
}

/* Documents of 40,000 tokens each: the flush rule looks past 26 of them
 * (2^20 tokens, feed.h), not 128. */
static int add_big_docs(acq_writer *w, unsigned first, unsigned n)
{
    test_rng_seed(first + 29);
    return add_texts(w, first, n, "big", 40000, big_word);
}

Test(runs, large_documents_make_runs_sooner, .timeout = 240)
{
    /* 90 documents, fewer than the 129 a run of small ones holds at least:
     * with a small budget, a run every 27. */
    check_in_memory_and_through_runs(add_big_docs, 90, 64u << 10, 3);
}

Test(runs, more_runs_than_a_segment_holds_make_segments, .timeout = 120)
{
    size_t runs = 0;
    /* A run every ACQ_FLUSH_LAG + 1 documents at most (the flush rule
     * looks that far back past these small ones): 64 runs need more than
     * 64 * 129 = 8,256. */
    char *whole = build(9000, 512u << 20, 2, &runs);
    char *many = build(9000, 64u << 10, 2, &runs);
    acq_writer *w = open_writer(many, 0, 1);
    cr_assert_gt(acq_writer_segment_count(w), 1, "a 64 KB budget should fill more than one segment's runs");
    acq_writer_close(w);
    char *r0 = results_of(whole), *r1 = results_of(many);
    cr_assert_str_eq(r1, r0);
    free(r0), free(r1);
    test_rmrf(whole), test_rmrf(many);
    free(whole), free(many);
}

Test(runs, a_crash_leaves_runs_the_next_writer_removes)
{
    size_t runs = 0;
    char *dir = build(NDOCS, 512u << 20, 1, &runs);
    char path[4200];
    /* A run of a segment the crash never committed, and one named like a
     * committed segment's (the commit removes those; a crash after the
     * manifest's write, before the removal, leaves them). */
    snprintf(path, sizeof path, "%s/seg-000077.run-3", dir);
    cr_assert_eq(test_write_file(path, "partial"), 0);
    snprintf(path, sizeof path, "%s/seg-000000.run-0", dir);
    cr_assert_eq(test_write_file(path, "left over"), 0);
    cr_assert_eq(count_runs(dir), 2);
    acq_writer *w = open_writer(dir, 0, 1);
    cr_assert_eq(count_runs(dir), 0);
    acq_writer_close(w);
    test_rmrf(dir);
    free(dir);
}

/* A run written through runs.h with two terms. */
static void write_run(const char *path)
{
    acq_run_writer w;
    acq_err err = {0};
    cr_assert_eq(acq_run_writer_open(&w, path, &err), ACQ_OK, "%s", err.msg);
    static const uint8_t post1[] = {3, 1, 2, 2}, pos1[] = {4, 0, 7}, post2[] = {9, 1}, pos2[] = {1};
    acq_slice_reader a, b;
    acq_slice_reader_flat(&a, post1, sizeof post1);
    acq_slice_reader_flat(&b, pos1, sizeof pos1);
    cr_assert_eq(acq_run_writer_term(&w, 0, "alpha", 5, &a, &b, &err), ACQ_OK, "%s", err.msg);
    acq_slice_reader_flat(&a, post2, sizeof post2);
    acq_slice_reader_flat(&b, pos2, sizeof pos2);
    cr_assert_eq(acq_run_writer_term(&w, 1, "beta", 4, &a, &b, &err), ACQ_OK, "%s", err.msg);
    cr_assert_eq(acq_run_writer_finish(&w, &err), ACQ_OK, "%s", err.msg);
}

Test(runs, a_run_reads_back_what_was_written)
{
    char *dir = test_tmpdir();
    char path[4200];
    snprintf(path, sizeof path, "%s/seg-000001.run-0", dir);
    write_run(path);
    acq_run_reader r;
    acq_err err = {0};
    cr_assert_eq(acq_run_reader_open(&r, path, &err), ACQ_OK, "%s", err.msg);
    cr_assert(!r.done);
    cr_assert_eq(r.field, 0);
    cr_assert_eq(r.len, 5);
    cr_assert_eq(memcmp(r.key, "alpha", 5), 0);
    cr_assert_eq(r.post_len, 4);
    cr_assert_eq(r.pos_len, 3);
    cr_assert_eq(r.post[3], 2);
    cr_assert_eq(r.pos[2], 7);
    cr_assert_eq(acq_run_reader_next(&r, &err), ACQ_OK, "%s", err.msg);
    cr_assert_eq(r.field, 1);
    cr_assert_eq(memcmp(r.key, "beta", 4), 0);
    cr_assert_eq(r.post_len, 2);
    cr_assert_eq(r.pos[0], 1);
    cr_assert_eq(acq_run_reader_next(&r, &err), ACQ_OK, "%s", err.msg);
    cr_assert(r.done);
    acq_run_reader_close(&r);
    test_rmrf(dir);
    free(dir);
}

Test(runs, a_damaged_or_truncated_run_is_reported)
{
    char *dir = test_tmpdir();
    char path[4200];
    snprintf(path, sizeof path, "%s/seg-000001.run-0", dir);
    write_run(path);
    size_t len = 0;
    char *good = test_read_file(path, &len);
    cr_assert_not_null(good);
    /* Every byte of the records flipped in turn (header and footer are the
     * envelope's, tested with the index files): a checksum error at the
     * record that holds it, never other bytes. */
    for (size_t at = 12; at < len - 24; at++) {
        FILE *f = fopen(path, "wb");
        cr_assert_not_null(f);
        good[at] ^= 0x20;
        fwrite(good, 1, len, f);
        good[at] ^= 0x20;
        fclose(f);
        acq_run_reader r;
        acq_err err = {0};
        int rc = acq_run_reader_open(&r, path, &err), opened = rc == ACQ_OK;
        while (rc == ACQ_OK && !r.done)
            rc = acq_run_reader_next(&r, &err);
        if (opened)
            acq_run_reader_close(&r);
        cr_assert_eq(rc, ACQ_ECORRUPT, "byte %zu flipped: %d %s", at, rc, err.msg);
        cr_assert(strstr(err.msg, path) != NULL, "byte %zu: the message should name the file: %s", at, err.msg);
    }
    /* Cut short anywhere: reported at the open. */
    for (size_t keep = 0; keep < len; keep += 7) {
        FILE *f = fopen(path, "wb");
        cr_assert_not_null(f);
        fwrite(good, 1, keep, f);
        fclose(f);
        acq_run_reader r;
        acq_err err = {0};
        cr_assert_neq(acq_run_reader_open(&r, path, &err), ACQ_OK, "cut at %zu", keep);
    }
    free(good);
    test_rmrf(dir);
    free(dir);
}
