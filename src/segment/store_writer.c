/* store_writer.c: stored fields in compressed blocks of whole records
 * (layout in format.h, codecs in zblock.h). Blocks are about
 * ACQ_STORE_BLOCK bytes before compression: large enough for the codec to
 * find the repetition in legal text, small enough that showing one hit
 * decompresses little. A writer
 * given a pipe (zpipe.h) hands each full block to the pipe's thread, which
 * compresses and writes it while this thread goes on. */
#include "segment/writers.h"

#include "common/alloc.h"
#include "common/hash.h"

#include "segment/zpipe.h"

typedef struct acq_text_slot {
    uint64_t h1, h2;   /* two independent 64-bit hashes: a 128-bit key */
    uint32_t doc;      /* UINT32_MAX = empty */
    uint32_t len;
} acq_text_slot;

int acq_sw_open(acq_store_writer *sw, const char *path, const char kind[4], int level, acq_err *err)
{
    memset(sw, 0, sizeof *sw);
    sw->level = level >= 1 && level <= 9 ? level : ACQ_STORE_LEVEL;
    sw->block_size = memcmp(kind, ACQ_KIND_FDM, 4) == 0 ? ACQ_STORE_BLOCK_META : ACQ_STORE_BLOCK;
    /* Metadata records carry the extra fields (format.h). */
    if (memcmp(kind, ACQ_KIND_FDM, 4) == 0)
        return acq_fwriter_open_version(&sw->f, path, kind, ACQ_FDM_VERSION, err);
    if (memcmp(kind, ACQ_KIND_FDT, 4) == 0)
        return acq_fwriter_open_version(&sw->f, path, kind, ACQ_FDT_VERSION, err);
    return acq_fwriter_open(&sw->f, path, kind, err);
}

/* Compresses one block and appends it and its index entry. With a pipe,
 * this runs on the pipe's worker, which alone touches f, comp, index, zb
 * and blocks until the pipe is drained. */
static int write_block(acq_store_writer *sw, const uint8_t *raw, size_t len, uint32_t first, acq_err *err)
{
    size_t cap = acq_zblock_bound(len);
    acq_buf_reset(&sw->comp);
    if (acq_buf_reserve(&sw->comp, cap) != 0)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory compressing stored fields");
    /* The length word keeps its top bit for the codec (format.h). The
     * writer takes no document whose stored fields come near it. */
    if (len >= ACQ_STORE_LZ4)
        return acq_err_set(err, ACQ_EINPUT, "the stored fields of document %u and its block are over 2 GB", first);
    int codec;
    size_t bound = acq_zblock_compress(&sw->zb, sw->level, raw, len, sw->comp.data, cap, &codec);
    if (bound == 0)
        return acq_err_set(err, ACQ_ENOMEM, "could not compress stored fields (out of memory?)");
    acq_buf_put_u64(&sw->index, acq_fwriter_tell(&sw->f));
    acq_buf_put_u32(&sw->index, first);
    acq_buf_put_u32(&sw->index, (uint32_t)len | (codec == ACQ_ZBLOCK_LZ4 ? ACQ_STORE_LZ4 : 0));
    sw->blocks++;
    if (sw->index.failed)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory writing stored fields");
    return acq_fwriter_write(&sw->f, sw->comp.data, bound, err);
}

static int block_job(void *ctx, const uint8_t *data, size_t len, uint32_t first, acq_err *err)
{
    return write_block(ctx, data, len, first, err);
}

static int flush_block(acq_store_writer *sw, acq_err *err)
{
    if (sw->raw.len == 0)
        return ACQ_OK;
    uint32_t first = sw->block_first;
    sw->block_first = sw->docs;
    /* What write_block's compressed buffer grows to, counted here so that
     * the count does not depend on which thread compresses. */
    size_t need = acq_zblock_bound(sw->raw.len) + 1, cap = sw->comp_cap ? sw->comp_cap : 256;
    while (cap < need)
        cap *= 2;
    sw->comp_cap = cap;
    int rc = sw->pipe ? acq_zpipe_submit(sw->pipe, block_job, sw, sw->raw.data, sw->raw.len, first, err)
                      : write_block(sw, sw->raw.data, sw->raw.len, first, err);
    acq_buf_reset(&sw->raw);
    return rc;
}

int acq_sw_flush(acq_store_writer *sw, acq_err *err) { return flush_block(sw, err); }

void acq_sw_set_pipe(acq_store_writer *sw, acq_zpipe *pipe) { sw->pipe = pipe; }

size_t acq_sw_memory(const acq_store_writer *sw)
{
    /* raw is this thread's; comp may be the pipe's: its growth is counted
     * in flush_block, the same whatever the number of threads. */
    return sw->raw.cap + sw->comp_cap;
}

int acq_sw_add_raw(acq_store_writer *sw, const uint8_t *rec, size_t len, acq_err *err)
{
    acq_buf_put(&sw->raw, rec, len);
    if (sw->raw.failed)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory writing stored fields");
    sw->docs++;
    if (sw->raw.len >= sw->block_size)
        return flush_block(sw, err);
    return ACQ_OK;
}

int acq_sw_add(acq_store_writer *sw, const char *const *fields, const size_t *lens, int n, acq_err *err)
{
    for (int i = 0; i < n; i++) {
        acq_buf_put_varint(&sw->raw, lens[i]);
        acq_buf_put(&sw->raw, fields[i], lens[i]);
    }
    return acq_sw_add_raw(sw, NULL, 0, err);
}

int acq_sw_finish(acq_store_writer *sw, acq_err *err)
{
    int rc = flush_block(sw, err);
    /* Every block on the file before the index that lists them. */
    if (sw->pipe && rc == ACQ_OK)
        rc = acq_zpipe_drain(sw->pipe, err);
    if (sw->pipe && rc != ACQ_OK)
        acq_zpipe_drain(sw->pipe, &(acq_err){0});
    sw->pipe = NULL;
    uint64_t index_off = acq_fwriter_tell(&sw->f);
    if (rc == ACQ_OK)
        rc = acq_fwriter_write(&sw->f, sw->index.data, sw->index.len, err);
    uint8_t t[16];
    for (int i = 0; i < 8; i++) {
        t[i] = (uint8_t)(sw->blocks >> (8 * i));
        t[8 + i] = (uint8_t)(index_off >> (8 * i));
    }
    if (rc == ACQ_OK)
        rc = acq_fwriter_write(&sw->f, t, sizeof t, err);
    if (rc == ACQ_OK)
        rc = acq_fwriter_finish(&sw->f, err);
    else
        acq_fwriter_abort(&sw->f);
    acq_buf_free(&sw->raw);
    acq_buf_free(&sw->comp);
    acq_buf_free(&sw->index);
    acq_free(sw->seen);
    sw->seen = NULL;
    acq_zblock_end(&sw->zb);
    return rc;
}

static int seen_grow(acq_store_writer *sw)
{
    size_t n = sw->seen ? (sw->seen_mask + 1) * 2 : 4096;
    acq_text_slot *t = acq_malloc(n * sizeof *t);
    if (t == NULL)
        return -1;
    for (size_t i = 0; i < n; i++)
        t[i].doc = UINT32_MAX;
    for (size_t i = 0; sw->seen && i <= sw->seen_mask; i++) {
        if (sw->seen[i].doc == UINT32_MAX)
            continue;
        size_t j = sw->seen[i].h1 & (n - 1);
        while (t[j].doc != UINT32_MAX)
            j = (j + 1) & (n - 1);
        t[j] = sw->seen[i];
    }
    acq_free(sw->seen);
    sw->seen = t;
    sw->seen_mask = n - 1;
    return 0;
}

int acq_sw_add_text(acq_store_writer *sw, const char *text, size_t len, acq_err *err)
{
    if ((sw->seen == NULL || (sw->seen_count + 1) * 2 > sw->seen_mask) && seen_grow(sw) != 0)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory writing stored fields");
    /* Short texts are not worth a reference. */
    if (len >= 64) {
        uint64_t h1, h2;
        acq_hash128(text, len, &h1, &h2);
        size_t i = h1 & sw->seen_mask;
        for (; sw->seen[i].doc != UINT32_MAX; i = (i + 1) & sw->seen_mask) {
            const acq_text_slot *t = &sw->seen[i];
            if (t->h1 == h1 && t->h2 == h2 && t->len == len)
                return acq_sw_add_text_ref(sw, t->doc, err);
        }
        sw->seen[i] = (acq_text_slot){h1, h2, sw->docs, (uint32_t)len};
        sw->seen_count++;
    }
    acq_buf_putc(&sw->raw, 0);
    acq_buf_put_varint(&sw->raw, len);
    acq_buf_put(&sw->raw, text, len);
    return acq_sw_add_raw(sw, NULL, 0, err);
}

int acq_sw_add_text_ref(acq_store_writer *sw, uint32_t doc, acq_err *err)
{
    if (doc >= sw->docs)
        return acq_err_set(err, ACQ_EARG, "internal error: a text reference points forward");
    /* How many documents back (format.h: .fdt version 2). */
    acq_buf_putc(&sw->raw, 1);
    acq_buf_put_varint(&sw->raw, sw->docs - doc);
    return acq_sw_add_raw(sw, NULL, 0, err);
}

int acq_sw_append_block(acq_store_writer *sw, const uint8_t *comp, size_t len, uint32_t raw_len, int codec,
                        uint32_t docs, acq_err *err)
{
    if (docs == 0 || sw->docs > UINT32_MAX - docs)
        return acq_err_set(err, ACQ_EARG, "internal error: a copied block without documents");
    /* A block of an older format may be longer than this one's length
     * word holds beside the codec bit. */
    if (raw_len >= ACQ_STORE_LZ4)
        return acq_err_set(err, ACQ_EINPUT, "a stored block of over 2 GB cannot be copied: rebuild the index");
    int rc = flush_block(sw, err);
    /* The pipe's blocks go first: the index lists blocks in file order. */
    if (rc == ACQ_OK && sw->pipe)
        rc = acq_zpipe_drain(sw->pipe, err);
    if (rc != ACQ_OK)
        return rc;
    acq_buf_put_u64(&sw->index, acq_fwriter_tell(&sw->f));
    acq_buf_put_u32(&sw->index, sw->docs);
    acq_buf_put_u32(&sw->index, raw_len | (codec == ACQ_ZBLOCK_LZ4 ? ACQ_STORE_LZ4 : 0));
    if (sw->index.failed)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory writing stored fields");
    sw->blocks++;
    sw->docs += docs;
    sw->block_first = sw->docs;
    return acq_fwriter_write(&sw->f, comp, len, err);
}

void acq_sw_abort(acq_store_writer *sw)
{
    /* The worker may still be writing this writer's blocks. */
    if (sw->pipe)
        acq_zpipe_drain(sw->pipe, &(acq_err){0});
    sw->pipe = NULL;
    acq_free(sw->seen);
    sw->seen = NULL;
    acq_zblock_end(&sw->zb);
    acq_fwriter_abort(&sw->f);
    acq_buf_free(&sw->raw);
    acq_buf_free(&sw->comp);
    acq_buf_free(&sw->index);
}
