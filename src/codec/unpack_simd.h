/* unpack_simd.h: the SIMD decoders of full 128-value blocks behind
 * acq_unpack_block (bitpack.c chooses one at run time; see unpack_simd.c).
 * Internal to src/codec, except for the implementation ids of bitpack.h. */
#ifndef ACQ_CODEC_UNPACK_SIMD_H
#define ACQ_CODEC_UNPACK_SIMD_H

#include <stddef.h>
#include <stdint.h>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define ACQ_HAVE_X86_SIMD 1
#else
#define ACQ_HAVE_X86_SIMD 0
/* acq_postings_finish128 (bitpack.h) four and eight lanes at a time. */
struct acq_block_check;
void acq_finish128_sse2(uint32_t *docs, uint32_t *tfs, uint32_t base, uint32_t max_tf, struct acq_block_check *st);
void acq_finish128_avx2(uint32_t *docs, uint32_t *tfs, uint32_t base, uint32_t max_tf, struct acq_block_check *st);

#endif

/* Builds the per-width tables (once; later calls return at once). */
void acq_unpack_simd_init(void);
/* 1 if implementation impl (ACQ_UNPACK_*) decodes width w (1..32) itself;
 * 0 if that width takes the portable routine. */
int acq_unpack_simd_has(int impl, unsigned w);
/* 1 if this CPU runs implementation impl. */
int acq_cpu_has(int impl);

/* 128 values of width w (1..32, with a table) from in, which holds avail
 * bytes (at least 16 * w, the block's data). */
void acq_unpack128_avx2(const uint8_t *in, size_t avail, uint32_t *out, unsigned w);
void acq_unpack128_sse41(const uint8_t *in, size_t avail, uint32_t *out, unsigned w);

/* acq_postings_finish128 (bitpack.h) four and eight lanes at a time. */
struct acq_block_check;
void acq_finish128_sse2(uint32_t *docs, uint32_t *tfs, uint32_t base, uint32_t max_tf, struct acq_block_check *st);
void acq_finish128_avx2(uint32_t *docs, uint32_t *tfs, uint32_t base, uint32_t max_tf, struct acq_block_check *st);

#endif
