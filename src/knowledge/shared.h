/* shared.h: the instruments table every writer and query of a process
 * shares: loaded once (the bundled table, or $ACQUIS_INSTRUMENTS), never
 * changed afterwards, so any number of threads read it without a lock. */
#ifndef ACQ_KNOWLEDGE_SHARED_H
#define ACQ_KNOWLEDGE_SHARED_H

#include "knowledge/citations.h"
#include "knowledge/instruments.h"

/* The table, or NULL if it could not be loaded (a broken
 * $ACQUIS_INSTRUMENTS): callers then go on without it. */
const acq_instruments *acq_instruments_shared(void);

/* The CELEX number an act reference denotes, written as a user types it:
 * "32008D0615", "Council Decision 2008/615/JHA", "2008/615/JHA", "2008/615",
 * "Prüm Decision". Writes celex and returns 1, or returns 0 when it names
 * no act (or several). */
int acq_act_reference(const char *s, size_t len, char celex[ACQ_CELEX_MAX]);

#endif
