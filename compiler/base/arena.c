/*
 * arena.c - bump allocation in large blocks.
 *
 * Blocks are 64 KiB unless a single request is larger; requests are aligned
 * to max_align_t.  Releasing walks the block list once.
 */
#include "arena.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
  struct arena_block *next;
  size_t size, used;
  _Alignas(max_align_t) unsigned char data[];
};

enum { BLOCK_SIZE = 64 * 1024 };

/* Every public call of the library sets on_no_memory (api/archc.c), so
   running out returns from that call with ARCHC_NO_MEMORY; the arena keeps
   what it had, and archc_free() still releases it. */
_Noreturn void arena_out_of_memory(struct arena *a) {
  if (a->on_no_memory) longjmp(*a->on_no_memory, 1);
  abort();  /* an allocation outside any public call: a bug in archc */
}

/* n bytes, not zeroed; NULL when out of memory. */
static void *try_alloc_raw(struct arena *a, size_t n) {
  size_t align = _Alignof(max_align_t);
  if (n > SIZE_MAX / 2) return NULL;
  n = (n + align - 1) & ~(align - 1);
  struct arena_block *b = a->head;
  if (!b || b->size - b->used < n) {
    size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;
    b = malloc(sizeof *b + size);
    if (!b) return NULL;
    b->size = size;
    b->used = 0;
    a->bytes += sizeof *b + size;
    /* A large one-off block goes behind the current one, so the space left
       in the current block is still used by later small requests. */
    if (a->head && size > BLOCK_SIZE) {
      b->next = a->head->next;
      a->head->next = b;
    } else {
      b->next = a->head;
      a->head = b;
    }
  }
  void *p = b->data + b->used;
  b->used += n;
  return p;
}

void *arena_try_alloc(struct arena *a, size_t n) {
  void *p = try_alloc_raw(a, n);
  if (p) memset(p, 0, n);
  return p;
}

void *arena_alloc(struct arena *a, size_t n) {
  void *p = arena_try_alloc(a, n);
  if (!p) arena_out_of_memory(a);
  return p;
}

/* Memory the caller writes all of at once: strings and grown arrays are
   not zeroed first (that was most of the zeroing of a large design). */
static void *alloc_raw(struct arena *a, size_t n) {
  void *p = try_alloc_raw(a, n);
  if (!p) arena_out_of_memory(a);
  return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n) {
  char *p = alloc_raw(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(struct arena *a, const char *s) {
  return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  char *p = alloc_raw(a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

void *arena_grow(struct arena *a, void *old, size_t old_n, size_t new_n, size_t elem) {
  if (new_n && elem > SIZE_MAX / new_n) arena_out_of_memory(a);
  size_t kept = old ? (old_n < new_n ? old_n : new_n) * elem : 0;
  char *p = alloc_raw(a, new_n * elem);
  if (kept) memcpy(p, old, kept);
  /* Only the new elements are zeroed, as arena_alloc would have left them. */
  if (new_n * elem > kept) memset(p + kept, 0, new_n * elem - kept);
  return p;
}

void arena_release(struct arena *a) {
  struct arena_block *b = a->head;
  while (b) {
    struct arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
  a->bytes = 0;
}
