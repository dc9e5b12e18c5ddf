/* file.c: checksummed index files: buffered writer and mmap reader (see
 * file.h for the layout and why checksums are per chunk). */
#include "index/file.h"
#include "common/alloc.h"
#include "common/checksum.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK ((uint64_t)1 << ACQ_CHUNK_SHIFT)

static const uint8_t MAGIC[4] = {'A', 'C', 'Q', 1};
static const uint8_t TAIL[4] = {1, 'Q', 'C', 'A'};

static int push_crc(acq_fwriter *w)
{
    if (acq_grow((void **)&w->crcs, &w->crcs_cap, w->ncrcs + 1, sizeof(uint32_t)) != 0)
        return -1;
    w->crcs[w->ncrcs++] = w->chunk_crc;
    w->chunk_crc = 0;
    return 0;
}

static int flush_buf(acq_fwriter *w, acq_err *err)
{
    if (w->buf.len && acq_io_write_all(w->fd, w->buf.data, w->buf.len) != 0)
        return acq_err_errno(err, "cannot write %s", w->path);
    w->buf.len = 0;
    return ACQ_OK;
}

/* Appends bytes, keeping per-chunk CRCs. */
static int raw_write(acq_fwriter *w, const uint8_t *p, size_t n, acq_err *err)
{
    if (w->in_memory) {
        acq_buf_put(&w->buf, p, n);
        if (w->buf.failed)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory writing a segment");
        w->offset += n;
        return ACQ_OK;
    }
    while (n > 0) {
        uint64_t room = CHUNK - (w->offset & (CHUNK - 1));
        size_t take = n < room ? n : (size_t)room;
        w->chunk_crc = acq_crc32(w->chunk_crc, p, take);
        acq_buf_put(&w->buf, p, take);
        if (w->buf.failed)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory writing %s", w->path);
        w->offset += take;
        p += take;
        n -= take;
        if ((w->offset & (CHUNK - 1)) == 0 && push_crc(w) != 0)
            return acq_err_set(err, ACQ_ENOMEM, "out of memory writing %s", w->path);
        if (w->buf.len >= (1u << 20) && flush_buf(w, err) != ACQ_OK)
            return err->code;
    }
    return ACQ_OK;
}

int acq_fwriter_open(acq_fwriter *w, const char *path, const char kind[4], acq_err *err)
{
    return acq_fwriter_open_version(w, path, kind, ACQ_FILE_VERSION, err);
}

int acq_fwriter_open_version(acq_fwriter *w, const char *path, const char kind[4], uint8_t version,
                             acq_err *err)
{
    memset(w, 0, sizeof *w);
    w->path = acq_strdup(path);
    if (w->path == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    w->fd = acq_io_create(path);
    if (w->fd < 0) {
        int rc = acq_err_errno(err, "cannot create %s", path);
        acq_free(w->path);
        memset(w, 0, sizeof *w);
        return rc;
    }
    w->chunk_crc = 0;
    uint8_t h[ACQ_FILE_HEADER];
    memcpy(h, MAGIC, 4);
    memcpy(h + 4, kind, 4);
    h[8] = version; h[9] = h[10] = h[11] = 0;
    int rc = raw_write(w, h, sizeof h, err);
    if (rc != ACQ_OK) /* callers take a failed open as "nothing to close" */
        acq_fwriter_abort(w);
    return rc;
}

int acq_fwriter_write(acq_fwriter *w, const void *p, size_t n, acq_err *err)
{
    return raw_write(w, p, n, err);
}


int acq_fwriter_finish(acq_fwriter *w, acq_err *err)
{
    int rc = ACQ_OK;
    uint64_t body_end = w->offset;
    if ((w->offset & (CHUNK - 1)) != 0 && push_crc(w) != 0)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory writing %s", w->path);
    uint32_t crcs_crc = 0;
    for (size_t i = 0; rc == ACQ_OK && i < w->ncrcs; i++) {
        uint8_t b[4];
        acq_store_u32(b, w->crcs[i]);
        crcs_crc = acq_crc32(crcs_crc, b, 4);
        acq_buf_put(&w->buf, b, 4);
    }
    uint8_t f[ACQ_FILE_FOOTER];
    acq_store_u32(f, (uint32_t)body_end);
    acq_store_u32(f + 4, (uint32_t)(body_end >> 32));
    acq_store_u32(f + 8, (uint32_t)w->ncrcs);
    acq_store_u32(f + 12, crcs_crc);
    acq_store_u32(f + 16, acq_crc32(0, f, 16));
    memcpy(f + 20, TAIL, 4);
    acq_buf_put(&w->buf, f, sizeof f);
    if (rc == ACQ_OK && w->buf.failed)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory writing %s", w->path);
    if (rc == ACQ_OK)
        rc = flush_buf(w, err);
    if (rc == ACQ_OK && !w->scratch && acq_io_fsync(w->fd) != 0)
        rc = acq_err_errno(err, "cannot write %s", w->path);
    if (acq_io_close(w->fd) != 0 && rc == ACQ_OK)
        rc = acq_err_errno(err, "cannot write %s", w->path);
    if (rc != ACQ_OK)
        acq_io_unlink(w->path);
    acq_free(w->crcs);
    acq_buf_free(&w->buf);
    acq_free(w->path);
    memset(w, 0, sizeof *w);
    return rc;
}

void acq_fwriter_abort(acq_fwriter *w)
{
    if (w->path) {
        acq_io_close(w->fd);
        acq_io_unlink(w->path);
    }
    acq_free(w->crcs);
    acq_buf_free(&w->buf);
    acq_free(w->path);
    memset(w, 0, sizeof *w);
}

void acq_fwriter_open_memory(acq_fwriter *w)
{
    memset(w, 0, sizeof *w);
    w->fd = -1;
    w->in_memory = 1;
}

void acq_fwriter_rewind(acq_fwriter *w)
{
    acq_buf_reset(&w->buf);
    w->offset = 0;
}

static int damaged(acq_err *err, const char *path, const char *why)
{
    return acq_err_set(err, ACQ_ECORRUPT,
                       "%s is damaged (%s): restore it from a backup or rebuild the index with `acquis index`",
                       path, why);
}

int acq_fmap_open(acq_fmap *m, const char *path, const char kind[4], acq_err *err)
{
    memset(m, 0, sizeof *m);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? acq_err_set(err, ACQ_ECORRUPT, "%s is missing: the index is incomplete; rebuild it with `acquis index`", path)
                               : acq_err_errno(err, "cannot open %s", path);
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return acq_err_errno(err, "cannot stat %s", path);
    }
    size_t size = (size_t)st.st_size;
    if (size < ACQ_FILE_HEADER + ACQ_FILE_FOOTER) {
        close(fd);
        return damaged(err, path, "too short");
    }
    void *p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return acq_err_errno(err, "cannot map %s", path);
    m->data = p;
    m->size = size;
    m->path = acq_strdup(path);
    const uint8_t *d = m->data;
    const uint8_t *f = d + size - ACQ_FILE_FOOTER;
    int rc = ACQ_OK;
    if (m->path == NULL)
        rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    else if (memcmp(d, MAGIC, 4) != 0 || memcmp(f + 20, TAIL, 4) != 0)
        rc = damaged(err, path, "not an acquis index file, or truncated");
    else if (memcmp(d + 4, kind, 4) != 0)
        rc = damaged(err, path, "wrong file kind");
    else if (d[8] < ACQ_FILE_VERSION || d[8] > ACQ_FILE_VERSION_MAX)
        rc = acq_err_set(err, ACQ_EVERSION, "%s was written by another version of acquis (format %u, this one reads %u to %u): rebuild the index",
                         path, d[8], ACQ_FILE_VERSION, ACQ_FILE_VERSION_MAX);
    else if (acq_load_u32(f + 16) != acq_crc32(0, f, 16))
        rc = damaged(err, path, "footer checksum mismatch");
    if (rc == ACQ_OK) {
        m->version = d[8];
        m->body_end = acq_load_u64(f);
        m->nchunks = acq_load_u32(f + 8);
        uint64_t want_chunks = (m->body_end + CHUNK - 1) >> ACQ_CHUNK_SHIFT;
        if (m->body_end < ACQ_FILE_HEADER || m->nchunks != want_chunks ||
            m->body_end + (uint64_t)m->nchunks * 4 + ACQ_FILE_FOOTER != size)
            rc = damaged(err, path, "inconsistent length");
    }
    if (rc == ACQ_OK) {
        m->crcs = d + m->body_end;
        if (acq_crc32(0, m->crcs, m->nchunks * 4u) != acq_load_u32(f + 12))
            rc = damaged(err, path, "checksum table mismatch");
    }
    if (rc == ACQ_OK) {
        m->verified = acq_calloc(m->nchunks + 1, 1);
        if (m->verified == NULL)
            rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    if (rc != ACQ_OK)
        acq_fmap_close(m);
    return rc;
}

void acq_fmap_close(acq_fmap *m)
{
    if (m->data)
        munmap((void *)m->data, m->size);
    acq_free((void *)m->verified);
    acq_free(m->path);
    memset(m, 0, sizeof *m);
}

int acq_fmap_check(acq_fmap *m, uint64_t off, uint64_t len, acq_err *err)
{
    if (off < ACQ_FILE_HEADER || off > m->body_end || len > m->body_end - off)
        return damaged(err, m->path, "a reference points outside the file");
    if (len == 0)
        return ACQ_OK;
    uint64_t first = off >> ACQ_CHUNK_SHIFT, last = (off + len - 1) >> ACQ_CHUNK_SHIFT;
    for (uint64_t c = first; c <= last; c++) {
        uint8_t state = atomic_load_explicit(&m->verified[c], memory_order_acquire);
        if (state == 1)
            continue;
        if (state == 0) {
            uint64_t start = c << ACQ_CHUNK_SHIFT;
            uint64_t end = start + CHUNK < m->body_end ? start + CHUNK : m->body_end;
            uint32_t crc = acq_crc32(0, m->data + start, (size_t)(end - start));
            state = crc == acq_load_u32(m->crcs + 4 * c) ? 1 : 2;
            atomic_store_explicit(&m->verified[c], state, memory_order_release);
        }
        if (state == 2) {
            char why[80];
            snprintf(why, sizeof why, "checksum mismatch in bytes %llu..%llu",
                     (unsigned long long)(c << ACQ_CHUNK_SHIFT),
                     (unsigned long long)((c + 1) << ACQ_CHUNK_SHIFT) - 1);
            return damaged(err, m->path, why);
        }
    }
    return ACQ_OK;
}

void acq_fmap_release(acq_fmap *m)
{
    if (m->data)
        madvise((void *)m->data, m->size, MADV_DONTNEED);
}

int acq_fmap_check_all(acq_fmap *m, acq_err *err)
{
    return acq_fmap_check(m, ACQ_FILE_HEADER, m->body_end - ACQ_FILE_HEADER, err);
}

int acq_fsync_dir(const char *dir, acq_err *err)
{
    if (acq_io_fsync_dir(dir) != 0)
        return acq_err_errno(err, "cannot sync directory %s", dir);
    return ACQ_OK;
}
