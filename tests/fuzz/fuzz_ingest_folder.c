/* fuzz_ingest_folder.c: libFuzzer harness for folders: each input is split
 * into up to 8 entries of a folder (text, Markdown, HTML, XML, JSON Lines,
 * gzip, other and hidden files, subfolders, symbolic links to enclosing
 * folders, FIFOs) walked by acq_ingest_path into a writer (fz_ingest checks
 * every document); some inputs commit and find their documents again, some
 * ingest their first entry alone as the INPUT.
 *
 * Input: u8 flags (bit 0: commit; bit 1: the first entry alone), then per
 * entry u8 kind, u16 length, length bytes. kind & 15 picks the name,
 * (kind >> 4) & 3 the folder (top, sub/, sub/deeper/, .hidden/), kind bit 6
 * makes a symbolic link (to the folder above) instead, kind bit 7 a FIFO. */
#include "fuzz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static char *base, *index_dir;

static void cleanup(void)
{
    fz_rmrf(base);
    fz_rmrf(index_dir);
    free(base);
    free(index_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    base = fz_tmpdir("fuzz-folder");
    index_dir = fz_tmpdir("fuzz-folder-index");
    atexit(cleanup);
    return 0;
}

static const char *const NAMES[16] = {
    "a.txt", "b.md", "c.html", "d.htm", "e.xml", "f.jsonl", "g.jsonl.gz", "h.jsonl.gz",
    "I.TXT", ".hidden.txt", "other.bin", "x.Md", "y.HTML", "z", "w.txt.gz", "v.XML",
};
static const char *const DIRS[4] = {"", "sub/", "sub/deeper/", ".hidden/"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = {data, size};
    uint8_t flags = fz_u8(&in);
    char top[4096], path[4200], first[4200] = "";
    snprintf(top, sizeof top, "%s/in", base);
    fz_rmrf(top);
    if (mkdir(top, 0700) != 0)
        fz_die("cannot create %s", top);
    for (int i = 0; i < 8 && in.n > 0; i++) {
        uint8_t kind = fz_u8(&in);
        const uint8_t *p;
        size_t n = fz_take(&in, fz_u16(&in), &p);
        const char *sub = DIRS[(kind >> 4) & 3];
        if (*sub) {
            snprintf(path, sizeof path, "%s/%s", top, sub);
            mkdir(path, 0700);
            if (strchr(sub, '/') != strrchr(sub, '/')) { /* sub/deeper/: sub/ first */
                snprintf(path, sizeof path, "%s/sub", top);
                mkdir(path, 0700);
                snprintf(path, sizeof path, "%s/%s", top, sub);
                mkdir(path, 0700);
            }
        }
        snprintf(path, sizeof path, "%s/%s%d%s", top, sub, i, NAMES[kind & 15]);
        if (kind & 0x40) {
            if (symlink("..", path) != 0) { /* a loop back up */ }
            continue;
        }
        if (kind & 0x80) {
            if (mkfifo(path, 0600) != 0) { /* never opened, or a hang */ }
            continue;
        }
        uint8_t *z = NULL;
        uLongf zn = 0;
        if ((kind & 15) == 6) { /* well-formed gzip of the entry */
            zn = compressBound((uLong)n) + 32;
            if ((z = malloc(zn)) == NULL)
                return 0;
            z_stream s;
            memset(&s, 0, sizeof s);
            if (deflateInit2(&s, 1, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
                free(z);
                return 0;
            }
            s.next_in = (Bytef *)(uintptr_t)p;
            s.avail_in = (uInt)n;
            s.next_out = z;
            s.avail_out = (uInt)zn;
            deflate(&s, Z_FINISH);
            zn = s.total_out;
            deflateEnd(&s);
        }
        if (fz_write(path, z ? z : p, z ? zn : n) != 0)
            fz_die("cannot write %s", path);
        free(z);
        if (first[0] == '\0')
            snprintf(first, sizeof first, "%s", path);
    }
    fz_ingest((flags & 2) && first[0] ? first : top, index_dir, flags & 1);
    return 0;
}
