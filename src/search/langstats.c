/* langstats.c: acq_index_languages, what each language of an index holds
 * (documents, words, distinct terms), for `acquis stats` (issue 11).
 *
 * The languages come from the lang keyword field: the writer gives every
 * document one lang term, the code it was analysed with. Documents and
 * words walk those postings (skipping deleted documents) and sum the
 * documents' lengths. Distinct terms need each term's documents: every
 * segment gets a table from document to language, then each title-and-text
 * term's postings are read once and the languages they meet are counted. */
#include "acquis.h"

#include "common/alloc.h"
#include "search/multilang.h"
#include "search/postings.h"

#include <stdlib.h>
#include <string.h>

#define NO_LANG 0xff

static int cmp_stats(const void *pa, const void *pb)
{
    const acq_language_stats *a = pa, *b = pb;
    if (a->documents != b->documents)
        return a->documents > b->documents ? -1 : 1;
    return strcmp(a->lang, b->lang);
}

/* Fills lang_of[doc] with each document's index in ls (NO_LANG if none)
 * and adds documents and words to st. */
static int walk_langs(acq_segment *s, const acq_langset *ls, uint8_t *lang_of, acq_language_stats *st,
                      acq_err *err)
{
    memset(lang_of, NO_LANG, s->doc_count);
    for (size_t l = 0; l < ls->n; l++) {
        uint8_t key[ACQ_MAX_KEY + 1];
        size_t n = strlen(ls->code[l]);
        key[0] = ACQ_FIELD_LANG;
        memcpy(key + 1, ls->code[l], n);
        acq_term_meta m;
        int f = acq_segment_lookup(s, key, n + 1, &m, err);
        if (f < 0)
            return f;
        if (f == 0)
            continue;
        acq_postings p;
        int rc = acq_postings_open(&p, s, &m, err);
        if (rc != ACQ_OK)
            return rc;
        for (uint32_t d = acq_postings_next(&p); d != ACQ_NO_DOC; d = acq_postings_next(&p)) {
            if (acq_segment_is_deleted(s, d))
                continue;
            lang_of[d] = (uint8_t)l;
            st[l].documents++;
            st[l].tokens += acq_segment_len(s, ACQ_FIELD_BODY, d);
        }
        if (p.corrupt)
            return acq_postings_damaged(err, s, p.corrupt);
    }
    return ACQ_OK;
}

/* Adds to st[l].terms the body terms of s that documents of language l hold. */
static int count_terms(acq_segment *s, const acq_langset *ls, const uint8_t *lang_of, acq_language_stats *st,
                       acq_err *err)
{
    const uint8_t prefix[1] = {ACQ_FIELD_BODY};
    acq_dict_iter it;
    int r = acq_dict_iter_seek(&it, s, prefix, 1, err);
    if (r != ACQ_OK)
        return r;
    while ((r = acq_dict_iter_next(&it, err)) == 1 && it.key_len >= 1 && it.key[0] == ACQ_FIELD_BODY) {
        acq_postings p;
        if ((r = acq_postings_open(&p, s, &it.meta, err)) != ACQ_OK)
            return r;
        uint64_t seen = 0; /* ACQ_MULTILANG_MAX is 64: one bit per language */
        for (uint32_t d = acq_postings_next(&p); d != ACQ_NO_DOC; d = acq_postings_next(&p))
            if (lang_of[d] != NO_LANG)
                seen |= (uint64_t)1 << lang_of[d];
        if (p.corrupt)
            return acq_postings_damaged(err, s, p.corrupt);
        for (size_t l = 0; l < ls->n; l++)
            if (seen >> l & 1)
                st[l].terms++;
    }
    return r < 0 ? r : ACQ_OK;
}

_Static_assert(ACQ_MULTILANG_MAX <= 64, "one bit per language in count_terms");

int acq_index_languages(acq_index *ix, acq_language_stats *out, size_t cap, size_t *n, int with_terms,
                        char *errmsg, size_t errmsg_size)
{
    if (ix == NULL || n == NULL || (out == NULL && cap > 0)) {
        acq_msg_copy(errmsg, errmsg_size, "acq_index_languages: ix and n are required, and out when cap > 0");
        return ACQ_EARG;
    }
    *n = 0;
    acq_err err = {0};
    acq_langset *ls = acq_malloc(sizeof *ls);
    acq_language_stats *st = NULL;
    uint8_t *lang_of = NULL;
    int rc = ls ? acq_index_langs(ix, ls, &err) : acq_err_set(&err, ACQ_ENOMEM, "out of memory");
    if (rc == ACQ_OK && (st = acq_calloc(ls->n + 1, sizeof *st)) == NULL)
        rc = acq_err_set(&err, ACQ_ENOMEM, "out of memory");
    for (size_t l = 0; rc == ACQ_OK && l < ls->n; l++)
        memcpy(st[l].lang, ls->code[l], sizeof st[l].lang);
    for (size_t si = 0; si < ix->nsegs && rc == ACQ_OK; si++) {
        acq_segment *s = &ix->segs[si];
        acq_free(lang_of);
        if ((lang_of = acq_malloc((size_t)s->doc_count + 1)) == NULL) {
            rc = acq_err_set(&err, ACQ_ENOMEM, "out of memory");
            break;
        }
        rc = walk_langs(s, ls, lang_of, st, &err);
        if (rc == ACQ_OK && with_terms)
            rc = count_terms(s, ls, lang_of, st, &err);
    }
    if (rc == ACQ_OK) {
        /* Languages whose documents were all deleted are gone. */
        size_t k = 0;
        for (size_t l = 0; l < ls->n; l++)
            if (st[l].documents > 0)
                st[k++] = st[l];
        qsort(st, k, sizeof *st, cmp_stats);
        for (size_t l = 0; l < k && l < cap; l++)
            out[l] = st[l];
        *n = k;
    } else {
        acq_msg_copy(errmsg, errmsg_size, err.msg);
    }
    acq_free(lang_of);
    acq_free(st);
    acq_free(ls);
    return rc;
}
