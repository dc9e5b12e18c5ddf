/* token_cache.h: remembers the analysed tokens of recent document texts, so
 * that a text seen again in the same segment is not analysed again.
 *
 * Why: consolidated legislation repeats itself verbatim. In the EUR-Lex
 * passages more than half of the texts are exact copies of an earlier one
 * (the same article in the act's next consolidated version). Identical text
 * and the same analyzer give identical tokens, so the writer replays the
 * term ids and positions it recorded, and pays only for the postings.
 * Entries are keyed by a 128-bit hash of the text, its length and the
 * analyzer; term ids are those of the writer's vocabulary, so the cache is
 * cleared whenever the vocabulary is (at each segment flush). Memory is
 * bounded: when the arena is full, the cache starts over. A segment whose
 * texts do not repeat turns the cache off and frees it (token_cache.c). */
#ifndef ACQ_INDEX_TOKEN_CACHE_H
#define ACQ_INDEX_TOKEN_CACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct acq_token_cache acq_token_cache;

acq_token_cache *acq_token_cache_new(size_t max_tokens);
void acq_token_cache_free(acq_token_cache *c);
/* A new segment: forgets every text, and turns the cache on again. */
void acq_token_cache_clear(acq_token_cache *c);
/* 0 when the cache is off for this segment: find finds nothing and
 * recording records nothing, so texts need not be hashed. */
int acq_token_cache_active(const acq_token_cache *c);
size_t acq_token_cache_memory(const acq_token_cache *c);

typedef struct acq_token_key {
    uint64_t h1, h2;
    uint64_t len;
    const void *analyzer;
} acq_token_key;

/* Found: 1, with the term ids and positions relative to the text start,
 * their count, and the position after the last token (stopwords counted). */
int acq_token_cache_find(acq_token_cache *c, const acq_token_key *k, const uint32_t **terms,
                         const uint32_t **rel, uint32_t *n, uint32_t *end_rel);
/* Recording a text's tokens: begin, add each, end. A text that does not fit
 * is simply not remembered. */
void acq_token_cache_begin(acq_token_cache *c);
void acq_token_cache_add(acq_token_cache *c, uint32_t term, uint32_t rel);
void acq_token_cache_end(acq_token_cache *c, const acq_token_key *k, uint32_t end_rel);

#endif
