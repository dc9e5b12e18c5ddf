/* test_pruning.c: block-max top-k against exhaustive scoring: thousands of
 * random queries (ranked OR by block-max MaxScore and by block-max WAND,
 * single words, AND by block-max AND) over random and corner k1 and b and
 * several k, on one segment, on many, and on many with deletions: the same
 * documents in the same order with bit-identical scores. Also: the impact
 * lists the writer stores are exactly the Pareto sets of their blocks'
 * (tf, length) pairs (so the bounds are both safe and tight), lists at block
 * boundaries (127, 128, 129, 256 documents, a word in every document), an
 * index of the previous postings format (version 1) still searched, and
 * per-term weights and score callbacks (a word typed twice counts twice). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "index/writer_internal.h"
#include "index/io.h"
#include "index/reader.h"
#include "search/maxscore.h"
#include "search/postings.h"
#include "search/search.h"
#include "support.h"

#define NDOCS 3000

static const char *vocab[] = {"kav", "lom", "nep", "tur", "sib", "dax", "fuj", "gop", "hin", "jel",
                              "mow", "quz", "rab", "sut", "vex", "wob", "yat", "zek", "bip", "cog"};
#define NV 20
static const char *edge[] = {"bxa", "bxb", "bxc", "bxd", "all"};
#define NE 5

static unsigned rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

static double frand(unsigned *s) { return (double)(rnd(s) % 1000001) / 1000000.0; }

/* Durability is not under test here: building without fsync keeps the
 * many-segment index (hundreds of commits) quick on a busy disk. */
static int no_fsync(int fd) { (void)fd; return 0; }
static int no_fsync_dir(const char *dir) { (void)dir; return 0; }
static acq_io_ops quick;

static void io_quick(void)
{
    quick = *acq_io_posix();
    quick.fsync = no_fsync;
    quick.fsync_dir = no_fsync_dir;
    acq_io_set(&quick);
}

static void delete_every_11th(const char *dir)
{
    acq_writer *w;
    char msg[256];
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    for (int d = 0; d < NDOCS; d += 11) {
        char id[16];
        snprintf(id, sizeof id, "d%04d", d);
        cr_assert_eq(acq_writer_delete(w, id), ACQ_OK, "%s", acq_writer_errmsg(w));
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);
}

/* NDOCS documents of skewed words, lengths from 3 to about 300 words and
 * bursts of one word (tf up to 40), so that blocks hold many (tf, length)
 * pairs that do not dominate each other. budget > 0: many segments. */
static char *build(size_t budget)
{
    io_quick();
    char *dir = test_tmpdir();
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.memory_budget = budget;
    acq_writer *w;
    char msg[256];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_writer_set_runs_per_segment(w, 1); /* a segment per flush: these tests want many */
    unsigned seed = 5;
    static char text[16384];
    for (int d = 0; d < NDOCS; d++) {
        char id[16];
        snprintf(id, sizeof id, "d%04d", d);
        text[0] = '\0';
        /* Block-boundary lists: bxa in docs 0..126, bxb in 0..127, bxc in
         * 0..128, bxd in every 7th doc up to 256 of them; all in every doc. */
        if (d < 127) strcat(text, "bxa ");
        if (d < 128) strcat(text, "bxb ");
        if (d < 129) strcat(text, "bxc ");
        if (d % 7 == 0 && d / 7 < 256) strcat(text, "bxd ");
        strcat(text, "all ");
        int n = 2 + (int)(rnd(&seed) % (rnd(&seed) % 4 ? 60 : 300));
        for (int i = 0; i < n; i++) {
            unsigned k = rnd(&seed) % NV;
            k = k * k / NV; /* skewed */
            strcat(strcat(text, vocab[k]), " ");
            if (rnd(&seed) % 9 == 0) /* repeats make tf vary */
                strcat(strcat(text, vocab[k]), " ");
        }
        if (rnd(&seed) % 13 == 0) { /* a burst: one word many times */
            unsigned k = rnd(&seed) % NV, times = 1 + rnd(&seed) % 40;
            for (unsigned i = 0; i < times; i++)
                strcat(strcat(text, vocab[k]), " ");
        }
        if (d == NDOCS - 1) /* a list whose last block holds one document */
            strcat(text, "lastone ");
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

/* Pruned (with the given OR algorithm) against exhaustive: same hits, same
 * order, the same scores to the last bit. Returns the number of hits. */
static size_t compare(acq_index *ix, const char *q, size_t k, double k1, double b, int algo)
{
    acq_search_set_or_algorithm(algo);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = k;
    o.k1 = k1;
    o.b = b;
    o.no_fields = 1;
    acq_results *pruned, *full;
    char msg[256];
    cr_assert_eq(acq_search(&pruned, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    o.exhaustive = 1;
    cr_assert_eq(acq_search(&full, ix, q, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    const char *name = algo == ACQ_OR_WAND ? "wand" : "maxscore";
    cr_assert_eq(acq_results_count(pruned), acq_results_count(full), "[%s] %s k=%zu k1=%g b=%g: %zu hits, want %zu",
                 name, q, k, k1, b, acq_results_count(pruned), acq_results_count(full));
    for (size_t i = 0; i < acq_results_count(full); i++) {
        const acq_hit *x = acq_results_hit(pruned, i), *y = acq_results_hit(full, i);
        cr_assert_eq(x->docno, y->docno, "[%s] %s k=%zu k1=%.17g b=%.17g rank %zu: doc %llu, want %llu", name, q, k,
                     k1, b, i + 1, (unsigned long long)x->docno, (unsigned long long)y->docno);
        cr_assert(x->score == y->score, "[%s] %s rank %zu: score %.17g, want %.17g", name, q, i + 1, x->score,
                  y->score);
    }
    size_t n = acq_results_count(full);
    acq_results_free(pruned);
    acq_results_free(full);
    acq_search_set_or_algorithm(ACQ_OR_MAXSCORE);
    return n;
}

static const char *word(unsigned *seed)
{
    unsigned k = rnd(seed) % (NV + NE + 1);
    return k < NV ? vocab[k] : k < NV + NE ? edge[k - NV] : "lastone";
}

/* A random query: words (sometimes one twice, sometimes in the title),
 * as a ranked OR or, one time in three, as an AND (+a +b ...). */
static void random_query(unsigned *seed, char *q, size_t cap)
{
    int and = rnd(seed) % 3 == 0;
    int n = and ? 2 + (int)(rnd(seed) % 3) : 1 + (int)(rnd(seed) % 6);
    q[0] = '\0';
    const char *prev = NULL;
    for (int i = 0; i < n; i++) {
        const char *w = prev && rnd(seed) % 8 == 0 ? prev : word(seed);
        char part[64];
        snprintf(part, sizeof part, "%s%s%s ", and ? "+" : "", rnd(seed) % 10 == 0 ? "title:" : "", w);
        strncat(q, part, cap - strlen(q) - 1);
        prev = w;
    }
}

static void random_rounds(acq_index *ix, unsigned seed, int rounds)
{
    const size_t ks[] = {1, 3, 10, 100, 1000};
    const double corners[][2] = {{0.9, 0.4}, {1.2, 0.75}, {0.0, 0.0}, {3.0, 1.0}, {0.5, 0.0}, {2.0, 1.0}};
    size_t hits = 0;
    for (int round = 0; round < rounds; round++) {
        char q[512];
        random_query(&seed, q, sizeof q);
        size_t k = ks[rnd(&seed) % 5];
        double k1, b;
        if (rnd(&seed) % 3 == 0) {
            const double *c = corners[rnd(&seed) % 6];
            k1 = c[0];
            b = c[1];
        } else {
            k1 = 3.0 * frand(&seed);
            b = frand(&seed);
        }
        hits += compare(ix, q, k, k1, b, ACQ_OR_MAXSCORE);
        hits += compare(ix, q, k, k1, b, ACQ_OR_WAND);
    }
    cr_assert_gt(hits, (size_t)rounds, "the queries found next to nothing");
}

Test(pruning, blockmax_equals_exhaustive_on_one_segment, .timeout = 600)
{
    char *dir = build(0);
    acq_index *ix;
    char msg[256];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(ix->nsegs, 1);
    random_rounds(ix, 77, 1500);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(pruning, blockmax_equals_exhaustive_on_many_segments_with_deletions, .timeout = 600)
{
    char *dir = build(96 * 1024);
    acq_index *ix;
    char msg[256];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_gt(ix->nsegs, 2, "%zu segments", ix->nsegs);
    random_rounds(ix, 78, 800);
    acq_index_close(ix);
    /* Every 11th document deleted: still in the postings (and in N and df),
     * never in the results. */
    delete_every_11th(dir);
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    random_rounds(ix, 79, 800);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(pruning, block_boundaries_and_words_in_every_document)
{
    char *dir = build(0);
    acq_index *ix;
    char msg[256];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    const char *lists[] = {"bxa", "bxb", "bxc", "bxd", "all", "lastone"};
    const size_t sizes[] = {127, 128, 129, 256, NDOCS, 1};
    for (size_t i = 0; i < 6; i++) {
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.k = NDOCS;
        o.count = 1;
        acq_results *r;
        cr_assert_eq(acq_search(&r, ix, lists[i], &o, msg, sizeof msg), ACQ_OK, "%s", msg);
        cr_assert_eq(acq_results_total(r), sizes[i], "%s", lists[i]);
        cr_assert_eq(acq_results_count(r), sizes[i], "%s", lists[i]);
        acq_results_free(r);
        const size_t ks[] = {1, 10, 127, 128, 129, NDOCS};
        for (size_t j = 0; j < 6; j++) {
            for (int algo = ACQ_OR_MAXSCORE; algo <= ACQ_OR_WAND; algo++) {
                compare(ix, lists[i], ks[j], 0.9, 0.4, algo);
                char q[64];
                snprintf(q, sizeof q, "%s kav", lists[i]);
                compare(ix, q, ks[j], 1.2, 0.75, algo);
                snprintf(q, sizeof q, "+%s +all", lists[i]);
                compare(ix, q, ks[j], 0.9, 0.4, algo);
                snprintf(q, sizeof q, "all %s all", lists[i]);
                compare(ix, q, ks[j], 2.0, 1.0, algo);
            }
        }
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
        compare(ix, q, (size_t[]){1, 10, 100}[round % 3], 0.9, 0.4, ACQ_OR_MAXSCORE);
    }
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

/* The stored impact lists against the postings themselves: every block's
 * list is exactly the Pareto set of its (tf, length) pairs, and the term's
 * list that of all its pairs. */
Test(pruning, impact_lists_are_the_pareto_sets_of_their_blocks)
{
    char *dir = build(0);
    acq_index *ix;
    char msg[256];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_segment *s = &ix->segs[0];
    cr_assert_eq(s->doc.version, 2);
    acq_dict_iter it;
    acq_err err = {0};
    cr_assert_eq(acq_dict_iter_seek(&it, s, (const uint8_t *)"", 0, &err), ACQ_OK);
    static acq_postings p;
    size_t terms = 0, blocks = 0, multi = 0;
    while (acq_dict_iter_next(&it, &err) == 1) {
        int field = it.key[0];
        cr_assert_eq(acq_postings_open(&p, s, &it.meta, &err), ACQ_OK, "%s", err.msg);
        /* All (tf, length) pairs, per block. */
        static acq_impact all[NDOCS], term_want[NDOCS];
        uint32_t n = 0, blk_start = 0;
        size_t nterm = 0;
        for (uint32_t d = acq_postings_next(&p); d != ACQ_NO_DOC; d = acq_postings_next(&p)) {
            uint32_t dl = field == 1 || field == 2 ? acq_segment_len(s, field, d) : 1;
            all[n++] = (acq_impact){acq_postings_tf(&p), dl};
            if (p.i + 1 == p.n) { /* the block's last posting */
                acq_impact want[ACQ_BLOCK_SIZE], got[ACQ_BLOCK_SIZE];
                memcpy(want, all + blk_start, (n - blk_start) * sizeof *want);
                size_t nw = acq_impacts_pareto(want, n - blk_start);
                uint32_t ng = acq_postings_block_impacts(&p, p.block, got);
                cr_assert_eq(ng, nw, "term %.*s block %u: %u pairs, want %zu", (int)it.key_len - 1, it.key + 1,
                             p.block, ng, nw);
                for (size_t i = 0; i < nw; i++)
                    cr_assert(got[i].tf == want[i].tf && got[i].dl == want[i].dl, "term %.*s block %u pair %zu",
                              (int)it.key_len - 1, it.key + 1, p.block, i);
                multi += nw > 1;
                blocks++;
                blk_start = n;
            }
        }
        cr_assert_eq(p.corrupt, 0);
        memcpy(term_want, all, n * sizeof *all);
        nterm = acq_impacts_pareto(term_want, n);
        static acq_impact got[NDOCS];
        uint32_t ng = acq_postings_term_impacts(&p, got, NDOCS);
        cr_assert_eq(ng, nterm, "term %.*s: %u pairs, want %zu", (int)it.key_len - 1, it.key + 1, ng, nterm);
        for (size_t i = 0; i < nterm; i++)
            cr_assert(got[i].tf == term_want[i].tf && got[i].dl == term_want[i].dl);
        terms++;
    }
    cr_assert_gt(blocks, 100);
    cr_assert_gt(multi, 50, "only %zu blocks with more than one pair: the test data is too tame", multi);
    cr_log_info("%zu terms, %zu blocks, %zu with more than one pair", terms, blocks, multi);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

/* acq_impacts_pareto against a brute-force Pareto set on random pairs. */
Test(pruning, pareto_sets_by_brute_force)
{
    unsigned seed = 9;
    for (int round = 0; round < 2000; round++) {
        acq_impact v[ACQ_BLOCK_SIZE], want[ACQ_BLOCK_SIZE];
        size_t n = 1 + rnd(&seed) % ACQ_BLOCK_SIZE, nw = 0;
        uint32_t tfmax = round % 2 ? 5 : 200; /* small tfs, and large ones */
        for (size_t i = 0; i < n; i++)
            v[i] = (acq_impact){1 + rnd(&seed) % tfmax, rnd(&seed) % 100};
        /* A pair is kept if nothing dominates it; one of equal pairs. */
        for (size_t i = 0; i < n; i++) {
            int dominated = 0;
            for (size_t j = 0; j < n && !dominated; j++)
                dominated = (v[j].tf >= v[i].tf && v[j].dl <= v[i].dl) &&
                            (v[j].tf > v[i].tf || v[j].dl < v[i].dl || j < i);
            if (!dominated)
                want[nw++] = v[i];
        }
        for (size_t a = 1; a < nw; a++)
            for (size_t b = a; b > 0 && want[b].tf < want[b - 1].tf; b--) {
                acq_impact t = want[b]; want[b] = want[b - 1]; want[b - 1] = t;
            }
        size_t m = acq_impacts_pareto(v, n);
        cr_assert_eq(m, nw, "round %d: %zu pairs, want %zu", round, m, nw);
        for (size_t i = 0; i < m; i++) {
            cr_assert(v[i].tf == want[i].tf && v[i].dl == want[i].dl, "round %d pair %zu", round, i);
            if (i > 0)
                cr_assert(v[i].tf > v[i - 1].tf && v[i].dl > v[i - 1].dl);
        }
    }
}

/* tests/data/index-doc-v1: an index written before impact lists (.doc
 * format version 1, max tf and min length per block in the skip table),
 * 400 documents by acquis at commit 518454e. It is read, searched exactly
 * (its bounds are looser, not wrong), and merged into the new format. */
Test(pruning, postings_format_1_is_still_read)
{
    char *dir = test_copy_of("tests/data/index-doc-v1");
    cr_assert_not_null(dir);
    acq_index *ix;
    char msg[256];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(ix->segs[0].doc.version, 1);
    unsigned seed = 3;
    size_t hits = 0;
    for (int round = 0; round < 300; round++) {
        char q[512];
        random_query(&seed, q, sizeof q);
        hits += compare(ix, q, (size_t[]){1, 10, 100}[round % 3], 3.0 * frand(&seed), frand(&seed),
                        round % 2 ? ACQ_OR_WAND : ACQ_OR_MAXSCORE);
    }
    cr_assert_gt(hits, 300);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = 5;
    acq_results *before, *after;
    cr_assert_eq(acq_search(&before, ix, "kav nep", &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_index_close(ix);
    /* A merge rewrites it in the current format, with the same results. */
    acq_writer *w;
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_writer_merge(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(ix->segs[0].doc.version, 2);
    cr_assert_eq(acq_search(&after, ix, "kav nep", &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_results_count(before), acq_results_count(after));
    for (size_t i = 0; i < acq_results_count(before); i++) {
        cr_assert_str_eq(acq_results_hit(before, i)->id, acq_results_hit(after, i)->id);
        cr_assert(acq_results_hit(before, i)->score == acq_results_hit(after, i)->score);
    }
    acq_results_free(before);
    acq_results_free(after);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

/* ---- per-term weights and other scoring functions ---------------------- */

typedef struct direct {
    acq_index *ix;
    acq_bm25 m;
    acq_postings cur[4];
    acq_ms_term t[4];
} direct;

/* BM25 through the score callback: what a model other than BM25 plugs in. */
static double bm25_cb(const void *ctx, uint32_t tf, uint32_t dl)
{
    const acq_ms_term *t = ctx;
    return t->idf * acq_bm25_tf(t->m, tf, dl);
}

/* The terms words[0..n) of the one segment of ix, as search.c sets them up
 * (idf over the index, the body's BM25 at k1 0.9, b 0.4). */
static void setup(direct *x, acq_index *ix, const char *const *words, const double *weights, size_t n, int callback)
{
    memset(x, 0, sizeof *x);
    x->ix = ix;
    x->m = (acq_bm25){0.9, 0.4, (double)ix->sum_len[0] / (double)ix->max_doc};
    acq_segment *s = &ix->segs[0];
    for (size_t i = 0; i < n; i++) {
        uint8_t key[64];
        size_t len = strlen(words[i]);
        key[0] = 1; /* body */
        memcpy(key + 1, words[i], len);
        acq_term_meta meta;
        acq_err err = {0};
        cr_assert_eq(acq_segment_lookup(s, key, len + 1, &meta, &err), 1, "%s", words[i]);
        cr_assert_eq(acq_postings_open(&x->cur[i], s, &meta, &err), ACQ_OK);
        x->t[i].p = &x->cur[i];
        x->t[i].idf = acq_bm25_idf(ix->max_doc, meta.df);
        x->t[i].m = &x->m;
        x->t[i].field = 1;
        x->t[i].weight = weights[i];
        if (callback) {
            x->t[i].score = bm25_cb;
            x->t[i].ctx = &x->t[i];
        }
    }
}

/* A word typed twice counts twice: one entry of weight 2 gives the results
 * and scores of the query with the word twice (x + x = 2x exactly), in
 * MaxScore, WAND and AND alike, and so does BM25 through the callback. */
Test(pruning, weights_and_score_callbacks)
{
    char *dir = build(0);
    acq_index *ix;
    char msg[256];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    const char *pairs[][2] = {{"kav", "nep"}, {"sib", "all"}, {"cog", "kav"}, {"bxd", "lom"}};
    for (size_t q = 0; q < 4; q++) {
        for (int conj = 0; conj < 2; conj++) {
            char text[128];
            snprintf(text, sizeof text, conj ? "+%s +%s +%s" : "%s %s %s", pairs[q][0], pairs[q][0], pairs[q][1]);
            acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
            o.k = 20;
            o.exhaustive = 1;
            o.no_fields = 1;
            acq_results *want;
            cr_assert_eq(acq_search(&want, ix, text, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
            for (int algo = 0; algo < (conj ? 1 : 2); algo++)
                for (int callback = 0; callback < 2; callback++) {
                    direct x;
                    const char *words[2] = {pairs[q][0], pairs[q][1]};
                    const double weights[2] = {2.0, 0.0}; /* 0: taken as 1 */
                    setup(&x, ix, words, weights, 2, callback);
                    acq_scored v[21];
                    acq_topk top = {v, 0, 20};
                    uint64_t got = conj ? acq_bmand_segment(&ix->segs[0], 0, x.t, 2, &top)
                                        : algo ? acq_wand_segment(&ix->segs[0], 0, x.t, 2, &top)
                                               : acq_maxscore_segment(&ix->segs[0], 0, x.t, 2, &top);
                    cr_assert_neq(got, ACQ_TOPK_OOM);
                    /* Best first, ties by document. */
                    for (size_t a = 1; a < top.n; a++)
                        for (size_t b = a; b > 0 && (v[b].score > v[b - 1].score ||
                                                     (v[b].score == v[b - 1].score && v[b].docno < v[b - 1].docno));
                             b--) {
                            acq_scored t = v[b]; v[b] = v[b - 1]; v[b - 1] = t;
                        }
                    cr_assert_eq(top.n, acq_results_count(want), "%s: %zu hits, want %zu", text, top.n,
                                 acq_results_count(want));
                    for (size_t i = 0; i < top.n; i++) {
                        const acq_hit *h = acq_results_hit(want, i);
                        cr_assert(v[i].docno == h->docno && v[i].score == h->score,
                                  "%s (%s%s) rank %zu: %u %.17g, want %llu %.17g", text,
                                  conj ? "and" : algo ? "wand" : "maxscore", callback ? ", callback" : "", i + 1,
                                  v[i].docno, v[i].score, (unsigned long long)h->docno, h->score);
                    }
                }
            acq_results_free(want);
        }
    }
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}
