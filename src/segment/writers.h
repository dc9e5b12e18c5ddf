/* writers.h: the streaming writers of a segment's files (layouts in
 * format.h). They are used both when an in-memory segment is flushed and
 * when segments are merged, so merging streams instead of loading. */
#ifndef ACQ_SEGMENT_WRITERS_H
#define ACQ_SEGMENT_WRITERS_H

#include "codec/bitpack.h"
#include "index/file.h"
#include "segment/format.h"
#include "segment/zblock.h"

/* What the dictionary records about one term. */
typedef struct acq_term_meta {
    uint32_t df;
    uint64_t cf;
    uint64_t doc_off, doc_len;
    uint64_t pos_off, pos_len;
    uint32_t max_tf, min_dl;
} acq_term_meta;

/* ---- postings (.doc) and positions (.pos) -------------------------------- */

/* One (tf, field length) pair of an impact list (format.h): the pairs of a
 * block or a term that no other posting of it dominates (a larger or equal
 * tf with a shorter or equal length), in increasing tf and length. */
typedef struct acq_impact {
    uint32_t tf, dl;
} acq_impact;

/* Reduces pairs v[0..n) to their Pareto set, in increasing tf (and so
 * increasing dl), in place; returns its size. */
size_t acq_impacts_pareto(acq_impact *v, size_t n);

typedef struct acq_postings_writer {
    acq_fwriter *doc, *pos;
    acq_buf blocks, skips, impacts;
    uint32_t docs[ACQ_BLOCK_SIZE], tfs[ACQ_BLOCK_SIZE], dls[ACQ_BLOCK_SIZE], n;
    uint32_t posv[ACQ_BLOCK_SIZE], npos;
    uint32_t prev_block_last;       /* gap base for the next block */
    uint32_t block_pos_off, block_pos_idx;
    uint64_t term_pos_start;
    int with_positions;             /* 0: the term's field keeps none */
    acq_impact *term_imp, *merged;  /* the term's Pareto set so far, and
                                       room to merge a block's into it */
    size_t nterm_imp, term_imp_cap, merged_cap;
    acq_term_meta meta;
} acq_postings_writer;

void acq_pw_init(acq_postings_writer *pw, acq_fwriter *doc, acq_fwriter *pos);
void acq_pw_free(acq_postings_writer *pw);
/* with_positions = 0 for fields whose positions are never needed (the
 * title field's positions are the first ones of the body field; keyword
 * fields have one value). */
void acq_pw_start_term(acq_postings_writer *pw, int with_positions);
/* Adds one posting; positions are absolute and increasing; dl is the
 * document's length in the term's field. Docs must increase. */
int acq_pw_add(acq_postings_writer *pw, uint32_t doc, uint32_t tf, const uint32_t *positions,
               uint32_t dl, acq_err *err);
int acq_pw_finish_term(acq_postings_writer *pw, acq_term_meta *meta, acq_err *err);

/* ---- term dictionary (.tdi) ---------------------------------------------- */
typedef struct acq_dict_writer {
    acq_fwriter f;
    acq_buf index, keys, block;
    uint8_t prev[ACQ_MAX_KEY + 1];
    size_t prev_len;
    uint32_t in_block;
    uint64_t terms, blocks;
} acq_dict_writer;

int acq_dw_open(acq_dict_writer *dw, const char *path, acq_err *err);
/* Keys must come in strictly increasing bytewise order. */
int acq_dw_add(acq_dict_writer *dw, const uint8_t *key, size_t len, const acq_term_meta *m, acq_err *err);
int acq_dw_finish(acq_dict_writer *dw, acq_err *err);
void acq_dw_abort(acq_dict_writer *dw);

/* ---- stored fields (.fdm, .fdt) ------------------------------------------ */
typedef struct acq_store_writer {
    acq_fwriter f;
    acq_buf raw, comp, index;
    uint32_t docs, block_first;
    uint64_t blocks;
    size_t block_size;
    int level;
    acq_zblock zb;
    /* text deduplication (acq_sw_add_text): 128-bit content hash -> doc */
    struct acq_text_slot *seen;
    size_t seen_mask, seen_count;
    struct acq_zpipe *pipe;   /* NULL: blocks are compressed in place */
    size_t comp_cap;          /* what comp.cap grows to (acq_sw_memory) */
} acq_store_writer;

int acq_sw_open(acq_store_writer *sw, const char *path, const char kind[4], int level, acq_err *err);
/* Hands full blocks to pipe's thread from now on (NULL: compress in the
 * calling thread). The pipe must outlive the writer's finish or abort,
 * which wait for its blocks. */
void acq_sw_set_pipe(acq_store_writer *sw, struct acq_zpipe *pipe);
/* Ends the current block early (queues it, with a pipe). */
int acq_sw_flush(acq_store_writer *sw, acq_err *err);
/* Bytes the writer's buffers hold (for the writer's memory budget). */
size_t acq_sw_memory(const acq_store_writer *sw);
/* Appends one document's record: n fields given as (pointer, length). */
int acq_sw_add(acq_store_writer *sw, const char *const *fields, const size_t *lens, int n, acq_err *err);
/* Appends one document's text record (.fdt): a text identical to one
 * already stored in this file becomes a reference to that document, so the
 * consolidated versions of an act that repeat an article verbatim store it
 * once. Record: varint 0, varint length, bytes; or varint 1 + doc. */
int acq_sw_add_text(acq_store_writer *sw, const char *text, size_t len, acq_err *err);
/* Appends a reference to an earlier document's text in this file (merges
 * use it when the document referred to was copied as a literal). */
int acq_sw_add_text_ref(acq_store_writer *sw, uint32_t doc, acq_err *err);
/* Appends a block of records already compressed with codec (zblock.h;
 * merges copy a segment's blocks this way): ends the current block first;
 * the block holds docs records, raw_len bytes once decompressed, and its
 * text references, counted back from each record (format.h), stay valid
 * wherever it goes. */
int acq_sw_append_block(acq_store_writer *sw, const uint8_t *comp, size_t len, uint32_t raw_len, int codec,
                        uint32_t docs, acq_err *err);
/* Appends a record already encoded (used by merges). */
int acq_sw_add_raw(acq_store_writer *sw, const uint8_t *rec, size_t len, acq_err *err);
int acq_sw_finish(acq_store_writer *sw, acq_err *err);
void acq_sw_abort(acq_store_writer *sw);

#endif
