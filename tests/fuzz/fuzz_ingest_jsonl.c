/* fuzz_ingest_jsonl.c: libFuzzer harness for JSON Lines input: each input is
 * one file, plain, gzip-compressed by the harness (so that the compressed
 * reader sees well-formed streams of any content) or raw bytes named .gz,
 * read through acq_ingest_path into a writer (fz_ingest checks every
 * document ingest hands out); some inputs are committed and their documents
 * found again by id.
 *
 * Input: u8 flags (bits 0-1: 0 plain .jsonl, 1 gzip-compressed .jsonl.gz,
 * 2 raw bytes as .jsonl.gz, 3 a file without extension; bit 2: commit;
 * bit 3: read ahead on a thread, each document's citations found there,
 * as acquis index -j 2 reads), then the file's contents. */
#include "fuzz_util.h"
#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static char *dir, *index_dir;

static void cleanup(void)
{
    fz_rmrf(dir);
    fz_rmrf(index_dir);
    free(dir);
    free(index_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    dir = fz_tmpdir("fuzz-jsonl");
    index_dir = fz_tmpdir("fuzz-jsonl-index");
    atexit(cleanup);
    return 0;
}

/* gzip (RFC 1952) of data: malloc'd, *out_n bytes. */
static uint8_t *gzip(const uint8_t *data, size_t n, size_t *out_n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    size_t cap = deflateBound(&z, (uLong)n);
    uint8_t *out = malloc(cap);
    if (out == NULL) {
        deflateEnd(&z);
        return NULL;
    }
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    *out_n = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(out);
        return NULL;
    }
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = {data, size};
    uint8_t flags = fz_u8(&in);
    static const char *const names[] = {"in.jsonl", "in.jsonl.gz", "raw.jsonl.gz", "input"};
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[flags & 3]);
    const uint8_t *body = in.p;
    size_t n = in.n;
    uint8_t *z = NULL;
    if ((flags & 3) == 1) {
        if ((z = gzip(in.p, in.n, &n)) == NULL)
            return 0;
        body = z;
    }
    if (fz_write(path, body, n) != 0)
        fz_die("cannot write %s", path);
    free(z);
    fz_ingest_opts(path, index_dir, flags & 4, ACQ_INGEST_WHOLE_ACTS, (flags >> 3) & 1);
    remove(path);
    return 0;
}
