/*
 * fuzz_markdown.c - libFuzzer target for `archc markdown`'s reading of a
 * page: the ```arch fences found by CommonMark's rules, their options
 * read, and each fence compiled, reviewed and drawn in memory as the
 * command does it (cli/markdown.c, markdown_compile_text; nothing is
 * written).  The input is one Markdown page.  The library without
 * Graphviz refuses the SVG, so the drawing itself is fuzz_front's.
 */
#define _GNU_SOURCE  /* memmem */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archc.h"
#include "markdown.h"

#ifndef ARCHC_SOURCE_DIR
#define ARCHC_SOURCE_DIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const dirs[] = {ARCHC_SOURCE_DIR "/stdlib"};
  /* Kept for the process: the standard library parsed once, and the
     fences' own errors (printed, not delivered) thrown away. */
  static archc_prelude *prelude;
  static FILE *sink;
  struct archc_options opts = {0};
  opts.include_dirs = dirs;
  opts.n_include_dirs = 1;
  opts.quiet = 1;
  if (!prelude && archc_prelude_new(&opts, &prelude) != ARCHC_OK) {
    fprintf(stderr, "fuzz_markdown: the standard library does not load\n");
    abort();
  }
  if (!sink && !(sink = fopen("/dev/null", "w"))) abort();
  opts.prelude = prelude;
  struct markdown_request m = {.input = "fuzz.md", .output = "-", .library = opts,
                               .errors = sink};
  int rc = markdown_compile_text(&m, "fuzz.md", (const char *)data, size);
  /* A page that never says arch has no fence to compile or to refuse. */
  if (rc != ARCHC_OK && !memmem(data, size, "arch", 4)) {
    fprintf(stderr, "fuzz_markdown: a page without arch fences gives status %d\n", rc);
    abort();
  }
  return 0;
}
