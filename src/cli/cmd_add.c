/* cmd_add.c: `acquis add`: adds documents to an existing index, replacing
 * those with the same id (the same as `acquis index --append`, but the index
 * must exist: a mistyped DIR is an error, not a new empty index). Reading
 * and writing are cli_ingest's (cmd_index.c). */
#include "acquis.h"
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *f)
{
    fprintf(f,
            "usage: acquis add [-i DIR] [--memory MB] [--compression N] [-j N] [--quiet]\n"
            "                  INPUT...\n"
            "\n"
            "Adds the documents of each INPUT (JSON Lines, plain or .gz, or a folder of\n"
            "documents, as for acquis index) to the index in DIR. A document whose id\n"
            "is already in DIR replaces it (the last one read wins). The commit is\n"
            "atomic: searches see the old documents until it, and after a failure, or\n"
            "an INPUT without a single document (exit status 2), DIR is unchanged.\n"
            "Segments are merged as the merge policy asks; acquis optimize merges\n"
            "them all.\n"
            "\n"
            "  -i DIR             the index (default: index); it must exist\n"
            CLI_INGEST_OPTIONS_HELP
            "\n"
            "examples:\n"
            "  acquis add -i index new-acts.jsonl\n"
            "  acquis show -i index --json 32016R0794 | sed 's/Europol/EUROPOL/' > fixed.jsonl\n"
            "  acquis add -i index fixed.jsonl\n");
}

int cli_add(int argc, char **argv)
{
    cli_ingest_job job;
    cli_ingest_job_init(&job, "add");
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    if (inputs == NULL) {
        fprintf(stderr, "acquis add: out of memory\n");
        return 2;
    }
    int rc = -1;
    for (int i = 1; i < argc && rc < 0; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help(stdout);
            rc = 0;
        } else if (strcmp(a, "-i") == 0 && i + 1 < argc) {
            job.dir = argv[++i];
        } else if (cli_ingest_option(&job, argc, argv, &i, &rc)) {
            continue;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "acquis add: unknown option '%s' (see acquis add --help)\n", a);
            rc = 2;
        } else {
            inputs[job.ninputs++] = a;
        }
    }
    if (rc < 0 && job.ninputs == 0) {
        fprintf(stderr, "acquis add: no INPUT given (see acquis add --help)\n");
        rc = 2;
    }
    if (rc < 0) {
        /* The index must exist: its message says how to create one. */
        char msg[1024];
        acq_index *ix;
        if (acq_index_open(&ix, job.dir, msg, sizeof msg) != ACQ_OK) {
            fprintf(stderr, "acquis add: %s\n", msg);
            rc = 2;
        } else {
            acq_index_close(ix);
            job.inputs = inputs;
            rc = cli_ingest(&job);
        }
    }
    free(inputs);
    return rc;
}
