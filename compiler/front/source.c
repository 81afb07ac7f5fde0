/*
 * source.c - source buffers and their line tables.
 *
 * Locations are byte offsets; lines and columns are computed only when a
 * diagnostic is printed, from a table of line starts built on first use.
 */
#include "internal.h"

#include <assert.h>
#include <string.h>

uint32_t source_add(archc *c, const char *path, const char *dir, const char *real,
                    const char *text, size_t len) {
  struct source s = {0};
  s.path = arena_strdup(&c->arena, path);
  s.dir = arena_strdup(&c->arena, dir);
  s.real = real ? arena_strdup(&c->arena, real) : NULL;
  s.text = text;
  s.len = (uint32_t)len;
  ARENA_PUSH(&c->arena, &c->sources, &c->n_sources, &c->cap_sources, s);
  return (uint32_t)(c->n_sources - 1);
}

/* Is text[i] the last byte of a line end?  LF, CR LF and a lone CR end a
   line, as in the scanner (lexer.l). */
static bool line_end_at(const struct source *s, uint32_t i) {
  return s->text[i] == '\n' || (s->text[i] == '\r' && (i + 1 >= s->len || s->text[i + 1] != '\n'));
}

/* The offset just past the next line end at or after `from`, or 0 if none.
   Without a CR in the file (*has_cr false) memchr finds LF alone, which
   is several times faster than a test per byte on a large design. */
static uint32_t next_line(const struct source *s, uint32_t from, bool has_cr) {
  if (!has_cr) {
    const char *nl = memchr(s->text + from, '\n', s->len - from);
    return nl ? (uint32_t)(nl - s->text) + 1 : 0;
  }
  for (uint32_t i = from; i < s->len; i++)
    if (line_end_at(s, i)) return i + 1;
  return 0;
}

static void build_lines(archc *c, struct source *s) {
  bool has_cr = memchr(s->text, '\r', s->len) != NULL;
  uint32_t n = 1;
  for (uint32_t at = next_line(s, 0, has_cr); at; at = next_line(s, at, has_cr)) n++;
  s->line_start = arena_alloc(&c->arena, n * sizeof *s->line_start);
  /* Line 1 starts after a byte-order mark, which the scanner skips: columns
     count from the first character an editor shows. */
  s->line_start[0] = s->len >= 3 && memcmp(s->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  uint32_t k = 1;
  for (uint32_t at = next_line(s, 0, has_cr); at; at = next_line(s, at, has_cr))
    s->line_start[k++] = at;
  s->n_lines = n;
}

/* 1-based line and byte column of `off`; diag.c turns bytes into display columns. */
void source_line_col(archc *c, uint32_t file, uint32_t off, uint32_t *line, uint32_t *col) {
  assert(file < c->n_sources);  /* every location points into a loaded source */
  struct source *s = &c->sources[file];
  if (!s->line_start) build_lines(c, s);
  if (off > s->len) off = s->len;
  if (off < s->line_start[0]) off = s->line_start[0];
  uint32_t lo = 0, hi = s->n_lines - 1;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo + 1) / 2;
    if (s->line_start[mid] <= off) lo = mid; else hi = mid - 1;
  }
  *line = lo + 1;
  *col = off - s->line_start[lo] + 1;
}
