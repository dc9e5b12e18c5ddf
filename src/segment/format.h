/* format.h: the layout of one segment's files. A segment is immutable; its
 * files are named seg-NNNNNN.<ext> and each is wrapped in the checksummed
 * envelope of index/file.h. All integers little endian; varint = LEB128.
 *
 * Documents are numbered 0..doc_count-1 inside a segment. Terms are keys:
 * one field byte (ACQ_FIELD_*) followed by the analysed term's UTF-8 bytes,
 * sorted bytewise, so each field's terms are contiguous.
 *
 * .tdi  term dictionary
 *   blocks of up to ACQ_DICT_BLOCK entries, each entry:
 *     varint shared-prefix length with the previous key of the block,
 *     varint suffix length, suffix bytes, varint df, varint cf - df,
 *     varint doc_len, varint pos_len (bytes of its postings and positions),
 *     varint max_tf, varint min_dl (bounds for any k1, b: see search/bm25.h)
 *   block index: per block 32 bytes: u64 block offset, u64 doc offset and u64
 *     pos offset of its first term (later terms follow contiguously), u32
 *     offset of its first key in the key area, u32 that key's length
 *   key area: first keys of the blocks
 *   trailer (last 32 bytes of the body): u64 terms, u64 blocks, u64 index
 *     offset, u64 key area offset
 *
 * .doc  postings, per term at its doc offset (format version 2; version 1
 *   is still read, see below):
 *   if df > ACQ_BLOCK_SIZE: a skip table of ceil(df/128) entries of
 *     ACQ_SKIP_ENTRY bytes: u32 last doc of the block, u32 block offset from
 *     the start of the blocks, u32 offset in the term's positions of the
 *     position block holding the block's first position, u32 index of that
 *     position in the term's whole position stream (so its block number is
 *     index / 128), u32 offset of the block's impact list in the block
 *     lists below;
 *     then varint T, varint B, the term's impact list (T bytes), the impact
 *     lists of the blocks (B bytes)
 *   else: varint T, then the term's impact list (T bytes; T = 0 when the
 *     list would be the one pair max_tf, min_dl of the dictionary)
 *   then blocks of 128 postings (the last may be shorter): doc gaps (first
 *     gap from the previous block's last doc, or from 0), then tf - 1, each
 *     as a PFor block (codec/pfor.h)
 *   An impact list: varint n >= 1, then n pairs (tf, field length) in
 *   increasing tf and increasing length, the first as two varints, the
 *   others as varint tf - previous tf - 1 and varint length - previous
 *   length - 1: the Pareto set of the (tf, length) pairs of the postings of
 *   the block (or term), those that no other posting beats on both (a
 *   larger or equal tf in a shorter or equal document). Any score that
 *   grows with tf and falls with length (BM25 for every k1 and b) is largest
 *   over a block at one of these pairs: the bounds block-max pruning reads
 *   (search/blockmax.h), exact for the parameters given at query time.
 *   Version 1 had skip entries of ACQ_SKIP_ENTRY_V1 bytes whose last two
 *   fields were the block's largest tf and smallest length (possibly of
 *   different documents: a looser bound) and no impact lists.
 *
 * .pos  positions of body-field terms (other fields keep none: a title's
 *   positions are the first ones of the body), per term at its pos offset: for each posting in order,
 *   tf values (first position in the document, then gaps), as PFor blocks
 *   of 128 values running across documents (the last may be shorter)
 *
 * .len  per document lengths and dates
 *   u32 doc_count, u32 0, u64 sum of body lengths, u64 sum of title lengths,
 *   then u32 body_len[doc_count], u32 title_len[doc_count],
 *   u32 date[doc_count] (YYYYMMDD; missing parts are 00; 0 = no date),
 *   u32 text_start[doc_count] (body position where the text begins: positions
 *   below it are the title's; phrases never span the two)
 *
 * .fdm / .fdt  stored fields: metadata (id, title, lang, date, type, celex,
 *   url, and from format version 2 the extra keyword fields: one more
 *   field whose bytes are, per extra field in the order given, varint field
 *   code (ACQ_FIELD_EXTRA + n), varint length, the value as given) and
 *   text. Compressed blocks of whole records (an .fdm record
 *   is its fields as varint length + bytes; an .fdt record is varint 0,
 *   varint length, the text, or varint 1 and an earlier document of the
 *   segment with the same text: from .fdt format version 2 on, how many
 *   documents back it is, so that a merge can copy a segment's blocks
 *   without rewriting them; in version 1, its number), each block LZ4 or
 *   raw deflate (the file's CRCs check them); then an index: per block u64
 *   offset, u32 first doc, u32 uncompressed length; then u64 blocks and u64
 *   index offset as the last 16 bytes of the body. From format version 3
 *   of both files, the length's top bit (ACQ_STORE_LZ4) marks an LZ4 block
 *   and the other 31 bits are the length; in versions 1 and 2 every block
 *   is deflate and the length takes all 32 bits.
 *
 * .del-G  deletions of generation G: u32 doc_count, then a bitset.
 */
#ifndef ACQ_SEGMENT_FORMAT_H
#define ACQ_SEGMENT_FORMAT_H

#include <stddef.h>
#include <stdint.h>

enum {
    ACQ_FIELD_BODY = 1,   /* title + text, the default search field */
    ACQ_FIELD_TITLE = 2,
    ACQ_FIELD_ID = 3,     /* keyword fields: the value folded, not stemmed */
    ACQ_FIELD_CELEX = 4,
    ACQ_FIELD_TYPE = 5,
    ACQ_FIELD_LANG = 6,
    /* Extra keyword fields (an input's "eurovoc", "jha", ...): the index's
     * manifest names them, the n-th named one has this code + n. */
    ACQ_FIELD_EXTRA = 16,
};
/* At most this many extra fields per index (codes up to 255). */
#define ACQ_MAX_EXTRA_FIELDS 240
/* An extra field's name: [a-z][a-z0-9_]*, at most this many bytes. */
#define ACQ_FIELD_NAME_MAX 31

/* Stored metadata fields, in record order. ACQ_META_EXTRA, the extra
 * keyword fields, exists from .fdm format version 2 on: version 1 records
 * have the first ACQ_META_COUNT_V1 fields only. */
enum { ACQ_META_ID, ACQ_META_TITLE, ACQ_META_LANG, ACQ_META_DATE, ACQ_META_TYPE,
       ACQ_META_CELEX, ACQ_META_URL, ACQ_META_EXTRA, ACQ_META_COUNT };
#define ACQ_META_COUNT_V1 7
/* The .fdm format this version writes (index/file.h header version): 3,
 * blocks LZ4 or deflate (above). */
#define ACQ_FDM_VERSION 3
/* The .fdt format this version writes: 2, text references relative; 3,
 * blocks LZ4 or deflate. */
#define ACQ_FDT_VERSION 3
/* The first .fdm/.fdt version whose block lengths carry ACQ_STORE_LZ4. */
#define ACQ_STORE_CODEC_VERSION 3
/* In a block index's length word from ACQ_STORE_CODEC_VERSION on: the
 * block is LZ4 (segment/zblock.h); a block's length is below it. */
#define ACQ_STORE_LZ4 0x80000000u

#define ACQ_DICT_BLOCK 32
#define ACQ_SKIP_ENTRY 20
#define ACQ_SKIP_ENTRY_V1 24
/* The .doc format this version writes: 2, impact lists (format above). */
#define ACQ_DOC_VERSION 2
#define ACQ_MAX_KEY 255
/* Positions between the title and the text of the body field, so that an
 * exact phrase never spans the two (proximity matching also checks that all
 * its positions lie on one side of the title length). Small, because large
 * first positions cost bits in every posting. */
#define ACQ_FIELD_GAP 8
/* Bytes of uncompressed records per stored-field block: texts in large
 * blocks (better compression; read only for snippets), metadata in small
 * ones, because every hit reads one and inflating 64 KB for a title would
 * cost more than the search itself. */
#define ACQ_STORE_BLOCK (16 * 1024)
#define ACQ_STORE_BLOCK_META (4 * 1024)
/* Compression level of stored fields: 1, LZ4, or 2 to 9, deflate
 * (segment/zblock.h). Texts are deduplicated first (consolidated versions
 * repeat articles verbatim), which halves what is compressed; the default
 * is the fastest level (--compression / the writer option
 * compression_level choose another). */
#define ACQ_STORE_LEVEL 1

#define ACQ_KIND_TDI "TDI"
#define ACQ_KIND_DOC "DOC"
#define ACQ_KIND_POS "POS"
#define ACQ_KIND_LEN "LEN"
#define ACQ_KIND_FDM "FDM"
#define ACQ_KIND_FDT "FDT"
#define ACQ_KIND_DEL "DEL"
/* A builder's run (runs.h): scratch, never part of a commit. */
#define ACQ_KIND_RUN "RUN"

/* Parses YYYY, YYYY-MM or YYYY-MM-DD (prefix of a longer string allowed)
 * into YYYYMMDD with missing parts 00; 0 if it is not a date. */
uint32_t acq_parse_date(const char *s, size_t n);

#endif
