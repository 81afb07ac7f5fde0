/*
 * main.c - the archc command: a thin layer over the library in archc.h.
 *
 * main() finds the command in `commands` (the first argument names it, or
 * is the design for the default, compile), reads the options into a
 * `request`, and calls the command's function.  Each command is a few
 * library calls: open the design, run a stage, write its product in a
 * format from the library's table (archc_formats), which is also where
 * --help and the error messages take the format names from.
 *
 * The exit status is the library's status, with one change: running out
 * of memory (ARCHC_NO_MEMORY) exits 2, like an I/O error, so that scripts
 * see only the three statuses --help documents.
 */
#define _POSIX_C_SOURCE 200809L

#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "archc.h"
#include "cli.h"
#include "markdown.h"

/* ---- messages ---- */

/* printf-like, so the compiler checks every message against its arguments. */
__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("archc: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\ntry 'archc --help'\n", stderr);
  return ARCHC_USAGE_ERROR;
}

/* "unknown command 'chek'", and the library's suggestion among `names`
   (archc_suggest: the edit distance archc uses for every did-you-mean). */
static int unknown(const char *what, const char *prefix, const char *word, size_t len,
                   const char *const *names, size_t n) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.*s", (int)len, word);
  const char *best = len < sizeof buf ? archc_suggest(buf, names, n) : NULL;
  fprintf(stderr, "archc: error: unknown %s '%s%.*s'\n", what, prefix, (int)len, word);
  if (best) fprintf(stderr, "  help: did you mean '%s%s'?\n", prefix, best);
  else fputs("try 'archc --help'\n", stderr);
  return ARCHC_USAGE_ERROR;
}

/* ---- what the command line asks for ---- */

/* A repeated option's values; room for one per argument. */
static void append(struct list *l, const char *item) { l->items[l->n++] = item; }

#define COUNT(array) (sizeof(array) / sizeof(array)[0])

static const char *const color_names[] = {"auto", "always", "never"};  /* in that order */
/* In the library's numbering: 0 auto, 1 left to right, 2 top to bottom. */
static const char *const direction_names[] = {"auto", "lr", "tb"};
/* In the library's numbering: enum archc_theme, enum archc_style. */
static const char *const theme_names[] = {"light", "dark", "auto"};
static const char *const style_names[] = {"review", "plain"};
static const char *const paper_names[] = {"a4", "letter"};  /* enum archc_paper */

/* A command: its function and its lines in --help. */
struct command {
  const char *name;
  int (*run)(const struct request *r);
  const char *operands;     /* after the name, for the usage lines */
  const char *summary;      /* continuation lines are indented when printed */
  const char *exit_status;  /* 2, the same for all, is said once */
  int product;              /* an enum archc_product: its formats; or NO_FORMATS */
};

/* Stands for `product` in struct command: a command that writes none. */
enum { NO_FORMATS = -1 };

/* Colour on a terminal unless told otherwise, and never in a file:
   `into_file` when the diagnostics are the output written with -o. */
struct archc_options library_options(const struct request *r, bool into_file) {
  bool color = r->color == COLOR_ALWAYS ||
               (r->color == COLOR_AUTO && !into_file && isatty(2) && !getenv("NO_COLOR"));
  return (struct archc_options){
    .include_dirs = r->includes.items, .n_include_dirs = r->includes.n,
    .no_stdlib = r->no_stdlib, .month_seconds = r->month_seconds, .color = color,
    .overrides = r->sets.items, .n_overrides = r->sets.n,
    .restrict_imports = r->restrict_imports};
}

struct archc_review_options review_options(const struct request *r) {
  return (struct archc_review_options){r->enable.items, r->enable.n, r->disable.items,
                                       r->disable.n, r->warnings_are_errors};
}

/* ---- formats, from the library's table ---- */

static const struct archc_format *first_format(enum archc_product p) {
  size_t n;
  const struct archc_format *table = archc_formats(&n);
  for (size_t i = 0; i < n; i++)
    if (table[i].product == p) return &table[i];
  return NULL;
}

/* "svg, pdf, png, dot or json" into buf. */
static const char *format_names(enum archc_product p, char *buf, size_t size) {
  size_t n, total = 0, len = 0;
  const struct archc_format *table = archc_formats(&n);
  for (size_t i = 0; i < n; i++) total += table[i].product == p;
  buf[0] = '\0';
  for (size_t i = 0, k = 0; i < n && len < size; i++) {
    if (table[i].product != p) continue;
    const char *sep = k == 0 ? "" : k + 1 == total ? " or " : ", ";
    len += (size_t)snprintf(buf + len, size - len, "%s%s", sep, table[i].name);
    k++;
  }
  return buf;
}

/* Where a path's extension starts (its last dot, in its last part), or NULL. */
static const char *dot_of(const char *path) {
  const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
  return dot && (!slash || dot > slash) ? dot : NULL;
}

/* The format -T/-f names, else the one the output's extension names, else
   the command's first; NULL, reported, if the name or the extension is
   not one of the command's. */
static const struct archc_format *choose_format(const struct request *r) {
  enum archc_product p = (enum archc_product)r->command->product;
  const struct archc_format *f = NULL;
  char names[160];
  if (r->format) {
    f = archc_format_named(p, r->format);
    if (!f)
      usage_error("unknown format '%s' for %s (use %s)", r->format, r->command->name,
                  format_names(p, names, sizeof names));
  } else if (r->output && strcmp(r->output, "-") != 0 && dot_of(r->output)) {
    f = archc_format_for_path(p, r->output);
    if (!f)
      usage_error("cannot tell the format from '%s'; give --format %s", r->output,
                  format_names(p, names, sizeof names));
  } else {
    f = first_format(p);
  }
  return f;
}

/* ---- the commands ---- */

/* A compilation of `design`, or of no design but the standard library's
   rules, resolved; *rc says how far it got.  NULL when out of memory. */
static archc *open_compilation_with(const struct request *r, const char *design,
                                    const struct archc_options *options, int *rc) {
  archc *c = archc_new(options);
  *rc = c ? ARCHC_OK : ARCHC_NO_MEMORY;
  if (*rc == ARCHC_OK)
    *rc = design ? archc_load_file(c, design) : archc_load_buffer(c, "<rules>", "", 0);
  if (*rc == ARCHC_OK) *rc = archc_resolve(c);
  /* After a failed resolve too: an import read before the error is one
     to watch for the save that fixes it. */
  if (c && r->watcher) watcher_track_sources(r->watcher, c);
  return c;
}

static archc *open_compilation(const struct request *r, const char *design, bool into_file,
                               int *rc) {
  struct archc_options options = library_options(r, into_file);
  return open_compilation_with(r, design, &options, rc);
}

/* The request's design, resolved.  A design with nothing in it is a
   mistake (an empty or wrong file), not a blank picture; but requirements
   with no design yet are a practice starter (docs/practice.md). */
archc *open_design_with(const struct request *r, const struct archc_options *options, int *rc) {
  archc *c = open_compilation_with(r, r->operand, options, rc);
  if (*rc == ARCHC_OK && archc_component_count(c) == 0 && archc_requirement_count(c) == 0) {
    fprintf(stderr, "%s: error: the design declares no components\n"
                    "  help: a design needs at least one, such as: service api\n",
            strcmp(r->operand, "-") == 0 ? "<stdin>" : r->operand);
    *rc = ARCHC_DESIGN_ERROR;
  }
  return c;
}

static archc *open_design(const struct request *r, bool into_file, int *rc) {
  struct archc_options options = library_options(r, into_file);
  return open_design_with(r, &options, rc);
}

/* What compile, check and estimate check first: a design, and a format. */
static const struct archc_format *design_format(const struct request *r) {
  if (!r->operand) {
    usage_error("no input file");
    return NULL;
  }
  return choose_format(r);
}

/* design.arch -> design.svg: the input with the format's name for its
   extension. */
static char *derive_output(const char *input, const struct archc_format *f) {
  const char *dot = dot_of(input);
  int stem = (int)(dot ? (size_t)(dot - input) : strlen(input));
  size_t size = (size_t)stem + strlen(f->name) + 2;
  char *name = malloc(size);
  if (name) snprintf(name, size, "%.*s.%s", stem, input, f->name);
  return name;
}

/* A large design was drawn through its overview: say so, and how to draw
   the rest. */
static void tell_views(archc *c) {
  struct archc_view v = {0};
  size_t n = archc_view_count(c);
  if (!archc_default_view(c)) {
    fprintf(stderr, "archc: note: %zu components and no region, zone or group to draw as one "
                    "box: drew everything\n  help: group them, and declare views to draw parts "
                    "(docs/language.md, \"Views\")\n", archc_component_count(c));
    return;
  }
  for (size_t i = 0; i < n && archc_view_at(c, i, &v) == ARCHC_OK; i++)
    if (strcmp(v.name, "overview") == 0) break;
  fprintf(stderr, "archc: note: %zu components, more than %d: drew the overview (%s; %zu boxes)\n",
          archc_component_count(c), ARCHC_VIEW_THRESHOLD, v.summary ? v.summary : "", v.nodes);
  fputs("  help: '--view all' draws everything; '--view NAME' draws one view:", stderr);
  for (size_t i = 0; i < n && archc_view_at(c, i, &v) == ARCHC_OK; i++)
    fprintf(stderr, "%s %s", i ? "," : "", v.name);
  fputc('\n', stderr);
}

/* Draw the design with its estimate (if it has a workload) and its
   review's findings.  The findings are printed, but only check fails on
   them; a review that fails on the design, reported, leaves them off. */
static int draw(const struct request *r, const struct archc_format *format, const char *output) {
  int rc;
  archc *c = open_design(r, false, &rc);
  archc_estimate *e = NULL;
  archc_review *review = NULL;
  struct archc_what_if what_if = {r->scale, NULL, 0, NULL};
  if (rc == ARCHC_OK && !r->no_estimates && archc_has_workload(c))
    rc = archc_estimate_run(c, &what_if, &e);
  if (rc == ARCHC_OK && !r->no_review) {
    struct archc_review_options o = review_options(r);
    int review_rc = archc_review_run(c, e, &o, &review);
    if (review_rc == ARCHC_OK) archc_print_findings(c, review);
    else if (review_rc != ARCHC_DESIGN_ERROR) rc = review_rc;
  }
  struct archc_write_options w = {.estimate = e, .review = review, .direction = r->direction,
                                  .theme = r->theme, .transparent = r->transparent,
                                  .id_prefix = r->id_prefix, .dpi = r->dpi, .style = r->style,
                                  .zoom = r->zoom, .flow = r->flow,
                                  .view = r->view};
  /* Written to standard output, an SVG's ids take the design's name. */
  char *stem = NULL;
  if (!w.id_prefix && strcmp(output, "-") == 0 && strcmp(r->operand, "-") != 0) {
    const char *slash = strrchr(r->operand, '/');
    stem = strdup(slash ? slash + 1 : r->operand);
    char *dot = stem ? strrchr(stem, '.') : NULL;
    if (dot && dot > stem) *dot = '\0';
    w.id_prefix = stem;
  }
  if (rc == ARCHC_OK) rc = archc_write(c, format, output, &w);
  if (rc == ARCHC_OK && !r->view && archc_component_count(c) > ARCHC_VIEW_THRESHOLD) tell_views(c);
  free(stem);
  archc_free(c);
  return rc;
}

static int cmd_compile(const struct request *r) {
  const struct archc_format *format = design_format(r);
  if (!format) return ARCHC_USAGE_ERROR;
  if (r->output) return draw(r, format, r->output);
  if (strcmp(r->operand, "-") == 0) return draw(r, format, "-");
  char *output = derive_output(r->operand, format);
  int rc = output ? draw(r, format, output) : ARCHC_NO_MEMORY;
  free(output);
  return rc;
}

/* --fail: what losing a component, zone or region does.  --scale sets the
   load it is measured under; without it the report estimates the design
   as it is. */
static int report_failure(archc *c, const struct request *r) {
  archc_estimate *e = NULL;
  int rc = ARCHC_OK;
  struct archc_what_if what_if = {r->scale, NULL, 0, NULL};
  if (r->scale > 0 && archc_has_workload(c)) rc = archc_estimate_run(c, &what_if, &e);
  int harmed = 0;
  struct archc_write_options w = {.estimate = e, .fail = r->fail, .failure_harmed = &harmed};
  if (rc == ARCHC_OK)
    rc = archc_write(c, first_format(ARCHC_FAILURE), r->output ? r->output : "-", &w);
  /* A failure that loses a flow or saturates a component fails the check,
     so CI can gate on it. */
  return rc == ARCHC_OK && harmed ? ARCHC_DESIGN_ERROR : rc;
}

/* Text findings are diagnostics, on standard error unless -o says where;
   the other formats go to standard output by default. */
static int write_findings(archc *c, const struct request *r, const struct archc_format *format,
                  bool diagnostics) {
  struct archc_review_options o = review_options(r);
  archc_review *rv = NULL;
  int rc = archc_review_run(c, NULL, &o, &rv);
  struct archc_write_options w = {.review = rv};
  if (rc == ARCHC_OK && diagnostics) archc_print_findings(c, rv);
  else if (rc == ARCHC_OK) rc = archc_write(c, format, r->output ? r->output : "-", &w);
  return rc == ARCHC_OK ? archc_review_status(rv) : rc;
}

static int cmd_check(const struct request *r) {
  const struct archc_format *format = design_format(r);
  if (!format) return ARCHC_USAGE_ERROR;
  bool text = strcmp(format->name, "text") == 0;
  int rc;
  archc *c = open_design(r, text && r->output, &rc);
  if (rc == ARCHC_OK && r->fail) rc = report_failure(c, r);
  else if (rc == ARCHC_OK) rc = write_findings(c, r, format, text && !r->output);
  /* A design with requirements is also scored against them (practice.c);
     the exit status stays the review's. */
  if ((rc == ARCHC_OK || rc == ARCHC_DESIGN_ERROR) && !r->fail && text && !r->output &&
      archc_requirement_count(c) > 0) {
    int scored = practice_scorecard(c, r, "text", "-");
    if (scored != ARCHC_OK && scored != ARCHC_DESIGN_ERROR) rc = scored;
  }
  archc_free(c);
  return rc;
}

static int cmd_estimate(const struct request *r) {
  const struct archc_format *format = design_format(r);
  if (!format) return ARCHC_USAGE_ERROR;
  /* --explain: the same figures, each with its derivation. */
  if (r->explain && !(format = archc_format_named(ARCHC_EXPLAIN, format->name)))
    return usage_error("--explain writes text or json");
  int rc;
  archc *c = open_design(r, false, &rc);
  archc_estimate *e = NULL;
  struct archc_what_if what_if = {r->scale, NULL, 0, NULL};
  if (rc == ARCHC_OK) rc = archc_estimate_run(c, &what_if, &e);
  struct archc_write_options w = {.estimate = e, .explain = r->explain_name};
  if (rc == ARCHC_OK) rc = archc_write(c, format, r->output ? r->output : "-", &w);
  archc_free(c);
  return rc;
}

/* The standard library's rules, and the design's when one is given. */
static int cmd_rules(const struct request *r) {
  int rc;
  archc *c = open_compilation(r, r->operand, false, &rc);
  if (rc == ARCHC_OK) rc = archc_list_rules(c, stdout);
  archc_free(c);
  return rc;
}

static int cmd_explain(const struct request *r) {
  if (!r->operand) return usage_error("explain which rule?");
  int rc;
  archc *c = open_compilation(r, NULL, false, &rc);
  if (rc == ARCHC_OK) rc = archc_explain(c, r->operand, stdout);
  archc_free(c);
  return rc;
}

/* Each file in the canonical layout, in place; with --check, only the
   names of those that would change.  A file with errors is left as it
   was, and the others are still formatted. */
static int cmd_fmt(const struct request *r) {
  if (r->files.n == 0) return usage_error("fmt which files? ('-' for standard input)");
  int status = ARCHC_OK;
  for (size_t i = 0; i < r->files.n; i++) {
    struct archc_options options = library_options(r, false);
    archc *c = archc_new(&options);
    int changed = 0;
    int rc = c ? archc_format_file(c, r->files.items[i], r->check, &changed) : ARCHC_NO_MEMORY;
    archc_free(c);
    if (rc == ARCHC_OK && r->check && changed) {
      printf("%s\n", strcmp(r->files.items[i], "-") == 0 ? "<stdin>" : r->files.items[i]);
      rc = ARCHC_DESIGN_ERROR;
    }
    if (rc == ARCHC_NO_MEMORY) rc = ARCHC_USAGE_ERROR;
    if (rc > status) status = rc;
  }
  return status;
}

/* compile again after every save, until Ctrl-C. */
static int cmd_watch(const struct request *r) {
  if (!design_format(r)) return ARCHC_USAGE_ERROR;
  if (strcmp(r->operand, "-") == 0) return usage_error("watch needs a file, not standard input");
  return watch_design(r, cmd_compile);
}

static int cmd_serve(const struct request *r) {
  if (!r->operand) return usage_error("no input file");
  if (strcmp(r->operand, "-") == 0) return usage_error("serve needs a file, not standard input");
  return serve_design(r);
}

/* The ```arch fences of a Markdown file drawn (markdown.c). */
static int cmd_markdown(const struct request *r) {
  if (!r->operand) return usage_error("no input file");
  if (r->format) return usage_error("markdown takes no --format; a fence says format=svg or png");
  struct markdown_request m = {
    .input = r->operand, .output = r->output ? r->output : "-", .assets = r->assets,
    .inline_svg = r->inline_svg, .library = library_options(r, false),
    .review = review_options(r), .direction = r->direction, .theme = r->theme,
    .style = r->style, .transparent = r->transparent, .dpi = r->dpi,
    .no_estimates = r->no_estimates, .no_review = r->no_review, .scale = r->scale};
  return markdown_run(&m);
}

/* The PDF's date: SOURCE_DATE_EPOCH's when it is set (reproducible-builds.org),
   else none, so that two runs write the same bytes. */
static const char *report_date(char *buf, size_t size) {
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  if (!epoch || !*epoch) return NULL;
  char *end;
  long long t = strtoll(epoch, &end, 10);
  struct tm tm;
  time_t when = (time_t)t;
  if (*end || t < 0 || !gmtime_r(&when, &tm)) return NULL;
  return strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) ? buf : NULL;
}

/* "--scale 10, --set api.replicas=8": the what-if the report is of. */
static char *what_if_text(const struct request *r) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) return NULL;
  const char *sep = "";
  if (r->scale > 0 && r->scale != 1) fprintf(f, "--scale %g", r->scale), sep = ", ";
  for (size_t i = 0; i < r->sets.n; i++) fprintf(f, "%s--set %s", sep, r->sets.items[i]), sep = ", ";
  if (r->month_seconds > 0) fprintf(f, "%s--month %g s", sep, r->month_seconds);
  fclose(f);
  if (text && !*text) {
    free(text);
    text = NULL;
  }
  return text;
}

/* The design review as a PDF (and, with --charts, each chart alone). */
static int cmd_report(const struct request *r) {
  if (!r->operand) return usage_error("no input file");
  if (r->format) return usage_error("report writes a PDF; it takes no --format");
  if (r->fail)
    return usage_error("report takes no --fail: its Failures page shows every zone, region and "
                       "single point of failure");
  char *derived = NULL;
  const char *output = r->output;
  if (!output && !r->charts) {
    if (strcmp(r->operand, "-") == 0) return usage_error("report from standard input needs -o FILE");
    /* design.arch -> design-report.pdf */
    const char *dot = dot_of(r->operand);
    int stem = (int)(dot ? (size_t)(dot - r->operand) : strlen(r->operand));
    size_t size = (size_t)stem + sizeof "-report.pdf";
    derived = malloc(size);
    if (!derived) return ARCHC_NO_MEMORY;
    snprintf(derived, size, "%.*s-report.pdf", stem, r->operand);
    output = derived;
  }
  if (output && strcmp(output, "-") == 0 && isatty(1)) {
    free(derived);
    return usage_error("will not write a PDF to a terminal; give -o FILE");
  }
  int rc;
  archc *c = open_design(r, false, &rc);
  archc_estimate *e = NULL;
  archc_review *review = NULL;
  struct archc_what_if what_if = {r->scale, NULL, 0, NULL};
  if (rc == ARCHC_OK) rc = archc_estimate_run(c, &what_if, &e);
  if (rc == ARCHC_OK) {
    struct archc_review_options o = review_options(r);
    rc = archc_review_run(c, e, &o, &review);
  }
  char date[32];
  char *note = what_if_text(r);
  struct archc_report_options o = {.estimate = e, .review = review, .paper = r->paper,
                                   .charts_dir = r->charts, .date = report_date(date, sizeof date),
                                   .what_if = note};
  if (rc == ARCHC_OK) rc = archc_report_write(c, output, &o);
  free(note);
  free(derived);
  archc_free(c);
  return rc;
}

/* The first, compile, is the default. */
static const struct command commands[] = {
  {"compile", cmd_compile, "FILE [-o OUTPUT] [-T FORMAT] [options]",
   "check the design, review it and write a diagram\n(the default)",
   "0 the diagram was written, even when the review it\n"
   "prints has error findings (in CI, run 'archc check'\n"
   "to fail on them); 1 errors in the design", ARCHC_DIAGRAM},
  {"check", cmd_check, "FILE [-f FORMAT] [--fail NAME] [options]",
   "check the design and review it against the rules\n"
   "(stdlib/rules/ and the design's own); print the findings",
   "0 no error finding (warnings and notes allowed);\n"
   "1 errors in the design, or an error finding remains\n"
   "(or a warning, with -Werror); with --fail, 0 when\n"
   "every flow is still served and nothing saturates,\n"
   "1 when the failure loses a flow (or part of one)\n"
   "or saturates a component", ARCHC_FINDINGS},
  {"estimate", cmd_estimate, "FILE [-f FORMAT] [--scale K] [--set T.A=V] [--explain [NAME]]",
   "print the capacity estimate: load, utilization,\n"
   "headroom, latency, storage, and what breaks first;\n"
   "with --explain, each figure's derivation in numbers\n"
   "(for component, client or flow NAME, or all)",
   "0 the estimate was written; 1 errors in the design", ARCHC_REPORT},
  {"report", cmd_report, "FILE [-o OUT.pdf] [--paper a4|letter] [--charts DIR] [options]",
   "the design review as a PDF: the diagram and the\n"
   "headline figures, capacity with utilization bars and\n"
   "what breaks first, latency under load, storage and\n"
   "bandwidth, the findings, and what each zone's,\n"
   "region's and single point of failure's loss does;\n"
   "what-ifs as for estimate (--scale, --set, --month).\n"
   "Default output: FILE-report.pdf",
   "0 the report was written, even with error findings\n"
   "(they are in it); 1 errors in the design", NO_FORMATS},
  {"rules", cmd_rules, "[FILE]", "list the rules with their default severity\n(FILE's own too)",
   "0 the rules were listed; 1 errors in FILE", NO_FORMATS},
  {"explain", cmd_explain, "RULE", "print what a rule flags, why, and how to fix it",
   "0 the rule was explained", NO_FORMATS},
  {"fmt", cmd_fmt, "[--check] FILE...",
   "rewrite each FILE in the canonical layout, in place\n"
   "('-': standard input to standard output); --check\n"
   "changes nothing and lists the files that would change",
   "0 every file is formatted (with --check: none would\n"
   "change); 1 a file has syntax errors (it is left as it\n"
   "was), or with --check a file would change", NO_FORMATS},
  {"watch", cmd_watch, "FILE [-o OUTPUT] [-T FORMAT] [options]",
   "compile, then compile again each time the design or\n"
   "one of its imports is saved; a save with errors\n"
   "prints them and leaves the last good output",
   "0 ended by Ctrl-C (SIGINT) or SIGTERM; 2 also when\n"
   "the design's directories cannot be watched", ARCHC_DIAGRAM},
  {"serve", cmd_serve, "FILE [--port N] [--host ADDR] [--fail NAME] [options]",
   "a live preview in the browser: the diagram (wheel\n"
   "zooms, drag pans), diagnostics, findings and the\n"
   "estimate, updated on every save; as designed or\n"
   "with a failure, chosen in the page",
   "0 ended by Ctrl-C (SIGINT) or SIGTERM; 2 also when\n"
   "the address cannot be listened on", NO_FORMATS},
  {"practice", cmd_practice, "list | start NAME [-o FILE] | check FILE | hint FILE | answer NAME",
   "system-design interview practice: the prompts, a\n"
   "starter with a prompt's requirements, the scorecard\n"
   "of a design against them (-f text, json), one hint\n"
   "at a time, and a model answer (docs/practice.md)",
   "0 done (check: every requirement met and no error\n"
   "finding); 1 errors in the design, or check finds a\n"
   "requirement missed or not addressed, or an error\n"
   "finding", NO_FORMATS},
  {"markdown", cmd_markdown, "IN.md [-o OUT.md] [--assets DIR] [--inline] [options]",
   "draw every ```arch fence of a Markdown file: each\n"
   "becomes an SVG in DIR and a link to it in OUT.md\n"
   "(standard output by default); the rest is copied\n"
   "byte for byte.  A fence may say direction=auto|lr|tb,\n"
   "format=svg|png, theme=light|dark|auto,\n"
   "style=review|plain and view=NAME (docs/publishing.md)",
   "0 the document was written (a file only when its bytes\n"
   "change); 1 errors in a fence: nothing is written", NO_FORMATS},
};
enum { N_COMMANDS = COUNT(commands) };

/* ---- --help ---- */

/* "  name               text", the text's further lines under its first,
   in the column where help_options has its descriptions. */
static void print_entry(FILE *f, const char *name, const char *text) {
  enum { COLUMN = 21 };
  fprintf(f, "  %-*s", COLUMN - 2, name);
  for (const char *p = text; *p; p++) {
    fputc(*p, f);
    if (*p == '\n') fprintf(f, "%*s", COLUMN, "");
  }
  fputc('\n', f);
}

static const char help_options[] =
  "options:\n"
  "  -o, --output FILE  where to write; '-' is standard output.  Default: for\n"
  "                     compile, FILE with its extension replaced by the\n"
  "                     format's name (standard output when FILE is '-'); for\n"
  "                     the others, standard output, but check's text findings\n"
  "                     are diagnostics, on standard error\n"
  "  -T, -f, --format FMT\n"
  "                     the output's format, one of the command's listed below.\n"
  "                     Default: the one the output's extension names (in any\n"
  "                     case: .PNG is png), else the first listed\n"
  "  -d, --direction D  auto (the default: left to right for short chains of\n"
  "                     calls, top to bottom for long ones), lr or tb\n"
  "      --no-estimates don't draw load and utilization on the diagram\n"
  "      --no-review    for compile: draw without the review's findings\n"
  "      --style S      review (the default: loads, utilization and findings on\n"
  "                     the picture) or plain (the architecture alone)\n"
  "      --theme T      light (the default), dark (for dark pages) or auto (SVG:\n"
  "                     light, dark when the reader's system prefers dark;\n"
  "                     other formats: light; serve's default)\n"
  "      --transparent  no page background (SVG and PNG)\n"
  "      --flow NAME    draw flow NAME's path numbered step by step, the rest\n"
  "                     faded, its figures in the caption\n"
  "      --id-prefix P  SVG: begin every id with P- so that several diagrams\n"
  "                     can share an HTML page.  Default: the output's file\n"
  "                     name without its extension\n"
  "      --dpi N        PNG: pixels per inch, 144 by default (the picture's\n"
  "                     9-point text is then 18 pixels tall)\n"
  "      --zoom K       PDF: a page K times the diagram's natural size\n"
  "      --view NAME    diagrams: draw the view NAME the design declares, or\n"
  "                     'overview' (archc's own unless declared), or 'all':\n"
  "                     everything.  Default: all up to 200 components, the\n"
  "                     overview past that\n"
  "      --scale K      what-if: multiply every workload rate (and client rps and\n"
  "                     concurrent users) by K\n"
  "      --set T.A=V    what-if: set attribute A of component T (or of the\n"
  "                     workload) to V, e.g. --set workload.writes=1B/month,\n"
  "                     --set api.replicas=8; may be repeated; an unknown T\n"
  "                     or A is a usage error\n"
  "      --enable RULE  turn a rule on (at warning if it is off by default)\n"
  "      --disable RULE turn a rule off; both may be repeated\n"
  "  -Werror            for check: a warning finding fails the review too\n"
  "      --fail NAME    for check: what failing a component, zone (region.zone)\n"
  "                     or region does: who loses which stores, and what the\n"
  "                     rerouted load saturates; for serve: the first view\n"
  "      --assets DIR   for markdown: the directory the pictures go in (made if\n"
  "                     missing); links to them are relative to OUT.md's\n"
  "                     directory (the current one with -o -)\n"
  "      --inline       for markdown: each SVG in the page itself, not a link\n"
  "      --explain      for estimate: each figure with its derivation in numbers;\n"
  "                     a NAME after the design explains that component, client\n"
  "                     or flow alone\n"
  "  -I, --include DIR  search DIR for imports and the standard library\n"
  "                     (before ARCHC_PATH and the installed stdlib)\n"
  "      --no-stdlib    do not load the standard library\n"
  "      --restrict-imports  imports only from inside the design's folder and\n"
  "                     the -I, ARCHC_PATH and stdlib directories (always on\n"
  "                     for serve)\n"
  "      --check        for fmt: write nothing, list the files that would change\n"
  "      --month SECS   length of a month in seconds for '/ month' rates:\n"
  "                     'calendar' (2629746, the default) or a number such as 2.5M\n"
  "      --paper P      for report: a4 (the default) or letter\n"
  "      --charts DIR   for report: also write each chart alone, as SVG and PNG,\n"
  "                     into DIR (made if missing); without -o, only the charts\n"
  "      --color WHEN   colour diagnostics: auto (default), always or never\n"
  "      --port N       for serve: the port (default: a free one, printed)\n"
  "      --host ADDR    for serve: the IPv4 address to listen on (default\n"
  "                     127.0.0.1; anything else exposes the design to the\n"
  "                     network, without authentication)\n"
  "  -h, --help         show this help (also after a command)\n"
  "  -V, --version      show the version\n";

static const char help_environment[] =
  "environment:\n"
  "  ARCHC_PATH         colon-separated directories searched for imports and the\n"
  "                     standard library\n"
  "  NO_COLOR           when set, no colour unless --color=always\n";

/* "svg       the diagram, as SVG with links and tooltips (.svg)" */
static void print_format(FILE *f, const struct archc_format *format) {
  fprintf(f, "    %-10s%s (", format->name, format->description);
  for (const char *e = format->extensions; *e; e++) {
    if (e == format->extensions || e[-1] == ' ') fputc('.', f);
    fputc(*e, f);
  }
  fputs(")\n", f);
}

static void print_help(FILE *f) {
  for (size_t i = 0; i < N_COMMANDS; i++)
    fprintf(f, i == 0 ? "usage: archc [%s] %s\n" : "       archc %s %s\n", commands[i].name,
            commands[i].operands);
  fputs("\nCompile an architecture design written in .arch: check it, review it,\n"
        "estimate its capacity and draw it.  FILE may be '-' for standard input.\n"
        "\ncommands:\n", f);
  for (size_t i = 0; i < N_COMMANDS; i++) print_entry(f, commands[i].name, commands[i].summary);
  fprintf(f, "\n%s\nformats (-T or -f, else the output's extension, else the first):\n",
          help_options);
  size_t n;
  const struct archc_format *table = archc_formats(&n);
  for (size_t i = 0; i < N_COMMANDS; i++) {
    if (commands[i].product == NO_FORMATS) continue;
    size_t same = 0;  /* an earlier command with the same formats */
    while (same < i && commands[same].product != commands[i].product) same++;
    if (same < i) {
      fprintf(f, "  %s: %s's\n", commands[i].name, commands[same].name);
      continue;
    }
    fprintf(f, "  %s\n", commands[i].name);
    for (size_t j = 0; j < n; j++)
      if ((int)table[j].product == commands[i].product) print_format(f, &table[j]);
  }
  fprintf(f, "\n%s\nexit status:\n", help_environment);
  for (size_t i = 0; i < N_COMMANDS; i++) print_entry(f, commands[i].name, commands[i].exit_status);
  print_entry(f, "every command", "2 usage or I/O errors: a bad option, argument, rule or\n"
                                  "format; an input that cannot be read, an output that\n"
                                  "cannot be written; also running out of memory");
}

/* ---- reading the command line ---- */

enum {
  OPT_NO_STDLIB = 256, OPT_MONTH, OPT_COLOR, OPT_NO_ESTIMATES, OPT_SCALE, OPT_SET,
  OPT_ENABLE, OPT_DISABLE, OPT_WERROR, OPT_FAIL, OPT_NO_REVIEW, OPT_CHECK, OPT_THEME,
  OPT_TRANSPARENT, OPT_ID_PREFIX, OPT_DPI, OPT_STYLE, OPT_ZOOM, OPT_PORT, OPT_HOST, OPT_ASSETS, OPT_INLINE,
  OPT_PAPER, OPT_CHARTS, OPT_FLOW, OPT_VIEW, OPT_RESTRICT_IMPORTS, OPT_EXPLAIN
};
/* -W takes a value so that gcc's spelling -Werror parses: -W error. */
static const char short_options[] = ":o:T:f:d:I:W:hV";
static const struct option long_options[] = {
  {"output", required_argument, NULL, 'o'},
  {"format", required_argument, NULL, 'f'},
  {"direction", required_argument, NULL, 'd'},
  {"no-estimates", no_argument, NULL, OPT_NO_ESTIMATES},
  {"no-review", no_argument, NULL, OPT_NO_REVIEW},
  {"style", required_argument, NULL, OPT_STYLE},
  {"theme", required_argument, NULL, OPT_THEME},
  {"transparent", no_argument, NULL, OPT_TRANSPARENT},
  {"flow", required_argument, NULL, OPT_FLOW},
  {"id-prefix", required_argument, NULL, OPT_ID_PREFIX},
  {"dpi", required_argument, NULL, OPT_DPI},
  {"zoom", required_argument, NULL, OPT_ZOOM},
  {"view", required_argument, NULL, OPT_VIEW},
  {"scale", required_argument, NULL, OPT_SCALE},
  {"set", required_argument, NULL, OPT_SET},
  {"enable", required_argument, NULL, OPT_ENABLE},
  {"disable", required_argument, NULL, OPT_DISABLE},
  {"Werror", no_argument, NULL, OPT_WERROR},
  {"fail", required_argument, NULL, OPT_FAIL},
  {"assets", required_argument, NULL, OPT_ASSETS},
  {"inline", no_argument, NULL, OPT_INLINE},
  {"paper", required_argument, NULL, OPT_PAPER},
  {"charts", required_argument, NULL, OPT_CHARTS},
  {"explain", no_argument, NULL, OPT_EXPLAIN},
  {"include", required_argument, NULL, 'I'},
  {"no-stdlib", no_argument, NULL, OPT_NO_STDLIB},
  {"restrict-imports", no_argument, NULL, OPT_RESTRICT_IMPORTS},
  {"check", no_argument, NULL, OPT_CHECK},
  {"month", required_argument, NULL, OPT_MONTH},
  {"color", required_argument, NULL, OPT_COLOR},
  {"port", required_argument, NULL, OPT_PORT},
  {"host", required_argument, NULL, OPT_HOST},
  {"help", no_argument, NULL, 'h'},
  {"version", no_argument, NULL, 'V'},
  {NULL, 0, NULL, 0}};

/* Returned while the command line is still being read. */
enum { GO_ON = -1 };

/* An option no command has: `word` is what follows the prefix ("--",
   "-W" or "-") up to any '=', as in --scael=10. */
static int unknown_option(const char *prefix, const char *word) {
  enum { MAX_OPTIONS = sizeof long_options / sizeof long_options[0] };
  const char *names[MAX_OPTIONS] = {"error"};
  size_t n = 1, len = strcspn(word, "=");
  if (strcmp(prefix, "-W") != 0)
    for (n = 0; long_options[n].name; n++) names[n] = long_options[n].name;
  for (size_t i = 0; i < n; i++)
    if (strlen(names[i]) == len && strncmp(names[i], word, len) == 0)
      return usage_error("option '%s%s' takes no value", prefix, names[i]);
  return unknown("option", prefix, word, len, names, n);
}

static int word_index(const char *word, const char *const names[], size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcasecmp(word, names[i]) == 0) return (int)i;
  return -1;
}

/* --month: 'calendar', the library's default, or seconds such as 2.5M. */
static int set_month(struct request *r, const char *value) {
  r->month_seconds = 0;
  if (strcmp(value, "calendar") == 0) return GO_ON;
  char *end;
  double v = strtod(value, &end);
  if (end != value && (*end == 'k' || *end == 'M')) v *= *end++ == 'k' ? 1e3 : 1e6;
  if (end == value || *end || !(v > 0))
    return usage_error("bad --month '%s' (use calendar or seconds such as 2.5M)", value);
  r->month_seconds = v;
  return GO_ON;
}

static int set_scale(struct request *r, const char *value) {
  char *end;
  r->scale = strtod(value, &end);
  if (*end || !(r->scale > 0) || r->scale > 1e9)
    return usage_error("bad --scale '%s' (a positive number such as 10)", value);
  return GO_ON;
}

/* --dpi and --zoom: a number from `low` to `high` into *out; `hint` says
   what is wanted. */
static int set_number(double *out, const char *option, const char *value, double low,
                      double high, const char *hint) {
  char *end;
  *out = strtod(value, &end);
  if (end == value || *end || !(*out >= low) || *out > high)
    return usage_error("bad %s '%s' (%s)", option, value, hint);
  return GO_ON;
}

/* An id's prefix: an XML name, so that the ids stay names. */
static int set_id_prefix(struct request *r, const char *value) {
  bool ok = (value[0] >= 'A' && value[0] <= 'Z') || (value[0] >= 'a' && value[0] <= 'z') ||
            value[0] == '_';
  for (const char *p = value; ok && *p; p++)
    ok = strchr("_-.", *p) || (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
         (*p >= 'a' && *p <= 'z');
  if (!ok)
    return usage_error("bad --id-prefix '%s' (a letter or '_', then letters, digits, '_', '-', '.')",
                       value);
  r->id_prefix = value;
  return GO_ON;
}

static int set_port(struct request *r, const char *value) {
  char *end;
  long port = strtol(value, &end, 10);
  if (end == value || *end || port < 1 || port > 65535)
    return usage_error("bad --port '%s' (a number from 1 to 65535)", value);
  r->port = (int)port;
  return GO_ON;
}

/* One option into *r; GO_ON, or the exit status of a bad value. */
static int set_option(struct request *r, int option, const char *value) {
  switch (option) {
  case 'o': r->output = value; break;
  case 'T': case 'f': r->format = value; break;
  case 'd':
    r->direction = word_index(value, direction_names, COUNT(direction_names));
    if (r->direction < 0) return usage_error("unknown direction '%s' (use auto, lr or tb)", value);
    break;
  case 'I': append(&r->includes, value); break;
  case 'W':
    if (strcmp(value, "error") != 0) return unknown_option("-W", value);
    r->warnings_are_errors = 1;
    break;
  case OPT_WERROR: r->warnings_are_errors = 1; break;
  case OPT_NO_ESTIMATES: r->no_estimates = true; break;
  case OPT_NO_REVIEW: r->no_review = true; break;
  case OPT_THEME:
    r->theme = word_index(value, theme_names, COUNT(theme_names));
    if (r->theme < 0) return usage_error("unknown theme '%s' (use light, dark or auto)", value);
    break;
  case OPT_STYLE:
    r->style = word_index(value, style_names, COUNT(style_names));
    if (r->style < 0) return usage_error("unknown style '%s' (use review or plain)", value);
    break;
  case OPT_TRANSPARENT: r->transparent = true; break;
  case OPT_FLOW: r->flow = value; break;
  case OPT_ID_PREFIX: return set_id_prefix(r, value);
  case OPT_DPI:
    return set_number(&r->dpi, "--dpi", value, 18, 1200,
                      "pixels per inch from 18 to 1200, such as 144");
  case OPT_ZOOM:
    return set_number(&r->zoom, "--zoom", value, 0.1, 20, "a multiple from 0.1 to 20, such as 2");
  case OPT_SCALE: return set_scale(r, value);
  case OPT_SET: append(&r->sets, value); break;
  case OPT_ENABLE: append(&r->enable, value); break;
  case OPT_DISABLE: append(&r->disable, value); break;
  case OPT_FAIL: r->fail = value; break;
  case OPT_PORT: return set_port(r, value);
  case OPT_HOST: r->host = value; break;
  case OPT_ASSETS: r->assets = value; break;
  case OPT_INLINE: r->inline_svg = true; break;
  case OPT_PAPER:
    r->paper = word_index(value, paper_names, COUNT(paper_names));
    if (r->paper < 0) return usage_error("unknown paper '%s' (use a4 or letter)", value);
    break;
  case OPT_CHARTS: r->charts = value; break;
  case OPT_VIEW: r->view = value; break;
  case OPT_EXPLAIN: r->explain = true; break;
  case OPT_NO_STDLIB: r->no_stdlib = 1; break;
  case OPT_RESTRICT_IMPORTS: r->restrict_imports = true; break;
  case OPT_CHECK: r->check = true; break;
  case OPT_MONTH: return set_month(r, value);
  case OPT_COLOR: {
    int color = word_index(value, color_names, COUNT(color_names));
    if (color < 0) return usage_error("bad --color '%s' (use auto, always or never)", value);
    r->color = (enum color)color;
    break;
  }
  }
  return GO_ON;
}

/* getopt's '?': a letter no short option has, in optopt, or a long option
   it could not take, the argument before optind: unknown, ambiguous, or
   given a value it does not take (then optopt is that option's value). */
static int unknown_from_getopt(char **argv) {
  if (optopt > 0 && optopt < 256 && !strchr(short_options, optopt))
    return unknown_option("-", (char[]){(char)optopt, '\0'});
  const char *arg = argv[optind - 1];
  return unknown_option("--", arg + strspn(arg, "-"));
}

/* Reads argv[first...] into *r: the options, and at most one operand.
   Returns GO_ON, or the exit status (0 after --help or --version). */
static int parse_arguments(int argc, char **argv, int first, struct request *r) {
  opterr = 0;  /* our messages, not getopt's */
  optind = first;
  int option;
  while ((option = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
    if (option == 'h') {
      print_help(stdout);
      return 0;
    }
    if (option == 'V') {
      printf("archc %s\n", archc_version());
      return 0;
    }
    if (option == ':') return usage_error("option '%s' needs a value", argv[optind - 1]);
    if (option == '?') return unknown_from_getopt(argv);
    int rc = set_option(r, option, optarg);
    if (rc != GO_ON) return rc;
  }
  if (optind < argc) r->operand = argv[optind];
  if (r->command->run == cmd_fmt || r->command->run == cmd_practice) {
    for (int i = optind; i < argc; i++) append(&r->files, argv[i]);
    return GO_ON;
  }
  /* estimate --explain takes what to explain after the design. */
  int operands = r->explain && r->command->run == cmd_estimate ? 2 : 1;
  if (operands == 2 && optind + 1 < argc) r->explain_name = argv[optind + 1];
  if (optind + operands < argc) return usage_error("unexpected argument '%s'", argv[optind + operands]);
  return GO_ON;
}

/* The command argv[1] names; *first is where its arguments start.  When
   argv[1] names none, it is compile's: an option, or the design ('-', a
   file, a name ending in .arch).  A word near a command's name that is no
   file is a misspelt command: NULL, reported. */
static const struct command *find_command(int argc, char **argv, int *first) {
  *first = 1;
  if (argc < 2) return &commands[0];
  const char *word = argv[1];
  for (size_t i = 0; i < N_COMMANDS; i++)
    if (strcmp(word, commands[i].name) == 0) {
      *first = 2;
      return &commands[i];
    }
  size_t len = strlen(word);
  if (word[0] == '-' || (len >= 5 && strcmp(word + len - 5, ".arch") == 0) ||
      access(word, F_OK) == 0)
    return &commands[0];
  const char *names[N_COMMANDS];
  for (size_t i = 0; i < N_COMMANDS; i++) names[i] = commands[i].name;
  /* A word near no command is a design that is not there: compile says so. */
  if (!archc_suggest(word, names, N_COMMANDS)) return &commands[0];
  unknown("command", "", word, len, names, N_COMMANDS);
  return NULL;
}

int main(int argc, char **argv) {
  int first;
  const struct command *command = find_command(argc, argv, &first);
  if (!command) return ARCHC_USAGE_ERROR;
  /* Room for every argument in each list of repeated options. */
  size_t room = (size_t)argc;
  const char **lists = calloc(5 * room, sizeof *lists);
  if (!lists) return ARCHC_USAGE_ERROR;
  /* serve's page follows the reader's light or dark preference, and its
     diagram with it, unless --theme says otherwise. */
  struct request r = {.command = command,
                      .theme = command->run == cmd_serve ? ARCHC_THEME_AUTO : ARCHC_THEME_LIGHT,
                      /* A served design may come from anywhere; its imports
                         stay in its folder and the include path. */
                      .restrict_imports = command->run == cmd_serve,
                      .includes = {lists, 0},
                      .sets = {lists + room, 0},
                      .enable = {lists + 2 * room, 0},
                      .disable = {lists + 3 * room, 0},
                      .files = {lists + 4 * room, 0}};
  int rc = parse_arguments(argc, argv, first, &r);
  if (rc == GO_ON) rc = command->run(&r);
  free(lists);
  return rc == ARCHC_NO_MEMORY ? ARCHC_USAGE_ERROR : rc;
}
