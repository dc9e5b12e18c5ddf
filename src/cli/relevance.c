/* relevance.c: the shared ranking options of relevance.h. */
#include "cli/relevance.h"

#include "cli/output.h"

#include <stdlib.h>
#include <string.h>

static int number(const char *s, double lo, double hi, double *out)
{
    char *end;
    if (s == NULL)
        return -1;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

int cli_relevance_option(const char *cmd, const char *a, const char *v, acq_search_options *o)
{
    double x;
    if (strcmp(a, "--rm3") == 0 || strcmp(a, "--bo1") == 0) {
        o->feedback = a[2] == 'r' ? 1 : 2;
        return 1;
    }
    if (strcmp(a, "--plain") == 0) {
        o->plain = 1;
        return 1;
    }
    if (strcmp(a, "--model") == 0) {
        if (v == NULL || (strcmp(v, "bm25") && strcmp(v, "ql") && strcmp(v, "dph") && strcmp(v, "sdm"))) {
            fprintf(stderr, "acquis %s: --model wants bm25, ql, dph or sdm\n", cmd);
            return -1;
        }
        o->model = v;
        return 2;
    }
    if (strcmp(a, "--mu") == 0) {
        if (number(v, 1, 1e9, &o->mu) != 0) {
            fprintf(stderr, "acquis %s: --mu wants a number >= 1, such as 1000\n", cmd);
            return -1;
        }
        return 2;
    }
    if (strcmp(a, "--fb-docs") == 0 || strcmp(a, "--fb-terms") == 0) {
        if (number(v, 1, 1000, &x) != 0 || x != (int)x) {
            fprintf(stderr, "acquis %s: %s wants a whole number from 1 to 1000\n", cmd, a);
            return -1;
        }
        *(a[5] == 'd' ? &o->fb_docs : &o->fb_terms) = (int)x;
        return 2;
    }
    if (strcmp(a, "--fb-orig-weight") == 0) {
        if (number(v, 0, 1, &o->fb_orig_weight) != 0) {
            fprintf(stderr, "acquis %s: --fb-orig-weight wants a number from 0 to 1, such as 0.5\n", cmd);
            return -1;
        }
        return 2;
    }
    if (strcmp(a, "--title-weight") == 0) {
        if (number(v, 0, 1000, &o->title_weight) != 0) {
            fprintf(stderr, "acquis %s: --title-weight wants a number >= 0, such as 2\n", cmd);
            return -1;
        }
        return 2;
    }
    return 0;
}

void cli_relevance_help(FILE *f)
{
    fprintf(f,
            "  --model M      bm25 (default); ql: query likelihood with Dirichlet\n"
            "                 smoothing (--mu, default 1000); dph: Terrier's DPH;\n"
            "                 sdm: BM25 with sequential dependence (adjacent words as\n"
            "                 a phrase 0.1 and a window of 8 0.05, words 0.85)\n"
            "  --mu X         ql's Dirichlet mu (default 1000)\n"
            "  --rm3          RM3 feedback as Anserini's (--fb-docs 10, --fb-terms 10,\n"
            "                 --fb-orig-weight 0.5); search --explain shows the expansion\n"
            "  --bo1          Bo1 feedback as Terrier's (--fb-docs 3, --fb-terms 10)\n"
            "  --fb-docs N, --fb-terms N, --fb-orig-weight X   feedback settings\n"
            "  --title-weight X  score each word in the title too, with weight X\n"
            "  These rewrite plain text (a ranked OR of words); a word typed twice\n"
            "  counts twice.\n");
}

void cli_relevance_settings(FILE *f, const acq_search_options *o)
{
    const char *m = o->model ? o->model : "bm25";
    fprintf(f, ",\n  \"model\": ");
    json_string(f, m);
    if (strcmp(m, "ql") == 0)
        fprintf(f, ",\n  \"mu\": %g", o->mu > 0 ? o->mu : 1000.0);
    if (o->feedback == 1)
        fprintf(f, ",\n  \"feedback\": {\"method\": \"rm3\", \"fb_docs\": %d, \"fb_terms\": %d, "
                   "\"original_query_weight\": %g}",
                o->fb_docs > 0 ? o->fb_docs : 10, o->fb_terms > 0 ? o->fb_terms : 10,
                o->fb_orig_weight >= 0 ? o->fb_orig_weight : 0.5);
    else if (o->feedback == 2)
        fprintf(f, ",\n  \"feedback\": {\"method\": \"bo1\", \"fb_docs\": %d, \"fb_terms\": %d}",
                o->fb_docs > 0 ? o->fb_docs : 3, o->fb_terms > 0 ? o->fb_terms : 10);
    else
        fprintf(f, ",\n  \"feedback\": null");
    fprintf(f, ",\n  \"title_weight\": %g", o->title_weight);
}
