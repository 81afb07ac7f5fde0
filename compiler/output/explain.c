/*
 * explain.c - `archc estimate --explain [NAME]`: each figure of the
 * estimate with its derivation in numbers, as on a whiteboard:
 *
 *   load: edge -> api 380/s + 38.0/s = 418/s average
 *   peak: 418/s x 3 (peak_factor) = 1.25k/s
 *   capacity: 2 replicas x 1 shard x 2.00k/s = 4.00k/s
 *   utilization at peak: 1.25k/s / 4.00k/s = 31.4%
 *
 * for a component, a client or a flow NAME, or for all of them.  The
 * operands are the estimate's own values (the rates on each edge, each
 * component's capacity and service time) and the formulas are the
 * estimate's functions (est_hot_spot, est_mmc_response, est_erlang_c);
 * a flow's figures are requirements.c's, which the scorecard uses too.
 * The final figure of each line is computed here from those operands, so
 * a test can hold it against the estimate's (tests/run_practice.sh).
 *
 * Formats: text, and json (each figure: subject, name, value in base
 * units, derivation).
 */
#include "output.h"

#include <math.h>
#include <string.h>

#include "adjacency.h"
#include "analyze.h"
#include "estimate.h"
#include "json.h"
#include "quantity.h"
#include "requirements.h"

#define DAY 86400.0
#define HOT_FRACTION 0.2   /* estimate.c's: a fifth of a day's reads is the hot set */

struct figure {
  const char *subject, *name;
  double value;
  const char *text;
};

struct ex {
  archc *c;
  struct arena *a;
  const struct arch_model *m;
  const struct estimate *E;
  struct adjacency adj;       /* every edge, by component */
  struct figure *figs;
  size_t n, cap;
};

static void add(struct ex *x, const char *subject, const char *name, double value, const char *text) {
  struct figure f = {subject, name, value, text};
  ARENA_PUSH(x->a, &x->figs, &x->n, &x->cap, f);
}

/* Numbers for people, each in a buffer of its own in the arena. */
static const char *R(struct ex *x, double v) {
  char b[32];
  return arena_printf(x->a, "%s/s", quantity_human(v, b, sizeof b));
}
static const char *N(struct ex *x, double v) {
  char b[32];
  return arena_strdup(x->a, quantity_human(v, b, sizeof b));
}
static const char *S(struct ex *x, double v) {
  char b[32];
  return arena_strdup(x->a, quantity_human_seconds(v, b, sizeof b));
}
static const char *B(struct ex *x, double v) {
  char b[32];
  return arena_strdup(x->a, quantity_human_bytes(v, b, sizeof b));
}
static const char *P(struct ex *x, double v) {
  char b[32];
  return arena_strdup(x->a, quantity_human_percent(v, b, sizeof b));
}
static const char *X(struct ex *x, double v) {
  char b[32];
  return arena_strdup(x->a, quantity_human_times(v, b, sizeof b));
}

static double num(const struct arch_component *comp, const char *name, double fallback) {
  return arch_component_number(comp, name, fallback);
}

/* ---- a component ---- */

static void explain_load(struct ex *x, int v) {
  const struct arch_model *m = x->m;
  const struct est_component *c = &x->E->components[v];
  const char *who = m->components[v].path;
  const char *terms = "";
  double sum = 0, peak_sum = 0;
  int n = 0;
  for (size_t i = x->adj.in_first[v]; i < x->adj.in_first[v + 1]; i++) {
    int e = x->adj.in[i];
    const struct est_edge *f = &x->E->edges[e];
    if (f->reads + f->writes <= 0) continue;
    terms = arena_printf(x->a, "%s%s%s -> %s %s", terms, n++ ? " + " : "",
                         m->components[m->edges[e].from].path, who, R(x, f->reads + f->writes));
    sum += f->reads + f->writes;
    peak_sum += f->peak_reads + f->peak_writes;
  }
  if (arch_component_has(&m->components[v], TRAIT_ORIGINATES)) {
    /* What enters here: the estimate's entry rates, which are the
       component's load less what edges bring (nothing, for a client). */
    double entry_r = c->reads, entry_w = c->writes;
    for (size_t i = x->adj.in_first[v]; i < x->adj.in_first[v + 1]; i++)
      entry_r -= x->E->edges[x->adj.in[i]].reads, entry_w -= x->E->edges[x->adj.in[i]].writes;
    double share = -1;
    for (size_t i = 0; i < x->E->n_clients; i++)
      if (x->E->clients[i].component == v) share = x->E->clients[i].share;
    const char *how = NULL;
    /* With flows written, what a client sends is its flows' rates. */
    if (x->E->flows && x->E->n_flows == m->n_flows && m->n_flows && !m->flows[0].implicit) {
      const char *list = "";
      int k = 0;
      for (size_t f = 0; f < m->n_flows; f++)
        for (size_t j = 0; j < m->flows[f].n_from; j++)
          if (m->flows[f].from[j] == v)
            list = arena_printf(x->a, "%s%s%s %s", list, k++ ? " + " : "", m->flows[f].name,
                                R(x, x->E->flows[f].rate / (double)m->flows[f].n_from));
      how = k ? arena_printf(x->a, "its flows, %s", list) : "no flow";
    }
    if (!how) how = num(&m->components[v], "rps", -1) >= 0
                          ? arena_printf(x->a, "its own rps, %s", R(x, entry_r + entry_w))
                          : arena_printf(x->a, "share %s of the workload's %s reads + %s writes",
                                         P(x, share), R(x, x->E->reads), R(x, x->E->writes));
    terms = n ? arena_printf(x->a, "%s + %s", how, terms) : how;
    sum += entry_r + entry_w;
    peak_sum += (entry_r + entry_w) * x->E->peak_factor;
    n++;
  }
  if (!n) return;
  add(x, who, "load", sum, arena_printf(x->a, "load: %s = %s average", terms, R(x, sum)));
  if (c->decoupled)
    add(x, who, "load_peak", peak_sum,
        arena_printf(x->a, "peak: behind a queue, which hands on its average: the calls in at "
                     "peak add up to %s", R(x, peak_sum)));
  else {
    double peak = sum * x->E->peak_factor;
    add(x, who, "load_peak", peak, arena_printf(x->a, "peak: %s x %g (peak_factor) = %s", R(x, sum),
                                                x->E->peak_factor, R(x, peak)));
  }
}

static void explain_capacity(struct ex *x, int v) {
  const struct arch_component *comp = &x->m->components[v];
  const struct est_component *c = &x->E->components[v];
  const char *who = comp->path;
  double per = num(comp, "capacity", 0);
  if (per <= 0) return;
  double replicas = num(comp, "replicas", 1), shards = num(comp, "shards", 1);
  double capacity;
  const char *how;
  if (arch_component_has(comp, TRAIT_DECOUPLES)) {
    double parts = num(comp, "partitions", 1);
    capacity = per * parts;
    how = arena_printf(x->a, "%g partition%s x %s", parts, parts == 1 ? "" : "s", R(x, per));
  } else {
    capacity = per * replicas * shards;
    how = arena_printf(x->a, "%g replica%s x %g shard%s x %s", replicas, replicas == 1 ? "" : "s",
                       shards, shards == 1 ? "" : "s", R(x, per));
  }
  add(x, who, "capacity", capacity, arena_printf(x->a, "capacity: %s = %s", how, R(x, capacity)));

  double load, cap;
  est_hot_spot(comp, c->peak_reads, c->peak_writes, &load, &cap);
  if (arch_component_has(comp, TRAIT_STORES)) {
    double skew = num(comp, "skew", 1);
    add(x, who, "hot_load", load,
        arena_printf(x->a, "busiest replica at peak: skew %g x (%s reads / %g shard%s / %g replica%s "
                     "+ %s writes / %g shard%s) = %s, against one replica's %s",
                     skew, R(x, c->peak_reads), shards, shards == 1 ? "" : "s", replicas,
                     replicas == 1 ? "" : "s", R(x, c->peak_writes), shards, shards == 1 ? "" : "s",
                     R(x, load), R(x, cap)));
  }
  if (cap <= 0) return;
  double util = load / cap;
  add(x, who, "utilization_peak", util, arena_printf(x->a, "utilization at peak: %s / %s = %s",
                                                      R(x, load), R(x, cap), P(x, util)));
  if (load > 0)
    add(x, who, "headroom", cap / load, arena_printf(x->a, "headroom: %s / %s = %s today's peak",
                                                     R(x, cap), R(x, load), X(x, cap / load)));
  double service = num(comp, "latency", 0), servers = 0;
  double resp = est_mmc_response(load, cap, service, &servers);
  if (resp < 0) {
    add(x, who, "response_peak", INFINITY,
        arena_printf(x->a, "response at peak: %s >= %s: saturated, the queue grows without bound",
                     R(x, load), R(x, cap)));
    return;
  }
  if (load <= 0) {
    add(x, who, "response_peak", resp, arena_printf(x->a, "response at peak: no load, its "
                                                     "service time %s", S(x, resp)));
    return;
  }
  double mu = cap / servers, p_wait = est_erlang_c(servers, load / mu);
  add(x, who, "response_peak", resp,
      arena_printf(x->a, "response at peak: M/M/c with c = %s x %s = %g server%s, offered load "
                   "%s / %s = %s; P(wait) = Erlang C = %s; wait = %s / (%s - %s) = %s; %s + %s = %s",
                   R(x, cap), S(x, service), servers, servers == 1 ? "" : "s", R(x, load),
                   R(x, mu), N(x, load / mu), P(x, p_wait), P(x, p_wait), R(x, cap), R(x, load),
                   S(x, resp - service), S(x, service), S(x, resp - service), S(x, resp)));
}

static void explain_storage(struct ex *x, int v) {
  const struct arch_component *comp = &x->m->components[v];
  const struct est_component *c = &x->E->components[v];
  const char *who = comp->path;
  double item = num(comp, "item_size", x->E->item_size);
  if (arch_component_has(comp, TRAIT_STORES) && c->writes > 0 && item > 0) {
    double per_day = c->writes * item * DAY;
    add(x, who, "bytes_per_day", per_day,
        arena_printf(x->a, "written: %s x %s x 86,400 s = %s a day", R(x, c->writes), B(x, item),
                     B(x, per_day)));
    double replicas = num(comp, "replicas", 1), days = x->E->retention / DAY;
    double total = per_day * days * replicas;
    add(x, who, "storage_total", total,
        arena_printf(x->a, "kept: %s a day x %s days (retention) x %g replica%s = %s", B(x, per_day),
                     N(x, days), replicas, replicas == 1 ? "" : "s", B(x, total)));
  }
  if (arch_role_of(comp) == ROLE_CACHE && c->reads > 0) {
    double items = HOT_FRACTION * c->reads * DAY, keys = num(comp, "keys", 0);
    const char *count = arena_printf(x->a, "20%% x %s x 86,400 s = %s items", R(x, c->reads), N(x, items));
    if (keys > 0 && keys < items) {
      count = arena_printf(x->a, "%s, but only %s keys", count, N(x, keys));
      items = keys;
    }
    double hot = items * item;
    add(x, who, "hot_set", hot, arena_printf(x->a, "hot set: %s x %s = %s, in %s of memory", count,
                                             B(x, item), B(x, hot), B(x, c->memory)));
  }
}

/* ---- a client: its latency, the sum over what its requests reach ---- */

/* With flows written, a client's latency is the mean of its flows', by
   the rate each brings from it (estimate.c, client_latencies). */
static bool explain_client_flows(struct ex *x, int client, bool writes) {
  const struct arch_model *m = x->m;
  if (!x->E->flows || x->E->n_flows != m->n_flows || !m->n_flows || m->flows[0].implicit) return false;
  double sum = 0, weight = 0;
  const char *terms = "";
  int k = 0;
  for (size_t f = 0; f < m->n_flows; f++) {
    const struct arch_flow *fl = &m->flows[f];
    if (fl->writes != writes) continue;
    for (size_t j = 0; j < fl->n_from; j++) {
      if (fl->from[j] != client) continue;
      double r = x->E->flows[f].rate / (double)fl->n_from;
      if (r <= 0) continue;
      sum += r * x->E->flows[f].latency_peak;
      weight += r;
      terms = arena_printf(x->a, "%s%s%s %s x %s", terms, k++ ? " + " : "", fl->name,
                           S(x, x->E->flows[f].latency_peak), R(x, r));
    }
  }
  if (weight <= 0) return true;
  add(x, m->components[client].path, writes ? "write_latency_peak" : "read_latency_peak", sum / weight,
      arena_printf(x->a, "%s at peak, its flows' by their rates: (%s) / %s = %s",
                   writes ? "writes" : "reads", terms, R(x, weight), S(x, sum / weight)));
  return true;
}

static void explain_client(struct ex *x, int client, bool writes) {
  if (explain_client_flows(x, client, writes)) return;
  const struct arch_model *m = x->m;
  size_t n = m->n_components;
  /* The share of a request that reaches each component is the product of
     the shares of the edges on the way, each the estimate's rate on the
     edge over the rate at its source; an asynchronous call costs its
     callee's response (nothing out of a queue) and goes no further. */
  double *mult = arena_alloc(x->a, (n + 1) * sizeof *mult);
  double *enq = arena_alloc(x->a, (n + 1) * sizeof *enq);
  int *order = arena_alloc(x->a, (n + 1) * sizeof *order);
  size_t *indeg = arena_alloc(x->a, (n + 1) * sizeof *indeg);
  for (size_t e = 0; e < m->n_edges; e++) {
    const struct est_edge *f = &x->E->edges[e];
    if ((writes ? f->writes : f->reads) > 0) indeg[m->edges[e].to]++;
  }
  size_t head = 0, tail = 0;
  for (size_t v = 0; v < n; v++)
    if (!indeg[v]) order[tail++] = (int)v;
  while (head < tail) {
    int v = order[head++];
    for (size_t i = x->adj.out_first[v]; i < x->adj.out_first[v + 1]; i++) {
      int e = x->adj.out[i];
      const struct est_edge *f = &x->E->edges[e];
      if ((writes ? f->writes : f->reads) > 0 && --indeg[m->edges[e].to] == 0)
        order[tail++] = m->edges[e].to;
    }
  }
  /* A class the client does not send has no rates to take shares from. */
  if ((writes ? x->E->components[client].writes : x->E->components[client].reads) <= 0) return;
  mult[client] = 1;
  for (size_t k = 0; k < tail; k++) {
    int v = order[k];
    const struct est_component *c = &x->E->components[v];
    double in = writes ? c->writes : c->reads;
    if (mult[v] <= 0 || in <= 0) continue;
    bool queue = arch_component_has(&m->components[v], TRAIT_DECOUPLES);
    for (size_t i = x->adj.out_first[v]; i < x->adj.out_first[v + 1]; i++) {
      int e = x->adj.out[i];
      double on = writes ? x->E->edges[e].writes : x->E->edges[e].reads;
      if (on <= 0) continue;
      double share = on / in;
      int w = m->edges[e].to;
      if (arch_edge_async(m, &m->edges[e])) {
        if (!queue) enq[w] += mult[v] * share;
      } else {
        mult[w] += mult[v] * share;
      }
    }
  }
  const char *terms = "";
  double t = 0;
  int k = 0;
  for (size_t v = 0; v < n; v++) {
    double w = mult[v] + enq[v];
    if (w <= 0 || (int)v == client) continue;
    double r = x->E->components[v].resp_peak;
    double part = w * (r < 0 ? INFINITY : r);
    t += part;
    const char *term = fabs(w - 1) < 1e-9 ? arena_printf(x->a, "%s %s", m->components[v].path, S(x, r))
                       : arena_printf(x->a, "%s %s x %s", m->components[v].path, S(x, r), P(x, w));
    if (enq[v] > 0 && mult[v] <= 0) term = arena_printf(x->a, "%s (hand-off)", term);
    terms = arena_printf(x->a, "%s%s%s", terms, k++ ? " + " : "", term);
  }
  const char *who = m->components[client].path;
  add(x, who, writes ? "write_latency_peak" : "read_latency_peak", t,
      arena_printf(x->a, "%s at peak: %s = %s", writes ? "writes" : "reads", k ? terms : "nothing",
                   S(x, t)));
}

/* ---- a flow ---- */

/* A flow's latency at peak as the estimate walks it (estimate.c,
   flow_walk): from the last callee back, each component's calls add the
   share of each step times what lies below it, summed behind a balancer,
   DNS or gateway (alternatives) and the slowest of them elsewhere (calls
   side by side); an asynchronous step costs the callee's response, nothing
   past a queue.  The shares are the estimate's, per step.  *text gets the
   sum as written on a whiteboard. */
static double flow_latency(struct ex *x, size_t index, const char **text) {
  const struct arch_model *m = x->m;
  const struct arch_flow *fl = &m->flows[index];
  const struct est_flow *ef = &x->E->flows[index];
  size_t n = m->n_components;
  double *acc = arena_alloc(x->a, (n + 1) * sizeof *acc);
  const char **below = arena_alloc(x->a, (n + 1) * sizeof *below);
  int *parts = arena_alloc(x->a, (n + 1) * sizeof *parts);
  size_t *indeg = arena_alloc(x->a, (n + 1) * sizeof *indeg);
  int *order = arena_alloc(x->a, (n + 1) * sizeof *order);
  bool *in = arena_alloc(x->a, n + 1);
  for (size_t k = 0; k < fl->n_steps; k++)
    if (ef->step_share[k] > 0) indeg[m->edges[fl->steps[k].edge].to]++;
  size_t head = 0, tail = 0;
  for (size_t k = 0; k < fl->n_steps; k++) {
    int v = m->edges[fl->steps[k].edge].from;
    if (ef->step_share[k] > 0 && !indeg[v] && !in[v]) in[v] = true, order[tail++] = v;
  }
  while (head < tail) {
    int v = order[head++];
    for (size_t k = 0; k < fl->n_steps; k++) {
      int w = m->edges[fl->steps[k].edge].to;
      if (ef->step_share[k] > 0 && m->edges[fl->steps[k].edge].from == v && --indeg[w] == 0 && !in[w])
        in[w] = true, order[tail++] = w;
    }
  }
  for (size_t i = tail; i-- > 0;) {
    int v = order[i];
    bool split = arch_component_has(&m->components[v], TRAIT_SPLITS);
    bool queue_v = arch_component_has(&m->components[v], TRAIT_DECOUPLES);
    const char *terms = "";
    for (size_t k = 0; k < fl->n_steps; k++) {
      const struct arch_flow_step *st = &fl->steps[k];
      if (m->edges[st->edge].from != v || ef->step_share[k] <= 0) continue;
      int w = m->edges[st->edge].to;
      bool async = st->async || queue_v || arch_component_has(&m->components[w], TRAIT_DECOUPLES);
      double r = x->E->components[w].resp_peak, resp = r < 0 ? INFINITY : r, share = ef->step_share[k];
      double down = async ? (queue_v ? 0 : resp) : resp + acc[w];
      const char *term = async ? (queue_v ? NULL : arena_printf(x->a, "%s %s (hand-off)", m->components[w].path, S(x, r)))
                         : below[w] ? arena_printf(x->a, "%s %s + %s", m->components[w].path, S(x, r), below[w])
                                    : arena_printf(x->a, "%s %s", m->components[w].path, S(x, r));
      if (!term) continue;
      if (fabs(share - 1) > 1e-9) term = arena_printf(x->a, "(%s) x %s", term, P(x, share));
      double part = share * down;
      if (split) acc[v] += part;
      else if (part > acc[v]) acc[v] = part;
      terms = arena_printf(x->a, "%s%s%s", terms, parts[v]++ ? (split ? " + " : ", ") : "", term);
    }
    if (parts[v] > 1) below[v] = arena_printf(x->a, split ? "(%s)" : "max(%s)", terms);
    else if (parts[v] == 1) below[v] = terms;
  }
  double t = 0;
  const char *sum = "";
  for (size_t k = 0; k < fl->n_from; k++) {
    int v = fl->from[k];
    double r = x->E->components[v].resp_peak, each = 1.0 / (double)fl->n_from;
    t += each * ((r < 0 ? INFINITY : r) + acc[v]);
    const char *term = below[v] ? below[v] : "nothing";
    if (fl->n_from > 1) term = arena_printf(x->a, "(%s) x %s", term, P(x, each));
    sum = arena_printf(x->a, "%s%s%s", sum, k ? " + " : "", term);
  }
  *text = sum;
  return t;
}

static void explain_flow(struct ex *x, const struct analysis *A, size_t i) {
  const struct arch_model *m = x->m;
  const struct arch_flow *fl = &m->flows[i];
  struct req_flow f;
  req_flow_figures(x->a, m, x->E, A, i, &f);
  const char *who = arena_printf(x->a, "flow %s", fl->name);
  const char *written = fl->implicit ? arena_printf(x->a, "the workload's %s", fl->writes ? "writes" : "reads")
                        : fl->share >= 0 ? arena_printf(x->a, "share %s of the workload's %s",
                                                        P(x, fl->share), fl->writes ? "writes" : "reads")
                        : "as written";
  add(x, who, "rate", f.rate, arena_printf(x->a, "rate: %s (%s)", R(x, f.rate), written));
  add(x, who, "rate_peak", f.rate_peak, arena_printf(x->a, "peak: %s x %g (peak_factor) = %s",
                                                     R(x, f.rate), x->E->peak_factor, R(x, f.rate_peak)));
  if (x->E->flows && x->E->n_flows == m->n_flows) {
    const char *terms;
    double t = flow_latency(x, i, &terms);
    add(x, who, "latency_peak", t, arena_printf(x->a, "latency at peak, along its path (the "
                                                "slowest of calls side by side): %s = %s",
                                                terms, S(x, t)));
  }
  if (f.bottleneck >= 0)
    add(x, who, "sustained_rate", f.rate * f.headroom,
        arena_printf(x->a, "bottleneck: %s at %s today's peak: the flow saturates it beyond %s x %s = %s",
                     m->components[f.bottleneck].path, X(x, f.headroom), R(x, f.rate),
                     X(x, f.headroom), R(x, f.rate * f.headroom)));
  add(x, who, "availability", f.availability,
      arena_printf(x->a, "availability: %s (each component 1 - (1 - a)^replicas, in series along "
                   "its calls, in parallel behind a balancer)%s%s", P(x, f.availability),
                   f.spof >= 0 ? "; single point of failure: " : "",
                   f.spof >= 0 ? m->components[f.spof].path : ""));
}

/* ---- the writer ---- */

static void explain_component(struct ex *x, int v) {
  explain_load(x, v);
  if (arch_component_has(&x->m->components[v], TRAIT_ORIGINATES)) {
    explain_client(x, v, false);
    explain_client(x, v, true);
    return;
  }
  explain_capacity(x, v);
  explain_storage(x, v);
}

int explain_write(archc *c, const struct output_input *in, const char *format, FILE *out) {
  struct ex x = {c, &c->arena, in->model, in->estimate, {0}, NULL, 0, 0};
  const struct arch_model *m = in->model;
  adjacency_build(x.a, m, true, &x.adj);
  const char *name = in->explain && in->explain[0] ? in->explain : NULL;
  bool found = !name;
  for (size_t v = 0; v < m->n_components; v++)
    if (!name || strcmp(m->components[v].path, name) == 0 || strcmp(m->components[v].name, name) == 0) {
      explain_component(&x, (int)v);
      found = true;
    }
  const struct analysis *A = NULL;
  for (size_t i = 0; i < m->n_flows; i++)
    if (!name || strcmp(m->flows[i].name, name) == 0) {
      if (!A) A = analyze_run(c, m, in->estimate);
      explain_flow(&x, A, i);
      found = true;
    }
  if (!found) {
    const char **names = arena_alloc(x.a, (2 * m->n_components + m->n_flows + 1) * sizeof *names);
    size_t n = 0;
    for (size_t v = 0; v < m->n_components; v++) {
      names[n++] = m->components[v].path;
      if (strcmp(m->components[v].name, m->components[v].path) != 0) names[n++] = m->components[v].name;
    }
    for (size_t i = 0; i < m->n_flows; i++) names[n++] = m->flows[i].name;
    diag_plain(c, DIAG_ERROR, "--explain: no component, client or flow '%s'", name);
    const char *best = diag_suggest(name, names, n);
    if (best) diag_help(c, "did you mean '%s'?", best);
    return ARCHC_USAGE_ERROR;
  }
  if (strcmp(format, "json") == 0) {
    struct json_writer w;
    json_start(&w, out);
    json_object(&w, NULL, JSON_BLOCK);
    json_array(&w, "figures", JSON_BLOCK);
    for (size_t i = 0; i < x.n; i++) {
      json_object(&w, NULL, JSON_INLINE);
      json_string(&w, "subject", x.figs[i].subject);
      json_string(&w, "figure", x.figs[i].name);
      json_number(&w, "value", x.figs[i].value);
      json_string(&w, "derivation", x.figs[i].text);
      json_end(&w);
    }
    json_end(&w);
    json_end(&w);
    return ARCHC_OK;
  }
  fprintf(out, "How the estimate is worked out%s%s\n", m->title ? ": " : "", m->title ? m->title : "");
  const char *last = NULL;
  for (size_t i = 0; i < x.n; i++) {
    if (!last || strcmp(last, x.figs[i].subject) != 0) fprintf(out, "\n%s\n", last = x.figs[i].subject);
    fprintf(out, "  %s\n", x.figs[i].text);
  }
  return ARCHC_OK;
}
