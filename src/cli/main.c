/* main.c: the acquis command line's entry point: dispatches subcommands and
 * prints the general help. Each subcommand lives in cmd_<name>.c. */
#include "acquis.h"
#include "cli/cli.h"
#include "knowledge/instruments.h"

#include <stdlib.h>

#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static void usage(FILE *f)
{
    fprintf(f,
            "acquis %s: full-text search for EU justice and home affairs texts\n"
            "\n"
            "usage: acquis COMMAND [OPTIONS]\n"
            "\n"
            "commands:\n"
            "  index     build an index from JSON Lines files or folders of documents\n"
            "  add       add documents to an index, replacing those with the same id\n"
            "  delete    delete documents by id or by query\n"
            "  show      print a stored document whole, by id\n"
            "  optimize  merge every segment into one (also: merge)\n"
            "  search    ranked BM25 search of an index\n"
            "  cites     the acts an act cites, with counts\n"
            "  cited-by  the acts that cite an act, with counts\n"
            "  stats     documents, deletions, segments, terms and file sizes of an index\n"
            "  bench     query latency (p50, p95, p99) and queries per second\n"
            "  serve     the search page and a JSON API over HTTP\n"
            "  eval      trec_eval figures (MAP, P@10, nDCG@10, ...) of a run file\n"
            "  batch     run a topics file against an index into a TREC run file\n"
            "  fuse      combine run files (reciprocal rank fusion, CombSUM)\n"
            "  help      this text; `acquis COMMAND --help` for a command\n"
            "\n"
            "Any command takes --instruments FILE: your own table of instruments, read\n"
            "over the bundled one (corpus/instruments.md).\n"
            "\n"
            "examples:\n"
            "  acquis index -o index corpus/jha.jsonl\n"
            "  acquis search -i index 'Prüm'\n"
            "  acquis search -i index -k 5 --json 'Regulation (EU) 2016/794'\n"
            "  acquis show -i index europol-regulation-2016-794\n"
            "  acquis add -i index new-acts.jsonl\n"
            "  acquis delete -i index --query 'type:DEC date:..1999'\n"
            "  acquis stats -i index\n"
            "  acquis serve -i index --port 8080\n"
            "  acquis eval qrels.txt run.txt\n",
            acq_version());
}

/* `--instruments FILE` anywhere after the command: the user's own table,
 * loaded over the bundled one by every part of the program (indexing reads
 * citations with it, searches expand its names). Checked here, so that a
 * bad line is an error naming it, not a table silently missing. Removes
 * the option from argv; returns 0, or 2 after saying why. */
static int own_instruments(int *argc, char **argv)
{
    int w = 1;
    const char *file = NULL;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[w++] = argv[i++];
            break;
        }
        if (strcmp(argv[i], "--instruments") == 0 && i + 1 < *argc)
            file = argv[++i];
        else
            argv[w++] = argv[i];
    }
    *argc = w;
    argv[w] = NULL;
    if (file == NULL)
        return 0;
    setenv(ACQ_INSTRUMENTS_ADD_ENV, file, 1);
    acq_instruments *kb;
    acq_err err = {0};
    if (acq_instruments_open(&kb, &err) != ACQ_OK) {
        fprintf(stderr, "acquis: --instruments: %s\n", err.msg);
        return 2;
    }
    acq_instruments_free(kb);
    return 0;
}

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    /* Buffers of 256 KB and more come from mmap and go back to the system
     * when freed. glibc's default raises this threshold as large blocks
     * are freed, up to 32 MB, and then serves an index build's segment
     * buffers from the heap, where freed pages stay: peak memory grew by a
     * sixth from 1 to 4 copies of jha-en (issue 14) and is flat with this. */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
    if (own_instruments(&argc, argv) != 0)
        return 2;
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "index") == 0)
        return cli_index(argc - 1, argv + 1);
    if (strcmp(cmd, "add") == 0)
        return cli_add(argc - 1, argv + 1);
    if (strcmp(cmd, "delete") == 0)
        return cli_delete(argc - 1, argv + 1);
    if (strcmp(cmd, "show") == 0)
        return cli_show(argc - 1, argv + 1);
    if (strcmp(cmd, "optimize") == 0 || strcmp(cmd, "merge") == 0)
        return cli_optimize(argc - 1, argv + 1);
    if (strcmp(cmd, "search") == 0)
        return cli_search(argc - 1, argv + 1);
    if (strcmp(cmd, "cites") == 0 || strcmp(cmd, "cited-by") == 0)
        return cli_cites(argc - 1, argv + 1);
    if (strcmp(cmd, "stats") == 0)
        return cli_stats(argc - 1, argv + 1);
    if (strcmp(cmd, "bench") == 0)
        return cli_bench(argc - 1, argv + 1);
    if (strcmp(cmd, "serve") == 0)
        return cli_serve(argc - 1, argv + 1);
    if (strcmp(cmd, "eval") == 0)
        return cli_eval(argc - 1, argv + 1);
    if (strcmp(cmd, "batch") == 0)
        return cli_batch(argc - 1, argv + 1);
    if (strcmp(cmd, "fuse") == 0)
        return cli_fuse(argc - 1, argv + 1);
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("acquis %s\n", acq_version());
        return 0;
    }
    fprintf(stderr, "acquis: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return 2;
}
