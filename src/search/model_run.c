/* model_run.c: a ranked OR of terms scored with a model of model.h,
 * document at a time over the postings cursors of each segment. Every
 * matching document is scored (exhaustive): the index stores bounds for
 * BM25's tf part only. Scores are summed in query order, so a document's
 * score is the same whatever the segmentation; the top-k heap breaks ties
 * by document order like search.c's. */
#include "search/model.h"

#include "common/alloc.h"
#include "search/postings.h"
#include "segment/format.h"

#include <math.h>
#include <string.h>

int acq_model_kind(const char *name)
{
    if (name == NULL || *name == '\0' || strcmp(name, "bm25") == 0)
        return ACQ_MODEL_BM25;
    if (strcmp(name, "ql") == 0 || strcmp(name, "qld") == 0)
        return ACQ_MODEL_QL;
    if (strcmp(name, "dph") == 0)
        return ACQ_MODEL_DPH;
    if (strcmp(name, "sdm") == 0)
        return ACQ_MODEL_SDM;
    return -1;
}

typedef struct leaf {
    uint8_t key[ACQ_MAX_KEY + 1];
    size_t key_len;
    int field;
    acq_model_stats st;
    const char *term;
} leaf;

/* The leaves of a ranked OR of body or title terms, or ACQ_EARG. */
static int collect(const acq_qnode *q, leaf **out, size_t *n, acq_err *err)
{
    const acq_qnode *const *kids = q->kind == ACQ_Q_TERM ? &q : (const acq_qnode *const *)q->kids;
    size_t nk = q->kind == ACQ_Q_TERM ? 1 : q->kind == ACQ_Q_BOOL ? q->nkids : 0;
    *out = NULL;
    *n = 0;
    if (q->kind == ACQ_Q_NONE)
        return ACQ_OK;
    for (size_t i = 0; i < nk; i++)
        if (kids[i]->kind != ACQ_Q_TERM || kids[i]->occur != ACQ_SHOULD ||
            (kids[i]->field != ACQ_FIELD_BODY && kids[i]->field != ACQ_FIELD_TITLE))
            nk = 0;
    if (nk == 0)
        return acq_err_set(err, ACQ_EARG, "this model scores plain words only (a ranked OR of words in the "
                           "text or title: no phrases, operators, prefixes or filters); use BM25 for those");
    leaf *v = acq_calloc(nk, sizeof *v);
    if (v == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    for (size_t i = 0; i < nk; i++) {
        size_t len = strlen(kids[i]->terms[0]);
        if (len + 1 > ACQ_MAX_KEY)
            len = ACQ_MAX_KEY - 1;
        v[i].key[0] = (uint8_t)kids[i]->field;
        memcpy(v[i].key + 1, kids[i]->terms[0], len);
        v[i].key_len = len + 1;
        v[i].field = kids[i]->field;
        v[i].term = kids[i]->terms[0];
        v[i].st.boost = kids[i]->boost > 0 ? kids[i]->boost : 1.0;
    }
    *out = v;
    *n = nk;
    return ACQ_OK;
}

static int stats(acq_index *ix, leaf *v, size_t n, const acq_search_options *o, acq_err *err)
{
    for (size_t i = 0; i < n; i++) {
        acq_model_stats *s = &v[i].st;
        s->n = ix->max_doc ? (double)ix->max_doc : 1.0;
        s->tokens = (double)ix->sum_len[v[i].field == ACQ_FIELD_TITLE];
        s->avgdl = s->tokens > 0 ? s->tokens / s->n : 1.0;
        s->mu = o->mu > 0 ? o->mu : 1000.0;
        for (size_t si = 0; si < ix->nsegs; si++) {
            acq_term_meta m;
            int f = acq_segment_lookup(&ix->segs[si], v[i].key, v[i].key_len, &m, err);
            if (f < 0)
                return f;
            if (f) {
                s->df += m.df;
                s->cf += (double)m.cf;
            }
        }
    }
    return ACQ_OK;
}

static double term_score(int model, const acq_model_stats *s, uint32_t tf, uint32_t dl)
{
    return model == ACQ_MODEL_DPH ? acq_model_dph(s, tf, dl) : acq_model_ql(s, tf, dl);
}

/* Opens the cursors of segment si (p[i].doc stays ACQ_NO_DOC for a term the
 * segment lacks). */
static int open_all(acq_segment *seg, const leaf *v, size_t n, acq_postings *p, int *has, acq_err *err)
{
    for (size_t i = 0; i < n; i++) {
        acq_term_meta m;
        has[i] = 0;
        int f = acq_segment_lookup(seg, v[i].key, v[i].key_len, &m, err);
        if (f < 0)
            return f;
        if (f) {
            int rc = acq_postings_open(&p[i], seg, &m, err);
            if (rc != ACQ_OK)
                return rc;
            has[i] = 1;
        }
    }
    return ACQ_OK;
}

int acq_model_run(acq_index *ix, const acq_qnode *q, int model, const acq_search_options *o, acq_topk *h,
                  uint64_t *total, acq_err *err)
{
    leaf *v;
    size_t n;
    int rc = collect(q, &v, &n, err);
    if (rc != ACQ_OK || n == 0)
        return rc;
    acq_postings *p = acq_calloc(n, sizeof *p);
    int *has = acq_calloc(n, sizeof *has);
    uint32_t *cur = acq_calloc(n, sizeof *cur);
    rc = p && has && cur ? stats(ix, v, n, o, err) : acq_err_set(err, ACQ_ENOMEM, "out of memory");
    for (size_t si = 0; si < ix->nsegs && rc == ACQ_OK; si++) {
        acq_segment *seg = &ix->segs[si];
        if ((rc = open_all(seg, v, n, p, has, err)) != ACQ_OK)
            break;
        for (size_t i = 0; i < n; i++)
            cur[i] = has[i] ? acq_postings_next(&p[i]) : ACQ_NO_DOC;
        for (;;) {
            uint32_t d = ACQ_NO_DOC;
            for (size_t i = 0; i < n; i++)
                if (cur[i] < d)
                    d = cur[i];
            if (d == ACQ_NO_DOC)
                break;
            double score = 0.0;
            int live = !acq_segment_is_deleted(seg, d);
            for (size_t i = 0; i < n; i++) {
                if (cur[i] != d)
                    continue;
                if (live)
                    score += term_score(model, &v[i].st, acq_postings_tf(&p[i]),
                                        acq_segment_len(seg, v[i].field, d));
                cur[i] = acq_postings_next(&p[i]);
            }
            if (live) {
                (*total)++;
                acq_topk_push(h, (acq_scored){score, ix->base[si] + d});
            }
        }
        for (size_t i = 0; i < n && rc == ACQ_OK; i++)
            if (has[i] && p[i].corrupt)
                rc = acq_postings_damaged(err, seg, p[i].corrupt);
    }
    acq_free(v);
    acq_free(p);
    acq_free(has);
    acq_free(cur);
    return rc;
}

int acq_model_explain(acq_index *ix, const acq_qnode *q, int model, const acq_search_options *o, uint32_t docno,
                      acq_buf *out, acq_err *err)
{
    leaf *v;
    size_t n;
    int rc = collect(q, &v, &n, err);
    if (rc != ACQ_OK || n == 0)
        return rc;
    acq_postings *p = acq_calloc(n, sizeof *p);
    int *has = acq_calloc(n, sizeof *has);
    rc = p && has ? stats(ix, v, n, o, err) : acq_err_set(err, ACQ_ENOMEM, "out of memory");
    size_t si = acq_index_segment_of(ix, docno);
    acq_segment *seg = &ix->segs[si];
    uint32_t d = docno - ix->base[si];
    if (rc == ACQ_OK)
        rc = open_all(seg, v, n, p, has, err);
    acq_buf lines = {0};
    double sum = 0.0;
    for (size_t i = 0; i < n && rc == ACQ_OK; i++) {
        if (!has[i] || acq_postings_advance(&p[i], d) != d)
            continue;
        uint32_t tf = acq_postings_tf(&p[i]), dl = acq_segment_len(seg, v[i].field, d);
        double s = term_score(model, &v[i].st, tf, dl);
        sum += s;
        acq_buf_printf(&lines, "  %.4f  %s:%s: tf %u, field length %u (average %.1f), weight %g, cf %.0f, df %.0f",
                       s, v[i].field == ACQ_FIELD_TITLE ? "title" : "body", v[i].term, tf, dl, v[i].st.avgdl,
                       v[i].st.boost, v[i].st.cf, v[i].st.df);
        if (model == ACQ_MODEL_QL)
            acq_buf_printf(&lines, ", mu %g", v[i].st.mu);
        acq_buf_putc(&lines, '\n');
    }
    if (rc == ACQ_OK) {
        acq_buf_printf(out, "%.4f  sum of (%s):\n", sum,
                       model == ACQ_MODEL_DPH ? "DPH" : "query likelihood, Dirichlet smoothing");
        acq_buf_put(out, lines.data, lines.len);
        if (lines.failed || out->failed)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    acq_buf_free(&lines);
    acq_free(v);
    acq_free(p);
    acq_free(has);
    return rc;
}
