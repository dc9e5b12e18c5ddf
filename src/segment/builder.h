/* builder.h: inverts documents into an in-memory segment, writes its
 * postings out as runs when asked, and finishes it into files (seg-NAME.*).
 * Memory use is tracked so that the writer can flush within its budget.
 * The builder takes analysed tokens; it does not analyse (index/writer.c
 * owns the analyzers). */
#ifndef ACQ_SEGMENT_BUILDER_H
#define ACQ_SEGMENT_BUILDER_H

#include "common/error.h"
#include "segment/format.h"
#include "segment/writers.h"

typedef struct acq_builder acq_builder;

/* Opens a builder writing segment files "<dir>/<name>.*". threads >= 2
 * compresses and writes the stored fields on a second thread (zpipe.h);
 * the files are the same bytes either way. */
int acq_builder_open(acq_builder **out, const char *dir, const char *name, int zlevel, int threads,
                     acq_err *err);
/* With threads >= 2 the flush encodes terms on two threads (the same
 * bytes); default one. */
void acq_builder_set_flush_threads(acq_builder *b, int threads);
/* Starts a document; the builder assigns doc numbers 0, 1, ... */
void acq_builder_begin_doc(acq_builder *b);
/* Adds a document's tokens, in order: term ids (in the writer's vocab) at
 * their positions, with the memory each will touch fetched a few tokens
 * ahead (a token's slot, and where its position goes, are random accesses
 * into tens of MB). */
typedef struct acq_token_op {
    uint32_t term, pos, field;
} acq_token_op;
int acq_builder_add_tokens(acq_builder *b, const acq_token_op *ops, size_t n, acq_err *err);
/* Ends the document: lengths, date and stored fields. meta[] holds the
 * ACQ_META_* fields (NULL/0 when absent). */
/* text_start: the body position where the text begins (after the title and
 * the field gap); phrase matching uses it as the title/text boundary. */
int acq_builder_end_doc(acq_builder *b, uint32_t body_len, uint32_t title_len, uint32_t date, uint32_t text_start,
                        const char *const *meta, const size_t *meta_lens,
                        const char *text, size_t text_len, acq_err *err);
uint32_t acq_builder_docs(const acq_builder *b);
/* Bytes of buffered postings, positions and bookkeeping. */
size_t acq_builder_memory(const acq_builder *b);
/* Writes the dictionary, postings, positions and lengths (stored fields
 * are already streaming to disk), fsyncs everything; the runs, written
 * before, are merged in and removed. term_of maps the vocab
 * id to its bytes. Frees the builder whatever happens. */
typedef const char *(*acq_term_bytes_fn)(void *ctx, uint32_t term, size_t *len);
int acq_builder_finish(acq_builder *b, acq_term_bytes_fn term_of, void *ctx, acq_err *err);
/* Frees the builder and removes the files it created. */
void acq_builder_abort(acq_builder *b);

/* Runs (runs.h): the postings in memory, taken out at the writer's flush
 * point and written sorted and raw, so that the builder goes on with empty
 * postings and the same documents, stored fields and lengths; the finish
 * merges them with what is still in memory and encodes each term once.
 * A builder holds at most ACQ_BUILDER_MAX_RUNS (then the writer finishes
 * the segment). */
#define ACQ_BUILDER_MAX_RUNS 64
typedef struct acq_builder_run acq_builder_run;
/* Takes the postings in memory out of b as the next run; term ids from
 * here on are for a new vocabulary (the old one must live until the run is
 * written). */
int acq_builder_detach_run(acq_builder *b, acq_builder_run **out, acq_err *err);
size_t acq_builder_runs(const acq_builder *b);
/* Sorts and writes the run to its file (on any thread: it shares nothing
 * with its builder) and frees it, whatever happens. term_of maps the
 * run's term ids. A failure loses the builder's documents: the writer
 * aborts it (which removes the runs). */
int acq_builder_run_write(acq_builder_run *r, acq_term_bytes_fn term_of, void *ctx, acq_err *err);
/* Frees a run not written. */
void acq_builder_run_free(acq_builder_run *r);
/* Before acq_builder_finish of a builder that wrote runs: writes what is
 * still in memory as its last run, so that the finish merges runs only
 * and needs no term bytes (*all_written = 1: term_of may then be NULL, and
 * the caller frees the vocabulary and the postings' memory first, so that
 * the merge's peak does not add to a run's). Does nothing without runs, or
 * with the most runs already. On failure the caller aborts b. */
int acq_builder_write_last_run(acq_builder *b, acq_term_bytes_fn term_of, void *ctx, int *all_written, acq_err *err);

#endif
