// SPDX-License-Identifier: GPL-2.0
/*
 * Crash lab: a corrupted rb-tree node.  Writing to /proc/lab_rbtree overwrites a node that is
 * still in the tree with 0x6b bytes (what a use-after-free under slub_debug leaves), then erases
 * it: rb_erase() follows the node's poisoned child pointers and faults inside the tree code,
 * which only did what the module asked of it.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/rbtree.h>
#include <linux/string.h>
#include "lab.h"

LAB_PADDING;

struct lab_node {
	struct rb_node rb;
	int key;
};

static struct rb_root lab_tree = RB_ROOT;
static struct lab_node lab_nodes[3] = { { .key = 1 }, { .key = 2 }, { .key = 3 } };

static void lab_rb_insert(struct lab_node *n)
{
	struct rb_node **link = &lab_tree.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (n->key < rb_entry(parent, struct lab_node, rb)->key)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&n->rb, parent, link);
	rb_insert_color(&n->rb, &lab_tree);
}

/* The store after the erase keeps the call a real call, not a tail jump. */
static noinline void lab_rb_remove(struct lab_node *n)
{
	rb_erase(&n->rb, &lab_tree); /* LAB: faulting statement */
	WRITE_ONCE(n->key, 0);
}

static ssize_t lab_rbtree_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	memset(&lab_nodes[1].rb, 0x6b, sizeof(lab_nodes[1].rb)); /* the bug: the node is overwritten in the tree */
	lab_rb_remove(&lab_nodes[1]);
	return len;
}

static const struct proc_ops lab_rbtree_ops = {
	.proc_write = lab_rbtree_write,
};

static int __init lab_rbtree_init(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(lab_nodes); i++)
		lab_rb_insert(&lab_nodes[i]);
	if (!proc_create("lab_rbtree", 0200, NULL, &lab_rbtree_ops))
		return -ENOMEM;
	return 0;
}

static void __exit lab_rbtree_exit(void)
{
	remove_proc_entry("lab_rbtree", NULL);
}

module_init(lab_rbtree_init);
module_exit(lab_rbtree_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("koops crash lab: corrupted rb-tree node");
