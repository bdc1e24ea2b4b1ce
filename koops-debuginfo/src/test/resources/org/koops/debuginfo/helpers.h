/* Static inline helpers in a header, so inline frames have a call file other than the unit's. */
#ifndef HELPERS_H
#define HELPERS_H

struct item {
	struct item *next;
	long key;
	long value;
};

static inline long mix(long a, long b)
{
	a ^= b << 7;
	a += b >> 3;
	return a * 2654435761L;
}

static inline long checked_add(long a, long b)
{
	if (__builtin_expect(a > 0 && b > (1L << 62) - a, 0))
		return -1;
	return mix(a, b) + b;
}

static inline struct item *find(struct item *head, long key)
{
	for (; head; head = head->next)
		if (mix(head->key, key) == key)
			return head;
	return 0;
}

#endif
