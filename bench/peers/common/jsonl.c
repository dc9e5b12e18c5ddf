/* jsonl.c: see jsonl.h. */
#include "jsonl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct {
    char *p;
    size_t len, cap;
} sbuf;

struct jl_reader {
    gzFile f;
    const char *path;
    long line;
    char *buf;                /* the current line */
    size_t buf_cap;
    sbuf field[3];            /* id, title, text */
    sbuf key;
};

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "jsonl: out of memory\n");
        exit(2);
    }
    return q;
}

static void sb_reserve(sbuf *b, size_t extra)
{
    if (b->len + extra + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + extra + 1)
            cap *= 2;
        b->p = xrealloc(b->p, cap);
        b->cap = cap;
    }
}

static void sb_put_utf8(sbuf *b, unsigned cp)
{
    sb_reserve(b, 4);
    char *o = b->p + b->len;
    if (cp < 0x80) {
        o[0] = (char)cp;
        b->len += 1;
    } else if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        b->len += 2;
    } else if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        b->len += 3;
    } else {
        o[0] = (char)(0xF0 | (cp >> 18));
        o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (char)(0x80 | (cp & 0x3F));
        b->len += 4;
    }
}

jl_reader *jl_open(const char *path)
{
    gzFile f = gzopen(path, "rb");
    if (!f) {
        fprintf(stderr, "jsonl: cannot open %s\n", path);
        return NULL;
    }
    gzbuffer(f, 1 << 18);
    jl_reader *r = calloc(1, sizeof *r);
    if (!r) {
        gzclose(f);
        return NULL;
    }
    r->f = f;
    r->path = path;
    r->buf_cap = 1 << 16;
    r->buf = xrealloc(NULL, r->buf_cap);
    return r;
}

long jl_line(const jl_reader *r) { return r->line; }

void jl_close(jl_reader *r)
{
    if (!r)
        return;
    gzclose(r->f);
    free(r->buf);
    for (int i = 0; i < 3; i++)
        free(r->field[i].p);
    free(r->key.p);
    free(r);
}

/* Reads one whole line into r->buf (without the newline); returns its length,
 * or -1 at end of file. */
static long read_line(jl_reader *r)
{
    size_t len = 0;
    for (;;) {
        if (r->buf_cap - len < 2) {
            r->buf_cap *= 2;
            r->buf = xrealloc(r->buf, r->buf_cap);
        }
        if (!gzgets(r->f, r->buf + len, (int)(r->buf_cap - len > 0x40000000 ? 0x40000000 : r->buf_cap - len))) {
            if (len == 0)
                return -1;
            break;
        }
        len += strlen(r->buf + len);
        if (len > 0 && r->buf[len - 1] == '\n') {
            r->buf[--len] = '\0';
            break;
        }
    }
    if (len > 0 && r->buf[len - 1] == '\r')
        r->buf[--len] = '\0';
    r->line++;
    return (long)len;
}

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

/* p points just after the opening quote. Decodes into out (if not NULL) and
 * returns the position after the closing quote, or NULL on a syntax error. */
static const char *parse_string(const char *p, sbuf *out)
{
    if (out)
        out->len = 0;
    for (;;) {
        const char *run = p;
        while (*p && *p != '"' && *p != '\\')
            p++;
        if (out && p > run) {
            sb_reserve(out, (size_t)(p - run));
            memcpy(out->p + out->len, run, (size_t)(p - run));
            out->len += (size_t)(p - run);
        }
        if (*p == '"') {
            if (out) {
                sb_reserve(out, 0);
                out->p[out->len] = '\0';
            }
            return p + 1;
        }
        if (*p == '\0')
            return NULL;
        /* backslash */
        p++;
        char c = *p++;
        unsigned cp;
        switch (c) {
        case '"': cp = '"'; break;
        case '\\': cp = '\\'; break;
        case '/': cp = '/'; break;
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u':
            if (hex4(p, &cp))
                return NULL;
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (p[0] == '\\' && p[1] == 'u' && !hex4(p + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                } else {
                    cp = 0xFFFD;
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            break;
        default:
            return NULL;
        }
        if (out)
            sb_put_utf8(out, cp);
    }
}

/* Skips one JSON value of any type; returns the position after it or NULL. */
static const char *skip_value(const char *p, int depth)
{
    p = skip_ws(p);
    if (depth > 512)
        return NULL;
    switch (*p) {
    case '"':
        return parse_string(p + 1, NULL);
    case '{':
    case '[': {
        char close = *p == '{' ? '}' : ']';
        int is_obj = *p == '{';
        p = skip_ws(p + 1);
        if (*p == close)
            return p + 1;
        for (;;) {
            if (is_obj) {
                if (*p != '"' || !(p = parse_string(p + 1, NULL)))
                    return NULL;
                p = skip_ws(p);
                if (*p++ != ':')
                    return NULL;
            }
            if (!(p = skip_value(p, depth + 1)))
                return NULL;
            p = skip_ws(p);
            if (*p == ',') {
                p = skip_ws(p + 1);
                continue;
            }
            if (*p == close)
                return p + 1;
            return NULL;
        }
    }
    default:
        /* number, true, false, null */
        if (!*p)
            return NULL;
        while (*p && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
            p++;
        return p;
    }
}

int jl_next(jl_reader *r, jl_doc *doc)
{
    static const char *names[3] = {"id", "title", "text"};
    long n;
    const char *p;
    for (;;) {
        n = read_line(r);
        if (n < 0)
            return 0;
        p = skip_ws(r->buf);
        if (*p)
            break; /* skip blank lines */
    }
    int seen[3] = {0, 0, 0};
    if (*p != '{')
        goto bad;
    p = skip_ws(p + 1);
    if (*p != '}') {
        for (;;) {
            if (*p != '"' || !(p = parse_string(p + 1, &r->key)))
                goto bad;
            p = skip_ws(p);
            if (*p++ != ':')
                goto bad;
            p = skip_ws(p);
            int which = -1;
            for (int i = 0; i < 3; i++)
                if (strcmp(r->key.p, names[i]) == 0)
                    which = i;
            if (which >= 0 && *p == '"') {
                if (!(p = parse_string(p + 1, &r->field[which])))
                    goto bad;
                seen[which] = 1;
            } else if (!(p = skip_value(p, 0))) {
                goto bad;
            }
            p = skip_ws(p);
            if (*p == ',') {
                p = skip_ws(p + 1);
                continue;
            }
            if (*p == '}')
                break;
            goto bad;
        }
    }
    for (int i = 0; i < 3; i++) {
        if (!seen[i]) {
            sb_reserve(&r->field[i], 0);
            r->field[i].len = 0;
            r->field[i].p[0] = '\0';
        }
    }
    if (!seen[0]) {
        fprintf(stderr, "jsonl: %s:%ld: no string \"id\"\n", r->path, r->line);
        return -1;
    }
    doc->id = r->field[0].p;    doc->id_len = r->field[0].len;
    doc->title = r->field[1].p; doc->title_len = r->field[1].len;
    doc->text = r->field[2].p;  doc->text_len = r->field[2].len;
    return 1;
bad:
    fprintf(stderr, "jsonl: %s:%ld: not a JSON object line\n", r->path, r->line);
    return -1;
}
