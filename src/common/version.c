/* version.c: acq_version and acq_strerror, the two context-free calls. */
#include "acquis.h"

#ifndef ACQ_VERSION_STRING
#define ACQ_VERSION_STRING "0.0.0"
#endif

const char *acq_version(void) { return ACQ_VERSION_STRING; }

const char *acq_strerror(int code)
{
    switch (code) {
    case ACQ_OK: return "success";
    case ACQ_EIO: return "input/output error";
    case ACQ_ECORRUPT: return "index file damaged";
    case ACQ_ENOMEM: return "out of memory";
    case ACQ_EINPUT: return "bad input document";
    case ACQ_EQUERY: return "query syntax error";
    case ACQ_EARG: return "invalid argument";
    case ACQ_ELOCKED: return "index locked by another writer";
    case ACQ_ENOTFOUND: return "not found";
    case ACQ_ELIMIT: return "limit reached";
    case ACQ_EVERSION: return "incompatible index version";
    default: return "unknown error";
    }
}
