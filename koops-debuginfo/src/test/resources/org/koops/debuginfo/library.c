/*
 * A second unit for the oracle tests: linked with program.c under -flto, gcc inlines across units,
 * so inline frames refer to abstract functions of the other unit (DW_FORM_ref_addr).
 */
#include "helpers.h"

static long table[32];

static inline long fold(long v, int rounds)
{
	for (int i = 0; i < rounds; i++)
		v = mix(v, table[(v + i) & 31]);
	return v;
}

long library_total(long v)
{
	long sum = 0;
	for (int i = 0; i < 32; i++) {
		table[i] = checked_add(table[i], v + i);
		sum += fold(table[i], i & 3);
	}
	return sum;
}
