/* relevance.h: the ranking options that `acquis batch` and `acquis search`
 * share (--model, --mu, --rm3, --bo1, --fb-docs, --fb-terms,
 * --fb-orig-weight, --title-weight, --plain), their help text and their
 * record in a run's settings file. */
#ifndef ACQ_CLI_RELEVANCE_H
#define ACQ_CLI_RELEVANCE_H

#include "acquis.h"

#include <stdio.h>

/* If `a` is one of these options, applies it (with value v, which may be
 * NULL when missing) and returns the number of arguments used (1 or 2);
 * 0 if `a` is none of them; -1 after printing "acquis CMD: message". */
int cli_relevance_option(const char *cmd, const char *a, const char *v, acq_search_options *o);
/* The options' lines for --help. */
void cli_relevance_help(FILE *f);
/* ,"model": ..., "feedback": {...}, "title_weight": ... for settings JSON. */
void cli_relevance_settings(FILE *f, const acq_search_options *o);

#endif
