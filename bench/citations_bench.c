/* citations_bench.c: the speed of the citation extractor
 * (src/knowledge/citations.h), which runs over every document at index
 * time. Reads a JSON Lines collection into memory, then extracts the
 * citations of every text R times, with the bundled instruments table and
 * without; prints MB/s (median of R runs over the whole collection) by the
 * wall clock and by the process's CPU time (steadier on a shared machine),
 * the citations found and how they were recognised.
 *
 *   citations_bench [COLLECTION.jsonl[.gz]] [RUNS]
 *
 * Default collection: ../shared/corpus/jha-en.jsonl.gz (run from the
 * repository root). Times are wall clock, one thread. */
#include "acquis.h"
#include "ingest/ingest.h"
#include "knowledge/citations.h"
#include "knowledge/instruments.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct text { char *s; size_t n; } text;
static text *texts;
static size_t ntexts, captexts, total_bytes;

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int hold(void *ctx, const acq_ingest_doc *d)
{
    (void)ctx;
    if (d->doc.text == NULL)
        return ACQ_OK;
    if (ntexts == captexts) {
        captexts = captexts ? captexts * 2 : 4096;
        texts = realloc(texts, captexts * sizeof *texts);
        if (texts == NULL)
            return ACQ_ENOMEM;
    }
    size_t n = d->doc.text_len ? d->doc.text_len : strlen(d->doc.text);
    char *s = malloc(n + 1);
    if (s == NULL)
        return ACQ_ENOMEM;
    memcpy(s, d->doc.text, n);
    s[n] = '\0';
    texts[ntexts++] = (text){s, n};
    total_bytes += n;
    return ACQ_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One pass over every text; returns wall seconds, CPU seconds in *cpu,
 * and counts by how. */
static double pass(const acq_instruments *kb, size_t counts[8], double *cpu)
{
    acq_citations c = {0};
    memset(counts, 0, 8 * sizeof *counts);
    double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    for (size_t i = 0; i < ntexts; i++) {
        if (acq_citations_extract(texts[i].s, texts[i].n, kb, &c) != ACQ_OK) {
            fprintf(stderr, "out of memory\n");
            exit(1);
        }
        for (size_t k = 0; k < c.n; k++)
            counts[c.items[k].how & 7]++;
    }
    double dt = clock_s(CLOCK_MONOTONIC) - t0;
    *cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    acq_citations_free(&c);
    return dt;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../shared/corpus/jha-en.jsonl.gz";
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    if (runs < 1 || runs > 100)
        runs = 5;
    acq_ingest_callbacks cb = {.doc = hold};
    acq_err err = {0};
    if (acq_ingest_path(path, &cb, NULL, &err) != ACQ_OK) {
        fprintf(stderr, "citations_bench: %s\n", err.msg);
        return 1;
    }
    acq_instruments *kb;
    if (acq_instruments_open(&kb, &err) != ACQ_OK) {
        fprintf(stderr, "citations_bench: %s\n", err.msg);
        return 1;
    }
    printf("%s: %zu texts, %.1f MB; %zu instruments; %d runs\n", path, ntexts,
           total_bytes / 1e6, acq_instruments_count(kb), runs);
    static const char *const hows[] = {"", "typed", "list", "range", "table", "celex"};
    for (int with = 1; with >= 0; with--) {
        double t[100], cpu[100];
        size_t counts[8];
        for (int r = 0; r < runs; r++)
            t[r] = pass(with ? kb : NULL, counts, &cpu[r]);
        qsort(t, (size_t)runs, sizeof *t, cmp_double);
        qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
        double med = t[runs / 2], cmed = cpu[runs / 2];
        size_t all = 0;
        for (int k = 1; k <= 5; k++)
            all += counts[k];
        printf("%s table: median %.3f s, %.0f MB/s (CPU time %.3f s, %.0f MB/s), %zu citations (",
               with ? "with   " : "without", med, total_bytes / 1e6 / med, cmed,
               total_bytes / 1e6 / cmed, all);
        for (int k = 1; k <= 5; k++)
            printf("%s%s %zu", k > 1 ? ", " : "", hows[k], counts[k]);
        printf(")\n");
    }
    acq_instruments_free(kb);
    for (size_t i = 0; i < ntexts; i++)
        free(texts[i].s);
    free(texts);
    return 0;
}
