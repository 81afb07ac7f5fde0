/*
 * output.h - every output archc writes, through one table of formats.
 *
 * A writer gets the compilation (for diagnostics and its sources) and the
 * stage results it draws on, and writes to a stream; output_write() turns
 * that into a file written atomically.  A new format is a writer and a row
 * in the table in format.c; the library and the command line read the
 * table, so nothing else changes.
 */
#ifndef ARCH_OUTPUT_H
#define ARCH_OUTPUT_H

#include "internal.h"  /* first: it sets the POSIX feature macros */

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

struct estimate;
struct review;
struct json_writer;

/* What a writer may draw on; which of it is required depends on the product. */
struct output_input {
  const struct arch_model *model;
  const struct estimate *estimate;  /* figures; NULL: none */
  const struct review *review;      /* findings; NULL: none */
  const char *fail;                 /* ARCHC_FAILURE: what fails */
  int *harmed;                      /* ARCHC_FAILURE: set when it loses (part of) a flow
                                       or saturates a component; NULL: not asked */
  int direction;                    /* diagrams: 0 auto, 1 left to right, 2 top to bottom */
  enum archc_theme theme;
  bool transparent;                 /* svg, png: no page background */
  bool plain;                       /* the architecture alone (ARCHC_STYLE_PLAIN) */
  const char *id_prefix;            /* svg: before every id; NULL or "": none */
  double dpi;                       /* png; 0: 144 */
  double zoom;                      /* pdf: the page's scale; 0: 1 */
  const struct arch_flow *flow;     /* diagrams: the flow to step through; NULL: none */
  const struct arch_view *view;     /* diagrams: what to draw (view.h); NULL: everything */
  const char *explain;              /* ARCHC_EXPLAIN: a component, client or flow; NULL: all */
};

typedef int output_writer(archc *c, const struct output_input *in, const char *format, FILE *f);

/* The writers, each for every format of its product. */
output_writer gv_write;        /* gv.c: svg pdf png, through Graphviz */
output_writer dot_write;       /* dot.c: the diagram as DOT, without Graphviz */
output_writer json_write;      /* model_json.c: the resolved model */
output_writer report_write;    /* svg.c: Graphviz's SVG `svg` as archc publishes it: every id and every
   reference to one prefixed with in->id_prefix, and with ARCHC_THEME_AUTO
   a style sheet that redraws it dark for readers who prefer dark. */
int svg_publish(archc *c, const struct output_input *in, const char *svg, size_t len, FILE *f);

/* gv.c: the diagram laid out once, then drawn into a cairo_t someone else
   owns (canvas_native()), at that context's scale and place; *width and
   *height are its size in points.  NULL, reported, if it cannot be. */
struct gv_picture;
struct gv_picture *gv_picture_new(archc *c, const struct output_input *in, double *width,
                                  double *height);
int gv_picture_draw(archc *c, struct gv_picture *p, void *cairo);
void gv_picture_free(struct gv_picture *p);

/* pages.c: the design review as a PDF (archc_report_write); with
   `charts_dir`, each chart alone as SVG and PNG there too.  no_graphviz.c
   says it needs Graphviz and Cairo. */
struct pages_options {
  enum archc_paper paper;
  const char *charts_dir;           /* NULL: no charts alone */
  const char *date;                 /* the PDF's date, ISO 8601; NULL: none */
  const char *what_if;              /* the what-if, for the title page; NULL: none */
};
int pages_write(archc *c, const struct output_input *in, const struct pages_options *o,
                const char *path);

/* estimate_report.c: text markdown json csv */
output_writer findings_write;  /* findings.c: text json sarif */
output_writer failure_write;   /* whatif.c's failure, as text */
output_writer explain_write;   /* explain.c: the estimate's figures with their derivations */
output_writer scorecard_write; /* scorecard.c: the design against its requirements */

/* failure_report.c: what losing `target` (a component, zone or region)
   does, against the estimate `before` and the reach `reach0` of the design
   as it is (analyze_reach with nothing dead); false, reported, if the name
   is unknown or the estimate fails.  The text format and the report's
   Failures page both read it. */
struct analysis;
struct failure_cut {
  int client;
  bool itself;                      /* the client is lost with it */
  int *stores;                      /* stores it no longer reaches, nor a copy of them */
  size_t n_stores;
};
struct failure_hot {
  int component;
  double before, after;             /* peak utilization */
};
/* One flow (the reads or the writes without flows) under a failure. */
struct failure_flow {
  int flow;                         /* index into the model's flows */
  size_t n_targets;                 /* the stores it reached (or where it ended) */
  size_t n_lost;                    /* of those, the ones it reaches no more, nor a copy */
  const char *lost[8];              /* the first of them */
  int *saturated;                   /* on its path, saturated by the failure */
  size_t n_saturated;
};
struct failure_effect {
  const char *what;                 /* "component", "zone" or "region" */
  const bool *dead;                 /* the components lost with it */
  size_t lost;
  struct failure_cut *cut;          /* the clients cut off, in component order */
  size_t n_cut;
  struct failure_hot *hot;          /* pushed past UTIL_HOT by the rerouted load */
  size_t n_hot;
  struct failure_flow *flows;       /* every flow the design sends */
  size_t n_flows;
  bool harmed;                      /* a flow lost, or part of one, or a component saturated */
};
bool failure_effect(archc *c, const struct arch_model *m, const struct estimate *before,
                    const struct analysis *A, const bool *reach0, const char *target,
                    struct failure_effect *out);

/* The output in memory (in the arena), or written to `path` atomically. */
int output_render(archc *c, const struct archc_format *format, const struct output_input *in,
                  const char **data, size_t *len);
int output_write(archc *c, const struct archc_format *format, const struct output_input *in,
                 const char *path);

/* estimate_report.c: the estimate as a JSON object, the member `key` of
   the object being written (NULL: the document itself). */
void report_json(struct json_writer *w, const char *key, const struct arch_model *m,
                 const struct estimate *E);

/* rules_doc.c */
int rules_list(const struct arch_model *m, FILE *out);
int rules_explain(archc *c, const struct arch_model *m, const char *id, FILE *out);

#endif
