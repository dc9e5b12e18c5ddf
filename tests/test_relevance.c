/* test_relevance.c: the relevance laboratory (issue 13) against hand
 * computations: query term frequency in BM25 (plain text and query
 * syntax, pruned and exhaustive), QL-Dirichlet and DPH scores against their
 * formulas, SDM and title weights reaching the scores, RM3's and Bo1's
 * expansion terms and weights (on term counts, and end to end on a small
 * index), fusion of hand-made runs, the significance tests on examples
 * with known p-values, trec_eval -c, and the errors of models on queries
 * they cannot score. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "eval/eval.h"
#include "search/lab.h"
#include "search/model.h"
#include "support.h"

/* ---- a small index: no stopwords, no titles, so dl is the word count ---- */

static const char *const texts[] = {
    "alpha beta gamma",          /* d0: dl 3 */
    "alpha alpha delta epsilon", /* d1: dl 4 */
    "beta zeta",                 /* d2: dl 2 */
};
#define NT (sizeof texts / sizeof texts[0])

static char *tmp;
static char ixdir[4200];
static acq_index *ix;

static void build(const char *dir, const char *const *t, size_t n, const char *const *titles)
{
    acq_writer *w;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    for (size_t i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "d%zu", i);
        acq_document d = {0};
        d.id = id;
        d.text = t[i];
        d.title = titles ? titles[i] : NULL;
        d.lang = "en";
        cr_assert_eq(acq_writer_add(w, &d), ACQ_OK, "%s", acq_writer_errmsg(w));
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
}

static void setup(void)
{
    tmp = test_tmpdir();
    cr_assert_not_null(tmp);
    snprintf(ixdir, sizeof ixdir, "%s/ix", tmp);
    build(ixdir, texts, NT, NULL);
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, ixdir, msg, sizeof msg), ACQ_OK, "%s", msg);
}

static void teardown(void)
{
    acq_index_close(ix);
    test_rmrf(tmp);
    free(tmp);
}

/* The score of document `id` for query q with options o, or NAN. */
static double score_of(const char *q, const acq_search_options *o, const char *id)
{
    acq_results *r;
    char msg[512];
    cr_assert_eq(acq_search(&r, ix, q, o, msg, sizeof msg), ACQ_OK, "%s: %s", q, msg);
    double s = NAN;
    for (size_t i = 0; i < acq_results_count(r); i++)
        if (strcmp(acq_results_hit(r, i)->id, id) == 0)
            s = acq_results_hit(r, i)->score;
    acq_results_free(r);
    return s;
}

/* Lucene 8's BM25 (bm25.h), from N, df, tf, dl and avgdl. */
static double bm25(double n, double df, double tf, double dl, double avgdl, double k1, double b)
{
    double idf = log(1 + (n - df + 0.5) / (df + 0.5));
    return idf * tf / (tf + k1 * (1 - b + b * dl / avgdl));
}

Test(relevance, query_term_frequency_against_hand_computation, .init = setup, .fini = teardown)
{
    const double n = 3, avgdl = 9.0 / 3, k1 = 1.2, b = 0.75;
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k1 = k1;
    o.b = b;
    o.plain = 1;
    /* "alpha" typed twice: as two clauses of Lucene's BM25 */
    double d0 = 2 * bm25(n, 2, 1, 3, avgdl, k1, b) + bm25(n, 2, 1, 3, avgdl, k1, b);
    double d1 = 2 * bm25(n, 2, 2, 4, avgdl, k1, b);
    double d2 = bm25(n, 2, 1, 2, avgdl, k1, b);
    const char *q = "alpha Alpha beta";
    cr_assert_float_eq(score_of(q, &o, "d0"), d0, 1e-12);
    cr_assert_float_eq(score_of(q, &o, "d1"), d1, 1e-12);
    cr_assert_float_eq(score_of(q, &o, "d2"), d2, 1e-12);
    /* the same through query syntax, pruned (MaxScore) and exhaustive */
    o.plain = 0;
    cr_assert_float_eq(score_of(q, &o, "d1"), d1, 1e-12);
    o.exhaustive = 1;
    cr_assert_float_eq(score_of(q, &o, "d1"), d1, 1e-12);
    o.plain = 1;
    cr_assert_float_eq(score_of(q, &o, "d0"), d0, 1e-12);
    /* once typed, once counted: the old behaviour was this for both */
    o.exhaustive = 0;
    cr_assert_float_eq(score_of("alpha beta", &o, "d1"), d1 / 2, 1e-12);
}

/* k = 1 under MaxScore: the bound of a term typed three times must scale,
 * or a document would be pruned that the exhaustive search ranks first. */
Test(relevance, maxscore_stays_exact_with_repeated_words, .init = setup, .fini = teardown)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.plain = 1;
    o.k = 1;
    const char *qs[] = {"beta beta beta alpha", "alpha delta delta zeta", "zeta zeta gamma alpha alpha"};
    for (size_t i = 0; i < 3; i++) {
        acq_results *a, *e;
        char msg[256];
        cr_assert_eq(acq_search(&a, ix, qs[i], &o, msg, sizeof msg), ACQ_OK);
        o.exhaustive = 1;
        cr_assert_eq(acq_search(&e, ix, qs[i], &o, msg, sizeof msg), ACQ_OK);
        o.exhaustive = 0;
        cr_assert_str_eq(acq_results_hit(a, 0)->id, acq_results_hit(e, 0)->id, "%s", qs[i]);
        cr_assert_eq(acq_results_hit(a, 0)->score, acq_results_hit(e, 0)->score, "%s", qs[i]);
        acq_results_free(a);
        acq_results_free(e);
    }
}

Test(relevance, ql_dirichlet_against_formula, .init = setup, .fini = teardown)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.plain = 1;
    o.model = "ql";
    o.mu = 5;
    const double tokens = 9, mu = 5;
    /* Lucene's LMDirichlet: per matching term, clamped at 0 */
    double p_alpha = (3 + 1) / (tokens + 1), p_beta = (2 + 1) / (tokens + 1);
    double a0 = log(1 + 1 / (mu * p_alpha)) + log(mu / (3 + mu));
    double b0 = log(1 + 1 / (mu * p_beta)) + log(mu / (3 + mu));
    double want = 2 * (a0 > 0 ? a0 : 0) + (b0 > 0 ? b0 : 0);
    cr_assert_float_eq(score_of("alpha alpha beta", &o, "d0"), want, 1e-12);
    double a1 = 2 * (log(1 + 2 / (mu * p_alpha)) + log(mu / (4 + mu)));
    cr_assert_float_eq(score_of("alpha alpha beta", &o, "d1"), a1 > 0 ? a1 : 0, 1e-12);
    /* the default mu is 1000; d0's alpha clamps to 0 and is still a match */
    o.mu = 0;
    cr_assert_float_eq(score_of("alpha", &o, "d1"), log(1 + 2 / (1000 * p_alpha)) + log(1000 / 1004.0), 1e-12);
    cr_assert_float_eq(score_of("alpha", &o, "d0"), 0.0, 0);
}

Test(relevance, dph_against_formula, .init = setup, .fini = teardown)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.plain = 1;
    o.model = "dph";
    const double n = 3, avgdl = 3;
    /* d1: alpha tf 2, dl 4, cf 3 */
    double tf = 2, dl = 4, cf = 3, f = tf / dl;
    double want = (1 - f) * (1 - f) / (tf + 1) *
                  (tf * log2(tf * avgdl / dl * n / cf) + 0.5 * log2(2 * 3.14159265358979323846 * tf * (1 - f)));
    cr_assert_float_eq(score_of("alpha", &o, "d1"), want, 1e-12);
    /* weighted by query term frequency */
    cr_assert_float_eq(score_of("alpha alpha", &o, "d1"), 2 * want, 1e-12);
}

Test(relevance, models_refuse_queries_they_cannot_score, .init = setup, .fini = teardown)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    acq_results *r = NULL;
    char msg[512];
    o.model = "ql";
    cr_assert_eq(acq_search(&r, ix, "\"alpha beta\"", &o, msg, sizeof msg), ACQ_EARG);
    cr_assert_not_null(strstr(msg, "plain words"), "%s", msg);
    o.model = "bm26";
    cr_assert_eq(acq_search(&r, ix, "alpha", &o, msg, sizeof msg), ACQ_EARG);
    cr_assert_not_null(strstr(msg, "bm25, ql, dph, sdm"), "%s", msg);
    o.model = NULL;
    o.feedback = 1;
    cr_assert_eq(acq_search(&r, ix, "+alpha beta", &o, msg, sizeof msg), ACQ_EARG);
    cr_assert_null(r);
    /* built queries take ql and dph, not the rewriting options */
    acq_query *t;
    cr_assert_eq(acq_query_new_term(&t, NULL, "alpha"), ACQ_OK);
    cr_assert_eq(acq_search_query(&r, ix, t, &o, msg, sizeof msg), ACQ_EARG);
    cr_assert_not_null(strstr(msg, "built queries"), "%s", msg);
    o.feedback = 0;
    o.model = "dph";
    cr_assert_eq(acq_search_query(&r, ix, t, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_results_count(r), 2);
    acq_results_free(r);
    acq_query_destroy(t);
}

Test(relevance, sdm_adds_phrase_and_window_evidence, .init = setup, .fini = teardown)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.plain = 1;
    o.model = "sdm";
    const double n = 3, avgdl = 3, k1 = 0.9, b = 0.4;
    /* d0 "alpha beta gamma" for "alpha beta": the words at 0.85, the exact
     * pair (frequency 1) at 0.1 and the window at 0.05, a phrase's idf
     * being the sum of its words' */
    double idf2 = bm25(n, 2, 1, 3, avgdl, k1, b) * 2; /* both words have df 2 */
    double words = 0.85 * idf2, pair = idf2;
    cr_assert_float_eq(score_of("alpha beta", &o, "d0"), words + 0.1 * pair + 0.05 * pair, 1e-12);
    /* d1 has alpha only: no pair evidence */
    cr_assert_float_eq(score_of("alpha beta", &o, "d1"), 0.85 * bm25(n, 2, 2, 4, avgdl, k1, b), 1e-12);
}

Test(relevance, title_weight_scores_the_title_too)
{
    char *t = test_tmpdir();
    char dir[4200], msg[256];
    snprintf(dir, sizeof dir, "%s/tw", t);
    const char *const tx[] = {"europol police", "europol", "police data"};
    const char *const ti[] = {"Europol", "Schengen", "Data"};
    build(dir, tx, 3, ti);
    acq_index *x;
    cr_assert_eq(acq_index_open(&x, dir, msg, sizeof msg), ACQ_OK);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.plain = 1;
    acq_results *a, *b2;
    cr_assert_eq(acq_search(&a, x, "europol", &o, msg, sizeof msg), ACQ_OK);
    o.title_weight = 2;
    cr_assert_eq(acq_search(&b2, x, "europol", &o, msg, sizeof msg), ACQ_OK);
    /* d0 gains 2 x its title score; d1 (no europol in its title) gains nothing */
    double gain = -1;
    for (size_t i = 0; i < acq_results_count(b2); i++)
        for (size_t j = 0; j < acq_results_count(a); j++)
            if (strcmp(acq_results_hit(b2, i)->id, acq_results_hit(a, j)->id) == 0) {
                double d = acq_results_hit(b2, i)->score - acq_results_hit(a, j)->score;
                if (strcmp(acq_results_hit(a, j)->id, "d1") == 0)
                    cr_assert_float_eq(d, 0.0, 1e-12);
                else
                    gain = d;
            }
    /* title: N 3, df 1, tf 1, dl 1, avgdl 1 */
    cr_assert_float_eq(gain, 2 * bm25(3, 1, 1, 1, 1, 0.9, 0.4), 1e-12);
    acq_results_free(a);
    acq_results_free(b2);
    acq_index_close(x);
    test_rmrf(t);
    free(t);
}

/* ---- feedback ------------------------------------------------------------ */

static double weight_of(const acq_lab_term *v, size_t n, const char *t)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].term, t) == 0)
            return v[i].weight;
    return 0;
}

Test(relevance, rm3_terms_and_weights_by_hand)
{
    /* d1 (score 2): a 3, b 1, x 5 (x: df over 10% of the documents, and
     * "q" shorter than two bytes, are left out as Anserini leaves them) */
    const char *t1[] = {"a1", "b1", "x1", "q"};
    double tf1[] = {3, 1, 5, 9}, df1[] = {1, 1, 50, 1}, cf1[] = {3, 1, 60, 9};
    const char *t2[] = {"a1", "c1"};
    double tf2[] = {1, 1}, df2[] = {2, 1}, cf2[] = {4, 1};
    acq_fb_doc docs[2] = {{2.0, 4, t1, tf1, df1, cf1}, {1.0, 2, t2, tf2, df2, cf2}};
    const char *q[] = {"a1"};
    double qtf[] = {1};
    acq_lab_term *v;
    size_t n;
    cr_assert_eq(acq_rm3_expand(&v, &n, q, qtf, 1, docs, 2, 100, 2, 0.5), ACQ_OK);
    /* d1: a .75 b .25 (x2); d2: a .5 c .5 (x1) -> a 2, b .5, c .5; the 2
     * heaviest, ties by term: a, b -> .8, .2; with the query: a .5 + .4,
     * b .1 */
    cr_assert_eq(n, 2);
    cr_assert_str_eq(v[0].term, "a1");
    cr_assert_float_eq(v[0].weight, 0.9, 1e-12);
    cr_assert_str_eq(v[1].term, "b1");
    cr_assert_float_eq(v[1].weight, 0.1, 1e-12);
    acq_lab_terms_free(v, n);
}

Test(relevance, bo1_terms_and_weights_by_hand)
{
    const char *t1[] = {"a1", "b1", "c1"};
    double tf1[] = {2, 1, 4}, df1[] = {2, 2, 1}, cf1[] = {10, 2, 4};
    const char *t2[] = {"a1", "b1"};
    double tf2[] = {1, 3}, df2[] = {2, 2}, cf2[] = {10, 2};
    acq_fb_doc docs[2] = {{1.0, 3, t1, tf1, df1, cf1}, {1.0, 2, t2, tf2, df2, cf2}};
    const char *q[] = {"a1"};
    double qtf[] = {1};
    acq_lab_term *v;
    size_t n;
    cr_assert_eq(acq_bo1_expand(&v, &n, q, qtf, 1, docs, 2, 100, 10), ACQ_OK);
    /* c1 is in one feedback document only: out. a1: tf_x 3, P .1; b1:
     * tf_x 4, P .02 */
    double wa = 3 * log2(1.1 / 0.1) + log2(1.1), wb = 4 * log2(1.02 / 0.02) + log2(1.02);
    double wmax = wa > wb ? wa : wb;
    cr_assert_eq(n, 2);
    cr_assert_float_eq(weight_of(v, n, "a1"), 1 + wa / wmax, 1e-12);
    cr_assert_float_eq(weight_of(v, n, "b1"), wb / wmax, 1e-12);
    acq_lab_terms_free(v, n);
}

/* End to end: 20 documents, so that a term in 2 of them (10%) survives
 * Anserini's df filter; the expansion --explain shows is worked by hand
 * from the first pass's scores. */
Test(relevance, rm3_on_a_small_index_by_hand)
{
    char *t = test_tmpdir();
    char dir[4200], msg[512];
    snprintf(dir, sizeof dir, "%s/fb", t);
    const char *tx[20];
    char filler[18][16];
    tx[0] = "alpha beta beta";
    tx[1] = "alpha gamma";
    for (int i = 0; i < 18; i++) {
        snprintf(filler[i], sizeof filler[i], "filler%c", 'a' + i);
        tx[i + 2] = filler[i];
    }
    build(dir, tx, 20, NULL);
    acq_index *x;
    cr_assert_eq(acq_index_open(&x, dir, msg, sizeof msg), ACQ_OK);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.plain = 1;
    acq_results *r;
    cr_assert_eq(acq_search(&r, x, "alpha", &o, msg, sizeof msg), ACQ_OK);
    cr_assert_eq(acq_results_count(r), 2);
    double s0 = 0, s1 = 0;
    for (size_t i = 0; i < 2; i++)
        *(strcmp(acq_results_hit(r, i)->id, "d0") == 0 ? &s0 : &s1) = acq_results_hit(r, i)->score;
    acq_results_free(r);
    double alpha = s0 / 3 + s1 / 2, beta = 2 * s0 / 3, gamma = s1 / 2, sum = alpha + beta + gamma;
    char want[512];
    snprintf(want, sizeof want,
             "RM3 (2 feedback documents, 10 terms, original query weight 0.5): alpha^%.4f beta^%.4f gamma^%.4f\n",
             0.5 + 0.5 * alpha / sum, 0.5 * beta / sum, 0.5 * gamma / sum);
    o.feedback = 1;
    o.explain = 1;
    cr_assert_eq(acq_search(&r, x, "alpha", &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_gt(acq_results_count(r), 0);
    const char *e = acq_results_hit(r, 0)->explanation;
    cr_assert(strncmp(e, want, strlen(want)) == 0, "got:\n%s\nwant:\n%s", e, want);
    acq_results_free(r);
    acq_index_close(x);
    test_rmrf(t);
    free(t);
}

/* ---- evaluation: fusion, significance, -c --------------------------------- */

static acq_run run_of(const char *text)
{
    acq_run r;
    acq_err err = {0};
    cr_assert_eq(acq_run_parse(&r, "r", text, strlen(text), &err), ACQ_OK, "%s", err.msg);
    return r;
}

Test(relevance, fusion_of_hand_made_runs)
{
    acq_run in[2] = {run_of("1 Q0 d1 1 3.0 a\n1 Q0 d2 2 2.0 a\n"),
                     run_of("1 Q0 d2 1 5 b\n1 Q0 d3 2 1 b\n2 Q0 d9 1 7 b\n")};
    acq_run f;
    acq_err err = {0};
    cr_assert_eq(acq_fuse(&f, in, 2, ACQ_FUSE_RRF, 60, 1000, &err), ACQ_OK);
    cr_assert_eq(f.count, 2);
    cr_assert_str_eq(f.queries[0].qid, "1");
    cr_assert_eq(f.queries[0].count, 3);
    cr_assert_str_eq(f.queries[0].docs[0].docno, "d2");
    cr_assert_float_eq(f.queries[0].docs[0].score, 1.0 / 61 + 1.0 / 62, 1e-15);
    cr_assert_str_eq(f.queries[0].docs[1].docno, "d1");
    cr_assert_float_eq(f.queries[0].docs[1].score, 1.0 / 61, 1e-15);
    cr_assert_str_eq(f.queries[0].docs[2].docno, "d3");
    cr_assert_float_eq(f.queries[0].docs[2].score, 1.0 / 62, 1e-15);
    cr_assert_str_eq(f.queries[1].qid, "2");
    cr_assert_float_eq(f.queries[1].docs[0].score, 1.0 / 61, 1e-15);
    acq_run_free(&f);
    /* CombSUM: a: d1 1, d2 0; b: d2 1, d3 0 -> d1 1, d2 1 (tie: docno
     * descending), d3 0 */
    cr_assert_eq(acq_fuse(&f, in, 2, ACQ_FUSE_COMBSUM, 0, 2, &err), ACQ_OK);
    cr_assert_eq(f.queries[0].count, 2);
    cr_assert_str_eq(f.queries[0].docs[0].docno, "d2");
    cr_assert_float_eq(f.queries[0].docs[0].score, 1.0, 1e-15);
    cr_assert_str_eq(f.queries[0].docs[1].docno, "d1");
    cr_assert_float_eq(f.queries[1].docs[0].score, 1.0, 1e-15); /* one document: 1 */
    acq_run_free(&f);
    acq_run_free(&in[0]);
    acq_run_free(&in[1]);
}

Test(relevance, significance_tests_known_p_values)
{
    /* differences 1 0 1 1 2: mean 1, sd sqrt(.5), t = sqrt(10), 4 degrees
     * of freedom: two-sided p = 0.034109 (the t distribution's integral) */
    const double a[] = {1, 2, 3, 4, 5}, b[] = {2, 2, 4, 5, 7};
    cr_assert_float_eq(acq_ttest_paired(a, b, 5), 0.0341094, 1e-6);
    cr_assert_float_eq(acq_ttest_paired(b, a, 5), 0.0341094, 1e-6);
    /* randomisation, exact over 2^5 sign flips: |sum| = 5 only when the
     * four non-zero differences share a sign: 2 x 2 of 32 */
    cr_assert_float_eq(acq_randomization_test(a, b, 5, 0), 4.0 / 32, 1e-15);
    /* t = 2 with 10 degrees of freedom: p = 0.073388 */
    double x[11], y[11];
    for (int i = 0; i < 11; i++) {
        x[i] = 0;
        y[i] = i < 6 ? 1 : -1; /* mean 1/11, computed below to t = 2 */
    }
    double mean = 1.0 / 11, ss = 6 * (1 - mean) * (1 - mean) + 5 * (1 + mean) * (1 + mean);
    double t = mean / (sqrt(ss / 10) / sqrt(11));
    cr_assert_float_eq(acq_ttest_paired(x, y, 11), acq_betai(5, 0.5, 10 / (10 + t * t)), 1e-12);
    cr_assert_float_eq(acq_betai(5, 0.5, 10.0 / 14), 0.0733880, 1e-6); /* t = 2, df 10 */
    cr_assert_float_eq(acq_betai(3, 3, 0.5), 0.5, 1e-12);
    /* no difference at all */
    cr_assert_float_eq(acq_ttest_paired(a, a, 5), 1.0, 0);
    cr_assert_float_eq(acq_randomization_test(a, a, 5, 0), 1.0, 0);
    /* many topics: sampled, from a fixed seed, so the same every time */
    double u[40], w[40];
    for (int i = 0; i < 40; i++) {
        u[i] = (i * 7 % 11) / 10.0;
        w[i] = u[i] + (i % 3 == 0 ? 0.05 : -0.01);
    }
    double p1 = acq_randomization_test(u, w, 40, 5000), p2 = acq_randomization_test(u, w, 40, 5000);
    cr_assert_eq(p1, p2);
    cr_assert(p1 >= 0 && p1 <= 1);
}

Test(relevance, eval_complete_counts_missing_topics)
{
    const char *qrels = "1 0 d1 1\n2 0 d2 1\n3 0 d3 0\n";
    acq_qrels q;
    acq_err err = {0};
    cr_assert_eq(acq_qrels_parse(&q, "q", qrels, strlen(qrels), &err), ACQ_OK);
    acq_run r = run_of("1 Q0 d1 1 1.0 a\n");
    acq_eval e;
    cr_assert_eq(acq_eval_compute_complete(&e, &q, &r, 0, &err), ACQ_OK);
    cr_assert_eq(e.num_q, 1);
    cr_assert_float_eq(e.mean[ACQ_M_MAP], 1.0, 1e-12);
    acq_eval_free(&e);
    /* trec_eval -c: all three judged queries, the missing two at 0 */
    cr_assert_eq(acq_eval_compute_complete(&e, &q, &r, 1, &err), ACQ_OK);
    cr_assert_eq(e.num_q, 3);
    cr_assert_float_eq(e.mean[ACQ_M_MAP], 1.0 / 3, 1e-12);
    cr_assert_float_eq(e.mean[ACQ_M_P_10], 0.1 / 3, 1e-12);
    acq_eval_free(&e);
    acq_run_free(&r);
    acq_qrels_free(&q);
    cr_assert_eq(acq_metric_by_name("P.10"), ACQ_M_P_10);
    cr_assert_eq(acq_metric_by_name("ndcg_cut.10"), ACQ_M_NDCG_CUT_10);
    cr_assert_eq(acq_metric_by_name("recall_1000"), ACQ_M_RECALL_1000);
    cr_assert_eq(acq_metric_by_name("bpref"), -1);
}

/* Documents tied at the feedback cut are taken by id (descending, as
 * trec_eval ranks ties), not by internal order: the expansion is the same
 * whichever order and segments the index was built in. */
Test(relevance, feedback_ties_do_not_depend_on_segments)
{
    char *t = test_tmpdir();
    for (int reverse = 0; reverse < 2; reverse++) {
        char dir[4200], msg[512];
        snprintf(dir, sizeof dir, "%s/tie%d", t, reverse);
        acq_writer *w;
        cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
        for (int j = 0; j < 20; j++) {
            int i = reverse ? 19 - j : j;
            char id[16], text[64];
            snprintf(id, sizeof id, "d%02d", i);
            if (i == 0)
                snprintf(text, sizeof text, "alpha kappa");
            else if (i == 1)
                snprintf(text, sizeof text, "alpha lambda");
            else
                snprintf(text, sizeof text, "filler%c", 'a' + i);
            acq_document d = {0};
            d.id = id;
            d.text = text;
            d.lang = "en";
            cr_assert_eq(acq_writer_add(w, &d), ACQ_OK);
            if (reverse)
                cr_assert_eq(acq_writer_commit(w), ACQ_OK);
        }
        cr_assert_eq(acq_writer_commit(w), ACQ_OK);
        acq_writer_close(w);
        acq_index *x;
        cr_assert_eq(acq_index_open(&x, dir, msg, sizeof msg), ACQ_OK);
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.plain = 1;
        o.feedback = 1;
        o.fb_docs = 1;
        o.explain = 1;
        acq_results *r;
        cr_assert_eq(acq_search(&r, x, "alpha", &o, msg, sizeof msg), ACQ_OK, "%s", msg);
        const char *e = acq_results_hit(r, 0)->explanation;
        cr_assert_not_null(strstr(e, "lambda^"), "reverse %d: %s", reverse, e);
        cr_assert_null(strstr(e, "kappa^"), "reverse %d: %s", reverse, e);
        acq_results_free(r);
        acq_index_close(x);
    }
    test_rmrf(t);
    free(t);
}
