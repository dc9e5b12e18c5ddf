/* fuse.c: rank fusion of TREC runs (see eval.h): reciprocal rank fusion
 * and CombSUM over min-max normalised scores. The fused run points into
 * the input runs' text (free it first); its documents are in trec_eval's
 * order, so the fusion depends only on what the runs hold, never on the
 * order of their lines. */
#include "eval/eval.h"

#include "common/alloc.h"

#include <stdlib.h>
#include <string.h>

static int cmp_doc(const void *a, const void *b)
{
    return strcmp(((const acq_run_doc *)a)->docno, ((const acq_run_doc *)b)->docno);
}

/* One run's contribution for each of its documents of query q. */
static size_t contribute(const acq_run_query *q, int method, double k, acq_run_doc *out)
{
    double lo = 0, hi = 0;
    for (size_t i = 0; i < q->count; i++) {
        double s = q->docs[i].score;
        lo = i == 0 || s < lo ? s : lo;
        hi = i == 0 || s > hi ? s : hi;
    }
    for (size_t i = 0; i < q->count; i++) {
        double v;
        if (method == ACQ_FUSE_RRF)
            v = 1.0 / (k + (double)(i + 1)); /* docs are in trec_eval's order */
        else
            v = hi > lo ? (q->docs[i].score - lo) / (hi - lo) : 1.0;
        out[i] = (acq_run_doc){q->docs[i].docno, v};
    }
    return q->count;
}

int acq_fuse(acq_run *out, const acq_run *runs, size_t n, int method, double k, size_t depth, acq_err *err)
{
    memset(out, 0, sizeof *out);
    size_t total = 0, nq = 0;
    for (size_t r = 0; r < n; r++) {
        nq += runs[r].count;
        for (size_t i = 0; i < runs[r].count; i++)
            total += runs[r].queries[i].count;
    }
    out->queries = acq_calloc(nq + 1, sizeof *out->queries);
    out->docs_ = acq_calloc(total + 1, sizeof *out->docs_);
    size_t *at = acq_calloc(n + 1, sizeof *at); /* next query of each run */
    acq_run_doc *pool = acq_calloc(total + 1, sizeof *pool);
    if (out->queries == NULL || out->docs_ == NULL || at == NULL || pool == NULL) {
        acq_free(at);
        acq_free(pool);
        acq_run_free(out);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory fusing runs");
    }
    size_t used = 0;
    for (;;) {
        /* the smallest qid not yet done, over all runs (each sorted by qid) */
        const char *qid = NULL;
        for (size_t r = 0; r < n; r++)
            if (at[r] < runs[r].count && (qid == NULL || strcmp(runs[r].queries[at[r]].qid, qid) < 0))
                qid = runs[r].queries[at[r]].qid;
        if (qid == NULL)
            break;
        size_t m = 0;
        for (size_t r = 0; r < n; r++)
            if (at[r] < runs[r].count && strcmp(runs[r].queries[at[r]].qid, qid) == 0)
                m += contribute(&runs[r].queries[at[r]++], method, k, pool + m);
        /* add up each document's contributions */
        qsort(pool, m, sizeof *pool, cmp_doc);
        acq_run_doc *docs = out->docs_ + used;
        size_t u = 0;
        for (size_t i = 0; i < m; i++) {
            if (u > 0 && strcmp(docs[u - 1].docno, pool[i].docno) == 0)
                docs[u - 1].score += pool[i].score;
            else
                docs[u++] = pool[i];
        }
        acq_run_sort(docs, u);
        if (depth > 0 && u > depth)
            u = depth;
        acq_run_query *q = &out->queries[out->count++];
        q->qid = qid;
        q->docs = docs;
        q->count = u;
        used += u;
    }
    out->tag = "fused";
    acq_free(at);
    acq_free(pool);
    return ACQ_OK;
}
