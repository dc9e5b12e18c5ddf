/* test_utf8.c: strict UTF-8 decoding and validation edge cases. */
#include <criterion/criterion.h>
#include <string.h>

#include "common/utf8.h"

static int valid(const char *s, size_t n, size_t *off) { return acq_utf8_valid((const uint8_t *)s, n, off); }

Test(utf8, accepts_all_lengths)
{
    const char *s = "Pr\xC3\xBCm \xE2\x80\x93 \xF0\x9F\x94\x8D ok"; /* ü, en dash, emoji */
    cr_assert(valid(s, strlen(s), NULL));
    uint32_t cp;
    cr_assert_eq(acq_utf8_decode((const uint8_t *)"\xC3\xBC", 2, &cp), 2);
    cr_assert_eq(cp, 0xFC);
    cr_assert_eq(acq_utf8_decode((const uint8_t *)"\xF0\x9F\x94\x8D", 4, &cp), 4);
    cr_assert_eq(cp, 0x1F50D);
}

Test(utf8, rejects_bad_sequences_with_offset)
{
    struct { const char *s; size_t n; size_t off; } bad[] = {
        {"ab\x80", 3, 2},             /* lone continuation */
        {"a\xC0\xAF", 3, 1},          /* overlong '/' */
        {"\xE0\x80\xAF", 3, 0},       /* overlong 3-byte */
        {"xx\xED\xA0\x80", 5, 2},     /* surrogate */
        {"\xF4\x90\x80\x80", 4, 0},   /* > U+10FFFF */
        {"abc\xC3", 4, 3},            /* truncated */
        {"\xFF", 1, 0},
        {"12345678\xE2\x82", 10, 8},  /* truncated after the 8-byte fast path */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t off = 99;
        cr_assert_not(valid(bad[i].s, bad[i].n, &off), "case %zu", i);
        cr_assert_eq(off, bad[i].off, "case %zu: offset %zu", i, off);
    }
}

Test(utf8, encode_decode_round_trip)
{
    uint32_t cps[] = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        uint8_t b[4];
        size_t n = acq_utf8_encode(cps[i], b);
        uint32_t back;
        cr_assert_eq(acq_utf8_decode(b, n, &back), n);
        cr_assert_eq(back, cps[i]);
    }
}
