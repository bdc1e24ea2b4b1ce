/*
 * A program for the symboliser's oracle tests: static inline functions nested three deep, a
 * header's inline functions, a cold path gcc moves to .text.unlikely (foo.cold), a function gcc
 * clones (foo.constprop.0), a switch, and loops with discriminators. With WITH_LIBRARY, main calls
 * library.c, so the two can be linked with -flto.
 */
#include "helpers.h"

volatile long sink;
static struct item items[16];

static inline long scale(long x, int by)
{
	long r = checked_add(x, by);
	for (int i = 0; i < by; i++)
		r = mix(r, i);
	return r;
}

static inline long weigh(struct item *it, int by)
{
	return it ? scale(it->value, by) + it->key : 0;
}

__attribute__((noinline, cold)) static void complain(const char *what, long v)
{
	sink = v;
	sink = (long)what;
}

__attribute__((noinline)) static long lookup(long key, int by)
{
	struct item *it = find(items, key);
	long w = weigh(it, by);
	if (__builtin_expect(w < 0, 0)) {
		complain("negative", w);
		return -1;
	}
	return w;
}

__attribute__((noinline)) long classify(long v)
{
	switch (v & 7) {
	case 0: return lookup(v, 3);
	case 1: return mix(v, 11);
	case 2: return checked_add(v, v);
	case 3: sink = v; return 5;
	case 5: return weigh(&items[v & 15], 2);
	default: return v * 3;
	}
}

#ifdef WITH_LIBRARY
long library_total(long v);
#else
static long library_total(long v) { return v; }
#endif

int main(int argc, char **argv)
{
	long total = 0;
	(void)argv;
	for (int i = 0; i < 16; i++) {
		items[i].key = i * 7;
		items[i].value = i + argc;
		items[i].next = i + 1 < 16 ? &items[i + 1] : 0;
	}
	for (long v = 0; v < 64; v++)
		total += classify(v + argc) + lookup(v, 1);
	sink = library_total(total);
	return (int)(total & 1);
}
