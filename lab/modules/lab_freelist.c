// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: a corrupted slab free list.  Writing to /proc/lab_freelist frees an object of the
 * module's own cache and then writes over it (a use-after-free write, which overwrites the free
 * pointer SLUB keeps inside free objects).  The next allocation hands the object out again and
 * takes the overwritten pointer as the next free object; the allocation after it follows that
 * pointer and faults inside kmem_cache_alloc(), which only served the module.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "lab.h"

LAB_PADDING;

struct lab_item {
	char data[64];
};

static struct kmem_cache *lab_cache;

/* The store after the allocation keeps the call a real call, not a tail jump. */
static noinline struct lab_item *lab_item_new(void)
{
	struct lab_item *item = kmem_cache_alloc(lab_cache, GFP_KERNEL); /* LAB: faulting statement */

	if (item)
		WRITE_ONCE(item->data[0], 1);
	return item;
}

static ssize_t lab_freelist_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	struct lab_item *item = lab_item_new();

	if (!item)
		return -ENOMEM;
	kmem_cache_free(lab_cache, item);
	memset(item, 0x41, sizeof(*item)); /* the bug: written after it was freed */
	lab_item_new();
	lab_item_new();
	return len;
}

static const struct proc_ops lab_freelist_ops = {
	.proc_write = lab_freelist_write,
};

static int __init lab_freelist_init(void)
{
	/* A usercopy window keeps the cache from being merged with another of the same size. */
	lab_cache = kmem_cache_create_usercopy("lab_freelist", sizeof(struct lab_item), 0, 0, 0,
					       sizeof(struct lab_item), NULL);
	if (!lab_cache)
		return -ENOMEM;
	if (!proc_create("lab_freelist", 0200, NULL, &lab_freelist_ops)) {
		kmem_cache_destroy(lab_cache);
		return -ENOMEM;
	}
	return 0;
}

static void __exit lab_freelist_exit(void)
{
	remove_proc_entry("lab_freelist", NULL);
	kmem_cache_destroy(lab_cache);
}

module_init(lab_freelist_init);
module_exit(lab_freelist_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: corrupted slab free list");
