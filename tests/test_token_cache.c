/* test_token_cache.c: the writer's cache of analysed texts
 * (index/token_cache.h): a text recorded is found again with its tokens;
 * a segment whose texts do not repeat turns the cache off and frees it; the
 * next segment turns it on again; texts that repeat keep it on. */
#include <criterion/criterion.h>
#include <string.h>

#include "index/token_cache.h"

static acq_token_key key_of(uint64_t text)
{
    acq_token_key k = {text * 0x9E3779B97F4A7C15ULL + 1, text ^ 0xABCDEF, 300 + text % 50, NULL};
    return k;
}

/* Records text t with three tokens derived from t. */
static void record(acq_token_cache *c, uint64_t t)
{
    acq_token_key k = key_of(t);
    acq_token_cache_begin(c);
    for (uint32_t i = 0; i < 3; i++)
        acq_token_cache_add(c, (uint32_t)t * 3 + i, i * 2);
    acq_token_cache_end(c, &k, 7);
}

static int found(acq_token_cache *c, uint64_t t)
{
    acq_token_key k = key_of(t);
    const uint32_t *terms, *rel;
    uint32_t n, end_rel;
    if (!acq_token_cache_find(c, &k, &terms, &rel, &n, &end_rel))
        return 0;
    cr_assert_eq(n, 3);
    cr_assert_eq(end_rel, 7);
    for (uint32_t i = 0; i < 3; i++) {
        cr_assert_eq(terms[i], (uint32_t)t * 3 + i);
        cr_assert_eq(rel[i], i * 2);
    }
    return 1;
}

Test(token_cache, texts_are_found_with_their_tokens)
{
    acq_token_cache *c = acq_token_cache_new(1 << 16);
    cr_assert_not_null(c);
    for (uint64_t t = 0; t < 100; t++)
        record(c, t);
    for (uint64_t t = 0; t < 100; t++)
        cr_assert(found(c, t), "text %llu", (unsigned long long)t);
    cr_assert_not(found(c, 100));
    acq_token_cache_free(c);
}

Test(token_cache, texts_that_do_not_repeat_turn_it_off_until_the_next_segment)
{
    acq_token_cache *c = acq_token_cache_new(1 << 16);
    size_t full = acq_token_cache_memory(c);
    cr_assert_gt(full, 0);
    uint64_t t = 0;
    while (acq_token_cache_active(c) && t < 100000) {
        cr_assert_not(found(c, t));
        record(c, t++);
    }
    cr_assert_not(acq_token_cache_active(c), "still on after %llu unique texts", (unsigned long long)t);
    cr_assert_geq(t, 2048, "off after only %llu texts", (unsigned long long)t);
    cr_assert_eq(acq_token_cache_memory(c), 0, "an idle cache holds its memory");
    /* Off: nothing is found or recorded, nothing breaks. */
    record(c, 1);
    cr_assert_not(found(c, 1));
    /* A new segment tries again. */
    acq_token_cache_clear(c);
    cr_assert(acq_token_cache_active(c));
    cr_assert_eq(acq_token_cache_memory(c), full);
    record(c, 5);
    cr_assert(found(c, 5));
    acq_token_cache_free(c);
}

Test(token_cache, texts_that_repeat_keep_it_on)
{
    acq_token_cache *c = acq_token_cache_new(1 << 16);
    size_t hits = 0;
    /* One text in ten is the one before it again: more than 1 in 64. */
    for (uint64_t t = 0; t < 20000; t++) {
        uint64_t text = t % 10 == 9 ? t - 1 : t;
        if (found(c, text))
            hits++;
        else
            record(c, text);
        cr_assert(acq_token_cache_active(c), "off after %llu texts", (unsigned long long)t);
    }
    cr_assert_gt(hits, 1900);
    acq_token_cache_free(c);
}
