/* fuzz_markup.c: libFuzzer harness for markup as EUR-Lex publishes it and
 * as anyone writes it: each input becomes one file, under a name chosen by
 * the input (.html, .xhtml, .xml, .fmx.xml, or none, so that the content
 * decides what it is), read by acq_ingest_path_opts as whole acts or split
 * into recitals, articles and annexes, every document checked by
 * fuzz_util's sink (non-empty id, valid UTF-8, the writer takes or refuses
 * it). libxml2 parses: Official Journal and consolidated XHTML, whole
 * EUR-Lex pages, Formex 4 (ACT, CONS.ACT, COMBINED.FMX), plain HTML, XML.
 *
 * Input: u8 flags (bits 0-2: the name; bit 3: split into articles; bit 4:
 * commit and find the documents again), then the file's bytes. */
#include "fuzz_util.h"

#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    base = fz_tmpdir("fuzz-markup");
    index_dir = fz_tmpdir("fuzz-markup-index");
    atexit(cleanup);
    return 0;
}

static const char *const NAMES[8] = {
    "act.html", "act.xhtml", "act.xml", "L_2016119EN.01000101.fmx.xml",
    "page", "CL2016L0680EN0010020.0001.xml", "act.htm", "DOC_1.xml",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = {data, size};
    uint8_t flags = fz_u8(&in);
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/in", base);
    fz_rmrf(dir);
    if (mkdir(dir, 0700) != 0)
        fz_die("cannot create %s", dir);
    snprintf(path, sizeof path, "%s/%s", dir, NAMES[flags & 7]);
    if (fz_write(path, in.p, in.n) != 0)
        fz_die("cannot write %s", path);
    fz_ingest_opts(dir, index_dir, (flags >> 4) & 1, (flags >> 3) & 1 ? ACQ_INGEST_ARTICLES : ACQ_INGEST_WHOLE_ACTS, 0);
    return 0;
}
