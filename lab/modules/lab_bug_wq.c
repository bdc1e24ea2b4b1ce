// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: BUG_ON in a workqueue item.
 * The work function asserts that the device is ready; loading the module queues it too early.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include "lab.h"

LAB_PADDING;

enum lab_state { LAB_NEW, LAB_READY };

struct lab_dev {
	enum lab_state state;
	struct work_struct work;
	unsigned long runs;
};

static struct lab_dev lab_dev;

static void lab_bug_wq_work(struct work_struct *work)
{
	struct lab_dev *dev = container_of(work, struct lab_dev, work);

	BUG_ON(READ_ONCE(dev->state) != LAB_READY); /* LAB: faulting statement */
	dev->runs++;
}

static int __init lab_bug_wq_init(void)
{
	INIT_WORK(&lab_dev.work, lab_bug_wq_work);
	schedule_work(&lab_dev.work); /* the bug: before state = LAB_READY */
	lab_dev.state = LAB_NEW;
	return 0;
}

static void __exit lab_bug_wq_exit(void)
{
	cancel_work_sync(&lab_dev.work);
}

module_init(lab_bug_wq_init);
module_exit(lab_bug_wq_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: BUG_ON in a workqueue");
