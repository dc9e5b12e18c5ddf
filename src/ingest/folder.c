/* folder.c: walks a directory tree and ingests the files in it.
 *
 * Entries are sorted so that the same tree always gives the same documents
 * in the same order, whatever order the file system lists them in. A
 * directory sorts as if its name ended in '/', which makes the relative paths
 * (the document ids) come out in plain strcmp order: "b.txt" < "b/x.txt".
 *
 * Symbolic links are followed (a corpus is often a tree of links), so a link
 * to an enclosing directory would loop forever; the chain of directories
 * being walked is kept and such a link is reported instead. Each directory is
 * closed before its subdirectories are walked, so depth does not cost file
 * descriptors. Only regular files are opened: a FIFO would block.
 *
 * A file of a kind acquis cannot read (a PDF, an image, a .json that is not
 * JSON Lines) is reported as skipped, so that a user who expected it in the
 * index learns why it is not. Two kinds of entries stay silent because they
 * are not the user's documents: hidden ones (".DS_Store", ".git/"), and the
 * files of an acquis index found in the tree, as when a folder is indexed
 * into an index inside it (`acquis index -o docs/index docs`).
 *
 * What a file is comes from its content for markup (an .xml may be Formex,
 * EUR-Lex XHTML or other XML; a page may be saved with no extension), and
 * two kinds of files are read with others rather than alone: a meta.json
 * with the EUR-Lex files beside it (sidecar.c), and the parts of a Formex
 * package with its manifest (package.c plans each directory first). */
#include "ingest/ingest_internal.h"

#include "common/alloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct entry {
    char *name;
    int stat_errno;     /* 0 when st is valid */
    struct stat st;
} entry;

typedef struct dir_chain {
    dev_t dev;
    ino_t ino;
    const struct dir_chain *up;
} dir_chain;

static int is_dir(const entry *e) { return e->stat_errno == 0 && S_ISDIR(e->st.st_mode); }

static int compare_entries(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    const unsigned char *p = (const unsigned char *)x->name, *q = (const unsigned char *)y->name;
    while (*p != '\0' && *p == *q) {
        p++;
        q++;
    }
    int cp = *p ? *p : is_dir(x) ? '/' : 0;
    int cq = *q ? *q : is_dir(y) ? '/' : 0;
    return cp - cq;
}

/* Appends "/name" to r->path; returns the length to truncate back to. */
static size_t path_push(ingest_run *r, const char *name)
{
    size_t old = r->path.len;
    if (old > 0 && r->path.data[old - 1] != '/')
        acq_buf_putc(&r->path, '/');
    acq_buf_puts(&r->path, name);
    acq_buf_cstr(&r->path);
    return old;
}

static void path_pop(ingest_run *r, size_t old)
{
    r->path.len = old;
    if (!r->path.failed)
        r->path.data[old] = '\0';
}

static void free_entries(entry *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        acq_free(v[i].name);
    acq_free(v);
}

/* Lists the directory in r->path (without hidden entries) and stats each. */
static int list_dir(ingest_run *r, DIR *d, entry **out, size_t *count)
{
    entry *v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (acq_grow((void **)&v, &cap, n + 1, sizeof *v) != 0 ||
            (v[n].name = acq_strdup(de->d_name)) == NULL) {
            free_entries(v, n);
            return ingest_nomem(r);
        }
        n++;
        errno = 0;
    }
    if (errno != 0) /* what was listed is still worth reading */
        ingest_problem(r, (const char *)r->path.data, 0, "cannot list the whole directory: %s", strerror(errno));
    for (size_t i = 0; i < n; i++) {
        size_t old = path_push(r, v[i].name);
        if (r->path.failed) {
            free_entries(v, n);
            return ingest_nomem(r);
        }
        v[i].stat_errno = stat((const char *)r->path.data, &v[i].st) == 0 ? 0 : errno;
        path_pop(r, old);
    }
    if (n > 1) /* an empty folder has v == NULL, which qsort may not be given */
        qsort(v, n, sizeof *v, compare_entries);
    *out = v;
    *count = n;
    return ACQ_OK;
}

/* The names an index directory gives its own files (index/manifest.c and
 * index/writer.c; the writer removes "seg-*" files no manifest names as its
 * own too). */
static int index_file_name(const char *name)
{
    return strcmp(name, "MANIFEST") == 0 || strcmp(name, "MANIFEST.tmp") == 0 ||
           strcmp(name, "write.lock") == 0 || strncmp(name, "seg-", 4) == 0;
}

/* 1 if the directory in r->path, listed in v, is an acquis index: it holds a
 * MANIFEST that starts as acquis writes one, or the write.lock of a writer
 * (an index being built has no MANIFEST until its first commit). A stray
 * MANIFEST of another program (Perl and Python source trees have one) does
 * not make a folder an index. */
static int holds_an_index(ingest_run *r, const entry *v, size_t n)
{
    static const char magic[] = "acquis-index ";
    int found = 0;
    for (size_t i = 0; i < n && !found; i++) {
        if (v[i].stat_errno != 0 || !S_ISREG(v[i].st.st_mode))
            continue;
        if (strcmp(v[i].name, "write.lock") == 0) {
            found = 1;
        } else if (strcmp(v[i].name, "MANIFEST") == 0) {
            size_t old = path_push(r, v[i].name);
            if (r->path.failed) {
                ingest_nomem(r);
                return 0;
            }
            FILE *f = fopen((const char *)r->path.data, "rb");
            char head[sizeof magic - 1];
            found = f != NULL && fread(head, 1, sizeof head, f) == sizeof head &&
                    memcmp(head, magic, sizeof head) == 0;
            if (f != NULL)
                fclose(f);
            path_pop(r, old);
        }
    }
    return found;
}

static int walk(ingest_run *r, size_t rel, const dir_chain *up)
{
    const char *dir = (const char *)r->path.data;
    DIR *d = opendir(dir);
    if (d == NULL) {
        if (up == NULL)
            return ingest_fail_errno(r, "cannot open the directory %s", dir);
        ingest_problem(r, dir, 0, "cannot open the directory: %s", strerror(errno));
        return r->rc;
    }
    struct stat self;
    if (fstat(dirfd(d), &self) != 0) {
        int e = errno;
        closedir(d);
        if (up == NULL)
            return ingest_fail(r, ACQ_EIO, "cannot read the directory %s: %s", dir, strerror(e));
        ingest_problem(r, dir, 0, "cannot read the directory: %s", strerror(e));
        return r->rc;
    }
    for (const dir_chain *c = up; c != NULL; c = c->up) {
        if (c->dev == self.st_dev && c->ino == self.st_ino) {
            closedir(d);
            ingest_problem(r, dir, 0, "a link back to a directory it is in; not walked again");
            return r->rc;
        }
    }
    dir_chain here = {self.st_dev, self.st_ino, up};

    entry *v = NULL;
    size_t n = 0;
    list_dir(r, d, &v, &n);
    closedir(d);
    if (r->rc != ACQ_OK)
        return r->rc;
    int index_dir = holds_an_index(r, v, n);
    dir_plan *plan = r->rc == ACQ_OK ? package_plan(r, (const char *)r->path.data) : NULL;
    if (r->rc != ACQ_OK) {
        free_entries(v, n);
        return r->rc;
    }

    for (size_t i = 0; i < n && r->rc == ACQ_OK; i++) {
        entry *e = &v[i];
        r->plan = plan; /* again after a subdirectory's walk */
        size_t old = path_push(r, e->name);
        if (r->path.failed) {
            ingest_nomem(r);
            break;
        }
        const char *path = (const char *)r->path.data;
        ingest_kind kind = ingest_kind_of(e->name);
        sniff sn;
        if (is_dir(e)) {
            walk(r, rel, &here);
        } else if ((kind == KIND_OTHER && index_dir && index_file_name(e->name)) || sidecar_name(e->name) ||
                   ((kind == KIND_XML || kind == KIND_HTML) && package_is_part(r, e->name))) {
            /* an index's own file; a meta.json, read with the documents beside it; a part of a
               Formex package, read with its manifest */
        } else if (kind == KIND_OTHER && e->stat_errno == 0 && S_ISREG(e->st.st_mode) &&
                   ingest_sniff_path(path, &sn) == 0 &&
                   (sn.kind == SNIFF_HTML || sn.kind == SNIFF_FORMEX || sn.kind == SNIFF_XML)) {
            ingest_file(r, path, path + rel, kind, 0); /* markup under another name */
        } else if (kind == KIND_OTHER) {
            if (!(index_dir && index_file_name(e->name)))
                ingest_problem(r, path, 0, "not a format acquis reads: it reads .txt, .md, .html, .htm, .xhtml, "
                               ".xml (HTML, EUR-Lex XHTML, Formex), .jsonl and .jsonl.gz files");
        } else if (e->stat_errno != 0) {
            ingest_problem(r, path, 0, "cannot read the file: %s", strerror(e->stat_errno));
        } else if (!S_ISREG(e->st.st_mode)) {
            ingest_problem(r, path, 0, "not a regular file; skipped");
        } else if (kind == KIND_JSONL) {
            ingest_jsonl(r, path, 0);
        } else {
            ingest_file(r, path, path + rel, kind, 0);
        }
        path_pop(r, old);
    }
    r->plan = NULL;
    package_free_plan(plan);
    free_entries(v, n);
    return r->rc;
}

int ingest_folder(ingest_run *r)
{
    /* ids are what follows "<dir>/" */
    size_t rel = r->path.len;
    if (rel > 0 && r->path.data[rel - 1] != '/')
        rel++;
    return walk(r, rel, NULL);
}
