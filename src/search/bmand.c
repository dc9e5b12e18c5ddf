/* bmand.c: block-max AND: the top k of the documents holding every one of
 * n terms (as Lucene's BlockMaxConjunctionScorer).
 *
 * The rarest term leads; the others are probed (advance) for its documents.
 * Documents are taken in windows that end where the first of the terms'
 * current blocks ends: if the block bounds of all the terms add up to no
 * more than the k-th score, the window is skipped without decoding anything.
 * Inside a window, a candidate is dropped as soon as its partial score plus
 * the block bounds of the terms not yet seen cannot beat the k-th, before
 * those terms' blocks are decoded. Exactness: blockmax.h. */
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
    acq_postings *lead = bt[ord[0]].p;
    double theta = acq_topk_threshold(top);
    uint32_t d = 0, up = 0;
    int window = 0; /* [d.., up] has bounds rest[] */
    while (d != ACQ_NO_DOC) {
        if (!window || d > up) {
            up = ACQ_NO_DOC - 1;
            double sum = 0;
            for (size_t j = 0; j < n && d != ACQ_NO_DOC; j++) {
                uint32_t last = acq_bm_block(&bt[ord[j]], d, &bound[j]);
                if (last == ACQ_NO_DOC)
                    d = ACQ_NO_DOC; /* a term has nothing left: no more matches */
                else if (last < up)
                    up = last;
                sum += bound[j];
            }
            if (d == ACQ_NO_DOC)
                break;
            if (sum <= theta) {
                d = up == ACQ_NO_DOC - 1 ? ACQ_NO_DOC : up + 1;
                window = 0;
                continue;
            }
            /* rest[j]: the bounds of the terms after the j-th in order. */
            double r = 0;
            for (size_t j = n; j-- > 0;) {
                rest[j] = r;
                r += bound[j];
            }
            window = 1;
        }
        uint32_t x = at_least(lead, d);
        if (x == ACQ_NO_DOC)
            break;
        if (x > up) {
            d = x;
            window = 0;
            continue;
        }
        d = x;
        if (acq_segment_is_deleted(s, d)) {
            d++;
            continue;
        }
        double score = contrib[bt[ord[0]].q] = acq_bm_score(&bt[ord[0]], s);
        int ok = score + rest[0] > theta;
        uint32_t next = d + 1;
        for (size_t j = 1; j < n && ok; j++) {
            acq_bm_term *b = &bt[ord[j]];
            uint32_t y = at_least(b->p, d);
            if (y != d) {
                next = y; /* leapfrog: the lead moves to y */
                ok = 0;
                break;
            }
            double c = acq_bm_score(b, s);
            contrib[b->q] = c;
            score += c;
            ok = score + rest[j] > theta;
        }
        if (ok) {
            /* The exact score: contributions in query order. */
            double exact = 0;
            for (size_t q = 0; q < n; q++)
                exact += contrib[q];
            scored++;
            if (exact > theta) {
                acq_topk_push(top, (acq_scored){exact, base + d});
                double t = acq_topk_threshold(top);
                if (t > theta)
                    window = 0; /* check the window's bound again */
                theta = t;
            }
        }
        d = next;
    }
done:
    acq_free(bt);
    acq_free(ord);
    acq_free(contrib);
    acq_free(rest);
    acq_free(bound);
    return scored;
}
