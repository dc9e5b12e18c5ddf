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

/* A job for subcommand cmd with the defaults of both: one thread per core,
 * whole acts, the writer's defaults. */
void cli_ingest_job_init(cli_ingest_job *job, const char *cmd);
/* The options `acquis index` and `acquis add` share (--memory MB,
 * --compression N, -j N / --threads N, --quiet / -q): if argv[*i] is one,
 * takes it and its value (advancing *i) into job and returns 1, setting
 * *rc to 2 after printing why when the value is wrong; else returns 0. */
int cli_ingest_option(cli_ingest_job *job, int argc, char **argv, int *i, int *rc);
/* The help lines of those options. */
#define CLI_INGEST_OPTIONS_HELP \
    "  --memory MB        memory budget (default 256): at a quarter of it the\n" \
    "                     postings in memory are written out as a run, and\n" \
    "                     the commit merges the runs into one segment\n" \
    "  --compression N    stored texts: 1 LZ4, fastest (default); 2 to 9 deflate, smaller\n" \
    "  -j N, --threads N  threads (default: one per core): with 2 or more, the\n" \
    "                     input is read ahead, documents are inverted on a\n" \
    "                     second thread while the next ones are analysed,\n" \
    "                     runs are written beside the next documents, the\n" \
    "                     segment is encoded on two threads, and merges\n" \
    "                     write stored texts\n" \
    "                     beside the postings; with 3 or more, stored texts\n" \
    "                     are compressed on a thread of their own. The\n" \
    "                     index is the same bytes whatever N\n" \
    "  --quiet            no progress display and no summary\n"

/* Returns the exit status: 0, or 2 after printing why (nothing is then
 * committed: the index is as it was). */
int cli_ingest(const cli_ingest_job *job);

#endif
