/* reader.c: acq_index: opening the last commit of an index as a snapshot and
 * its statistics. Segment files are mapped, not read, so opening is cheap. */
#include "index/reader.h"
#include "common/alloc.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void index_free(acq_index *ix)
{
    for (size_t i = 0; i < ix->nsegs; i++)
        acq_segment_close(&ix->segs[i]);
    acq_free(ix->segs);
    acq_free(ix->base);
    acq_manifest_free(&ix->manifest);
    acq_free(ix->dir);
    acq_free(ix);
}

/* Opens the segments ix->manifest names. */
static int open_segments(acq_index *ix, acq_err *err)
{
    size_t n = ix->manifest.nsegs;
    ix->segs = acq_calloc(n + 1, sizeof *ix->segs);
    ix->base = acq_calloc(n + 1, sizeof *ix->base);
    if (ix->segs == NULL || ix->base == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const acq_manifest_segment *ms = &ix->manifest.segs[i];
        if (acq_segment_open(&ix->segs[i], ix->dir, ms->name, ms->delgen, err) != ACQ_OK)
            return err->code;
        ix->nsegs++;
        if (ix->segs[i].doc_count != ms->docs)
            return acq_err_set(err, ACQ_ECORRUPT, "%s/%s does not match the manifest: rebuild the index", ix->dir, ms->name);
        if (ix->max_doc + ms->docs > UINT32_MAX - 1)
            return acq_err_set(err, ACQ_ELIMIT, "more than 4 billion documents in one index");
        ix->base[i] = (uint32_t)ix->max_doc;
        ix->max_doc += ms->docs;
        ix->sum_len[0] += ix->segs[i].sum_len[0];
        ix->sum_len[1] += ix->segs[i].sum_len[1];
    }
    return ACQ_OK;
}

static int open_once(acq_index *ix, acq_err *err)
{
    if (acq_manifest_read(&ix->manifest, ix->dir, err) != ACQ_OK)
        return err->code;
    return open_segments(ix, err);
}

int acq_index_open_manifest(acq_index **out, const char *dir, const acq_manifest *m, acq_err *err)
{
    *out = NULL;
    acq_index *ix = acq_calloc(1, sizeof *ix);
    if (ix == NULL || (ix->dir = acq_strdup(dir)) == NULL) {
        acq_free(ix);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    int rc = acq_manifest_copy(&ix->manifest, m, err);
    if (rc == ACQ_OK)
        rc = open_segments(ix, err);
    if (rc != ACQ_OK) {
        index_free(ix);
        return rc;
    }
    *out = ix;
    return ACQ_OK;
}

int acq_index_open(acq_index **out, const char *dir, char *errmsg, size_t errmsg_size)
{
    if (out == NULL || dir == NULL) {
        if (errmsg && errmsg_size)
            snprintf(errmsg, errmsg_size, "acq_index_open: out and dir are required");
        return ACQ_EARG;
    }
    *out = NULL;
    acq_err err = {0};
    int rc = ACQ_ENOMEM;
    /* A merge may remove a segment between reading MANIFEST and opening it:
     * reread the manifest and try again. */
    for (int attempt = 0; attempt < 5; attempt++) {
        acq_index *ix = acq_calloc(1, sizeof *ix);
        if (ix == NULL || (ix->dir = acq_strdup(dir)) == NULL) {
            acq_free(ix);
            acq_err_set(&err, ACQ_ENOMEM, "out of memory");
            rc = ACQ_ENOMEM;
            break;
        }
        acq_err_clear(&err);
        rc = open_once(ix, &err);
        if (rc == ACQ_OK) {
            *out = ix;
            return ACQ_OK;
        }
        index_free(ix);
        if (rc != ACQ_ECORRUPT || strstr(err.msg, "is missing") == NULL)
            break;
    }
    if (errmsg && errmsg_size)
        snprintf(errmsg, errmsg_size, "%s", err.msg);
    return rc;
}

void acq_index_close(acq_index *ix)
{
    if (ix)
        index_free(ix);
}

int acq_index_verify(acq_index *ix, char *errmsg, size_t errmsg_size)
{
    if (ix == NULL)
        return ACQ_EARG;
    acq_err err = {0};
    for (size_t i = 0; i < ix->nsegs && acq_ok(&err); i++) {
        acq_segment *s = &ix->segs[i];
        acq_fmap *files[] = {&s->tdi, &s->doc, &s->pos, &s->len, &s->fdm, &s->fdt};
        for (size_t f = 0; f < sizeof files / sizeof files[0] && acq_ok(&err); f++)
            acq_fmap_check_all(files[f], &err);
    }
    if (!acq_ok(&err) && errmsg && errmsg_size)
        snprintf(errmsg, errmsg_size, "%s", err.msg);
    return err.code;
}

int acq_index_stats_get(acq_index *ix, acq_index_stats *st)
{
    if (ix == NULL || st == NULL || st->size < sizeof(size_t))
        return ACQ_EARG;
    acq_index_stats s = ACQ_INDEX_STATS_INIT;
    s.segments = ix->nsegs;
    s.stemming = ix->manifest.stem;
    s.stopwords_dropped = ix->manifest.stopwords;
    snprintf(s.lang, sizeof s.lang, "%s", ix->manifest.lang);
    for (size_t i = 0; i < ix->nsegs; i++) {
        acq_segment *g = &ix->segs[i];
        s.documents += g->doc_count - g->deleted_count;
        s.deleted += g->deleted_count;
        s.terms += g->terms;
        s.bytes_dictionary += g->tdi.size;
        s.bytes_postings += g->doc.size;
        s.bytes_positions += g->pos.size;
        s.bytes_stored += g->fdm.size + g->fdt.size;
        s.bytes_lengths += g->len.size;
        /* postings and positions: from the dictionary, term by term */
        acq_dict_iter it;
        acq_err err = {0};
        if (acq_dict_iter_seek(&it, g, (const uint8_t *)"", 0, &err) != ACQ_OK)
            return err.code;
        int r;
        while ((r = acq_dict_iter_next(&it, &err)) == 1) {
            s.postings += it.meta.df;
            if (it.key[0] == ACQ_FIELD_BODY)
                s.positions += it.meta.cf;
        }
        if (r < 0)
            return r;
    }
    struct stat stt;
    char path[4096];
    snprintf(path, sizeof path, "%s/MANIFEST", ix->dir);
    if (stat(path, &stt) == 0)
        s.bytes_other += (uint64_t)stt.st_size;
    size_t n = st->size < sizeof s ? st->size : sizeof s;
    memcpy(st, &s, n);
    st->size = n;
    return ACQ_OK;
}
