/* test_pruning.c: MaxScore top-k against exhaustive scoring on thousands of
 * random queries (same ids in the same order, same scores to 1e-9), for
 * several k, BM25 parameters and segmentations, and postings lists at block
 * boundaries: 127, 128, 129 and 256 documents, and a term in every document. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "support.h"

#define NDOCS 3000

static const char *vocab[] = {"kav", "lom", "nep", "tur", "sib", "dax", "fuj", "gop", "hin", "jel",
                              "mow", "quz", "rab", "sut", "vex", "wob", "yat", "zek", "bip", "cog"};
#define NV 20

static unsigned rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

static char *build(size_t budget)
{
    char *dir = test_tmpdir();
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.memory_budget = budget;
    acq_writer *w;
    char msg[256];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    unsigned seed = 5;
    for (int d = 0; d < NDOCS; d++) {
        char id[16], text[2048] = "";
        snprintf(id, sizeof id, "d%04d", d);
        /* Block-boundary lists: b127 in docs 0..126, b128 in 0..127, b129 in
         * 0..128, b256 in every 7th doc up to 256 of them; every doc has all. */
        if (d < 127) strcat(text, "bxa ");
        if (d < 128) strcat(text, "bxb ");
        if (d < 129) strcat(text, "bxc ");
        if (d % 7 == 0 && d / 7 < 256) strcat(text, "bxd ");
        strcat(text, "all ");
        int n = 2 + (int)(rnd(&seed) % 60);
        for (int i = 0; i < n; i++) {
            unsigned k = rnd(&seed) % NV;
            k = k * k / NV; /* skewed */
            strcat(strcat(text, vocab[k]), rnd(&seed) % 5 ? " " : " ");
            if (rnd(&seed) % 9 == 0) /* repeats make tf vary */
                strcat(strcat(text, vocab[k]), " ");
        }
        acq_document doc = {0};
        doc.id = id;
        doc.title = vocab[rnd(&seed) % NV];
        doc.text = text;
        cr_assert_eq(acq_writer_add(w, &doc), ACQ_OK, "%s", acq_writer_errmsg(w));
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
    return dir;
}

static void compare(acq_index *ix, const char *q, size_t k, double k1, double b)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = k;
    o.k1 = k1;
    o.b = b;
    acq_results *pruned, *full;
    char msg[256];
    cr_assert_eq(acq_search(&pruned, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    o.exhaustive = 1;
    cr_assert_eq(acq_search(&full, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_results_count(pruned), acq_results_count(full), "%s k=%zu", q, k);
    for (size_t i = 0; i < acq_results_count(full); i++) {
        const acq_hit *x = acq_results_hit(pruned, i), *y = acq_results_hit(full, i);
        cr_assert_str_eq(x->id, y->id, "%s k=%zu k1=%g b=%g rank %zu", q, k, k1, b, i + 1);
        cr_assert_float_eq(x->score, y->score, 1e-9, "%s rank %zu", q, i + 1);
    }
    acq_results_free(pruned);
    acq_results_free(full);
}

Test(pruning, maxscore_equals_exhaustive_on_random_queries)
{
    char *one = build(0), *many = build(96 * 1024);
    acq_index *a, *b;
    char msg[256];
    cr_assert_eq(acq_index_open(&a, one, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_index_open(&b, many, msg, sizeof msg), ACQ_OK, "%s", msg);
    unsigned seed = 77;
    const size_t ks[] = {1, 10, 100, 1000};
    const double params[][2] = {{0.9, 0.4}, {1.2, 0.75}, {0.0, 0.0}, {3.0, 1.0}};
    for (int round = 0; round < 500; round++) {
        char q[256] = "";
        int n = 1 + (int)(rnd(&seed) % 6);
        for (int i = 0; i < n; i++) {
            unsigned k = rnd(&seed) % (NV + 5);
            const char *w = k < NV ? vocab[k] : (const char *[]){"bxa", "bxb", "bxc", "bxd", "all"}[k - NV];
            strcat(strcat(q, w), " ");
        }
        size_t k = ks[rnd(&seed) % 4];
        const double *p = params[rnd(&seed) % 4];
        compare(round % 2 ? a : b, q, k, p[0], p[1]);
    }
    acq_index_close(a);
    acq_index_close(b);
    test_rmrf(one);
    test_rmrf(many);
    free(one);
    free(many);
}

Test(pruning, block_boundaries)
{
    char *dir = build(0);
    acq_index *ix;
    char msg[256];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    const char *lists[] = {"bxa", "bxb", "bxc", "bxd", "all"};
    const size_t sizes[] = {127, 128, 129, 256, NDOCS};
    for (size_t i = 0; i < 5; i++) {
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.k = NDOCS;
        o.count = 1;
        acq_results *r;
        cr_assert_eq(acq_search(&r, ix, lists[i], &o, msg, sizeof msg), ACQ_OK, "%s", msg);
        cr_assert_eq(acq_results_total(r), sizes[i], "%s", lists[i]);
        cr_assert_eq(acq_results_count(r), sizes[i], "%s", lists[i]);
        acq_results_free(r);
        compare(ix, lists[i], 10, 0.9, 0.4);
        char q[64];
        snprintf(q, sizeof q, "%s kav", lists[i]);
        compare(ix, q, 5, 0.9, 0.4);
    }
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(pruning, phrase_pruning_equals_exhaustive)
{
    char *dir = build(0);
    acq_index *ix;
    char msg[256];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    unsigned seed = 31;
    for (int round = 0; round < 200; round++) {
        char q[128];
        /* Frequent words make frequent phrases: the pruning has work to do. */
        unsigned a = rnd(&seed) % 6, b = rnd(&seed) % 6;
        if (round % 3 == 0)
            snprintf(q, sizeof q, "\"%s %s\"~%u", vocab[a], vocab[b], rnd(&seed) % 4);
        else
            snprintf(q, sizeof q, "\"%s %s\"", vocab[a], vocab[b]);
        compare(ix, q, (size_t[]){1, 10, 100}[round % 3], 0.9, 0.4);
    }
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}
