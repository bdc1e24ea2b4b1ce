/*
 * Pointers followed through typedefs, qualifiers, nested structures, arrays and unions, for the
 * test that names the member a faulting instruction accessed.
 */
struct point {
	int x;
	int y;
};

struct inner {
	long tag;
	struct point pts[4];
	union {
		int i;
		float f;
	};
};

struct outer {
	char name[16];
	struct inner in;
	struct outer *next;
};

typedef struct outer outer_t;

__attribute__((noinline)) int read_y(const outer_t *o)
{
	return o->in.pts[2].y;
}

__attribute__((noinline)) long read_next_tag(struct outer *o)
{
	return o->next->in.tag;
}

__attribute__((noinline)) int read_union(volatile struct inner *in)
{
	return in->i;
}

__attribute__((noinline)) int read_third(const int *p)
{
	return p[3];
}

void consume(long value);

__attribute__((noinline)) long consume_then_next(struct outer *o)
{
	consume(o->in.tag);
	return o->next->in.tag;
}

struct wrapper {
	long a;
	struct point p;
};

__attribute__((noinline)) long wrapper_of(struct point *pt)
{
	struct wrapper *w = (struct wrapper *)((char *)pt - __builtin_offsetof(struct wrapper, p));
	return w->a;
}
