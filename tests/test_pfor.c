/* test_pfor.c: patched frame-of-reference blocks: round trips on random and
 * edge-case lists, size agreement, and corrupt input rejected. */
#include <criterion/criterion.h>
#include <string.h>

#include "codec/pfor.h"

static unsigned rng(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

static void round_trip(const uint32_t *v, size_t n)
{
    uint8_t buf[ACQ_PFOR_BOUND(128)];
    uint32_t out[128];
    size_t len = acq_pfor_encode(v, n, buf);
    cr_assert_gt(len, 0);
    cr_assert_leq(len, ACQ_PFOR_BOUND(n));
    cr_assert_eq(acq_pfor_size(buf, len, n), len);
    memset(out, 0xAB, sizeof out);
    cr_assert_eq(acq_pfor_decode(buf, len, out, n), len);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(out[i], v[i], "value %zu of %zu", i, n);
    /* Any shorter input is refused, never over-read. */
    for (size_t cut = 0; cut < len; cut++)
        cr_assert_eq(acq_pfor_decode(buf, cut, out, n), 0, "cut %zu of %zu", cut, len);
}

Test(pfor, edge_cases)
{
    uint32_t v[128];
    size_t sizes[] = {1, 2, 7, 127, 128};
    for (size_t s = 0; s < 5; s++) {
        size_t n = sizes[s];
        memset(v, 0, sizeof v);
        round_trip(v, n);                       /* all zero */
        for (size_t i = 0; i < n; i++) v[i] = 0xFFFFFFFFu;
        round_trip(v, n);                       /* all maximal */
        for (size_t i = 0; i < n; i++) v[i] = i % 2;
        v[n - 1] = 0xFFFFFFFFu;
        round_trip(v, n);                       /* one huge outlier */
        for (size_t i = 0; i < n; i++) v[i] = (uint32_t)(1u << (i % 32));
        round_trip(v, n);                       /* every width */
    }
}

Test(pfor, random_skewed_lists)
{
    unsigned seed = 42;
    uint32_t v[128];
    for (int round = 0; round < 3000; round++) {
        size_t n = 1 + rng(&seed) % 128;
        unsigned base_bits = rng(&seed) % 12, outliers = rng(&seed) % 20;
        for (size_t i = 0; i < n; i++)
            v[i] = base_bits ? rng(&seed) & ((1u << base_bits) - 1) : 0;
        for (unsigned k = 0; k < outliers; k++)
            v[rng(&seed) % n] = rng(&seed) * 977u;
        round_trip(v, n);
    }
}

Test(pfor, exceptions_make_skewed_blocks_smaller)
{
    uint32_t v[128];
    for (int i = 0; i < 128; i++)
        v[i] = (uint32_t)(i % 3);
    v[5] = 100000;
    uint8_t a[ACQ_PFOR_BOUND(128)], b[ACQ_PACK_BOUND(128)];
    size_t pf = acq_pfor_encode(v, 128, a), bp = acq_pack_block(v, 128, b);
    cr_assert_lt(pf, bp / 4, "pfor %zu bytes, plain %zu", pf, bp);
}

Test(pfor, corrupt_input_is_refused)
{
    uint32_t out[128];
    unsigned seed = 9;
    uint8_t junk[600];
    for (int round = 0; round < 5000; round++) {
        size_t len = rng(&seed) % sizeof junk;
        for (size_t i = 0; i < len; i++)
            junk[i] = (uint8_t)rng(&seed);
        size_t n = 1 + rng(&seed) % 128;
        size_t used = acq_pfor_decode(junk, len, out, n);
        cr_assert_leq(used, len);
        cr_assert_leq(acq_pfor_size(junk, len, n), len);
    }
    uint8_t bad[4] = {40, 0, 0, 0}; /* width 40 */
    cr_assert_eq(acq_pfor_decode(bad, 4, out, 1), 0);
    cr_assert_eq(acq_pfor_decode(bad, 4, out, 0), 0);
    cr_assert_eq(acq_pfor_decode(bad, 4, out, 129), 0);
}
