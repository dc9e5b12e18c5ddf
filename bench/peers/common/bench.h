/* bench.h: what the C and C++ peer drivers share besides JSON Lines reading:
 * the query file, the clock, the latency summary and its output formats,
 * so that every peer is timed and summarised exactly the same way
 * (LuceneSearch.java does the same in Java). */
#ifndef PEERS_BENCH_H
#define PEERS_BENCH_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    char *qid;
    char *text;
} bq_query;

/* Reads "qid<TAB>text" lines (blank lines skipped, CR stripped). Exits with
 * a message on a line without a tab. */
bq_query *bq_read_queries(const char *path, size_t *n);
void bq_free_queries(bq_query *q, size_t n);

/* Monotonic clock in nanoseconds. */
double bq_now_ns(void);

/* The latency summary: per-query best (minimum) latency over the timed
 * passes, in microseconds. Percentiles by nearest rank on the sorted
 * values: p-th percentile = value at rank ceil(p/100 * n). qps = 1e6/mean. */
typedef struct {
    size_t queries;
    double mean_us, p50_us, p95_us, p99_us, qps, max_us;
} bq_summary;

bq_summary bq_summarise(const double *best_us, size_t n);

/* Prints the summary as one JSON object on one line (keys as the acquis
 * bench --json output, plus engine, k, passes and hits). */
void bq_print_json(FILE *out, const char *engine, const bq_summary *s, int k, int passes, long long hits);

/* Writes "qid<TAB>best_us<TAB>hits" per query. Returns 0 or -1. */
int bq_write_latencies(const char *path, const bq_query *q, const double *best_us, const int *hits, size_t n);

/* Parses a positive integer option value or exits. */
int bq_parse_int(const char *opt, const char *s, int min);

#ifdef __cplusplus
}
#endif
#endif
