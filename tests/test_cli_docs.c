/* test_cli_docs.c: the commands for documents that change, end to end
 * through the built `acquis`: inputs without a single document (exit 2,
 * nothing committed), a disk that fills up (a child under a small
 * RLIMIT_FSIZE: the message names the index file and the system's reason,
 * and the old index is intact), and a rebuild that still ends with one
 * segment. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "acquis.h"
#include "support.h"

/* ---- helpers ---------------------------------------------------------------- */

/* Runs a shell command; returns its stdout (caller frees). */
static char *run(int *status, const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    char *out = NULL;
    *status = test_run(cmd, &out);
    cr_assert_not_null(out, "%s", cmd);
    return out;
}

static void write_file(const char *dir, const char *name, const char *content, char *path, size_t n)
{
    snprintf(path, n, "%s/%s", dir, name);
    cr_assert_eq(test_write_file(path, content), 0, "%s", path);
}

/* A few documents of our own, ids with odd bytes among them. */
static const char DOCS[] =
    "{\"id\":\"europol\",\"title\":\"Europol Regulation\",\"text\":\"Police cooperation through Europol.\","
    "\"date\":\"2016-05-11\",\"type\":\"REG\",\"lang\":\"en\",\"celex\":\"32016R0794\","
    "\"url\":\"https://eur-lex.europa.eu/eli/reg/2016/794/oj\"}\n"
    "{\"id\":\"prum\",\"title\":\"Prüm Decision\",\"text\":\"Exchange of DNA profiles and fingerprints.\","
    "\"date\":\"2008-06-23\",\"type\":\"DEC\"}\n"
    "{\"id\":\"eaw\",\"title\":\"European Arrest Warrant\",\"text\":\"Surrender between Member States.\","
    "\"date\":\"2002-06-13\",\"type\":\"DEC\"}\n"
    "{\"id\":\"schengen\",\"title\":\"Schengen Borders Code\",\"text\":\"Border control of persons.\","
    "\"date\":\"2016-03-09\",\"type\":\"REG\"}\n"
    "{\"id\":\"odd \\\"q\\\" \\\\ \\t-x\",\"title\":\"T\\u001b[31mred\\nline\",\"text\":\"nul:\\u0000: esc:\\u001b: "
    "tab:\\t nl:\\n del:\\u007f é 日本 \\ud83d\\ude00 Odd\"}\n"
    "{\"id\":\"-dash\",\"title\":\"Starts with a dash\",\"text\":\"An id that looks like an option.\"}\n"
    "{\"id\":\"Ünïcødé/ïd\",\"title\":\"Unicode\",\"text\":\"Accents in the id.\",\"lang\":\"fr\"}\n";
#define NDOCS 7

typedef struct fixture {
    char *tmp;
    char ix[4200];
} fixture;

static fixture make_index(void)
{
    fixture f = {test_tmpdir(), ""};
    cr_assert_not_null(f.tmp);
    char in[4200];
    write_file(f.tmp, "docs.jsonl", DOCS, in, sizeof in);
    snprintf(f.ix, sizeof f.ix, "%s/ix", f.tmp);
    int st;
    char *out = run(&st, "%s index -q -o '%s' '%s' 2>&1", ACQ_CLI_PATH, f.ix, in);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    return f;
}

static void drop(fixture *f)
{
    test_rmrf(f->tmp);
    free(f->tmp);
}

static acq_index_stats stats_of(const char *dir)
{
    acq_index *ix = NULL;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_index_stats st = ACQ_INDEX_STATS_INIT;
    cr_assert_eq(acq_index_stats_get(ix, &st), ACQ_OK);
    acq_index_close(ix);
    return st;
}

/* The stored document, or NULL if there is none (caller frees). */
static acq_document *fetch(const char *dir, const char *id)
{
    acq_index *ix = NULL;
    char msg[512];
    cr_assert_eq(acq_index_open(&ix, dir, msg, sizeof msg), ACQ_OK, "%s", msg);
    acq_document *d = NULL;
    int rc = acq_index_document(&d, ix, id, msg, sizeof msg);
    cr_assert(rc == ACQ_OK || rc == ACQ_ENOTFOUND, "%s: %s", id, msg);
    acq_index_close(ix);
    return d;
}

static char *manifest_of(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    char *m = test_read_file(path, NULL);
    cr_assert_not_null(m, "%s", path);
    return m;
}

static void expect_unchanged(const char *dir, const char *manifest_before)
{
    char *now = manifest_of(dir);
    cr_assert_str_eq(now, manifest_before, "the index was changed");
    free(now);
    int st;
    char *out = run(&st, "%s stats -i '%s' --check 2>&1", ACQ_CLI_PATH, dir);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
}

/* ---- inputs without documents -------------------------------------------------------- */

Test(cli_docs, an_input_without_documents_commits_nothing)
{
    fixture f = make_index();
    char csv[4200], empty[4200], folder[4200], good[4200], junk[4200];
    write_file(f.tmp, "acts.csv", "id,title,text\n1,Europol,Police\n", csv, sizeof csv);
    write_file(f.tmp, "empty.jsonl", "", empty, sizeof empty);
    write_file(f.tmp, "good.jsonl", "{\"id\":\"good\",\"title\":\"Good\",\"text\":\"A document.\"}\n", good,
               sizeof good);
    snprintf(folder, sizeof folder, "%s/nothing", f.tmp);
    cr_assert_eq(mkdir(folder, 0777), 0);
    write_file(folder, "image.png", "not a document", junk, sizeof junk);
    write_file(folder, ".hidden.txt", "hidden", junk, sizeof junk);
    char *m = manifest_of(f.ix);
    const char *inputs[] = {csv, empty, folder};
    const char *cmds[] = {"index -o", "index --append -o", "add -i"};
    for (size_t c = 0; c < 3; c++)
        for (size_t i = 0; i < 3; i++) {
            int st;
            /* Alone, and after an input that has documents. */
            for (int with_good = 0; with_good < 2; with_good++) {
                char *out = run(&st, "%s %s '%s' %s%s%s '%s' 2>&1", ACQ_CLI_PATH, cmds[c], f.ix,
                                with_good ? "'" : "", with_good ? good : "", with_good ? "'" : "", inputs[i]);
                cr_assert_eq(st, 2, "%s %s: %s", cmds[c], inputs[i], out);
                char want[4400];
                snprintf(want, sizeof want, "no documents found in %s", inputs[i]);
                cr_assert(strstr(out, want) != NULL, "%s", out);
                cr_assert(strstr(out, "nothing committed") != NULL && strstr(out, "is unchanged") != NULL, "%s",
                          out);
                free(out);
                expect_unchanged(f.ix, m);
            }
        }
    free(m);
    /* Into a new directory: no index, and no directory, is left behind. */
    char fresh[4200];
    snprintf(fresh, sizeof fresh, "%s/fresh", f.tmp);
    int st;
    char *out = run(&st, "%s index -o '%s' '%s' 2>&1", ACQ_CLI_PATH, fresh, empty);
    cr_assert_eq(st, 2, "%s", out);
    cr_assert(strstr(out, "no index was created") != NULL, "%s", out);
    free(out);
    cr_assert(!test_exists(fresh));
    drop(&f);
}

/* ---- a full disk ---------------------------------------------------------------------- */

/* Runs acquis with argv in a child whose files may not grow past limit
 * bytes (SIGXFSZ ignored, so writes fail with EFBIG), stderr into errpath.
 * Returns the exit status. */
static int run_limited(rlim_t limit, const char *errpath, char *const argv[])
{
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd < 0 || dup2(fd, 2) < 0)
            _exit(99);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, 1);
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {limit, limit};
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(98);
        execv(ACQ_CLI_PATH, argv);
        _exit(97);
    }
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st), "the child died of signal %d", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return WEXITSTATUS(st);
}

/* n documents of pseudo-random words (little redundancy, so that stored
 * texts stay large once compressed). */
static void write_random_docs(const char *path, int n, int words)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    unsigned long x = 88172645463325252UL;
    for (int i = 0; i < n; i++) {
        fprintf(f, "{\"id\":\"gen-%d\",\"title\":\"Generated %d\",\"text\":\"", i, i);
        for (int w = 0; w < words; w++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            int len = 3 + (int)(x % 8);
            for (int k = 0; k < len; k++)
                fputc('a' + (int)((x >> (8 + 5 * k)) % 26), f);
            fputc(' ', f);
        }
        fputs("\"}\n", f);
    }
    cr_assert_eq(fclose(f), 0);
}

static void expect_disk_full_message(const char *errpath, const char *ix, int status)
{
    char *err = test_read_file(errpath, NULL);
    cr_assert_not_null(err);
    cr_assert_eq(status, 2, "%s", err);
    char want[4300];
    snprintf(want, sizeof want, "cannot write %s/seg-", ix);
    cr_assert(strstr(err, want) != NULL, "the message names the index file: %s", err);
    cr_assert(strstr(err, "File too large") != NULL, "and the system's reason: %s", err);
    cr_assert(strstr(err, "stopped by the document callback") == NULL, "%s", err);
    cr_assert(strstr(err, "nothing committed") != NULL && strstr(err, "is unchanged") != NULL, "%s", err);
    free(err);
}

Test(cli_docs, a_full_disk_names_the_file_and_the_reason_and_keeps_the_index, .timeout = 120)
{
    fixture f = make_index();
    char *m = manifest_of(f.ix);
    char big[4200], small[4200], errpath[4200];
    snprintf(big, sizeof big, "%s/big.jsonl", f.tmp);
    snprintf(small, sizeof small, "%s/small.jsonl", f.tmp);
    snprintf(errpath, sizeof errpath, "%s/stderr.txt", f.tmp);
    /* Random words against an 8 MB budget: a segment is flushed while
     * documents are being added, and that write fails. */
    write_random_docs(big, 1000, 1000);
    /* A few documents: the write fails at the commit. */
    write_random_docs(small, 40, 400);
    char *rebuild[] = {"acquis", "index", "-q", "--memory", "8", "-o", f.ix, big, NULL};
    char *add_big[] = {"acquis", "add", "-q", "--memory", "8", "-i", f.ix, big, NULL};
    char *add_small[] = {"acquis", "add", "-q", "-i", f.ix, small, NULL};
    char **runs[] = {rebuild, add_big, add_small};
    for (size_t i = 0; i < 3; i++) {
        int st = run_limited(64 * 1024, errpath, runs[i]);
        expect_disk_full_message(errpath, f.ix, st);
        if (i < 2) {
            char *err = test_read_file(errpath, NULL);
            cr_assert(strstr(err, "while adding the document at") != NULL && strstr(err, "big.jsonl line") != NULL,
                      "says where it stopped: %s", err);
            free(err);
        }
        expect_unchanged(f.ix, m);
        acq_document *d = fetch(f.ix, "europol");
        cr_assert_not_null(d);
        acq_document_free(d);
        cr_assert_eq(stats_of(f.ix).documents, NDOCS);
    }
    /* With room again, the same add goes through. */
    int st;
    char *out = run(&st, "%s add -q -i '%s' '%s' 2>&1", ACQ_CLI_PATH, f.ix, small);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    cr_assert_eq(stats_of(f.ix).documents, NDOCS + 40);
    free(m);
    drop(&f);
}

Test(cli_docs, a_rebuild_still_ends_with_one_segment, .timeout = 120)
{
    char *dir = test_tmpdir();
    char in[4200], ix[4200], appended[4200];
    snprintf(in, sizeof in, "%s/big.jsonl", dir);
    snprintf(ix, sizeof ix, "%s/ix", dir);
    snprintf(appended, sizeof appended, "%s/appended", dir);
    /* Random words against an 8 MB budget: several flushed segments, which
     * an append into a new directory keeps and a rebuild merges. */
    write_random_docs(in, 600, 1000);
    int st;
    char *out = run(&st, "%s index -q --memory 8 --append -o '%s' '%s' 2>&1", ACQ_CLI_PATH, appended, in);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    cr_assert_gt(stats_of(appended).segments, 1, "the input should flush several segments");
    out = run(&st, "%s index -q --memory 8 -o '%s' '%s' 2>&1", ACQ_CLI_PATH, ix, in);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    acq_index_stats s = stats_of(ix);
    cr_assert_eq(s.segments, 1);
    cr_assert_eq(s.documents, 600);
    test_rmrf(dir);
    free(dir);
}

