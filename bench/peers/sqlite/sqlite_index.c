/* sqlite_index: builds a SQLite FTS5 index of a JSON Lines file.
 *
 *   sqlite_index [--cache-mb N] [--contentless] INPUT.jsonl[.gz] DBFILE
 *
 * Table: CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, text,
 * tokenize='porter unicode61'), every document inserted with one prepared
 * INSERT inside one transaction (BEGIN ... COMMIT), default FTS5 options
 * (no 'optimize' afterwards), default journal and synchronous settings, page
 * cache of --cache-mb MB (default 256, the RAM buffer Lucene gets).
 * Prints one JSON line: documents, UTF-8 bytes of title+text, wall time in
 * ms (open to close, reading and decompressing the input included), the
 * database file size, and (from the dbstat table, after the timing) how much
 * of it is FTS5's copy of the documents (t_content) and how much the index.
 * --contentless: the table keeps no copy of the documents (content=''), the
 * fastest FTS5 index there is (issue 14 measures acquis against it). */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/bench.h"
#include "../common/jsonl.h"

static void die_db(sqlite3 *db, const char *what)
{
    fprintf(stderr, "sqlite_index: %s: %s\n", what, sqlite3_errmsg(db));
    exit(2);
}

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "sqlite_index: %s: %s\n", sql, err ? err : "?");
        exit(2);
    }
}

int main(int argc, char **argv)
{
    int cache_mb = 256, contentless = 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--cache-mb") == 0 && i + 1 < argc)
            cache_mb = bq_parse_int("--cache-mb", argv[++i], 1);
        else if (strcmp(argv[i], "--contentless") == 0)
            contentless = 1;
        else {
            fprintf(stderr, "sqlite_index: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (argc - i != 2) {
        fprintf(stderr, "usage: sqlite_index [--cache-mb N] [--contentless] INPUT.jsonl[.gz] DBFILE\n");
        return 2;
    }
    const char *input = argv[i], *dbpath = argv[i + 1];
    char tmp[4096];
    if (unlink(dbpath) != 0 && errno != ENOENT) {
        fprintf(stderr, "sqlite_index: cannot remove %s\n", dbpath);
        return 2;
    }
    snprintf(tmp, sizeof tmp, "%s-journal", dbpath);
    unlink(tmp);

    double t0 = bq_now_ns();
    jl_reader *r = jl_open(input);
    if (!r)
        return 2;
    sqlite3 *db;
    if (sqlite3_open(dbpath, &db) != SQLITE_OK)
        die_db(db, "open");
    snprintf(tmp, sizeof tmp, "PRAGMA cache_size=-%d", cache_mb * 1024);
    exec(db, tmp);
    exec(db, contentless ? "CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, text, content='', tokenize='porter unicode61')"
                         : "CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, text, tokenize='porter unicode61')");
    exec(db, "BEGIN");
    sqlite3_stmt *ins;
    if (sqlite3_prepare_v2(db, "INSERT INTO t(id, title, text) VALUES (?1, ?2, ?3)", -1, &ins, NULL) != SQLITE_OK)
        die_db(db, "prepare");
    jl_doc d;
    long long docs = 0, text_bytes = 0;
    int rc;
    while ((rc = jl_next(r, &d)) == 1) {
        sqlite3_bind_text(ins, 1, d.id, (int)d.id_len, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, d.title, (int)d.title_len, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, d.text, (int)d.text_len, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            die_db(db, "insert");
        sqlite3_reset(ins);
        docs++;
        text_bytes += (long long)(d.title_len + d.text_len);
    }
    if (rc < 0)
        return 2;
    sqlite3_finalize(ins);
    exec(db, "COMMIT");
    if (sqlite3_close(db) != SQLITE_OK)
        die_db(db, "close");
    jl_close(r);
    double t1 = bq_now_ns();

    struct stat st;
    if (stat(dbpath, &st) != 0) {
        fprintf(stderr, "sqlite_index: cannot stat %s\n", dbpath);
        return 2;
    }
    /* Untimed: where the bytes are. */
    long long content = -1, fts = -1;
    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(db,
                               "SELECT coalesce(sum(CASE WHEN name='t_content' THEN pgsize END),0),"
                               " coalesce(sum(CASE WHEN name IN ('t_data','t_idx','t_docsize','t_config') THEN pgsize END),0)"
                               " FROM dbstat",
                               -1, &s, NULL) == SQLITE_OK &&
            sqlite3_step(s) == SQLITE_ROW) {
            content = sqlite3_column_int64(s, 0);
            fts = sqlite3_column_int64(s, 1);
        }
        sqlite3_finalize(s);
        sqlite3_close(db);
    }
    printf("{\"engine\": \"sqlite\", \"docs\": %lld, \"text_bytes\": %lld, \"index_ms\": %.0f, "
           "\"index_bytes\": %lld, \"content_bytes\": %lld, \"fts_index_bytes\": %lld, \"sqlite\": \"%s\"}\n",
           docs, text_bytes, (t1 - t0) / 1e6, (long long)st.st_size, content, fts, sqlite3_libversion());
    return 0;
}
