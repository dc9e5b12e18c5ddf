/* snippet.c: choosing, cutting and highlighting the best passage of a
 * stored text (see snippet.h); cut.c says where a passage may be cut.
 *
 * 1. The query terms are mapped to term ids of the analyzer's vocab, so that
 *    each token is matched by comparing integers. A query term the vocab has
 *    not seen yet is resolved when a new id appears during the pass (ids are
 *    dense and only grow), so the vocab is never written for the query.
 * 2. One pass of acq_analyze_next over the text. Each match enters a sliding
 *    window; matches that end up more than `width` displayed characters
 *    before the newest one leave it. The window with the most distinct
 *    terms (then the most matches, then the earliest) is kept. Only the
 *    matches inside the window are held, so the memory is bounded by the
 *    width, not by the text. Displayed characters are counted only near
 *    matches (cut.h), so the pass costs what the analyzer costs: about
 *    95% of a snippet's time is tokenising and the analyzer's surface
 *    cache. (A per-call cache of surface forms in front of the analyzer was
 *    tried and was slower: in a 100 KB text a quarter of the words are
 *    first occurrences, which the analyzer's long-lived cache already
 *    knows.)
 * 3. The window is widened to `width` characters of context, snapped to
 *    word boundaries (cut.c) and copied out with whitespace collapsed,
 *    re-tokenising just that stretch to place the highlights.
 *
 * All scratch memory lives in the snippet's `matches` array (uint32_t
 * units), laid out as
 *     [ids: 2*nterms (term id, slot) sorted by id]
 *     [counts: nterms] [unresolved: 2*nterms (term index, slot)]
 *     [window ring: 5 per match]
 * and, after selection, [ids][output pairs...], the pairs being moved to the
 * front at the end. A warm snippet therefore allocates nothing. */
#include "snippet/snippet.h"
#include "common/alloc.h"
#include "common/utf8.h"
#include "snippet/cut.h"

#include <string.h>

#define NO_SLOT UINT32_MAX

/* One match in the sliding window: byte and displayed-character offsets of
 * its surface form, and the distinct-term slot it counts for. */
enum { W_BSTART, W_BEND, W_CSTART, W_CEND, W_SLOT, W_FIELDS };

typedef struct selector {
    acq_snippet *sn;
    acq_vocab *vocab;
    const char *const *terms;
    const size_t *term_lens;
    size_t nterms;
    size_t nids;        /* resolved (id, slot) pairs */
    size_t nunres;      /* unresolved (term index, slot) pairs */
    uint32_t seen;      /* vocab ids below this were checked against unresolved terms */
    size_t counts_at, unres_at, ring_at;   /* region offsets in sn->matches */
} selector;

static size_t term_len(const selector *q, size_t i)
{
    return q->term_lens ? q->term_lens[i] : strlen(q->terms[i]);
}

static int ensure(acq_snippet *sn, size_t need)
{
    return acq_grow((void **)&sn->matches, &sn->cap, need, sizeof(uint32_t));
}

/* The slot of term id `id`, or NO_SLOT. Binary search over the sorted ids:
 * a query has a handful of terms, a prefix expansion maybe hundreds. */
static uint32_t find_slot(const selector *q, uint32_t id)
{
    const uint32_t *ids = q->sn->matches;
    size_t lo = 0, hi = q->nids;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint32_t v = ids[2 * mid];
        if (v == id)
            return ids[2 * mid + 1];
        if (v < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NO_SLOT;
}

static void add_id(selector *q, uint32_t id, uint32_t slot)
{
    uint32_t *ids = q->sn->matches;
    size_t i = q->nids;
    while (i > 0 && ids[2 * (i - 1)] > id) {
        ids[2 * i] = ids[2 * (i - 1)];
        ids[2 * i + 1] = ids[2 * (i - 1) + 1];
        i--;
    }
    ids[2 * i] = id;
    ids[2 * i + 1] = slot;
    q->nids++;
}

/* Maps the query terms to ids and distinct-term slots; returns the number
 * of slots. Equal terms share a slot so that "police police" counts once. */
static size_t setup_terms(selector *q)
{
    uint32_t *m = q->sn->matches;
    uint32_t *unres = m + q->unres_at;
    size_t nslots = 0;
    q->nids = q->nunres = 0;
    for (size_t i = 0; i < q->nterms; i++) {
        if (q->terms[i] == NULL)
            continue;
        size_t n = term_len(q, i);
        if (n == 0)
            continue;
        uint32_t id = acq_vocab_find(q->vocab, q->terms[i], n);
        if (id != UINT32_MAX) {
            if (find_slot(q, id) == NO_SLOT)
                add_id(q, id, (uint32_t)nslots++);
            continue;
        }
        size_t j = 0;
        while (j < q->nunres) {
            size_t k = unres[2 * j];
            if (term_len(q, k) == n && memcmp(q->terms[k], q->terms[i], n) == 0)
                break;
            j++;
        }
        if (j == q->nunres) {
            unres[2 * j] = (uint32_t)i;
            unres[2 * j + 1] = (uint32_t)nslots++;
            q->nunres++;
        }
    }
    memset(m + q->counts_at, 0, nslots * sizeof(uint32_t));
    q->seen = acq_vocab_size(q->vocab);
    return nslots;
}

/* Checks the ids the vocab gained since the last call against the terms not
 * yet resolved. Each new id is checked once per call of acq_snippet_make. */
static void resolve_new(selector *q)
{
    uint32_t size = acq_vocab_size(q->vocab);
    uint32_t *unres = q->sn->matches + q->unres_at;
    for (uint32_t id = q->seen; id < size && q->nunres > 0; id++) {
        size_t n;
        const char *s = acq_vocab_term(q->vocab, id, &n);
        for (size_t j = 0; j < q->nunres; j++) {
            size_t k = unres[2 * j];
            if (term_len(q, k) == n && memcmp(q->terms[k], s, n) == 0) {
                add_id(q, id, unres[2 * j + 1]);
                unres[2 * j] = unres[2 * (q->nunres - 1)];
                unres[2 * j + 1] = unres[2 * (q->nunres - 1) + 1];
                q->nunres--;
                break;
            }
        }
    }
    q->seen = size;
}

/* The chosen window: bytes [bstart, bend) from the first match's start to
 * the last match's end, and the same in displayed characters. */
typedef struct window {
    size_t distinct, total;
    uint32_t bstart, bend, cstart, cend;
} window;

/* Pass 1: finds the best window. Returns 0, or -1 on OOM. */
static int select_window(selector *q, acq_analyzer *a, const uint8_t *t, size_t len, size_t width, window *best)
{
    acq_snippet *sn = q->sn;
    acq_token_stream ts;
    acq_token tok;
    acq_cut_counter cc = {0, 0, 0};
    size_t head = 0, tail = 0, distinct = 0, total = 0;
    int r;
    memset(best, 0, sizeof *best);
    acq_token_stream_init(&ts, (const char *)t, len, 0);
    while ((r = acq_analyze_next(a, &ts, &tok)) == 1) {
        if (q->nunres > 0 && tok.term_id >= q->seen)
            resolve_new(q);
        uint32_t slot = find_slot(q, tok.term_id);
        if (slot == NO_SLOT)
            continue;
        /* Character offsets are exact within any stretch shorter than the
         * width, which is all the window compares (see cut.h). */
        uint32_t cs = (uint32_t)acq_cut_count_to_capped(&cc, t, len, tok.start, width);
        uint32_t ce = (uint32_t)acq_cut_count_to(&cc, t, len, tok.end);

        /* Room for one more entry: slide the live entries down when at
         * least half the ring is dead (amortised O(1)), else grow. */
        if (q->ring_at + (tail + 1) * W_FIELDS > sn->cap) {
            size_t room = (sn->cap - q->ring_at) / W_FIELDS;
            if (head > 0 && head >= room / 2) {
                memmove(sn->matches + q->ring_at, sn->matches + q->ring_at + head * W_FIELDS,
                        (tail - head) * W_FIELDS * sizeof(uint32_t));
                tail -= head;
                head = 0;
            } else if (ensure(sn, q->ring_at + (tail + 1) * W_FIELDS) != 0) {
                return -1;
            }
        }
        uint32_t *ring = sn->matches + q->ring_at;
        uint32_t *counts = sn->matches + q->counts_at;
        uint32_t *e = ring + tail * W_FIELDS;
        e[W_BSTART] = tok.start;
        e[W_BEND] = tok.end;
        e[W_CSTART] = cs;
        e[W_CEND] = ce;
        e[W_SLOT] = slot;
        tail++;
        if (counts[slot]++ == 0)
            distinct++;
        total++;
        /* The window must fit in `width` characters, unless it is a
         * single match (a word longer than the width). */
        while (tail - head > 1 && ce - ring[head * W_FIELDS + W_CSTART] > width) {
            if (--counts[ring[head * W_FIELDS + W_SLOT]] == 0)
                distinct--;
            total--;
            head++;
        }
        /* Strictly better only: windows come in order of their end, and
         * their starts never move back, so a tie keeps the earliest. */
        if (distinct > best->distinct || (distinct == best->distinct && total > best->total)) {
            const uint32_t *f = ring + head * W_FIELDS;
            best->distinct = distinct;
            best->total = total;
            best->bstart = f[W_BSTART];
            best->cstart = f[W_CSTART];
            best->bend = tok.end;
            best->cend = ce;
        }
    }
    return r < 0 ? -1 : 0;
}

/* Copies text with whitespace runs collapsed to one space, dropping leading
 * and trailing whitespace; invalid bytes become U+FFFD so the output is
 * always valid UTF-8. `pending` is a space owed before the next character. */
typedef struct emitter {
    acq_buf *out;
    int pending;
    int any;
} emitter;

static void emit(emitter *em, const uint8_t *t, size_t from, size_t to)
{
    size_t i = from;
    while (i < to) {
        size_t run = i;
        /* Plain ASCII runs go out in one copy. */
        while (run < to && t[run] > 0x20 && t[run] < 0x7F)
            run++;
        if (run > i) {
            if (em->pending)
                acq_buf_putc(em->out, ' ');
            acq_buf_put(em->out, t + i, run - i);
            em->pending = 0;
            em->any = 1;
            i = run;
            continue;
        }
        uint32_t cp;
        size_t n = acq_utf8_decode(t + i, to - i, &cp);
        int bad = n == 0;
        if (bad)
            n = 1;
        if (acq_cut_is_space(cp)) {
            em->pending = em->any;
        } else {
            if (em->pending)
                acq_buf_putc(em->out, ' ');
            if (bad)
                acq_buf_put(em->out, "\xEF\xBF\xBD", 3);   /* U+FFFD */
            else
                acq_buf_put(em->out, t + i, n);
            em->pending = 0;
            em->any = 1;
        }
        i += n;
    }
}

/* Pass 2: copies t[s..e) and records the matches in it, as pairs after the
 * id table. Returns the number of pairs, or -1 on OOM. */
static long emit_passage(selector *q, acq_analyzer *a, const uint8_t *t, size_t len, size_t s, size_t e,
                         emitter *em)
{
    acq_snippet *sn = q->sn;
    size_t pairs_at = 2 * q->nterms, np = 0, cur = s;
    acq_token_stream ts;
    acq_token tok;
    int r;
    /* s is a cut no token spans (cut.c), so tokenising from there gives
     * the tokens of the whole-text pass. */
    acq_token_stream_init(&ts, (const char *)t, len, 0);
    ts.at = s;
    while ((r = acq_analyze_next(a, &ts, &tok)) == 1) {
        if (tok.start >= e || tok.end > e)
            break;
        if (find_slot(q, tok.term_id) == NO_SLOT)
            continue;
        emit(em, t, cur, tok.start);
        if (em->pending) {
            acq_buf_putc(em->out, ' ');
            em->pending = 0;
        }
        size_t ostart = em->out->len;
        emit(em, t, tok.start, tok.end);
        if (ensure(sn, pairs_at + 2 * (np + 1)) != 0)
            return -1;
        sn->matches[pairs_at + 2 * np] = (uint32_t)ostart;
        sn->matches[pairs_at + 2 * np + 1] = (uint32_t)em->out->len;
        np++;
        cur = tok.end;
    }
    if (r < 0)
        return -1;
    emit(em, t, cur, e);
    return (long)np;
}

static void clear(acq_snippet *out)
{
    out->text.len = 0;
    out->text.failed = 0;
    if (out->text.data)
        out->text.data[0] = '\0';   /* a caller reading data directly sees "" */
    out->nmatches = 0;
}

static int fail_oom(acq_snippet *out, acq_err *err)
{
    clear(out);
    return acq_err_set(err, ACQ_ENOMEM, "out of memory making a snippet");
}

int acq_snippet_make(acq_snippet *out, acq_analyzer *a, const char *text, size_t len,
                     const char *const *terms, const size_t *term_lens, size_t nterms, size_t width, acq_err *err)
{
    if (out == NULL || a == NULL || (text == NULL && len > 0) || (terms == NULL && nterms > 0))
        return acq_err_set(err, ACQ_EARG, "acq_snippet_make: NULL snippet, analyzer, text or terms");
    clear(out);
    if (len > UINT32_MAX)
        return acq_err_set(err, ACQ_EARG, "cannot make a snippet of a text of %zu bytes (4 GiB at most)", len);
    if (nterms > UINT32_MAX / 8)
        return acq_err_set(err, ACQ_EARG, "too many query terms for a snippet (%zu)", nterms);
    if (width == 0)
        width = ACQ_SNIPPET_WIDTH;
    if (width > UINT32_MAX)
        width = UINT32_MAX;
    const uint8_t *t = (const uint8_t *)text;

    selector q = {0};
    q.sn = out;
    q.vocab = acq_analyzer_vocab(a);
    q.terms = terms;
    q.term_lens = term_lens;
    q.nterms = nterms;
    q.counts_at = 2 * nterms;
    q.unres_at = 3 * nterms;
    q.ring_at = 5 * nterms;
    /* Room for the term tables and a full window at the default width. */
    if (ensure(out, q.ring_at + W_FIELDS * 32) != 0)
        return fail_oom(out, err);
    setup_terms(&q);

    window best;
    if (len > 0 && (q.nids > 0 || q.nunres > 0)) {
        if (select_window(&q, a, t, len, width, &best) != 0)
            return fail_oom(out, err);
    } else {
        memset(&best, 0, sizeof best);
    }

    /* Spend the width left over by the matches on context, half before
     * and half after; what one side cannot use (the document starts or
     * ends) goes to the other. Without a match the passage is the start. */
    size_t ms = best.bstart, me = best.bend;
    size_t span = best.cend - best.cstart;
    size_t extra = width > span ? width - span : 0;
    size_t before = best.distinct ? extra / 2 : 0, after = extra - before, walked;
    size_t s = acq_cut_walk_back(t, len, ms, 0, before, &walked);
    after += before - walked;
    size_t e = acq_cut_walk_forward(t, len, me, len, after, &walked);
    if (walked < after)
        s = acq_cut_walk_back(t, len, s, 0, after - walked, &walked);
    size_t slack = width / 5 > 8 ? width / 5 : 8;
    s = acq_cut_snap_start(t, len, s, ms, slack);
    e = acq_cut_snap_end(t, len, e, me, slack);

    emitter em = {&out->text, 0, 0};
    int lead = s > 0 && !acq_cut_space_before(t, len, s);
    int trail = e < len && !acq_cut_space_after(t, len, e);
    if (lead)
        acq_buf_put(&out->text, "\xE2\x80\xA6", 3);   /* … */
    long np = 0;
    if (e > s && (q.nids > 0 || q.nunres > 0))
        np = emit_passage(&q, a, t, len, s, e, &em);
    else if (e > s)
        emit(&em, t, s, e);
    if (np < 0)
        return fail_oom(out, err);
    if (trail)
        acq_buf_put(&out->text, "\xE2\x80\xA6", 3);
    acq_buf_cstr(&out->text);
    if (out->text.failed)
        return fail_oom(out, err);
    memmove(out->matches, out->matches + 2 * nterms, (size_t)np * 2 * sizeof(uint32_t));
    out->nmatches = (size_t)np;
    return ACQ_OK;
}

void acq_snippet_free(acq_snippet *s)
{
    if (s == NULL)
        return;
    acq_buf_free(&s->text);
    acq_free(s->matches);
    s->matches = NULL;
    s->nmatches = s->cap = 0;
}

void acq_snippet_render(const acq_snippet *s, int mode, acq_buf *out)
{
    const char *open = "[", *close = "]";
    if (mode == ACQ_SNIPPET_BOLD) {
        open = "\x1b[1m";
        close = "\x1b[0m";
    } else if (mode == ACQ_SNIPPET_COLOUR) {
        open = "\x1b[1;31m";
        close = "\x1b[0m";
    }
    size_t at = 0, len = s->text.len;
    for (size_t i = 0; i < s->nmatches; i++) {
        size_t st = s->matches[2 * i], en = s->matches[2 * i + 1];
        if (st < at || en < st || en > len)
            continue;   /* not from acq_snippet_make: skip rather than misrender */
        acq_buf_put(out, s->text.data + at, st - at);
        acq_buf_puts(out, open);
        acq_buf_put(out, s->text.data + st, en - st);
        acq_buf_puts(out, close);
        at = en;
    }
    if (len > at)
        acq_buf_put(out, s->text.data + at, len - at);
    acq_buf_cstr(out);
}
