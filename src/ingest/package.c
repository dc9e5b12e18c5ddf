/* package.c: Formex packages, an act published as several files.
 *
 * The Publications Office ships an act as a manifest (a DOC file,
 * "L_202400903EN.doc.fmx.xml" or "CL2016L0680EN0000010.0001.doc.xml")
 * whose REF.PHYS elements name its parts: the act (ACT, CONS.ACT) and each
 * annex (ANNEX) in a file of its own, and the table of contents.
 * The package is one act: the manifest is read with its parts in order, and
 * the parts are not read again alone.
 *
 * Packages saved under other names ("DOC_1.xml" ... "DOC_4.xml") no longer
 * match the names in their manifest; each part still names its manifest in
 * BIB.INSTANCE/DOCUMENT.REF/@FILE and gives its place in NO.SEQ ("0009",
 * "0009.0001"), so such parts are matched to the manifest whose first part
 * has the same stem ("L_2011334EN.01002501.doc.xml" for a manifest naming
 * "L_2011334EN.01002501.xml") and read in NO.SEQ order.
 *
 * A directory is planned before its files are read: the first 64 KB of each
 * .xml file say whether it is Formex, a manifest (then it is parsed whole,
 * it is small) or a part. */
#include "ingest/ingest_internal.h"

#include "common/alloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEAD_SIZE 65536
#define MANIFEST_MAX_SIZE (1 << 20)

typedef struct pkg_file {
    char *name;
    int manifest;          /* a DOC with parts */
    int claimed;           /* read as a part of a manifest */
    char docref[160];      /* a part: the manifest it names */
    char noseq[32];        /* a part: its place in the package */
    char **refs;           /* a manifest: the files it names (parts, then its table of contents) */
    size_t nrefs;
    size_t nparts;         /* of which parts (the rest: tables of contents) */
    size_t *parts;         /* a manifest: indexes of its parts in the plan, in order */
    size_t nfound;
} pkg_file;

struct dir_plan {
    char *dir;
    pkg_file *files;
    size_t n;
};

static void free_plan(dir_plan *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++) {
        for (size_t k = 0; k < p->files[i].nrefs; k++)
            acq_free(p->files[i].refs[k]);
        acq_free(p->files[i].refs);
        acq_free(p->files[i].parts);
        acq_free(p->files[i].name);
    }
    acq_free(p->files);
    acq_free(p->dir);
    acq_free(p);
}


static int ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* Reads up to max bytes of dir/name into buf; returns the length, or -1
 * when it cannot be read or is not a regular file. Opened without blocking
 * and checked after opening: a FIFO among the files of a folder would
 * otherwise block the open forever (found by fuzz_ingest_folder). */
static long read_head(const char *dir, const char *name, char *buf, size_t max)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return -1;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    size_t got = 0;
    while (got < max) {
        ssize_t k = read(fd, buf + got, max - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fd);
    return (long)got;
}

/* The value of attribute `name` in the first <tag ...> of s, into out. */
static void tag_attr(const char *s, size_t n, const char *tag, const char *name, char *out, size_t size)
{
    out[0] = '\0';
    size_t k = strlen(tag);
    for (size_t i = 0; i + k < n; i++) {
        if (s[i] != '<' || strncmp(s + i + 1, tag, k) != 0 || (s[i + k + 1] != ' ' && s[i + k + 1] != '>'))
            continue;
        const char *end = memchr(s + i, '>', n - i);
        if (end == NULL)
            return;
        size_t nk = strlen(name);
        for (const char *p = s + i; p + nk + 2 < end; p++) {
            if (strncmp(p, name, nk) == 0 && p[nk] == '=' && (p[nk + 1] == '"' || p[nk + 1] == '\'') && p[-1] == ' ') {
                const char *v = p + nk + 2, *q = v;
                while (q < end && *q != p[nk + 1])
                    q++;
                snprintf(out, size, "%.*s", (int)(q - v), v);
                return;
            }
        }
        return;
    }
}

/* The text of the first <tag>...</tag> in s. */
static void tag_text(const char *s, size_t n, const char *tag, char *out, size_t size)
{
    out[0] = '\0';
    char open[40];
    snprintf(open, sizeof open, "<%s>", tag);
    size_t k = strlen(open);
    for (size_t i = 0; i + k < n; i++) {
        if (memcmp(s + i, open, k) != 0)
            continue;
        const char *v = s + i + k, *q = v;
        while (q < s + n && *q != '<')
            q++;
        snprintf(out, size, "%.*s", (int)(q - v), v);
        return;
    }
}

/* The files a manifest names: REF.PHYS/@FILE (its parts), then
 * PUBLICATION.REF/@FILE (the table of contents). */
static int manifest_refs(pkg_file *f, const char *s, size_t n)
{
    xml_errors errs;
    xmlTextReaderPtr rd = markup_xml_reader(s, n, NULL, &errs);
    if (rd == NULL)
        return -1;
    char *toc = NULL;
    int ret, rc = 0;
    size_t cap = 0;
    while ((ret = xmlTextReaderRead(rd)) == 1 && rc == 0) {
        if (xmlTextReaderNodeType(rd) != XML_READER_TYPE_ELEMENT)
            continue;
        const char *name = (const char *)xmlTextReaderConstName(rd);
        int part = strcmp(name, "REF.PHYS") == 0, pub = strcmp(name, "PUBLICATION.REF") == 0;
        if (!part && !pub)
            continue;
        char *file = (char *)xmlTextReaderGetAttribute(rd, (const xmlChar *)"FILE");
        if (file == NULL || strchr(file, '/') != NULL || file[0] == '.') {
            xmlFree(file); /* a name, never a path: parts are beside their manifest */
            continue;
        }
        if (pub) {
            if (toc == NULL)
                toc = acq_strdup(file);
        } else if (acq_grow((void **)&f->refs, &cap, f->nrefs + 1, sizeof *f->refs) != 0 ||
                   (f->refs[f->nrefs] = acq_strdup(file)) == NULL) {
            rc = -1;
        } else {
            f->nrefs++;
        }
        xmlFree(file);
    }
    xmlFreeTextReader(rd);
    f->nparts = f->nrefs;
    if (toc != NULL && rc == 0) {
        if (acq_grow((void **)&f->refs, &cap, f->nrefs + 1, sizeof *f->refs) == 0)
            f->refs[f->nrefs++] = toc;
        else
            acq_free(toc), rc = -1;
    } else {
        acq_free(toc);
    }
    return errs.nomem ? -1 : rc;
}

static int find(const dir_plan *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->files[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Sorts a manifest's parts by NO.SEQ (then name); a package has a handful,
 * so an insertion sort, which needs no global for its comparison. */
static void sort_by_noseq(const dir_plan *p, size_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        size_t x = v[i], j = i;
        while (j > 0) {
            const pkg_file *a = &p->files[v[j - 1]], *b = &p->files[x];
            int c = strcmp(a->noseq, b->noseq);
            if (c < 0 || (c == 0 && strcmp(a->name, b->name) <= 0))
                break;
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* Does part f name manifest m? By the manifest's own name, or (renamed
 * packages) by the stem its first part shares with it. */
static int names_manifest(const pkg_file *f, const pkg_file *m)
{
    if (f->docref[0] == '\0')
        return 0;
    if (strcmp(f->docref, m->name) == 0)
        return 1;
    const char *dot = strstr(f->docref, ".doc.");
    if (dot == NULL || m->nparts == 0)
        return 0;
    size_t stem = (size_t)(dot - f->docref);
    return strncmp(m->refs[0], f->docref, stem) == 0 && (m->refs[0][stem] == '.' || m->refs[0][stem] == '\0');
}

static int link_parts(dir_plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        pkg_file *m = &p->files[i];
        if (!m->manifest)
            continue;
        m->parts = acq_calloc(p->n + 1, sizeof *m->parts);
        if (m->parts == NULL)
            return -1;
        for (size_t k = 0; k < m->nrefs; k++) {
            int j = find(p, m->refs[k]);
            if (j < 0 || p->files[j].manifest)
                continue;
            p->files[j].claimed = 1;
            if (k < m->nparts)
                m->parts[m->nfound++] = (size_t)j;
        }
        if (m->nfound > 0 || m->nparts == 0)
            continue;
        /* a renamed package: its parts name it */
        for (size_t j = 0; j < p->n; j++) {
            pkg_file *f = &p->files[j];
            if (!f->manifest && !f->claimed && names_manifest(f, m)) {
                f->claimed = 1;
                m->parts[m->nfound++] = j;
            }
        }
        sort_by_noseq(p, m->parts, m->nfound);
    }
    return 0;
}

dir_plan *package_plan(ingest_run *r, const char *dir)
{
    dir_plan *p = acq_calloc(1, sizeof *p);
    if (p == NULL || (p->dir = acq_strdup(dir)) == NULL) {
        free_plan(p);
        ingest_nomem(r);
        return NULL;
    }
    DIR *d = opendir(dir);
    if (d == NULL)
        return p; /* the walk reports it */
    char *head = NULL;
    size_t cap = 0;
    struct dirent *de;
    int failed = 0;
    while (!failed && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || !ends_with_ci(de->d_name, ".xml"))
            continue;
        if (head == NULL && (head = acq_malloc(MANIFEST_MAX_SIZE)) == NULL) {
            failed = 1;
            break;
        }
        long n = read_head(dir, de->d_name, head, HEAD_SIZE);
        if (n <= 0)
            continue;
        sniff sn;
        ingest_sniff((const uint8_t *)head, (size_t)n, &sn);
        if (sn.kind != SNIFF_FORMEX)
            continue;
        if (strcmp(sn.root, "DOC") == 0 && n == HEAD_SIZE) /* a big manifest: all of it */
            n = read_head(dir, de->d_name, head, MANIFEST_MAX_SIZE);
        if (acq_grow((void **)&p->files, &cap, p->n + 1, sizeof *p->files) != 0) {
            failed = 1;
            break;
        }
        pkg_file *f = &p->files[p->n];
        memset(f, 0, sizeof *f);
        if ((f->name = acq_strdup(de->d_name)) == NULL) {
            failed = 1;
            break;
        }
        p->n++;
        if (strcmp(sn.root, "DOC") == 0) {
            f->manifest = 1;
            if (n < MANIFEST_MAX_SIZE && manifest_refs(f, head, (size_t)n) != 0)
                failed = 1;
        } else {
            size_t h = (size_t)n < HEAD_SIZE ? (size_t)n : HEAD_SIZE;
            tag_attr(head, h, "DOCUMENT.REF", "FILE", f->docref, sizeof f->docref);
            tag_text(head, h, "NO.SEQ", f->noseq, sizeof f->noseq);
        }
    }
    closedir(d);
    acq_free(head);
    if (failed || link_parts(p) != 0) {
        free_plan(p);
        ingest_nomem(r);
        return NULL;
    }
    return p;
}

void package_free_plan(dir_plan *p) { free_plan(p); }

int package_is_part(const ingest_run *r, const char *name)
{
    const dir_plan *p = r->plan;
    if (p == NULL)
        return 0;
    int i = find(p, name);
    return i >= 0 && p->files[i].claimed;
}

int package_read(ingest_run *r, act *a, const char *path, const char *s, size_t n, const char *encoding)
{
    /* the manifest: metadata (language, type, CELEX number, date) and a title to fall back on */
    if (formex_read(r, a, path, s, n, encoding) != 0)
        return -1;
    const char *slash = strrchr(path, '/');
    char dir[4096];
    const char *name = slash ? slash + 1 : path;
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if ((size_t)(slash - path) < sizeof dir)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else
        return ingest_problem(r, path, 0, "the path is too long"), -1;
    dir_plan *own = NULL;
    const dir_plan *plan = r->plan;
    if (plan == NULL || strcmp(plan->dir, dir) != 0) { /* a manifest named as an INPUT of its own */
        if ((own = package_plan(r, dir)) == NULL)
            return -1;
        plan = own;
    }
    int m = find(plan, name);
    const pkg_file *man = m >= 0 ? &plan->files[m] : NULL;
    if (man == NULL || man->nfound == 0) {
        if (man != NULL && man->nparts > 0)
            ingest_problem(r, path, 0, "a Formex package manifest whose parts (%s%s) are not in its folder: "
                                       "download the whole package", man->refs[0], man->nparts > 1 ? ", ..." : "");
        else
            ingest_problem(r, path, 0, "a Formex manifest (DOC) that names no part to read");
        package_free_plan(own);
        return -1;
    }
    int read = 0;
    for (size_t k = 0; k < man->nfound && r->rc == ACQ_OK; k++) {
        /* "0009.0001.0001" after "0009.0001": included in the part before it */
        const char *seq = plan->files[man->parts[k]].noseq, *prev = k ? plan->files[man->parts[k - 1]].noseq : "";
        size_t pl = strlen(prev);
        a->nested_part = pl > 0 && strncmp(seq, prev, pl) == 0 && seq[pl] == '.';
        char part[4096 + 256];
        if ((size_t)snprintf(part, sizeof part, "%s/%s", dir, plan->files[man->parts[k]].name) >= sizeof part)
            continue;
        if (ingest_read_whole(r, part, 0, MARKUP_MAX_SIZE) != 0)
            continue; /* reported; the rest of the package is still worth reading */
        sniff sn;
        ingest_sniff(r->file.data, r->file.len, &sn);
        int bad;
        const char *enc = markup_encoding(r, part, (const char *)r->file.data, r->file.len, &sn, &bad);
        if (bad)
            continue;
        if (formex_read(r, a, part, (const char *)r->file.data, r->file.len, enc) == 0)
            read++;
    }
    a->nested_part = 0;
    package_free_plan(own);
    return read > 0 && r->rc == ACQ_OK ? 0 : -1;
}
