/* wand.c: block-max WAND top-k over a disjunction of terms (Ding & Suel,
 * "Faster top-k document retrieval using block-max indexes", SIGIR 2011).
 *
 * Cursors are kept sorted by their current document. The pivot is the
 * first cursor at which the terms' bounds over their whole lists, added in
 * that order, exceed the k-th score: no document before the pivot's can
 * enter the top k. Then the bounds of the blocks holding the pivot document
 * are added for the cursors up to the pivot (shallow advances: nothing is
 * decoded); if they cannot beat the k-th score either, no document before
 * the first of those blocks' ends (or the next cursor's document) can, and
 * every cursor up to the pivot jumps there. Otherwise, if all of them are on
 * the pivot document it is scored (stopping as soon as its partial score
 * plus the block bounds left cannot beat the k-th), else those behind move
 * to it. Exactness: blockmax.h. */
#include "search/blockmax.h"

#include "common/alloc.h"

static inline uint32_t doc_of(const acq_bm_term *b) { return b->p->doc; }

/* Insertion sort of ord[0..m) by current document (nearly sorted). */
static void sort_by_doc(acq_bm_term *bt, size_t *ord, size_t m)
{
    for (size_t a = 1; a < m; a++) {
        size_t x = ord[a], j = a;
        uint32_t dx = doc_of(&bt[x]);
        while (j > 0 && doc_of(&bt[ord[j - 1]]) > dx) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = x;
    }
}

/* Drops exhausted cursors (ACQ_NO_DOC sorts last). */
static size_t trim(acq_bm_term *bt, const size_t *ord, size_t m)
{
    while (m > 0 && doc_of(&bt[ord[m - 1]]) == ACQ_NO_DOC)
        m--;
    return m;
}

uint64_t acq_wand_segment(acq_segment *s, uint32_t base, acq_ms_term *terms, size_t n, acq_topk *top)
{
    acq_bm_term *bt = acq_calloc(n + 1, sizeof *bt);
    size_t *ord = acq_calloc(n + 1, sizeof *ord), *touched = acq_calloc(n + 1, sizeof *touched);
    double *contrib = acq_calloc(n + 1, sizeof *contrib), *bb = acq_calloc(n + 1, sizeof *bb);
    uint64_t scored = 0;
    if (!bt || !ord || !touched || !contrib || !bb) {
        scored = ACQ_TOPK_OOM;
        goto done;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (terms[i].p != NULL && terms[i].p->df > 0) {
            acq_bm_init(&bt[m], &terms[i], i);
            ord[m] = m;
            m++;
        }
    for (size_t i = 0; i < m; i++)
        acq_postings_next(bt[i].p);
    sort_by_doc(bt, ord, m);
    m = trim(bt, ord, m);
    double theta = acq_topk_threshold(top), cut = acq_bm_cut(theta);
    while (m > 0) {
        /* The pivot. */
        double acc = 0;
        size_t piv = m;
        for (size_t i = 0; i < m; i++) {
            acc += bt[ord[i]].ub;
            if (acc > cut) {
                piv = i;
                break;
            }
        }
        if (piv == m)
            break; /* even all of them together cannot enter */
        uint32_t pd = doc_of(&bt[ord[piv]]);
        while (piv + 1 < m && doc_of(&bt[ord[piv + 1]]) == pd)
            piv++;
        /* The block bounds at the pivot document. */
        double bsum = 0;
        uint32_t next = piv + 1 < m ? doc_of(&bt[ord[piv + 1]]) : ACQ_NO_DOC;
        for (size_t i = 0; i <= piv; i++) {
            uint32_t last = acq_bm_block(&bt[ord[i]], pd, &bb[i]);
            bsum += bb[i];
            if (last < ACQ_NO_DOC - 1 && last + 1 < next)
                next = last + 1;
        }
        if (bsum <= cut) {
            /* Nothing before `next` can enter: move every cursor up to the
             * pivot there. */
            for (size_t i = 0; i <= piv; i++)
                acq_postings_advance(bt[ord[i]].p, next);
        } else if (doc_of(&bt[ord[0]]) == pd) {
            /* Every cursor up to the pivot is on pd: score it. */
            size_t nt = 0;
            double score = 0, rest = bsum;
            int alive = !acq_segment_is_deleted(s, pd);
            for (size_t i = 0; i <= piv && alive; i++) {
                acq_bm_term *b = &bt[ord[i]];
                double x = acq_bm_score(b, s);
                contrib[b->q] = x;
                touched[nt++] = b->q;
                score += x;
                rest -= bb[i];
                if (score + rest <= cut)
                    alive = 0;
            }
            if (alive) {
                double exact = acq_bm_exact(contrib, touched, nt);
                scored++;
                if (exact >= theta) {
                    acq_topk_push(top, (acq_scored){exact, base + pd});
                    theta = acq_topk_threshold(top);
                    cut = acq_bm_cut(theta);
                }
            }
            for (size_t i = 0; i <= piv; i++)
                acq_postings_next(bt[ord[i]].p);
        } else {
            /* Cursors behind the pivot document move to it. */
            for (size_t i = 0; i < piv && doc_of(&bt[ord[i]]) < pd; i++)
                acq_postings_advance(bt[ord[i]].p, pd);
        }
        sort_by_doc(bt, ord, m);
        m = trim(bt, ord, m);
    }
done:
    acq_free(bt);
    acq_free(ord);
    acq_free(touched);
    acq_free(contrib);
    acq_free(bb);
    return scored;
}
