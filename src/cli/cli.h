/* cli.h: what the files of the acquis command line share. Each subcommand
 * lives in its own cmd_<name>.c and exposes one entry point that takes the
 * arguments after the subcommand name (argv[0] is the subcommand) and
 * returns the process exit status: 0 success (for search: hits found),
 * 1 no result, 2 error. Errors go to stderr as "acquis NAME: message". */
#ifndef ACQ_CLI_H
#define ACQ_CLI_H

int cli_index(int argc, char **argv);
int cli_search(int argc, char **argv);
int cli_stats(int argc, char **argv);
int cli_eval(int argc, char **argv);
int cli_batch(int argc, char **argv);
int cli_bench(int argc, char **argv);

#endif
