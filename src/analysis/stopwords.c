/* stopwords.c: the stopword lists (see stopwords.h). */
#include "analysis/stopwords.h"

#include <string.h>

static const char *const english[] = {
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in",
    "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the",
    "their", "then", "there", "these", "they", "this", "to", "was", "will",
    "with", NULL};

static const char *const french[] = {
    "a", "au", "aux", "avec", "c", "ce", "ces", "d", "dans", "de", "des", "du",
    "elle", "en", "est", "et", "eux", "il", "ils", "j", "je", "l", "la", "le",
    "les", "leur", "leurs", "lui", "m", "mais", "me", "meme", "mes", "moi",
    "mon", "n", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour",
    "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sont", "sur", "t",
    "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous",
    "y", NULL};

static const char *const german[] = {
    "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "das",
    "dass", "dem", "den", "der", "des", "die", "durch", "ein", "eine",
    "einem", "einen", "einer", "eines", "er", "es", "fur", "hat", "im", "in",
    "ist", "mit", "nach", "nicht", "oder", "sich", "sie", "sind", "so",
    "uber", "um", "und", "vom", "von", "vor", "wie", "wird", "zu", "zum",
    "zur", NULL};

const char *const *acq_stopwords_for(const char *lang)
{
    if (lang == NULL || strcmp(lang, "en") == 0)
        return english;
    if (strcmp(lang, "fr") == 0)
        return french;
    if (strcmp(lang, "de") == 0)
        return german;
    return NULL;
}
