/* test_stored_codecs.c: the codecs of stored-field blocks (segment/zblock.h,
 * format.h): level 1 writes LZ4 blocks and levels 2 to 9 deflate ones, both
 * in .fdm and .fdt; every record reads back whatever its block's codec; a
 * merge copies blocks of both codecs as they are into one segment; files of
 * the older formats (deflate only) still read and merge; damage to an LZ4
 * block is reported as damage. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "fuzz/fuzz_util.h"
#include "index/reader.h"
#include "segment/format.h"
#include "segment/zblock.h"
#include "support.h"

#define DOCS 300

/* Document i of batch `batch`: texts of every size, from a few bytes to
 * one over a whole block, some repeated (stored once, referenced after). */
static void make_text(int batch, int i, char *out, size_t cap)
{
    size_t n = (size_t)snprintf(out, cap, "Article %d of act %c: the Member States exchange data", i, 'a' + batch);
    size_t want = i == 7 ? 3 * ACQ_STORE_BLOCK : (size_t)(i * 97) % 3000;
    test_rng_seed((uint64_t)(batch * 1000 + (i % 5 == 4 ? 0 : i)));
    while (n + 12 < cap && n < want)
        n += (size_t)snprintf(out + n, cap - n, " w%u", (unsigned)(test_rng() % 500));
}

static void add_batch(acq_writer *w, int batch)
{
    static char text[4 * ACQ_STORE_BLOCK];
    for (int i = 0; i < DOCS; i++) {
        char id[32], title[64];
        snprintf(id, sizeof id, "%c-%d", 'a' + batch, i);
        snprintf(title, sizeof title, "Decision %d/%d on police cooperation", i, batch);
        make_text(batch, i, text, sizeof text);
        acq_document d = {0};
        d.id = id;
        d.title = title;
        d.text = text;
        d.date = "2008-06-23";
        cr_assert_eq(acq_writer_add(w, &d), ACQ_OK, "%s", acq_writer_errmsg(w));
    }
}

static acq_writer *open_writer(const char *dir, int level)
{
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.compression_level = level;
    o.merge_factor = 1;
    acq_writer *w;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    return w;
}

/* One committed batch per level given, each its own segment. */
static char *index_of(const int *levels, int n)
{
    char *dir = test_tmpdir();
    for (int b = 0; b < n; b++) {
        acq_writer *w = open_writer(dir, levels[b]);
        add_batch(w, b);
        cr_assert_eq(acq_writer_commit(w), ACQ_OK, "%s", acq_writer_errmsg(w));
        acq_writer_close(w);
    }
    return dir;
}

static acq_index *open_index(const char *dir)
{
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    return ix;
}

/* How many blocks of each codec segment s's .fdm (which 0) or .fdt holds. */
static void count_codecs(acq_segment *s, int which, size_t *lz4, size_t *deflate)
{
    *lz4 = *deflate = 0;
    acq_store_iter it;
    acq_err err = {0};
    cr_assert_eq(acq_store_iter_open(&it, s, which, &err), ACQ_OK, "%s", err.msg);
    const uint8_t *comp;
    size_t clen;
    uint32_t raw_len, docs;
    int codec, got;
    while ((got = acq_store_iter_next_block(&it, &comp, &clen, &raw_len, &codec, &docs, &err)) == 1) {
        cr_assert_lt(raw_len, ACQ_STORE_LZ4);
        if (codec == ACQ_ZBLOCK_LZ4)
            (*lz4)++;
        else
            (*deflate)++;
    }
    cr_assert_eq(got, 0, "%s", err.msg);
    acq_store_iter_close(&it);
}

/* Every document of the given batches reads back as it was written. */
static void expect_documents(const char *dir, int batches)
{
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    static char want[4 * ACQ_STORE_BLOCK];
    for (int b = 0; b < batches; b++) {
        for (int i = 0; i < DOCS; i++) {
            char id[32], title[64];
            snprintf(id, sizeof id, "%c-%d", 'a' + b, i);
            snprintf(title, sizeof title, "Decision %d/%d on police cooperation", i, b);
            make_text(b, i, want, sizeof want);
            acq_document *d;
            cr_assert_eq(acq_index_document(&d, ix, id, msg, sizeof msg), ACQ_OK, "%s: %s", id, msg);
            cr_assert_str_eq(d->title, title);
            cr_assert_eq(d->text_len, strlen(want), "%s", id);
            cr_assert(memcmp(d->text, want, d->text_len) == 0, "%s: the text differs", id);
            acq_document_free(d);
        }
    }
    acq_index_close(ix);
}

Test(stored_codecs, level_1_writes_lz4_and_higher_levels_deflate)
{
    for (int level = 1; level <= 9; level += 4) {
        char *dir = index_of(&level, 1);
        acq_index *ix = open_index(dir);
        cr_assert_eq(ix->nsegs, 1);
        cr_assert_eq(ix->segs[0].fdt.version, ACQ_FDT_VERSION);
        cr_assert_eq(ix->segs[0].fdm.version, ACQ_FDM_VERSION);
        for (int which = 0; which < 2; which++) {
            size_t lz4, deflate;
            count_codecs(&ix->segs[0], which, &lz4, &deflate);
            cr_assert_gt(lz4 + deflate, 2, "level %d, file %d: too few blocks to tell", level, which);
            cr_assert_eq(level == 1 ? deflate : lz4, 0, "level %d, file %d: %zu LZ4 and %zu deflate blocks",
                         level, which, lz4, deflate);
        }
        acq_index_close(ix);
        expect_documents(dir, 1);
        test_rmrf(dir);
        free(dir);
    }
}

Test(stored_codecs, a_merge_copies_blocks_of_both_codecs)
{
    int levels[] = {1, 6, 1};
    char *dir = index_of(levels, 3);
    expect_documents(dir, 3);
    acq_writer *w = open_writer(dir, 1);
    cr_assert_eq(acq_writer_merge(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    acq_index *ix = open_index(dir);
    cr_assert_eq(ix->nsegs, 1);
    for (int which = 0; which < 2; which++) {
        size_t lz4, deflate;
        count_codecs(&ix->segs[0], which, &lz4, &deflate);
        cr_assert(lz4 > 0 && deflate > 0, "file %d: %zu LZ4 and %zu deflate blocks: the blocks were not copied",
                  which, lz4, deflate);
    }
    acq_index_close(ix);
    expect_documents(dir, 3);
    test_rmrf(dir);
    free(dir);
}

/* Every live document of dir, fetched by id, as one string per document
 * (id, title, text, date, celex), in the order of the ids given. */
static char **fetch_all(const char *dir, char **ids, size_t n)
{
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    char **out = calloc(n, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        acq_document *d;
        int rc = acq_index_document(&d, ix, ids[i], msg, sizeof msg);
        if (rc == ACQ_ENOTFOUND)
            continue;
        cr_assert_eq(rc, ACQ_OK, "%s: %s", ids[i], msg);
        size_t len = d->id_len + d->title_len + d->text_len + d->date_len + d->celex_len + 8;
        out[i] = malloc(len);
        snprintf(out[i], len, "%s|%s|%s|%s|%s", d->id, d->title, d->text, d->date, d->celex);
        acq_document_free(d);
    }
    acq_index_close(ix);
    return out;
}

/* tests/data/index-doc-v1 was written before LZ4 (.fdm format 2, .fdt
 * format 1, deflate blocks whose length word has all 32 bits): its
 * documents read, and a merge into the current format keeps them. */
Test(stored_codecs, older_formats_read_and_merge)
{
    char *dir = test_copy_of("tests/data/index-doc-v1");
    cr_assert_not_null(dir);
    acq_index *ix;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_gt(ix->nsegs, 1);
    cr_assert_lt(ix->segs[0].fdm.version, ACQ_STORE_CODEC_VERSION);
    cr_assert_lt(ix->segs[0].fdt.version, ACQ_STORE_CODEC_VERSION);
    /* The ids, from the metadata records. */
    size_t n = 0;
    char **ids = NULL;
    for (size_t s = 0; s < ix->nsegs; s++) {
        for (uint32_t d = 0; d < ix->segs[s].doc_count; d++) {
            acq_buf rec = {0};
            acq_err err = {0};
            cr_assert_eq(acq_segment_record(&ix->segs[s], 0, d, &rec, &err), ACQ_OK, "%s", err.msg);
            const char *f[ACQ_META_COUNT];
            size_t fl[ACQ_META_COUNT];
            cr_assert_eq(acq_record_fields(rec.data, rec.len, 1, f, fl), 0);
            ids = realloc(ids, (n + 1) * sizeof *ids);
            ids[n++] = strndup(f[0], fl[0]);
            acq_buf_free(&rec);
        }
    }
    acq_index_close(ix);
    cr_assert_gt(n, 100);
    char **before = fetch_all(dir, ids, n);
    acq_writer *w = open_writer(dir, 1);
    cr_assert_eq(acq_writer_merge(w), ACQ_OK, "%s", acq_writer_errmsg(w));
    acq_writer_close(w);
    char **after = fetch_all(dir, ids, n);
    size_t live = 0;
    for (size_t i = 0; i < n; i++) {
        cr_assert((before[i] == NULL) == (after[i] == NULL), "%s: found before or after the merge only", ids[i]);
        if (before[i]) {
            cr_assert_str_eq(after[i], before[i]);
            live++;
        }
        free(before[i]);
        free(after[i]);
        free(ids[i]);
    }
    cr_assert_gt(live, 100);
    free(before);
    free(after);
    free(ids);
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    cr_assert_eq(ix->nsegs, 1);
    cr_assert_eq(ix->segs[0].fdt.version, ACQ_FDT_VERSION);
    /* The metadata blocks of format 2 are copied and stay deflate; the
     * texts of format 1 are rewritten, in LZ4. */
    size_t lz4, deflate;
    count_codecs(&ix->segs[0], 0, &lz4, &deflate);
    cr_assert(deflate > 0 && lz4 == 0, "%zu LZ4 and %zu deflate metadata blocks", lz4, deflate);
    count_codecs(&ix->segs[0], 1, &lz4, &deflate);
    cr_assert(lz4 > 0 && deflate == 0, "%zu LZ4 and %zu deflate text blocks", lz4, deflate);
    acq_index_close(ix);
    test_rmrf(dir);
    free(dir);
}

/* Rewrites the length word of the first .fdt block of dir's segment with
 * f(word) and reseals the file: the checksums are right, the decoder
 * meets the damage. Returns the file's path (caller frees). */
static char *patch_first_block(const char *dir, uint32_t (*f)(uint32_t))
{
    acq_index *ix = open_index(dir);
    char *path = strdup(ix->segs[0].fdt.path);
    acq_index_close(ix);
    size_t size;
    uint8_t *file = fz_read(path, &size);
    cr_assert_not_null(file);
    size_t body_end = fz_body_end(file, size);
    uint64_t index_off = 0;
    for (int i = 0; i < 8; i++)
        index_off |= (uint64_t)file[body_end - 8 + i] << (8 * i);
    uint8_t *w = file + index_off + 12;
    uint32_t word = (uint32_t)w[0] | (uint32_t)w[1] << 8 | (uint32_t)w[2] << 16 | (uint32_t)w[3] << 24;
    cr_assert(word & ACQ_STORE_LZ4, "the first block is not LZ4");
    word = f(word);
    for (int i = 0; i < 4; i++)
        w[i] = (uint8_t)(word >> (8 * i));
    cr_assert_eq(fz_reseal(file, body_end), size);
    cr_assert_eq(fz_write(path, file, size), 0);
    free(file);
    return path;
}

static uint32_t one_byte_short(uint32_t w) { return w - 1; }
static uint32_t one_byte_long(uint32_t w) { return w + 1; }
static uint32_t as_deflate(uint32_t w) { return w & ~ACQ_STORE_LZ4; }

Test(stored_codecs, a_damaged_lz4_block_is_reported)
{
    uint32_t (*damage[])(uint32_t) = {one_byte_short, one_byte_long, as_deflate};
    for (size_t i = 0; i < sizeof damage / sizeof damage[0]; i++) {
        int levels[] = {1, 1};
        char *dir = index_of(levels, 2);
        char *path = patch_first_block(dir, damage[i]);
        acq_index *ix;
        char msg[512];
        cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
        acq_document *d = NULL;
        int rc = acq_index_document(&d, ix, "a-0", msg, sizeof msg);
        cr_assert_eq(rc, ACQ_ECORRUPT, "damage %zu: rc %d (%s)", i, rc, msg);
        cr_assert(strstr(msg, path) != NULL, "the message does not name %s: %s", path, msg);
        acq_index_close(ix);
        /* A merge, which copies the block, checks it first and refuses. */
        acq_writer *w = open_writer(dir, 1);
        cr_assert_eq(acq_writer_merge(w), ACQ_ECORRUPT, "damage %zu: the merge took the damaged block", i);
        cr_assert(strstr(acq_writer_errmsg(w), path) != NULL, "%s", acq_writer_errmsg(w));
        acq_writer_close(w);
        free(path);
        test_rmrf(dir);
        free(dir);
    }
}
