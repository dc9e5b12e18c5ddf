/* signif.c: paired significance tests between two runs' per-topic scores
 * (Smucker, Allan & Carterette 2007 compare them): Student's paired t-test
 * and the randomisation test, both two-sided (see eval.h). */
#include "eval/eval.h"

#include <math.h>
#include <stdint.h>

/* Continued fraction of the incomplete beta function (Lentz's method, as
 * in Numerical Recipes' betacf). */
static double betacf(double a, double b, double x)
{
    const double tiny = 1e-300, eps = 1e-15;
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = 1.0 - qab * x / qap;
    if (fabs(d) < tiny)
        d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 10000; m++) {
        int m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < eps)
            break;
    }
    return h;
}

double acq_betai(double a, double b, double x)
{
    if (x <= 0.0)
        return 0.0;
    if (x >= 1.0)
        return 1.0;
    double bt = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1.0 - x));
    if (x < (a + 1.0) / (a + b + 2.0))
        return bt * betacf(a, b, x) / a;
    return 1.0 - bt * betacf(b, a, 1.0 - x) / b;
}

double acq_ttest_paired(const double *a, const double *b, size_t n)
{
    if (n < 2)
        return NAN;
    double mean = 0.0;
    for (size_t i = 0; i < n; i++)
        mean += b[i] - a[i];
    mean /= (double)n;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = b[i] - a[i] - mean;
        ss += d * d;
    }
    double sd = sqrt(ss / (double)(n - 1));
    if (sd == 0.0)
        return mean == 0.0 ? 1.0 : 0.0;
    double t = mean / (sd / sqrt((double)n)), df = (double)(n - 1);
    return acq_betai(df / 2.0, 0.5, df / (df + t * t));
}

static uint64_t next_random(uint64_t *s)
{
    /* xorshift64*: fast, and the same sequence everywhere */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

double acq_randomization_test(const double *a, const double *b, size_t n, unsigned long trials)
{
    if (n == 0)
        return 1.0;
    double observed = 0.0;
    for (size_t i = 0; i < n; i++)
        observed += b[i] - a[i];
    observed = fabs(observed);
    /* Sums are compared with a margin: a permutation that gives the
     * observed sum in another order of additions must count. */
    double margin = 1e-9 * (1.0 + observed);
    unsigned long hits = 0, total = 0;
    if (n <= 20) {
        for (uint32_t mask = 0; mask < (1u << n); mask++) {
            double s = 0.0;
            for (size_t i = 0; i < n; i++)
                s += (mask >> i & 1u) ? a[i] - b[i] : b[i] - a[i];
            hits += fabs(s) >= observed - margin;
        }
        total = 1ul << n;
    } else {
        uint64_t state = 0x9E3779B97F4A7C15ull;
        if (trials == 0)
            trials = 10000;
        for (unsigned long t = 0; t < trials; t++) {
            double s = 0.0;
            uint64_t bits = 0;
            for (size_t i = 0; i < n; i++) {
                if (i % 64 == 0)
                    bits = next_random(&state);
                s += (bits >> (i % 64) & 1u) ? a[i] - b[i] : b[i] - a[i];
            }
            hits += fabs(s) >= observed - margin;
        }
        total = trials;
    }
    return (double)hits / (double)total;
}
