/* zpipe.h: a second thread that compresses and writes stored-field blocks
 * while the calling thread goes on analysing and inverting documents, so
 * that compression and checksumming leave the critical path of indexing
 * (`acquis index -j 2`).
 *
 * One worker thread runs the jobs in the order they were submitted, so a
 * store writer's blocks reach its file in the same order, with the same
 * bytes, as without a pipe: an index built with threads is identical to one
 * built without. The queue is bounded (back-pressure: a submit waits while
 * it is full), so the memory the pipe holds is small and fixed (32 blocks). The first
 * failure of a job is kept; later jobs are skipped and every later submit
 * and the drain return it. */
#ifndef ACQ_SEGMENT_ZPIPE_H
#define ACQ_SEGMENT_ZPIPE_H

#include "common/buf.h"
#include "common/error.h"

typedef struct acq_zpipe acq_zpipe;

/* A job: runs on the worker with the block it was given (data, len),
 * returns ACQ_OK or an error set in err. */
typedef int (*acq_zpipe_fn)(void *ctx, const uint8_t *data, size_t len, uint32_t tag, acq_err *err);

/* Starts the worker; ACQ_ENOMEM or ACQ_EIO (no thread) on failure. */
int acq_zpipe_open(acq_zpipe **out, acq_err *err);
/* Queues fn(ctx, copy of data[0..len), tag), waiting while the queue is
 * full. Returns the pipe's first failure, if any, or ACQ_ENOMEM. */
int acq_zpipe_submit(acq_zpipe *p, acq_zpipe_fn fn, void *ctx, const uint8_t *data, size_t len, uint32_t tag,
                     acq_err *err);
/* Waits until every queued job has run; returns the first failure. */
int acq_zpipe_drain(acq_zpipe *p, acq_err *err);
/* Drains (discarding the result), stops and joins the worker, frees. NULL
 * is allowed. */
void acq_zpipe_close(acq_zpipe *p);

#endif
