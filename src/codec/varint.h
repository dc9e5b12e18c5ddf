/* varint.h: LEB128 variable-length integers (7 bits per byte, low group
 * first, high bit set on every byte but the last), the encoding used for
 * term-dictionary fields, positions and anything else that is not bit-packed
 * in blocks. Same byte format as acq_buf_put_varint in common/buf.h. */
#ifndef ACQ_CODEC_VARINT_H
#define ACQ_CODEC_VARINT_H

#include <stddef.h>
#include <stdint.h>

/* Longest encoding of a 64-bit value: ceil(64 / 7) bytes. */
#define ACQ_VARINT_MAX 10

/* Writes v to out[0..ACQ_VARINT_MAX) and returns the bytes written (1..10). */
size_t acq_varint_encode(uint64_t v, uint8_t *out);

/* Reads one varint from in[0..avail). Returns the bytes consumed (1..10) and
 * stores the value in *v, or returns 0 (leaving *v unchanged) if the input is
 * truncated, longer than 10 bytes, or overflows 64 bits. Never reads past
 * in[avail-1]. Non-minimal encodings of up to 10 bytes (e.g. 0x80 0x00 for 0)
 * are accepted, as in standard LEB128. */
size_t acq_varint_decode(const uint8_t *in, size_t avail, uint64_t *v);

/* Bytes acq_varint_encode would write for v (1..10). */
size_t acq_varint_size(uint64_t v);

#endif
