/* gunzip.c: gzip or plain files through ISA-L's streaming inflate (see
 * gunzip.h). */
#include "ingest/gunzip.h"

#include "common/alloc.h"

#include <errno.h>
#include <isa-l/igzip_lib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define INPUT ((size_t)256 << 10)

enum { UNDECIDED, PLAIN, GZIP };

struct ingest_gunzip {
    int fd;
    uint8_t *in;
    size_t in_len, in_at;        /* bytes in `in`, bytes of them consumed */
    int eof;                     /* read() said the end */
    int mode;
    int member_done;             /* the last member ended, no next begun */
    const char *error;           /* sticky once set */
    int64_t consumed;
    struct inflate_state *st;
    char errbuf[160];
};

ingest_gunzip *ingest_gunzip_open(int fd)
{
    ingest_gunzip *g = acq_calloc(1, sizeof *g);
    if (g == NULL || (g->in = acq_malloc(INPUT)) == NULL || (g->st = acq_malloc(sizeof *g->st)) == NULL) {
        if (g)
            acq_free(g->in);
        acq_free(g);
        close(fd);
        return NULL;
    }
    g->fd = fd;
    return g;
}

void ingest_gunzip_close(ingest_gunzip *g)
{
    if (g == NULL)
        return;
    close(g->fd);
    acq_free(g->in);
    acq_free(g->st);
    acq_free(g);
}

int64_t ingest_gunzip_offset(const ingest_gunzip *g) { return g->consumed; }

/* Moves the unconsumed bytes to the front and reads more after them, until
 * at least `need` are there or the file ends: 0, or -1 on a read error. */
static int fill(ingest_gunzip *g, size_t need)
{
    if (g->in_at > 0) {
        memmove(g->in, g->in + g->in_at, g->in_len - g->in_at);
        g->in_len -= g->in_at;
        g->in_at = 0;
    }
    while (!g->eof && g->in_len < need) {
        ssize_t n = read(g->fd, g->in + g->in_len, INPUT - g->in_len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(g->errbuf, sizeof g->errbuf, "%s", strerror(errno));
            g->error = g->errbuf;
            return -1;
        }
        if (n == 0)
            g->eof = 1;
        g->in_len += (size_t)n;
    }
    return 0;
}

static size_t avail(const ingest_gunzip *g) { return g->in_len - g->in_at; }

static int at_magic(const ingest_gunzip *g)
{
    return avail(g) >= 2 && g->in[g->in_at] == 0x1f && g->in[g->in_at + 1] == 0x8b;
}

static void start_member(ingest_gunzip *g)
{
    isal_inflate_init(g->st);
    g->st->crc_flag = ISAL_GZIP;
    g->member_done = 0;
}

static size_t fail(ingest_gunzip *g, const char *why, const char **out)
{
    g->error = why;
    *out = why;
    return 0;
}

size_t ingest_gunzip_read(ingest_gunzip *g, char *dst, size_t want, const char **why)
{
    *why = NULL;
    if (g->error) {
        *why = g->error;
        return 0;
    }
    if (want > ((size_t)1 << 30))
        want = (size_t)1 << 30;
    if (g->mode == UNDECIDED) {
        if (fill(g, 2) != 0)
            return fail(g, g->error, why);
        g->mode = at_magic(g) ? GZIP : PLAIN;
        if (g->mode == GZIP)
            start_member(g);
    }
    if (g->mode == PLAIN) {
        if (avail(g) == 0 && fill(g, 1) != 0)
            return fail(g, g->error, why);
        size_t n = avail(g) < want ? avail(g) : want;
        memcpy(dst, g->in + g->in_at, n);
        g->in_at += n;
        g->consumed += (int64_t)n;
        return n;
    }
    for (;;) {
        if (g->member_done) {
            /* Another member, or the end (trailing bytes that are not a
             * member are ignored, as gzread does). */
            if (avail(g) < 2 && fill(g, 2) != 0)
                return fail(g, g->error, why);
            if (!at_magic(g))
                return 0;
            start_member(g);
        }
        if (avail(g) == 0 && fill(g, 1) != 0)
            return fail(g, g->error, why);
        struct inflate_state *st = g->st;
        st->next_in = g->in + g->in_at;
        st->avail_in = (uint32_t)avail(g);
        st->next_out = (uint8_t *)dst;
        st->avail_out = (uint32_t)want;
        int rc = isal_inflate(st);
        size_t taken = avail(g) - st->avail_in, made = want - st->avail_out;
        g->in_at += taken;
        g->consumed += (int64_t)taken;
        if (rc == ISAL_INCORRECT_CHECKSUM)
            return fail(g, "the compressed data is damaged (its checksum does not match)", why);
        if (rc < 0 || rc == ISAL_NEED_DICT)
            return fail(g, "the compressed data is damaged (not a valid .gz file?)", why);
        if (st->block_state == ISAL_BLOCK_FINISH)
            g->member_done = 1;
        if (made > 0)
            return made;
        if (g->member_done)
            continue;
        /* Nothing came out: the member needs more input than is left. */
        if (taken == 0 && !g->eof && avail(g) < INPUT) {
            if (fill(g, avail(g) + 1) != 0)
                return fail(g, g->error, why);
            continue;
        }
        if (avail(g) == 0 && g->eof)
            return fail(g, "the compressed data ends too early (truncated .gz file?)", why);
        if (taken == 0 && (g->eof || g->in_len - g->in_at == INPUT))
            return fail(g, "the compressed data is damaged (not a valid .gz file?)", why);
    }
}
