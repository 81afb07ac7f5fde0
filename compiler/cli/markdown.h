/*
 * markdown.h - `archc markdown`: the ```arch fences of a Markdown file
 * drawn, the rest of the file as it was (markdown.c).
 */
#ifndef ARCHC_CLI_MARKDOWN_H
#define ARCHC_CLI_MARKDOWN_H

#include <stdbool.h>
#include <stdio.h>

#include "archc.h"

/* What main.c read from the command line for the command. */
struct markdown_request {
  const char *input;           /* the Markdown file; "-": standard input */
  const char *output;          /* "-": standard output */
  const char *assets;          /* where the pictures go; NULL only with inline_svg */
  bool inline_svg;             /* SVG pictures in the document, not beside it */
  struct archc_options library;
  struct archc_review_options review;
  int direction;               /* a fence's default; direction= overrides it */
  int theme, style;            /* enum archc_theme, archc_style: the defaults of theme=, style= */
  bool transparent;
  double dpi;                  /* png; 0: the library's */
  bool no_estimates, no_review;
  double scale;
  FILE *errors;                /* where the fences' own errors go; NULL: stderr */
};

/* An archc_status: 1 when a fence has errors, and then nothing is written. */
int markdown_run(const struct markdown_request *m);
/* The part of markdown_run the fuzzer reaches: the fences of `text` (named
   `file` in diagnostics) found, their options read, each compiled and
   drawn in memory with m->library; nothing read or written. */
int markdown_compile_text(const struct markdown_request *m, const char *file, const char *text,
                          size_t len);

#endif
