/* cmd_bench.c: `acquis bench`: query latency and throughput of an index.
 * Every query runs once to warm up, then --passes times; each query's
 * latency is its best pass, measured around the acq_search call alone. With
 * -j N, N threads share the query list (one open index, no locks on the
 * search path) and queries per second come from the wall time of a pass. */
#include "acquis.h"
#include "cli/cli.h"
#include "search/search.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct bench {
    acq_index *ix;
    char **queries;
    size_t n;
    double *best_us;          /* per query, best over passes */
    acq_search_options opts;
    atomic_size_t next;
    atomic_int failed;
    char error[512];
} bench;

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void *worker(void *arg)
{
    bench *b = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&b->next, 1);
        if (i >= b->n || atomic_load(&b->failed))
            break;
        acq_results *r;
        char msg[256];
        double t0 = now_us();
        int rc = acq_search(&r, b->ix, b->queries[i], &b->opts, msg, sizeof msg);
        double t = now_us() - t0;
        if (rc != ACQ_OK) {
            if (!atomic_exchange(&b->failed, 1))
                snprintf(b->error, sizeof b->error, "query %zu (%s): %s", i + 1, b->queries[i], msg);
            break;
        }
        acq_results_free(r);
        if (t < b->best_us[i])
            b->best_us[i] = t;
    }
    return NULL;
}

/* One pass over all queries on `threads` threads; returns its wall time. */
static double run_pass(bench *b, int threads)
{
    pthread_t tid[64];
    atomic_store(&b->next, 0);
    double t0 = now_us();
    int started = 0;
    for (int t = 1; t < threads; t++)
        if (pthread_create(&tid[t], NULL, worker, b) == 0)
            started = t;
    worker(b);
    for (int t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    return now_us() - t0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double percentile(const double *sorted, size_t n, double p)
{
    if (n == 0)
        return 0;
    size_t i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
    return sorted[i < n ? i : n - 1];
}

/* Reads "qid<TAB>query" lines (or bare queries). */
static int read_queries(const char *path, char ***out, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    char line[8192];
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *q = strchr(line, '\t');
        q = q ? q + 1 : line;
        if (*q == '\0')
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            char **p = realloc(*out, cap * sizeof *p);
            if (p == NULL)
                break;
            *out = p;
        }
        (*out)[(*n)++] = strdup(q);
    }
    fclose(f);
    return 0;
}

int cli_bench(int argc, char **argv)
{
    const char *dir = "index", *qfile = NULL;
    int passes = 3, threads = 1, json = 0, with_fields = 0;
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            printf("usage: acquis bench [-i DIR] --queries FILE [-k N] [--passes N] [-j N]\n"
                   "                    [--k1 X] [--b Y] [--exhaustive] [--or maxscore|wand]\n"
                   "                    [--fields] [--json] [--lang CODE]\n\n"
                   "Runs every query of FILE (qid<TAB>query lines) once to warm up, then N\n"
                   "passes (default 3), and prints from each query's best pass the mean, p50,\n"
                   "p95 and p99 latency in microseconds, measured around the search call,\n"
                   "and queries per second. -j N runs N threads over the queries.\n"
                   "--exhaustive scores every match (no pruning), for comparison; --or chooses\n"
                   "the pruning of ranked OR queries: block-max MaxScore (the default) or\n"
                   "block-max WAND (the same results; for comparison). Hits are\n"
                   "ranked document numbers, as Lucene's TopDocs; --fields also reads each\n"
                   "hit's stored fields (id, title, ...).\n"
                   "--lang CODE analyses every query in CODE only (default: in each\n"
                   "language of the index, as acquis search does).\n\n"
                   "example:\n  acquis bench -i /tmp/eurlex --queries ../shared/eval/eurlex-en-queries.tsv -k 10\n");
            return 0;
        } else if (strcmp(a, "-i") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(a, "--queries") == 0 && i + 1 < argc) {
            qfile = argv[++i];
        } else if (strcmp(a, "-k") == 0 && i + 1 < argc) {
            o.k = (size_t)atol(argv[++i]);
        } else if (strcmp(a, "--passes") == 0 && i + 1 < argc) {
            passes = atoi(argv[++i]);
        } else if (strcmp(a, "-j") == 0 && i + 1 < argc) {
            threads = atoi(argv[++i]);
        } else if (strcmp(a, "--k1") == 0 && i + 1 < argc) {
            o.k1 = atof(argv[++i]);
        } else if (strcmp(a, "--b") == 0 && i + 1 < argc) {
            o.b = atof(argv[++i]);
        } else if (strcmp(a, "--fields") == 0) {
            with_fields = 1;
        } else if (strcmp(a, "--exhaustive") == 0) {
            o.exhaustive = 1;
        } else if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
            o.lang = argv[++i];
        } else if (strcmp(a, "--or") == 0 && i + 1 < argc) {
            const char *v = argv[++i];
            if (strcmp(v, "wand") != 0 && strcmp(v, "maxscore") != 0) {
                fprintf(stderr, "acquis bench: --or takes maxscore or wand, not '%s'\n", v);
                return 2;
            }
            acq_search_set_or_algorithm(strcmp(v, "wand") == 0 ? ACQ_OR_WAND : ACQ_OR_MAXSCORE);
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else {
            fprintf(stderr, "acquis bench: unknown argument '%s' (see acquis bench --help)\n", a);
            return 2;
        }
    }
    if (qfile == NULL || o.k < 1 || o.k > 1000000 || passes < 1 || passes > 1000 || threads < 1 || threads > 64) {
        fprintf(stderr, "acquis bench: needs --queries FILE; -k 1..1000000, --passes 1..1000, -j 1..64\n");
        return 2;
    }
    bench b = {0};
    o.no_fields = !with_fields;
    b.opts = o;
    if (read_queries(qfile, &b.queries, &b.n) != 0 || b.n == 0) {
        fprintf(stderr, "acquis bench: cannot read queries from %s\n", qfile);
        return 2;
    }
    char msg[1024];
    int rc = acq_index_open(&b.ix, dir, msg, sizeof msg);
    if (rc != ACQ_OK) {
        fprintf(stderr, "acquis bench: %s\n", msg);
        return 2;
    }
    b.best_us = malloc(b.n * sizeof *b.best_us);
    double *sorted = malloc(b.n * sizeof *sorted);
    int status = 0;
    if (b.best_us == NULL || sorted == NULL) {
        fprintf(stderr, "acquis bench: out of memory\n");
        status = 2;
    }
    double wall = 0;
    for (int pass = 0; status == 0 && pass <= passes; pass++) {
        if (pass == 1)
            for (size_t i = 0; i < b.n; i++)
                b.best_us[i] = 1e300;
        if (pass == 0)
            for (size_t i = 0; i < b.n; i++)
                b.best_us[i] = 1e300; /* warm-up pass, reset after */
        double w = run_pass(&b, threads);
        if (pass > 0 && (wall == 0 || w < wall))
            wall = w;
        if (atomic_load(&b.failed)) {
            fprintf(stderr, "acquis bench: %s\n", b.error);
            status = 2;
        }
    }
    if (status == 0) {
        double sum = 0;
        for (size_t i = 0; i < b.n; i++) {
            sorted[i] = b.best_us[i];
            sum += b.best_us[i];
        }
        qsort(sorted, b.n, sizeof *sorted, cmp_double);
        double mean = sum / (double)b.n, qps = (double)b.n / (wall / 1e6);
        if (json)
            printf("{\"queries\":%zu,\"k\":%zu,\"threads\":%d,\"passes\":%d,\"mean_us\":%.1f,\"p50_us\":%.1f,"
                   "\"p95_us\":%.1f,\"p99_us\":%.1f,\"qps\":%.1f}\n",
                   b.n, o.k, threads, passes, mean, percentile(sorted, b.n, 50), percentile(sorted, b.n, 95),
                   percentile(sorted, b.n, 99), qps);
        else
            printf("queries %zu  k %zu  threads %d  passes %d\n"
                   "mean %.1f us  p50 %.1f us  p95 %.1f us  p99 %.1f us  %.0f queries/s\n",
                   b.n, o.k, threads, passes, mean, percentile(sorted, b.n, 50), percentile(sorted, b.n, 95),
                   percentile(sorted, b.n, 99), qps);
    }
    for (size_t i = 0; i < b.n; i++)
        free(b.queries[i]);
    free(b.queries);
    free(b.best_us);
    free(sorted);
    acq_index_close(b.ix);
    return status;
}
