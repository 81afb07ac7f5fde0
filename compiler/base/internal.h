/*
 * internal.h - what the stages of one compilation share.
 *
 * struct archc is the compilation: its options, its arena, its sources,
 * the diagnostics reported so far, and the model once resolved.  Stages
 * take their other inputs as arguments and return their results; none
 * reads another's result from here.  docs/internals.md walks the stages
 * folder by folder, in pipeline order.
 */
#ifndef ARCH_INTERNAL_H
#define ARCH_INTERNAL_H

#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700

#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>

#include "archc.h"
#include "arena.h"
#include "ast.h"

/* Limits on hostile input; each has its own diagnostic. */
enum {
  LIMIT_NESTING = 64,          /* groups, braces, parentheses and brackets */
  LIMIT_ERRORS = 20,           /* errors reported before giving up */
  LIMIT_IDENT = 128,           /* bytes in a name */
  LIMIT_STRING = 4096,         /* bytes in a string */
  LIMIT_IMPORT_DEPTH = 32,
  LIMIT_KIND_DEPTH = 32,       /* kinds deriving from kinds */
  LIMIT_EXPR_DEPTH = 256,      /* operators nested in one expression */
  LIMIT_WORKLOAD_DEPTH = 256,  /* workload values defined by workload values */
  LIMIT_EDGES = 4000000        /* edges in a design, fan-outs multiplied out */
};
#define LIMIT_FILE_BYTES ((size_t)64 * 1024 * 1024)

struct source {
  const char *path;      /* as the user named it; what diagnostics print */
  const char *dir;       /* directory that imports are relative to */
  const char *real;      /* canonical path, to recognise a file imported twice */
  const char *text;
  uint32_t len;
  uint32_t *line_start;  /* byte offset of each line, built on first use */
  uint32_t n_lines;
  bool loading;          /* on the import stack: importing it again is a cycle */
};

struct archc {
  struct archc_options opt;
  struct arena arena;
  FILE *diag_out;
  int n_errors, n_warnings;
  bool stop;             /* too many errors, or a limit was hit: stop reporting */
  bool muted;            /* the last diagnostic was dropped: drop its notes too */
  bool uncapped;         /* printing findings: they do not count towards the cap */

  struct source *sources;
  size_t n_sources, cap_sources;

  struct ast_stmt *program;     /* top-level statements of every file, stdlib first */
  struct ast_stmt **program_end;
  bool stdlib_loaded;
  int import_depth;
  const char *design_dir;       /* canonical folder of the first design loaded:
                                   where restricted imports may come from */

  struct arch_model *model;     /* the design, once resolved without errors */
  struct arch_model *partial_model; /* what resolution made, errors or not: for tests */

  /* The library's diagnostic callback: the one not yet delivered, and the
     rule whose finding is being reported. */
  struct archc_diagnostic pending;
  bool has_pending;
  const char *rule;

  bool broken;                  /* memory ran out: only archc_free() is left */
  bool errors_only;             /* re-resolving for a what-if: its warnings were said */
};

/* The standard library parsed once (archc_prelude_new): a compilation
   that has loaded only it, never written after it was made. */
struct archc_prelude {
  struct archc *c;
};

/* A --set: `target` is "workload" or a component's name. */
struct override {
  const char *target;
  struct ast_attr *attr;
};

/* source.c */
uint32_t source_add(archc *c, const char *path, const char *dir, const char *real,
                    const char *text, size_t len);
void source_line_col(archc *c, uint32_t file, uint32_t off, uint32_t *line, uint32_t *col);

/* diag.c */
enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };
void diag_at(archc *c, enum diag_level level, struct arch_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_help(archc *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_plain(archc *c, enum diag_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A line that is no diagnostic (the review's count), printed unless quiet. */
void diag_summary(archc *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Deliver the diagnostic waiting for its help line to the callback. */
void diag_flush(archc *c);
size_t diag_edit_distance(const char *a, const char *b, size_t limit);
/* The candidate closest to `name`, or NULL if none is close enough to suggest. */
const char *diag_suggest(const char *name, const char *const *cands, size_t n);
size_t utf8_len(const unsigned char *p, size_t n);
/* load.c: `relative` joined to the first directory of the search path
   (-I, ARCHC_PATH, the installed stdlib, the source tree's) that has it. */
const char *load_find(archc *c, const char *relative);
/* foreign.c */
bool foreign_diagram(archc *c, uint32_t file);

/* load.c: the standard library (once), then a design and its imports */
int load_file(archc *c, const char *path);
int load_buffer(archc *c, const char *name, const char *data, size_t len);
int load_parse(archc *c, uint32_t file);
/* The standard library alone, read and parsed: what a prelude holds. */
int load_stdlib(archc *c);
/* Only the syntax of source `file`: no standard library, no imports. */
int load_syntax(archc *c, uint32_t file);
/* `path` ("-": stdin) read into a new source; -1, reported, on failure. */
int64_t load_read(archc *c, const char *path);
/* Each "TARGET.ATTR=VALUE" parsed into *out; usage errors are diagnostics. */
int load_overrides(archc *c, const char *const *specs, size_t n, struct override **out,
                   size_t *n_out);

/* resolve.c: the model of the loaded program with `overrides` applied.
   After errors it is NULL; with `partial`, the half-resolved model instead
   (the unit tests look at what resolution kept).  *bad_override says an
   override named no component or no attribute: a usage error, and nothing
   else is resolved. */
struct arch_model *resolve_model(archc *c, const struct override *overrides, size_t n,
                                 struct arch_model **partial, bool *bad_override);

/* fmt.c: source `file` in the canonical layout, after its syntax is
   checked; *changed says whether it differs.  fmt_file formats `path` in
   place (unless `check`), or stdin to stdout. */
int fmt_source(archc *c, uint32_t file, const char **out, size_t *len);
int fmt_file(archc *c, const char *path, bool check, bool *changed);

/* write.c */
int write_atomically(archc *c, const char *path, const char *data, size_t len);

/* The scanner's state; the parser reaches it through yyget_extra(). */
struct lex_state {
  archc *c;
  uint32_t file;
  uint32_t off;                 /* byte offset of the next token */
  int paren;                    /* ( and [ depth: newlines inside are not separators */
  int depth;                    /* all brackets, for the nesting limit */
  struct arch_loc open[LIMIT_NESTING + 1]; /* where each open bracket began */
  uint32_t bad_end;             /* end of the last unexpected character */
  uint32_t noted_open;          /* 1 + offset of a '{' already said to be open, or 0 */
  struct ast_stmt *result;
};

#endif
