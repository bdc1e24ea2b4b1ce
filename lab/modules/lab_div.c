// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: divide error (x86_64 only: arm64 division by zero does not trap).
 * Writing to /proc/lab_div computes an average over zero samples.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include "lab.h"

LAB_PADDING;

static unsigned long lab_total = 4096;
static unsigned long lab_samples;
static unsigned long lab_average;

static noinline unsigned long lab_div_average(void)
{
	unsigned long samples = READ_ONCE(lab_samples);

	return READ_ONCE(lab_total) / samples; /* LAB: faulting statement */
}

static ssize_t lab_div_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	WRITE_ONCE(lab_average, lab_div_average());
	return len;
}

static const struct proc_ops lab_div_ops = {
	.proc_write = lab_div_write,
};

static int __init lab_div_init(void)
{
	if (!proc_create("lab_div", 0200, NULL, &lab_div_ops))
		return -ENOMEM;
	return 0;
}

static void __exit lab_div_exit(void)
{
	remove_proc_entry("lab_div", NULL);
}

module_init(lab_div_init);
module_exit(lab_div_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: divide error");
