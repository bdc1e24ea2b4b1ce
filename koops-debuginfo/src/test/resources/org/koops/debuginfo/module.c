/*
 * A kernel-module-like relocatable object for the symboliser's oracle tests: code in .text,
 * .init.text and .exit.text as __init/__exit functions put it, inline functions from a header,
 * cold paths, and no libc, as a module has none.
 */
#include "helpers.h"

#define __init __attribute__((section(".init.text"), cold, noinline))
#define __exit __attribute__((section(".exit.text"), cold, noinline))

struct device {
	struct item *items;
	long count;
	long errors;
};

static struct device dev;
static struct item pool[8];
long (*volatile hook)(long);

static inline long device_weigh(struct device *d, long key)
{
	struct item *it = find(d->items, key);
	if (!it) {
		d->errors++;
		return -2;
	}
	return checked_add(it->value, key);
}

__attribute__((noinline)) long demo_show(long key)
{
	long w = device_weigh(&dev, key);
	if (__builtin_expect(w < 0, 0))
		return hook ? hook(w) : w;
	return w + dev.count;
}

__attribute__((noinline)) long demo_store(const long *keys, int n)
{
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += mix(demo_show(keys[i]), i);
	dev.count += n;
	return sum;
}

static int __init demo_init(void)
{
	for (int i = 0; i < 8; i++) {
		pool[i].key = i;
		pool[i].value = i * i;
		pool[i].next = i < 7 ? &pool[i + 1] : 0;
	}
	dev.items = pool;
	return demo_show(3) < 0;
}

static void __exit demo_exit(void)
{
	dev.items = 0;
	if (hook)
		hook(dev.errors);
}

int (*init_module_ptr)(void) = demo_init;
void (*cleanup_module_ptr)(void) = demo_exit;
