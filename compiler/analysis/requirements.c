/*
 * requirements.c - whether the design meets what its `requirements` block
 * asks (docs/language.md, "Requirements"; docs/practice.md).
 *
 * Each requirement is decided by one figure: a flow's rate against the
 * rate at which the first component on its path saturates at peak, its
 * mean latency at peak, its availability and single points of failure;
 * the design's regions, zones, copies and retention.  The figures come
 * from the estimate and the graph analyses, never from a model of their
 * own, so the scorecard and the estimate cannot disagree.
 *
 * A flow's figures are the estimate's (rate, latency at peak, bottleneck,
 * headroom, availability: docs/capacity.md, "Flows"); this file adds
 * where the flow goes and the single instance every request of it passes,
 * if any: for a written flow found over its own synchronous steps, for the
 * implicit reads and writes the analyses' single points of failure on the
 * components their class reaches.
 */
#include "internal.h"

#include <math.h>
#include <string.h>

#include "analyze.h"
#include "estimate.h"
#include "quantity.h"
#include "requirements.h"

const char *const req_status_names[3] = {"met", "missed", "not addressed"};

static double num(const struct arch_component *comp, const char *name, double fallback) {
  return arch_component_number(comp, name, fallback);
}

/* ---- a written flow's path ---- */

struct path {
  size_t n;
  const struct arch_flow *flow;
  size_t *first;      /* the flow's steps by their edge's source: by_from[first[v] .. first[v+1]) */
  size_t *by_from;
  int *order;         /* components in the flow's topological order */
  size_t n_order;
};

static void build_path(struct arena *a, const struct arch_model *m, const struct arch_flow *f,
                       struct path *p) {
  size_t n = m->n_components;
  p->n = n;
  p->flow = f;
  p->first = arena_alloc(a, (n + 2) * sizeof *p->first);
  p->by_from = arena_alloc(a, (f->n_steps + 1) * sizeof *p->by_from);
  size_t *indeg = arena_alloc(a, (n + 1) * sizeof *indeg);
  for (size_t i = 0; i < f->n_steps; i++) {
    const struct arch_edge *e = &m->edges[f->steps[i].edge];
    p->first[e->from + 1]++;
    indeg[e->to]++;
  }
  for (size_t v = 0; v < n; v++) p->first[v + 1] += p->first[v];
  size_t *fill = arena_alloc(a, (n + 1) * sizeof *fill);
  for (size_t i = 0; i < f->n_steps; i++) {
    int from = m->edges[f->steps[i].edge].from;
    p->by_from[p->first[from] + fill[from]++] = i;
  }
  /* Kahn's order from the flow's clients and any other source of its
     steps; a step that closes a cycle is never reached and adds nothing. */
  p->order = arena_alloc(a, (n + 1) * sizeof *p->order);
  bool *in = arena_alloc(a, n + 1);
  size_t head = 0;
  for (size_t i = 0; i < f->n_from; i++)
    if (!in[f->from[i]]) in[f->from[i]] = true, p->order[p->n_order++] = f->from[i];
  for (size_t i = 0; i < f->n_steps; i++) {
    int from = m->edges[f->steps[i].edge].from;
    if (!in[from] && indeg[from] == 0) in[from] = true, p->order[p->n_order++] = from;
  }
  while (head < p->n_order) {
    int v = p->order[head++];
    for (size_t k = p->first[v]; k < p->first[v + 1]; k++) {
      int w = m->edges[f->steps[p->by_from[k]].edge].to;
      if (--indeg[w] == 0 && !in[w]) in[w] = true, p->order[p->n_order++] = w;
    }
  }
}

static bool step_async(const struct arch_model *m, const struct path *p, size_t step) {
  const struct arch_flow_step *s = &p->flow->steps[step];
  return s->async || arch_edge_async(m, &m->edges[s->edge]);
}

/* Which components the flow's synchronous steps reach from its clients,
   without `dead` (-1: none). */
static void sync_reach(const struct arch_model *m, const struct path *p, int dead, bool *reached) {
  memset(reached, 0, p->n);
  for (size_t i = 0; i < p->flow->n_from; i++)
    if (p->flow->from[i] != dead) reached[p->flow->from[i]] = true;
  for (size_t k = 0; k < p->n_order; k++) {
    int v = p->order[k];
    if (!reached[v]) continue;
    for (size_t j = p->first[v]; j < p->first[v + 1]; j++) {
      size_t s = p->by_from[j];
      int w = m->edges[p->flow->steps[s].edge].to;
      if (w != dead && !step_async(m, p, s)) reached[w] = true;
    }
  }
}

/* `redundant = true` (managed, replicated inside) or `failover = true`
   (a standby the platform fails over to): not one instance, as the
   analyses' spof has it. */
static bool flag(const struct arch_component *comp, const char *name) {
  const struct arch_value *v = arch_component_attr(comp, name);
  return v && v->type == VAL_BOOL && v->boolean;
}

/* The first component (in the flow's order) with one instance whose loss
   stops requests of the flow: something it reached is no longer reached,
   or it was where the flow ends. */
static int flow_spof(struct arena *a, const struct arch_model *m, const struct path *p) {
  bool *base = arena_alloc(a, p->n + 1), *now = arena_alloc(a, p->n + 1);
  sync_reach(m, p, -1, base);
  for (size_t k = 0; k < p->n_order; k++) {
    int v = p->order[k];
    const struct arch_component *comp = &m->components[v];
    if (!base[v] || arch_component_has(comp, TRAIT_ORIGINATES) ||
        arch_component_has(comp, TRAIT_OUTSIDE) || num(comp, "replicas", 1) >= 2 ||
        flag(comp, "redundant") || flag(comp, "failover"))
      continue;
    sync_reach(m, p, v, now);
    bool sink = true, lost = false;
    for (size_t j = p->first[v]; j < p->first[v + 1]; j++) sink &= step_async(m, p, p->by_from[j]);
    for (size_t w = 0; w < p->n && !lost; w++) lost = base[w] && !now[w] && (int)w != v;
    if (sink || lost) return v;
  }
  return -1;
}

/* The estimate's own figures for the flow, when it has them (it computes
   each flow's propagation, latency and availability): only the path and
   the single point of failure are this file's. */
static void estimated_flow(struct arena *a, const struct arch_model *m, const struct estimate *E,
                           const struct analysis *A, size_t index, struct req_flow *out) {
  const struct arch_flow *f = &m->flows[index];
  const struct est_flow *ef = &E->flows[index];
  out->rate = ef->rate;
  out->rate_peak = ef->rate_peak;
  out->latency_peak = ef->latency_peak;
  out->availability = ef->availability;
  out->bottleneck = ef->bottleneck;
  out->headroom = ef->headroom;
  out->slowest = ef->slowest;
  for (size_t i = 0; i < f->n_from; i++) out->on_path[f->from[i]] = true;
  for (size_t k = 0; k < f->n_steps; k++)
    if (ef->step_rate[k] > 0) out->on_path[m->edges[f->steps[k].edge].to] = true;
  if (f->implicit) {
    for (size_t v = 0; v < m->n_components && out->spof < 0; v++)
      if (out->on_path[v] && A->facts[v].spof) out->spof = (int)v;
  } else {
    struct path p = {0};
    build_path(a, m, f, &p);
    out->spof = flow_spof(a, m, &p);
  }
}

void req_flow_figures(struct arena *a, const struct arch_model *m, const struct estimate *E,
                      const struct analysis *A, size_t index, struct req_flow *out) {
  const struct arch_flow *f = &m->flows[index];
  *out = (struct req_flow){0};
  out->bottleneck = -1;
  out->spof = -1;
  out->slowest = -1;
  out->on_path = arena_alloc(a, m->n_components + 1);
  (void)f;
  if (E->flows && E->n_flows == m->n_flows) estimated_flow(a, m, E, A, index, out);
}

/* ---- the requirements ---- */

struct check {
  archc *c;
  struct arena *a;
  const struct arch_model *m;
  const struct estimate *E;
  const struct analysis *A;
  struct req_flow *flows;     /* figured on first use */
  bool *figured;
};

static const struct req_flow *flow_of(struct check *k, int index) {
  if (!k->figured[index]) {
    req_flow_figures(k->a, k->m, k->E, k->A, (size_t)index, &k->flows[index]);
    k->figured[index] = true;
  }
  return &k->flows[index];
}

static const char *rate_text(struct arena *a, double v) {
  char b[32];
  return arena_printf(a, "%s/s", quantity_human(v, b, sizeof b));
}

static const char *seconds_text(struct arena *a, double v) {
  char b[32];
  return arena_strdup(a, quantity_human_seconds(v, b, sizeof b));
}

static const char *percent_text(struct arena *a, double v) {
  char b[32];
  return arena_strdup(a, quantity_human_percent(v, b, sizeof b));
}

static const char *name_of(const struct check *k, int v) { return k->m->components[v].path; }

static void result(struct req_result *r, enum req_status s, double figure, const char *text) {
  r->status = s;
  r->figure = figure;
  r->text = text;
}

/* Rate, latency, availability and headroom of one flow. */
static void check_flow(struct check *k, struct req_result *r) {
  const struct arch_requirement *q = r->req;
  struct arena *a = k->a;
  const char *fl = q->flow;
  if (q->flow_index < 0) {
    result(r, REQ_NOT_ADDRESSED, NAN, arena_printf(a, "no flow '%s' in the design yet", fl));
    r->advice = arena_printf(a, "write flow %s: the clients it comes from, its rate and the "
                             "components it passes through", fl);
    r->hint = arena_printf(a, "The prompt asks for %s. Who sends it, how often, and what does "
                           "one request touch on its way?", fl);
    return;
  }
  if (!k->E) {
    result(r, REQ_NOT_ADDRESSED, NAN, arena_strdup(a, "the design has no workload to estimate"));
    r->advice = arena_strdup(a, "state the traffic: a workload (peak_factor, reads and writes) "
                             "or rates on the flows");
    r->hint = arena_strdup(a, "How many requests per second is that at peak? Write the numbers "
                           "down before drawing boxes.");
    return;
  }
  const struct req_flow *f = flow_of(k, q->flow_index);
  double target = q->target;
  switch (q->what) {
  case REQ_RATE: {
    if (f->rate < target * (1 - 1e-9)) {
      result(r, REQ_MISSED, f->rate, arena_printf(a, "the design plans for %s, target %s",
                                                  rate_text(a, f->rate), rate_text(a, target)));
      r->advice = arena_printf(a, "size flow %s for %s: derive its rate from the prompt's numbers",
                               fl, rate_text(a, target));
      r->hint = arena_printf(a, "Redo the arithmetic for %s: the prompt's users times how often "
                             "each acts, over the seconds in a day.", fl);
      return;
    }
    if (f->bottleneck < 0) {
      result(r, REQ_NOT_ADDRESSED, NAN, arena_printf(a, "%s, but nothing on its path has a "
                                                     "capacity to check it against", rate_text(a, f->rate)));
      r->advice = arena_printf(a, "give the components on %s's path a capacity (requests per "
                               "second per replica)", fl);
      r->hint = arena_printf(a, "How many requests per second can one instance of each "
                             "component on %s's path take?", fl);
      return;
    }
    double sustain = f->rate * f->headroom;
    r->component = f->bottleneck;
    if (sustain < target * (1 - 1e-9)) {
      result(r, REQ_MISSED, sustain,
             arena_printf(a, "%s saturates at peak beyond %s, target %s", name_of(k, f->bottleneck),
                          rate_text(a, sustain), rate_text(a, target)));
      char b[32];
      r->advice = arena_printf(a, "add capacity to %s: it saturates at %s today's peak; more "
                               "replicas, shards or a faster kind", name_of(k, f->bottleneck),
                               quantity_human_times(f->headroom, b, sizeof b));
      r->hint = arena_printf(a, "Which component on %s's path runs out first at peak, and how "
                             "many instances would it need?", fl);
    } else {
      result(r, REQ_MET, sustain, arena_printf(a, "carries up to %s (%s saturates first), target %s",
                                               rate_text(a, sustain), name_of(k, f->bottleneck),
                                               rate_text(a, target)));
    }
    return;
  }
  case REQ_LATENCY: {
    double t = f->latency_peak;
    int hop = f->slowest;
    r->component = hop;
    if (isinf(t)) {
      int b = f->bottleneck;
      result(r, REQ_MISSED, t, arena_printf(a, "saturated at peak%s%s%s, target %s",
                                            b >= 0 ? " (" : "", b >= 0 ? name_of(k, b) : "",
                                            b >= 0 ? " is over capacity)" : "", seconds_text(a, target)));
      r->component = b;
      r->advice = arena_printf(a, "add capacity to %s: a saturated component's queue grows "
                               "without bound", b >= 0 ? name_of(k, b) : "the saturated component");
      r->hint = arena_printf(a, "What happens to a queue when requests arrive faster than %s "
                             "serves them?", b >= 0 ? name_of(k, b) : "a component");
    } else if (t <= 0) {
      result(r, REQ_NOT_ADDRESSED, NAN, arena_strdup(a, "no latency on its path to add up"));
      r->advice = arena_printf(a, "give the components on %s's path a latency", fl);
      r->hint = arena_printf(a, "How long does each hop of %s take? A cache read, a database "
                             "write, a call across regions?", fl);
    } else if (t > target * (1 + 1e-9)) {
      result(r, REQ_MISSED, t, arena_printf(a, "%s at peak, target %s", seconds_text(a, t),
                                            seconds_text(a, target)));
      r->advice = arena_printf(a, "shorten %s's path: %s adds the most; a cache, an asynchronous "
                               "hand-off or a faster store", fl, hop >= 0 ? name_of(k, hop) : "the slowest hop");
      r->hint = arena_printf(a, "Where does a request of %s spend its time at peak? Does the "
                             "caller have to wait for every step?", fl);
    } else {
      result(r, REQ_MET, t, arena_printf(a, "%s at peak, target %s", seconds_text(a, t),
                                         seconds_text(a, target)));
    }
    return;
  }
  case REQ_AVAILABILITY: {
    if (f->spof >= 0) {
      r->component = f->spof;
      result(r, REQ_MISSED, f->availability,
             arena_printf(a, "%s is a single point of failure on it (%s), target %s", name_of(k, f->spof),
                          percent_text(a, f->availability), percent_text(a, target)));
      r->advice = arena_printf(a, "run %s with replicas = 2 or more (behind a load balancer, or "
                               "with a standby for a store)", name_of(k, f->spof));
      r->hint = arena_printf(a, "What happens to %s when %s goes down?", fl, name_of(k, f->spof));
    } else if (f->availability < target) {
      result(r, REQ_MISSED, f->availability, arena_printf(a, "%s composed, target %s",
                                                          percent_text(a, f->availability),
                                                          percent_text(a, target)));
      r->advice = arena_printf(a, "add replicas on %s's path where each instance is least "
                               "available, or a second zone", fl);
      r->hint = arena_printf(a, "Multiply the availability of everything %s needs: which "
                             "factor pulls it below the target?", fl);
    } else {
      result(r, REQ_MET, f->availability, arena_printf(a, "%s composed, no single point of "
                                                       "failure, target %s",
                                                       percent_text(a, f->availability),
                                                       percent_text(a, target)));
    }
    return;
  }
  case REQ_HEADROOM: {
    if (f->bottleneck < 0) {
      result(r, REQ_NOT_ADDRESSED, NAN, arena_strdup(a, "nothing on its path has a capacity"));
      r->advice = arena_printf(a, "give the components on %s's path a capacity", fl);
      r->hint = arena_printf(a, "How much of today's peak can each component on %s's path "
                             "take?", fl);
      return;
    }
    r->component = f->bottleneck;
    char b[32];
    const char *h = arena_strdup(a, quantity_human_times(f->headroom, b, sizeof b));
    const char *t = arena_strdup(a, quantity_human_times(target, b, sizeof b));
    if (f->headroom < target) {
      result(r, REQ_MISSED, f->headroom, arena_printf(a, "%s takes %s today's peak, target %s",
                                                      name_of(k, f->bottleneck), h, t));
      r->advice = arena_printf(a, "give %s more capacity: %s of today's peak is not enough room "
                               "to grow", name_of(k, f->bottleneck), h);
      r->hint = arena_printf(a, "If %s's traffic doubled tomorrow, what would break first?", fl);
    } else {
      result(r, REQ_MET, f->headroom, arena_printf(a, "%s takes %s today's peak, target %s",
                                                   name_of(k, f->bottleneck), h, t));
    }
    return;
  }
  default:
    return;
  }
}

/* Groups of type `t` with at least one component in them, named in *names. */
static int count_groups(struct check *k, enum arch_group_type t, const char **names) {
  const struct arch_model *m = k->m;
  bool *used = arena_alloc(k->a, m->n_groups + 1);
  for (size_t v = 0; v < m->n_components; v++)
    for (int g = m->components[v].group; g >= 0; g = m->groups[g].parent) used[g] = true;
  int n = 0;
  *names = "";
  for (size_t g = 0; g < m->n_groups; g++)
    if (used[g] && m->groups[g].type == t)
      *names = arena_printf(k->a, "%s%s%s", *names, n++ ? ", " : "", m->groups[g].path);
  return n;
}

static void check_design(struct check *k, struct req_result *r) {
  const struct arch_requirement *q = r->req;
  struct arena *a = k->a;
  const struct arch_model *m = k->m;
  double target = q->target;
  if (m->n_components == 0) {
    result(r, REQ_NOT_ADDRESSED, NAN, arena_strdup(a, "no design yet"));
    r->advice = arena_strdup(a, "draw the high-level design: the clients, the services and "
                             "where the data lives");
    r->hint = arena_strdup(a, "Which boxes does a request pass through, from the user to the "
                           "data and back?");
    return;
  }
  switch (q->what) {
  case REQ_REGIONS: case REQ_ZONES: {
    bool regions = q->what == REQ_REGIONS;
    const char *names, *word = regions ? "region" : "zone";
    int n = count_groups(k, regions ? GROUP_REGION : GROUP_ZONE, &names);
    const char *text = n ? arena_printf(a, "%d %s%s (%s), target %g", n, word, n == 1 ? "" : "s",
                                        names, target)
                         : arena_printf(a, "no %s declared, target %g", word, target);
    result(r, n >= target ? REQ_MET : REQ_MISSED, n, text);
    if (n < target) {
      r->advice = regions ? arena_strdup(a, "run another region: the serving path and copies "
                                         "of the stores, with replication between them")
                          : arena_strdup(a, "spread the replicas over more zones: put each "
                                         "tier's instances in zones of their own");
      r->hint = n ? arena_printf(a, "If %s %s went down, where would requests go?", word,
                                 strchr(names, ',') ? "one of them" : names)
                  : arena_printf(a, "Where do the servers run? Which %ss, and what happens when "
                                 "one is lost?", word);
    }
    return;
  }
  case REQ_COPIES: {
    int worst = -1;
    double fewest = 0;
    for (size_t v = 0; v < m->n_components; v++) {
      if (!arch_component_has(&m->components[v], TRAIT_STORES)) continue;
      double copies = num(&m->components[v], "replicas", 1);
      if (worst < 0 || copies < fewest) worst = (int)v, fewest = copies;
    }
    if (worst < 0) {
      result(r, REQ_NOT_ADDRESSED, NAN, arena_strdup(a, "the design has no store yet"));
      r->advice = arena_strdup(a, "decide where the data lives: a database or an object store");
      r->hint = arena_strdup(a, "Where is the data kept, and how many copies survive a disk "
                             "or a machine failing?");
      return;
    }
    r->component = worst;
    const char *text = arena_printf(a, "%s keeps %g cop%s, target %g", name_of(k, worst), fewest,
                                    fewest == 1 ? "y" : "ies", target);
    result(r, fewest >= target ? REQ_MET : REQ_MISSED, fewest, text);
    if (fewest < target) {
      r->advice = arena_printf(a, "give %s replicas = %g (a primary and standbys or a "
                               "replicated store)", name_of(k, worst), target);
      r->hint = arena_printf(a, "If the disk under %s fails, what is left of the data?",
                             name_of(k, worst));
    }
    return;
  }
  case REQ_RETENTION: {
    const struct arch_value *v = arch_workload(m, "retention");
    if (!v || v->type != VAL_NUMBER) {
      result(r, REQ_NOT_ADDRESSED, NAN, arena_strdup(a, "the workload states no retention"));
      r->advice = arena_printf(a, "set the workload's retention = %s and size the stores for it",
                               value_text(a, &q->written));
      r->hint = arena_strdup(a, "How long is the data kept, and how much is that in bytes?");
      return;
    }
    char b[32], t[32];
    quantity_human_seconds(v->num, b, sizeof b);
    quantity_human_seconds(target, t, sizeof t);
    const char *text = arena_printf(a, "the workload keeps data %s, target %s",
                                    value_text(a, v), value_text(a, &q->written));
    result(r, v->num >= target * (1 - 1e-9) ? REQ_MET : REQ_MISSED, v->num, text);
    if (r->status == REQ_MISSED) {
      r->advice = arena_printf(a, "set the workload's retention = %s and size the stores for it",
                               value_text(a, &q->written));
      r->hint = arena_strdup(a, "How long must the data be kept, and what does that make the "
                             "storage add up to?");
    }
    return;
  }
  case REQ_AVAILABILITY: case REQ_HEADROOM: {
    /* Of the design: its worst flow decides. */
    struct req_result worst = {0};
    bool any = false;
    for (size_t i = 0; i < m->n_flows; i++) {
      struct arch_requirement one = *q;
      one.flow = m->flows[i].name;
      one.flow_index = (int)i;
      struct req_result x = {&one, REQ_MET, NAN, NULL, NULL, NULL, -1};
      check_flow(k, &x);
      bool worse = !any || (x.status == REQ_MISSED && worst.status != REQ_MISSED) ||
                   (x.status == worst.status && x.figure < worst.figure);
      if (worse) {
        worst = x;
        worst.text = arena_printf(a, "%s: %s", m->flows[i].name, x.text);
      }
      any = true;
    }
    if (!any) {
      result(r, REQ_NOT_ADDRESSED, NAN, arena_strdup(a, "the design has no flow to measure"));
      return;
    }
    worst.req = q;
    *r = worst;
    return;
  }
  default:
    return;
  }
}

struct req_check *requirements_check(archc *c, const struct arch_model *m, const struct estimate *E) {
  struct arena *a = &c->arena;
  struct req_check *out = arena_alloc(a, sizeof *out);
  out->results = arena_alloc(a, (m->n_requirements + 1) * sizeof *out->results);
  out->n = m->n_requirements;
  struct check k = {c, a, m, E, NULL, NULL, NULL};
  k.A = analyze_run(c, m, E);
  out->analysis = k.A;
  k.flows = arena_alloc(a, (m->n_flows + 1) * sizeof *k.flows);
  k.figured = arena_alloc(a, m->n_flows + 1);
  for (size_t i = 0; i < m->n_requirements; i++) {
    struct req_result *r = &out->results[i];
    *r = (struct req_result){&m->requirements[i], REQ_NOT_ADDRESSED, NAN, "", NULL, NULL, -1};
    if (m->requirements[i].flow) check_flow(&k, r);
    else check_design(&k, r);
    out->met += r->status == REQ_MET;
    out->missed += r->status == REQ_MISSED;
    out->not_addressed += r->status == REQ_NOT_ADDRESSED;
  }
  return out;
}
