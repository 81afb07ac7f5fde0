/*
 * bench.c - how fast archc is, on generated designs of a given size.
 *
 *   archc-bench [--sizes 100,1000,10000] [--out DIR] [--runs R]
 *               [--svg-max N] [--svg-runs R] [--shape NAME] [--flows F]
 *
 * For each size N (at least 50) it writes DIR/design-N.arch, a design of
 * the shape NAME (below "Other shapes"; the default, tiers:) N components
 * and exactly 2N edges, in regions, zones, tiers and data groups nested in
 * the tiers, with a workload, attributes with units, and edges with
 * [reads], [writes], [async] and labels.  Then:
 *
 *   (a) parse + resolve (archc_new, archc_load_file, archc_resolve; the
 *       clock stops before archc_free), two ways:
 *         warm: best of R runs in this process, on the monotonic clock and,
 *               beside it, in CPU time; after the first run the memory is
 *               already mapped, so no run pays for page faults;
 *         cold: once, in a forked child of a parent that has done nothing
 *               else yet, so every page the compilation touches is new to
 *               it, as in a fresh `archc` process; with the child's minor
 *               page faults and peak resident set (its own rusage, through
 *               wait4) beside the bytes the compilation's arena obtained;
 *       every size's front end is measured before any SVG compile, since
 *       a Graphviz layout leaves the heap in a state that slows the next
 *       parse by half;
 *   (b) a whole SVG compile as `archc design.arch -o design.svg` runs it
 *       (load, resolve, estimate, review, archc_write(svg)), split
 *       into Graphviz's time and archc's own: the benchmark interposes on
 *       every Graphviz function gv.c calls and times it (see below), and
 *       what is not inside Graphviz is archc's.  Only up to --svg-max
 *       components (default 1000): dot's layout of the clustered design takes
 *       seconds at 1,000 components and about a quarter of an hour at 10,000;
 *   Both (b) and (c) draw the whole design (view "all"), not the overview
 *   a design past 200 components gets by default; bench/run.sh times the
 *   views through the command line.
 *   (c) DIR/design-N.dot from archc_write(dot), after the estimate
 *       and the review as in (b), so it is the very graph (b) lays out and
 *       bench/run.sh can time `dot -Tsvg` on it.  Its time ("DOT out") is
 *       building the graph and writing it, without a layout.
 *
 * --flows F (the tiers shape) adds F flows, each entering at every tier's
 * client and travelling a path through every tier (below, "Flows"), so the
 * estimate propagates F flows of about 5 steps per tier instead of the
 * implicit reads and writes.
 *
 * The figures go to stdout as a table and to DIR/results.tsv for run.sh.
 */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "archc.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The CPU time this process has used: beside the wall clock, what parse +
   resolve costs when other work shares the machine (time the process waited
   for a core is not in it). */
static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- Graphviz's share of a render -------------------------------------
 *
 * archc-bench defines every Graphviz function gv.c calls, so the static link
 * binds gv.c's calls to these definitions; each times itself and calls the
 * real one in libgvc or libcgraph (dlsym RTLD_NEXT).  When Graphviz calls
 * one of them from inside another (agsafeset declares with agattr, agclose
 * closes subgraphs with agclose, the layout makes nodes and subgraphs) only
 * the outermost call is timed.  Two accounts:
 *   GV_GRAPH   building the graph through cgraph's API (agopen, agsubg,
 *              agnode, agedge, agattr, agsafeset, agstrdup_html, agstrfree);
 *   GV_LAYOUT  everything else: the context and its plugins, the layout, the
 *              SVG rendering, freeing them and closing the graph.
 * The parameters are declared as plain pointers and integers rather than
 * taken from <gvc.h>, whose prototypes differ between Graphviz versions; the
 * calling convention is the same (Agdesc_t is a word of bit-fields). */

enum { GV_GRAPH, GV_LAYOUT };
static double gv_seconds[2], gv_start;
static int gv_depth;

/* Every libgvc function gv.c calls is defined here, so nothing would tie
   the executable to libgvc and the linker (--as-needed) would drop it; one
   reference to a function of libgvc that gv.c does not call keeps it. */
int gvLayoutJobs(void *gvc, void *g);
int (*volatile keep_libgvc)(void *, void *) = gvLayoutJobs;

static void *real(const char *name) {
  void *f = dlsym(RTLD_NEXT, name);
  if (!f) {
    fprintf(stderr, "archc-bench: cannot find Graphviz's %s\n", name);
    exit(2);
  }
  return f;
}

static void gv_enter(void) {
  if (gv_depth++ == 0) gv_start = now();
}

static void gv_leave(int account) {
  if (--gv_depth == 0) gv_seconds[account] += now() - gv_start;
}

#define WRAP(account, ret, name, params, args)                   \
  ret name params;                                               \
  ret name params {                                              \
    static ret(*f) params;                                       \
    if (!f) f = (ret(*) params)real(#name);                      \
    gv_enter();                                                  \
    ret r = f args;                                              \
    gv_leave(account);                                           \
    return r;                                                    \
  }

typedef struct { unsigned bits; } agdesc;  /* Agdesc_t's size and class */

WRAP(GV_GRAPH, void *, agopen, (char *name, agdesc desc, void *disc), (name, desc, disc))
WRAP(GV_GRAPH, void *, agsubg, (void *g, char *name, int create), (g, name, create))
WRAP(GV_GRAPH, void *, agnode, (void *g, char *name, int create), (g, name, create))
WRAP(GV_GRAPH, void *, agedge, (void *g, void *t, void *h, char *name, int create),
     (g, t, h, name, create))
WRAP(GV_GRAPH, void *, agattr, (void *g, int kind, char *name, char *value),
     (g, kind, name, value))
WRAP(GV_GRAPH, int, agsafeset, (void *obj, char *name, char *value, char *def),
     (obj, name, value, def))
WRAP(GV_GRAPH, char *, agstrdup_html, (void *g, char *s), (g, s))
WRAP(GV_GRAPH, int, agstrfree, (void *g, char *s), (g, s))
WRAP(GV_LAYOUT, void *, gvContext, (void), ())
WRAP(GV_LAYOUT, char **, gvPluginList, (void *gvc, const char *kind, int *n, char *prefix),
     (gvc, kind, n, prefix))
WRAP(GV_LAYOUT, int, gvFreeContext, (void *gvc), (gvc))
WRAP(GV_LAYOUT, int, gvLayout, (void *gvc, void *g, const char *engine), (gvc, g, engine))
WRAP(GV_LAYOUT, int, gvFreeLayout, (void *gvc, void *g), (gvc, g))
WRAP(GV_LAYOUT, int, gvRenderData, (void *gvc, void *g, const char *format, char **out, void *len),
     (gvc, g, format, out, len))
WRAP(GV_LAYOUT, int, agclose, (void *g), (g))

void gvFreeRenderData(char *data);
void gvFreeRenderData(char *data) {
  static void (*f)(char *);
  if (!f) f = (void (*)(char *))real("gvFreeRenderData");
  gv_enter();
  f(data);
  gv_leave(GV_LAYOUT);
}

/* ---- The design ---------------------------------------------------------
 *
 * A tier is 50 components and exactly 100 edges: a client, a load balancer
 * spread over its region's two zones in front of 8 web services (4 in each
 * zone, each zone's in a group of its own), 20 back-end services, a data
 * group of 6 caches and 5 sharded, replicated databases, 3 queues and 6
 * workers, all spread over both zones.  Ten tiers to a region.  The
 * workload grows with the design (one tier's worth per tier), so every size
 * carries a similar load per component.  Calls only go forward (web to back
 * end, services to data, workers to data), so there is no synchronous cycle.
 * Components left over when N is not a multiple of 50 are services behind
 * tier 0's balancer, with two edges each. */

enum { TIER = 50, SERVICES = 28, CACHES = 6, DATABASES = 5, QUEUES = 3, WORKERS = 6,
       FRONT = 8, TIERS_PER_REGION = 10 };

static void web(FILE *f, int t, int zone) {
  fprintf(f, "    group t%d%c \"Tier %d web, zone %c\" {\n", t, "ab"[zone], t, "AB"[zone]);
  for (int s = zone * FRONT / 2; s < (zone + 1) * FRONT / 2; s++)
    fprintf(f, "      service s%d_%d \"Web %d.%d\" {\n        replicas = 3\n"
               "        capacity = 2k rps   // per replica\n        latency = %d ms\n"
               "        timeout = 800 ms\n        health_check = \"/healthz\"\n%s      }\n",
            t, s, t, s, 6 + s % 5,
            s % 4 ? "" : "        docs = \"https://wiki.example.com/web\"\n");
  fputs("    }\n", f);
}

static void tier(FILE *f, int t, int r) {
  char z[64];
  snprintf(z, sizeof z, "zones = [r%d_a, r%d_b]", r, r);
  fprintf(f, "  group t%d \"Tier %d\" {\n", t, t);
  fprintf(f, "    client c%d \"Users %d\"\n", t, t);
  fprintf(f, "    load_balancer lb%d { replicas = 2; capacity = 50k rps; latency = 1 ms; %s }\n",
          t, z);
  for (int s = FRONT; s < SERVICES; s++)
    fprintf(f, "    service s%d_%d { replicas = %d; capacity = %d rps; latency = %d ms; %s }\n", t, s,
            3 + s % 2, 1500 + 100 * (s % 6), 4 + s % 9, z);
  fprintf(f, "    group data%d \"Data %d\" {\n", t, t);
  for (int k = 0; k < CACHES; k++)
    fprintf(f, "      cache k%d_%d { replicas = 2; hit_ratio = %d%%; memory = %d GB; %s }\n", t, k,
            85 + k, 32 << (k % 2), z);
  for (int d = 0; d < DATABASES; d++)
    fprintf(f, "      database d%d_%d \"Store %d.%d\" {\n        shards = %d\n"
               "        replicas = 3\n        capacity = 5k rps\n        storage = %d TB\n"
               "        latency = 4 ms\n        max_connections = 500\n"
               "        backup = \"daily snapshots, 30 days\"\n        %s\n      }\n",
            t, d, t, d, 4 << (d % 2), 4 + 2 * d, z);
  fputs("    }\n", f);
  for (int q = 0; q < QUEUES; q++)
    fprintf(f, "    queue q%d_%d { partitions = %d; %s }\n", t, q, 8 << (q % 2), z);
  for (int w = 0; w < WORKERS; w++)
    fprintf(f, "    worker w%d_%d { replicas = 2; capacity = 500 rps; latency = 20 ms; %s }\n", t,
            w, z);
  fputs("  }\n", f);

  /* 100 edges: 1 + 8 + 20 + 28 + 6 + 14 + 7 + 6 + 6 + 4. */
  fprintf(f, "  c%d -> lb%d : \"HTTPS\"\n", t, t);
  fprintf(f, "  lb%d -> {", t);
  for (int s = 0; s < FRONT; s++) fprintf(f, "%ss%d_%d", s ? ", " : "", t, s);
  fputs("}\n", f);
  for (int s = 0; s + FRONT < SERVICES; s++) {
    if (s % 4 == 0)
      fprintf(f, "  s%d_%d -> s%d_%d [protocol = grpc, fraction = 50%%] : \"lookup\"\n", t, s, t,
              s + FRONT);
    else if (s % 8 == 5)
      fprintf(f, "  s%d_%d -> s%d_%d [calls = 2, fraction = 25%%]\n", t, s, t, s + FRONT);
    else
      fprintf(f, "  s%d_%d -> s%d_%d [fraction = %d%%]\n", t, s, t, s + FRONT, 20 + 10 * (s % 5));
  }
  for (int s = 0; s < SERVICES; s++)
    fprintf(f, "  s%d_%d -> k%d_%d [reads]%s\n", t, s, t, s % CACHES, s % 3 ? "" : " : \"get\"");
  for (int k = 0; k < CACHES; k++)
    fprintf(f, "  k%d_%d -> d%d_%d [reads] : \"miss\"\n", t, k, t, k % DATABASES);
  for (int s = 0; s < SERVICES; s += 2)
    fprintf(f, "  s%d_%d -> d%d_%d [writes] : \"write\"\n", t, s, t, (s / 2) % DATABASES);
  for (int s = 0; s < SERVICES; s += 4)
    fprintf(f, "  s%d_%d -> q%d_%d [async, writes] : \"events\"\n", t, s, t, (s / 4) % QUEUES);
  for (int w = 0; w < WORKERS; w++) {
    fprintf(f, "  q%d_%d -> w%d_%d\n", t, w % QUEUES, t, w);
    fprintf(f, "  w%d_%d -> d%d_%d [writes]\n", t, w, t, (w + 2) % DATABASES);
  }
  for (int w = 0; w < 4; w++)
    fprintf(f, "  w%d_%d -> k%d_%d [writes] : \"invalidate\"\n", t, w, t, w);
}

static void tiers(FILE *f, int n) {
  int tiers = n / TIER, extra = n % TIER;
  fprintf(f, "// Generated by archc-bench: %d components, %d edges.\n", n, 2 * n);
  fprintf(f, "title \"Generated design, %d components\"\n\n", n);
  fprintf(f, "workload {\n  users = %dM\n  writes = %dM / day   // 100 a second per tier\n"
             "  reads = 20 * writes\n  item_size = 1 KB\n  retention = 3 years\n"
             "  peak_factor = 3\n}\n", tiers, 9 * tiers);
  for (int first = 0; first < tiers; first += TIERS_PER_REGION) {
    int r = first / TIERS_PER_REGION;
    int last = first + TIERS_PER_REGION < tiers ? first + TIERS_PER_REGION : tiers;
    fprintf(f, "\nregion r%d \"Region %d\" {\n", r, r);
    for (int zone = 0; zone < 2; zone++) {
      fprintf(f, "  zone r%d_%c \"Zone %c\" {\n", r, "ab"[zone], "AB"[zone]);
      for (int t = first; t < last; t++) web(f, t, zone);
      fputs("  }\n", f);
    }
    for (int t = first; t < last; t++) tier(f, t, r);
    fputs("}\n", f);
  }
  /* A view of each region (docs/language.md, "Views"): what bench/run.sh
     times beside the default overview and the whole design. */
  for (int first = 0; first < tiers; first += TIERS_PER_REGION)
    fprintf(f, "view r%d \"Region %d\" { only = r%d }\n", first / TIERS_PER_REGION,
            first / TIERS_PER_REGION, first / TIERS_PER_REGION);
  if (extra) {
    fputs("\ngroup extra \"Extra services\" {\n", f);
    for (int i = 0; i < extra; i++)
      fprintf(f, "  service x%d { replicas = 2; capacity = 1k rps; latency = 10 ms; "
                 "health_check = \"/healthz\"; zones = [r0_a, r0_b] }\n", i);
    fputs("}\n", f);
    for (int i = 0; i < extra; i++)
      fprintf(f, "lb0 -> x%d\nx%d -> d0_%d [reads]\n", i, i, i % DATABASES);
  }
}

/* ---- Flows ---------------------------------------------------------------
 *
 * Flow i enters at every tier's client, shares the workload evenly with
 * the others of its class, and in every tier takes the balancer to web
 * service j = i mod 8, then: a read flow, j's back end (j + 8), its cache
 * and that cache's database, over the tier's own edges; a write flow, when
 * j is even, j's database, else its back end and that one's database (a
 * new edge, declared by the flow).  Even flows read, odd ones write. */

static int n_flows;

static void flows(FILE *f, int n) {
  int tiers = n / TIER, reads = (n_flows + 1) / 2, writes = n_flows / 2;
  for (int i = 0; i < n_flows; i++) {
    bool write = i % 2 == 1;
    int j = i % FRONT, back = j + FRONT;
    fprintf(f, "\nflow f%d \"Flow %d\" {\n  class = %s\n  share = %.6g%%\n  from = [", i, i,
            write ? "write" : "read", 100.0 / (write ? writes : reads));
    for (int t = 0; t < tiers; t++) fprintf(f, "%sc%d", t ? ", " : "", t);
    fputs("]\n", f);
    for (int t = 0; t < tiers; t++) {
      fprintf(f, "  c%d -> lb%d -> s%d_%d", t, t, t, j);
      if (!write)
        fprintf(f, " -> s%d_%d -> k%d_%d -> d%d_%d\n", t, back, t, back % CACHES, t,
                (back % CACHES) % DATABASES);
      else if (j % 2 == 0)
        fprintf(f, " -> d%d_%d\n", t, (j / 2) % DATABASES);
      else
        fprintf(f, " -> s%d_%d -> d%d_%d\n", t, back, t, (back / 2) % DATABASES);
    }
    fputs("}\n", f);
  }
}

/* ---- Other shapes ----------------------------------------------------------
 *
 * Each stresses one dimension the tiered design keeps small, at exactly n
 * components, so that whatever grows faster than n log n shows on it:
 *   fanout   one client, one gateway in front of n - 2 services (one
 *            component with n edges);
 *   chain    a client and n - 1 services, each calling the next (a path as
 *            deep as the design);
 *   stores   databases of one kind in two zones of n / 500 regions, each
 *            region's "Store i" labelled alike, so every store has copies
 *            in the other zone and the other regions (large copy classes,
 *            many zones and regions);
 *   clients  n - 4 clients behind one balancer, two services, one database
 *            (many clients: per-client searches);
 *   mesh     services calling 3 random later services each (seeded, so the
 *            same every run; acyclic since calls only go forward), every
 *            tenth a database. */

static void workload(FILE *f, int n) {
  fprintf(f, "workload {\n  writes = %dk / day\n  reads = 20 * writes\n  item_size = 1 KB\n"
             "  retention = 3 years\n  peak_factor = 3\n}\n", 9 * n);
}

static void service(FILE *f, const char *name, int i, const char *more) {
  fprintf(f, "service %s%d { replicas = %d; capacity = 2k rps; latency = %d ms%s }\n", name, i,
          2 + i % 2, 2 + i % 7, more);
}

static void fanout(FILE *f, int n) {
  workload(f, n);
  fputs("client c0 \"Users\"\napi_gateway gw { replicas = 3; capacity = 500k rps }\nc0 -> gw\n", f);
  for (int i = 0; i < n - 2; i++) service(f, "s", i, "");
  for (int i = 0; i < n - 2; i++) fprintf(f, "gw -> s%d%s\n", i, i % 3 ? "" : " : \"route\"");
}

static void chain(FILE *f, int n) {
  workload(f, n);
  fputs("client c0 \"Users\"\nc0 -> s0\n", f);
  for (int i = 0; i < n - 1; i++) service(f, "s", i, "; timeout = 2 s");
  for (int i = 0; i + 2 < n; i++) fprintf(f, "s%d -> s%d [reads, writes]\n", i, i + 1);
}

static void stores(FILE *f, int n) {
  int regions = n / 500 > 2 ? n / 500 : 2, per = (n - 3 * regions) / (2 * regions);
  int left = n - 3 * regions - 2 * regions * per;  /* to the first zones */
  workload(f, n);
  for (int r = 0; r < regions; r++) {
    fprintf(f, "region r%d {\n", r);
    for (int z = 0; z < 2; z++) {
      fprintf(f, "  zone r%d_%c {\n", r, "ab"[z]);
      int count = per + (left > 0);
      if (left > 0) left--;
      for (int i = 0; i < count; i++)
        fprintf(f, "    database d%d_%c%d \"Store %d\" { replicas = 3; capacity = 5k rps; "
                   "storage = 4 TB; backup = \"daily\" }\n", r, "ab"[z], i, i);
      fputs("  }\n", f);
      fprintf(f, "  // %d stores in zone %c\n", count, "AB"[z]);
    }
    fprintf(f, "  client c%d\n  load_balancer lb%d { replicas = 2; zones = [r%d_a, r%d_b] }\n"
               "  service app%d { replicas = 4; capacity = 50k rps; zones = [r%d_a, r%d_b] }\n"
               "}\nc%d -> lb%d\nlb%d -> app%d\n", r, r, r, r, r, r, r, r, r, r, r);
  }
  /* Each region's service reads and writes its own region's stores. */
  left = n - 3 * regions - 2 * regions * per;
  for (int r = 0; r < regions; r++)
    for (int z = 0; z < 2; z++) {
      int count = per + (left > 0);
      if (left > 0) left--;
      for (int i = 0; i < count; i++)
        fprintf(f, "app%d -> d%d_%c%d [reads, writes, fraction = 1%%]\n", r, r, "ab"[z], i);
    }
}

static void clients(FILE *f, int n) {
  workload(f, n);
  fputs("load_balancer lb { replicas = 2 }\ndatabase db { replicas = 3; capacity = 50k rps }\n", f);
  for (int i = 0; i < 2; i++) {
    fprintf(f, "service s%d { replicas = 8; capacity = 100k rps; latency = 5 ms }\n", i);
    fprintf(f, "lb -> s%d\ns%d -> db [reads, writes]\n", i, i);
  }
  for (int i = 0; i < n - 4; i++) fprintf(f, "client c%d\nc%d -> lb\n", i, i);
}

static void mesh(FILE *f, int n) {
  unsigned long long seed = 42;
  workload(f, n);
  fputs("client c0 \"Users\"\nc0 -> m0\n", f);
  for (int i = 0; i < n - 1; i++) {
    if (i % 10 == 9) fprintf(f, "database m%d { replicas = 3; capacity = 5k rps }\n", i);
    else fprintf(f, "service m%d { replicas = 2; capacity = 2k rps; latency = 5 ms }\n", i);
  }
  for (int i = 0; i < n - 2; i++) {
    if (i % 10 == 9) continue;  /* databases call nobody */
    for (int k = 0; k < 3; k++) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;  /* Knuth's LCG */
      int to = i + 1 + (int)((seed >> 33) % (unsigned long long)(n - 2 - i));
      fprintf(f, "m%d -> m%d [reads, writes, fraction = 30%%]\n", i, to);
    }
  }
}

static const struct {
  const char *name;
  void (*write)(FILE *, int);
} shapes[] = {{"tiers", tiers}, {"fanout", fanout}, {"chain", chain}, {"stores", stores},
              {"clients", clients}, {"mesh", mesh}};
static const char *shape = "tiers";

static void generate(const char *path, int n) {
  FILE *f = fopen(path, "w");
  if (!f) {
    perror(path);
    exit(2);
  }
  for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
    if (strcmp(shapes[i].name, shape) == 0) shapes[i].write(f, n);
  if (n_flows) flows(f, n);
  if (fclose(f) != 0) {
    perror(path);
    exit(2);
  }
}

/* ---- Measuring ---------------------------------------------------------- */

static FILE *sink;  /* diagnostics (the review's findings) go to /dev/null */

static archc *parse_resolve(const char *path) {
  struct archc_options o = {0};
  o.diagnostics = sink;
  archc *c = archc_new(&o);
  if (archc_load_file(c, path) != 0 || archc_resolve(c) != 0) {
    fprintf(stderr, "archc-bench: %s does not compile\n", path);
    exit(2);
  }
  return c;
}

/* Parse and resolve `path` in a forked child (with path NULL, do nothing:
   the baseline every child starts from).  The child sends its time through
   a pipe; wait4() gives its own rusage: peak resident set and minor faults. */
struct cold {
  double seconds;
  long peak_kb, faults;
};

static struct cold child_parse(const char *path) {
  struct cold r = {0, 0, 0};
  int fd[2];
  fflush(NULL);
  if (pipe(fd) != 0) {
    perror("pipe");
    exit(2);
  }
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(2);
  }
  if (pid == 0) {
    close(fd[0]);
    double t = 0;
    if (path) {
      double t0 = now();
      archc *c = parse_resolve(path);
      t = now() - t0;
      archc_free(c);
    }
    if (write(fd[1], &t, sizeof t) != (ssize_t)sizeof t) _exit(2);
    _exit(0);
  }
  close(fd[1]);
  if (read(fd[0], &r.seconds, sizeof r.seconds) != (ssize_t)sizeof r.seconds) r.seconds = -1;
  close(fd[0]);
  int status;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0)
    if (errno != EINTR) {
      perror("wait4");
      exit(2);
    }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) exit(2);
  r.peak_kb = ru.ru_maxrss;
  r.faults = ru.ru_minflt;
  return r;
}

struct figures {
  int n;
  size_t components, edges, arena;
  struct cold cold;                          /* in a fresh child */
  double parse, parse_cpu, estimate, review, dot;  /* best of the runs */
  double svg_total, svg_graphviz, svg_api; /* the best SVG compile's; svg_graphviz
                                              includes svg_api (building the graph) */
  int svg_runs;
};

static double min_d(double a, double b) { return a < b ? a : b; }

/* The front end and the DOT output: parse + resolve, estimate, review,
   archc_write(dot), each timed alone. */
static void front_end(const char *path, const char *dot, int runs, struct figures *x) {
  x->parse = x->parse_cpu = x->estimate = x->review = x->dot = 1e30;
  for (int r = 0; r < runs; r++) {
    double c0 = cpu_now(), t0 = now();
    archc *c = parse_resolve(path);
    double t1 = now(), c1 = cpu_now();
    x->parse = min_d(x->parse, t1 - t0);
    x->parse_cpu = min_d(x->parse_cpu, c1 - c0);
    x->arena = archc_memory_used(c);
    x->components = archc_component_count(c);
    x->edges = archc_edge_count(c);
    archc_estimate *e = NULL;
    archc_review *rv = NULL;
    t0 = now();
    if (archc_has_workload(c) && archc_estimate_run(c, NULL, &e) != 0) exit(2);
    t1 = now();
    x->estimate = min_d(x->estimate, t1 - t0);
    t0 = now();
    if (archc_review_run(c, e, NULL, &rv) != 0) exit(2);
    t1 = now();
    x->review = min_d(x->review, t1 - t0);
    t0 = now();
    struct archc_write_options w = {.estimate = e, .review = rv, .view = "all"};
    if (archc_write(c, archc_format_named(ARCHC_DIAGRAM, "dot"), dot, &w) != 0) {
      fprintf(stderr, "archc-bench: cannot write %s\n", dot);
      exit(2);
    }
    t1 = now();
    x->dot = min_d(x->dot, t1 - t0);
    archc_free(c);
  }
}

/* A whole SVG compile, as the command line runs it. */
static void svg_compile(const char *path, const char *svg, int runs, struct figures *x) {
  for (int r = 0; r < runs; r++) {
    gv_seconds[GV_GRAPH] = gv_seconds[GV_LAYOUT] = 0;
    double t0 = now();
    archc *c = parse_resolve(path);
    archc_estimate *e = NULL;
    archc_review *rv = NULL;
    if (archc_has_workload(c) && archc_estimate_run(c, NULL, &e) != 0) exit(2);
    if (archc_review_run(c, e, NULL, &rv) != 0) exit(2);
    archc_print_findings(c, rv);
    struct archc_write_options w = {.estimate = e, .review = rv, .view = "all"};
    if (archc_write(c, archc_format_named(ARCHC_DIAGRAM, "svg"), svg, &w) != 0) {
      fprintf(stderr, "archc-bench: cannot render %s\n", svg);
      exit(2);
    }
    archc_free(c);
    double total = now() - t0;
    if (!x->svg_runs || total < x->svg_total) {
      x->svg_total = total;
      x->svg_graphviz = gv_seconds[GV_GRAPH] + gv_seconds[GV_LAYOUT];
      x->svg_api = gv_seconds[GV_GRAPH];
    }
    x->svg_runs++;
  }
}

static void usage(void) {
  fputs("usage: archc-bench [--sizes 100,1000,10000] [--out DIR] [--runs R] [--svg-max N] "
        "[--svg-runs R]\n"
        "                   [--shape tiers|fanout|chain|stores|clients|mesh] [--flows F]\n", stderr);
  exit(2);
}

int main(int argc, char **argv) {
  const char *sizes = "100,1000,10000", *dir = "bench-out";
  int runs = 5, svg_max = 1000, svg_runs = -1;
  for (int i = 1; i < argc; i++) {
    if (i + 1 >= argc) usage();
    if (strcmp(argv[i], "--sizes") == 0) sizes = argv[++i];
    else if (strcmp(argv[i], "--out") == 0) dir = argv[++i];
    else if (strcmp(argv[i], "--runs") == 0) runs = atoi(argv[++i]);
    else if (strcmp(argv[i], "--svg-max") == 0) svg_max = atoi(argv[++i]);
    else if (strcmp(argv[i], "--svg-runs") == 0) svg_runs = atoi(argv[++i]);
    else if (strcmp(argv[i], "--shape") == 0) shape = argv[++i];
    else if (strcmp(argv[i], "--flows") == 0) n_flows = atoi(argv[++i]);
    else usage();
  }
  if (n_flows < 0 || (n_flows && strcmp(shape, "tiers") != 0)) usage();
  bool known = false;
  for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) known |= strcmp(shapes[i].name, shape) == 0;
  if (!known) usage();
  if (runs < 1) runs = 1;
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    perror(dir);
    return 2;
  }
  sink = fopen("/dev/null", "w");
  if (!sink) return 2;

  struct figures fig[64];
  int n_fig = 0;
  char *list = strdup(sizes), *save = NULL;
  /* strtok_r: Graphviz calls strtok itself. */
  for (char *tok = strtok_r(list, ",", &save); tok && n_fig < 64; tok = strtok_r(NULL, ",", &save)) {
    int n = atoi(tok);
    if (n < TIER) {
      fprintf(stderr, "archc-bench: size %d: the smallest design is %d components\n", n, TIER);
      return 2;
    }
    fig[n_fig++] = (struct figures){.n = n};
  }
  free(list);

  /* First every design and its cold parse, while this process has done
     nothing else: a forked child starts with its parent's resident pages. */
  char path[4096], dot[4096], svg[4096];
  struct cold base = child_parse(NULL);
  for (int i = 0; i < n_fig; i++) {
    snprintf(path, sizeof path, "%s/design-%d.arch", dir, fig[i].n);
    generate(path, fig[i].n);
    fig[i].cold = child_parse(path);
    fig[i].cold.faults -= base.faults;
  }

  printf("parse + resolve: warm, best of %d runs in one process (and its CPU time); cold,\n"
         "once in a fresh child (what an archc process pays), with its page faults and peak RSS\n"
         "(a child that does nothing peaks at %.1f MB).  Estimate, review, DOT out: best of %d.\n"
         "MB = 10^6 bytes.\n\n",
         runs, base.peak_kb * 1024 / 1e6, runs);
  printf("%7s %7s | %9s %9s %9s %7s | %8s %8s | %9s %9s %9s\n", "comps", "edges", "warm",
         "(CPU)", "cold", "faults", "arena", "peak RSS", "estimate", "review", "DOT out");
  for (int i = 0; i < n_fig; i++) {
    struct figures *x = &fig[i];
    snprintf(path, sizeof path, "%s/design-%d.arch", dir, x->n);
    snprintf(dot, sizeof dot, "%s/design-%d.dot", dir, x->n);
    front_end(path, dot, runs, x);
    printf("%7zu %7zu | %6.2f ms %6.2f ms %6.2f ms %7ld | %5.1f MB %5.1f MB | %6.2f ms %6.2f ms "
           "%6.2f ms\n", x->components, x->edges, x->parse * 1e3, x->parse_cpu * 1e3,
           x->cold.seconds * 1e3, x->cold.faults, x->arena / 1e6, x->cold.peak_kb * 1024 / 1e6,
           x->estimate * 1e3, x->review * 1e3, x->dot * 1e3);
    fflush(stdout);
  }

  printf("\nWhole SVG compile (load, resolve, estimate, review, render), up to %d components;\n"
         "Graphviz: time inside Graphviz's functions, of which graph API: building the graph\n"
         "through cgraph; archc own: the rest; share: archc own / total\n\n", svg_max);
  printf("%7s %4s | %9s %9s %9s %9s %6s\n", "comps", "runs", "SVG total", "Graphviz", "graph API",
         "archc own", "share");
  for (int i = 0; i < n_fig; i++) {
    struct figures *x = &fig[i];
    if (x->n > svg_max) {
      printf("%7zu %4s | %9s (over --svg-max)\n", x->components, "-", "skipped");
      continue;
    }
    snprintf(path, sizeof path, "%s/design-%d.arch", dir, x->n);
    snprintf(svg, sizeof svg, "%s/design-%d.svg", dir, x->n);
    svg_compile(path, svg, svg_runs > 0 ? svg_runs : x->n < 1000 ? runs : 1, x);
    double own = x->svg_total - x->svg_graphviz;
    printf("%7zu %4d | %7.3f s %7.3f s %6.1f ms %6.1f ms %5.2f%%\n", x->components, x->svg_runs,
           x->svg_total, x->svg_graphviz, x->svg_api * 1e3, own * 1e3, 100 * own / x->svg_total);
    fflush(stdout);
  }

  snprintf(path, sizeof path, "%s/results.tsv", dir);
  FILE *t = fopen(path, "w");
  if (!t) {
    perror(path);
    return 2;
  }
  fputs("size\tcomponents\tedges\tparse_resolve_s\tarena_bytes\tpeak_rss_kb\tbase_rss_kb\t"
        "estimate_s\treview_s\tdot_out_s\tsvg_runs\tsvg_total_s\tsvg_graphviz_s\tsvg_graph_api_s\t"
        "svg_archc_s\tparse_resolve_cpu_s\tparse_resolve_cold_s\tcold_minor_faults\n", t);
  for (int i = 0; i < n_fig; i++) {
    struct figures *x = &fig[i];
    fprintf(t, "%d\t%zu\t%zu\t%.6f\t%zu\t%ld\t%ld\t%.6f\t%.6f\t%.6f\t%d\t%.6f\t%.6f\t%.6f\t%.6f\t"
               "%.6f\t%.6f\t%ld\n", x->n, x->components, x->edges, x->parse, x->arena,
            x->cold.peak_kb, base.peak_kb,
            x->estimate, x->review, x->dot, x->svg_runs, x->svg_total, x->svg_graphviz,
            x->svg_api, x->svg_total - x->svg_graphviz, x->parse_cpu, x->cold.seconds,
            x->cold.faults);
  }
  fclose(t);
  fclose(sink);
  return 0;
}
