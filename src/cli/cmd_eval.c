/* cmd_eval.c: `acquis eval QRELS RUN [RUN...]`, scoring TREC runs against
 * relevance judgements with trec_eval 9's definitions (src/eval/): one run
 * in trec_eval's layout or as JSON; several runs in one table, with paired
 * significance tests of each against the first (src/eval/signif.c). */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/error.h"
#include "eval/eval.h"

static const char eval_usage[] =
    "Usage: acquis eval QRELS RUN [RUN...] [-c] [-q] [-m MEASURE]... [--json]\n"
    "                   [--no-tests] [--trials N]\n"
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
    "Means are over the queries that are in RUN and judged in QRELS (with -c,\n"
    "over every query of QRELS, one missing from RUN counting 0, as trec_eval -c).\n"
    "\n"
    "Several runs make one table, a row per run, and each run after the first\n"
    "is compared with the first over the topics both evaluated: the p-values of\n"
    "a paired two-sided t-test and of a paired randomisation test (exact for up\n"
    "to 20 topics, else --trials random sign flips from a fixed seed).\n"
    "\n"
    "Options:\n"
    "  -c               count every judged query (trec_eval -c)\n"
    "  -m MEASURE       only this measure (repeatable): map, recip_rank, P_5,\n"
    "                   P_10, recall_100, recall_1000, ndcg_cut_10, ndcg_cut_1000\n"
    "                   (P.10, ndcg_cut.10 as trec_eval spells them work too)\n"
    "  -q, --per-query  print each query's figures too, before the means (one run)\n"
    "  --json           print one JSON object instead of text\n"
    "  --no-tests       several runs without significance tests\n"
    "  --trials N       random sign flips of the randomisation test (default 10000)\n"
    "  -h, --help       print this help\n"
    "\n"
    "Examples:\n"
    "  acquis eval /work/shared/eval/cranfield/qrels.txt bm25.run\n"
    "  acquis eval --json --per-query qrels.txt bm25.run > bm25.json\n"
    "  acquis eval -m map -m P.10 qrels.txt bm25.run rm3.run bo1.run\n"
    "\n"
    "Exit status: 0 figures printed, 2 error (\"acquis eval: FILE:LINE: message\"\n"
    "on standard error).\n";

#define EVAL_MAX_RUNS 64

static int eval_fail(const char *msg)
{
    fprintf(stderr, "acquis eval: %s\n", msg);
    return 2;
}

int cli_eval(int argc, char **argv)
{
    const char *path[EVAL_MAX_RUNS + 1];
    int npath = 0, json = 0, per_query = 0, options_done = 0, complete = 0, tests = 1;
    unsigned mask = 0;
    unsigned long trials = 10000;
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
            } else if (strcmp(a, "-c") == 0) {
                complete = 1;
            } else if (strcmp(a, "--no-tests") == 0) {
                tests = 0;
            } else if (strcmp(a, "-m") == 0 || strncmp(a, "-m", 2) == 0) {
                const char *v = a[2] ? a + 2 : i + 1 < argc ? argv[++i] : NULL;
                int m = v ? acq_metric_by_name(v) : -1;
                if (m < 0) {
                    fprintf(stderr, "acquis eval: -m wants one of map, recip_rank, P_5, P_10, recall_100, "
                                    "recall_1000, ndcg_cut_10, ndcg_cut_1000%s%s%s\n",
                            v ? " (not '" : "", v ? v : "", v ? "')" : "");
                    return 2;
                }
                mask |= 1u << m;
            } else if (strcmp(a, "--trials") == 0) {
                char *end;
                long t = i + 1 < argc ? strtol(argv[++i], &end, 10) : 0;
                if (t < 100 || t > 10000000 || *end != '\0')
                    return eval_fail("--trials wants a number from 100 to 10000000");
                trials = (unsigned long)t;
            } else {
                fprintf(stderr, "acquis eval: unknown option %s (see acquis eval --help)\n", a);
                return 2;
            }
            continue;
        }
        if (npath == EVAL_MAX_RUNS + 1)
            return eval_fail("too many run files (at most 64)");
        path[npath++] = a;
    }
    if (npath < 2)
        return eval_fail("expected QRELS RUN (see acquis eval --help)");
    size_t nruns = (size_t)npath - 1;
    if (per_query && nruns > 1)
        return eval_fail("-q prints one run's topics: give one run, or use --json for several");

    acq_err err = {0};
    acq_qrels qrels;
    acq_run *runs = acq_calloc(nruns, sizeof *runs);
    acq_eval *evs = acq_calloc(nruns, sizeof *evs);
    acq_buf out = {0};
    int have_qrels = 0;
    size_t have_runs = 0, have_evals = 0;
    if (runs == NULL || evs == NULL)
        acq_err_set(&err, ACQ_ENOMEM, "out of memory");
    else if (acq_qrels_read(&qrels, path[0], &err) == ACQ_OK)
        have_qrels = 1;
    for (size_t r = 0; r < nruns && acq_ok(&err); r++) {
        if (acq_run_read(&runs[r], path[r + 1], &err) != ACQ_OK)
            break;
        have_runs++;
        if (acq_eval_compute_complete(&evs[r], &qrels, &runs[r], complete, &err) != ACQ_OK)
            break;
        have_evals++;
        if (evs[r].num_q == 0)
            acq_err_set(&err, ACQ_EINPUT,
                        "%s: no query of the run has judgements in %s (trec_eval would stop too)",
                        path[r + 1], path[0]);
    }
    if (acq_ok(&err)) {
        int rc;
        if (nruns > 1)
            rc = acq_eval_format_compare(&out, evs, path + 1, nruns, mask, tests, trials, json);
        else if (mask)
            rc = acq_eval_format_masked(&out, &evs[0], per_query, mask, json);
        else
            rc = json ? acq_eval_format_json(&out, &evs[0], per_query)
                      : acq_eval_format_text(&out, &evs[0], per_query);
        if (rc != ACQ_OK)
            acq_err_set(&err, rc, "out of memory");
    }
    if (acq_ok(&err) && (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0))
        acq_err_errno(&err, "cannot write the figures to standard output");

    acq_buf_free(&out);
    for (size_t r = 0; r < have_evals; r++)
        acq_eval_free(&evs[r]);
    for (size_t r = 0; r < have_runs; r++)
        acq_run_free(&runs[r]);
    acq_free(evs);
    acq_free(runs);
    if (have_qrels)
        acq_qrels_free(&qrels);
    return acq_ok(&err) ? 0 : eval_fail(err.msg);
}
