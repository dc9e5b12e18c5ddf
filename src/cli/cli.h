/* cli.h: what the files of the acquis command line share. Each subcommand
 * lives in its own cmd_<name>.c and exposes one entry point that takes the
 * arguments after the subcommand name (argv[0] is the subcommand) and
 * returns the process exit status: 0 success (for search: hits found),
 * 1 no result, 2 error. Errors go to stderr as "acquis NAME: message". */
#ifndef ACQ_CLI_H
#define ACQ_CLI_H

#include "acquis.h"
#include "ingest/ingest.h"

int cli_index(int argc, char **argv);
int cli_add(int argc, char **argv);
int cli_show(int argc, char **argv);
int cli_delete(int argc, char **argv);
int cli_optimize(int argc, char **argv);
int cli_search(int argc, char **argv);
int cli_stats(int argc, char **argv);
int cli_eval(int argc, char **argv);
int cli_batch(int argc, char **argv);
int cli_fuse(int argc, char **argv);
int cli_bench(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_cites(int argc, char **argv); /* cites and cited-by */

/* Reading inputs into an index, shared by `index` (a rebuild, or --append)
 * and `add` (cmd_index.c). */
typedef struct cli_ingest_job {
    const char *cmd;            /* the subcommand, for messages */
    const char *dir;
    acq_writer_options opts;    /* opts.replace set: a rebuild, merged into
                                   one segment at the end; else an append,
                                   left to the merge policy */
    const char **inputs;
    int ninputs;
    int quiet;
    acq_ingest_options ingest;  /* e.g. acts split into articles */
} cli_ingest_job;

/* Returns the exit status: 0, or 2 after printing why (nothing is then
 * committed: the index is as it was). */
int cli_ingest(const cli_ingest_job *job);

#endif
