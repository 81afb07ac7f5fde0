/*
 * fuzz_front.c - libFuzzer target for everything before Graphviz: scanner,
 * parser, the standard library, name and unit resolution, the capacity
 * estimate, the design review, and every output the core writes (DOT,
 * JSON, reports, findings, SARIF, a failure report, and the DOT of every
 * view the design declares), in memory.  The input
 * is one design; diagnostics are not printed.  Any crash, hang, leak or
 * sanitizer report is a bug.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "archc.h"

#ifndef ARCHC_SOURCE_DIR
#define ARCHC_SOURCE_DIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every output the core writes without Graphviz, in memory. */
static void render_all(archc *c, const archc_estimate *e, const archc_review *r) {
  size_t n;
  const struct archc_format *formats = archc_formats(&n);
  struct archc_component first;
  const char *fail = archc_component_at(c, 0, &first) == 0 ? first.path : NULL;
  struct archc_write_options o = {.estimate = e, .review = r, .fail = fail};
  for (size_t i = 0; i < n; i++) {
    const char *out;
    size_t len;
    if (!formats[i].needs_graphviz) archc_render(c, &formats[i], &o, &out, &len);
  }
  const struct archc_format *dot = archc_format_named(ARCHC_DIAGRAM, "dot");
  for (size_t i = 0; i < archc_view_count(c); i++) {
    struct archc_view v;
    const char *out;
    size_t len;
    if (archc_view_at(c, i, &v) != 0) continue;
    o.view = v.name;
    archc_render(c, dot, &o, &out, &len);
  }
}

/* The standard library, parsed on the first input and kept for the
   process: parsing it again for every input was two thirds of the time. */
static const archc_prelude *prelude(const struct archc_options *opts) {
  static archc_prelude *p;
  if (!p && archc_prelude_new(opts, &p) != ARCHC_OK) {
    fprintf(stderr, "fuzz_front: the standard library does not load\n");
    abort();
  }
  return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const dirs[] = {ARCHC_SOURCE_DIR "/stdlib"};
  struct archc_options opts = {0};
  opts.include_dirs = dirs;
  opts.n_include_dirs = 1;
  opts.quiet = 1;
  opts.prelude = prelude(&opts);
  archc *c = archc_new(&opts);
  archc_estimate *e = NULL;
  archc_review *r = NULL;
  if (c && archc_load_buffer(c, "fuzz.arch", (const char *)data, size) == 0 &&
      archc_resolve(c) == 0 && archc_estimate_run(c, NULL, &e) == 0 &&
      archc_review_run(c, e, NULL, &r) == 0)
    render_all(c, e, r);
  archc_free(c);
  return 0;
}
