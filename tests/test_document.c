/* test_document.c: acq_index_document and acq_document_free: every field and
 * the whole text come back byte for byte (long texts over many stored
 * blocks, texts stored once for several documents, absent fields as ""),
 * from one segment or several, before and after a merge; deleted documents
 * are not found and replaced ones come back in their last version; ids with
 * odd bytes; unknown, empty and over-long ids; snapshots; damage is
 * ACQ_ECORRUPT; threads fetching at once; allocation failures; and
 * 3,000 acts of the shared corpus round trip exactly. */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "acquis.h"
#include "index/writer_internal.h"
#include "common/alloc.h"
#include "ingest/ingest.h"
#include "support.h"

/* ---- helpers ---------------------------------------------------------------- */

typedef struct fields {
    const char *id, *title, *text, *lang, *date, *type, *celex, *url;
} fields;

static acq_writer *open_writer(const char *dir, size_t budget)
{
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.memory_budget = budget;
    o.no_lang_detect = 1; /* fields come back exactly as given, absent lang too */
    acq_writer *w = NULL;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_writer_set_runs_per_segment(w, 1); /* a segment per flush: these tests want many */
    return w;
}

static void add(acq_writer *w, const fields *f)
{
    acq_document d = {0};
    d.id = f->id;
    d.title = f->title;
    d.text = f->text;
    d.lang = f->lang;
    d.date = f->date;
    d.type = f->type;
    d.celex = f->celex;
    d.url = f->url;
    cr_assert_eq(acq_writer_add(w, &d), ACQ_OK, "%s", acq_writer_errmsg(w));
}

static void commit(acq_writer *w)
{
    cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
}

static acq_index *open_index(const char *dir)
{
    acq_index *ix = NULL;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    return ix;
}

static void expect_field(const char *what, const char *id, const char *got, size_t got_len, const char *want)
{
    const char *w = want ? want : "";
    cr_assert_not_null(got, "%s of %s is NULL", what, id);
    cr_assert_eq(got_len, strlen(w), "%s of %s: %zu bytes, want %zu", what, id, got_len, strlen(w));
    cr_assert_eq(got[got_len], '\0', "%s of %s is not NUL-terminated", what, id);
    cr_assert(memcmp(got, w, got_len) == 0, "%s of %s differs", what, id);
}

/* Fetches f->id and compares every field with f. */
static void expect_document(acq_index *ix, const fields *f)
{
    acq_document *d = NULL;
    char msg[512];
    int rc = acq_index_document(&d, ix, f->id, msg, sizeof msg);
    cr_assert_eq(rc, ACQ_OK, "%s: %s", f->id, msg);
    cr_assert_not_null(d);
    expect_field("id", f->id, d->id, d->id_len, f->id);
    expect_field("title", f->id, d->title, d->title_len, f->title);
    expect_field("text", f->id, d->text, d->text_len, f->text);
    expect_field("lang", f->id, d->lang, d->lang_len, f->lang);
    expect_field("date", f->id, d->date, d->date_len, f->date);
    expect_field("type", f->id, d->type, d->type_len, f->type);
    expect_field("celex", f->id, d->celex, d->celex_len, f->celex);
    expect_field("url", f->id, d->url, d->url_len, f->url);
    acq_document_free(d);
}

static void expect_not_found(acq_index *ix, const char *id)
{
    acq_document *d = (acq_document *)1;
    char msg[512] = "";
    cr_assert_eq(acq_index_document(&d, ix, id, msg, sizeof msg), ACQ_ENOTFOUND, "%s", id);
    cr_assert_null(d, "*out must be NULL after a failure");
    cr_assert(strstr(msg, "no document with id") != NULL, "%s", msg);
}

/* A text of n bytes made of numbered sentences, so that every stored block
 * differs from the others (a misplaced block would show). */
static char *long_text(size_t n, unsigned seed)
{
    char *t = malloc(n + 64);
    cr_assert_not_null(t);
    size_t len = 0;
    for (unsigned i = 0; len < n; i++)
        len += (size_t)snprintf(t + len, n + 64 - len, "Article %u(%u): Member States shall cooperate. ", i, seed);
    t[n] = '\0';
    return t;
}

static const fields SMALL[] = {
    {"d1", "Europol Regulation", "Police cooperation through Europol.", "en", "2016-05-11", "REG", "32016R0794",
     "https://eur-lex.europa.eu/eli/reg/2016/794/oj"},
    {"d2", "Prüm Decision", "Exchange of DNA profiles, fingerprints and vehicle registration data.", "en", "2008-06-23",
     "DEC", "32008D0615", NULL},
    {"d3", NULL, NULL, NULL, NULL, NULL, NULL, NULL}, /* an id alone */
    {"d4", "Coopération policière", "La coopération policière entre les États membres.", "fr", "2016", "REG", NULL,
     NULL},
};
#define NSMALL (sizeof SMALL / sizeof SMALL[0])

/* ---- round trips -------------------------------------------------------------- */

Test(document, every_field_round_trips)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    for (size_t i = 0; i < NSMALL; i++)
        add(w, &SMALL[i]);
    commit(w);
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    for (size_t i = 0; i < NSMALL; i++)
        expect_document(ix, &SMALL[i]);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(document, long_and_repeated_texts_come_back_whole)
{
    char *dir = test_tmpdir();
    /* 1 MB spans dozens of 16 KB text blocks; the same text under several
     * ids is stored once and referred to; an empty text; a short one after
     * the long ones lands in a later block. */
    char *big = long_text(1 << 20, 1), *mid = long_text(40000, 2), *other = long_text(40000, 3);
    fields docs[] = {
        {"big", "A long act", big, "en", "2001", "REG", NULL, NULL},
        {"mid-1", "First version", mid, "en", "2002", NULL, NULL, NULL},
        {"other", "Another", other, NULL, NULL, NULL, NULL, NULL},
        {"mid-2", "Second version, same text", mid, "en", "2003", NULL, NULL, NULL},
        {"empty", "Title only", "", NULL, NULL, NULL, NULL, NULL},
        {"mid-3", "Third version, same text again", mid, "en", "2004", NULL, NULL, NULL},
        {"short", "Short", "A few words.", NULL, NULL, NULL, NULL, NULL},
        {"big-again", "The long act again", big, "en", "2005", NULL, NULL, NULL},
    };
    size_t n = sizeof docs / sizeof docs[0];
    acq_writer *w = open_writer(dir, 0);
    for (size_t i = 0; i < n; i++)
        add(w, &docs[i]);
    commit(w);
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    for (size_t i = 0; i < n; i++)
        expect_document(ix, &docs[n - 1 - i]); /* backwards: no reliance on a cached block */
    acq_index_close(ix);
    free(big);
    free(mid);
    free(other);
    test_rmrf(dir);
    free(dir);
}

Test(document, ids_with_odd_bytes)
{
    char *dir = test_tmpdir();
    char longest[255];
    memset(longest, 'x', 254);
    longest[254] = '\0';
    longest[0] = 'L';
    const char *ids[] = {
        "with space", "quote\"and\\backslash", "tab\there", "new\nline", "sl/as/h", "Ünïcødé–id",
        "日本語", "CASE", "case", "d1", "d10", "d1 ", "#", "32016R0794@2016-05-11:en#3", longest,
    };
    size_t n = sizeof ids / sizeof ids[0];
    acq_writer *w = open_writer(dir, 0);
    for (size_t i = 0; i < n; i++) {
        char title[64];
        snprintf(title, sizeof title, "document %zu", i);
        fields f = {ids[i], title, ids[i], NULL, NULL, NULL, NULL, NULL};
        add(w, &f);
    }
    commit(w);
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    for (size_t i = 0; i < n; i++) {
        char title[64];
        snprintf(title, sizeof title, "document %zu", i);
        fields f = {ids[i], title, ids[i], NULL, NULL, NULL, NULL, NULL};
        expect_document(ix, &f);
    }
    /* Ids are exact: no case folding, no prefix, no trimming. */
    expect_not_found(ix, "Case");
    expect_not_found(ix, "d");
    expect_not_found(ix, "d100");
    expect_not_found(ix, "with  space");
    expect_not_found(ix, "日本");
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(document, unknown_empty_and_overlong_ids)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    for (size_t i = 0; i < NSMALL; i++)
        add(w, &SMALL[i]);
    commit(w);
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    expect_not_found(ix, "nope");
    char msg[512];
    acq_document *d = NULL;
    cr_assert_eq(acq_index_document(&d, ix, "nope", msg, sizeof msg), ACQ_ENOTFOUND);
    cr_assert(strstr(msg, "\"nope\"") != NULL && strstr(msg, dir) != NULL, "names the id and the index: %s", msg);
    /* Control bytes of an unknown id are shown escaped, never raw. */
    cr_assert_eq(acq_index_document(&d, ix, "bad\033[2Jid", msg, sizeof msg), ACQ_ENOTFOUND);
    cr_assert(strchr(msg, '\033') == NULL && strstr(msg, "\\x1b") != NULL, "%s", msg);
    char over[400];
    memset(over, 'y', sizeof over - 1);
    over[sizeof over - 1] = '\0';
    cr_assert_eq(acq_index_document(&d, ix, over, msg, sizeof msg), ACQ_ENOTFOUND);
    cr_assert(strstr(msg, "at most 254 bytes") != NULL, "%s", msg);
    cr_assert_null(d);
    /* Misuse. */
    cr_assert_eq(acq_index_document(&d, ix, "", msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_index_document(&d, ix, NULL, msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_index_document(&d, NULL, "d1", msg, sizeof msg), ACQ_EARG);
    cr_assert_eq(acq_index_document(NULL, ix, "d1", msg, sizeof msg), ACQ_EARG);
    cr_assert_null(d);
    /* A message buffer of any size, or none. */
    cr_assert_eq(acq_index_document(&d, ix, "nope", NULL, 0), ACQ_ENOTFOUND);
    char tiny[8];
    cr_assert_eq(acq_index_document(&d, ix, "nope", tiny, sizeof tiny), ACQ_ENOTFOUND);
    cr_assert_eq(strlen(tiny), sizeof tiny - 1);
    acq_document_free(NULL);
    acq_index_close(ix);
    /* An empty index. */
    char *empty = test_tmpdir();
    w = open_writer(empty, 0);
    commit(w);
    acq_writer_close(w);
    ix = open_index(empty);
    expect_not_found(ix, "d1");
    acq_index_close(ix);
    test_rmrf(empty);
    free(empty);
    test_rmrf(dir);
    free(dir);
}

/* ---- deletions, replacements, segments ------------------------------------------- */

Test(document, several_segments_then_merged)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    char ids[60][16], titles[60][32];
    fields f[60];
    for (int i = 0; i < 60; i++) {
        snprintf(ids[i], sizeof ids[i], "act-%02d", i);
        snprintf(titles[i], sizeof titles[i], "Act number %d", i);
        f[i] = (fields){ids[i], titles[i], titles[i], "en", "2010-01-01", "REG", NULL, NULL};
        add(w, &f[i]);
        if (i % 10 == 9)
            commit(w); /* six segments */
    }
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &st), ACQ_OK);
    cr_assert_gt(st.segments, 1, "the test wants several segments");
    for (int i = 0; i < 60; i++)
        expect_document(ix, &f[i]);
    acq_index_close(ix);
    w = open_writer(dir, 0);
    cr_assert_eq(acq_writer_merge(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    ix = open_index(dir);
    for (int i = 0; i < 60; i++)
        expect_document(ix, &f[i]);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

static uint8_t *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)len + 1);
    cr_assert_not_null(b);
    cr_assert_eq(fread(b, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return b;
}

/* The one segment file of dir with extension ext. */
static void segment_file(const char *dir, const char *ext, char *out, size_t n)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d)) != NULL) {
        const char *dot = strrchr(e->d_name, '.');
        if (strncmp(e->d_name, "seg-", 4) == 0 && dot && strcmp(dot + 1, ext) == 0) {
            cr_assert_eq(found, 0, "more than one .%s file in %s", ext, dir);
            snprintf(out, n, "%s/%s", dir, e->d_name);
            found = 1;
        }
    }
    closedir(d);
    cr_assert(found, "no .%s file in %s", ext, dir);
}

/* A merge copies the compressed blocks of a segment that lost no document
 * (its texts' references count back, so they hold wherever the block goes)
 * and rewrites, record by record, a segment that lost some: texts stored
 * once and referred to come back whole either way, and the copied bytes are
 * the source's. */
Test(document, merges_copy_blocks_and_keep_text_references)
{
    char *dir = test_tmpdir();
    char *shared_text = long_text(30000, 7), *texts[4];
    fields f[4][6];
    char ids[4][6][16];
    uint8_t *first_fdt = NULL;
    size_t first_len = 0;
    acq_writer *w = open_writer(dir, 0);
    for (int s = 0; s < 4; s++) {
        texts[s] = long_text(50000, 100 + (unsigned)s);
        for (int i = 0; i < 6; i++) {
            snprintf(ids[s][i], sizeof ids[s][i], "s%d-d%d", s, i);
            /* Each segment repeats its own text and the shared one: every
             * segment refers back within itself. */
            const char *t = i % 3 == 0 ? texts[s] : i % 3 == 1 ? shared_text : ids[s][i];
            f[s][i] = (fields){ids[s][i], ids[s][i], t, "en", "2020", "REG", NULL, NULL};
            add(w, &f[s][i]);
        }
        commit(w);
        if (s == 0) {
            char path[4096];
            segment_file(dir, "fdt", path, sizeof path);
            first_fdt = slurp(path, &first_len);
        }
    }
    /* Segment 2 loses a document: it is rewritten record by record. */
    cr_assert_eq(acq_writer_delete(w, "s2-d1"), ACQ_OK);
    commit(w);
    cr_assert_eq(acq_writer_merge(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    for (int s = 0; s < 4; s++)
        for (int i = 5; i >= 0; i--) {
            if (s == 2 && i == 1)
                expect_not_found(ix, f[s][i].id);
            else
                expect_document(ix, &f[s][i]);
        }
    acq_index_close(ix);
    char path[4096];
    segment_file(dir, "fdt", path, sizeof path);
    size_t merged_len;
    uint8_t *merged = slurp(path, &merged_len);
    /* The first segment's blocks (after the 12-byte header, before its
     * index) lie in the merged file unchanged. */
    cr_assert_gt(first_len, 12 + 4096);
    cr_assert_not_null(memmem(merged, merged_len, first_fdt + 12, 4096), "the first segment's blocks were not copied");
    free(merged);
    free(first_fdt);
    for (int s = 0; s < 4; s++)
        free(texts[s]);
    free(shared_text);
    test_rmrf(dir);
    free(dir);
}

Test(document, deleted_documents_are_not_found_and_snapshots_keep_them)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    for (size_t i = 0; i < NSMALL; i++)
        add(w, &SMALL[i]);
    commit(w);
    acq_index *before = open_index(dir);
    cr_assert_eq(acq_writer_delete(w, "d2"), ACQ_OK);
    commit(w);
    acq_index *after = open_index(dir);
    expect_not_found(after, "d2");
    expect_document(after, &SMALL[0]);
    expect_document(after, &SMALL[3]);
    /* The snapshot opened before the delete still has it. */
    expect_document(before, &SMALL[1]);
    acq_index_close(before);
    acq_index_close(after);
    /* Merged away for good. */
    cr_assert_eq(acq_writer_merge(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    acq_index *merged = open_index(dir);
    expect_not_found(merged, "d2");
    expect_document(merged, &SMALL[2]);
    acq_index_close(merged);
    test_rmrf(dir);
    free(dir);
}

Test(document, replaced_documents_come_back_in_their_last_version)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    fields v1 = {"eaw", "Arrest warrant, first version", "The first text.", "en", "2002", "DEC", NULL, NULL};
    fields v2 = {"eaw", "Arrest warrant, amended", "The amended text.", "en", "2009", "DEC", "32009F0299", NULL};
    fields v3 = {"eaw", "Arrest warrant, consolidated", "The consolidated text.", "en", "2010", "DEC", NULL, "u"};
    add(w, &SMALL[0]);
    add(w, &v1);
    commit(w);
    add(w, &v2); /* a later segment */
    commit(w);
    acq_index *ix = open_index(dir);
    expect_document(ix, &v2);
    acq_index_close(ix);
    /* Twice in one batch: the last one added wins. */
    add(w, &v1);
    add(w, &v3);
    commit(w);
    ix = open_index(dir);
    expect_document(ix, &v3);
    expect_document(ix, &SMALL[0]);
    acq_index_close(ix);
    /* Deleted, then added again. */
    cr_assert_eq(acq_writer_delete(w, "eaw"), ACQ_OK);
    commit(w);
    ix = open_index(dir);
    expect_not_found(ix, "eaw");
    acq_index_close(ix);
    add(w, &v1);
    commit(w);
    cr_assert_eq(acq_writer_merge(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    ix = open_index(dir);
    expect_document(ix, &v1);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

/* ---- damage, threads, allocation failures ----------------------------------------- */

/* Flips one byte in the middle of the first file of the index ending in ext. */
static void damage(const char *dir, const char *ext)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    char path[4096] = "";
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name), k = strlen(ext);
        if (n > k && strcmp(e->d_name + n - k, ext) == 0) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            break;
        }
    }
    closedir(d);
    cr_assert(path[0], "no %s file in %s", ext, dir);
    size_t len;
    char *data = test_read_file(path, &len);
    cr_assert_not_null(data);
    FILE *f = fopen(path, "r+b");
    cr_assert_not_null(f);
    fseek(f, (long)(len / 3), SEEK_SET);
    fputc((unsigned char)data[len / 3] ^ 0x5a, f);
    fclose(f);
    free(data);
}

Test(document, damage_is_ecorrupt)
{
    const char *exts[] = {".fdm", ".fdt"};
    for (size_t k = 0; k < 2; k++) {
        char *dir = test_tmpdir();
        char *text = long_text(200000, 7);
        fields big = {"big", "Big", text, NULL, NULL, NULL, NULL, NULL};
        acq_writer *w = open_writer(dir, 0);
        for (size_t i = 0; i < NSMALL; i++)
            add(w, &SMALL[i]);
        add(w, &big);
        commit(w);
        acq_writer_close(w);
        damage(dir, exts[k]);
        acq_index *ix = NULL;
        char msg[512];
        int rc = acq_index_open(&ix, dir, msg, sizeof msg);
        if (rc == ACQ_OK) {
            /* Some document reads the damaged chunk; none comes back wrong. */
            int corrupt = 0;
            const char *ids[] = {"d1", "d2", "d3", "d4", "big"};
            for (size_t i = 0; i < 5; i++) {
                acq_document *d = NULL;
                rc = acq_index_document(&d, ix, ids[i], msg, sizeof msg);
                cr_assert(rc == ACQ_OK || rc == ACQ_ECORRUPT, "%s: %d %s", ids[i], rc, msg);
                if (rc == ACQ_ECORRUPT) {
                    corrupt = 1;
                    cr_assert_null(d);
                    cr_assert(strstr(msg, exts[k]) != NULL && strstr(msg, "damaged") != NULL, "%s", msg);
                } else if (i == 4) {
                    cr_assert_str_eq(d->text, text);
                }
                acq_document_free(d);
            }
            cr_assert(corrupt, "damage in %s went unnoticed", exts[k]);
            acq_index_close(ix);
        } else {
            cr_assert_eq(rc, ACQ_ECORRUPT, "%s", msg);
        }
        free(text);
        test_rmrf(dir);
        free(dir);
    }
}

typedef struct fetcher {
    acq_index *ix;
    const fields *docs;
    size_t n;
    int failures;
} fetcher;

static void *fetch_all(void *p)
{
    fetcher *f = p;
    for (int round = 0; round < 20; round++)
        for (size_t i = 0; i < f->n; i++) {
            acq_document *d = NULL;
            char msg[256];
            if (acq_index_document(&d, f->ix, f->docs[i].id, msg, sizeof msg) != ACQ_OK ||
                strcmp(d->title, f->docs[i].title ? f->docs[i].title : "") != 0 ||
                strcmp(d->text, f->docs[i].text ? f->docs[i].text : "") != 0)
                f->failures++;
            acq_document_free(d);
        }
    return NULL;
}

Test(document, threads_fetch_from_one_index)
{
    char *dir = test_tmpdir();
    acq_writer *w = open_writer(dir, 0);
    for (size_t i = 0; i < NSMALL; i++) {
        add(w, &SMALL[i]);
        commit(w); /* a segment each */
    }
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    pthread_t t[4];
    fetcher f[4];
    for (int i = 0; i < 4; i++) {
        f[i] = (fetcher){ix, SMALL, NSMALL, 0};
        cr_assert_eq(pthread_create(&t[i], NULL, fetch_all, &f[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        cr_assert_eq(f[i].failures, 0);
    }
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

Test(document, allocation_failures_are_enomem_without_leaks)
{
    char *dir = test_tmpdir();
    char *text = long_text(50000, 9);
    fields big = {"big", "Big", text, "en", NULL, NULL, NULL, NULL};
    acq_writer *w = open_writer(dir, 0);
    add(w, &SMALL[0]);
    add(w, &big);
    commit(w);
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    int reached_ok = 0;
    for (long n = 1; n < 1000 && !reached_ok; n++) {
        acq_document *d = NULL;
        char msg[256];
        acq_alloc_fail_after(n);
        int rc = acq_index_document(&d, ix, "big", msg, sizeof msg);
        acq_alloc_fail_after(0);
        cr_assert(rc == ACQ_OK || rc == ACQ_ENOMEM, "allocation %ld: %d %s", n, rc, msg);
        if (rc == ACQ_OK) {
            cr_assert_str_eq(d->text, text);
            reached_ok = 1;
        } else {
            cr_assert_null(d);
        }
        acq_document_free(d);
    }
    cr_assert(reached_ok);
    expect_document(ix, &big);
    acq_index_close(ix);
    free(text);
    test_rmrf(dir);
    free(dir);
}

/* ---- the shared corpus ------------------------------------------------------------- */

/* The first LIMIT acts of jha-en, as the ingest module reads them, indexed
 * with a small memory budget (several segments), then each fetched and
 * compared with a second reading of the file. */
#define LIMIT 3000

typedef struct corpus_run {
    acq_writer *w;
    acq_index *ix;
    int docs;
} corpus_run;

static int stop_at_limit(corpus_run *c) { return ++c->docs >= LIMIT ? ACQ_ELIMIT : ACQ_OK; }

static int on_add(void *p, const acq_ingest_doc *d)
{
    corpus_run *c = p;
    cr_assert_eq(acq_writer_add(c->w, &d->doc), ACQ_OK, "%s", acq_writer_errmsg(c->w));
    return stop_at_limit(c);
}

static void field_eq(const char *what, const acq_document *got, const char *g, size_t gl, const char *w, size_t wl)
{
    if (w == NULL)
        wl = 0;
    cr_assert(gl == wl && memcmp(g, w ? w : "", wl) == 0 && g[gl] == '\0', "%s of %s differs", what, got->id);
}

static int on_check(void *p, const acq_ingest_doc *d)
{
    corpus_run *c = p;
    char id[256];
    snprintf(id, sizeof id, "%.*s", (int)d->doc.id_len, d->doc.id);
    acq_document *got = NULL;
    char msg[512];
    cr_assert_eq(acq_index_document(&got, c->ix, id, msg, sizeof msg), ACQ_OK, "%s", msg);
    const acq_document *w = &d->doc;
    field_eq("id", got, got->id, got->id_len, w->id, w->id_len);
    field_eq("title", got, got->title, got->title_len, w->title, w->title_len);
    field_eq("text", got, got->text, got->text_len, w->text, w->text_len);
    field_eq("lang", got, got->lang, got->lang_len, w->lang, w->lang_len);
    field_eq("date", got, got->date, got->date_len, w->date, w->date_len);
    field_eq("type", got, got->type, got->type_len, w->type, w->type_len);
    field_eq("celex", got, got->celex, got->celex_len, w->celex, w->celex_len);
    field_eq("url", got, got->url, got->url_len, w->url, w->url_len);
    acq_document_free(got);
    return stop_at_limit(c);
}

static void on_problem(void *ctx, const char *source, uint64_t line, const char *message)
{
    (void)ctx;
    cr_assert_fail("%s:%llu: %s", source, (unsigned long long)line, message);
}

Test(document, shared_corpus_acts_round_trip, .timeout = 240)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/corpus/jha-en.jsonl.gz", ACQ_SHARED_DIR);
    if (!test_exists(path))
        cr_skip_test("no %s (the shared corpus): skipped", path);
    char *dir = test_tmpdir();
    corpus_run c = {0};
    c.w = open_writer(dir, (size_t)8 << 20);
    acq_ingest_callbacks cb = {on_add, on_problem, NULL, &c, NULL};
    acq_err err = {0};
    cr_assert_eq(acq_ingest_path(path, &cb, NULL, &err), ACQ_ELIMIT, "%s", err.msg);
    commit(c.w);
    acq_writer_close(c.w);
    c.ix = open_index(dir);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(c.ix, &st), ACQ_OK);
    cr_assert_eq(st.documents, LIMIT);
    cr_assert_gt(st.segments, 1, "an 8 MB budget should flush several segments");
    c.docs = 0;
    cb.doc = on_check;
    acq_err_clear(&err);
    cr_assert_eq(acq_ingest_path(path, &cb, NULL, &err), ACQ_ELIMIT, "%s", err.msg);
    acq_index_close(c.ix);
    test_rmrf(dir);
    free(dir);
}
