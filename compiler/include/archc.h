/*
 * archc.h - the library interface of the archc compiler.
 *
 * One `archc` value is one compilation: it owns every byte the compilation
 * allocates (source buffers, syntax tree, model) in a single arena that
 * archc_free() releases at once.  There is no global mutable state, so a
 * program may run several compilations one after another; the Graphviz back
 * end is the exception (Graphviz itself keeps process-wide state) and must be
 * used from one thread at a time.
 *
 * The pipeline, each step one call:
 *   archc_load_*()   read the standard library, the design and its imports
 *   archc_resolve()  names, kinds, units, edges -> struct arch_model
 *   archc_render()   the model as svg, pdf, png, dot or json
 */
#ifndef ARCHC_H
#define ARCHC_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct archc archc;
struct arch_model;

/* Exit statuses the command line uses; the library returns the same codes. */
enum archc_status {
  ARCHC_OK = 0,          /* clean (warnings allowed) */
  ARCHC_DESIGN_ERROR = 1,/* errors in the design */
  ARCHC_USAGE_ERROR = 2  /* bad usage, unreadable input, unwritable output */
};

enum archc_format { ARCHC_SVG, ARCHC_PDF, ARCHC_PNG, ARCHC_DOT, ARCHC_JSON };

struct archc_options {
  const char *const *include_dirs; /* searched for imports and the stdlib, in order */
  size_t n_include_dirs;
  int no_stdlib;                   /* do not load stdlib/prelude.arch */
  double month_seconds;            /* 0: calendar average, 2,629,746 s */
  FILE *diagnostics;               /* NULL: stderr */
  int color;                       /* colour diagnostics */
  int direction;                   /* 0 auto, 1 left to right, 2 top to bottom */
  int no_estimates;                /* draw without load and utilization */
  double scale;                    /* what-if: workload rates x scale (0: 1) */
  const char *const *overrides;    /* what-if: "workload.writes=1B/month", "api.replicas=8" */
  size_t n_overrides;
  const char *const *enable;       /* rules to turn on, whatever their severity */
  size_t n_enable;
  const char *const *disable;      /* rules to turn off */
  size_t n_disable;
  int warnings_are_errors;         /* -Werror: a warning finding fails the review */
  int no_review;                   /* draw without the review's findings */
};

archc *archc_new(const struct archc_options *opts);
void archc_free(archc *c);

/* Load the design (and, once, the standard library).  "-" reads stdin. */
int archc_load_file(archc *c, const char *path);
int archc_load_buffer(archc *c, const char *name, const char *data, size_t len);

/* Resolve names, kinds, units and edges into the model. */
int archc_resolve(archc *c);
const struct arch_model *archc_model(const archc *c);

/* Whether the design has a workload block or clients with their own rps. */
int archc_has_workload(const archc *c);

/* Estimate load, utilization, latency and storage (docs/capacity.md). */
int archc_estimate(archc *c);

enum archc_report { ARCHC_REPORT_TEXT, ARCHC_REPORT_MARKDOWN, ARCHC_REPORT_JSON, ARCHC_REPORT_CSV };
/* Write the estimate as a report; "text" -> ARCHC_REPORT_TEXT, -1 if unknown. */
int archc_write_estimate(archc *c, enum archc_report fmt, const char *path);
int archc_report_from_name(const char *name);

/* Review the design against its rules (stdlib/rules/ and its own): print
   the findings as diagnostics and keep them for the diagram.  Returns 1 when
   an error finding remains (or a warning, with warnings_are_errors). */
int archc_review(archc *c);

enum archc_findings { ARCHC_FINDINGS_TEXT, ARCHC_FINDINGS_JSON, ARCHC_FINDINGS_SARIF };
int archc_findings_from_name(const char *name);
/* The findings as JSON or SARIF 2.1.0 (text findings are diagnostics). */
int archc_write_findings(archc *c, enum archc_findings fmt, const char *path);

/* What failing `target` (a component, zone or region) does: who loses which
   stores, and what the rerouted load saturates.  Written to `out`. */
int archc_fail(archc *c, const char *target, FILE *out);

/* `archc rules` and `archc explain RULE`. */
int archc_list_rules(archc *c, FILE *out);
int archc_explain(archc *c, const char *rule, FILE *out);

/* Whether the resolved design declares no component of its own. */
int archc_is_empty(const archc *c);

/* Number of errors reported so far. */
int archc_errors(const archc *c);

/* Write the model in `fmt` to `path` ("-" for stdout).  The file is written
 * to a temporary name and renamed into place, so a failure never leaves a
 * half-written output behind. */
int archc_render(archc *c, enum archc_format fmt, const char *path);

/* "svg" -> ARCHC_SVG; returns -1 for an unknown name. */
int archc_format_from_name(const char *name);

const char *archc_version(void);

#ifdef __cplusplus
}
#endif
#endif
