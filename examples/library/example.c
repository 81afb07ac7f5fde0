/*
 * example.c - libarchc from a program (docs/library.md walks through it).
 *
 * It loads a design from a string, prints the diagnostics with their
 * positions through the callback, lists the components with their peak
 * load and utilization, and prints the review's findings.  It needs no
 * Graphviz, so it links against either library:
 *
 *   cc example.c $(pkg-config --cflags --libs archc) -o example
 *   cc example.c $(pkg-config --cflags --libs archc-core) -o example
 *
 * Exit status: 0 when the design compiles and its review has no error
 * finding, 1 when it does not, 2 when the library fails.
 */
#include <archc.h>
#include <stdio.h>

/* `latncy` is misspelt on purpose: resolving warns about it, with a hint. */
static const char design[] =
  "title \"Link shortener\"\n"
  "\n"
  "workload {\n"
  "  writes      = 100M / month\n"
  "  reads       = 10 * writes\n"
  "  peak_factor = 3\n"
  "}\n"
  "\n"
  "client browsers\n"
  "\n"
  "region eu \"Europe\" {\n"
  "  load_balancer edge { replicas = 2 }\n"
  "  service api { replicas = 2; capacity = 1k rps; latncy = 10 ms }\n"
  "  cache links_cache { replicas = 2; hit_ratio = 90% }\n"
  "  database links_db { replicas = 3; capacity = 2k rps }\n"
  "}\n"
  "\n"
  "browsers -> edge -> api\n"
  "api -> links_cache -> links_db [reads]\n"
  "api -> links_db [writes]\n";

static const char *const severity[] = {"note", "warning", "error"};

/* The library calls this for every diagnostic as it is reported; the
   strings are only valid during the call. */
static void on_diagnostic(void *ctx, const struct archc_diagnostic *d) {
  int *count = ctx;
  ++*count;
  if (d->file)
    printf("%s:%u:%u: ", d->file, d->line, d->column);
  printf("%s: %s\n", severity[d->severity], d->message);
  if (d->help) printf("  help: %s\n", d->help);
}

/* The components with their load at peak and the utilization of their
   busiest replica; a client has no capacity, so no utilization. */
static void print_components(const archc *c, const archc_estimate *e) {
  printf("%-16s %-14s %12s %12s\n", "component", "kind", "peak load", "utilization");
  for (size_t i = 0; i < archc_component_count(c); i++) {
    struct archc_component comp;
    struct archc_load load;
    if (archc_component_at(c, i, &comp) != ARCHC_OK ||
        archc_estimate_component(e, i, &load) != ARCHC_OK)
      continue;
    printf("%-16s %-14s %10.1f/s", comp.path, comp.kind, load.peak_rps);
    if (load.capacity > 0)
      printf(" %11.1f%%\n", 100 * load.peak_utilization);
    else
      printf(" %12s\n", "-");
  }
  long first = archc_estimate_bottleneck(e);
  struct archc_component comp;
  if (first >= 0 && archc_component_at(c, (size_t)first, &comp) == ARCHC_OK)
    printf("saturates first: %s\n", comp.path);
}

static void print_findings(const archc_review *r) {
  size_t n = archc_finding_count(r);
  printf("findings: %zu\n", n);
  for (size_t i = 0; i < n; i++) {
    struct archc_diagnostic f;
    if (archc_finding_at(r, i, &f) != ARCHC_OK) continue;
    printf("%s:%u:%u: %s: %s [%s]\n", f.file, f.line, f.column, severity[f.severity], f.message,
           f.rule);
  }
}

int main(void) {
  int diagnostics = 0;
  /* quiet: the callback prints the diagnostics, the library does not. */
  struct archc_options opts = {.quiet = 1, .on_diagnostic = on_diagnostic,
                               .diagnostic_ctx = &diagnostics};
  archc *c = archc_new(&opts);
  if (!c) {
    fputs("out of memory\n", stderr);
    return 2;
  }
  printf("libarchc %s\n", archc_version());

  archc_estimate *e = NULL;
  archc_review *r = NULL;
  int rc = archc_load_buffer(c, "shortener.arch", design, sizeof design - 1);
  if (rc == ARCHC_OK) rc = archc_resolve(c);
  printf("diagnostics: %d (errors: %d)\n", diagnostics, archc_errors(c));
  if (rc == ARCHC_OK) rc = archc_estimate_run(c, NULL, &e);
  if (rc == ARCHC_OK) {
    printf("\n%s\n", archc_title(c) ? archc_title(c) : "(untitled)");
    print_components(c, e);
    rc = archc_review_run(c, e, NULL, &r);
  }
  if (rc == ARCHC_OK) {
    putchar('\n');
    print_findings(r);
    rc = archc_review_status(r);
  }
  archc_free(c);  /* and with it the estimate, the review and their strings */
  return rc == ARCHC_OK ? 0 : rc == ARCHC_DESIGN_ERROR ? 1 : 2;
}
