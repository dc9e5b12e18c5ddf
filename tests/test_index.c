/* test_index.c: building an index and searching it through the public API:
 * BM25 against a hand computation, document order for ties, identical
 * results from one segment and from many, deletions and snapshots, the
 * writer lock, stored fields (deduplicated text), and damaged files reported
 * as damaged. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acquis.h"
#include "index/writer_internal.h"
#include "index/reader.h"
#include "support.h"

static acq_writer *open_writer(const char *dir, size_t budget)
{
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.memory_budget = budget;
    acq_writer *w;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_writer_set_runs_per_segment(w, 1); /* a segment per flush: these tests want many */
    return w;
}

static void add(acq_writer *w, const char *id, const char *title, const char *text)
{
    acq_document d = {0};
    d.id = id;
    d.title = title;
    d.text = text;
    d.date = "2016-05-11";
    cr_assert_eq(acq_writer_add(w, &d), ACQ_OK, "%s", acq_writer_errmsg(w));
}

static acq_index *open_index(const char *dir)
{
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    return ix;
}

static acq_results *search(acq_index *ix, const char *q, size_t k)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = k;
    acq_results *r;
    char msg[512];
    cr_assert_eq(acq_search(&r, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    return r;
}

static uint64_t count_matches(acq_index *ix, const char *q)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.count = 1;
    acq_results *r;
    char msg[512];
    cr_assert_eq(acq_search(&r, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    uint64_t n = acq_results_total(r);
    acq_results_free(r);
    return n;
}

Test(index, bm25_matches_a_hand_computation)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    /* Body lengths (title + text, stopwords dropped): d1 = 4, d2 = 6, d3 = 3. */
    add(w, "d1", "Europol", "police cooperation europol");          /* europol tf 2, len 4 */
    add(w, "d2", "Borders", "police police frontex schengen visa"); /* police tf 2, len 6 */
    add(w, "d3", "Asylum", "asylum dublin rules");                   /* len 4? see below */
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    /* d3: "asylum" (title) + "asylum dublin rules" = 4 tokens. */
    double N = 3, avgdl = (4.0 + 6.0 + 4.0) / 3.0, k1 = 0.9, b = 0.4;
    acq_results *r = search(ix, "europol police", 10);
    cr_assert_eq(acq_results_count(r), 2);
    double idf_europol = log(1 + (N - 1 + 0.5) / (1 + 0.5));
    double idf_police = log(1 + (N - 2 + 0.5) / (2 + 0.5));
    double s1 = idf_europol * 2 / (2 + k1 * (1 - b + b * 4 / avgdl)) + idf_police * 1 / (1 + k1 * (1 - b + b * 4 / avgdl));
    double s2 = idf_police * 2 / (2 + k1 * (1 - b + b * 6 / avgdl));
    const acq_hit *h0 = acq_results_hit(r, 0), *h1 = acq_results_hit(r, 1);
    cr_assert_str_eq(h0->id, "d1");
    cr_assert_float_eq(h0->score, s1, 1e-9);
    cr_assert_str_eq(h1->id, "d2");
    cr_assert_float_eq(h1->score, s2, 1e-9);
    cr_assert_str_eq(h0->title, "Europol");
    cr_assert_str_eq(h0->date, "2016-05-11");
    acq_results_free(r);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(index, ties_are_broken_by_document_order)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    for (int i = 0; i < 20; i++) {
        char id[16];
        snprintf(id, sizeof id, "same-%02d", i);
        add(w, id, "Schengen", "Schengen Information System alert");
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    acq_results *r = search(ix, "schengen alert", 5);
    cr_assert_eq(acq_results_count(r), 5);
    cr_assert_eq(count_matches(ix, "schengen alert"), 20);
    for (size_t i = 0; i < 5; i++) {
        char id[16];
        snprintf(id, sizeof id, "same-%02zu", i);
        cr_assert_str_eq(acq_results_hit(r, i)->id, id);
    }
    acq_results_free(r);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

/* A generated corpus with a skewed vocabulary, so that some terms span many
 * postings blocks. */
static void add_generated(acq_writer *w, int ndocs, unsigned seed)
{
    static const char *words[] = {"police", "cooperation", "europol", "schengen", "border", "asylum",
                                  "warrant", "arrest", "eurojust", "prum", "dna", "fingerprint",
                                  "vehicle", "encryption", "evidence", "terrorism", "laundering",
                                  "money", "frontex", "visa", "2016/794", "c-311/18", "data"};
    size_t nw = sizeof words / sizeof words[0];
    char text[4096], title[128], id[32];
    for (int d = 0; d < ndocs; d++) {
        size_t len = 0;
        int n = 5 + (int)(seed % 60);
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            /* Zipf-like: low indexes are much more frequent. */
            size_t k = (size_t)((seed >> 16) % nw);
            k = k * k / nw;
            len += (size_t)snprintf(text + len, sizeof text - len, "%s ", words[k]);
        }
        snprintf(title, sizeof title, "Act %d on %s", d, words[d % nw]);
        snprintf(id, sizeof id, "gen-%05d", d);
        add(w, id, title, text);
    }
}

static void expect_same_results(acq_index *a, acq_index *b, const char *q, size_t k)
{
    acq_results *ra = search(a, q, k), *rb = search(b, q, k);
    cr_assert_eq(acq_results_count(ra), acq_results_count(rb), "query %s", q);
    cr_assert_eq(count_matches(a, q), count_matches(b, q), "query %s", q);
    for (size_t i = 0; i < acq_results_count(ra); i++) {
        const acq_hit *x = acq_results_hit(ra, i), *y = acq_results_hit(rb, i);
        cr_assert_str_eq(x->id, y->id, "query %s rank %zu", q, i + 1);
        cr_assert_float_eq(x->score, y->score, 1e-9, "query %s rank %zu", q, i + 1);
    }
    acq_results_free(ra);
    acq_results_free(rb);
}

Test(index, one_segment_or_many_give_the_same_results)
{
    char *one = test_tmpdir(), *many = test_tmpdir();
    acq_writer *w = open_writer(one, 0);
    add_generated(w, 3000, 7);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    w = open_writer(many, 200 * 1024); /* a tiny budget: many flushes */
    add_generated(w, 3000, 7);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    acq_index *a = open_index(one), *b = open_index(many);
    cr_assert_eq(a->nsegs, 1);
    cr_assert_gt(b->nsegs, 3, "only %zu segments", b->nsegs);
    const char *queries[] = {"police", "police cooperation", "prum dna fingerprint", "2016/794",
                             "C-311/18", "encryption evidence terrorism", "data", "nothing-here"};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        expect_same_results(a, b, queries[i], 10);
        expect_same_results(a, b, queries[i], 1000);
    }
    acq_index_close(a);
    acq_index_close(b);
    test_rmrf(one);
    test_rmrf(many);
    free(one);
    free(many);
}

Test(index, stored_texts_round_trip_including_duplicates)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    char big[2000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    for (int i = 0; i < 300; i++) {
        char id[16], text[2100];
        snprintf(id, sizeof id, "t%03d", i);
        /* Every third text repeats an earlier one verbatim. */
        snprintf(text, sizeof text, "Article %d of the act. %s", i % 3 == 0 ? 0 : i, big);
        add(w, id, "Consolidated version", text);
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    for (uint32_t d = 0; d < 300; d++) {
        acq_buf rec = {0};
        acq_err err = {0};
        cr_assert_eq(acq_segment_record(&ix->segs[0], 1, d, &rec, &err), ACQ_OK, "%s", err.msg);
        const char *f;
        size_t fl;
        cr_assert_eq(acq_record_fields(rec.data, rec.len, 1, &f, &fl), 0);
        char want[2100];
        snprintf(want, sizeof want, "Article %d of the act. %s", d % 3 == 0 ? 0 : (int)d, big);
        cr_assert_eq(fl, strlen(want));
        cr_assert(memcmp(f, want, fl) == 0, "doc %u", d);
        acq_buf_free(&rec);
    }
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(index, deletions_and_snapshots)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    add(w, "keep", "Europol", "europol analysis");
    add(w, "drop", "Europol", "europol mandate");
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_index *before = open_index(dir);
    cr_assert_eq(acq_writer_delete(w, "drop"), ACQ_OK);
    add(w, "new", "Europol", "europol new mandate");
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_index *after = open_index(dir);
    acq_results *r = search(before, "europol", 10);
    cr_assert_eq(acq_results_count(r), 2, "the old snapshot still sees both");
    acq_results_free(r);
    r = search(after, "europol", 10);
    cr_assert_eq(acq_results_count(r), 2);
    for (size_t i = 0; i < 2; i++)
        cr_assert_str_neq(acq_results_hit(r, i)->id, "drop");
    acq_results_free(r);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(after, &st), ACQ_OK);
    cr_assert_eq(st.documents, 2);
    cr_assert_eq(st.deleted, 1);
    acq_index_close(before);
    acq_index_close(after);
    acq_writer_close(w);
    test_rmrf(dir);
    free(dir);
}

Test(index, a_second_writer_is_refused)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0), *w2 = NULL;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w2, dir, NULL, msg, sizeof msg), ACQ_ELOCKED);
    cr_assert_null(w2);
    cr_assert(strstr(msg, "another process") != NULL, "%s", msg);
    acq_writer_close(w);
    cr_assert_eq(acq_writer_open(&w2, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_writer_close(w2);
    test_rmrf(dir);
    free(dir);
}

Test(index, bad_documents_are_refused_with_a_message)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    acq_document d = {0};
    d.title = "no id";
    cr_assert_eq(acq_writer_add(w, &d), ACQ_EINPUT);
    d.id = "bad-utf8";
    d.text = "Pr\xFCm";
    cr_assert_eq(acq_writer_add(w, &d), ACQ_EINPUT);
    cr_assert(strstr(acq_writer_errmsg(w), "invalid UTF-8") != NULL, "%s", acq_writer_errmsg(w));
    cr_assert_eq(acq_writer_add(w, NULL), ACQ_EARG);
    acq_writer_close(w);
    test_rmrf(dir);
    free(dir);
}

/* Builds a small index and returns its directory. */
static char *small_index(void)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    add_generated(w, 2000, 3);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    return dir;
}

static void flip_byte(const char *path, long where)
{
    FILE *f = fopen(path, "r+b");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    long at = where >= 0 ? where : size / 2;
    fseek(f, at, SEEK_SET);
    int c = fgetc(f);
    fseek(f, at, SEEK_SET);
    fputc(c ^ 0x5A, f);
    fclose(f);
}

/* Opening and searching must report ACQ_ECORRUPT (or EVERSION) with a
 * message naming the damage, and never crash. */
static void expect_damage_reported(const char *dir)
{
    acq_index *ix;
    char msg[512] = "";
    int rc = acq_index_open(&ix, dir, msg, sizeof msg);
    if (rc == ACQ_OK) {
        /* Every checksum: the damage is found wherever it is. */
        char vmsg[512];
        cr_assert_eq(acq_index_verify(ix, vmsg, sizeof vmsg), ACQ_ECORRUPT, "verify missed the damage");
        cr_assert(strstr(vmsg, "damaged") != NULL, "%s", vmsg);
        /* Searches that read everything (all postings, all positions)
         * report it too, and never crash. */
        const char *queries[] = {"police data visa prum europol", "\"police cooperation\"~40",
                                 "\"data visa\"~40 \"prum dna\"~40 \"europol evidence\"~40",
                                 "\"terrorism money\"~40 \"fingerprint vehicle\"~40 \"border asylum\"~40"};
        int seen = 0;
        for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
            acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
            o.k = 2000;
            o.exhaustive = 1;
            acq_results *r = NULL;
            rc = acq_search(&r, ix, queries[i], &o, msg, sizeof msg);
            acq_results_free(r);
            if (rc != ACQ_OK) {
                seen = 1;
                break;
            }
        }
        if (!seen) {
            acq_index_stats st = ACQ_INDEX_STATS_INIT;
            rc = acq_index_stats_get(ix, &st);
            snprintf(msg, sizeof msg, "%s", "stats");
        }
        acq_index_close(ix);
    }
    cr_assert(rc == ACQ_ECORRUPT || rc == ACQ_EVERSION, "rc %d: %s", rc, msg);
    cr_assert(rc != ACQ_ECORRUPT || strstr(msg, "damaged") || strstr(msg, "missing"), "%s", msg);
}

Test(index, damaged_files_are_reported_as_damaged)
{
    const char *exts[] = {"tdi", "doc", "pos", "len", "fdm", "fdt"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        char *dir = small_index();
        char path[4096];
        snprintf(path, sizeof path, "%s/seg-000000.%s", dir, exts[i]);
        flip_byte(path, -1);
        /* Stored fields are only read for hits: read them all. */
        if (strcmp(exts[i], "fdm") == 0 || strcmp(exts[i], "fdt") == 0) {
            acq_index *ix = open_index(dir);
            int bad = 0;
            for (uint32_t d = 0; d < ix->segs[0].doc_count && !bad; d++) {
                acq_buf rec = {0};
                acq_err err = {0};
                bad = acq_segment_record(&ix->segs[0], strcmp(exts[i], "fdt") == 0, d, &rec, &err) == ACQ_ECORRUPT;
                acq_buf_free(&rec);
            }
            cr_assert(bad, "a flipped byte in .%s went unnoticed", exts[i]);
            acq_index_close(ix);
        } else {
            expect_damage_reported(dir);
        }
        test_rmrf(dir);
        free(dir);
    }
}

Test(index, truncated_and_missing_files_are_reported)
{
    char *dir = small_index();
    char path[4096];
    snprintf(path, sizeof path, "%s/seg-000000.doc", dir);
    cr_assert_eq(truncate(path, 100), 0);
    expect_damage_reported(dir);
    unlink(path);
    expect_damage_reported(dir);
    test_rmrf(dir);
    free(dir);
    dir = small_index();
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    flip_byte(path, 20);
    expect_damage_reported(dir);
    test_rmrf(dir);
    free(dir);
}

Test(index, random_damage_never_crashes)
{
    char *dir = small_index();
    const char *exts[] = {"tdi", "doc", "pos", "len"};
    unsigned seed = 11;
    for (int round = 0; round < 40; round++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/seg-000000.%s", dir, exts[round % 4]);
        FILE *f = fopen(path, "rb");
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fclose(f);
        seed = seed * 1103515245u + 12345u;
        long at = (long)((seed >> 8) % (unsigned long)size);
        flip_byte(path, at);
        acq_index *ix;
        char msg[512];
        if (acq_index_open(&ix, dir, msg, sizeof msg) == ACQ_OK) {
            acq_results *r = NULL;
            acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
            o.k = 100;
            if (acq_search(&r, ix, "police europol prum data visa", &o, msg, sizeof msg) == ACQ_OK)
                acq_results_free(r);
            acq_index_close(ix);
        }
        flip_byte(path, at); /* undo */
    }
    test_rmrf(dir);
    free(dir);
}

Test(index, missing_index_is_a_clear_error)
{
    acq_index *ix = (acq_index *)1;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, "/nonexistent/acquis-index", msg, sizeof msg), ACQ_ENOTFOUND);
    cr_assert_null(ix);
    cr_assert(strstr(msg, "acquis index") != NULL, "%s", msg);
}

Test(index, merging_segments_keeps_results_and_drops_deleted_documents)
{
    char *one = test_tmpdir(), *many = test_tmpdir();
    acq_writer *w = open_writer(one, 0);
    add_generated(w, 3000, 5);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    w = open_writer(many, 150 * 1024);
    add_generated(w, 3000, 5);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    cr_assert_gt(acq_writer_segment_count(w), 3);
    acq_index *before = open_index(many);
    cr_assert_eq(acq_writer_merge(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    cr_assert_eq(acq_writer_segment_count(w), 1);
    acq_index *a = open_index(one), *b = open_index(many);
    cr_assert_eq(b->nsegs, 1);
    const char *queries[] = {"police", "police cooperation", "prum dna fingerprint", "2016/794", "data visa"};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        expect_same_results(a, b, queries[i], 1000);
        expect_same_results(before, b, queries[i], 50); /* the old snapshot still reads */
    }
    /* Phrase-ready positions survived: stored text too. */
    acq_buf rec = {0};
    acq_err err = {0};
    cr_assert_eq(acq_segment_record(&b->segs[0], 1, 2999, &rec, &err), ACQ_OK, "%s", err.msg);
    acq_buf_free(&rec);
    acq_index_close(before);
    acq_index_close(b);
    /* Delete some, merge: the deleted documents are gone for good. */
    cr_assert_eq(acq_writer_delete(w, "gen-00000"), ACQ_OK);
    cr_assert_eq(acq_writer_delete(w, "gen-00001"), ACQ_OK);
    cr_assert_eq(acq_writer_merge(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    b = open_index(many);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(b, &st), ACQ_OK);
    cr_assert_eq(st.documents, 2998);
    cr_assert_eq(st.deleted, 0);
    cr_assert_eq(b->max_doc, 2998);
    acq_results *r = search(b, "act", 3000);
    for (size_t i = 0; i < acq_results_count(r); i++) {
        cr_assert_str_neq(acq_results_hit(r, i)->id, "gen-00000");
        cr_assert_str_neq(acq_results_hit(r, i)->id, "gen-00001");
    }
    acq_results_free(r);
    acq_index_close(b);
    acq_index_close(a);
    acq_writer_close(w);
    test_rmrf(one);
    test_rmrf(many);
    free(one);
    free(many);
}

Test(index, analysis_choices_per_index_and_per_query)
{
    char *kept = test_tmpdir(), *unstemmed = test_tmpdir();
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.keep_stopwords = 1;
    acq_writer *w;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, kept, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    add(w, "a", "The Council", "the cooperation of the police");
    add(w, "b", "Frontex", "border agency");
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    acq_writer_options u = ACQ_WRITER_OPTIONS_INIT;
    u.no_stemming = 1;
    cr_assert_eq(acq_writer_open(&w, unstemmed, &u, msg, sizeof msg), ACQ_OK, "%s", msg);
    add(w, "a", "Council", "the cooperation of the police");
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);

    acq_index *ix = open_index(kept);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &st), ACQ_OK);
    cr_assert_eq(st.stopwords_dropped, 0);
    cr_assert_eq(st.stemming, 1);
    acq_search_options so = ACQ_SEARCH_OPTIONS_INIT;
    acq_results *r;
    so.stopwords = 2; /* keep: "the" is a word of this index */
    cr_assert_eq(acq_search(&r, ix, "the", &so, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_results_count(r), 1);
    acq_results_free(r);
    so.stopwords = 1; /* drop */
    cr_assert_eq(acq_search(&r, ix, "the", &so, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_results_count(r), 0);
    acq_results_free(r);
    acq_index_close(ix);

    ix = open_index(unstemmed);
    cr_assert_eq(acq_index_stats_get(ix, &st), ACQ_OK);
    cr_assert_eq(st.stemming, 0);
    cr_assert_eq(st.stopwords_dropped, 1);
    so.stopwords = 2; /* this index dropped them: refused with a reason */
    cr_assert_eq(acq_search(&r, ix, "the", &so, msg, sizeof msg), ACQ_EARG);
    cr_assert(strstr(msg, "keep-stopwords") != NULL, "%s", msg);
    so.stopwords = 0;
    r = search(ix, "cooperation", 10);
    cr_assert_eq(acq_results_count(r), 1);
    acq_results_free(r);
    r = search(ix, "cooperate", 10); /* unstemmed: another word */
    cr_assert_eq(acq_results_count(r), 0);
    acq_results_free(r);
    acq_index_close(ix);
    test_rmrf(kept);
    test_rmrf(unstemmed);
    free(kept);
    free(unstemmed);
}

Test(index, repeated_texts_replay_their_tokens_at_the_right_positions)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    char text[4096] = "";
    for (int i = 0; i < 40; i++) /* 40 x 73 bytes */
        strcat(text, "the schengen borders code applies to persons crossing internal borders ");
    strcat(text, "final clause");
    /* The same text behind titles of different lengths: its positions start
     * at different places in each document. */
    add(w, "short", "Code", text);
    add(w, "long", "Regulation on the Union code on the rules governing the movement of persons", text);
    add(w, "again", "Code", text);
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    const struct { const char *q; uint64_t want; } cases[] = {
        {"\"schengen borders code\"", 3},
        {"\"final clause\"", 3},
        {"\"code schengen\"", 0},          /* title "Code" + text start: never across */
        {"\"persons schengen\"", 0},       /* "persons" ends the long title */
        {"\"crossing internal borders\"", 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_assert_eq(count_matches(ix, cases[i].q), cases[i].want, "%s", cases[i].q);
    /* Identical texts score identically once length and title are equal. */
    acq_results *r = search(ix, "\"final clause\"", 3);
    double s_short = 0, s_again = 0;
    for (size_t i = 0; i < acq_results_count(r); i++) {
        const acq_hit *h = acq_results_hit(r, i);
        if (strcmp(h->id, "short") == 0) s_short = h->score;
        if (strcmp(h->id, "again") == 0) s_again = h->score;
    }
    cr_assert_float_eq(s_short, s_again, 1e-12);
    acq_results_free(r);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}
