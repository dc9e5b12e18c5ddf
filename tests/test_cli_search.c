/* test_cli_search.c: `acquis search` paging past the last hit: it says how
 * many documents the query matches and exits 1 (no hits on this page), in
 * the human, --json and --count forms, with the bundled corpus as index. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static char *dir;

static void setup(void)
{
    dir = test_tmpdir();
    cr_assert_not_null(dir);
    char cmd[9000], *out = NULL;
    snprintf(cmd, sizeof cmd, "%s index -q -o '%s/ix' '%s/corpus/jha.jsonl' 2>&1", ACQ_CLI_PATH, dir,
             ACQ_SOURCE_DIR);
    cr_assert_eq(test_run(cmd, &out), 0, "%s", out);
    free(out);
}

static void teardown(void)
{
    test_rmrf(dir);
    free(dir);
}

TestSuite(search_cli, .init = setup, .fini = teardown);

/* Runs `acquis search -i DIR/ix ARGS`; *out gets what `redirect` keeps
 * ("2>/dev/null": stdout; "2>&1 >/dev/null": stderr). Returns the status. */
static int search(char **out, const char *redirect, const char *fmt, ...)
{
    char args[1024], cmd[9000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "%s search -i '%s/ix' %s %s", ACQ_CLI_PATH, dir, args, redirect);
    int st = test_run(cmd, out);
    cr_assert_not_null(*out, "%s", cmd);
    return st;
}

#define STDOUT "2>/dev/null"
#define STDERR "2>&1 >/dev/null"

/* The number of documents matching europol, from --count. */
static unsigned long europol_matches(void)
{
    char *out;
    cr_assert_eq(search(&out, STDOUT, "--count --no-snippets europol"), 0);
    unsigned long m = strtoul(out, NULL, 10);
    cr_assert(strstr(out, " matching documents\n") != NULL, "%s", out);
    free(out);
    cr_assert_gt(m, 2, "the bundled corpus names Europol in several documents");
    return m;
}

Test(search_cli, offset_on_the_last_hit_still_finds_it)
{
    unsigned long m = europol_matches();
    char *out;
    cr_assert_eq(search(&out, STDOUT, "--no-snippets --offset %lu europol", m - 1), 0);
    char rank[32];
    snprintf(rank, sizeof rank, "%3lu  ", m);
    cr_assert(strncmp(out, rank, strlen(rank)) == 0 && strchr(out, '\n') == out + strlen(out) - 1,
              "one hit, ranked %lu: %s", m, out);
    free(out);
}

Test(search_cli, offset_past_the_last_hit_says_how_many_match_and_exits_1)
{
    unsigned long m = europol_matches();
    char want[128];
    snprintf(want, sizeof want, "the query matches %lu documents: --offset %lu skips them all", m, m);
    char *out;
    /* human form: nothing on stdout, the count on stderr, never "no documents match" */
    cr_assert_eq(search(&out, STDOUT, "--offset %lu europol", m), 1);
    cr_assert_str_eq(out, "");
    free(out);
    cr_assert_eq(search(&out, STDERR, "--offset %lu europol", m), 1);
    cr_assert(strstr(out, want) != NULL, "%s", out);
    cr_assert(strstr(out, "no documents match") == NULL, "%s", out);
    free(out);
    /* far past it too, and singular for a single match */
    cr_assert_eq(search(&out, STDERR, "--offset 1000000 europol"), 1);
    cr_assert(strstr(out, "--offset 1000000 skips them all") != NULL, "%s", out);
    free(out);
    cr_assert_eq(search(&out, STDERR, "--offset 1 id:europol-regulation-2016-794"), 1);
    cr_assert(strstr(out, "the query matches 1 document: --offset 1 skips it") != NULL, "%s", out);
    free(out);

    /* --json: stdout stays JSON Lines (none), the same message on stderr */
    cr_assert_eq(search(&out, STDOUT, "--json --offset %lu europol", m), 1);
    cr_assert_str_eq(out, "");
    free(out);
    cr_assert_eq(search(&out, STDERR, "--json --offset %lu europol", m), 1);
    cr_assert(strstr(out, want) != NULL, "%s", out);
    free(out);

    /* --count: the count is printed, the page is still empty */
    char count[64];
    snprintf(count, sizeof count, "%lu matching documents\n", m);
    cr_assert_eq(search(&out, STDOUT, "--count --offset %lu europol", m), 1);
    cr_assert_str_eq(out, count);
    free(out);
    cr_assert_eq(search(&out, STDERR, "--count --offset %lu europol", m), 1);
    cr_assert(strstr(out, want) != NULL, "%s", out);
    free(out);
    snprintf(count, sizeof count, "{\"count\":%lu}\n", m);
    cr_assert_eq(search(&out, STDOUT, "--count --json --offset %lu europol", m), 1);
    cr_assert_str_eq(out, count);
    free(out);
}

Test(search_cli, offset_with_no_match_at_all_is_no_match)
{
    char *out;
    cr_assert_eq(search(&out, STDERR, "--offset 5 zzzqqqxxx"), 1);
    cr_assert(strstr(out, "no documents match") != NULL, "%s", out);
    cr_assert(strstr(out, "offset") == NULL, "%s", out);
    free(out);
}
