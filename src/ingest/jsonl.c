/* jsonl.c: reads a JSON Lines file, plain or gzip, and feeds each line to
 * json.c.
 *
 * gunzip.h reads both: it looks at the magic bytes and passes a plain file
 * through unchanged, so a .gz without the name, or a .jsonl.gz that is not
 * compressed, both work. The file is read in 1 MB chunks into one buffer;
 * complete lines are found with memchr and parsed in place, and only the
 * unfinished last line is moved to the front before the next read. A line
 * longer than the buffer doubles it, so the only limit on a line is memory. */
#include "ingest/ingest_internal.h"

#include "common/alloc.h"
#include "ingest/readahead.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define JSONL_CHUNK ((size_t)1 << 20)       /* initial buffer, and the usual read size */

void ingest_jsonl_free(ingest_run *r)
{
    acq_free(r->line);
    r->line = NULL;
    r->line_cap = 0;
}

static void handle_line(ingest_run *r, const char *path, uint64_t lineno, char *s, size_t n)
{
    /* A byte order mark is JSON whitespace to us; blanking it keeps columns
     * right for the rest of the line. */
    if (lineno == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        memset(s, ' ', 3);
    char msg[256];
    acq_ingest_doc d;
    memset(&d, 0, sizeof d);
    int rc = ingest_json_parse(s, n, &d.doc, &r->fields, msg, sizeof msg);
    if (rc == 1)
        return;
    if (rc < 0) {
        ingest_problem(r, path, lineno, "%s", msg);
        return;
    }
    d.fields = r->fields.f;
    d.nfields = r->fields.n;
    d.source = path;
    d.line = lineno;
    ingest_emit(r, &d);
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
    if (r->line == NULL) {
        r->line = acq_malloc(JSONL_CHUNK);
        if (r->line == NULL) {
            close(fd);
            return ingest_nomem(r);
        }
        r->line_cap = JSONL_CHUNK;
    }
    ingest_reader *in = ingest_reader_open(fd, r->read_ahead);
    if (in == NULL) /* fd is closed */
        return ingest_nomem(r);

    size_t len = 0;     /* bytes in the buffer */
    size_t start = 0;   /* start of the current line */
    uint64_t lineno = 0;
    uint64_t consumed = 0;
    int failed = 0;
    for (;;) {
        if (len == r->line_cap) { /* one line fills the buffer: double it */
            if (r->line_cap > SIZE_MAX / 2) {
                failed = 1;
                ingest_nomem(r);
                break;
            }
            char *bigger = acq_realloc(r->line, r->line_cap * 2);
            if (bigger == NULL) {
                failed = 1;
                ingest_nomem(r);
                break;
            }
            r->line = bigger;
            r->line_cap *= 2;
        }
        int serious = 0;
        const char *why = NULL;
        int64_t off;
        long n = ingest_reader_read(in, r->line + len, r->line_cap - len, &why, &serious, &off);
        if (n < 0 || (n == 0 && serious)) {
            failed = 1;
            if (top)
                ingest_fail(r, ACQ_EIO, "cannot read %s after line %llu: %s", path, (unsigned long long)lineno,
                            why);
            else
                ingest_problem(r, path, 0, "cannot read the file after line %llu: %s", (unsigned long long)lineno,
                               why);
            break;
        }
        if (n == 0)
            break;
        size_t scan = len; /* bytes before this were already searched for '\n' */
        len += (size_t)n;
        char *nl;
        while ((nl = memchr(r->line + scan, '\n', len - scan)) != NULL) {
            size_t end = (size_t)(nl - r->line);
            handle_line(r, path, ++lineno, r->line + start, end - start);
            if (r->rc != ACQ_OK)
                goto done;
            start = scan = end + 1;
        }
        if (start > 0) {
            memmove(r->line, r->line + start, len - start);
            len -= start;
            start = 0;
        }
        if (off >= 0) {
            consumed = (uint64_t)off;
            ingest_progress(r, consumed);
        }
    }
    /* The last line may lack its '\n'; after a read error it is cut short
     * and not worth a second message. */
    if (!failed && len > start)
        handle_line(r, path, ++lineno, r->line + start, len - start);
done:
    ingest_reader_close(in);
    ingest_file_done(r, size ? size : consumed);
    return r->rc;
}
