/* batch_api.c: acq_batch_run, the public face of src/batch (the code of
 * `acquis batch`), for bindings that hold topics in memory: checks the
 * caller's topics as the topics reader checks a file's (a qid not empty,
 * without blanks, given once) and runs them. */
#include "acquis.h"

#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "common/alloc.h"
#include "common/error.h"

static int fail(char *errmsg, size_t errmsg_size, int code, const char *msg)
{
    acq_msg_copy(errmsg, errmsg_size, msg);
    return code;
}

static int blank(const char *s)
{
    return strpbrk(s, " \t\r\n\v\f") != NULL;
}

static int cmp_str_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int acq_batch_run(acq_batch **out, acq_index *ix, const char *const *qids, const char *const *queries, size_t n,
                  const acq_search_options *opts, int threads, const char *tag, char *errmsg, size_t errmsg_size)
{
    if (out == NULL || ix == NULL || (n > 0 && (qids == NULL || queries == NULL)))
        return fail(errmsg, errmsg_size, ACQ_EARG, "acq_batch_run: out, ix, qids and queries are required");
    *out = NULL;
    if (threads < 0 || threads > ACQ_BATCH_MAX_THREADS)
        return fail(errmsg, errmsg_size, ACQ_EARG, "acq_batch_run: threads must be from 1 to 64 (0 means 1)");
    if (tag == NULL)
        tag = "acquis";
    if (*tag == '\0' || blank(tag))
        return fail(errmsg, errmsg_size, ACQ_EARG, "the run's tag must be a name without blanks, such as bm25-k1.2");
    acq_search_options o = ACQ_SEARCH_OPTIONS_INIT;
    if (opts != NULL) {
        if (opts->size < sizeof(size_t))
            return fail(errmsg, errmsg_size, ACQ_EARG, "acq_batch_run: options.size is not set (use ACQ_SEARCH_OPTIONS_INIT)");
        memcpy(&o, opts, opts->size < sizeof o ? opts->size : sizeof o);
        o.size = sizeof o;
    }
    acq_err err = {0};
    /* A view of the caller's strings as the reader's topics (not copied,
     * never freed here), lines 0: messages then name the qid only. */
    acq_topics topics = {n > 0 ? acq_calloc(n, sizeof *topics.items) : NULL, n};
    const char **sorted = n > 0 ? acq_malloc(n * sizeof *sorted) : NULL;
    if (n > 0 && (topics.items == NULL || sorted == NULL))
        acq_err_set(&err, ACQ_ENOMEM, "out of memory");
    for (size_t i = 0; acq_ok(&err) && i < n; i++) {
        if (qids[i] == NULL || queries[i] == NULL)
            acq_err_set(&err, ACQ_EARG, "topic %zu: its qid or query is NULL", i + 1);
        else if (*qids[i] == '\0' || blank(qids[i]))
            acq_err_set(&err, ACQ_EINPUT, "topic %zu: the query id \"%.60s\" is empty or contains blanks", i + 1,
                        qids[i]);
        else
            topics.items[i] = (acq_topic){(char *)qids[i], (char *)queries[i], 0};
        sorted[i] = qids[i];
    }
    if (acq_ok(&err) && n > 1) {
        qsort(sorted, n, sizeof *sorted, cmp_str_ptr);
        for (size_t i = 1; i < n && acq_ok(&err); i++)
            if (strcmp(sorted[i], sorted[i - 1]) == 0)
                acq_err_set(&err, ACQ_EINPUT, "topic %.100s is given twice", sorted[i]);
    }
    if (acq_ok(&err))
        acq_batch_topics(out, ix, &topics, NULL, &o, threads == 0 ? 1 : threads, tag, &err);
    acq_free(sorted);
    acq_free(topics.items);
    if (!acq_ok(&err)) {
        acq_msg_copy(errmsg, errmsg_size, err.msg);
        return err.code;
    }
    return ACQ_OK;
}
