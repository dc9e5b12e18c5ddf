/* merge.c: streaming segment merge (see merge.h). */
#include "segment/merge.h"

#include "codec/varint.h"
#include "common/alloc.h"
#include "search/postings.h"
#include "segment/writers.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Bytes read from the mapped segments between two releases of their pages
 * (acq_fmap_release): what a merge keeps mapped, per side. */
#define RELEASE_EVERY ((uint64_t)8 << 20)

typedef struct merge_state {
    acq_segment *segs;
    size_t n;
    uint32_t **remap;      /* per segment: old doc -> new doc, UINT32_MAX if deleted */
    uint32_t total;
    const char *dir, *name;
} merge_state;

static void seg_path(char *out, size_t n, const merge_state *m, const char *ext)
{
    snprintf(out, n, "%s/%s.%s", m->dir, m->name, ext);
}

static int build_remaps(merge_state *m, acq_err *err)
{
    m->remap = acq_calloc(m->n + 1, sizeof *m->remap);
    if (m->remap == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory merging segments");
    uint64_t next = 0;
    for (size_t i = 0; i < m->n; i++) {
        acq_segment *s = &m->segs[i];
        m->remap[i] = acq_malloc(((size_t)s->doc_count + 1) * sizeof(uint32_t));
        if (m->remap[i] == NULL)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory merging segments");
        for (uint32_t d = 0; d < s->doc_count; d++)
            m->remap[i][d] = acq_segment_is_deleted(s, d) ? UINT32_MAX : (uint32_t)next++;
    }
    if (next > UINT32_MAX - 2)
        return acq_err_set(err, ACQ_ELIMIT, "a segment cannot hold more than 4 billion documents");
    m->total = (uint32_t)next;
    return ACQ_OK;
}

static int write_lengths(merge_state *m, acq_err *err)
{
    char path[4096];
    seg_path(path, sizeof path, m, "len");
    acq_fwriter w;
    if (acq_fwriter_open(&w, path, ACQ_KIND_LEN, err) != ACQ_OK)
        return err->code;
    uint64_t sums[2] = {0, 0};
    for (size_t i = 0; i < m->n; i++)
        for (uint32_t d = 0; d < m->segs[i].doc_count; d++)
            if (m->remap[i][d] != UINT32_MAX) {
                sums[0] += acq_segment_len(&m->segs[i], ACQ_FIELD_BODY, d);
                sums[1] += acq_segment_len(&m->segs[i], ACQ_FIELD_TITLE, d);
            }
    acq_buf h = {0};
    acq_buf_put_u32(&h, m->total);
    acq_buf_put_u32(&h, 0);
    acq_buf_put_u64(&h, sums[0]);
    acq_buf_put_u64(&h, sums[1]);
    int rc = h.failed ? acq_err_set(err, ACQ_ENOMEM, "out of memory") : acq_fwriter_write(&w, h.data, h.len, err);
    acq_buf_free(&h);
    /* Three passes, one per array, each streaming through the segments. */
    for (int array = 0; array < 4 && rc == ACQ_OK; array++)
        for (size_t i = 0; i < m->n && rc == ACQ_OK; i++) {
            const acq_segment *s = &m->segs[i];
            const uint8_t *src = array == 0 ? s->lens[0] : array == 1 ? s->lens[1] : array == 2 ? s->dates : s->text_start;
            for (uint32_t d = 0; d < s->doc_count && rc == ACQ_OK; d++)
                if (m->remap[i][d] != UINT32_MAX)
                    rc = acq_fwriter_write(&w, src + 4 * (size_t)d, 4, err);
        }
    if (rc == ACQ_OK)
        return acq_fwriter_finish(&w, err);
    acq_fwriter_abort(&w);
    return rc;
}

/* Whether segment i's stored blocks can be copied as they are: none of its
 * documents is deleted (so its numbers shift by a constant) and its records
 * are in the current format (metadata with the extra field, texts whose
 * references count back). Copies of one text across the merged segments
 * then stay separate: most inputs repeat texts within a batch, and a merge
 * that decompresses and compresses every block took half of a build's
 * merge. */
static int copies_blocks(const merge_state *m, size_t i, int which)
{
    const acq_segment *s = &m->segs[i];
    if (which ? s->fdt.version < 2 : s->meta_fields < ACQ_META_COUNT)
        return 0;
    for (uint32_t d = 0; d < s->doc_count; d++)
        if (m->remap[i][d] == UINT32_MAX)
            return 0;
    return 1;
}

static int copy_blocks(merge_state *m, size_t i, int which, acq_store_writer *sw, acq_err *err)
{
    acq_store_iter it;
    int rc = acq_store_iter_open(&it, &m->segs[i], which, err);
    uint64_t read = 0;
    while (rc == ACQ_OK) {
        const uint8_t *comp;
        size_t clen;
        uint32_t raw_len, docs;
        int codec;
        int got = acq_store_iter_next_block(&it, &comp, &clen, &raw_len, &codec, &docs, err);
        if (got <= 0) {
            rc = got;
            break;
        }
        rc = acq_sw_append_block(sw, comp, clen, raw_len, codec, docs, err);
        if ((read += clen) > RELEASE_EVERY) {
            acq_fmap_release(which ? &m->segs[i].fdt : &m->segs[i].fdm);
            read = 0;
        }
    }
    acq_store_iter_close(&it);
    acq_fmap_release(which ? &m->segs[i].fdt : &m->segs[i].fdm);
    return rc;
}

/* Copies stored records in document order, one decompression per block.
 * Texts: a literal is re-added through the deduplicating writer (so copies
 * across the merged segments collapse too); a reference to a document that
 * survived becomes a reference to its new number; a reference to a deleted
 * document fetches the text. */
static int write_stored(merge_state *m, int which, int zlevel, acq_err *err)
{
    char path[4096];
    seg_path(path, sizeof path, m, which ? "fdt" : "fdm");
    acq_store_writer sw;
    if (acq_sw_open(&sw, path, which ? ACQ_KIND_FDT : ACQ_KIND_FDM, zlevel, err) != ACQ_OK)
        return err->code;
    acq_buf rec = {0};
    int rc = ACQ_OK;
    for (size_t i = 0; i < m->n && rc == ACQ_OK; i++) {
        if (copies_blocks(m, i, which)) {
            rc = copy_blocks(m, i, which, &sw, err);
            continue;
        }
        acq_store_iter it;
        rc = acq_store_iter_open(&it, &m->segs[i], which, err);
        const uint8_t *r;
        size_t rl;
        uint64_t read = 0;
        for (uint32_t d = 0; rc == ACQ_OK; d++) {
            int got = acq_store_iter_next(&it, &r, &rl, err);
            if (got <= 0) {
                rc = got;
                break;
            }
            /* Pages read stay in the process's memory until released:
             * release them as we go, so a merge's memory does not grow
             * with the segments' size. */
            if ((read += rl) > RELEASE_EVERY) {
                acq_fmap_release(which ? &m->segs[i].fdt : &m->segs[i].fdm);
                read = 0;
            }
            if (m->remap[i][d] == UINT32_MAX)
                continue;
            if (which == 0) {
                /* A record of an older segment gains an empty extra field. */
                if (m->segs[i].meta_fields < ACQ_META_COUNT) {
                    acq_buf_reset(&rec);
                    acq_buf_put(&rec, r, rl);
                    acq_buf_putc(&rec, 0);
                    rc = rec.failed ? acq_err_set(err, ACQ_ENOMEM, "out of memory") : acq_sw_add_raw(&sw, rec.data, rec.len, err);
                } else
                    rc = acq_sw_add_raw(&sw, r, rl, err);
                continue;
            }
            uint64_t v;
            size_t k = acq_varint_decode(r + 1, rl - 1, &v);
            if (r[0] == 1)
                v = acq_text_ref(&m->segs[i], d, v);
            if (r[0] == 0) {
                rc = acq_sw_add_text(&sw, (const char *)r + 1 + k, (size_t)v, err);
            } else if (v < d && m->remap[i][v] != UINT32_MAX) {
                rc = acq_sw_add_text_ref(&sw, m->remap[i][v], err);
            } else {
                const char *t;
                size_t tl;
                rc = acq_segment_record(&m->segs[i], 1, d, &rec, err);
                if (rc == ACQ_OK && acq_record_fields(rec.data, rec.len, 1, &t, &tl) != 0)
                    rc = acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (bad stored text)", m->segs[i].fdt.path);
                if (rc == ACQ_OK)
                    rc = acq_sw_add_text(&sw, t, tl, err);
            }
        }
        acq_store_iter_close(&it);
        acq_fmap_release(which ? &m->segs[i].fdt : &m->segs[i].fdm);
    }
    acq_buf_free(&rec);
    if (rc == ACQ_OK)
        return acq_sw_finish(&sw, err);
    acq_sw_abort(&sw);
    return rc;
}

static int key_cmp(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    size_t n = an < bn ? an : bn;
    int c = memcmp(a, b, n);
    return c ? c : (an < bn ? -1 : an > bn);
}

/* Terms read and decoded from the segments, waiting to be encoded: a
 * batch of whole terms, each its key and its postings in merged document
 * order (positions for the body only). With two threads one batch is
 * filled while the other is written. */
typedef struct term_entry {
    size_t key_off, klen;
    size_t first, end;       /* its records */
} term_entry;

typedef struct term_batch {
    term_entry *terms;
    size_t nterms, terms_cap;
    uint8_t *keys;
    size_t keys_len, keys_cap;
    uint32_t *doc, *tf, *dl;  /* per record */
    size_t nrecs, recs_cap;
    uint32_t *pos;            /* tf positions per body record, in order */
    size_t npos, pos_cap;
    int last;                 /* no term after this batch */
} term_batch;

#define BATCH_RECORDS 8192

static void batch_free(term_batch *b)
{
    acq_free(b->terms);
    acq_free(b->keys);
    acq_free(b->doc);
    acq_free(b->tf);
    acq_free(b->dl);
    acq_free(b->pos);
    memset(b, 0, sizeof *b);
}

static int batch_record(term_batch *b, uint32_t doc, uint32_t tf, uint32_t dl)
{
    if (b->nrecs == b->recs_cap) {
        size_t cap = b->recs_cap ? b->recs_cap * 2 : 1024;
        uint32_t *d = acq_realloc(b->doc, cap * sizeof *d);
        if (d == NULL)
            return -1;
        b->doc = d;
        uint32_t *t = acq_realloc(b->tf, cap * sizeof *t);
        if (t == NULL)
            return -1;
        b->tf = t;
        uint32_t *l = acq_realloc(b->dl, cap * sizeof *l);
        if (l == NULL)
            return -1;
        b->dl = l;
        b->recs_cap = cap;
    }
    b->doc[b->nrecs] = doc;
    b->tf[b->nrecs] = tf;
    b->dl[b->nrecs] = dl;
    b->nrecs++;
    return 0;
}

/* The dictionary cursors of the merged segments (live[i]: segment i has
 * a key left), and how much has been read since pages were released. */
typedef struct term_reader {
    merge_state *m;
    acq_dict_iter *it;
    int *live;
    uint64_t copied, released_at;
} term_reader;

/* Appends one segment's postings of the current term. */
static int read_segment_postings(merge_state *m, size_t si, const acq_term_meta *meta, int field, term_batch *b,
                                 acq_err *err)
{
    acq_segment *s = &m->segs[si];
    acq_postings p;
    if (acq_postings_open(&p, s, meta, err) != ACQ_OK)
        return err->code;
    for (uint32_t d = acq_postings_next(&p); d != ACQ_NO_DOC; d = acq_postings_next(&p)) {
        uint32_t nd = m->remap[si][d];
        if (nd == UINT32_MAX)
            continue;
        uint32_t tf = acq_postings_tf(&p);
        /* Only the body keeps positions; a damaged tf is reported, not
         * allocated for (tf is bounded by the term's max_tf, from the
         * dictionary, and by what its .pos bytes can hold). */
        if (field == ACQ_FIELD_BODY) {
            if (tf > acq_postings_pos_capacity(&p))
                return acq_postings_damaged(err, s, ACQ_DAMAGED_POS);
            if (acq_grow((void **)&b->pos, &b->pos_cap, b->npos + tf, sizeof *b->pos) != 0)
                return acq_err_set(err, ACQ_ENOMEM, "out of memory merging segments");
            if (acq_postings_positions(&p, b->pos + b->npos, (uint32_t)(b->pos_cap - b->npos)) != (int)tf)
                return acq_postings_damaged(err, s, p.corrupt ? p.corrupt : ACQ_DAMAGED_POS);
            b->npos += tf;
        }
        uint32_t dl = (field == ACQ_FIELD_BODY || field == ACQ_FIELD_TITLE) ? acq_segment_len(s, field, d) : 1;
        if (batch_record(b, nd, tf, dl) != 0)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory merging segments");
    }
    if (p.corrupt)
        return acq_postings_damaged(err, s, p.corrupt);
    return ACQ_OK;
}

/* Fills b with whole terms (at least one, up to about max_records
 * postings); sets b->last after the last term. */
static int read_batch(term_reader *r, term_batch *b, size_t max_records, acq_err *err)
{
    merge_state *m = r->m;
    b->nterms = b->keys_len = b->nrecs = b->npos = 0;
    b->last = 0;
    int rc = ACQ_OK;
    while (rc == ACQ_OK && b->nrecs < max_records && b->nterms < 4096) {
        /* The smallest key among the segments (few segments: a scan). */
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < m->n; i++)
            if (r->live[i] &&
                (best == SIZE_MAX || key_cmp(r->it[i].key, r->it[i].key_len, r->it[best].key, r->it[best].key_len) < 0))
                best = i;
        if (best == SIZE_MAX) {
            b->last = 1;
            break;
        }
        size_t klen = r->it[best].key_len;
        if (acq_grow((void **)&b->keys, &b->keys_cap, b->keys_len + klen, 1) != 0 ||
            acq_grow((void **)&b->terms, &b->terms_cap, b->nterms + 1, sizeof *b->terms) != 0)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory merging segments");
        uint8_t *key = b->keys + b->keys_len;
        memcpy(key, r->it[best].key, klen);
        term_entry *t = &b->terms[b->nterms];
        *t = (term_entry){b->keys_len, klen, b->nrecs, b->nrecs};
        b->keys_len += klen;
        int field = key[0];
        for (size_t i = 0; i < m->n && rc == ACQ_OK; i++) {
            if (!r->live[i] || key_cmp(r->it[i].key, r->it[i].key_len, key, klen) != 0)
                continue;
            rc = read_segment_postings(m, i, &r->it[i].meta, field, b, err);
            r->copied += r->it[i].meta.doc_len + r->it[i].meta.pos_len;
            if (rc == ACQ_OK) {
                int got = acq_dict_iter_next(&r->it[i], err);
                rc = got < 0 ? got : ACQ_OK;
                r->live[i] = got == 1;
            }
        }
        t->end = b->nrecs;
        b->nterms++;
        if (r->copied - r->released_at > RELEASE_EVERY) {
            for (size_t i = 0; i < m->n; i++) {
                acq_fmap_release(&m->segs[i].doc);
                acq_fmap_release(&m->segs[i].pos);
                acq_fmap_release(&m->segs[i].tdi);
            }
            r->released_at = r->copied;
        }
    }
    return rc;
}

/* Encodes the terms of b. */
static int write_batch(const term_batch *b, acq_postings_writer *pw, acq_dict_writer *dw, acq_err *err)
{
    const uint32_t *pos = b->pos;
    for (size_t k = 0; k < b->nterms; k++) {
        const term_entry *t = &b->terms[k];
        const uint8_t *key = b->keys + t->key_off;
        int body = key[0] == ACQ_FIELD_BODY;
        acq_pw_start_term(pw, body);
        for (size_t r = t->first; r < t->end; r++) {
            if (acq_pw_add(pw, b->doc[r], b->tf[r], body ? pos : NULL, b->dl[r], err) != ACQ_OK)
                return err->code;
            if (body)
                pos += b->tf[r];
        }
        acq_term_meta meta;
        if (acq_pw_finish_term(pw, &meta, err) != ACQ_OK)
            return err->code;
        /* A term whose every document was deleted disappears. */
        if (meta.df > 0 && acq_dw_add(dw, key, t->klen, &meta, err) != ACQ_OK)
            return err->code;
    }
    return ACQ_OK;
}

/* The reading side on a thread of its own: fills the batch the writing
 * side is not encoding. */
typedef struct read_ahead {
    term_reader *r;
    term_batch batch[2];
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int filled[2];            /* batch i waits to be written */
    int stop;                 /* the writing side failed */
    int rc;
    acq_err err;
} read_ahead;

static void *reader_thread(void *arg)
{
    read_ahead *ra = arg;
    for (int i = 0;; i ^= 1) {
        pthread_mutex_lock(&ra->mu);
        while (ra->filled[i] && !ra->stop)
            pthread_cond_wait(&ra->cv, &ra->mu);
        int stop = ra->stop;
        pthread_mutex_unlock(&ra->mu);
        if (stop)
            break;
        acq_err err = {0};
        int rc = read_batch(ra->r, &ra->batch[i], BATCH_RECORDS, &err);
        pthread_mutex_lock(&ra->mu);
        if (rc != ACQ_OK) {
            ra->rc = rc;
            ra->err = err;
            ra->batch[i].last = 1;
            ra->batch[i].nterms = 0;
        }
        ra->filled[i] = 1;
        pthread_cond_broadcast(&ra->cv);
        pthread_mutex_unlock(&ra->mu);
        if (ra->batch[i].last)
            break;
    }
    return NULL;
}

/* With two threads: encodes the batches reader_thread fills, in turn. */
static int merge_terms_threaded(read_ahead *ra, acq_postings_writer *pw, acq_dict_writer *dw, acq_err *err)
{
    int rc = ACQ_OK;
    for (int i = 0;; i ^= 1) {
        pthread_mutex_lock(&ra->mu);
        while (!ra->filled[i])
            pthread_cond_wait(&ra->cv, &ra->mu);
        pthread_mutex_unlock(&ra->mu);
        int last = ra->batch[i].last;
        rc = write_batch(&ra->batch[i], pw, dw, err);
        pthread_mutex_lock(&ra->mu);
        ra->filled[i] = 0;
        if (rc != ACQ_OK)
            ra->stop = 1;
        pthread_cond_broadcast(&ra->cv);
        pthread_mutex_unlock(&ra->mu);
        if (rc != ACQ_OK || last)
            return rc;
    }
}

/* Reads and writes every term: with two threads, the decoding of the next
 * batch beside the encoding of this one (the same bytes either way). */
static int merge_terms(term_reader *r, acq_postings_writer *pw, acq_dict_writer *dw, int threads, acq_err *err)
{
    read_ahead ra;
    memset(&ra, 0, sizeof ra);
    ra.r = r;
    int rc = ACQ_OK;
    if (threads >= 2 && pthread_mutex_init(&ra.mu, NULL) == 0) {
        pthread_t th;
        int ok = pthread_cond_init(&ra.cv, NULL) == 0;
        if (ok && pthread_create(&th, NULL, reader_thread, &ra) == 0) {
            rc = merge_terms_threaded(&ra, pw, dw, err);
            pthread_join(th, NULL);
            if (rc == ACQ_OK && ra.rc != ACQ_OK) {
                *err = ra.err;
                rc = ra.rc;
            }
            pthread_cond_destroy(&ra.cv);
            pthread_mutex_destroy(&ra.mu);
            batch_free(&ra.batch[0]);
            batch_free(&ra.batch[1]);
            return rc;
        }
        if (ok)
            pthread_cond_destroy(&ra.cv);
        pthread_mutex_destroy(&ra.mu);
    }
    /* One thread: a term at a time, which stays in the caches. */
    do {
        rc = read_batch(r, &ra.batch[0], 1, err);
        if (rc == ACQ_OK)
            rc = write_batch(&ra.batch[0], pw, dw, err);
    } while (rc == ACQ_OK && !ra.batch[0].last);
    batch_free(&ra.batch[0]);
    return rc;
}

static int write_postings(merge_state *m, int threads, acq_err *err)
{
    char pd[4096], pp[4096], pt[4096];
    seg_path(pd, sizeof pd, m, "doc");
    seg_path(pp, sizeof pp, m, "pos");
    seg_path(pt, sizeof pt, m, "tdi");
    acq_fwriter fd = {0}, fp = {0};
    acq_dict_writer dw;
    int have_fd = 0, have_fp = 0, have_dw = 0;
    acq_dict_iter *it = acq_calloc(m->n + 1, sizeof *it);
    int *live = acq_calloc(m->n + 1, sizeof *live);
    int rc = it && live ? ACQ_OK : acq_err_set(err, ACQ_ENOMEM, "out of memory merging segments");
    if (rc == ACQ_OK && (rc = acq_fwriter_open_version(&fd, pd, ACQ_KIND_DOC, ACQ_DOC_VERSION, err)) == ACQ_OK) have_fd = 1;
    if (rc == ACQ_OK && (rc = acq_fwriter_open(&fp, pp, ACQ_KIND_POS, err)) == ACQ_OK) have_fp = 1;
    if (rc == ACQ_OK && (rc = acq_dw_open(&dw, pt, err)) == ACQ_OK) have_dw = 1;
    acq_postings_writer pw;
    acq_pw_init(&pw, &fd, &fp);
    for (size_t i = 0; i < m->n && rc == ACQ_OK; i++) {
        rc = acq_dict_iter_seek(&it[i], &m->segs[i], (const uint8_t *)"", 0, err);
        if (rc == ACQ_OK) {
            int r = acq_dict_iter_next(&it[i], err);
            rc = r < 0 ? r : ACQ_OK;
            live[i] = r == 1;
        }
    }
    term_reader r = {m, it, live, 0, 0};
    if (rc == ACQ_OK)
        rc = merge_terms(&r, &pw, &dw, threads, err);
    acq_pw_free(&pw);
    if (have_dw) rc = rc == ACQ_OK ? acq_dw_finish(&dw, err) : (acq_dw_abort(&dw), rc);
    if (have_fd) rc = rc == ACQ_OK ? acq_fwriter_finish(&fd, err) : (acq_fwriter_abort(&fd), rc);
    if (have_fp) rc = rc == ACQ_OK ? acq_fwriter_finish(&fp, err) : (acq_fwriter_abort(&fp), rc);
    acq_free(it);
    acq_free(live);
    return rc;
}

/* The stored fields and lengths of a merge, on a second thread. */
typedef struct stored_job {
    merge_state *m;
    int zlevel, rc;
    acq_err err;
} stored_job;

static int write_stored_side(merge_state *m, int zlevel, acq_err *err)
{
    int rc = write_lengths(m, err);
    if (rc == ACQ_OK) rc = write_stored(m, 0, zlevel, err);
    if (rc == ACQ_OK) rc = write_stored(m, 1, zlevel, err);
    return rc;
}

static void *stored_thread(void *arg)
{
    stored_job *j = arg;
    j->rc = write_stored_side(j->m, j->zlevel, &j->err);
    return NULL;
}

int acq_merge_segments(acq_segment *segs, size_t n, const char *dir, const char *name, int zlevel,
                       int threads, uint32_t *docs, acq_err *err)
{
    merge_state m = {segs, n, NULL, 0, dir, name};
    int rc = build_remaps(&m, err);
    /* Two threads: the stored fields (decompressing and compressing every block)
     * beside the postings (decoding and encoding every block); they read
     * different files of the same read-only segments and write different
     * files. One: the same work in turn. */
    stored_job job = {&m, zlevel, ACQ_OK, {0}};
    pthread_t th;
    int started = 0;
    if (rc == ACQ_OK && threads >= 2)
        started = pthread_create(&th, NULL, stored_thread, &job) == 0;
    if (rc == ACQ_OK && !started)
        rc = write_stored_side(&m, zlevel, err);
    if (rc == ACQ_OK) rc = write_postings(&m, threads, err);
    if (started) {
        pthread_join(th, NULL);
        if (rc == ACQ_OK && job.rc != ACQ_OK) {
            *err = job.err;
            rc = job.rc;
        }
    }
    for (size_t i = 0; m.remap && i < n; i++)
        acq_free(m.remap[i]);
    acq_free(m.remap);
    if (rc != ACQ_OK) {
        static const char *const exts[] = {"tdi", "doc", "pos", "len", "fdm", "fdt"};
        for (size_t i = 0; i < 6; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.%s", dir, name, exts[i]);
            acq_io_unlink(path);
        }
        return rc;
    }
    *docs = m.total;
    return ACQ_OK;
}
