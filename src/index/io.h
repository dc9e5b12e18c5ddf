/* io.h: the one door through which an index's files are written. Every
 * write-side operation on the files of an index (create/truncate, write,
 * fsync, close, rename, unlink, directory fsync) goes through a table of
 * function pointers whose default is plain POSIX; reading stays mmap
 * (file.h) and the writer's lock file stays outside (it is not index data).
 *
 * Why a table: durability is only testable if a test can see, in order,
 * every operation that changes what a power cut would leave on disk, and
 * replay any prefix of them (tests/test_powerloss.c records them through
 * acq_io_set). Failure injection (acq_io_fail_after) sits above the table,
 * so it keeps working whatever table is installed.
 *
 * Every function returns what its POSIX call returns (-1 with errno set on
 * failure); callers turn that into an acq_err with the path. */
#ifndef ACQ_INDEX_IO_H
#define ACQ_INDEX_IO_H

#include <stddef.h>
#include <sys/types.h>

typedef struct acq_io_ops {
    /* open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666): a file
     * descriptor, or -1 */
    int (*create)(const char *path);
    /* write(2): bytes written (possibly fewer than n), or -1 */
    ssize_t (*write)(int fd, const void *p, size_t n);
    int (*fsync)(int fd);
    int (*close)(int fd);
    int (*rename)(const char *from, const char *to);
    int (*unlink)(const char *path);
    /* Makes the names in dir (new files, renames, removals) durable. */
    int (*fsync_dir)(const char *dir);
    /* mkdir(path, 0777) */
    int (*mkdir)(const char *path);
} acq_io_ops;

/* The POSIX table (what a layer installed by a test passes calls on to). */
const acq_io_ops *acq_io_posix(void);
/* Test hook: routes every later operation through ops (NULL restores
 * POSIX) and returns the table that was installed. Swap tables only while
 * no writer is writing: a file created through one table is finished
 * through the other otherwise. */
const acq_io_ops *acq_io_set(const acq_io_ops *ops);

/* What the library calls. */
int acq_io_create(const char *path);
/* Writes all n bytes (retrying short writes and EINTR); 0 or -1. */
int acq_io_write_all(int fd, const void *p, size_t n);
int acq_io_fsync(int fd);
int acq_io_close(int fd);
int acq_io_rename(const char *from, const char *to);
int acq_io_unlink(const char *path);
int acq_io_fsync_dir(const char *dir);
int acq_io_mkdir(const char *path);

/* Test hook: the countdown-th counted file operation from now fails with
 * EIO; 0 disables. Counted: create, write, fsync of a file and rename,
 * which are what a commit depends on before its manifest is renamed. Not
 * counted: close and unlink (cleanup, whose failures are ignored), mkdir and
 * directory fsyncs (the last one runs after the rename, when the commit is
 * already visible and an error can no longer keep the previous one). Lets
 * the tests check that every I/O error path reports an error, leaks nothing
 * and keeps the last commit. */
void acq_io_fail_after(long countdown);
/* 1 if the countdown says this operation fails (sets errno to EIO). */
int acq_io_injected_failure(void);

#endif
