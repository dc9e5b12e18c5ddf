/* test_fuzz_regressions.c: defects found by fuzzing, kept fixed. Damaged
 * files whose checksums were recomputed after the damage (so that the
 * decoders, not the CRCs, meet it) must be reported as ACQ_ECORRUPT naming
 * the damaged file, through every path that decodes them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "codec/pfor.h"
#include "fuzz/fuzz_util.h"
#include "index/reader.h"
#include "segment/format.h"
#include "support.h"

static void add(acq_writer *w, const char *id, const char *text)
{
    acq_document d = {0};
    d.id = id;
    d.title = "Police cooperation";
    d.text = text;
    d.date = "2016-05-11";
    cr_assert_eq(acq_writer_add(w, &d), ACQ_OK, "%s", acq_writer_errmsg(w));
}

/* Two segments of 40 documents (a-0..a-39, b-0..b-39) and a deletion in the
 * first, so that it has a deletion bitmap of 5 bytes. */
static char *two_segments(void)
{
    char *dir = test_tmpdir();
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.merge_factor = 1;
    acq_writer *w;
    char msg[512], id[16];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    for (int seg = 0; seg < 2; seg++) {
        for (int i = 0; i < 40; i++) {
            snprintf(id, sizeof id, "%c-%d", "ab"[seg], i);
            add(w, id, i % 2 ? "europol exchanges data" : "schengen border data");
        }
        cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    }
    cr_assert_eq(acq_writer_delete(w, "a-3"), ACQ_OK);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    return dir;
}

/* Rewrites the postings of key in the first segment so that its one
 * document is `doc`, and recomputes the file's checksums. Returns the path
 * of the .doc file (caller frees). */
static char *forge_posting(const char *dir, const uint8_t *key, size_t klen, uint32_t doc)
{
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(ix->nsegs, 2);
    acq_segment *s = &ix->segs[0];
    acq_term_meta meta;
    acq_err err = {0};
    cr_assert_eq(acq_segment_lookup(s, key, klen, &meta, &err), 1, "%s", err.msg);
    cr_assert_eq(meta.df, 1);
    char *path = strdup(s->doc.path);
    acq_index_close(ix);

    uint32_t gap[1] = {doc}, tf[1] = {0};
    uint8_t block[2 * ACQ_PFOR_BOUND(1)];
    size_t n = acq_pfor_encode(gap, 1, block);
    n += acq_pfor_encode(tf, 1, block + n);
    cr_assert_leq(n, meta.doc_len, "the forged block does not fit");
    size_t size;
    uint8_t *file = fz_read(path, &size);
    cr_assert_not_null(file);
    size_t body_end = fz_body_end(file, size);
    cr_assert_gt(body_end, meta.doc_off + meta.doc_len);
    memset(file + meta.doc_off, 0, meta.doc_len);
    memcpy(file + meta.doc_off, block, n);
    cr_assert_eq(fz_reseal(file, body_end), size);
    cr_assert_eq(fz_write(path, file, size), 0);
    free(file);
    return path;
}

static void expect_damage(int rc, const char *msg, const char *path, const char *what)
{
    cr_assert_eq(rc, ACQ_ECORRUPT, "%s: rc %d (%s)", what, rc, msg);
    cr_assert(strstr(msg, path) != NULL, "%s: the message does not name %s: %s", what, path, msg);
}

/* A .doc file whose checksums are right but whose postings name document
 * 63 of a segment of 40: the number indexed the deletion bitmap (5 bytes)
 * before anything checked it, and a hit in the next segment's range was
 * read from the wrong segment. Every path that decodes postings must call
 * it damage: searches (pruned, exhaustive, phrase, explain), deletes by id,
 * merges. */
Test(fuzz_regressions, a_document_number_past_its_segment_is_damage)
{
    char *dir = two_segments();
    const uint8_t key[] = {ACQ_FIELD_ID, 'a', '-', '3', '9'};
    char *path = forge_posting(dir, key, sizeof key, 63);
    acq_index *ix;
    char msg[512] = "";
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    const char *queries[] = {"id:a-39", "id:a-39 OR europol", "+id:a-39 +data", "id:a-39 date:2010..2020"};
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++)
        for (int mode = 0; mode < 3; mode++) {
            acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
            o.count = mode == 1;
            o.explain = mode == 2;
            acq_results *r = NULL;
            snprintf(msg, sizeof msg, "(none)");
            int rc = acq_search(&r, ix, queries[q], &o, msg, sizeof msg);
            if (rc == ACQ_OK) /* say which document came back */
                snprintf(msg, sizeof msg, "hit %s", acq_results_count(r) ? acq_results_hit(r, 0)->id : "none");
            acq_results_free(r);
            expect_damage(rc, msg, path, queries[q]);
        }
    acq_index_close(ix);

    acq_writer *w;
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_writer_delete(w, "a-39"), ACQ_OK);
    int rc = acq_writer_commit(w);
    expect_damage(rc, acq_writer_errmsg(w), path, "delete a-39");
    acq_writer_close(w);
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    rc = acq_writer_merge(w);
    expect_damage(rc, acq_writer_errmsg(w), path, "merge");
    acq_writer_close(w);
    free(path);
    test_rmrf(dir);
    free(dir);
}

/* The same inside the segment but out of order: a block whose document
 * numbers do not increase is damage too (a cursor going backwards could
 * make a search loop). */
Test(fuzz_regressions, postings_must_increase)
{
    char *dir = two_segments();
    /* "europol" is in the odd documents: 20 postings in one block. */
    acq_index *ix;
    char msg[512] = "";
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_term_meta meta;
    acq_err err = {0};
    const uint8_t key[] = {ACQ_FIELD_BODY, 'e', 'u', 'r', 'o', 'p', 'o', 'l'};
    cr_assert_eq(acq_segment_lookup(&ix->segs[0], key, sizeof key, &meta, &err), 1, "%s", err.msg);
    char *path = strdup(ix->segs[0].doc.path);
    acq_index_close(ix);
    cr_assert_eq(meta.df, 20);
    /* Gaps 1, 2, 0, 2, ...: a zero gap repeats a document. */
    uint32_t gaps[20], tfs[20] = {0};
    for (int i = 0; i < 20; i++)
        gaps[i] = i == 0 ? 1 : 2;
    gaps[5] = 0;
    uint8_t block[2 * ACQ_PFOR_BOUND(20)];
    size_t n = acq_pfor_encode(gaps, 20, block);
    n += acq_pfor_encode(tfs, 20, block + n);
    cr_assert_leq(n, meta.doc_len);
    size_t size;
    uint8_t *file = fz_read(path, &size);
    size_t body_end = fz_body_end(file, size);
    memcpy(file + meta.doc_off, block, n);
    cr_assert_eq(fz_reseal(file, body_end), size);
    cr_assert_eq(fz_write(path, file, size), 0);
    free(file);
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.count = 1;
    acq_results *r = NULL;
    int rc = acq_search(&r, ix, "europol", &o, msg, sizeof msg);
    acq_results_free(r);
    expect_damage(rc, msg, path, "europol");
    acq_index_close(ix);
    free(path);
    test_rmrf(dir);
    free(dir);
}

/* ---- replay of the fuzzers' inputs ---------------------------------------- */

/* Each harness of tests/fuzz/, its entry points renamed (tests/CMakeLists.txt
 * generates fuzz_harnesses.h and the wrappers), replays its seed corpus and
 * the inputs kept in tests/fuzz/regressions/<harness>/: every crash a fuzzer
 * found, run through the code that found it. */
#define FUZZ_HARNESS(h)                                  \
    int h##_init(int *argc, char ***argv);               \
    int h##_one(const uint8_t *data, size_t size);
#include "fuzz_harnesses.h"
#undef FUZZ_HARNESS

static void replay(const char *name, int (*init)(int *, char ***), int (*one)(const uint8_t *, size_t))
{
    int argc = 1;
    char *args[] = {(char *)name, NULL}, **argv = args;
    fz_limit_memory(); /* this test's own process (Criterion forks one per test) */
    init(&argc, &argv);
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fuzz/corpus/%s", ACQ_SOURCE_DIR, name);
    long seeds = fz_replay(path, one);
    cr_assert_gt(seeds, 0, "no seed corpus in %s", path);
    snprintf(path, sizeof path, "%s/tests/fuzz/regressions/%s", ACQ_SOURCE_DIR, name);
    long kept = fz_replay(path, one);
    cr_log_info("%s: %ld seeds, %ld kept crashes replayed", name, seeds, kept < 0 ? 0 : kept);
}

#define FUZZ_HARNESS(h) \
    Test(fuzz_replay, h, .timeout = 240) { replay(#h, h##_init, h##_one); }
#include "fuzz_harnesses.h"
#undef FUZZ_HARNESS
