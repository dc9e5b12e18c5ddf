/* language.c: the table of the 24 official languages and the mapping of
 * codes, aliases and names onto it (see language.h). */
#include "analysis/language.h"

#include <stdio.h>
#include <string.h>

/* fold_before_stem, measured on ../shared/corpus/eurlex-24 (README.md,
 * "Languages"): Snowball's rules for Spanish, French, Irish, Hungarian,
 * Italian, Lithuanian, Portuguese, Romanian and Swedish name accented suffixes
 * (-ación, -ée, -aíocht, -ból, -ità, -ės, -ção, -ării, -när), so those get
 * their accents until the stem is made and lose them after. Danish and Dutch
 * stem the same either way; they follow the same rule. English and German
 * keep the order acquis always had (German's stemmer folds umlauts itself).
 * Greek and Finnish fold first: Snowball's Greek turns ϊ into η, and its
 * Finnish leaves -jä/-jen plurals unconflated unless ä/ö are folded. Our own
 * stemmers are written for folded words. */
#define SNOW(code, name, alg, fold_first, rules) \
    {code, name, alg, NULL, fold_first, rules}
#define LIGHT(code, name, fn, rules) \
    {code, name, NULL, fn, 1, rules}

static const acq_language table[] = {
    LIGHT("bg", "Bulgarian", acq_stem_bg, 0),
    LIGHT("cs", "Czech", acq_stem_cs, 0),
    SNOW("da", "Danish", "danish", 0, 0),
    SNOW("de", "German", "german", 1, 0),
    SNOW("el", "Greek", "greek", 1, 0),
    SNOW("en", "English", "english", 1, 0),
    SNOW("es", "Spanish", "spanish", 0, 0),
    LIGHT("et", "Estonian", acq_stem_et, 0),
    SNOW("fi", "Finnish", "finnish", 1, 0),
    SNOW("fr", "French", "french", 0, 0),
    SNOW("ga", "Irish", "irish", 0, ACQ_LANG_GA_MUTATIONS),
    LIGHT("hr", "Croatian", acq_stem_hr, 0),
    SNOW("hu", "Hungarian", "hungarian", 0, 0),
    SNOW("it", "Italian", "italian", 0, 0),
    SNOW("lt", "Lithuanian", "lithuanian", 0, 0),
    LIGHT("lv", "Latvian", acq_stem_lv, 0),
    LIGHT("mt", "Maltese", acq_stem_mt, ACQ_LANG_MT_ARTICLES),
    SNOW("nl", "Dutch", "dutch", 0, 0),
    LIGHT("pl", "Polish", acq_stem_pl, 0),
    SNOW("pt", "Portuguese", "portuguese", 0, 0),
    SNOW("ro", "Romanian", "romanian", 0, ACQ_LANG_RO_SCEDILLA),
    LIGHT("sk", "Slovak", acq_stem_sk, 0),
    LIGHT("sl", "Slovene", acq_stem_sl, 0),
    SNOW("sv", "Swedish", "swedish", 0, 0),
};
#define NLANG (sizeof table / sizeof table[0])

/* ISO 639-2 codes (bibliographic and terminology) and other names. */
static const struct {
    const char *alias;
    const char *code;
} aliases[] = {
    {"bul", "bg"}, {"ces", "cs"}, {"cze", "cs"}, {"dan", "da"}, {"deu", "de"},
    {"ger", "de"}, {"ell", "el"}, {"gre", "el"}, {"eng", "en"}, {"spa", "es"},
    {"est", "et"}, {"fin", "fi"}, {"fra", "fr"}, {"fre", "fr"}, {"gle", "ga"},
    {"hrv", "hr"}, {"hun", "hu"}, {"ita", "it"}, {"lit", "lt"}, {"lav", "lv"},
    {"mlt", "mt"}, {"nld", "nl"}, {"dut", "nl"}, {"pol", "pl"}, {"por", "pt"},
    {"ron", "ro"}, {"rum", "ro"}, {"slk", "sk"}, {"slo", "sk"}, {"slv", "sl"},
    {"swe", "sv"}, {"slovenian", "sl"},
};

size_t acq_language_count(void) { return NLANG; }

const acq_language *acq_language_at(size_t i)
{
    return i < NLANG ? &table[i] : NULL;
}

const acq_language *acq_language_find(const char *code)
{
    if (code == NULL)
        return NULL;
    /* Lowercase, up to a region or script subtag: "pt-PT", "en_GB", "sr-Latn". */
    char key[32];
    size_t n = 0;
    for (const char *p = code; *p && *p != '-' && *p != '_'; p++) {
        if (n + 1 >= sizeof key)
            return NULL;
        char c = *p;
        key[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    key[n] = '\0';
    if (n == 0)
        return NULL;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(aliases[i].alias, key) == 0) {
            snprintf(key, sizeof key, "%s", aliases[i].code);
            break;
        }
    for (size_t i = 0; i < NLANG; i++) {
        if (strcmp(table[i].code, key) == 0)
            return &table[i];
        /* English names, as libstemmer and the eurlex-24 folders spell them. */
        char name[32];
        size_t k = 0;
        for (const char *p = table[i].name; *p && k + 1 < sizeof name; p++)
            name[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        name[k] = '\0';
        if (strcmp(name, key) == 0)
            return &table[i];
    }
    return NULL;
}

const char *acq_language_codes(void)
{
    return "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv";
}

int acq_language_resolve(const char *code, const acq_language **out, acq_err *err)
{
    *out = acq_language_find(code);
    if (*out)
        return ACQ_OK;
    return acq_err_set(err, ACQ_EARG,
                       "unknown language '%s': acquis analyses the 24 official EU languages, "
                       "named by their ISO 639-1 codes (%s), ISO 639-2 codes or English names; "
                       "texts in any other language are only tokenised and folded",
                       code ? code : "(none)", acq_language_codes());
}
