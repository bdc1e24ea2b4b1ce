// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: NULL pointer + offset read in a seq_file /proc show handler.
 * "cat /proc/lab_proc_null" reads item->value at offset 0x10 of a NULL item.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "lab.h"

LAB_PADDING;

struct lab_item {
	long id;
	long flags;
	int value;
};

/* Never set: the bug. */
static struct lab_item *lab_current;

static int lab_proc_null_show(struct seq_file *m, void *v)
{
	struct lab_item *item = READ_ONCE(lab_current);

	seq_printf(m, "value=%d\n", item->value); /* LAB: faulting statement */
	return 0;
}

static int __init lab_proc_null_init(void)
{
	if (!proc_create_single("lab_proc_null", 0444, NULL, lab_proc_null_show))
		return -ENOMEM;
	return 0;
}

static void __exit lab_proc_null_exit(void)
{
	remove_proc_entry("lab_proc_null", NULL);
}

module_init(lab_proc_null_init);
module_exit(lab_proc_null_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: NULL+offset read in a /proc show handler");
