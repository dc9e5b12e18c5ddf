/* concept.c: the scorer of an expanded concept (query.h's acq_qconcept):
 * the union of its alternatives (an instrument's CELEX, the acts citing
 * it, its names, the words typed), scored as the best one's score times
 * its weight. A document that cites the Prüm Decision and names it three
 * ways counts the concept once, so an expanded name weighs what one word
 * weighs beside the other words of the query. */
#include "search/concept.h"

#include "common/alloc.h"

#include <stdio.h>

typedef struct concept_scorer {
    acq_scorer base;
    acq_scorer **kids;
    double *weights;
    size_t n;
    char label[160];
} concept_scorer;

static uint32_t concept_advance(acq_scorer *s, uint32_t target)
{
    concept_scorer *c = (concept_scorer *)s;
    uint32_t best = ACQ_NO_DOC;
    for (size_t i = 0; i < c->n; i++) {
        uint32_t d = acq_scorer_advance(c->kids[i], target);
        if (d < best)
            best = d;
    }
    return best;
}

/* The kid that gives the current document its score, or n if none. */
static size_t best_kid(concept_scorer *c, double *score)
{
    size_t at = c->n;
    double best = 0;
    for (size_t i = 0; i < c->n; i++) {
        acq_scorer *k = c->kids[i];
        if (k->doc != c->base.doc)
            continue;
        double v = c->weights[i] * k->vt->score(k);
        if (at == c->n || v > best) {
            best = v;
            at = i;
        }
    }
    *score = best;
    return at;
}

static double concept_score(acq_scorer *s)
{
    double v;
    best_kid((concept_scorer *)s, &v);
    return v;
}

static void concept_explain(acq_scorer *s, acq_buf *out, int depth)
{
    concept_scorer *c = (concept_scorer *)s;
    double v;
    size_t at = best_kid(c, &v);
    acq_buf_printf(out, "%*s%.4f  best of the forms of %s", depth * 2, "", v, c->label);
    if (at < c->n && c->weights[at] != 1.0)
        acq_buf_printf(out, " (this form weighs %g)", c->weights[at]);
    acq_buf_puts(out, ":\n");
    if (at < c->n && c->kids[at]->vt->explain)
        c->kids[at]->vt->explain(c->kids[at], out, depth + 1);
    size_t others = 0;
    for (size_t i = 0; i < c->n; i++)
        others += i != at && c->kids[i]->doc == s->doc;
    if (others)
        acq_buf_printf(out, "%*s(%zu other form%s matched too, not added)\n", depth * 2 + 2, "", others,
                       others == 1 ? "" : "s");
}

static void concept_destroy(acq_scorer *s)
{
    concept_scorer *c = (concept_scorer *)s;
    for (size_t i = 0; i < c->n; i++)
        acq_scorer_free(c->kids[i]);
    acq_free(c->kids);
    acq_free(c->weights);
    acq_free(c);
}

static const acq_scorer_vt concept_vt = {concept_advance, concept_score, concept_explain, concept_destroy};

acq_scorer *acq_concept_scorer(acq_scorer **kids, const double *weights, size_t n, const char *label, acq_err *err)
{
    concept_scorer *c = acq_calloc(1, sizeof *c);
    if (c == NULL || !(c->kids = acq_calloc(n + 1, sizeof *c->kids)) ||
        !(c->weights = acq_calloc(n + 1, sizeof *c->weights))) {
        if (c) {
            acq_free(c->kids);
            acq_free(c);
        }
        for (size_t i = 0; i < n; i++)
            acq_scorer_free(kids[i]);
        acq_err_set(err, ACQ_ENOMEM, "out of memory building the query");
        return NULL;
    }
    c->base.vt = &concept_vt;
    for (size_t i = 0; i < n; i++) {
        c->kids[i] = kids[i];
        c->weights[i] = weights ? weights[i] : 1.0;
    }
    c->n = n;
    snprintf(c->label, sizeof c->label, "%s", label ? label : "a concept");
    return &c->base;
}

int acq_concept_is(const acq_scorer *s) { return s->vt == &concept_vt; }

size_t acq_concept_kids(acq_scorer *s, acq_scorer ***kids)
{
    concept_scorer *c = (concept_scorer *)s;
    *kids = c->kids;
    return c->n;
}
