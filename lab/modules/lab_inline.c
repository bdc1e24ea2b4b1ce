// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: a fault inside an inlined helper.  lab_inline_len() is always inlined into
 * lab_inline_show(), so the kernel names only the caller; the debug info knows the helper.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "lab.h"

LAB_PADDING;

struct lab_header {
	unsigned int magic;
	unsigned int flags;
	unsigned int len;
};

#define LAB_MAX_LEN 4096

struct lab_buffer {
	const char *name;
	struct lab_header *header; /* NULL until the first packet: the bug */
};

static struct lab_buffer lab_buffer = { .name = "rx" };

static __always_inline unsigned int lab_inline_len(const struct lab_buffer *buf)
{
	const struct lab_header *header = READ_ONCE(buf->header);

	return min_t(unsigned int, header->len, LAB_MAX_LEN); /* LAB: faulting statement */
}

static int lab_inline_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s: %u bytes\n", lab_buffer.name, lab_inline_len(&lab_buffer));
	return 0;
}

static int __init lab_inline_init(void)
{
	if (!proc_create_single("lab_inline", 0444, NULL, lab_inline_show))
		return -ENOMEM;
	return 0;
}

static void __exit lab_inline_exit(void)
{
	remove_proc_entry("lab_inline", NULL);
}

module_init(lab_inline_init);
module_exit(lab_inline_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: fault inside an inlined helper");
