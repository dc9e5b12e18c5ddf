/* runs.c: writing and reading a builder's runs (see runs.h). */
#include "segment/runs.h"

#include "segment/format.h"

#include <string.h>

#define RECORD_HEAD 3     /* field, key length */
#define STREAM_HEAD 8     /* the two stream lengths */

int acq_run_writer_open(acq_run_writer *w, const char *path, acq_err *err)
{
    int rc = acq_fwriter_open(&w->f, path, ACQ_KIND_RUN, err);
    if (rc == ACQ_OK)
        acq_fwriter_scratch(&w->f);
    return rc;
}

/* Bytes left in a stream (walking a copy of its reader). */
static uint64_t stream_length(acq_slice_reader r)
{
    uint64_t total = 0;
    size_t n;
    do {
        acq_slice_reader_piece(&r, &n);
        total += n;
    } while (n > 0 || acq_slice_reader_more(&r));
    return total;
}

static int copy_stream(acq_run_writer *w, acq_slice_reader r, acq_err *err)
{
    for (;;) {
        size_t n;
        const uint8_t *p = acq_slice_reader_piece(&r, &n);
        if (n == 0 && !acq_slice_reader_more(&r))
            return ACQ_OK;
        if (n > 0 && acq_fwriter_write(&w->f, p, n, err) != ACQ_OK)
            return err->code;
    }
}

int acq_run_writer_term(acq_run_writer *w, uint8_t field, const char *key, uint16_t len,
                        const acq_slice_reader *post, const acq_slice_reader *pos, acq_err *err)
{
    uint64_t post_len = stream_length(*post), pos_len = stream_length(*pos);
    if (post_len > UINT32_MAX || pos_len > UINT32_MAX)
        return acq_err_set(err, ACQ_ELIMIT, "a term's postings grew beyond 4 GB in one run: lower the memory budget");
    uint8_t head[RECORD_HEAD];
    head[0] = field;
    head[1] = (uint8_t)len;
    head[2] = (uint8_t)(len >> 8);
    uint8_t lens[STREAM_HEAD];
    acq_store_u32(lens, (uint32_t)post_len);
    acq_store_u32(lens + 4, (uint32_t)pos_len);
    if (acq_fwriter_write(&w->f, head, sizeof head, err) != ACQ_OK ||
        acq_fwriter_write(&w->f, key, len, err) != ACQ_OK ||
        acq_fwriter_write(&w->f, lens, sizeof lens, err) != ACQ_OK || copy_stream(w, *post, err) != ACQ_OK ||
        copy_stream(w, *pos, err) != ACQ_OK)
        return err->code;
    return ACQ_OK;
}

int acq_run_writer_finish(acq_run_writer *w, acq_err *err) { return acq_fwriter_finish(&w->f, err); }

void acq_run_writer_abort(acq_run_writer *w) { acq_fwriter_abort(&w->f); }

int acq_run_reader_open(acq_run_reader *r, const char *path, acq_err *err)
{
    memset(r, 0, sizeof *r);
    int rc = acq_fmap_open(&r->map, path, ACQ_KIND_RUN, err);
    if (rc != ACQ_OK)
        return rc;
    r->next = ACQ_FILE_HEADER;
    rc = acq_run_reader_next(r, err);
    if (rc != ACQ_OK)
        acq_run_reader_close(r);
    return rc;
}

/* Checks [off, off + n) against the file's checksums; its bytes. */
static const uint8_t *checked(acq_run_reader *r, uint64_t off, uint64_t n, acq_err *err)
{
    return acq_fmap_check(&r->map, off, n, err) == ACQ_OK ? r->map.data + off : NULL;
}

int acq_run_reader_next(acq_run_reader *r, acq_err *err)
{
    if (r->next == r->map.body_end) {
        r->done = 1;
        return ACQ_OK;
    }
    uint64_t at = r->next;
    const uint8_t *head = checked(r, at, RECORD_HEAD, err);
    if (head == NULL)
        return err->code;
    r->field = head[0];
    r->len = (uint16_t)(head[1] | head[2] << 8);
    at += RECORD_HEAD;
    const uint8_t *key = checked(r, at, (uint64_t)r->len + STREAM_HEAD, err);
    if (key == NULL)
        return err->code;
    r->key = (const char *)key;
    r->post_len = acq_load_u32(key + r->len);
    r->pos_len = acq_load_u32(key + r->len + 4);
    at += (uint64_t)r->len + STREAM_HEAD;
    if ((r->post = checked(r, at, (uint64_t)r->post_len + r->pos_len, err)) == NULL)
        return err->code;
    r->pos = r->post + r->post_len;
    r->next = at + r->post_len + r->pos_len;
    return ACQ_OK;
}

void acq_run_reader_close(acq_run_reader *r) { acq_fmap_close(&r->map); }
