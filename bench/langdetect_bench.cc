/* langdetect_bench.cc: measures the two Debian language detectors, CLD2
 * (libcld2) and libexttextcat, on ../shared/corpus/eurlex-24/: accuracy per
 * language on paragraphs (lines of at least 50 code points) and on whole
 * files, speed in MB/s, and which of the 24 languages each never names.
 *
 * C++ because CLD2's only interface is C++ (namespace CLD2, std::vector in
 * its signatures); the library itself needs no C++ (see bench/README.md).
 * It is built twice: against libcld2 (the 83-language "Chrome" tables) and,
 * as langdetect_bench_full, against libcld2_full (the 160-language tables).
 *
 *   build/bench/langdetect_bench [CORPUS_DIR] [TEXTCAT_DIR]
 *
 * libexttextcat is measured three ways: as shipped (fpdb.conf, 170
 * fingerprints), restricted to the 24 EU fingerprints through its
 * fingerprint API, and acquis's own acq_lang_detect (the 24 fingerprints
 * plus its thresholds: an answer or "unsure"). */
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <string>
#include <vector>

/* compact_lang_det.h uses FILE without including <cstdio>: it comes after. */
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

extern "C" {
#include <libexttextcat/fingerprint.h>
#include <libexttextcat/textcat.h>
#include "analysis/langdetect.h"
}


#ifndef BENCH_CLD2_NAME
#define BENCH_CLD2_NAME "libcld2"
#endif

static const char *const LANGS[24][2] = {
    {"bg", "bulgarian"},  {"cs", "czech"},      {"da", "danish"},
    {"de", "german"},     {"el", "greek"},      {"en", "english"},
    {"es", "spanish"},    {"et", "estonian"},   {"fi", "finnish"},
    {"fr", "french"},     {"ga", "irish"},      {"hr", "croatian"},
    {"hu", "hungarian"},  {"it", "italian"},    {"lt", "lithuanian"},
    {"lv", "latvian"},    {"mt", "maltese"},    {"nl", "dutch"},
    {"pl", "polish"},     {"pt", "portuguese"}, {"ro", "romanian"},
    {"sk", "slovak"},     {"sl", "slovenian"},  {"sv", "swedish"}};

enum { D_CLD2, D_TC_ALL, D_TC_24, D_ACQ, ND };
static const char *const DNAME[ND] = {BENCH_CLD2_NAME, "textcat (170 fingerprints)",
                                      "textcat (24 EU fingerprints)", "acq_lang_detect"};

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static size_t cps(const std::string &s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

static bool read_file(const std::string &path, std::string &out) {
    FILE *f = fopen(path.c_str(), "rb");
    if (!f) return false;
    char buf[65536];
    size_t n;
    out.clear();
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    fclose(f);
    return true;
}

/* ---- the detectors: each answers a two-letter code, or "" ---------------- */

static std::string det_cld2(const std::string &t) {
    CLD2::Language lang3[3];
    int pct3[3], text_bytes, valid = 0;
    double norm3[3];
    bool reliable = false;
    CLD2::Language l = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        t.data(), (int)t.size(), true, nullptr, 0, lang3, pct3, norm3, nullptr,
        &text_bytes, &reliable, &valid);
    if (l == CLD2::UNKNOWN_LANGUAGE) return "";
    return CLD2::LanguageCode(l);
}

static void *tc_all;
static std::vector<void *> tc24;

static std::string det_tc_all(const std::string &t) {
    static std::vector<candidate_t> cand;
    if (cand.empty()) cand.resize(200);
    int n = textcat_ClassifyFull(tc_all, t.c_str(), t.size(), cand.data());
    if (n <= 0) return "";
    std::string name = cand[0].name; /* "hr--utf8", "zh-CN-utf8" */
    return name.substr(0, name.find('-'));
}

static std::string det_tc24(const std::string &t) {
    void *u = fp_Init(nullptr);
    fp_SetProperty(u, TCPROP_UTF8AWARE, TC_TRUE);
    if (fp_Create(u, t.c_str(), (uint4)t.size(), 400) == 0) {
        fp_Done(u);
        return "";
    }
    int best = INT_MAX, bi = -1;
    for (size_t i = 0; i < tc24.size(); i++) {
        int s = fp_Compare(tc24[i], u, best);
        if (s < best) best = s, bi = (int)i;
    }
    fp_Done(u);
    return bi < 0 ? "" : LANGS[bi][0];
}

static std::string det_acq(const std::string &t) {
    char code[3];
    double conf;
    if (acq_lang_detect(t.data(), t.size(), code, &conf) != 0) return "";
    return code;
}

static std::string detect(int d, const std::string &t) {
    switch (d) {
    case D_CLD2: return det_cld2(t);
    case D_TC_ALL: return det_tc_all(t);
    case D_TC_24: return det_tc24(t);
    default: return det_acq(t);
    }
}

/* ---- measuring ----------------------------------------------------------- */

struct Tally {
    long right = 0, unsure = 0, n = 0;
    double bytes = 0, secs = 0;
};

int main(int argc, char **argv) {
    std::string corpus = argc > 1 ? argv[1] : "../shared/corpus/eurlex-24";
    std::string tcdir = argc > 2 ? argv[2] : ACQ_TEXTCAT_DATA;

    std::string conf = tcdir + "/fpdb.conf", prefix = tcdir + "/";
    tc_all = special_textcat_Init(conf.c_str(), prefix.c_str());
    if (!tc_all) {
        fprintf(stderr, "cannot load %s (apt-get install libexttextcat-data)\n", conf.c_str());
        return 1;
    }
    for (auto &l : LANGS) {
        void *fp = fp_Init(l[0]);
        std::string p = tcdir + "/" + l[0] + ".lm";
        if (!fp_Read(fp, p.c_str(), 400)) {
            fprintf(stderr, "cannot read %s\n", p.c_str());
            return 1;
        }
        tc24.push_back(fp);
    }
    char code[3];
    double c;
    int rc = acq_lang_detect("warm up the detector once", 25, code, &c);
    if (rc != 0 && rc != -8) {
        fprintf(stderr, "acq_lang_detect cannot start (%d)\n", rc);
        return 1;
    }

    Tally para[24][ND], file[24][ND], ptot[ND], ftot[ND];
    long named[ND][24] = {};        /* how often each language was answered */
    std::vector<std::string> wrong[24][ND];
    for (int li = 0; li < 24; li++) {
        for (const char *split : {"test", "validation"}) {
            std::string dir = corpus + "/" + LANGS[li][1] + "/" + split;
            DIR *dp = opendir(dir.c_str());
            if (!dp) {
                fprintf(stderr, "skipping %s: not there (is ../shared beside the repository?)\n", dir.c_str());
                continue;
            }
            std::vector<std::string> names;
            while (struct dirent *e = readdir(dp))
                if (strstr(e->d_name, ".txt")) names.push_back(e->d_name);
            closedir(dp);
            for (auto &nm : names) {
                std::string text;
                if (!read_file(dir + "/" + nm, text)) continue;
                std::vector<std::string> paras;
                size_t s = 0;
                while (s < text.size()) {
                    size_t e = text.find('\n', s);
                    if (e == std::string::npos) e = text.size();
                    std::string p = text.substr(s, e - s);
                    while (!p.empty() && (p.back() == ' ' || p.back() == '\r')) p.pop_back();
                    if (cps(p) >= 50) paras.push_back(p);
                    s = e + 1;
                }
                for (int d = 0; d < ND; d++) {
                    double t0 = now();
                    std::string got = detect(d, text);
                    double t1 = now();
                    Tally &f = file[li][d];
                    f.n++, f.bytes += text.size(), f.secs += t1 - t0;
                    if (got == LANGS[li][0]) f.right++;
                    else if (got.empty()) f.unsure++;
                    for (auto &p : paras) {
                        t0 = now();
                        got = detect(d, p);
                        t1 = now();
                        Tally &q = para[li][d];
                        q.n++, q.bytes += p.size(), q.secs += t1 - t0;
                        if (got == LANGS[li][0]) q.right++;
                        else if (got.empty()) q.unsure++;
                        else if (wrong[li][d].size() < 400) wrong[li][d].push_back(got);
                        for (int k = 0; k < 24; k++)
                            if (got == LANGS[k][0]) named[d][k]++;
                    }
                }
            }
        }
    }

    printf("## %s beside libexttextcat\n\n", BENCH_CLD2_NAME);
    printf("Paragraphs: lines of at least 50 code points; files: the whole file. "
           "%% right (%% answered \"unsure\", acq_lang_detect only).\n\n");
    printf("| lang | paragraphs | files |");
    for (int d = 0; d < ND; d++) printf(" %s, paragraphs | files |", DNAME[d]);
    printf(" most frequent wrong answer (%s / textcat 170) |\n|---|--:|--:|", BENCH_CLD2_NAME);
    for (int d = 0; d < ND; d++) printf("--:|--:|");
    printf("---|\n");
    for (int li = 0; li < 24; li++) {
        printf("| %s | %ld | %ld |", LANGS[li][0], para[li][0].n, file[li][0].n);
        for (int d = 0; d < ND; d++) {
            Tally &p = para[li][d], &f = file[li][d];
            ptot[d].n += p.n, ptot[d].right += p.right, ptot[d].unsure += p.unsure;
            ptot[d].bytes += p.bytes, ptot[d].secs += p.secs;
            ftot[d].n += f.n, ftot[d].right += f.right, ftot[d].unsure += f.unsure;
            ftot[d].bytes += f.bytes, ftot[d].secs += f.secs;
            if (d == D_ACQ)
                printf(" %.1f (%.1f) | %ld/%ld |", p.n ? 100.0 * p.right / p.n : 0.0,
                       p.n ? 100.0 * p.unsure / p.n : 0.0, f.right, f.n);
            else
                printf(" %.1f | %ld/%ld |", p.n ? 100.0 * p.right / p.n : 0.0, f.right, f.n);
        }
        for (int d : {D_CLD2, D_TC_ALL}) {
            std::string top = "-";
            size_t topn = 0;
            for (auto &w : wrong[li][d]) {
                size_t k = 0;
                for (auto &x : wrong[li][d]) k += x == w;
                if (k > topn) topn = k, top = w;
            }
            printf(" %s%s", top.c_str(), d == D_CLD2 ? " /" : " |\n");
        }
    }
    printf("| all | %ld | %ld |", ptot[0].n, ftot[0].n);
    for (int d = 0; d < ND; d++) {
        if (d == D_ACQ)
            printf(" **%.1f** (%.1f) | **%ld/%ld** |", 100.0 * ptot[d].right / ptot[d].n,
                   100.0 * ptot[d].unsure / ptot[d].n, ftot[d].right, ftot[d].n);
        else
            printf(" **%.1f** | **%ld/%ld** |", 100.0 * ptot[d].right / ptot[d].n,
                   ftot[d].right, ftot[d].n);
    }
    printf(" |\n\n| detector | paragraphs MB/s | files MB/s | µs per paragraph | µs per file | never names |\n"
           "|---|--:|--:|--:|--:|---|\n");
    for (int d = 0; d < ND; d++) {
        std::string never;
        for (int k = 0; k < 24; k++)
            if (!named[d][k]) never += std::string(never.empty() ? "" : " ") + LANGS[k][0];
        printf("| %s | %.1f | %.1f | %.0f | %.0f | %s |\n", DNAME[d],
               ptot[d].bytes / 1e6 / ptot[d].secs, ftot[d].bytes / 1e6 / ftot[d].secs,
               1e6 * ptot[d].secs / ptot[d].n, 1e6 * ftot[d].secs / ftot[d].n,
               never.empty() ? "-" : never.c_str());
    }
    /* What one long document costs acq_lang_detect: UTF-8 validation of all
     * of it, then the 8 KiB sample. */
    std::string big, one;
    std::string edir = corpus + "/english/test";
    if (DIR *dp = opendir(edir.c_str())) {
        while (struct dirent *e = readdir(dp))
            if (strstr(e->d_name, ".txt") && read_file(edir + "/" + e->d_name, one)) big += one;
        closedir(dp);
    }
    if (!big.empty()) {
        std::string doc;
        for (size_t want : {(size_t)100000, (size_t)1000000, (size_t)10000000}) {
            while (doc.size() < want) doc += big;
            doc.resize(want);
            while (!doc.empty() && ((unsigned char)doc.back() & 0xC0) == 0x80) doc.pop_back();
            if (!doc.empty() && (unsigned char)doc.back() >= 0xC0) doc.pop_back();
            double t0 = now();
            int reps = 20;
            for (int r = 0; r < reps; r++) det_acq(doc);
            printf("%sacq_lang_detect on one English document of %zu bytes: %.0f µs (%s)\n",
                   want == 100000 ? "\n" : "", doc.size(), 1e6 * (now() - t0) / reps,
                   det_acq(doc).c_str());
        }
    }
    printf("\nCLD2 version: %s; libexttextcat %s\n", CLD2::DetectLanguageVersion(), textcat_Version());
    for (void *fp : tc24) fp_Done(fp);
    textcat_Done(tc_all);
    return 0;
}
