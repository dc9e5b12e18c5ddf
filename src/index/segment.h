/* segment.h: reading one immutable segment: its dictionary, document
 * lengths and dates, stored fields and deletions. Postings are read by the
 * cursors of search/postings.h from the mapped .doc and .pos files.
 * A segment is read-only after open and may be shared by threads. */
#ifndef ACQ_INDEX_SEGMENT_H
#define ACQ_INDEX_SEGMENT_H

#include "common/buf.h"
#include "index/file.h"
#include "segment/format.h"
#include "segment/writers.h"
#include "segment/zblock.h"

typedef struct acq_segment {
    char *name;
    acq_fmap tdi, doc, pos, len, fdm, fdt;
    uint32_t doc_count;
    uint64_t sum_len[2];              /* body, title */
    const uint8_t *lens[2];           /* u32 arrays: body, title */
    const uint8_t *dates;
    const uint8_t *text_start;        /* u32 array */
    uint64_t terms, blocks;
    const uint8_t *dict_index, *dict_keys;
    uint64_t dict_index_off, dict_keys_off;
    int meta_fields;                  /* fields per .fdm record: ACQ_META_COUNT,
                                         or ACQ_META_COUNT_V1 in old segments */
    uint8_t *deleted;                 /* bitset or NULL */
    uint32_t deleted_count;
} acq_segment;

/* Opens the segment files "<dir>/<name>.*" and, if delgen > 0, the
 * deletions "<dir>/<name>.del-<delgen>". */
int acq_segment_open(acq_segment *s, const char *dir, const char *name, uint32_t delgen, acq_err *err);
void acq_segment_close(acq_segment *s);

/* Looks a key (field byte + term) up: 1 found (meta filled), 0 absent, <0 error. */
int acq_segment_lookup(acq_segment *s, const uint8_t *key, size_t len, acq_term_meta *meta, acq_err *err);

static inline uint32_t acq_segment_len(const acq_segment *s, int field, uint32_t doc)
{
    return acq_load_u32(s->lens[field == 2 /* ACQ_FIELD_TITLE */] + 4 * (size_t)doc);
}
static inline uint32_t acq_segment_date(const acq_segment *s, uint32_t doc)
{
    return acq_load_u32(s->dates + 4 * (size_t)doc);
}
static inline uint32_t acq_segment_text_start(const acq_segment *s, uint32_t doc)
{
    return acq_load_u32(s->text_start + 4 * (size_t)doc);
}
static inline int acq_segment_is_deleted(const acq_segment *s, uint32_t doc)
{
    return s->deleted && (s->deleted[doc >> 3] >> (doc & 7)) & 1;
}

/* Dictionary iteration in key order, from the first key >= a given key. */
typedef struct acq_dict_iter {
    acq_segment *s;
    uint64_t block;
    uint32_t in_block;
    const uint8_t *p, *end;
    uint8_t key[ACQ_MAX_KEY + 1];
    size_t key_len;
    acq_term_meta meta;
    int unread;   /* seek stopped on the entry in key / meta: next returns it */
} acq_dict_iter;

int acq_dict_iter_seek(acq_dict_iter *it, acq_segment *s, const uint8_t *key, size_t len, acq_err *err);
/* 1: an entry is in it->key / it->meta; 0: end; <0: error. */
int acq_dict_iter_next(acq_dict_iter *it, acq_err *err);

/* Reads document doc's stored record from the .fdm (which = 0) or .fdt
 * (which = 1) file into out (the raw record: fields as varint length +
 * bytes). */
int acq_segment_record(acq_segment *s, int which, uint32_t doc, acq_buf *out, acq_err *err);
/* Sequential reading of a stored-field file, decompressing each block
 * once (for merges). Text records come out raw: byte 0 or 1 first (see format.h). */
typedef struct acq_store_iter {
    acq_segment *s;
    int which;
    uint64_t block, blocks, index_off;
    acq_buf raw;
    size_t at;
    uint32_t doc;
    acq_zblock zb;
} acq_store_iter;

/* The document a text reference v of document doc names: .fdt version 1
 * gives its number, version 2 how many documents back it is. UINT64_MAX, or
 * a number not below doc, when v is out of range (the file is damaged). */
static inline uint64_t acq_text_ref(const acq_segment *s, uint32_t doc, uint64_t v)
{
    if (s->fdt.version < 2)
        return v;
    return v >= 1 && v <= doc ? doc - v : UINT64_MAX;
}

int acq_store_iter_open(acq_store_iter *it, acq_segment *s, int which, acq_err *err);
/* Next record: 1 with rec and len set (valid until the next call), 0 at the end. */
int acq_store_iter_next(acq_store_iter *it, const uint8_t **rec, size_t *len, acq_err *err);
/* Instead of records, the next whole block as it lies in the file (for a
 * merge that copies blocks): 1 with comp, clen, raw_len (without the
 * codec bit), codec (segment/zblock.h) and docs set, 0 at the end. The
 * block is decompressed and its records checked (well formed,
 * as many as its index says, text references inside the block's segment)
 * so that a copy never carries damage the file's checksums missed. Not to
 * be mixed with acq_store_iter_next on one iterator. */
int acq_store_iter_next_block(acq_store_iter *it, const uint8_t **comp, size_t *clen, uint32_t *raw_len,
                              int *codec, uint32_t *docs, acq_err *err);
void acq_store_iter_close(acq_store_iter *it);

/* The last decompressed block of a stored-field file, so that reading
 * several documents of one block (hits fetched in document order)
 * decompresses it once. */
typedef struct acq_record_cache {
    const acq_segment *seg;
    uint64_t block;
    uint32_t first;        /* first document of the cached block */
    acq_buf raw;
    uint32_t *offs;        /* start of each record in raw, and its end */
    size_t noffs, offs_cap;
    acq_zblock zb;
} acq_record_cache;

/* acq_segment_record through a cache (which = 0 .fdm, 1 .fdt). */
int acq_segment_record_cached(acq_segment *s, int which, uint32_t doc, acq_record_cache *c, acq_buf *out,
                              acq_err *err);
void acq_record_cache_free(acq_record_cache *c);

/* Splits a record into n fields (pointers into rec). Returns 0 or -1. */
int acq_record_fields(const uint8_t *rec, size_t len, int n, const char **f, size_t *flen);

#endif
