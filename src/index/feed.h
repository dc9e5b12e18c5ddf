/* feed.h: the segment builder on a thread of its own (acquis index -j 2
 * and more). The writer's thread reads, checks and analyses a document and
 * records what it would tell the builder (its tokens, lengths and stored
 * fields) as a document's operations; the feed's thread replays them into
 * the builder, in order, while the writer analyses the next documents. Up
 * to ACQ_FEED_SLOTS documents are in flight, so that neither thread waits
 * for the other when documents of very different sizes alternate. The
 * builder's memory after each document is kept for the writer's flush
 * rule, which looks up to ACQ_FLUSH_LAG documents back (writer.c): the writer
 * flushes at the very documents one thread would, and the index is the
 * same bytes whatever the number of threads. A full run is written, or
 * a full segment finished (sorted, encoded, written), on a third thread,
 * beside the next documents. */
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

/* Flush checks look at the memory after the document this many back, so
 * that the writer can analyse that many ahead of the builder. The lead is
 * what lets both threads run while the scheduler hands the cores around:
 * on jha-en with -j 2, a sixth of the two cores sat idle with a lag of
 * 32 documents (3 ms of analysis), a tenth with 64, a twentieth with 128
 * (with 8, the writer waited 0.5 s of a 6 s run for slots). */
#define ACQ_FLUSH_LAG 128
/* ... and no further back than the documents that hold this many tokens
 * (but at least ACQ_FLUSH_LAG_MIN documents): the memory that the
 * documents looked past add, uncounted, stays a few MB whatever their
 * size, where 128 documents of a few MB each would add hundreds. */
#define ACQ_FLUSH_LAG_TOKENS ((uint64_t)1 << 20)
#define ACQ_FLUSH_LAG_MIN 4
/* Documents recorded or in flight at once: the lag, the one being
 * recorded. */
#define ACQ_FEED_SLOTS (ACQ_FLUSH_LAG + 1)

/* Starts the feed's thread. */
int acq_feed_start(acq_feed **out, acq_err *err);
/* Waits for the documents in flight, then stops and frees the feed. */
void acq_feed_stop(acq_feed *f);

/* Operations recorded and replayed on one thread (acquis index -j 1):
 * a document's tokens go to the builder together, which lets it fetch
 * their memory ahead (acq_builder_add_tokens). */
acq_doc_ops *acq_doc_ops_new(void);
void acq_doc_ops_free(acq_doc_ops *o);
/* Begins a document in b and adds its recorded tokens; the caller ends it
 * (acq_builder_end_doc) with its stored fields. */
int acq_doc_ops_add_tokens(const acq_doc_ops *o, acq_builder *b, acq_err *err);

/* The operations being recorded (empty after acq_feed_submit). */
acq_doc_ops *acq_feed_ops(acq_feed *f);
void acq_doc_ops_reset(acq_doc_ops *o);
/* Recording; -1 when out of memory. */
int acq_doc_ops_token(acq_doc_ops *o, int field, uint32_t term, uint32_t pos);
/* Tokens recorded so far. */
size_t acq_doc_ops_tokens(const acq_doc_ops *o);
/* The document's end: its lengths and stored fields, copied. */
int acq_doc_ops_end(acq_doc_ops *o, uint32_t body_len, uint32_t title_len, uint32_t date, uint32_t text_start,
                    const char *const *meta, const size_t *meta_lens, const char *text, size_t text_len);

/* Documents submitted so far (numbered 0, 1, ...). */
uint64_t acq_feed_submitted(const acq_feed *f);
/* Waits until document n (submitted) is in its builder and sets
 * *builder_memory (if not NULL) to acq_builder_memory right after it; n
 * must be one of the last ACQ_FEED_SLOTS submitted. Returns a replay's
 * error if one failed (the builder is then unusable and the documents
 * after it were dropped), else ACQ_OK. */
int acq_feed_wait_for(acq_feed *f, uint64_t n, size_t *builder_memory, acq_err *err);
/* Waits until every submitted document is in its builder (or dropped
 * after a failure); the failure, if any. */
int acq_feed_wait(acq_feed *f, acq_err *err);
/* Hands the recorded document to the thread, which replays it into b
 * (begin, tokens, end) after those before it, and starts a new recording,
 * waiting for its slot to be free. Every document in flight must be for
 * the same builder: call acq_feed_wait before changing builders. Returns
 * a replay's failure, if one was seen while waiting. */
int acq_feed_submit(acq_feed *f, acq_builder *b, acq_err *err);

/* Finishing a flushed segment (acq_finish_segment) on a thread of its
 * own, while the writer goes on with the next one. Waits for the previous
 * finish first (one at a time, so that memory stays bounded) and returns
 * its result; b and vocab are the feed's from the call on, whatever it
 * returns. */
int acq_feed_finish(acq_feed *f, acq_builder *b, acq_term_bytes_fn term_of, acq_vocab *vocab, int spill,
                    acq_err *err);
/* Finishes b (acq_builder_finish) and frees vocab, whatever happens. With
 * spill, a builder that wrote runs first writes what is still in memory as
 * its last run and frees it and the vocabulary before the merge
 * (acq_builder_write_last_run): for a segment finished while the next one
 * fills, whose memory would otherwise add to the next one's. Without (the
 * commit's segment: nothing else runs beside its merge), the merge reads
 * the postings still in memory directly, which saves writing and reading
 * them back after the last document. Here or on the feed's finishing
 * thread. */
int acq_finish_segment(acq_builder *b, acq_term_bytes_fn term_of, acq_vocab *vocab, int spill, acq_err *err);
/* The same for a run detached from the builder (acq_builder_run_write,
 * then freeing its vocabulary), while the documents go on into the
 * builder; r and vocab are the feed's from the call on. */
int acq_feed_write_run(acq_feed *f, acq_builder_run *r, acq_term_bytes_fn term_of, acq_vocab *vocab, acq_err *err);
/* Waits for the finish in flight, if any; its result. */
int acq_feed_finish_wait(acq_feed *f, acq_err *err);

#endif
