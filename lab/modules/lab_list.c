// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: list corruption.  Writing to /proc/lab_list removes the same entry twice; the
 * second list_del() finds the LIST_POISON1 left by the first (CONFIG_DEBUG_LIST).
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/list.h>
#include "lab.h"

LAB_PADDING;

struct lab_entry {
	struct list_head node;
	int id;
};

static LIST_HEAD(lab_entries);
static struct lab_entry lab_first = { .id = 1 };

static noinline void lab_list_remove(struct lab_entry *e)
{
	list_del(&e->node); /* LAB: faulting statement */
}

static ssize_t lab_list_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	lab_list_remove(&lab_first);
	lab_list_remove(&lab_first); /* the bug: removed twice */
	return len;
}

static const struct proc_ops lab_list_ops = {
	.proc_write = lab_list_write,
};

static int __init lab_list_init(void)
{
	list_add(&lab_first.node, &lab_entries);
	if (!proc_create("lab_list", 0200, NULL, &lab_list_ops))
		return -ENOMEM;
	return 0;
}

static void __exit lab_list_exit(void)
{
	remove_proc_entry("lab_list", NULL);
}

module_init(lab_list_init);
module_exit(lab_list_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: list corruption");
