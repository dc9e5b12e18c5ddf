/* bitpack.h: fixed-width bit packing of blocks of up to 128 unsigned 32-bit
 * integers, and the delta (gap) coding applied to sorted doc ids before
 * packing. This is the postings block format; the index writer packs, the
 * search loop unpacks, so unpacking full blocks is the hot path.
 *
 * Block layout: one header byte holding the bit width w (0..32), then the n
 * values, each in w bits, LSB-first: value i occupies bits [i*w, i*w+w) of
 * the bit stream, and bit k of the stream is bit (k % 8) of byte k / 8. The
 * data takes ceil(n*w/8) bytes; no padding, no alignment requirement. */
#ifndef ACQ_CODEC_BITPACK_H
#define ACQ_CODEC_BITPACK_H

#include <stddef.h>
#include <stdint.h>

#define ACQ_BLOCK_SIZE 128

/* Largest number of bits needed by any of v[0..n) (0 if all are zero or n is 0). */
unsigned acq_bitwidth(const uint32_t *v, size_t n);

/* Upper bound on bytes acq_pack_block writes for n values. */
#define ACQ_PACK_BOUND(n) (1 + ((size_t)(n) * 32 + 7) / 8)

/* Packs n values (1 <= n <= 128): one header byte holding the bit width w
 * (0..32), then the n values packed LSB-first in ceil(n*w/8) bytes. out must
 * hold ACQ_PACK_BOUND(n) bytes. Returns bytes written (exactly 1 + ceil(n*w/8)). */
size_t acq_pack_block(const uint32_t *in, size_t n, uint8_t *out);

/* Unpacks n values written by acq_pack_block into out[0..n). Returns bytes
 * consumed, or 0 if the data is corrupt (width > 32), avail is too short for
 * the size the header implies, or n is 0 or above 128 (so a corrupt count can
 * never overrun a 128-entry out array). Never reads past in[avail-1]; avail
 * may be exactly the block size. */
size_t acq_unpack_block(const uint8_t *in, size_t avail, uint32_t *out, size_t n);

/* Decoders of full 128-value blocks. acq_unpack_block uses the fastest one
 * the CPU runs (AVX2, else SSE4.1, else portable C), chosen at the first
 * call; all of them give the same values for the same bytes. */
enum { ACQ_UNPACK_PORTABLE = 0, ACQ_UNPACK_SSE41 = 1, ACQ_UNPACK_AVX2 = 2 };
/* The implementation in use. */
int acq_unpack_impl(void);
/* Switches to implementation impl (tests and benchmarks compare them).
 * Returns 0, or -1 (nothing changed) if this CPU or build lacks it. Not to
 * be called while another thread decodes. */
int acq_unpack_select(int impl);
/* "avx2", "sse4.1" or "portable". */
const char *acq_unpack_impl_name(int impl);

/* Bytes a packed block of n values occupies, read from its header byte (0 if
 * corrupt, if n is 0 or above 128, or if avail is shorter than the block).
 * Lets a reader skip a block without decoding it. */
size_t acq_packed_size(const uint8_t *in, size_t avail, size_t n);

/* Gap (delta) coding: v[i] -= v[i-1] for i > 0 and v[0] -= base; the inverse
 * is a prefix sum starting from base. Arithmetic is modulo 2^32, so decode
 * always inverts encode, even for unsorted input. */
void acq_delta_encode(uint32_t *v, size_t n, uint32_t base);
void acq_delta_decode(uint32_t *v, size_t n, uint32_t base);

/* Finishing a decoded block of 128 postings, in one pass: docs[] holds doc
 * gaps and becomes document numbers (prefix sums from base, modulo 2^32),
 * tfs[] holds tf - 1 and becomes tf (plus 1, modulo 2^32); st gets what a
 * reader checks the block against: the exact sum of the gaps and of the
 * tf - 1 values, whether a gap after the first is 0, whether the first is,
 * and whether a tf - 1 is at least max_tf. SIMD (AVX2, SSE2) or portable,
 * as acq_unpack_impl chose; all give the same results. */
typedef struct acq_block_check {
    uint64_t gap_sum, tf1_sum;
    int zero_gap;        /* a gap at index 1..127 is 0 */
    int first_zero;      /* gap 0 is 0 */
    int tf_over;         /* some tf - 1 >= max_tf */
} acq_block_check;
void acq_postings_finish128(uint32_t *docs, uint32_t *tfs, uint32_t base, uint32_t max_tf, acq_block_check *st);

#endif
