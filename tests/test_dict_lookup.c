/* test_dict_lookup.c: acq_segment_lookup (which compares a key with the
 * front-coded entries of one dictionary block without rebuilding them)
 * against a walk over the whole dictionary: every key is found with its
 * entry's metadata, and keys that are not there (between two keys, before
 * the first, after the last, prefixes and extensions of keys) are not. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acquis.h"
#include "index/reader.h"
#include "support.h"

static unsigned rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

typedef struct entry {
    uint8_t key[ACQ_MAX_KEY + 1];
    size_t len;
    acq_term_meta meta;
} entry;

static void expect_absent(acq_segment *s, const uint8_t *key, size_t len)
{
    acq_term_meta m;
    acq_err err = {0};
    cr_assert_eq(acq_segment_lookup(s, key, len, &m, &err), 0, "%.*s found", (int)len, key);
}

Test(dict, lookup_agrees_with_a_walk_over_the_dictionary)
{
    /* Words sharing long prefixes, of many lengths, so that blocks hold
     * every kind of front coding. */
    char *dir = test_tmpdir();
    acq_writer *w;
    char msg[256];
    cr_assert_eq(acq_writer_open(&w, dir, NULL, msg, sizeof msg), ACQ_OK, "%s", msg);
    unsigned seed = 17;
    static char text[65536];
    for (int d = 0; d < 200; d++) {
        text[0] = '\0';
        for (int i = 0; i < 60; i++) {
            char word[32];
            int n = 1 + (int)(rnd(&seed) % 9);
            for (int k = 0; k < n; k++)
                word[k] = "abcdeq"[rnd(&seed) % (k < 3 ? 2 : 6)];
            word[n] = '\0';
            strcat(strcat(text, word), " ");
        }
        char id[16];
        snprintf(id, sizeof id, "d%03d", d);
        acq_document doc = {0};
        doc.id = id;
        doc.title = "t";
        doc.text = text;
        cr_assert_eq(acq_writer_add(w, &doc), ACQ_OK, "%s", acq_writer_errmsg(w));
    }
    cr_assert_eq(acq_writer_commit(w), ACQ_OK);
    acq_writer_close(w);

    acq_index *ix;
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_segment *s = &ix->segs[0];
    size_t n = 0, cap = (size_t)s->terms;
    entry *all = calloc(cap + 1, sizeof *all);
    cr_assert_not_null(all);
    acq_dict_iter it;
    acq_err err = {0};
    cr_assert_eq(acq_dict_iter_seek(&it, s, (const uint8_t *)"", 0, &err), ACQ_OK);
    while (acq_dict_iter_next(&it, &err) == 1) {
        cr_assert_lt(n, cap);
        memcpy(all[n].key, it.key, it.key_len);
        all[n].len = it.key_len;
        all[n].meta = it.meta;
        n++;
    }
    cr_assert_gt(n, 3 * ACQ_DICT_BLOCK, "%zu terms", n);
    for (size_t i = 0; i < n; i++) {
        acq_term_meta m;
        cr_assert_eq(acq_segment_lookup(s, all[i].key, all[i].len, &m, &err), 1, "term %zu not found", i);
        const acq_term_meta *w = &all[i].meta; /* fields, not bytes: the struct has padding */
        cr_assert(m.df == w->df && m.cf == w->cf && m.doc_off == w->doc_off && m.doc_len == w->doc_len &&
                      m.pos_off == w->pos_off && m.pos_len == w->pos_len && m.max_tf == w->max_tf &&
                      m.min_dl == w->min_dl,
                  "term %zu: other metadata", i);
        /* Just past it, and its prefixes that are not terms. */
        uint8_t k[ACQ_MAX_KEY + 2];
        memcpy(k, all[i].key, all[i].len);
        k[all[i].len] = 0;
        int next_is_ext = i + 1 < n && all[i + 1].len == all[i].len + 1 &&
                          memcmp(all[i + 1].key, k, all[i].len + 1) == 0;
        if (!next_is_ext)
            expect_absent(s, k, all[i].len + 1);
        k[all[i].len] = 0xff;
        expect_absent(s, k, all[i].len + 1);
        for (size_t p = 1; p < all[i].len; p++) {
            int is_term = 0;
            for (size_t j = i; j-- > 0 && !is_term;)
                is_term = all[j].len == p && memcmp(all[j].key, all[i].key, p) == 0;
            if (!is_term)
                expect_absent(s, all[i].key, p);
        }
    }
    expect_absent(s, (const uint8_t *)"", 0);
    expect_absent(s, (const uint8_t *)"\xff\xff", 2);
    acq_index_close(ix);
    free(all);
    test_rmrf(dir);
    free(dir);
}
