/* strmap.h - a string -> int map in an arena; see strmap.c. */
#ifndef ARCH_STRMAP_H
#define ARCH_STRMAP_H

#include <stddef.h>

#include "arena.h"

struct strmap {
  const char **keys;   /* NULL where a slot is free */
  int *vals;
  size_t cap, n;
};

/* The value stored for `key`, or -1. */
int map_get(const struct strmap *m, const char *key);
/* Insert or overwrite. */
void map_put(struct arena *a, struct strmap *m, const char *key, int val);

#endif
