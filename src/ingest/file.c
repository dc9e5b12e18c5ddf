/* file.c: documents that are a whole file: .txt and .md (the text as it
 * is, the title from the first non-empty line), and markup (HTML pages,
 * EUR-Lex XHTML, Formex, other XML), recognised by its content (detect.c)
 * and read by markup.c. The file is read into one buffer that is reused
 * from file to file. */
#include "ingest/ingest_internal.h"

#include "common/utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_STEP ((size_t)64 << 10)

int ingest_read_whole(ingest_run *r, const char *path, int top, uint64_t max_size)
{
    acq_buf_reset(&r->file);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (top)
            ingest_fail_errno(r, "cannot open %s", path);
        else
            ingest_problem(r, path, 0, "cannot open the file: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    size_t hint = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
    if (max_size != 0 && hint > max_size) {
        close(fd);
        if (top)
            ingest_fail(r, ACQ_ELIMIT, "%s is %zu MB: more than the %llu MB acquis reads as one document", path,
                        hint >> 20, (unsigned long long)(max_size >> 20));
        else
            ingest_problem(r, path, 0, "%zu MB: more than the %llu MB acquis reads as one document", hint >> 20,
                           (unsigned long long)(max_size >> 20));
        return -1;
    }
    for (;;) {
        /* room for the expected size plus one byte, to see the end in one go */
        size_t room = hint >= r->file.len ? hint - r->file.len + 1 : 0;
        if (room < READ_STEP)
            room = READ_STEP;
        if (acq_buf_reserve(&r->file, room) != 0) {
            close(fd);
            r->file.failed = 0; /* the buffer itself is intact; this file is not read */
            ingest_nomem(r);
            return -1;
        }
        ssize_t n = read(fd, r->file.data + r->file.len, r->file.cap - r->file.len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            if (top)
                ingest_fail(r, ACQ_EIO, "cannot read %s: %s", path, strerror(e));
            else
                ingest_problem(r, path, 0, "cannot read the file: %s", strerror(e));
            return -1;
        }
        if (n == 0)
            break;
        r->file.len += (size_t)n;
        if (max_size != 0 && r->file.len > max_size) { /* it grew while being read */
            close(fd);
            ingest_problem(r, path, 0, "more than the %llu MB acquis reads as one document",
                           (unsigned long long)(max_size >> 20));
            return -1;
        }
    }
    close(fd);
    ingest_file_done(r, r->file.len);
    return 0;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* The first line with something in it, trimmed; for Markdown without the
 * heading marks ("## Title ##" -> "Title"). NULL if there is none. */
static const char *first_line(const char *s, size_t n, int markdown, size_t *out_len)
{
    const char *end = s + n;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        const char *b = s;
        while (b < e && (is_space(*b) || (markdown && *b == '#')))
            b++;
        while (e > b && is_space(e[-1]))
            e--;
        if (markdown) { /* an ATX heading's optional closing run of '#' */
            const char *h = e;
            while (h > b && h[-1] == '#')
                h--;
            if (h < e && h > b && is_space(h[-1])) {
                e = h;
                while (e > b && is_space(e[-1]))
                    e--;
            }
        }
        if (e > b) {
            *out_len = (size_t)(e - b);
            return b;
        }
        if (nl == NULL)
            break;
        s = nl + 1;
    }
    *out_len = 0;
    return NULL;
}

int ingest_file(ingest_run *r, const char *path, const char *id, ingest_kind kind, int top)
{
    if (!acq_utf8_valid((const uint8_t *)id, strlen(id), NULL)) {
        ingest_problem(r, path, 0, "the file name is not valid UTF-8, so it cannot be a document id");
        return r->rc;
    }
    int markup = kind != KIND_TXT && kind != KIND_MD;
    if (ingest_read_whole(r, path, top, markup ? MARKUP_MAX_SIZE : 0) != 0)
        return r->rc;
    if (markup) {
        sniff sn;
        ingest_sniff(r->file.data, r->file.len, &sn);
        if (sn.kind == SNIFF_HTML || sn.kind == SNIFF_FORMEX || sn.kind == SNIFF_XML)
            return ingest_markup(r, path, id, &sn);
        if (sn.kind == SNIFF_EMPTY && kind != KIND_OTHER) {
            ingest_problem(r, path, 0, "%s: nothing to index", sn.what);
            return r->rc;
        }
        if (kind == KIND_OTHER)
            ingest_problem(r, path, 0, "not a format acquis reads: it reads .txt, .md, .html, .htm, .xml (HTML, "
                                       "EUR-Lex XHTML, Formex), .jsonl and .jsonl.gz files; this looks like %s",
                           sn.what);
        else
            ingest_problem(r, path, 0, "named like markup but it is %s, not HTML or XML", sn.what);
        return r->rc;
    }
    const char *s = (const char *)r->file.data;
    size_t n = r->file.len;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) { /* byte order mark */
        s += 3;
        n -= 3;
    }
    size_t bad;
    if (!acq_utf8_valid((const uint8_t *)s, n, &bad)) {
        ingest_problem(r, path, 0, "invalid UTF-8 at byte %zu of the file", bad + 1 + (size_t)(s - (const char *)r->file.data));
        return r->rc;
    }

    acq_ingest_doc d;
    memset(&d, 0, sizeof d);
    d.doc.id = id;
    d.doc.id_len = strlen(id);
    d.source = path;
    d.line = 0;
    d.doc.text = n ? s : ingest_empty;
    d.doc.text_len = n;
    d.doc.title = first_line(s, n, kind == KIND_MD, &d.doc.title_len);
    return ingest_emit(r, &d);
}
