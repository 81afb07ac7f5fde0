/* adjacency.h - a model's edges indexed by component; see adjacency.c. */
#ifndef ARCH_ADJACENCY_H
#define ARCH_ADJACENCY_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "model.h"

struct adjacency {
  size_t *out_first, *in_first;   /* n + 2 entries: a spare row at n */
  int *out, *in;                  /* edge indices */
};

/* Every edge, or only the synchronous ones (not [async], not through a queue). */
void adjacency_build(struct arena *a, const struct arch_model *m, bool with_async,
                     struct adjacency *g);

#endif
