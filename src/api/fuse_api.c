/* fuse_api.c: the public face of rank fusion (src/eval/fuse.c) and of the
 * paired significance tests (src/eval/signif.c), so that bindings fuse runs
 * and compare them with the code `acquis fuse` and `acquis eval A B` run,
 * not with a second implementation that could drift. */
#include "acquis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/error.h"
#include "eval/eval.h"

static int fail(char *errmsg, size_t errmsg_size, int code, const char *msg)
{
    acq_msg_copy(errmsg, errmsg_size, msg);
    return code;
}

int acq_fuse_runs(char **out, size_t *out_len, const char *const *names, const char *const *data,
                  const size_t *lens, size_t n, int method, double k, size_t depth, const char *tag,
                  char *errmsg, size_t errmsg_size)
{
    if (out == NULL || names == NULL || n == 0 || tag == NULL)
        return fail(errmsg, errmsg_size, ACQ_EARG, "acq_fuse_runs: out, names, tag and at least one run are required");
    *out = NULL;
    if (out_len != NULL)
        *out_len = 0;
    if (method != ACQ_FUSION_RRF && method != ACQ_FUSION_COMBSUM)
        return fail(errmsg, errmsg_size, ACQ_EARG, "the fusion method must be ACQ_FUSION_RRF or ACQ_FUSION_COMBSUM");
    if (!(k >= 0 && k <= 1e6))
        return fail(errmsg, errmsg_size, ACQ_EARG, "RRF's k must be a number from 0 to 1000000, such as 60");
    if (*tag == '\0' || strpbrk(tag, " \t\r\n\v\f") != NULL)
        return fail(errmsg, errmsg_size, ACQ_EARG, "the run's tag must be a name without blanks, such as fused-rrf");
    if (n > 100000)
        return fail(errmsg, errmsg_size, ACQ_ELIMIT, "too many runs to fuse (at most 100000)");
    acq_run *runs = acq_calloc(n, sizeof *runs);
    if (runs == NULL)
        return fail(errmsg, errmsg_size, ACQ_ENOMEM, "out of memory");
    acq_err err = {0};
    size_t nread = 0;
    for (; nread < n; nread++) {
        const char *name = names[nread] ? names[nread] : "run";
        const char *d = data ? data[nread] : NULL;
        int rc = d == NULL ? (names[nread] ? acq_run_read(&runs[nread], name, &err)
                                           : acq_err_set(&err, ACQ_EARG, "run %zu has neither data nor a file name",
                                                         nread + 1))
                           : acq_run_parse(&runs[nread], name, d, lens ? lens[nread] : strlen(d), &err);
        if (rc != ACQ_OK)
            break;
    }
    acq_run fused;
    acq_buf text = {0};
    if (acq_ok(&err)
        && acq_fuse(&fused, runs, n, method == ACQ_FUSION_RRF ? ACQ_FUSE_RRF : ACQ_FUSE_COMBSUM, k, depth, &err)
               == ACQ_OK) {
        for (size_t i = 0; i < fused.count && acq_ok(&err); i++)
            acq_run_format_query(&text, fused.queries[i].qid, fused.queries[i].docs, fused.queries[i].count, tag,
                                 &err);
        acq_run_free(&fused);
    }
    for (size_t i = 0; i < nread; i++)
        acq_run_free(&runs[i]);
    acq_free(runs);
    const char *s = acq_ok(&err) ? acq_buf_cstr(&text) : NULL;
    if (acq_ok(&err) && (text.failed || s == NULL))
        acq_err_set(&err, ACQ_ENOMEM, "out of memory writing the fused run");
    if (!acq_ok(&err)) {
        acq_buf_free(&text);
        return fail(errmsg, errmsg_size, err.code, err.msg);
    }
    *out = (char *)text.data;
    if (out_len != NULL)
        *out_len = text.len;
    return ACQ_OK;
}

void acq_text_free(char *text)
{
    acq_free(text);
}

double acq_paired_test(int test, const double *a, const double *b, size_t n, unsigned long trials)
{
    if (n > 0 && (a == NULL || b == NULL))
        return NAN;
    if (test == ACQ_TEST_T)
        return acq_ttest_paired(a, b, n);
    if (test == ACQ_TEST_RANDOMIZATION)
        return acq_randomization_test(a, b, n, trials ? trials : 10000ul);
    return NAN;
}
