/* bag.c: building weighted bags of words (see bag.h). */
#include "query/bag.h"

#include "common/alloc.h"
#include "query/tree.h"
#include "segment/format.h"

#include <string.h>

acq_qnode *acq_bag_new(void) { return acq_qnode_new(ACQ_Q_BOOL, ACQ_FIELD_BODY, 1); }

static int attach(acq_qnode *bag, acq_qnode *k)
{
    size_t cap = bag->nkids;
    if (acq_grow((void **)&bag->kids, &cap, bag->nkids + 1, sizeof *bag->kids) != 0) {
        acq_query_free(k);
        return ACQ_ENOMEM;
    }
    bag->kids[bag->nkids++] = k;
    return ACQ_OK;
}

int acq_bag_add_term(acq_qnode *bag, int field, const char *term, double boost)
{
    acq_qnode *k = acq_qnode_new(ACQ_Q_TERM, field, 1);
    if (k == NULL)
        return ACQ_ENOMEM;
    k->boost = boost;
    k->terms = acq_calloc(1, sizeof(char *));
    if (k->terms == NULL || (k->terms[0] = acq_strdup(term)) == NULL) {
        acq_query_free(k);
        return ACQ_ENOMEM;
    }
    k->nterms = 1;
    return attach(bag, k);
}

int acq_bag_add_pair(acq_qnode *bag, const char *a, const char *b, uint32_t gap, uint32_t slop, double boost)
{
    acq_qnode *k = acq_qnode_new(ACQ_Q_PHRASE, ACQ_FIELD_BODY, 1);
    if (k == NULL)
        return ACQ_ENOMEM;
    k->boost = boost;
    k->slop = slop;
    k->terms = acq_calloc(2, sizeof(char *));
    k->positions = acq_calloc(2, sizeof(uint32_t));
    k->nterms = k->terms ? 2 : 0; /* so that freeing k frees what was copied */
    if (k->terms == NULL || k->positions == NULL || (k->terms[0] = acq_strdup(a)) == NULL ||
        (k->terms[1] = acq_strdup(b)) == NULL) {
        acq_query_free(k);
        return ACQ_ENOMEM;
    }
    k->positions[1] = gap;
    return attach(bag, k);
}
