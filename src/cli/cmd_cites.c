/* cmd_cites.c: `acquis cites` and `acquis cited-by`: what an act cites and
 * what cites it, with counts (acq_act_cites, acq_act_cited_by). Exit
 * status 0 with links, 1 without, 2 on error. */
#include "acquis.h"
#include "cli/cli.h"
#include "cli/output.h"

#include <stdio.h>
#include <string.h>

static void help(FILE *f, int by)
{
    fprintf(f,
            "usage: acquis %s [-i DIR] [--json] [--] ACT\n"
            "\n"
            "%s\n"
            "ACT is any reference to an act: a CELEX number (32008D0615), a citation\n"
            "(\"Council Decision 2008/615/JHA\", 2008/615/JHA, 2008/615) or a name from\n"
            "the instruments table (\"Prüm Decision\"). Citations are those the index\n"
            "found in the texts (the cites field: `acquis search cites:ACT`).\n"
            "\n"
            "  -i DIR   the index (default: index)\n"
            "  --json   one JSON object per act: celex, count, name, title, date\n"
            "\n"
            "Exit status: 0 with at least one act listed, 1 with none, 2 on error.\n"
            "\n"
            "examples:\n"
            "  acquis %s -i index 32008D0617\n"
            "  acquis %s -i index 'Prüm Decision'\n",
            by ? "cited-by" : "cites",
            by ? "Lists the acts that cite ACT, those with most citing documents (versions,\n"
                 "articles) first, with that number."
               : "Lists the acts that ACT cites, the most cited first, with the number of\n"
                 "ACT's documents (its versions, its articles) that cite each.",
            by ? "cited-by" : "cites", by ? "cited-by" : "cites");
}

int cli_cites(int argc, char **argv)
{
    int by = strcmp(argv[0], "cited-by") == 0;
    const char *cmd = by ? "cited-by" : "cites";
    const char *dir = "index", *act = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            help(stdout, by);
            return 0;
        } else if (strcmp(a, "-i") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--") == 0 && i + 1 < argc && act == NULL) {
            act = argv[++i];
        } else if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "acquis %s: unknown option '%s' (see acquis %s --help)\n", cmd, a, cmd);
            return 2;
        } else if (act == NULL) {
            act = a;
        } else {
            fprintf(stderr, "acquis %s: one ACT only (quote a citation with spaces)\n", cmd);
            return 2;
        }
    }
    if (act == NULL) {
        fprintf(stderr, "acquis %s: no ACT given (see acquis %s --help)\n", cmd, cmd);
        return 2;
    }
    char msg[1024];
    acq_index *ix;
    if (acq_index_open(&ix, dir, msg, sizeof msg) != ACQ_OK) {
        fprintf(stderr, "acquis %s: %s\n", cmd, msg);
        return 2;
    }
    acq_act_links *l;
    int rc = by ? acq_act_cited_by(&l, ix, act, msg, sizeof msg) : acq_act_cites(&l, ix, act, msg, sizeof msg);
    if (rc != ACQ_OK) {
        fprintf(stderr, "acquis %s: %s\n", cmd, msg);
        acq_index_close(ix);
        return 2;
    }
    size_t n = acq_act_links_count(l);
    uint64_t docs = acq_act_links_documents(l);
    if (!json) {
        if (by)
            printf("%s is cited by %zu act%s (%llu document%s)\n", acq_act_links_act(l), n, n == 1 ? "" : "s",
                   (unsigned long long)docs, docs == 1 ? "" : "s");
        else if (docs == 0)
            printf("%s is not in this index\n", acq_act_links_act(l));
        else
            printf("%s (%llu document%s) cites %zu act%s\n", acq_act_links_act(l), (unsigned long long)docs,
                   docs == 1 ? "" : "s", n, n == 1 ? "" : "s");
    }
    for (size_t i = 0; i < n; i++) {
        const acq_act_link *k = acq_act_links_get(l, i);
        if (json) {
            json_act_link(stdout, k);
            putchar('\n');
        } else {
            printf("%6llu  %-16s %-10s %s%s%s\n", (unsigned long long)k->count, k->celex, *k->date ? k->date : "-",
                   *k->name ? k->name : "", *k->name && *k->title ? ": " : "", k->title);
        }
    }
    acq_act_links_free(l);
    acq_index_close(ix);
    return n > 0 ? 0 : 1;
}
