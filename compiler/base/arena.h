/*
 * arena.h - the memory of one compilation.
 *
 * Everything a compilation allocates (sources, tokens' text, the syntax tree,
 * the model) lives in its arena and is released in one call, so no node can
 * leak on an error path and no code frees anything piecemeal.  Allocation
 * never returns NULL: running out of memory jumps to `on_no_memory`, which
 * the library's public call in progress has set, and that call returns
 * ARCHC_NO_MEMORY.
 */
#ifndef ARCH_ARENA_H
#define ARCH_ARENA_H

#include <setjmp.h>
#include <stddef.h>

struct arena_block;

struct arena {
  struct arena_block *head;
  size_t bytes;            /* total bytes obtained from malloc, for the benchmark */
  jmp_buf *on_no_memory;
};

void *arena_alloc(struct arena *a, size_t n);            /* zero-filled */
/* The same, but NULL when memory runs out, for the one allocation made
   before any on_no_memory can be set: the compilation itself. */
void *arena_try_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A larger copy of an array; the old block stays in the arena until release. */
void *arena_grow(struct arena *a, void *old, size_t old_n, size_t new_n, size_t elem);
void arena_release(struct arena *a);
/* Leave through on_no_memory, as a failed arena_alloc does. */
_Noreturn void arena_out_of_memory(struct arena *a);

/* Append `item` to the arena-grown array `*arr` of `*n` elements (capacity `*cap`). */
#define ARENA_PUSH(a, arr, n, cap, item)                                        \
  do {                                                                         \
    if (*(n) == *(cap)) {                                                      \
      size_t new_cap_ = *(cap) ? *(cap) * 2 : 8;                               \
      *(arr) = arena_grow((a), *(arr), *(cap), new_cap_, sizeof **(arr));      \
      *(cap) = new_cap_;                                                       \
    }                                                                          \
    (*(arr))[(*(n))++] = (item);                                               \
  } while (0)

#endif
