/* bench.c: see bench.h. */
#include "bench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

bq_query *bq_read_queries(const char *path, size_t *n_out)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot open query file %s\n", path);
        exit(2);
    }
    size_t n = 0, cap = 1024;
    bq_query *q = malloc(cap * sizeof *q);
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    long lineno = 0;
    while ((len = getline(&line, &lcap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        char *tab = strchr(line, '\t');
        if (!tab) {
            fprintf(stderr, "%s:%ld: expected qid<TAB>text\n", path, lineno);
            exit(2);
        }
        if (n == cap) {
            cap *= 2;
            q = realloc(q, cap * sizeof *q);
        }
        q[n].qid = dupn(line, (size_t)(tab - line));
        q[n].text = dupn(tab + 1, strlen(tab + 1));
        n++;
    }
    free(line);
    fclose(f);
    *n_out = n;
    return q;
}

void bq_free_queries(bq_query *q, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(q[i].qid);
        free(q[i].text);
    }
    free(q);
}

double bq_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double rank_pct(const double *sorted, size_t n, double p)
{
    size_t r = (size_t)ceil(p / 100.0 * (double)n);
    if (r < 1)
        r = 1;
    if (r > n)
        r = n;
    return sorted[r - 1];
}

bq_summary bq_summarise(const double *best_us, size_t n)
{
    bq_summary s;
    memset(&s, 0, sizeof s);
    s.queries = n;
    if (n == 0)
        return s;
    double *v = malloc(n * sizeof *v);
    memcpy(v, best_us, n * sizeof *v);
    qsort(v, n, sizeof *v, cmp_double);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    s.mean_us = sum / (double)n;
    s.p50_us = rank_pct(v, n, 50);
    s.p95_us = rank_pct(v, n, 95);
    s.p99_us = rank_pct(v, n, 99);
    s.max_us = v[n - 1];
    s.qps = s.mean_us > 0 ? 1e6 / s.mean_us : 0;
    free(v);
    return s;
}

void bq_print_json(FILE *out, const char *engine, const bq_summary *s, int k, int passes, long long hits)
{
    fprintf(out,
            "{\"engine\": \"%s\", \"queries\": %zu, \"k\": %d, \"passes\": %d, \"hits\": %lld, "
            "\"mean_us\": %.1f, \"p50_us\": %.1f, \"p95_us\": %.1f, \"p99_us\": %.1f, "
            "\"max_us\": %.1f, \"qps\": %.1f}\n",
            engine, s->queries, k, passes, hits, s->mean_us, s->p50_us, s->p95_us, s->p99_us,
            s->max_us, s->qps);
}

int bq_write_latencies(const char *path, const bq_query *q, const double *best_us, const int *hits, size_t n)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "cannot write %s\n", path);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s\t%.3f\t%d\n", q[i].qid, best_us[i], hits[i]);
    return fclose(f) == 0 ? 0 : -1;
}

int bq_parse_int(const char *opt, const char *s, int min)
{
    char *end;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || *end || v < min || v > 1000000000) {
        fprintf(stderr, "%s: expected an integer >= %d\n", opt, min);
        exit(2);
    }
    return (int)v;
}
