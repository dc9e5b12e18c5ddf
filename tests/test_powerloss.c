/* test_powerloss.c: a power cut at every point of a writing workload, the
 * way SQLite's crash tests simulate them.
 *
 * A recording layer (installed with acq_io_set) passes every write-side file
 * operation of the index through to a real directory and logs it, with the
 * bytes written. The workload (the first writer creating the index
 * directory, commits with adds, deletes, replaces and a deletion by query,
 * writers closed and reopened, a merge, merges of the merge policy, a
 * rebuild) yields about six hundred operations.
 * Then, for every point k of the log and every crash model, the test builds
 * in a fresh directory what a power cut just before operation k would leave
 * on disk, and checks it:
 *
 *  - acq_index_open succeeds (or says there is no index, if no commit had
 *    returned yet and none reached the disk), and the index holds exactly
 *    the documents of the last commit whose acq_writer_commit/merge had
 *    returned, or, if the new MANIFEST of the call in flight was already on
 *    disk, exactly those of that call: nothing in between, nothing else;
 *  - every stored field is the one added, every checksum holds
 *    (acq_index_verify), and searches find each document by its own word;
 *  - a new writer opens it (removing what the cut left behind), adds,
 *    commits, and a reader sees exactly the result, with no orphan file left.
 *
 * Crash models, each a pair (data, names):
 *  data  lost     writes since a file's last fsync are gone
 *        kept     they all reached the disk
 *        half     they reached it, except the last one, half written (a cut
 *                 during that write(2): "before point k+1" is "during k")
 *        garbage  the same, the last one's bytes replaced by noise
 *  names now      creates, renames and unlinks are durable when they return
 *        dirsync  they are durable only after the directory is fsynced
 *                 (POSIX; those since the last fsync of the directory are lost;
 *                 the index directory's own name needs an fsync of its parent)
 *        reorder  since that fsync, renames and unlinks reached the disk but
 *                 creations did not (a file system that does not order
 *                 directory updates; POSIX allows it)
 *        unlinks  since that fsync, only the unlinks reached the disk
 * Renames are atomic in every model. Many (point, model) pairs give the same
 * disk image; each distinct image is checked once and the pairs that share it
 * only check which commit they may show.
 *
 * The number of points x models simulated is printed (the figure the
 * project quotes). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acquis.h"
#include "index/io.h"
#include "index/manifest.h"
#include "snapshot.h"
#include "support.h"

#define MAXDOCS 40
#define PROBE (MAXDOCS - 1)   /* the document the post-crash writer adds */
#define MAXCALLS 16
#define MAXFILES 512
#define MAXFDS 4096

/* ---- the recording layer ------------------------------------------------ */

/* OP_MKDIR creates the index directory; OP_PDIRSYNC fsyncs the directory
 * that holds it. */
enum { OP_CREATE, OP_TRUNC, OP_WRITE, OP_FSYNC, OP_CLOSE, OP_RENAME, OP_UNLINK, OP_DIRSYNC, OP_MKDIR, OP_PDIRSYNC };
static const char *const OP_NAME[] = {"create", "truncate", "write",     "fsync", "close",
                                      "rename", "unlink",   "fsync dir", "mkdir", "fsync parent dir"};

typedef struct op {
    int kind;
    int ino;                /* the file it acts on (renames and unlinks too) */
    char name[64], to[64];
    uint64_t off;
    uint8_t *data;
    size_t len;
} op;

typedef struct nent {
    char name[64];
    int ino;
} nent;

static struct {
    char dir[4096], parent[4096];
    size_t dirlen;
    op *ops;
    size_t n, cap;
    nent names[MAXFILES];   /* the directory as the recorder sees it */
    size_t nnames;
    int fd_ino[MAXFDS];
    uint64_t fd_off[MAXFDS];
    int ninodes;
    int manifest_call[MAXFILES * 8]; /* per file: the call that renamed it to MANIFEST */
    char ino_name[MAXFILES * 8][64]; /* per file: the name it was created with */
    int call;               /* the workload call in flight, -1 between calls */
    char error[512];        /* something the recorder did not expect */
} R;

static void rec_error(const char *what, const char *path)
{
    if (R.error[0] == '\0')
        snprintf(R.error, sizeof R.error, "recording layer: %s: %s", what, path);
}

static const char *base_of(const char *path)
{
    if (strncmp(path, R.dir, R.dirlen) == 0 && path[R.dirlen] == '/' && strchr(path + R.dirlen + 1, '/') == NULL &&
        strlen(path + R.dirlen + 1) < 64)
        return path + R.dirlen + 1;
    rec_error("a file outside the index directory", path);
    return NULL;
}

static op *push(int kind, int ino)
{
    if (R.n == R.cap) {
        R.cap = R.cap ? 2 * R.cap : 1024;
        R.ops = realloc(R.ops, R.cap * sizeof *R.ops);
        cr_assert_not_null(R.ops);
    }
    op *o = &R.ops[R.n++];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->ino = ino;
    return o;
}

static nent *rec_find(const char *name)
{
    for (size_t i = 0; i < R.nnames; i++)
        if (strcmp(R.names[i].name, name) == 0)
            return &R.names[i];
    return NULL;
}

static void rec_drop(const char *name)
{
    nent *e = rec_find(name);
    if (e)
        *e = R.names[--R.nnames];
}

static int rec_create(const char *path)
{
    int fd = acq_io_posix()->create(path);
    const char *name = base_of(path);
    if (fd < 0 || name == NULL)
        return fd;
    if (fd >= MAXFDS) {
        rec_error("descriptor too large", path);
        return fd;
    }
    nent *e = rec_find(name);
    if (e) {
        push(OP_TRUNC, e->ino);
    } else if (R.nnames < MAXFILES && R.ninodes < MAXFILES * 8) {
        e = &R.names[R.nnames++];
        snprintf(e->name, sizeof e->name, "%s", name);
        e->ino = R.ninodes++;
        R.manifest_call[e->ino] = -1;
        snprintf(R.ino_name[e->ino], sizeof R.ino_name[e->ino], "%s", name);
        snprintf(push(OP_CREATE, e->ino)->name, 64, "%s", name);
    } else {
        rec_error("too many files", path);
        return fd;
    }
    R.fd_ino[fd] = e->ino;
    R.fd_off[fd] = 0;
    return fd;
}

static ssize_t rec_write(int fd, const void *p, size_t n)
{
    ssize_t k = acq_io_posix()->write(fd, p, n);
    if (k > 0 && fd < MAXFDS) {
        op *o = push(OP_WRITE, R.fd_ino[fd]);
        o->off = R.fd_off[fd];
        o->len = (size_t)k;
        o->data = malloc((size_t)k);
        cr_assert_not_null(o->data);
        memcpy(o->data, p, (size_t)k);
        R.fd_off[fd] += (uint64_t)k;
    }
    return k;
}

static int rec_fsync(int fd)
{
    int rc = acq_io_posix()->fsync(fd);
    if (rc == 0 && fd < MAXFDS)
        push(OP_FSYNC, R.fd_ino[fd]);
    return rc;
}

static int rec_close(int fd)
{
    if (fd >= 0 && fd < MAXFDS)
        push(OP_CLOSE, R.fd_ino[fd]);
    return acq_io_posix()->close(fd);
}

static int rec_rename(const char *from, const char *to)
{
    int rc = acq_io_posix()->rename(from, to);
    const char *a = base_of(from), *b = base_of(to);
    if (rc != 0 || a == NULL || b == NULL)
        return rc;
    nent *e = rec_find(a);
    if (e == NULL) {
        rec_error("rename of a file it did not see created", from);
        return rc;
    }
    int ino = e->ino;
    op *o = push(OP_RENAME, ino);
    snprintf(o->name, 64, "%s", a);
    snprintf(o->to, 64, "%s", b);
    rec_drop(b);
    e = rec_find(a);
    snprintf(e->name, sizeof e->name, "%s", b);
    if (strcmp(b, "MANIFEST") == 0)
        R.manifest_call[ino] = R.call;
    return rc;
}

static int rec_unlink(const char *path)
{
    int rc = acq_io_posix()->unlink(path);
    const char *name = base_of(path);
    if (rc != 0 || name == NULL)
        return rc;
    nent *e = rec_find(name);
    if (e == NULL) {
        rec_error("unlink of a file it did not see created", path);
        return rc;
    }
    snprintf(push(OP_UNLINK, e->ino)->name, 64, "%s", name);
    rec_drop(name);
    return rc;
}

static int rec_fsync_dir(const char *dir)
{
    int rc = acq_io_posix()->fsync_dir(dir);
    if (rc == 0) {
        if (strcmp(dir, R.dir) == 0)
            push(OP_DIRSYNC, -1);
        else if (strcmp(dir, R.parent) == 0)
            push(OP_PDIRSYNC, -1);
        else
            rec_error("fsync of another directory", dir);
    }
    return rc;
}

static int rec_mkdir(const char *path)
{
    int rc = acq_io_posix()->mkdir(path);
    if (rc == 0) {
        if (strcmp(path, R.dir) == 0)
            push(OP_MKDIR, -1);
        else
            rec_error("mkdir of another directory", path);
    }
    return rc;
}

static const acq_io_ops RECORDER = {rec_create, rec_write,     rec_fsync, rec_close,
                                    rec_rename, rec_unlink, rec_fsync_dir, rec_mkdir};

/* ---- the workload --------------------------------------------------------- */

typedef struct call {
    const char *what;
    size_t begin, end;      /* its operations are [begin, end) */
    int state[MAXDOCS];     /* versions of the documents once it returned */
} call;

static call calls[MAXCALLS];
static int ncalls;
static int pending[MAXDOCS];  /* the model as the writer's next commit makes it */
static int versions[MAXDOCS]; /* versions handed out so far */

static void wl_add(acq_writer *w, int n)
{
    pending[n] = ++versions[n];
    cr_assert_eq(test_gen_add(w, n, pending[n]), ACQ_OK, "add d%03d: %s", n, acq_writer_errmsg(w));
}

/* Adds document n again: it replaces the one in the index (or added
 * earlier through this writer) at the next commit. The workload runs with
 * and without them: without, its deletions are all explicit, and its
 * segments and merges fall differently. */
static int with_replaces;

static void wl_replace(acq_writer *w, int n)
{
    if (with_replaces)
        wl_add(w, n);
}

static void wl_delete(acq_writer *w, int n)
{
    char id[16];
    snprintf(id, sizeof id, "d%03d", n);
    pending[n] = 0;
    cr_assert_eq(acq_writer_delete(w, id), ACQ_OK, "delete %s: %s", id, acq_writer_errmsg(w));
}

static void wl_call(acq_writer *w, const char *what, int merge)
{
    cr_assert_lt(ncalls, MAXCALLS);
    call *c = &calls[ncalls];
    c->what = what;
    c->begin = R.n;
    R.call = ncalls;
    int rc = merge ? acq_writer_merge(w) : acq_writer_commit(w);
    cr_assert_eq(rc, ACQ_OK, "%s: %s", what, acq_writer_errmsg(w));
    R.call = -1;
    c->end = R.n;
    memcpy(c->state, pending, sizeof pending);
    ncalls++;
}

/* Deletes, through a query of filters, the documents of type DEC dated
 * 2005 or earlier, among those the next commit would hold. */
static void wl_delete_old_decisions(acq_writer *w)
{
    int hit = 0;
    for (int n = 0; n < MAXDOCS; n++) {
        test_gen g;
        if (pending[n] == 0)
            continue;
        test_gen_doc(n, pending[n], &g);
        if (strcmp(g.type, "DEC") == 0 && atoi(g.date) <= 2005) {
            pending[n] = 0;
            hit++;
        }
    }
    cr_assert_gt(hit, 0, "the workload's deletion by query should delete something");
    cr_assert_eq(acq_writer_delete_query(w, "type:DEC date:..2005"), ACQ_OK, "%s", acq_writer_errmsg(w));
}

static acq_writer *wl_open(const char *dir, int replace, size_t budget)
{
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.replace = replace; /* a rebuild: the first commit drops what was there */
    o.merge_factor = 3;  /* the merge policy runs within the workload */
    o.memory_budget = budget;
    acq_writer *w = NULL;
    char msg[512];
    cr_assert_eq(acq_writer_open(&w, dir, &o, msg, sizeof msg), ACQ_OK, "%s", msg);
    return w;
}

static void run_workload(const char *dir)
{
    acq_writer *w = wl_open(dir, 0, 0);
    for (int n = 0; n < 8; n++)
        wl_add(w, n);
    wl_call(w, "commit 1 (8 adds)", 0);

    for (int n = 8; n < 12; n++)
        wl_add(w, n);
    wl_replace(w, 2);    /* replaces the committed d002 */
    wl_delete(w, 5);
    wl_call(w, "commit 2 (adds, a replace, a delete)", 0);
    acq_writer_close(w);

    /* With replaces, a small budget: this batch is flushed segment by
     * segment before its commit, and its replaces reach across flushes. */
    w = wl_open(dir, 0, with_replaces ? 64 << 10 : 0);
    for (int n = 12; n < 16; n++)
        wl_add(w, n);
    wl_replace(w, 8);
    wl_delete(w, 0);
    wl_replace(w, 3);
    wl_replace(w, 3);    /* twice in one commit: the last one wins */
    wl_replace(w, 13);   /* replaces a document added by this writer */
    wl_call(w, "commit 3 (after reopening the writer)", 0);

    wl_call(w, "merge", 1);

    for (int n = 16; n < 19; n++)
        wl_add(w, n);
    wl_delete(w, 12);
    wl_replace(w, 1);
    wl_delete(w, 17); /* deletes a document added by this writer */
    wl_call(w, "commit 5", 0);

    wl_delete(w, 16);
    wl_add(w, 5);    /* back after its deletion, a new version */
    wl_call(w, "commit 6 (a delete and a re-add)", 0);
    acq_writer_close(w);

    /* Small appends, so that the merge policy (merge_factor 3) merges. */
    w = wl_open(dir, 0, 0);
    for (int i = 0; i < 4; i++) {
        static const char *const what[] = {"append 1", "append 2", "append 3", "append 4"};
        wl_add(w, 20 + 2 * i);
        wl_add(w, 21 + 2 * i);
        wl_replace(w, 4 + i);
        wl_call(w, what[i], 0);
    }
    wl_add(w, 28);
    wl_delete_old_decisions(w);
    wl_add(w, 29); /* after the deletion by query: kept whatever it is */
    wl_call(w, "commit 11 (a deletion by query)", 0);
    acq_writer_close(w);

    /* A rebuild: its first commit replaces everything. */
    w = wl_open(dir, 1, 0);
    memset(pending, 0, sizeof pending);
    for (int n = 30; n < 34; n++)
        wl_add(w, n);
    wl_add(w, 21);
    wl_call(w, "rebuild (a writer with the replace option)", 0);
    acq_writer_close(w);
}

/* ---- replaying the log -------------------------------------------------- */

typedef struct bytes {
    uint8_t *p;
    size_t len, cap;
} bytes;

static void bytes_put(bytes *b, uint64_t off, const uint8_t *p, size_t n)
{
    if (n == 0)
        return;
    size_t end = (size_t)off + n;
    if (end > b->cap) {
        b->cap = end * 2 + 64;
        b->p = realloc(b->p, b->cap);
        cr_assert_not_null(b->p);
    }
    if (off > b->len)
        memset(b->p + b->len, 0, (size_t)off - b->len);
    memcpy(b->p + off, p, n);
    if (end > b->len)
        b->len = end;
}

static void bytes_copy(bytes *dst, const bytes *src)
{
    dst->len = 0;
    if (src->len)
        bytes_put(dst, 0, src->p, src->len);
}

typedef struct inode {
    bytes cur, dur;         /* as written; as of its last fsync */
    size_t *pend;           /* its writes and truncations since then */
    size_t npend, pend_cap;
    uint64_t cur_hash, dur_hash; /* of cur and dur, when *_hashed */
    int cur_hashed, dur_hashed;
} inode;

static struct {
    inode *ino;
    nent cur[MAXFILES], dur[MAXFILES]; /* the directory now; as of its last fsync */
    size_t ncur, ndur;
    size_t *pend;           /* name operations since that fsync */
    size_t npend, pend_cap;
    int root_cur, root_dur; /* the index directory exists; durably */
} S;

static void map_set(nent *m, size_t *n, const char *name, int ino)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(m[i].name, name) == 0) {
            m[i].ino = ino;
            return;
        }
    cr_assert_lt(*n, MAXFILES);
    snprintf(m[*n].name, sizeof m[*n].name, "%s", name);
    m[(*n)++].ino = ino;
}

static void map_drop(nent *m, size_t *n, const char *name, int ino)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(m[i].name, name) == 0 && (ino < 0 || m[i].ino == ino)) {
            m[i] = m[--*n];
            return;
        }
}

static void push_index(size_t **v, size_t *n, size_t *cap, size_t x)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        *v = realloc(*v, *cap * sizeof **v);
        cr_assert_not_null(*v);
    }
    (*v)[(*n)++] = x;
}

/* Applies operation i to the replay state. */
static void apply(size_t i)
{
    const op *o = &R.ops[i];
    inode *f = o->ino >= 0 ? &S.ino[o->ino] : NULL;
    switch (o->kind) {
    case OP_CREATE:
        map_set(S.cur, &S.ncur, o->name, o->ino);
        push_index(&S.pend, &S.npend, &S.pend_cap, i);
        break;
    case OP_TRUNC:
        f->cur.len = 0;
        f->cur_hashed = 0;
        push_index(&f->pend, &f->npend, &f->pend_cap, i);
        break;
    case OP_WRITE:
        bytes_put(&f->cur, o->off, o->data, o->len);
        f->cur_hashed = 0;
        push_index(&f->pend, &f->npend, &f->pend_cap, i);
        break;
    case OP_FSYNC:
        bytes_copy(&f->dur, &f->cur);
        f->dur_hashed = 0;
        f->npend = 0;
        break;
    case OP_CLOSE:
        break;
    case OP_RENAME:
        map_drop(S.cur, &S.ncur, o->name, o->ino);
        map_set(S.cur, &S.ncur, o->to, o->ino);
        push_index(&S.pend, &S.npend, &S.pend_cap, i);
        break;
    case OP_UNLINK:
        map_drop(S.cur, &S.ncur, o->name, o->ino);
        push_index(&S.pend, &S.npend, &S.pend_cap, i);
        break;
    case OP_DIRSYNC:
        memcpy(S.dur, S.cur, S.ncur * sizeof *S.cur);
        S.ndur = S.ncur;
        S.npend = 0;
        break;
    case OP_MKDIR:
        S.root_cur = 1;
        break;
    case OP_PDIRSYNC:
        S.root_dur = S.root_cur;
        break;
    }
}

enum { D_LOST, D_KEPT, D_HALF, D_GARBAGE, ND };
enum { N_NOW, N_DIRSYNC, N_REORDER, N_UNLINKS, NN };
static const char *const D_NAME[] = {"unsynced writes lost", "unsynced writes kept", "last unsynced write half written",
                                     "last unsynced write garbage"};
static const char *const N_NAME[] = {"names durable at once", "names durable at directory fsync",
                                     "renames and unlinks durable, creations lost",
                                     "unlinks durable, creations and renames lost"};

/* A disk image: its files point into the replay state, or into torn[] for
 * a file whose content exists only under a torn model. */
typedef struct image {
    int root;               /* 0: the index directory itself is gone */
    nent names[MAXFILES];
    size_t n;
    const uint8_t *data[MAXFILES];
    size_t len[MAXFILES];
    uint64_t hash[MAXFILES];
    bytes torn[MAXFILES];
} image;

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static uint64_t hash_bytes(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return (h ^ n) * 1099511628211ull;
}

/* A torn file's content: its writes since the last fsync reached the
 * disk except the last one, half written (D_HALF) or noise (D_GARBAGE). */
static void torn_content(const inode *f, int d, uint64_t seed, bytes *out)
{
    size_t last = SIZE_MAX;
    for (size_t j = 0; j < f->npend; j++)
        if (R.ops[f->pend[j]].kind == OP_WRITE)
            last = j;
    bytes_copy(out, &f->dur);
    for (size_t j = 0; j < f->npend; j++) {
        const op *o = &R.ops[f->pend[j]];
        if (o->kind == OP_TRUNC) {
            out->len = 0;
        } else if (j != last) {
            bytes_put(out, o->off, o->data, o->len);
        } else if (d == D_HALF) {
            bytes_put(out, o->off, o->data, o->len / 2);
        } else {
            uint8_t *noise = malloc(o->len + 1);
            cr_assert_not_null(noise);
            for (size_t b = 0; b < o->len; b++)
                noise[b] = (uint8_t)xorshift(&seed);
            bytes_put(out, o->off, noise, o->len);
            free(noise);
        }
    }
}

static int cmp_nent(const void *a, const void *b) { return strcmp(((const nent *)a)->name, ((const nent *)b)->name); }

/* What a cut now leaves on disk under models (d, nm). */
static void build_image(image *im, int d, int nm, uint64_t seed)
{
    /* The directory's own name is a creation in its parent. */
    im->root = nm == N_NOW ? S.root_cur : S.root_dur;
    if (!im->root) {
        im->n = 0;
        return;
    }
    if (nm == N_NOW) {
        memcpy(im->names, S.cur, S.ncur * sizeof *S.cur);
        im->n = S.ncur;
    } else {
        memcpy(im->names, S.dur, S.ndur * sizeof *S.dur);
        im->n = S.ndur;
        for (size_t j = 0; (nm == N_REORDER || nm == N_UNLINKS) && j < S.npend; j++) {
            const op *o = &R.ops[S.pend[j]];
            if (o->kind == OP_RENAME && nm == N_REORDER) {
                map_drop(im->names, &im->n, o->name, o->ino);
                map_set(im->names, &im->n, o->to, o->ino);
            } else if (o->kind == OP_UNLINK) {
                map_drop(im->names, &im->n, o->name, o->ino);
            }
        }
    }
    qsort(im->names, im->n, sizeof *im->names, cmp_nent);
    /* Each file's content under data model d, and its hash (cached in the
     * replay state: most files are the same at most points). */
    for (size_t i = 0; i < im->n; i++) {
        inode *f = &S.ino[im->names[i].ino];
        if (d == D_LOST || f->npend == 0) {
            if (!f->dur_hashed)
                f->dur_hash = hash_bytes(f->dur.p, f->dur.len), f->dur_hashed = 1;
            im->data[i] = f->dur.p, im->len[i] = f->dur.len, im->hash[i] = f->dur_hash;
        } else if (d == D_KEPT) {
            if (!f->cur_hashed)
                f->cur_hash = hash_bytes(f->cur.p, f->cur.len), f->cur_hashed = 1;
            im->data[i] = f->cur.p, im->len[i] = f->cur.len, im->hash[i] = f->cur_hash;
        } else {
            torn_content(f, d, seed * 1000003u + (uint64_t)im->names[i].ino + 1, &im->torn[i]);
            im->data[i] = im->torn[i].p, im->len[i] = im->torn[i].len;
            im->hash[i] = hash_bytes(im->torn[i].p, im->torn[i].len);
        }
    }
}

static uint64_t image_hash(const image *im)
{
    uint64_t h = (1469598103934665603ull ^ (uint64_t)im->root) * 1099511628211ull;
    for (size_t i = 0; i < im->n; i++) {
        for (const char *c = im->names[i].name; *c; c++)
            h = (h ^ (uint8_t)*c) * 1099511628211ull;
        h = (h ^ 0xFF) * 1099511628211ull;
        h = (h ^ im->hash[i]) * 1099511628211ull;
    }
    return h;
}

/* ---- checking one disk image ------------------------------------------------ */

static void clear_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL && errno == ENOENT)
        return;
    cr_assert_not_null(d, "cannot list %s", dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[4400];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        cr_assert_eq(unlink(p), 0, "cannot remove %s: %s", p, strerror(errno));
    }
    closedir(d);
}

static void write_image(const char *dir, const image *im)
{
    clear_dir(dir);
    if (!im->root) {
        cr_assert(rmdir(dir) == 0 || errno == ENOENT, "cannot remove %s: %s", dir, strerror(errno));
        return;
    }
    cr_assert(mkdir(dir, 0777) == 0 || errno == EEXIST, "cannot create %s: %s", dir, strerror(errno));
    for (size_t i = 0; i < im->n; i++) {
        char p[4400];
        snprintf(p, sizeof p, "%s/%s", dir, im->names[i].name);
        FILE *f = fopen(p, "wb");
        cr_assert_not_null(f, "cannot create %s", p);
        if (im->len[i]) /* an empty file may have no buffer */
            cr_assert_eq(fwrite(im->data[i], 1, im->len[i], f), im->len[i]);
        cr_assert_eq(fclose(f), 0);
    }
}

/* Every segment file left in dir belongs to the commit in MANIFEST. */
static int no_orphans(const char *dir, char *why, size_t n)
{
    acq_manifest m;
    acq_err err = {0};
    if (acq_manifest_read(&m, dir, &err) != ACQ_OK) {
        snprintf(why, n, "cannot read the manifest: %s", err.msg);
        return -1;
    }
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, "MANIFEST.tmp") == 0)
            rc = -1;
        else if (strncmp(e->d_name, "seg-", 4) == 0) {
            rc = -1;
            for (size_t i = 0; i < m.nsegs && rc; i++) {
                size_t l = strlen(m.segs[i].name);
                if (strncmp(e->d_name, m.segs[i].name, l) != 0 || e->d_name[l] != '.')
                    continue;
                const char *ext = e->d_name + l + 1;
                char del[32];
                snprintf(del, sizeof del, "del-%u", m.segs[i].delgen);
                rc = strncmp(ext, "del-", 4) != 0 || strcmp(ext, del) == 0 ? 0 : -1;
            }
        }
        if (rc)
            snprintf(why, n, "after a writer's commit, %s is still in the index directory; the manifest does not name it",
                     e->d_name);
    }
    if (d)
        closedir(d);
    acq_manifest_free(&m);
    return rc;
}

/* What a reader of an image depends on: MANIFEST and the files it names.
 * Images that differ only in files the manifest does not name (what a cut
 * left behind) read the same; 0 when there is no readable manifest. */
static uint64_t live_key(const char *dir, const image *im, int expect)
{
    acq_manifest m;
    acq_err err = {0};
    if (acq_manifest_read(&m, dir, &err) != ACQ_OK)
        return 0;
    uint64_t h = (1469598103934665603ull ^ (uint64_t)(expect + 2)) * 1099511628211ull;
    for (size_t i = 0; i < im->n; i++) {
        const char *name = im->names[i].name;
        int live = strcmp(name, "MANIFEST") == 0;
        for (size_t k = 0; k < m.nsegs && !live; k++) {
            size_t l = strlen(m.segs[k].name);
            char del[32];
            snprintf(del, sizeof del, "del-%u", m.segs[k].delgen);
            live = strncmp(name, m.segs[k].name, l) == 0 && name[l] == '.' &&
                   (strncmp(name + l + 1, "del-", 4) != 0 || strcmp(name + l + 1, del) == 0);
        }
        if (!live)
            continue;
        for (const char *c = name; *c; c++)
            h = (h ^ (uint8_t)*c) * 1099511628211ull;
        h = (h ^ im->hash[i]) * 1099511628211ull;
    }
    acq_manifest_free(&m);
    return h ? h : 1;
}

#define MAXLIVE 4096
static uint64_t verified[MAXLIVE]; /* live keys whose reader check passed */
static size_t nverified;

/* The index in dir (image im) holds what call `expect` committed (-1: no
 * index yet); then a writer can take over. 0, or -1 with why. */
static int check_dir(const char *dir, const image *im, int expect, char *why, size_t n)
{
    int want[MAXDOCS] = {0};
    if (expect >= 0)
        memcpy(want, calls[expect].state, sizeof want);
    acq_index *ix = NULL;
    char msg[512] = "";
    int rc = acq_index_open(&ix, dir, msg, sizeof msg);
    if (expect < 0) {
        if (rc != ACQ_ENOTFOUND) {
            snprintf(why, n, "no commit had reached the disk, yet acq_index_open says %s (%s)", acq_strerror(rc), msg);
            acq_index_close(ix);
            return -1;
        }
    } else {
        if (rc != ACQ_OK) {
            snprintf(why, n, "acq_index_open: %s (%s)", acq_strerror(rc), msg);
            return -1;
        }
        uint64_t key = live_key(dir, im, expect);
        int known = 0;
        for (size_t i = 0; i < nverified && !known; i++)
            known = verified[i] == key;
        if (known) /* the same index read before: only the writer below differs */
            goto writer;
        if (key && nverified < MAXLIVE)
            verified[nverified++] = key;
        test_docs docs;
        if ((rc = acq_index_verify(ix, msg, sizeof msg)) != ACQ_OK)
            snprintf(why, n, "acq_index_verify: %s (%s)", acq_strerror(rc), msg);
        else if ((rc = test_docs_read(ix, 0, &docs, msg, sizeof msg)) != ACQ_OK)
            snprintf(why, n, "reading the stored documents: %s (%s)", acq_strerror(rc), msg);
        else {
            rc = test_docs_match(&docs, want, MAXDOCS, why, n) == 0 && test_search_match(ix, want, MAXDOCS, why, n) == 0
                 ? ACQ_OK : -1;
            test_docs_free(&docs);
        }
        acq_index_close(ix);
        ix = NULL;
        if (rc != ACQ_OK) {
            nverified -= key && nverified > 0 && verified[nverified - 1] == key;
            return -1;
        }
    }
writer:
    acq_index_close(ix);
    ix = NULL;
    /* A writer takes over: it removes what the cut left behind, and the
     * index goes on. */
    acq_writer *w = NULL;
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.memory_budget = 1 << 20; /* small caches: a thousand writers open here */
    if ((rc = acq_writer_open(&w, dir, &o, msg, sizeof msg)) != ACQ_OK) {
        snprintf(why, n, "acq_writer_open after the cut: %s (%s)", acq_strerror(rc), msg);
        return -1;
    }
    if ((rc = test_gen_add(w, PROBE, 1)) != ACQ_OK || (rc = acq_writer_commit(w)) != ACQ_OK) {
        snprintf(why, n, "a writer after the cut: %s (%s)", acq_strerror(rc), acq_writer_errmsg(w));
        acq_writer_close(w);
        return -1;
    }
    acq_writer_close(w);
    want[PROBE] = 1;
    if ((rc = acq_index_open(&ix, dir, msg, sizeof msg)) != ACQ_OK) {
        snprintf(why, n, "acq_index_open after a writer's commit: %s (%s)", acq_strerror(rc), msg);
        return -1;
    }
    test_docs docs;
    char inner[600] = "";
    if ((rc = test_docs_read(ix, 0, &docs, msg, sizeof msg)) != ACQ_OK)
        snprintf(inner, sizeof inner, "reading the stored documents: %s (%s)", acq_strerror(rc), msg);
    else {
        if (test_docs_match(&docs, want, MAXDOCS, inner, sizeof inner) == 0)
            test_search_one(ix, want, MAXDOCS, PROBE, inner, sizeof inner);
        test_docs_free(&docs);
    }
    acq_index_close(ix);
    if (inner[0]) {
        snprintf(why, n, "after a writer's commit: %s", inner);
        return -1;
    }
    return no_orphans(dir, why, n);
}

/* ---- the sweep --------------------------------------------------------------- */

typedef struct seen {
    uint64_t hash;
    int state;            /* the call whose commit it showed, -1 none */
    int used;
} seen;

#define SEEN_SLOTS (1u << 16)

/* The call whose MANIFEST the image holds (-1: none). */
static int manifest_of(const image *im)
{
    for (size_t i = 0; i < im->n; i++)
        if (strcmp(im->names[i].name, "MANIFEST") == 0)
            return R.manifest_call[im->names[i].ino];
    return -1;
}

static char *scratch_dir(void)
{
    struct stat st;
    /* Thousands of small indexes: on tmpfs when there is one (fsync on a
     * disk would take minutes); the point is what each image holds. */
    if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0) {
        char tmpl[] = "/dev/shm/acquis-powerloss-XXXXXX";
        if (mkdtemp(tmpl) != NULL)
            return strdup(tmpl);
    }
    return test_tmpdir();
}

static const char *describe(size_t k)
{
    static char s[200];
    if (k == R.n)
        return "after the last operation";
    const op *o = &R.ops[k];
    if (o->kind == OP_RENAME)
        snprintf(s, sizeof s, "before op %zu (rename %s to %s)", k, o->name, o->to);
    else if (o->kind == OP_DIRSYNC || o->kind == OP_MKDIR || o->kind == OP_PDIRSYNC)
        snprintf(s, sizeof s, "before op %zu (%s)", k, OP_NAME[o->kind]);
    else if (o->kind == OP_CREATE || o->kind == OP_UNLINK)
        snprintf(s, sizeof s, "before op %zu (%s %s)", k, OP_NAME[o->kind], o->name);
    else
        snprintf(s, sizeof s, "before op %zu (%s of the file created as %s, %zu bytes)", k, OP_NAME[o->kind],
                 R.ino_name[o->ino], o->len);
    return s;
}

static void sweep(int replaces)
{
    with_replaces = replaces;
    char *work = scratch_dir();
    char *check = scratch_dir();
    cr_assert(work && check);
    char dir[4096];
    cr_assert_lt(strlen(work), sizeof dir - 8);
    snprintf(dir, sizeof dir, "%s/index", work);
    memset(&R, 0, sizeof R);
    nverified = 0;
    R.call = -1;
    snprintf(R.dir, sizeof R.dir, "%s", dir);
    snprintf(R.parent, sizeof R.parent, "%s", work);
    R.dirlen = strlen(dir);

    acq_io_set(&RECORDER);
    run_workload(dir);
    acq_io_set(NULL);
    cr_assert_eq(R.error[0], '\0', "%s", R.error);
    cr_assert_gt(R.n, 150, "only %zu operations recorded", R.n);
    int kinds[16] = {0};
    for (size_t i = 0; i < R.n; i++)
        kinds[R.ops[i].kind]++;
    cr_assert(kinds[OP_RENAME] >= ncalls && kinds[OP_UNLINK] > 0 && kinds[OP_DIRSYNC] >= ncalls && kinds[OP_MKDIR] == 1,
              "the workload should create the directory, rename, unlink and fsync the directory");

    memset(&S, 0, sizeof S);
    S.ino = calloc((size_t)R.ninodes + 1, sizeof *S.ino);
    seen *table = calloc(SEEN_SLOTS, sizeof *table);
    image *im = calloc(1, sizeof *im);
    cr_assert(S.ino && table && im);
    size_t simulated = 0, distinct = 0;
    int last_returned = -1;
    for (size_t k = 0; k <= R.n; k++) {
        if (k > 0)
            apply(k - 1);
        while (last_returned + 1 < ncalls && calls[last_returned + 1].end <= k)
            last_returned++;
        for (int d = 0; d < ND; d++)
            for (int nm = 0; nm < NN; nm++) {
                simulated++;
                build_image(im, d, nm, k);
                int from = manifest_of(im);
                char where[600];
                snprintf(where, sizeof where, "power cut %s of %zu, models \"%s\" and \"%s\"", describe(k), R.n,
                         D_NAME[d], N_NAME[nm]);
                /* The commit it may show: the MANIFEST on disk came from
                 * `from`, which must not be older than the last call that
                 * returned. */
                cr_assert(from >= last_returned,
                          "%s: %s had returned, but the disk holds the MANIFEST of %s: a returned commit was lost",
                          where, calls[last_returned].what, from >= 0 ? calls[from].what : "no commit");
                uint64_t h = image_hash(im);
                seen *s = &table[h & (SEEN_SLOTS - 1)];
                while (s->used && s->hash != h)
                    s = &table[(size_t)(s - table + 1) & (SEEN_SLOTS - 1)];
                if (s->used) {
                    cr_assert_eq(s->state, from, "%s: the same image, another commit", where);
                    continue;
                }
                cr_assert_lt(distinct, SEEN_SLOTS / 2);
                s->used = 1;
                s->hash = h;
                s->state = from;
                distinct++;
                write_image(check, im);
                char why[1024] = "";
                int rc = check_dir(check, im, from, why, sizeof why);
                cr_assert_eq(rc, 0, "%s, expecting the documents of %s: %s", where,
                             from >= 0 ? calls[from].what : "no commit (no index)", why);
            }
    }
    fprintf(stderr, "power loss (%s): %zu crash points x %d models = %zu simulated power cuts (%zu distinct disk images "
            "checked, %zu distinct indexes read) over %zu recorded operations of %d commits and merges\n",
            replaces ? "with replaces" : "adds, deletes, merges", R.n + 1, ND * NN, simulated, distinct, nverified, R.n,
            ncalls);
    for (size_t i = 0; i < MAXFILES; i++) {
        free(im->torn[i].p);
    }
    for (int i = 0; i < R.ninodes; i++) {
        free(S.ino[i].cur.p);
        free(S.ino[i].dur.p);
        free(S.ino[i].pend);
    }
    free(S.ino);
    free(S.pend);
    for (size_t i = 0; i < R.n; i++)
        free(R.ops[i].data);
    free(R.ops);
    free(im);
    free(table);
    test_rmrf(work);
    test_rmrf(check);
    free(work);
    free(check);
}

Test(powerloss, adds_deletes_merges_survive_every_cut)
{
    sweep(0);
}

Test(powerloss, replaces_survive_every_cut)
{
    sweep(1);
}
