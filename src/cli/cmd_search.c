/* cmd_search.c: `acquis search`: one query against an index, printed for a
 * person (rank, score, id, date, title) or as JSON Lines (--json). Exit
 * status: 0 with hits, 1 without, 2 on error. */
#include "acquis.h"
#include "cli/cli.h"
#include "cli/output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *f)
{
    fprintf(f,
            "usage: acquis search [-i DIR] [-k N] [--offset N] [--k1 X] [--b Y]\n"
            "                     [--lang CODE] [--json] QUERY...\n"
            "\n"
            "Ranked BM25 search: the words of QUERY are a ranked OR, analysed like\n"
            "the documents (case, accents, stemming), so Prüm, PRÜM, Prum and Prüm's\n"
            "find the same documents. EU identifiers are kept whole: 2016/794,\n"
            "2008/615/JHA, C-311/18.\n"
            "\n"
            "  -i DIR       the index (default: index)\n"
            "  -k N         number of hits (default 10)\n"
            "  --offset N   skip the first N hits (paging)\n"
            "  --k1 X       BM25 k1 (default 0.9)\n"
            "  --b Y        BM25 b (default 0.4)\n"
            "  --lang CODE  analyse the query in this language (default: the index's)\n"
            "  --json       one JSON object per hit\n"
            "\n"
            "Exit status: 0 with hits, 1 without, 2 on error.\n"
            "\n"
            "examples:\n"
            "  acquis search 'Prüm'\n"
            "  acquis search -k 5 'police cooperation encryption'\n"
            "  acquis search --json 'Regulation (EU) 2016/794'\n");
}

static int parse_double(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || v < 0 || v > 1000)
        return -1;
    *out = v;
    return 0;
}

int cli_search(int argc, char **argv)
{
    const char *dir = "index";
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    int json = 0;
    char query[8192];
    query[0] = '\0';
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help(stdout);
            return 0;
        } else if (strcmp(a, "-i") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(a, "-k") == 0 && i + 1 < argc) {
            long k = atol(argv[++i]);
            if (k < 1 || k > 1000000) {
                fprintf(stderr, "acquis search: -k wants a number from 1 to 1000000\n");
                return 2;
            }
            o.k = (size_t)k;
        } else if (strcmp(a, "--offset") == 0 && i + 1 < argc) {
            long off = atol(argv[++i]);
            if (off < 0 || off > 1000000) {
                fprintf(stderr, "acquis search: --offset wants a number from 0 to 1000000\n");
                return 2;
            }
            o.offset = (size_t)off;
        } else if (strcmp(a, "--k1") == 0 && i + 1 < argc) {
            if (parse_double(argv[++i], &o.k1) != 0) {
                fprintf(stderr, "acquis search: --k1 wants a number >= 0, such as 0.9\n");
                return 2;
            }
        } else if (strcmp(a, "--b") == 0 && i + 1 < argc) {
            if (parse_double(argv[++i], &o.b) != 0 || o.b > 1) {
                fprintf(stderr, "acquis search: --b wants a number from 0 to 1, such as 0.4\n");
                return 2;
            }
        } else if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
            o.lang = argv[++i];
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++) {
                strncat(query, " ", sizeof query - strlen(query) - 1);
                strncat(query, argv[i], sizeof query - strlen(query) - 1);
            }
        } else if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "acquis search: unknown option '%s' (see acquis search --help)\n", a);
            return 2;
        } else {
            /* Anything else, even starting with '-', is query text. */
            if (query[0])
                strncat(query, " ", sizeof query - strlen(query) - 1);
            strncat(query, a, sizeof query - strlen(query) - 1);
        }
    }
    if (query[0] == '\0') {
        fprintf(stderr, "acquis search: no QUERY given (see acquis search --help)\n");
        return 2;
    }
    char msg[1024];
    acq_index *ix;
    int rc = acq_index_open(&ix, dir, msg, sizeof msg);
    if (rc != ACQ_OK) {
        fprintf(stderr, "acquis search: %s\n", msg);
        return 2;
    }
    acq_results *r;
    rc = acq_search(&r, ix, query, &o, msg, sizeof msg);
    if (rc != ACQ_OK) {
        fprintf(stderr, "acquis search: %s\n", msg);
        acq_index_close(ix);
        return 2;
    }
    size_t n = acq_results_count(r);
    for (size_t i = 0; i < n; i++) {
        const acq_hit *h = acq_results_hit(r, i);
        if (json) {
            printf("{\"rank\":%zu,\"score\":%.6f,\"id\":", o.offset + i + 1, h->score);
            cli_json_string(stdout, h->id);
            printf(",\"title\":");
            cli_json_string(stdout, h->title);
            printf(",\"date\":");
            cli_json_string(stdout, h->date[0] ? h->date : NULL);
            printf(",\"type\":");
            cli_json_string(stdout, h->type[0] ? h->type : NULL);
            printf(",\"lang\":");
            cli_json_string(stdout, h->lang[0] ? h->lang : NULL);
            printf(",\"celex\":");
            cli_json_string(stdout, h->celex[0] ? h->celex : NULL);
            printf(",\"url\":");
            cli_json_string(stdout, h->url[0] ? h->url : NULL);
            printf("}\n");
        } else {
            printf("%3zu  %8.4f  %s  %s  %s\n", o.offset + i + 1, h->score, h->id,
                   h->date[0] ? h->date : "----------", h->title);
        }
    }
    if (!json && n == 0)
        fprintf(stderr, "no documents match\n");
    acq_results_free(r);
    acq_index_close(ix);
    return n > 0 ? 0 : 1;
}
