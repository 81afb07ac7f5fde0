/*
 * archc.c - a compilation's life: options in, arena out.
 */
#include "internal.h"

#include <string.h>

#include "model.h"

archc *archc_new(const struct archc_options *opts) {
  struct arena arena = {0};
  archc *c = arena_alloc(&arena, sizeof *c);
  c->arena = arena;
  if (opts) c->opt = *opts;
  c->diag_out = c->opt.diagnostics ? c->opt.diagnostics : stderr;
  return c;
}

void archc_free(archc *c) {
  if (!c) return;
  /* `c` itself lives in its arena: copy the arena out before releasing it. */
  struct arena arena = c->arena;
  arena_release(&arena);
}

int archc_errors(const archc *c) { return c->n_errors; }

const struct arch_model *archc_model(const archc *c) { return c->model; }

const char *archc_version(void) { return ARCHC_VERSION; }

int archc_format_from_name(const char *name) {
  static const char *const names[] = {"svg", "pdf", "png", "dot", "json"};
  for (int i = 0; i < 5; i++)
    if (strcmp(names[i], name) == 0) return i;
  return -1;
}

int archc_is_empty(const archc *c) { return !c->model || c->model->n_components == 0; }
