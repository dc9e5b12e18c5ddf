/* shared.c: the process's instruments table and act references (see
 * shared.h). */
#include "knowledge/shared.h"

#include "knowledge/citations.h"

#include <pthread.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static acq_instruments *table;

static void load(void)
{
    acq_err err = {0};
    if (acq_instruments_open(&table, &err) != ACQ_OK)
        table = NULL;
}

const acq_instruments *acq_instruments_shared(void)
{
    pthread_once(&once, load);
    return table;
}

int acq_act_reference(const char *s, size_t len, char celex[ACQ_CELEX_MAX])
{
    const acq_instruments *kb = acq_instruments_shared();
    /* A citation with its type word, or a CELEX number. */
    if (acq_citation_parse(s, len, NULL, celex) == ACQ_OK)
        return 1;
    /* A bare number the table knows ("2008/615/JHA", "2016/794"): exactly
     * one act cited. */
    acq_citations c = {0};
    int found = 0;
    if (acq_citations_extract(s, len, kb, &c) == ACQ_OK && c.n > 0) {
        found = 1;
        for (size_t i = 1; i < c.n; i++)
            found &= strcmp(c.items[i].celex, c.items[0].celex) == 0;
        if (found)
            memcpy(celex, c.items[0].celex, ACQ_CELEX_MAX);
    }
    acq_citations_free(&c);
    if (found || kb == NULL)
        return found;
    /* A number without its suffix ("2008/615") or a name ("Prüm
     * Decision"): the table's instrument, if only one. */
    const acq_instrument *by_form = acq_instruments_by_citation(kb, s, len);
    if (by_form == NULL) {
        const acq_instrument *hits[2];
        if (acq_instruments_by_name(kb, s, len, hits, NULL, 2) == 1)
            by_form = hits[0];
    }
    if (by_form == NULL || by_form->celex == NULL || by_form->celex[0] == '\0' ||
        strlen(by_form->celex) >= ACQ_CELEX_MAX)
        return 0;
    memcpy(celex, by_form->celex, strlen(by_form->celex) + 1);
    return 1;
}
