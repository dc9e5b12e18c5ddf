/* cmd_delete.c: `acquis delete`: deletes documents by id (from the command
 * line, or a file or standard input, one per line) and by query
 * (acq_writer_delete_query), in one atomic commit, and says how many went.
 * Exit status 0 when some were deleted, 1 when nothing matched (then nothing
 * is committed), 2 on error (the index is then unchanged). */
#include "acquis.h"
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *f)
{
    fprintf(f,
            "usage: acquis delete [-i DIR] [--from FILE] [--query QUERY] [--quiet] [--] [ID...]\n"
            "\n"
            "Deletes from the index in DIR the documents with each ID, those whose ids\n"
            "are listed in FILE, and every document matching QUERY (the query language\n"
            "of acquis search: words, \"phrases\", fields, date:..1999, type:DEC, ...),\n"
            "in one commit: searches see all of it or none of it. Prints how many\n"
            "documents were deleted. Their space is reclaimed when segments are merged\n"
            "(acquis optimize does it at once).\n"
            "\n"
            "  -i DIR          the index (default: index)\n"
            "  --from FILE     ids one per line ('-': standard input); empty lines are\n"
            "                  skipped, nothing else is trimmed (ids are exact)\n"
            "  --query QUERY   delete every document this query matches; try it first\n"
            "                  with acquis search --count QUERY\n"
            "  --quiet         no summary, no message per unknown id\n"
            "  --              what follows is an ID even if it starts with '-'\n"
            "\n"
            "--from and --query may be given more than once. An unknown ID is reported\n"
            "and ignored.\n"
            "\n"
            "Exit status: 0 when documents were deleted, 1 when none matched (nothing\n"
            "is then changed), 2 on error (the index is then unchanged).\n"
            "\n"
            "examples:\n"
            "  acquis delete -i index 32008D0615 32016R0794\n"
            "  acquis delete -i index --from withdrawn.txt\n"
            "  acquis search -i index --json 'title:corrigendum' | jq -r .id | acquis delete -i index --from -\n"
            "  acquis delete -i index --query 'type:DEC date:..1999'\n");
}

typedef struct strlist {
    char **v;
    size_t n, cap;
} strlist;

static int strlist_add(strlist *l, const char *s, size_t n)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, cap * sizeof *v);
        if (v == NULL)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    char *c = malloc(n + 1);
    if (c == NULL)
        return -1;
    memcpy(c, s, n);
    c[n] = '\0';
    l->v[l->n++] = c;
    return 0;
}

static void strlist_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

/* Reads ids, one per line, from path ("-": standard input). Returns 0, or
 * -1 after printing why. */
static int read_ids(strlist *ids, const char *path)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "acquis delete: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    const char *name = is_stdin ? "standard input" : path;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    int rc = 0;
    errno = 0;
    while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        /* Line ends, Unix or DOS, are not part of the id. */
        if (n > 0 && line[n - 1] == '\n')
            n--;
        if (n > 0 && line[n - 1] == '\r')
            n--;
        if (n == 0)
            continue;
        if (memchr(line, '\0', (size_t)n) != NULL) {
            fprintf(stderr, "acquis delete: %s:%lu: a NUL byte in an id (is this a text file?)\n", name, lineno);
            rc = -1;
        } else if (strlist_add(ids, line, (size_t)n) != 0) {
            fprintf(stderr, "acquis delete: out of memory reading %s\n", name);
            rc = -1;
        }
    }
    if (rc == 0 && ferror(f)) {
        fprintf(stderr, "acquis delete: cannot read %s: %s\n", name, strerror(errno ? errno : EIO));
        rc = -1;
    }
    free(line);
    if (!is_stdin)
        fclose(f);
    return rc;
}

/* Live documents of the last commit of dir, through an open index. */
static int live_documents(const char *dir, uint64_t *docs, char *msg, size_t n)
{
    acq_index *ix;
    int rc = acq_index_open(&ix, dir, msg, n);
    if (rc != ACQ_OK)
        return rc;
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    rc = acq_index_stats_get(ix, &st);
    if (rc != ACQ_OK)
        snprintf(msg, n, "%s: %s", dir, acq_strerror(rc));
    *docs = st.documents;
    acq_index_close(ix);
    return rc;
}

/* Finds what each id and query would delete in the snapshot ix and asks
 * the writer to delete it. Returns 0, or 2 after printing why. */
static int ask_deletions(acq_writer *w, acq_index *ix, const char *dir, const strlist *ids, const strlist *queries,
                         int quiet, uint64_t *matched)
{
    char msg[1024];
    *matched = 0;
    for (size_t i = 0; i < ids->n; i++) {
        acq_document *d = NULL;
        int rc = ids->v[i][0] ? acq_index_document(&d, ix, ids->v[i], msg, sizeof msg) : ACQ_ENOTFOUND;
        acq_document_free(d);
        if (rc == ACQ_ENOTFOUND) {
            if (!quiet)
                fprintf(stderr, "acquis delete: %s (ignored)\n", ids->v[i][0] ? msg : "an empty id names no document");
            continue;
        }
        if (rc == ACQ_OK)
            rc = acq_writer_delete(w, ids->v[i]);
        if (rc != ACQ_OK) {
            fprintf(stderr, "acquis delete: %s\n", msg[0] ? msg : acq_writer_errmsg(w));
            return 2;
        }
        (*matched)++;
    }
    for (size_t i = 0; i < queries->n; i++) {
        /* Counted with the search the user would run to check it. */
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.k = 1;
        o.count = 1;
        o.no_fields = 1;
        acq_results *r = NULL;
        int rc = acq_search(&r, ix, queries->v[i], &o, msg, sizeof msg);
        if (rc != ACQ_OK) {
            fprintf(stderr, "acquis delete: query %s: %s\n", queries->v[i], msg);
            return 2;
        }
        uint64_t total = acq_results_total(r);
        acq_results_free(r);
        if (total == 0 && !quiet)
            fprintf(stderr, "acquis delete: no document in %s matches %s\n", dir, queries->v[i]);
        if (total && acq_writer_delete_query(w, queries->v[i]) != ACQ_OK) {
            fprintf(stderr, "acquis delete: query %s: %s\n", queries->v[i], acq_writer_errmsg(w));
            return 2;
        }
        *matched += total;
    }
    return 0;
}

int cli_delete(int argc, char **argv)
{
    const char *dir = "index";
    int quiet = 0, options = 1, status = -1;
    strlist ids = {0}, queries = {0};
    for (int i = 1; i < argc && status < 0; i++) {
        const char *a = argv[i];
        if (options && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
            help(stdout);
            status = 0;
        } else if (options && strcmp(a, "-i") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (options && strcmp(a, "--from") == 0 && i + 1 < argc) {
            if (read_ids(&ids, argv[++i]) != 0)
                status = 2;
        } else if (options && strcmp(a, "--query") == 0 && i + 1 < argc) {
            if (strlist_add(&queries, argv[i + 1], strlen(argv[i + 1])) != 0) {
                fprintf(stderr, "acquis delete: out of memory\n");
                status = 2;
            }
            i++;
        } else if (options && (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)) {
            quiet = 1;
        } else if (options && strcmp(a, "--") == 0) {
            options = 0;
        } else if (options && a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "acquis delete: unknown option '%s' (see acquis delete --help; `--` before an id "
                            "that starts with '-')\n", a);
            status = 2;
        } else if (strlist_add(&ids, a, strlen(a)) != 0) {
            fprintf(stderr, "acquis delete: out of memory\n");
            status = 2;
        }
    }
    if (status < 0 && ids.n == 0 && queries.n == 0) {
        fprintf(stderr, "acquis delete: nothing to delete: give IDs, --from FILE or --query QUERY (see acquis delete "
                        "--help)\n");
        status = 2;
    }
    char msg[1024];
    uint64_t before = 0, after = 0, matched = 0;
    acq_writer *w = NULL;
    acq_index *ix = NULL;
    /* The index must exist (opening a writer would create an empty one);
     * then, under the writer's lock, the snapshot that counts. */
    if (status < 0 && (live_documents(dir, &before, msg, sizeof msg) != ACQ_OK ||
                       acq_writer_open(&w, dir, NULL, msg, sizeof msg) != ACQ_OK ||
                       acq_index_open(&ix, dir, msg, sizeof msg) != ACQ_OK ||
                       live_documents(dir, &before, msg, sizeof msg) != ACQ_OK)) {
        fprintf(stderr, "acquis delete: %s\n", msg);
        status = 2;
    }
    if (status < 0 && ask_deletions(w, ix, dir, &ids, &queries, quiet, &matched) != 0)
        status = 2;
    acq_index_close(ix);
    if (status < 0 && matched == 0) {
        if (!quiet)
            fprintf(stderr, "acquis delete: no document matched; %s is unchanged\n", dir);
        status = 1;
    }
    if (status < 0 && acq_writer_commit(w) != ACQ_OK) {
        fprintf(stderr, "acquis delete: %s\n", acq_writer_errmsg(w));
        status = 2;
    }
    acq_writer_close(w);
    if (status == 2 && w != NULL)
        fprintf(stderr, "acquis delete: nothing deleted; %s is unchanged\n", dir);
    if (status < 0 && live_documents(dir, &after, msg, sizeof msg) != ACQ_OK) {
        fprintf(stderr, "acquis delete: the deletions were committed, but counting them failed: %s\n", msg);
        status = 2;
    }
    if (status < 0) {
        uint64_t deleted = before > after ? before - after : 0;
        if (!quiet)
            fprintf(stderr, "deleted %llu document%s from %s; it holds %llu\n", (unsigned long long)deleted,
                    deleted == 1 ? "" : "s", dir, (unsigned long long)after);
        status = deleted ? 0 : 1;
    }
    strlist_free(&ids);
    strlist_free(&queries);
    return status;
}
