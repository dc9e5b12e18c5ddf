// stopwords.h: the English stop list of Lucene's EnglishAnalyzer
// (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, 33 words), for the optional
// --stopwords mode of the Xapian driver. Off by default.
#ifndef PEERS_XAPIAN_STOPWORDS_H
#define PEERS_XAPIAN_STOPWORDS_H
static const char *const lucene_english_stopwords[] = {
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if",
    "in", "into", "is", "it", "no", "not", "of", "on", "or", "such", "that",
    "the", "their", "then", "there", "these", "they", "this", "to", "was",
    "will", "with",
};
#endif
