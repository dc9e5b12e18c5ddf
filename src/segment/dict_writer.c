/* dict_writer.c: writes the sorted, prefix-compressed term dictionary with
 * its block index (layout in format.h). */
#include "segment/writers.h"

static void put_u64(acq_buf *b, uint64_t v) { acq_buf_put_u64(b, v); }

int acq_dw_open(acq_dict_writer *dw, const char *path, acq_err *err)
{
    memset(dw, 0, sizeof *dw);
    return acq_fwriter_open(&dw->f, path, ACQ_KIND_TDI, err);
}

static int flush_block(acq_dict_writer *dw, acq_err *err)
{
    if (dw->in_block == 0)
        return ACQ_OK;
    int rc = acq_fwriter_write(&dw->f, dw->block.data, dw->block.len, err);
    acq_buf_reset(&dw->block);
    dw->in_block = 0;
    return rc;
}

int acq_dw_add(acq_dict_writer *dw, const uint8_t *key, size_t len, const acq_term_meta *m, acq_err *err)
{
    if (len == 0 || len > ACQ_MAX_KEY)
        return acq_err_set(err, ACQ_EARG, "internal error: term key of %zu bytes", len);
    if (dw->in_block == ACQ_DICT_BLOCK && flush_block(dw, err) != ACQ_OK)
        return err->code;
    size_t shared = 0;
    if (dw->in_block == 0) {
        put_u64(&dw->index, acq_fwriter_tell(&dw->f));
        put_u64(&dw->index, m->doc_off);
        put_u64(&dw->index, m->pos_off);
        acq_buf_put_u32(&dw->index, (uint32_t)dw->keys.len);
        acq_buf_put_u32(&dw->index, (uint32_t)len);
        acq_buf_put(&dw->keys, key, len);
        dw->blocks++;
    } else {
        while (shared < len && shared < dw->prev_len && key[shared] == dw->prev[shared])
            shared++;
    }
    acq_buf_put_varint(&dw->block, shared);
    acq_buf_put_varint(&dw->block, len - shared);
    acq_buf_put(&dw->block, key + shared, len - shared);
    acq_buf_put_varint(&dw->block, m->df);
    acq_buf_put_varint(&dw->block, m->cf - m->df);
    acq_buf_put_varint(&dw->block, m->doc_len);
    acq_buf_put_varint(&dw->block, m->pos_len);
    acq_buf_put_varint(&dw->block, m->max_tf);
    acq_buf_put_varint(&dw->block, m->min_dl);
    memcpy(dw->prev, key, len);
    dw->prev_len = len;
    dw->in_block++;
    dw->terms++;
    if (dw->block.failed || dw->index.failed || dw->keys.failed)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory writing the term dictionary");
    return ACQ_OK;
}

int acq_dw_finish(acq_dict_writer *dw, acq_err *err)
{
    int rc = flush_block(dw, err);
    uint64_t index_off = acq_fwriter_tell(&dw->f);
    if (rc == ACQ_OK)
        rc = acq_fwriter_write(&dw->f, dw->index.data, dw->index.len, err);
    uint64_t keys_off = acq_fwriter_tell(&dw->f);
    if (rc == ACQ_OK)
        rc = acq_fwriter_write(&dw->f, dw->keys.data, dw->keys.len, err);
    acq_buf trailer = {0};
    put_u64(&trailer, dw->terms);
    put_u64(&trailer, dw->blocks);
    put_u64(&trailer, index_off);
    put_u64(&trailer, keys_off);
    if (rc == ACQ_OK && trailer.failed)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    if (rc == ACQ_OK)
        rc = acq_fwriter_write(&dw->f, trailer.data, trailer.len, err);
    acq_buf_free(&trailer);
    if (rc == ACQ_OK)
        rc = acq_fwriter_finish(&dw->f, err);
    else
        acq_fwriter_abort(&dw->f);
    acq_buf_free(&dw->index);
    acq_buf_free(&dw->keys);
    acq_buf_free(&dw->block);
    return rc;
}

void acq_dw_abort(acq_dict_writer *dw)
{
    acq_fwriter_abort(&dw->f);
    acq_buf_free(&dw->index);
    acq_buf_free(&dw->keys);
    acq_buf_free(&dw->block);
}
