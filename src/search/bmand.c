/* bmand.c: block-max AND: the top k of the documents holding every one of
 * n terms (after Lucene's BlockMaxConjunctionScorer).
 *
 * The rarest term leads; the others are probed (advance) for its documents.
 * Documents are taken in windows, the blocks of the lead: if the bounds of
 * all the terms over a window (for the others, the largest bound of their
 * blocks that meet it) add up to no more than the k-th score, the window is
 * skipped without decoding anything. Inside a window the lead's documents
 * are scored all at once (independent divisions overlap, where one document
 * at a time waits for each), and a candidate is dropped as soon as its
 * partial score plus the bounds of the terms not yet seen cannot beat the
 * k-th, before those terms' blocks are decoded. Exactness: blockmax.h. */
#include "search/blockmax.h"

#include "common/alloc.h"

static inline uint32_t at_least(acq_postings *p, uint32_t d)
{
    if (p->block != UINT32_MAX && p->doc >= d)
        return p->doc;
    return acq_postings_advance(p, d);
}

uint64_t acq_bmand_segment(acq_segment *s, uint32_t base, acq_ms_term *terms, size_t n, acq_topk *top)
{
    for (size_t i = 0; i < n; i++)
        if (terms[i].p == NULL || terms[i].p->df == 0)
            return 0; /* a term absent from the segment: nothing matches */
    if (n == 0)
        return 0;
    acq_bm_term *bt = acq_calloc(n, sizeof *bt);
    size_t *ord = acq_calloc(n, sizeof *ord);
    double *contrib = acq_calloc(n, sizeof *contrib), *rest = acq_calloc(n, sizeof *rest);
    double *bound = acq_calloc(n, sizeof *bound);
    uint64_t scored = 0;
    if (!bt || !ord || !contrib || !rest || !bound) {
        scored = ACQ_TOPK_OOM;
        goto done;
    }
    /* Rarest first. */
    for (size_t i = 0; i < n; i++) {
        acq_bm_init(&bt[i], &terms[i], i);
        size_t j = i;
        while (j > 0 && bt[ord[j - 1]].p->df > bt[i].p->df) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = i;
    }
    acq_bm_term *lb = &bt[ord[0]];
    acq_postings *lead = lb->p;
    const int lead_field = lb->t->field;
    double theta = acq_topk_threshold(top), cut = acq_bm_cut(theta);
    double sc[ACQ_BLOCK_SIZE];
    uint32_t d = 0;
    while (d != ACQ_NO_DOC) {
        /* The window: the lead's block holding d (its blocks are the
         * widest); the other terms' bounds over it span as many of their
         * blocks as it meets. */
        uint32_t up = acq_bm_block(lb, d, &bound[0]);
        if (up == ACQ_NO_DOC)
            break;
        uint32_t after = up == ACQ_NO_DOC - 1 ? ACQ_NO_DOC : up + 1;
        /* First with the others' bounds over their whole lists (no block
         * of theirs is looked at), then over the window. */
        double loose = bound[0];
        for (size_t j = 1; j < n; j++)
            loose += bt[ord[j]].ub;
        if (loose <= cut) {
            d = after;
            continue;
        }
        double sum = bound[0];
        for (size_t j = 1; j < n && d != ACQ_NO_DOC; j++) {
            if (acq_bm_range(&bt[ord[j]], d, up, &bound[j]) != 0)
                d = ACQ_NO_DOC; /* a term has nothing left: no more matches */
            sum += bound[j];
        }
        if (d == ACQ_NO_DOC)
            break;
        if (sum <= cut) {
            d = after;
            continue;
        }
        /* rest[j]: the bounds of the terms after the j-th in order. */
        double r = 0;
        for (size_t j = n; j-- > 0;) {
            rest[j] = r;
            r += bound[j];
        }
        if (at_least(lead, d) == ACQ_NO_DOC)
            break;
        if (lead->doc > up) {
            d = lead->doc;
            continue;
        }
        /* The lead's documents in the window, scored at once. */
        uint32_t i0 = lead->i, e = i0;
        while (e < lead->n && lead->docs[e] <= up)
            e++;
        for (uint32_t i = i0; i < e; i++)
            sc[i] = acq_bm_score_tf(lb, lead->tfs[i], acq_bm_dl(s, lead_field, lead->docs[i]));
        uint32_t skip_to = 0; /* the other terms have nothing before it */
        int done_window = 0;
        for (uint32_t i = i0; i < e && !done_window; i++) {
            uint32_t c = lead->docs[i];
            if (c < skip_to || sc[i] + rest[0] <= cut || acq_segment_is_deleted(s, c))
                continue;
            double score = sc[i];
            contrib[lb->q] = score;
            int ok = 1;
            for (size_t j = 1; j < n && ok; j++) {
                acq_bm_term *b = &bt[ord[j]];
                uint32_t y = at_least(b->p, c);
                if (y != c) {
                    skip_to = y;
                    ok = 0;
                    break;
                }
                double x = acq_bm_score(b, s);
                contrib[b->q] = x;
                score += x;
                ok = score + rest[j] > cut;
            }
            if (!ok)
                continue;
            /* The exact score: contributions in query order. */
            double exact = 0;
            for (size_t q = 0; q < n; q++)
                exact += contrib[q];
            scored++;
            if (exact >= theta) {
                acq_topk_push(top, (acq_scored){exact, base + c});
                theta = acq_topk_threshold(top);
                cut = acq_bm_cut(theta);
                done_window = sum <= cut; /* the rest cannot enter */
            }
        }
        /* On: past the window, or to where the others go on, if later. */
        d = skip_to > after ? skip_to : after;
        if (e < lead->n) {
            lead->i = e;
            lead->doc = lead->docs[e];
        } else {
            lead->i = lead->n - 1;
            lead->doc = lead->docs[lead->n - 1];
        }
    }
done:
    acq_free(bt);
    acq_free(ord);
    acq_free(contrib);
    acq_free(rest);
    acq_free(bound);
    return scored;
}
