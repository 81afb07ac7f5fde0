/*
 * helpers.h - what the unit tests share: compiling a design from a string
 * with its diagnostics captured, and finding things in the result.
 */
#ifndef TEST_HELPERS_H
#define TEST_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "model.h"

struct compiled {
  archc *c;
  char *diag;      /* everything reported, as printed */
  size_t diag_len;
  FILE *sink;
  int rc;
};

/* Load and resolve `text` as design "t.arch", with the standard library
   unless `no_stdlib`. */
/* `r` must stay where it is while it is used: the memory stream writes
   through pointers into it. */
static inline void compile_text(struct compiled *out, const char *text, int no_stdlib) {
  static const char *const dirs[] = {ARCHC_SOURCE_DIR "/stdlib"};
  struct compiled *r = out;
  memset(r, 0, sizeof *r);
  r->sink = open_memstream(&r->diag, &r->diag_len);
  struct archc_options o = {0};
  o.include_dirs = dirs;
  o.n_include_dirs = 1;
  o.no_stdlib = no_stdlib;
  o.diagnostics = r->sink;
  r->c = archc_new(&o);
  r->rc = archc_load_buffer(r->c, "t.arch", text, strlen(text));
  if (r->rc == 0) r->rc = archc_resolve(r->c);
  fflush(r->sink);
}

static inline void compiled_free(struct compiled *r) {
  archc_free(r->c);
  fclose(r->sink);
  free(r->diag);
}

static inline const struct arch_component *component(const struct compiled *r, const char *path) {
  const struct arch_model *m = r->c->model;
  for (size_t i = 0; m && i < m->n_components; i++)
    if (strcmp(m->components[i].path, path) == 0) return &m->components[i];
  return NULL;
}

/* The design's own top-level statements: the stdlib's come first. */
static inline const struct ast_stmt *design_statements(const struct compiled *r) {
  const struct ast_stmt *s = r->c->program;
  while (s && s->loc.file != r->c->n_sources - 1) s = s->next;
  return s;
}

#endif
