/* zblock.h: compressing and decompressing one stored-field block, as LZ4
 * or as raw DEFLATE (no header, no checksum: every index file already
 * carries CRCs per 64 KiB, so a second checksum would be paid twice).
 *
 * Level 1, the default, writes LZ4 (Debian's liblz4): on the stored text
 * of jha-en it compresses about three times as fast as libdeflate's
 * fastest level and decompresses four times as fast, for a text file a
 * third larger (bench/README.md, "Indexing unique text"); it is Lucene's
 * default codec for stored fields too. Levels 2 to 9 write DEFLATE
 * through libdeflate, smaller and slower. Which codec a block uses is
 * recorded per block (format.h, ACQ_STORE_LZ4), so a merge copies blocks
 * of either kind as they are, and files of .fdm/.fdt format 2 and older
 * (DEFLATE only, zlib or libdeflate) read as before. A compressor or
 * decompressor is allocated once per zblock and kept, because allocating
 * one costs more than compressing a small block. */
#ifndef ACQ_SEGMENT_ZBLOCK_H
#define ACQ_SEGMENT_ZBLOCK_H

#include <stddef.h>
#include <stdint.h>

struct libdeflate_compressor;
struct libdeflate_decompressor;

enum { ACQ_ZBLOCK_DEFLATE = 0, ACQ_ZBLOCK_LZ4 = 1 };

typedef struct acq_zblock {
    struct libdeflate_compressor *c;
    struct libdeflate_decompressor *d;
    int level;   /* of c */
} acq_zblock;

/* Compresses src into dst (dst_cap >= acq_zblock_bound(n)) at level 1..9
 * (anything else is 1); *codec gets the codec used. Returns the
 * compressed length, or 0 on failure (out of memory). */
size_t acq_zblock_compress(acq_zblock *zb, int level, const uint8_t *src, size_t n, uint8_t *dst, size_t dst_cap,
                           int *codec);
size_t acq_zblock_bound(size_t n);
/* Decompresses exactly dst_len bytes written with codec; returns 0 on
 * success, -1 if the data is damaged or does not fill dst_len, -2 out of
 * memory. */
int acq_zblock_decompress(acq_zblock *zb, int codec, const uint8_t *src, size_t n, uint8_t *dst, size_t dst_len);
void acq_zblock_end(acq_zblock *zb);

#endif
