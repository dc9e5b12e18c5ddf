/* run.c: TREC run files, "qid Q0 docno rank score tag". The reader groups
 * the lines by query and ranks each query's documents the way trec_eval
 * does (score descending, ties by docno descending; the rank column is not
 * used). The writer produces byte-deterministic files whose rank column
 * agrees with that ranking. */
#include "eval/eval.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "eval/textfile.h"

typedef struct run_line {
    const char *qid;
    const char *docno;
    double score;
    size_t line;
} run_line;

static int cmp_line(const void *a, const void *b)
{
    const run_line *x = a, *y = b;
    int c = strcmp(x->qid, y->qid);
    if (c == 0)
        c = strcmp(x->docno, y->docno);
    if (c == 0)
        c = (x->line > y->line) - (x->line < y->line);
    return c;
}

/* trec_eval's order (form_res_rels.c, comp_sim_docno). */
static int cmp_trec(const void *a, const void *b)
{
    const acq_run_doc *x = a, *y = b;
    if (x->score > y->score)
        return -1;
    if (x->score < y->score)
        return 1;
    return strcmp(y->docno, x->docno);
}

void acq_run_sort(acq_run_doc *docs, size_t n)
{
    if (n > 1)
        qsort(docs, n, sizeof *docs, cmp_trec);
}

static int is_integer(const char *s)
{
    char *end;
    errno = 0;
    (void)strtoll(s, &end, 10);
    return end != s && *end == '\0' && errno != ERANGE;
}

static int parse_score(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || isnan(v))
        return 0;
    *out = v;
    return 1;
}

/* Takes ownership of text. */
static int run_build(acq_run *out, const char *name, char *text, size_t len,
                     acq_err *err)
{
    run_line *lines = NULL;
    size_t nlines = 0, cap = 0;
    const char *tag = NULL;
    int rc = acq_text_check_nul(name, text, len, err);

    acq_lines it;
    acq_lines_init(&it, text, len);
    char *line;
    while (rc == ACQ_OK && (line = acq_lines_next(&it)) != NULL) {
        if (acq_text_skippable(line))
            continue;
        char *f[6];
        size_t n = acq_text_fields(line, f, 6);
        if (n != 6) {
            rc = acq_err_set(err, ACQ_EINPUT,
                             "%s:%zu: expected 6 fields \"qid Q0 docno rank score tag\", "
                             "found %zu", name, it.lineno, n);
            break;
        }
        double score;
        if (!is_integer(f[3])) {
            rc = acq_err_set(err, ACQ_EINPUT, "%s:%zu: rank \"%.40s\" is not an integer",
                             name, it.lineno, f[3]);
            break;
        }
        if (!parse_score(f[4], &score)) {
            rc = acq_err_set(err, ACQ_EINPUT, "%s:%zu: score \"%.40s\" is not a number",
                             name, it.lineno, f[4]);
            break;
        }
        if (acq_grow((void **)&lines, &cap, nlines + 1, sizeof *lines) != 0) {
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory reading %s", name);
            break;
        }
        lines[nlines++] = (run_line){f[0], f[2], score, it.lineno};
        tag = f[5];
    }

    if (rc == ACQ_OK && nlines > 0) {
        qsort(lines, nlines, sizeof *lines, cmp_line);
        for (size_t i = 1; i < nlines; i++) {
            if (strcmp(lines[i].qid, lines[i - 1].qid) == 0 &&
                strcmp(lines[i].docno, lines[i - 1].docno) == 0) {
                rc = acq_err_set(err, ACQ_EINPUT,
                                 "%s:%zu: document %.100s listed twice for query %.100s "
                                 "(first at line %zu); trec_eval refuses duplicates",
                                 name, lines[i].line, lines[i].docno, lines[i].qid,
                                 lines[i - 1].line);
                break;
            }
        }
    }

    size_t nq = 0;
    for (size_t i = 0; rc == ACQ_OK && i < nlines; i++)
        nq += i == 0 || strcmp(lines[i].qid, lines[i - 1].qid) != 0;
    acq_run_doc *docs = NULL;
    acq_run_query *queries = NULL;
    if (rc == ACQ_OK && nlines > 0) {
        docs = acq_malloc(nlines * sizeof *docs);
        queries = acq_calloc(nq, sizeof *queries);
        if (docs == NULL || queries == NULL)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory reading %s", name);
    }
    if (rc == ACQ_OK) {
        size_t q = 0;
        for (size_t i = 0; i < nlines; i++) {
            if (i > 0 && strcmp(lines[i].qid, lines[i - 1].qid) != 0)
                q++;
            if (queries[q].qid == NULL) {
                queries[q].qid = lines[i].qid;
                queries[q].docs = docs + i;
            }
            docs[i] = (acq_run_doc){lines[i].docno, lines[i].score};
            queries[q].count++;
        }
        for (size_t i = 0; i < nq; i++)
            acq_run_sort(queries[i].docs, queries[i].count);
    }
    acq_free(lines);
    if (rc != ACQ_OK) {
        acq_free(docs);
        acq_free(queries);
        acq_free(text);
        return rc;
    }
    out->queries = queries;
    out->count = nq;
    out->tag = tag;
    out->text_ = text;
    out->docs_ = docs;
    return ACQ_OK;
}

int acq_run_parse(acq_run *out, const char *name, const char *data, size_t len,
                  acq_err *err)
{
    memset(out, 0, sizeof *out);
    if (data == NULL && len > 0)
        return acq_err_set(err, ACQ_EARG, "acq_run_parse: no data");
    char *text;
    int rc = acq_text_copy(data, len, &text, err);
    if (rc != ACQ_OK)
        return rc;
    return run_build(out, name ? name : "run", text, len, err);
}

int acq_run_read(acq_run *out, const char *path, acq_err *err)
{
    memset(out, 0, sizeof *out);
    char *text;
    size_t len;
    int rc = acq_text_slurp(path, &text, &len, err);
    if (rc != ACQ_OK)
        return rc;
    return run_build(out, path, text, len, err);
}

void acq_run_free(acq_run *r)
{
    if (r == NULL)
        return;
    acq_free(r->queries);
    acq_free(r->docs_);
    acq_free(r->text_);
    memset(r, 0, sizeof *r);
}

const acq_run_query *acq_run_find(const acq_run *r, const char *qid)
{
    size_t lo = 0, hi = r ? r->count : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(qid, r->queries[mid].qid);
        if (c == 0)
            return &r->queries[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* ---- Writing ------------------------------------------------------------ */

/* A field of a run line: non-empty, no blanks (or the line would not read
 * back as six fields). */
static int valid_field(const char *s)
{
    if (s == NULL || *s == '\0')
        return 0;
    for (; *s; s++)
        if (acq_text_space((unsigned char)*s))
            return 0;
    return 1;
}

static int cmp_docno(const void *a, const void *b)
{
    return strcmp(((const acq_run_doc *)a)->docno, ((const acq_run_doc *)b)->docno);
}

/* The score as trec_eval will read it back from the written text. */
static double printed_score(double score)
{
    char text[512];
    snprintf(text, sizeof text, ACQ_RUN_SCORE_FORMAT, score);
    double v = strtod(text, NULL);
    return v == 0.0 ? 0.0 : v;   /* no "-0.000000" */
}

int acq_run_format_query(acq_buf *out, const char *qid,
                         const acq_run_doc *docs, size_t n, const char *tag,
                         acq_err *err)
{
    if (out == NULL || (docs == NULL && n > 0))
        return acq_err_set(err, ACQ_EARG, "acq_run_format_query: NULL argument");
    if (!valid_field(qid))
        return acq_err_set(err, ACQ_EARG,
                           "query id \"%.100s\" is empty or contains blanks",
                           qid ? qid : "");
    if (!valid_field(tag))
        return acq_err_set(err, ACQ_EARG, "run tag \"%.100s\" is empty or contains blanks",
                           tag ? tag : "");
    if (n == 0)
        return ACQ_OK;
    acq_run_doc *sorted = acq_malloc(n * sizeof *sorted);
    if (sorted == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory writing a run");
    int rc = ACQ_OK;
    for (size_t i = 0; i < n && rc == ACQ_OK; i++) {
        if (!valid_field(docs[i].docno))
            rc = acq_err_set(err, ACQ_EARG,
                             "query %.100s: document id \"%.100s\" is empty or contains blanks",
                             qid, docs[i].docno ? docs[i].docno : "");
        else if (isnan(docs[i].score))
            rc = acq_err_set(err, ACQ_EARG, "query %.100s: document %.100s has a NaN score",
                             qid, docs[i].docno);
        else
            sorted[i] = (acq_run_doc){docs[i].docno, printed_score(docs[i].score)};
    }
    if (rc == ACQ_OK) {
        qsort(sorted, n, sizeof *sorted, cmp_docno);
        for (size_t i = 1; i < n && rc == ACQ_OK; i++)
            if (strcmp(sorted[i].docno, sorted[i - 1].docno) == 0)
                rc = acq_err_set(err, ACQ_EARG,
                                 "query %.100s: document %.100s listed twice",
                                 qid, sorted[i].docno);
    }
    if (rc == ACQ_OK) {
        acq_run_sort(sorted, n);
        for (size_t i = 0; i < n; i++)
            acq_buf_printf(out, "%s Q0 %s %zu " ACQ_RUN_SCORE_FORMAT " %s\n", qid,
                           sorted[i].docno, i + 1, sorted[i].score, tag);
        if (out->failed)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory writing a run");
    }
    acq_free(sorted);
    return rc;
}

int acq_run_write(const char *path, const acq_run *run, const char *tag,
                  acq_err *err)
{
    if (path == NULL || run == NULL)
        return acq_err_set(err, ACQ_EARG, "acq_run_write: NULL argument");
    acq_buf b = {0};
    int rc = ACQ_OK;
    for (size_t i = 0; i < run->count && rc == ACQ_OK; i++)
        rc = acq_run_format_query(&b, run->queries[i].qid, run->queries[i].docs,
                                  run->queries[i].count, tag, err);
    if (rc != ACQ_OK) {
        acq_buf_free(&b);
        return rc;
    }
    int to_stdout = strcmp(path, "-") == 0;
    FILE *f = to_stdout ? stdout : fopen(path, "wb");
    if (f == NULL) {
        acq_buf_free(&b);
        return acq_err_errno(err, "cannot write %s", path);
    }
    size_t wrote = b.len ? fwrite(b.data, 1, b.len, f) : 0;
    int bad = wrote != b.len;
    if (to_stdout)
        bad |= fflush(f) != 0;
    else
        bad |= fclose(f) != 0;
    acq_buf_free(&b);
    if (bad)
        return acq_err_errno(err, "cannot write %s", to_stdout ? "standard output" : path);
    return ACQ_OK;
}
