/* fuzz_writer.c: libFuzzer harness for the writer: documents of any content
 * (the fields an application hands acq_writer_add), replacements of one id,
 * deletions by id and by query, commits and merges, with writer options
 * from the input (with 1 to 3 threads), into a fresh index. A model of which document each id
 * should hold is kept; at the end every committed document must come back
 * whole from acq_index_document, every deleted one must be gone, ids must
 * be unique, and acq_index_verify must find nothing wrong.
 *
 * Input: u8 options, then operations: u8 op, then its operands.
 *   op & 7 0-3: add: id, then title, text (u16 length), lang, date, type,
 *               celex, url (u8 lengths); op bit 3: make the strings ASCII
 *   4: delete id   5: commit   6: delete by query (u8 length)   7: merge
 * An id is u8 k: "d<k % 8>" if k < 0xf0, else u8 length and bytes. */
#include "fuzz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_IDS 16
#define NFIELDS 8 /* id, title, text, lang, date, type, celex, url */

typedef struct model {
    char *f[NFIELDS];      /* the document the id should hold */
    size_t n[NFIELDS];
    int state;             /* 1 present, 2 deleted, 3 unknown */
} model;

static char *base;
static model ids[MAX_IDS];
static size_t nids;

static void cleanup(void)
{
    fz_rmrf(base);
    free(base);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    base = fz_tmpdir("fuzz-writer");
    atexit(cleanup);
    return 0;
}

static void clear_model(void)
{
    for (size_t i = 0; i < nids; i++)
        for (int k = 0; k < NFIELDS; k++)
            free(ids[i].f[k]);
    memset(ids, 0, sizeof ids);
    nids = 0;
}

/* The model entry of an id, created if new (NULL when the table is full). */
static model *slot(const char *id, size_t n)
{
    for (size_t i = 0; i < nids; i++)
        if (ids[i].n[0] == n && memcmp(ids[i].f[0], id, n) == 0)
            return &ids[i];
    if (nids == MAX_IDS)
        return NULL;
    model *m = &ids[nids++];
    m->f[0] = malloc(n + 1);
    if (m->f[0] == NULL)
        fz_die("out of memory");
    memcpy(m->f[0], id, n);
    m->f[0][n] = '\0';
    m->n[0] = n;
    return m;
}

/* Takes an id off the input into buf (NUL-terminated); returns its length. */
static size_t take_id(fz_in *in, char *buf, size_t cap)
{
    uint8_t k = fz_u8(in);
    if (k < 0xf0)
        return (size_t)snprintf(buf, cap, "d%u", k % 8u);
    const uint8_t *p;
    size_t n = fz_take(in, fz_u8(in), &p);
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return n;
}

static void add(acq_writer *w, fz_in *in, int ascii)
{
    char id[300];
    size_t idn = take_id(in, id, sizeof id);
    char *f[NFIELDS] = {id};
    size_t n[NFIELDS] = {idn};
    for (int k = 1; k < NFIELDS; k++) {
        const uint8_t *p;
        n[k] = fz_take(in, k == 2 ? fz_u16(in) : fz_u8(in), &p);
        if ((f[k] = malloc(n[k] + 1)) == NULL)
            fz_die("out of memory");
        memcpy(f[k], p, n[k]);
        for (size_t i = 0; ascii && i < n[k]; i++)
            f[k][i] = (char)(f[k][i] & 0x7f) ? (char)(f[k][i] & 0x7f) : ' ';
        f[k][n[k]] = '\0';
    }
    acq_document d = {0};
    const char **dst[NFIELDS] = {&d.id, &d.title, &d.text, &d.lang, &d.date, &d.type, &d.celex, &d.url};
    size_t *dlen[NFIELDS] = {&d.id_len, &d.title_len, &d.text_len, &d.lang_len, &d.date_len, &d.type_len,
                             &d.celex_len, &d.url_len};
    for (int k = 0; k < NFIELDS; k++) {
        *dst[k] = n[k] ? f[k] : NULL; /* an empty field is absent */
        *dlen[k] = n[k];
    }
    int rc = acq_writer_add(w, &d);
    if (rc != ACQ_OK && rc != ACQ_EINPUT)
        fz_die("acq_writer_add: code %d: %s", rc, acq_writer_errmsg(w));
    model *m = rc == ACQ_OK ? slot(id, idn) : NULL;
    for (int k = 1; k < NFIELDS; k++) {
        if (m) {
            free(m->f[k]);
            m->f[k] = f[k];
            m->n[k] = n[k];
        } else {
            free(f[k]);
        }
    }
    if (m)
        m->state = 1;
    else if (rc == ACQ_OK) /* more ids than the model holds: forget them all */
        for (size_t i = 0; i < nids; i++)
            ids[i].state = 3;
}

static void must(int rc, acq_writer *w, const char *what)
{
    if (rc != ACQ_OK)
        fz_die("%s: code %d: %s", what, rc, acq_writer_errmsg(w));
}

/* Every id of the model, as the last commit left it. */
static void check_index(const char *dir)
{
    acq_index *ix;
    char msg[1024];
    if (acq_index_open(&ix, dir, msg, sizeof msg) != ACQ_OK)
        fz_die("the committed index does not open: %s", msg);
    if (acq_index_verify(ix, msg, sizeof msg) != ACQ_OK)
        fz_die("acq_index_verify on a fresh index: %s", msg);
    uint64_t present = 0;
    int exact = 1;
    for (size_t i = 0; i < nids; i++) {
        model *m = &ids[i];
        acq_document *d = NULL;
        int rc = acq_index_document(&d, ix, m->f[0], msg, sizeof msg);
        if (m->n[0] != strlen(m->f[0]) || m->n[0] == 0) { /* not a C string: cannot be asked for */
            exact = 0;
            acq_document_free(d);
            continue;
        }
        exact &= m->state != 3;
        if (rc != ACQ_OK && rc != ACQ_ENOTFOUND)
            fz_die("acq_index_document(%s): code %d: %s", m->f[0], rc, msg);
        if (rc == ACQ_ENOTFOUND && m->state == 1)
            fz_die("document %s was committed but is not found", m->f[0]);
        if (rc == ACQ_OK && m->state == 2)
            fz_die("document %s was deleted but is still found", m->f[0]);
        if (rc == ACQ_OK) {
            present++;
            const char *got[NFIELDS] = {d->id, d->title, d->text, d->lang, d->date, d->type, d->celex, d->url};
            size_t gotn[NFIELDS] = {d->id_len, d->title_len, d->text_len, d->lang_len, d->date_len,
                                    d->type_len, d->celex_len, d->url_len};
            for (int k = 0; k < NFIELDS; k++)
                if (gotn[k] != m->n[k] || (m->n[k] && memcmp(got[k], m->f[k], m->n[k]) != 0))
                    fz_die("document %s: field %d comes back as %zu bytes, was added as %zu", m->f[0], k,
                           gotn[k], m->n[k]);
            /* Unique ids: an id query finds this one document. */
            acq_query *q;
            acq_results *r;
            acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
            o.count = 1;
            if (acq_query_new_term(&q, "id", m->f[0]) != ACQ_OK)
                fz_die("acq_query_new_term refused id %s", m->f[0]);
            if (acq_search_query(&r, ix, q, &o, msg, sizeof msg) != ACQ_OK)
                fz_die("searching id %s: %s", m->f[0], msg);
            if (acq_results_total(r) != 1)
                fz_die("id %s matches %llu documents", m->f[0], (unsigned long long)acq_results_total(r));
            acq_results_free(r);
            acq_query_destroy(q);
        }
        acq_document_free(d);
    }
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    if (acq_index_stats_get(ix, &st) != ACQ_OK)
        fz_die("acq_index_stats_get failed on a fresh index");
    if (exact && st.documents != present)
        fz_die("the index counts %llu live documents, the model %llu", (unsigned long long)st.documents,
               (unsigned long long)present);
    acq_index_close(ix);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = {data, size};
    uint8_t opt = fz_u8(&in);
    static const char *const langs[] = {NULL, "en", "fr", "de"};
    static const int factors[] = {0, 1, 2, 3};
    acq_writer_options o = ACQ_WRITER_OPTIONS_INIT;
    o.no_lang_detect = 1; /* stored fields come back as given (no detected lang) */
    o.memory_budget = opt & 1 ? 16 << 10 : 0; /* tiny: a run at every flush check */
    o.keep_stopwords = (opt >> 1) & 1;
    o.no_stemming = (opt >> 2) & 1;
    o.default_lang = langs[(opt >> 3) & 3];
    o.merge_factor = factors[(opt >> 5) & 3];
    o.compression_level = opt >> 7 ? 9 : 0;
    /* 1, 2 or 3 threads (the builder's feed, then a compression thread),
     * mixed from bits above so that every budget meets every count. */
    o.threads = 1 + (((opt >> 2) ^ (opt >> 7)) & 1) + (((opt >> 1) ^ (opt >> 5)) & 1);

    char dir[4200];
    snprintf(dir, sizeof dir, "%s/index", base);
    fz_rmrf(dir);
    if (mkdir(dir, 0700) != 0)
        fz_die("cannot create %s", dir);
    clear_model();
    acq_writer *w;
    char msg[1024];
    if (acq_writer_open(&w, dir, &o, msg, sizeof msg) != ACQ_OK)
        fz_die("acq_writer_open: %s", msg);
    /* Up to 512 operations: the flush rule looks up to 128 documents back,
     * so only an input of more documents than that meets a flush (a run,
     * or with 64 runs a segment). */
    for (int ops = 0; ops < 512 && in.n > 0; ops++) {
        uint8_t op = fz_u8(&in);
        switch (op & 7) {
        case 4: {
            char id[300];
            take_id(&in, id, sizeof id);
            int rc = acq_writer_delete(w, id); /* a C string: up to a NUL */
            if (rc != ACQ_OK && rc != ACQ_EARG && rc != ACQ_EINPUT)
                fz_die("acq_writer_delete: code %d: %s", rc, acq_writer_errmsg(w));
            model *m = rc == ACQ_OK ? slot(id, strlen(id)) : NULL;
            if (m)
                m->state = 2;
            break;
        }
        case 5:
            must(acq_writer_commit(w), w, "acq_writer_commit");
            break;
        case 6: {
            const uint8_t *p;
            size_t n = fz_take(&in, fz_u8(&in), &p);
            char q[256];
            memcpy(q, p, n);
            q[n] = '\0';
            int rc = acq_writer_delete_query(w, q);
            if (rc != ACQ_OK && rc != ACQ_EQUERY && rc != ACQ_ELIMIT && rc != ACQ_EARG)
                fz_die("acq_writer_delete_query <%s>: code %d: %s", q, rc, acq_writer_errmsg(w));
            if (rc == ACQ_OK)
                for (size_t i = 0; i < nids; i++)
                    if (ids[i].state == 1)
                        ids[i].state = 3; /* matched or not: the model cannot tell */
            break;
        }
        case 7:
            must(acq_writer_merge(w), w, "acq_writer_merge");
            break;
        default:
            add(w, &in, op & 8);
        }
    }
    must(acq_writer_commit(w), w, "acq_writer_commit");
    acq_writer_close(w);
    check_index(dir);
    clear_model();
    return 0;
}
