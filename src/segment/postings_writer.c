/* postings_writer.c: streams one term at a time into the .doc and .pos
 * files: doc gaps and tfs in bit-packed blocks of 128 with a skip table
 * (last doc, offsets and raw block-max impacts per block), positions in
 * bit-packed blocks of 128 running across documents. */
#include "segment/writers.h"

#include "codec/pfor.h"
#include "common/alloc.h"

void acq_pw_init(acq_postings_writer *pw, acq_fwriter *doc, acq_fwriter *pos)
{
    memset(pw, 0, sizeof *pw);
    pw->doc = doc;
    pw->pos = pos;
}

void acq_pw_free(acq_postings_writer *pw)
{
    acq_buf_free(&pw->blocks);
    acq_buf_free(&pw->skips);
}

void acq_pw_start_term(acq_postings_writer *pw, int with_positions)
{
    pw->with_positions = with_positions;
    acq_buf_reset(&pw->blocks);
    acq_buf_reset(&pw->skips);
    pw->n = pw->npos = 0;
    pw->prev_block_last = 0;
    memset(&pw->meta, 0, sizeof pw->meta);
    pw->meta.min_dl = UINT32_MAX;
    pw->meta.doc_off = acq_fwriter_tell(pw->doc);
    pw->meta.pos_off = pw->term_pos_start = acq_fwriter_tell(pw->pos);
}

static int flush_pos_block(acq_postings_writer *pw, acq_err *err)
{
    uint8_t out[ACQ_PFOR_BOUND(ACQ_BLOCK_SIZE)];
    size_t n = acq_pfor_encode(pw->posv, pw->npos, out);
    pw->npos = 0;
    return acq_fwriter_write(pw->pos, out, n, err);
}

static void flush_doc_block(acq_postings_writer *pw)
{
    uint32_t last = pw->docs[pw->n - 1];
    uint8_t skip[ACQ_SKIP_ENTRY];
    uint32_t fields[6] = {last, (uint32_t)pw->blocks.len, pw->block_pos_off, pw->block_pos_idx,
                          pw->block_max_tf, pw->block_min_dl};
    for (int i = 0; i < 6; i++) {
        skip[4 * i] = (uint8_t)fields[i];
        skip[4 * i + 1] = (uint8_t)(fields[i] >> 8);
        skip[4 * i + 2] = (uint8_t)(fields[i] >> 16);
        skip[4 * i + 3] = (uint8_t)(fields[i] >> 24);
    }
    acq_buf_put(&pw->skips, skip, sizeof skip);
    acq_delta_encode(pw->docs, pw->n, pw->prev_block_last);
    for (uint32_t i = 0; i < pw->n; i++)
        pw->tfs[i] -= 1;
    if (acq_buf_reserve(&pw->blocks, 2 * ACQ_PFOR_BOUND(ACQ_BLOCK_SIZE)) == 0) {
        pw->blocks.len += acq_pfor_encode(pw->docs, pw->n, pw->blocks.data + pw->blocks.len);
        pw->blocks.len += acq_pfor_encode(pw->tfs, pw->n, pw->blocks.data + pw->blocks.len);
    }
    pw->prev_block_last = last;
    pw->n = 0;
}

int acq_pw_add(acq_postings_writer *pw, uint32_t doc, uint32_t tf, const uint32_t *positions,
               uint32_t dl, acq_err *err)
{
    if (pw->n == 0) {
        pw->block_pos_off = (uint32_t)(acq_fwriter_tell(pw->pos) - pw->term_pos_start);
        pw->block_pos_idx = (uint32_t)pw->meta.cf; /* absolute index in the term's positions */
        pw->block_max_tf = 0;
        pw->block_min_dl = UINT32_MAX;
    }
    pw->docs[pw->n] = doc;
    pw->tfs[pw->n] = tf;
    pw->n++;
    if (tf > pw->block_max_tf) pw->block_max_tf = tf;
    if (dl < pw->block_min_dl) pw->block_min_dl = dl;
    if (tf > pw->meta.max_tf) pw->meta.max_tf = tf;
    if (dl < pw->meta.min_dl) pw->meta.min_dl = dl;
    pw->meta.df++;
    pw->meta.cf += tf;
    uint32_t prev = 0;
    for (uint32_t i = 0; i < tf && pw->with_positions; i++) {
        pw->posv[pw->npos++] = positions[i] - prev;
        prev = positions[i];
        if (pw->npos == ACQ_BLOCK_SIZE && flush_pos_block(pw, err) != ACQ_OK)
            return err->code;
    }
    if (pw->n == ACQ_BLOCK_SIZE)
        flush_doc_block(pw);
    if (pw->blocks.failed || pw->skips.failed)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory writing postings");
    return ACQ_OK;
}

int acq_pw_finish_term(acq_postings_writer *pw, acq_term_meta *meta, acq_err *err)
{
    if (pw->n > 0)
        flush_doc_block(pw);
    if (pw->npos > 0 && flush_pos_block(pw, err) != ACQ_OK)
        return err->code;
    if (pw->blocks.failed || pw->skips.failed)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory writing postings");
    /* A single block needs no skip table: the dictionary has its bounds. */
    if (pw->meta.df > ACQ_BLOCK_SIZE &&
        acq_fwriter_write(pw->doc, pw->skips.data, pw->skips.len, err) != ACQ_OK)
        return err->code;
    if (acq_fwriter_write(pw->doc, pw->blocks.data, pw->blocks.len, err) != ACQ_OK)
        return err->code;
    pw->meta.doc_len = acq_fwriter_tell(pw->doc) - pw->meta.doc_off;
    pw->meta.pos_len = acq_fwriter_tell(pw->pos) - pw->meta.pos_off;
    *meta = pw->meta;
    return ACQ_OK;
}
