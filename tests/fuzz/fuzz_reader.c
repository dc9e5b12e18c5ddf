/* fuzz_reader.c: libFuzzer harness for the index reader. A small valid index
 * (three segments, skip tables, a deletion in each segment) is built once;
 * each input patches its files, recomputes the damaged files' checksums and
 * footer (or, for some inputs, leaves them stale) so that the decoders meet
 * the damage, then opens the index and runs searches of every kind, with
 * snippets, counts and explanations, fetches documents by id, runs
 * acq_index_verify and the statistics,
 * and for some inputs a writer's delete, commit and merge. Damage must be
 * reported as ACQ_ECORRUPT (or ACQ_EVERSION) naming a file of the index, or
 * the index must work; never a crash, an out-of-bounds read, a hang.
 *
 * Input: u8 flags (bits 0-2 all set: also a writer; bit 3: and a merge), u16 choosing 4 of 16 queries and
 * 2 documents to fetch by id, then up to 4 patches of
 *   u8 file (index into the sorted file list), u8 op, u32 offset, u8 length,
 *   length bytes;
 * op & 7: 0 overwrite, 1 xor, 2 insert, 3 delete, 4 truncate at offset,
 * 5 a little-endian u32 at offset; op & 0x80: do not recompute checksums. */
#include "fuzz_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILES 64

typedef struct file {
    char name[64];
    uint8_t *data;          /* pristine contents */
    size_t size, body_end;  /* body_end 0: not an enveloped file (MANIFEST) */
    int dirty;              /* differs from pristine in the working copy */
} file;

static char *pristine_dir, *work;
static file files[MAX_FILES];
static size_t nfiles;

static void cleanup(void)
{
    fz_rmrf(pristine_dir);
    fz_rmrf(work);
    free(pristine_dir);
    free(work);
    for (size_t i = 0; i < nfiles; i++)
        free(files[i].data);
}

static void put_file(const file *f, const uint8_t *data, size_t n)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", work, f->name) >= (int)sizeof path || fz_write(path, data, n) != 0)
        fz_die("cannot write %s", path);
}

/* Makes the working copy equal to the pristine index again. */
static void restore(int all)
{
    if (all) {
        fz_rmrf(work);
        free(work);
        work = fz_tmpdir("fuzz-reader-work");
    }
    for (size_t i = 0; i < nfiles; i++)
        if (all || files[i].dirty) {
            put_file(&files[i], files[i].data, files[i].size);
            files[i].dirty = 0;
        }
}

static int by_name(const void *a, const void *b) { return strcmp(((const file *)a)->name, ((const file *)b)->name); }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    pristine_dir = fz_tmpdir("fuzz-reader");
    static const int counts[] = {200, 150, 40};
    static const char *const dels[] = {"doc-3", "doc-150", "doc-210", "doc-389", NULL};
    fz_build_index(pristine_dir, counts, 3, dels);
    DIR *d = opendir(pristine_dir);
    if (d == NULL)
        fz_die("cannot list %s", pristine_dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "write.lock") == 0)
            continue;
        if (nfiles == MAX_FILES || strlen(e->d_name) >= sizeof files[0].name)
            fz_die("unexpected index file %s", e->d_name);
        file *f = &files[nfiles++];
        memcpy(f->name, e->d_name, strlen(e->d_name) + 1); /* fits: checked above */
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", pristine_dir, e->d_name);
        if ((f->data = fz_read(path, &f->size)) == NULL)
            fz_die("cannot read %s", path);
        f->body_end = fz_body_end(f->data, f->size);
    }
    closedir(d);
    qsort(files, nfiles, sizeof files[0], by_name);
    restore(1);
    atexit(cleanup);
    return 0;
}

/* Applies one patch to buf (len bytes, cap room); returns the new length. */
static size_t patch(uint8_t *buf, size_t len, size_t cap, uint8_t op, uint32_t off, const uint8_t *p, size_t n)
{
    size_t at = len ? off % (len + 1) : 0;
    switch (op & 7) {
    case 0: /* overwrite */
        if (n > len - at)
            n = len - at;
        memcpy(buf + at, p, n);
        return len;
    case 1: /* xor */
        for (size_t i = 0; i < n && at + i < len; i++)
            buf[at + i] ^= p[i] ? p[i] : 0x01;
        return len;
    case 2: /* insert */
        if (n > cap - len)
            n = cap - len;
        memmove(buf + at + n, buf + at, len - at);
        memcpy(buf + at, p, n);
        return len + n;
    case 3: /* delete */
        if (n > len - at)
            n = len - at;
        memmove(buf + at, buf + at + n, len - at - n);
        return len - n;
    case 4: /* truncate */
        return at;
    default: { /* a u32, as the many u32 fields of the formats are */
        uint8_t v[4] = {0};
        memcpy(v, p, n < 4 ? n : 4);
        for (size_t i = 0; i < 4 && at + i < len; i++)
            buf[at + i] = v[i];
        return len;
    }
    }
}

static void damage(fz_in *in)
{
    int npatches = 0;
    uint8_t *bufs[MAX_FILES] = {0};
    size_t lens[MAX_FILES], raw[MAX_FILES] = {0};
    while (in->n > 0 && npatches++ < 4) {
        size_t fi = fz_u8(in) % nfiles;
        uint8_t op = fz_u8(in);
        uint32_t off = fz_u32(in);
        const uint8_t *p;
        size_t n = fz_take(in, fz_u8(in), &p);
        file *f = &files[fi];
        size_t cap = f->size + 512;
        if (bufs[fi] == NULL) {
            if ((bufs[fi] = malloc(cap + 64)) == NULL)
                return;
            memcpy(bufs[fi], f->data, f->size);
            /* Index files are damaged in their header and body, then
             * resealed; MANIFEST as text, then its crc line recomputed. */
            lens[fi] = f->body_end && !(op & 0x80) ? f->body_end : f->size;
        }
        raw[fi] |= op & 0x80;
        lens[fi] = patch(bufs[fi], lens[fi], cap, op, off, p, n);
    }
    for (size_t fi = 0; fi < nfiles; fi++) {
        if (bufs[fi] == NULL)
            continue;
        file *f = &files[fi];
        size_t len = lens[fi];
        uint8_t *out = bufs[fi];
        if (!raw[fi] && f->body_end) {
            if ((out = malloc(fz_sealed_size(len) + 1)) == NULL)
                return;
            memcpy(out, bufs[fi], len);
            len = fz_reseal(out, len);
            free(bufs[fi]);
        } else if (!raw[fi]) {
            len = fz_reseal_manifest((char *)out, len);
        }
        put_file(f, out, len);
        f->dirty = 1;
        free(out);
    }
}

/* Whether a stored-field file (.fdm, .fdt) differs from the pristine one. */
static int stored_patched(void)
{
    for (size_t i = 0; i < nfiles; i++) {
        size_t n = strlen(files[i].name);
        if (files[i].dirty && n > 4 &&
            (strcmp(files[i].name + n - 4, ".fdt") == 0 || strcmp(files[i].name + n - 4, ".fdm") == 0))
            return 1;
    }
    return 0;
}

static const char *const QUERIES[] = {
    "police", "police cooperation data europol", "\"police cooperation\"", "\"data exchange border\"~4",
    "coop* schengen", "data date:2000..2010", "title:europol", "id:doc-17 OR id:doc-250", "+schengen -visa",
    "type:DIR europol", "lang:fr données", "\"act 12\" title:\"on police\"", "asyl* OR arrest*",
    "-police", "2016/794 c-311/18", "shall AND member AND states",
};

static int verbose = -1; /* ACQ_FUZZ_VERBOSE set: print every outcome (replaying by hand) */

static void check(int rc, const char *msg, const char *what)
{
    if (verbose < 0)
        verbose = getenv("ACQ_FUZZ_VERBOSE") != NULL;
    if (verbose)
        fprintf(stderr, "  %s: %d %s\n", what, rc, rc ? msg : "");
    if (rc == ACQ_OK || rc == ACQ_EVERSION || rc == ACQ_ELIMIT)
        return;
    if (rc != ACQ_ECORRUPT)
        fz_die("%s: code %d instead of ACQ_ECORRUPT: %s", what, rc, msg);
    if (strstr(msg, work) == NULL)
        fz_die("%s: the damage is not located in a file of the index: %s", what, msg);
}

/* Four of the queries, chosen by the input (instrumented searches are slow:
 * fewer per input, more inputs), each with options of its own. */
static void search_some(acq_index *ix, uint16_t pick)
{
    char msg[1024];
    for (int k = 0; k < 4; k++, pick >>= 4) {
        size_t q = pick & 15;
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.k = q % 4 == 0 ? 30 : 5;
        o.snippets = (q + (size_t)k) % 3 == 1;
        o.count = (q + (size_t)k) % 3 == 0;
        o.explain = (q + (size_t)k) % 4 == 1;
        o.exhaustive = (q + (size_t)k) % 5 == 2;
        acq_results *r = NULL;
        msg[0] = '\0';
        int rc = acq_search(&r, ix, QUERIES[q], &o, msg, sizeof msg);
        check(rc, msg, QUERIES[q]);
        for (size_t i = 0; i < acq_results_count(r); i++) {
            const acq_hit *h = acq_results_hit(r, i);
            if (strlen(h->id) + strlen(h->title) + strlen(h->date) > (size_t)1 << 30)
                fz_die("impossible hit");
        }
        acq_results_free(r);
    }
    /* Two documents fetched whole by id (the id term's postings, then the
     * stored fields and text). */
    for (int k = 0; k < 2; k++) {
        char id[32];
        snprintf(id, sizeof id, "doc-%u", (unsigned)(pick >> (8 * k)) % 400u);
        acq_document *d = NULL;
        msg[0] = '\0';
        int rc = acq_index_document(&d, ix, id, msg, sizeof msg);
        if (rc != ACQ_ENOTFOUND)
            check(rc, msg, id);
        /* Stored blocks carry no checksum of their own (the file's CRCs
         * check them), so a block patched and resealed may decompress into
         * other bytes, NULs among them: the text must then be safe to read,
         * not intact. Unpatched, it must be intact. */
        if (rc == ACQ_OK && (d == NULL || (!stored_patched() && strlen(d->text) != d->text_len)))
            fz_die("acq_index_document(%s): text length disagrees", id);
        acq_document_free(d);
    }
}

static void writer_ops(int merge)
{
    acq_writer *w;
    char msg[1024] = "";
    int rc = acq_writer_open(&w, work, NULL, msg, sizeof msg);
    check(rc, msg, "acq_writer_open");
    if (rc != ACQ_OK)
        return;
    acq_writer_delete(w, "doc-17");
    acq_writer_delete(w, "doc-360");
    rc = acq_writer_delete_query(w, "europol date:2000..2003");
    check(rc, acq_writer_errmsg(w), "acq_writer_delete_query");
    check(acq_writer_commit(w), acq_writer_errmsg(w), "acq_writer_commit");
    if (merge)
        check(acq_writer_merge(w), acq_writer_errmsg(w), "acq_writer_merge");
    acq_writer_close(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = {data, size};
    uint8_t flags = fz_u8(&in);
    uint16_t pick = fz_u16(&in);
    damage(&in);
    acq_index *ix;
    char msg[1024] = "";
    int rc = acq_index_open(&ix, work, msg, sizeof msg);
    check(rc, msg, "acq_index_open");
    if (rc == ACQ_OK) {
        search_some(ix, pick);
        check(acq_index_verify(ix, msg, sizeof msg), msg, "acq_index_verify");
        acq_index_stats st = ACQ_INDEX_STATS_INIT;
        rc = acq_index_stats_get(ix, &st); /* a code, no message */
        if (rc != ACQ_OK && rc != ACQ_ECORRUPT)
            fz_die("acq_index_stats_get: code %d instead of ACQ_ECORRUPT", rc);
        acq_index_close(ix);
    }
    /* A writer costs more than the searches (a merge reads and writes every
     * segment): one input in eight, half of them merging. */
    int writer = (flags & 7) == 7;
    if (writer)
        writer_ops(flags & 8);
    restore(writer);
    return 0;
}
