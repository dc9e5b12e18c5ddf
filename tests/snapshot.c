/* snapshot.c: listing every document of an open index (see snapshot.h). */
#include "snapshot.h"

#include "common/buf.h"
#include "index/reader.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *dup_n(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

static void doc_free(test_doc *d)
{
    free(d->id); free(d->title); free(d->lang); free(d->date);
    free(d->type); free(d->celex); free(d->url); free(d->text);
}

void test_docs_free(test_docs *d)
{
    for (size_t i = 0; i < d->n; i++)
        doc_free(&d->v[i]);
    free(d->v);
    d->v = NULL;
    d->n = 0;
}

static int cmp_doc(const void *a, const void *b)
{
    const test_doc *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : x->deleted - y->deleted;
}

int test_docs_read(acq_index *ix, int include_deleted, test_docs *out, char *msg, size_t msg_size)
{
    out->v = NULL;
    out->n = 0;
    size_t cap = 0;
    acq_buf rec = {0};
    acq_err err = {0};
    int rc = ACQ_OK;
    for (size_t si = 0; si < ix->nsegs && rc == ACQ_OK; si++) {
        acq_segment *s = &ix->segs[si];
        for (uint32_t d = 0; d < s->doc_count && rc == ACQ_OK; d++) {
            int deleted = acq_segment_is_deleted(s, d);
            if (deleted && !include_deleted)
                continue;
            const char *f[ACQ_META_COUNT];
            size_t fl[ACQ_META_COUNT];
            if ((rc = acq_segment_record(s, 0, d, &rec, &err)) != ACQ_OK)
                break;
            if (acq_record_fields(rec.data, rec.len, s->meta_fields, f, fl) != 0) {
                rc = acq_err_set(&err, ACQ_ECORRUPT, "segment %s, document %u: bad metadata record", s->name, d);
                break;
            }
            if (out->n == cap) {
                cap = cap ? 2 * cap : 64;
                test_doc *v = realloc(out->v, cap * sizeof *v);
                if (v == NULL) {
                    rc = acq_err_set(&err, ACQ_ENOMEM, "out of memory");
                    break;
                }
                out->v = v;
            }
            test_doc *t = &out->v[out->n++];
            memset(t, 0, sizeof *t);
            t->id = dup_n(f[ACQ_META_ID], fl[ACQ_META_ID]);
            t->title = dup_n(f[ACQ_META_TITLE], fl[ACQ_META_TITLE]);
            t->lang = dup_n(f[ACQ_META_LANG], fl[ACQ_META_LANG]);
            t->date = dup_n(f[ACQ_META_DATE], fl[ACQ_META_DATE]);
            t->type = dup_n(f[ACQ_META_TYPE], fl[ACQ_META_TYPE]);
            t->celex = dup_n(f[ACQ_META_CELEX], fl[ACQ_META_CELEX]);
            t->url = dup_n(f[ACQ_META_URL], fl[ACQ_META_URL]);
            t->body_len = acq_segment_len(s, ACQ_FIELD_BODY, d);
            t->deleted = deleted;
            const char *tx;
            size_t tl;
            if ((rc = acq_segment_record(s, 1, d, &rec, &err)) != ACQ_OK)
                break;
            if (acq_record_fields(rec.data, rec.len, 1, &tx, &tl) != 0) {
                rc = acq_err_set(&err, ACQ_ECORRUPT, "segment %s, document %u: bad text record", s->name, d);
                break;
            }
            t->text = dup_n(tx, tl);
            if (!t->id || !t->title || !t->lang || !t->date || !t->type || !t->celex || !t->url || !t->text)
                rc = acq_err_set(&err, ACQ_ENOMEM, "out of memory");
        }
    }
    acq_buf_free(&rec);
    if (rc != ACQ_OK) {
        if (msg && msg_size)
            snprintf(msg, msg_size, "%s", err.msg);
        test_docs_free(out);
        return rc;
    }
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, cmp_doc);
    return ACQ_OK;
}

const test_doc *test_docs_find(const test_docs *d, const char *id)
{
    size_t lo = 0, hi = d->n;
    while (lo < hi) { /* the first entry >= id */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(d->v[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < d->n && strcmp(d->v[lo].id, id) == 0; lo++)
        if (!d->v[lo].deleted)
            return &d->v[lo];
    return NULL;
}

int test_write_durably(const char *path, const void *data, size_t len)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return -1;
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t k = write(fd, p, left);
        if (k <= 0) {
            close(fd);
            return -1;
        }
        p += k;
        left -= (size_t)k;
    }
    int rc = fsync(fd);
    if (close(fd) != 0 || rc != 0)
        return -1;
    return rename(tmp, path);
}

/* ---- generated documents ---------------------------------------------- */

static const char *const FILLER[] = {
    " Member States shall cooperate on the exchange of information between police authorities.",
    " The requesting authority shall transmit the European Arrest Warrant without delay.",
    " Europol shall support the competent authorities in preventing serious crime.",
};
static const char *const TYPES[] = {"REG", "DIR", "DEC"};

void test_gen_doc(int n, int version, test_gen *g)
{
    snprintf(g->id, sizeof g->id, "d%03d", n);
    snprintf(g->title, sizeof g->title, "Act %d amended %d times", n, version);
    int len = snprintf(g->text, sizeof g->text, "Article %d. common u%dv%d", n % 7, n, version);
    /* A third of the texts are the same long text (stored once, tokens
     * replayed from the cache) apart from their own words above. */
    int repeats = (n + version) % 3 == 0 ? 4 : (n * 7 + version) % 3;
    for (int i = 0; i < repeats && len < (int)sizeof g->text - 100; i++)
        len += snprintf(g->text + len, sizeof g->text - (size_t)len, "%s", FILLER[(n + i) % 3]);
    snprintf(g->date, sizeof g->date, "%04d-%02d-%02d", 1995 + (n * 3 + version) % 30, 1 + n % 12, 1 + version % 28);
    snprintf(g->type, sizeof g->type, "%s", TYPES[(n + version) % 3]);
    snprintf(g->url, sizeof g->url, "https://example.eu/doc/%d/v%d", n, version);
}

int test_gen_add(acq_writer *w, int n, int version)
{
    test_gen g;
    test_gen_doc(n, version, &g);
    acq_document d = {0};
    d.id = g.id;
    d.title = g.title;
    d.text = g.text;
    d.lang = "en";
    d.date = g.date;
    d.type = g.type;
    d.url = g.url;
    return acq_writer_add(w, &d);
}

static int field_differs(const char *what, const char *id, const char *got, const char *want, char *why, size_t n)
{
    if (strcmp(got, want) == 0)
        return 0;
    snprintf(why, n, "document %s: stored %s is \"%.80s\", the model says \"%.80s\"", id, what, got, want);
    return 1;
}

int test_docs_match(const test_docs *got, const int *want, size_t count, char *why, size_t why_size)
{
    size_t nwant = 0;
    for (size_t i = 0; i < count; i++)
        nwant += want[i] != 0;
    size_t live = 0;
    for (size_t i = 0; i < got->n; i++) {
        const test_doc *t = &got->v[i];
        if (t->deleted)
            continue;
        live++;
        if (i + 1 < got->n && !got->v[i + 1].deleted && strcmp(t->id, got->v[i + 1].id) == 0) {
            snprintf(why, why_size, "document %s is in the index twice (ids are unique)", t->id);
            return -1;
        }
        int n = -1;
        if (sscanf(t->id, "d%d", &n) != 1 || n < 0 || (size_t)n >= count || want[n] == 0) {
            snprintf(why, why_size, "document %s (\"%.60s\") is in the index; the model has no such document", t->id,
                     t->title);
            return -1;
        }
        test_gen g;
        test_gen_doc(n, want[n], &g);
        if (field_differs("title", t->id, t->title, g.title, why, why_size) ||
            field_differs("text", t->id, t->text, g.text, why, why_size) ||
            field_differs("date", t->id, t->date, g.date, why, why_size) ||
            field_differs("type", t->id, t->type, g.type, why, why_size) ||
            field_differs("url", t->id, t->url, g.url, why, why_size) ||
            field_differs("lang", t->id, t->lang, "en", why, why_size))
            return -1;
    }
    if (live != nwant) {
        for (size_t i = 0; i < count; i++) {
            char id[24];
            snprintf(id, sizeof id, "d%03zu", i);
            if (want[i] && test_docs_find(got, id) == NULL) {
                snprintf(why, why_size, "document %s (version %d) is missing (%zu live documents, the model has %zu)",
                         id, want[i], live, nwant);
                return -1;
            }
        }
        snprintf(why, why_size, "%zu live documents, the model has %zu", live, nwant);
        return -1;
    }
    return 0;
}

static int search_ids(acq_index *ix, const char *q, acq_results **r, char *why, size_t why_size)
{
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = 1000;
    o.count = 1;
    char msg[512];
    int rc = acq_search(r, ix, q, &o, msg, sizeof msg);
    if (rc != ACQ_OK)
        snprintf(why, why_size, "search %s: %s (%s)", q, acq_strerror(rc), msg);
    return rc;
}

/* acq_index_document(id) gives the model's version of document n, or
 * ACQ_ENOTFOUND if the model has none. */
static int fetch_match(acq_index *ix, size_t n, int version, char *why, size_t why_size)
{
    char id[24], msg[512];
    snprintf(id, sizeof id, "d%03zu", n);
    acq_document *d = NULL;
    int rc = acq_index_document(&d, ix, id, msg, sizeof msg);
    if (version == 0) {
        acq_document_free(d);
        if (rc == ACQ_ENOTFOUND)
            return 0;
        snprintf(why, why_size, "acq_index_document %s: %s (%s), the model has no such document", id, acq_strerror(rc),
                 msg);
        return -1;
    }
    if (rc != ACQ_OK) {
        snprintf(why, why_size, "acq_index_document %s: %s (%s)", id, acq_strerror(rc), msg);
        return -1;
    }
    test_gen g;
    test_gen_doc((int)n, version, &g);
    int bad = field_differs("title (acq_index_document)", id, d->title, g.title, why, why_size) ||
              field_differs("text (acq_index_document)", id, d->text, g.text, why, why_size) ||
              field_differs("date (acq_index_document)", id, d->date, g.date, why, why_size) ||
              field_differs("type (acq_index_document)", id, d->type, g.type, why, why_size) ||
              field_differs("url (acq_index_document)", id, d->url, g.url, why, why_size);
    acq_document_free(d);
    return bad ? -1 : 0;
}

static int search_common(acq_index *ix, const int *want, size_t count, char *why, size_t why_size);

/* Document n of the model (at version want[n]) is found by acq_index_document
 * and by its own word, and only it. */
static int one_match(acq_index *ix, const int *want, size_t i, char *why, size_t why_size)
{
    if (fetch_match(ix, i, want[i], why, why_size) != 0)
        return -1;
    if (want[i] == 0)
        return 0;
    char q[48], id[24];
    snprintf(q, sizeof q, "u%zuv%d", i, want[i]);
    snprintf(id, sizeof id, "d%03zu", i);
    acq_results *r = NULL;
    if (search_ids(ix, q, &r, why, why_size) != ACQ_OK)
        return -1;
    int ok = acq_results_count(r) == 1 && strcmp(acq_results_hit(r, 0)->id, id) == 0;
    if (!ok)
        snprintf(why, why_size, "search %s: %zu hits (first %s), expected only %s", q, acq_results_count(r),
                 acq_results_count(r) ? acq_results_hit(r, 0)->id : "none", id);
    acq_results_free(r);
    return ok ? 0 : -1;
}

int test_search_match(acq_index *ix, const int *want, size_t count, char *why, size_t why_size)
{
    for (size_t i = 0; i < count; i++)
        if (one_match(ix, want, i, why, why_size) != 0)
            return -1;
    return search_common(ix, want, count, why, why_size);
}

int test_search_one(acq_index *ix, const int *want, size_t count, size_t one, char *why, size_t why_size)
{
    if (one_match(ix, want, one, why, why_size) != 0)
        return -1;
    return search_common(ix, want, count, why, why_size);
}

/* "common" finds exactly the documents of the model. */
static int search_common(acq_index *ix, const int *want, size_t count, char *why, size_t why_size)
{
    size_t nwant = 0;
    for (size_t i = 0; i < count; i++)
        nwant += want[i] != 0;
    acq_results *r = NULL;
    if (search_ids(ix, "common", &r, why, why_size) != ACQ_OK)
        return -1;
    int ok = acq_results_total(r) == nwant && acq_results_count(r) == nwant;
    for (size_t i = 0; ok && i < acq_results_count(r); i++) {
        int n = -1;
        ok = sscanf(acq_results_hit(r, i)->id, "d%d", &n) == 1 && n >= 0 && (size_t)n < count && want[n] != 0;
    }
    if (!ok)
        snprintf(why, why_size, "search common: %llu hits, expected exactly the %zu documents of the model",
                 (unsigned long long)acq_results_total(r), nwant);
    acq_results_free(r);
    return ok ? 0 : -1;
}
