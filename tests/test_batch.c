/* test_batch.c: `acquis batch`, run through the built command line
 * (ACQ_CLI_PATH) over small indexes the tests write with the public API:
 * the run format (six columns, ranks from 1, scores never increasing, the
 * tag), determinism (two runs, -j 1 against -j 2, one segment against many
 * in the reverse order), both topic formats and --fields, ties (identical
 * documents, at the cut too), topics that analyse to nothing, the settings
 * side file, and the errors: a bad topics file (FILE:LINE, exit 2), a missing
 * index, bad options. The children's standard error is left on the test's
 * own unless a test reads it, so sanitizer reports from them fail the test. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "eval/eval.h"
#include "support.h"

/* ---- fixtures --------------------------------------------------------------- */

typedef struct doc {
    const char *id, *title, *text;
} doc;

#define PNR_TEXT                                                                  \
    "Directive (EU) 2016/681 on the use of passenger name record data for the "   \
    "prevention, detection, investigation and prosecution of terrorist offences " \
    "and serious crime."

static const doc docs[] = {
    {"32016R0794", "Europol Regulation",
     "Regulation (EU) 2016/794 on the European Union Agency for Law Enforcement "
     "Cooperation (Europol): analysis of criminal intelligence and support to the "
     "police of the Member States against serious crime and terrorism."},
    {"32002F0584", "European arrest warrant",
     "Council Framework Decision 2002/584/JHA on the European arrest warrant and "
     "the surrender procedures between Member States; judicial cooperation in "
     "criminal matters."},
    {"32008D0615", "Prüm Decision",
     "Council Decision 2008/615/JHA on the stepping up of cross-border "
     "cooperation, particularly in combating terrorism and cross-border crime: "
     "automated exchange of DNA profiles, fingerprints and vehicle registration "
     "data."},
    {"32016R0399", "Schengen Borders Code",
     "Regulation (EU) 2016/399 on a Union Code on the rules governing the "
     "movement of persons across borders; border checks at external borders "
     "and temporary reintroduction of internal border control."},
    {"32018R1727", "Eurojust Regulation",
     "Regulation (EU) 2018/1727 on the European Union Agency for Criminal "
     "Justice Cooperation (Eurojust): coordination of investigations and "
     "prosecutions between national judicial authorities."},
    {"32013R0604", "Dublin III Regulation",
     "Regulation (EU) No 604/2013 establishing the criteria and mechanisms for "
     "determining the Member State responsible for examining an application "
     "for international protection; asylum seekers and transfers."},
    /* Two identical documents: every query scores them alike. */
    {"pnr-a", "Passenger name record", PNR_TEXT},
    {"pnr-b", "Passenger name record", PNR_TEXT},
};
#define NDOCS (sizeof docs / sizeof docs[0])

static char *tmp;
static char ix1[4200], ixn[4200];

/* Writes docs[] into dir: in order and in one commit, or in reverse order
 * with a commit after each document (several segments). */
static void build_index(const char *dir, int reverse_many)
{
    acq_writer *w;
    char msg[512];
    int rc = acq_writer_open(&w, dir, NULL, msg, sizeof msg);
    cr_assert_eq(rc, ACQ_OK, "writer: %s", msg);
    for (size_t j = 0; j < NDOCS; j++) {
        const doc *d = &docs[reverse_many ? NDOCS - 1 - j : j];
        acq_document ad = {0};
        ad.id = d->id;
        ad.title = d->title;
        ad.text = d->text;
        ad.lang = "en";
        cr_assert_eq(acq_writer_add(w, &ad), ACQ_OK, "add %s: %s", d->id, acq_writer_errmsg(w));
        if (reverse_many)
            cr_assert_eq(acq_writer_commit(w), ACQ_OK, "commit: %s", acq_writer_errmsg(w));
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "commit: %s", acq_writer_errmsg(w));
    acq_writer_close(w);
}

static uint64_t segments_of(const char *dir)
{
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &st), ACQ_OK);
    acq_index_close(ix);
    return st.segments;
}

static void setup(void)
{
    tmp = test_tmpdir();
    cr_assert_not_null(tmp);
    snprintf(ix1, sizeof ix1, "%s/one", tmp);
    snprintf(ixn, sizeof ixn, "%s/many", tmp);
    build_index(ix1, 0);
}

static void setup_many(void)
{
    setup();
    build_index(ixn, 1);
    cr_assert_eq(segments_of(ix1), 1);
    cr_assert_gt(segments_of(ixn), 1, "the reverse index should have several segments");
}

static void teardown(void)
{
    test_rmrf(tmp);
    free(tmp);
}

/* Writes content to tmp/name and returns the path (static buffer, one per
 * call site is enough for these tests). */
static const char *topics_file(const char *name, const char *content)
{
    static char path[4][4300];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", tmp, name);
    cr_assert_eq(test_write_file(p, content), 0);
    return p;
}

/* Runs `acquis batch ARGS`, returns the exit status, stdout in *out. */
static int batch(char **out, const char *args)
{
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "'%s' batch %s", ACQ_CLI_PATH, args);
    int rc = test_run(cmd, out);
    cr_assert(out == NULL || *out != NULL, "no output captured");
    return rc;
}

/* Runs it with standard error captured into *err. */
static int batch_err(char **out, char **err, const char *args)
{
    char errpath[4300], full[9000];
    snprintf(errpath, sizeof errpath, "%s/stderr.txt", tmp);
    snprintf(full, sizeof full, "%s 2>'%s'", args, errpath);
    int rc = batch(out, full);
    *err = test_read_file(errpath, NULL);
    cr_assert_not_null(*err);
    cr_assert_null(strstr(*err, "Sanitizer"), "sanitizer report: %s", *err);
    return rc;
}

static const char tsv_topics[] =
    "10\tEuropean arrest warrant surrender\n"
    "2\tPrüm DNA profiles fingerprints\n"
    "\n"
    "3\tjudicial cooperation in criminal matters\n"
    "4\tthe of and\n"          /* stopwords only: no lines */
    "5\tpassenger name record\n";

/* ---- run format -------------------------------------------------------------- */

typedef struct line {
    char qid[64], q0[8], docno[64], tag[64];
    long rank;
    double score;
    char score_text[64];
} line;

/* Splits a run into lines, checking each has exactly six fields. */
static size_t parse_run(const char *run, line *out, size_t max)
{
    size_t n = 0;
    const char *p = run;
    while (*p) {
        const char *e = strchr(p, '\n');
        cr_assert_not_null(e, "run does not end with a newline");
        cr_assert_lt(n, max);
        char buf[512], extra[8];
        size_t len = (size_t)(e - p);
        cr_assert_lt(len, sizeof buf);
        memcpy(buf, p, len);
        buf[len] = '\0';
        line *l = &out[n++];
        int f = sscanf(buf, "%63s %7s %63s %ld %63s %63s %7s", l->qid, l->q0, l->docno, &l->rank,
                       l->score_text, l->tag, extra);
        cr_assert_eq(f, 6, "not six fields: \"%s\"", buf);
        l->score = strtod(l->score_text, NULL);
        p = e + 1;
    }
    return n;
}

Test(batch, run_format, .init = setup, .fini = teardown)
{
    const char *t = topics_file("t.tsv", tsv_topics);
    char args[9000], *out;
    snprintf(args, sizeof args, "-i '%s' --topics '%s'", ix1, t);
    cr_assert_eq(batch(&out, args), 0);
    static line l[256];
    size_t n = parse_run(out, l, 256);
    cr_assert_gt(n, 5);
    const char *order[] = {"10", "2", "3", "5"};   /* file order; 4 has no lines */
    size_t qi = 0;
    for (size_t i = 0; i < n; i++) {
        int first = i == 0 || strcmp(l[i].qid, l[i - 1].qid) != 0;
        if (first) {
            cr_assert_lt(qi, 4, "more queries than expected");
            cr_assert_str_eq(l[i].qid, order[qi], "queries out of file order");
            qi++;
            cr_assert_eq(l[i].rank, 1, "%s: first rank %ld", l[i].qid, l[i].rank);
        } else {
            cr_assert_eq(l[i].rank, l[i - 1].rank + 1, "%s: ranks not consecutive", l[i].qid);
            cr_assert_leq(l[i].score, l[i - 1].score, "%s: score rises at rank %ld", l[i].qid,
                          l[i].rank);
            if (l[i].score == l[i - 1].score)
                cr_assert_lt(strcmp(l[i].docno, l[i - 1].docno), 0, "tie not by docid desc");
        }
        cr_assert_str_eq(l[i].q0, "Q0");
        cr_assert_str_eq(l[i].tag, "acquis");
        const char *dot = strchr(l[i].score_text, '.');
        cr_assert(dot && strlen(dot + 1) == 6, "score %s not printed with 6 decimals",
                  l[i].score_text);
    }
    cr_assert_eq(qi, 4, "expected 4 queries with hits, got %zu", qi);
    cr_assert_str_eq(l[0].docno, "32002F0584", "the arrest warrant first for topic 10");

    /* what acquis eval and trec_eval read back is the same ranking */
    acq_run r;
    acq_err err = {0};
    cr_assert_eq(acq_run_parse(&r, "out", out, strlen(out), &err), ACQ_OK, "%s", err.msg);
    cr_assert_eq(r.count, 4);
    const acq_run_query *q10 = acq_run_find(&r, "10");
    cr_assert_not_null(q10);
    for (size_t i = 0; i < q10->count; i++)
        cr_assert_str_eq(q10->docs[i].docno, l[i].docno, "trec_eval ranks differently at %zu", i);
    acq_run_free(&r);
    free(out);

    snprintf(args, sizeof args, "-i '%s' --topics '%s' --tag bm25-k1.2-b0.75 --k1 1.2 --b 0.75", ix1,
             t);
    cr_assert_eq(batch(&out, args), 0);
    n = parse_run(out, l, 256);
    cr_assert_gt(n, 5);
    for (size_t i = 0; i < n; i++)
        cr_assert_str_eq(l[i].tag, "bm25-k1.2-b0.75");
    free(out);
}

Test(batch, k_limits_hits_per_topic, .init = setup, .fini = teardown)
{
    const char *t = topics_file("t.tsv", tsv_topics);
    char args[9000], *out;
    snprintf(args, sizeof args, "-i '%s' --topics '%s' -k 2", ix1, t);
    cr_assert_eq(batch(&out, args), 0);
    static line l[64];
    size_t n = parse_run(out, l, 64);
    /* topic 2 matches one document only, the three others more than two */
    cr_assert_eq(n, 7, "2 + 1 + 2 + 2 lines expected, got %zu:\n%s", n, out);
    for (size_t i = 0; i < n; i++)
        cr_assert_leq(l[i].rank, 2);
    free(out);
}

/* ---- determinism ------------------------------------------------------------- */

Test(batch, deterministic, .init = setup_many, .fini = teardown)
{
    const char *t = topics_file("t.tsv", tsv_topics);
    char args[9000], *a, *b, *c, *d;
    snprintf(args, sizeof args, "-i '%s' --topics '%s'", ix1, t);
    cr_assert_eq(batch(&a, args), 0);
    cr_assert_eq(batch(&b, args), 0);
    cr_assert_str_eq(a, b, "two runs differ");
    snprintf(args, sizeof args, "-i '%s' --topics '%s' -j 2", ix1, t);
    cr_assert_eq(batch(&c, args), 0);
    cr_assert_str_eq(a, c, "-j 2 differs from -j 1");
    /* the same documents, added the other way round, one segment each */
    snprintf(args, sizeof args, "-i '%s' --topics '%s' -j 2", ixn, t);
    cr_assert_eq(batch(&d, args), 0);
    cr_assert_str_eq(a, d, "several segments differ from one:\n%s\n---\n%s", a, d);
    free(a);
    free(b);
    free(c);
    free(d);
}

static void expect_error(const char *args, const char *message);

/* Every model and feedback method: the same run to the byte across runs,
 * -j and segmentations, and its settings recorded beside the run. */
Test(batch, models_and_feedback_deterministic, .init = setup_many, .fini = teardown)
{
    const char *t = topics_file("t.tsv", tsv_topics);
    static const char *const opts[] = {"--model ql --mu 500", "--model dph", "--model sdm", "--rm3",
                                       "--bo1 --model dph", "--title-weight 2 --rm3 --fb-docs 3",
                                       "--model ql --bo1 --fb-terms 5"};
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
        char args[9000], *a, *c, *d;
        snprintf(args, sizeof args, "-i '%s' --topics '%s' %s", ix1, t, opts[i]);
        cr_assert_eq(batch(&a, args), 0, "%s", opts[i]);
        cr_assert_neq(a[0], '\0', "%s: no lines", opts[i]);
        snprintf(args, sizeof args, "-i '%s' --topics '%s' -j 2 %s", ix1, t, opts[i]);
        cr_assert_eq(batch(&c, args), 0);
        cr_assert_str_eq(a, c, "%s: -j 2 differs from -j 1", opts[i]);
        snprintf(args, sizeof args, "-i '%s' --topics '%s' -j 2 %s", ixn, t, opts[i]);
        cr_assert_eq(batch(&d, args), 0);
        cr_assert_str_eq(a, d, "%s: several segments differ from one:\n%s\n---\n%s", opts[i], a, d);
        free(a);
        free(c);
        free(d);
    }
    char args[9000], run[4300], side[4400], *out;
    snprintf(run, sizeof run, "%s/m.run", tmp);
    snprintf(args, sizeof args, "-i '%s' --topics '%s' --model dph --bo1 --title-weight 1.5 -o '%s'", ix1, t, run);
    cr_assert_eq(batch(&out, args), 0);
    free(out);
    snprintf(side, sizeof side, "%s.settings.json", run);
    char *json = test_read_file(side, NULL);
    cr_assert_not_null(json);
    cr_assert_not_null(strstr(json, "\"model\": \"dph\""), "%s", json);
    cr_assert_not_null(strstr(json, "\"feedback\": {\"method\": \"bo1\", \"fb_docs\": 3, \"fb_terms\": 10}"), "%s", json);
    cr_assert_not_null(strstr(json, "\"title_weight\": 1.5"), "%s", json);
    free(json);
    /* the model options need plain topics */
    snprintf(args, sizeof args, "-i '%s' --topics '%s' --syntax --rm3", ix1, t);
    expect_error(args, "acquis batch: --model, --rm3, --bo1 and --title-weight work on plain topics, not with --syntax\n");
}

/* acquis fuse and acquis eval over several runs, through the command line. */
Test(batch, fuse_and_compare_runs, .init = setup, .fini = teardown)
{
    const char *t = topics_file("t.tsv", tsv_topics);
    char args[9000], cmd[20000], a[4300], b[4300], f[4300], *out;
    snprintf(a, sizeof a, "%s/a.run", tmp);
    snprintf(b, sizeof b, "%s/b.run", tmp);
    snprintf(f, sizeof f, "%s/f.run", tmp);
    snprintf(args, sizeof args, "-i '%s' --topics '%s' -o '%s'", ix1, t, a);
    cr_assert_eq(batch(&out, args), 0);
    free(out);
    snprintf(args, sizeof args, "-i '%s' --topics '%s' --model dph -o '%s'", ix1, t, b);
    cr_assert_eq(batch(&out, args), 0);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' fuse -o '%s' '%s' '%s'", ACQ_CLI_PATH, f, a, b);
    cr_assert_eq(test_run(cmd, &out), 0);
    free(out);
    char *fused = test_read_file(f, NULL);
    cr_assert_not_null(fused);
    cr_assert_not_null(strstr(fused, " fused-rrf\n"), "%s", fused);
    free(fused);
    /* qrels judging one document per topic */
    const char *qrels = topics_file("q.txt", "10 0 32002F0584 1\n2 0 32008D0615 1\n");
    snprintf(cmd, sizeof cmd, "'%s' eval -m map -m P.10 '%s' '%s' '%s' '%s'", ACQ_CLI_PATH, qrels, a, b, f);
    cr_assert_eq(test_run(cmd, &out), 0);
    cr_assert_not_null(strstr(out, "p (paired t)"), "%s", out);
    cr_assert_not_null(strstr(out, "p (random.)"), "%s", out);
    cr_assert_null(strstr(out, "ndcg"), "%s", out);
    free(out);
}

Test(batch, output_file_and_settings, .init = setup, .fini = teardown)
{
    const char *t = topics_file("t.tsv", tsv_topics);
    char args[9000], run1[4300], run2[4300], side[4400], *out, *stdout_run;
    snprintf(run1, sizeof run1, "%s/a.run", tmp);
    snprintf(run2, sizeof run2, "%s/b.run", tmp);
    snprintf(args, sizeof args, "-i '%s' --topics '%s' --k1 1.2 --b 0.75", ix1, t);
    cr_assert_eq(batch(&stdout_run, args), 0);
    snprintf(args, sizeof args, "-i '%s' --topics '%s' --k1 1.2 --b 0.75 -o '%s'", ix1, t, run1);
    cr_assert_eq(batch(&out, args), 0);
    cr_assert_str_eq(out, "", "with -o nothing goes to standard output");
    free(out);
    snprintf(args, sizeof args, "-i '%s' --topics '%s' --k1 1.2 --b 0.75 -o '%s' -j 2", ix1, t,
             run2);
    cr_assert_eq(batch(NULL, args), 0);
    char *f1 = test_read_file(run1, NULL), *f2 = test_read_file(run2, NULL);
    cr_assert(f1 && f2);
    cr_assert_str_eq(f1, stdout_run, "-o writes what standard output gets");
    cr_assert_str_eq(f1, f2);

    snprintf(side, sizeof side, "%s.settings.json", run1);
    char *s1 = test_read_file(side, NULL);
    cr_assert_not_null(s1, "no %s", side);
    snprintf(side, sizeof side, "%s.settings.json", run2);
    char *s2 = test_read_file(side, NULL);
    cr_assert_not_null(s2);
    cr_assert_str_eq(s1, s2, "settings differ between -j 1 and -j 2");
    const char *want[] = {"\"k\": 1000", "\"k1\": 1.2", "\"b\": 0.75", "\"tag\": \"acquis\"",
                          "\"topic_fields\": \"title\"", "\"index_documents\": 8",
                          "\"acquis_version\":"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_assert_not_null(strstr(s1, want[i]), "settings lack %s:\n%s", want[i], s1);
    cr_assert_not_null(strstr(s1, ix1), "settings lack the index path");
    cr_assert_not_null(strstr(s1, t), "settings lack the topics path");
    free(f1);
    free(f2);
    free(s1);
    free(s2);
    free(stdout_run);
}

/* ---- ties -------------------------------------------------------------------- */

Test(batch, ties_broken_by_docid, .init = setup_many, .fini = teardown)
{
    const char *t = topics_file("t.tsv", "q1\tpassenger name record\n");
    const char *ixs[] = {ix1, ixn};
    for (int x = 0; x < 2; x++) {
        char args[9000], *out;
        snprintf(args, sizeof args, "-i '%s' --topics '%s'", ixs[x], t);
        cr_assert_eq(batch(&out, args), 0);
        line l[8];
        cr_assert_eq(parse_run(out, l, 8), 2, "%s", out);
        cr_assert_str_eq(l[0].docno, "pnr-b", "ties go by docid descending:\n%s", out);
        cr_assert_str_eq(l[1].docno, "pnr-a");
        cr_assert_str_eq(l[0].score_text, l[1].score_text);
        cr_assert_eq(l[0].rank, 1);
        cr_assert_eq(l[1].rank, 2);
        free(out);

        /* at the cut: the one trec_eval would rank first, whichever the index
         * holds first */
        snprintf(args, sizeof args, "-i '%s' --topics '%s' -k 1", ixs[x], t);
        cr_assert_eq(batch(&out, args), 0);
        cr_assert_eq(parse_run(out, l, 8), 1, "%s", out);
        cr_assert_str_eq(l[0].docno, "pnr-b", "index %d: tie at the cut:\n%s", x, out);
        free(out);
    }
}

/* ---- topic formats ----------------------------------------------------------- */

static const char trec_topics[] =
    "<top>\n"
    "<num> Number: 301\n"
    "<title> European arrest warrant\n"
    "\n"
    "<desc> Description:\n"
    "Which documents govern asylum applications and the Member State\n"
    "responsible for international protection?\n"
    "\n"
    "<narr> Narrative:\n"
    "A relevant document concerns the Schengen borders code and border checks.\n"
    "</top>\n"
    "\n"
    "<top>\n"
    "<num> Number: 302\n"
    "<title> Prüm DNA exchange\n"
    "<desc> Description:\n"
    "Eurojust coordination of prosecutions.\n"
    "<narr> Narrative:\n"
    "Europol criminal intelligence analysis.\n"
    "</top>\n";

/* The top document of each topic, "qid:docno qid:docno ...". */
static void top_docs(const char *run, char *out, size_t size)
{
    static line l[256];
    size_t n = parse_run(run, l, 256);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        if (l[i].rank == 1) {
            char piece[160];
            snprintf(piece, sizeof piece, "%s%.63s:%.63s", out[0] ? " " : "", l[i].qid, l[i].docno);
            cr_assert_lt(strlen(out) + strlen(piece), size);
            strcat(out, piece);
        }
}

Test(batch, trec_topics_and_fields, .init = setup, .fini = teardown)
{
    const char *t = topics_file("t.trec", trec_topics);
    static const struct {
        const char *fields, *top;
    } cases[] = {
        {"", "301:32002F0584 302:32008D0615"},   /* default: title */
        {"--fields title", "301:32002F0584 302:32008D0615"},
        {"--fields desc", "301:32013R0604 302:32018R1727"},
        {"--fields narr", "301:32016R0399 302:32016R0794"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[9000], *out, got[512];
        snprintf(args, sizeof args, "-i '%s' --topics '%s' %s", ix1, t, cases[i].fields);
        cr_assert_eq(batch(&out, args), 0, "%s", cases[i].fields);
        top_docs(out, got, sizeof got);
        cr_assert_str_eq(got, cases[i].top, "%s", cases[i].fields);
        free(out);
    }
    /* more fields, more matching documents */
    char args[9000], *title, *all, *list;
    snprintf(args, sizeof args, "-i '%s' --topics '%s' --fields title", ix1, t);
    cr_assert_eq(batch(&title, args), 0);
    snprintf(args, sizeof args, "-i '%s' --topics '%s' --fields all", ix1, t);
    cr_assert_eq(batch(&all, args), 0);
    snprintf(args, sizeof args, "-i '%s' --topics '%s' --fields title,desc,narr", ix1, t);
    cr_assert_eq(batch(&list, args), 0);
    cr_assert_str_eq(all, list, "all and title,desc,narr differ");
    static line l[256];
    size_t nt = parse_run(title, l, 256), na = parse_run(all, l, 256);
    cr_assert_gt(na, nt, "all fields should match more documents than the title");
    free(title);
    free(all);
    free(list);
}

Test(batch, fields_ignored_for_tsv, .init = setup, .fini = teardown)
{
    const char *t = topics_file("t.tsv", tsv_topics);
    char args[9000], *a, *b;
    snprintf(args, sizeof args, "-i '%s' --topics '%s'", ix1, t);
    cr_assert_eq(batch(&a, args), 0);
    snprintf(args, sizeof args, "-i '%s' --topics '%s' --fields desc", ix1, t);
    cr_assert_eq(batch(&b, args), 0);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
}

Test(batch, topic_without_words_gives_no_lines, .init = setup, .fini = teardown)
{
    const char *t = topics_file("t.tsv", "1\tthe of and\n2\t, ; .\n3\tEuropol\n");
    char args[9000], *out, *err, want[9000];
    snprintf(args, sizeof args, "-i '%s' --topics '%s'", ix1, t);
    cr_assert_eq(batch_err(&out, &err, args), 0, "%s", err);
    cr_assert(strncmp(out, "3 Q0 32016R0794 1 ", 18) == 0, "%s", out);
    snprintf(want, sizeof want,
             "acquis batch: warning: %s:1: topic 1 has no searchable word (only stopwords or punctuation) or "
             "matches no document: no lines for it\n"
             "acquis batch: warning: %s:2: topic 2 has no searchable word (only stopwords or punctuation) or "
             "matches no document: no lines for it\n", t, t);
    cr_assert_str_eq(err, want);
    free(out);
    free(err);
}

/* An empty topic (TSV or TREC) is warned about by name and gets no lines;
 * the topics after it still run. */
Test(batch, empty_topic_warns_and_run_goes_on, .init = setup, .fini = teardown)
{
    const char *t = topics_file("e.tsv", "1\tEuropol\n\n3\t   \n4\tEurojust\n");
    char args[9000], *out, *err, want[9000];
    snprintf(args, sizeof args, "-i '%s' --topics '%s'", ix1, t);
    cr_assert_eq(batch_err(&out, &err, args), 0, "%s", err);
    cr_assert(strstr(out, "1 Q0 32016R0794 1 ") == out, "%s", out);
    cr_assert_not_null(strstr(out, "\n4 Q0 32018R1727 1 "), "%s", out);
    cr_assert_null(strstr(out, "\n3 "), "%s", out);
    snprintf(want, sizeof want, "acquis batch: warning: %s:3: topic 3 is empty: no lines for it\n", t);
    cr_assert_str_eq(err, want);
    free(out);
    free(err);
    t = topics_file("e.trec", "<top>\n<num> Number: 7\n<title> Europol\n</top>\n"
                              "<top>\n<num> Number: 8\n<title>\n<desc> Description: asylum\n</top>\n");
    snprintf(args, sizeof args, "-i '%s' --topics '%s'", ix1, t);
    cr_assert_eq(batch_err(&out, &err, args), 0, "%s", err);
    cr_assert(strstr(out, "7 Q0 32016R0794 1 ") == out, "%s", out);
    snprintf(want, sizeof want, "acquis batch: warning: %s:5: topic 8 is empty: no lines for it\n", t);
    cr_assert_str_eq(err, want);
    free(out);
    free(err);
}

/* ---- errors ------------------------------------------------------------------ */

static void expect_error(const char *args, const char *message)
{
    char *out, *err;
    cr_assert_eq(batch_err(&out, &err, args), 2, "exit status for %s", args);
    cr_assert_str_eq(out, "", "no run on error");
    cr_assert_str_eq(err, message, "for %s", args);
    free(out);
    free(err);
}

Test(batch, bad_topics_file, .init = setup, .fini = teardown)
{
    char args[9000], want[9000];
    const char *t = topics_file("dup.tsv", "1\tEuropol\n2\tEurojust\n1\tFrontex\n");
    snprintf(args, sizeof args, "-i '%s' --topics '%s'", ix1, t);
    snprintf(want, sizeof want, "acquis batch: %s:3: topic 1 appears twice (first at line 1)\n",
             t);
    expect_error(args, want);

    snprintf(args, sizeof args, "-i '%s' --topics '%s/none.tsv'", ix1, tmp);
    snprintf(want, sizeof want,
             "acquis batch: cannot read %s/none.tsv: No such file or directory\n", tmp);
    expect_error(args, want);
}

Test(batch, missing_index, .init = setup, .fini = teardown)
{
    const char *t = topics_file("t.tsv", tsv_topics);
    char args[9000], *out, *err;
    snprintf(args, sizeof args, "-i '%s/nowhere' --topics '%s'", tmp, t);
    cr_assert_eq(batch_err(&out, &err, args), 2);
    cr_assert_str_eq(out, "");
    cr_assert(strncmp(err, "acquis batch: ", 14) == 0 && strlen(err) > 20, "message: %s", err);
    cr_assert_not_null(strstr(err, "nowhere"), "the message should name the index: %s", err);
    free(out);
    free(err);
}

Test(batch, bad_options, .init = setup, .fini = teardown)
{
    const char *t = topics_file("t.tsv", tsv_topics);
    static const struct {
        const char *opt, *msg;
    } cases[] = {
        {"--fields titel", "acquis batch: --fields wants title, desc, narr, all or a list such as title,desc\n"},
        {"-k 0", "acquis batch: -k wants a number from 1 to 1000000\n"},
        {"-k 10x", "acquis batch: -k wants a number from 1 to 1000000\n"},
        {"--b 1.5", "acquis batch: --b wants a number from 0 to 1, such as 0.4\n"},
        {"--k1 -1", "acquis batch: --k1 wants a number >= 0, such as 0.9\n"},
        {"-j 0", "acquis batch: -j wants a number of threads from 1 to 64\n"},
        {"--tag 'two words'", "acquis batch: --tag wants a name without blanks, such as bm25-k1.2\n"},
        {"--frobnicate", "acquis batch: unknown option '--frobnicate' (see acquis batch --help)\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[9000];
        snprintf(args, sizeof args, "-i '%s' --topics '%s' %s", ix1, t, cases[i].opt);
        expect_error(args, cases[i].msg);
    }
    char args[9000];
    snprintf(args, sizeof args, "-i '%s'", ix1);
    expect_error(args, "acquis batch: --topics FILE is required (see acquis batch --help)\n");
    snprintf(args, sizeof args, "-i '%s' --topics", ix1);
    expect_error(args, "acquis batch: --topics wants a value (see acquis batch --help)\n");
}

Test(batch, help)
{
    char *out;
    cr_assert_eq(batch(&out, "--help"), 0);
    cr_assert_not_null(strstr(out, "usage: acquis batch"));
    cr_assert_not_null(strstr(out, "--topics FILE"));
    free(out);
}
