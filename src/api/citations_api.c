/* citations_api.c: acq_act_cites and acq_act_cited_by, what an act cites
 * and what cites it (acquis.h), with counts. Both read the `cites` keyword
 * field the writer fills at index time, through acq_search: what cites an
 * act is the query cites:CELEX, what it cites are the cites values of the
 * documents celex:CELEX. Nothing is cached: each call is a fresh search. */
#include "acquis.h"

#include "common/alloc.h"
#include "index/reader.h"
#include "knowledge/shared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct acq_act_links {
    char act[ACQ_CELEX_MAX];
    uint64_t documents;
    acq_act_link *v;
    size_t n, cap;
    char **strings;
    size_t nstrings, strings_cap;
};

static const char *keep(acq_act_links *l, const char *s)
{
    char *c = acq_strndup(s ? s : "", s ? strlen(s) : 0);
    if (c == NULL || acq_grow((void **)&l->strings, &l->strings_cap, l->nstrings + 1, sizeof *l->strings) != 0) {
        acq_free(c);
        return NULL;
    }
    l->strings[l->nstrings++] = c;
    return c;
}

/* The link for celex, added with count 0 if new; NULL when out of memory. */
static acq_act_link *link_of(acq_act_links *l, const char *celex)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].celex, celex) == 0)
            return &l->v[i];
    if (acq_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) != 0)
        return NULL;
    acq_act_link *k = &l->v[l->n];
    memset(k, 0, sizeof *k);
    if ((k->celex = keep(l, celex)) == NULL)
        return NULL;
    const acq_instruments *kb = acq_instruments_shared();
    const acq_instrument *in = kb ? acq_instruments_by_celex(kb, celex) : NULL;
    const char *name = "";
    for (size_t i = 0; in && i < in->n_names && !*name; i++)
        if (!in->names[i].abbr && !in->names[i].ambiguous)
            name = in->names[i].text;
    if ((k->name = keep(l, name)) == NULL || (k->title = keep(l, "")) == NULL || (k->date = keep(l, "")) == NULL)
        return NULL;
    l->n++;
    return k;
}

static int by_count(const void *a, const void *b)
{
    const acq_act_link *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->celex, y->celex);
}

static int start(acq_act_links **out, acq_index *ix, const char *act, char *errmsg, size_t errmsg_size)
{
    if (out)
        *out = NULL;
    if (out == NULL || ix == NULL || act == NULL) {
        acq_msg_copy(errmsg, errmsg_size, "acq_act_cites: out, ix and act are required");
        return ACQ_EARG;
    }
    int has_cites = 0;
    for (size_t i = 0; i < ix->manifest.nfields; i++)
        has_cites |= strcmp(ix->manifest.fields[i], "cites") == 0;
    if (!has_cites) {
        acq_msg_copy(errmsg, errmsg_size, "this index has no cites field (built before citations were indexed, "
                                          "or from documents that cite no act): rebuild it to list citations");
        return ACQ_EARG;
    }
    char celex[ACQ_CELEX_MAX];
    if (!acq_act_reference(act, strlen(act), celex)) {
        char msg[256];
        snprintf(msg, sizeof msg, "'%.120s' names no act: give a CELEX number (32008D0615), a citation "
                                  "(Decision 2008/615/JHA) or a name of the instruments table", act);
        acq_msg_copy(errmsg, errmsg_size, msg);
        return ACQ_EARG;
    }
    acq_act_links *l = acq_calloc(1, sizeof *l);
    if (l == NULL) {
        acq_msg_copy(errmsg, errmsg_size, "out of memory");
        return ACQ_ENOMEM;
    }
    memcpy(l->act, celex, sizeof celex);
    *out = l;
    return ACQ_OK;
}

/* Every document matching field:"celex", fields read, no scores needed. */
static int every(acq_results **r, acq_index *ix, const char *field, const char *celex, char *errmsg,
                 size_t errmsg_size)
{
    char q[96];
    snprintf(q, sizeof q, "%s:\"%s\"", field, celex);
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.k = ix->max_doc ? (size_t)ix->max_doc : 1;
    o.no_expand = 1;
    return acq_search(r, ix, q, &o, errmsg, errmsg_size);
}

static int finish(acq_act_links **out, int rc, char *errmsg, size_t errmsg_size)
{
    if (rc == ACQ_ENOMEM)
        acq_msg_copy(errmsg, errmsg_size, "out of memory listing citations");
    if (rc != ACQ_OK) {
        acq_act_links_free(*out);
        *out = NULL;
        return rc;
    }
    if ((*out)->n > 1) /* v is NULL without links: qsort's pointer must not be */
        qsort((*out)->v, (*out)->n, sizeof *(*out)->v, by_count);
    return ACQ_OK;
}

int acq_act_cites(acq_act_links **out, acq_index *ix, const char *act, char *errmsg, size_t errmsg_size)
{
    int rc = start(out, ix, act, errmsg, errmsg_size);
    if (rc != ACQ_OK)
        return rc;
    acq_act_links *l = *out;
    acq_results *r = NULL;
    if ((rc = every(&r, ix, "celex", l->act, errmsg, errmsg_size)) != ACQ_OK)
        return finish(out, rc, errmsg, errmsg_size);
    l->documents = acq_results_count(r);
    for (size_t i = 0; i < acq_results_count(r) && rc == ACQ_OK; i++) {
        const acq_hit *h = acq_results_hit(r, i);
        /* A document counts once per act it cites. */
        for (size_t j = 0; j < h->field_count && rc == ACQ_OK; j++) {
            if (strcmp(h->fields[j].name, "cites") != 0 || strcmp(h->fields[j].value, l->act) == 0)
                continue;
            int seen = 0;
            for (size_t k = 0; k < j && !seen; k++)
                seen = strcmp(h->fields[k].name, "cites") == 0 && strcmp(h->fields[k].value, h->fields[j].value) == 0;
            acq_act_link *k = seen ? NULL : link_of(l, h->fields[j].value);
            if (k)
                k->count++;
            else if (!seen)
                rc = ACQ_ENOMEM;
        }
    }
    acq_results_free(r);
    /* The title and date of each cited act that the index holds. */
    for (size_t i = 0; i < l->n && rc == ACQ_OK; i++) {
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.k = 1;
        o.no_expand = 1;
        char q[96];
        snprintf(q, sizeof q, "celex:\"%s\"", l->v[i].celex);
        if ((rc = acq_search(&r, ix, q, &o, errmsg, errmsg_size)) != ACQ_OK)
            break;
        if (acq_results_count(r) > 0) {
            const acq_hit *h = acq_results_hit(r, 0);
            if ((l->v[i].title = keep(l, h->title)) == NULL || (l->v[i].date = keep(l, h->date)) == NULL)
                rc = ACQ_ENOMEM;
        } else {
            const acq_instruments *kb = acq_instruments_shared();
            const acq_instrument *in = kb ? acq_instruments_by_celex(kb, l->v[i].celex) : NULL;
            if (in && ((l->v[i].title = keep(l, in->title)) == NULL || (l->v[i].date = keep(l, in->date)) == NULL))
                rc = ACQ_ENOMEM;
        }
        acq_results_free(r);
    }
    return finish(out, rc, errmsg, errmsg_size);
}

int acq_act_cited_by(acq_act_links **out, acq_index *ix, const char *act, char *errmsg, size_t errmsg_size)
{
    int rc = start(out, ix, act, errmsg, errmsg_size);
    if (rc != ACQ_OK)
        return rc;
    acq_act_links *l = *out;
    acq_results *r = NULL;
    if ((rc = every(&r, ix, "cites", l->act, errmsg, errmsg_size)) != ACQ_OK)
        return finish(out, rc, errmsg, errmsg_size);
    l->documents = acq_results_count(r);
    for (size_t i = 0; i < acq_results_count(r) && rc == ACQ_OK; i++) {
        const acq_hit *h = acq_results_hit(r, i);
        /* A document without a CELEX stands for itself, by id. */
        acq_act_link *k = link_of(l, h->celex && *h->celex ? h->celex : h->id);
        if (k == NULL) {
            rc = ACQ_ENOMEM;
            break;
        }
        if (k->count++ == 0 && ((k->title = keep(l, h->title)) == NULL || (k->date = keep(l, h->date)) == NULL))
            rc = ACQ_ENOMEM;
    }
    acq_results_free(r);
    return finish(out, rc, errmsg, errmsg_size);
}

const char *acq_act_links_act(const acq_act_links *l) { return l ? l->act : ""; }
uint64_t acq_act_links_documents(const acq_act_links *l) { return l ? l->documents : 0; }
size_t acq_act_links_count(const acq_act_links *l) { return l ? l->n : 0; }
const acq_act_link *acq_act_links_get(const acq_act_links *l, size_t i) { return l && i < l->n ? &l->v[i] : NULL; }

void acq_act_links_free(acq_act_links *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->nstrings; i++)
        acq_free(l->strings[i]);
    acq_free(l->strings);
    acq_free(l->v);
    acq_free(l);
}
