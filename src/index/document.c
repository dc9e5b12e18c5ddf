/* document.c: acq_index_document / acq_document_free: fetching one stored
 * document whole (every field and the whole text) by its id from an open
 * snapshot. Ids are keyword terms of ACQ_FIELD_ID, so a lookup is one
 * dictionary search per segment, the way the writer finds documents to
 * delete; nothing is cached, so any number of threads may call it at once. */
#include "acquis.h"

#include "codec/varint.h"
#include "common/alloc.h"
#include "index/reader.h"
#include "search/postings.h"

#include <stdio.h>
#include <string.h>

/* Quotes an id for a message: bytes below 0x20 and 0x7f as \xNN, at most
 * about 120 bytes of it, so that an odd id cannot garble a terminal line. */
static void quote_id(char *out, size_t n, const char *id)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)id; *p && o + 8 < n; p++) {
        if (o > 120) {
            o += (size_t)snprintf(out + o, n - o, "...");
            break;
        }
        if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
            o += (size_t)snprintf(out + o, n - o, *p == '"' || *p == '\\' ? "\\%c" : "\\x%02x", *p);
        else
            out[o++] = (char)*p;
    }
    out[o < n ? o : n - 1] = '\0';
}

/* The live document with this id key in segment s: its number, or
 * ACQ_NO_DOC. Should an index hold the id twice in one segment (written
 * before ids were unique), the later document wins, as a replacement would. */
static int find_in_segment(acq_segment *s, const uint8_t *key, size_t key_len, uint32_t *found, acq_err *err)
{
    *found = ACQ_NO_DOC;
    acq_term_meta meta;
    int r = acq_segment_lookup(s, key, key_len, &meta, err);
    if (r <= 0)
        return r < 0 ? err->code : ACQ_OK;
    acq_postings p;
    if (acq_postings_open(&p, s, &meta, err) != ACQ_OK)
        return err->code;
    int bad = 0;
    for (uint32_t doc = acq_postings_next(&p); doc != ACQ_NO_DOC && !bad; doc = acq_postings_next(&p)) {
        if (doc >= s->doc_count)
            bad = 1;
        else if (!acq_segment_is_deleted(s, doc))
            *found = doc;
    }
    if (p.corrupt || bad)
        return acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (bad postings of an id): rebuild the index with `acquis index`",
                           s->doc.path);
    return ACQ_OK;
}

/* What acq_index_document hands out: the document first (callers see an
 * acq_document *), its extra fields after it. */
typedef struct stored_document {
    acq_document doc;
    const acq_field *fields;
    size_t nfields;
} stored_document;

size_t acq_document_fields(const acq_document *doc, const acq_field **fields)
{
    const stored_document *sd = (const stored_document *)doc;
    if (fields)
        *fields = sd ? sd->fields : NULL;
    return sd ? sd->nfields : 0;
}

/* Counts the extra fields of an encoded record field (segment/format.h);
 * -1 if malformed or naming a field the manifest lacks. */
static long count_extras(const uint8_t *p, size_t n, size_t nfields, size_t *bytes)
{
    const uint8_t *e = p + n;
    long count = 0;
    *bytes = 0;
    while (p < e) {
        uint64_t code, len;
        size_t k = acq_varint_decode(p, (size_t)(e - p), &code);
        size_t k2 = k ? acq_varint_decode(p + k, (size_t)(e - p - k), &len) : 0;
        if (k == 0 || k2 == 0 || len > (uint64_t)(e - p - k - k2) || code < ACQ_FIELD_EXTRA ||
            code - ACQ_FIELD_EXTRA >= nfields)
            return -1;
        *bytes += (size_t)len + 1;
        p += k + k2 + len;
        count++;
    }
    return count;
}

/* Copies the stored fields of doc into one allocation: the document, its
 * extra fields, then each string NUL-terminated. */
static int load_document(acq_document **out, acq_index *ix, acq_segment *s, uint32_t doc, const char *id,
                         acq_err *err)
{
    acq_buf meta = {0}, text = {0};
    const char *f[ACQ_META_COUNT], *t = NULL;
    size_t fl[ACQ_META_COUNT], tl = 0;
    long nextra = 0;
    size_t extra_bytes = 0;
    f[ACQ_META_EXTRA] = "";
    fl[ACQ_META_EXTRA] = 0;
    int rc = acq_segment_record(s, 0, doc, &meta, err);
    if (rc == ACQ_OK && (acq_record_fields(meta.data, meta.len, s->meta_fields, f, fl) != 0 ||
                         (nextra = count_extras((const uint8_t *)f[ACQ_META_EXTRA], fl[ACQ_META_EXTRA],
                                                ix->manifest.nfields, &extra_bytes)) < 0))
        rc = acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (bad stored record): rebuild the index with `acquis index`",
                         s->fdm.path);
    /* The dictionary and the stored record must agree on the id. */
    if (rc == ACQ_OK && (fl[ACQ_META_ID] != strlen(id) || memcmp(f[ACQ_META_ID], id, fl[ACQ_META_ID]) != 0))
        rc = acq_err_set(err, ACQ_ECORRUPT,
                         "%s is damaged (a document's stored id differs from its indexed id): rebuild the index with "
                         "`acquis index`", s->fdm.path);
    if (rc == ACQ_OK)
        rc = acq_segment_record(s, 1, doc, &text, err);
    if (rc == ACQ_OK && acq_record_fields(text.data, text.len, 1, &t, &tl) != 0)
        rc = acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (bad stored text): rebuild the index with `acquis index`",
                         s->fdt.path);
    if (rc == ACQ_OK) {
        size_t total = sizeof(stored_document) + (size_t)nextra * (sizeof(acq_field) + 32) + tl + 1 + extra_bytes;
        for (int i = 0; i < ACQ_META_COUNT_V1; i++)
            total += fl[i] + 1;
        stored_document *sd = acq_malloc(total);
        acq_document *d = sd ? &sd->doc : NULL;
        if (d == NULL) {
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory reading a document of %zu bytes", total);
        } else {
            memset(sd, 0, sizeof *sd);
            acq_field *extras = (acq_field *)(sd + 1);
            char *p = (char *)(extras + nextra);
            const char **dst[ACQ_META_COUNT_V1] = {&d->id, &d->title, &d->lang, &d->date, &d->type, &d->celex, &d->url};
            size_t *dlen[ACQ_META_COUNT_V1] = {&d->id_len, &d->title_len, &d->lang_len, &d->date_len,
                                               &d->type_len, &d->celex_len, &d->url_len};
            for (int i = 0; i < ACQ_META_COUNT_V1; i++) {
                memcpy(p, f[i], fl[i]);
                p[fl[i]] = '\0';
                *dst[i] = p;
                *dlen[i] = fl[i];
                p += fl[i] + 1;
            }
            if (tl)
                memcpy(p, t, tl);
            p[tl] = '\0';
            d->text = p;
            d->text_len = tl;
            p += tl + 1;
            /* Names and values are copied: the document may outlive the
             * index it came from. */
            const uint8_t *q = (const uint8_t *)f[ACQ_META_EXTRA], *qe = q + fl[ACQ_META_EXTRA];
            for (long i = 0; i < nextra; i++) {
                uint64_t code, len;
                q += acq_varint_decode(q, (size_t)(qe - q), &code);
                q += acq_varint_decode(q, (size_t)(qe - q), &len);
                const char *name = ix->manifest.fields[code - ACQ_FIELD_EXTRA];
                size_t nl = strlen(name);
                memcpy(p, name, nl + 1);
                extras[i].name = p;
                p += nl + 1;
                memcpy(p, q, (size_t)len);
                p[len] = '\0';
                extras[i].value = p;
                extras[i].value_len = (size_t)len;
                p += len + 1;
                q += len;
            }
            sd->fields = extras;
            sd->nfields = (size_t)nextra;
            *out = d;
        }
    }
    acq_buf_free(&meta);
    acq_buf_free(&text);
    return rc;
}

int acq_index_document(acq_document **out, acq_index *ix, const char *id, char *errmsg, size_t errmsg_size)
{
    if (out)
        *out = NULL;
    if (out == NULL || ix == NULL || id == NULL || *id == '\0') {
        acq_msg_copy(errmsg, errmsg_size, "acq_index_document: out, ix and a non-empty id are required");
        return ACQ_EARG;
    }
    acq_err err = {0};
    size_t n = strlen(id);
    char shown[160];
    quote_id(shown, sizeof shown, id);
    /* Longer ids cannot be in an index (the writer refuses them). */
    if (n > ACQ_MAX_KEY - 1) {
        acq_err_set(&err, ACQ_ENOTFOUND, "no document with id \"%s\" in %s (ids are at most %d bytes; this one has %zu)",
                    shown, ix->dir, ACQ_MAX_KEY - 1, n);
        acq_msg_copy(errmsg, errmsg_size, err.msg);
        return err.code;
    }
    uint8_t key[ACQ_MAX_KEY + 1];
    key[0] = ACQ_FIELD_ID;
    memcpy(key + 1, id, n);
    int rc = ACQ_OK;
    /* Newest segment first: it holds the last version of a document. */
    uint32_t doc = ACQ_NO_DOC;
    size_t si = ix->nsegs;
    while (si > 0 && rc == ACQ_OK && doc == ACQ_NO_DOC)
        rc = find_in_segment(&ix->segs[--si], key, n + 1, &doc, &err);
    if (rc == ACQ_OK && doc == ACQ_NO_DOC)
        rc = acq_err_set(&err, ACQ_ENOTFOUND, "no document with id \"%s\" in %s", shown, ix->dir);
    if (rc == ACQ_OK)
        rc = load_document(out, ix, &ix->segs[si], doc, id, &err);
    if (rc != ACQ_OK)
        acq_msg_copy(errmsg, errmsg_size, err.msg);
    return rc;
}

void acq_document_free(acq_document *doc)
{
    acq_free(doc);
}
