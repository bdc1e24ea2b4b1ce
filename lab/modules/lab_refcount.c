// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: refcount_t underflow.  Loading the module drops its only reference twice: the
 * second drop warns "refcount_t: underflow; use-after-free." and the kernel goes on.
 */
#include <linux/module.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include "lab.h"

LAB_PADDING;

struct lab_conn {
	refcount_t ref;
	int id;
	bool closed;
};

static struct lab_conn lab_conn = { .ref = REFCOUNT_INIT(1), .id = 7 };

/* The store after the put keeps the warning's call a real call, not a tail jump. */
static noinline void lab_conn_put(struct lab_conn *c)
{
	bool last = refcount_dec_and_test(&c->ref); /* LAB: faulting statement */

	WRITE_ONCE(c->closed, last);
}

static int __init lab_refcount_init(void)
{
	lab_conn_put(&lab_conn);
	lab_conn_put(&lab_conn); /* the bug: one put too many */
	return 0;
}

static void __exit lab_refcount_exit(void)
{
}

module_init(lab_refcount_init);
module_exit(lab_refcount_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: refcount_t underflow");
