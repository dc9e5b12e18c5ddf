/* cited.c: the acts a document cites (see cited.h). */
#include "knowledge/cited.h"

#include "common/alloc.h"
#include "knowledge/shared.h"

#include <string.h>

/* Whether the caller gave c as a "cites" field already. */
static int given_already(const acq_field *given, size_t ngiven, const char *c)
{
    size_t cl = strlen(c);
    for (size_t g = 0; g < ngiven; g++) {
        if (given[g].name == NULL || strcmp(given[g].name, "cites") != 0 || given[g].value == NULL)
            continue;
        size_t vl = given[g].value_len ? given[g].value_len : strlen(given[g].value);
        if (vl == cl && memcmp(given[g].value, c, cl) == 0)
            return 1;
    }
    return 0;
}

int acq_cited_collect(acq_cited *c, const char *title, size_t title_len, const char *text, size_t text_len,
                      const char *celex, size_t celex_len, const acq_field *given, size_t ngiven)
{
    /* Loaded once (pthread_once), read-only after: any thread may call. */
    const acq_instruments *kb = acq_instruments_shared();
    c->n = 0;
    const char *parts[2] = {title, text};
    size_t lens[2] = {title_len, text_len};
    for (int k = 0; k < 2; k++) {
        if (parts[k] == NULL || lens[k] == 0)
            continue;
        if (acq_citations_extract(parts[k], lens[k], kb, &c->scratch) != ACQ_OK)
            return ACQ_ENOMEM;
        for (size_t i = 0; i < c->scratch.n; i++) {
            const char *cx = c->scratch.items[i].celex;
            if (strlen(cx) == celex_len && (celex_len == 0 || memcmp(cx, celex, celex_len) == 0))
                continue;
            size_t j = 0;
            while (j < c->n && strcmp(c->celex[j], cx) != 0)
                j++;
            if (j < c->n || given_already(given, ngiven, cx))
                continue;
            if (acq_grow((void **)&c->celex, &c->cap, c->n + 1, sizeof *c->celex) != 0)
                return ACQ_ENOMEM;
            memcpy(c->celex[c->n++], cx, ACQ_CELEX_MAX);
        }
    }
    return ACQ_OK;
}

void acq_cited_free(acq_cited *c)
{
    acq_free(c->celex);
    acq_citations_free(&c->scratch);
    c->celex = NULL;
    c->n = c->cap = 0;
}
