// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: NULL pointer write in module_init.
 * The init function counts its loads through a pointer that nobody set.
 */
#include <linux/module.h>
#include "lab.h"

LAB_PADDING;

/* Never set: the bug. */
static unsigned int *lab_load_count;

static int __init lab_init_null_init(void)
{
	unsigned int *count = READ_ONCE(lab_load_count);

	*count = 1; /* LAB: faulting statement */
	pr_info("lab_init_null: loaded\n");
	return 0;
}

module_init(lab_init_null_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: NULL write in module_init");
