/* cmd_eval.c: `acquis eval QRELS RUN [--json] [--per-query]`, scoring a TREC
 * run against relevance judgements with trec_eval 9's definitions and
 * printing the figures in trec_eval's layout or as JSON (src/eval/). */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "common/error.h"
#include "eval/eval.h"

static const char eval_usage[] =
    "Usage: acquis eval QRELS RUN [--json] [--per-query]\n"
    "\n"
    "Scores the run file RUN against the relevance judgements QRELS, exactly as\n"
    "trec_eval 9 does, and prints num_q, map, recip_rank, P_5, P_10, recall_100,\n"
    "recall_1000, ndcg_cut_10 and ndcg_cut_1000.\n"
    "\n"
    "  QRELS  lines \"qid iter docno rel\"; rel >= 1 is relevant, 0 judged not\n"
    "         relevant; nDCG uses rel itself as the gain\n"
    "  RUN    lines \"qid Q0 docno rank score tag\"; each query's documents are\n"
    "         ranked by score, ties by docno descending (the rank column is\n"
    "         ignored); a document listed twice for a query is an error\n"
    "\n"
    "Means are over the queries that are in RUN and judged in QRELS.\n"
    "\n"
    "Options:\n"
    "  -q, --per-query  print each query's figures too, before the means\n"
    "  --json           print one JSON object instead of trec_eval's layout\n"
    "  -h, --help       print this help\n"
    "\n"
    "Examples:\n"
    "  acquis eval /work/shared/eval/cranfield/qrels.txt bm25.run\n"
    "  acquis eval --json --per-query qrels.txt bm25.run > bm25.json\n"
    "\n"
    "Exit status: 0 figures printed, 2 error (\"acquis eval: FILE:LINE: message\"\n"
    "on standard error).\n";

static int eval_fail(const char *msg)
{
    fprintf(stderr, "acquis eval: %s\n", msg);
    return 2;
}

int cli_eval(int argc, char **argv)
{
    const char *path[2] = {NULL, NULL};
    int npath = 0, json = 0, per_query = 0, options_done = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) {
                options_done = 1;
            } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
                fputs(eval_usage, stdout);
                return fflush(stdout) == 0 ? 0 : 2;
            } else if (strcmp(a, "--json") == 0) {
                json = 1;
            } else if (strcmp(a, "-q") == 0 || strcmp(a, "--per-query") == 0) {
                per_query = 1;
            } else {
                fprintf(stderr, "acquis eval: unknown option %s (see acquis eval --help)\n", a);
                return 2;
            }
            continue;
        }
        if (npath == 2)
            return eval_fail("too many arguments: expected QRELS RUN (see acquis eval --help)");
        path[npath++] = a;
    }
    if (npath < 2)
        return eval_fail("expected QRELS RUN (see acquis eval --help)");

    acq_err err = {0};
    acq_qrels qrels;
    acq_run run;
    acq_eval ev;
    acq_buf out = {0};
    int have_qrels = 0, have_run = 0, have_eval = 0;
    if (acq_qrels_read(&qrels, path[0], &err) == ACQ_OK)
        have_qrels = 1;
    if (acq_ok(&err) && acq_run_read(&run, path[1], &err) == ACQ_OK)
        have_run = 1;
    if (acq_ok(&err) && acq_eval_compute(&ev, &qrels, &run, &err) == ACQ_OK)
        have_eval = 1;
    if (acq_ok(&err) && ev.num_q == 0)
        acq_err_set(&err, ACQ_EINPUT,
                    "%s: no query of the run has judgements in %s (trec_eval would stop too)",
                    path[1], path[0]);
    if (acq_ok(&err)) {
        int rc = json ? acq_eval_format_json(&out, &ev, per_query)
                      : acq_eval_format_text(&out, &ev, per_query);
        if (rc != ACQ_OK)
            acq_err_set(&err, rc, "out of memory");
    }
    if (acq_ok(&err) && (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0))
        acq_err_errno(&err, "cannot write the figures to standard output");

    acq_buf_free(&out);
    if (have_eval)
        acq_eval_free(&ev);
    if (have_run)
        acq_run_free(&run);
    if (have_qrels)
        acq_qrels_free(&qrels);
    return acq_ok(&err) ? 0 : eval_fail(err.msg);
}
