/* test_cli.c: the acquis command line end to end: index the bundled corpus
 * and the seed articles, search them (spellings of Prüm, identifiers,
 * --json), stats, bad input reported with file and line, exit statuses, and
 * a failed indexing run leaving the existing index untouched. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static char *run(int *status, const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    char *out = NULL;
    *status = test_run(cmd, &out);
    return out;
}

/* The id of the first hit of a --json search, or "" (static buffer). */
static const char *first_id(const char *dir, const char *query)
{
    static char id[256];
    int st;
    /* Double quotes for queries with an apostrophe (the tests use no '$'). */
    char *out = strchr(query, '\'') ? run(&st, "%s search -i '%s' --json -- \"%s\"", ACQ_CLI_PATH, dir, query)
                                     : run(&st, "%s search -i '%s' --json -- '%s'", ACQ_CLI_PATH, dir, query);
    id[0] = '\0';
    const char *p = out ? strstr(out, "\"id\":\"") : NULL;
    if (p) {
        p += 6;
        size_t n = strcspn(p, "\"");
        snprintf(id, sizeof id, "%.*s", (int)n, p);
    }
    free(out);
    return id;
}

static char *bundled_index(void)
{
    char *dir = test_tmpdir();
    int st;
    char *out = run(&st, "%s index -q -o '%s' '%s/corpus/jha.jsonl' 2>&1", ACQ_CLI_PATH, dir, ACQ_SOURCE_DIR);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    return dir;
}

Test(cli, bundled_corpus_prum_spellings_find_the_prum_decision)
{
    char *dir = bundled_index();
    const char *spellings[] = {"Prüm", "PRÜM", "Prum", "prüm", "Prüm's", "Prüm’s"};
    for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
        cr_assert_str_eq(first_id(dir, spellings[i]), "prum-decision-2008-615", "query %s", spellings[i]);
    test_rmrf(dir);
    free(dir);
}

Test(cli, bundled_corpus_identifiers_are_found_as_written)
{
    char *dir = bundled_index();
    cr_assert_str_eq(first_id(dir, "Regulation (EU) 2016/794"), "europol-regulation-2016-794");
    cr_assert_str_eq(first_id(dir, "32016R0794"), "europol-regulation-2016-794");
    cr_assert_str_eq(first_id(dir, "2008/615/JHA"), "prum-decision-2008-615");
    cr_assert_str_eq(first_id(dir, "C-216/18 PPU"), "cjeu-lm-c-216-18-ppu");
    cr_assert_str_eq(first_id(dir, "encryption"), "council-resolution-encryption-2020");
    test_rmrf(dir);
    free(dir);
}

Test(cli, seeds_prum_and_encryption_rank_their_articles_first)
{
    char seeds[4096];
    snprintf(seeds, sizeof seeds, "%s/seeds", ACQ_SHARED_DIR);
    if (!test_exists(seeds))
        cr_skip_test("no %s", seeds);
    char *dir = test_tmpdir();
    int st;
    char *out = run(&st, "%s index -q -o '%s' '%s' 2>&1", ACQ_CLI_PATH, dir, seeds);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    /* The seed on the Council conclusions names the Prüm framework; the one
     * on the Council statement is about the encryption resolution. */
    cr_assert_str_eq(first_id(dir, "Prüm"), "002_bf1340cdd4bd5b01.txt");
    cr_assert_str_eq(first_id(dir, "prum"), "002_bf1340cdd4bd5b01.txt");
    cr_assert_str_eq(first_id(dir, "encryption"), "004_dfe0ab15415b6c77.txt");
    test_rmrf(dir);
    free(dir);
}

Test(cli, search_output_json_and_exit_status)
{
    char *dir = bundled_index();
    int st;
    char *out = run(&st, "%s search -i '%s' -k 3 'police cooperation'", ACQ_CLI_PATH, dir);
    cr_assert_eq(st, 0);
    cr_assert(strncmp(out, "  1  ", 5) == 0, "%s", out);
    free(out);
    out = run(&st, "%s search -i '%s' -k 2 --json 'Europol'", ACQ_CLI_PATH, dir);
    cr_assert_eq(st, 0);
    cr_assert(strstr(out, "{\"rank\":1,\"score\":") == out, "%s", out);
    cr_assert(strstr(out, "\n{\"rank\":2,") != NULL, "%s", out);
    cr_assert(strstr(out, "\"date\":\"") && strstr(out, "\"title\":\""), "%s", out);
    free(out);
    out = run(&st, "%s search -i '%s' 'zzzqqqxxx' 2>/dev/null", ACQ_CLI_PATH, dir);
    cr_assert_eq(st, 1, "no hits is exit status 1");
    free(out);
    out = run(&st, "%s search -i '%s/nothing' europol 2>&1", ACQ_CLI_PATH, dir);
    cr_assert_eq(st, 2);
    cr_assert(strstr(out, "no index") != NULL, "%s", out);
    free(out);
    out = run(&st, "%s search -i '%s' -k 0 europol 2>&1", ACQ_CLI_PATH, dir);
    cr_assert_eq(st, 2);
    free(out);
    /* Legal text is never query syntax... */
    const char *legal[] = {"Regulation (EU) 2016/794", "C-311/18", "anti-money-laundering", "Article 2: data",
                           "Art. 5(1)(a)", "2008/615/JHA", "(EU) No 575/2013", "e-evidence"};
    for (size_t i = 0; i < sizeof legal / sizeof legal[0]; i++) {
        out = run(&st, "%s search -i '%s' --no-snippets -- '%s' 2>&1", ACQ_CLI_PATH, dir, legal[i]);
        cr_assert(st == 0 || st == 1, "%s: %s", legal[i], out);
        free(out);
    }
    /* ...and bad syntax gets a message pointing at the column. */
    out = run(&st, "%s search -i '%s' -- 'europol \"police cooperation' 2>&1", ACQ_CLI_PATH, dir);
    cr_assert_eq(st, 2, "%s", out);
    cr_assert(strstr(out, "column 9") != NULL, "%s", out);
    free(out);
    test_rmrf(dir);
    free(dir);
}

Test(cli, stats_report_documents_and_files)
{
    char *dir = bundled_index();
    int st;
    char *out = run(&st, "%s stats -i '%s' --json", ACQ_CLI_PATH, dir);
    cr_assert_eq(st, 0);
    cr_assert(strstr(out, "\"documents\":35,") != NULL, "%s", out);
    cr_assert(strstr(out, "\"postings\":") && strstr(out, "\"dictionary\":"), "%s", out);
    free(out);
    out = run(&st, "%s stats -i '%s'", ACQ_CLI_PATH, dir);
    cr_assert(strstr(out, "documents   35") != NULL, "%s", out);
    free(out);
    test_rmrf(dir);
    free(dir);
}

Test(cli, bad_lines_are_reported_and_the_rest_indexed)
{
    char *dir = test_tmpdir();
    char input[4200];
    snprintf(input, sizeof input, "%s/in.jsonl", dir);
    cr_assert_eq(test_write_file(input,
        "{\"id\":\"a\",\"title\":\"Europol\",\"text\":\"Europol supports police cooperation.\"}\n"
        "{\"id\":\"b\",\"title\":\"broken\",\"text\":\"no closing brace\"\n"
        "{\"id\":\"c\",\"title\":\"bad \xC3\x28 utf8\",\"text\":\"x\"}\n"
        "{\"title\":\"no id\"}\n"
        "{\"id\":\"d\",\"title\":\"Schengen\",\"text\":\"The Schengen Information System.\"}\n"), 0);
    int st;
    char *out = run(&st, "%s index -o '%s/ix' '%s' 2>&1", ACQ_CLI_PATH, dir, input);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "in.jsonl:2:") != NULL, "%s", out);
    cr_assert(strstr(out, "in.jsonl:3:") != NULL, "%s", out);
    cr_assert(strstr(out, "in.jsonl:4:") != NULL, "%s", out);
    cr_assert(strstr(out, "indexed 2 documents") != NULL, "%s", out);
    free(out);
    char ix[4200];
    snprintf(ix, sizeof ix, "%s/ix", dir);
    cr_assert_str_eq(first_id(ix, "schengen"), "d");
    test_rmrf(dir);
    free(dir);
}

Test(cli, a_failed_run_leaves_the_index_untouched)
{
    char *dir = bundled_index();
    int st;
    char *out = run(&st, "%s index -q -o '%s' /nonexistent/input.jsonl 2>&1", ACQ_CLI_PATH, dir);
    cr_assert_eq(st, 2, "%s", out);
    cr_assert(strstr(out, "unchanged") != NULL, "%s", out);
    free(out);
    cr_assert_str_eq(first_id(dir, "Prüm"), "prum-decision-2008-615");
    test_rmrf(dir);
    free(dir);
}

Test(cli, help_and_unknown_commands)
{
    int st;
    char *out = run(&st, "%s help", ACQ_CLI_PATH);
    cr_assert_eq(st, 0);
    cr_assert(strstr(out, "search") != NULL);
    free(out);
    const char *cmds[] = {"index", "search", "stats", "eval"};
    for (size_t i = 0; i < 4; i++) {
        out = run(&st, "%s %s --help", ACQ_CLI_PATH, cmds[i]);
        cr_assert_eq(st, 0, "%s --help", cmds[i]);
        cr_assert(strstr(out, "sage: acquis") != NULL, "%s", out);
        free(out);
    }
    out = run(&st, "%s frobnicate 2>&1", ACQ_CLI_PATH);
    cr_assert_eq(st, 2);
    free(out);
}

/* --json output read back with the project's own JSON Lines reader: every
 * line is a valid object with the documented fields, and each match offset
 * pair lies inside the snippet, on a word the query asked for. */
#include "ingest/ingest.h"

typedef struct json_check {
    int docs;
    char first_id[128];
} json_check;

static int on_json_doc(void *ctx, const acq_ingest_doc *d)
{
    json_check *c = ctx;
    cr_assert_not_null(d->doc.id);
    cr_assert_not_null(d->doc.title);
    if (c->docs++ == 0)
        snprintf(c->first_id, sizeof c->first_id, "%.*s", (int)d->doc.id_len, d->doc.id);
    return ACQ_OK;
}

static void on_json_problem(void *ctx, const char *source, uint64_t line, const char *message)
{
    (void)ctx;
    cr_assert_fail("%s:%llu: %s", source, (unsigned long long)line, message);
}

Test(cli, json_output_parses_back)
{
    char *dir = bundled_index();
    int st;
    char *out = run(&st, "%s search -i '%s' -k 5 --json 'Europol \"police cooperation\"'", ACQ_CLI_PATH, dir);
    cr_assert_eq(st, 0);
    char path[4200];
    snprintf(path, sizeof path, "%s/out.jsonl", dir);
    cr_assert_eq(test_write_file(path, out), 0);
    json_check c = {0};
    acq_ingest_callbacks cb = {on_json_doc, on_json_problem, NULL, &c, NULL};
    acq_err err = {0};
    cr_assert_eq(acq_ingest_path(path, &cb, NULL, &err), ACQ_OK, "%s", err.msg);
    cr_assert_eq(c.docs, 5);
    /* Match offsets: each pair inside the snippet, on "europol",
     * "police" or "cooperation" (any case). */
    const char *line = out;
    int pairs = 0;
    while (line && *line) {
        const char *sn = strstr(line, "\"snippet\":\"");
        const char *m = strstr(line, "\"matches\":[");
        cr_assert(sn && m, "%s", line);
        sn += 11;
        /* Unescape the snippet (only \" \\ \n \t occur here). */
        char snip[2048];
        size_t n = 0;
        for (const char *p = sn; *p && *p != '"' && n < sizeof snip - 1; p++) {
            if (*p == '\\') {
                p++;
                snip[n++] = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
            } else {
                snip[n++] = *p;
            }
        }
        snip[n] = '\0';
        const char *p = m + 11;
        unsigned a, b;
        int used;
        while (sscanf(p, "[%u,%u]%n", &a, &b, &used) == 2) {
            cr_assert_lt(a, b);
            cr_assert_leq(b, n, "offset %u past the snippet (%zu bytes)", b, n);
            char word[64];
            snprintf(word, sizeof word, "%.*s", (int)(b - a), snip + a);
            for (char *q = word; *q; q++)
                *q = (char)(*q >= 'A' && *q <= 'Z' ? *q + 32 : *q);
            cr_assert(strcmp(word, "europol") == 0 || strcmp(word, "police") == 0 ||
                      strncmp(word, "cooperat", 8) == 0 || strncmp(word, "europol", 7) == 0,
                      "highlighted \"%s\"", word);
            pairs++;
            p += used;
            if (*p == ',')
                p++;
        }
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    cr_assert_gt(pairs, 5);
    free(out);
    test_rmrf(dir);
    free(dir);
}

Test(cli, phrases_with_stopwords_hyphens_and_case)
{
    char *dir = test_tmpdir();
    char input[4200];
    snprintf(input, sizeof input, "%s/in.jsonl", dir);
    cr_assert_eq(test_write_file(input,
        "{\"id\":\"afsj\",\"title\":\"Treaty\",\"text\":\"The area of freedom, security and justice.\"}\n"
        "{\"id\":\"aml\",\"title\":\"AML\",\"text\":\"Rules against Money-Laundering and its financing.\"}\n"
        "{\"id\":\"other\",\"title\":\"Other\",\"text\":\"Freedom of the area; laundering of money.\"}\n"), 0);
    int st;
    char *out = run(&st, "%s index -q -o '%s/ix' '%s' 2>&1", ACQ_CLI_PATH, dir, input);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    char ix[4200];
    snprintf(ix, sizeof ix, "%s/ix", dir);
    const struct { const char *q; const char *first; int count; } cases[] = {
        {"\"area of freedom\"", "afsj", 1},          /* a stopword inside: its gap is kept */
        {"\"area freedom\"", "", 0},                  /* ...so without it, no match */
        {"\"money laundering\"", "aml", 1},           /* hyphen and case */
        {"\"MONEY-LAUNDERING\"", "aml", 1},
        {"\"laundering money\"", "", 0},              /* order matters */
        {"\"laundering money\"~2", NULL, 2},          /* proximity: any order, a stopword between */
        {"\"freedom security justice\"~2", "afsj", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        out = run(&st, "%s search -i '%s' --count --no-snippets -- '%s'", ACQ_CLI_PATH, ix, cases[i].q);
        char want[64];
        snprintf(want, sizeof want, "%d matching documents", cases[i].count);
        cr_assert(strstr(out, want) != NULL, "%s: %s", cases[i].q, out);
        cr_assert_eq(st, cases[i].count ? 0 : 1, "%s", cases[i].q);
        if (cases[i].count && cases[i].first)
            cr_assert_str_eq(first_id(ix, cases[i].q), cases[i].first, "%s", cases[i].q);
        free(out);
    }
    test_rmrf(dir);
    free(dir);
}
