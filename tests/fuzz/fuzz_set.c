/*
 * fuzz_set.c - libFuzzer target for the command line's other parsers:
 * `--set TARGET.ATTR=VALUE` (parsed as an attribute of its own source,
 * load.c's load_overrides) and `--fail NAME`, both applied to a fixed
 * design as archc check and archc estimate apply them: to the design
 * itself (the options' overrides) and as a what-if (an estimate with
 * overrides and a failure).  The input is split at its first newline:
 * the override, then the name to fail.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archc.h"

#ifndef ARCHC_SOURCE_DIR
#define ARCHC_SOURCE_DIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const dirs[] = {ARCHC_SOURCE_DIR "/stdlib"};
  static archc_prelude *prelude;  /* the standard library, parsed once */
  struct archc_options opts = {0};
  opts.include_dirs = dirs;
  opts.n_include_dirs = 1;
  opts.quiet = 1;
  if (!prelude && archc_prelude_new(&opts, &prelude) != ARCHC_OK) {
    fprintf(stderr, "fuzz_set: the standard library does not load\n");
    abort();
  }
  opts.prelude = prelude;
  /* Two strings from the input: NUL ends a command-line argument. */
  char *text = malloc(size + 1);
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  char *newline = strchr(text, '\n');
  const char *fail = NULL;
  if (newline) {
    *newline = '\0';
    fail = newline + 1;
  }
  const char *const sets[] = {text};
  opts.overrides = sets;
  opts.n_overrides = 1;
  archc *c = archc_new(&opts);
  archc_estimate *e = NULL;
  archc_review *r = NULL;
  if (c && archc_load_file(c, ARCHC_SOURCE_DIR "/examples/url-shortener.arch") == ARCHC_OK &&
      archc_resolve(c) == ARCHC_OK) {
    struct archc_what_if w = {2, sets, 1, fail};
    if (archc_estimate_run(c, &w, &e) == ARCHC_OK) archc_review_run(c, e, NULL, &r);
  }
  archc_free(c);
  free(text);
  return 0;
}
