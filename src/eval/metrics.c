/* metrics.c: trec_eval 9's measures for one query and their means over a
 * run. Definitions follow trec_eval's m_map.c, m_recip_rank.c, m_P.c,
 * m_recall.c and m_ndcg_cut.c (see eval.h for the rules); sums are taken in
 * the same order as there so that the figures agree to the last digit
 * printed. */
#include "eval/eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"

static const char *const metric_names[ACQ_METRIC_COUNT] = {
    "map", "recip_rank", "P_5", "P_10", "recall_100", "recall_1000",
    "ndcg_cut_10", "ndcg_cut_1000",
};

const char *acq_metric_name(int metric)
{
    if (metric < 0 || metric >= ACQ_METRIC_COUNT)
        return "?";
    return metric_names[metric];
}

static int cmp_docno(const void *a, const void *b)
{
    return strcmp(((const acq_run_doc *)a)->docno, ((const acq_run_doc *)b)->docno);
}

static int cmp_int_desc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x < y) - (x > y);
}

/* DCG of the first `cutoff` gains of a list, trec_eval's way: rank r (from
 * 1) contributes gain / log2(r + 1), non-positive gains contribute nothing. */
static double dcg(const int *gain, size_t n, size_t cutoff)
{
    double sum = 0.0;
    for (size_t i = 0; i < n && i < cutoff; i++)
        if (gain[i] > 0)
            sum += (double)gain[i] / log2((double)(i + 2));
    return sum;
}

int acq_eval_query_compute(double value[ACQ_METRIC_COUNT],
                           const acq_qrels_query *judged,
                           const acq_run_doc *docs, size_t n, acq_err *err)
{
    for (int m = 0; m < ACQ_METRIC_COUNT; m++)
        value[m] = 0.0;
    if (docs == NULL && n > 0)
        return acq_err_set(err, ACQ_EARG, "acq_eval_query_compute: NULL documents");

    size_t nideal = judged ? judged->num_rel : 0;
    acq_run_doc *ranked = acq_malloc((n ? n : 1) * sizeof *ranked);
    int *rel = acq_malloc((n ? n : 1) * sizeof *rel);
    int *ideal = acq_malloc((nideal ? nideal : 1) * sizeof *ideal);
    if (ranked == NULL || rel == NULL || ideal == NULL) {
        acq_free(ranked);
        acq_free(rel);
        acq_free(ideal);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory evaluating a query");
    }
    if (n)
        memcpy(ranked, docs, n * sizeof *ranked);

    /* trec_eval refuses a document retrieved twice for one query. */
    int rc = ACQ_OK;
    qsort(ranked, n, sizeof *ranked, cmp_docno);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(ranked[i].docno, ranked[i - 1].docno) == 0) {
            rc = acq_err_set(err, ACQ_EINPUT, "query %.100s: document %.100s retrieved twice",
                             judged ? judged->qid : "?", ranked[i].docno);
            break;
        }
    }
    if (rc != ACQ_OK) {
        acq_free(ranked);
        acq_free(rel);
        acq_free(ideal);
        return rc;
    }
    acq_run_sort(ranked, n);

    /* Relevance of each rank; -1 for documents nobody judged. Negative
     * judgements ("unjudged, in the pool") stay negative: not relevant, no
     * gain. */
    for (size_t i = 0; i < n; i++) {
        const acq_judgment *j = acq_qrels_judgment(judged, ranked[i].docno);
        rel[i] = j ? j->rel : -1;
    }
    size_t k = 0;
    for (size_t i = 0; judged && i < judged->count; i++)
        if (judged->judged[i].rel >= 1)
            ideal[k++] = judged->judged[i].rel;
    qsort(ideal, nideal, sizeof *ideal, cmp_int_desc);

    size_t num_rel = nideal;
    size_t rel_so_far = 0, at5 = 0, at10 = 0, at100 = 0, at1000 = 0;
    double ap_sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (rel[i] < 1)
            continue;
        rel_so_far++;
        ap_sum += (double)rel_so_far / (double)(i + 1);
        if (rel_so_far == 1)
            value[ACQ_M_RECIP_RANK] = 1.0 / (double)(i + 1);
        at5 += i < 5;
        at10 += i < 10;
        at100 += i < 100;
        at1000 += i < 1000;
    }
    if (rel_so_far > 0)
        value[ACQ_M_MAP] = ap_sum / (double)num_rel;
    value[ACQ_M_P_5] = (double)at5 / 5.0;
    value[ACQ_M_P_10] = (double)at10 / 10.0;
    if (num_rel > 0) {
        value[ACQ_M_RECALL_100] = (double)at100 / (double)num_rel;
        value[ACQ_M_RECALL_1000] = (double)at1000 / (double)num_rel;
    }
    static const size_t cut[2] = {10, 1000};
    static const int slot[2] = {ACQ_M_NDCG_CUT_10, ACQ_M_NDCG_CUT_1000};
    for (int c = 0; c < 2; c++) {
        double got = dcg(rel, n, cut[c]);
        double best = dcg(ideal, nideal, cut[c]);
        /* trec_eval leaves the raw DCG when the ideal is 0; it is 0 too. */
        value[slot[c]] = best > 0.0 ? got / best : got;
    }

    acq_free(ranked);
    acq_free(rel);
    acq_free(ideal);
    return ACQ_OK;
}

int acq_eval_compute(acq_eval *out, const acq_qrels *qrels, const acq_run *run,
                     acq_err *err)
{
    return acq_eval_compute_complete(out, qrels, run, 0, err);
}

int acq_eval_compute_complete(acq_eval *out, const acq_qrels *qrels, const acq_run *run, int complete,
                              acq_err *err)
{
    memset(out, 0, sizeof *out);
    if (qrels == NULL || run == NULL)
        return acq_err_set(err, ACQ_EARG, "acq_eval_compute: NULL argument");
    /* trec_eval walks the judged queries in qid order and keeps those the
     * run has: the means add the queries up in that order. */
    size_t n = 0;
    for (size_t i = 0; i < qrels->count; i++)
        n += complete || acq_run_find(run, qrels->queries[i].qid) != NULL;
    out->queries = acq_calloc(n ? n : 1, sizeof *out->queries);
    if (out->queries == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory evaluating a run");

    double sum[ACQ_METRIC_COUNT] = {0};
    size_t q = 0;
    for (size_t i = 0; i < qrels->count; i++) {
        const acq_qrels_query *jq = &qrels->queries[i];
        const acq_run_query *rq = acq_run_find(run, jq->qid);
        if (rq == NULL && !complete)
            continue;
        acq_eval_query *eq = &out->queries[q++];
        eq->qid = jq->qid;
        /* -c: a judged query missing from the run is one that retrieved
         * nothing, every measure 0, as trec_eval -c counts it. */
        int rc = acq_eval_query_compute(eq->value, jq, rq ? rq->docs : NULL, rq ? rq->count : 0, err);
        if (rc != ACQ_OK) {
            acq_eval_free(out);
            return rc;
        }
        for (int m = 0; m < ACQ_METRIC_COUNT; m++)
            sum[m] += eq->value[m];
    }
    out->num_q = q;
    for (int m = 0; m < ACQ_METRIC_COUNT; m++)
        out->mean[m] = q ? sum[m] / (double)q : 0.0;
    return ACQ_OK;
}

void acq_eval_free(acq_eval *e)
{
    if (e == NULL)
        return;
    acq_free(e->queries);
    memset(e, 0, sizeof *e);
}
