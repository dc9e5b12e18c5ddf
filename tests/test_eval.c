/* test_eval.c: src/eval/ and `acquis eval`: topic files in both formats,
 * qrels and run parsing with their error messages, run writing, and every
 * measure on tiny hand-made judgements and runs whose answers were worked
 * out by hand (the working is next to each expected value). Ranks below are
 * from 1; "R" marks a relevant document. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/alloc.h"
#include "eval/eval.h"
#include "support.h"

/* The command line is not part of the library the tests link with: compile
 * the subcommand into this test to call cli_eval() directly. */
#include "cli/cmd_eval.c"

#define EPS 1e-4

/* ---- helpers --------------------------------------------------------------- */

static acq_qrels qrels_of(const char *text)
{
    acq_qrels q;
    acq_err err = {0};
    int rc = acq_qrels_parse(&q, "q.txt", text, strlen(text), &err);
    cr_assert_eq(rc, ACQ_OK, "qrels: %s", err.msg);
    return q;
}

static acq_run run_of(const char *text)
{
    acq_run r;
    acq_err err = {0};
    int rc = acq_run_parse(&r, "r.txt", text, strlen(text), &err);
    cr_assert_eq(rc, ACQ_OK, "run: %s", err.msg);
    return r;
}

/* Evaluates text qrels against a text run. */
static acq_eval eval_of(const char *qrels_text, const char *run_text)
{
    acq_qrels q = qrels_of(qrels_text);
    acq_run r = run_of(run_text);
    acq_eval e;
    acq_err err = {0};
    cr_assert_eq(acq_eval_compute(&e, &q, &r, &err), ACQ_OK, "%s", err.msg);
    /* the result points into the qrels' qids: copy what the tests need */
    static char qids[16][32];
    for (size_t i = 0; i < e.num_q && i < 16; i++) {
        snprintf(qids[i], sizeof qids[i], "%s", e.queries[i].qid);
        e.queries[i].qid = qids[i];
    }
    acq_run_free(&r);
    acq_qrels_free(&q);
    return e;
}

static void assert_near(double got, double want, const char *what)
{
    cr_assert(fabs(got - want) < EPS, "%s: got %.6f, want %.6f", what, got, want);
}

/* Checks the eight measures of one query (or of the means). */
static void assert_values(const double *v, double map, double rr, double p5,
                          double p10, double r100, double r1000, double n10,
                          double n1000)
{
    assert_near(v[ACQ_M_MAP], map, "map");
    assert_near(v[ACQ_M_RECIP_RANK], rr, "recip_rank");
    assert_near(v[ACQ_M_P_5], p5, "P_5");
    assert_near(v[ACQ_M_P_10], p10, "P_10");
    assert_near(v[ACQ_M_RECALL_100], r100, "recall_100");
    assert_near(v[ACQ_M_RECALL_1000], r1000, "recall_1000");
    assert_near(v[ACQ_M_NDCG_CUT_10], n10, "ndcg_cut_10");
    assert_near(v[ACQ_M_NDCG_CUT_1000], n1000, "ndcg_cut_1000");
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- measures --------------------------------------------------------------- */

static void metrics_binary_relevance(void)
{
    /* Judged relevant: d1 d3 d7 (R = 3); d5 judged not relevant.
     * Ranking by score: d1(R) d2 d3(R) d4 d5 d6, six documents. */
    acq_eval e = eval_of("q1 0 d1 1\nq1 0 d3 1\nq1 0 d5 0\nq1 0 d7 1\n",
                         "q1 Q0 d1 1 0.9 t\nq1 Q0 d2 2 0.8 t\nq1 Q0 d3 3 0.7 t\n"
                         "q1 Q0 d4 4 0.6 t\nq1 Q0 d5 5 0.5 t\nq1 Q0 d6 6 0.4 t\n");
    cr_assert_eq(e.num_q, 1);
    assert_values(e.queries[0].value,
                  0.5556,  /* (1/1 + 2/3) / 3 = 1.6667 / 3 */
                  1.0,     /* first relevant at rank 1 */
                  0.4,     /* 2 relevant in the top 5 */
                  0.2,     /* 2 / 10: P@10 divides by 10 though 6 retrieved */
                  0.6667,  /* 2 of 3 relevant retrieved */
                  0.6667,
                  0.7039,  /* DCG 1/log2(2) + 1/log2(4) = 1.5;
                              IDCG 1 + 1/log2(3) + 1/log2(4) = 2.1309; 1.5/2.1309 */
                  0.7039);
    /* one query: the means are its values */
    assert_near(e.mean[ACQ_M_MAP], 0.5556, "mean map");
    acq_eval_free(&e);
}

static void metrics_ties_are_broken_by_docno_descending(void)
{
    /* All three score 1.0: trec_eval ranks them by docno in decreasing strcmp
     * order, c b a, whatever the rank column says (a claims rank 1). So the
     * only relevant document, a, is at rank 3. */
    acq_eval e = eval_of("q1 0 a 1\n", "q1 Q0 a 1 1.0 t\nq1 Q0 b 2 1.0 t\nq1 Q0 c 3 1.0 t\n");
    assert_values(e.queries[0].value,
                  0.3333,  /* (1/3) / 1 */
                  0.3333,  /* 1/3 */
                  0.2,     /* 1/5 */
                  0.1,     /* 1/10 */
                  1.0, 1.0,
                  0.5,     /* 1/log2(3+1) = 1/2, ideal 1 */
                  0.5);
    acq_eval_free(&e);

    /* strcmp, not numeric: "d9" > "d10", so d9 is ranked first and the
     * relevant d10 second. */
    e = eval_of("q1 0 d10 1\n", "q1 Q0 d10 1 2.0 t\nq1 Q0 d9 2 2.0 t\n");
    assert_near(e.queries[0].value[ACQ_M_RECIP_RANK], 0.5, "rr d10 second");
    /* nDCG 1/log2(3) = 0.6309 */
    assert_near(e.queries[0].value[ACQ_M_NDCG_CUT_10], 0.6309, "ndcg d10 second");
    acq_eval_free(&e);

    /* A higher score wins over the docno order, and the rank column is
     * ignored: z (rank 9 in the file, score 5) comes first. */
    e = eval_of("q1 0 z 1\n", "q1 Q0 a 1 1.0 t\nq1 Q0 z 9 5.0 t\n");
    assert_near(e.queries[0].value[ACQ_M_RECIP_RANK], 1.0, "score first");
    acq_eval_free(&e);
}

static void metrics_graded_relevance_ndcg_uses_linear_gains(void)
{
    /* Judgements: A 4, B 3, C 2, D 1, E 0, F 2 -> relevant A B C D F (R = 5).
     * Ranking: E(0) C(2) A(4) X(unjudged) D(1) B(3); F not retrieved. */
    acq_eval e = eval_of("q1 0 A 4\nq1 0 B 3\nq1 0 C 2\nq1 0 D 1\nq1 0 E 0\nq1 0 F 2\n",
                         "q1 Q0 E 1 10 t\nq1 Q0 C 2 9 t\nq1 Q0 A 3 8 t\n"
                         "q1 Q0 X 4 7 t\nq1 Q0 D 5 6 t\nq1 Q0 B 6 5 t\n");
    assert_values(e.queries[0].value,
                  0.4867,  /* relevant at ranks 2 3 5 6:
                              (1/2 + 2/3 + 3/5 + 4/6) / 5 = 2.4333 / 5 */
                  0.5,     /* first relevant at rank 2 */
                  0.6,     /* C A D in the top 5 */
                  0.4,     /* 4 / 10 */
                  0.8,     /* 4 of 5 */
                  0.8,
                  0.5795,  /* DCG 2/log2(3) + 4/log2(4) + 1/log2(6) + 3/log2(7)
                                 = 1.2619 + 2 + 0.3869 + 1.0686 = 4.7173;
                              IDCG gains 4 3 2 2 1:
                                 4 + 3/log2(3) + 2/log2(4) + 2/log2(5) + 1/log2(6)
                                 = 4 + 1.8928 + 1 + 0.8614 + 0.3869 = 8.1410;
                              4.7173 / 8.1410 (2^rel-1 gains would give 0.5432) */
                  0.5795);
    acq_eval_free(&e);
}

static void metrics_ndcg_cutoff_truncates_the_ideal_too(void)
{
    /* 12 relevant documents r01..r12 (gain 1); the run puts two unjudged
     * documents first, then all twelve: relevant at ranks 3..14. */
    char qrels[1024] = "", run[2048] = "q1 Q0 n1 1 100 t\nq1 Q0 n2 2 99 t\n";
    for (int i = 1; i <= 12; i++) {
        char line[64];
        snprintf(line, sizeof line, "q1 0 r%02d 1\n", i);
        strcat(qrels, line);
        snprintf(line, sizeof line, "q1 Q0 r%02d %d %d t\n", i, i + 2, 99 - i);
        strcat(run, line);
    }
    acq_eval e = eval_of(qrels, run);
    assert_values(e.queries[0].value,
                  0.7081,  /* sum_{k=1..12} k/(k+2) / 12 = 8.4969 / 12 */
                  0.3333,  /* 1/3 */
                  0.6,     /* ranks 3 4 5 */
                  0.8,     /* ranks 3..10 */
                  1.0, 1.0,
                  0.6410,  /* sum_{r=3..10} 1/log2(r+1) = 2.9126 over
                              sum_{r=1..10} 1/log2(r+1) = 4.5436 (ideal cut at 10) */
                  0.7816); /* sum_{r=3..14} 1/log2(r+1) = 3.9804 over
                              sum_{r=1..12} 1/log2(r+1) = 5.0927 */
    acq_eval_free(&e);
}

static void metrics_negative_judgements_are_not_relevant_and_gain_nothing(void)
{
    /* a is judged -1 ("in the pool, not judged"), b 1. Ranking: a b. */
    acq_eval e = eval_of("q1 0 a -1\nq1 0 b 1\n", "q1 Q0 a 1 2.0 t\nq1 Q0 b 2 1.0 t\n");
    assert_values(e.queries[0].value,
                  0.5,     /* (1/2) / 1 */
                  0.5,
                  0.2, 0.1, 1.0, 1.0,
                  0.6309,  /* a adds no (negative) gain: (1/log2(3)) / 1 */
                  0.6309);
    acq_eval_free(&e);
}

static void metrics_which_queries_are_averaged(void)
{
    /* q1: judged, relevant a, retrieved first -> every measure at its best
     *     (P_5 1/5, P_10 1/10).
     * q2: judged but nothing relevant (b is 0) -> counted, every measure 0.
     * q3: judged, absent from the run -> not counted (trec_eval without -c).
     * q4: in the run, not judged -> not counted. */
    acq_eval e = eval_of("q1 0 a 1\nq2 0 b 0\nq3 0 c 1\n",
                         "q1 Q0 a 1 1.0 t\nq2 Q0 b 1 1.0 t\nq4 Q0 z 1 1.0 t\n");
    cr_assert_eq(e.num_q, 2);
    cr_assert_str_eq(e.queries[0].qid, "q1");
    cr_assert_str_eq(e.queries[1].qid, "q2");
    assert_values(e.queries[0].value, 1, 1, 0.2, 0.1, 1, 1, 1, 1);
    assert_values(e.queries[1].value, 0, 0, 0, 0, 0, 0, 0, 0);
    /* means over the two: half of q1's */
    assert_values(e.mean, 0.5, 0.5, 0.1, 0.05, 0.5, 0.5, 0.5, 0.5);
    acq_eval_free(&e);
}

static void metrics_means_over_several_queries(void)
{
    /* q1: R = {a, b}; ranking a(R) x b(R): AP (1 + 2/3)/2 = 0.8333, RR 1,
     *     P_5 2/5, recall 1, DCG 1 + 1/log2(4) = 1.5 over 1 + 1/log2(3) =
     *     1.6309 -> 0.9197.
     * q2: R = {c}; ranking y c(R): AP 1/2, RR 1/2, P_5 1/5, recall 1,
     *     nDCG 1/log2(3) = 0.6309.
     * means: map (0.8333 + 0.5)/2 = 0.6667, rr 0.75, P_5 0.3, P_10 0.15,
     *     recall 1, nDCG (0.9197 + 0.6309)/2 = 0.7753. */
    acq_eval e = eval_of("q1 0 a 1\nq1 0 b 1\nq2 0 c 1\n",
                         "q1 Q0 a 1 3 t\nq1 Q0 x 2 2 t\nq1 Q0 b 3 1 t\n"
                         "q2 Q0 y 1 2 t\nq2 Q0 c 2 1 t\n");
    cr_assert_eq(e.num_q, 2);
    assert_values(e.queries[0].value, 0.8333, 1, 0.4, 0.2, 1, 1, 0.9197, 0.9197);
    assert_values(e.mean, 0.6667, 0.75, 0.3, 0.15, 1, 1, 0.7753, 0.7753);
    acq_eval_free(&e);
}

static void metrics_recall_cutoffs_count_only_the_top_documents(void)
{
    /* R = {r}; r is at rank 101 behind 100 unjudged documents:
     * recall_100 0, recall_1000 1, AP 1/101 = 0.0099, RR 0.0099,
     * nDCG@10 0, nDCG@1000 1/log2(102) = 0.1499. */
    acq_buf run = {0};
    for (int i = 0; i < 100; i++)
        acq_buf_printf(&run, "q1 Q0 n%03d %d %d t\n", i, i + 1, 1000 - i);
    acq_buf_puts(&run, "q1 Q0 r 101 1 t\n");
    acq_eval e = eval_of("q1 0 r 1\n", acq_buf_cstr(&run));
    assert_values(e.queries[0].value, 0.0099, 0.0099, 0, 0, 0, 1, 0, 0.1499);
    acq_eval_free(&e);
    acq_buf_free(&run);
}

static void metrics_empty_run_evaluates_no_query(void)
{
    acq_eval e = eval_of("q1 0 a 1\n", "");
    cr_assert_eq(e.num_q, 0);
    assert_values(e.mean, 0, 0, 0, 0, 0, 0, 0, 0);
    acq_eval_free(&e);

    /* one query with no documents at all, computed directly */
    acq_qrels q = qrels_of("q1 0 a 1\n");
    double v[ACQ_METRIC_COUNT];
    acq_err err = {0};
    cr_assert_eq(acq_eval_query_compute(v, acq_qrels_find(&q, "q1"), NULL, 0, &err), ACQ_OK);
    assert_values(v, 0, 0, 0, 0, 0, 0, 0, 0);
    acq_qrels_free(&q);
}

static void metrics_duplicate_documents_are_refused(void)
{
    /* trec_eval stops on "duplicate docs"; so does the reader, naming the
     * line of the second occurrence. */
    acq_run r;
    acq_err err = {0};
    const char *text = "q1 Q0 a 1 2 t\nq1 Q0 b 2 1 t\nq2 Q0 a 1 1 t\nq1 Q0 a 3 0.5 t\n";
    cr_assert_eq(acq_run_parse(&r, "r.txt", text, strlen(text), &err), ACQ_EINPUT);
    cr_assert(starts_with(err.msg, "r.txt:4: "), "%s", err.msg);
    cr_assert(strstr(err.msg, "first at line 1") != NULL, "%s", err.msg);

    /* and the per-query function, given documents directly */
    acq_qrels q = qrels_of("q1 0 a 1\n");
    acq_run_doc docs[] = {{"a", 1.0}, {"b", 0.5}, {"a", 0.2}};
    double v[ACQ_METRIC_COUNT];
    acq_err err2 = {0};
    cr_assert_eq(acq_eval_query_compute(v, &q.queries[0], docs, 3, &err2), ACQ_EINPUT);
    acq_qrels_free(&q);
}

static void metrics_names_are_trec_evals(void)
{
    const char *want[] = {"map", "recip_rank", "P_5", "P_10", "recall_100", "recall_1000",
                          "ndcg_cut_10", "ndcg_cut_1000"};
    for (int m = 0; m < ACQ_METRIC_COUNT; m++)
        cr_assert_str_eq(acq_metric_name(m), want[m]);
}

/* ---- qrels ------------------------------------------------------------------ */

static void qrels_parses_sorted_with_comments_blanks_and_crlf(void)
{
    acq_qrels q = qrels_of("# judged by X\r\n\r\n10 0 d2 2\r\n2 0 d9 0\r\n10\t0\td1 1\r\n"
                           "  2 1 d1 -1  \n10 0 d3 0");
    cr_assert_eq(q.count, 2);
    cr_assert_str_eq(q.queries[0].qid, "10");   /* strcmp order: "10" < "2" */
    cr_assert_str_eq(q.queries[1].qid, "2");
    cr_assert_eq(q.queries[0].count, 3);
    cr_assert_eq(q.queries[0].num_rel, 2);
    cr_assert_eq(q.queries[1].num_rel, 0);
    const acq_judgment *j = acq_qrels_judgment(acq_qrels_find(&q, "10"), "d2");
    cr_assert_not_null(j);
    cr_assert_eq(j->rel, 2);
    cr_assert_eq(acq_qrels_judgment(acq_qrels_find(&q, "2"), "d1")->rel, -1);
    cr_assert_null(acq_qrels_judgment(acq_qrels_find(&q, "2"), "d2"));
    cr_assert_null(acq_qrels_find(&q, "3"));
    acq_qrels_free(&q);
}

static void qrels_malformed_lines_name_file_and_line(void)
{
    struct { const char *text; const char *prefix; const char *word; } bad[] = {
        {"1 0 a 1\n1 0 b\n", "q.txt:2: ", "4 fields"},
        {"1 0 a 1\n\n1 0 b 1 extra\n", "q.txt:3: ", "4 fields"},
        {"1 0 a x\n", "q.txt:1: ", "integer"},
        {"1 0 a 1.5\n", "q.txt:1: ", "integer"},
        {"1 0 a 99999999999\n", "q.txt:1: ", "integer"},
        {"1 0 a 1\n2 0 a 1\n1 0 a 0\n", "q.txt:3: ", "twice"},
        {"1 0 a 1\n1 0\0b 1\n", "q.txt:2: ", "NUL"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        acq_qrels q;
        acq_err err = {0};
        size_t len = strlen(bad[i].text);
        if (strstr(bad[i].word, "NUL"))
            len = 16; /* past the NUL */
        cr_assert_eq(acq_qrels_parse(&q, "q.txt", bad[i].text, len, &err), ACQ_EINPUT,
                     "case %zu", i);
        cr_assert(starts_with(err.msg, bad[i].prefix), "case %zu: %s", i, err.msg);
        cr_assert(strstr(err.msg, bad[i].word) != NULL, "case %zu: %s", i, err.msg);
        cr_assert_null(q.queries);
    }
}

static void qrels_missing_file_is_an_io_error(void)
{
    acq_qrels q;
    acq_err err = {0};
    cr_assert_eq(acq_qrels_read(&q, "/nonexistent/qrels.txt", &err), ACQ_EIO);
    cr_assert(strstr(err.msg, "/nonexistent/qrels.txt") != NULL, "%s", err.msg);
}

/* Skips the calling Test when a file of the shared data is not there. */
#define NEED_SHARED(path, rel)                                                             \
    do {                                                                                   \
        if (!test_shared(path, sizeof path, rel))                                          \
            cr_skip_test("%s is not there (shared test data, see tests/support.h)", path); \
    } while (0)

static void qrels_reads_the_cranfield_judgements(void)
{
    char path[4096];
    NEED_SHARED(path, "eval/cranfield/qrels.txt");
    acq_qrels q;
    acq_err err = {0};
    int rc = acq_qrels_read(&q, path, &err);
    cr_assert_eq(rc, ACQ_OK, "%s", err.msg);
    cr_assert_eq(q.count, 225);
    size_t n = 0;
    for (size_t i = 0; i < q.count; i++)
        n += q.queries[i].count;
    cr_assert_eq(n, 1837);
    acq_qrels_free(&q);
}

/* ---- runs ------------------------------------------------------------------- */

static void run_groups_and_ranks_like_trec_eval(void)
{
    acq_run r = run_of("# comment\n2 Q0 x 1 0.5 tagA\n\n1 Q0 b 7 3 tagA\r\n"
                       "1 Q0 a 1 3 tagA\n1 Q0 c 2 4e0 tagB\n1 Q0 d 3 -1 tagB\n");
    cr_assert_eq(r.count, 2);
    cr_assert_str_eq(r.tag, "tagB");
    const acq_run_query *q1 = acq_run_find(&r, "1");
    cr_assert_not_null(q1);
    cr_assert_eq(q1->count, 4);
    /* c (4), then the tie at 3 by docno descending: b, a; then d (-1) */
    const char *order[] = {"c", "b", "a", "d"};
    for (int i = 0; i < 4; i++)
        cr_assert_str_eq(q1->docs[i].docno, order[i]);
    assert_near(q1->docs[3].score, -1.0, "score");
    cr_assert_null(acq_run_find(&r, "3"));
    acq_run_free(&r);
}

static void run_malformed_lines_name_file_and_line(void)
{
    struct { const char *text; const char *prefix; const char *word; } bad[] = {
        {"1 Q0 a 1 2.0\n", "r.txt:1: ", "6 fields"},
        {"1 Q0 a 1 2.0 t\n\n# c\n1 Q0 b 2 1.0 t extra\n", "r.txt:4: ", "6 fields"},
        {"1 Q0 a 1 abc t\n", "r.txt:1: ", "score"},
        {"1 Q0 a 1 nan t\n", "r.txt:1: ", "score"},
        {"1 Q0 a 1 2.5x t\n", "r.txt:1: ", "score"},
        {"1 Q0 a one 2.5 t\n", "r.txt:1: ", "rank"},
        {"1 Q0 a 1 1 t\r\n1 Q0 a 2 1 t\r\n", "r.txt:2: ", "twice"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        acq_run r;
        acq_err err = {0};
        cr_assert_eq(acq_run_parse(&r, "r.txt", bad[i].text, strlen(bad[i].text), &err),
                     ACQ_EINPUT, "case %zu", i);
        cr_assert(starts_with(err.msg, bad[i].prefix), "case %zu: %s", i, err.msg);
        cr_assert(strstr(err.msg, bad[i].word) != NULL, "case %zu: %s", i, err.msg);
        cr_assert_null(r.queries);
    }
}

static void run_writer_is_deterministic_and_orders_ties_as_trec_eval(void)
{
    /* same set of (docno, score) pairs in two orders */
    acq_run_doc a[] = {{"d1", 2.0}, {"d3", 1.5}, {"d2", 2.0}, {"d10", 2.0}, {"d4", -0.0000001}};
    acq_run_doc b[] = {{"d4", -0.0000001}, {"d10", 2.0}, {"d2", 2.0}, {"d3", 1.5}, {"d1", 2.0}};
    acq_buf x = {0}, y = {0};
    acq_err err = {0};
    cr_assert_eq(acq_run_format_query(&x, "q7", a, 5, "acq", &err), ACQ_OK, "%s", err.msg);
    cr_assert_eq(acq_run_format_query(&y, "q7", b, 5, "acq", &err), ACQ_OK, "%s", err.msg);
    /* ties at 2.0 by docno descending (strcmp: d2 > d10 > d1); a tiny
     * negative score prints as 0, not -0 */
    const char *want = "q7 Q0 d2 1 2.000000 acq\n"
                       "q7 Q0 d10 2 2.000000 acq\n"
                       "q7 Q0 d1 3 2.000000 acq\n"
                       "q7 Q0 d3 4 1.500000 acq\n"
                       "q7 Q0 d4 5 0.000000 acq\n";
    cr_assert_str_eq(acq_buf_cstr(&x), want);
    cr_assert_str_eq(acq_buf_cstr(&y), want);
    acq_buf_free(&x);
    acq_buf_free(&y);
}

static void run_writer_treats_scores_that_print_alike_as_ties(void)
{
    /* 1.0000004 and 1.0000001 both print as 1.000000: trec_eval will see a
     * tie and put "b" before "a", so the writer does too. */
    acq_run_doc d[] = {{"a", 1.0000004}, {"b", 1.0000001}};
    acq_buf x = {0};
    acq_err err = {0};
    cr_assert_eq(acq_run_format_query(&x, "1", d, 2, "t", &err), ACQ_OK);
    cr_assert_str_eq(acq_buf_cstr(&x), "1 Q0 b 1 1.000000 t\n1 Q0 a 2 1.000000 t\n");
    acq_buf_free(&x);
}

static void run_writer_refuses_what_would_not_read_back(void)
{
    acq_buf x = {0};
    acq_run_doc dup[] = {{"a", 1}, {"a", 2}};
    acq_run_doc blank[] = {{"a b", 1}};
    acq_run_doc nan_score[] = {{"a", NAN}};
    acq_err e1 = {0}, e2 = {0}, e3 = {0}, e4 = {0}, e5 = {0};
    cr_assert_eq(acq_run_format_query(&x, "1", dup, 2, "t", &e1), ACQ_EARG);
    cr_assert_eq(acq_run_format_query(&x, "1", blank, 1, "t", &e2), ACQ_EARG);
    cr_assert_eq(acq_run_format_query(&x, "1", nan_score, 1, "t", &e3), ACQ_EARG);
    cr_assert_eq(acq_run_format_query(&x, "1 2", dup, 1, "t", &e4), ACQ_EARG);
    cr_assert_eq(acq_run_format_query(&x, "1", dup, 1, "", &e5), ACQ_EARG);
    cr_assert_eq(x.len, 0);
    acq_buf_free(&x);
}

static void run_written_file_reads_back_with_the_same_ranking(void)
{
    char *dir = test_tmpdir();
    cr_assert_not_null(dir);
    char path[4200];
    snprintf(path, sizeof path, "%s/out.run", dir);
    acq_run_doc d1[] = {{"x", 0.25}, {"y", 0.75}, {"z", 0.25}};
    acq_run_doc d2[] = {{"p", 3}};
    acq_run_query qs[] = {{"b", d1, 3}, {"a", d2, 1}};
    acq_run run = {qs, 2, NULL, NULL, NULL};
    acq_err err = {0};
    cr_assert_eq(acq_run_write(path, &run, "mytag", &err), ACQ_OK, "%s", err.msg);
    char *text = test_read_file(path, NULL);
    /* queries in the given order; ranks from 1 */
    cr_assert_str_eq(text, "b Q0 y 1 0.750000 mytag\nb Q0 z 2 0.250000 mytag\n"
                           "b Q0 x 3 0.250000 mytag\na Q0 p 1 3.000000 mytag\n");
    free(text);
    acq_run back;
    cr_assert_eq(acq_run_read(&back, path, &err), ACQ_OK, "%s", err.msg);
    const acq_run_query *q = acq_run_find(&back, "b");
    cr_assert_str_eq(q->docs[0].docno, "y");
    cr_assert_str_eq(q->docs[1].docno, "z");
    cr_assert_str_eq(q->docs[2].docno, "x");
    acq_run_free(&back);
    test_rmrf(dir);
    free(dir);
}

/* ---- topics ----------------------------------------------------------------- */

static acq_topics topics_of(const char *text, unsigned fields)
{
    acq_topics t;
    acq_err err = {0};
    int rc = acq_topics_parse(&t, "t.txt", text, strlen(text), fields, &err);
    cr_assert_eq(rc, ACQ_OK, "topics: %s", err.msg);
    return t;
}

static void topics_fail(const char *text, unsigned fields, const char *prefix,
                        const char *word)
{
    acq_topics t;
    acq_err err = {0};
    cr_assert_eq(acq_topics_parse(&t, "t.txt", text, strlen(text), fields, &err), ACQ_EINPUT,
                 "expected an error for %s", text);
    cr_assert(starts_with(err.msg, prefix), "%s", err.msg);
    cr_assert(strstr(err.msg, word) != NULL, "%s", err.msg);
    cr_assert_null(t.items);
}

static void topics_tab_separated_with_crlf_bom_and_blank_lines(void)
{
    acq_topics t = topics_of("\xEF\xBB\xBF" "1\twhat similarity laws .\r\n\r\n"
                             "  \r\n2\t  heat conduction\tin slabs  \r\n3 no tab here\n",
                             ACQ_TOPIC_TITLE);
    cr_assert_eq(t.count, 3);
    cr_assert_str_eq(t.items[0].qid, "1");
    cr_assert_str_eq(t.items[0].query, "what similarity laws .");
    cr_assert_str_eq(t.items[1].qid, "2");
    cr_assert_str_eq(t.items[1].query, "heat conduction\tin slabs");
    cr_assert_eq(t.items[1].line, 4);
    cr_assert_str_eq(t.items[2].qid, "3");
    cr_assert_str_eq(t.items[2].query, "no tab here");
    acq_topics_free(&t);
}

static void topics_tab_separated_errors_name_file_and_line(void)
{
    /* an empty query is no error: the topic is kept with query "" */
    acq_topics e = topics_of("1\tok\n2\t   \n7\n", ACQ_TOPIC_TITLE);
    cr_assert_eq(e.count, 3);
    cr_assert_str_eq(e.items[1].query, "");
    cr_assert_str_eq(e.items[2].qid, "7");
    cr_assert_str_eq(e.items[2].query, "");
    acq_topics_free(&e);
    topics_fail("1 2\tquery\n", ACQ_TOPIC_TITLE, "t.txt:1: ", "blanks");
    topics_fail("1\tok\n2\tfine\n1\tagain\n", ACQ_TOPIC_TITLE, "t.txt:3: ", "twice");
    /* an empty or blank query id, whatever the blanks before the TAB */
    topics_fail("1\tok\n\tno id\n", ACQ_TOPIC_TITLE, "t.txt:2: ", "query id before the TAB is empty");
    topics_fail("1\tok\n\n \t\tno id\r\n", ACQ_TOPIC_TITLE, "t.txt:3: ", "is empty");
    topics_fail("\v\f\tno id\n", ACQ_TOPIC_TITLE, "t.txt:1: ", "is empty");
}

/* Read from a file, the message names the file itself. */
static void topics_empty_qid_in_a_file_names_the_file(void)
{
    char *dir = test_tmpdir();
    cr_assert_not_null(dir);
    char path[4200];
    snprintf(path, sizeof path, "%s/topics.tsv", dir);
    cr_assert_eq(test_write_file(path, "101\tEuropol mandate\n\tPr\xc3\xbcm decisions\n"), 0);
    acq_topics t;
    acq_err err = {0};
    cr_assert_eq(acq_topics_read(&t, path, ACQ_TOPIC_TITLE, &err), ACQ_EINPUT);
    char want[4300];
    snprintf(want, sizeof want, "%s:2: ", path);
    cr_assert(starts_with(err.msg, want), "%s", err.msg);
    cr_assert_null(t.items);
    test_rmrf(dir);
    free(dir);
}

static void topics_reads_the_cranfield_topics(void)
{
    char path[4096];
    NEED_SHARED(path, "eval/cranfield/topics.tsv");
    acq_topics t;
    acq_err err = {0};
    int rc = acq_topics_read(&t, path, ACQ_TOPIC_TITLE, &err);
    cr_assert_eq(rc, ACQ_OK, "%s", err.msg);
    cr_assert_eq(t.count, 225);
    cr_assert_str_eq(t.items[224].qid, "225");
    acq_topics_free(&t);
}

/* Classic TREC topics as they come: unclosed tags, labels, ragged blanks,
 * CRLF, a missing <desc>, a closed </title>, a topic without </top>. */
static const char trec_topics[] =
    "<top>\r\n"
    "\r\n"
    "<num> Number: 301 \r\n"
    "<title> International Organized Crime \r\n"
    "\r\n"
    "<desc> Description: \r\n"
    "Identify organizations that participate in international criminal\r\n"
    "activity.\r\n"
    "\r\n"
    "<narr> Narrative: \r\n"
    "A relevant document must as a minimum identify the organization.\r\n"
    "\r\n"
    "</top>\r\n"
    "\r\n"
    "<TOP>\n"
    "<num>Number:302\n"
    "<title>Poliomyelitis   and\tPost-Polio</title>\n"
    "<narr>\n"
    "   Narrative:   Relevant documents discuss a < b cases.\n"
    "</TOP>\n"
    "<top>\n"
    "<num> Number: 303\n"
    "<title> Hubble Telescope Achievements\n"
    "<desc> Description:\n"
    "Identify positive accomplishments.\n";

static void topics_classic_trec_format_with_field_selection(void)
{
    acq_topics t = topics_of(trec_topics, ACQ_TOPIC_TITLE);
    cr_assert_eq(t.count, 3);
    cr_assert_str_eq(t.items[0].qid, "301");
    cr_assert_str_eq(t.items[0].query, "International Organized Crime");
    cr_assert_eq(t.items[0].line, 1);
    cr_assert_str_eq(t.items[1].qid, "302");
    cr_assert_str_eq(t.items[1].query, "Poliomyelitis and Post-Polio");
    cr_assert_eq(t.items[1].line, 15);
    cr_assert_str_eq(t.items[2].qid, "303");
    cr_assert_str_eq(t.items[2].query, "Hubble Telescope Achievements");
    acq_topics_free(&t);

    t = topics_of(trec_topics, ACQ_TOPIC_TITLE | ACQ_TOPIC_DESC);
    cr_assert_str_eq(t.items[0].query,
                     "International Organized Crime Identify organizations that participate "
                     "in international criminal activity.");
    cr_assert_str_eq(t.items[1].query, "Poliomyelitis and Post-Polio"); /* no <desc> */
    cr_assert_str_eq(t.items[2].query,
                     "Hubble Telescope Achievements Identify positive accomplishments.");
    acq_topics_free(&t);

    t = topics_of(trec_topics, ACQ_TOPIC_NARR | ACQ_TOPIC_TITLE);
    cr_assert_str_eq(t.items[1].query,
                     "Poliomyelitis and Post-Polio Relevant documents discuss a < b cases.");
    acq_topics_free(&t);
}

static void topics_classic_trec_format_errors_name_file_and_line(void)
{
    /* only narr selected, and topic 303 has none: kept, empty (acquis batch
     * warns and writes no lines for it) */
    acq_topics t = topics_of(trec_topics, ACQ_TOPIC_NARR);
    size_t empty = 0;
    for (size_t i = 0; i < t.count; i++)
        if (t.items[i].query[0] == '\0') {
            empty++;
            cr_assert_eq(t.items[i].line, 21);
        }
    cr_assert_eq(empty, 1);
    acq_topics_free(&t);
    topics_fail("<top>\n<title> no number\n</top>\n", ACQ_TOPIC_TITLE, "t.txt:1: ", "no number");
    topics_fail("\n\n<top><num> Number: </num><title>x</top>\n", ACQ_TOPIC_TITLE, "t.txt:3: ",
                "no number");
    topics_fail("<top>\n<num> \t\r\n \v</num><title>x</top>\n", ACQ_TOPIC_TITLE, "t.txt:1: ",
                "no number");
    topics_fail("<top><num>7<title>a</top>\n<top><num>7<title>b</top>\n", ACQ_TOPIC_TITLE,
                "t.txt:2: ", "twice");
}

static void topics_field_lists(void)
{
    unsigned f = 0;
    cr_assert_eq(acq_topic_fields_parse(&f, "title"), ACQ_OK);
    cr_assert_eq(f, ACQ_TOPIC_TITLE);
    cr_assert_eq(acq_topic_fields_parse(&f, "title,desc"), ACQ_OK);
    cr_assert_eq(f, ACQ_TOPIC_TITLE | ACQ_TOPIC_DESC);
    cr_assert_eq(acq_topic_fields_parse(&f, "desc+narr"), ACQ_OK);
    cr_assert_eq(f, ACQ_TOPIC_DESC | ACQ_TOPIC_NARR);
    cr_assert_eq(acq_topic_fields_parse(&f, "all"), ACQ_OK);
    cr_assert_eq(f, ACQ_TOPIC_ALL);
    cr_assert_eq(acq_topic_fields_parse(&f, "titel"), ACQ_EARG);
    cr_assert_eq(acq_topic_fields_parse(&f, ""), ACQ_EARG);
}

/* ---- output ----------------------------------------------------------------- */

static const char two_q_qrels[] = "q1 0 a 1\nq1 0 b 1\nq2 0 c 1\n";
static const char two_q_run[] = "q1 Q0 a 1 3 t\nq1 Q0 x 2 2 t\nq1 Q0 b 3 1 t\n"
                                "q2 Q0 y 1 2 t\nq2 Q0 c 2 1 t\n";

static void report_text_layout_is_trec_evals(void)
{
    acq_eval e = eval_of(two_q_qrels, two_q_run);
    acq_buf b = {0};
    cr_assert_eq(acq_eval_format_text(&b, &e, 0), ACQ_OK);
    /* figures from metrics.means_over_several_queries */
    cr_assert_str_eq(acq_buf_cstr(&b),
                     "num_q                 \tall\t2\n"
                     "map                   \tall\t0.6667\n"
                     "recip_rank            \tall\t0.7500\n"
                     "P_5                   \tall\t0.3000\n"
                     "P_10                  \tall\t0.1500\n"
                     "recall_100            \tall\t1.0000\n"
                     "recall_1000           \tall\t1.0000\n"
                     "ndcg_cut_10           \tall\t0.7753\n"
                     "ndcg_cut_1000         \tall\t0.7753\n");
    acq_buf_reset(&b);
    cr_assert_eq(acq_eval_format_text(&b, &e, 1), ACQ_OK);
    const char *s = acq_buf_cstr(&b);
    cr_assert(starts_with(s, "map                   \tq1\t0.8333\n"
                             "recip_rank            \tq1\t1.0000\n"), "%s", s);
    cr_assert(strstr(s, "ndcg_cut_1000         \tq2\t0.6309\nnum_q                 \tall\t2\n"),
              "%s", s);
    acq_buf_free(&b);
    acq_eval_free(&e);
}

static void report_json_form(void)
{
    acq_eval e = eval_of(two_q_qrels, two_q_run);
    acq_buf b = {0};
    cr_assert_eq(acq_eval_format_json(&b, &e, 0), ACQ_OK);
    cr_assert_str_eq(acq_buf_cstr(&b),
                     "{\"num_q\":2,\"map\":0.6667,\"recip_rank\":0.7500,\"P_5\":0.3000,"
                     "\"P_10\":0.1500,\"recall_100\":1.0000,\"recall_1000\":1.0000,"
                     "\"ndcg_cut_10\":0.7753,\"ndcg_cut_1000\":0.7753}\n");
    acq_buf_reset(&b);
    cr_assert_eq(acq_eval_format_json(&b, &e, 1), ACQ_OK);
    const char *s = acq_buf_cstr(&b);
    cr_assert(strstr(s, ",\"per_query\":{\"q1\":{\"map\":0.8333,") != NULL, "%s", s);
    cr_assert(strstr(s, "},\"q2\":{\"map\":0.5000,") != NULL, "%s", s);
    cr_assert(strstr(s, "\"ndcg_cut_1000\":0.6309}}}\n") != NULL, "%s", s);
    acq_buf_free(&b);
    acq_eval_free(&e);

    /* qids are escaped */
    e = eval_of("q\"1\\ 0 a 1\n", "q\"1\\ Q0 a 1 1 t\n");
    cr_assert_eq(acq_eval_format_json(&b, &e, 1), ACQ_OK);
    cr_assert(strstr(acq_buf_cstr(&b), "\"per_query\":{\"q\\\"1\\\\\":{") != NULL, "%s",
              acq_buf_cstr(&b));
    acq_buf_free(&b);
    acq_eval_free(&e);
}

/* ---- command line ------------------------------------------------------------ */

/* Runs cli_eval with stdout and stderr captured (through files in dir)
 * into *out and *err. */
static const char *cli_dir;
static int run_cli(int argc, char **argv, char **out, char **err)
{
    char po[4200], pe[4200];
    snprintf(po, sizeof po, "%s/stdout", cli_dir);
    snprintf(pe, sizeof pe, "%s/stderr", cli_dir);
    fflush(stdout);
    fflush(stderr);
    int saved_out = dup(1), saved_err = dup(2);
    FILE *fo = fopen(po, "w"), *fe = fopen(pe, "w");
    cr_assert(fo && fe);
    dup2(fileno(fo), 1);
    dup2(fileno(fe), 2);
    int rc = cli_eval(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    fclose(fo);
    fclose(fe);
    *out = test_read_file(po, NULL);
    *err = test_read_file(pe, NULL);
    return rc;
}

static void cli_prints_figures_and_reports_errors(void)
{
    char *dir = test_tmpdir();
    cr_assert_not_null(dir);
    cli_dir = dir;
    char qrels[4200], run[4200], bad[4200], nothing[4200];
    snprintf(qrels, sizeof qrels, "%s/qrels", dir);
    snprintf(run, sizeof run, "%s/run", dir);
    snprintf(bad, sizeof bad, "%s/bad.run", dir);
    snprintf(nothing, sizeof nothing, "%s/empty.run", dir);
    cr_assert_eq(test_write_file(qrels, two_q_qrels), 0);
    cr_assert_eq(test_write_file(run, two_q_run), 0);
    cr_assert_eq(test_write_file(bad, "q1 Q0 a 1 3 t\nq1 Q0 b 2\n"), 0);
    cr_assert_eq(test_write_file(nothing, ""), 0);
    char *out, *err;

    char *ok[] = {"eval", qrels, run, NULL};
    cr_assert_eq(run_cli(3, ok, &out, &err), 0, "%s", err);
    cr_assert(starts_with(out, "num_q                 \tall\t2\nmap                   \tall\t0.6667\n"),
              "%s", out);
    cr_assert_str_eq(err, "");
    free(out);
    free(err);

    char *json[] = {"eval", "--json", qrels, "--per-query", run, NULL};
    cr_assert_eq(run_cli(5, json, &out, &err), 0, "%s", err);
    cr_assert(starts_with(out, "{\"num_q\":2,\"map\":0.6667,"), "%s", out);
    cr_assert(strstr(out, "\"per_query\":{\"q1\":") != NULL, "%s", out);
    free(out);
    free(err);

    /* malformed run: exit 2, "acquis eval: FILE:LINE: message" */
    char *malformed[] = {"eval", qrels, bad, NULL};
    cr_assert_eq(run_cli(3, malformed, &out, &err), 2);
    char want[4300];
    snprintf(want, sizeof want, "acquis eval: %s:2: ", bad);
    cr_assert(starts_with(err, want), "%s", err);
    cr_assert_str_eq(out, "");
    free(out);
    free(err);

    /* an empty run has no query to evaluate: trec_eval refuses it too */
    char *empty[] = {"eval", qrels, nothing, NULL};
    cr_assert_eq(run_cli(3, empty, &out, &err), 2);
    cr_assert(starts_with(err, "acquis eval: "), "%s", err);
    free(out);
    free(err);

    char *missing[] = {"eval", "/nonexistent/q", run, NULL};
    cr_assert_eq(run_cli(3, missing, &out, &err), 2);
    cr_assert(strstr(err, "/nonexistent/q") != NULL, "%s", err);
    free(out);
    free(err);

    char *few[] = {"eval", qrels, NULL};
    cr_assert_eq(run_cli(2, few, &out, &err), 2);
    free(out);
    free(err);

    char *unknown[] = {"eval", "--bogus", qrels, run, NULL};
    cr_assert_eq(run_cli(4, unknown, &out, &err), 2);
    cr_assert(strstr(err, "--bogus") != NULL, "%s", err);
    free(out);
    free(err);

    char *help[] = {"eval", "--help", NULL};
    cr_assert_eq(run_cli(2, help, &out, &err), 0);
    cr_assert(starts_with(out, "Usage: acquis eval QRELS RUN"), "%s", out);
    cr_assert(strstr(out, "Example") != NULL);
    free(out);
    free(err);

    test_rmrf(dir);
    free(dir);
}

/* ---- robustness --------------------------------------------------------------- */

static void robustness_allocation_failures_are_reported_not_crashes(void)
{
    for (long n = 1; n < 120; n++) {
        acq_err err = {0};
        acq_alloc_fail_after(n);
        acq_qrels q;
        acq_run r;
        acq_topics t;
        acq_eval e;
        acq_buf b = {0};
        int rc = acq_qrels_parse(&q, "q", two_q_qrels, strlen(two_q_qrels), &err);
        if (rc == ACQ_OK) {
            rc = acq_run_parse(&r, "r", two_q_run, strlen(two_q_run), &err);
            if (rc == ACQ_OK) {
                rc = acq_eval_compute(&e, &q, &r, &err);
                if (rc == ACQ_OK) {
                    rc = acq_eval_format_json(&b, &e, 1);
                    acq_eval_free(&e);
                }
                acq_run_free(&r);
            }
            acq_qrels_free(&q);
        }
        cr_assert(rc == ACQ_OK || rc == ACQ_ENOMEM, "n=%ld rc=%d", n, rc);
        acq_buf_free(&b);
        acq_err_clear(&err);
        int rt = acq_topics_parse(&t, "t", trec_topics, strlen(trec_topics), ACQ_TOPIC_ALL, &err);
        cr_assert(rt == ACQ_OK || rt == ACQ_ENOMEM, "n=%ld rt=%d", n, rt);
        if (rt == ACQ_OK)
            acq_topics_free(&t);
        acq_alloc_fail_after(0);
    }
}

static void robustness_mangled_inputs_never_crash(void)
{
    /* Mutations of valid files: every outcome is fine but a crash (ASan
     * builds catch memory errors). */
    const char *seeds[] = {two_q_qrels, two_q_run, trec_topics, "1\tq\n2\tr\n"};
    unsigned long x = 12345;
    char buf[2048];
    for (int round = 0; round < 3000; round++) {
        const char *s = seeds[round % 4];
        size_t len = strlen(s);
        memcpy(buf, s, len);
        for (int k = 0; k < 1 + round % 7; k++) {
            x = x * 6364136223846793005ul + 1442695040888963407ul;
            size_t at = (size_t)(x >> 33) % len;
            static const char pool[] = " \t\n\r<>/#0-9.eQabtopnum\"\\\x80\xff";
            buf[at] = pool[(x >> 17) % (sizeof pool - 1)];
            if ((x >> 40) % 11 == 0)
                len = at + 1;
        }
        acq_err err = {0};
        acq_qrels q;
        acq_run r;
        acq_topics t;
        if (acq_qrels_parse(&q, "q", buf, len, &err) == ACQ_OK) {
            acq_eval e;
            if (acq_run_parse(&r, "r", buf, len, &err) == ACQ_OK) {
                if (acq_eval_compute(&e, &q, &r, &err) == ACQ_OK)
                    acq_eval_free(&e);
                acq_run_free(&r);
            }
            acq_qrels_free(&q);
        }
        acq_err_clear(&err);
        if (acq_run_parse(&r, "r", buf, len, &err) == ACQ_OK)
            acq_run_free(&r);
        acq_err_clear(&err);
        if (acq_topics_parse(&t, "t", buf, len, ACQ_TOPIC_ALL, &err) == ACQ_OK) {
            /* what eval.h promises of every topic it returns */
            for (size_t i = 0; i < t.count; i++) {
                const char *q = t.items[i].qid;
                cr_assert(q[0] != '\0' && strcspn(q, " \t\r\n\v\f") == strlen(q),
                          "round %d: topic %zu has the qid \"%s\"", round, i, q);
                cr_assert_not_null(t.items[i].query, "round %d: topic %zu", round, i); /* "" allowed */
            }
            acq_topics_free(&t);
        }
    }
}

/* ---- the tests: each runs the checks above (one process per Test keeps the
 * file fast) ------------------------------------------------------------- */

Test(metrics, hand_computed_values)
{
    metrics_binary_relevance();
    metrics_ties_are_broken_by_docno_descending();
    metrics_graded_relevance_ndcg_uses_linear_gains();
    metrics_ndcg_cutoff_truncates_the_ideal_too();
    metrics_negative_judgements_are_not_relevant_and_gain_nothing();
    metrics_means_over_several_queries();
    metrics_recall_cutoffs_count_only_the_top_documents();
    metrics_names_are_trec_evals();
}

Test(metrics, which_queries_count)
{
    metrics_which_queries_are_averaged();
    metrics_empty_run_evaluates_no_query();
    metrics_duplicate_documents_are_refused();
}

Test(qrels, parsing_and_errors)
{
    qrels_parses_sorted_with_comments_blanks_and_crlf();
    qrels_malformed_lines_name_file_and_line();
    qrels_missing_file_is_an_io_error();
}

/* Apart, so that without ../shared only these skip. */
Test(qrels, cranfield_judgements)
{
    qrels_reads_the_cranfield_judgements();
}

Test(run, parsing_and_errors)
{
    run_groups_and_ranks_like_trec_eval();
    run_malformed_lines_name_file_and_line();
}

Test(run, writing)
{
    run_writer_is_deterministic_and_orders_ties_as_trec_eval();
    run_writer_treats_scores_that_print_alike_as_ties();
    run_writer_refuses_what_would_not_read_back();
    run_written_file_reads_back_with_the_same_ranking();
}

Test(topics, tab_separated)
{
    topics_tab_separated_with_crlf_bom_and_blank_lines();
    topics_tab_separated_errors_name_file_and_line();
    topics_empty_qid_in_a_file_names_the_file();
}

Test(topics, cranfield_topics)
{
    topics_reads_the_cranfield_topics();
}

Test(topics, classic_trec)
{
    topics_classic_trec_format_with_field_selection();
    topics_classic_trec_format_errors_name_file_and_line();
    topics_field_lists();
}

Test(report, text_and_json)
{
    report_text_layout_is_trec_evals();
    report_json_form();
}

Test(cli, cli_eval)
{
    cli_prints_figures_and_reports_errors();
}

Test(robustness, no_crash)
{
    robustness_allocation_failures_are_reported_not_crashes();
    robustness_mangled_inputs_never_crash();
}
