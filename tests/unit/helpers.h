/*
 * helpers.h - what the unit tests share: compiling a design from a string
 * with its diagnostics captured, and finding things in the result.
 *
 * The standard library is found the way the command line finds it: through
 * ARCHC_PATH, which ctest sets to the source tree's stdlib/ (and, failing
 * that, the source tree's stdlib built into the library).
 */
#ifndef TEST_HELPERS_H
#define TEST_HELPERS_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "model.h"

/* The name every design compiled from a string gets in diagnostics. */
#define TEST_FILE "t.arch"

struct compiled {
  archc *c;
  char *diag;      /* everything reported, as printed */
  size_t diag_len;
  FILE *sink;
  int rc;          /* of the load, or of the resolve when the load succeeded */
};

/* Load `text` as design "t.arch" with options `o` (its diagnostics are
   replaced by a memory stream), then resolve it if `resolve` and the load
   succeeded.  `out` must stay where it is while it is used: the memory
   stream writes through pointers into it. */
static inline void compile_with(struct compiled *out, const char *text, struct archc_options o,
                                bool resolve) {
  memset(out, 0, sizeof *out);
  out->sink = open_memstream(&out->diag, &out->diag_len);
  o.diagnostics = out->sink;
  out->c = archc_new(&o);
  out->rc = archc_load_buffer(out->c, TEST_FILE, text, strlen(text));
  if (resolve && out->rc == ARCHC_OK) out->rc = archc_resolve(out->c);
  fflush(out->sink);
}

/* Load and resolve, with the standard library unless `no_stdlib`. */
static inline void compile_text(struct compiled *out, const char *text, int no_stdlib) {
  struct archc_options o = {0};
  o.no_stdlib = no_stdlib;
  compile_with(out, text, o, true);
}

/* Parse only, without the standard library: the tree is c->program. */
static inline void parse_text(struct compiled *out, const char *text) {
  struct archc_options o = {0};
  o.no_stdlib = 1;
  compile_with(out, text, o, false);
}

static inline void compiled_free(struct compiled *r) {
  archc_free(r->c);
  fclose(r->sink);
  free(r->diag);
}

/* How many times `needle` occurs in `hay`. */
static inline int count_of(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = hay ? strstr(hay, needle) : NULL; p; p = strstr(p + 1, needle)) n++;
  return n;
}

static inline const struct arch_component *component(const struct compiled *r, const char *path) {
  const struct arch_model *m = r->c->partial_model;
  for (size_t i = 0; m && i < m->n_components; i++)
    if (strcmp(m->components[i].path, path) == 0) return &m->components[i];
  return NULL;
}

static inline const struct arch_kind *kind_named(const struct compiled *r, const char *name) {
  const struct arch_model *m = r->c->partial_model;
  for (size_t i = 0; m && i < m->n_kinds; i++)
    if (strcmp(m->kinds[i].name, name) == 0) return &m->kinds[i];
  return NULL;
}

#endif
