/* fuzz_knowledge.c: a libFuzzer target for the knowledge module: any bytes
 * as a text for the citation extractor (with and without the instruments
 * table), as a citation and a name to look up, as a table to load, and as
 * a thesaurus (label lines, and a LANG.json object) whose labels are then
 * looked up.
 * Checks what must hold for any input: offsets inside the text and in
 * text order, well-formed CELEX numbers, a failed load leaving the
 * table as it was.
 * Runs with the other harnesses (tests/fuzz/run_all.sh). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

#include "knowledge/citations.h"
#include "knowledge/instruments.h"
#include "knowledge/thesaurus.h"

static acq_instruments *kb;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    acq_err err = {0};
    if (kb == NULL && acq_instruments_open(&kb, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        abort();
    }
    /* an exact-size copy, so that a read past the end is caught */
    char *text = malloc(size ? size : 1);
    if (size)
        memcpy(text, data, size);
    acq_citations c = {0};
    for (int with = 0; with < 2; with++) {
        if (acq_citations_extract(text, size, with ? kb : NULL, &c) != 0)
            abort();
        for (size_t i = 0; i < c.n; i++) {
            const acq_citation *x = &c.items[i];
            if (x->start >= x->end || x->end > size || !acq_celex_valid(x->celex))
                abort();
            if (i && x->start < c.items[i - 1].start)
                abort();
        }
    }
    acq_citations_free(&c);
    char celex[ACQ_CELEX_MAX];
    acq_cite_parts parts;
    if (acq_citation_parse(text, size, &parts, celex) == 0 && !acq_celex_valid(celex))
        abort();
    acq_instruments_by_citation(kb, text, size);
    const acq_instrument *out[4];
    acq_instruments_by_name(kb, text, size, out, NULL, 4);
    /* the input as a thesaurus, in both forms; a loaded one answers for
     * every concept it has, and finds the concepts of its own labels */
    for (int form = 0; form < 2; form++) {
        acq_thesaurus *th = NULL;
        acq_err_clear(&err);
        if (acq_thesaurus_load_text(&th, "fuzz", form ? "en" : NULL, text, size, &err) != 0) {
            if (th != NULL || err.msg[0] == '\0')
                abort();
            continue;
        }
        uint32_t found[4];
        for (uint32_t k = 0; k < acq_thesaurus_concepts(th); k++) {
            const acq_thes_label *l;
            size_t n = acq_thesaurus_labels(th, k, &l);
            if (n == 0 || acq_thesaurus_id(th, k)[0] == '\0')
                abort();
            for (size_t j = 0; j < n; j++)
                if (l[j].label == NULL || l[j].lang == NULL)
                    abort();
            acq_thesaurus_lookup(th, l[0].label, strlen(l[0].label), found, 4);
        }
        acq_thesaurus_lookup(th, text, size, found, 4);
        acq_thesaurus_free(th);
    }
    /* the input as a user's table over the bundled one */
    size_t before = acq_instruments_count(kb);
    acq_err_clear(&err);
    if (acq_instruments_load_text(kb, "fuzz.txt", text, size, &err) != 0) {
        if (acq_instruments_count(kb) != before || err.msg[0] == '\0')
            abort();
    } else {
        /* keep the table small and the next run independent */
        acq_instruments_free(kb);
        kb = NULL;
    }
    free(text);
    return 0;
}
