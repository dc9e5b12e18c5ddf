/* segment.c: opening a segment and reading its dictionary, lengths, stored
 * fields and deletions (see segment.h; layouts in segment/format.h).
 * Everything read from the files is bounds-checked and checksum-verified
 * before use: a damaged file is an ACQ_ECORRUPT error, never garbage. */
#include "index/segment.h"

#include "codec/varint.h"
#include "common/alloc.h"

#include <stdio.h>
#include <zlib.h>

static int damaged(acq_err *err, const acq_fmap *m, const char *what)
{
    return acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (%s): rebuild the index with `acquis index`", m->path, what);
}

/* Whether `packed` bytes can decompress to raw_len: deflate expands at
 * most 1032 to 1 (zlib's FAQ) and LZ4 at most 255 to 1, so a larger
 * length in a block index is damage, to report before allocating it (a
 * flipped bit asked for 4 GB; found by fuzzing the reader). */
static int decompressible(uint64_t packed, uint32_t raw_len)
{
    return raw_len <= packed * 1032 + 64;
}

static int open_file(acq_fmap *m, const char *dir, const char *name, const char *ext, const char *kind, acq_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.%s", dir, name, ext);
    if (acq_fmap_open(m, path, kind, err) != ACQ_OK)
        return err->code;
    /* The stored metadata and the postings have grown second formats (both
     * versions are read). */
    unsigned newest = strcmp(kind, ACQ_KIND_FDM) == 0   ? ACQ_FDM_VERSION
                      : strcmp(kind, ACQ_KIND_DOC) == 0 ? ACQ_DOC_VERSION
                      : strcmp(kind, ACQ_KIND_FDT) == 0 ? ACQ_FDT_VERSION
                                                        : ACQ_FILE_VERSION;
    if (m->version > newest) {
        acq_err_set(err, ACQ_EVERSION, "%s was written by a newer version of acquis (format %u): rebuild the index",
                    path, m->version);
        acq_fmap_close(m); /* a deletions file's map is the caller's local */
        return err->code;
    }
    return ACQ_OK;
}

static int open_lengths(acq_segment *s, acq_err *err)
{
    acq_fmap *m = &s->len;
    if (acq_fmap_check_all(m, err) != ACQ_OK)
        return err->code;
    uint64_t body = m->body_end - ACQ_FILE_HEADER;
    const uint8_t *p = m->data + ACQ_FILE_HEADER;
    if (body < 24)
        return damaged(err, m, "too short");
    s->doc_count = acq_load_u32(p);
    s->sum_len[0] = acq_load_u64(p + 8);
    s->sum_len[1] = acq_load_u64(p + 16);
    if (body != 24 + 16 * (uint64_t)s->doc_count)
        return damaged(err, m, "length does not match its document count");
    s->lens[0] = p + 24;
    s->lens[1] = s->lens[0] + 4 * (size_t)s->doc_count;
    s->dates = s->lens[1] + 4 * (size_t)s->doc_count;
    s->text_start = s->dates + 4 * (size_t)s->doc_count;
    return ACQ_OK;
}

static int open_dict(acq_segment *s, acq_err *err)
{
    acq_fmap *m = &s->tdi;
    uint64_t end = m->body_end;
    if (end < ACQ_FILE_HEADER + 32)
        return damaged(err, m, "too short");
    if (acq_fmap_check(m, end - 32, 32, err) != ACQ_OK)
        return err->code;
    const uint8_t *t = m->data + end - 32;
    s->terms = acq_load_u64(t);
    s->blocks = acq_load_u64(t + 8);
    s->dict_index_off = acq_load_u64(t + 16);
    s->dict_keys_off = acq_load_u64(t + 24);
    if (s->dict_index_off < ACQ_FILE_HEADER || s->dict_keys_off < s->dict_index_off ||
        s->dict_keys_off > end - 32 || (s->dict_keys_off - s->dict_index_off) != s->blocks * 32 ||
        s->blocks > s->terms || (s->terms > 0 && s->blocks == 0))
        return damaged(err, m, "bad dictionary trailer");
    /* The block index and first keys are small: verify them now. */
    if (acq_fmap_check(m, s->dict_index_off, end - 32 - s->dict_index_off, err) != ACQ_OK)
        return err->code;
    s->dict_index = m->data + s->dict_index_off;
    s->dict_keys = m->data + s->dict_keys_off;
    return ACQ_OK;
}

static int open_deletions(acq_segment *s, const char *dir, uint32_t delgen, acq_err *err)
{
    if (delgen == 0)
        return ACQ_OK;
    char ext[32];
    snprintf(ext, sizeof ext, "del-%u", delgen);
    acq_fmap m;
    if (open_file(&m, dir, s->name, ext, ACQ_KIND_DEL, err) != ACQ_OK)
        return err->code;
    int rc = acq_fmap_check_all(&m, err);
    uint64_t body = m.body_end - ACQ_FILE_HEADER;
    size_t bytes = ((size_t)s->doc_count + 7) / 8;
    if (rc == ACQ_OK && (body != 4 + bytes || acq_load_u32(m.data + ACQ_FILE_HEADER) != s->doc_count))
        rc = damaged(err, &m, "deletions do not match the segment");
    if (rc == ACQ_OK && (s->deleted = acq_malloc(bytes + 1)) == NULL)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (rc == ACQ_OK) {
        memcpy(s->deleted, m.data + ACQ_FILE_HEADER + 4, bytes);
        for (uint32_t d = 0; d < s->doc_count; d++)
            s->deleted_count += acq_segment_is_deleted(s, d);
    }
    acq_fmap_close(&m);
    return rc;
}

int acq_segment_open(acq_segment *s, const char *dir, const char *name, uint32_t delgen, acq_err *err)
{
    memset(s, 0, sizeof *s);
    s->name = acq_strdup(name);
    if (s->name == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    int rc = open_file(&s->tdi, dir, name, "tdi", ACQ_KIND_TDI, err);
    if (rc == ACQ_OK) rc = open_file(&s->doc, dir, name, "doc", ACQ_KIND_DOC, err);
    if (rc == ACQ_OK) rc = open_file(&s->pos, dir, name, "pos", ACQ_KIND_POS, err);
    if (rc == ACQ_OK) rc = open_file(&s->len, dir, name, "len", ACQ_KIND_LEN, err);
    if (rc == ACQ_OK) rc = open_file(&s->fdm, dir, name, "fdm", ACQ_KIND_FDM, err);
    if (rc == ACQ_OK) rc = open_file(&s->fdt, dir, name, "fdt", ACQ_KIND_FDT, err);
    if (rc == ACQ_OK) s->meta_fields = s->fdm.version >= 2 ? ACQ_META_COUNT : ACQ_META_COUNT_V1;
    if (rc == ACQ_OK) rc = open_lengths(s, err);
    if (rc == ACQ_OK) rc = open_dict(s, err);
    if (rc == ACQ_OK) rc = open_deletions(s, dir, delgen, err);
    if (rc != ACQ_OK)
        acq_segment_close(s);
    return rc;
}

void acq_segment_close(acq_segment *s)
{
    acq_fmap_close(&s->tdi);
    acq_fmap_close(&s->doc);
    acq_fmap_close(&s->pos);
    acq_fmap_close(&s->len);
    acq_fmap_close(&s->fdm);
    acq_fmap_close(&s->fdt);
    acq_free(s->deleted);
    acq_free(s->name);
    memset(s, 0, sizeof *s);
}

/* ---- dictionary ------------------------------------------------------- */

static int key_cmp(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    size_t n = an < bn ? an : bn;
    int c = memcmp(a, b, n);
    return c ? c : (an < bn ? -1 : an > bn);
}

/* First key of block i (already verified at open). */
static int block_first_key(const acq_segment *s, uint64_t i, const uint8_t **key, size_t *len)
{
    const uint8_t *e = s->dict_index + 32 * i;
    uint32_t off = acq_load_u32(e + 24), n = acq_load_u32(e + 28);
    if ((uint64_t)off + n > s->tdi.body_end - 32 - s->dict_keys_off || n > ACQ_MAX_KEY)
        return -1;
    *key = s->dict_keys + off;
    *len = n;
    return 0;
}

static int load_block(acq_dict_iter *it, uint64_t b, acq_err *err)
{
    acq_segment *s = it->s;
    const uint8_t *e = s->dict_index + 32 * b;
    uint64_t start = acq_load_u64(e);
    uint64_t end = b + 1 < s->blocks ? acq_load_u64(e + 32) : s->dict_index_off;
    if (start < ACQ_FILE_HEADER || end < start || end > s->dict_index_off)
        return damaged(err, &s->tdi, "bad dictionary block offset");
    if (acq_fmap_check(&s->tdi, start, end - start, err) != ACQ_OK)
        return err->code;
    it->block = b;
    it->in_block = 0;
    it->p = s->tdi.data + start;
    it->end = s->tdi.data + end;
    it->key_len = 0;
    it->meta.doc_off = acq_load_u64(e + 8);
    it->meta.pos_off = acq_load_u64(e + 16);
    it->meta.doc_len = it->meta.pos_len = 0;
    return ACQ_OK;
}

static inline int read_varint(acq_dict_iter *it, uint64_t *v)
{
    if (it->p < it->end && *it->p < 0x80) { /* one byte: most fields */
        *v = *it->p++;
        return 0;
    }
    size_t n = acq_varint_decode(it->p, (size_t)(it->end - it->p), v);
    it->p += n;
    return n ? 0 : -1;
}

int acq_dict_iter_next(acq_dict_iter *it, acq_err *err)
{
    acq_segment *s = it->s;
    if (it->unread) {
        it->unread = 0;
        return 1;
    }
    if (it->p == it->end || it->in_block == ACQ_DICT_BLOCK) {
        if (it->block + 1 >= s->blocks)
            return 0;
        if (load_block(it, it->block + 1, err) != ACQ_OK)
            return err->code;
    }
    uint64_t shared, suffix, df, cfx, dl, pl, mtf, mdl;
    if (read_varint(it, &shared) || read_varint(it, &suffix) || shared > it->key_len ||
        shared + suffix > ACQ_MAX_KEY || suffix > (uint64_t)(it->end - it->p))
        return damaged(err, &s->tdi, "bad dictionary entry");
    /* Keys are never empty and strictly increase inside a block: merges and
     * lookups rely on it (an empty key reached the dictionary writer of a
     * merge as an internal error; found by fuzz_reader). */
    if (suffix == 0 || (it->in_block > 0 && shared < it->key_len && it->p[0] <= it->key[shared]))
        return damaged(err, &s->tdi, "dictionary keys out of order");
    memcpy(it->key + shared, it->p, suffix);
    it->p += suffix;
    it->key_len = shared + suffix;
    if (read_varint(it, &df) || read_varint(it, &cfx) || read_varint(it, &dl) || read_varint(it, &pl) ||
        read_varint(it, &mtf) || read_varint(it, &mdl) || df == 0 || df > s->doc_count)
        return damaged(err, &s->tdi, "bad dictionary entry");
    /* Offsets are contiguous: this term starts where the previous ended. */
    it->meta.doc_off += it->meta.doc_len;
    it->meta.pos_off += it->meta.pos_len;
    it->meta.df = (uint32_t)df;
    it->meta.cf = df + cfx;
    it->meta.doc_len = dl;
    it->meta.pos_len = pl;
    it->meta.max_tf = (uint32_t)mtf;
    it->meta.min_dl = (uint32_t)mdl;
    if (it->meta.doc_off + dl > s->doc.body_end || it->meta.pos_off + pl > s->pos.body_end)
        return damaged(err, &s->tdi, "a term's postings lie outside the postings file");
    it->in_block++;
    return 1;
}

/* Positions it at the start of the block that may hold key: the last
 * block whose first key is <= key (or block 0). */
static int seek_block(acq_dict_iter *it, acq_segment *s, const uint8_t *key, size_t len, acq_err *err)
{
    it->s = s;
    it->key_len = 0;
    it->unread = 0;
    memset(&it->meta, 0, sizeof it->meta);
    if (s->blocks == 0) {
        it->p = it->end = NULL;
        it->block = 0;
        it->in_block = 0;
        return ACQ_OK;
    }
    uint64_t lo = 0, hi = s->blocks;
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        const uint8_t *k;
        size_t kn;
        if (block_first_key(s, mid, &k, &kn) != 0)
            return damaged(err, &s->tdi, "bad dictionary index");
        if (key_cmp(k, kn, key, len) <= 0)
            lo = mid;
        else
            hi = mid;
    }
    return load_block(it, lo, err);
}

int acq_dict_iter_seek(acq_dict_iter *it, acq_segment *s, const uint8_t *key, size_t len, acq_err *err)
{
    if (seek_block(it, s, key, len, err) != ACQ_OK)
        return err->code;
    /* Advance to the first entry >= key, read, and mark it unread: next()
     * returns it as it stands. (Rewinding to read it again would check its
     * order against a previous key whose bytes it has overwritten.) */
    for (;;) {
        int r = acq_dict_iter_next(it, err);
        if (r < 0)
            return r;
        if (r == 0)
            return ACQ_OK;
        if (key_cmp(it->key, it->key_len, key, len) >= 0) {
            it->unread = 1;
            return ACQ_OK;
        }
    }
}

/* One varint of a dictionary entry, below end: the next byte, or NULL. */
static inline const uint8_t *entry_varint(const uint8_t *p, const uint8_t *end, uint64_t *v)
{
    if (p < end && *p < 0x80) {
        *v = *p;
        return p + 1;
    }
    size_t n = p < end ? acq_varint_decode(p, (size_t)(end - p), v) : 0;
    return n ? p + n : NULL;
}

int acq_segment_lookup(acq_segment *s, const uint8_t *key, size_t len, acq_term_meta *meta, acq_err *err)
{
    acq_dict_iter it;
    if (seek_block(&it, s, key, len, err) != ACQ_OK)
        return err->code;
    /* Only the block that may hold the key is read (its keys are in order,
     * and the next block starts with a key > key), and no key is rebuilt:
     * m is how many leading bytes the last key read, which was smaller than
     * key, shares with key. An entry sharing more than m bytes with that key
     * is smaller too (it agrees with it where it was smaller); otherwise its
     * suffix is compared with key from the shared length on. */
    const uint8_t *p = it.p, *end = it.end;
    uint64_t doc_off = it.meta.doc_off, pos_off = it.meta.pos_off, doc_len = 0, pos_len = 0;
    size_t m = 0, prev_len = 0;
    for (uint32_t i = 0; i < ACQ_DICT_BLOCK && p != NULL && p < end; i++) {
        uint64_t shared, suffix, df, cfx, dl, pl, mtf, mdl;
        if ((p = entry_varint(p, end, &shared)) == NULL || (p = entry_varint(p, end, &suffix)) == NULL ||
            shared > prev_len || shared + suffix > ACQ_MAX_KEY || suffix > (uint64_t)(end - p))
            return damaged(err, &s->tdi, "bad dictionary entry");
        const uint8_t *suf = p;
        p += suffix;
        if ((p = entry_varint(p, end, &df)) == NULL || (p = entry_varint(p, end, &cfx)) == NULL ||
            (p = entry_varint(p, end, &dl)) == NULL || (p = entry_varint(p, end, &pl)) == NULL ||
            (p = entry_varint(p, end, &mtf)) == NULL || (p = entry_varint(p, end, &mdl)) == NULL || df == 0 ||
            df > s->doc_count)
            return damaged(err, &s->tdi, "bad dictionary entry");
        doc_off += doc_len;
        pos_off += pos_len;
        doc_len = dl;
        pos_len = pl;
        if (doc_off + dl > s->doc.body_end || pos_off + pl > s->pos.body_end)
            return damaged(err, &s->tdi, "a term's postings lie outside the postings file");
        prev_len = shared + suffix;
        int c;
        if (shared > m) {
            c = -1;
        } else {
            size_t j = 0;
            while (j < suffix && shared + j < len && suf[j] == key[shared + j])
                j++;
            if (j < suffix && shared + j < len)
                c = suf[j] < key[shared + j] ? -1 : 1;
            else
                c = j < suffix ? 1 : shared + j < len ? -1 : 0;
            if (c < 0)
                m = shared + j;
        }
        if (c > 0)
            return 0;
        if (c == 0) {
            meta->df = (uint32_t)df;
            meta->cf = df + cfx;
            meta->doc_off = doc_off;
            meta->doc_len = dl;
            meta->pos_off = pos_off;
            meta->pos_len = pl;
            meta->max_tf = (uint32_t)mtf;
            meta->min_dl = (uint32_t)mdl;
            return 1;
        }
    }
    return 0;
}

/* ---- stored fields ------------------------------------------------------ */

int acq_record_fields(const uint8_t *rec, size_t len, int n, const char **f, size_t *flen)
{
    const uint8_t *p = rec, *e = rec + len;
    for (int i = 0; i < n; i++) {
        uint64_t l;
        size_t k = acq_varint_decode(p, (size_t)(e - p), &l);
        if (k == 0 || l > (uint64_t)(e - p - k))
            return -1;
        p += k;
        f[i] = (const char *)p;
        flen[i] = (size_t)l;
        p += l;
    }
    return 0;
}

/* Length of the record at p (n fields; n < 0 for a text record), or 0 if
 * malformed. */
static size_t record_len(const uint8_t *p, const uint8_t *e, int n)
{
    const uint8_t *start = p;
    if (n < 0) {
        if (p >= e || *p > 1)
            return 0;
        uint64_t v;
        size_t k = acq_varint_decode(p + 1, (size_t)(e - p - 1), &v);
        if (k == 0)
            return 0;
        if (*p == 1)
            return 1 + k;
        if (v > (uint64_t)(e - p - 1 - k))
            return 0;
        return 1 + k + (size_t)v;
    }
    for (int i = 0; i < n; i++) {
        uint64_t l;
        size_t k = acq_varint_decode(p, (size_t)(e - p), &l);
        if (k == 0 || l > (uint64_t)(e - p - k))
            return 0;
        p += k + l;
    }
    return (size_t)(p - start);
}

int acq_segment_record(acq_segment *s, int which, uint32_t doc, acq_buf *out, acq_err *err)
{
    acq_record_cache c = {0};
    int rc = acq_segment_record_cached(s, which, doc, &c, out, err);
    acq_record_cache_free(&c);
    return rc;
}

void acq_record_cache_free(acq_record_cache *c)
{
    acq_buf_free(&c->raw);
    acq_zblock_end(&c->zb);
    acq_free(c->offs);
    c->offs = NULL;
    c->noffs = c->offs_cap = 0;
    c->seg = NULL;
}


/* Block b of a stored-field file whose index of `blocks` 16-byte entries
 * starts at index_off: checks its entry (its first document is `doc`, or
 * with at_most, no later than doc) and its bytes' checksums, and
 * decompresses it into raw. *comp, *clen and *codec (unless NULL) get its
 * compressed bytes and their codec (zblock.h). The
 * one reading of a block for random access (cached_raw_record) and for
 * reading in order (load_stored_block). */
static int decompress_stored_block(acq_fmap *m, uint64_t index_off, uint64_t blocks, uint64_t b, uint32_t doc,
                                   int at_most, acq_zblock *zb, acq_buf *raw, const uint8_t **comp, size_t *clen,
                                   int *codec, acq_err *err)
{
    const uint8_t *idx = m->data + index_off + 16 * b;
    uint64_t off = acq_load_u64(idx);
    uint64_t next = b + 1 < blocks ? acq_load_u64(idx + 16) : index_off;
    uint32_t first = acq_load_u32(idx + 8), raw_len = acq_load_u32(idx + 12);
    int c = ACQ_ZBLOCK_DEFLATE;
    if (m->version >= ACQ_STORE_CODEC_VERSION && (raw_len & ACQ_STORE_LZ4)) {
        c = ACQ_ZBLOCK_LZ4;
        raw_len &= ~ACQ_STORE_LZ4;
    }
    if ((at_most ? first > doc : first != doc) || next < off || !decompressible(next - off, raw_len) ||
        acq_fmap_check(m, off, next - off, err) != ACQ_OK)
        return err->code ? err->code : damaged(err, m, "bad stored-field block");
    acq_buf_reset(raw);
    if (acq_buf_reserve(raw, raw_len) != 0)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory reading stored fields");
    int zr = acq_zblock_decompress(zb, c, m->data + off, (size_t)(next - off), raw->data, raw_len);
    if (zr != 0)
        return zr == -2 ? acq_err_set(err, ACQ_ENOMEM, "out of memory")
                        : damaged(err, m, "a compressed block does not decompress");
    raw->len = raw_len;
    if (codec)
        *codec = c;
    if (comp)
        *comp = m->data + off;
    if (clen)
        *clen = (size_t)(next - off);
    return ACQ_OK;
}
/* Reads the raw record of doc (text records keep their leading tag byte). */
static int cached_raw_record(acq_segment *s, int which, uint32_t doc, acq_record_cache *c, acq_buf *out,
                             acq_err *err)
{
    acq_fmap *m = which ? &s->fdt : &s->fdm;
    int nfields = which ? -1 : s->meta_fields;
    uint64_t end = m->body_end;
    if (doc >= s->doc_count)
        return acq_err_set(err, ACQ_EARG, "document %u is not in segment %s", doc, s->name);
    if (end < ACQ_FILE_HEADER + 16 || acq_fmap_check(m, end - 16, 16, err) != ACQ_OK)
        return err->code ? err->code : damaged(err, m, "too short");
    uint64_t blocks = acq_load_u64(m->data + end - 16), index_off = acq_load_u64(m->data + end - 8);
    if (index_off < ACQ_FILE_HEADER || index_off > end - 16 || (end - 16 - index_off) != blocks * 16 || blocks == 0)
        return damaged(err, m, "bad stored-field index");
    if (acq_fmap_check(m, index_off, blocks * 16, err) != ACQ_OK)
        return err->code;
    const uint8_t *idx = m->data + index_off;
    uint64_t lo = 0, hi = blocks;
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (acq_load_u32(idx + 16 * mid + 8) <= doc)
            lo = mid;
        else
            hi = mid;
    }
    if (c->seg != s || c->block != lo) {
        c->seg = NULL;
        int rc = decompress_stored_block(m, index_off, blocks, lo, doc, 1, &c->zb, &c->raw, NULL, NULL, NULL, err);
        if (rc != ACQ_OK)
            return rc;
        /* Where each record starts, once per block: hits then find theirs
         * directly instead of walking the block. */
        c->noffs = 0;
        const uint8_t *p = c->raw.data, *e = c->raw.data + c->raw.len;
        while (p < e) {
            size_t n = record_len(p, e, nfields);
            if (n == 0)
                return damaged(err, m, "bad stored record");
            if (acq_grow((void **)&c->offs, &c->offs_cap, c->noffs + 2, sizeof(uint32_t)) != 0)
                return acq_err_set(err, ACQ_ENOMEM, "out of memory reading stored fields");
            c->offs[c->noffs++] = (uint32_t)(p - c->raw.data);
            p += n;
        }
        if (c->noffs > 0)
            c->offs[c->noffs] = (uint32_t)c->raw.len;
        c->seg = s;
        c->block = lo;
        c->first = acq_load_u32(idx + 16 * lo + 8);
    }
    size_t i = doc - c->first;
    if (i >= c->noffs)
        return damaged(err, m, "a document is missing from its block");
    acq_buf_reset(out);
    acq_buf_put(out, c->raw.data + c->offs[i], c->offs[i + 1] - c->offs[i]);
    return out->failed ? acq_err_set(err, ACQ_ENOMEM, "out of memory") : ACQ_OK;
}

int acq_segment_record_cached(acq_segment *s, int which, uint32_t doc, acq_record_cache *c, acq_buf *out,
                              acq_err *err)
{
    if (cached_raw_record(s, which, doc, c, out, err) != ACQ_OK)
        return err->code;
    if (which == 0)
        return ACQ_OK;
    /* A text record refers to an earlier document with the same text, or
     * holds it; hand out the plain form: varint length + bytes. */
    if (out->len > 0 && out->data[0] == 1) {
        uint64_t ref;
        if (acq_varint_decode(out->data + 1, out->len - 1, &ref) == 0)
            return damaged(err, &s->fdt, "bad text reference");
        ref = acq_text_ref(s, doc, ref);
        if (ref >= doc)
            return damaged(err, &s->fdt, "bad text reference");
        if (cached_raw_record(s, 1, (uint32_t)ref, c, out, err) != ACQ_OK)
            return err->code;
        if (out->len == 0 || out->data[0] != 0)
            return damaged(err, &s->fdt, "bad text reference");
    }
    if (out->len == 0)
        return damaged(err, &s->fdt, "empty text record");
    memmove(out->data, out->data + 1, out->len - 1);
    out->len--;
    return ACQ_OK;
}

/* ---- sequential stored-field reading ------------------------------------ */

int acq_store_iter_open(acq_store_iter *it, acq_segment *s, int which, acq_err *err)
{
    memset(it, 0, sizeof *it);
    it->s = s;
    it->which = which;
    acq_fmap *m = which ? &s->fdt : &s->fdm;
    uint64_t end = m->body_end;
    if (end < ACQ_FILE_HEADER + 16 || acq_fmap_check(m, end - 16, 16, err) != ACQ_OK)
        return err->code ? err->code : damaged(err, m, "too short");
    it->blocks = acq_load_u64(m->data + end - 16);
    it->index_off = acq_load_u64(m->data + end - 8);
    if (it->index_off < ACQ_FILE_HEADER || it->index_off > end - 16 || (end - 16 - it->index_off) != it->blocks * 16)
        return damaged(err, m, "bad stored-field index");
    if (acq_fmap_check(m, it->index_off, it->blocks * 16, err) != ACQ_OK)
        return err->code;
    it->block = UINT64_MAX;
    return ACQ_OK;
}

/* Checks block b of the iterator's file (its index entry, its bytes'
 * checksums; its first document must be the next one) and decompresses it
 * into it->raw; comp, clen and codec (unless NULL) get its compressed
 * bytes and their codec. */
static int load_stored_block(acq_store_iter *it, uint64_t b, const uint8_t **comp, size_t *clen, int *codec,
                             acq_err *err)
{
    acq_fmap *m = it->which ? &it->s->fdt : &it->s->fdm;
    int rc = decompress_stored_block(m, it->index_off, it->blocks, b, it->doc, 0, &it->zb, &it->raw, comp, clen,
                                     codec, err);
    if (rc != ACQ_OK)
        return rc;
    it->block = b;
    it->at = 0;
    return ACQ_OK;
}

int acq_store_iter_next(acq_store_iter *it, const uint8_t **rec, size_t *len, acq_err *err)
{
    acq_fmap *m = it->which ? &it->s->fdt : &it->s->fdm;
    if (it->doc >= it->s->doc_count)
        return 0;
    while (it->block == UINT64_MAX || it->at >= it->raw.len) {
        uint64_t b = it->block == UINT64_MAX ? 0 : it->block + 1;
        if (b >= it->blocks)
            return damaged(err, m, "fewer stored records than documents");
        if (load_stored_block(it, b, NULL, NULL, NULL, err) != ACQ_OK)
            return err->code;
    }
    const uint8_t *p = it->raw.data + it->at, *e = it->raw.data + it->raw.len;
    size_t n = record_len(p, e, it->which ? -1 : it->s->meta_fields);
    if (n == 0)
        return damaged(err, m, "bad stored record");
    *rec = p;
    *len = n;
    it->at += n;
    it->doc++;
    return 1;
}

int acq_store_iter_next_block(acq_store_iter *it, const uint8_t **comp, size_t *clen, uint32_t *raw_len,
                              int *codec, uint32_t *docs, acq_err *err)
{
    acq_fmap *m = it->which ? &it->s->fdt : &it->s->fdm;
    uint64_t b = it->block == UINT64_MAX ? 0 : it->block + 1;
    if (it->doc >= it->s->doc_count)
        return b < it->blocks ? damaged(err, m, "more stored blocks than documents") : 0;
    if (b >= it->blocks)
        return damaged(err, m, "fewer stored records than documents");
    const uint8_t *idx = m->data + it->index_off + 16 * b;
    uint32_t first = it->doc, end = b + 1 < it->blocks ? acq_load_u32(idx + 16 + 8) : it->s->doc_count;
    if (end <= first || end > it->s->doc_count)
        return damaged(err, m, "bad stored-field block");
    if (load_stored_block(it, b, comp, clen, codec, err) != ACQ_OK)
        return err->code;
    uint32_t rl = (uint32_t)it->raw.len;
    const uint8_t *p = it->raw.data, *e = it->raw.data + rl;
    for (uint32_t d = first; d < end; d++) {
        size_t n = record_len(p, e, it->which ? -1 : it->s->meta_fields);
        if (n == 0)
            return damaged(err, m, "bad stored record");
        if (it->which && p[0] == 1) {
            uint64_t v;
            acq_varint_decode(p + 1, n - 1, &v);
            if (acq_text_ref(it->s, d, v) >= d)
                return damaged(err, m, "bad text reference");
        }
        p += n;
    }
    if (p != e)
        return damaged(err, m, "a stored block holds more records than its index says");
    it->at = rl;
    it->doc = end;
    *raw_len = rl;
    *docs = end - first;
    return 1;
}

void acq_store_iter_close(acq_store_iter *it)
{
    acq_buf_free(&it->raw);
    acq_zblock_end(&it->zb);
}
