/* cmd_fuse.c: `acquis fuse`, combining TREC run files into one by
 * reciprocal rank fusion or CombSUM (src/eval/fuse.c), written like the
 * runs of `acquis batch` (six decimals, trec_eval's order of ties). */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "eval/eval.h"

static const char fuse_usage[] =
    "Usage: acquis fuse [--method rrf|combsum] [--rrf-k K] [-k N] [--tag NAME]\n"
    "                   [-o RUN] RUN1 RUN2 [RUN...]\n"
    "\n"
    "Combines TREC runs query by query into one run:\n"
    "  rrf      reciprocal rank fusion (Cormack, Clarke & Buettcher 2009): a\n"
    "           document scores the sum of 1 / (K + rank) over the runs holding\n"
    "           it, rank from 1 as trec_eval ranks the run (default)\n"
    "  combsum  the sum of its scores, each run's scores of a query min-max\n"
    "           normalised to [0, 1] first (Fox & Shaw 1994)\n"
    "\n"
    "  --method M   rrf or combsum (default rrf)\n"
    "  --rrf-k K    RRF's constant (default 60)\n"
    "  -k N         documents per query in the fused run (default 1000)\n"
    "  --tag NAME   the run's tag (default: fused-METHOD)\n"
    "  -o RUN       write to RUN (default: standard output)\n"
    "\n"
    "Example:\n"
    "  acquis fuse -o fused.run bm25.run rm3.run && acquis eval qrels.txt fused.run\n"
    "\n"
    "Exit status: 0 run written, 2 error.\n";

#define FUSE_MAX_RUNS 64

static int fuse_fail(const char *msg)
{
    fprintf(stderr, "acquis fuse: %s\n", msg);
    return 2;
}

int cli_fuse(int argc, char **argv)
{
    const char *path[FUSE_MAX_RUNS], *out_path = "-", *tag = NULL;
    int npath = 0, method = ACQ_FUSE_RRF;
    double rrf_k = 60;
    long depth = 1000;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(fuse_usage, stdout);
            return fflush(stdout) == 0 ? 0 : 2;
        }
        if (a[0] == '-' && a[1] != '\0' && v == NULL)
            return fuse_fail("an option wants a value (see acquis fuse --help)");
        char *end = NULL;
        if (strcmp(a, "--method") == 0) {
            if (strcmp(v, "rrf") == 0)
                method = ACQ_FUSE_RRF;
            else if (strcmp(v, "combsum") == 0)
                method = ACQ_FUSE_COMBSUM;
            else
                return fuse_fail("--method wants rrf or combsum");
            i++;
        } else if (strcmp(a, "--rrf-k") == 0) {
            rrf_k = strtod(v, &end);
            if (end == v || *end != '\0' || !(rrf_k >= 0 && rrf_k <= 1e6))
                return fuse_fail("--rrf-k wants a number from 0 to 1000000, such as 60");
            i++;
        } else if (strcmp(a, "-k") == 0) {
            depth = strtol(v, &end, 10);
            if (end == v || *end != '\0' || depth < 1 || depth > 1000000)
                return fuse_fail("-k wants a number from 1 to 1000000");
            i++;
        } else if (strcmp(a, "--tag") == 0) {
            tag = v;
            if (*tag == '\0' || strpbrk(tag, " \t\r\n\v\f"))
                return fuse_fail("--tag wants a name without blanks");
            i++;
        } else if (strcmp(a, "-o") == 0) {
            out_path = v;
            i++;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "acquis fuse: unknown option %s (see acquis fuse --help)\n", a);
            return 2;
        } else {
            if (npath == FUSE_MAX_RUNS)
                return fuse_fail("too many runs (at most 64)");
            path[npath++] = a;
        }
    }
    if (npath < 2)
        return fuse_fail("expected two runs or more (see acquis fuse --help)");
    if (tag == NULL)
        tag = method == ACQ_FUSE_RRF ? "fused-rrf" : "fused-combsum";
    acq_err err = {0};
    acq_run runs[FUSE_MAX_RUNS], fused;
    int nread = 0, have_fused = 0;
    for (; nread < npath; nread++)
        if (acq_run_read(&runs[nread], path[nread], &err) != ACQ_OK)
            break;
    if (acq_ok(&err) && acq_fuse(&fused, runs, (size_t)npath, method, rrf_k, (size_t)depth, &err) == ACQ_OK)
        have_fused = 1;
    if (acq_ok(&err))
        acq_run_write(out_path, &fused, tag, &err);
    if (have_fused)
        acq_run_free(&fused);
    for (int i = 0; i < nread; i++)
        acq_run_free(&runs[i]);
    return acq_ok(&err) ? 0 : fuse_fail(err.msg);
}
