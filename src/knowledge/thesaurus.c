/* thesaurus.c: reading a thesaurus (a TSV file, or a folder of LANG.json
 * label mappings) and looking labels up (see thesaurus.h). */
#include "knowledge/thesaurus.h"

#include "analysis/keyword.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/utf8.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FILE (256u << 20)

typedef struct entry {
    char *id, *folded;
    acq_thes_label l;     /* label and lang owned here */
    size_t order;         /* reading order: the first label is preferred */
    uint32_t concept;
} entry;

struct acq_thesaurus {
    entry *e;             /* sorted by concept, then lang, then order */
    size_t n, cap;
    entry **by_label;     /* sorted by folded label */
    size_t *first;        /* concept -> its first entry; first[nconcepts] = n */
    size_t nconcepts;
    acq_thes_label *labels; /* parallel to e, for acq_thesaurus_labels */
};

static int add(acq_thesaurus *t, const char *id, size_t idn, const char *lang, const char *label, size_t ln)
{
    if (idn == 0 || ln == 0)
        return ACQ_OK;
    if (acq_grow((void **)&t->e, &t->cap, t->n + 1, sizeof *t->e) != 0)
        return ACQ_ENOMEM;
    entry *x = &t->e[t->n];
    memset(x, 0, sizeof *x);
    acq_buf f = {0};
    x->id = acq_strndup(id, idn);
    x->l.label = acq_strndup(label, ln);
    x->l.lang = acq_strndup(lang, strlen(lang));
    if (x->id == NULL || x->l.label == NULL || x->l.lang == NULL || acq_keyword_fold(label, ln, &f) != 0 ||
        (x->folded = acq_strndup(acq_buf_cstr(&f), f.len)) == NULL) {
        acq_free(x->id);
        acq_free((char *)x->l.label);
        acq_free((char *)x->l.lang);
        acq_buf_free(&f);
        return ACQ_ENOMEM;
    }
    acq_buf_free(&f);
    x->order = t->n++;
    return ACQ_OK;
}

static char *read_all(const char *path, size_t *n, acq_err *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        acq_err_set(err, ACQ_EIO, "%s: %s", path, strerror(errno));
        return NULL;
    }
    acq_buf b = {0};
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= MAX_FILE)
        acq_buf_put(&b, chunk, k);
    int bad = ferror(f);
    fclose(f);
    if (bad || b.failed || b.len > MAX_FILE) {
        acq_err_set(err, b.failed ? ACQ_ENOMEM : bad ? ACQ_EIO : ACQ_EINPUT, "%s: %s", path,
                    b.failed ? "out of memory" : bad ? "read error" : "larger than 256 MB");
        acq_buf_free(&b);
        return NULL;
    }
    acq_buf_putc(&b, '\0');
    *n = b.len - 1;
    return (char *)b.data; /* the buffer's bytes, freed by the caller */
}

/* ---- LANG.json: one flat object of strings ---------------------------------- */

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

static int hex4(const char *s, uint32_t *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        *v = *v * 16 + (uint32_t)d;
    }
    return 0;
}

/* A JSON string at s[i] (the opening quote) into out; the index after it,
 * or 0 when malformed. */
static size_t json_string(const char *s, size_t n, size_t i, acq_buf *out)
{
    out->len = 0;
    if (i >= n || s[i] != '"')
        return 0;
    for (i++; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"')
            return i + 1;
        if (c < 0x20)
            return 0;
        if (c != '\\') {
            acq_buf_putc(out, (uint8_t)c);
            continue;
        }
        if (++i >= n)
            return 0;
        switch (s[i]) {
        case '"': case '\\': case '/': acq_buf_putc(out, (uint8_t)s[i]); break;
        case 'b': acq_buf_putc(out, '\b'); break;
        case 'f': acq_buf_putc(out, '\f'); break;
        case 'n': acq_buf_putc(out, '\n'); break;
        case 'r': acq_buf_putc(out, '\r'); break;
        case 't': acq_buf_putc(out, '\t'); break;
        case 'u': {
            uint32_t cp, lo;
            if (i + 4 >= n || hex4(s + i + 1, &cp) != 0)
                return 0;
            i += 4;
            if (cp >= 0xD800 && cp < 0xDC00) {
                if (i + 6 >= n || s[i + 1] != '\\' || s[i + 2] != 'u' || hex4(s + i + 3, &lo) != 0 || lo < 0xDC00 ||
                    lo > 0xDFFF)
                    return 0;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return 0;
            }
            uint8_t u[4];
            size_t k = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (k == 1) u[0] = (uint8_t)cp;
            else if (k == 2) { u[0] = (uint8_t)(0xC0 | cp >> 6); u[1] = (uint8_t)(0x80 | (cp & 0x3F)); }
            else if (k == 3) { u[0] = (uint8_t)(0xE0 | cp >> 12); u[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F)); u[2] = (uint8_t)(0x80 | (cp & 0x3F)); }
            else { u[0] = (uint8_t)(0xF0 | cp >> 18); u[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F)); u[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F)); u[3] = (uint8_t)(0x80 | (cp & 0x3F)); }
            acq_buf_put(out, u, k);
            break;
        }
        default:
            return 0;
        }
    }
    return 0;
}

static int parse_json(acq_thesaurus *t, const char *path, const char *lang, const char *s, size_t n, acq_err *err)
{
    int rc = ACQ_OK;
    acq_buf k = {0}, v = {0};
    size_t i = skip_ws(s, n, 0);
    if (i >= n || s[i] != '{')
        rc = acq_err_set(err, ACQ_EINPUT, "%s: not a JSON object of labels", path);
    else
        i = skip_ws(s, n, i + 1);
    while (rc == ACQ_OK && i < n && s[i] != '}') {
        size_t j = json_string(s, n, i, &k);
        j = j ? skip_ws(s, n, j) : 0;
        if (j == 0 || j >= n || s[j] != ':') {
            rc = acq_err_set(err, ACQ_EINPUT, "%s: byte %zu: expected \"id\": \"label\"", path, i);
            break;
        }
        size_t e = json_string(s, n, skip_ws(s, n, j + 1), &v);
        if (e == 0 || k.failed || v.failed || !acq_utf8_valid(v.data, v.len, NULL) ||
            !acq_utf8_valid(k.data, k.len, NULL) || (v.len && memchr(v.data, '\0', v.len)) || (k.len && memchr(k.data, '\0', k.len))) {
            rc = k.failed || v.failed ? acq_err_set(err, ACQ_ENOMEM, "out of memory")
                                      : acq_err_set(err, ACQ_EINPUT, "%s: byte %zu: a label is not a valid string", path, j);
            break;
        }
        if (add(t, (const char *)k.data, k.len, lang, (const char *)v.data, v.len) != ACQ_OK)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
        i = skip_ws(s, n, e);
        if (i < n && s[i] == ',')
            i = skip_ws(s, n, i + 1);
        else if (i >= n || s[i] != '}')
            rc = acq_err_set(err, ACQ_EINPUT, "%s: byte %zu: expected ',' or '}'", path, i);
    }
    acq_buf_free(&k);
    acq_buf_free(&v);
    return rc;
}

static int load_json(acq_thesaurus *t, const char *path, const char *lang, acq_err *err)
{
    size_t n;
    char *s = read_all(path, &n, err);
    if (s == NULL)
        return err->code;
    int rc = parse_json(t, path, lang, s, n, err);
    acq_free(s);
    return rc;
}

/* ---- CONCEPT<TAB>LANG<TAB>LABEL lines ----------------------------------------------- */

static int parse_tsv(acq_thesaurus *t, const char *path, const char *s, size_t n, acq_err *err)
{
    int rc = ACQ_OK;
    size_t line = 0;
    for (size_t i = 0; i < n && rc == ACQ_OK; line++) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        size_t le = e > i && s[e - 1] == '\r' ? e - 1 : e;
        const char *l = s + i;
        size_t ll = le - i;
        i = e + 1;
        if (ll == 0 || l[0] == '#')
            continue;
        const char *t1 = memchr(l, '\t', ll);
        const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(l + ll - t1 - 1)) : NULL;
        size_t langn = t2 ? (size_t)(t2 - t1 - 1) : 0;
        if (t2 == NULL || t1 == l || langn == 0 || langn > 15 || t2 + 1 == l + ll) {
            rc = acq_err_set(err, ACQ_EINPUT, "%s:%zu: expected CONCEPT<TAB>LANG<TAB>LABEL", path, line + 1);
            break;
        }
        if (!acq_utf8_valid((const uint8_t *)l, ll, NULL) || memchr(l, '\0', ll)) {
            rc = acq_err_set(err, ACQ_EINPUT, "%s:%zu: not valid UTF-8 text (or a NUL byte)", path, line + 1);
            break;
        }
        char lang[16];
        memcpy(lang, t1 + 1, langn);
        lang[langn] = '\0';
        if (add(t, l, (size_t)(t1 - l), lang, t2 + 1, (size_t)(l + ll - t2 - 1)) != ACQ_OK)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    return rc;
}

static int load_tsv(acq_thesaurus *t, const char *path, acq_err *err)
{
    size_t n;
    char *s = read_all(path, &n, err);
    if (s == NULL)
        return err->code;
    int rc = parse_tsv(t, path, s, n, err);
    acq_free(s);
    return rc;
}

/* ---- indexing ----------------------------------------------------------------- */

static int by_concept(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c == 0)
        c = strcmp(x->l.lang, y->l.lang);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int by_folded(const void *a, const void *b)
{
    const entry *x = *(entry *const *)a, *y = *(entry *const *)b;
    int c = strcmp(x->folded, y->folded);
    return c ? c : (x->concept > y->concept) - (x->concept < y->concept);
}

static int build(acq_thesaurus *t)
{
    qsort(t->e, t->n, sizeof *t->e, by_concept);
    t->by_label = acq_calloc(t->n + 1, sizeof *t->by_label);
    t->first = acq_calloc(t->n + 2, sizeof *t->first);
    t->labels = acq_calloc(t->n + 1, sizeof *t->labels);
    if (t->by_label == NULL || t->first == NULL || t->labels == NULL)
        return ACQ_ENOMEM;
    for (size_t i = 0; i < t->n; i++) {
        if (i == 0 || strcmp(t->e[i].id, t->e[i - 1].id) != 0)
            t->first[t->nconcepts++] = i;
        t->e[i].concept = (uint32_t)(t->nconcepts - 1);
        t->by_label[i] = &t->e[i];
        t->labels[i] = t->e[i].l;
    }
    t->first[t->nconcepts] = t->n;
    qsort(t->by_label, t->n, sizeof *t->by_label, by_folded);
    return ACQ_OK;
}

static int lang_file(const char *name, char lang[8])
{
    size_t n = strlen(name);
    if (n < 7 || n > 8 || strcmp(name + n - 5, ".json") != 0)
        return 0;
    for (size_t i = 0; i < n - 5; i++)
        if (name[i] < 'a' || name[i] > 'z')
            return 0;
    memcpy(lang, name, n - 5);
    lang[n - 5] = '\0';
    return 1;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int acq_thesaurus_load(acq_thesaurus **out, const char *path, acq_err *err)
{
    *out = NULL;
    struct stat st;
    if (path == NULL || stat(path, &st) != 0)
        return acq_err_set(err, ACQ_EIO, "thesaurus %s: %s", path ? path : "(null)", path ? strerror(errno) : "no path");
    acq_thesaurus *t = acq_calloc(1, sizeof *t);
    if (t == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    int rc = ACQ_OK;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d == NULL) {
            acq_thesaurus_free(t);
            return acq_err_set(err, ACQ_EIO, "thesaurus %s: %s", path, strerror(errno));
        }
        char **names = NULL;
        size_t nn = 0, cap = 0;
        struct dirent *de;
        char lang[8];
        while ((de = readdir(d)) != NULL && rc == ACQ_OK)
            if (lang_file(de->d_name, lang)) {
                char *c = acq_strndup(de->d_name, strlen(de->d_name));
                if (c == NULL || acq_grow((void **)&names, &cap, nn + 1, sizeof *names) != 0) {
                    acq_free(c);
                    rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
                } else {
                    names[nn++] = c;
                }
            }
        closedir(d);
        if (names)
            qsort(names, nn, sizeof *names, cmp_str); /* the same order on every system */
        for (size_t i = 0; i < nn; i++) {
            if (rc == ACQ_OK) {
                acq_buf p = {0};
                acq_buf_printf(&p, "%s/%s", path, names[i]);
                lang_file(names[i], lang);
                rc = p.failed ? acq_err_set(err, ACQ_ENOMEM, "out of memory") : load_json(t, acq_buf_cstr(&p), lang, err);
                acq_buf_free(&p);
            }
            acq_free(names[i]);
        }
        acq_free(names);
        if (rc == ACQ_OK && nn == 0)
            rc = acq_err_set(err, ACQ_EINPUT, "thesaurus %s: a folder without LANG.json files", path);
    } else {
        rc = load_tsv(t, path, err);
    }
    if (rc == ACQ_OK && t->n == 0)
        rc = acq_err_set(err, ACQ_EINPUT, "thesaurus %s has no labels", path);
    if (rc == ACQ_OK && build(t) != ACQ_OK)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (rc != ACQ_OK) {
        acq_thesaurus_free(t);
        return rc;
    }
    *out = t;
    return ACQ_OK;
}

int acq_thesaurus_load_text(acq_thesaurus **out, const char *name, const char *lang, const char *text, size_t len,
                            acq_err *err)
{
    *out = NULL;
    acq_thesaurus *t = acq_calloc(1, sizeof *t);
    if (t == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    int rc = lang ? parse_json(t, name, lang, text, len, err) : parse_tsv(t, name, text, len, err);
    if (rc == ACQ_OK && t->n == 0)
        rc = acq_err_set(err, ACQ_EINPUT, "thesaurus %s has no labels", name);
    if (rc == ACQ_OK && build(t) != ACQ_OK)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (rc != ACQ_OK) {
        acq_thesaurus_free(t);
        return rc;
    }
    *out = t;
    return ACQ_OK;
}

void acq_thesaurus_free(acq_thesaurus *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n; i++) {
        acq_free(t->e[i].id);
        acq_free(t->e[i].folded);
        acq_free((char *)t->e[i].l.label);
        acq_free((char *)t->e[i].l.lang);
    }
    acq_free(t->e);
    acq_free(t->by_label);
    acq_free(t->first);
    acq_free(t->labels);
    acq_free(t);
}

/* ---- the process's tables ------------------------------------------------------- */

typedef struct shared_one {
    char *path;
    acq_thesaurus *t;
} shared_one;
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static shared_one shared_v[16];
static size_t shared_n;

int acq_thesaurus_shared(const acq_thesaurus **out, const char *path, acq_err *err)
{
    *out = NULL;
    pthread_mutex_lock(&shared_lock);
    for (size_t i = 0; i < shared_n; i++)
        if (strcmp(shared_v[i].path, path) == 0) {
            *out = shared_v[i].t;
            pthread_mutex_unlock(&shared_lock);
            return ACQ_OK;
        }
    int rc = ACQ_OK;
    if (shared_n == sizeof shared_v / sizeof shared_v[0]) {
        rc = acq_err_set(err, ACQ_ELIMIT, "more than 16 thesauri in one process");
    } else {
        acq_thesaurus *t = NULL;
        char *p = acq_strndup(path, strlen(path));
        rc = p ? acq_thesaurus_load(&t, path, err) : acq_err_set(err, ACQ_ENOMEM, "out of memory");
        if (rc == ACQ_OK) {
            shared_v[shared_n].path = p;
            shared_v[shared_n++].t = t;
            *out = t;
        } else {
            acq_free(p);
        }
    }
    pthread_mutex_unlock(&shared_lock);
    return rc;
}

/* ---- lookups ------------------------------------------------------------------- */

size_t acq_thesaurus_concepts(const acq_thesaurus *t) { return t ? t->nconcepts : 0; }
size_t acq_thesaurus_labels_total(const acq_thesaurus *t) { return t ? t->n : 0; }

size_t acq_thesaurus_lookup(const acq_thesaurus *t, const char *s, size_t n, uint32_t *out, size_t max)
{
    if (t == NULL || n == 0)
        return 0;
    acq_buf f = {0};
    if (acq_keyword_fold(s, n, &f) != 0 || f.len == 0) {
        acq_buf_free(&f);
        return 0;
    }
    const char *key = acq_buf_cstr(&f);
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(t->by_label[mid]->folded, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t count = 0;
    uint32_t last = UINT32_MAX;
    for (; lo < t->n && strcmp(t->by_label[lo]->folded, key) == 0; lo++) {
        uint32_t c = t->by_label[lo]->concept;
        if (c == last)
            continue; /* the same label in two languages */
        last = c;
        if (count < max)
            out[count] = c;
        count++;
    }
    acq_buf_free(&f);
    return count;
}

const char *acq_thesaurus_id(const acq_thesaurus *t, uint32_t concept)
{
    return t && concept < t->nconcepts ? t->e[t->first[concept]].id : "";
}

size_t acq_thesaurus_labels(const acq_thesaurus *t, uint32_t concept, const acq_thes_label **out)
{
    if (t == NULL || concept >= t->nconcepts) {
        *out = NULL;
        return 0;
    }
    *out = &t->labels[t->first[concept]];
    return t->first[concept + 1] - t->first[concept];
}
