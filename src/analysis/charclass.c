/* charclass.c: code point classes for the tokenizer (see charclass.h). */
#include "analysis/charclass.h"

#include <utf8proc.h>

#define W ACQ_CC_WORD
const uint8_t acq_ascii_class[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /*  ! " # $ % & ' ( ) * + , - . / */
    0, 0, 0, 0, 0, 0, 0, ACQ_CC_APOS, 0, 0, 0, 0, 0, ACQ_CC_JOIN, ACQ_CC_DOT, ACQ_CC_JOIN,
    W, W, W, W, W, W, W, W, W, W, 0, 0, 0, 0, 0, 0,
    0, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
    W, W, W, W, W, W, W, W, W, W, W, 0, 0, 0, 0, 0,
    0, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
    W, W, W, W, W, W, W, W, W, W, W, 0, 0, 0, 0, 0,
};
#undef W

int acq_char_class(uint32_t cp)
{
    if (cp < 128)
        return acq_ascii_class[cp];
    if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE63 || cp == 0xFF0D ||
        cp == 0x00AD /* soft hyphen */)
        return ACQ_CC_JOIN;
    if (cp == 0x2019 || cp == 0x02BC || cp == 0xFF07)
        return ACQ_CC_APOS;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return ACQ_CC_WORD;
    default:
        return ACQ_CC_SEP;
    }
}

int acq_char_is_digit(uint32_t cp)
{
    if (cp < 128)
        return cp >= '0' && cp <= '9';
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ND;
}
