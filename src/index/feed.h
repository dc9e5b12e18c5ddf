/* feed.h: the segment builder on a thread of its own (acquis index -j 2
 * and more). The writer's thread reads, checks and analyses a document and
 * records what it would tell the builder (its tokens, lengths and stored
 * fields) as a document's operations; the feed's thread replays them into
 * the builder while the writer analyses the next document. One document is
 * in flight at a time, so that the writer knows the builder's memory after
 * every document and flushes at the very documents one thread would: the
 * index is the same bytes whatever the number of threads. A full segment
 * is finished (sorted, encoded, written) on a third thread, beside the
 * next segment's documents. */
#ifndef ACQ_INDEX_FEED_H
#define ACQ_INDEX_FEED_H

#include "common/error.h"
#include "analysis/vocab.h"
#include "segment/builder.h"

#include <stddef.h>
#include <stdint.h>

/* One document's operations on a builder. */
typedef struct acq_doc_ops acq_doc_ops;
typedef struct acq_feed acq_feed;

/* Starts the feed's thread. */
int acq_feed_start(acq_feed **out, acq_err *err);
/* Waits for the document in flight, then stops and frees the feed. */
void acq_feed_stop(acq_feed *f);

/* The operations being recorded (empty after acq_feed_submit). */
acq_doc_ops *acq_feed_ops(acq_feed *f);
void acq_doc_ops_reset(acq_doc_ops *o);
/* Recording; -1 when out of memory. */
int acq_doc_ops_token(acq_doc_ops *o, int field, uint32_t term, uint32_t pos);
/* The document's end: its lengths and stored fields, copied. */
int acq_doc_ops_end(acq_doc_ops *o, uint32_t body_len, uint32_t title_len, uint32_t date, uint32_t text_start,
                    const char *const *meta, const size_t *meta_lens, const char *text, size_t text_len);

/* Waits until the document in flight is in its builder. Returns its
 * builder's error if replaying it failed (the builder is then unusable),
 * else ACQ_OK with *builder_memory set to acq_builder_memory after it
 * (unchanged when nothing was in flight). */
int acq_feed_wait(acq_feed *f, size_t *builder_memory, acq_err *err);
/* Hands the recorded document to the thread, which replays it into b
 * (begin, tokens, end), and starts a new recording. Call acq_feed_wait
 * first: one document at a time. */
void acq_feed_submit(acq_feed *f, acq_builder *b);

/* Finishing a flushed segment (acq_builder_finish, then freeing its
 * vocabulary) on a thread of its own, while the writer goes on with the
 * next one. Waits for the previous finish first (one at a time, so that
 * memory stays bounded) and returns its result; b and vocab are the
 * feed's from the call on, whatever it returns. */
int acq_feed_finish(acq_feed *f, acq_builder *b, acq_term_bytes_fn term_of, acq_vocab *vocab, acq_err *err);
/* Waits for the finish in flight, if any; its result. */
int acq_feed_finish_wait(acq_feed *f, acq_err *err);

#endif
