// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: soft lockup.  Reading /proc/lab_lockup waits for a flag that nobody sets, with
 * preemption disabled, for at most 60 s; the soft lockup watchdog reports it first.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/jiffies.h>
#include "lab.h"

LAB_PADDING;

static int lab_ready;

static noinline void lab_lockup_wait(void)
{
	unsigned long end = jiffies + 60 * HZ;

	preempt_disable();
	/* One line, so that wherever the watchdog catches the loop it is the same statement. */
	while (!READ_ONCE(lab_ready) && time_before(jiffies, end)) cpu_relax(); /* LAB: faulting statement */
	preempt_enable();
}

static int lab_lockup_show(struct seq_file *m, void *v)
{
	lab_lockup_wait();
	seq_printf(m, "ready=%d\n", lab_ready);
	return 0;
}

static int __init lab_lockup_init(void)
{
	if (!proc_create_single("lab_lockup", 0444, NULL, lab_lockup_show))
		return -ENOMEM;
	return 0;
}

static void __exit lab_lockup_exit(void)
{
	remove_proc_entry("lab_lockup", NULL);
}

module_init(lab_lockup_init);
module_exit(lab_lockup_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: soft lockup");
