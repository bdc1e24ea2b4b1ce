// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: hung tasks.  Loading the module starts a kernel thread that takes lab_hung_lock and keeps it, sleeping
 * interruptibly so that it is not reported itself; every reader of /proc/lab_hung then sleeps in mutex_lock() in
 * state D until the hung-task detector reports it.  Two readers give two reports that wait on one mutex.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/mutex.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include "lab.h"

LAB_PADDING;

static DEFINE_MUTEX(lab_hung_lock);
static struct task_struct *lab_hung_holder;

static int lab_hung_hold(void *unused)
{
	mutex_lock(&lab_hung_lock);
	while (!kthread_should_stop())
		msleep_interruptible(1000);
	mutex_unlock(&lab_hung_lock);
	return 0;
}

static noinline int lab_hung_show(struct seq_file *m, void *v)
{
	mutex_lock(&lab_hung_lock); /* LAB: faulting statement */
	seq_puts(m, "unreachable\n");
	mutex_unlock(&lab_hung_lock);
	return 0;
}

static int __init lab_hung_init(void)
{
	lab_hung_holder = kthread_run(lab_hung_hold, NULL, "lab_hung_holder");
	if (IS_ERR(lab_hung_holder))
		return PTR_ERR(lab_hung_holder);
	if (!proc_create_single("lab_hung", 0444, NULL, lab_hung_show)) {
		kthread_stop(lab_hung_holder);
		return -ENOMEM;
	}
	return 0;
}

static void __exit lab_hung_exit(void)
{
	remove_proc_entry("lab_hung", NULL);
	kthread_stop(lab_hung_holder);
}

module_init(lab_hung_init);
module_exit(lab_hung_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: two tasks hung on one mutex");
