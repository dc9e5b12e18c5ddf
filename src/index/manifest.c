/* manifest.c: reading and atomically replacing MANIFEST (see manifest.h). */
#include "index/manifest.h"
#include "index/file.h"
#include "segment/format.h"
#include "common/alloc.h"
#include "common/buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

int acq_manifest_add(acq_manifest *m, const char *name, uint32_t docs, acq_err *err)
{
    if (acq_grow((void **)&m->segs, &m->cap, m->nsegs + 1, sizeof *m->segs) != 0)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    acq_manifest_segment *s = &m->segs[m->nsegs++];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->docs = docs;
    return ACQ_OK;
}

int acq_manifest_copy(acq_manifest *dst, const acq_manifest *src, acq_err *err)
{
    *dst = *src;
    dst->segs = NULL;
    dst->cap = 0;
    dst->fields = NULL;
    dst->fields_cap = 0;
    if ((src->nsegs && acq_grow((void **)&dst->segs, &dst->cap, src->nsegs, sizeof *dst->segs) != 0) ||
        (src->nfields && acq_grow((void **)&dst->fields, &dst->fields_cap, src->nfields, sizeof *dst->fields) != 0)) {
        acq_free(dst->segs);
        memset(dst, 0, sizeof *dst);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    if (src->nsegs)
        memcpy(dst->segs, src->segs, src->nsegs * sizeof *dst->segs);
    if (src->nfields)
        memcpy(dst->fields, src->fields, src->nfields * sizeof *dst->fields);
    return ACQ_OK;
}

/* Names the query language or the stored metadata already use. */
static const char *const builtin_fields[] = {"body", "title", "text", "id", "celex", "type", "lang", "date", "url"};

int acq_field_name_valid(const char *name, size_t len)
{
    if (len == 0 || len > ACQ_FIELD_NAME_MAX || name[0] < 'a' || name[0] > 'z')
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    for (size_t i = 0; i < sizeof builtin_fields / sizeof builtin_fields[0]; i++)
        if (strlen(builtin_fields[i]) == len && memcmp(builtin_fields[i], name, len) == 0)
            return 0;
    return 1;
}

int acq_manifest_field_code(const acq_manifest *m, const char *name, size_t len)
{
    for (size_t i = 0; i < m->nfields; i++)
        if (strlen(m->fields[i]) == len && memcmp(m->fields[i], name, len) == 0)
            return ACQ_FIELD_EXTRA + (int)i;
    return 0;
}

int acq_manifest_field(acq_manifest *m, const char *name, size_t len)
{
    if (!acq_field_name_valid(name, len))
        return -1;
    int code = acq_manifest_field_code(m, name, len);
    if (code)
        return code;
    if (m->nfields >= ACQ_MAX_EXTRA_FIELDS)
        return -2;
    if (acq_grow((void **)&m->fields, &m->fields_cap, m->nfields + 1, sizeof *m->fields) != 0)
        return -3;
    memcpy(m->fields[m->nfields], name, len);
    m->fields[m->nfields][len] = '\0';
    return ACQ_FIELD_EXTRA + (int)m->nfields++;
}

void acq_manifest_replace(acq_manifest *m, size_t first, size_t n, const char *name, uint32_t docs)
{
    acq_manifest_segment *s = &m->segs[first];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->docs = docs;
    memmove(&m->segs[first + 1], &m->segs[first + n], (m->nsegs - first - n) * sizeof *m->segs);
    m->nsegs -= n - 1;
}

void acq_manifest_free(acq_manifest *m)
{
    acq_free(m->segs);
    acq_free(m->fields);
    memset(m, 0, sizeof *m);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Segment names are the writer's "seg-" and a number below next-segment,
 * each once: a name with a '/' would open (and a writer create) files
 * outside the index, and a number at or above next-segment would make the
 * writer write its next segment over a live one's files while they are
 * mapped (a checksummed but damaged MANIFEST; found by fuzz_reader). */
static int check_segments(const acq_manifest *m, const char *path, acq_err *err)
{
    uint64_t *nums = acq_calloc(m->nsegs + 1, sizeof *nums);
    if (nums == NULL)
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    int rc = ACQ_OK;
    for (size_t i = 0; i < m->nsegs && rc == ACQ_OK; i++) {
        const char *name = m->segs[i].name, *d = name + 4;
        size_t digits = strspn(d, "0123456789");
        if (strncmp(name, "seg-", 4) != 0 || digits == 0 || digits > 19 || d[digits] != '\0')
            rc = acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (bad segment name \"%.40s\")", path, name);
        else if ((nums[i] = strtoull(d, NULL, 10)) >= m->next_segment)
            rc = acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (segment %s is not below next-segment %llu)", path,
                             name, (unsigned long long)m->next_segment);
    }
    if (rc == ACQ_OK && m->nsegs > 1) {
        qsort(nums, m->nsegs, sizeof *nums, cmp_u64);
        for (size_t i = 1; i < m->nsegs && rc == ACQ_OK; i++)
            if (nums[i] == nums[i - 1])
                rc = acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (segment seg-%06llu is named twice)", path,
                                 (unsigned long long)nums[i]);
    }
    acq_free(nums);
    return rc;
}

int acq_manifest_read(acq_manifest *m, const char *dir, acq_err *err)
{
    memset(m, 0, sizeof *m);
    char path[4096];
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        if (errno == ENOENT)
            return acq_err_set(err, ACQ_ENOTFOUND, "no index in %s (no MANIFEST): build one with `acquis index -o %s INPUT`", dir, dir);
        return acq_err_errno(err, "cannot open %s", path);
    }
    /* Read it whole, however many segments it names. */
    acq_buf file = {0};
    char chunk[16384];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        acq_buf_put(&file, chunk, n);
    int read_failed = ferror(f);
    fclose(f);
    if (file.failed || read_failed) {
        acq_buf_free(&file);
        return read_failed ? acq_err_errno(err, "cannot read %s", path) : acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    char *data = (char *)acq_buf_cstr(&file);
    n = file.len;
    /* The last line is "crc XXXXXXXX" over everything before it. */
    char *crc_line = strstr(data, "\ncrc ");
    if (crc_line == NULL || strlen(data) != n) {
        acq_buf_free(&file);
        return acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (truncated): restore it or rebuild the index", path);
    }
    unsigned long want = strtoul(crc_line + 5, NULL, 16);
    if (want != crc32(0L, (const Bytef *)data, (uInt)(crc_line + 1 - data))) {
        acq_buf_free(&file);
        return acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (checksum mismatch): restore it or rebuild the index", path);
    }
    *crc_line = '\0';
    int rc = ACQ_OK, version = 0, flag;
    m->stopwords = 1;
    m->stem = 1;
    snprintf(m->lang, sizeof m->lang, "en");
    char *save = NULL; /* strtok_r: readers open indexes from many threads at once */
    for (char *line = strtok_r(data, "\n", &save); line && rc == ACQ_OK; line = strtok_r(NULL, "\n", &save)) {
        char name[64], word[16];
        unsigned long long a, b;
        unsigned docs, delgen, deleted;
        if (sscanf(line, "acquis-index %d", &version) == 1)
            continue;
        if (sscanf(line, "generation %llu", &a) == 1) { m->generation = a; continue; }
        if (sscanf(line, "next-segment %llu", &b) == 1) { m->next_segment = b; continue; }
        if (sscanf(line, "lang %15s", word) == 1) { snprintf(m->lang, sizeof m->lang, "%s", word); continue; }
        if (sscanf(line, "stopwords %d", &flag) == 1 && (flag == 0 || flag == 1)) { m->stopwords = flag; continue; }
        if (sscanf(line, "stem %d", &flag) == 1 && (flag == 0 || flag == 1)) { m->stem = flag; continue; }
        if (sscanf(line, "field %63s", name) == 1) {
            size_t len = strlen(name);
            int code = acq_manifest_field(m, name, len);
            if (code == -3)
                rc = acq_err_set(err, ACQ_ENOMEM, "out of memory");
            else if (code < 0 || code != ACQ_FIELD_EXTRA + (int)m->nfields - 1)
                rc = acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (bad field line \"%.40s\")", path, line);
            continue;
        }
        int fields = sscanf(line, "segment %31s %u %u %u", name, &docs, &delgen, &deleted);
        if (fields >= 3) {
            /* names are checked once all lines are read (check_segments) */
            rc = acq_manifest_add(m, name, docs, err);
            if (rc == ACQ_OK) {
                m->segs[m->nsegs - 1].delgen = delgen;
                m->segs[m->nsegs - 1].deleted = fields == 4 && deleted <= docs ? deleted : 0;
            }
            continue;
        }
        rc = acq_err_set(err, ACQ_ECORRUPT, "%s is damaged (unexpected line \"%.40s\")", path, line);
    }
    if (rc == ACQ_OK && version != 1)
        rc = acq_err_set(err, ACQ_EVERSION, "%s: unsupported index format: rebuild the index with this version of acquis", path);
    if (rc == ACQ_OK)
        rc = check_segments(m, path, err);
    if (rc != ACQ_OK)
        acq_manifest_free(m);
    acq_buf_free(&file);
    return rc;
}

/* fsyncs the directory that holds dir. */
static int fsync_parent(const char *dir, acq_err *err)
{
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", dir);
    size_t n = strlen(parent);
    while (n > 1 && parent[n - 1] == '/')
        parent[--n] = '\0';
    char *slash = strrchr(parent, '/');
    if (slash == NULL)
        snprintf(parent, sizeof parent, ".");
    else if (slash == parent)
        parent[1] = '\0';
    else
        *slash = '\0';
    return acq_fsync_dir(parent, err);
}

int acq_manifest_write(acq_manifest *m, const char *dir, acq_err *err)
{
    m->generation++;
    acq_buf b = {0};
    acq_buf_printf(&b, "acquis-index 1\ngeneration %llu\nnext-segment %llu\nlang %s\nstopwords %d\nstem %d\n",
                   (unsigned long long)m->generation, (unsigned long long)m->next_segment,
                   m->lang[0] ? m->lang : "en", m->stopwords, m->stem);
    for (size_t i = 0; i < m->nfields; i++)
        acq_buf_printf(&b, "field %s\n", m->fields[i]);
    for (size_t i = 0; i < m->nsegs; i++)
        acq_buf_printf(&b, "segment %s %u %u %u\n", m->segs[i].name, m->segs[i].docs, m->segs[i].delgen,
                       m->segs[i].deleted);
    acq_buf_printf(&b, "crc %08lx\n", (unsigned long)crc32(0L, b.data, (uInt)b.len));
    if (b.failed) {
        acq_buf_free(&b);
        return acq_err_set(err, ACQ_ENOMEM, "out of memory");
    }
    char tmp[4096], path[4096];
    snprintf(tmp, sizeof tmp, "%s/MANIFEST.tmp", dir);
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    int fd = acq_io_create(tmp);
    int rc = ACQ_OK;
    if (fd < 0)
        rc = acq_err_errno(err, "cannot create %s", tmp);
    else {
        if (acq_io_write_all(fd, b.data, b.len) != 0 || acq_io_fsync(fd) != 0)
            rc = acq_err_errno(err, "cannot write %s", tmp);
        if (acq_io_close(fd) != 0 && rc == ACQ_OK)
            rc = acq_err_errno(err, "cannot write %s", tmp);
        /* The directory first: the new segment files, deletion files and
         * MANIFEST.tmp must have durable names before the MANIFEST naming
         * them can. An fsync of a file does not make its name durable, and
         * a file system may write the rename below before the creations
         * that preceded it; a cut then would leave a MANIFEST naming files
         * that are not there (found by tests/test_powerloss.c). */
        if (rc == ACQ_OK)
            rc = acq_fsync_dir(dir, err);
        if (rc == ACQ_OK && acq_io_rename(tmp, path) != 0)
            rc = acq_err_errno(err, "cannot replace %s", path);
        if (rc != ACQ_OK)
            acq_io_unlink(tmp);
    }
    acq_buf_free(&b);
    if (rc == ACQ_OK)
        rc = acq_fsync_dir(dir, err);
    /* The first commit of an index also makes the index directory's own
     * name durable: the writer may have just created it, and until its
     * parent is fsynced a power cut can take the directory away, with the
     * commit that had returned (found by tests/test_powerloss.c). */
    if (rc == ACQ_OK && m->generation == 1)
        rc = fsync_parent(dir, err);
    return rc;
}
