/* jsonl.c: reads a JSON Lines file, plain or gzip, and feeds each line to
 * json.c.
 *
 * gunzip.h reads both: it looks at the magic bytes and passes a plain file
 * through unchanged, so a .gz without the name, or a .jsonl.gz that is not
 * compressed, both work. The file is read in batches of complete lines
 * (about 1 MB, or one longer line: the only limit on a line is memory),
 * each parsed in place by the producer (readahead.h): with read-ahead, on
 * a thread of its own, so that the caller's thread only hands documents
 * on; the unfinished last line of a read goes to the next batch. Documents
 * and problems come out in line order either way. */
#include "ingest/ingest_internal.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "ingest/gunzip.h"
#include "ingest/readahead.h"
#include "knowledge/cited.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BATCH_BYTES ((size_t)1 << 20)  /* read at a time, and a batch's usual size */
#define BATCHES 4                      /* in the read-ahead ring */

/* One line of a batch, parsed. */
typedef struct parsed_line {
    uint64_t lineno;
    int status;               /* 0 a document, 1 blank, -1 a problem */
    acq_document doc;         /* into the batch's text */
    size_t field0, nfields;   /* its extra fields: fields[field0..] */
    size_t msg;               /* a problem's message: offset in msgs */
    size_t cite0, ncites;     /* the acts it cites: cites[cite0..] */
} parsed_line;

typedef struct batch {
    acq_buf text;             /* complete lines, parsed in place */
    parsed_line *lines;
    size_t nlines, lines_cap;
    acq_field *fields;        /* names point into names[] once filled */
    char (*names)[32];
    size_t nfields, fields_cap, names_cap;
    acq_buf msgs;             /* problems' messages, NUL-terminated */
    char (*cites)[ACQ_CELEX_MAX];
    size_t ncites, cites_cap;
    int64_t offset;           /* compressed bytes consumed once filled */
    const char *why;          /* a read error after the lines, or NULL */
    uint64_t lines_read;      /* lines before the error */
    int nomem;
} batch;

/* The producer's side: what carries over from batch to batch. */
typedef struct producer {
    ingest_gunzip *gz;
    acq_buf carry;            /* an unfinished line */
    uint64_t lineno;
    ingest_fields scratch;
    int citations;            /* acq_ingest_options.citations */
    acq_cited cited;
} producer;

static void batch_free(batch *b)
{
    acq_buf_free(&b->text);
    acq_free(b->lines);
    acq_free(b->fields);
    acq_free(b->names);
    acq_buf_free(&b->msgs);
    acq_free(b->cites);
}

/* Parses one line into the batch; -1 when out of memory. */
static int add_line(producer *p, batch *b, char *s, size_t n)
{
    uint64_t lineno = ++p->lineno;
    /* A byte order mark is JSON whitespace to us; blanking it keeps columns
     * right for the rest of the line. */
    if (lineno == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        memset(s, ' ', 3);
    if (acq_grow((void **)&b->lines, &b->lines_cap, b->nlines + 1, sizeof *b->lines) != 0)
        return -1;
    parsed_line *l = &b->lines[b->nlines];
    memset(l, 0, sizeof *l);
    l->lineno = lineno;
    char msg[256];
    l->status = ingest_json_parse(s, n, &l->doc, &p->scratch, msg, sizeof msg);
    if (l->status < 0) {
        l->status = -1;
        l->msg = b->msgs.len;
        acq_buf_put(&b->msgs, msg, strlen(msg) + 1);
        if (b->msgs.failed)
            return -1;
    } else if (l->status == 0) {
        size_t k = p->scratch.n;
        if (acq_grow((void **)&b->fields, &b->fields_cap, b->nfields + k, sizeof *b->fields) != 0 ||
            acq_grow((void **)&b->names, &b->names_cap, b->nfields + k, sizeof *b->names) != 0)
            return -1;
        l->field0 = b->nfields;
        l->nfields = k;
        for (size_t i = 0; i < k; i++) {
            b->fields[b->nfields + i] = p->scratch.f[i];
            /* The elements of an array share their name's storage. */
            snprintf(b->names[b->nfields + i], sizeof b->names[0], "%s", p->scratch.f[i].name);
        }
        b->nfields += k;
        if (p->citations) {
            /* As the writer would find them (out of memory, what was
             * found, as there). */
            const acq_document *d = &l->doc;
            acq_cited_collect(&p->cited, d->title, d->title_len, d->text, d->text_len, d->celex, d->celex_len,
                              p->scratch.f, k);
            if (p->cited.n > 0) {
                if (acq_grow((void **)&b->cites, &b->cites_cap, b->ncites + p->cited.n, sizeof *b->cites) != 0)
                    return -1;
                memcpy(b->cites + b->ncites, p->cited.celex, p->cited.n * sizeof *b->cites);
            }
            l->cite0 = b->ncites;
            l->ncites = p->cited.n;
            b->ncites += p->cited.n;
        }
    }
    b->nlines++;
    return 0;
}

/* ingest_fill_fn: reads about BATCH_BYTES (more for a longer line) after
 * the carried-over line, and parses the complete lines. */
static int fill_batch(void *ctx, void *item)
{
    producer *p = ctx;
    batch *b = item;
    acq_buf_reset(&b->text);
    acq_buf_reset(&b->msgs);
    b->nlines = b->nfields = b->ncites = 0;
    b->why = NULL;
    b->nomem = 0;
    acq_buf_put(&b->text, p->carry.data, p->carry.len);
    acq_buf_reset(&p->carry);
    size_t scanned = 0, last_nl = SIZE_MAX;
    int end = 0;
    for (;;) {
        if (acq_buf_reserve(&b->text, b->text.len + BATCH_BYTES) != 0) {
            b->nomem = 1;
            return 0;
        }
        const char *why;
        size_t n = ingest_gunzip_read(p->gz, (char *)b->text.data + b->text.len, BATCH_BYTES, &why);
        if (n == 0) {
            end = 1;
            b->why = why;
            break;
        }
        b->text.len += n;
        /* The last newline so far: the batch ends there. */
        for (size_t i = b->text.len; i > scanned; i--) {
            if (b->text.data[i - 1] == '\n') {
                last_nl = i - 1;
                break;
            }
        }
        scanned = b->text.len;
        if (last_nl != SIZE_MAX)
            break;
    }
    b->offset = ingest_gunzip_offset(p->gz);
    /* What follows the last newline is the next batch's first line; at the
     * clean end, the last line (which may lack its newline); after a read
     * error, a line cut short and not worth a second message. */
    size_t lines_end = last_nl == SIZE_MAX ? 0 : last_nl + 1;
    if (end && b->why == NULL)
        lines_end = b->text.len;
    else if (!end) {
        acq_buf_put(&p->carry, b->text.data + lines_end, b->text.len - lines_end);
        if (p->carry.failed) {
            b->nomem = 1;
            return 0;
        }
    }
    char *s = (char *)b->text.data;
    size_t start = 0;
    while (start < lines_end) {
        char *nl = memchr(s + start, '\n', lines_end - start);
        size_t stop = nl ? (size_t)(nl - s) : lines_end;
        if (add_line(p, b, s + start, stop - start) != 0) {
            b->nomem = 1;
            return 0;
        }
        start = stop + 1;
    }
    b->lines_read = p->lineno;
    for (size_t i = 0; i < b->nfields; i++)
        b->fields[i].name = b->names[i];
    return !end;
}

int ingest_jsonl(ingest_run *r, const char *path, int top)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (top)
            return ingest_fail_errno(r, "cannot open %s", path);
        ingest_problem(r, path, 0, "cannot open the file: %s", strerror(errno));
        return r->rc;
    }
    struct stat st;
    uint64_t size = 0;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        size = (uint64_t)st.st_size;
    producer p;
    memset(&p, 0, sizeof p);
    p.citations = r->citations;
    if ((p.gz = ingest_gunzip_open(fd)) == NULL) /* fd is closed */
        return ingest_nomem(r);
    batch batches[BATCHES];
    void *items[BATCHES];
    memset(batches, 0, sizeof batches);
    for (int i = 0; i < BATCHES; i++)
        items[i] = &batches[i];
    ingest_reader *in = ingest_reader_open(fill_batch, &p, items, r->read_ahead ? BATCHES : 1, r->read_ahead);
    if (in == NULL) {
        ingest_gunzip_close(p.gz);
        return ingest_nomem(r);
    }
    uint64_t consumed = 0;
    batch *b;
    while ((b = ingest_reader_next(in)) != NULL) {
        for (size_t i = 0; i < b->nlines; i++) {
            const parsed_line *l = &b->lines[i];
            if (l->status < 0) {
                ingest_problem(r, path, l->lineno, "%s", (const char *)b->msgs.data + l->msg);
            } else if (l->status == 0) {
                acq_ingest_doc d;
                memset(&d, 0, sizeof d);
                d.doc = l->doc;
                d.fields = l->nfields ? &b->fields[l->field0] : NULL;
                d.nfields = l->nfields;
                d.source = path;
                d.line = l->lineno;
                acq_cited cited = {l->ncites ? &b->cites[l->cite0] : NULL, l->ncites, 0, {0}};
                if (p.citations)
                    d.cited = &cited;
                ingest_emit(r, &d);
            }
            if (r->rc != ACQ_OK)
                goto done;
        }
        if (b->nomem) {
            ingest_nomem(r);
            break;
        }
        if (b->why) {
            if (top)
                ingest_fail(r, ACQ_EIO, "cannot read %s after line %llu: %s", path,
                            (unsigned long long)b->lines_read, b->why);
            else
                ingest_problem(r, path, 0, "cannot read the file after line %llu: %s",
                               (unsigned long long)b->lines_read, b->why);
            break;
        }
        if (b->offset >= 0) {
            consumed = (uint64_t)b->offset;
            ingest_progress(r, consumed);
        }
    }
done:
    ingest_reader_close(in);
    ingest_gunzip_close(p.gz);
    acq_buf_free(&p.carry);
    acq_cited_free(&p.cited);
    for (int i = 0; i < BATCHES; i++)
        batch_free(&batches[i]);
    ingest_file_done(r, size ? size : consumed);
    return r->rc;
}
