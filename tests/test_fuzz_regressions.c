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
#include "segment/writers.h"
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

/* Rewrites the postings of key in segment 0 with `block` (PFor doc gaps, then tf - 1) and gives it max_tf and
 * cf: a new .doc with every other term's postings moved along, and a new
 * .tdi (segment/writers.h) pointing at them. Returns the .pos path. */
static char *forge_term(const char *dir, const char *key, const uint8_t *block, size_t n, uint32_t max_tf,
                        uint64_t cf)
{
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_segment *s = &ix->segs[0];
    size_t cap = (size_t)s->terms + 1, nterms = 0, target = SIZE_MAX;
    uint8_t(*keys)[ACQ_MAX_KEY + 1] = calloc(cap, sizeof *keys);
    size_t *klen = calloc(cap, sizeof *klen);
    acq_term_meta *metas = calloc(cap, sizeof *metas);
    uint8_t *body = malloc(s->doc.body_end + n + 64);
    cr_assert(keys && klen && metas && body);
    memcpy(body, s->doc.data, ACQ_FILE_HEADER);
    size_t len = ACQ_FILE_HEADER;
    acq_dict_iter it;
    acq_err err = {0};
    cr_assert_eq(acq_dict_iter_seek(&it, s, (const uint8_t *)"", 0, &err), ACQ_OK, "%s", err.msg);
    while (acq_dict_iter_next(&it, &err) == 1) {
        cr_assert_lt(nterms, cap);
        memcpy(keys[nterms], it.key, it.key_len);
        klen[nterms] = it.key_len;
        metas[nterms] = it.meta;
        const uint8_t *src = s->doc.data + it.meta.doc_off;
        size_t srcn = (size_t)it.meta.doc_len;
        if (it.key_len == strlen(key) && memcmp(it.key, key, it.key_len) == 0) {
            target = nterms;
            src = block;
            srcn = n;
            metas[nterms].max_tf = max_tf;
            metas[nterms].cf = cf;
        }
        memcpy(body + len, src, srcn);
        metas[nterms].doc_off = len;
        metas[nterms].doc_len = srcn;
        len += srcn;
        nterms++;
    }
    cr_assert_neq(target, SIZE_MAX, "no term %s", key + 1);
    char *doc_path = strdup(s->doc.path), *tdi_path = strdup(s->tdi.path), *pos_path = strdup(s->pos.path);
    acq_index_close(ix);

    uint8_t *file = malloc(fz_sealed_size(len));
    memcpy(file, body, len);
    size_t size = fz_reseal(file, len);
    cr_assert_eq(fz_write(doc_path, file, size), 0);
    acq_dict_writer dw;
    cr_assert_eq(acq_dw_open(&dw, tdi_path, &err), ACQ_OK, "%s", err.msg);
    for (size_t i = 0; i < nterms; i++)
        cr_assert_eq(acq_dw_add(&dw, keys[i], klen[i], &metas[i], &err), ACQ_OK, "%s", err.msg);
    cr_assert_eq(acq_dw_finish(&dw, &err), ACQ_OK, "%s", err.msg);
    free(file);
    free(body);
    free(keys);
    free(klen);
    free(metas);
    free(doc_path);
    free(tdi_path);
    return pos_path;
}

/* One posting of 40 (documents 0..39, or the odd ones when odd) with tf
 * 0x7fffffff: a tf the dictionary's max_tf allows but no document can have. */
static size_t huge_tf_block(uint8_t *out, int odd)
{
    uint32_t gaps[40], tfs[40] = {0x7ffffffe};
    uint32_t n = odd ? 20 : 40;
    for (uint32_t i = 0; i < n; i++)
        gaps[i] = odd ? (i == 0 ? 1 : 2) : (i == 0 ? 0 : 1);
    /* .doc version 2: a list of one block starts with the length of its
     * impact list, 0 (the dictionary's max_tf and min_dl). */
    out[0] = 0;
    size_t len = 1 + acq_pfor_encode(gaps, n, out + 1);
    return len + acq_pfor_encode(tfs, n, out + len);
}

/* A tf of two billion was allocated for before anything checked it: by a
 * phrase (its positions) and by a merge (positions even of title terms,
 * which keep none). It must be damage, or harmless; never ACQ_ENOMEM. */
Test(fuzz_regressions, a_huge_tf_is_damage_not_an_allocation)
{
    fz_limit_memory(); /* without the fix: 8 GB asked for, ACQ_ENOMEM */
    uint8_t block[1 + 2 * ACQ_PFOR_BOUND(40)];
    char msg[512] = "";
    acq_index *ix;

    /* A title term (every document's title): no positions to read. */
    char *dir = two_segments();
    free(forge_term(dir, "\002polic", block, huge_tf_block(block, 0), 0x7fffffff, 39 + 0x7fffffffull));
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_results *r = NULL;
    int rc = acq_search(&r, ix, "title:police title:cooperation", NULL, msg, sizeof msg);
    acq_results_free(r);
    cr_assert(rc == ACQ_OK || rc == ACQ_ECORRUPT, "title search: rc %d: %s", rc, msg);
    acq_index_close(ix);
    acq_writer *w;
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    rc = acq_writer_merge(w);
    cr_assert(rc == ACQ_OK || rc == ACQ_ECORRUPT, "merge: rc %d: %s", rc, acq_writer_errmsg(w));
    acq_writer_close(w);
    test_rmrf(dir);
    free(dir);

    /* A body term in a phrase and in a merge: more positions than its .pos
     * bytes can hold. */
    dir = two_segments();
    char *pos = forge_term(dir, "\001europol", block, huge_tf_block(block, 1), 0x7fffffff, 19 + 0x7fffffffull);
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    r = NULL;
    rc = acq_search(&r, ix, "\"europol exchanges\"", NULL, msg, sizeof msg);
    acq_results_free(r);
    expect_damage(rc, msg, pos, "phrase");
    acq_index_close(ix);
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    rc = acq_writer_merge(w);
    expect_damage(rc, acq_writer_errmsg(w), pos, "merge");
    acq_writer_close(w);
    free(pos);
    test_rmrf(dir);
    free(dir);
}

/* Replaces line `from` of dir/MANIFEST with `to` and recomputes its crc. */
static void edit_manifest(const char *dir, const char *from, const char *to)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    size_t n;
    char *text = (char *)fz_read(path, &n);
    cr_assert_not_null(text);
    char *at = NULL;
    for (size_t i = 0; at == NULL && i + strlen(from) <= n; i++)
        if (memcmp(text + i, from, strlen(from)) == 0)
            at = text + i;
    cr_assert_not_null(at, "no \"%s\" in MANIFEST", from);
    char *out = malloc(n + strlen(to) + 32);
    size_t k = (size_t)(at - text);
    memcpy(out, text, k);
    memcpy(out + k, to, strlen(to));
    memcpy(out + k + strlen(to), at + strlen(from), n - k - strlen(from));
    size_t len = fz_reseal_manifest(out, n - strlen(from) + strlen(to));
    cr_assert_eq(fz_write(path, out, len), 0);
    free(text);
    free(out);
}

static void expect_manifest_refused(const char *dir, const char *what)
{
    acq_index *ix = NULL;
    acq_writer *w = NULL;
    char msg[512] = "";
    int rc = acq_index_open(&ix, dir, msg, sizeof msg);
    acq_index_close(ix);
    cr_assert(rc == ACQ_ECORRUPT && strstr(msg, "MANIFEST is damaged"), "%s: reader: rc %d: %s", what, rc, msg);
    rc = acq_writer_open(&w, dir, NULL, msg, sizeof msg);
    acq_writer_close(w);
    cr_assert(rc == ACQ_ECORRUPT && strstr(msg, "MANIFEST is damaged"), "%s: writer: rc %d: %s", what, rc, msg);
}

/* A MANIFEST whose checksum is right but whose next-segment is not above a
 * live segment made a writer's merge write its new segment over that
 * segment's files while they were mapped (SIGBUS; data lost); a segment
 * name with a path in it would have a writer create files outside the
 * index. Both are damage, for readers and writers alike. */
Test(fuzz_regressions, manifest_segment_names_are_checked)
{
    char *dir = two_segments();
    edit_manifest(dir, "next-segment 2", "next-segment 1");
    expect_manifest_refused(dir, "next-segment 1");
    edit_manifest(dir, "next-segment 1", "next-segment 2\nsegment seg-000001 40 0");
    expect_manifest_refused(dir, "a segment named twice");
    test_rmrf(dir);
    free(dir);
    dir = two_segments();
    edit_manifest(dir, "segment seg-000000", "segment ../../x");
    expect_manifest_refused(dir, "a path as a segment name");
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
