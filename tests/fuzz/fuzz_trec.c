/* fuzz_trec.c: libFuzzer harness for the TREC readers of src/eval: topics
 * (qid<TAB>query lines and classic <top> SGML, with every field selection),
 * qrels, run files, and evaluating a run against qrels, formatted as text
 * and JSON. Beyond "no crash": every measure lies in [0, 1], and an error
 * carries a message.
 *
 * Input: u8 mode (low 2 bits: 0 topics, 1 qrels, 2 run, 3 qrels + run split
 * at the first line "====="; bits 2-4: topic fields; bit 5: a field list
 * spec parsed too), then the text. */
#include "fuzz_util.h"

#include "eval/eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void expect(int rc, const acq_err *err, const char *what)
{
    if (rc != ACQ_OK && rc != ACQ_EINPUT && rc != ACQ_EARG)
        fz_die("%s: unexpected code %d: %s", what, rc, err->msg);
    if (rc != ACQ_OK && err->msg[0] == '\0')
        fz_die("%s: code %d without a message", what, rc);
}

static void evaluate(const char *q, size_t qn, const char *r, size_t rn)
{
    acq_qrels qrels;
    acq_run run;
    acq_err err = {0};
    int rc = acq_qrels_parse(&qrels, "qrels", q, qn, &err);
    expect(rc, &err, "acq_qrels_parse");
    if (rc != ACQ_OK)
        return;
    acq_err_clear(&err);
    rc = acq_run_parse(&run, "run", r, rn, &err);
    expect(rc, &err, "acq_run_parse");
    if (rc == ACQ_OK) {
        acq_eval ev;
        acq_err_clear(&err);
        rc = acq_eval_compute(&ev, &qrels, &run, &err);
        expect(rc, &err, "acq_eval_compute");
        if (rc == ACQ_OK) {
            for (size_t i = 0; i < ev.num_q; i++)
                for (int m = 0; m < ACQ_METRIC_COUNT; m++)
                    if (!(ev.queries[i].value[m] >= 0 && ev.queries[i].value[m] <= 1 + 1e-9))
                        fz_die("query %s: %s = %g", ev.queries[i].qid, acq_metric_name(m), ev.queries[i].value[m]);
            acq_buf out = {0};
            acq_eval_format_text(&out, &ev, 1);
            acq_eval_format_json(&out, &ev, 1);
            acq_buf_free(&out);
            acq_eval_free(&ev);
        }
        /* Writing the run back must work whenever it was read. */
        acq_buf out = {0};
        for (size_t i = 0; i < run.count; i++) {
            acq_err_clear(&err);
            acq_run_format_query(&out, run.queries[i].qid, run.queries[i].docs, run.queries[i].count, "tag", &err);
        }
        acq_buf_free(&out);
        acq_run_free(&run);
    }
    acq_qrels_free(&qrels);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = {data, size};
    uint8_t mode = fz_u8(&in);
    const char *text = (const char *)in.p;
    size_t n = in.n;
    acq_err err = {0};
    switch (mode & 3) {
    case 0: {
        acq_topics t;
        unsigned fields = (mode >> 2) & 7;
        int rc = acq_topics_parse(&t, "topics", text, n, fields ? fields : ACQ_TOPIC_ALL, &err);
        expect(rc, &err, "acq_topics_parse");
        if (rc == ACQ_OK) {
            /* a qid is never empty; a query may be (an empty topic: eval.h) */
            for (size_t i = 0; i < t.count; i++)
                if (t.items[i].qid[0] == '\0' || t.items[i].query == NULL)
                    fz_die("topic %zu has an empty qid or no query", i);
            acq_topics_free(&t);
        }
        break;
    }
    case 1: {
        acq_qrels q;
        int rc = acq_qrels_parse(&q, "qrels", text, n, &err);
        expect(rc, &err, "acq_qrels_parse");
        if (rc == ACQ_OK)
            acq_qrels_free(&q);
        break;
    }
    case 2: {
        acq_run r;
        int rc = acq_run_parse(&r, "run", text, n, &err);
        expect(rc, &err, "acq_run_parse");
        if (rc == ACQ_OK)
            acq_run_free(&r);
        break;
    }
    default: {
        const char *sep = NULL;
        for (size_t i = 0; i + 6 <= n && sep == NULL; i++)
            if (memcmp(text + i, "=====\n", 6) == 0 && (i == 0 || text[i - 1] == '\n'))
                sep = text + i;
        if (sep)
            evaluate(text, (size_t)(sep - text), sep + 6, n - (size_t)(sep - text) - 6);
        break;
    }
    }
    if (mode & 0x20) {
        char *spec = malloc(n + 1);
        if (spec) {
            memcpy(spec, text, n);
            spec[n] = '\0';
            unsigned f;
            acq_topic_fields_parse(&f, spec);
            free(spec);
        }
    }
    return 0;
}
