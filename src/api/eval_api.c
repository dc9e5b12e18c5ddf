/* eval_api.c: the public face of src/eval (acq_topic_list_*, acq_evaluate,
 * acq_measure_*, acq_evaluation_*), so that bindings (the Python package)
 * read topics and compute trec_eval's figures with the very code `acquis
 * batch` and `acquis eval` use, instead of a second implementation that
 * could drift. Thin wrappers: the handles own the internal structures. */
#include "acquis.h"

#include <math.h>
#include <stdlib.h>

#include "common/alloc.h"
#include "common/error.h"
#include "eval/eval.h"

struct acq_topic_list {
    acq_topics topics;
};

int acq_topic_list_load(acq_topic_list **out, const char *name, const char *data, size_t len,
                        const char *fields, char *errmsg, size_t errmsg_size)
{
    if (out == NULL || name == NULL) {
        acq_msg_copy(errmsg, errmsg_size, "acq_topic_list_load: out and name are required");
        return ACQ_EARG;
    }
    *out = NULL;
    unsigned bits = ACQ_TOPIC_TITLE;
    if (fields != NULL && acq_topic_fields_parse(&bits, fields) != ACQ_OK) {
        acq_msg_copy(errmsg, errmsg_size,
                     "topic fields must be title, desc, narr, all or a list such as title,desc");
        return ACQ_EARG;
    }
    acq_topic_list *t = acq_calloc(1, sizeof *t);
    if (t == NULL) {
        acq_msg_copy(errmsg, errmsg_size, "out of memory");
        return ACQ_ENOMEM;
    }
    acq_err err = {0};
    int rc = data == NULL ? acq_topics_read(&t->topics, name, bits, &err)
                          : acq_topics_parse(&t->topics, name, data, len, bits, &err);
    if (rc != ACQ_OK) {
        acq_msg_copy(errmsg, errmsg_size, err.msg);
        acq_free(t);
        return rc;
    }
    *out = t;
    return ACQ_OK;
}

size_t acq_topic_list_count(const acq_topic_list *t)
{
    return t ? t->topics.count : 0;
}

const char *acq_topic_list_qid(const acq_topic_list *t, size_t i)
{
    return t && i < t->topics.count ? t->topics.items[i].qid : NULL;
}

const char *acq_topic_list_query(const acq_topic_list *t, size_t i)
{
    return t && i < t->topics.count ? t->topics.items[i].query : NULL;
}

size_t acq_topic_list_line(const acq_topic_list *t, size_t i)
{
    return t && i < t->topics.count ? t->topics.items[i].line : 0;
}

void acq_topic_list_free(acq_topic_list *t)
{
    if (t == NULL)
        return;
    acq_topics_free(&t->topics);
    acq_free(t);
}

/* The figures point into the qrels (their qids): both live together. */
struct acq_evaluation {
    acq_qrels qrels;
    acq_eval eval;
};

int acq_evaluate(acq_evaluation **out, const char *qrels_name, const char *qrels, size_t qrels_len,
                 const char *run_name, const char *run, size_t run_len,
                 char *errmsg, size_t errmsg_size)
{
    return acq_evaluate_complete(out, qrels_name, qrels, qrels_len, run_name, run, run_len, 0, errmsg, errmsg_size);
}

int acq_evaluate_complete(acq_evaluation **out, const char *qrels_name, const char *qrels, size_t qrels_len,
                          const char *run_name, const char *run, size_t run_len, int complete,
                          char *errmsg, size_t errmsg_size)
{
    if (out == NULL || qrels_name == NULL || run_name == NULL) {
        acq_msg_copy(errmsg, errmsg_size, "acq_evaluate: out, qrels_name and run_name are required");
        return ACQ_EARG;
    }
    *out = NULL;
    acq_evaluation *e = acq_calloc(1, sizeof *e);
    if (e == NULL) {
        acq_msg_copy(errmsg, errmsg_size, "out of memory");
        return ACQ_ENOMEM;
    }
    acq_err err = {0};
    acq_run r;
    int have_qrels = 0, have_run = 0, have_eval = 0;
    if ((qrels == NULL ? acq_qrels_read(&e->qrels, qrels_name, &err)
                       : acq_qrels_parse(&e->qrels, qrels_name, qrels, qrels_len, &err)) == ACQ_OK)
        have_qrels = 1;
    if (acq_ok(&err) && (run == NULL ? acq_run_read(&r, run_name, &err)
                                     : acq_run_parse(&r, run_name, run, run_len, &err)) == ACQ_OK)
        have_run = 1;
    if (acq_ok(&err) && acq_eval_compute_complete(&e->eval, &e->qrels, &r, complete != 0, &err) == ACQ_OK)
        have_eval = 1;
    /* As `acquis eval`: figures over no query would read as a real zero. */
    if (acq_ok(&err) && e->eval.num_q == 0)
        acq_err_set(&err, ACQ_EINPUT, "%s: no query of the run has judgements in %s (trec_eval would stop too)",
                    run_name, qrels_name);
    if (have_run)
        acq_run_free(&r);
    if (!acq_ok(&err)) {
        acq_msg_copy(errmsg, errmsg_size, err.msg);
        if (have_eval)
            acq_eval_free(&e->eval);
        if (have_qrels)
            acq_qrels_free(&e->qrels);
        acq_free(e);
        return err.code;
    }
    *out = e;
    return ACQ_OK;
}

int acq_measure_count(void)
{
    return ACQ_METRIC_COUNT;
}

const char *acq_measure_name(int m)
{
    return m >= 0 && m < ACQ_METRIC_COUNT ? acq_metric_name(m) : NULL;
}

size_t acq_evaluation_queries(const acq_evaluation *e)
{
    return e ? e->eval.num_q : 0;
}

const char *acq_evaluation_qid(const acq_evaluation *e, size_t q)
{
    return e && q < e->eval.num_q ? e->eval.queries[q].qid : NULL;
}

double acq_evaluation_value(const acq_evaluation *e, size_t q, int m)
{
    if (e == NULL || m < 0 || m >= ACQ_METRIC_COUNT || q > e->eval.num_q)
        return NAN;
    return q == e->eval.num_q ? e->eval.mean[m] : e->eval.queries[q].value[m];
}

void acq_evaluation_free(acq_evaluation *e)
{
    if (e == NULL)
        return;
    acq_eval_free(&e->eval);
    acq_qrels_free(&e->qrels);
    acq_free(e);
}
