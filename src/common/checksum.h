/* checksum.h: the CRC-32 of every index file chunk, footer and manifest.
 * It is the zlib/IEEE CRC-32 (the same values zlib's crc32() gives, so index
 * files written before are read as they were), computed by libdeflate,
 * which uses the carry-less multiply instructions of the CPU where there
 * are some and runs two to three times faster than zlib's (bench/README.md,
 * "Indexing"). */
#ifndef ACQ_COMMON_CHECKSUM_H
#define ACQ_COMMON_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/* The CRC-32 of n bytes at p continued from crc (0 to start). */
uint32_t acq_crc32(uint32_t crc, const void *p, size_t n);

#endif
