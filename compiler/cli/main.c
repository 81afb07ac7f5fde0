/*
 * main.c - the archc command: a thin layer over the library in archc.h.
 *
 *   archc [compile] design.arch [-o out.svg] [-T fmt] ...   draw the design
 *   archc check design.arch                                  diagnostics only
 *   archc estimate design.arch [--format text|markdown|json|csv]
 *   archc rules | archc explain RULE
 */
#define _POSIX_C_SOURCE 200809L

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archc.h"

static const char usage[] =
  "usage: archc [compile] FILE [-o OUTPUT] [-T FORMAT] [options]\n"
  "       archc check FILE [options]\n"
  "       archc estimate FILE [--format text|markdown|json|csv] [options]\n"
  "       archc rules\n"
  "       archc explain RULE\n"
  "\n"
  "Compile an architecture design written in .arch: check it and draw it.\n"
  "FILE may be '-' for standard input.\n"
  "\n"
  "commands:\n"
  "  compile            check the design and write a diagram (the default)\n"
  "  check              check the design and review it against the rules\n"
  "                     (stdlib/rules/ and the design's own); print the findings;\n"
  "                     exit 1 if an error finding remains\n"
  "  estimate           print the capacity estimate: load, utilization, headroom,\n"
  "                     latency, storage, and what breaks first\n"
  "  rules              list the rules with their default severity\n"
  "  explain RULE       print what a rule flags, why, and how to fix it\n"
  "\n"
  "options:\n"
  "  -o, --output FILE  where to write; '-' is standard output.  Default: FILE\n"
  "                     with its extension replaced by the format's, or standard\n"
  "                     output when FILE is '-'\n"
  "  -T, --format FMT   svg, pdf, png, dot or json.  Default: from the output's\n"
  "                     extension, else svg.  dot is the graph archc hands to\n"
  "                     Graphviz, before layout; json is the resolved model\n"
  "  -d, --direction D  auto (the default: left to right for short chains of\n"
  "                     calls, top to bottom for long ones), lr or tb\n"
  "      --no-estimates don't draw load and utilization on the diagram\n"
  "      --scale K      what-if: multiply every workload rate (and client rps and\n"
  "                     concurrent users) by K\n"
  "      --set T.A=V    what-if: set attribute A of component T (or of the\n"
  "                     workload) to V, e.g. --set workload.writes=1B/month,\n"
  "                     --set api.replicas=8; may be repeated\n"
  "  -f, --format FMT   for estimate: text (default), markdown, json or csv;\n"
  "                     for check: text (default), json or sarif;\n"
  "                     for compile: the same as -T\n"
  "      --enable RULE  turn a rule on (at warning if it is off by default)\n"
  "      --disable RULE turn a rule off; both may be repeated\n"
  "  -Werror            for check: a warning finding fails the review too\n"
  "      --fail NAME    for check: what failing a component, zone (region.zone)\n"
  "                     or region does: who loses which stores, and what the\n"
  "                     rerouted load saturates\n"
  "      --no-review    for compile: draw without the review's findings\n"
  "  -I, --include DIR  search DIR for imports and the standard library\n"
  "                     (before ARCHC_PATH and the installed stdlib)\n"
  "      --no-stdlib    do not load the standard library\n"
  "      --month SECS   length of a month in seconds for '/ month' rates:\n"
  "                     'calendar' (2629746, the default) or a number such as 2.5M\n"
  "      --color WHEN   colour diagnostics: auto (default), always or never\n"
  "  -h, --help         show this help\n"
  "  -V, --version      show the version\n"
  "\n"
  "environment:\n"
  "  ARCHC_PATH         colon-separated directories searched for imports and the\n"
  "                     standard library\n"
  "  NO_COLOR           when set, no colour unless --color=always\n"
  "\n"
  "exit status: 0 clean (warnings allowed), 1 errors in the design,\n"
  "2 usage or I/O errors.\n";

static int fail_usage(const char *fmt, const char *arg) {
  fputs("archc: error: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\ntry 'archc --help'\n", stderr);
  return 2;
}

/* A design with nothing in it is a mistake (an empty or wrong file), not a
   blank picture. */
static int require_components(archc *c, const char *input) {
  if (archc_component_count(c) > 0) return 0;
  fprintf(stderr, "%s: error: the design declares no components\n"
                  "  help: a design needs at least one, such as: service api\n",
          strcmp(input, "-") == 0 ? "<stdin>" : input);
  return 1;
}

static const char *extension_of(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(path, '.');
  return dot && (!slash || dot > slash) ? dot + 1 : NULL;
}

/* "2.5M" -> 2500000; returns 0 on nonsense. */
static double parse_seconds(const char *s) {
  if (strcmp(s, "calendar") == 0) return -1;
  char *end;
  double v = strtod(s, &end);
  if (end == s) return 0;
  if (*end == 'k') v *= 1e3, end++;
  else if (*end == 'M') v *= 1e6, end++;
  return *end || v <= 0 ? 0 : v;
}

/* Lists of repeated options, as long as argv at most; main() owns them. */
struct lists {
  const char **includes, **sets, **enable, **disable;
};

static int run(int argc, char **argv, struct lists *l) {
  enum { OPT_NO_STDLIB = 256, OPT_MONTH, OPT_COLOR, OPT_NO_ESTIMATES, OPT_SCALE, OPT_SET,
         OPT_ENABLE, OPT_DISABLE, OPT_WERROR, OPT_FAIL, OPT_NO_REVIEW };
  static const struct option longopts[] = {
    {"output", required_argument, NULL, 'o'}, {"format", required_argument, NULL, 'f'},
    {"no-estimates", no_argument, NULL, OPT_NO_ESTIMATES}, {"scale", required_argument, NULL, OPT_SCALE},
    {"set", required_argument, NULL, OPT_SET},
    {"enable", required_argument, NULL, OPT_ENABLE}, {"disable", required_argument, NULL, OPT_DISABLE},
    {"Werror", no_argument, NULL, OPT_WERROR}, {"fail", required_argument, NULL, OPT_FAIL},
    {"no-review", no_argument, NULL, OPT_NO_REVIEW},
    {"direction", required_argument, NULL, 'd'}, {"include", required_argument, NULL, 'I'},
    {"no-stdlib", no_argument, NULL, OPT_NO_STDLIB}, {"month", required_argument, NULL, OPT_MONTH},
    {"color", required_argument, NULL, OPT_COLOR}, {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'}, {NULL, 0, NULL, 0}};

  struct archc_options opts = {0};
  const char *output = NULL, *format = NULL, *color = "auto";
  const char **includes = l->includes, **sets = l->sets, **enable = l->enable,
             **disable = l->disable;
  size_t n_includes = 0, n_sets = 0, n_enable = 0, n_disable = 0;
  bool check_only = false, estimate = false, list_rules = false, explain = false;
  const char *fail = NULL;
  bool no_estimates = false, no_review = false;
  int direction = 0, warnings_are_errors = 0;
  double scale = 0;

  /* -Werror is a single-dash long option; getopt would read -W. */
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "-Werror") == 0) argv[i] = (char *)"--Werror";

  int first = 1;
  if (argc > 1 && strcmp(argv[1], "check") == 0) {
    check_only = true;
    first = 2;
  } else if (argc > 1 && strcmp(argv[1], "estimate") == 0) {
    estimate = true;
    first = 2;
  } else if (argc > 1 && strcmp(argv[1], "rules") == 0) {
    list_rules = true;
    first = 2;
  } else if (argc > 1 && strcmp(argv[1], "explain") == 0) {
    explain = true;
    first = 2;
  }
  else if (argc > 1 && strcmp(argv[1], "compile") == 0) first = 2;
  optind = first;
  int ch;
  opterr = 0;
  while ((ch = getopt_long(argc, argv, ":o:T:f:d:I:hV", longopts, NULL)) != -1) {
    switch (ch) {
    case 'o': output = optarg; break;
    case 'T': case 'f': format = optarg; break;
    case OPT_NO_ESTIMATES: no_estimates = true; break;
    case OPT_SCALE: {
      char *end;
      scale = strtod(optarg, &end);
      if (*end || !(scale > 0) || scale > 1e9)
        return fail_usage("bad --scale '%s' (a positive number such as 10)", optarg);
      break;
    }
    case OPT_SET: sets[n_sets++] = optarg; break;
    case OPT_ENABLE: enable[n_enable++] = optarg; break;
    case OPT_DISABLE: disable[n_disable++] = optarg; break;
    case OPT_WERROR: warnings_are_errors = 1; break;
    case OPT_FAIL: fail = optarg; break;
    case OPT_NO_REVIEW: no_review = true; break;
    case 'd':
      if (strcmp(optarg, "tb") == 0 || strcmp(optarg, "TB") == 0) direction = 2;
      else if (strcmp(optarg, "lr") == 0 || strcmp(optarg, "LR") == 0) direction = 1;
      else if (strcmp(optarg, "auto") != 0)
        return fail_usage("unknown direction '%s' (use auto, lr or tb)", optarg);
      break;
    case 'I': includes[n_includes++] = optarg; break;
    case OPT_NO_STDLIB: opts.no_stdlib = 1; break;
    case OPT_MONTH:
      opts.month_seconds = parse_seconds(optarg);
      if (opts.month_seconds == 0)
        return fail_usage("bad --month '%s' (use calendar or seconds such as 2.5M)", optarg);
      if (opts.month_seconds < 0) opts.month_seconds = 0;
      break;
    case OPT_COLOR: color = optarg; break;
    case 'h': fputs(usage, stdout); return 0;
    case 'V': printf("archc %s\n", archc_version()); return 0;
    case ':': return fail_usage("option '%s' needs a value", argv[optind - 1]);
    default: return fail_usage("unknown option '%s'", argv[optind - 1]);
    }
  }
  if (list_rules && optind == argc) argv[--optind] = (char *)"";
  if (optind >= argc) return fail_usage("%s", explain ? "explain which rule?" : "no input file");
  if (optind + 1 < argc) return fail_usage("unexpected argument '%s'", argv[optind + 1]);
  const char *input = argv[optind];

  opts.overrides = sets;
  opts.n_overrides = n_sets;
  if (strcmp(color, "always") == 0) opts.color = 1;
  else if (strcmp(color, "auto") == 0) opts.color = isatty(2) && !getenv("NO_COLOR");
  else if (strcmp(color, "never") != 0) return fail_usage("bad --color '%s'", color);
  opts.include_dirs = includes;
  opts.n_include_dirs = n_includes;

  if (list_rules || explain) {
    /* The rules of the standard library (and of a design, for list). */
    archc *c = archc_new(&opts);
    if (!c) return 2;
    int rc = list_rules && input[0] ? archc_load_file(c, input) : archc_load_buffer(c, "<rules>", "", 0);
    if (rc == 0) rc = archc_resolve(c);
    if (rc == 0) rc = list_rules ? archc_list_rules(c, stdout) : archc_explain(c, input, stdout);
    archc_free(c);
    return rc;
  }

  struct archc_review_options review_opts = {enable, n_enable, disable, n_disable, warnings_are_errors};
  struct archc_what_if what_if = {scale, NULL, 0, NULL};

  if (check_only) {
    const struct archc_format *report = NULL;
    if (format && !(report = archc_format_named(ARCHC_FINDINGS, format)))
      return fail_usage("unknown findings format '%s' (use text, json or sarif)", format);
    archc *c = archc_new(&opts);
    if (!c) return 2;
    int rc = archc_load_file(c, input);
    if (rc == 0) rc = archc_resolve(c);
    if (rc == 0) rc = require_components(c, input);
    if (rc == 0 && fail) {
      archc_estimate *e = NULL;
      if (scale > 0 && archc_has_workload(c)) rc = archc_estimate_run(c, &what_if, &e);
      struct archc_write_options w = {e, NULL, fail, 0};
      if (rc == 0) rc = archc_write(c, archc_format_named(ARCHC_FAILURE, "text"), "-", &w);
    } else if (rc == 0) {
      archc_review *r = NULL;
      rc = archc_review_run(c, NULL, &review_opts, &r);
      if (rc == 0 && (!report || strcmp(report->name, "text") == 0)) {
        archc_print_findings(c, r);
      } else if (rc == 0) {
        struct archc_write_options w = {NULL, r, NULL, 0};
        rc = archc_write(c, report, output ? output : "-", &w);
      }
      if (rc == 0) rc = archc_review_status(r);
    }
    archc_free(c);
    return rc;
  }

  if (estimate) {
    const struct archc_format *report = archc_format_named(ARCHC_REPORT, format ? format : "text");
    if (!report) return fail_usage("unknown report format '%s' (use text, markdown, json or csv)", format);
    archc *c = archc_new(&opts);
    if (!c) return 2;
    int rc = archc_load_file(c, input);
    if (rc == 0) rc = archc_resolve(c);
    if (rc == 0) rc = require_components(c, input);
    archc_estimate *e = NULL;
    if (rc == 0) rc = archc_estimate_run(c, &what_if, &e);
    struct archc_write_options w = {e, NULL, NULL, 0};
    if (rc == 0) rc = archc_write(c, report, output ? output : "-", &w);
    archc_free(c);
    return rc;
  }

  const struct archc_format *fmt = NULL;
  if (format) {
    fmt = archc_format_named(ARCHC_DIAGRAM, format);
    if (!fmt) return fail_usage("unknown format '%s' (use svg, pdf, png, dot or json)", format);
  } else if (output && strcmp(output, "-") != 0 && extension_of(output)) {
    fmt = archc_format_for_path(ARCHC_DIAGRAM, output);
    if (!fmt)
      return fail_usage("cannot tell the format from '%s'; give -T svg, pdf, png, dot or json",
                        output);
  } else {
    fmt = archc_format_named(ARCHC_DIAGRAM, "svg");
  }
  char *derived = NULL;
  if (!output) {
    if (strcmp(input, "-") == 0) {
      output = "-";
    } else {
      const char *e = extension_of(input);
      size_t stem = e ? (size_t)(e - 1 - input) : strlen(input);
      derived = malloc(stem + 8);
      if (!derived) return 2;
      snprintf(derived, stem + 8, "%.*s.%s", (int)stem, input, fmt->name);
      output = derived;
    }
  }

  archc *c = archc_new(&opts);
  if (!c) {
    free(derived);
    return 2;
  }
  int rc = archc_load_file(c, input);
  if (rc == 0) rc = archc_resolve(c);
  if (rc == 0) rc = require_components(c, input);
  /* A design with a workload is drawn with its figures, and every design
     with its review's findings; the findings are printed, but only
     `archc check` fails on them. */
  archc_estimate *e = NULL;
  archc_review *r = NULL;
  if (rc == 0 && !no_estimates && archc_has_workload(c)) rc = archc_estimate_run(c, &what_if, &e);
  if (rc == 0 && !no_review) {
    int review_rc = archc_review_run(c, e, &review_opts, &r);
    if (review_rc == 2) rc = 2;
    else if (review_rc == 0) archc_print_findings(c, r);
  }
  struct archc_write_options w = {e, r, NULL, direction};
  if (rc == 0) rc = archc_write(c, fmt, output, &w);
  archc_free(c);
  free(derived);
  return rc;
}

int main(int argc, char **argv) {
  struct lists l;
  size_t n = (size_t)argc + 1;
  l.includes = calloc(n, sizeof *l.includes);
  l.sets = calloc(n, sizeof *l.sets);
  l.enable = calloc(n, sizeof *l.enable);
  l.disable = calloc(n, sizeof *l.disable);
  int rc = l.includes && l.sets && l.enable && l.disable ? run(argc, argv, &l) : 2;
  free(l.includes);
  free(l.sets);
  free(l.enable);
  free(l.disable);
  return rc;
}
