/* groups.c: facets and collapsing over all matches (see groups.h). */
#include "search/groups.h"

#include "analysis/keyword.h"
#include "codec/varint.h"
#include "common/alloc.h"
#include "index/id_table.h"
#include "search/postings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int acq_group_field(const acq_index *ix, const char *name, size_t len)
{
    static const struct { const char *name; int field; } builtin[] = {
        {"type", ACQ_FIELD_TYPE}, {"lang", ACQ_FIELD_LANG}, {"celex", ACQ_FIELD_CELEX},
        {"id", ACQ_FIELD_ID}, {"year", ACQ_GROUP_YEAR},
    };
    /* An extra field of the same name wins over the year of the date: an
     * input's own "year" is what its user means. */
    int code = acq_manifest_field_code(&ix->manifest, name, len);
    if (code)
        return code;
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
        if (strlen(builtin[i].name) == len && memcmp(builtin[i].name, name, len) == 0)
            return builtin[i].field;
    return 0;
}

/* ---- per-document values of a keyword field --------------------------- */

/* Walks every term of `field` in segment s: fn(ctx, value, len, doc) per
 * posting (deleted documents included: callers look at matches only). */
typedef int (*value_fn)(void *ctx, const uint8_t *value, size_t len, uint32_t doc);

static int walk_values(acq_segment *s, int field, value_fn fn, void *ctx, acq_err *err)
{
    acq_dict_iter it;
    uint8_t start = (uint8_t)field;
    if (acq_dict_iter_seek(&it, s, &start, 1, err) != ACQ_OK)
        return err->code;
    for (;;) {
        int r = acq_dict_iter_next(&it, err);
        if (r < 0)
            return r;
        if (r == 0 || it.key_len == 0 || it.key[0] != (uint8_t)field)
            return ACQ_OK;
        acq_postings p;
        if (acq_postings_open(&p, s, &it.meta, err) != ACQ_OK)
            return err->code;
        for (uint32_t d = acq_postings_next(&p); d != ACQ_NO_DOC; d = acq_postings_next(&p)) {
            if (d >= s->doc_count)
                return acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (a document number out of range)", s->doc.path);
            int rc = fn(ctx, it.key + 1, it.key_len - 1, d);
            if (rc != ACQ_OK)
                return rc;
        }
        if (p.corrupt)
            return acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (postings do not decode)", s->doc.path);
    }
}

/* Values are numbered index-wide through an id table (value -> entry). */
typedef struct valued {
    acq_id_table *values;
    const uint8_t *matched;    /* this segment's matches, a bitset */
    uint32_t *group_of;        /* collapse: per document, entry + 1 (0: none) */
    uint64_t *count;           /* facets: per entry */
    uint32_t *example;         /* facets: a global docno holding the entry */
    size_t cap;
    uint32_t base;
    acq_err *err;
} valued;

static int grow_counts(valued *v, uint32_t e)
{
    if (e < v->cap)
        return ACQ_OK;
    size_t cap = v->cap, ncap = cap ? cap * 2 : 256;
    while (ncap <= e)
        ncap *= 2;
    uint64_t *c = acq_realloc(v->count, ncap * sizeof *c);
    if (c == NULL)
        return acq_err_set(v->err, ACQ_ENOMEM, "out of memory");
    v->count = c;
    uint32_t *x = acq_realloc(v->example, ncap * sizeof *x);
    if (x == NULL)
        return acq_err_set(v->err, ACQ_ENOMEM, "out of memory");
    v->example = x;
    memset(v->count + cap, 0, (ncap - cap) * sizeof *c);
    v->cap = ncap;
    return ACQ_OK;
}

static int count_value(void *ctx, const uint8_t *value, size_t len, uint32_t doc)
{
    valued *v = ctx;
    if (!((v->matched[doc >> 3] >> (doc & 7)) & 1))
        return ACQ_OK;
    uint32_t e = acq_id_table_put(v->values, (const char *)value, len);
    if (e == UINT32_MAX || grow_counts(v, e) != ACQ_OK)
        return acq_err_set(v->err, ACQ_ENOMEM, "out of memory");
    if (v->count[e]++ == 0)
        v->example[e] = v->base + doc;
    return ACQ_OK;
}

static int group_value(void *ctx, const uint8_t *value, size_t len, uint32_t doc)
{
    valued *v = ctx;
    if (v->group_of[doc] != 0 || !((v->matched[doc >> 3] >> (doc & 7)) & 1))
        return ACQ_OK; /* a document with several values joins its first */
    uint32_t e = acq_id_table_put(v->values, (const char *)value, len);
    if (e == UINT32_MAX)
        return acq_err_set(v->err, ACQ_ENOMEM, "out of memory");
    v->group_of[doc] = e + 1;
    return ACQ_OK;
}

/* Per segment, a bitset of the matches. */
static uint8_t **match_bits(acq_index *ix, const acq_scored *m, size_t n, acq_err *err)
{
    uint8_t **bits = acq_calloc(ix->nsegs + 1, sizeof *bits);
    if (bits == NULL)
        return NULL;
    for (size_t si = 0; si < ix->nsegs; si++)
        if ((bits[si] = acq_calloc((size_t)ix->segs[si].doc_count / 8 + 1, 1)) == NULL) {
            for (size_t k = 0; k < si; k++)
                acq_free(bits[k]);
            acq_free(bits);
            acq_err_set(err, ACQ_ENOMEM, "out of memory");
            return NULL;
        }
    for (size_t i = 0; i < n; i++) {
        size_t si = acq_index_segment_of(ix, m[i].docno);
        uint32_t d = m[i].docno - ix->base[si];
        bits[si][d >> 3] |= (uint8_t)(1u << (d & 7));
    }
    return bits;
}

static void free_bits(acq_index *ix, uint8_t **bits)
{
    for (size_t si = 0; bits && si < ix->nsegs; si++)
        acq_free(bits[si]);
    acq_free(bits);
}

/* ---- facets ---------------------------------------------------------------- */

typedef struct facet {
    char *name;
    acq_facet_value *values;
    size_t n;
    uint64_t distinct;
    char **strings;
} facet;

struct acq_facet_list {
    facet *f;
    size_t n, cap;
};

size_t acq_facet_list_count(const acq_facet_list *f) { return f ? f->n : 0; }

const char *acq_facet_list_get(const acq_facet_list *f, size_t i, const acq_facet_value **values, size_t *n,
                               uint64_t *distinct)
{
    if (f == NULL || i >= f->n)
        return NULL;
    if (values)
        *values = f->f[i].values;
    if (n)
        *n = f->f[i].n;
    if (distinct)
        *distinct = f->f[i].distinct;
    return f->f[i].name;
}

void acq_facet_list_free(acq_facet_list *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->n; i++) {
        for (size_t k = 0; k < f->f[i].n; k++)
            acq_free(f->f[i].strings[k]);
        acq_free(f->f[i].strings);
        acq_free(f->f[i].values);
        acq_free(f->f[i].name);
    }
    acq_free(f->f);
    acq_free(f);
}

typedef struct ranked { uint64_t count; uint32_t entry; const char *key; size_t len; } ranked;

static int cmp_ranked(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->key, b->key, n);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* The value as a document gave it: the stored field whose folded form is
 * the key (the key itself if none is found). */
static char *display_value(acq_index *ix, int field, uint32_t docno, const char *key, size_t len, acq_err *err)
{
    size_t si = acq_index_segment_of(ix, docno);
    acq_segment *s = &ix->segs[si];
    acq_buf rec = {0}, folded = {0};
    const char *f[ACQ_META_COUNT];
    size_t fl[ACQ_META_COUNT];
    char *out = NULL;
    if (acq_segment_record(s, 0, docno - ix->base[si], &rec, err) == ACQ_OK &&
        acq_record_fields(rec.data, rec.len, s->meta_fields, f, fl) == 0) {
        int meta = field == ACQ_FIELD_TYPE ? ACQ_META_TYPE : field == ACQ_FIELD_LANG ? ACQ_META_LANG
                 : field == ACQ_FIELD_CELEX ? ACQ_META_CELEX : field == ACQ_FIELD_ID ? ACQ_META_ID : -1;
        if (meta >= 0 && fl[meta] == len)
            out = acq_strndup(f[meta], fl[meta]);
        if (meta < 0 && s->meta_fields > ACQ_META_EXTRA) {
            const uint8_t *p = (const uint8_t *)f[ACQ_META_EXTRA], *e = p + fl[ACQ_META_EXTRA];
            while (p < e && out == NULL) {
                uint64_t code, vl;
                size_t k = acq_varint_decode(p, (size_t)(e - p), &code);
                size_t k2 = k ? acq_varint_decode(p + k, (size_t)(e - p - k), &vl) : 0;
                if (k == 0 || k2 == 0 || vl > (uint64_t)(e - p - k - k2))
                    break;
                p += k + k2;
                if ((int)code == field && acq_keyword_fold((const char *)p, (size_t)vl, &folded) == 0 &&
                    folded.len == len && memcmp(folded.data, key, len) == 0)
                    out = acq_strndup((const char *)p, (size_t)vl);
                p += vl;
            }
        }
    }
    acq_err_clear(err); /* a display nicety: fall back on the key */
    acq_buf_free(&rec);
    acq_buf_free(&folded);
    return out ? out : acq_strndup(key, len);
}

static int count_years(acq_index *ix, const acq_scored *m, size_t n, valued *v)
{
    for (size_t i = 0; i < n; i++) {
        size_t si = acq_index_segment_of(ix, m[i].docno);
        uint32_t date = acq_segment_date(&ix->segs[si], m[i].docno - ix->base[si]);
        if (date == 0)
            continue; /* undated documents have no year */
        char y[8];
        int yl = snprintf(y, sizeof y, "%04u", date / 10000);
        uint32_t e = acq_id_table_put(v->values, y, (size_t)yl);
        if (e == UINT32_MAX || grow_counts(v, e) != ACQ_OK)
            return acq_err_set(v->err, ACQ_ENOMEM, "out of memory");
        if (v->count[e]++ == 0)
            v->example[e] = m[i].docno;
    }
    return ACQ_OK;
}

static int one_facet(acq_index *ix, facet *out, int field, uint8_t **bits, const acq_scored *m, size_t n,
                     size_t limit, acq_err *err)
{
    valued v = {0};
    v.err = err;
    v.values = acq_id_table_new();
    int rc = v.values ? ACQ_OK : acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (rc == ACQ_OK && field == ACQ_GROUP_YEAR)
        rc = count_years(ix, m, n, &v);
    for (size_t si = 0; rc == ACQ_OK && field != ACQ_GROUP_YEAR && si < ix->nsegs; si++) {
        v.matched = bits[si];
        v.base = ix->base[si];
        rc = walk_values(&ix->segs[si], field, count_value, &v, err);
    }
    size_t nvalues = rc == ACQ_OK ? acq_id_table_count(v.values) : 0;
    ranked *r = acq_calloc(nvalues + 1, sizeof *r);
    if (rc == ACQ_OK && r == NULL)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    for (uint32_t e = 0; rc == ACQ_OK && e < nvalues; e++) {
        r[e].entry = e;
        r[e].count = v.count[e];
        r[e].key = acq_id_table_id(v.values, e, &r[e].len);
    }
    if (rc == ACQ_OK) {
        qsort(r, nvalues, sizeof *r, cmp_ranked);
        out->distinct = nvalues;
        out->n = nvalues < limit ? nvalues : limit;
        out->values = acq_calloc(out->n + 1, sizeof *out->values);
        out->strings = acq_calloc(out->n + 1, sizeof *out->strings);
        if (out->values == NULL || out->strings == NULL)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    for (size_t i = 0; rc == ACQ_OK && i < out->n; i++) {
        out->strings[i] = field == ACQ_GROUP_YEAR ? acq_strndup(r[i].key, r[i].len)
                                                  : display_value(ix, field, v.example[r[i].entry], r[i].key, r[i].len, err);
        if (out->strings[i] == NULL)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
        else {
            out->values[i].value = out->strings[i];
            out->values[i].count = r[i].count;
        }
    }
    if (rc != ACQ_OK && out->strings == NULL)
        out->n = 0;
    acq_free(r);
    acq_free(v.count);
    acq_free(v.example);
    acq_id_table_free(v.values);
    return rc;
}

int acq_facets_count(acq_facet_list **out, acq_index *ix, const char *names, size_t limit, const acq_scored *m,
                     size_t n, acq_err *err)
{
    *out = NULL;
    acq_facet_list *fl = acq_calloc(1, sizeof *fl);
    if (fl == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    int rc = ACQ_OK;
    uint8_t **bits = NULL;
    for (const char *p = names; rc == ACQ_OK && *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        while (len && *p == ' ')
            p++, len--;
        while (len && p[len - 1] == ' ')
            len--;
        if (len) {
            int field = acq_group_field(ix, p, len);
            if (field == 0) {
                acq_buf known = {0};
                for (size_t i = 0; i < ix->manifest.nfields; i++)
                    acq_buf_printf(&known, ", %s", ix->manifest.fields[i]);
                rc = acq_err_set(err, ACQ_EARG, "no field '%.*s' to count (facets: type, lang, celex, id, year%s)",
                                 (int)(len > 64 ? 64 : len), p, known.failed ? "" : acq_buf_cstr(&known));
                acq_buf_free(&known);
                break;
            }
            if (bits == NULL && field != ACQ_GROUP_YEAR && (bits = match_bits(ix, m, n, err)) == NULL) {
                rc = err->code ? err->code : acq_err_set(err, ACQ_ENOMEM, "out of memory");
                break;
            }
            if (acq_grow((void **)&fl->f, &fl->cap, fl->n + 1, sizeof *fl->f) != 0) {
                rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
                break;
            }
            facet *f = &fl->f[fl->n++];
            memset(f, 0, sizeof *f);
            if ((f->name = acq_strndup(p, len)) == NULL)
                rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
            else
                rc = one_facet(ix, f, field, bits, m, n, limit ? limit : 10, err);
        }
        if (e == NULL)
            break;
        p = e + 1;
    }
    free_bits(ix, bits);
    if (rc != ACQ_OK) {
        acq_facet_list_free(fl);
        return rc;
    }
    *out = fl;
    return ACQ_OK;
}

/* ---- collapse ---------------------------------------------------------------- */

static int better(const acq_scored *a, const acq_scored *b)
{
    return a->score > b->score || (a->score == b->score && a->docno < b->docno);
}

static int cmp_fold(const void *pa, const void *pb)
{
    const acq_fold *a = pa, *b = pb;
    return (a->docno > b->docno) - (a->docno < b->docno);
}

int acq_collapse(acq_index *ix, int field, acq_scored *m, size_t *n, acq_fold **folds, size_t *nfolds,
                 acq_err *err)
{
    *folds = NULL;
    *nfolds = 0;
    if (field == ACQ_GROUP_YEAR)
        return acq_err_set(err, ACQ_EARG, "collapse takes a keyword field (celex, type, lang, id or an extra field), not year");
    valued v = {0};
    v.err = err;
    v.values = acq_id_table_new();
    uint8_t **bits = v.values ? match_bits(ix, m, *n, err) : NULL;
    uint32_t **group = acq_calloc(ix->nsegs + 1, sizeof *group);
    int rc = bits && group ? ACQ_OK : acq_err_set(err, ACQ_ENOMEM, "out of memory");
    for (size_t si = 0; rc == ACQ_OK && si < ix->nsegs; si++) {
        group[si] = acq_calloc((size_t)ix->segs[si].doc_count + 1, sizeof **group);
        if (group[si] == NULL) {
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
            break;
        }
        v.matched = bits[si];
        v.group_of = group[si];
        rc = walk_values(&ix->segs[si], field, group_value, &v, err);
    }
    size_t ngroups = rc == ACQ_OK ? acq_id_table_count(v.values) : 0;
    size_t *best = acq_malloc((ngroups + 1) * sizeof *best); /* index into m of each group's best */
    uint64_t *size = acq_calloc(ngroups + 1, sizeof *size);
    acq_scored *kept = acq_malloc((*n + 1) * sizeof *kept);
    acq_fold *fold = acq_malloc((ngroups + 1) * sizeof *fold);
    if (rc == ACQ_OK && (best == NULL || size == NULL || kept == NULL || fold == NULL))
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (rc == ACQ_OK) {
        for (size_t g = 0; g < ngroups; g++)
            best[g] = SIZE_MAX;
        size_t nk = 0, nf = 0;
        for (size_t i = 0; i < *n; i++) {
            size_t si = acq_index_segment_of(ix, m[i].docno);
            uint32_t g = group[si][m[i].docno - ix->base[si]];
            if (g == 0) { /* no value: a group of its own */
                kept[nk++] = m[i];
                continue;
            }
            g--;
            size[g]++;
            if (best[g] == SIZE_MAX || better(&m[i], &m[best[g]]))
                best[g] = i;
        }
        for (size_t g = 0; g < ngroups; g++)
            if (best[g] != SIZE_MAX) {
                kept[nk++] = m[best[g]];
                fold[nf].docno = m[best[g]].docno;
                fold[nf++].folded = size[g] - 1;
            }
        memcpy(m, kept, nk * sizeof *m);
        *n = nk;
        qsort(fold, nf, sizeof *fold, cmp_fold);
        *folds = fold;
        *nfolds = nf;
        fold = NULL;
    }
    for (size_t si = 0; group && si < ix->nsegs; si++)
        acq_free(group[si]);
    acq_free(group);
    free_bits(ix, bits);
    acq_free(best);
    acq_free(size);
    acq_free(kept);
    acq_free(fold);
    acq_id_table_free(v.values);
    return rc;
}
