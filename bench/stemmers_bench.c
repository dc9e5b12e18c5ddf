/* stemmers_bench.c: how much each language's stemmer conflates, measured on
 * real EU law text (../shared/corpus/eurlex-24, via bench/stemmers.sh).
 *
 *   stemmers_bench CORPUS_DIR [--sample N] [--orders] [CODE ...]
 *
 * For each language (all 24, or the codes given) every .txt file under
 * CORPUS_DIR/<folder>/{test,validation} is analysed twice with the language's
 * chain, with and without stemming (stopwords dropped both times). A "form"
 * is a distinct unstemmed term made of letters only (identifiers and numbers
 * are never stemmed), so case and accent variants are one form already.
 * Printed per language: forms, stems, the share of forms whose stem is shared
 * with at least one other form ("conflated"), forms per stem, and which
 * stemmer ran. --sample N prints, for each language, the 8 largest groups and
 * N groups drawn at random, to look at over-stemming by eye. --orders adds,
 * for the Snowball languages, the conflation with accents folded before
 * stemming and with the stem folded after (what language.c decides between),
 * and how many forms the two orders stem differently. */
#include "analysis/analyzer.h"
#include "analysis/fold.h"
#include "analysis/orthography.h"
#include "analysis/vocab.h"

#include <libstemmer.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *code, *folder;
} langs[] = {
    {"bg", "bulgarian"}, {"cs", "czech"}, {"da", "danish"}, {"de", "german"},
    {"el", "greek"}, {"en", "english"}, {"es", "spanish"}, {"et", "estonian"},
    {"fi", "finnish"}, {"fr", "french"}, {"ga", "irish"}, {"hr", "croatian"},
    {"hu", "hungarian"}, {"it", "italian"}, {"lt", "lithuanian"}, {"lv", "latvian"},
    {"mt", "maltese"}, {"nl", "dutch"}, {"pl", "polish"}, {"pt", "portuguese"},
    {"ro", "romanian"}, {"sk", "slovak"}, {"sl", "slovenian"}, {"sv", "swedish"},
};

typedef struct stats {
    acq_vocab *forms, *stems;
    uint32_t *stem_of;      /* form id -> stem id */
    size_t cap;
    size_t files;
    /* --orders: the two orders, for Snowball languages */
    struct sb_stemmer *sb;
    const acq_language *lang;
    acq_vocab *fold_first, *stem_first;
    uint32_t *ff_of, *sf_of;
    size_t order_differ;
    acq_buf b1, b2;
} stats;

/* The stems of one form both ways: stem(fold(w)) and fold(stem(lower(w))),
 * with the language's own normalisation of the lowercase word (Irish
 * mutations, Romanian s/t). -1 on OOM. */
static int both_orders(stats *st, uint32_t form, const char *w, size_t n)
{
    acq_buf_reset(&st->b1);
    acq_buf_reset(&st->b2);
    if (acq_lower(w, n, &st->b1) != 0)
        return -1;
    if (st->lang->rules & ACQ_LANG_GA_MUTATIONS) {
        size_t k = acq_ga_case_prefix((const uint8_t *)w, n);
        acq_buf_reset(&st->b1);
        if (acq_lower(w + k, n - k, &st->b1) != 0)
            return -1;
        st->b1.len = acq_ga_demutate((char *)st->b1.data, st->b1.len);
    }
    if (st->lang->rules & ACQ_LANG_RO_SCEDILLA)
        acq_ro_unify((char *)st->b1.data, st->b1.len, 0);
    if (acq_fold((const char *)st->b1.data, st->b1.len, &st->b2) != 0)
        return -1;
    const sb_symbol *r = sb_stemmer_stem(st->sb, st->b2.data, (int)st->b2.len);
    if (r == NULL)
        return -1;
    uint32_t a = acq_vocab_intern(st->fold_first, (const char *)r, (size_t)sb_stemmer_length(st->sb));
    r = sb_stemmer_stem(st->sb, st->b1.data, (int)st->b1.len);
    if (r == NULL)
        return -1;
    acq_buf_reset(&st->b2);
    if (acq_fold((const char *)r, (size_t)sb_stemmer_length(st->sb), &st->b2) != 0)
        return -1;
    uint32_t b = acq_vocab_intern(st->stem_first, (const char *)st->b2.data, st->b2.len);
    if (a == UINT32_MAX || b == UINT32_MAX)
        return -1;
    st->ff_of[form] = a;
    st->sf_of[form] = b;
    size_t al, bl;
    const char *at = acq_vocab_term(st->fold_first, a, &al), *bt = acq_vocab_term(st->stem_first, b, &bl);
    st->order_differ += al != bl || memcmp(at, bt, al) != 0;
    return 0;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static int letters_only(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x80 && !(c >= 'a' && c <= 'z'))
            return 0;
    }
    return 1;
}

static int add_text(stats *st, acq_analyzer *plain, acq_analyzer *stem, const char *text, size_t len)
{
    acq_token_stream s1, s2;
    acq_token a, b;
    acq_token_stream_init(&s1, text, len, 0);
    acq_token_stream_init(&s2, text, len, 0);
    for (;;) {
        int r1 = acq_analyze_next(plain, &s1, &a), r2 = acq_analyze_next(stem, &s2, &b);
        if (r1 < 0 || r2 < 0 || r1 != r2 || (r1 == 1 && a.pos != b.pos)) {
            fprintf(stderr, "stemmers_bench: the two chains disagree on tokens (or ran out of memory)\n");
            return -1;
        }
        if (r1 == 0)
            return 0;
        if (!letters_only(a.term, a.len))
            continue;
        uint32_t before = acq_vocab_size(st->forms);
        uint32_t f = acq_vocab_intern(st->forms, a.term, a.len);
        uint32_t g = acq_vocab_intern(st->stems, b.term, b.len);
        if (f == UINT32_MAX || g == UINT32_MAX)
            return -1;
        if (f == before) {
            if (f >= st->cap) {
                size_t nc = st->cap ? st->cap * 2 : 4096;
                uint32_t *ns = realloc(st->stem_of, nc * sizeof *ns);
                uint32_t *n1 = realloc(st->ff_of, nc * sizeof *n1);
                uint32_t *n2 = n1 ? realloc(st->sf_of, nc * sizeof *n2) : NULL;
                if (ns)
                    st->stem_of = ns;
                if (n1)
                    st->ff_of = n1;
                if (n2)
                    st->sf_of = n2;
                if (ns == NULL || n1 == NULL || n2 == NULL)
                    return -1;
                st->cap = nc;
            }
            st->stem_of[f] = g;
            /* The first surface met stands for the form. */
            if (st->sb && both_orders(st, f, text + a.start, a.end - a.start) != 0)
                return -1;
        }
    }
}

static int add_folder(stats *st, acq_analyzer *plain, acq_analyzer *stem, const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        size_t nl = strlen(e->d_name);
        if (nl < 5 || strcmp(e->d_name + nl - 4, ".txt") != 0)
            continue;
        char path[8192];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
            continue;
        size_t len;
        char *text = read_all(path, &len);
        if (text == NULL) {
            fprintf(stderr, "stemmers_bench: cannot read %s\n", path);
            rc = -1;
            break;
        }
        rc = add_text(st, plain, stem, text, len);
        free(text);
        st->files++;
    }
    closedir(d);
    return rc;
}

/* Deterministic pseudo-random numbers, so samples repeat between runs. */
static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void print_group(const stats *st, uint32_t stem)
{
    size_t len;
    const char *t = acq_vocab_term(st->stems, stem, &len);
    printf("    %.*s:", (int)len, t);
    uint32_t nf = acq_vocab_size(st->forms);
    for (uint32_t f = 0; f < nf; f++)
        if (st->stem_of[f] == stem) {
            const char *ft = acq_vocab_term(st->forms, f, &len);
            printf(" %.*s", (int)len, ft);
        }
    printf("\n");
}

/* Share of the n forms whose stem (stem_of) is shared with another form. */
static double conflated_share(const uint32_t *stem_of, uint32_t n, uint32_t nstems)
{
    uint32_t *size = calloc(nstems ? nstems : 1, sizeof *size);
    if (size == NULL)
        return -1;
    for (uint32_t f = 0; f < n; f++)
        size[stem_of[f]]++;
    uint32_t c = 0;
    for (uint32_t f = 0; f < n; f++)
        c += size[stem_of[f]] > 1;
    free(size);
    return n ? (double)c / n : 0;
}

static int run(const char *corpus, size_t li, int sample, int orders)
{
    char dir[4096];
    acq_analyzer *plain = NULL, *stem = NULL;
    acq_err err = {0};
    acq_analyzer_config c0 = {langs[li].code, 0, 1}, c1 = {langs[li].code, 1, 1};
    stats st = {0};
    st.forms = acq_vocab_new();
    st.stems = acq_vocab_new();
    int rc = -1;
    if (st.forms == NULL || st.stems == NULL || acq_analyzer_open(&plain, &c0, NULL, &err) != ACQ_OK ||
        acq_analyzer_open(&stem, &c1, NULL, &err) != ACQ_OK) {
        fprintf(stderr, "stemmers_bench: %s\n", err.msg[0] ? err.msg : "out of memory");
        goto out;
    }
    st.lang = acq_analyzer_language(stem);
    if (orders && st.lang->snowball) {
        st.sb = sb_stemmer_new(st.lang->snowball, "UTF_8");
        st.fold_first = acq_vocab_new();
        st.stem_first = acq_vocab_new();
        if (st.sb == NULL || st.fold_first == NULL || st.stem_first == NULL) {
            fprintf(stderr, "stemmers_bench: out of memory\n");
            goto out;
        }
    }
    static const char *const parts[] = {"test", "validation"};
    for (int p = 0; p < 2; p++) {
        snprintf(dir, sizeof dir, "%s/%s/%s", corpus, langs[li].folder, parts[p]);
        if (add_folder(&st, plain, stem, dir) != 0)
            goto out;
    }
    uint32_t nf = acq_vocab_size(st.forms), ns = acq_vocab_size(st.stems);
    const acq_language *L = acq_analyzer_language(stem);
    const char *kind = L->snowball ? "Snowball" : "acquis light";
    if (st.files == 0 || nf == 0) {
        printf("%-3s %-11s %6s %6s %9s %9s  %s (no text under %s/%s)\n", langs[li].code, L->name, "-", "-",
               "-", "-", kind, corpus, langs[li].folder);
        rc = 0;
        goto out;
    }
    uint32_t *size = calloc(ns, sizeof *size);
    if (size == NULL)
        goto out;
    for (uint32_t f = 0; f < nf; f++)
        size[st.stem_of[f]]++;
    uint32_t conflated = 0;
    for (uint32_t f = 0; f < nf; f++)
        conflated += size[st.stem_of[f]] > 1;
    printf("%-3s %-11s %6u %6u %8.1f%% %9.2f  %s%s\n", langs[li].code, L->name, nf, ns,
           100.0 * conflated / nf, (double)nf / ns, kind,
           L->fold_before_stem ? "" : " (stem before folding)");
    if (st.sb)
        printf("      orders: fold then stem %.1f%%, stem then fold %.1f%%, %zu forms stemmed differently\n",
               100 * conflated_share(st.ff_of, nf, acq_vocab_size(st.fold_first)),
               100 * conflated_share(st.sf_of, nf, acq_vocab_size(st.stem_first)), st.order_differ);
    if (sample > 0) {
        printf("  largest groups:\n");
        for (int k = 0; k < 8; k++) {
            uint32_t best = 0;
            for (uint32_t g = 1; g < ns; g++)
                if (size[g] > size[best])
                    best = g;
            if (size[best] < 2)
                break;
            print_group(&st, best);
            size[best] = 0;   /* not again */
        }
        memset(size, 0, ns * sizeof *size);   /* count again */
        for (uint32_t f = 0; f < nf; f++)
            size[st.stem_of[f]]++;
        printf("  random groups:\n");
        for (int k = 0, tries = 0; k < sample && tries < 100000; tries++) {
            uint32_t g = (uint32_t)(next_rand() % ns);
            if (size[g] < 2)
                continue;
            print_group(&st, g);
            k++;
        }
    }
    free(size);
    rc = 0;
out:
    acq_analyzer_close(plain);
    acq_analyzer_close(stem);
    acq_vocab_free(st.forms);
    acq_vocab_free(st.stems);
    free(st.stem_of);
    if (st.sb)
        sb_stemmer_delete(st.sb);
    acq_vocab_free(st.fold_first);
    acq_vocab_free(st.stem_first);
    free(st.ff_of);
    free(st.sf_of);
    acq_buf_free(&st.b1);
    acq_buf_free(&st.b2);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: stemmers_bench CORPUS_DIR [--sample N] [--orders] [CODE ...]\n"
                        "CORPUS_DIR holds one folder per language (bulgarian/, czech/, ...), as\n"
                        "../shared/corpus/eurlex-24 does\n");
        return 2;
    }
    const char *corpus = argv[1];
    int sample = 0, orders = 0;
    const char *only[32];
    int nonly = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--sample") == 0 && i + 1 < argc)
            sample = atoi(argv[++i]);
        else if (strcmp(argv[i], "--orders") == 0)
            orders = 1;
        else if (nonly < 32)
            only[nonly++] = argv[i];
    }
    DIR *d = opendir(corpus);
    if (d == NULL) {
        fprintf(stderr, "stemmers_bench: cannot open %s: give the eurlex-24 corpus folder\n", corpus);
        return 2;
    }
    closedir(d);
    printf("%-3s %-11s %6s %6s %9s %9s  %s\n", "", "language", "forms", "stems", "conflated", "forms/stem",
           "stemmer");
    int rc = 0;
    for (size_t li = 0; li < sizeof langs / sizeof langs[0]; li++) {
        int want = nonly == 0;
        for (int k = 0; k < nonly; k++)
            want |= strcmp(only[k], langs[li].code) == 0;
        if (want && run(corpus, li, sample, orders) != 0)
            rc = 1;
    }
    return rc;
}
