/* io.c: the replaceable table of write-side file operations and the
 * failure-injection countdown above it (see io.h). */
#include "index/io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int posix_create(const char *path)
{
    return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
}

static int posix_fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

static int posix_mkdir(const char *path) { return mkdir(path, 0777); }

static const acq_io_ops POSIX = {posix_create, write, fsync, close, rename, unlink, posix_fsync_dir, posix_mkdir};

/* Writers of different indexes may run in different threads: the table is
 * read atomically (swapping it is for tests, between writes). */
static _Atomic(const acq_io_ops *) current = &POSIX;

const acq_io_ops *acq_io_posix(void) { return &POSIX; }

const acq_io_ops *acq_io_set(const acq_io_ops *ops)
{
    return atomic_exchange(&current, ops ? ops : &POSIX);
}

static const acq_io_ops *io(void) { return atomic_load_explicit(&current, memory_order_acquire); }

static atomic_long io_countdown;

void acq_io_fail_after(long countdown) { atomic_store(&io_countdown, countdown); }

int acq_io_injected_failure(void)
{
    if (atomic_load_explicit(&io_countdown, memory_order_relaxed) <= 0)
        return 0;
    if (atomic_fetch_sub(&io_countdown, 1) != 1)
        return 0;
    errno = EIO;
    return 1;
}

int acq_io_create(const char *path)
{
    return acq_io_injected_failure() ? -1 : io()->create(path);
}

int acq_io_write_all(int fd, const void *p, size_t n)
{
    if (acq_io_injected_failure())
        return -1;
    const char *c = p;
    while (n > 0) {
        ssize_t k = io()->write(fd, c, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0) { /* write(2) never does this for n > 0; do not spin */
            errno = EIO;
            return -1;
        }
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

int acq_io_fsync(int fd)
{
    return acq_io_injected_failure() ? -1 : io()->fsync(fd);
}

int acq_io_close(int fd) { return io()->close(fd); }

int acq_io_rename(const char *from, const char *to)
{
    return acq_io_injected_failure() ? -1 : io()->rename(from, to);
}

int acq_io_unlink(const char *path) { return io()->unlink(path); }

int acq_io_fsync_dir(const char *dir) { return io()->fsync_dir(dir); }

int acq_io_mkdir(const char *path) { return io()->mkdir(path); }
