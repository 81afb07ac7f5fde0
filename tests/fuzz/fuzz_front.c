/*
 * fuzz_front.c - libFuzzer target for everything before Graphviz: scanner,
 * parser, the standard library, name and unit resolution, the capacity
 * estimate and the design review.  The input is one design; diagnostics go
 * to /dev/null.  Any crash, hang, leak or sanitizer report is a bug.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "archc.h"

#ifndef ARCHC_SOURCE_DIR
#define ARCHC_SOURCE_DIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const dirs[] = {ARCHC_SOURCE_DIR "/stdlib"};
  struct archc_options opts = {0};
  opts.include_dirs = dirs;
  opts.n_include_dirs = 1;
  opts.quiet = 1;
  archc *c = archc_new(&opts);
  archc_estimate *e = NULL;
  archc_review *r = NULL;
  if (c && archc_load_buffer(c, "fuzz.arch", (const char *)data, size) == 0 &&
      archc_resolve(c) == 0 && archc_estimate_run(c, NULL, &e) == 0)
    archc_review_run(c, e, NULL, &r);
  archc_free(c);
  return 0;
}
