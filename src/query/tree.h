/* tree.h: internal helpers for building query trees (query.h), shared by
 * the parser (parser.c) and tree.c, which owns freeing and the debug format.
 * Not for the search module: it only reads trees. */
#ifndef ACQ_QUERY_TREE_H
#define ACQ_QUERY_TREE_H

#include "common/buf.h"   /* query.h uses acq_buf without including it */
#include "query/query.h"

/* An open start of a date range. Not 0: documents without a date are
 * stored as 0 and must not match "date:..2018"; 00010000 is the smallest
 * date acq_parse_date accepts, so every dated document is >= it. */
#define ACQ_QDATE_OPEN_FROM 10000u
#define ACQ_QDATE_OPEN_TO 99999999u

/* A zeroed node of the given kind (occur SHOULD), or NULL on OOM. */
acq_qnode *acq_qnode_new(acq_qkind kind, int field, uint32_t column);
/* Frees a node's own arrays and the node, not its kids (used when a BOOL's
 * kids move to another BOOL). */
void acq_qnode_free_shell(acq_qnode *q);
/* Frees the kids of a BOOL and empties it (the node itself stays). */
void acq_qnode_clear_kids(acq_qnode *q);

#endif
