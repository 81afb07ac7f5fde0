/*
 * archc.h - libarchc, the archc compiler as a library.
 *
 * One `archc` is one compilation: a design read from files or buffers and
 * resolved into a model.  It owns every byte the compilation allocates, in
 * one arena that archc_free() releases at once, and so every result handed
 * out below (estimates, reviews, strings) lives until archc_free().  There
 * is no global mutable state; the Graphviz adapter is the exception
 * (Graphviz keeps process-wide state), so draw from one thread at a time.
 *
 * The pipeline, each stage one call with explicit inputs and a result:
 *
 *   archc_new, archc_load_file / archc_load_buffer, archc_resolve
 *       the design: names, kinds, units, edges, rules -> the model
 *   archc_estimate_run(c, what_if)          -> archc_estimate *
 *       load, utilization, latency, storage; a what-if (scale, --set
 *       overrides, a failed component, zone or region) is one more call
 *       and leaves earlier estimates as they were
 *   archc_review_run(c, estimate, options)  -> archc_review *
 *       the rules over the model, the estimate and the graph analyses
 *   archc_write(c, format, path, inputs)
 *       any output, through one table of formats (archc_formats)
 *
 * Two libraries share this header: libarchc, and libarchc-core, which has
 * no Graphviz and so writes no format that needs it (docs/library.md).
 *
 * Every function that can fail returns an archc_status.  The library never
 * exits the process and never aborts on bad input; running out of memory
 * comes back as ARCHC_NO_MEMORY.  Diagnostics are printed clang-style to
 * the options' stream and, with a callback, delivered as structures.
 */
#ifndef ARCHC_H
#define ARCHC_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The one place the version is written: CMake reads it from here for the
   project, the soname and the pkg-config files.  archc_version() is the
   version of the library a program runs with, these of the header it was
   built with. */
#define ARCHC_VERSION_MAJOR 0
#define ARCHC_VERSION_MINOR 2
#define ARCHC_VERSION_PATCH 0

/* On every public function: the library is built with hidden visibility,
   so only what carries this is exported from the shared library. */
#if defined(__GNUC__) || defined(__clang__)
#define ARCHC_API __attribute__((visibility("default")))
#else
#define ARCHC_API
#endif

typedef struct archc archc;
typedef struct archc_estimate archc_estimate;
typedef struct archc_review archc_review;
typedef struct archc_prelude archc_prelude;

/* The command line exits with the first three. */
enum archc_status {
  ARCHC_OK = 0,           /* clean (warnings allowed) */
  ARCHC_DESIGN_ERROR = 1, /* errors in the design, or an error finding */
  ARCHC_USAGE_ERROR = 2,  /* bad usage, unreadable input, unwritable output */
  ARCHC_NO_MEMORY = 3     /* out of memory; the compilation can only be freed */
};

enum archc_severity { ARCHC_NOTE, ARCHC_WARNING, ARCHC_ERROR };

/* A diagnostic as a structure.  Strings are valid during the callback. */
struct archc_diagnostic {
  enum archc_severity severity;
  const char *file;       /* NULL for a diagnostic about no place in a file */
  unsigned line, column;  /* 1-based, the column in bytes; 0 without a file */
  unsigned end_line, end_column;  /* just past the marked text */
  const char *message;
  const char *help;       /* NULL if none */
  const char *rule;       /* a review finding's rule, else NULL */
};
typedef void archc_diagnostic_fn(void *ctx, const struct archc_diagnostic *d);

struct archc_options {
  const char *const *include_dirs; /* searched for imports and the stdlib, in order */
  size_t n_include_dirs;
  int no_stdlib;                   /* do not load stdlib/prelude.arch */
  double month_seconds;            /* 0: calendar average, 2,629,746 s */
  FILE *diagnostics;               /* NULL: stderr */
  int quiet;                       /* print no diagnostics (the callback still gets them) */
  int color;                       /* colour printed diagnostics */
  archc_diagnostic_fn *on_diagnostic;
  void *diagnostic_ctx;
  const char *const *overrides;    /* applied to the design itself: "api.replicas=8" */
  size_t n_overrides;
  int restrict_imports;            /* imports only from inside the design's
                                      folder and the search path: for a
                                      design from elsewhere (a server) */
  const archc_prelude *prelude;    /* the standard library already parsed
                                      (archc_prelude_new); NULL: read it */
};

/* A compilation with `opts` (NULL: the defaults); NULL only when out of
   memory.  The options are copied with their arrays and strings; the
   diagnostics stream and the callback's context stay the caller's. */
ARCHC_API archc *archc_new(const struct archc_options *opts);
ARCHC_API void archc_free(archc *c);

/* The standard library read and parsed once, for a program that compiles
   many designs (a fuzzer, a server): a compilation whose options name it
   starts from its syntax tree instead of reading and parsing the library
   again, and gives the same results.  It is found and its diagnostics
   reported as archc_new(opts) would; *out is NULL unless ARCHC_OK.  Once
   made it is never written, so threads may share it; it must outlive
   every compilation that uses it. */
ARCHC_API int archc_prelude_new(const struct archc_options *opts, archc_prelude **out);
ARCHC_API void archc_prelude_free(archc_prelude *p);

/* Load the design (and, once, the standard library).  "-" reads stdin. */
ARCHC_API int archc_load_file(archc *c, const char *path);
ARCHC_API int archc_load_buffer(archc *c, const char *name, const char *data, size_t len);

/* Resolve names, kinds, units and edges into the model. */
ARCHC_API int archc_resolve(archc *c);

/* Errors reported so far (diagnostics, not findings). */
ARCHC_API int archc_errors(const archc *c);
/* Bytes the compilation has obtained from malloc for everything it holds. */
ARCHC_API size_t archc_memory_used(const archc *c);

/* ---- the model (after a successful archc_resolve) ---- */

struct archc_component {
  const char *name;       /* as declared: api */
  const char *path;       /* qualified: us_east.api */
  const char *label;      /* the display label, or the name */
  const char *kind;       /* service, database, ... */
  const char *role;       /* what the kind does: service, store, cache, ... */
  const char *group;      /* the innermost region, zone or group's path, or NULL */
  const char *file;
  unsigned line, column;
};

struct archc_attribute {
  const char *name;
  const char *text;       /* for people: "5k rps", "90%", "[a, b]" */
  double number;          /* in base units (seconds, bytes, per second); 0 if not a number */
  const char *unit;       /* the base unit of `number`: "", "s", "B", "1/s", "B/s"; NULL if not a number */
  int from_kind;          /* a default of the component's kind, not written on it */
};

struct archc_edge {
  size_t from, to;        /* component indices */
  const char *label;      /* NULL if none */
  const char *protocol;   /* NULL if none */
  int async, reads, writes;
  const char *file;
  unsigned line, column;
};

ARCHC_API const char *archc_title(const archc *c);       /* NULL if none */
ARCHC_API size_t archc_component_count(const archc *c);
/* The lines of the design's `requirements` blocks (docs/language.md). */
ARCHC_API size_t archc_requirement_count(const archc *c);
/* How many requirements the design meets, misses and does not address,
   with estimate `e` (NULL: no traffic; what needs it is not addressed).
   The scorecard (ARCHC_SCORECARD) says which and why. */
ARCHC_API int archc_requirements_status(archc *c, const archc_estimate *e, size_t *met,
                                        size_t *missed, size_t *not_addressed);
ARCHC_API int archc_component_at(const archc *c, size_t i, struct archc_component *out);
/* A component by bare or qualified name; -1 if none or ambiguous. */
ARCHC_API long archc_find_component(const archc *c, const char *name);
/* A component's effective attributes: its own, then its kind's defaults. */
ARCHC_API size_t archc_attribute_count(const archc *c, size_t component);
ARCHC_API int archc_attribute_at(const archc *c, size_t component, size_t i,
                                 struct archc_attribute *out);
ARCHC_API size_t archc_edge_count(const archc *c);
ARCHC_API int archc_edge_at(const archc *c, size_t i, struct archc_edge *out);

/* ---- the estimate (docs/capacity.md) ---- */

struct archc_what_if {
  double scale;                    /* workload rates x scale (0: 1) */
  const char *const *overrides;    /* "workload.writes=1B/month", "api.replicas=8" */
  size_t n_overrides;
  const char *fail;                /* a component, zone (region.zone) or region taken out */
};

/* The estimate of the design under `w` (NULL: as designed) into *out. */
ARCHC_API int archc_estimate_run(archc *c, const struct archc_what_if *w, archc_estimate **out);
/* Whether the design has a workload (or clients with rps) to estimate. */
ARCHC_API int archc_has_workload(const archc *c);

struct archc_load {
  double rps, peak_rps;            /* arrivals, average and peak */
  double capacity;                 /* what the busiest replica's load is measured against; 0: unknown */
  double utilization, peak_utilization;
  double headroom;                 /* multiple of the peak at which it saturates; 0: n/a */
  double latency, peak_latency;    /* mean response time, s; -1: saturated */
  int failed;                      /* taken out by the what-if */
};
ARCHC_API int archc_estimate_component(const archc_estimate *e, size_t component,
                                       struct archc_load *out);

/* A path: what a client's requests see end to end. */
struct archc_path {
  size_t client;                   /* component index */
  double share;                    /* of the workload */
  double read_latency, write_latency;           /* average load, s; -1 saturated */
  double peak_read_latency, peak_write_latency;
};
ARCHC_API size_t archc_estimate_path_count(const archc_estimate *e);
ARCHC_API int archc_estimate_path(const archc_estimate *e, size_t i, struct archc_path *out);
/* The component that saturates first, or -1. */
ARCHC_API long archc_estimate_bottleneck(const archc_estimate *e);

/* A flow (docs/language.md, "Flows"): one kind of request and its figures
   (docs/capacity.md, "Flows").  A design without flows has two implicit
   ones, "reads" and "writes". */
struct archc_flow {
  const char *name, *label;        /* label: NULL if none */
  int writes;                      /* its class: 1 write, 0 read */
  int implicit;                    /* the reads or writes of a design without flows */
  double rate, peak_rate;          /* entering, rps */
  double latency, peak_latency;    /* mean end to end, s; -1: saturated on the way */
  double latency_slo;              /* s; 0: none */
  long bottleneck;                 /* the lowest headroom on its path (component index), or -1 */
  double headroom;                 /* the bottleneck's; 0: none measured */
  double availability;             /* of everything a request needs */
  double bytes_in, bytes_out;      /* per second at the clients, average */
  double stored_per_day;           /* bytes kept per day, replicated */
  size_t steps;                    /* edges on its path */
};
ARCHC_API size_t archc_estimate_flow_count(const archc_estimate *e);
ARCHC_API int archc_estimate_flow(const archc_estimate *e, size_t i, struct archc_flow *out);

/* ---- the review (docs/rules.md) ---- */

struct archc_review_options {
  const char *const *enable;       /* rules turned on, at warning if off by default */
  size_t n_enable;
  const char *const *disable;      /* rules turned off */
  size_t n_disable;
  int warnings_are_errors;
};

/* Review the design with `e` (NULL: estimated quietly as designed). */
ARCHC_API int archc_review_run(archc *c, const archc_estimate *e,
                               const struct archc_review_options *o, archc_review **out);
/* ARCHC_DESIGN_ERROR when an error finding remains (or a warning, with
   warnings_are_errors), else ARCHC_OK. */
ARCHC_API int archc_review_status(const archc_review *r);
ARCHC_API size_t archc_finding_count(const archc_review *r);
ARCHC_API int archc_finding_at(const archc_review *r, size_t i, struct archc_diagnostic *out);
/* The findings as diagnostics (printed and to the callback), then a count. */
ARCHC_API void archc_print_findings(archc *c, const archc_review *r);

/* ---- outputs ---- */

enum archc_product {
  ARCHC_DIAGRAM,   /* the design drawn or as data: svg pdf png dot json */
  ARCHC_REPORT,    /* the estimate: text markdown json csv */
  ARCHC_FINDINGS,  /* the review: text json sarif */
  ARCHC_FAILURE,   /* what a --fail does: text */
  ARCHC_EXPLAIN,   /* the estimate's figures with their derivations: text json */
  ARCHC_SCORECARD  /* the design against its requirements: text json hint */
};

struct archc_format {
  enum archc_product product;
  const char *name;                /* svg */
  const char *extensions;          /* "svg", or "md markdown": file extensions, space-separated */
  const char *description;
  int needs_graphviz;              /* written by Graphviz: libarchc-core cannot */
};
/* The table of formats, in order; the command line reads it too. */
ARCHC_API const struct archc_format *archc_formats(size_t *n);
/* By name, then by extension, for a product; NULL if none. */
ARCHC_API const struct archc_format *archc_format_named(enum archc_product p, const char *name);
ARCHC_API const struct archc_format *archc_format_for_path(enum archc_product p, const char *path);

struct archc_write_options {
  const archc_estimate *estimate;  /* figures on the diagram, the report; NULL: none */
  const archc_review *review;      /* findings on the diagram, the findings; NULL: none */
  const char *fail;                /* ARCHC_FAILURE: what fails */
  int direction;                   /* diagrams: 0 auto, 1 left to right, 2 top to bottom */
  /* Publishing (docs/publishing.md, "Themes and output options"); zero is
     the look archc always had. */
  int theme;                       /* diagrams: an enum archc_theme */
  int transparent;                 /* svg, png: no page background */
  const char *id_prefix;           /* svg: put before every id; NULL: from the output
                                      file's name, else "archc" */
  double dpi;                      /* png: pixels per inch (0: 144) */
  int style;                       /* diagrams: an enum archc_style */
  double zoom;                     /* pdf: the page at this multiple of the diagram's
                                      size in points (0: 1) */
  const char *flow;                /* diagrams: draw this flow's path, numbered step by
                                      step, the rest faded (NULL: none); an unknown
                                      name is ARCHC_USAGE_ERROR */
  const char *view;                /* diagrams: a view's name (archc_view_at), or "all"
                                      for the whole design; NULL: archc_default_view() */
  const char *explain;             /* ARCHC_EXPLAIN: the component, client or flow to
                                      explain; NULL: every one */
  int *failure_harmed;             /* ARCHC_FAILURE: set to 1 when the failure loses a
                                      flow, or part of one, or saturates a component
                                      (archc check --fail exits 1 then), else 0; NULL:
                                      not asked */
};

enum archc_theme {
  ARCHC_THEME_LIGHT,  /* dark text on white, as archc always drew */
  ARCHC_THEME_DARK,   /* light text on a dark page */
  ARCHC_THEME_AUTO    /* svg: light, and dark when the reader prefers it (a CSS
                         media query in the file); other formats: light */
};

enum archc_style {
  ARCHC_STYLE_REVIEW, /* the estimate's figures and the review's findings on the picture */
  ARCHC_STYLE_PLAIN   /* the architecture alone: no badges, loads, legend or findings */
};

/* Write `format` to `path` ("-": stdout).  A file is written to a
   temporary name and renamed into place, so a failure never leaves a
   half-written output behind. */
ARCHC_API int archc_write(archc *c, const struct archc_format *format, const char *path,
                          const struct archc_write_options *o);
/* The same output in memory: *data (not NUL-terminated for binary formats)
   holds *len bytes and lives until archc_free(). */
ARCHC_API int archc_render(archc *c, const struct archc_format *format,
                           const struct archc_write_options *o, const char **data, size_t *len);

/* ---- the report (archc report; docs/report.md) ---- */

enum archc_paper { ARCHC_PAPER_A4, ARCHC_PAPER_LETTER };

struct archc_report_options {
  const archc_estimate *estimate;  /* the figures (a what-if's too); NULL: as designed */
  const archc_review *review;      /* the findings; NULL: reviewed with the default rules */
  int paper;                       /* an enum archc_paper */
  const char *charts_dir;          /* also each chart alone, as SVG and PNG, in this
                                      directory (made if missing); NULL: none */
  const char *date;                /* the PDF's creation date, ISO 8601 such as
                                      "2026-12-01T00:00:00Z"; NULL: none written */
  const char *what_if;             /* a line under the title saying which what-if the
                                      estimate is (e.g. "--scale 10"); NULL: none */
};

/* The design review as a multi-page PDF at `path` (NULL: only the charts),
   written atomically: the diagram with the headline figures, capacity,
   latency under load, storage and bandwidth, the findings, and what each
   zone's, region's and single point of failure's loss does.  Needs
   Graphviz and Cairo: libarchc-core says so and writes nothing. */
ARCHC_API int archc_report_write(archc *c, const char *path,
                                 const struct archc_report_options *o);

/* ---- views (docs/language.md, "Views") ---- */

struct archc_view {
  const char *name;                /* as archc_write_options.view takes it */
  const char *label;               /* NULL if none */
  const char *summary;             /* what it shows, for people: "only us_east" */
  size_t nodes;                    /* the boxes it draws: components and groups */
  int builtin;                     /* archc's overview; the design declares no view of its name */
};
/* The design's views, in source order, then archc's "overview" unless the
   design declares a view of that name.  After a successful archc_resolve. */
ARCHC_API size_t archc_view_count(const archc *c);
ARCHC_API int archc_view_at(archc *c, size_t i, struct archc_view *out);
/* What a diagram shows when the write options name no view: NULL, the
   whole design, up to ARCHC_VIEW_THRESHOLD components or when it has no
   region, zone or group; else "overview" (docs/language.md, "Views"). */
#define ARCHC_VIEW_THRESHOLD 200
ARCHC_API const char *archc_default_view(const archc *c);

/* ---- the canonical layout (archc fmt; docs/language.md) ---- */

/* `text` in the canonical layout: *out holds *out_len bytes and lives
   until archc_free().  Only the syntax is checked (no standard library,
   no imports); a text with errors gives ARCHC_DESIGN_ERROR, with its
   diagnostics, and no output. */
ARCHC_API int archc_format_source(archc *c, const char *name, const char *text, size_t len,
                                  const char **out, size_t *out_len);
/* The file at `path` in the canonical layout, rewritten in place (to a
   temporary name renamed over it) if that changes it; "-" reads standard
   input and writes standard output.  With `check`, nothing is written.
   *changed says whether the layout differs from the file. */
ARCHC_API int archc_format_file(archc *c, const char *path, int check, int *changed);

/* ---- the rules ---- */

/* `archc rules` and `archc explain RULE`, after archc_resolve. */
ARCHC_API int archc_list_rules(archc *c, FILE *out);
ARCHC_API int archc_explain(archc *c, const char *rule, FILE *out);

ARCHC_API const char *archc_version(void);
/* `relative` (a file or a directory, such as "practice") joined to the
   first directory of the search path that has it (-I directories,
   ARCHC_PATH, the installed stdlib, the source tree's) into *path, which
   lives until archc_free(); ARCHC_USAGE_ERROR, and NULL, if none has it. */
ARCHC_API int archc_find_path(archc *c, const char *relative, const char **path);

/* Among `candidates`, the one closest to a misspelt `word` (by edit
   distance, a swap of neighbours counting one), or NULL when none is close
   enough to be what was meant: the did-you-mean of every archc message. */
ARCHC_API const char *archc_suggest(const char *word, const char *const *candidates, size_t n);

#ifdef __cplusplus
}
#endif
#endif
