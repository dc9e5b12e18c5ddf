/* test_eval_api.c: the public evaluation API (acq_topic_list_*, acq_evaluate,
 * acq_measure_*, acq_evaluation_*): topics and runs given in memory or as
 * files, figures worked out by hand, and every error a caller can meet. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "support.h"

#define EPS 1e-9

Test(topics, tab_separated_and_trec_in_memory)
{
    const char *tsv = "1\tpolice cooperation\n\n2\tPrüm decision\n";
    acq_topic_list *t = NULL;
    char msg[512] = "";
    cr_assert_eq(acq_topic_list_load(&t, "t.tsv", tsv, strlen(tsv), NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_topic_list_count(t), 2);
    cr_assert_str_eq(acq_topic_list_qid(t, 1), "2");
    cr_assert_str_eq(acq_topic_list_query(t, 1), "Prüm decision");
    cr_assert_eq(acq_topic_list_line(t, 1), 3);
    cr_assert_null(acq_topic_list_qid(t, 2));
    cr_assert_null(acq_topic_list_query(t, 2));
    acq_topic_list_free(t);

    const char *trec = "<top>\n<num> Number: 301\n<title> europol\n<desc> Description:\nagency data\n</top>\n";
    cr_assert_eq(acq_topic_list_load(&t, "t.trec", trec, strlen(trec), "title,desc", msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_topic_list_count(t), 1);
    cr_assert_str_eq(acq_topic_list_qid(t, 0), "301");
    cr_assert_str_eq(acq_topic_list_query(t, 0), "europol agency data");
    acq_topic_list_free(t);
    acq_topic_list_free(NULL);
}

Test(topics, errors)
{
    acq_topic_list *t = (acq_topic_list *)1;
    char msg[512] = "";
    const char *dup = "1\ta\n1\tb\n";
    cr_assert_eq(acq_topic_list_load(&t, "d.tsv", dup, strlen(dup), NULL, msg, sizeof msg), ACQ_EINPUT);
    cr_assert_null(t);
    cr_assert(strstr(msg, "d.tsv:2") != NULL, "%s", msg);
    cr_assert_eq(acq_topic_list_load(&t, "d.tsv", dup, strlen(dup), "titel", msg, sizeof msg), ACQ_EARG);
    cr_assert(strstr(msg, "title, desc") != NULL, "%s", msg);
    cr_assert_eq(acq_topic_list_load(&t, "/nonexistent/topics.tsv", NULL, 0, NULL, msg, sizeof msg), ACQ_EIO);
    cr_assert(strstr(msg, "/nonexistent/topics.tsv") != NULL, "%s", msg);
    cr_assert_eq(acq_topic_list_load(NULL, "x", "", 0, NULL, msg, sizeof msg), ACQ_EARG);
}

static const char QRELS[] = "1 0 a 1\n1 0 b 0\n2 0 c 2\n3 0 z 1\n";
/* Query 1: a (R) first: AP 1, RR 1, P@5 1/5. Query 2: d, then c (R): AP 1/2,
 * RR 1/2. Query 4 has no judgements and does not count; 3 is not in the run. */
static const char RUN[] = "1 Q0 a 1 2.0 t\n1 Q0 b 2 1.0 t\n2 Q0 d 1 3 t\n2 Q0 c 2 2 t\n4 Q0 a 1 1 t\n";

Test(evaluate, figures_by_hand)
{
    acq_evaluation *e = NULL;
    char msg[512] = "";
    cr_assert_eq(acq_evaluate(&e, "q.txt", QRELS, strlen(QRELS), "r.run", RUN, strlen(RUN), msg, sizeof msg), ACQ_OK,
                 "%s", msg);
    cr_assert_eq(acq_evaluation_queries(e), 2);
    cr_assert_str_eq(acq_evaluation_qid(e, 0), "1");
    cr_assert_str_eq(acq_evaluation_qid(e, 1), "2");
    cr_assert_null(acq_evaluation_qid(e, 2));
    int map = -1, rr = -1, p5 = -1;
    cr_assert_eq(acq_measure_count(), 8);
    for (int m = 0; m < acq_measure_count(); m++) {
        const char *n = acq_measure_name(m);
        cr_assert_not_null(n);
        if (strcmp(n, "map") == 0) map = m;
        if (strcmp(n, "recip_rank") == 0) rr = m;
        if (strcmp(n, "P_5") == 0) p5 = m;
    }
    cr_assert_null(acq_measure_name(8));
    cr_assert_null(acq_measure_name(-1));
    cr_assert(map >= 0 && rr >= 0 && p5 >= 0);
    cr_assert_float_eq(acq_evaluation_value(e, 0, map), 1.0, EPS);
    cr_assert_float_eq(acq_evaluation_value(e, 1, map), 0.5, EPS);
    cr_assert_float_eq(acq_evaluation_value(e, 2, map), 0.75, EPS);
    cr_assert_float_eq(acq_evaluation_value(e, 2, rr), 0.75, EPS);
    cr_assert_float_eq(acq_evaluation_value(e, 2, p5), 0.2, EPS);
    cr_assert(isnan(acq_evaluation_value(e, 3, map)));
    cr_assert(isnan(acq_evaluation_value(e, 0, 8)));
    acq_evaluation_free(e);
    acq_evaluation_free(NULL);
}

Test(evaluate, files_and_errors)
{
    char *dir = test_tmpdir();
    char qp[512], rp[512];
    snprintf(qp, sizeof qp, "%s/qrels.txt", dir);
    snprintf(rp, sizeof rp, "%s/a.run", dir);
    cr_assert_eq(test_write_file(qp, QRELS), 0);
    cr_assert_eq(test_write_file(rp, RUN), 0);
    acq_evaluation *e = NULL;
    char msg[512] = "";
    cr_assert_eq(acq_evaluate(&e, qp, NULL, 0, rp, NULL, 0, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_float_eq(acq_evaluation_value(e, acq_evaluation_queries(e), 0), 0.75, EPS);
    acq_evaluation_free(e);

    const char *bad = "1 Q0 a 1 2.0 t\n1 Q0 b two 1.0 t\n";
    e = (acq_evaluation *)1;
    cr_assert_eq(acq_evaluate(&e, "q.txt", QRELS, strlen(QRELS), "bad.run", bad, strlen(bad), msg, sizeof msg),
                 ACQ_EINPUT);
    cr_assert_null(e);
    cr_assert(strstr(msg, "bad.run:2") != NULL, "%s", msg);
    const char *unjudged = "9 Q0 a 1 2.0 t\n";
    cr_assert_eq(acq_evaluate(&e, "q.txt", QRELS, strlen(QRELS), "u.run", unjudged, strlen(unjudged), msg, sizeof msg),
                 ACQ_EINPUT);
    cr_assert(strstr(msg, "no query of the run has judgements") != NULL, "%s", msg);
    snprintf(qp, sizeof qp, "%s/missing-qrels.txt", dir);
    cr_assert_eq(acq_evaluate(&e, qp, NULL, 0, rp, NULL, 0, msg, sizeof msg), ACQ_EIO);
    cr_assert(strstr(msg, "missing-qrels.txt") != NULL, "%s", msg);
    cr_assert_eq(acq_evaluate(NULL, "q", "", 0, "r", "", 0, msg, sizeof msg), ACQ_EARG);
    test_rmrf(dir);
    free(dir);
}

/* acq_evaluate_complete (acquis eval -c): query 3 is judged but not in the
 * run and counts with 0; query 4 (unjudged) still does not count. */
Test(evaluate, complete_counts_judged_queries_missing_from_the_run)
{
    acq_evaluation *e = NULL;
    char msg[512] = "";
    cr_assert_eq(acq_evaluate_complete(&e, "q.txt", QRELS, strlen(QRELS), "r.run", RUN, strlen(RUN), 1, msg,
                                       sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_evaluation_queries(e), 3);
    cr_assert_str_eq(acq_evaluation_qid(e, 2), "3");
    cr_assert_float_eq(acq_evaluation_value(e, 2, 0), 0.0, EPS);         /* map of query 3 */
    cr_assert_float_eq(acq_evaluation_value(e, 3, 0), (1.0 + 0.5) / 3, EPS); /* the mean over 3 */
    acq_evaluation_free(e);
    cr_assert_eq(acq_evaluate_complete(&e, "q.txt", QRELS, strlen(QRELS), "r.run", RUN, strlen(RUN), 0, msg,
                                       sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(acq_evaluation_queries(e), 2);
    cr_assert_float_eq(acq_evaluation_value(e, 2, 0), (1.0 + 0.5) / 2, EPS);
    acq_evaluation_free(e);
}
