/* id_table.h: the ids a writer has touched since its last commit (added or
 * deleted), each with the one added document that survives: the writer's
 * bookkeeping for "ids are unique per index". An open-addressing hash table
 * over an arena of id bytes; entries keep their index for the table's life,
 * so the writer can remember, per added document, which entry it belongs to.
 * Cleared at each commit. */
#ifndef ACQ_INDEX_ID_TABLE_H
#define ACQ_INDEX_ID_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* No document of this id survives (the last operation on it deleted it). */
#define ACQ_ID_NONE UINT64_MAX

typedef struct acq_id_table acq_id_table;

acq_id_table *acq_id_table_new(void);
void acq_id_table_free(acq_id_table *t);
void acq_id_table_clear(acq_id_table *t);
/* The entry of id (created with keep = ACQ_ID_NONE if new); UINT32_MAX when
 * out of memory. */
uint32_t acq_id_table_put(acq_id_table *t, const char *id, size_t len);
size_t acq_id_table_count(const acq_id_table *t);
const char *acq_id_table_id(const acq_id_table *t, uint32_t entry, size_t *len);
/* The batch ordinal of the added document that survives, or ACQ_ID_NONE. */
uint64_t acq_id_table_keep(const acq_id_table *t, uint32_t entry);
void acq_id_table_set_keep(acq_id_table *t, uint32_t entry, uint64_t ordinal);
size_t acq_id_table_memory(const acq_id_table *t);

#endif
