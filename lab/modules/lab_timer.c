// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: NULL pointer write in a timer callback, that is in interrupt (softirq) context:
 * the kernel panics with "Fatal exception in interrupt".
 */
#include <linux/module.h>
#include <linux/timer.h>
#include "lab.h"

LAB_PADDING;

struct lab_stats {
	unsigned long started;
	unsigned long ticks;
};

static struct timer_list lab_timer;
static struct lab_stats *lab_stats; /* never allocated: the bug */

static void lab_timer_fn(struct timer_list *t)
{
	struct lab_stats *stats = READ_ONCE(lab_stats);

	stats->ticks++; /* LAB: faulting statement */
	mod_timer(t, jiffies + HZ);
}

static int __init lab_timer_init(void)
{
	timer_setup(&lab_timer, lab_timer_fn, 0);
	mod_timer(&lab_timer, jiffies + HZ / 10);
	return 0;
}

static void __exit lab_timer_exit(void)
{
	del_timer_sync(&lab_timer);
}

module_init(lab_timer_init);
module_exit(lab_timer_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: NULL dereference in a timer callback");
