/* postings.h: a cursor over one term's postings in one segment: documents in
 * increasing order with their tf, skipping whole blocks through the skip
 * table, the term's positions in the current document on demand, and the
 * impacts of blocks that have not been decoded (the (tf, length) pairs that
 * bound any score of their documents: block-max pruning, search/blockmax.h).
 * Block decoding is the codec's tight loops; nothing here allocates.
 * Damage found while decoding sets `corrupt` (to the file at fault) and ends
 * the list: every decoded document number lies inside the segment and keeps
 * increasing, and every tf within the term's bounds, before anyone indexes
 * the deletion bitmap, the lengths or the dates with it. */
#ifndef ACQ_SEARCH_POSTINGS_H
#define ACQ_SEARCH_POSTINGS_H

#include "codec/bitpack.h"
#include "index/segment.h"

#define ACQ_NO_DOC UINT32_MAX

/* Values of acq_postings.corrupt: which file did not decode. */
enum { ACQ_DAMAGED_DOC = 1, ACQ_DAMAGED_POS = 2 };

typedef struct acq_postings {
    const uint8_t *skip;          /* skip table, or NULL for one block */
    const uint8_t *blocks, *end;  /* block area of this term */
    const uint8_t *next;          /* next undecoded block */
    uint32_t df, nblocks, block;  /* block = index of the decoded block */
    uint32_t docs[ACQ_BLOCK_SIZE], tfs[ACQ_BLOCK_SIZE];
    uint32_t tf_before[ACQ_BLOCK_SIZE]; /* sum of tfs before each index in
                                           the block (positions' offsets) */
    int tf_before_ok;             /* tf_before computed for this block */
    uint32_t n, i;                /* decoded count, current index */
    uint32_t doc;                 /* current document or ACQ_NO_DOC */
    uint32_t max_tf, min_dl;      /* term-level bounds */
    uint32_t doc_count;           /* documents in the segment */
    uint64_t cf;
    /* impacts (.doc version 2; version 1 has the skip table's max tf and
     * min length per block instead) */
    uint32_t skip_entry;          /* bytes per skip entry */
    uint32_t version;             /* the .doc file's format version */
    const uint8_t *imp_term, *imp_term_end; /* the term's list (empty: the
                                               one pair max_tf, min_dl) */
    const uint8_t *imp_blocks, *imp_end;    /* the blocks' lists */
    uint32_t sblock;              /* block of the last shallow advance */
    /* positions */
    const uint8_t *pos_base, *pos_end;
    uint32_t pos_block_no;        /* decoded pos block number, or UINT32_MAX */
    const uint8_t *pos_block_ptr;
    uint32_t posv[ACQ_BLOCK_SIZE];
    int corrupt;                  /* 0, ACQ_DAMAGED_DOC or ACQ_DAMAGED_POS */
    /* Checksums are verified for what is read, when it is read: a top-k
     * search that skips most blocks, or never needs positions, does not pay
     * for verifying them. */
    acq_fmap *docf, *posf;
} acq_postings;

/* Positions the cursor before the first document (call next or advance). */
int acq_postings_open(acq_postings *p, acq_segment *s, const acq_term_meta *m, acq_err *err);

/* The slow paths of next and advance (a new block, the end). */
uint32_t acq_postings_next_block(acq_postings *p);
uint32_t acq_postings_advance_block(acq_postings *p, uint32_t target);

/* Moves to the next document; returns it or ACQ_NO_DOC. */
static inline uint32_t acq_postings_next(acq_postings *p)
{
    /* n is 0 before the first block and after the end. */
    if (p->i + 1 < p->n) {
        p->i++;
        return p->doc = p->docs[p->i];
    }
    return acq_postings_next_block(p);
}

/* Moves to the first document >= target; returns it or ACQ_NO_DOC. */
static inline uint32_t acq_postings_advance(acq_postings *p, uint32_t target)
{
    if (p->n > 0 && target <= p->docs[p->n - 1]) {
        /* Inside the decoded block: the scan stops at its last document. */
        uint32_t i = p->i;
        while (p->docs[i] < target)
            i++;
        p->i = i;
        return p->doc = p->docs[i];
    }
    return acq_postings_advance_block(p, target);
}

static inline uint32_t acq_postings_tf(const acq_postings *p) { return p->tfs[p->i]; }

/* Shallow advance, for block-max pruning: the block holding the first
 * document >= target (a block's range runs from the previous block's last
 * document + 1 to its own last), found in the skip table without decoding
 * anything. Returns that block's last document (ACQ_NO_DOC - 1 for a list of
 * one block not yet decoded: no skip table says where it ends), or
 * ACQ_NO_DOC if the list has no document >= target; *block is its number.
 * Targets must not decrease from one call to the next, nor fall below the
 * cursor's current document. */
uint32_t acq_postings_shallow(acq_postings *p, uint32_t target, uint32_t *block);
/* Decodes block number `block` (0..nblocks-1; any, also one before the
 * current: for visiting blocks out of order) and moves to its first
 * document, which it returns (ACQ_NO_DOC past the end or on damage). */
uint32_t acq_postings_seek_block(acq_postings *p, uint32_t block);
/* The impact list of block number `block` (from acq_postings_shallow), in
 * increasing tf: at most ACQ_BLOCK_SIZE pairs written to out; returns their
 * count. Every posting of the block has a tf at most and a length at least
 * those of one of the pairs. On damage, sets corrupt and returns the one
 * pair (max_tf, min_dl), still a bound. */
uint32_t acq_postings_block_impacts(acq_postings *p, uint32_t block, acq_impact *out);
/* The same for the whole term: at most cap pairs (cap >= 1); a longer list
 * is replaced by the one pair (max_tf, min_dl). */
uint32_t acq_postings_term_impacts(acq_postings *p, acq_impact *out, uint32_t cap);

/* Writes the current document's positions (tf of them) into out. Returns
 * the count, or -1 if the positions are damaged (corrupt is then set) or
 * more than cap. */
int acq_postings_positions(acq_postings *p, uint32_t *out, uint32_t cap);
/* The most positions the term's .pos bytes can hold: a caller sizing a
 * buffer for tf positions checks tf against it first, so that a damaged tf
 * is reported, not allocated. */
uint64_t acq_postings_pos_capacity(const acq_postings *p);
/* Sets err to ACQ_ECORRUPT naming the file of s that `corrupt` blames. */
int acq_postings_damaged(acq_err *err, const acq_segment *s, int corrupt);

#endif
