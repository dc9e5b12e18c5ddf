/* append_bench.c: what documents that change cost (issue "Documents that
 * change"): the time to append 2, 100 and 10,000 new documents to an
 * existing index and to replace as many of its documents (open writer, add,
 * commit, close: what `acquis add` does), median of R runs each on a fresh
 * copy of the index; then 1,000 small commits of 2 documents through one
 * writer: time per commit, segments at the end, and search latency on that
 * index against the same index merged into one segment.
 *
 *   append_bench BASE_INDEX NEW_DOCS.jsonl[.gz] QUERIES.tsv [RUNS] [WORKDIR]
 *
 * BASE_INDEX is left untouched (copied with cp -a). New documents get the
 * prefix "new-" on their ids so that they are appended, not replacing;
 * replacements re-add documents of NEW_DOCS under ids of the base index,
 * found by searching it. Times are wall clock, one thread. */
#include "acquis.h"
#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_NEW 12000

typedef struct held { char *id, *title, *text, *date, *type, *lang; } held;
static held docs[MAX_NEW];
static size_t ndocs;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *dupn(const char *s, size_t n)
{
    if (s == NULL)
        return NULL;
    if (n == 0)
        n = strlen(s);
    char *c = malloc(n + 1);
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

static int hold(void *ctx, const acq_ingest_doc *d)
{
    (void)ctx;
    if (ndocs == MAX_NEW)
        return ACQ_ELIMIT;
    held *h = &docs[ndocs++];
    char *id = dupn(d->doc.id, d->doc.id_len);
    h->id = malloc(strlen(id) + 5);
    sprintf(h->id, "new-%s", id);
    free(id);
    h->title = dupn(d->doc.title, d->doc.title_len);
    h->text = dupn(d->doc.text, d->doc.text_len);
    h->date = dupn(d->doc.date, d->doc.date_len);
    h->type = dupn(d->doc.type, d->doc.type_len);
    h->lang = dupn(d->doc.lang, d->doc.lang_len);
    return ACQ_OK;
}

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "append_bench: %s: %s\n", what, msg);
    exit(1);
}

static void add(acq_writer *w, const held *h, const char *id)
{
    acq_document d = {0};
    d.id = id ? id : h->id;
    d.title = h->title;
    d.text = h->text;
    d.date = h->date;
    d.type = h->type;
    d.lang = h->lang;
    if (acq_writer_add(w, &d) != ACQ_OK)
        die("add", acq_writer_errmsg(w));
}

static void copy_index(const char *from, const char *to)
{
    char cmd[3 * 4096 + 64];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -a '%s' '%s'", to, from, to);
    if (system(cmd) != 0)
        die("copy", cmd);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double quantile(double *v, size_t n, double q)
{
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)(q * (double)(n - 1) + 0.5);
    return v[i];
}

/* Ids of the base index to replace: the top hits of a common word. */
static char **base_ids(const char *dir, size_t n)
{
    acq_index *ix;
    char msg[1024];
    if (acq_index_open(&ix, dir, msg, sizeof msg) != ACQ_OK)
        die(dir, msg);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = n;
    acq_results *r;
    if (acq_search(&r, ix, "member states", &o, msg, sizeof msg) != ACQ_OK)
        die("search", msg);
    char **ids = calloc(n + 1, sizeof *ids);
    for (size_t i = 0; i < acq_results_count(r); i++)
        ids[i] = strdup(acq_results_hit(r, i)->id);
    if (acq_results_count(r) < n)
        die("base index", "too few documents to replace");
    acq_results_free(r);
    acq_index_close(ix);
    return ids;
}

static size_t segments_of(const char *dir)
{
    acq_index *ix;
    char msg[1024];
    if (acq_index_open(&ix, dir, msg, sizeof msg) != ACQ_OK)
        die(dir, msg);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    acq_index_stats_get(ix, &st);
    acq_index_close(ix);
    return (size_t)st.segments;
}

/* Median and p99 of k=10 searches of every query (3 passes, first dropped). */
static void latency(const char *dir, char **queries, size_t nq, double *p50, double *p99)
{
    acq_index *ix;
    char msg[1024];
    if (acq_index_open(&ix, dir, msg, sizeof msg) != ACQ_OK)
        die(dir, msg);
    double *t = malloc(nq * 2 * sizeof *t);
    size_t nt = 0;
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < nq; i++) {
            acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
            o.plain = 1;
            acq_results *r;
            double t0 = now();
            if (acq_search(&r, ix, queries[i], &o, msg, sizeof msg) != ACQ_OK)
                die("search", msg);
            double dt = now() - t0;
            acq_results_free(r);
            if (pass > 0)
                t[nt++] = dt;
        }
    *p50 = quantile(t, nt, 0.5);
    *p99 = quantile(t, nt, 0.99);
    free(t);
    acq_index_close(ix);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: append_bench BASE_INDEX NEW_DOCS.jsonl[.gz] QUERIES.tsv [RUNS] [WORKDIR]\n");
        return 2;
    }
    const char *base = argv[1];
    int runs = argc > 4 ? atoi(argv[4]) : 5;
    const char *work = argc > 5 ? argv[5] : "/tmp/acquis-append";
    char cmd[4096], ix[4096], merged[4096];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", work);
    if (system(cmd) != 0)
        die("mkdir", work);
    snprintf(ix, sizeof ix, "%s/index", work);
    snprintf(merged, sizeof merged, "%s/merged", work);

    acq_ingest_callbacks cb = {hold, NULL, NULL, NULL, NULL};
    acq_err err = {0};
    int rc = acq_ingest_path(argv[2], &cb, NULL, &err);
    if (rc != ACQ_OK && rc != ACQ_ELIMIT)
        die(argv[2], err.msg);
    if (ndocs < 10000)
        die(argv[2], "fewer than 10,000 documents");

    char **queries = calloc(2001, sizeof *queries);
    size_t nq = 0;
    FILE *qf = fopen(argv[3], "r");
    if (qf == NULL)
        die(argv[3], "cannot open");
    char line[4096];
    while (nq < 2000 && fgets(line, sizeof line, qf)) {
        char *tab = strchr(line, '\t');
        if (tab == NULL)
            continue;
        tab[strcspn(tab, "\r\n")] = '\0';
        queries[nq++] = strdup(tab + 1);
    }
    fclose(qf);

    printf("base index %s (%zu segments), %zu new documents from %s, median of %d runs\n", base,
           segments_of(base), ndocs, argv[2], runs);
    printf("%-10s %8s %12s %12s %10s\n", "operation", "docs", "median ms", "min ms", "segments");
    size_t sizes[] = {2, 100, 10000};
    char **replace = base_ids(base, 10000);
    for (int mode = 0; mode < 2; mode++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            double *t = calloc((size_t)runs, sizeof *t);
            size_t segs = 0;
            for (int r = 0; r < runs; r++) {
                copy_index(base, ix);
                system("sync");
                double t0 = now();
                acq_writer *w;
                char msg[1024];
                if (acq_writer_open(&w, ix, NULL, msg, sizeof msg) != ACQ_OK)
                    die(ix, msg);
                for (size_t i = 0; i < sizes[s]; i++)
                    add(w, &docs[(i + (size_t)r * 7) % ndocs], mode ? replace[i] : NULL);
                if (acq_writer_commit(w) != ACQ_OK)
                    die("commit", acq_writer_errmsg(w));
                acq_writer_close(w);
                t[r] = now() - t0;
                segs = segments_of(ix);
            }
            double min = t[0];
            for (int r = 1; r < runs; r++)
                min = t[r] < min ? t[r] : min;
            printf("%-10s %8zu %12.1f %12.1f %10zu\n", mode ? "replace" : "append", sizes[s],
                   1e3 * quantile(t, (size_t)runs, 0.5), 1e3 * min, segs);
            fflush(stdout);
            free(t);
        }

    /* 1,000 small commits through one writer. */
    copy_index(base, ix);
    acq_writer *w;
    char msg[1024];
    if (acq_writer_open(&w, ix, NULL, msg, sizeof msg) != ACQ_OK)
        die(ix, msg);
    double *ct = calloc(1000, sizeof *ct);
    size_t most = 0;
    double t_all = now();
    for (size_t c = 0; c < 1000; c++) {
        double t0 = now();
        add(w, &docs[(2 * c) % ndocs], NULL);
        add(w, &docs[(2 * c + 1) % ndocs], NULL);
        if (acq_writer_commit(w) != ACQ_OK)
            die("commit", acq_writer_errmsg(w));
        ct[c] = now() - t0;
        if (acq_writer_segment_count(w) > most)
            most = acq_writer_segment_count(w);
    }
    t_all = now() - t_all;
    acq_writer_close(w);
    size_t segs = segments_of(ix);
    double p50, p99, m50, m99, b50, b99;
    latency(ix, queries, nq, &p50, &p99);
    copy_index(ix, merged);
    if (acq_writer_open(&w, merged, NULL, msg, sizeof msg) != ACQ_OK || acq_writer_merge(w) != ACQ_OK)
        die("merge", acq_writer_errmsg(w));
    acq_writer_close(w);
    latency(merged, queries, nq, &m50, &m99);
    latency(base, queries, nq, &b50, &b99);
    printf("\n1000 commits of 2 new documents through one writer: %.1f s in all; per commit median %.1f ms, "
           "p99 %.1f ms, max %.1f ms\n", t_all, 1e3 * quantile(ct, 1000, 0.5), 1e3 * quantile(ct, 1000, 0.99),
           1e3 * quantile(ct, 1000, 1.0));
    printf("segments: %zu at the end, at most %zu during\n", segs, most);
    printf("search latency, %zu plain queries, k=10 (p50 / p99 ms): after the commits %.3f / %.3f; "
           "same index merged into one segment %.3f / %.3f; base index %.3f / %.3f\n",
           nq, 1e3 * p50, 1e3 * p99, 1e3 * m50, 1e3 * m99, 1e3 * b50, 1e3 * b99);
    return 0;
}
