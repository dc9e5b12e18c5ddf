/* test_query.c: the query parser (query/parser.c): every construct of the
 * language checked through the canonical form acq_query_format prints,
 * legal citations that must stay text, syntax errors with their columns,
 * limits, seeded fuzzing with tree invariants, and allocation failures. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "query/query.h"
#include "segment/format.h"

/* The index's default chain: English, stemming and stopwords. */
static acq_analyzer *open_en(void)
{
    acq_analyzer *a;
    acq_err err = {0};
    acq_analyzer_config cfg = {"en", 1, 1};
    cr_assert_eq(acq_analyzer_open(&a, &cfg, NULL, &err), ACQ_OK);
    return a;
}

/* Parses q and returns its canonical form (static buffer), or "ERR <code>
 * col <n>" on failure. */
static const char *parsed(acq_analyzer *a, const char *q)
{
    static char out[2048];
    acq_qnode *t = NULL;
    uint32_t col = 99;
    acq_err err = {0};
    int rc = acq_query_parse(&t, q, a, &col, &err);
    if (rc != ACQ_OK) {
        snprintf(out, sizeof out, "ERR %d col %u", rc, col);
        return out;
    }
    cr_assert_not_null(t);
    cr_assert_eq(col, 0, "err_column is 0 on success for %s", q);
    acq_buf b = {0};
    acq_query_format(t, &b);
    snprintf(out, sizeof out, "%s", acq_buf_cstr(&b));
    acq_buf_free(&b);
    acq_query_free(t);
    return out;
}

typedef struct valid_case {
    const char *query;
    const char *expect;
} valid_case;

#define RANGE_2016 "date:[20160000 TO 20161299]"

static const valid_case valid[] = {
    /* Plain words: a ranked OR. */
    {"police cooperation", "(body:polic body:cooper)"},
    {"Europol", "body:europol"},
    {"PRÜM prum Prüm", "(body:prum body:prum body:prum)"},
    /* AND, OR, NOT and their precedence: NOT > AND > OR, adjacency = OR. */
    {"police AND cooperation", "(+body:polic +body:cooper)"},
    {"x OR y AND z", "(body:x (+body:y +body:z))"},
    {"x AND y OR z", "((+body:x +body:y) body:z)"},
    {"NOT x AND y", "(-body:x +body:y)"},
    {"x y AND z", "(body:x (+body:y +body:z))"},
    {"x y AND z OR w", "(body:x (+body:y +body:z) body:w)"},
    {"x AND NOT y", "(+body:x -body:y)"},
    {"x AND -y", "(+body:x -body:y)"},
    {"x NOT y", "(body:x -body:y)"},
    {"NOT(x) y", "(-body:x body:y)"},
    {"(x)AND(y)", "(+body:x +body:y)"},
    /* Flattening where the meaning stays. */
    {"x OR y OR z", "(body:x body:y body:z)"},
    {"x OR (y OR z)", "(body:x body:y body:z)"},
    {"x AND y AND z", "(+body:x +body:y +body:z)"},
    {"x AND (y AND z)", "(+body:x +body:y +body:z)"},
    {"x AND (y OR z)", "(+body:x +(body:y body:z))"},
    {"-(x OR y) z", "(-body:x -body:y body:z)"},
    {"NOT (x AND y) z", "(-(+body:x +body:y) body:z)"},
    {"((x))", "body:x"},
    {"(police)", "body:polic"},
    /* + and - */
    {"+x y", "(+body:x body:y)"},
    {"+europol -police crime", "(+body:europol -body:polic body:crime)"},
    {"+europol", "body:europol"},
    {"-\"x y\" z", "(-body:\"x y\" body:z)"},
    {"+(x y) z", "(+(body:x body:y) body:z)"},
    {"\xE2\x88\x92" "europol police", "(-body:europol body:polic)"},   /* U+2212 minus */
    {"\xE2\x80\x93" "europol police", "(-body:europol body:polic)"},   /* U+2013 en dash */
    /* MUST_NOT alone matches nothing (Lucene): NONE, simplified away. */
    {"-europol", "<none>"},
    {"NOT europol", "<none>"},
    {"NOT NOT x", "<none>"},
    {"y NOT NOT x", "body:y"},
    {"(-x) y", "body:y"},
    {"y +(-x)", "<none>"},
    /* Operators that are not operators: text. */
    {"x-y", "body:\"x y\""},
    {"(x)-y", "(body:x body:y)"},
    {"- x", "body:x"},
    {"C++", "body:c"},
    {"x AND", "body:x"},
    {"OR x", "body:x"},
    {"x OR", "body:x"},
    {"NOT", "<none>"},
    {"x AND AND y", "(body:x body:y)"},
    {"x and y", "(body:x body:y)"},
    {"x or y", "(body:x body:y)"},
    {"not x", "body:x"},
    /* Stopwords and empty queries. */
    {"the", "<none>"},
    {"the of and", "<none>"},
    {"", "<none>"},
    {"   \t ", "<none>"},
    {"()", "<none>"},
    {"europol ()", "body:europol"},
    {"the AND europol", "body:europol"},
    {"\"of the\"", "<none>"},
    {"title:the", "<none>"},
    /* Words that analyse to several terms are exact phrases. */
    {"money-laundering", "body:\"money launder\""},
    {"anti-money-laundering", "body:\"anti money launder\""},
    {"e-evidence", "body:\"e evid\""},
    {"Prüm-Beschlüsse", "body:\"prum beschluss\""},
    {"euro*pol", "body:\"euro pol\""},   /* '*' inside a word is text */
    /* Phrases: stopword gaps kept, one term is a TERM, ~N is proximity. */
    {"\"money laundering\"", "body:\"money launder\""},
    {"\"area of freedom\"", "body:\"area ? freedom\""},
    {"\"area of the freedom\"", "body:\"area ? ? freedom\""},
    {"\"the police\"", "body:polic"},
    {"\"police cooperation\"~5", "body:\"polic cooper\"~5"},
    {"\"x y\"~0", "body:\"x y\""},
    {"\"x y\"~1000", "body:\"x y\"~1000"},
    {"\"police\"~3", "body:polic"},
    {"\"a (b) c:d -e\"", "body:\"b c d e\""},   /* no syntax inside quotes */
    {"\xE2\x80\x9Cpolice cooperation\xE2\x80\x9D", "body:\"polic cooper\""},
    {"\xE2\x80\x9EZusammenarbeit\xE2\x80\x9C", "body:zusammenarbeit"},
    {"\xE2\x80\x9Cunclosed", "body:unclos"},   /* an unclosed curly quote is text */
    {"x\"y z\"", "(body:x body:\"y z\")"},
    /* Legal text is never syntax. */
    {"C-311/18", "body:c-311/18"},
    {"C\xE2\x80\x91" "311/18", "body:c-311/18"},   /* non-breaking hyphen */
    {"C\xE2\x80\x93" "311/18", "body:c-311/18"},   /* en dash inside a word */
    {"2016/794", "body:2016/794"},
    {"Regulation (EU) 2016/794", "(body:regul body:eu body:2016/794)"},
    {"(EU)", "body:eu"},
    {"Article 2:", "(body:articl body:2)"},
    {"Article\xC2\xA0" "2", "(body:articl body:2)"},   /* no-break space separates */
    {"2008/615/JHA", "body:2008/615/jha"},
    {"32016R0794", "body:32016r0794"},
    {"Prüm's", "body:prum"},
    {"Prüm\xE2\x80\x99s", "body:prum"},
    {"\xE2\x80\x98Prüm\xE2\x80\x99", "body:prum"},
    {"\xE2\x82\xAC", "<none>"},   /* € */
    {"€ 100", "body:100"},
    {"§ 3", "body:3"},
    {"Art. 5(1)(a)", "(body:art body:\"5 1\")"},
    {"Art. 5(1", "(body:art body:\"5 1\")"},
    {"(Art. 5(1))", "(body:art body:\"5 1\")"},
    {"Regulation(EU)", "body:\"regul eu\""},
    {"Buchstabe b)", "(body:buchstab body:b)"},
    {"Title: Directive", "(body:titl body:direct)"},
    {"title: europol", "(body:titl body:europol)"},
    {"body:europol", "body:europol"},
    {"x:", "body:x"},
    {"x: y", "(body:x body:y)"},
    {"C-311/18:x", "body:\"c-311/18 x\""},
    {"date:", "body:date"},
    {"https://eur-lex.europa.eu/eli/dir/2016/680", "body:\"https eur lex europa eu/eli/dir/2016/680\""},
    /* Fields. */
    {"title:europol", "title:europol"},
    {"TITLE:Europol", "title:europol"},
    {"title:\"police cooperation\"", "title:\"polic cooper\""},
    {"title:\"police cooperation\"~4", "title:\"polic cooper\"~4"},
    {"title:money-laundering", "title:\"money launder\""},
    {"title:(police cooperation)", "(title:polic title:cooper)"},
    {"europol title:police", "(body:europol title:polic)"},
    {"celex:32016R0794", "celex:32016r0794"},
    {"celex:32016R0794(01)", "celex:32016r0794(01)"},
    {"(celex:32016R0794(01))", "celex:32016r0794(01)"},
    {"id:ABC-12", "id:ABC-12"},
    {"id:\"Doc 7\"", "id:Doc 7"},
    {"id:urn:x:Y", "id:urn:x:Y"},
    {"id:\"\"", "<none>"},
    {"europol celex:32016R0794", "(body:europol celex:32016r0794)"},
    /* Filters: FILTER at top level, under AND and '+'; SHOULD under OR. */
    {"type:DIR", "(#type:dir)"},
    {"lang:FR", "(#lang:fr)"},
    {"europol type:DIR", "(+body:europol #type:dir)"},
    {"police cooperation lang:fr", "(+(body:polic body:cooper) #lang:fr)"},
    {"europol type:DIR lang:en", "(+body:europol #type:dir #lang:en)"},
    {"type:DIR lang:fr", "(#type:dir #lang:fr)"},
    {"x AND type:DIR", "(+body:x #type:dir)"},
    {"+type:DIR europol", "(#type:dir +body:europol)"},
    {"europol -type:DIR", "(body:europol -type:dir)"},
    {"europol -type:DIR -lang:fr", "(body:europol -type:dir -lang:fr)"},
    {"type:DIR OR type:REG", "(type:dir type:reg)"},
    {"europol (type:DIR OR type:REG)", "(+body:europol #(type:dir type:reg))"},
    {"type:(DIR OR REG) europol", "(#(type:dir type:reg) +body:europol)"},
    {"x OR y type:DIR", "(+(body:x body:y) #type:dir)"},
    {"police OR (europol type:DIR)", "(body:polic (+body:europol #type:dir))"},
    /* Dates: missing parts widen the range. */
    {"date:2015..2018", "(#date:[20150000 TO 20181299])"},
    {"date:2016", "(#" RANGE_2016 ")"},
    {"DATE:\"2016\"", "(#" RANGE_2016 ")"},
    {"date:2016-05", "(#date:[20160500 TO 20160599])"},
    {"date:2016-05-11", "(#date:[20160511 TO 20160511])"},
    {"date:2016-05-11..", "(#date:[20160511 TO *])"},
    {"date:..2018", "(#date:[* TO 20181299])"},
    {"date:2015-03..2015-03-04", "(#date:[20150300 TO 20150304])"},
    {"date:..", "(#date:[* TO *])"},
    {"europol date:2015..2018", "(+body:europol #date:[20150000 TO 20181299])"},
    {"-date:2016 europol", "(-(#" RANGE_2016 ") body:europol)"},
    {"date:2015 OR date:2016", "((#date:[20150000 TO 20151299]) (#" RANGE_2016 "))"},
    {"x AND date:2016", "(+body:x #" RANGE_2016 ")"},
    /* Prefixes: folded, not stemmed. */
    {"europ*", "body:europ*"},
    {"Europ*", "body:europ*"},
    {"Prüm*", "body:prum*"},
    {"cooperation*", "body:cooperation*"},
    {"europ**", "body:europ*"},
    {"ab*", "body:ab*"},
    {"title:europ*", "title:europ*"},
    {"2016/79*", "body:2016/79*"},
    {"money-laund*", "(+body:money +body:laund*)"},
    {"celex:32016R*", "celex:32016r*"},
    {"id:ABC*", "id:ABC*"},
    {"europ* polic*", "(body:europ* body:polic*)"},
};

Test(query, valid_queries_have_their_canonical_form)
{
    acq_analyzer *a = open_en();
    size_t bad = 0;
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        const char *got = parsed(a, valid[i].query);
        if (strcmp(got, valid[i].expect) != 0) {
            cr_log_error("query <%s>: expected <%s>, got <%s>", valid[i].query, valid[i].expect, got);
            bad++;
        }
    }
    acq_analyzer_close(a);
    cr_assert_eq(bad, 0, "%zu of %zu queries parsed differently", bad, sizeof valid / sizeof valid[0]);
}

typedef struct invalid_case {
    const char *query;
    uint32_t column;   /* 1-based, in characters */
    const char *says;  /* part of the message */
} invalid_case;

static const invalid_case invalid[] = {
    {")", 1, "unmatched ')'"},
    {"europol )", 9, "unmatched ')'"},
    {"Prüm ) x", 6, "unmatched ')'"},
    {"(x))", 4, "unmatched ')'"},
    {"(europol", 1, "missing closing ')'"},
    {"x (y (z)", 3, "missing closing ')'"},
    {"Prüm (x", 6, "missing closing ')'"},
    {"\"police cooperation", 1, "missing closing quote"},
    {"europol \"police", 9, "missing closing quote"},
    {"Prüm \"", 6, "missing closing quote"},
    {"5\"", 2, "missing closing quote"},
    {"\"police\"~", 9, "expected a number after '~'"},
    {"\"police cooperation\"~x", 21, "expected a number after '~'"},
    {"\"x y\"~1001", 6, "at most ~1000"},
    {"\"x y\"~99999999999999999999", 6, "at most ~1000"},
    {"\"x y\"~4294967301", 6, "at most ~1000"},   /* would wrap to 5 in 32 bits */
    {"x:y", 1, "unknown field 'x' (the fields are title, id, celex, type, lang, date)"},
    {"europol titel:europol", 9, "unknown field 'titel'"},
    {"titel:\"police\"", 1, "unknown field 'titel'"},
    {"eurovoc:x", 1, "unknown field 'eurovoc'"},
    {"date:2016-13", 6, "invalid date"},
    {"date:16", 6, "invalid date"},
    {"date:abc", 6, "invalid date"},
    {"date:2016-05-1", 6, "invalid date"},
    {"date:2016-5", 6, "invalid date"},
    {"date:0000", 6, "invalid date"},
    {"date:2016..20x8", 12, "invalid date"},
    {"date:2016..2018..2020", 12, "invalid date"},
    {"date:2018..2015", 6, "ends before it starts"},
    {"europol date:\"\"", 15, "invalid date"},   /* where the date should be */
    {"*", 1, "prefix too short"},
    {"x*", 1, "prefix too short"},
    {"é*", 1, "prefix too short"},
    {"Prüm x*", 6, "prefix too short"},
    {"europol *", 9, "prefix too short"},
    {"title:*", 7, "prefix too short"},
    {"id:*", 4, "prefix too short"},
    {"celex:3*", 7, "prefix too short"},
    {"ab\xFF" "cd", 3, "invalid UTF-8"},
    {"Prüm \xC3", 6, "invalid UTF-8"},
    {"\xC0\x80", 1, "invalid UTF-8"},   /* overlong NUL */
    {"x \xED\xA0\x80", 3, "invalid UTF-8"},   /* surrogate */
};

Test(query, syntax_errors_name_their_column)
{
    acq_analyzer *a = open_en();
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        acq_qnode *t = (acq_qnode *)&t;   /* must be reset to NULL */
        uint32_t col = 0;
        acq_err err = {0};
        int rc = acq_query_parse(&t, invalid[i].query, a, &col, &err);
        cr_expect_eq(rc, ACQ_EQUERY, "query <%s>: rc %d", invalid[i].query, rc);
        cr_expect_null(t, "query <%s>: tree on error", invalid[i].query);
        cr_expect_eq(col, invalid[i].column, "query <%s>: column %u, expected %u", invalid[i].query, col,
                     invalid[i].column);
        char head[32];
        snprintf(head, sizeof head, "column %u: ", invalid[i].column);
        cr_expect(strncmp(err.msg, head, strlen(head)) == 0, "query <%s>: message <%s>", invalid[i].query, err.msg);
        cr_expect(strstr(err.msg, invalid[i].says) != NULL, "query <%s>: message <%s>", invalid[i].query, err.msg);
    }
    acq_analyzer_close(a);
}

Test(query, tree_fields_are_filled)
{
    acq_analyzer *a = open_en();
    acq_qnode *t;
    acq_err err = {0};

    /* Phrase positions relative to the first kept term, stopword gaps kept. */
    cr_assert_eq(acq_query_parse(&t, "europol \"area of freedom\"~2", a, NULL, &err), ACQ_OK);
    cr_assert_eq(t->kind, ACQ_Q_BOOL);
    cr_assert_eq(t->nkids, 2);
    acq_qnode *ph = t->kids[1];
    cr_assert_eq(ph->kind, ACQ_Q_PHRASE);
    cr_assert_eq(ph->field, ACQ_FIELD_BODY);
    cr_assert_eq(ph->nterms, 2);
    cr_assert_str_eq(ph->terms[0], "area");
    cr_assert_str_eq(ph->terms[1], "freedom");
    cr_assert_eq(ph->positions[0], 0);
    cr_assert_eq(ph->positions[1], 2);
    cr_assert_eq(ph->slop, 2);
    cr_assert_eq(ph->occur, ACQ_SHOULD);
    cr_assert_eq(t->kids[0]->column, 1);
    cr_assert_eq(ph->column, 9);
    acq_query_free(t);

    /* Dates: inclusive YYYYMMDD bounds; a date given as "2016" (20160000)
     * and 2016-12-31 are both inside date:2016. */
    cr_assert_eq(acq_query_parse(&t, "Prüm date:2016", a, NULL, &err), ACQ_OK);
    cr_assert_eq(t->kind, ACQ_Q_BOOL);
    acq_qnode *d = t->kids[1];
    cr_assert_eq(d->kind, ACQ_Q_DATE);
    cr_assert_eq(d->occur, ACQ_FILTER);
    cr_assert(d->date_from <= 20160000 && d->date_to >= 20161231 && d->date_to < 20170000);
    cr_assert(d->date_from > 20151299);
    cr_assert_eq(d->column, 6);   /* characters, not bytes */
    acq_query_free(t);

    /* An open start still excludes undated documents (stored as 0). */
    cr_assert_eq(acq_query_parse(&t, "date:..2018", a, NULL, &err), ACQ_OK);
    cr_assert_eq(t->kind, ACQ_Q_BOOL);
    cr_assert_eq(t->kids[0]->kind, ACQ_Q_DATE);
    cr_assert_gt(t->kids[0]->date_from, 0);
    cr_assert_eq(t->kids[0]->date_to, 20181299);
    acq_query_free(t);

    /* Keyword values are stored bytes: lowercased except id. */
    cr_assert_eq(acq_query_parse(&t, "id:Doc-7 celex:32016R0794 type:DIR", a, NULL, &err), ACQ_OK);
    cr_assert_eq(t->kind, ACQ_Q_BOOL);
    cr_assert_eq(t->nkids, 2);
    acq_qnode *must = t->kids[0];
    cr_assert_eq(must->kind, ACQ_Q_BOOL);
    cr_assert_eq(must->occur, ACQ_MUST);
    cr_assert_eq(must->kids[0]->field, ACQ_FIELD_ID);
    cr_assert_str_eq(must->kids[0]->terms[0], "Doc-7");
    cr_assert_eq(must->kids[1]->field, ACQ_FIELD_CELEX);
    cr_assert_str_eq(must->kids[1]->terms[0], "32016r0794");
    cr_assert_eq(t->kids[1]->field, ACQ_FIELD_TYPE);
    cr_assert_eq(t->kids[1]->occur, ACQ_FILTER);
    cr_assert_str_eq(t->kids[1]->terms[0], "dir");
    acq_query_free(t);

    /* The empty query is a tree of kind NONE, not an error. */
    cr_assert_eq(acq_query_parse(&t, "the", a, NULL, &err), ACQ_OK);
    cr_assert_eq(t->kind, ACQ_Q_NONE);
    acq_query_free(t);

    /* Bad arguments. */
    cr_assert_eq(acq_query_parse(&t, NULL, a, NULL, &err), ACQ_EARG);
    cr_assert_eq(acq_query_parse(NULL, "x", a, NULL, NULL), ACQ_EARG);
    cr_assert_eq(acq_query_parse(&t, "x", NULL, NULL, NULL), ACQ_EARG);
    acq_analyzer_close(a);
}

static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(hl + ul * n + tl + 1);
    cr_assert_not_null(s);
    memcpy(s, head, hl);
    for (size_t i = 0; i < n; i++)
        memcpy(s + hl + i * ul, unit, ul);
    memcpy(s + hl + n * ul, tail, tl + 1);
    return s;
}

Test(query, limits)
{
    acq_analyzer *a = open_en();
    char *open64 = repeat("", "(", 64, "x"), *q;
    char *close64 = repeat(open64, ")", 64, "");
    cr_assert_str_eq(parsed(a, close64), "body:x");
    free(open64);
    free(close64);
    char *open65 = repeat("", "(", 65, "x");
    q = repeat(open65, ")", 65, "");
    cr_assert_str_eq(parsed(a, q), "ERR -5 col 65");
    free(open65);
    free(q);
    q = repeat("", "NOT ", 100, "x");
    cr_assert_str_eq(parsed(a, q), "ERR -5 col 257");   /* the 65th NOT */
    free(q);
    q = repeat("", "title:", 100, "x");
    cr_assert_eq(strncmp(parsed(a, q), "ERR -5 col", 10), 0);
    free(q);
    /* A huge run of '(' fails fast at the limit instead of recursing. */
    q = repeat("", "(", 200000, "");
    cr_assert_str_eq(parsed(a, q), "ERR -5 col 65");
    free(q);

    /* 1024 terms are fine, the 1025th is an error at its column; phrases
     * count their terms too. Stopwords do not count. */
    q = repeat("", "xy ", 1024, "");
    cr_assert_eq(strncmp(parsed(a, q), "(body:xy body:xy", 16), 0);
    free(q);
    q = repeat("", "xy ", 1025, "");
    cr_assert_str_eq(parsed(a, q), "ERR -5 col 3073");
    free(q);
    q = repeat("\"", "xy ", 1025, "\"");
    cr_assert_str_eq(parsed(a, q), "ERR -5 col 1");
    free(q);
    q = repeat("", "the ", 100000, "europol");
    cr_assert_str_eq(parsed(a, q), "body:europol");
    free(q);

    /* Inputs that were quadratic once (seconds, not milliseconds): unclosed
     * German opening quotes, and many groups after a long prefix. */
    q = repeat("", "\xE2\x80\x9E ", 100000, "");
    cr_assert_str_eq(parsed(a, q), "<none>");
    free(q);
    char *head = repeat("", "the ", 300000, "");
    q = repeat(head, "(x yz) ", 500, "");
    cr_assert_eq(strncmp(parsed(a, q), "(body:x body:yz body:x", 22), 0);
    free(head);
    free(q);
    acq_analyzer_close(a);
}

/* ---- fuzzing ---- */

static uint64_t rng_state;
static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33);
}

static const char *const pieces[] = {
    "(", ")", "\"", "-", "+", "*", "~", ":", "~5", "~", " ", " ", " ", "  ", "AND", "OR", "NOT", "and",
    "title:", "date:", "type:", "id:", "celex:", "lang:", "TITLE:", "2016", "..", "2016-05", "-11",
    "police", "the", "of", "x", "C-311/18", "2016/794", "Prüm", "\xE2\x80\x99s", "\xE2\x80\x93",
    "\xE2\x88\x92", "\xC2\xA0", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E", "5(1)(a)", "(EU)",
    "europ*", "a)", "é", "€", "§", "DIR", "\t", "money-laundering", "0", "1001", "\xF0\x9F\x98\x80",
};

/* Checks what search relies on: NONE only as the whole tree, no BOOL
 * without clauses or with only MUST_NOT ones, DATE always FILTER, terms and
 * phrases well formed. */
static void check_tree(const acq_qnode *q, int root, const char *query)
{
    cr_assert_not_null(q, "<%s>", query);
    cr_assert(q->column >= 1 || q->kind == ACQ_Q_NONE || q->kind == ACQ_Q_BOOL, "<%s>", query);
    switch (q->kind) {
    case ACQ_Q_NONE:
        cr_assert(root, "NONE inside a tree: <%s>", query);
        break;
    case ACQ_Q_TERM:
    case ACQ_Q_PREFIX:
        cr_assert_eq(q->nterms, 1, "<%s>", query);
        cr_assert_not_null(q->terms[0], "<%s>", query);
        cr_assert(q->field >= ACQ_FIELD_BODY && q->field <= ACQ_FIELD_LANG, "<%s>", query);
        if (q->kind == ACQ_Q_PREFIX)
            cr_assert_geq(strlen(q->terms[0]), 2, "<%s>", query);
        break;
    case ACQ_Q_PHRASE:
        cr_assert_geq(q->nterms, 2, "<%s>", query);
        cr_assert_eq(q->positions[0], 0, "<%s>", query);
        for (size_t i = 1; i < q->nterms; i++)
            cr_assert_gt(q->positions[i], q->positions[i - 1], "<%s>", query);
        cr_assert_leq(q->slop, 1000, "<%s>", query);
        cr_assert(q->field == ACQ_FIELD_BODY || q->field == ACQ_FIELD_TITLE, "<%s>", query);
        break;
    case ACQ_Q_DATE:
        cr_assert_eq(q->occur, ACQ_FILTER, "<%s>", query);
        cr_assert_leq(q->date_from, q->date_to, "<%s>", query);
        cr_assert(!root, "a bare DATE root: <%s>", query);
        break;
    case ACQ_Q_BOOL: {
        cr_assert_geq(q->nkids, 1, "<%s>", query);
        size_t positive = 0;
        for (size_t i = 0; i < q->nkids; i++) {
            positive += q->kids[i]->occur != ACQ_MUST_NOT;
            check_tree(q->kids[i], 0, query);
        }
        cr_assert_gt(positive, 0, "MUST_NOT-only BOOL: <%s>", query);
        break;
    }
    default:
        cr_assert_fail("bad kind %d: <%s>", (int)q->kind, query);
    }
    if (root)
        cr_assert_eq(q->occur, ACQ_SHOULD, "root occur: <%s>", query);
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

Test(query, fuzz_never_crashes_and_trees_hold_their_invariants)
{
    acq_analyzer *a = open_en();
    char q[512];
    size_t ok = 0, errors = 0;
    for (uint64_t seed = 1; seed <= 6000; seed++) {
        rng_state = seed;
        size_t len = 0;
        int mode = (int)(seed % 3);
        size_t want = 1 + rnd() % 60;
        while (len < want && len + 16 < sizeof q) {
            if (mode == 0) {
                q[len++] = (char)(1 + rnd() % 255);   /* raw bytes, mostly invalid UTF-8 */
            } else if (mode == 1) {
                const char *p = pieces[rnd() % (sizeof pieces / sizeof pieces[0])];
                memcpy(q + len, p, strlen(p));
                len += strlen(p);
            } else {   /* ASCII soup of the syntax characters and letters */
                static const char soup[] = "()\"\"+-:*~ ANDORNOTxyz01.. /";
                q[len++] = soup[rnd() % (sizeof soup - 1)];
            }
        }
        q[len] = '\0';
        acq_qnode *t = NULL;
        uint32_t col = 0;
        acq_err err = {0};
        int rc = acq_query_parse(&t, q, a, &col, &err);
        if (rc == ACQ_OK) {
            ok++;
            check_tree(t, 1, q);
            acq_buf b = {0};
            acq_query_format(t, &b);
            cr_assert(!b.failed && b.len > 0);
            acq_buf_free(&b);
            acq_query_free(t);
        } else {
            errors++;
            cr_assert_eq(rc, ACQ_EQUERY, "<%s>: rc %d", q, rc);
            cr_assert_null(t);
            cr_assert(col >= 1 && col <= utf8_chars(q) + 1, "<%s>: column %u", q, col);
            char head[32];
            snprintf(head, sizeof head, "column %u: ", col);
            cr_assert(strncmp(err.msg, head, strlen(head)) == 0, "<%s>: %s", q, err.msg);
        }
    }
    /* Both outcomes must have been exercised for the fuzzing to mean much. */
    cr_assert_gt(ok, 1000);
    cr_assert_gt(errors, 1000);
    acq_analyzer_close(a);
}

/* ---- allocation failures ---- */

Test(query, allocation_failures_return_enomem_and_leak_nothing)
{
    static const char *const queries[] = {
        "title:\"police cooperation\"~3 AND (europ* OR money-laundering) -type:DIR Prüm "
        "date:2015..2018 celex:32016R0794 NOT (x y) \"area of freedom\" money-laund* lang:fr "
        "(date:2015 OR date:2016 OR type:REG) -date:2017 (-w) NOT NOT z +(v OR u) \xE2\x80\x9Cv w\xE2\x80\x9D",
        /* words beside filters, grouped into one required clause */
        "police cooperation type:DIR lang:fr date:2016 -(x OR y) id:Doc-7",
        "type:DIR",
        "the",
    };
    size_t total_failures = 0;
    for (size_t qi = 0; qi < sizeof queries / sizeof queries[0]; qi++) {
        acq_analyzer *a = open_en();
        char *expect = strdup(parsed(a, queries[qi]));
        acq_analyzer_close(a);
        cr_assert_neq(strncmp(expect, "ERR", 3), 0, "reference parse failed: %s", expect);

        /* Fail the 1st, 2nd, ... allocation until the parse has succeeded
         * ten times in a row (past its last allocation). */
        size_t in_a_row = 0;
        long n;
        for (n = 1; n <= 400 && in_a_row < 10; n++) {
            a = open_en();   /* fresh: an analyzer is not reused after its own OOM */
            acq_qnode *t = NULL;
            acq_err err = {0};
            uint32_t col = 0;
            acq_alloc_fail_after(n);
            int rc = acq_query_parse(&t, queries[qi], a, &col, &err);
            acq_alloc_fail_after(0);
            if (rc == ACQ_OK) {
                acq_buf b = {0};
                acq_query_format(t, &b);
                cr_assert_str_eq(acq_buf_cstr(&b), expect, "query %zu, n=%ld", qi, n);
                acq_buf_free(&b);
                acq_query_free(t);
                in_a_row++;
            } else {
                cr_assert_eq(rc, ACQ_ENOMEM, "query %zu, n=%ld: rc %d (%s)", qi, n, rc, err.msg);
                cr_assert_null(t);
                total_failures++;
                in_a_row = 0;
            }
            acq_analyzer_close(a);
        }
        cr_assert_eq(in_a_row, 10, "query %zu never parsed under failure injection", qi);
        free(expect);
    }
    cr_assert_geq(total_failures, 50, "only %zu allocations failed a parse", total_failures);
}
