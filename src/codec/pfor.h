/* pfor.h: patched frame-of-reference blocks: bit-packing at a width chosen
 * so that most values fit, with the few that do not stored as exceptions.
 *
 * Why: a block's plain bit width is set by its largest value, and postings
 * are full of blocks where a handful of values are large (the first position
 * of a term in a document among small gaps; a tf of 40 among ones). Packing
 * the low b bits of every value and patching the high bits of the outliers
 * afterwards costs a little time at decode and saves a third of the space.
 *
 * Layout: an acq_pack_block of the low b bits (header byte b), then u8
 * exception count e, then e times (u8 index, varint high bits >> b). */
#ifndef ACQ_CODEC_PFOR_H
#define ACQ_CODEC_PFOR_H

#include <stddef.h>
#include <stdint.h>

#include "codec/bitpack.h"

/* Upper bound on what acq_pfor_encode writes for n values. */
#define ACQ_PFOR_BOUND(n) (ACQ_PACK_BOUND(n) + 1 + (size_t)(n) * 6)

/* Encodes n values (1..128). Returns bytes written. */
size_t acq_pfor_encode(const uint32_t *in, size_t n, uint8_t *out);
/* Decodes n values; returns bytes consumed or 0 if corrupt or short. */
size_t acq_pfor_decode(const uint8_t *in, size_t avail, uint32_t *out, size_t n);
/* Size of an encoded block of n values without decoding it (0 if corrupt). */
size_t acq_pfor_size(const uint8_t *in, size_t avail, size_t n);

#endif
