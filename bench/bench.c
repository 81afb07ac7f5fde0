/*
 * bench.c - how fast archc is, on generated designs of a given size.
 *
 *   archc-bench [--sizes 100,1000,10000] [--svg-max N] [--runs R] [--out DIR]
 *
 * For each size N it writes DIR/design-N.arch: N components in regions,
 * zones and tiers, about 2N edges, a workload; then it measures, best of R
 * runs, each stage through the library exactly as the command line calls
 * it: parse and resolve, estimate, review, and (up to --svg-max
 * components) a whole SVG compile, with the graph archc hands to Graphviz
 * written to DIR/design-N.dot so bench/run.sh can time `dot -Tsvg` on the
 * same graph.  Memory is the compilation's arena and the peak resident set
 * of a child process that only parses and resolves.
 */
#define _DEFAULT_SOURCE

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "archc.h"
#include "internal.h"
#include "model.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A design of about n components and 2n edges, shaped like real ones:
   per region two zones; per 50 components a tier with a balancer, services,
   a cache, a sharded database, a queue and workers. */
static void generate(const char *path, int n) {
  FILE *f = fopen(path, "w");
  if (!f) {
    perror(path);
    exit(2);
  }
  fprintf(f, "title \"Generated, %d components\"\n", n);
  fputs("workload {\n  writes = 50M / day\n  reads = 20 * writes\n  item_size = 1 KB\n"
        "  peak_factor = 3\n}\n", f);
  int tiers = n / 50 > 0 ? n / 50 : 1;
  int per_region = 20;
  int made = 0;
  for (int t = 0; t < tiers && made < n; t++) {
    if (t % per_region == 0) {
      if (t) fputs("}\n", f);
      fprintf(f, "region r%d \"Region %d\" {\n  zone a { }\n  zone b { }\n", t / per_region,
              t / per_region);
    }
    fprintf(f, "  group t%d \"Tier %d\" {\n", t, t);
    fprintf(f, "    client c%d\n", t);
    fprintf(f, "    load_balancer lb%d { replicas = 2; zones = [a, b] }\n", t);
    int services = 30;
    for (int s = 0; s < services; s++)
      fprintf(f, "    service s%d_%d { replicas = 3; capacity = 2k rps; latency = 12 ms; "
                 "zones = [a, b] }\n", t, s);
    for (int k = 0; k < 5; k++)
      fprintf(f, "    cache k%d_%d { replicas = 2; hit_ratio = 90%%; memory = 16 GB }\n", t, k);
    for (int d = 0; d < 5; d++)
      fprintf(f, "    database d%d_%d { shards = 4; replicas = 3; capacity = 5k rps; "
                 "zones = [a, b] }\n", t, d);
    for (int q = 0; q < 3; q++) fprintf(f, "    queue q%d_%d { partitions = 8 }\n", t, q);
    for (int w = 0; w < 5; w++)
      fprintf(f, "    worker w%d_%d { replicas = 2; capacity = 500 rps }\n", t, w);
    fputs("  }\n", f);
    made += 1 + 1 + services + 5 + 5 + 3 + 5;
    /* Edges, about two per component: calls go forward only, so there is
       no synchronous cycle. */
    fprintf(f, "  c%d -> lb%d\n", t, t);
    for (int s = 0; s < services; s++) {
      fprintf(f, "  lb%d -> s%d_%d [weight = %d]\n", t, t, s, 1 + s % 3);
      if (s + 1 < services) fprintf(f, "  s%d_%d -> s%d_%d [fraction = 20%%]\n", t, s, t, s + 1);
      fprintf(f, "  s%d_%d -> k%d_%d -> d%d_%d [reads]\n", t, s, t, s % 5, t, s % 5);
      if (s % 3 == 0) fprintf(f, "  s%d_%d -> d%d_%d [writes] : \"write\"\n", t, s, t, (s + 1) % 5);
      if (s % 10 == 0) fprintf(f, "  s%d_%d -> q%d_%d [async]\n", t, s, t, s / 10);
    }
    for (int w = 0; w < 5; w++) {
      fprintf(f, "  q%d_%d -> w%d_%d\n", t, w % 3, t, w);
      fprintf(f, "  w%d_%d -> d%d_%d [writes]\n", t, w, t, w);
    }
  }
  fputs("}\n", f);
  fclose(f);
}

struct stages {
  double parse, estimate, review, graph, svg;
  size_t arena, components, edges;
};

static archc *load(const char *path, FILE *sink, double *seconds) {
  struct archc_options o = {0};
  o.diagnostics = sink;
  double t0 = now();
  archc *c = archc_new(&o);
  if (archc_load_file(c, path) != 0 || archc_resolve(c) != 0) {
    fprintf(stderr, "bench: %s does not compile\n", path);
    exit(2);
  }
  *seconds = now() - t0;
  return c;
}

static void measure(const char *path, const char *dot, bool svg, struct stages *s) {
  FILE *sink = fopen("/dev/null", "w");
  archc *c = load(path, sink, &s->parse);
  s->arena = c->arena.bytes;
  s->components = c->model->n_components;
  s->edges = c->model->n_edges;
  double t0 = now();
  archc_estimate(c);
  s->estimate = now() - t0;
  t0 = now();
  archc_review(c);
  s->review = now() - t0;
  t0 = now();
  archc_render(c, ARCHC_DOT, dot);   /* archc's graph, written, no layout */
  s->graph = now() - t0;
  if (svg) {
    char out[4096];
    snprintf(out, sizeof out, "%s.svg", dot);
    t0 = now();
    archc_render(c, ARCHC_SVG, out);
    s->svg = now() - t0;
  }
  archc_free(c);
  fclose(sink);
}

/* Peak resident set of a fresh process that only parses and resolves.  It
   reports its own VmHWM: the high-water mark of the memory it mapped after
   exec, which nothing the benchmark did before can inflate (a fork's
   ru_maxrss would count the parent's pages). */
static long peak_rss_kb(const char *path) {
  char cmd[8300];
  snprintf(cmd, sizeof cmd, "/proc/%ld/exe --parse-only '%s'", (long)getpid(), path);
  FILE *p = popen(cmd, "r");
  long kb = -1;
  if (p) {
    if (fscanf(p, "%ld", &kb) != 1) kb = -1;
    pclose(p);
  }
  return kb;
}

static long own_peak_kb(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "VmHWM: %ld", &kb) == 1) break;
  if (f) fclose(f);
  return kb;
}

static double best(double a, double b) { return a < b ? a : b; }

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--parse-only") == 0) {
    FILE *sink = fopen("/dev/null", "w");
    double t;
    archc_free(load(argv[2], sink, &t));
    printf("%ld\n", own_peak_kb());
    return 0;
  }
  const char *sizes = "100,1000,10000", *dir = "bench/out";
  int runs = 5, svg_max = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--sizes") == 0) sizes = argv[i + 1];
    else if (strcmp(argv[i], "--out") == 0) dir = argv[i + 1];
    else if (strcmp(argv[i], "--runs") == 0) runs = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--svg-max") == 0) svg_max = atoi(argv[i + 1]);
    else {
      fprintf(stderr, "usage: archc-bench [--sizes 100,1000,10000] [--svg-max N] [--runs R] "
                      "[--out DIR]\n");
      return 2;
    }
  }
  if (runs < 1) runs = 1;
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
  if (system(cmd) != 0) return 2;

  printf("%-7s %6s %6s | %9s %9s %9s %9s | %8s %8s | %9s\n", "size", "comps", "edges",
         "parse+res", "estimate", "review", "graph", "arena", "peak RSS", "SVG total");
  char *list = strdup(sizes);
  char *save = NULL;
  /* strtok_r: Graphviz calls strtok itself, which would end this loop. */
  for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    int n = atoi(tok);
    char path[4096], dot[4096];
    snprintf(path, sizeof path, "%s/design-%d.arch", dir, n);
    snprintf(dot, sizeof dot, "%s/design-%d.dot", dir, n);
    generate(path, n);
    /* Before any layout, so the child does not inherit Graphviz's pages. */
    long rss = peak_rss_kb(path);
    struct stages b = {1e9, 1e9, 1e9, 1e9, 1e9, 0, 0, 0};
    for (int r = 0; r < runs; r++) {
      struct stages s = {0};
      bool svg = n <= svg_max && r < (n >= 1000 ? 1 : runs);
      measure(path, dot, svg, &s);
      b.parse = best(b.parse, s.parse);
      b.estimate = best(b.estimate, s.estimate);
      b.review = best(b.review, s.review);
      b.graph = best(b.graph, s.graph);
      if (svg) b.svg = best(b.svg, s.svg);
      b.arena = s.arena, b.components = s.components, b.edges = s.edges;
    }
    char svg_text[32];
    if (b.svg < 1e9) snprintf(svg_text, sizeof svg_text, "%.1f ms", b.svg * 1e3);
    else snprintf(svg_text, sizeof svg_text, "skipped");
    printf("%-7d %6zu %6zu | %6.1f ms %6.1f ms %6.1f ms %6.1f ms | %5.1f MB %5.1f MB | %9s\n", n,
           b.components, b.edges, b.parse * 1e3, b.estimate * 1e3, b.review * 1e3, b.graph * 1e3,
           (double)b.arena / 1e6, (double)rss / 1e3, svg_text);
    fflush(stdout);
  }
  free(list);
  return 0;
}
