/* test_common.c: the sticky error record, the allocator's failure hook and
 * the byte buffer. */
#include <criterion/criterion.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/error.h"

Test(error, first_error_sticks)
{
    acq_err e = {0};
    cr_assert(acq_ok(&e));
    cr_assert_eq(acq_err_set(&e, ACQ_EIO, "cannot read %s", "x"), ACQ_EIO);
    cr_assert_eq(acq_err_set(&e, ACQ_ECORRUPT, "later"), ACQ_EIO);
    cr_assert_str_eq(e.msg, "cannot read x");
    acq_err_clear(&e);
    cr_assert(acq_ok(&e));
}

Test(alloc, injected_failure_hits_the_nth_allocation)
{
    acq_alloc_fail_after(2);
    void *a = acq_malloc(8);
    void *b = acq_malloc(8);
    void *c = acq_malloc(8);
    cr_assert_not_null(a);
    cr_assert_null(b);
    cr_assert_not_null(c);
    acq_free(a);
    acq_free(c);
    acq_alloc_fail_after(0);
}

Test(buf, appends_varints_and_strings)
{
    acq_buf b = {0};
    acq_buf_put_varint(&b, 300);
    acq_buf_puts(&b, "abc");
    acq_buf_printf(&b, "%d", 42);
    cr_assert_eq(b.len, 2 + 3 + 2);
    cr_assert_eq(b.data[0], 0xAC);
    cr_assert_eq(b.data[1], 0x02);
    cr_assert_str_eq(acq_buf_cstr(&b) + 2, "abc42");
    acq_buf_free(&b);
}

Test(buf, allocation_failure_is_remembered)
{
    acq_buf b = {0};
    acq_alloc_fail_after(1);
    acq_buf_puts(&b, "abc");
    cr_assert(b.failed);
    acq_buf_puts(&b, "def");
    cr_assert_eq(b.len, 0);
    acq_alloc_fail_after(0);
    acq_buf_free(&b);
}
