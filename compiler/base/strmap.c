/*
 * strmap.c - strings to indices, open addressing with linear probing, in
 * an arena.  Keys are not copied: the caller keeps them alive as long as
 * the map (in practice they are in the same arena).
 */
#include "strmap.h"

#include <stdint.h>
#include <string.h>

static uint64_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

int map_get(const struct strmap *m, const char *key) {
  if (!m->cap) return -1;
  for (size_t i = hash_str(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
    if (!m->keys[i]) return -1;
    if (strcmp(m->keys[i], key) == 0) return m->vals[i];
  }
}

/* Insert or overwrite. */
void map_put(struct arena *a, struct strmap *m, const char *key, int val) {
  if ((m->n + 1) * 2 > m->cap) {
    struct strmap bigger = {0};
    bigger.cap = m->cap ? m->cap * 2 : 64;
    bigger.keys = arena_alloc(a, bigger.cap * sizeof *bigger.keys);
    bigger.vals = arena_alloc(a, bigger.cap * sizeof *bigger.vals);
    for (size_t i = 0; i < m->cap; i++)
      if (m->keys[i]) map_put(a, &bigger, m->keys[i], m->vals[i]);
    *m = bigger;
  }
  size_t i = hash_str(key) & (m->cap - 1);
  while (m->keys[i] && strcmp(m->keys[i], key) != 0) i = (i + 1) & (m->cap - 1);
  if (!m->keys[i]) m->n++;
  m->keys[i] = key;
  m->vals[i] = val;
}
