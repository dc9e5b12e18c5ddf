/* plain.c: acq_query_plain, a bag-of-words tree for text that is not
 * query syntax (see query.h). */
#include "query/tree.h"

#include "common/alloc.h"
#include "segment/format.h"

#include <string.h>

static int add_term(acq_qnode *b, const char *t, size_t n)
{
    for (size_t i = 0; i < b->nkids; i++)
        if (strlen(b->kids[i]->terms[0]) == n && memcmp(b->kids[i]->terms[0], t, n) == 0)
        {
            b->kids[i]->boost += 1.0; /* query term frequency: it counts again */
            return 0;
        }
    acq_qnode *k = acq_qnode_new(ACQ_Q_TERM, ACQ_FIELD_BODY, 1);
    if (k == NULL)
        return -1;
    k->terms = acq_calloc(1, sizeof(char *));
    if (k->terms == NULL || (k->terms[0] = acq_strndup(t, n)) == NULL) {
        acq_query_free(k);
        return -1;
    }
    k->nterms = 1;
    k->boost = 1.0;
    size_t cap = b->nkids;
    if (acq_grow((void **)&b->kids, &cap, b->nkids + 1, sizeof *b->kids) != 0) {
        acq_query_free(k);
        return -1;
    }
    b->kids[b->nkids++] = k;
    return 0;
}

int acq_query_plain(acq_qnode **out, const char *text, acq_analyzer *a, acq_err *err)
{
    *out = NULL;
    acq_qnode *b = acq_qnode_new(ACQ_Q_BOOL, ACQ_FIELD_BODY, 1);
    if (b == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    acq_token_stream s;
    acq_token t;
    int r;
    acq_token_stream_init(&s, text, strlen(text), 0);
    while ((r = acq_analyze_next(a, &s, &t)) == 1)
        if (add_term(b, t.term, t.len) != 0) {
            r = -1;
            break;
        }
    if (r < 0) {
        acq_query_free(b);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory analysing the query");
    }
    if (b->nkids == 0)
        b->kind = ACQ_Q_NONE;
    *out = b;
    return ACQ_OK;
}
