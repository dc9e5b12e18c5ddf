/* cited.h: the acts a document cites, as its "cites" field holds them: the
 * CELEX number of every act its title and text cite (citations.h), each
 * once, in the order first cited, the document's own number left out, and
 * those its caller already gave as "cites" fields left out (a document
 * shown with --json and added back carries them). The writer computes them
 * for each document it adds; acquis index computes them beforehand, on the
 * thread that reads and parses its input, and hands them to the writer
 * (index/writer_internal.h): the same list either way. */
#ifndef ACQ_KNOWLEDGE_CITED_H
#define ACQ_KNOWLEDGE_CITED_H

#include "acquis.h"
#include "knowledge/citations.h"

#include <stddef.h>

typedef struct acq_cited {
    char (*celex)[ACQ_CELEX_MAX];
    size_t n, cap;
    acq_citations scratch;   /* one text's citations */
} acq_cited;

/* Fills c (emptied first) for a document; title and text may be NULL with
 * length 0. ACQ_OK, or ACQ_ENOMEM: c then holds what was found before
 * memory ran out (a document is indexed with what was found). */
int acq_cited_collect(acq_cited *c, const char *title, size_t title_len, const char *text, size_t text_len,
                      const char *celex, size_t celex_len, const acq_field *given, size_t ngiven);
void acq_cited_free(acq_cited *c);

#endif
