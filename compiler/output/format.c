/*
 * format.c - the table of output formats, and writing any of them.
 *
 * Each row names a format, the file extensions that choose it and its
 * writer.  Output is built in memory first and only then written, through
 * write_atomically(), so a failing writer leaves no file behind.
 */
#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The formats, and beside them (same order) their writers. */
static const struct archc_format formats[] = {
  {ARCHC_DIAGRAM, "svg", "svg", "the diagram, as SVG with links and tooltips", 1},
  {ARCHC_DIAGRAM, "pdf", "pdf", "the diagram, as a PDF page", 1},
  {ARCHC_DIAGRAM, "png", "png", "the diagram, as a PNG image", 1},
  {ARCHC_DIAGRAM, "dot", "dot gv", "the graph archc hands to Graphviz, before layout", 0},
  {ARCHC_DIAGRAM, "json", "json", "the resolved model (and its estimate), for other tools", 0},
  {ARCHC_REPORT, "text", "txt", "the estimate for people", 0},
  {ARCHC_REPORT, "markdown", "md markdown", "the estimate as Markdown tables", 0},
  {ARCHC_REPORT, "json", "json", "the estimate in base units, for tools", 0},
  {ARCHC_REPORT, "csv", "csv", "one row per component, in base units", 0},
  {ARCHC_FINDINGS, "text", "txt", "the findings as diagnostics", 0},
  {ARCHC_FINDINGS, "json", "json", "the findings with their locations", 0},
  {ARCHC_FINDINGS, "sarif", "sarif", "SARIF 2.1.0, for code scanning", 0},
  {ARCHC_FAILURE, "text", "txt", "what a failure cuts off and overloads", 0},
  {ARCHC_EXPLAIN, "text", "txt", "each figure with its derivation in numbers", 0},
  {ARCHC_EXPLAIN, "json", "json", "each figure, its value in base units and its derivation", 0},
  {ARCHC_SCORECARD, "text", "txt", "requirements met or missed, findings, scores, next step", 0},
  {ARCHC_SCORECARD, "json", "json", "the scorecard for tools", 0},
  {ARCHC_SCORECARD, "hint", "hint", "one question towards the next step", 0},
};
static output_writer *const writers[] = {
  gv_write, gv_write, gv_write, dot_write, json_write,
  report_write, report_write, report_write, report_write,
  findings_write, findings_write, findings_write,
  failure_write,
  explain_write, explain_write,
  scorecard_write, scorecard_write, scorecard_write,
};
enum { N_FORMATS = sizeof formats / sizeof formats[0] };
_Static_assert(sizeof writers / sizeof writers[0] == N_FORMATS, "a writer for every format");

const struct archc_format *archc_formats(size_t *n) {
  if (n) *n = N_FORMATS;
  return formats;
}

const struct archc_format *archc_format_named(enum archc_product p, const char *name) {
  for (size_t i = 0; i < N_FORMATS; i++)
    if (formats[i].product == p && strcmp(formats[i].name, name) == 0) return &formats[i];
  return NULL;
}

/* Whether `ext` is one of the space-separated words of `list`, in any case:
   out.PNG is a PNG, as a camera or a Windows share names it. */
static bool has_word(const char *list, const char *ext) {
  size_t n = strlen(ext);
  for (const char *w = list; *w;) {
    size_t len = strcspn(w, " ");
    if (len == n && strncasecmp(w, ext, n) == 0) return true;
    w += len;
    while (*w == ' ') w++;
  }
  return false;
}

const struct archc_format *archc_format_for_path(enum archc_product p, const char *path) {
  const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
  if (!dot || (slash && dot < slash) || !dot[1]) return NULL;
  for (size_t i = 0; i < N_FORMATS; i++)
    if (formats[i].product == p && has_word(formats[i].extensions, dot + 1)) return &formats[i];
  return NULL;
}

int output_render(archc *c, const struct archc_format *format, const struct output_input *in,
                  const char **out, size_t *out_len) {
  size_t i = (size_t)(format - formats);
  if (i >= N_FORMATS) return ARCHC_USAGE_ERROR;
  char *data = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&data, &len);
  if (!f) {
    diag_plain(c, DIAG_ERROR, "out of memory");
    return ARCHC_NO_MEMORY;
  }
  int rc = writers[i](c, in, format->name, f);
  if (fclose(f) != 0 && rc == ARCHC_OK) rc = ARCHC_NO_MEMORY;
  /* Into the arena (NUL-terminated), so the caller owns nothing.  The
     allocation that may fail is tried first, so `data` is freed before
     running out of memory leaves this function. */
  char *copy = rc == ARCHC_OK ? arena_try_alloc(&c->arena, len + 1) : NULL;
  if (copy && len) memcpy(copy, data, len);
  free(data);
  if (rc != ARCHC_OK) return rc;
  if (!copy) arena_out_of_memory(&c->arena);
  *out = copy;
  *out_len = len;
  return ARCHC_OK;
}

int output_write(archc *c, const struct archc_format *format, const struct output_input *in,
                 const char *path) {
  const char *data;
  size_t len;
  int rc = output_render(c, format, in, &data, &len);
  return rc == ARCHC_OK ? write_atomically(c, path, data, len) : rc;
}
