// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: WARN_ON that the kernel survives.
 * Reading /proc/lab_warn checks a budget that went negative, warns and goes on.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "lab.h"

LAB_PADDING;

static int lab_budget = -1;

static noinline int lab_warn_check(int budget)
{
	if (WARN_ON(budget < 0)) /* LAB: faulting statement */
		return 0;
	return budget;
}

static int lab_warn_show(struct seq_file *m, void *v)
{
	seq_printf(m, "budget=%d\n", lab_warn_check(READ_ONCE(lab_budget)));
	return 0;
}

static int __init lab_warn_init(void)
{
	if (!proc_create_single("lab_warn", 0444, NULL, lab_warn_show))
		return -ENOMEM;
	return 0;
}

static void __exit lab_warn_exit(void)
{
	remove_proc_entry("lab_warn", NULL);
}

module_init(lab_warn_init);
module_exit(lab_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: WARN_ON the kernel survives");
