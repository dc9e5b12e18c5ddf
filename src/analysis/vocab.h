/* vocab.h: an interning table of analysed terms.
 *
 * Each distinct term string gets a dense id (0, 1, 2, ...) that stays valid
 * until acq_vocab_clear. The index writer keys its in-memory postings by these
 * ids, so the hot loop compares integers, not strings; the strings themselves
 * live once, in an arena. */
#ifndef ACQ_ANALYSIS_VOCAB_H
#define ACQ_ANALYSIS_VOCAB_H

#include <stddef.h>
#include <stdint.h>

typedef struct acq_vocab acq_vocab;

acq_vocab *acq_vocab_new(void);
void acq_vocab_free(acq_vocab *v);
/* Returns the id of term[0..len), adding it if new; UINT32_MAX on OOM. */
uint32_t acq_vocab_intern(acq_vocab *v, const char *term, size_t len);
/* Returns the id or UINT32_MAX if absent. */
uint32_t acq_vocab_find(const acq_vocab *v, const char *term, size_t len);
const char *acq_vocab_term(const acq_vocab *v, uint32_t id, size_t *len);
uint32_t acq_vocab_size(const acq_vocab *v);
/* Bytes held (for the writer's memory budget). */
size_t acq_vocab_memory(const acq_vocab *v);
void acq_vocab_clear(acq_vocab *v);

#endif
