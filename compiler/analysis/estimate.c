/*
 * estimate.c - the back-of-envelope capacity model.
 *
 * Traffic enters at the clients, as average rates from the workload, and
 * flows along the edges in topological order; each component forwards what
 * it receives according to its role (docs/capacity.md, "Traffic through the
 * design").  Every quantity is linear in the entry rates, so peak figures
 * are the same propagation with peak entry rates, except that a queue hands
 * its consumers the average.  From the rates at each component come its
 * utilization (against the busiest replica for stores), its headroom, and
 * its response time as an M/M/c station (Erlang C).  A closed workload
 * (concurrent users with a think time) is solved by the asymptotic bounds of
 * the interactive response-time law, from a first pass at one request per
 * second that measures each component's demand.
 *
 * Edges that close a cycle are found by a depth-first search and left out
 * of the propagation; a cycle of synchronous calls is an error.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "adjacency.h"
#include "estimate.h"
#include "quantity.h"
#include "units.h"

#define DAY 86400.0
#define HOT_FRACTION 0.2   /* of a day's reads: the 80/20 rule for cache sizing */

/* ---- formulas ---- */

double est_erlang_c(double c, double a) {
  /* Erlang B by its recursion B(j) = a B(j-1) / (j + a B(j-1)), B(0) = 1,
     which stays in [0, 1] for any c; then C = B / (1 - rho + rho B).
     Once B is negligible it can only shrink further, so stop there. */
  double rho = a / c;
  if (rho >= 1) return 1;
  double b = 1;
  long n = (long)c;
  for (long j = 1; j <= n; j++) {
    b = a * b / ((double)j + a * b);
    if (b < 1e-30 && (double)j > a) return 0;
  }
  return b / (1 - rho + rho * b);
}

double est_mmc_response(double lambda, double capacity, double service, double *servers) {
  /* Past ten million servers the queue is an idealisation anyway; the cap
     keeps the recursion's cost bounded whatever the design says. */
  double c = floor(capacity * service + 0.5);
  if (c < 1) c = 1;
  if (c > 1e7) c = 1e7;
  if (servers) *servers = c;
  if (lambda <= 0) return service;
  if (lambda >= capacity) return -1;
  double mu = capacity / c;          /* per server, so c servers give exactly `capacity` */
  double wait = est_erlang_c(c, lambda / mu) / (capacity - lambda);
  return service + wait;
}

/* ---- the graph ---- */

/* One run of the estimate: its inputs, and where it allocates and reports. */
struct run {
  archc *compilation;
  struct arena *arena;
  const struct arch_model *model;
  const struct what_if *what_if;
};

struct graph {
  size_t n;
  size_t *first;     /* outgoing edges of v: out[first[v] .. first[v + 1]) */
  int *out;          /* edge indices */
  bool *back;        /* per edge: closes a cycle (or leads to a failed component), left out */
  int *order;        /* components in topological order */
  double *weight_reads, *weight_writes;  /* per component: weights of its edges in use */
};

static void report_cycle(struct run *c, const int *stack_edge, size_t from, size_t top, int closing) {
  const struct arch_model *m = c->model;
  char *path = arena_strdup(c->arena, m->components[m->edges[closing].to].path);
  for (size_t i = from; i <= top; i++) {
    int e = i == top ? closing : stack_edge[i + 1];
    path = arena_printf(c->arena, "%s -> %s", path, m->components[m->edges[e].to].path);
  }
  diag_at(c->compilation, DIAG_ERROR, m->edges[closing].loc, "synchronous call cycle: %s", path);
  diag_help(c->compilation, "requests would go round forever; make one of these calls [async] or go "
               "through a queue");
}

/* Depth-first search from every component (in source order, so the result
   is deterministic): marks back edges and yields a topological order. */
static bool build_graph(struct run *c, struct graph *g) {
  const struct arch_model *m = c->model;
  size_t n = m->n_components;
  g->n = n;
  struct adjacency adj;
  adjacency_build(c->arena, m, true, &adj);
  g->first = adj.out_first;
  g->out = adj.out;
  g->back = arena_alloc(c->arena, (m->n_edges + 1) * sizeof *g->back);
  g->order = arena_alloc(c->arena, (n + 1) * sizeof *g->order);
  /* A failed component takes its edges with it: balancers split over the rest. */
  for (size_t i = 0; c->what_if->failed && i < m->n_edges; i++)
    if (c->what_if->failed[m->edges[i].from] || c->what_if->failed[m->edges[i].to]) g->back[i] = true;

  unsigned char *color = arena_alloc(c->arena, n + 1);  /* 0 new, 1 on the stack, 2 done */
  int *stack = arena_alloc(c->arena, (n + 1) * sizeof *stack);
  int *stack_edge = arena_alloc(c->arena, (n + 1) * sizeof *stack_edge);
  size_t *next = arena_alloc(c->arena, (n + 1) * sizeof *next);
  size_t *pos = arena_alloc(c->arena, (n + 1) * sizeof *pos);  /* stack index of a grey node */
  size_t done = n;
  bool ok = true;
  for (size_t root = 0; root < n; root++) {
    if (color[root]) continue;
    size_t top = 0;
    stack[0] = (int)root;
    stack_edge[0] = -1;
    next[root] = g->first[root];
    color[root] = 1;
    pos[root] = 0;
    for (;;) {
      int v = stack[top];
      if (next[v] < g->first[v + 1]) {
        int e = g->out[next[v]++];
        int w = m->edges[e].to;
        if (color[w] == 0) {
          color[w] = 1;
          next[w] = g->first[w];
          stack[++top] = w;
          stack_edge[top] = e;
          pos[w] = top;
        } else if (color[w] == 1) {
          g->back[e] = true;
          bool sync = !arch_edge_async(m, &m->edges[e]);
          for (size_t i = pos[w] + 1; i <= top && sync; i++)
            sync = !arch_edge_async(m, &m->edges[stack_edge[i]]);
          if (sync && !c->what_if->quiet_cycles) {
            report_cycle(c, stack_edge, pos[w], top, e);
            ok = false;
          }
        }
        continue;
      }
      color[v] = 2;
      g->order[--done] = v;
      if (top == 0) break;
      top--;
    }
  }
  /* What a balancer splits by: the weights of the edges it can use. */
  g->weight_reads = arena_alloc(c->arena, (n + 1) * sizeof *g->weight_reads);
  g->weight_writes = arena_alloc(c->arena, (n + 1) * sizeof *g->weight_writes);
  for (size_t i = 0; i < m->n_edges; i++) {
    if (g->back[i]) continue;
    if (m->edges[i].reads) g->weight_reads[m->edges[i].from] += m->edges[i].weight;
    if (m->edges[i].writes) g->weight_writes[m->edges[i].from] += m->edges[i].weight;
  }
  return ok;
}

/* ---- propagation ---- */

struct flow {
  double r, w;
};

static double number(const struct arch_component *comp, const char *name, double fallback) {
  return arch_component_number(comp, name, fallback);
}

static enum arch_role role_of(const struct arch_component *comp) { return arch_role_of(comp); }

static bool splits(enum arch_role r) { return arch_role_has(r, TRAIT_SPLITS); }

static bool answers_reads(enum arch_role r) { return arch_role_has(r, TRAIT_ANSWERS_READS); }

/* Share of class traffic that `v` sends along edge `e` (before fraction and calls). */
static double edge_share(const struct arch_model *m, const struct graph *g, int v, int e,
                         bool reads) {
  const struct arch_edge *edge = &m->edges[e];
  if (reads ? !edge->reads : !edge->writes) return 0;
  const struct arch_component *comp = &m->components[v];
  double share = 1;
  if (reads && answers_reads(role_of(comp))) share = 1 - number(comp, "hit_ratio", 0);
  if (splits(role_of(comp))) {
    double total = reads ? g->weight_reads[v] : g->weight_writes[v];
    share = total > 0 ? edge->weight / total : 0;
  }
  return share * edge->fraction * edge->calls;
}

/* Push `entry` (arrivals per component) through the graph, in topological
   order: each component's average and peak rates, and each edge's. */
static void propagate(const struct arch_model *m, const struct graph *g, const struct flow *entry,
                      double peak_factor, struct estimate *E) {
  size_t n = m->n_components;
  for (size_t v = 0; v < n; v++) {
    struct est_component *x = &E->components[v];
    x->reads = entry[v].r;
    x->writes = entry[v].w;
    x->peak_reads = entry[v].r * peak_factor;
    x->peak_writes = entry[v].w * peak_factor;
    x->decoupled = false;
  }
  memset(E->edges, 0, m->n_edges * sizeof *E->edges);
  for (size_t k = 0; k < n; k++) {
    int v = g->order[k];
    struct est_component *x = &E->components[v];
    bool queue = arch_component_has(&m->components[v], TRAIT_DECOUPLES);
    for (size_t i = g->first[v]; i < g->first[v + 1]; i++) {
      int e = g->out[i];
      if (g->back[e]) continue;
      double sr = edge_share(m, g, v, e, true), sw = edge_share(m, g, v, e, false);
      struct est_edge *f = &E->edges[e];
      f->reads = x->reads * sr;
      f->writes = x->writes * sw;
      /* A queue smooths the peak: its consumers see the average. */
      f->peak_reads = (queue ? x->reads : x->peak_reads) * sr;
      f->peak_writes = (queue ? x->writes : x->peak_writes) * sw;
      struct est_component *y = &E->components[m->edges[e].to];
      y->reads += f->reads;
      y->writes += f->writes;
      y->peak_reads += f->peak_reads;
      y->peak_writes += f->peak_writes;
      if (queue || x->decoupled) y->decoupled = true;
    }
  }
}

/* ---- per component ---- */

static bool is_store(enum arch_role r) { return arch_role_has(r, TRAIT_STORES); }

/* Load on the busiest replica and the capacity it is measured against.
   A store's shards divide the load (the hottest gets `skew` times its
   share); every replica of a shard applies every write; reads spread over
   the replicas.  Anything else is one pool of replicas x per-replica. */
void est_hot_spot(const struct arch_component *comp, double reads, double writes,
                  double *load, double *capacity) {
  double per = number(comp, "capacity", 0);
  double replicas = number(comp, "replicas", 1), shards = number(comp, "shards", 1);
  enum arch_role r = role_of(comp);
  if (is_store(r)) {
    double skew = number(comp, "skew", 1);
    *load = skew * (reads / shards / replicas + writes / shards);
    *capacity = per;
  } else if (r == ROLE_QUEUE) {
    *load = reads + writes;
    *capacity = per * number(comp, "partitions", 1);
  } else {
    *load = reads + writes;
    *capacity = per * replicas * shards;
  }
}

static void measure(const struct arch_model *m, struct estimate *E, const double *left) {
  for (size_t v = 0; v < m->n_components; v++) {
    const struct arch_component *comp = &m->components[v];
    struct est_component *x = &E->components[v];
    double replicas = number(comp, "replicas", 1), shards = number(comp, "shards", 1);
    enum arch_role role = role_of(comp);
    x->per_replica = number(comp, "capacity", 0) * (left ? left[v] : 1);
    x->capacity = role == ROLE_QUEUE ? x->per_replica * number(comp, "partitions", 1)
                                     : x->per_replica * replicas * shards;
    x->latency = number(comp, "latency", 0);
    double load_avg, load_peak, cap;
    est_hot_spot(comp, x->reads, x->writes, &load_avg, &cap);
    est_hot_spot(comp, x->peak_reads, x->peak_writes, &load_peak, &cap);
    if (left) cap *= left[v];
    x->hot_load = load_peak;
    x->hot_capacity = cap;
    x->util = cap > 0 ? load_avg / cap : 0;
    x->util_peak = cap > 0 ? load_peak / cap : 0;
    x->headroom = cap > 0 && load_peak > 0 ? cap / load_peak : 0;
    x->resp = cap > 0 ? est_mmc_response(load_avg, cap, x->latency, &x->servers) : x->latency;
    x->resp_peak = cap > 0 ? est_mmc_response(load_peak, cap, x->latency, NULL) : x->latency;
    x->overflow_peak = cap > 0 && load_peak >= cap ? load_peak - cap : 0;
    /* What one request moves: the workload's item, unless the component
       says its own (a metadata cache in front of video segments). */
    x->item_size = number(comp, "item_size", E->item_size);
    if (is_store(role)) {
      x->replication = replicas;
      x->bytes_per_day = x->writes * x->item_size * DAY;
      x->storage_total = x->bytes_per_day * (E->retention / DAY) * replicas;
    }
    if (answers_reads(role) && role == ROLE_CACHE) {
      /* The hot set: a fifth of a day's reads, or fewer when the design
         says how many distinct keys there are. */
      double items = HOT_FRACTION * x->reads * DAY;
      double keys = number(comp, "keys", 0);
      if (keys > 0 && keys < items) items = keys;
      x->hot_set = items * x->item_size;
      x->memory = number(comp, "memory", 0) * shards;
    }
  }
}

/* A queue's consumers run at their own capacity: at peak the backlog grows
   by what they cannot take, and drains at what they have spare over the
   average.  The worst consumer decides. */
static void queue_backlogs(const struct arch_model *m, const struct graph *g, struct estimate *E) {
  for (size_t v = 0; v < m->n_components; v++) {
    if (!arch_component_has(&m->components[v], TRAIT_DECOUPLES)) continue;
    struct est_component *q = &E->components[v];
    double in_avg = q->reads + q->writes, in_peak = q->peak_reads + q->peak_writes;
    for (size_t i = g->first[v]; i < g->first[v + 1]; i++) {
      int e = g->out[i];
      if (g->back[e] || in_avg <= 0) continue;
      const struct est_edge *f = &E->edges[e];
      double out_avg = f->reads + f->writes;
      double ratio = out_avg / in_avg;
      double cap = E->components[m->edges[e].to].capacity;
      double want = in_peak * ratio;
      if (cap <= 0 || want <= cap) continue;
      double backlog = (want - cap) * 3600;
      if (backlog > q->backlog_per_hour) {
        q->backlog_per_hour = backlog;
        q->drain_seconds = cap > out_avg ? backlog / (cap - out_avg) : -1;
      }
    }
  }
}

/* Mean time a request of one class spends from `v` on, through synchronous
   calls; an asynchronous call costs only the enqueue.  INFINITY when a
   component on the way is saturated. */
static void path_latency(const struct arch_model *m, const struct graph *g, struct estimate *E,
                         bool reads, bool peak, double *t) {
  for (size_t k = m->n_components; k-- > 0;) {
    int v = g->order[k];
    const struct est_component *x = &E->components[v];
    double own = peak ? x->resp_peak : x->resp;
    double total = own < 0 ? INFINITY : own;
    for (size_t i = g->first[v]; i < g->first[v + 1]; i++) {
      int e = g->out[i];
      if (g->back[e]) continue;
      double share = edge_share(m, g, v, e, reads);
      if (share <= 0) continue;
      int w = m->edges[e].to;
      double below;
      if (arch_edge_async(m, &m->edges[e])) {
        double r = peak ? E->components[w].resp_peak : E->components[w].resp;
        below = r < 0 ? INFINITY : r;
        if (arch_component_has(&m->components[v], TRAIT_DECOUPLES)) below = 0;
      } else {
        below = t[w];
      }
      total += share * below;
    }
    t[v] = total;
  }
}

/* ---- entry ---- */

static double workload_number(const struct arch_model *m, const char *name, double fallback) {
  const struct arch_value *v = arch_workload(m, name);
  return v && v->type == VAL_NUMBER ? v->num : fallback;
}

/* Where traffic enters, with each entry's share of the workload. */
static void find_clients(struct run *c, struct estimate *E) {
  const struct arch_model *m = c->model;
  size_t n = 0;
  for (size_t v = 0; v < m->n_components; v++)
    if (arch_component_has(&m->components[v], TRAIT_ORIGINATES)) n++;
  E->clients = arena_alloc(c->arena, (n + 1) * sizeof *E->clients);
  double given = 0;
  size_t unshared = 0;
  for (size_t v = 0; v < m->n_components; v++) {
    const struct arch_component *comp = &m->components[v];
    if (!arch_component_has(comp, TRAIT_ORIGINATES)) continue;
    struct est_client *cl = &E->clients[E->n_clients++];
    cl->component = (int)v;
    cl->share = number(comp, "share", -1);
    if (cl->share >= 0) given += cl->share;
    else if (!arch_component_attr(comp, "rps")) unshared++;
  }
  for (size_t i = 0; i < E->n_clients; i++) {
    struct est_client *cl = &E->clients[i];
    if (cl->share < 0)
      cl->share = arch_component_attr(&m->components[cl->component], "rps") ? 0
                  : unshared ? (given < 1 ? (1 - given) / (double)unshared : 0) : 0;
  }
  if (given > 1.000001) {
    for (size_t i = 0; i < E->n_clients; i++) {
      const struct arch_value *v = arch_component_attr(&m->components[E->clients[i].component], "share");
      if (v) {
        char sum[32];
        diag_at(c->compilation, DIAG_WARNING, m->components[E->clients[i].component].loc,
                "the clients' shares add up to %s, more than 100%%",
                quantity_human_percent(given, sum, sizeof sum));
        break;
      }
    }
  }
}

static void entry_rates(const struct arch_model *m, const struct estimate *E, double total_r,
                        double total_w, struct flow *entry) {
  double read_fraction = total_r + total_w > 0 ? total_r / (total_r + total_w) : 1;
  for (size_t i = 0; i < E->n_clients; i++) {
    const struct est_client *cl = &E->clients[i];
    const struct arch_component *comp = &m->components[cl->component];
    double own = number(comp, "rps", -1);
    if (own >= 0) {
      own *= E->scale;
      entry[cl->component].r = own * read_fraction;
      entry[cl->component].w = own * (1 - read_fraction);
    } else {
      entry[cl->component].r = total_r * cl->share;
      entry[cl->component].w = total_w * cl->share;
    }
  }
}

static void client_latencies(const struct arch_model *m, const struct graph *g, struct estimate *E,
                             struct run *c) {
  double *t = arena_alloc(c->arena, (m->n_components + 1) * sizeof *t);
  for (int pass = 0; pass < 4; pass++) {
    bool reads = pass % 2 == 0, peak = pass >= 2;
    path_latency(m, g, E, reads, peak, t);
    for (size_t i = 0; i < E->n_clients; i++) {
      struct est_client *cl = &E->clients[i];
      double v = t[cl->component];
      if (reads && !peak) cl->read_latency = v;
      else if (!reads && !peak) cl->write_latency = v;
      else if (reads) cl->read_latency_peak = v;
      else cl->write_latency_peak = v;
    }
  }
}

struct ranked {
  double headroom;
  int index;
};

/* Lowest headroom first; ties in source order, so the order is the same on
   every run whatever qsort does with equal keys. */
static int compare_ranked(const void *a, const void *b) {
  const struct ranked *x = a, *y = b;
  if (x->headroom != y->headroom) return x->headroom < y->headroom ? -1 : 1;
  return x->index - y->index;
}

static void rank(struct run *c, struct estimate *E, size_t n) {
  struct ranked *r = arena_alloc(c->arena, (n + 1) * sizeof *r);
  for (size_t v = 0; v < n; v++)
    if (E->components[v].headroom > 0) r[E->n_ranked++] = (struct ranked){E->components[v].headroom, (int)v};
  qsort(r, E->n_ranked, sizeof *r, compare_ranked);
  for (size_t i = 0; i < E->n_ranked; i++) E->by_headroom[i] = r[i].index;
}

struct estimate *estimate_run(archc *compilation, const struct arch_model *m,
                             const struct what_if *w) {
  static const struct what_if as_designed = {0};
  struct run run = {compilation, &compilation->arena, m, w ? w : &as_designed}, *c = &run;
  int errors = compilation->n_errors;
  struct estimate *E = arena_alloc(c->arena, sizeof *E);
  size_t n = m->n_components;
  E->components = arena_alloc(c->arena, (n + 1) * sizeof *E->components);
  E->edges = arena_alloc(c->arena, (m->n_edges + 1) * sizeof *E->edges);
  E->scale = c->what_if->scale > 0 ? c->what_if->scale : 1;
  E->month_seconds = m->month_seconds;
  E->bottleneck = -1;
  E->has_workload = m->n_workload > 0;

  struct graph g = {0};
  if (!build_graph(c, &g)) return NULL;
  find_clients(c, E);

  double reads = workload_number(m, "reads", -1), writes = workload_number(m, "writes", -1);
  double rps = workload_number(m, "rps", -1), ratio = workload_number(m, "read_write_ratio", -1);
  /* Without reads and writes, a total rate splits by read_write_ratio
     (reads per write); without that either, everything is a read. */
  double ratio_rf = ratio >= 0 ? ratio / (ratio + 1) : 1;
  if (reads < 0 && writes < 0 && rps >= 0) {
    reads = rps * ratio_rf;
    writes = rps * (1 - ratio_rf);
  }
  E->reads = (reads > 0 ? reads : 0) * E->scale;
  E->writes = (writes > 0 ? writes : 0) * E->scale;
  E->peak_factor = workload_number(m, "peak_factor", 1);
  E->item_size = workload_number(m, "item_size", 0);
  E->retention = workload_number(m, "retention", 5 * 12 * m->month_seconds);
  E->users = workload_number(m, "concurrent_users", -1) * (E->scale);
  E->think_time = workload_number(m, "think_time", 0);
  E->closed = E->users > 0;

  struct flow *entry = arena_alloc(c->arena, (n + 1) * sizeof *entry);
  if (E->closed) {
    /* Demand per request: one pass at one request per second in all. */
    E->peak_factor = 1;
    double rf = E->reads + E->writes > 0 ? E->reads / (E->reads + E->writes) : ratio_rf;
    entry_rates(m, E, rf, 1 - rf, entry);
    propagate(m, &g, entry, 1, E);
    measure(m, E, c->what_if->capacity_left);
    double worst = 0;
    for (size_t v = 0; v < n; v++) {
      double u = E->components[v].util;
      if (u > worst) worst = u, E->bottleneck = (int)v;
    }
    E->max_throughput = worst > 0 ? 1 / worst : INFINITY;
    double *t = arena_alloc(c->arena, (n + 1) * sizeof *t);
    for (size_t v = 0; v < n; v++) E->components[v].resp = E->components[v].latency;
    double r0 = 0;
    for (int cls = 0; cls < 2; cls++) {
      path_latency(m, &g, E, cls == 0, false, t);
      for (size_t i = 0; i < E->n_clients; i++)
        r0 += t[E->clients[i].component] * E->clients[i].share * (cls == 0 ? rf : 1 - rf);
    }
    E->unloaded_response = r0;
    double x = E->users / (r0 + E->think_time);
    E->throughput = x < E->max_throughput ? x : E->max_throughput;
    double r = E->users / E->max_throughput - E->think_time;
    E->response = r > r0 ? r : r0;
    E->reads = E->throughput * rf;
    E->writes = E->throughput * (1 - rf);
    memset(entry, 0, (n + 1) * sizeof *entry);
  }
  entry_rates(m, E, E->reads, E->writes, entry);
  for (size_t v = 0; c->what_if->failed && v < n; v++)
    if (c->what_if->failed[v]) entry[v] = (struct flow){0, 0};
  propagate(m, &g, entry, E->peak_factor, E);
  measure(m, E, c->what_if->capacity_left);
  queue_backlogs(m, &g, E);
  client_latencies(m, &g, E, c);

  E->bytes_in_per_s = E->writes * E->item_size;
  E->bytes_out_per_s = E->reads * E->item_size;
  E->bytes_per_year = E->writes * E->item_size * 12 * m->month_seconds;

  E->by_headroom = arena_alloc(c->arena, (n + 1) * sizeof *E->by_headroom);
  rank(c, E, n);
  return compilation->n_errors > errors ? NULL : E;
}
