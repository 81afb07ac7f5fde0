/*
 * no_graphviz.c - the diagram writer of a build without Graphviz (the core
 * library alone, as the fuzzer and an editor or browser build link it):
 * every format Graphviz writes (its `needs_graphviz`) says so instead.
 */
#include "output.h"

int gv_write(archc *c, const struct output_input *in, const char *format, FILE *f) {
  (void)in, (void)f;
  diag_plain(c, DIAG_ERROR, "this build of archc has no Graphviz, so it cannot write %s", format);
  diag_help(c, "use the archc command, or link libarchc rather than libarchc-core");
  return ARCHC_USAGE_ERROR;
}

int pages_write(archc *c, const struct output_input *in, const struct pages_options *o,
                const char *path) {
  (void)in, (void)o, (void)path;
  diag_plain(c, DIAG_ERROR, "this build of archc has no Graphviz and Cairo, so it cannot write the report");
  diag_help(c, "use the archc command, or link libarchc rather than libarchc-core");
  return ARCHC_USAGE_ERROR;
}
