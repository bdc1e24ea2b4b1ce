// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: general protection fault from a non-canonical pointer.
 * Writing to /proc/lab_gpf follows a corrupted pointer, 0x1bad1bad1bad1bad, and reads the
 * field at offset 8: the CPU raises #GP instead of a page fault.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include "lab.h"

LAB_PADDING;

struct lab_node {
	long key;
	long value;
};

/* Corrupted: not a canonical x86_64 address; on 32-bit arm its low half, a user-space address. */
static struct lab_node *lab_head = (struct lab_node *)(unsigned long)0x1bad1bad1bad1badULL;
static long lab_last;

static noinline void lab_gpf_lookup(void)
{
	struct lab_node *node = READ_ONCE(lab_head);

	WRITE_ONCE(lab_last, node->value); /* LAB: faulting statement */
}

static ssize_t lab_gpf_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	lab_gpf_lookup();
	return len;
}

static const struct proc_ops lab_gpf_ops = {
	.proc_write = lab_gpf_write,
};

static int __init lab_gpf_init(void)
{
	if (!proc_create("lab_gpf", 0200, NULL, &lab_gpf_ops))
		return -ENOMEM;
	return 0;
}

static void __exit lab_gpf_exit(void)
{
	remove_proc_entry("lab_gpf", NULL);
}

module_init(lab_gpf_init);
module_exit(lab_gpf_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: general protection fault from a non-canonical pointer");
