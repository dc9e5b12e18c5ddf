/* sidecar.c: the meta.json that download tools leave beside EUR-Lex files
 * (as in ../shared/corpus/eurlex-formats/lex-corpus/: one per act version,
 * with the CELEX number, type, dates and, per language, the title, the URL
 * and the files it was saved as).
 *
 * It is the least trusted source of metadata: a field is taken from it only
 * when neither the document nor its file name gives one. The language comes
 * from the expression whose "observations" name this very file, so en.html
 * and fr.html beside one meta.json each get their own title.
 *
 * The JSON is parsed into a small tree of nodes pointing into the file's
 * bytes (strings are decoded only when read), with bounded depth and size:
 * a meta.json is untrusted input like any document. A broken or oversized
 * one is ignored (the document is still indexed). The last one read is kept,
 * since it serves every language of the version. */
#include "ingest/ingest_internal.h"

#include "common/alloc.h"
#include "common/utf8.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define SIDECAR_MAX_SIZE ((long)16 << 20)
#define JSON_MAX_DEPTH 64

enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

typedef struct jnode {
    int type;
    const char *s;      /* J_STR: the raw string between the quotes; others: the value's text */
    size_t n;
    const char *key;    /* in an object: the raw key */
    size_t keyn;
    size_t child;       /* index + 1 of the first child, 0 for none */
    size_t next;        /* index + 1 of the next sibling, 0 for none */
} jnode;

typedef struct sidecar_cache {
    char *path;         /* the meta.json read, or NULL */
    char *data;
    long size;
    jnode *nodes;
    size_t nnodes, cap;
    int ok;             /* parsed */
} sidecar_cache;

int sidecar_name(const char *name) { return strcmp(name, "meta.json") == 0; }

void sidecar_free(ingest_run *r)
{
    sidecar_cache *c = r->sidecar;
    if (c == NULL)
        return;
    acq_free(c->path);
    acq_free(c->data);
    acq_free(c->nodes);
    acq_free(c);
    r->sidecar = NULL;
}

/* ---- a small JSON tree ------------------------------------------------------ */

typedef struct jparser {
    sidecar_cache *c;
    const char *p, *end;
    int failed;
} jparser;

static void skip_ws(jparser *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static size_t new_node(jparser *j, int type)
{
    sidecar_cache *c = j->c;
    if (acq_grow((void **)&c->nodes, &c->cap, c->nnodes + 1, sizeof *c->nodes) != 0) {
        j->failed = 1;
        return 0;
    }
    memset(&c->nodes[c->nnodes], 0, sizeof c->nodes[0]);
    c->nodes[c->nnodes].type = type;
    return ++c->nnodes;
}

/* The raw string at the cursor ('"'): its bytes between the quotes. */
static int raw_string(jparser *j, const char **s, size_t *n)
{
    if (j->p >= j->end || *j->p != '"')
        return -1;
    const char *q = ++j->p;
    while (q < j->end && *q != '"') {
        if (*q == '\\')
            q++;
        q++;
    }
    if (q >= j->end)
        return -1;
    *s = j->p;
    *n = (size_t)(q - j->p);
    j->p = q + 1;
    return 0;
}

static size_t parse_value(jparser *j, int depth);

static size_t parse_container(jparser *j, int depth, int object)
{
    size_t self = new_node(j, object ? J_OBJ : J_ARR);
    if (self == 0)
        return 0;
    j->p++;
    size_t last = 0;
    skip_ws(j);
    if (j->p < j->end && *j->p == (object ? '}' : ']')) {
        j->p++;
        return self;
    }
    for (;;) {
        const char *key = NULL;
        size_t keyn = 0;
        skip_ws(j);
        if (object) {
            if (raw_string(j, &key, &keyn) != 0)
                return j->failed = 1, 0;
            skip_ws(j);
            if (j->p >= j->end || *j->p != ':')
                return j->failed = 1, 0;
            j->p++;
        }
        size_t v = parse_value(j, depth + 1);
        if (v == 0)
            return 0;
        j->c->nodes[v - 1].key = key;
        j->c->nodes[v - 1].keyn = keyn;
        if (last == 0)
            j->c->nodes[self - 1].child = v;
        else
            j->c->nodes[last - 1].next = v;
        last = v;
        skip_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == (object ? '}' : ']')) {
            j->p++;
            return self;
        }
        return j->failed = 1, 0;
    }
}

static size_t parse_value(jparser *j, int depth)
{
    skip_ws(j);
    if (j->p >= j->end || depth > JSON_MAX_DEPTH || j->failed)
        return j->failed = 1, 0;
    char c = *j->p;
    if (c == '{' || c == '[')
        return parse_container(j, depth, c == '{');
    if (c == '"') {
        const char *s;
        size_t n;
        if (raw_string(j, &s, &n) != 0)
            return j->failed = 1, 0;
        size_t v = new_node(j, J_STR);
        if (v) {
            j->c->nodes[v - 1].s = s;
            j->c->nodes[v - 1].n = n;
        }
        return v;
    }
    const char *start = j->p;
    while (j->p < j->end && *j->p != ',' && *j->p != '}' && *j->p != ']' && *j->p != ' ' && *j->p != '\n' &&
           *j->p != '\r' && *j->p != '\t')
        j->p++;
    if (j->p == start)
        return j->failed = 1, 0;
    size_t v = new_node(j, c == 'n' ? J_NULL : (c == 't' || c == 'f') ? J_BOOL : J_NUM);
    if (v) {
        j->c->nodes[v - 1].s = start;
        j->c->nodes[v - 1].n = (size_t)(j->p - start);
    }
    return v;
}

static const jnode *node(const sidecar_cache *c, size_t i) { return i ? &c->nodes[i - 1] : NULL; }

/* The member `key` of an object node (keys here have no escapes). */
static const jnode *member(const sidecar_cache *c, const jnode *obj, const char *key)
{
    if (obj == NULL || obj->type != J_OBJ)
        return NULL;
    size_t k = strlen(key);
    for (const jnode *m = node(c, obj->child); m != NULL; m = node(c, m->next))
        if (m->keyn == k && memcmp(m->key, key, k) == 0)
            return m;
    return NULL;
}

static int hex4(const char *s, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char ch = s[i];
        v <<= 4;
        if (ch >= '0' && ch <= '9')
            v |= (uint32_t)(ch - '0');
        else if (ch >= 'a' && ch <= 'f')
            v |= (uint32_t)(ch - 'a' + 10);
        else if (ch >= 'A' && ch <= 'F')
            v |= (uint32_t)(ch - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

/* A string node decoded into b (NUL-terminated); 0 if it is no string. */
static int string_value(const jnode *v, acq_buf *b)
{
    acq_buf_reset(b);
    if (v == NULL || v->type != J_STR)
        return 0;
    for (size_t i = 0; i < v->n; i++) {
        char ch = v->s[i];
        if (ch != '\\' || i + 1 >= v->n) {
            acq_buf_putc(b, (uint8_t)ch);
            continue;
        }
        ch = v->s[++i];
        uint32_t cp = 0;
        switch (ch) {
        case 'n': acq_buf_putc(b, '\n'); continue;
        case 't': acq_buf_putc(b, '\t'); continue;
        case 'r': case 'b': case 'f': acq_buf_putc(b, ' '); continue;
        case 'u':
            if (i + 4 >= v->n || hex4(v->s + i + 1, &cp) != 0)
                return 0;
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < v->n && v->s[i + 1] == '\\' && v->s[i + 2] == 'u') {
                uint32_t lo;
                if (hex4(v->s + i + 3, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
            }
            if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0)
                cp = 0xFFFD;
            {
                uint8_t u[4];
                acq_buf_put(b, u, acq_utf8_encode(cp, u));
            }
            continue;
        default: acq_buf_putc(b, (uint8_t)ch); continue;
        }
    }
    acq_buf_cstr(b);
    return !b->failed && acq_utf8_valid(b->data, b->len, NULL);
}

static int string_is(const jnode *v, const char *s)
{
    return v != NULL && v->type == J_STR && v->n == strlen(s) && memcmp(v->s, s, v->n) == 0;
}

/* ---- reading ---------------------------------------------------------------- */

/* Loads and parses dir/meta.json into the cache (kept when it is the same file). */
static sidecar_cache *load(ingest_run *r, const char *dir, size_t dir_len)
{
    char path[4096];
    if (dir_len + 11 >= sizeof path)
        return NULL;
    memcpy(path, dir, dir_len);
    memcpy(path + dir_len, "/meta.json", 11);
    sidecar_cache *c = r->sidecar;
    if (c != NULL && c->path != NULL && strcmp(c->path, path) == 0)
        return c->ok ? c : NULL;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    if (c == NULL && (c = r->sidecar = acq_calloc(1, sizeof *c)) == NULL)
        return NULL;
    acq_free(c->path);
    acq_free(c->data);
    c->path = acq_strdup(path);
    c->data = NULL;
    c->nnodes = 0;
    c->ok = 0;
    if (c->path == NULL || st.st_size > SIDECAR_MAX_SIZE)
        return NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    c->size = (long)st.st_size;
    c->data = acq_malloc((size_t)c->size + 1);
    size_t got = c->data ? fread(c->data, 1, (size_t)c->size, f) : 0;
    fclose(f);
    if (c->data == NULL || got != (size_t)c->size)
        return NULL;
    jparser j = {c, c->data, c->data + c->size, 0};
    size_t root = parse_value(&j, 0);
    c->ok = root == 1 && !j.failed && c->nodes[0].type == J_OBJ;
    return c->ok ? c : NULL;
}

/* The expression (one language's version) whose observations name `rel`. */
static const jnode *expression_for_file(const sidecar_cache *c, const jnode *root, const char *rel)
{
    const jnode *ex = member(c, root, "expressions");
    if (ex == NULL || ex->type != J_ARR)
        return NULL;
    for (const jnode *e = node(c, ex->child); e != NULL; e = node(c, e->next)) {
        const jnode *obs = member(c, e, "observations");
        if (obs == NULL || obs->type != J_ARR)
            continue;
        for (const jnode *o = node(c, obs->child); o != NULL; o = node(c, o->next))
            if (string_is(member(c, o, "file"), rel))
                return e;
    }
    return NULL;
}

static const jnode *expression_for_lang(const sidecar_cache *c, const jnode *root, const char *lang)
{
    const jnode *ex = member(c, root, "expressions");
    if (lang == NULL || ex == NULL || ex->type != J_ARR)
        return NULL;
    for (const jnode *e = node(c, ex->child); e != NULL; e = node(c, e->next))
        if (string_is(member(c, e, "language"), lang))
            return e;
    return NULL;
}

static void take(act *a, int field, const jnode *v, acq_buf *tmp)
{
    if (string_value(v, tmp))
        act_meta_set(a, field, (const char *)tmp->data, tmp->len, TRUST_SIDECAR);
}

static void apply(act *a, const sidecar_cache *c, const char *rel)
{
    const jnode *root = node(c, 1);
    acq_buf tmp = {0};
    const jnode *e = expression_for_file(c, root, rel);
    if (e != NULL && string_value(member(c, e, "language"), &tmp)) {
        char lang[3];
        if (meta_lang((const char *)tmp.data, tmp.len, 0, lang))
            act_meta_set(a, M_LANG, lang, 2, TRUST_SIDECAR);
    }
    if (e == NULL)
        e = expression_for_lang(c, root, act_meta(a, M_LANG));
    char celex[32];
    if (string_value(member(c, root, "work_identifier"), &tmp)) {
        const char *last = strrchr((const char *)tmp.data, '/');
        last = last ? last + 1 : (const char *)tmp.data;
        if (meta_celex(last, strlen(last), celex, sizeof celex))
            act_meta_set(a, M_CELEX, celex, strlen(celex), TRUST_SIDECAR);
    }
    take(a, M_TYPE, member(c, root, "document_type"), &tmp);
    char date[11];
    const jnode *from = e != NULL && member(c, e, "valid_from") ? member(c, e, "valid_from") : member(c, root, "valid_from");
    if (string_value(from, &tmp) && meta_date((const char *)tmp.data, tmp.len, date))
        act_meta_set(a, M_DATE, date, 10, TRUST_SIDECAR);
    if (e != NULL) {
        take(a, M_TITLE, member(c, e, "title"), &tmp);
        take(a, M_URL, member(c, e, "source_uri"), &tmp);
        /* a short title cut with an ellipsis is no name for an act */
        if (string_value(member(c, e, "title_short"), &tmp) && tmp.len < 100 &&
            !(tmp.len >= 3 && memcmp(tmp.data + tmp.len - 3, "\xE2\x80\xA6", 3) == 0))
            act_meta_set(a, M_SHORT, (const char *)tmp.data, tmp.len, TRUST_SIDECAR);
    } else if (string_is(member(c, root, "title_language"), act_meta(a, M_LANG) ? act_meta(a, M_LANG) : "")) {
        take(a, M_SHORT, member(c, root, "title"), &tmp);
        take(a, M_URL, member(c, root, "source_uri"), &tmp);
    }
    if (tmp.failed)
        a->failed = 1;
    acq_buf_free(&tmp);
}

void sidecar_apply(ingest_run *r, act *a, const char *path)
{
    /* the file's folder, then the one above (Formex packages sit in en.fmx4/) */
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) : 0;
    const char *dir = slash ? path : ".";
    if (slash == NULL)
        dir_len = 1;
    for (int up = 0; up < 2; up++) {
        sidecar_cache *c = load(r, dir, dir_len);
        if (c != NULL) {
            const char *rel = path + (slash ? dir_len + 1 : 0);
            apply(a, c, rel);
            return;
        }
        if (slash == NULL || dir_len == 0)
            return;
        const char *p = dir + dir_len;
        while (p > dir && p[-1] != '/')
            p--;
        if (p == dir)
            return;
        dir_len = (size_t)(p - 1 - dir);
    }
}
