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
  bool *used;        /* per edge: on some flow's path */
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
    if (arch_edge_carries(&m->edges[i], true)) g->weight_reads[m->edges[i].from] += m->edges[i].weight;
    if (arch_edge_carries(&m->edges[i], false)) g->weight_writes[m->edges[i].from] += m->edges[i].weight;
  }
  return ok;
}

/* ---- propagation, flow by flow ---- */

static double number(const struct arch_component *comp, const char *name, double fallback) {
  return arch_component_number(comp, name, fallback);
}

static enum arch_role role_of(const struct arch_component *comp) { return arch_role_of(comp); }

static bool splits(enum arch_role r) { return arch_role_has(r, TRAIT_SPLITS); }

static bool answers_reads(enum arch_role r) { return arch_role_has(r, TRAIT_ANSWERS_READS); }

static bool decouples(const struct arch_model *m, int v) {
  return arch_component_has(&m->components[v], TRAIT_DECOUPLES);
}

/* Share of class traffic that `v` sends along edge `e` (before fraction
   and calls): the clients' latencies of a design without flows. */
static double edge_share(const struct arch_model *m, const struct graph *g, int v, int e,
                         bool reads) {
  const struct arch_edge *edge = &m->edges[e];
  /* A class written twice on one pair is counted once (arch_mark_repeats). */
  if (!arch_edge_carries(edge, reads)) return 0;
  const struct arch_component *comp = &m->components[v];
  double share = 1;
  if (reads && answers_reads(role_of(comp))) share = 1 - number(comp, "hit_ratio", 0);
  if (splits(role_of(comp))) {
    double total = reads ? g->weight_reads[v] : g->weight_writes[v];
    share = total > 0 ? edge->weight / total : 0;
  }
  return share * edge->fraction * edge->calls;
}

/* One flow at a time over scratch arrays indexed by component, cleared
   only where the flow went: twenty flows over ten thousand components
   cost their paths, not twenty passes over the design. */
struct flow_pass {
  int *pos;                  /* each component's place in the topological order */
  double *avg, *peak;        /* the flow's arrivals */
  double *wsum;              /* weights of the flow's usable steps out of a component */
  int *n_out;                /* how many usable steps of the flow leave it */
  bool *fractions;           /* one of them has a fraction other than 1 */
  double *acc, *all, *none;  /* below a component: latency; availability in series, in parallel */
  bool *any;                 /* it has a synchronous call in the flow */
  bool *sync;                /* the flow's clients wait for it */
  int *touched;              /* components the flow reached, each once */
  bool *seen;
  size_t n_touched;
  struct step_key { int pos, step; } *steps;  /* the flow's usable steps, ordered */
  size_t cap_steps;
  size_t *count;             /* the counting sort's, by position; zero between flows */
  double *own;               /* each component's own availability (NAN: not computed yet) */
};

static void touch(struct flow_pass *p, int v) {
  if (p->seen[v]) return;
  p->seen[v] = true;
  p->touched[p->n_touched++] = v;
}

static void flow_pass_clear(struct flow_pass *p) {
  for (size_t i = 0; i < p->n_touched; i++) {
    int v = p->touched[i];
    p->avg[v] = p->peak[v] = p->wsum[v] = p->acc[v] = 0;
    p->all[v] = p->none[v] = 1;
    p->n_out[v] = 0;
    p->fractions[v] = p->any[v] = p->seen[v] = p->sync[v] = false;
  }
  p->n_touched = 0;
}

static struct flow_pass *flow_pass_new(struct run *c, const struct graph *g) {
  size_t n = c->model->n_components + 1;
  struct flow_pass *p = arena_alloc(c->arena, sizeof *p);
  p->pos = arena_alloc(c->arena, n * sizeof *p->pos);
  for (size_t k = 0; k + 1 < n; k++) p->pos[g->order[k]] = (int)k;
  p->avg = arena_alloc(c->arena, n * sizeof *p->avg);
  p->peak = arena_alloc(c->arena, n * sizeof *p->peak);
  p->wsum = arena_alloc(c->arena, n * sizeof *p->wsum);
  p->n_out = arena_alloc(c->arena, n * sizeof *p->n_out);
  p->fractions = arena_alloc(c->arena, n * sizeof *p->fractions);
  p->acc = arena_alloc(c->arena, n * sizeof *p->acc);
  p->all = arena_alloc(c->arena, n * sizeof *p->all);
  p->none = arena_alloc(c->arena, n * sizeof *p->none);
  for (size_t v = 0; v < n; v++) p->all[v] = p->none[v] = 1;
  p->any = arena_alloc(c->arena, n * sizeof *p->any);
  p->sync = arena_alloc(c->arena, n * sizeof *p->sync);
  p->touched = arena_alloc(c->arena, n * sizeof *p->touched);
  p->seen = arena_alloc(c->arena, n * sizeof *p->seen);
  p->count = arena_alloc(c->arena, (n + 1) * sizeof *p->count);
  p->own = arena_alloc(c->arena, n * sizeof *p->own);
  for (size_t v = 0; v < n; v++) p->own[v] = NAN;
  return p;
}

/* The flow's usable steps (not failed, not closing a cycle) into p->steps,
   callers in topological order and one caller's steps in the flow's order
   (the order the sums were always taken in, so a design without flows adds
   its numbers exactly as before); their number.  A counting sort by the
   caller's position, stable and linear.  Also what each caller splits the
   flow by. */
static size_t order_steps(struct run *c, const struct graph *g, const struct arch_flow *fl,
                          struct flow_pass *p) {
  const struct arch_model *m = c->model;
  if (fl->n_steps > p->cap_steps) {
    p->steps = arena_alloc(c->arena, fl->n_steps * sizeof *p->steps);
    p->cap_steps = fl->n_steps;
  }
  size_t n = 0;
  for (size_t k = 0; k < fl->n_steps; k++) {
    const struct arch_flow_step *st = &fl->steps[k];
    if (g->back[st->edge]) continue;
    int v = m->edges[st->edge].from;
    touch(p, v);
    touch(p, m->edges[st->edge].to);
    p->count[p->pos[v] + 1]++;
    p->wsum[v] += m->edges[st->edge].weight;
    p->n_out[v]++;
    p->fractions[v] |= st->fraction != 1;
    n++;
  }
  size_t positions = m->n_components;
  for (size_t i = 0; i < positions; i++) p->count[i + 1] += p->count[i];
  for (size_t k = 0; k < fl->n_steps; k++) {
    const struct arch_flow_step *st = &fl->steps[k];
    if (g->back[st->edge]) continue;
    int at = p->pos[m->edges[st->edge].from];
    p->steps[p->count[at]++] = (struct step_key){at, (int)k};
  }
  memset(p->count, 0, (positions + 1) * sizeof *p->count);
  return n;
}

/* The share of the flow at its caller that step `st` carries, fraction
   and calls included.  A balancer or DNS splits the flow among the flow's
   targets by weight; a gateway routes it, whole along its one step, or by
   the steps' fractions; with several steps and no fractions it can only
   split evenly, and says so (split_guess).  A cache answers its hits. */
static double step_share(const struct arch_model *m, struct flow_pass *p, size_t flow,
                         const struct arch_flow *fl, const struct arch_flow_step *st,
                         struct estimate *E) {
  const struct arch_edge *edge = &m->edges[st->edge];
  int v = edge->from;
  const struct arch_component *comp = &m->components[v];
  enum arch_role r = role_of(comp);
  double share = 1;
  if (!fl->writes && answers_reads(r)) share = 1 - number(comp, "hit_ratio", 0);
  if (splits(r)) {
    bool routes = !arch_role_has(r, TRAIT_ALTERNATIVES) && (p->n_out[v] == 1 || p->fractions[v]);
    share = routes ? 1 : p->wsum[v] > 0 ? edge->weight / p->wsum[v] : 0;
    if (!routes && !arch_role_has(r, TRAIT_ALTERNATIVES) && !E->components[v].split_guess)
      E->components[v].split_guess = (int)flow + 1;
  }
  return share * st->fraction * st->calls;
}

/* What flow `fl` brings into its k-th client, on average.  The implicit
   flows enter as the workload always did: each client's share of the
   class's total, or its own rps split in the workload's proportion. */
static double entry_rate(const struct run *c, const struct estimate *E, const struct arch_flow *fl,
                         size_t k, double total_r, double total_w, double mult) {
  const struct arch_model *m = c->model;
  int v = fl->from[k];
  if (c->what_if->failed && c->what_if->failed[v]) return 0;
  if (!fl->implicit) return fl->rate * mult / (double)fl->n_from;
  const struct est_client *cl = &E->clients[k];
  double own = number(&m->components[v], "rps", -1);
  if (own >= 0) {
    double read_fraction = total_r + total_w > 0 ? total_r / (total_r + total_w) : 1;
    own *= E->scale;
    return fl->writes ? own * (1 - read_fraction) : own * read_fraction;
  }
  return (fl->writes ? total_w : total_r) * cl->share;
}

/* Push every flow through the graph: each component's and each edge's
   average and peak rates, the sums over the flows of each class, and
   what the write flows keep at each store.  `total_r`, `total_w`: what the
   implicit flows bring; `mult`: what the declared flows' rates are
   multiplied by. */
static void propagate(struct run *c, const struct graph *g, struct flow_pass *p, double total_r,
                      double total_w, double mult, double peak_factor, struct estimate *E) {
  const struct arch_model *m = c->model;
  size_t n = m->n_components;
  for (size_t v = 0; v < n; v++) {
    struct est_component *x = &E->components[v];
    x->reads = x->writes = x->peak_reads = x->peak_writes = x->stored_per_s = 0;
    x->decoupled = false;
    x->split_guess = 0;
  }
  memset(E->edges, 0, m->n_edges * sizeof *E->edges);
  for (size_t f = 0; f < m->n_flows; f++) {
    const struct arch_flow *fl = &m->flows[f];
    struct est_flow *ef = &E->flows[f];
    if (!ef->step_rate) {
      ef->step_rate = arena_alloc(c->arena, (fl->n_steps + 1) * sizeof *ef->step_rate);
      ef->step_rate_peak = arena_alloc(c->arena, (fl->n_steps + 1) * sizeof *ef->step_rate_peak);
      ef->step_share = arena_alloc(c->arena, (fl->n_steps + 1) * sizeof *ef->step_share);
    }
    memset(ef->step_rate, 0, fl->n_steps * sizeof *ef->step_rate);
    memset(ef->step_rate_peak, 0, fl->n_steps * sizeof *ef->step_rate_peak);
    memset(ef->step_share, 0, fl->n_steps * sizeof *ef->step_share);
    ef->rate = 0;
    for (size_t k = 0; k < fl->n_from; k++) {
      int v = fl->from[k];
      double r = entry_rate(c, E, fl, k, total_r, total_w, mult);
      touch(p, v);
      p->avg[v] += r;
      p->peak[v] += r * peak_factor;
      ef->rate += r;
    }
    ef->rate_peak = ef->rate * peak_factor;
    size_t n_steps = order_steps(c, g, fl, p);
    for (size_t i = 0; i < n_steps; i++) {
      const struct arch_flow_step *st = &fl->steps[p->steps[i].step];
      int v = m->edges[st->edge].from, w = m->edges[st->edge].to;
      double share = step_share(m, p, f, fl, st, E);
      /* A queue smooths the peak: its consumers see the average. */
      double avg = p->avg[v] * share, peak = (decouples(m, v) ? p->avg[v] : p->peak[v]) * share;
      ef->step_share[p->steps[i].step] = share;
      ef->step_rate[p->steps[i].step] = avg;
      ef->step_rate_peak[p->steps[i].step] = peak;
      p->avg[w] += avg;
      p->peak[w] += peak;
      struct est_edge *e = &E->edges[st->edge];
      if (fl->writes) e->writes += avg, e->peak_writes += peak;
      else e->reads += avg, e->peak_reads += peak;
    }
    for (size_t i = 0; i < p->n_touched; i++) {
      int v = p->touched[i];
      struct est_component *x = &E->components[v];
      if (fl->writes) {
        x->writes += p->avg[v];
        x->peak_writes += p->peak[v];
        /* What one request keeps: the flow's `stored`, else the store's
           own item_size, else the workload's. */
        if (arch_component_has(&m->components[v], TRAIT_STORES))
          x->stored_per_s += p->avg[v] * (fl->stored >= 0 ? fl->stored
                                          : number(&m->components[v], "item_size", E->item_size));
      } else {
        x->reads += p->avg[v];
        x->peak_reads += p->peak[v];
      }
    }
    flow_pass_clear(p);
  }
  /* Behind a queue, whatever the flow: consumers see the average. */
  for (size_t k = 0; k < n; k++) {
    int v = g->order[k];
    bool queue = decouples(m, v) || E->components[v].decoupled;
    for (size_t i = g->first[v]; queue && i < g->first[v + 1]; i++)
      if (!g->back[g->out[i]] && g->used[g->out[i]]) E->components[m->edges[g->out[i]].to].decoupled = true;
  }
}


/* ---- per component ---- */

static bool is_store(enum arch_role r) { return arch_role_has(r, TRAIT_STORES); }

/* Load on the busiest replica and the capacity it is measured against.
   A store's shards divide the load (the hottest gets `skew` times its
   share); every replica of a shard applies every write; reads spread over
   the replicas; reads and writes each have their capacity
   (arch_class_capacity).  Anything else is one pool of replicas x
   per-replica. */
void est_hot_spot(const struct arch_component *comp, double reads, double writes,
                  double *load, double *capacity) {
  double per = number(comp, "capacity", 0);
  double replicas = number(comp, "replicas", 1), shards = number(comp, "shards", 1);
  enum arch_role r = role_of(comp);
  if (is_store(r)) {
    /* Reads and writes each against their own capacity: the busiest
       replica's utilization is r / read_capacity + w / write_capacity, so
       the capacity its load is measured against is what that mix takes. */
    double skew = number(comp, "skew", 1);
    double rl = skew * reads / shards / replicas, wl = skew * writes / shards;
    double rc = arch_class_capacity(comp, true), wc = arch_class_capacity(comp, false);
    double busy = (rl > 0 ? (rc > 0 ? rl / rc : INFINITY) : 0) +
                  (wl > 0 ? (wc > 0 ? wl / wc : INFINITY) : 0);
    *load = rl + wl;
    *capacity = busy > 0 ? (isinf(busy) ? 0 : *load / busy) : rc;
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
    /* A store's reads decide its figure per replica; its writes have their own. */
    x->per_replica = (is_store(role) ? arch_class_capacity(comp, true) : number(comp, "capacity", 0)) *
                     (left ? left[v] : 1);
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
      x->bytes_per_day = x->stored_per_s * DAY;
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

/* ---- per flow ---- */

static double own_availability(const struct arch_model *m, struct flow_pass *p, int v) {
  if (isnan(p->own[v])) {
    const struct arch_component *comp = &m->components[v];
    double each = number(comp, "availability", 1);
    p->own[v] = pow(1 - pow(1 - each, number(comp, "replicas", 1)), number(comp, "shards", 1));
  }
  return p->own[v];
}

/* Walk the flow's steps from the last caller back to the first: at each
   component, the time its calls add (`acc`) and the availability of what
   it needs (`all`, `none`).  A balancer's, DNS's or gateway's targets are
   alternatives: their latencies add by share and one of them up is
   enough; any other component's calls run side by side (the slowest
   counts) and all of them must be up.  An asynchronous step costs the
   enqueue; nothing past a queue counts. */
static double flow_below(const struct estimate *E, const struct flow_pass *p, int w, bool peak) {
  double r = peak ? E->components[w].resp_peak : E->components[w].resp;
  return (r < 0 ? INFINITY : r) + p->acc[w];
}

static void flow_walk(const struct arch_model *m, const struct estimate *E, struct flow_pass *p,
                      const struct arch_flow *fl, const struct est_flow *ef, size_t n_steps,
                      bool peak) {
  for (size_t i = n_steps; i-- > 0;) {
    size_t k = (size_t)p->steps[i].step;
    const struct arch_flow_step *st = &fl->steps[k];
    double share = ef->step_share[k];
    if (share <= 0) continue;
    int v = m->edges[st->edge].from, w = m->edges[st->edge].to;
    bool async = st->async || decouples(m, v) || decouples(m, w);
    double below;
    if (async) {
      double r = peak ? E->components[w].resp_peak : E->components[w].resp;
      below = decouples(m, v) ? 0 : r < 0 ? INFINITY : r;
    } else {
      below = flow_below(E, p, w, peak);
    }
    double part = share * below;
    if (splits(role_of(&m->components[v]))) p->acc[v] += part;
    else if (part > p->acc[v]) p->acc[v] = part;
    if (!async && !peak) {
      double child = own_availability(m, p, w) *
                     (!p->any[w] ? 1
                      : arch_component_has(&m->components[w], TRAIT_ALTERNATIVES) ? 1 - p->none[w]
                      : p->all[w]);
      p->all[v] *= child;
      p->none[v] *= 1 - child;
      p->any[v] = true;
    }
  }
}

/* Each flow's latency, availability, bottleneck, bandwidth and storage,
   from the rates propagate() left on its steps and the components'
   response times. */
static void flow_figures(struct run *c, const struct graph *g, struct flow_pass *p,
                         double total_r, double total_w, double mult, struct estimate *E) {
  const struct arch_model *m = c->model;
  for (size_t f = 0; f < m->n_flows; f++) {
    const struct arch_flow *fl = &m->flows[f];
    struct est_flow *ef = &E->flows[f];
    size_t n_steps = order_steps(c, g, fl, p);
    double *entry = arena_alloc(c->arena, (fl->n_from + 1) * sizeof *entry);
    for (size_t k = 0; k < fl->n_from; k++) entry[k] = entry_rate(c, E, fl, k, total_r, total_w, mult);
    /* A client that sends nothing (failed, or a zero rate) still has a
       path: its figures are counted once, unweighted, so the flow has some. */
    double weight = 0;
    for (size_t k = 0; k < fl->n_from; k++) weight += entry[k];
    for (int pass = 0; pass < 2; pass++) {
      bool peak = pass == 1;
      for (size_t i = 0; i < p->n_touched; i++) p->acc[p->touched[i]] = 0;
      flow_walk(m, E, p, fl, ef, n_steps, peak);
      double t = 0, a = 0;
      for (size_t k = 0; k < fl->n_from; k++) {
        int v = fl->from[k];
        double share = weight > 0 ? entry[k] / weight : 1.0 / (double)fl->n_from;
        if (share <= 0) continue;
        t += share * flow_below(E, p, v, peak);
        a += share * own_availability(m, p, v) * (p->any[v] ? p->all[v] : 1);
      }
      if (peak) ef->latency_peak = t;
      else ef->latency = t, ef->availability = a;
    }
    /* Arrivals per request of the flow, at what its clients wait for,
       decide which component costs it most. */
    for (size_t k = 0; k < fl->n_from; k++) p->sync[fl->from[k]] = true;
    for (size_t i = 0; i < n_steps; i++) {
      size_t k = (size_t)p->steps[i].step;
      const struct arch_flow_step *st = &fl->steps[k];
      int v = m->edges[st->edge].from, w = m->edges[st->edge].to;
      p->avg[w] += ef->step_rate[k];
      if (p->sync[v] && ef->step_share[k] > 0 && !st->async && !decouples(m, v) && !decouples(m, w))
        p->sync[w] = true;
    }
    ef->bottleneck = ef->slowest = -1;
    double worst = 0;
    for (size_t i = 0; i < p->n_touched; i++) {
      int v = p->touched[i];
      const struct est_component *x = &E->components[v];
      if (p->avg[v] <= 0) continue;
      if (x->headroom > 0 && (ef->bottleneck < 0 || x->headroom < ef->headroom))
        ef->bottleneck = v, ef->headroom = x->headroom;
      double cost = (x->resp_peak < 0 ? INFINITY : x->resp_peak) * p->avg[v] / (ef->rate > 0 ? ef->rate : 1);
      if (p->sync[v] && cost > worst) worst = cost, ef->slowest = v;
      if (fl->writes && arch_component_has(&m->components[v], TRAIT_STORES))
        ef->stored_per_day += p->avg[v] * (fl->stored >= 0 ? fl->stored : x->item_size) *
                              number(&m->components[v], "replicas", 1) * DAY;
    }
    ef->storage_total = ef->stored_per_day * (E->retention / DAY);
    ef->bytes_in = ef->rate * (fl->request >= 0 ? fl->request : fl->writes ? E->item_size : 0);
    ef->bytes_out = ef->rate * (fl->response >= 0 ? fl->response : fl->writes ? 0 : E->item_size);
    flow_pass_clear(p);
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

/* Each client's mean latency per class.  Without flows, along the edges
   of each class as ever (the time of every call a request makes adds up);
   with flows, the clients' flows' latencies, weighted by their rates. */
static void client_latencies(const struct arch_model *m, const struct graph *g, struct estimate *E,
                             struct run *c, double total_r, double total_w, double mult) {
  if (m->n_flows && m->flows[0].implicit) {
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
    return;
  }
  int *client_at = arena_alloc(c->arena, (m->n_components + 1) * sizeof *client_at);
  for (size_t i = 0; i < E->n_clients; i++) client_at[E->clients[i].component] = (int)i;
  double *weight = arena_alloc(c->arena, (2 * E->n_clients + 1) * sizeof *weight);
  for (size_t f = 0; f < m->n_flows; f++) {
    const struct arch_flow *fl = &m->flows[f];
    const struct est_flow *ef = &E->flows[f];
    for (size_t k = 0; k < fl->n_from; k++) {
      int i = client_at[fl->from[k]];
      struct est_client *cl = &E->clients[i];
      double r = entry_rate(c, E, fl, k, total_r, total_w, mult);
      if (r <= 0) continue;
      weight[2 * i + fl->writes] += r;
      if (fl->writes) cl->write_latency += r * ef->latency, cl->write_latency_peak += r * ef->latency_peak;
      else cl->read_latency += r * ef->latency, cl->read_latency_peak += r * ef->latency_peak;
    }
  }
  for (size_t i = 0; i < E->n_clients; i++) {
    struct est_client *cl = &E->clients[i];
    double wr = weight[2 * i], ww = weight[2 * i + 1];
    if (wr > 0) cl->read_latency /= wr, cl->read_latency_peak /= wr;
    if (ww > 0) cl->write_latency /= ww, cl->write_latency_peak /= ww;
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
  E->has_workload = m->n_workload > 0 || (m->n_flows && !m->flows[0].implicit);

  struct graph g = {0};
  if (!build_graph(c, &g)) return NULL;
  find_clients(c, E);
  E->flows = arena_alloc(c->arena, (m->n_flows + 1) * sizeof *E->flows);
  E->n_flows = m->n_flows;
  g.used = arena_alloc(c->arena, m->n_edges + 1);
  bool declared = m->n_flows && !m->flows[0].implicit;
  double declared_r = 0, declared_w = 0;     /* the declared flows' rates, per class */
  for (size_t f = 0; f < m->n_flows; f++) {
    const struct arch_flow *fl = &m->flows[f];
    for (size_t k = 0; k < fl->n_steps; k++) g.used[fl->steps[k].edge] = true;
    if (fl->writes) declared_w += fl->rate;
    else declared_r += fl->rate;
  }
  struct flow_pass *pass = flow_pass_new(c, &g);

  double reads, writes;
  double ratio = workload_number(m, "read_write_ratio", -1);
  arch_class_rates(workload_number(m, "reads", -1), workload_number(m, "writes", -1),
                   workload_number(m, "rps", -1), ratio, &reads, &writes);
  /* Without reads and writes, a total rate splits by read_write_ratio
     (reads per write); without that either, everything is a read. */
  double ratio_rf = ratio >= 0 ? ratio / (ratio + 1) : 1;
  if (declared) reads = declared_r, writes = declared_w;
  E->reads = reads * E->scale;
  E->writes = writes * E->scale;
  E->peak_factor = workload_number(m, "peak_factor", 1);
  E->item_size = workload_number(m, "item_size", 0);
  E->retention = workload_number(m, "retention", 5 * 12 * m->month_seconds);
  E->users = workload_number(m, "concurrent_users", -1) * (E->scale);
  E->think_time = workload_number(m, "think_time", 0);
  E->closed = E->users > 0;

  /* Declared flows enter at their rates times `mult`: the scale, or in a
     closed workload what the throughput makes of their mix. */
  double mult = E->scale, declared_total = declared_r + declared_w;
  if (E->closed) {
    /* Demand per request: one pass at one request per second in all. */
    E->peak_factor = 1;
    double rf = E->reads + E->writes > 0 ? E->reads / (E->reads + E->writes) : ratio_rf;
    double unit = declared_total > 0 ? 1 / declared_total : 0;
    propagate(c, &g, pass, rf, 1 - rf, unit, 1, E);
    measure(m, E, c->what_if->capacity_left);
    double worst = 0;
    for (size_t v = 0; v < n; v++) {
      double u = E->components[v].util;
      if (u > worst) worst = u, E->bottleneck = (int)v;
    }
    E->max_throughput = worst > 0 ? 1 / worst : INFINITY;
    for (size_t v = 0; v < n; v++) E->components[v].resp = E->components[v].latency;
    double r0 = 0;
    if (declared) {
      flow_figures(c, &g, pass, rf, 1 - rf, unit, E);
      for (size_t f = 0; f < m->n_flows; f++) r0 += E->flows[f].rate * E->flows[f].latency;
      memset(E->flows, 0, m->n_flows * sizeof *E->flows);
    } else {
      double *t = arena_alloc(c->arena, (n + 1) * sizeof *t);
      for (int cls = 0; cls < 2; cls++) {
        path_latency(m, &g, E, cls == 0, false, t);
        for (size_t i = 0; i < E->n_clients; i++)
          r0 += t[E->clients[i].component] * E->clients[i].share * (cls == 0 ? rf : 1 - rf);
      }
    }
    E->unloaded_response = r0;
    double x = E->users / (r0 + E->think_time);
    E->throughput = x < E->max_throughput ? x : E->max_throughput;
    double r = E->users / E->max_throughput - E->think_time;
    E->response = r > r0 ? r : r0;
    E->reads = E->throughput * rf;
    E->writes = E->throughput * (1 - rf);
    mult = E->throughput * unit;
  }
  propagate(c, &g, pass, E->reads, E->writes, mult, E->peak_factor, E);
  measure(m, E, c->what_if->capacity_left);
  queue_backlogs(m, &g, E);
  flow_figures(c, &g, pass, E->reads, E->writes, mult, E);
  client_latencies(m, &g, E, c, E->reads, E->writes, mult);

  if (declared) {
    /* The design's totals are its flows' own sizes, summed. */
    E->bytes_in_per_s = E->bytes_out_per_s = E->bytes_per_year = 0;
    for (size_t f = 0; f < m->n_flows; f++) {
      const struct arch_flow *fl = &m->flows[f];
      E->bytes_in_per_s += E->flows[f].bytes_in;
      E->bytes_out_per_s += E->flows[f].bytes_out;
      if (fl->writes)
        E->bytes_per_year += E->flows[f].rate * (fl->stored >= 0 ? fl->stored : E->item_size) *
                             12 * m->month_seconds;
    }
  } else {
    E->bytes_in_per_s = E->writes * E->item_size;
    E->bytes_out_per_s = E->reads * E->item_size;
    E->bytes_per_year = E->writes * E->item_size * 12 * m->month_seconds;
  }

  E->by_headroom = arena_alloc(c->arena, (n + 1) * sizeof *E->by_headroom);
  rank(c, E, n);
  return compilation->n_errors > errors ? NULL : E;
}
