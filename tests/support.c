/* support.c: test helpers (see support.h). */
#include "support.h"

#include "acquis.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *test_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/acquis-test-XXXXXX", base && *base ? base : "/tmp");
    if (mkdtemp(tmpl) == NULL)
        return NULL;
    return strdup(tmpl);
}

char *test_copy_of(const char *rel)
{
    char *dir = test_tmpdir();
    if (dir == NULL)
        return NULL;
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "cp -r '%s/%s/.' '%s'", ACQ_SOURCE_DIR, rel, dir);
    if (system(cmd) != 0) {
        test_rmrf(dir);
        free(dir);
        return NULL;
    }
    return dir;
}

void test_rmrf(const char *path)
{
    if (path == NULL || strlen(path) < 5)
        return;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0) { /* best effort */ }
}

int test_run(const char *cmd, char **out)
{
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return -1;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    if (buf)
        buf[len] = '\0';
    int st = pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int test_write_file(const char *path, const char *content)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    size_t n = strlen(content);
    int rc = fwrite(content, 1, n, f) == n ? 0 : -1;
    return fclose(f) == 0 ? rc : -1;
}

char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return buf;
}

const char *test_shared_dir(void)
{
    const char *env = getenv("ACQ_TEST_SHARED_DIR");
    return env && *env ? env : ACQ_SHARED_DIR_DEFAULT;
}

int test_shared(char *path, size_t size, const char *rel)
{
    snprintf(path, size, "%s/%s", test_shared_dir(), rel);
    return test_exists(path);
}

int test_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static uint64_t rng_state = 1;

void test_rng_seed(uint64_t seed) { rng_state = seed ? seed : 1; }

uint64_t test_rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

char *test_dir_state(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return NULL;
    char names[64][256];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && strcmp(e->d_name, "write.lock") != 0 && n < 64)
            snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
    size_t cap = 64 * 400, len = 0;
    char *s = malloc(cap);
    s[0] = '\0';
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%.3800s/%.255s", dir, names[i]);
        size_t fl = 0;
        char *data = test_read_file(path, &fl);
        if (data == NULL) {
            free(s);
            return NULL;
        }
        uint64_t h = 1469598103934665603ull; /* FNV-1a of the bytes */
        for (size_t k = 0; k < fl; k++)
            h = (h ^ (uint8_t)data[k]) * 1099511628211ull;
        free(data);
        len += (size_t)snprintf(s + len, cap - len, "%s:%zu:%016llx\n", names[i], fl, (unsigned long long)h);
    }
    return s;
}

uint64_t test_total(const char *dir, const char *query)
{
    acq_index *ix = NULL;
    char msg[512];
    if (acq_index_open(&ix, dir, msg, sizeof msg) != ACQ_OK) {
        fprintf(stderr, "test_total: %s: %s\n", dir, msg);
        return UINT64_MAX;
    }
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    o.count = 1;
    acq_results *r = NULL;
    uint64_t total = UINT64_MAX;
    if (acq_search(&r, ix, query, &o, msg, sizeof msg) == ACQ_OK)
        total = acq_results_total(r);
    else
        fprintf(stderr, "test_total: %s: %s\n", query, msg);
    acq_results_free(r);
    acq_index_close(ix);
    return total;
}
