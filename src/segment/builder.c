/* builder.c: in-memory inversion of one segment (see builder.h).
 *
 * Each (field, term) seen gets a slot holding two varint streams: postings
 * (doc gap, tf) and positions (gaps restarting per document). Positions are
 * appended as tokens arrive; the (gap, tf) pair is appended when the document
 * ends, for the slots it touched, so no per-document sort is needed. At
 * flush, slots are sorted by key and re-encoded into the block formats.
 * The streams live in one pool of slices (slices.h), the slots in chunks
 * of fixed size: nothing is reallocated or copied as a segment grows.
 *
 * The slots and their pool are the builder's inversion. At the writer's
 * flush point the inversion is taken out as a run (runs.h) and written,
 * raw and sorted, while the builder goes on with an empty one; the
 * documents' numbers, lengths and stored fields go on across runs. The
 * finish merges the runs and the inversion in memory and encodes each
 * term once. */
#include "segment/builder.h"

#include "segment/runs.h"
#include "segment/slices.h"
#include "segment/zpipe.h"
#include "common/alloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The body and title map a term id to its slot through one dense array
 * each; keyword fields (id, celex, type, lang and the extra ones,
 * ACQ_FIELD_EXTRA + n), whose few terms are spread over the whole
 * vocabulary, share one hash table instead of an array each as long as
 * the vocabulary. */
#define NFIELDS (ACQ_FIELD_TITLE + 1)

/* 44 bytes. A posting's document gap is written when the document first
 * touches the slot (cur_doc is then the previous document), its tf when
 * the document ends. */
typedef struct slot {
    uint32_t term;
    uint32_t cur_doc, cur_tf, last_pos;
    acq_slice_stream post, pos;
    uint8_t field, post_level, pos_level;
} slot;

/* Slots come in chunks of SLOT_CHUNK: a slot's address never changes and
 * growth never copies the slots already there. */
#define SLOT_CHUNK_BITS 8
#define SLOT_CHUNK ((size_t)1 << SLOT_CHUNK_BITS)

/* The postings since the last run: slots and their streams. */
typedef struct inversion {
    slot **chunks;
    size_t nchunks, chunks_cap;
    size_t nslots;
    uint32_t *slot_of[NFIELDS];
    size_t slot_of_cap[NFIELDS];
    uint32_t *extra_slot;         /* hash of (field, term): slot, or UINT32_MAX */
    size_t extra_cap, extra_used; /* power of two, or 0 */
    acq_slice_pool pool;          /* the slots' streams */
} inversion;

struct acq_builder_run {
    inversion inv;
    char *path;
};

struct acq_builder {
    char *dir, *name;
    uint32_t doc;                 /* doc being built = docs so far */
    inversion inv;
    char **runs;                  /* the runs written (or being written), in order */
    size_t nruns, runs_cap;
    uint32_t *touched;
    size_t ntouched, touched_cap;
    uint32_t *body_len, *title_len, *dates, *text_start;
    size_t lens_cap;
    uint64_t sum_body, sum_title;
    acq_store_writer meta, text;
    acq_zpipe *pipe;              /* stored-field compression thread, or NULL */
    int flush_threads;            /* threads encoding at the flush (1 or 2) */
    int failed;
};

static inline slot *slot_at(const inversion *v, size_t s)
{
    return &v->chunks[s >> SLOT_CHUNK_BITS][s & (SLOT_CHUNK - 1)];
}

static char *seg_path(const acq_builder *b, const char *ext)
{
    size_t n = strlen(b->dir) + strlen(b->name) + strlen(ext) + 3;
    char *p = acq_malloc(n);
    if (p)
        snprintf(p, n, "%s/%s.%s", b->dir, b->name, ext);
    return p;
}

int acq_builder_open(acq_builder **out, const char *dir, const char *name, int zlevel, int threads,
                     acq_err *err)
{
    *out = NULL;
    acq_builder *b = acq_calloc(1, sizeof *b);
    if (b == NULL || (b->dir = acq_strdup(dir)) == NULL || (b->name = acq_strdup(name)) == NULL) {
        if (b) {
            acq_free(b->dir);
            acq_free(b);
        }
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    char *pm = seg_path(b, "fdm"), *pt = seg_path(b, "fdt");
    int rc = (pm && pt) ? ACQ_OK : acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (rc == ACQ_OK)
        rc = acq_sw_open(&b->meta, pm, ACQ_KIND_FDM, zlevel, err);
    if (rc == ACQ_OK) {
        rc = acq_sw_open(&b->text, pt, ACQ_KIND_FDT, zlevel, err);
        if (rc != ACQ_OK)
            acq_sw_abort(&b->meta);
    }
    acq_free(pm);
    acq_free(pt);
    if (rc == ACQ_OK && threads >= 2) {
        rc = acq_zpipe_open(&b->pipe, err);
        if (rc != ACQ_OK) {
            acq_sw_abort(&b->meta);
            acq_sw_abort(&b->text);
        } else {
            acq_sw_set_pipe(&b->meta, b->pipe);
            acq_sw_set_pipe(&b->text, b->pipe);
        }
    }
    if (rc != ACQ_OK) {
        acq_free(b->dir);
        acq_free(b->name);
        acq_free(b);
        return rc;
    }
    *out = b;
    return ACQ_OK;
}

void acq_builder_begin_doc(acq_builder *b) { b->ntouched = 0; }

void acq_builder_set_flush_threads(acq_builder *b, int threads) { b->flush_threads = threads >= 2 ? 2 : 1; }

static size_t extra_hash(int field, uint32_t term, size_t mask)
{
    return (size_t)((((uint64_t)(unsigned)field << 32) | term) * 0x9E3779B97F4A7C15ULL >> 20) & mask;
}

/* The hash entry of an extra field's term (its slot, or UINT32_MAX to be
 * filled), growing the table at half load; NULL when out of memory. */
static uint32_t *extra_entry(inversion *b, int field, uint32_t term)
{
    if ((b->extra_used + 1) * 2 > b->extra_cap) {
        size_t ncap = b->extra_cap ? b->extra_cap * 2 : 1024;
        uint32_t *n = acq_malloc(ncap * sizeof *n);
        if (n == NULL)
            return NULL;
        memset(n, 0xFF, ncap * sizeof *n);
        for (size_t i = 0; i < b->extra_cap; i++) {
            uint32_t s = b->extra_slot[i];
            if (s == UINT32_MAX)
                continue;
            size_t h = extra_hash(slot_at(b, s)->field, slot_at(b, s)->term, ncap - 1);
            while (n[h] != UINT32_MAX)
                h = (h + 1) & (ncap - 1);
            n[h] = s;
        }
        acq_free(b->extra_slot);
        b->extra_slot = n;
        b->extra_cap = ncap;
    }
    size_t h = extra_hash(field, term, b->extra_cap - 1);
    for (;; h = (h + 1) & (b->extra_cap - 1)) {
        uint32_t s = b->extra_slot[h];
        if (s == UINT32_MAX || (slot_at(b, s)->field == field && slot_at(b, s)->term == term))
            return &b->extra_slot[h];
    }
}

static int add_token(acq_builder *b, int field, uint32_t term, uint32_t pos, acq_err *err)
{
    inversion *v = &b->inv;
    uint32_t *entry;
    if (field >= NFIELDS) {
        if (field > 255 || (entry = extra_entry(v, field, term)) == NULL)
            goto oom;
    } else {
        size_t old_cap = v->slot_of_cap[field];
        if (acq_grow((void **)&v->slot_of[field], &v->slot_of_cap[field], (size_t)term + 1, sizeof(uint32_t)) != 0)
            goto oom;
        if (v->slot_of_cap[field] > old_cap) /* new entries: no slot yet */
            memset(v->slot_of[field] + old_cap, 0xFF, (v->slot_of_cap[field] - old_cap) * sizeof(uint32_t));
        entry = &v->slot_of[field][term];
    }
    uint32_t s = *entry;
    if (s == UINT32_MAX) {
        if ((v->nslots & (SLOT_CHUNK - 1)) == 0) {
            size_t c = v->nslots >> SLOT_CHUNK_BITS;
            if (v->nslots >= UINT32_MAX - SLOT_CHUNK ||
                acq_grow((void **)&v->chunks, &v->chunks_cap, c + 1, sizeof *v->chunks) != 0 ||
                (v->chunks[c] = acq_malloc(SLOT_CHUNK * sizeof(slot))) == NULL)
                goto oom;
            v->nchunks = c + 1;
        }
        s = (uint32_t)v->nslots++;
        slot *ns = slot_at(v, s);
        memset(ns, 0, sizeof *ns);
        ns->term = term;
        ns->field = (uint8_t)field;
        ns->cur_doc = UINT32_MAX;
        *entry = s;
        if (field >= NFIELDS)
            v->extra_used++;
    }
    slot *sl = slot_at(v, s);
    if (sl->cur_doc != b->doc) {
        if (acq_grow((void **)&b->touched, &b->touched_cap, b->ntouched + 1, sizeof(uint32_t)) != 0)
            goto oom;
        b->touched[b->ntouched++] = s;
        /* A slot's first gap is the document's number in the segment, in
         * every run: a run's streams read without the runs before. */
        if (acq_slices_varint(&v->pool, &sl->post, &sl->post_level,
                              b->doc - (sl->cur_doc == UINT32_MAX ? 0 : sl->cur_doc)) != 0)
            goto oom;
        sl->cur_doc = b->doc;
        sl->cur_tf = 0;
        sl->last_pos = 0;
    }
    if (pos < sl->last_pos)
        return acq_err_set(err, ACQ_EARG, "internal error: positions out of order");
    if (acq_slices_varint(&v->pool, &sl->pos, &sl->pos_level, pos - sl->last_pos) != 0)
        goto oom;
    sl->last_pos = pos;
    sl->cur_tf++;
    return ACQ_OK;
oom:
    return acq_err_set(err, ACQ_ENOMEM, "out of memory while indexing: lower the memory budget");
}

/* Prefetch distances, in tokens: a token's entry in slot_of is fetched
 * AHEAD tokens before it is added, its slot AHEAD / 2 before (reading the
 * entry fetched), and the byte its position will go to AHEAD / 4 before
 * (reading the slot fetched). Keyword fields (hash table) are not. */
#define AHEAD 16

static inline const uint32_t *dense_entry(const inversion *v, const acq_token_op *op)
{
    return op->field < NFIELDS && op->term < v->slot_of_cap[op->field] ? &v->slot_of[op->field][op->term] : NULL;
}

int acq_builder_add_tokens(acq_builder *b, const acq_token_op *ops, size_t n, acq_err *err)
{
    const inversion *v = &b->inv;
    for (size_t i = 0; i < n; i++) {
        const uint32_t *e;
        if (i + AHEAD < n && (e = dense_entry(v, &ops[i + AHEAD])) != NULL)
            __builtin_prefetch(e);
        if (i + AHEAD / 2 < n && (e = dense_entry(v, &ops[i + AHEAD / 2])) != NULL && *e != UINT32_MAX)
            __builtin_prefetch(slot_at(v, *e));
        if (i + AHEAD / 4 < n && (e = dense_entry(v, &ops[i + AHEAD / 4])) != NULL && *e != UINT32_MAX) {
            const slot *sl = slot_at(v, *e);
            /* A full slice's write position may be the end of the last
             * block: no byte there to fetch. */
            if (sl->pos_level != 0 && sl->pos.write != sl->pos.end)
                __builtin_prefetch(acq_slices_at(&v->pool, sl->pos.write), 1);
        }
        if (add_token(b, (int)ops[i].field, ops[i].term, ops[i].pos, err) != ACQ_OK)
            return err->code;
    }
    return ACQ_OK;
}

int acq_builder_end_doc(acq_builder *b, uint32_t body_len, uint32_t title_len, uint32_t date, uint32_t text_start,
                        const char *const *meta, const size_t *meta_lens,
                        const char *text, size_t text_len, acq_err *err)
{
    for (size_t i = 0; i < b->ntouched; i++) {
        slot *sl = slot_at(&b->inv, b->touched[i]);
        if (acq_slices_varint(&b->inv.pool, &sl->post, &sl->post_level, sl->cur_tf) != 0)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory while indexing: lower the memory budget");
    }
    b->ntouched = 0;
    size_t cap = b->lens_cap;
    if (acq_grow((void **)&b->body_len, &cap, (size_t)b->doc + 1, sizeof(uint32_t)) != 0)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    cap = b->lens_cap;
    if (acq_grow((void **)&b->title_len, &cap, (size_t)b->doc + 1, sizeof(uint32_t)) != 0)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    cap = b->lens_cap;
    if (acq_grow((void **)&b->dates, &cap, (size_t)b->doc + 1, sizeof(uint32_t)) != 0)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    cap = b->lens_cap;
    if (acq_grow((void **)&b->text_start, &cap, (size_t)b->doc + 1, sizeof(uint32_t)) != 0)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    b->lens_cap = cap;
    b->body_len[b->doc] = body_len;
    b->title_len[b->doc] = title_len;
    b->dates[b->doc] = date;
    b->text_start[b->doc] = text_start;
    b->sum_body += body_len;
    b->sum_title += title_len;
    if (acq_sw_add(&b->meta, meta, meta_lens, ACQ_META_COUNT, err) != ACQ_OK)
        return err->code;
    if (acq_sw_add_text(&b->text, text ? text : "", text ? text_len : 0, err) != ACQ_OK)
        return err->code;
    b->doc++;
    return ACQ_OK;
}

uint32_t acq_builder_docs(const acq_builder *b) { return b->doc; }

/* 16 bytes: what the flush sorts slots by. */
typedef struct sort_key {
    const char *bytes;
    uint32_t slot;
    uint16_t len;
    uint8_t field;
} sort_key;

static size_t inversion_memory(const inversion *v)
{
    size_t m = acq_slices_memory(&v->pool) + v->nchunks * SLOT_CHUNK * sizeof(slot) + v->chunks_cap * sizeof *v->chunks;
    /* A run, or the finish, sorts one key per slot: reserve it. */
    m += v->nslots * sizeof(sort_key);
    for (int f = 0; f < NFIELDS; f++)
        m += v->slot_of_cap[f] * sizeof(uint32_t);
    return m + v->extra_cap * sizeof(uint32_t);
}

size_t acq_builder_memory(const acq_builder *b)
{
    size_t m = inversion_memory(&b->inv) + b->lens_cap * 16 + b->touched_cap * 4;
    /* The pipe's queue (a fixed 32 blocks at most) is not counted: the
     * writer flushes at half its budget, and the count must not depend on
     * the number of threads (see acq_sw_memory). */
    return m + acq_sw_memory(&b->meta) + acq_sw_memory(&b->text);
}

static int cmp_key(const void *pa, const void *pb)
{
    const sort_key *a = pa, *b = pb;
    if (a->field != b->field)
        return a->field < b->field ? -1 : 1;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->bytes, b->bytes, n);
    if (c != 0)
        return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

static void inversion_free(inversion *v)
{
    acq_slices_free(&v->pool);
    for (size_t i = 0; i < v->nchunks; i++)
        acq_free(v->chunks[i]);
    acq_free(v->chunks);
    for (int f = 0; f < NFIELDS; f++)
        acq_free(v->slot_of[f]);
    acq_free(v->extra_slot);
    memset(v, 0, sizeof *v);
}

static void free_slots(acq_builder *b)
{
    inversion_free(&b->inv);
    for (size_t i = 0; i < b->nruns; i++)
        acq_free(b->runs[i]);
    acq_free(b->runs);
    acq_free(b->touched);
    acq_free(b->body_len);
    acq_free(b->title_len);
    acq_free(b->dates);
    acq_free(b->text_start);
}

static void builder_free(acq_builder *b)
{
    free_slots(b);
    acq_free(b->dir);
    acq_free(b->name);
    acq_free(b);
}

static const char *const EXTS[] = {"tdi", "doc", "pos", "len", "fdm", "fdt"};

/* Removes the builder's runs (written, or being written when it failed). */
static void remove_runs(const acq_builder *b)
{
    for (size_t i = 0; i < b->nruns; i++)
        acq_io_unlink(b->runs[i]);
}

/* Removes whatever files of this segment exist (error paths). */
static void remove_files(const acq_builder *b)
{
    remove_runs(b);
    for (size_t i = 0; i < sizeof EXTS / sizeof EXTS[0]; i++) {
        char *p = seg_path(b, EXTS[i]);
        if (p)
            acq_io_unlink(p);
        acq_free(p);
    }
}

void acq_builder_abort(acq_builder *b)
{
    if (b == NULL)
        return;
    acq_sw_abort(&b->meta);
    acq_sw_abort(&b->text);
    acq_zpipe_close(b->pipe);
    remove_files(b);
    builder_free(b);
}

static int write_lengths(acq_builder *b, acq_err *err)
{
    char *path = seg_path(b, "len");
    if (path == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    acq_fwriter w;
    int rc = acq_fwriter_open(&w, path, ACQ_KIND_LEN, err);
    acq_free(path);
    if (rc != ACQ_OK)
        return rc;
    acq_buf h = {0};
    acq_buf_put_u32(&h, b->doc);
    acq_buf_put_u32(&h, 0);
    acq_buf_put_u64(&h, b->sum_body);
    acq_buf_put_u64(&h, b->sum_title);
    /* The arrays are written as little-endian u32 (x86 and ARM are LE;
     * a big-endian port would convert here). */
    rc = h.failed ? acq_err_set(err, ACQ_ENOMEM, "out of memory") : acq_fwriter_write(&w, h.data, h.len, err);
    acq_buf_free(&h);
    if (rc == ACQ_OK)
        rc = acq_fwriter_write(&w, b->body_len, (size_t)b->doc * 4, err);
    if (rc == ACQ_OK)
        rc = acq_fwriter_write(&w, b->title_len, (size_t)b->doc * 4, err);
    if (rc == ACQ_OK)
        rc = acq_fwriter_write(&w, b->dates, (size_t)b->doc * 4, err);
    if (rc == ACQ_OK)
        rc = acq_fwriter_write(&w, b->text_start, (size_t)b->doc * 4, err);
    if (rc == ACQ_OK)
        return acq_fwriter_finish(&w, err);
    acq_fwriter_abort(&w);
    return rc;
}

/* Terms per batch of a finish's encoding (below). */
#define FLUSH_BATCH 1024

/* The keys of an inversion's slots, sorted; NULL when out of memory. */
static sort_key *sorted_keys(const inversion *v, acq_term_bytes_fn term_of, void *ctx)
{
    sort_key *keys = acq_malloc((v->nslots + 1) * sizeof *keys);
    if (keys == NULL)
        return NULL;
    for (size_t i = 0; i < v->nslots; i++) {
        size_t len;
        keys[i].bytes = term_of(ctx, slot_at(v, i)->term, &len);
        keys[i].len = (uint16_t)(len > ACQ_MAX_KEY - 1 ? ACQ_MAX_KEY - 1 : len);
        keys[i].slot = (uint32_t)i;
        keys[i].field = slot_at(v, i)->field;
    }
    qsort(keys, v->nslots, sizeof *keys, cmp_key);
    return keys;
}

/* Readers of slot s's postings and positions streams. */
static void slot_readers(const inversion *v, uint32_t s, acq_slice_reader *post, acq_slice_reader *pos)
{
    const slot *sl = slot_at(v, s);
    acq_slice_reader_init(post, &v->pool, &sl->post, sl->post_level);
    acq_slice_reader_init(pos, &v->pool, &sl->pos, sl->pos_level);
}

/* The next key of keys[*at..n) to use: two slots share a key only if two
 * terms truncated alike, and then the first one's postings are kept. */
static size_t next_key(const sort_key *keys, size_t n, size_t at)
{
    while (at > 0 && at < n && cmp_key(&keys[at - 1], &keys[at]) == 0)
        at++;
    return at;
}

/* ---- The terms of a finish: the runs and the inversion in memory,
 * merged by key. ---- */

/* Where a term's postings come from: one run, or the inversion. */
typedef struct term_source {
    acq_slice_reader post, pos;
} term_source;

/* A term of a batch: its key and its sources, in document order. */
typedef struct batch_term {
    const char *bytes;
    uint16_t len;
    uint8_t field;
    uint32_t first, nsrc; /* in the encoder's srcs */
} batch_term;

/* The sources of a finish: runs 0 .. nruns - 1, then the inversion (source
 * nruns), whose documents are the latest. A heap orders them by their
 * current key, then by number, so that a term's sources come out in
 * document order. */
typedef struct term_cursor {
    const inversion *inv;
    const sort_key *keys;
    size_t nkeys, at;
    acq_run_reader *runs;
    size_t nruns;
    uint32_t *heap;
    size_t nheap;
    uint64_t run_bytes; /* read from the runs so far */
    /* A term taken from the sources but left for the next batch (it goes
     * alone into a batch of its own: see DIRECT_BYTES). */
    int pending;
    batch_term pend;
    term_source pend_src[ACQ_BUILDER_MAX_RUNS + 1];
    uint64_t pend_bytes;
} term_cursor;

static void source_key(const term_cursor *c, uint32_t s, sort_key *k)
{
    if (s < c->nruns) {
        k->field = c->runs[s].field;
        k->bytes = c->runs[s].key;
        k->len = c->runs[s].len;
    } else {
        *k = c->keys[c->at];
    }
}

static int source_less(const term_cursor *c, uint32_t a, uint32_t b)
{
    sort_key ka, kb;
    source_key(c, a, &ka);
    source_key(c, b, &kb);
    int d = cmp_key(&ka, &kb);
    return d < 0 || (d == 0 && a < b);
}

static void heap_push(term_cursor *c, uint32_t s)
{
    size_t i = c->nheap++;
    while (i > 0 && source_less(c, s, c->heap[(i - 1) / 2])) {
        c->heap[i] = c->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    c->heap[i] = s;
}

static uint32_t heap_pop(term_cursor *c)
{
    uint32_t top = c->heap[0], last = c->heap[--c->nheap];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1;
        if (l >= c->nheap)
            break;
        if (l + 1 < c->nheap && source_less(c, c->heap[l + 1], c->heap[l]))
            l++;
        if (!source_less(c, c->heap[l], last))
            break;
        c->heap[i] = c->heap[l];
        i = l;
    }
    if (c->nheap > 0)
        c->heap[i] = last;
    return top;
}

static int cursor_open(term_cursor *c, const inversion *inv, const sort_key *keys, acq_run_reader *runs,
                       size_t nruns, acq_err *err)
{
    memset(c, 0, sizeof *c);
    c->inv = inv;
    c->keys = keys;
    c->nkeys = inv->nslots;
    c->runs = runs;
    c->nruns = nruns;
    if ((c->heap = acq_malloc((nruns + 1) * sizeof *c->heap)) == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    for (uint32_t s = 0; s < nruns; s++)
        if (!runs[s].done)
            heap_push(c, s);
    if (c->nkeys > 0)
        heap_push(c, (uint32_t)nruns);
    return ACQ_OK;
}

/* Moves source s past its current term; back into the heap unless it has
 * no more. */
static int cursor_advance(term_cursor *c, uint32_t s, acq_err *err)
{
    if (s < c->nruns) {
        c->run_bytes += (uint64_t)c->runs[s].len + c->runs[s].post_len + c->runs[s].pos_len;
        int rc = acq_run_reader_next(&c->runs[s], err);
        if (rc != ACQ_OK)
            return rc;
        if (!c->runs[s].done)
            heap_push(c, s);
        return ACQ_OK;
    }
    c->at = next_key(c->keys, c->nkeys, c->at + 1);
    if (c->at < c->nkeys)
        heap_push(c, s);
    return ACQ_OK;
}

/* A term of more bytes than this in the runs is encoded alone, straight
 * into the files, instead of into a batch's memory, and a batch holds no
 * more than this of the runs' bytes: the encoders' memory then stays the
 * same whatever the lengths of the postings lists (the largest of jha-en
 * copied 8 times is tens of MB). */
#define DIRECT_BYTES ((uint64_t)1 << 20)

/* Takes the next term and its sources (in source order) into c->pend. */
static int cursor_take(term_cursor *c, acq_err *err)
{
    batch_term *t = &c->pend;
    sort_key k;
    source_key(c, c->heap[0], &k);
    t->bytes = k.bytes;
    t->len = k.len;
    t->field = k.field;
    t->first = 0;
    t->nsrc = 0;
    c->pend_bytes = 0;
    /* Pop every source at this key (they come out in number order), then
     * move each on. */
    uint32_t popped[ACQ_BUILDER_MAX_RUNS + 1];
    size_t npopped = 0;
    while (c->nheap > 0) {
        sort_key top;
        source_key(c, c->heap[0], &top);
        if (cmp_key(&top, &k) != 0)
            break;
        uint32_t s = heap_pop(c);
        term_source *src = &c->pend_src[t->nsrc++];
        if (s < c->nruns) {
            acq_slice_reader_flat(&src->post, c->runs[s].post, c->runs[s].post_len);
            acq_slice_reader_flat(&src->pos, c->runs[s].pos, c->runs[s].pos_len);
            c->pend_bytes += (uint64_t)c->runs[s].post_len + c->runs[s].pos_len;
        } else {
            slot_readers(c->inv, c->keys[c->at].slot, &src->post, &src->pos);
        }
        popped[npopped++] = s;
    }
    for (size_t i = 0; i < npopped; i++)
        if (cursor_advance(c, popped[i], err) != ACQ_OK)
            return err->code;
    c->pending = 1;
    return ACQ_OK;
}

/* Fills up to FLUSH_BATCH terms, with their sources, into terms and srcs
 * (grown as needed); *nterms gets their number, 0 at the end. *direct is
 * set when the batch is one term to encode straight into the files. */
static int cursor_fill(term_cursor *c, batch_term *terms, term_source **srcs, size_t *srcs_cap, size_t *nterms,
                       int *direct, acq_err *err)
{
    size_t n = 0, nsrc = 0;
    uint64_t bytes = 0;
    *direct = 0;
    while (n < FLUSH_BATCH && (c->pending || c->nheap > 0)) {
        if (!c->pending && cursor_take(c, err) != ACQ_OK)
            return err->code;
        int big = c->pend_bytes > DIRECT_BYTES;
        /* A big term starts the next batch, as does one that would take
         * the batch beyond DIRECT_BYTES: an encoder's memory is bounded
         * whatever the lengths of the lists. */
        if (n > 0 && (big || bytes + c->pend_bytes > DIRECT_BYTES))
            break;
        bytes += c->pend_bytes;
        if (acq_grow((void **)srcs, srcs_cap, nsrc + c->pend.nsrc, sizeof **srcs) != 0)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory");
        terms[n] = c->pend;
        terms[n].first = (uint32_t)nsrc;
        memcpy(*srcs + nsrc, c->pend_src, c->pend.nsrc * sizeof *c->pend_src);
        nsrc += c->pend.nsrc;
        c->pending = 0;
        n++;
        if (big) {
            *direct = 1;
            break;
        }
    }
    *nterms = n;
    return ACQ_OK;
}

static void cursor_close(term_cursor *c) { acq_free(c->heap); }

/* ---- Encoding ----
 * Terms are encoded in batches of FLUSH_BATCH into memory, then copied into
 * the files in order, each term's offsets moved by where its batch lands.
 * With two threads or more a helper encodes batches beside this thread
 * (write_batches): the same bytes as one thread. */

typedef struct encoder {
    acq_postings_writer pw;
    acq_fwriter doc, pos;             /* in memory */
    uint32_t *positions;
    size_t positions_cap;
    batch_term terms[FLUSH_BATCH];
    size_t nterms;
    int direct;                       /* one term, for the files themselves */
    term_source *srcs;
    size_t srcs_cap;
    acq_term_meta metas[FLUSH_BATCH];
} encoder;

static encoder *encoder_new(void)
{
    encoder *e = acq_malloc(sizeof *e);
    if (e == NULL)
        return NULL;
    acq_fwriter_open_memory(&e->doc);
    acq_fwriter_open_memory(&e->pos);
    acq_pw_init(&e->pw, &e->doc, &e->pos);
    e->positions = NULL;
    e->positions_cap = 0;
    e->srcs = NULL;
    e->srcs_cap = 0;
    e->nterms = 0;
    return e;
}

static void encoder_free(encoder *e)
{
    if (e == NULL)
        return;
    acq_pw_free(&e->pw);
    acq_fwriter_abort(&e->doc);
    acq_fwriter_abort(&e->pos);
    acq_free(e->positions);
    acq_free(e->srcs);
    acq_free(e);
}

static int damaged_run(const acq_builder *b, acq_err *err)
{
    return acq_err_set(err, ACQ_ECORRUPT,
                       "a run of segment %s read back other postings than were written (its checksums held): "
                       "the segment was not written",
                       b->name);
}

/* Adds one source's postings of a term to pw; *next_doc is the least
 * document the next posting may have (sources follow in document order). */
static int add_source(const acq_builder *b, encoder *e, term_source *src, const uint32_t *lens,
                      acq_postings_writer *pw, uint32_t *next_doc, acq_err *err)
{
    uint32_t doc = 0;
    while (acq_slice_reader_more(&src->post)) {
        uint32_t gap = acq_slice_reader_varint(&src->post);
        uint32_t tf = acq_slice_reader_varint(&src->post);
        /* Guards the lengths read below: streams from a run are our own
         * bytes, checked, but never trusted to index. */
        if (gap > b->doc - doc || doc + gap < *next_doc || doc + gap >= b->doc)
            return damaged_run(b, err);
        doc += gap;
        *next_doc = doc + 1;
        if (acq_grow((void **)&e->positions, &e->positions_cap, tf, sizeof(uint32_t)) != 0)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory");
        uint32_t p = 0;
        for (uint32_t i = 0; i < tf; i++) {
            p += acq_slice_reader_varint(&src->pos);
            e->positions[i] = p;
        }
        int rc = acq_pw_add(pw, doc, tf, e->positions, lens ? lens[doc] : 1, err);
        if (rc != ACQ_OK)
            return rc;
    }
    return ACQ_OK;
}

/* Encodes term k of the batch filled into e through pw: its sources in
 * turn (their documents ascend from one source to the next). */
static int encode_term(const acq_builder *b, encoder *e, size_t k, acq_postings_writer *pw, acq_err *err)
{
    const batch_term *t = &e->terms[k];
    const uint32_t *lens = t->field == ACQ_FIELD_BODY    ? b->body_len
                         : t->field == ACQ_FIELD_TITLE ? b->title_len : NULL;
    acq_pw_start_term(pw, t->field == ACQ_FIELD_BODY);
    uint32_t next_doc = 0;
    for (uint32_t si = 0; si < t->nsrc; si++) {
        int rc = add_source(b, e, &e->srcs[t->first + si], lens, pw, &next_doc, err);
        if (rc != ACQ_OK)
            return rc;
    }
    return acq_pw_finish_term(pw, &e->metas[k], err);
}

/* Encodes the batch filled into e into its memory (not a direct one). */
static int encode_batch(const acq_builder *b, encoder *e, acq_err *err)
{
    acq_fwriter_rewind(&e->doc);
    acq_fwriter_rewind(&e->pos);
    int rc = ACQ_OK;
    for (size_t k = 0; rc == ACQ_OK && k < e->nterms; k++)
        rc = encode_term(b, e, k, &e->pw, err);
    return rc;
}

/* Copies an encoded batch into the files (or encodes a direct one there,
 * through direct, the files' own postings writer) and its terms into the
 * dictionary. */
static int append_batch(const acq_builder *b, acq_fwriter *fd, acq_fwriter *fp, acq_postings_writer *direct,
                        acq_dict_writer *dw, encoder *e, acq_err *err)
{
    uint64_t doc_base = acq_fwriter_tell(fd), pos_base = acq_fwriter_tell(fp);
    int rc = ACQ_OK;
    if (e->direct) {
        rc = encode_term(b, e, 0, direct, err);
        doc_base = pos_base = 0; /* its offsets are the files' already */
    } else {
        rc = acq_fwriter_write(fd, e->doc.buf.data, (size_t)e->doc.offset, err);
        if (rc == ACQ_OK)
            rc = acq_fwriter_write(fp, e->pos.buf.data, (size_t)e->pos.offset, err);
    }
    uint8_t key[ACQ_MAX_KEY + 1];
    for (size_t k = 0; rc == ACQ_OK && k < e->nterms; k++) {
        acq_term_meta meta = e->metas[k];
        meta.doc_off += doc_base;
        meta.pos_off += pos_base;
        key[0] = e->terms[k].field;
        memcpy(key + 1, e->terms[k].bytes, e->terms[k].len);
        rc = acq_dw_add(dw, key, e->terms[k].len + 1u, &meta, err);
    }
    return rc;
}

/* The batches of a finish: batch i is filled (from the cursor) and encoded
 * into encoders[i % ENCODERS] by whichever thread claims it first (in
 * order), once that encoder's previous batch is in the files; the
 * finishing thread copies them into the files in order, encoding itself
 * whenever the next one is not ready, so that two threads share the work
 * however uneven the batches are. */
#define ENCODERS 4
enum { FREE, BUSY, READY };
/* Bytes read from the runs between two releases of their pages: what a
 * finish keeps mapped, so that its memory is flat however large the runs
 * (the batches in flight may fault a few pages back in). */
#define RELEASE_BYTES ((uint64_t)2 << 20)

typedef struct flush_work {
    const acq_builder *b;
    term_cursor *cursor;
    encoder *enc[ENCODERS];       /* allocated when first claimed */
    int state[ENCODERS];
    size_t claimed;               /* batches claimed so far */
    int exhausted;                /* the cursor has no more terms */
    int helping, stop, rc;
    acq_err err;
    pthread_t helper;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} flush_work;

/* With fw->mu held: claims the next batch if its encoder is free, filling
 * it from the cursor; the batch, or SIZE_MAX. */
static size_t claim(flush_work *fw)
{
    if (fw->rc != ACQ_OK || fw->stop || fw->exhausted || fw->state[fw->claimed % ENCODERS] != FREE)
        return SIZE_MAX;
    encoder **e = &fw->enc[fw->claimed % ENCODERS];
    acq_err err = {0};
    int rc = ACQ_OK;
    if (*e == NULL && (*e = encoder_new()) == NULL)
        rc = acq_err_set(&err, ACQ_ENOMEM, "out of memory");
    if (rc == ACQ_OK)
        rc = cursor_fill(fw->cursor, (*e)->terms, &(*e)->srcs, &(*e)->srcs_cap, &(*e)->nterms, &(*e)->direct, &err);
    if (rc != ACQ_OK) {
        fw->rc = rc;
        fw->err = err;
        pthread_cond_broadcast(&fw->cv);
        return SIZE_MAX;
    }
    if ((*e)->nterms == 0) {
        fw->exhausted = 1;
        pthread_cond_broadcast(&fw->cv);
        return SIZE_MAX;
    }
    fw->state[fw->claimed % ENCODERS] = BUSY;
    return fw->claimed++;
}

/* Encodes batch bi, claimed, with fw->mu held on entry and on return. */
static void encode_claimed(flush_work *fw, size_t bi)
{
    encoder *e = fw->enc[bi % ENCODERS];
    pthread_mutex_unlock(&fw->mu);
    acq_err err = {0};
    int rc = e->direct ? ACQ_OK : encode_batch(fw->b, e, &err); /* a direct one at its append */
    pthread_mutex_lock(&fw->mu);
    fw->state[bi % ENCODERS] = READY;
    if (rc != ACQ_OK && fw->rc == ACQ_OK) {
        fw->rc = rc;
        fw->err = err;
    }
    pthread_cond_broadcast(&fw->cv);
}

static void *helper_main(void *arg)
{
    flush_work *fw = arg;
    pthread_mutex_lock(&fw->mu);
    for (;;) {
        size_t bi = claim(fw);
        if (bi != SIZE_MAX) {
            encode_claimed(fw, bi);
            continue;
        }
        if (fw->rc != ACQ_OK || fw->stop || fw->exhausted)
            break;
        pthread_cond_wait(&fw->cv, &fw->mu);
    }
    pthread_mutex_unlock(&fw->mu);
    return NULL;
}

/* Encodes (on this thread and, with threads >= 2, a helper) and copies
 * into the files the terms of the cursor. */
static int write_batches(const acq_builder *b, term_cursor *cursor, int threads, acq_fwriter *fd, acq_fwriter *fp,
                         acq_dict_writer *dw, acq_err *err)
{
    flush_work fw;
    memset(&fw, 0, sizeof fw);
    fw.b = b;
    fw.cursor = cursor;
    if (pthread_mutex_init(&fw.mu, NULL) != 0)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (pthread_cond_init(&fw.cv, NULL) != 0) {
        pthread_mutex_destroy(&fw.mu);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    /* Without a helper (one thread, or none could start) this thread
     * encodes every batch itself, through the same encoders. A segment of
     * fewer terms than two batches is not worth a thread. */
    fw.helping = threads >= 2 && (cursor->nruns > 0 || cursor->nkeys > FLUSH_BATCH) &&
                 pthread_create(&fw.helper, NULL, helper_main, &fw) == 0;
    int rc = ACQ_OK;
    uint64_t released = 0;
    acq_postings_writer direct;
    acq_pw_init(&direct, fd, fp);
    pthread_mutex_lock(&fw.mu);
    for (size_t bi = 0; rc == ACQ_OK; bi++) {
        /* Batch bi is the lowest not yet copied: it is claimed before any
         * other that could take its encoder. */
        while (fw.rc == ACQ_OK && !(fw.claimed > bi && fw.state[bi % ENCODERS] == READY) &&
               !(fw.exhausted && fw.claimed <= bi)) {
            size_t c = claim(&fw);
            if (c != SIZE_MAX)
                encode_claimed(&fw, c);
            else if (fw.rc == ACQ_OK && !(fw.exhausted && fw.claimed <= bi))
                pthread_cond_wait(&fw.cv, &fw.mu);
        }
        if (fw.rc != ACQ_OK) {
            rc = fw.rc;
            *err = fw.err;
            break;
        }
        if (fw.claimed <= bi) /* no more batches */
            break;
        pthread_mutex_unlock(&fw.mu);
        rc = append_batch(b, fd, fp, &direct, dw, fw.enc[bi % ENCODERS], err);
        pthread_mutex_lock(&fw.mu);
        /* The cursor moves under the lock. */
        if (cursor->run_bytes - released > RELEASE_BYTES) {
            released = cursor->run_bytes;
            for (size_t r = 0; r < cursor->nruns; r++)
                acq_run_reader_release(&cursor->runs[r]);
        }
        fw.state[bi % ENCODERS] = FREE;
        if (rc != ACQ_OK)
            fw.stop = 1;
        pthread_cond_broadcast(&fw.cv);
    }
    fw.stop = 1;
    pthread_cond_broadcast(&fw.cv);
    pthread_mutex_unlock(&fw.mu);
    if (fw.helping)
        pthread_join(fw.helper, NULL);
    for (int i = 0; i < ENCODERS; i++)
        encoder_free(fw.enc[i]);
    acq_pw_free(&direct);
    pthread_cond_destroy(&fw.cv);
    pthread_mutex_destroy(&fw.mu);
    return rc;
}

static int write_postings(acq_builder *b, acq_term_bytes_fn term_of, void *ctx, acq_err *err)
{
    sort_key *keys = sorted_keys(&b->inv, term_of, ctx);
    acq_run_reader *runs = acq_calloc(b->nruns + 1, sizeof *runs);
    char *pd = seg_path(b, "doc"), *pp = seg_path(b, "pos"), *pt = seg_path(b, "tdi");
    acq_fwriter fd = {0}, fp = {0};
    acq_dict_writer dw;
    term_cursor cursor;
    int have_fd = 0, have_fp = 0, have_dw = 0, have_cursor = 0;
    size_t opened = 0;
    int rc = (keys && runs && pd && pp && pt) ? ACQ_OK : acq_err_set(err, ACQ_ENOMEM, "out of memory");
    for (; rc == ACQ_OK && opened < b->nruns; opened++)
        if ((rc = acq_run_reader_open(&runs[opened], b->runs[opened], err)) != ACQ_OK)
            break;
    if (rc == ACQ_OK && (rc = cursor_open(&cursor, &b->inv, keys, runs, b->nruns, err)) == ACQ_OK)
        have_cursor = 1;
    if (rc == ACQ_OK && (rc = acq_fwriter_open_version(&fd, pd, ACQ_KIND_DOC, ACQ_DOC_VERSION, err)) == ACQ_OK)
        have_fd = 1;
    if (rc == ACQ_OK && (rc = acq_fwriter_open(&fp, pp, ACQ_KIND_POS, err)) == ACQ_OK)
        have_fp = 1;
    if (rc == ACQ_OK && (rc = acq_dw_open(&dw, pt, err)) == ACQ_OK)
        have_dw = 1;
    if (rc == ACQ_OK)
        rc = write_batches(b, &cursor, b->flush_threads, &fd, &fp, &dw, err);
    if (have_dw)
        rc = rc == ACQ_OK ? acq_dw_finish(&dw, err) : (acq_dw_abort(&dw), rc);
    if (have_fd)
        rc = rc == ACQ_OK ? acq_fwriter_finish(&fd, err) : (acq_fwriter_abort(&fd), rc);
    if (have_fp)
        rc = rc == ACQ_OK ? acq_fwriter_finish(&fp, err) : (acq_fwriter_abort(&fp), rc);
    if (have_cursor)
        cursor_close(&cursor);
    for (size_t i = 0; i < opened; i++)
        acq_run_reader_close(&runs[i]);
    acq_free(runs);
    acq_free(keys);
    acq_free(pd);
    acq_free(pp);
    acq_free(pt);
    return rc;
}

int acq_builder_finish(acq_builder *b, acq_term_bytes_fn term_of, void *ctx, acq_err *err)
{
    /* The last stored blocks are queued first, so that with a pipe its
     * thread compresses them while this one writes the postings. */
    int rc = ACQ_OK;
    if (b->pipe)
        rc = acq_sw_flush(&b->meta, err);
    if (rc == ACQ_OK && b->pipe)
        rc = acq_sw_flush(&b->text, err);
    if (rc == ACQ_OK)
        rc = write_postings(b, term_of, ctx, err);
    /* The runs are read: whatever happens now, they are not needed. */
    remove_runs(b);
    if (rc == ACQ_OK)
        rc = acq_sw_finish(&b->meta, err);
    else
        acq_sw_abort(&b->meta);
    if (rc == ACQ_OK)
        rc = acq_sw_finish(&b->text, err);
    else
        acq_sw_abort(&b->text);
    /* Both writers waited for their blocks: the thread is idle; join it. */
    acq_zpipe_close(b->pipe);
    b->pipe = NULL;
    if (rc == ACQ_OK)
        rc = write_lengths(b, err);
    if (rc != ACQ_OK)
        remove_files(b);
    builder_free(b);
    return rc;
}

/* ---- Runs ---- */

int acq_builder_write_last_run(acq_builder *b, acq_term_bytes_fn term_of, void *ctx, int *all_written, acq_err *err)
{
    *all_written = 0;
    if (b->nruns == 0 || (b->inv.nslots > 0 && b->nruns >= ACQ_BUILDER_MAX_RUNS))
        return ACQ_OK;
    if (b->inv.nslots > 0) {
        acq_builder_run *last = NULL;
        int rc = acq_builder_detach_run(b, &last, err);
        if (rc == ACQ_OK)
            rc = acq_builder_run_write(last, term_of, ctx, err);
        if (rc != ACQ_OK)
            return rc;
    }
    *all_written = 1;
    return ACQ_OK;
}

size_t acq_builder_runs(const acq_builder *b) { return b->nruns; }

int acq_builder_detach_run(acq_builder *b, acq_builder_run **out, acq_err *err)
{
    *out = NULL;
    if (b->nruns >= ACQ_BUILDER_MAX_RUNS)
        return acq_err_set(err, ACQ_EARG, "internal error: a builder holds %d runs at most", ACQ_BUILDER_MAX_RUNS);
    acq_builder_run *r = acq_calloc(1, sizeof *r);
    char ext[32];
    snprintf(ext, sizeof ext, "run-%zu", b->nruns);
    if (r == NULL || (r->path = seg_path(b, ext)) == NULL ||
        acq_grow((void **)&b->runs, &b->runs_cap, b->nruns + 1, sizeof *b->runs) != 0 ||
        (b->runs[b->nruns] = acq_strdup(r->path)) == NULL) {
        if (r)
            acq_free(r->path);
        acq_free(r);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    b->nruns++;
    r->inv = b->inv;
    memset(&b->inv, 0, sizeof b->inv);
    *out = r;
    return ACQ_OK;
}

void acq_builder_run_free(acq_builder_run *r)
{
    if (r == NULL)
        return;
    inversion_free(&r->inv);
    acq_free(r->path);
    acq_free(r);
}

int acq_builder_run_write(acq_builder_run *r, acq_term_bytes_fn term_of, void *ctx, acq_err *err)
{
    const inversion *v = &r->inv;
    sort_key *keys = sorted_keys(v, term_of, ctx);
    if (keys == NULL) {
        acq_builder_run_free(r);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    acq_run_writer w;
    int rc = acq_run_writer_open(&w, r->path, err);
    for (size_t k = 0; rc == ACQ_OK && k < v->nslots; k = next_key(keys, v->nslots, k + 1)) {
        acq_slice_reader post, pos;
        slot_readers(v, keys[k].slot, &post, &pos);
        rc = acq_run_writer_term(&w, keys[k].field, keys[k].bytes, keys[k].len, &post, &pos, err);
    }
    if (rc == ACQ_OK)
        rc = acq_run_writer_finish(&w, err);
    else
        acq_run_writer_abort(&w);
    acq_free(keys);
    acq_builder_run_free(r);
    return rc;
}
