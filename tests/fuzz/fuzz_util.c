/* fuzz_util.c: the helpers of fuzz_util.h. */
#define _XOPEN_SOURCE 700
#include "fuzz_util.h"

#include "common/utf8.h"
#include "index/writer_internal.h"
#include "ingest/ingest.h"

#include <errno.h>
#include <dirent.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

void fz_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

char *fz_tmpdir(const char *tag)
{
    const char *base = getenv("ACQ_FUZZ_TMPDIR");
    if (base == NULL || *base == '\0')
        base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    if (base == NULL || *base == '\0')
        base = "/tmp";
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/acquis-%s-XXXXXX", base, tag);
    if (mkdtemp(tmpl) == NULL)
        fz_die("cannot create a directory like %s: %s", tmpl, strerror(errno));
    char *dir = strdup(tmpl);
    if (dir == NULL)
        fz_die("out of memory");
    return dir;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

void fz_rmrf(const char *path)
{
    if (path && *path)
        nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int fz_write(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    int rc = n == 0 || fwrite(data, 1, n, f) == n ? 0 : -1;
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}

uint8_t *fz_read(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *nb = realloc(buf, cap);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *n = len;
    return buf;
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FZ_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define FZ_ASAN 1
#endif

void fz_limit_memory(void)
{
#ifndef FZ_ASAN
    struct rlimit rl = {(rlim_t)3 << 30, (rlim_t)3 << 30};
    if (setrlimit(RLIMIT_AS, &rl) != 0)
        fz_die("cannot limit the address space: %s", strerror(errno));
#endif
}

static long replay_file(const char *path, int (*one)(const uint8_t *, size_t))
{
    size_t n = 0;
    uint8_t *data = fz_read(path, &n);
    if (data == NULL)
        fz_die("cannot read %s: %s", path, strerror(errno));
    fprintf(stderr, "replaying %s (%zu bytes)\n", path, n);
    one(data, n);
    free(data);
    return 1;
}

long fz_replay(const char *path, int (*one)(const uint8_t *, size_t))
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode))
        return replay_file(path, one);
    struct dirent **names;
    int n = scandir(path, &names, NULL, alphasort);
    if (n < 0)
        fz_die("cannot list %s: %s", path, strerror(errno));
    long count = 0;
    for (int i = 0; i < n; i++) {
        char file[4096];
        snprintf(file, sizeof file, "%s/%s", path, names[i]->d_name);
        if (names[i]->d_name[0] != '.' && stat(file, &st) == 0 && S_ISREG(st.st_mode))
            count += replay_file(file, one);
        free(names[i]);
    }
    free(names);
    return count;
}

uint8_t fz_u8(fz_in *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

uint16_t fz_u16(fz_in *in)
{
    uint16_t v = fz_u8(in);
    return (uint16_t)(v | fz_u8(in) << 8);
}

uint32_t fz_u32(fz_in *in)
{
    uint32_t v = fz_u16(in);
    return v | (uint32_t)fz_u16(in) << 16;
}

size_t fz_take(fz_in *in, size_t want, const uint8_t **out)
{
    size_t n = want < in->n ? want : in->n;
    *out = in->p;
    in->p += n;
    in->n -= n;
    return n;
}

/* ---- generated documents ------------------------------------------------- */

/* Words of our own: frequent ones first (picked Zipf-like), then rarer ones,
 * accented forms, and tokens the tokenizer keeps whole. */
static const char *const WORDS[] = {
    "police", "cooperation", "data", "border", "member", "states", "shall", "europol", "schengen",
    "asylum", "warrant", "arrest", "evidence", "information", "exchange", "visa", "judicial",
    "eurojust", "prüm", "dna", "fingerprint", "vehicle", "registration", "encryption", "lawful",
    "access", "terrorism", "money-laundering", "frontex", "return", "coopération", "policière",
    "données", "Übermittlung", "Straße", "2016/794", "C-311/18", "2008/615/JHA", "Art. 5(1)(a)",
    "interoperability", "interoperable", "surrender", "extradition", "retention", "e-evidence",
};
#define NWORDS (sizeof WORDS / sizeof WORDS[0])

static const char *const TYPES[] = {"REG", "DIR", "DEC", "", "REG_IMPL"};
static const char *const LANGS[] = {"en", "en", "en", "fr", "de", ""};

void fz_make_doc(int i, acq_document *d, fz_docbuf *b)
{
    memset(d, 0, sizeof *d);
    uint32_t seed = 2166136261u ^ (uint32_t)i * 16777619u;
    size_t len = 0;
    int n = 3 + (int)((uint32_t)i * 7919u % 90u);
    for (int k = 0; k < n && len + 64 < sizeof b->text; k++) {
        seed = seed * 1103515245u + 12345u;
        size_t w = (seed >> 16) % NWORDS;
        w = w * w / NWORDS; /* low indexes much more frequent */
        len += (size_t)snprintf(b->text + len, sizeof b->text - len, "%s%s", WORDS[w],
                                k % 17 == 16 ? ".\n" : " ");
    }
    snprintf(b->id, sizeof b->id, "doc-%d", i);
    snprintf(b->title, sizeof b->title, "Act %d on %s and %s", i, WORDS[(size_t)i % NWORDS],
             WORDS[(size_t)(i * 3 + 1) % NWORDS]);
    if (i % 11 == 5)
        b->date[0] = '\0';
    else
        snprintf(b->date, sizeof b->date, "%04d-%02d-%02d", 1990 + i % 30, 1 + i % 12, 1 + i % 28);
    snprintf(b->type, sizeof b->type, "%s", TYPES[(size_t)i % 5]);
    snprintf(b->lang, sizeof b->lang, "%s", LANGS[(size_t)i % 6]);
    snprintf(b->celex, sizeof b->celex, "3%04d%c%04d", 1990 + i % 30, "RLD"[i % 3], i);
    d->id = b->id;
    d->title = b->title;
    d->text = b->text;
    d->date = b->date[0] ? b->date : NULL;
    d->type = b->type[0] ? b->type : NULL;
    d->lang = b->lang[0] ? b->lang : NULL;
    d->celex = b->celex;
}

void fz_build_index(const char *dir, const int *counts, size_t ncommits, const char *const *del_ids)
{
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.merge_factor = 1; /* keep one segment per commit */
    acq_writer *w;
    char msg[512];
    if (acq_writer_open(&w, dir, &o, msg, sizeof msg) != ACQ_OK)
        fz_die("acq_writer_open %s: %s", dir, msg);
    int next = 0;
    fz_docbuf b;
    for (size_t c = 0; c < ncommits; c++) {
        for (int k = 0; k < counts[c]; k++) {
            acq_document d;
            fz_make_doc(next++, &d, &b);
            if (acq_writer_add(w, &d) != ACQ_OK)
                fz_die("acq_writer_add: %s", acq_writer_errmsg(w));
        }
        if (acq_writer_commit(w) != ACQ_OK)
            fz_die("acq_writer_commit: %s", acq_writer_errmsg(w));
    }
    for (size_t k = 0; del_ids && del_ids[k]; k++)
        if (acq_writer_delete(w, del_ids[k]) != ACQ_OK)
            fz_die("acq_writer_delete: %s", acq_writer_errmsg(w));
    if (del_ids && acq_writer_commit(w) != ACQ_OK)
        fz_die("acq_writer_commit: %s", acq_writer_errmsg(w));
    acq_writer_close(w);
}

/* ---- ingest into a writer ------------------------------------------------ */

#define SINK_IDS 8

typedef struct sink {
    acq_writer *w;
    uint64_t docs;
    char *ids[SINK_IDS];   /* ids of the first documents the writer took */
    size_t nids;
} sink;

static void check_field(const acq_ingest_doc *d, const char *name, const char *p, size_t n)
{
    if (p == NULL) {
        if (n != 0)
            fz_die("%s:%llu: field %s is absent but has length %zu", d->source, (unsigned long long)d->line, name, n);
        return;
    }
    size_t bad;
    if (!acq_utf8_valid((const uint8_t *)p, n, &bad))
        fz_die("%s:%llu: field %s is not valid UTF-8 at byte %zu", d->source, (unsigned long long)d->line, name, bad);
    if (n == 0 && p[0] != '\0')
        fz_die("%s:%llu: field %s has length 0 but is not \"\"", d->source, (unsigned long long)d->line, name);
}

static int sink_doc(void *ctx, const acq_ingest_doc *d)
{
    sink *s = ctx;
    s->docs++;
    const acq_document *x = &d->doc;
    if (x->id == NULL || x->id_len == 0)
        fz_die("%s:%llu: a document without an id", d->source, (unsigned long long)d->line);
    check_field(d, "id", x->id, x->id_len);
    check_field(d, "title", x->title, x->title_len);
    check_field(d, "text", x->text, x->text_len);
    check_field(d, "lang", x->lang, x->lang_len);
    check_field(d, "date", x->date, x->date_len);
    check_field(d, "type", x->type, x->type_len);
    check_field(d, "celex", x->celex, x->celex_len);
    check_field(d, "url", x->url, x->url_len);
    for (size_t f = 0; f < d->nfields; f++)
        if (d->fields[f].name == NULL || d->fields[f].value == NULL ||
            !acq_utf8_valid((const uint8_t *)d->fields[f].value, d->fields[f].value_len, NULL))
            fz_die("extra field %zu of a document is NULL or not valid UTF-8", f);
    /* Citations found where the line was parsed go in as acquis index
     * hands them over. */
    int rc = d->cited ? acq_writer_add_fields_cited(s->w, x, d->fields, d->nfields, d->cited)
                      : acq_writer_add_fields(s->w, x, d->fields, d->nfields);
    if (rc != ACQ_OK && rc != ACQ_EINPUT)
        fz_die("acq_writer_add: code %d: %s", rc, acq_writer_errmsg(s->w));
    if (rc == ACQ_OK && s->nids < SINK_IDS && (s->ids[s->nids] = strndup(x->id, x->id_len)) != NULL)
        s->nids++;
    return ACQ_OK;
}

static void sink_problem(void *ctx, const char *source, uint64_t line, const char *message)
{
    (void)ctx;
    if (source == NULL || message == NULL || *message == '\0')
        fz_die("a problem reported without a source or a message (line %llu)", (unsigned long long)line);
}

/* Each committed id must be found by an id query, as itself. */
static void find_ids(const char *dir, sink *s)
{
    acq_index *ix;
    char msg[512];
    if (acq_index_open(&ix, dir, msg, sizeof msg) != ACQ_OK)
        fz_die("the index just committed does not open: %s", msg);
    for (size_t i = 0; i < s->nids; i++) {
        acq_query *q;
        if (acq_query_new_term(&q, "id", s->ids[i]) != ACQ_OK)
            fz_die("acq_query_new_term(id, \"%s\") refused an id the writer took", s->ids[i]);
        acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
        o.k = 100;
        acq_results *r;
        if (acq_search_query(&r, ix, q, &o, msg, sizeof msg) != ACQ_OK)
            fz_die("searching id \"%s\": %s", s->ids[i], msg);
        int found = 0;
        for (size_t h = 0; h < acq_results_count(r); h++)
            found |= strcmp(acq_results_hit(r, h)->id, s->ids[i]) == 0;
        if (!found)
            fz_die("document \"%s\" was committed but an id query does not find it (%zu hits)", s->ids[i],
                   acq_results_count(r));
        acq_results_free(r);
        acq_query_destroy(q);
    }
    acq_index_close(ix);
}

uint64_t fz_ingest(const char *input, const char *index_dir, int commit)
{
    return fz_ingest_opts(input, index_dir, commit, ACQ_INGEST_WHOLE_ACTS, 0);
}

uint64_t fz_ingest_opts(const char *input, const char *index_dir, int commit, int passages, int ahead)
{
    sink s = {0};
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.replace = 1;
    o.memory_budget = 1 << 20;
    char msg[512];
    if (acq_writer_open(&s.w, index_dir, &o, msg, sizeof msg) != ACQ_OK)
        fz_die("acq_writer_open %s: %s", index_dir, msg);
    acq_ingest_callbacks cb = {sink_doc, sink_problem, NULL, &s, NULL};
    acq_ingest_stats st = {0};
    acq_err err = {0};
    acq_ingest_options io = {.passages = passages, .read_ahead = ahead, .citations = ahead};
    int rc = acq_ingest_path_opts(input, &io, &cb, &st, &err);
    if (rc != ACQ_OK && rc != ACQ_EIO && rc != ACQ_EINPUT)
        fz_die("acq_ingest_path: code %d: %s", rc, err.msg);
    if (rc != ACQ_OK && err.msg[0] == '\0')
        fz_die("acq_ingest_path: code %d without a message", rc);
    if (st.documents != s.docs)
        fz_die("acq_ingest_path counted %llu documents, delivered %llu", (unsigned long long)st.documents,
               (unsigned long long)s.docs);
    if (commit) {
        if (acq_writer_commit(s.w) != ACQ_OK)
            fz_die("acq_writer_commit: %s", acq_writer_errmsg(s.w));
        find_ids(index_dir, &s);
    }
    acq_writer_close(s.w);
    for (size_t i = 0; i < s.nids; i++)
        free(s.ids[i]);
    return s.docs;
}

/* ---- file envelopes ------------------------------------------------------ */

#define CHUNK ((size_t)1 << 16)
#define FOOTER 24

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

size_t fz_sealed_size(size_t body_end)
{
    return body_end + 4 * ((body_end + CHUNK - 1) / CHUNK) + FOOTER;
}

size_t fz_reseal(uint8_t *buf, size_t body_end)
{
    size_t nchunks = (body_end + CHUNK - 1) / CHUNK;
    uint8_t *crcs = buf + body_end;
    for (size_t c = 0; c < nchunks; c++) {
        size_t start = c * CHUNK, end = start + CHUNK < body_end ? start + CHUNK : body_end;
        put32(crcs + 4 * c, (uint32_t)crc32(0L, buf + start, (uInt)(end - start)));
    }
    uint8_t *f = crcs + 4 * nchunks;
    put32(f, (uint32_t)body_end);
    put32(f + 4, (uint32_t)((uint64_t)body_end >> 32));
    put32(f + 8, (uint32_t)nchunks);
    put32(f + 12, (uint32_t)crc32(0L, crcs, (uInt)(4 * nchunks)));
    put32(f + 16, (uint32_t)crc32(0L, f, 16));
    memcpy(f + 20, "\x01QCA", 4);
    return body_end + 4 * nchunks + FOOTER;
}

size_t fz_body_end(const uint8_t *buf, size_t n)
{
    if (n < 12 + FOOTER)
        return 0;
    const uint8_t *f = buf + n - FOOTER;
    uint64_t body_end = (uint64_t)get32(f) | (uint64_t)get32(f + 4) << 32;
    if (body_end < 12 || body_end > n || fz_sealed_size((size_t)body_end) != n)
        return 0;
    return (size_t)body_end;
}

size_t fz_reseal_manifest(char *buf, size_t n)
{
    /* The reader takes the first "\ncrc " as the checksum line. */
    size_t end = n;
    for (size_t i = 0; i + 5 <= n; i++)
        if (memcmp(buf + i, "\ncrc ", 5) == 0) {
            end = i + 1;
            break;
        }
    if (end > 0 && buf[end - 1] != '\n')
        buf[end++] = '\n';
    uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)buf, (uInt)end);
    char line[16];
    snprintf(line, sizeof line, "crc %08lx\n", (unsigned long)crc);
    memcpy(buf + end, line, 13);
    return end + 13;
}
