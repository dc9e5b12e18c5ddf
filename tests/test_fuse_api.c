/* test_fuse_api.c: the public fusion and significance API (acq_fuse_runs,
 * acq_text_free, acq_paired_test): fused runs worked out by hand for RRF
 * and CombSUM, runs from files and from memory, depth, every error a caller
 * can meet, and p-values worked out by hand. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acquis.h"
#include "support.h"

static const char RUN_A[] = "1 Q0 a 1 3 A\n1 Q0 b 2 2 A\n1 Q0 c 3 1 A\n";
static const char RUN_B[] = "1 Q0 b 1 5 B\n1 Q0 d 2 4 B\n2 Q0 x 1 1 B\n";

static char *fuse(int method, double k, size_t depth, int *rc, char *msg, size_t msg_size)
{
    const char *names[] = {"A", "B"}, *data[] = {RUN_A, RUN_B};
    size_t lens[] = {strlen(RUN_A), strlen(RUN_B)};
    char *out = NULL;
    size_t len = 0;
    *rc = acq_fuse_runs(&out, &len, names, data, lens, 2, method, k, depth, "t", msg, msg_size);
    if (*rc == ACQ_OK)
        cr_assert_eq(len, strlen(out));
    return out;
}

Test(fuse_api, rrf_by_hand)
{
    char msg[256] = "";
    int rc;
    char *out = fuse(ACQ_FUSION_RRF, 60, 0, &rc, msg, sizeof msg);
    cr_assert_eq(rc, ACQ_OK, "%s", msg);
    /* b: 1/61 + 1/62; a: 1/61; d: 1/62; c: 1/63; x alone in query 2 */
    cr_assert_str_eq(out, "1 Q0 b 1 0.032522 t\n1 Q0 a 2 0.016393 t\n1 Q0 d 3 0.016129 t\n"
                          "1 Q0 c 4 0.015873 t\n2 Q0 x 1 0.016393 t\n");
    acq_text_free(out);
    out = fuse(ACQ_FUSION_RRF, 60, 2, &rc, msg, sizeof msg);
    cr_assert_eq(rc, ACQ_OK, "%s", msg);
    cr_assert_str_eq(out, "1 Q0 b 1 0.032522 t\n1 Q0 a 2 0.016393 t\n2 Q0 x 1 0.016393 t\n");
    acq_text_free(out);
    acq_text_free(NULL);
}

Test(fuse_api, combsum_by_hand)
{
    char msg[256] = "";
    int rc;
    char *out = fuse(ACQ_FUSION_COMBSUM, 0, 0, &rc, msg, sizeof msg);
    cr_assert_eq(rc, ACQ_OK, "%s", msg);
    /* A normalised: a 1, b 0.5, c 0; B: b 1, d 0; ties by docno descending */
    cr_assert_str_eq(out, "1 Q0 b 1 1.500000 t\n1 Q0 a 2 1.000000 t\n1 Q0 d 3 0.000000 t\n"
                          "1 Q0 c 4 0.000000 t\n2 Q0 x 1 1.000000 t\n");
    acq_text_free(out);
}

Test(fuse_api, runs_from_files)
{
    char dir[] = "/tmp/acq-fuse-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char pa[300], pb[300];
    snprintf(pa, sizeof pa, "%s/a.run", dir);
    snprintf(pb, sizeof pb, "%s/b.run", dir);
    FILE *f = fopen(pa, "wb");
    fputs(RUN_A, f);
    fclose(f);
    f = fopen(pb, "wb");
    fputs(RUN_B, f);
    fclose(f);
    const char *names[] = {pa, pb};
    char *out = NULL, msg[512] = "";
    cr_assert_eq(acq_fuse_runs(&out, NULL, names, NULL, NULL, 2, ACQ_FUSION_RRF, 60, 1, "f", msg, sizeof msg),
                 ACQ_OK, "%s", msg);
    cr_assert_str_eq(out, "1 Q0 b 1 0.032522 f\n2 Q0 x 1 0.016393 f\n");
    acq_text_free(out);
    unlink(pa);
    unlink(pb);
    rmdir(dir);
}

Test(fuse_api, errors)
{
    const char *names[] = {"A", "bad.run"}, *data[] = {RUN_A, "1 Q0 a 1 x B\n"};
    size_t lens[] = {strlen(RUN_A), strlen(data[1])};
    char *out = (char *)1, msg[512] = "";
    cr_assert_eq(acq_fuse_runs(&out, NULL, names, data, lens, 2, ACQ_FUSION_RRF, 60, 0, "t", msg, sizeof msg),
                 ACQ_EINPUT);
    cr_assert_null(out);
    cr_assert(strstr(msg, "bad.run:1") != NULL, "%s", msg);
    cr_assert_eq(acq_fuse_runs(&out, NULL, names, data, lens, 1, 7, 60, 0, "t", msg, sizeof msg), ACQ_EARG);
    cr_assert(strstr(msg, "method") != NULL, "%s", msg);
    cr_assert_eq(acq_fuse_runs(&out, NULL, names, data, lens, 1, ACQ_FUSION_RRF, -1, 0, "t", msg, sizeof msg),
                 ACQ_EARG);
    cr_assert_eq(acq_fuse_runs(&out, NULL, names, data, lens, 1, ACQ_FUSION_RRF, 60, 0, "a b", msg, sizeof msg),
                 ACQ_EARG);
    cr_assert(strstr(msg, "tag") != NULL, "%s", msg);
    cr_assert_eq(acq_fuse_runs(&out, NULL, names, data, lens, 0, ACQ_FUSION_RRF, 60, 0, "t", msg, sizeof msg),
                 ACQ_EARG);
    cr_assert_eq(acq_fuse_runs(NULL, NULL, names, data, lens, 1, ACQ_FUSION_RRF, 60, 0, "t", msg, sizeof msg),
                 ACQ_EARG);
    const char *missing[] = {"/nonexistent/a.run"};
    cr_assert_eq(acq_fuse_runs(&out, NULL, missing, NULL, NULL, 1, ACQ_FUSION_RRF, 60, 0, "t", msg, sizeof msg),
                 ACQ_EIO);
    cr_assert(strstr(msg, "/nonexistent/a.run") != NULL, "%s", msg);
}

Test(paired_test, by_hand)
{
    const double a[] = {1, 2, 3, 4}, b[] = {2, 3, 4, 6};
    /* differences 1 1 1 2: mean 1.25, sd 0.5, t = 5 with 3 degrees of
     * freedom, two-sided p = 0.015392; randomisation: of the 16 sign
     * flips only the 2 with all signs alike reach |mean| 1.25 */
    cr_assert_float_eq(acq_paired_test(ACQ_TEST_T, a, b, 4, 0), 0.0153924, 1e-6);
    cr_assert_float_eq(acq_paired_test(ACQ_TEST_RANDOMIZATION, a, b, 4, 0), 0.125, 1e-12);
    cr_assert_float_eq(acq_paired_test(ACQ_TEST_T, a, a, 4, 0), 1.0, 1e-12);
    cr_assert_float_eq(acq_paired_test(ACQ_TEST_RANDOMIZATION, a, a, 4, 0), 1.0, 1e-12);
    cr_assert(isnan(acq_paired_test(ACQ_TEST_T, a, b, 1, 0)));
    cr_assert(isnan(acq_paired_test(9, a, b, 4, 0)));
    cr_assert(isnan(acq_paired_test(ACQ_TEST_T, NULL, b, 4, 0)));
    /* more than 20 topics: sampled sign flips from a fixed seed, reproducible */
    double x[30], y[30];
    for (int i = 0; i < 30; i++) {
        x[i] = 0.1 * (i % 7);
        y[i] = x[i] + (i % 3 == 0 ? 0.05 : -0.01);
    }
    double p1 = acq_paired_test(ACQ_TEST_RANDOMIZATION, x, y, 30, 1000);
    cr_assert(p1 > 0 && p1 < 1, "%g", p1);
    cr_assert_eq(p1, acq_paired_test(ACQ_TEST_RANDOMIZATION, x, y, 30, 1000));
}
