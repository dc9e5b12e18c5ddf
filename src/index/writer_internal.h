/* writer_internal.h: what the writer offers libacquis's own command line
 * and tests beyond acquis.h. acquis index computes each document's
 * citations on the thread that reads and parses its input (ingest/jsonl.c),
 * off the thread that analyses, and hands them over here. */
#ifndef ACQ_INDEX_WRITER_INTERNAL_H
#define ACQ_INDEX_WRITER_INTERNAL_H

#include "acquis.h"
#include "knowledge/cited.h"

/* acq_writer_add_fields, with the document's citations computed beforehand
 * by acq_cited_collect on the same title, text, CELEX number and fields
 * (the writer then extracts none): the same index as acq_writer_add_fields
 * gives. ACQ_EARG if cited is NULL. */
int acq_writer_add_fields_cited(acq_writer *w, const acq_document *doc, const acq_field *fields, size_t nfields,
                                const acq_cited *cited);

/* Runs a segment gathers before it is finished (builder.h): at most, and
 * by default, ACQ_BUILDER_MAX_RUNS. With 1 every flush finishes a segment,
 * as before runs existed: the tests of many segments build them so. */
void acq_writer_set_runs_per_segment(acq_writer *w, int runs);
/* Runs written for the segment being built (0 without one). */
size_t acq_writer_runs(const acq_writer *w);

#endif
