/* batch.h: a topic set run against an index into a TREC run, the one
 * implementation behind `acquis batch` (src/cli/cmd_batch.c) and
 * acq_batch_run (acquis.h; the Python package's acquis.batch). */
#ifndef ACQ_BATCH_BATCH_H
#define ACQ_BATCH_BATCH_H

#include "acquis.h"
#include "common/error.h"
#include "eval/eval.h"

#define ACQ_BATCH_MAX_THREADS 64

/* Runs every topic of `topics` (see acq_batch_run in acquis.h for what the
 * run holds). `name`, when not NULL, is the topics file: failures then read
 * "NAME:LINE: topic QID: message" as acquis batch prints them, else "topic
 * QID: message". threads is 1..ACQ_BATCH_MAX_THREADS (fewer are used when
 * threads cannot be started: slower, the same run). Topics are not checked
 * here (acq_topics_read did, or acq_batch_run does). */
int acq_batch_topics(acq_batch **out, acq_index *ix, const acq_topics *topics, const char *name,
                     const acq_search_options *opts, int threads, const char *tag, acq_err *err);

#endif
