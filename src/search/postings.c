/* postings.c: postings cursors (see postings.h; layout in segment/format.h). */
#include "search/postings.h"
#include "codec/pfor.h"
#include "codec/varint.h"


static inline uint32_t skip_u32(const acq_postings *p, uint32_t block, int field)
{
    return acq_load_u32(p->skip + (size_t)block * p->skip_entry + 4 * field);
}

/* Reads a varint below end into *v (u32); returns the next byte or NULL. */
static inline const uint8_t *get_u32(const uint8_t *at, const uint8_t *end, uint32_t *v)
{
    if (at < end && *at < 0x80) { /* one byte: nearly every impact value */
        *v = *at;
        return at + 1;
    }
    uint64_t x;
    size_t k = at < end ? acq_varint_decode(at, (size_t)(end - at), &x) : 0;
    if (k == 0 || x > UINT32_MAX)
        return NULL;
    *v = (uint32_t)x;
    return at + k;
}

static int open_damaged(acq_err *err, const acq_segment *s, const char *what)
{
    return err->code ? err->code
                     : acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (%s): rebuild the index", s->doc.path, what);
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
    p->version = s->doc.version;
    p->skip_entry = p->version >= 2 ? ACQ_SKIP_ENTRY : ACQ_SKIP_ENTRY_V1;
    /* The ranges must lie inside the files; their checksums are checked
     * block by block as blocks are read. */
    if (acq_fmap_check(&s->doc, m->doc_off, 0, err) != ACQ_OK || m->doc_len > s->doc.body_end - m->doc_off ||
        acq_fmap_check(&s->pos, m->pos_off, 0, err) != ACQ_OK || m->pos_len > s->pos.body_end - m->pos_off)
        return open_damaged(err, s, "a term's postings lie outside it");
    p->docf = &s->doc;
    p->posf = &s->pos;
    const uint8_t *base = s->doc.data + m->doc_off;
    p->end = base + m->doc_len;
    if (p->nblocks > 1) {
        uint64_t skip_bytes = (uint64_t)p->nblocks * p->skip_entry;
        if (skip_bytes > m->doc_len)
            return open_damaged(err, s, "bad skip table");
        if (acq_fmap_check(&s->doc, m->doc_off, skip_bytes, err) != ACQ_OK)
            return err->code;
        p->skip = base;
        base += skip_bytes;
    }
    if (p->version >= 2) {
        /* The impact lists' lengths (two varints at most: 20 bytes), then
         * the lists themselves, verified before anything reads them. */
        uint64_t room = (uint64_t)(p->end - base), head = room < 20 ? room : 20;
        if (acq_fmap_check(&s->doc, (uint64_t)(base - s->doc.data), head, err) != ACQ_OK)
            return err->code;
        uint32_t t = 0, b = 0;
        const uint8_t *at = get_u32(base, p->end, &t);
        if (at && p->nblocks > 1)
            at = get_u32(at, p->end, &b);
        if (at == NULL || (uint64_t)t + b > (uint64_t)(p->end - at))
            return open_damaged(err, s, "bad impact lists");
        if (acq_fmap_check(&s->doc, (uint64_t)(at - s->doc.data), (uint64_t)t + b, err) != ACQ_OK)
            return err->code;
        p->imp_term = at;
        p->imp_term_end = p->imp_blocks = at + t;
        p->imp_end = p->imp_blocks + b;
        base = p->imp_end;
    }
    p->blocks = p->next = base;
    p->pos_base = s->pos.data + m->pos_off;
    p->pos_end = p->pos_base + m->pos_len;
    return ACQ_OK;
}

/* Checks a decoded block against what the rest of the index says, before
 * its gaps are summed: document numbers strictly increasing from the
 * previous block's last document (the skip table's; only the very first
 * gap of a list may be 0), without wrapping around, inside the segment, the
 * last one the skip table's; each tf - 1 below the term's max_tf, the tfs'
 * sum at most its cf. Nothing else stops a damaged .doc with valid checksums
 * from sending a document number past the end of the deletion bitmap, the
 * lengths or the dates, or into the next segment's range. The loops are
 * plain reductions (sums, min, max); full blocks take the one pass of
 * acq_postings_finish128 instead. */
static int block_valid_n(const acq_postings *p, uint32_t b, uint32_t base, uint32_t n)
{
    uint64_t gaps = 0, tfs = 0;
    uint32_t min_gap = UINT32_MAX, max_tf1 = 0;
    for (uint32_t k = 0; k < n; k++) {
        gaps += p->docs[k];
        tfs += p->tfs[k];
        max_tf1 = p->tfs[k] > max_tf1 ? p->tfs[k] : max_tf1;
    }
    for (uint32_t k = 1; k < n; k++)
        min_gap = p->docs[k] < min_gap ? p->docs[k] : min_gap;
    if (min_gap == 0 || (p->docs[0] == 0 && b > 0))
        return 0;
    uint64_t last = base + gaps;
    if (last >= p->doc_count || (p->skip && last != skip_u32(p, b, 0)))
        return 0;
    /* tf - 1 < max_tf also refuses a tf - 1 of UINT32_MAX (tf 0). */
    return max_tf1 < p->max_tf && tfs + n <= p->cf;
}

/* Verifies the checksums of [at, at + len) of m, the first time: once a
 * chunk is known good, a flag says so and nothing else is done. */
static inline int verified(acq_fmap *m, const uint8_t *at, uint64_t len)
{
    uint64_t off = (uint64_t)(at - m->data);
    if (len > 0 && off >= ACQ_FILE_HEADER && off <= m->body_end && len <= m->body_end - off) {
        uint64_t first = off >> ACQ_CHUNK_SHIFT, last = (off + len - 1) >> ACQ_CHUNK_SHIFT;
        if (atomic_load_explicit(&m->verified[first], memory_order_acquire) == 1 &&
            atomic_load_explicit(&m->verified[last], memory_order_acquire) == 1 && last - first <= 1)
            return 1;
    }
    acq_err verr;
    verr.code = 0;
    return acq_fmap_check(m, off, len, &verr) == ACQ_OK;
}

/* Decodes block b (the cursor's next pointer must be at it, or skip says). */
static int decode_block(acq_postings *p, uint32_t b)
{
    const uint8_t *at = p->blocks; /* the only block, without a skip table */
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
    if (!verified(p->docf, at, (uint64_t)(stop - at)))
        return -1;
    /* Mark the block undecoded until it is checked: a failed check leaves
     * nothing a later call could read as valid. */
    p->block = UINT32_MAX;
    p->n = 0;
    size_t used = acq_pfor_decode(at, (size_t)(stop - at), p->docs, n);
    if (used == 0)
        return -1;
    size_t used2 = acq_pfor_decode(at + used, (size_t)(stop - at - used), p->tfs, n);
    if (used2 == 0)
        return -1;
    if (n == ACQ_BLOCK_SIZE) {
        /* Checks, prefix sums and tf + 1 in one pass (codec/bitpack.h). */
        acq_block_check st;
        acq_postings_finish128(p->docs, p->tfs, base, p->max_tf, &st);
        uint64_t last = base + st.gap_sum;
        if (st.zero_gap || (st.first_zero && b > 0) || st.tf_over || last >= p->doc_count ||
            (p->skip && last != skip_u32(p, b, 0)) || st.tf1_sum + ACQ_BLOCK_SIZE > p->cf)
            return -1;
    } else {
        if (!block_valid_n(p, b, base, n))
            return -1;
        acq_delta_decode(p->docs, n, base);
        for (uint32_t k = 0; k < n; k++)
            p->tfs[k] += 1;
    }
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

static uint32_t at_end(acq_postings *p)
{
    p->block = p->nblocks;
    p->n = 0;
    return p->doc = ACQ_NO_DOC;
}

int acq_postings_damaged(acq_err *err, const acq_segment *s, int corrupt)
{
    if (corrupt == ACQ_DAMAGED_POS)
        return acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (positions do not decode): rebuild the index", s->pos.path);
    return acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (postings do not decode): rebuild the index", s->doc.path);
}

uint32_t acq_postings_next_block(acq_postings *p)
{
    if (p->block != UINT32_MAX && p->i + 1 < p->n) {
        p->i++;
        return p->doc = p->docs[p->i];
    }
    uint32_t b = p->block == UINT32_MAX ? 0 : p->block + 1;
    if (b >= p->nblocks)
        return at_end(p);
    /* decode_block checks that block b starts after block b - 1's last
     * document (the skip table's, which block b - 1 matched). */
    if (decode_block(p, b) != 0)
        return fail(p);
    return p->doc = p->docs[0];
}

/* The first block from b on whose last document is >= target (nblocks if
 * none): galloping, then a binary search, so that a jump over many blocks
 * costs their logarithm. */
static uint32_t find_block(const acq_postings *p, uint32_t b, uint32_t target)
{
    if (b >= p->nblocks || skip_u32(p, b, 0) >= target)
        return b;
    uint32_t lo = b, hi = b + 1, step = 1; /* last(lo) < target */
    while (hi < p->nblocks && skip_u32(p, hi, 0) < target) {
        lo = hi;
        step *= 2;
        hi = step < p->nblocks - lo ? lo + step : p->nblocks;
    }
    /* The answer is in (lo, hi]: hi is nblocks or has last(hi) >= target. */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (skip_u32(p, mid, 0) < target)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

uint32_t acq_postings_advance_block(acq_postings *p, uint32_t target)
{
    if (p->doc != ACQ_NO_DOC && p->doc >= target && p->block != UINT32_MAX)
        return p->doc;
    if (p->block != UINT32_MAX && p->block >= p->nblocks)
        return ACQ_NO_DOC;
    /* Skip whole blocks whose last doc is below target. */
    uint32_t b = p->block == UINT32_MAX ? 0 : p->block;
    if (p->skip) {
        b = find_block(p, b, target);
        if (b >= p->nblocks)
            return at_end(p);
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
    if (i == p->n)
        return at_end(p);
    p->i = i;
    return p->doc = p->docs[i];
}

uint32_t acq_postings_seek_block(acq_postings *p, uint32_t block)
{
    if (block >= p->nblocks)
        return at_end(p);
    if (p->block != block && decode_block(p, block) != 0)
        return fail(p);
    p->i = 0;
    p->sblock = block;
    return p->doc = p->docs[0];
}

uint32_t acq_postings_shallow(acq_postings *p, uint32_t target, uint32_t *block)
{
    *block = 0;
    if (p->block != UINT32_MAX && p->block >= p->nblocks)
        return ACQ_NO_DOC;
    if (p->skip == NULL) {
        if (p->n > 0)
            return target <= p->docs[p->n - 1] ? p->docs[p->n - 1] : ACQ_NO_DOC;
        return ACQ_NO_DOC - 1;
    }
    uint32_t from = p->sblock;
    if (p->block != UINT32_MAX && p->block > from)
        from = p->block;
    uint32_t b = find_block(p, from, target);
    if (b >= p->nblocks)
        return ACQ_NO_DOC;
    p->sblock = b;
    *block = b;
    return skip_u32(p, b, 0);
}

/* Decodes an impact list at `at` (below end) into out (at most cap pairs);
 * returns the count, 0 if damaged, UINT32_MAX if longer than cap. Pairs must
 * lie within the term's bounds: tf in 1..max_tf, length >= min_dl (both
 * increase along the list, so its ends tell). */
static uint32_t decode_impacts(const acq_postings *p, const uint8_t *at, const uint8_t *end, acq_impact *out,
                               uint32_t cap)
{
    uint32_t n, tf, dl;
    if ((at = get_u32(at, end, &n)) == NULL || n == 0)
        return 0;
    if (n > cap)
        return UINT32_MAX;
    if ((at = get_u32(at, end, &tf)) == NULL || (at = get_u32(at, end, &dl)) == NULL)
        return 0;
    out[0] = (acq_impact){tf, dl};
    uint64_t t = tf, l = dl;
    size_t rest = 2 * (size_t)(n - 1);
    uint8_t high = 0;
    if ((size_t)(end - at) >= rest) {
        for (size_t k = 0; k < rest; k++)
            high |= at[k];
    }
    if ((size_t)(end - at) >= rest && high < 0x80) {
        /* Every step a byte (nearly always): no varint to decode. */
        for (uint32_t i = 1; i < n; i++, at += 2) {
            t += (uint32_t)at[0] + 1;
            l += (uint32_t)at[1] + 1;
            out[i] = (acq_impact){(uint32_t)t, (uint32_t)l};
        }
    } else {
        for (uint32_t i = 1; i < n; i++) {
            uint32_t a, b;
            if ((at = get_u32(at, end, &a)) == NULL || (at = get_u32(at, end, &b)) == NULL)
                return 0;
            t += (uint64_t)a + 1;
            l += (uint64_t)b + 1;
            if (t > UINT32_MAX || l > UINT32_MAX)
                return 0;
            out[i] = (acq_impact){(uint32_t)t, (uint32_t)l};
        }
    }
    if (tf == 0 || t > p->max_tf || dl < p->min_dl || l > UINT32_MAX)
        return 0;
    return n;
}

static uint32_t one_pair(const acq_postings *p, acq_impact *out)
{
    out[0] = (acq_impact){p->max_tf, p->min_dl};
    return 1;
}

uint32_t acq_postings_term_impacts(acq_postings *p, acq_impact *out, uint32_t cap)
{
    if (p->version < 2 || p->imp_term == p->imp_term_end)
        return one_pair(p, out);
    uint32_t n = decode_impacts(p, p->imp_term, p->imp_term_end, out, cap);
    if (n == 0)
        p->corrupt = ACQ_DAMAGED_DOC;
    return n == 0 || n == UINT32_MAX ? one_pair(p, out) : n;
}

uint32_t acq_postings_block_impacts(acq_postings *p, uint32_t block, acq_impact *out)
{
    if (p->skip == NULL || block >= p->nblocks)
        return acq_postings_term_impacts(p, out, ACQ_BLOCK_SIZE);
    if (p->version < 2) {
        out[0] = (acq_impact){skip_u32(p, block, 4), skip_u32(p, block, 5)};
        return 1;
    }
    uint32_t off = skip_u32(p, block, 4);
    uint32_t n = off < (uint64_t)(p->imp_end - p->imp_blocks)
                     ? decode_impacts(p, p->imp_blocks + off, p->imp_end, out, ACQ_BLOCK_SIZE)
                     : 0;
    if (n == 0 || n == UINT32_MAX) {
        p->corrupt = ACQ_DAMAGED_DOC;
        return one_pair(p, out);
    }
    return n;
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
