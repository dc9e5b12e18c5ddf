/* cmd_search.c: `acquis search`: one query against an index, printed for a
 * person (rank, score, id, date, title, then the best passage with the
 * matching words highlighted) or as JSON Lines (--json). Exit status: 0 with
 * hits, 1 without, 2 on error. */
#include "acquis.h"
#include "cli/cli.h"
#include "cli/output.h"
#include "cli/relevance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(FILE *f)
{
    fprintf(f,
            "usage: acquis search [-i DIR] [-k N] [--offset N] [--count] [--fields LIST]\n"
            "                     [--explain] [--no-snippets] [--k1 X] [--b Y] [--lang CODE]\n"
            "                     [--json] QUERY...\n"
            "\n"
            "Ranked BM25 search. Words are analysed like the documents (case, accents,\n"
            "stemming), so Prüm, PRÜM, Prum and Prüm's find the same documents, and EU\n"
            "identifiers are kept whole: 2016/794, 2008/615/JHA, C-311/18.\n"
            "An act named by the query (Prüm, the Prüm Decision, SIS II, Dublin III,\n"
            "Regulation (EU) 2016/794, 32016R0794, or a partial 2008/615) also finds\n"
            "the acts that cite it in any form, scored as one word (the instruments\n"
            "table: corpus/instruments.md); --no-expand turns this off.\n"
            "\n"
            "Query language:\n"
            "  police cooperation            ranked OR of the words\n"
            "  +europol -frontex             required / excluded word\n"
            "  europol AND (sis OR prum)     AND, OR, NOT, parentheses (NOT > AND > OR)\n"
            "  \"European Arrest Warrant\"     exact phrase\n"
            "  \"encryption lawful\"~5         words within 5 positions, any order\n"
            "  title:europol celex:32016R0794 id:...   fields (title id celex type lang)\n"
            "  eurovoc:\"police cooperation\"   an extra field of the input (acquis stats\n"
            "                                lists them): the whole value, a filter\n"
            "  interoperab*                  prefix (at most 1024 expansions)\n"
            "  date:2015..2018 type:DIR lang:fr        filters: no effect on scores\n"
            "\n"
            "  -i DIR         the index (default: index)\n"
            "  -k N           number of hits (default 10)\n"
            "  --offset N     skip the first N hits (paging); past the last hit, says\n"
            "                 how many documents match and exits 1\n"
            "  --count        also print the exact number of matching documents\n"
            "  --fields LIST  columns for people: rank,score,id,date,title,type,lang,\n"
            "                 celex,url,snippet (default rank,score,id,date,title,snippet)\n"
            "  --explain      how each hit's score was made: tf, idf, field length;\n"
            "                 first, the query as run, with its expansions\n"
            "  --no-expand    instrument names and act numbers stay words: no\n"
            "                 expansion of Prüm, SIS II, 2008/615, Regulation\n"
            "                 2016/794 to the act, its versions and what cites it\n"
            "  --thesaurus PATH  expand words and phrases that are labels of a\n"
            "                 thesaurus concept to its synonyms and translations\n"
            "                 (a CONCEPT<TAB>LANG<TAB>LABEL file, or a folder of\n"
            "                 LANG.json label maps such as EuroVoc's)\n"
            "  --facets LIST  count all matches per value of these fields: type, lang,\n"
            "                 celex, id, year or an extra field (e.g. type,year,eurovoc)\n"
            "  --facet-limit N  values shown per facet (default 10)\n"
            "  --collapse F   one hit per value of F (e.g. celex: the best version of\n"
            "                 each act), saying how many more it stands for\n"
            "  --no-snippets  no passage under each hit (faster)\n"
            "  --k1 X --b Y   BM25 parameters (default 0.9 and 0.4)\n"
            "  --lang CODE    analyse the query in this language only (default: in each\n"
            "                 language of the index, each document matched through its\n"
            "                 own; add lang:CODE to keep only that language's documents)\n"
            "  --json         one JSON object per hit, with the snippet and the byte\n"
            "                 offsets of its highlighted words\n"
            "  --plain        the query is plain text, not query syntax\n");
    cli_relevance_help(f);
    fprintf(f,
            "\n"
            "Exit status: 0 with hits, 1 without, 2 on error.\n"
            "\n"
            "examples:\n"
            "  acquis search 'Prüm'\n"
            "  acquis search '\"police cooperation\" encryption'\n"
            "  acquis search 'Regulation (EU) 2016/794'\n"
            "  acquis search --count '\"money laundering\" date:2015..2018'\n"
            "  acquis search --json -k 5 'title:europol +mandate'\n"
            "  acquis search --facets type,year --collapse celex 'money laundering'\n");
}

/* The query, joined from the words of the command line. */
typedef struct qtext {
    char *s;
    size_t len, cap;
} qtext;

static int qtext_add(qtext *q, const char *word)
{
    size_t n = strlen(word);
    if (q->len + n + 2 > q->cap) {
        size_t cap = (q->len + n + 2) * 2;
        char *p = realloc(q->s, cap);
        if (p == NULL)
            return -1;
        q->s = p;
        q->cap = cap;
    }
    if (q->len)
        q->s[q->len++] = ' ';
    memcpy(q->s + q->len, word, n + 1);
    q->len += n;
    return 0;
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

enum { F_RANK = 1, F_SCORE = 2, F_ID = 4, F_DATE = 8, F_TITLE = 16, F_TYPE = 32, F_LANG = 64,
       F_CELEX = 128, F_URL = 256, F_SNIPPET = 512 };

static int parse_fields(const char *s, unsigned *out)
{
    static const char *names[] = {"rank", "score", "id", "date", "title", "type", "lang", "celex", "url", "snippet"};
    unsigned f = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        size_t i;
        for (i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strcmp(tok, names[i]) == 0)
                break;
        if (i == sizeof names / sizeof names[0])
            return -1;
        f |= 1u << i;
    }
    *out = f;
    return f ? 0 : -1;
}

/* The snippet with highlights: ANSI bold on a terminal, [..] otherwise. */
static void print_snippet(const acq_hit *h, int tty)
{
    if (h->snippet == NULL)
        return;
    const char *s = h->snippet;
    size_t at = 0, len = strlen(s);
    fputs("     ", stdout);
    for (size_t m = 0; m < h->match_count; m++) {
        uint32_t a = h->match_offsets[2 * m], b = h->match_offsets[2 * m + 1];
        if (a < at || b > len || a > b)
            continue;
        fwrite(s + at, 1, a - at, stdout);
        fputs(tty ? "\033[1;31m" : "[", stdout);
        fwrite(s + a, 1, b - a, stdout);
        fputs(tty ? "\033[0m" : "]", stdout);
        at = b;
    }
    fwrite(s + at, 1, len - at, stdout);
    fputc('\n', stdout);
}

static void print_json(const acq_hit *h, size_t rank, int snippets)
{
    json_hit(stdout, h, rank, snippets ? JSON_HIT_ALL : JSON_HIT_ALL & ~JSON_HIT_SNIPPET);
    putchar('\n');
}

/* Facets after the hits: one line per facet ("type: REG 120, DIR 40 (5
 * values)"), or with --json one object {"facets":{"type":{"distinct":5,
 * "values":[["REG",120],...]}}}. */
static void print_facets(const acq_results *r, int json)
{
    size_t nf = acq_results_facets(r);
    if (nf == 0)
        return;
    if (json) {
        printf("{\"facets\":");
        json_facets(stdout, r);
        printf("}\n");
        return;
    }
    printf("\n");
    for (size_t i = 0; i < nf; i++) {
        const acq_facet_value *v;
        size_t n;
        uint64_t distinct;
        const char *name = acq_results_facet(r, i, &v, &n, &distinct);
        printf("%s:", name);
        for (size_t k = 0; k < n; k++) {
            printf("%s ", k ? "," : "");
            for (const unsigned char *c = (const unsigned char *)v[k].value; *c; c++)
                putchar(*c < 0x20 || *c == 0x7f ? ' ' : *c);
            printf(" %llu", (unsigned long long)v[k].count);
        }
        printf("%s(%llu value%s)\n", n ? " " : " ", (unsigned long long)distinct, distinct == 1 ? "" : "s");
    }
}

static void print_human(const acq_hit *h, size_t rank, unsigned f, int tty)
{
    int sp = 0;
#define SEP() (sp++ ? fputs("  ", stdout) : 0)
    if (f & F_RANK) { SEP(); printf("%3zu", rank); }
    if (f & F_SCORE) { SEP(); printf("%8.4f", h->score); }
    if (f & F_ID) { SEP(); fputs(h->id, stdout); }
    if (f & F_DATE) { SEP(); fputs(h->date[0] ? h->date : "----------", stdout); }
    if (f & F_TYPE) { SEP(); fputs(h->type[0] ? h->type : "-", stdout); }
    if (f & F_LANG) { SEP(); fputs(h->lang[0] ? h->lang : "-", stdout); }
    if (f & F_CELEX) { SEP(); fputs(h->celex[0] ? h->celex : "-", stdout); }
    if (f & F_TITLE) { SEP(); fputs(h->title, stdout); }
    if (f & F_URL) { SEP(); fputs(h->url, stdout); }
    if (h->collapsed) { SEP(); printf("(+%llu more of the same)", (unsigned long long)h->collapsed); }
#undef SEP
    if (sp)
        fputc('\n', stdout);
    if (f & F_SNIPPET)
        print_snippet(h, tty);
    if (h->explanation)
        printf("%s", h->explanation);
}

int cli_search(int argc, char **argv)
{
    const char *dir = "index";
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    int json = 0, count = 0, snippets = 1;
    unsigned fields = F_RANK | F_SCORE | F_ID | F_DATE | F_TITLE | F_SNIPPET;
    qtext query = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int rel = a[0] == '-' ? cli_relevance_option("search", a, i + 1 < argc ? argv[i + 1] : NULL, &o) : 0;
        if (rel < 0) {
            free(query.s);
            return 2;
        }
        if (rel > 0) {
            i += rel - 1;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help(stdout);
            free(query.s);
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
        } else if (strcmp(a, "--fields") == 0 && i + 1 < argc) {
            if (parse_fields(argv[++i], &fields) != 0) {
                fprintf(stderr, "acquis search: --fields wants a comma list of rank,score,id,date,title,type,lang,celex,url,snippet\n");
                return 2;
            }
        } else if (strcmp(a, "--facets") == 0 && i + 1 < argc) {
            o.facets = argv[++i];
        } else if (strcmp(a, "--facet-limit") == 0 && i + 1 < argc) {
            long l = atol(argv[++i]);
            if (l < 1 || l > 100000) {
                fprintf(stderr, "acquis search: --facet-limit wants a number from 1 to 100000\n");
                free(query.s);
                return 2;
            }
            o.facet_limit = (size_t)l;
        } else if (strcmp(a, "--collapse") == 0 && i + 1 < argc) {
            o.collapse = argv[++i];
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--count") == 0) {
            count = 1;
        } else if (strcmp(a, "--explain") == 0) {
            o.explain = 1;
        } else if (strcmp(a, "--no-expand") == 0) {
            o.no_expand = 1;
        } else if (strcmp(a, "--thesaurus") == 0 && i + 1 < argc) {
            o.thesaurus = argv[++i];
        } else if (strcmp(a, "--no-snippets") == 0) {
            snippets = 0;
        } else if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++) {
                if (qtext_add(&query, argv[i]) != 0) {
                    free(query.s);
                    return 2;
                }
            }
        } else if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "acquis search: unknown option '%s' (see acquis search --help)\n", a);
            free(query.s);
            return 2;
        } else {
            /* Anything else, even starting with '-', is query text. */
            if (qtext_add(&query, a) != 0) {
                free(query.s);
                return 2;
            }
        }
    }
    if (query.len == 0) {
        fprintf(stderr, "acquis search: no QUERY given (see acquis search --help)\n");
        free(query.s);
        return 2;
    }
    if (!json && !(fields & F_SNIPPET))
        snippets = 0;
    o.snippets = snippets;
    o.count = count;
    char msg[1024];
    acq_index *ix;
    int rc = acq_index_open(&ix, dir, msg, sizeof msg);
    if (rc != ACQ_OK) {
        fprintf(stderr, "acquis search: %s\n", msg);
        free(query.s);
        return 2;
    }
    acq_results *r;
    rc = acq_search(&r, ix, query.s, &o, msg, sizeof msg);
    if (rc != ACQ_OK) {
        if (rc == ACQ_EQUERY)
            fprintf(stderr, "acquis search: %s\n  %s\n", msg, query.s);
        else
            fprintf(stderr, "acquis search: %s\n", msg);
        acq_index_close(ix);
        free(query.s);
        return 2;
    }
    if (o.explain && !json) { /* the query as run: its expansions first */
        char desc[8192];
        if (acq_query_describe(ix, query.s, &o, desc, sizeof desc, msg, sizeof msg) == ACQ_OK)
            printf("%s\n", desc);
    }
    int tty = isatty(1);
    size_t n = acq_results_count(r);
    if (count && !json)
        printf("%llu matching documents\n", (unsigned long long)acq_results_total(r));
    if (count && json)
        printf("{\"count\":%llu}\n", (unsigned long long)acq_results_total(r));
    for (size_t i = 0; i < n; i++) {
        const acq_hit *h = acq_results_hit(r, i);
        if (json)
            print_json(h, o.offset + i + 1, snippets);
        else
            print_human(h, o.offset + i + 1, fields, tty);
    }
    print_facets(r, json);
    uint64_t total = acq_results_total(r);
    acq_results_free(r);
    /* A page past the last hit is no hits (exit 1), but "no documents
     * match" would be wrong: say how many there are. */
    if (n == 0 && o.offset > 0 && !count) {
        /* Without --count the total is only the documents scored, which
         * pruning may leave short: count exactly, as --count does. */
        acq_search_options c = o;
        c.k = 1;
        c.offset = 0;
        c.count = 1;
        c.snippets = 0;
        c.explain = 0;
        c.no_fields = 1;
        c.facets = NULL;
        if ((rc = acq_search(&r, ix, query.s, &c, msg, sizeof msg)) != ACQ_OK) {
            fprintf(stderr, "acquis search: %s\n", msg);
            acq_index_close(ix);
            free(query.s);
            return 2;
        }
        total = acq_results_total(r);
        acq_results_free(r);
    }
    if (n == 0 && o.offset > 0 && total > 0)
        fprintf(stderr, "the query matches %llu document%s: --offset %zu skips %s (use an offset below %llu)\n",
                (unsigned long long)total, total == 1 ? "" : "s", o.offset, total == 1 ? "it" : "them all",
                (unsigned long long)total);
    else if (!json && n == 0 && !count)
        fprintf(stderr, "no documents match\n");
    acq_index_close(ix);
    free(query.s);
    return n > 0 ? 0 : 1;
}
