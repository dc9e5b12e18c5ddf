/* store_writer.c: stored fields in zlib-compressed blocks of whole records
 * (layout in format.h). Blocks are about ACQ_STORE_BLOCK bytes before
 * compression: large enough for zlib to find the repetition in legal text,
 * small enough that showing one hit inflates little. */
#include "segment/writers.h"

#include <zlib.h>

int acq_sw_open(acq_store_writer *sw, const char *path, const char kind[4], int level, acq_err *err)
{
    memset(sw, 0, sizeof *sw);
    sw->level = level >= 1 && level <= 9 ? level : ACQ_STORE_LEVEL;
    return acq_fwriter_open(&sw->f, path, kind, err);
}

static int flush_block(acq_store_writer *sw, acq_err *err)
{
    if (sw->raw.len == 0)
        return ACQ_OK;
    uLongf bound = compressBound((uLong)sw->raw.len);
    acq_buf_reset(&sw->comp);
    if (acq_buf_reserve(&sw->comp, bound) != 0)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory compressing stored fields");
    if (compress2(sw->comp.data, &bound, sw->raw.data, (uLong)sw->raw.len, sw->level) != Z_OK)
        return acq_err_set(err, ACQ_ENOMEM, "zlib could not compress stored fields");
    acq_buf_put_u64(&sw->index, acq_fwriter_tell(&sw->f));
    acq_buf_put_u32(&sw->index, sw->block_first);
    acq_buf_put_u32(&sw->index, (uint32_t)sw->raw.len);
    sw->blocks++;
    sw->block_first = sw->docs;
    acq_buf_reset(&sw->raw);
    if (sw->index.failed)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory writing stored fields");
    return acq_fwriter_write(&sw->f, sw->comp.data, bound, err);
}

int acq_sw_add_raw(acq_store_writer *sw, const uint8_t *rec, size_t len, acq_err *err)
{
    acq_buf_put(&sw->raw, rec, len);
    if (sw->raw.failed)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory writing stored fields");
    sw->docs++;
    if (sw->raw.len >= ACQ_STORE_BLOCK)
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
    return rc;
}

void acq_sw_abort(acq_store_writer *sw)
{
    acq_fwriter_abort(&sw->f);
    acq_buf_free(&sw->raw);
    acq_buf_free(&sw->comp);
    acq_buf_free(&sw->index);
}
