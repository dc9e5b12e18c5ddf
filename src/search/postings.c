/* postings.c: postings cursors (see postings.h; layout in segment/format.h). */
#include "search/postings.h"
#include "codec/pfor.h"

static inline uint32_t skip_u32(const acq_postings *p, uint32_t block, int field)
{
    return acq_load_u32(p->skip + (size_t)block * ACQ_SKIP_ENTRY + 4 * field);
}

int acq_postings_open(acq_postings *p, acq_segment *s, const acq_term_meta *m, acq_err *err)
{
    memset(p, 0, sizeof *p);
    p->df = m->df;
    p->cf = m->cf;
    p->max_tf = m->max_tf;
    p->min_dl = m->min_dl;
    p->doc_count = s->doc_count;
    p->nblocks = (m->df + ACQ_BLOCK_SIZE - 1) / ACQ_BLOCK_SIZE;
    p->doc = ACQ_NO_DOC;
    p->block = UINT32_MAX;
    p->pos_block_no = UINT32_MAX;
    /* The ranges must lie inside the files; their checksums are checked
     * block by block as blocks are read. */
    if (acq_fmap_check(&s->doc, m->doc_off, 0, err) != ACQ_OK || m->doc_len > s->doc.body_end - m->doc_off ||
        acq_fmap_check(&s->pos, m->pos_off, 0, err) != ACQ_OK || m->pos_len > s->pos.body_end - m->pos_off)
        return err->code ? err->code
                         : acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (a term's postings lie outside it): rebuild the index",
                                       s->doc.path);
    p->docf = &s->doc;
    p->posf = &s->pos;
    const uint8_t *base = s->doc.data + m->doc_off;
    p->end = base + m->doc_len;
    if (p->nblocks > 1) {
        uint64_t skip_bytes = (uint64_t)p->nblocks * ACQ_SKIP_ENTRY;
        if (skip_bytes > m->doc_len)
            return acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (bad skip table): rebuild the index", s->doc.path);
        if (acq_fmap_check(&s->doc, m->doc_off, skip_bytes, err) != ACQ_OK)
            return err->code;
        p->skip = base;
        base += skip_bytes;
    }
    p->blocks = p->next = base;
    p->pos_base = s->pos.data + m->pos_off;
    p->pos_end = p->pos_base + m->pos_len;
    return ACQ_OK;
}

/* Checks a decoded block against what the rest of the index says: document
 * numbers strictly increasing from the previous block's last document (the
 * skip table's), inside the segment, the last one the skip table's, and each
 * tf between 1 and the term's max_tf, their sum at most its cf. Nothing else
 * stops a damaged .doc with valid checksums from sending a document number
 * past the end of the deletion bitmap, the lengths or the dates, or into the
 * next segment's range. */
static int block_valid(const acq_postings *p, uint32_t b, uint32_t base, uint32_t n)
{
    uint32_t prev = base;
    for (uint32_t k = 0; k < n; k++) {
        if (p->docs[k] < prev || (p->docs[k] == prev && (k > 0 || b > 0)))
            return 0; /* a zero gap, or a sum that wrapped around */
        prev = p->docs[k];
    }
    if (prev >= p->doc_count || (p->skip && prev != skip_u32(p, b, 0)))
        return 0;
    uint64_t sum = 0;
    for (uint32_t k = 0; k < n; k++) {
        if (p->tfs[k] == 0 || p->tfs[k] > p->max_tf) /* 0: tf - 1 was UINT32_MAX */
            return 0;
        sum += p->tfs[k];
    }
    return sum <= p->cf;
}

/* Decodes block b (the cursor's next pointer must be at it, or skip says). */
static int decode_block(acq_postings *p, uint32_t b)
{
    const uint8_t *at = p->next;
    uint32_t base = 0;
    if (p->skip) {
        uint32_t off = skip_u32(p, b, 1);
        if (off > (uint64_t)(p->end - p->blocks))
            return -1;
        at = p->blocks + off;
        base = b > 0 ? skip_u32(p, b - 1, 0) : 0;
    } else if (b > 0) {
        return -1;
    }
    uint32_t n = b + 1 < p->nblocks ? ACQ_BLOCK_SIZE : p->df - b * ACQ_BLOCK_SIZE;
    /* Verify the block's bytes: up to the next block, or the term's end. */
    const uint8_t *stop = p->end;
    if (p->skip && b + 1 < p->nblocks) {
        uint32_t next = skip_u32(p, b + 1, 1);
        if (next <= (uint64_t)(p->end - p->blocks) && p->blocks + next > at)
            stop = p->blocks + next;
    }
    acq_err verr = {0};
    if (acq_fmap_check(p->docf, (uint64_t)(at - p->docf->data), (uint64_t)(stop - at), &verr) != ACQ_OK)
        return -1;
    size_t used = acq_pfor_decode(at, (size_t)(stop - at), p->docs, n);
    if (used == 0)
        return -1;
    size_t used2 = acq_pfor_decode(at + used, (size_t)(stop - at - used), p->tfs, n);
    if (used2 == 0)
        return -1;
    acq_delta_decode(p->docs, n, base);
    for (uint32_t k = 0; k < n; k++)
        p->tfs[k] += 1;
    /* Mark the block undecoded until it is checked: a failed check leaves
     * nothing a later call could read as valid. */
    p->block = UINT32_MAX;
    p->n = 0;
    if (!block_valid(p, b, base, n))
        return -1;
    p->next = at + used + used2;
    p->tf_before_ok = 0;
    p->block = b;
    p->n = n;
    p->i = 0;
    return 0;
}

static uint32_t fail(acq_postings *p)
{
    p->corrupt = ACQ_DAMAGED_DOC;
    p->doc = ACQ_NO_DOC;
    p->block = p->nblocks; /* the end: later calls return ACQ_NO_DOC */
    p->n = 0;
    return ACQ_NO_DOC;
}

int acq_postings_damaged(acq_err *err, const acq_segment *s, int corrupt)
{
    if (corrupt == ACQ_DAMAGED_POS)
        return acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (positions do not decode): rebuild the index", s->pos.path);
    return acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (postings do not decode): rebuild the index", s->doc.path);
}

uint32_t acq_postings_next(acq_postings *p)
{
    if (p->block != UINT32_MAX && p->i + 1 < p->n) {
        p->i++;
        return p->doc = p->docs[p->i];
    }
    uint32_t b = p->block == UINT32_MAX ? 0 : p->block + 1;
    if (b >= p->nblocks) {
        p->block = p->nblocks;
        p->n = 0;
        return p->doc = ACQ_NO_DOC;
    }
    /* decode_block checks that block b starts after block b - 1's last
     * document (the skip table's, which block b - 1 matched). */
    if (decode_block(p, b) != 0)
        return fail(p);
    return p->doc = p->docs[0];
}

uint32_t acq_postings_advance(acq_postings *p, uint32_t target)
{
    if (p->doc != ACQ_NO_DOC && p->doc >= target && p->block != UINT32_MAX)
        return p->doc;
    if (p->block != UINT32_MAX && p->block >= p->nblocks)
        return ACQ_NO_DOC;
    /* Skip whole blocks whose last doc is below target. */
    uint32_t b = p->block == UINT32_MAX ? 0 : p->block;
    if (p->skip) {
        while (b < p->nblocks && skip_u32(p, b, 0) < target)
            b++;
        if (b >= p->nblocks) {
            p->block = p->nblocks;
            p->n = 0;
            return p->doc = ACQ_NO_DOC;
        }
    }
    if (b != p->block) {
        if (decode_block(p, b) != 0)
            return fail(p);
    }
    /* Linear scan inside the block: at most 128, usually a few. The block's
     * last document is the skip table's, at least target, so the scan ends
     * inside it; without a skip table this is the only block. */
    uint32_t i = p->i;
    while (i < p->n && p->docs[i] < target)
        i++;
    if (i == p->n) {
        p->block = p->nblocks;
        p->n = 0;
        return p->doc = ACQ_NO_DOC;
    }
    p->i = i;
    return p->doc = p->docs[i];
}

int acq_postings_block_bound(acq_postings *p, uint32_t target, uint32_t *last_doc,
                             uint32_t *max_tf, uint32_t *min_dl)
{
    if (p->skip == NULL) {
        *last_doc = ACQ_NO_DOC - 1;
        *max_tf = p->max_tf;
        *min_dl = p->min_dl;
        return 1;
    }
    uint32_t b = p->block == UINT32_MAX ? 0 : p->block;
    while (b < p->nblocks && skip_u32(p, b, 0) < target)
        b++;
    if (b >= p->nblocks)
        return 0;
    *last_doc = skip_u32(p, b, 0);
    *max_tf = skip_u32(p, b, 4);
    *min_dl = skip_u32(p, b, 5);
    return 1;
}

/* Loads position block number k (absolute within the term). */
static int load_pos_block(acq_postings *p, uint32_t k, const uint8_t *hint_ptr, uint32_t hint_no)
{
    const uint8_t *at;
    uint32_t no;
    if (p->pos_block_no != UINT32_MAX && p->pos_block_no <= k && (hint_ptr == NULL || p->pos_block_no >= hint_no)) {
        at = p->pos_block_ptr;
        no = p->pos_block_no;
    } else {
        at = hint_ptr;
        no = hint_no;
    }
    uint32_t last = (uint32_t)((p->cf - 1) / ACQ_BLOCK_SIZE);
    if (k > last)
        return -1;
    while (no < k) {
        uint64_t span = (uint64_t)(p->pos_end - at);
        if (span > ACQ_PFOR_BOUND(ACQ_BLOCK_SIZE))
            span = ACQ_PFOR_BOUND(ACQ_BLOCK_SIZE);
        acq_err verr = {0};
        if (acq_fmap_check(p->posf, (uint64_t)(at - p->posf->data), span, &verr) != ACQ_OK)
            return -1;
        size_t sz = acq_pfor_size(at, (size_t)(p->pos_end - at), ACQ_BLOCK_SIZE);
        if (sz == 0)
            return -1;
        at += sz;
        no++;
    }
    if (no == p->pos_block_no && at == p->pos_block_ptr)
        return 0;
    uint32_t n = k < last ? ACQ_BLOCK_SIZE : (uint32_t)(p->cf - (uint64_t)last * ACQ_BLOCK_SIZE);
    /* Verify what this block can span before decoding it (a block of 128
     * values needs at most ACQ_PFOR_BOUND bytes). */
    uint64_t span = (uint64_t)(p->pos_end - at);
    if (span > ACQ_PFOR_BOUND(ACQ_BLOCK_SIZE))
        span = ACQ_PFOR_BOUND(ACQ_BLOCK_SIZE);
    acq_err verr = {0};
    if (acq_fmap_check(p->posf, (uint64_t)(at - p->posf->data), span, &verr) != ACQ_OK)
        return -1;
    if (acq_pfor_decode(at, (size_t)(p->pos_end - at), p->posv, n) == 0)
        return -1;
    p->pos_block_no = k;
    p->pos_block_ptr = at;
    return 0;
}

int acq_postings_positions(acq_postings *p, uint32_t *out, uint32_t cap)
{
    if (p->doc == ACQ_NO_DOC)
        return 0;
    /* Absolute index of this document's first position in the term stream. */
    uint64_t start = 0;
    const uint8_t *hint = p->pos_base;
    uint32_t hint_no = 0;
    if (p->skip) {
        start = skip_u32(p, p->block, 3);
        uint32_t off = skip_u32(p, p->block, 2);
        if (off > (uint64_t)(p->pos_end - p->pos_base)) {
            p->corrupt = ACQ_DAMAGED_DOC;
            return -1;
        }
        hint = p->pos_base + off;
        hint_no = (uint32_t)(start / ACQ_BLOCK_SIZE);
    }
    /* Offsets inside the block, once per block (phrase queries read the
     * positions of many documents of one block). */
    if (!p->tf_before_ok) {
        uint32_t sum = 0;
        for (uint32_t k = 0; k < p->n; k++) {
            p->tf_before[k] = sum;
            sum += p->tfs[k];
        }
        p->tf_before_ok = 1;
    }
    start += p->tf_before[p->i];
    uint32_t tf = p->tfs[p->i];
    if (tf > cap)
        return -1;
    /* Position block numbers are u32 (as the skip table's indexes are). */
    if (start + tf > p->cf || p->cf > (uint64_t)UINT32_MAX * ACQ_BLOCK_SIZE) {
        p->corrupt = ACQ_DAMAGED_DOC;
        return -1;
    }
    uint32_t pos = 0;
    for (uint32_t k = 0; k < tf; k++) {
        uint64_t idx = start + k;
        if (load_pos_block(p, (uint32_t)(idx / ACQ_BLOCK_SIZE), hint, hint_no) != 0) {
            p->corrupt = ACQ_DAMAGED_POS;
            return -1;
        }
        pos += p->posv[idx % ACQ_BLOCK_SIZE];
        out[k] = pos;
    }
    return (int)tf;
}

uint64_t acq_postings_pos_capacity(const acq_postings *p)
{
    /* The smallest block: a width byte of 0 and an exception count of 0. */
    return (uint64_t)(p->pos_end - p->pos_base) / 2 * ACQ_BLOCK_SIZE;
}
