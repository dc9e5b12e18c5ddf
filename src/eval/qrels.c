/* qrels.c: relevance judgements, "qid iter docno rel" lines, read into
 * per-query arrays sorted by docno so that a run's documents can be looked
 * up by binary search. The file's text is kept and the fields are
 * NUL-terminated inside it; the structures point there. */
#include "eval/eval.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "eval/textfile.h"

/* One line while reading: where it came from, for messages. */
typedef struct qrels_line {
    const char *qid;
    const char *docno;
    int rel;
    size_t line;
} qrels_line;

static int cmp_line(const void *a, const void *b)
{
    const qrels_line *x = a, *y = b;
    int c = strcmp(x->qid, y->qid);
    if (c == 0)
        c = strcmp(x->docno, y->docno);
    if (c == 0)
        c = (x->line > y->line) - (x->line < y->line);
    return c;
}

/* Parses an int written in decimal (optional sign); 0 if it is not one. */
static int parse_int(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE || v < INT_MIN || v > INT_MAX)
        return 0;
    *out = (int)v;
    return 1;
}

/* Takes ownership of text (NUL-terminated, len bytes). */
static int qrels_build(acq_qrels *out, const char *name, char *text, size_t len,
                       acq_err *err)
{
    qrels_line *lines = NULL;
    size_t nlines = 0, cap = 0;
    int rc = acq_text_check_nul(name, text, len, err);

    acq_lines it;
    acq_lines_init(&it, text, len);
    char *line;
    while (rc == ACQ_OK && (line = acq_lines_next(&it)) != NULL) {
        if (acq_text_skippable(line))
            continue;
        char *f[4];
        size_t n = acq_text_fields(line, f, 4);
        if (n != 4) {
            rc = acq_err_set(err, ACQ_EINPUT,
                             "%s:%zu: expected 4 fields \"qid iter docno rel\", found %zu",
                             name, it.lineno, n);
            break;
        }
        int rel;
        if (!parse_int(f[3], &rel)) {
            rc = acq_err_set(err, ACQ_EINPUT,
                             "%s:%zu: relevance \"%.40s\" is not an integer",
                             name, it.lineno, f[3]);
            break;
        }
        if (acq_grow((void **)&lines, &cap, nlines + 1, sizeof *lines) != 0) {
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory reading %s", name);
            break;
        }
        lines[nlines++] = (qrels_line){f[0], f[2], rel, it.lineno};
    }

    if (rc == ACQ_OK && nlines > 0) {
        qsort(lines, nlines, sizeof *lines, cmp_line);
        for (size_t i = 1; i < nlines; i++) {
            if (strcmp(lines[i].qid, lines[i - 1].qid) == 0 &&
                strcmp(lines[i].docno, lines[i - 1].docno) == 0) {
                rc = acq_err_set(err, ACQ_EINPUT,
                                 "%s:%zu: document %.100s judged twice for query %.100s "
                                 "(first at line %zu)",
                                 name, lines[i].line, lines[i].docno, lines[i].qid,
                                 lines[i - 1].line);
                break;
            }
        }
    }

    size_t nq = 0;
    for (size_t i = 0; rc == ACQ_OK && i < nlines; i++)
        nq += i == 0 || strcmp(lines[i].qid, lines[i - 1].qid) != 0;
    acq_judgment *judged = NULL;
    acq_qrels_query *queries = NULL;
    if (rc == ACQ_OK && nlines > 0) {
        judged = acq_malloc(nlines * sizeof *judged);
        queries = acq_calloc(nq, sizeof *queries);
        if (judged == NULL || queries == NULL)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory reading %s", name);
    }
    if (rc == ACQ_OK) {
        size_t q = 0;
        for (size_t i = 0; i < nlines; i++) {
            if (i > 0 && strcmp(lines[i].qid, lines[i - 1].qid) != 0)
                q++;
            if (queries[q].qid == NULL) {
                queries[q].qid = lines[i].qid;
                queries[q].judged = judged + i;
            }
            judged[i] = (acq_judgment){lines[i].docno, lines[i].rel};
            queries[q].count++;
            queries[q].num_rel += lines[i].rel >= 1;
        }
    }
    acq_free(lines);
    if (rc != ACQ_OK) {
        acq_free(judged);
        acq_free(queries);
        acq_free(text);
        return rc;
    }
    out->queries = queries;
    out->count = nq;
    out->text_ = text;
    out->judged_ = judged;
    return ACQ_OK;
}

int acq_qrels_parse(acq_qrels *out, const char *name, const char *data,
                    size_t len, acq_err *err)
{
    memset(out, 0, sizeof *out);
    if (data == NULL && len > 0)
        return acq_err_set(err, ACQ_EARG, "acq_qrels_parse: no data");
    char *text;
    int rc = acq_text_copy(data, len, &text, err);
    if (rc != ACQ_OK)
        return rc;
    return qrels_build(out, name ? name : "qrels", text, len, err);
}

int acq_qrels_read(acq_qrels *out, const char *path, acq_err *err)
{
    memset(out, 0, sizeof *out);
    char *text;
    size_t len;
    int rc = acq_text_slurp(path, &text, &len, err);
    if (rc != ACQ_OK)
        return rc;
    return qrels_build(out, path, text, len, err);
}

void acq_qrels_free(acq_qrels *q)
{
    if (q == NULL)
        return;
    acq_free(q->queries);
    acq_free(q->judged_);
    acq_free(q->text_);
    memset(q, 0, sizeof *q);
}

const acq_qrels_query *acq_qrels_find(const acq_qrels *q, const char *qid)
{
    size_t lo = 0, hi = q ? q->count : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(qid, q->queries[mid].qid);
        if (c == 0)
            return &q->queries[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const acq_judgment *acq_qrels_judgment(const acq_qrels_query *q,
                                       const char *docno)
{
    size_t lo = 0, hi = q ? q->count : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(docno, q->judged[mid].docno);
        if (c == 0)
            return &q->judged[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}
