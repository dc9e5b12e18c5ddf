/* sqlite_search: times ranked searches on an FTS5 index built by sqlite_index.
 *
 *   sqlite_search [-k K] [--passes N] [--run FILE] [--latencies FILE]
 *                 [--cache-mb N] DBFILE QUERIES.tsv
 *
 * Each query "qid<TAB>text" becomes a MATCH expression: the text is cut at
 * whitespace and ASCII punctuation, each piece is double-quoted (so nothing
 * in it is FTS5 syntax) and the pieces are joined with OR. The statement,
 * prepared once, is
 *   SELECT rowid, bm25(t) FROM t WHERE t MATCH ?1 ORDER BY bm25(t) LIMIT ?2
 * (FTS5's bm25() has k1=1.2, b=0.75 built in). The timed region is bind +
 * stepping through every row + reset. One warm pass over all queries, then
 * N timed passes; per query the best (minimum) latency counts. Prints one
 * JSON summary line; --latencies writes qid<TAB>best_us<TAB>hits;
 * --run writes a TREC run (qid Q0 docid rank score sqlite) from one more,
 * untimed, pass that also looks up each hit's id. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/bench.h"

static char *match_expr(const char *q)
{
    size_t n = strlen(q);
    char *out = malloc(n * 6 + 8), *o = out;
    int first = 1;
    const unsigned char *p = (const unsigned char *)q;
    while (*p) {
        while (*p && *p < 0x80 && !((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            p++;
        if (!*p)
            break;
        const unsigned char *s = p;
        while (*p && (*p >= 0x80 || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            p++;
        if (!first) {
            memcpy(o, " OR ", 4);
            o += 4;
        }
        first = 0;
        *o++ = '"';
        memcpy(o, s, (size_t)(p - s));
        o += p - s;
        *o++ = '"';
    }
    *o = '\0';
    return out;
}

int main(int argc, char **argv)
{
    int k = 10, passes = 3, cache_mb = 256;
    const char *run_path = NULL, *lat_path = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "-k") == 0 && i + 1 < argc)
            k = bq_parse_int("-k", argv[++i], 1);
        else if (strcmp(argv[i], "--passes") == 0 && i + 1 < argc)
            passes = bq_parse_int("--passes", argv[++i], 1);
        else if (strcmp(argv[i], "--run") == 0 && i + 1 < argc)
            run_path = argv[++i];
        else if (strcmp(argv[i], "--latencies") == 0 && i + 1 < argc)
            lat_path = argv[++i];
        else if (strcmp(argv[i], "--cache-mb") == 0 && i + 1 < argc)
            cache_mb = bq_parse_int("--cache-mb", argv[++i], 1);
        else {
            fprintf(stderr, "sqlite_search: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (argc - i != 2) {
        fprintf(stderr, "usage: sqlite_search [-k K] [--passes N] [--run FILE] [--latencies FILE] [--cache-mb N] DBFILE QUERIES.tsv\n");
        return 2;
    }
    sqlite3 *db;
    if (sqlite3_open_v2(argv[i], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "sqlite_search: cannot open %s: %s\n", argv[i], sqlite3_errmsg(db));
        return 2;
    }
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%d", cache_mb * 1024);
    sqlite3_exec(db, pragma, NULL, NULL, NULL);
    size_t nq;
    bq_query *qs = bq_read_queries(argv[i + 1], &nq);
    char **expr = malloc(nq * sizeof *expr);
    for (size_t j = 0; j < nq; j++)
        expr[j] = match_expr(qs[j].text);

    sqlite3_stmt *st, *idst;
    if (sqlite3_prepare_v2(db, "SELECT rowid, bm25(t) FROM t WHERE t MATCH ?1 ORDER BY bm25(t) LIMIT ?2", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT id FROM t WHERE rowid = ?1", -1, &idst, NULL) != SQLITE_OK) {
        fprintf(stderr, "sqlite_search: prepare: %s\n", sqlite3_errmsg(db));
        return 2;
    }
    double *best = malloc(nq * sizeof *best);
    int *hits = calloc(nq, sizeof *hits);
    long long errors = 0;
    for (int pass = 0; pass <= passes; pass++) {
        for (size_t j = 0; j < nq; j++) {
            int n = 0, rc;
            double t0 = bq_now_ns();
            if (expr[j][0]) {
                sqlite3_bind_text(st, 1, expr[j], -1, SQLITE_STATIC);
                sqlite3_bind_int(st, 2, k);
                while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                    (void)sqlite3_column_int64(st, 0);
                    (void)sqlite3_column_double(st, 1);
                    n++;
                }
                sqlite3_reset(st);
            } else {
                rc = SQLITE_DONE;
            }
            double us = (bq_now_ns() - t0) / 1e3;
            if (rc != SQLITE_DONE && pass == 0) {
                fprintf(stderr, "sqlite_search: query %s (%s): %s\n", qs[j].qid, expr[j], sqlite3_errmsg(db));
                errors++;
            }
            if (pass == 0)
                continue; /* warm pass */
            if (pass == 1 || us < best[j])
                best[j] = us;
            hits[j] = n;
        }
    }
    long long total_hits = 0;
    for (size_t j = 0; j < nq; j++)
        total_hits += hits[j];
    bq_summary s = bq_summarise(best, nq);
    bq_print_json(stdout, "sqlite", &s, k, passes, total_hits);
    if (errors)
        fprintf(stderr, "sqlite_search: %lld queries failed\n", errors);
    if (lat_path && bq_write_latencies(lat_path, qs, best, hits, nq))
        return 2;
    if (run_path) {
        FILE *rf = fopen(run_path, "w");
        if (!rf) {
            fprintf(stderr, "sqlite_search: cannot write %s\n", run_path);
            return 2;
        }
        for (size_t j = 0; j < nq; j++) {
            if (!expr[j][0])
                continue;
            sqlite3_bind_text(st, 1, expr[j], -1, SQLITE_STATIC);
            sqlite3_bind_int(st, 2, k);
            int rank = 0;
            while (sqlite3_step(st) == SQLITE_ROW) {
                sqlite3_int64 rowid = sqlite3_column_int64(st, 0);
                /* bm25() is "smaller is better"; the run file gets -bm25. */
                double score = -sqlite3_column_double(st, 1);
                sqlite3_bind_int64(idst, 1, rowid);
                const char *id = "?";
                if (sqlite3_step(idst) == SQLITE_ROW)
                    id = (const char *)sqlite3_column_text(idst, 0);
                fprintf(rf, "%s Q0 %s %d %.6f sqlite\n", qs[j].qid, id, ++rank, score);
                sqlite3_reset(idst);
            }
            sqlite3_reset(st);
        }
        fclose(rf);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(idst);
    sqlite3_close(db);
    for (size_t j = 0; j < nq; j++)
        free(expr[j]);
    free(expr);
    free(best);
    free(hits);
    bq_free_queries(qs, nq);
    return errors ? 1 : 0;
}
