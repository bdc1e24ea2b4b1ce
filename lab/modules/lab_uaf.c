// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: use-after-free read.  Boot with slub_debug=FZP: the freed session is filled with
 * 0x6b, so its ops pointer reads as 0x6b6b6b6b6b6b6b6b and following it faults (#GP on x86_64,
 * a paging request on arm64).
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include "lab.h"

LAB_PADDING;

struct lab_ops {
	const char *name;
	int version;
};

struct lab_session {
	const struct lab_ops *ops;
	int users;
};

static const struct lab_ops lab_default_ops = { .name = "default", .version = 1 };
static struct lab_session *lab_session;

static void lab_session_put(struct lab_session *s)
{
	if (--s->users == 0)
		kfree(s); /* the bug: lab_session still points to it */
}

static int lab_uaf_show(struct seq_file *m, void *v)
{
	struct lab_session *s = READ_ONCE(lab_session);

	lab_session_put(s);
	seq_printf(m, "version=%d\n", s->ops->version); /* LAB: faulting statement */
	return 0;
}

static int __init lab_uaf_init(void)
{
	lab_session = kzalloc(sizeof(*lab_session), GFP_KERNEL);
	if (!lab_session)
		return -ENOMEM;
	lab_session->ops = &lab_default_ops;
	lab_session->users = 1;
	if (!proc_create_single("lab_uaf", 0444, NULL, lab_uaf_show)) {
		kfree(lab_session);
		return -ENOMEM;
	}
	return 0;
}

static void __exit lab_uaf_exit(void)
{
	remove_proc_entry("lab_uaf", NULL);
}

module_init(lab_uaf_init);
module_exit(lab_uaf_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: use-after-free read of a poisoned object");
