/* index_and_search.c: indexes the .txt files of a folder with libacquis (the
 * first line is the title; up to 1 MB each), then searches them: one line
 * per hit (rank, score, file, snippet).
 *   cc index_and_search.c $(pkg-config --cflags --libs acquis)
 *   ./a.out INDEX_DIR FOLDER 'police cooperation' */
#include <acquis.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(int rc, const char *msg)
{
    fprintf(stderr, "index_and_search: %s: %s\n", acq_strerror(rc), msg);
    return 1;
}

int main(int argc, char **argv)
{
    char msg[512], path[4096];
    acq_writer *w;
    acq_index *ix;
    acq_results *r;
    int rc;
    if (argc != 4)
        return fprintf(stderr, "usage: %s INDEX_DIR FOLDER QUERY\n", argv[0]), 2;
    if ((rc = acq_writer_open(&w, argv[1], NULL, msg, sizeof msg)) != ACQ_OK)
        return fail(rc, msg);
    DIR *d = opendir(argv[2]);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        snprintf(path, sizeof path, "%s/%s", argv[2], e->d_name);
        FILE *f = n > 4 && strcmp(e->d_name + n - 4, ".txt") == 0 ? fopen(path, "rb") : NULL;
        static char text[1 << 20];
        if (f == NULL)
            continue;
        text[fread(text, 1, sizeof text - 1, f)] = '\0';
        fclose(f);
        acq_document doc = {.id = e->d_name, .title = text, .title_len = strcspn(text, "\n"), .text = text};
        if (doc.title_len > 0 && (rc = acq_writer_add(w, &doc)) != ACQ_OK)
            fail(rc, acq_writer_errmsg(w)); /* report it and go on */
    }
    if (d)
        closedir(d);
    if ((rc = acq_writer_commit(w)) != ACQ_OK)
        return fail(rc, acq_writer_errmsg(w));
    acq_writer_close(w);
    if ((rc = acq_index_open(&ix, argv[1], msg, sizeof msg)) != ACQ_OK)
        return fail(rc, msg);
    acq_search_options opts = ACQ_SEARCH_OPTIONS_INIT;
    opts.snippets = 1;
    if ((rc = acq_search(&r, ix, argv[3], &opts, msg, sizeof msg)) != ACQ_OK)
        return fail(rc, msg);
    for (size_t i = 0; i < acq_results_count(r); i++) {
        const acq_hit *h = acq_results_hit(r, i);
        printf("%zu\t%.4f\t%s\t%s\n", i + 1, h->score, h->id, h->snippet ? h->snippet : "");
    }
    acq_results_free(r);
    acq_index_close(ix);
    return 0;
}
