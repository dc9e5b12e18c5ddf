/* cmd_stats.c: `acquis stats`: what an index holds, per language too, and
 * what each kind of file weighs. */
#include "acquis.h"
#include "cli/cli.h"
#include "cli/output.h"

#include <stdio.h>
#include <string.h>

int cli_stats(int argc, char **argv)
{
    const char *dir = "index";
    int json = 0, check = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf("usage: acquis stats [-i DIR] [--json] [--check]\n\n"
                   "Prints the documents, terms, postings and positions of the index in DIR\n"
                   "(default: index) and the size of each kind of file. --check first\n"
                   "verifies every checksum of every file (searches verify what they read)\n"
                   "and exits 2 naming the damaged file. Then, per language of the\n"
                   "documents (the code each was analysed with): documents, words and\n"
                   "distinct terms (summed over segments, like the total).\n\n"
                   "example:\n  acquis stats -i index --json\n  acquis stats -i index --check\n");
            return 0;
        } else if (strcmp(argv[i], "-i") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "--check") == 0) {
            check = 1;
        } else {
            fprintf(stderr, "acquis stats: unknown argument '%s' (see acquis stats --help)\n", argv[i]);
            return 2;
        }
    }
    char msg[1024];
    acq_index *ix;
    if (acq_index_open(&ix, dir, msg, sizeof msg) != ACQ_OK) {
        fprintf(stderr, "acquis stats: %s\n", msg);
        return 2;
    }
    if (check && acq_index_verify(ix, msg, sizeof msg) != ACQ_OK) {
        fprintf(stderr, "acquis stats: %s\n", msg);
        acq_index_close(ix);
        return 2;
    }
    acq_index_stats s = ACQ_INDEX_STATS_INIT;
    int rc = acq_index_stats_get(ix, &s);
    if (rc != ACQ_OK) {
        acq_index_close(ix);
        fprintf(stderr, "acquis stats: %s: %s\n", dir, acq_strerror(rc));
        return 2;
    }
    /* Languages: 64 at most are told apart (search/multilang.h). */
    acq_language_stats langs[64];
    size_t nlangs = 0;
    rc = acq_index_languages(ix, langs, 64, &nlangs, 1, msg, sizeof msg);
    acq_index_close(ix);
    if (rc != ACQ_OK) {
        fprintf(stderr, "acquis stats: %s\n", msg);
        return 2;
    }
    if (nlangs > 64)
        nlangs = 64;
    if (json) {
        json_stats(stdout, &s, langs, nlangs);
        putchar('\n');
        return 0;
    }
    uint64_t total = s.bytes_dictionary + s.bytes_postings + s.bytes_positions + s.bytes_stored +
                     s.bytes_lengths + s.bytes_other;
    char b[32];
    printf("index       %s\n", dir);
    printf("documents   %llu (%llu deleted, %llu segments)\n", (unsigned long long)s.documents,
           (unsigned long long)s.deleted, (unsigned long long)s.segments);
    printf("terms       %llu\npostings    %llu\npositions   %llu\n", (unsigned long long)s.terms,
           (unsigned long long)s.postings, (unsigned long long)s.positions);
    printf("dictionary  %s (.tdi)\n", cli_human_size(s.bytes_dictionary, b, sizeof b));
    printf("postings    %s (.doc)\n", cli_human_size(s.bytes_postings, b, sizeof b));
    printf("positions   %s (.pos)\n", cli_human_size(s.bytes_positions, b, sizeof b));
    printf("stored      %s (.fdm, .fdt)\n", cli_human_size(s.bytes_stored, b, sizeof b));
    printf("lengths     %s (.len)\n", cli_human_size(s.bytes_lengths, b, sizeof b));
    printf("total       %s\n", cli_human_size(total, b, sizeof b));
    printf("languages   %zu\n", nlangs);
    for (size_t i = 0; i < nlangs; i++)
        printf("  %-9s %llu documents, %llu words, %llu terms\n", langs[i].lang,
               (unsigned long long)langs[i].documents, (unsigned long long)langs[i].tokens,
               (unsigned long long)langs[i].terms);
    return 0;
}
