/* changed.c: acq_index_changed, telling a long-lived reader (a server) that
 * the index in its directory has a newer commit than its snapshot, so that
 * it can open the new one and let requests still running finish on the old.
 * Reads MANIFEST only (a small text file): cheap enough to ask per request. */
#include "index/manifest.h"
#include "index/reader.h"

#include <stdio.h>

int acq_index_changed(acq_index *ix, char *errmsg, size_t errmsg_size)
{
    if (ix == NULL) {
        if (errmsg && errmsg_size)
            snprintf(errmsg, errmsg_size, "acq_index_changed: ix is required");
        return ACQ_EARG;
    }
    acq_err err = {0};
    acq_manifest m;
    int rc = acq_manifest_read(&m, ix->dir, &err);
    if (rc != ACQ_OK) {
        if (errmsg && errmsg_size)
            snprintf(errmsg, errmsg_size, "%s", err.msg);
        return rc;
    }
    /* Any other generation is another commit (a rebuild too): compare for
     * inequality, not order. */
    int changed = m.generation != ix->manifest.generation;
    acq_manifest_free(&m);
    return changed;
}
