/* cmd_optimize.c: `acquis optimize` (also `acquis merge`): merges every
 * segment of an index into one on request (acq_writer_merge), dropping
 * deleted documents for good. Commits merge only as the merge policy asks;
 * this is for an index that will now be searched a lot and written little. */
#include "acquis.h"
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static void help(FILE *f, const char *name)
{
    fprintf(f,
            "usage: acquis %s [-i DIR] [--quiet]\n"
            "\n"
            "Merges all the segments of the index in DIR into one and drops deleted\n"
            "documents for good, so that searches read one dictionary. Searches may go\n"
            "on meanwhile: they see the index as it was until the merge is committed.\n"
            "Adding and deleting merge only as the merge policy asks (segments of one\n"
            "size tier, ten at a time).\n"
            "\n"
            "  -i DIR    the index (default: index)\n"
            "  --quiet   no summary\n"
            "\n"
            "example:\n"
            "  acquis %s -i index\n",
            name, name);
}

static int stats_of(const char *dir, acq_index_stats *st, char *msg, size_t n)
{
    acq_index *ix;
    int rc = acq_index_open(&ix, dir, msg, n);
    if (rc != ACQ_OK)
        return rc;
    st->size = sizeof *st;
    rc = acq_index_stats_get(ix, st);
    if (rc != ACQ_OK)
        snprintf(msg, n, "%s: %s", dir, acq_strerror(rc));
    acq_index_close(ix);
    return rc;
}

int cli_optimize(int argc, char **argv)
{
    const char *name = argv[0], *dir = "index";
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            help(stdout, name);
            return 0;
        } else if (strcmp(argv[i], "-i") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            quiet = 1;
        } else {
            fprintf(stderr, "acquis %s: unknown argument '%s' (see acquis %s --help)\n", name, argv[i], name);
            return 2;
        }
    }
    char msg[1024];
    acq_index_stats before = ACQ_INDEX_STATS_INIT, after = ACQ_INDEX_STATS_INIT;
    /* Checked first, since opening a writer would create an empty index. */
    if (stats_of(dir, &before, msg, sizeof msg) != ACQ_OK) {
        fprintf(stderr, "acquis %s: %s\n", name, msg);
        return 2;
    }
    acq_writer *w;
    if (acq_writer_open(&w, dir, NULL, msg, sizeof msg) != ACQ_OK) {
        fprintf(stderr, "acquis %s: %s\n", name, msg);
        return 2;
    }
    /* Counted again under the writer's lock: another writer may have
     * committed since. */
    int rc = stats_of(dir, &before, msg, sizeof msg);
    if (rc == ACQ_OK && (rc = acq_writer_merge(w)) != ACQ_OK)
        snprintf(msg, sizeof msg, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    if (rc == ACQ_OK)
        rc = stats_of(dir, &after, msg, sizeof msg);
    if (rc != ACQ_OK) {
        fprintf(stderr, "acquis %s: %s\n", name, msg);
        fprintf(stderr, "acquis %s: nothing merged; %s is as it was\n", name, dir);
        return 2;
    }
    if (!quiet)
        fprintf(stderr, "merged %llu segment%s into %llu and dropped %llu deleted document%s: %s holds %llu\n",
                (unsigned long long)before.segments, before.segments == 1 ? "" : "s",
                (unsigned long long)after.segments, (unsigned long long)before.deleted,
                before.deleted == 1 ? "" : "s", dir, (unsigned long long)after.documents);
    return 0;
}
