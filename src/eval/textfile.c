/* textfile.c: whole-file reading and in-place line/field splitting for the
 * eval readers (see textfile.h). */
#include "eval/textfile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"

int acq_text_slurp(const char *path, char **data, size_t *len, acq_err *err)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return acq_err_errno(err, "cannot read %s", path);
    size_t cap = 0, n = 0;
    char *buf = NULL;
    for (;;) {
        if (acq_grow((void **)&buf, &cap, n + 65536 + 1, 1) != 0) {
            acq_free(buf);
            fclose(f);
            return acq_err_set(err, ACQ_ENOMEM, "out of memory reading %s", path);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int saved = errno;
        acq_free(buf);
        fclose(f);
        errno = saved ? saved : EIO;
        return acq_err_errno(err, "cannot read %s", path);
    }
    fclose(f);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return ACQ_OK;
}

int acq_text_copy(const char *data, size_t len, char **out, acq_err *err)
{
    *out = acq_malloc(len + 1);
    if (*out == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (len)
        memcpy(*out, data, len);
    (*out)[len] = '\0';
    return ACQ_OK;
}

int acq_text_check_nul(const char *name, const char *data, size_t len,
                       acq_err *err)
{
    const char *nul = len ? memchr(data, '\0', len) : NULL;
    if (nul == NULL)
        return ACQ_OK;
    size_t line = 1;
    for (const char *p = data; p < nul; p++)
        line += *p == '\n';
    return acq_err_set(err, ACQ_EINPUT,
                       "%s:%zu: NUL byte in a text file (is this a binary file?)",
                       name, line);
}

void acq_lines_init(acq_lines *it, char *data, size_t len)
{
    it->p = data;
    it->end = data + len;
    it->lineno = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        it->p += 3;
}

char *acq_lines_next(acq_lines *it)
{
    if (it->p >= it->end)
        return NULL;
    char *line = it->p;
    char *nl = memchr(line, '\n', (size_t)(it->end - line));
    char *stop = nl ? nl : it->end;
    it->p = nl ? nl + 1 : it->end;
    if (stop > line && stop[-1] == '\r')
        stop--;
    *stop = '\0';
    it->lineno++;
    return line;
}

size_t acq_text_fields(char *line, char **field, size_t max)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        while (*p && acq_text_space((unsigned char)*p))
            p++;
        if (*p == '\0')
            break;
        char *start = p;
        while (*p && !acq_text_space((unsigned char)*p))
            p++;
        if (n < max)
            field[n] = start;
        n++;
        if (*p == '\0')
            break;
        *p++ = '\0';
    }
    return n;
}

int acq_text_skippable(const char *line)
{
    while (*line && acq_text_space((unsigned char)*line))
        line++;
    return *line == '\0' || *line == '#';
}
