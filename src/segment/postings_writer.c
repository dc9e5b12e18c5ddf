/* postings_writer.c: streams one term at a time into the .doc and .pos
 * files: doc gaps and tfs in bit-packed blocks of 128 with a skip table
 * (last doc and offsets per block), the impact lists of the term and of each
 * block (the Pareto sets of their (tf, length) pairs: exact block-max bounds
 * for any k1 and b), positions in bit-packed blocks of 128 running across
 * documents. Layout in format.h (.doc version 2). */
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
    acq_buf_free(&pw->impacts);
    acq_free(pw->term_imp);
    acq_free(pw->merged);
}

void acq_pw_start_term(acq_postings_writer *pw, int with_positions)
{
    pw->with_positions = with_positions;
    acq_buf_reset(&pw->blocks);
    acq_buf_reset(&pw->skips);
    acq_buf_reset(&pw->impacts);
    pw->n = pw->npos = 0;
    pw->nterm_imp = 0;
    pw->prev_block_last = 0;
    memset(&pw->meta, 0, sizeof pw->meta);
    pw->meta.min_dl = UINT32_MAX;
    pw->meta.doc_off = acq_fwriter_tell(pw->doc);
    pw->meta.pos_off = pw->term_pos_start = acq_fwriter_tell(pw->pos);
}

/* ---- Pareto sets of (tf, length) pairs ----------------------------------- */

/* Small tfs (nearly all of them) are bucketed: the shortest length per tf. */
#define SMALL_TF 64

size_t acq_impacts_pareto(acq_impact *v, size_t n)
{
    uint32_t shortest[SMALL_TF + 1];
    uint32_t top = 0;
    size_t nbig = 0;
    for (uint32_t t = 0; t <= SMALL_TF; t++)
        shortest[t] = UINT32_MAX;
    /* Large tfs move to the front of v (in place), the rest into buckets. */
    for (size_t i = 0; i < n; i++) {
        acq_impact x = v[i];
        if (x.tf <= SMALL_TF) {
            if (x.dl < shortest[x.tf])
                shortest[x.tf] = x.dl;
            if (x.tf > top)
                top = x.tf;
        } else {
            v[nbig++] = x;
        }
    }
    /* Large ones by tf descending, then length ascending (insertion sort:
     * there are few). */
    for (size_t a = 1; a < nbig; a++) {
        acq_impact x = v[a];
        size_t b = a;
        while (b > 0 && (v[b - 1].tf < x.tf || (v[b - 1].tf == x.tf && v[b - 1].dl > x.dl))) {
            v[b] = v[b - 1];
            b--;
        }
        v[b] = x;
    }
    /* Sweep from the largest tf down, keeping a pair only if it is shorter
     * than every pair of larger tf kept so far: the result comes out in
     * decreasing tf, written over the front of v (never past the read
     * position), then reversed. */
    size_t m = 0;
    uint32_t best = UINT32_MAX;
    for (size_t i = 0; i < nbig; i++)
        if (v[i].dl < best) {
            best = v[i].dl;
            v[m++] = v[i];
        }
    for (uint32_t t = top; t >= 1; t--)
        if (shortest[t] < best) {
            best = shortest[t];
            v[m++] = (acq_impact){t, best};
        }
    for (size_t a = 0, b = m; a + 1 < b; a++, b--) {
        acq_impact x = v[a];
        v[a] = v[b - 1];
        v[b - 1] = x;
    }
    return m;
}

/* Merges a block's Pareto set (increasing tf) into the term's. */
static int merge_term_impacts(acq_postings_writer *pw, const acq_impact *b, size_t nb)
{
    size_t need = pw->nterm_imp + nb;
    if (acq_grow((void **)&pw->merged, &pw->merged_cap, need, sizeof *pw->merged) != 0)
        return -1;
    const acq_impact *a = pw->term_imp;
    size_t i = pw->nterm_imp, j = nb, m = 0;
    uint32_t best = UINT32_MAX;
    /* From the largest tf down (ties: the shorter first), as in the sweep. */
    while (i > 0 || j > 0) {
        acq_impact x;
        if (j == 0 || (i > 0 && (a[i - 1].tf > b[j - 1].tf || (a[i - 1].tf == b[j - 1].tf && a[i - 1].dl <= b[j - 1].dl))))
            x = a[--i];
        else
            x = b[--j];
        if (x.dl < best) {
            best = x.dl;
            pw->merged[m++] = x;
        }
    }
    if (acq_grow((void **)&pw->term_imp, &pw->term_imp_cap, m, sizeof *pw->term_imp) != 0)
        return -1;
    for (size_t k = 0; k < m; k++)
        pw->term_imp[k] = pw->merged[m - 1 - k];
    pw->nterm_imp = m;
    return 0;
}

static void put_impacts(acq_buf *out, const acq_impact *v, size_t n)
{
    acq_buf_put_varint(out, n);
    for (size_t i = 0; i < n; i++) {
        if (i == 0) {
            acq_buf_put_varint(out, v[0].tf);
            acq_buf_put_varint(out, v[0].dl);
        } else {
            acq_buf_put_varint(out, v[i].tf - v[i - 1].tf - 1);
            acq_buf_put_varint(out, v[i].dl - v[i - 1].dl - 1);
        }
    }
}

/* ---- blocks --------------------------------------------------------------- */

static int flush_pos_block(acq_postings_writer *pw, acq_err *err)
{
    uint8_t out[ACQ_PFOR_BOUND(ACQ_BLOCK_SIZE)];
    size_t n = acq_pfor_encode(pw->posv, pw->npos, out);
    pw->npos = 0;
    return acq_fwriter_write(pw->pos, out, n, err);
}

static int flush_doc_block(acq_postings_writer *pw)
{
    acq_impact imp[ACQ_BLOCK_SIZE];
    for (uint32_t i = 0; i < pw->n; i++)
        imp[i] = (acq_impact){pw->tfs[i], pw->dls[i]};
    size_t nimp = acq_impacts_pareto(imp, pw->n);
    if (merge_term_impacts(pw, imp, nimp) != 0)
        return -1;
    uint32_t last = pw->docs[pw->n - 1];
    uint8_t skip[ACQ_SKIP_ENTRY];
    uint32_t fields[5] = {last, (uint32_t)pw->blocks.len, pw->block_pos_off, pw->block_pos_idx,
                          (uint32_t)pw->impacts.len};
    for (int i = 0; i < 5; i++) {
        skip[4 * i] = (uint8_t)fields[i];
        skip[4 * i + 1] = (uint8_t)(fields[i] >> 8);
        skip[4 * i + 2] = (uint8_t)(fields[i] >> 16);
        skip[4 * i + 3] = (uint8_t)(fields[i] >> 24);
    }
    acq_buf_put(&pw->skips, skip, sizeof skip);
    put_impacts(&pw->impacts, imp, nimp);
    acq_delta_encode(pw->docs, pw->n, pw->prev_block_last);
    for (uint32_t i = 0; i < pw->n; i++)
        pw->tfs[i] -= 1;
    if (acq_buf_reserve(&pw->blocks, 2 * ACQ_PFOR_BOUND(ACQ_BLOCK_SIZE)) == 0) {
        pw->blocks.len += acq_pfor_encode(pw->docs, pw->n, pw->blocks.data + pw->blocks.len);
        pw->blocks.len += acq_pfor_encode(pw->tfs, pw->n, pw->blocks.data + pw->blocks.len);
    }
    pw->prev_block_last = last;
    pw->n = 0;
    return 0;
}

static int oom(acq_err *err) { return acq_err_set(err, ACQ_ENOMEM, "out of memory writing postings"); }

int acq_pw_add(acq_postings_writer *pw, uint32_t doc, uint32_t tf, const uint32_t *positions,
               uint32_t dl, acq_err *err)
{
    if (pw->n == 0) {
        pw->block_pos_off = (uint32_t)(acq_fwriter_tell(pw->pos) - pw->term_pos_start);
        pw->block_pos_idx = (uint32_t)pw->meta.cf; /* absolute index in the term's positions */
    }
    pw->docs[pw->n] = doc;
    pw->tfs[pw->n] = tf;
    pw->dls[pw->n] = dl;
    pw->n++;
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
    if (pw->n == ACQ_BLOCK_SIZE && flush_doc_block(pw) != 0)
        return oom(err);
    if (pw->blocks.failed || pw->skips.failed || pw->impacts.failed)
        return oom(err);
    return ACQ_OK;
}

int acq_pw_finish_term(acq_postings_writer *pw, acq_term_meta *meta, acq_err *err)
{
    if (pw->n > 0 && flush_doc_block(pw) != 0)
        return oom(err);
    if (pw->npos > 0 && flush_pos_block(pw, err) != ACQ_OK)
        return err->code;
    acq_buf head = {0};
    if (pw->meta.df == 0) {
        /* Nothing to write: a merged term whose documents were all deleted
         * (the caller leaves it out of the dictionary). */
    } else if (pw->meta.df > ACQ_BLOCK_SIZE) {
        /* Skip table, then the term's list and the blocks' lists. */
        acq_buf list = {0};
        put_impacts(&list, pw->term_imp, pw->nterm_imp);
        acq_buf_put_varint(&head, list.len);
        acq_buf_put_varint(&head, pw->impacts.len);
        acq_buf_put(&head, list.data, list.len);
        head.failed |= list.failed;
        acq_buf_free(&list);
    } else if (pw->nterm_imp == 1) {
        /* One pair: the dictionary's max_tf and min_dl say it all. */
        acq_buf_put_varint(&head, 0);
    } else {
        acq_buf list = {0};
        put_impacts(&list, pw->term_imp, pw->nterm_imp);
        acq_buf_put_varint(&head, list.len);
        acq_buf_put(&head, list.data, list.len);
        head.failed |= list.failed;
        acq_buf_free(&list);
    }
    int rc = ACQ_OK;
    if (pw->blocks.failed || pw->skips.failed || pw->impacts.failed || head.failed)
        rc = oom(err);
    if (rc == ACQ_OK && pw->meta.df > ACQ_BLOCK_SIZE &&
        (acq_fwriter_write(pw->doc, pw->skips.data, pw->skips.len, err) != ACQ_OK ||
         acq_fwriter_write(pw->doc, head.data, head.len, err) != ACQ_OK ||
         acq_fwriter_write(pw->doc, pw->impacts.data, pw->impacts.len, err) != ACQ_OK))
        rc = err->code;
    if (rc == ACQ_OK && pw->meta.df > 0 && pw->meta.df <= ACQ_BLOCK_SIZE && acq_fwriter_write(pw->doc, head.data, head.len, err) != ACQ_OK)
        rc = err->code;
    acq_buf_free(&head);
    if (rc == ACQ_OK && acq_fwriter_write(pw->doc, pw->blocks.data, pw->blocks.len, err) != ACQ_OK)
        rc = err->code;
    if (rc != ACQ_OK)
        return rc;
    pw->meta.doc_len = acq_fwriter_tell(pw->doc) - pw->meta.doc_off;
    pw->meta.pos_len = acq_fwriter_tell(pw->pos) - pw->meta.pos_off;
    *meta = pw->meta;
    return ACQ_OK;
}
