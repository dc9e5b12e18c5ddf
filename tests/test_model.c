/* test_model.c: random sequences of writer and reader operations checked
 * against an in-memory model after every step that changes what a reader
 * sees.
 *
 * Operations: add (a new id, or an id already there: a replace), delete,
 * delete by query, commit, merge (acq_writer_merge), closing and reopening
 * the writer (uncommitted work is dropped), reopening the long-lived reader.
 * Documents are a few words over a ten-word vocabulary (words the analyzer
 * keeps as they are), a type and a date, so every statistic can be counted
 * by hand. Writers use merge factors 2, 3 and the default, and small memory
 * budgets, so that the merge policy runs and batches span segments. Most
 * sequences have 16 ids, so that ids come back; one in 400 has 400, so that
 * postings span blocks of 128 and their skip tables.
 *
 * After a step that commits nothing, a fresh reader still holds the last
 * commit. After each commit or merge a fresh reader must hold exactly the
 * model's documents (stored fields and lengths, listed from the segments and
 * fetched one by one with acq_index_document), and for random queries (a
 * word, two words, a phrase, "+a -b", "a AND b", "a type:T",
 * "a date:Y1..Y2") the matching ids, their count and their BM25 scores must
 * equal a brute-force evaluation; a top-3 search must return the three best scores. Scores are
 * computed the engine's way (search/bm25.h, README "Ranking"): N, document
 * frequencies and the average length count the documents still in the
 * segments though deleted, until a merge drops them. Which deleted documents
 * are still there depends on the merge policy's choices, so the statistics
 * are counted from every document the segments hold (test_docs_read with
 * deleted ones), each of which must be a version the model once added; after
 * acq_writer_merge none may remain. The reader opened before the commit
 * must still answer from its own snapshot.
 *
 * ACQ_MODEL_SEQUENCES sets the number of sequences (default 1200, 400 under
 * AddressSanitizer), ACQ_MODEL_SEED the seed; a failure prints both, the
 * sequence, its steps so far and what differed. The test sets no timeout of
 * its own, so a soak run directly is not cut short (CTest's 300 s applies
 * to the suite). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "acquis.h"
#include "snapshot.h"
#include "support.h"

#define NIDS 16          /* ids of most sequences: few, so they repeat */
#define BIG_NIDS 400     /* ids of one sequence in 400: terms in more than 128
                            documents, so postings span blocks and skips */
#define MAXIDS BIG_NIDS
#define MAXWORDS 16
#define NVOCAB 10
#define MAXHIST 4096

static const char *const VOCAB[NVOCAB] = {"europol", "frontex", "schengen", "warrant", "asylum",
                                          "border",  "visa",    "prum",     "eurodac", "interpol"};
static const char *const TYPES[] = {"REG", "DIR", "DEC"};

typedef struct mdoc {
    int present;
    char title[160], text[200], type[8], date[32];
    int year;                /* 0: no date */
} mdoc;

/* ---- random numbers ------------------------------------------------------ */

static uint64_t rng;

static uint64_t next_rand(void)
{
    uint64_t z = (rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int rnd(int n) { return (int)(next_rand() % (uint64_t)n); }

/* Skewed towards the first words, so that words repeat within documents
 * and their frequencies differ. */
static int word(void)
{
    int a = rnd(NVOCAB), b = rnd(NVOCAB);
    return a < b ? a : b;
}

static void words(char *out, size_t n, int count)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < count; i++)
        len += (size_t)snprintf(out + len, n - len, "%s%s", i ? " " : "", VOCAB[word()]);
}

static void random_doc(mdoc *d)
{
    memset(d, 0, sizeof *d);
    d->present = 1;
    words(d->title, sizeof d->title, 1 + rnd(3));
    words(d->text, sizeof d->text, rnd(13));
    snprintf(d->type, sizeof d->type, "%s", TYPES[rnd(3)]);
    if (rnd(6) != 0) {
        d->year = 2000 + rnd(10);
        snprintf(d->date, sizeof d->date, "%04d-%02d-%02d", d->year, 1 + rnd(12), 1 + rnd(28));
    }
}

/* ---- queries and their brute-force evaluation --------------------------- */

enum { Q_ONE, Q_OR, Q_PHRASE, Q_PLUS_MINUS, Q_AND, Q_TYPE, Q_DATE, NQ };

typedef struct query {
    int kind, a, b, type, y1, y2;
    char text[96];
} query;

static void random_query(query *q)
{
    memset(q, 0, sizeof *q);
    q->kind = rnd(NQ);
    q->a = word();
    do
        q->b = rnd(NVOCAB);
    while (q->b == q->a);
    const char *a = VOCAB[q->a], *b = VOCAB[q->b];
    switch (q->kind) {
    case Q_ONE: snprintf(q->text, sizeof q->text, "%s", a); break;
    case Q_OR: snprintf(q->text, sizeof q->text, "%s %s", a, b); break;
    case Q_PHRASE: snprintf(q->text, sizeof q->text, "\"%s %s\"", a, b); break;
    case Q_PLUS_MINUS: snprintf(q->text, sizeof q->text, "+%s -%s", a, b); break;
    case Q_AND: snprintf(q->text, sizeof q->text, "%s AND %s", a, b); break;
    case Q_TYPE:
        q->type = rnd(3);
        snprintf(q->text, sizeof q->text, "%s type:%s", a, TYPES[q->type]);
        break;
    case Q_DATE:
        q->y1 = 2000 + rnd(10);
        q->y2 = q->y1 + rnd(4);
        snprintf(q->text, sizeof q->text, "%s date:%d..%d", a, q->y1, q->y2);
        break;
    }
}

/* A document's words: the title's at positions 0.., the text's after a gap
 * (the engine's ACQ_FIELD_GAP; phrases never span it, so only adjacency
 * within one part matters here). */
typedef struct parsed {
    int title[MAXWORDS], text[MAXWORDS];
    int ntitle, ntext;
} parsed;

static int split(const char *s, int *out)
{
    int n = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    char *save = NULL;
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int id = -1;
        for (int i = 0; i < NVOCAB; i++)
            if (strcmp(w, VOCAB[i]) == 0)
                id = i;
        cr_assert_geq(id, 0, "a stored word outside the vocabulary: %s", w);
        cr_assert_lt(n, MAXWORDS);
        out[n++] = id;
    }
    return n;
}

static void parse(const char *title, const char *text, parsed *p)
{
    p->ntitle = split(title, p->title);
    p->ntext = split(text, p->text);
}

static int tf(const parsed *p, int w)
{
    int n = 0;
    for (int i = 0; i < p->ntitle; i++)
        n += p->title[i] == w;
    for (int i = 0; i < p->ntext; i++)
        n += p->text[i] == w;
    return n;
}

static int phrase_freq(const parsed *p, int a, int b)
{
    int n = 0;
    for (int i = 0; i + 1 < p->ntitle; i++)
        n += p->title[i] == a && p->title[i + 1] == b;
    for (int i = 0; i + 1 < p->ntext; i++)
        n += p->text[i] == a && p->text[i + 1] == b;
    return n;
}

static int matches(const query *q, const parsed *p, const char *type, int year)
{
    switch (q->kind) {
    case Q_ONE: return tf(p, q->a) > 0;
    case Q_OR: return tf(p, q->a) > 0 || tf(p, q->b) > 0;
    case Q_PHRASE: return phrase_freq(p, q->a, q->b) > 0;
    case Q_PLUS_MINUS: return tf(p, q->a) > 0 && tf(p, q->b) == 0;
    case Q_AND: return tf(p, q->a) > 0 && tf(p, q->b) > 0;
    case Q_TYPE: return tf(p, q->a) > 0 && strcmp(type, TYPES[q->type]) == 0;
    case Q_DATE: return tf(p, q->a) > 0 && year >= q->y1 && year <= q->y2;
    }
    return 0;
}

/* Collection statistics as the engine counts them: every document its
 * segments hold, deleted or not. */
typedef struct stats {
    double n, avgdl;
    int df[NVOCAB];
} stats;

#define K1 0.9
#define B 0.4

static double idf(const stats *st, int w)
{
    return log(1.0 + (st->n - st->df[w] + 0.5) / (st->df[w] + 0.5));
}

static double tf_norm(const stats *st, int f, int dl)
{
    return f / (f + K1 * (1.0 - B + B * dl / st->avgdl));
}

static double score(const query *q, const parsed *p, const stats *st)
{
    int dl = p->ntitle + p->ntext;
    double s = 0;
    int fa = tf(p, q->a), fb = tf(p, q->b);
    switch (q->kind) {
    case Q_PHRASE:
        return (idf(st, q->a) + idf(st, q->b)) * tf_norm(st, phrase_freq(p, q->a, q->b), dl);
    case Q_OR:
    case Q_AND:
        if (fa)
            s += idf(st, q->a) * tf_norm(st, fa, dl);
        if (fb)
            s += idf(st, q->b) * tf_norm(st, fb, dl);
        return s;
    default: /* the other words and filters do not score */
        return idf(st, q->a) * tf_norm(st, fa, dl);
    }
}

/* ---- the state of one sequence -------------------------------------------- */

static struct {
    char dir[4096];
    acq_writer *w;
    acq_writer_options opts;
    int nids;                /* ids of this sequence: m00 .. m<nids - 1> */
    mdoc pending[MAXIDS];    /* what the next commit makes */
    mdoc committed[MAXIDS];  /* what the last commit made */
    mdoc snapshot[MAXIDS];   /* what the long-lived reader saw when it opened */
    acq_index *reader;
    /* every version ever added, so that a deleted document still in a
     * segment can be recognised */
    struct { int id; mdoc d; } hist[MAXHIST];
    int nhist;
    char log[8192];          /* the steps so far, for a failure message */
    size_t loglen;
    uint64_t base_seed;
    int seq, step, commits;
} M;

/* What the sequences exercised, printed at the end (a test whose queries
 * never matched, or whose indexes never kept a deleted document, would
 * prove little). */
static struct {
    long queries, hits, with_deleted;
} C;

static void note(const char *fmt, const char *s1, int n)
{
    if (M.loglen < sizeof M.log - 200) {
        M.loglen += (size_t)snprintf(M.log + M.loglen, sizeof M.log - M.loglen, "  %d: ", M.step);
        M.loglen += (size_t)snprintf(M.log + M.loglen, sizeof M.log - M.loglen, fmt, s1, n);
        M.loglen += (size_t)snprintf(M.log + M.loglen, sizeof M.log - M.loglen, "\n");
    }
}

#define FAIL(...)                                                                                                     \
    do {                                                                                                              \
        char what_[2048];                                                                                             \
        snprintf(what_, sizeof what_, __VA_ARGS__);                                                                   \
        cr_assert_fail("seed %llu (ACQ_MODEL_SEED), sequence %d, step %d: %s\nwriter: merge_factor %d, memory_budget " \
                       "%zu\nsteps:\n%s",                                                                             \
                       (unsigned long long)M.base_seed, M.seq, M.step, what_, M.opts.merge_factor,                    \
                       M.opts.memory_budget, M.log);                                                                  \
    } while (0)


static void open_writer(void)
{
    char msg[512];
    if (acq_writer_open(&M.w, M.dir, &M.opts, msg, sizeof msg) != ACQ_OK)
        FAIL("acq_writer_open: %s", msg);
}

static acq_index *open_reader(void)
{
    acq_index *ix = NULL;
    char msg[512];
    int rc = acq_index_open(&ix, M.dir, msg, sizeof msg);
    if (rc != ACQ_OK)
        FAIL("acq_index_open: %s (%s)", acq_strerror(rc), msg);
    return ix;
}

static void id_of(char *out, size_t n, int id) { snprintf(out, n, "m%02d", id); }

/* ---- checking a reader against a model ------------------------------------ */

static int same_doc(const test_doc *t, const mdoc *d)
{
    return strcmp(t->title, d->title) == 0 && strcmp(t->text, d->text) == 0 && strcmp(t->type, d->type) == 0 &&
           strcmp(t->date, d->date) == 0;
}

/* Checks the reader's documents against `model` and counts the statistics
 * from everything its segments hold. */
static void check_docs(acq_index *ix, const mdoc *model, test_docs *docs, stats *st, int merged, const char *who)
{
    char msg[512];
    int rc = test_docs_read(ix, 1, docs, msg, sizeof msg);
    if (rc != ACQ_OK)
        FAIL("%s: reading the stored documents: %s (%s)", who, acq_strerror(rc), msg);
    memset(st, 0, sizeof *st);
    int seen[MAXIDS] = {0};
    double sum_dl = 0;
    size_t live = 0, deleted = 0;
    for (size_t i = 0; i < docs->n; i++) {
        const test_doc *t = &docs->v[i];
        int id = -1;
        if (sscanf(t->id, "m%d", &id) != 1 || id < 0 || id >= M.nids)
            FAIL("%s: a document with an unknown id %s", who, t->id);
        parsed p;
        parse(t->title, t->text, &p);
        if (t->body_len != (uint32_t)(p.ntitle + p.ntext))
            FAIL("%s: document %s has body length %u; its title and text have %d words", who, t->id, t->body_len,
                 p.ntitle + p.ntext);
        if (t->deleted) {
            deleted++;
            int known = 0;
            for (int h = 0; h < M.nhist && !known; h++)
                known = M.hist[h].id == id && same_doc(t, &M.hist[h].d);
            if (!known)
                FAIL("%s: a deleted document %s (\"%s\" / \"%s\") that was never added", who, t->id, t->title, t->text);
        } else {
            live++;
            if (seen[id]++)
                FAIL("%s: document %s is live twice (ids are unique)", who, t->id);
            if (!model[id].present)
                FAIL("%s: document %s (\"%s\" / \"%s\") is live; the model deleted it or never had it", who, t->id,
                     t->title, t->text);
            if (!same_doc(t, &model[id]))
                FAIL("%s: document %s is \"%s\" / \"%s\" (%s, %s); the model has \"%s\" / \"%s\" (%s, %s)", who, t->id,
                     t->title, t->text, t->type, t->date, model[id].title, model[id].text, model[id].type,
                     model[id].date);
        }
        st->n++;
        sum_dl += t->body_len;
        for (int w = 0; w < NVOCAB; w++)
            st->df[w] += tf(&p, w) > 0;
    }
    for (int id = 0; id < M.nids; id++)
        if (model[id].present && !seen[id])
            FAIL("%s: document m%02d (\"%s\" / \"%s\") is missing", who, id, model[id].title, model[id].text);
    if (merged && deleted)
        FAIL("%s: %zu deleted documents are still there after acq_writer_merge", who, deleted);
    /* The same documents through the public API, one id at a time. */
    for (int id = 0; id < M.nids; id++) {
        char sid[16];
        id_of(sid, sizeof sid, id);
        acq_document *d = NULL;
        rc = acq_index_document(&d, ix, sid, msg, sizeof msg);
        int ok = model[id].present ? rc == ACQ_OK && strcmp(d->title, model[id].title) == 0 &&
                                         strcmp(d->text, model[id].text) == 0 && strcmp(d->type, model[id].type) == 0 &&
                                         strcmp(d->date, model[id].date) == 0
                                   : rc == ACQ_ENOTFOUND;
        if (!ok) {
            char got[1024];
            if (rc == ACQ_OK)
                snprintf(got, sizeof got, "\"%s\" / \"%s\" (%s, %s)", d->title, d->text, d->type, d->date);
            else
                snprintf(got, sizeof got, "%s (%s)", acq_strerror(rc), msg);
            acq_document_free(d);
            FAIL("%s: acq_index_document %s gives %s; the model has %s", who, sid, got,
                 model[id].present ? model[id].title : "no such document");
        }
        acq_document_free(d);
    }
    acq_index_stats s = ACQ_INDEX_STATS_INIT;
    if (acq_index_stats_get(ix, &s) != ACQ_OK || s.documents != live || s.deleted != deleted)
        FAIL("%s: stats say %llu documents, %llu deleted; the segments hold %zu live, %zu deleted", who,
             (unsigned long long)s.documents, (unsigned long long)s.deleted, live, deleted);
    C.with_deleted += deleted > 0;
    st->avgdl = st->n ? sum_dl / st->n : 1.0;
    if (sum_dl == 0)
        st->avgdl = 1.0;
}

typedef struct expected {
    char id[8];
    double score;
} expected;

static int by_score(const void *a, const void *b)
{
    double x = ((const expected *)a)->score, y = ((const expected *)b)->score;
    return x > y ? -1 : x < y;
}

static int close_enough(double a, double b) { return fabs(a - b) <= 1e-9 * (fabs(a) > 1 ? fabs(a) : 1); }

static void check_query(acq_index *ix, const test_docs *docs, const stats *st, const query *q, const char *who)
{
    expected want[MAXIDS];
    int nwant = 0;
    for (size_t i = 0; i < docs->n; i++) {
        const test_doc *t = &docs->v[i];
        if (t->deleted)
            continue;
        parsed p;
        parse(t->title, t->text, &p);
        int year = 0;
        if (t->date[0])
            sscanf(t->date, "%d", &year);
        if (!matches(q, &p, t->type, year))
            continue;
        snprintf(want[nwant].id, sizeof want[nwant].id, "%s", t->id);
        want[nwant++].score = score(q, &p, st);
    }
    qsort(want, (size_t)nwant, sizeof *want, by_score);
    C.queries++;
    C.hits += nwant;
    for (int pass = 0; pass < 2; pass++) {
        /* all hits, counted; then the top 3 (pruned by MaxScore where the
         * query allows) */
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.k = pass == 0 ? MAXIDS : 3;
        o.count = pass == 0;
        o.no_fields = 0;
        o.no_expand = 1; /* the model scores words: "prum" stays a word */
        acq_results *r = NULL;
        char msg[512];
        int rc = acq_search(&r, ix, q->text, &o, msg, sizeof msg);
        if (rc != ACQ_OK)
            FAIL("%s: search %s: %s (%s)", who, q->text, acq_strerror(rc), msg);
        size_t n = acq_results_count(r);
        size_t expect_n = pass == 0 ? (size_t)nwant : (nwant < 3 ? (size_t)nwant : 3);
        if (n != expect_n || (pass == 0 && acq_results_total(r) != (uint64_t)nwant)) {
            char got[512] = "", exp[512] = "";
            size_t gl = 0, el = 0;
            for (size_t i = 0; i < n && gl < 400; i++)
                gl += (size_t)snprintf(got + gl, sizeof got - gl, " %s", acq_results_hit(r, i)->id);
            for (int i = 0; i < nwant && el < 400; i++)
                el += (size_t)snprintf(exp + el, sizeof exp - el, " %s", want[i].id);
            uint64_t total = acq_results_total(r);
            acq_results_free(r);
            FAIL("%s: search %s (k %zu): %zu hits (total %llu):%s; the model has %d:%s", who, q->text, o.k, n,
                 (unsigned long long)total, got, nwant, exp);
        }
        for (size_t i = 0; i < n; i++) {
            const acq_hit *h = acq_results_hit(r, i);
            int found = -1;
            for (int j = 0; j < nwant; j++)
                if (strcmp(want[j].id, h->id) == 0)
                    found = j;
            char problem[512] = "";
            if (found < 0)
                snprintf(problem, sizeof problem, "hit %s does not match in the model", h->id);
            else if (!close_enough(h->score, want[found].score))
                snprintf(problem, sizeof problem, "hit %s scores %.17g; BM25 from the model's statistics gives %.17g",
                         h->id, h->score, want[found].score);
            else if (!close_enough(h->score, want[i].score))
                snprintf(problem, sizeof problem, "hit %zu (%s) scores %.17g; the model's hit %zu scores %.17g (%.7s)", i,
                         h->id, h->score, i, want[i].score, want[i].id);
            else if (i > 0 && h->score > acq_results_hit(r, i - 1)->score)
                snprintf(problem, sizeof problem, "hits out of order at %zu", i);
            if (problem[0]) {
                acq_results_free(r);
                FAIL("%s: search %s (k %zu, N %.0f, avgdl %.4f): %s", who, q->text, o.k, st->n, st->avgdl, problem);
            }
        }
        acq_results_free(r);
    }
}

/* After a commit or merge: a new reader holds the model; the old one still
 * holds its snapshot. */
static void check_all(int merged)
{
    acq_index *ix = open_reader();
    test_docs docs;
    stats st;
    check_docs(ix, M.committed, &docs, &st, merged, "new reader");
    for (int i = 0; i < 3; i++) {
        query q;
        random_query(&q);
        check_query(ix, &docs, &st, &q, "new reader");
    }
    test_docs_free(&docs);
    acq_index_close(ix);
    if (M.reader) {
        check_docs(M.reader, M.snapshot, &docs, &st, 0, "reader opened earlier");
        query q;
        random_query(&q);
        check_query(M.reader, &docs, &st, &q, "reader opened earlier");
        test_docs_free(&docs);
    }
}

/* After a step that commits nothing: readers still see the last commit
 * (or no index before the first). */
static void check_unchanged(const char *what)
{
    if (rnd(4) != 0) /* one step in four: reader opens cost more than the steps */
        return;
    if (M.commits == 0) {
        acq_index *ix = NULL;
        int rc = acq_index_open(&ix, M.dir, NULL, 0);
        acq_index_close(ix);
        if (rc != ACQ_ENOTFOUND)
            FAIL("after %s, before the first commit, acq_index_open says %s, not that there is no index", what,
                 acq_strerror(rc));
        return;
    }
    acq_index *ix = open_reader();
    test_docs docs;
    stats st;
    check_docs(ix, M.committed, &docs, &st, 0, what);
    test_docs_free(&docs);
    acq_index_close(ix);
}

/* ---- one sequence ------------------------------------------------------------ */

static void remember(int id, const mdoc *d)
{
    if (M.nhist < MAXHIST) {
        M.hist[M.nhist].id = id;
        M.hist[M.nhist++].d = *d;
    }
}

static void commit(int merge)
{
    int rc = merge ? acq_writer_merge(M.w) : acq_writer_commit(M.w);
    if (rc != ACQ_OK)
        FAIL("%s: %s (%s)", merge ? "acq_writer_merge" : "acq_writer_commit", acq_strerror(rc), acq_writer_errmsg(M.w));
    memcpy(M.committed, M.pending, sizeof M.pending);
    M.commits++;
    if (merge && acq_writer_segment_count(M.w) > 1)
        FAIL("acq_writer_merge left %zu segments", acq_writer_segment_count(M.w));
    check_all(merge);
}

static void run_sequence(int steps)
{
    memset(M.pending, 0, sizeof M.pending);
    memset(M.committed, 0, sizeof M.committed);
    M.nhist = 0;
    M.commits = 0;
    M.loglen = 0;
    M.log[0] = '\0';
    M.reader = NULL;
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    static const int factors[] = {2, 3, 0};
    o.merge_factor = factors[rnd(3)];
    /* small budgets: batches span segments, and writers open fast */
    o.memory_budget = rnd(3) == 0 ? 16 << 10 : 1 << 20;
    if (M.nids == BIG_NIDS) /* a first batch of hundreds in one segment */
        o.memory_budget = 8 << 20;
    M.opts = o;
    M.step = 0;
    open_writer();
    /* Most sequences start from a first batch, so that queries have
     * documents to rank from the first commit on. */
    int first_batch = rnd(4) == 0 && M.nids == NIDS ? 0 : M.nids / 2 + rnd(M.nids / 2);
    for (M.step = 1; M.step <= first_batch + steps; M.step++) {
        int r = M.step <= first_batch ? 0 : rnd(100), id = M.step <= first_batch ? M.step - 1 : rnd(M.nids);
        char sid[16];
        id_of(sid, sizeof sid, id);
        if (r < 40) {
            mdoc d;
            random_doc(&d);
            acq_document doc = {0};
            doc.id = sid;
            doc.title = d.title;
            doc.text = d.text;
            doc.lang = "en";
            doc.type = d.type;
            doc.date = d.date[0] ? d.date : NULL;
            note(M.pending[id].present ? "replace %s" : "add %s", sid, 0);
            if (acq_writer_add(M.w, &doc) != ACQ_OK)
                FAIL("acq_writer_add %s: %s", sid, acq_writer_errmsg(M.w));
            M.pending[id] = d;
            remember(id, &d);
            check_unchanged("an uncommitted add");
        } else if (r < 52) {
            note("delete %s", sid, 0);
            if (acq_writer_delete(M.w, sid) != ACQ_OK)
                FAIL("acq_writer_delete %s: %s", sid, acq_writer_errmsg(M.w));
            M.pending[id].present = 0;
            check_unchanged("an uncommitted delete");
        } else if (r < 58) {
            query q;
            random_query(&q);
            note("delete_query %s", q.text, 0);
            int rc = acq_writer_delete_query(M.w, q.text);
            if (rc != ACQ_OK)
                FAIL("acq_writer_delete_query %s: %s (%s)", q.text, acq_strerror(rc), acq_writer_errmsg(M.w));
            for (int i = 0; i < M.nids; i++) {
                if (!M.pending[i].present)
                    continue;
                parsed p;
                parse(M.pending[i].title, M.pending[i].text, &p);
                if (matches(&q, &p, M.pending[i].type, M.pending[i].year))
                    M.pending[i].present = 0;
            }
            check_unchanged("an uncommitted delete_query");
        } else if (r < 78) {
            note("commit%s", "", 0);
            commit(0);
        } else if (r < 82) {
            note("merge%s", "", 0);
            commit(1);
        } else if (r < 88) {
            note("reopen the writer (uncommitted work dropped)%s", "", 0);
            acq_writer_close(M.w);
            M.w = NULL;
            memcpy(M.pending, M.committed, sizeof M.pending);
            check_unchanged("closing a writer with uncommitted work");
            open_writer();
        } else if (r < 94) {
            note("reopen the reader%s", "", 0);
            acq_index_close(M.reader);
            M.reader = NULL;
            if (M.commits > 0) {
                M.reader = open_reader();
                memcpy(M.snapshot, M.committed, sizeof M.snapshot);
            } else {
                acq_index *ix = NULL;
                int rc = acq_index_open(&ix, M.dir, NULL, 0);
                acq_index_close(ix);
                if (rc != ACQ_ENOTFOUND)
                    FAIL("before the first commit, acq_index_open says %s, not that there is no index",
                         acq_strerror(rc));
            }
        }
    }
    note("final commit%s", "", 0);
    commit(0);
    acq_writer_close(M.w);
    M.w = NULL;
    acq_index_close(M.reader);
    M.reader = NULL;
}

/* ---- the test ------------------------------------------------------------------ */

static char *scratch_dir(void)
{
    struct stat st;
    /* Thousands of commits: on tmpfs when there is one. */
    if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0) {
        char tmpl[] = "/dev/shm/acquis-model-XXXXXX";
        if (mkdtemp(tmpl) != NULL)
            return strdup(tmpl);
    }
    return test_tmpdir();
}

static void empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[4400];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
}

#if defined(__SANITIZE_ADDRESS__)
#define DEFAULT_SEQUENCES 400
#else
#define DEFAULT_SEQUENCES 1200
#endif

Test(model, random_sequences_match_the_model)
{
    const char *e = getenv("ACQ_MODEL_SEQUENCES");
    long sequences = e && *e ? strtol(e, NULL, 10) : DEFAULT_SEQUENCES;
    e = getenv("ACQ_MODEL_SEED");
    M.base_seed = e && *e ? strtoull(e, NULL, 10) : (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 20);
    char *work = scratch_dir();
    cr_assert_not_null(work);
    snprintf(M.dir, sizeof M.dir, "%s/index", work);
    long steps_total = 0;
    for (M.seq = 0; M.seq < sequences; M.seq++) {
        rng = M.base_seed * 1000003u + (uint64_t)M.seq;
        M.nids = M.seq % 400 == 199 ? BIG_NIDS : NIDS;
        int steps = M.nids == NIDS ? 5 + rnd(35) : 10 + rnd(10);
        mkdir(M.dir, 0777);
        run_sequence(steps);
        steps_total += steps;
        empty_dir(M.dir);
    }
    fprintf(stderr, "model: %ld sequences, %ld steps checked against the model: %ld queries, %ld hits compared, %ld "
            "snapshots holding deleted documents (seed %llu)\n",
            sequences, steps_total, C.queries, C.hits, C.with_deleted, (unsigned long long)M.base_seed);
    cr_assert(C.hits > C.queries && C.with_deleted > 0, "the sequences exercised too little");
    test_rmrf(work);
    free(work);
}
