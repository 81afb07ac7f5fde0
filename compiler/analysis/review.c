/*
 * review.c - the design review: rules evaluated over components.
 *
 * Mechanism here, policy in the .arch files of stdlib/rules/.  A rule names the kinds it
 * applies to and a condition over a component's properties: its attributes
 * (the kind's defaults included), the estimate's figures and the analyses'
 * facts (analyze.c).  Each component of an applicable kind for which the
 * condition holds is a finding, unless the design allows it there, at the
 * severity the rule gives, the design's `review` block sets, or the command
 * line chooses.  Findings are reported in source order.
 *
 * Inside a condition, a name that is neither a property nor an attribute
 * the component has (nor a workload value: `slo` may be set once there) is
 * missing: comparisons with it are false and `not` of
 * it is true, so `not backup` reads as "no backup declared".  Words are
 * compared as strings: `role == "balancer"`.
 */
#include "internal.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "adjacency.h"
#include "analyze.h"
#include "estimate.h"
#include "eval.h"
#include "model.h"
#include "quantity.h"
#include "review.h"
#include "units.h"

/* ---- a component's properties ---- */

/* One component under review, with what the rules may read of it. */
struct subject {
  const struct review_input *in;
  int v;
};

static void set_number(struct arch_value *out, double v, signed char time, signed char bytes) {
  memset(out, 0, sizeof *out);
  out->type = VAL_NUMBER;
  out->num = v;
  out->dim = (struct arch_dim){time, bytes};
}

static void set_ratio(struct arch_value *out, double v) {
  set_number(out, v, 0, 0);
  out->percent = true;
}

static void set_bool(struct arch_value *out, bool b) {
  memset(out, 0, sizeof *out);
  out->type = VAL_BOOL;
  out->boolean = b;
}

static void set_word(struct arch_value *out, const char *w) {
  memset(out, 0, sizeof *out);
  out->type = w ? VAL_WORD : VAL_NONE;
  out->str = w;
}

/* Every property a condition can read, beside the component's attributes.
   A name is matched against this table once; the index is kept on the
   expression (ast_expr.property), so evaluating a rule over ten thousand
   components does not compare strings. */
#define PROPERTIES(X)                                                           \
  X(P_NAME, "name") X(P_PATH, "path") X(P_LABEL, "label") X(P_KIND, "kind")     \
  X(P_ROLE, "role") X(P_READS, "reads") X(P_WRITES, "writes")                   \
  X(P_READS_PEAK, "reads.peak") X(P_WRITES_PEAK, "writes.peak") X(P_LOAD, "load") \
  X(P_LOAD_PEAK, "load.peak") X(P_UTIL, "util") X(P_UTIL_PEAK, "util.peak")     \
  X(P_HEADROOM, "headroom") X(P_CAPACITY_TOTAL, "capacity.total")               \
  X(P_RESPONSE, "response") X(P_RESPONSE_PEAK, "response.peak")                 \
  X(P_BACKLOG, "backlog") X(P_DRAIN, "drain") X(P_HOT_SET, "hot_set")           \
  X(P_MEMORY_TOTAL, "memory.total") X(P_STORAGE_NEEDED, "storage.needed")       \
  X(P_BANDWIDTH_PEAK, "bandwidth.peak") X(P_COLD_UTIL, "cold_util")             \
  X(P_HEADROOM_AFTER_LOSS, "headroom.after_loss") X(P_LATENCY_READ, "latency.read") \
  X(P_LATENCY_WRITE, "latency.write") X(P_PARTITIONS_NEEDED, "partitions.needed") \
  X(P_SPOF, "spof") X(P_SPOF_FOR, "spof_for") X(P_ZONE_SPOF, "zone_spof")       \
  X(P_REGION_SPOF, "region_spof") X(P_ZONES, "zones") X(P_TIER_ZONES, "tier_zones") \
  X(P_REGION_ZONES, "region_zones") X(P_UNCOVERED_ZONE, "uncovered_zone")       \
  X(P_CACHED, "cached") X(P_SERVED_WITHOUT_CDN, "served_without_cdn")           \
  X(P_BEHIND_BALANCER, "behind_balancer") X(P_ENTRY, "entry")                   \
  X(P_SYNC_WRITE_FANOUT, "sync_write_fanout") X(P_CROSS_REGION, "cross_region") \
  X(P_CONNECTIONS, "connections") X(P_CALLS_WITHOUT_TIMEOUT, "calls_without_timeout") \
  X(P_IN_SYNC_CYCLE, "in_sync_cycle") X(P_QUORUM_PROBLEM, "quorum_problem")     \
  X(P_AVAILABILITY, "availability") X(P_DIRECT_STORES, "direct_stores")         \
  X(P_REACHABLE, "reachable") X(P_DEGREE_IN, "degree.in") X(P_DEGREE_OUT, "degree.out") \
  X(P_DESIGN_ZONES, "design.zones") X(P_DESIGN_REGIONS, "design.regions")       \
  X(P_DESIGN_CLIENTS, "design.clients") X(P_SLO_FLOW, "slo_flow")                 \
  X(P_SLO_FLOW_LATENCY, "slo_flow.latency") X(P_SLO_FLOW_SLO, "slo_flow.slo")     \
  X(P_SPLIT_GUESS, "split_guess") X(P_LOST, "lost")                              \
  X(P_LOST_DETAIL, "lost_detail") X(P_IDLE_EDGES, "idle_edges")                 \
  X(P_IDLE_WHY, "idle_why") X(P_REPEATED_EDGES, "repeated_edges")               \
  X(P_IGNORED, "ignored_attribute") X(P_IGNORED_WHY, "ignored_why")            \
  X(P_CAPACITY_READ, "capacity.read") X(P_CAPACITY_WRITE, "capacity.write")      \
  X(P_SPOF_FLOWS, "spof_flows")

#define PROPERTY_ENUM(id, text) id,
#define PROPERTY_NAME(id, text) text,
/* P_OTHER: an attribute, a workload value or nothing; once a component
   lacks it, whether it is named like a unit is kept too: P_OTHER_WORD or
   P_OTHER_UNIT (subject_lookup). */
enum property { P_UNRESOLVED, PROPERTIES(PROPERTY_ENUM) P_OTHER, P_OTHER_WORD, P_OTHER_UNIT };
static const char *const property_names[] = {"", PROPERTIES(PROPERTY_NAME)};

static enum property property_of(const char *name) {
  for (int p = 1; p < P_OTHER; p++)
    if (strcmp(property_names[p], name) == 0) return (enum property)p;
  return P_OTHER;
}

/* The estimate's entry for client `v`, or NULL.  The clients are in
   component order (find_clients), so a binary search: a linear one, for
   every client of a design with thousands, made the review quadratic. */
static const struct est_client *client_of(const struct estimate *E, int v) {
  size_t lo = 0, hi = E->n_clients;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (E->clients[mid].component < v) lo = mid + 1;
    else hi = mid;
  }
  return lo < E->n_clients && E->clients[lo].component == v ? &E->clients[lo] : NULL;
}

/* The first declared flow slower at peak than its latency_slo whose
   slowest component (else first client) is `v`, or -1: one finding per
   flow, on the component to fix first. */
static int slo_flow(const struct arch_model *m, const struct estimate *E, int v) {
  for (size_t i = 0; i < m->n_flows; i++) {
    const struct arch_flow *fl = &m->flows[i];
    const struct est_flow *x = &E->flows[i];
    if (fl->latency_slo <= 0 || !(x->latency_peak > fl->latency_slo)) continue;
    if ((x->slowest >= 0 ? x->slowest : fl->from[0]) == v) return (int)i;
  }
  return -1;
}

/* The value of property `p` for the subject; false when it has none (a
   client's latency asked of a service, say). */
static bool property(const struct subject *s, enum property p, struct arch_value *out) {
  const struct arch_model *m = s->in->model;
  const struct arch_component *comp = &m->components[s->v];
  const struct estimate *E = s->in->estimate;
  const struct est_component *x = &E->components[s->v];
  const struct analysis *A = s->in->analysis;
  const struct comp_facts *f = &A->facts[s->v];
  switch (p) {
  case P_NAME: set_word(out, comp->name); break;
  case P_PATH: set_word(out, comp->path); break;
  case P_LABEL: set_word(out, comp->label ? comp->label : comp->name); break;
  case P_KIND: set_word(out, comp->kind ? comp->kind->name : NULL); break;
  case P_ROLE: set_word(out, arch_role_names[arch_role_of(comp)]); break;
  case P_READS: set_number(out, x->reads, -1, 0); break;
  case P_WRITES: set_number(out, x->writes, -1, 0); break;
  case P_READS_PEAK: set_number(out, x->peak_reads, -1, 0); break;
  case P_WRITES_PEAK: set_number(out, x->peak_writes, -1, 0); break;
  case P_LOAD: set_number(out, x->reads + x->writes, -1, 0); break;
  case P_LOAD_PEAK: set_number(out, x->peak_reads + x->peak_writes, -1, 0); break;
  case P_UTIL: set_ratio(out, x->util); break;
  case P_UTIL_PEAK: set_ratio(out, x->util_peak); break;
  case P_HEADROOM: set_number(out, x->headroom, 0, 0); break;
  case P_CAPACITY_TOTAL: set_number(out, x->capacity, -1, 0); break;
  case P_RESPONSE: set_number(out, x->resp < 0 ? INFINITY : x->resp, 1, 0); break;
  case P_RESPONSE_PEAK: set_number(out, x->resp_peak < 0 ? INFINITY : x->resp_peak, 1, 0); break;
  case P_BACKLOG: set_number(out, x->backlog_per_hour, 0, 0); break;
  case P_DRAIN:
    if (x->backlog_per_hour > 0 && x->drain_seconds >= 0) set_number(out, x->drain_seconds, 1, 0);
    else set_word(out, x->backlog_per_hour > 0 ? "never" : NULL);
    break;
  case P_HOT_SET: set_number(out, x->hot_set, 0, 1); break;
  case P_MEMORY_TOTAL: set_number(out, x->memory, 0, 1); break;
  case P_STORAGE_NEEDED:
    set_number(out, x->storage_total / arch_component_number(comp, "replicas", 1) /
                        arch_component_number(comp, "shards", 1), 0, 1);
    break;
  case P_BANDWIDTH_PEAK: set_number(out, (x->peak_reads + x->peak_writes) * x->item_size, -1, 1); break;
  case P_COLD_UTIL: set_ratio(out, f->cold_util); break;
  case P_HEADROOM_AFTER_LOSS: {
    /* One replica fewer: a store's survivors share its reads, but each
       already applies every write; other pools share everything. */
    /* Looked up here only: reading it for every property was a tenth of
       a large review. */
    double replicas = arch_component_number(comp, "replicas", 1), after = 0;
    if (replicas >= 2 && arch_component_has(comp, TRAIT_STORES)) {
      double shards = arch_component_number(comp, "shards", 1);
      double skew = arch_component_number(comp, "skew", 1);
      double rc = arch_class_capacity(comp, true), wc = arch_class_capacity(comp, false);
      double busy = (x->peak_reads > 0 && rc > 0 ? skew * x->peak_reads / shards / (replicas - 1) / rc : 0) +
                    (x->peak_writes > 0 && wc > 0 ? skew * x->peak_writes / shards / wc : 0);
      after = busy > 0 ? 1 / busy : 0;
    } else if (replicas >= 2) {
      after = x->headroom * (replicas - 1) / replicas;
    }
    set_number(out, after, 0, 0);
    break;
  }
  case P_LATENCY_READ: case P_LATENCY_WRITE: {
    const struct est_client *cl = client_of(E, s->v);
    if (!cl) return false;
    set_number(out, p == P_LATENCY_READ ? cl->read_latency_peak : cl->write_latency_peak, 1, 0);
    break;
  }
  case P_PARTITIONS_NEEDED: set_number(out, f->partitions_needed, 0, 0); break;
  case P_SPOF: set_bool(out, f->spof); break;
  case P_SPOF_FOR: *out = f->spof_for; break;
  case P_SPOF_FLOWS: *out = f->spof_flows; break;
  case P_ZONE_SPOF: set_word(out, f->zone_spof); break;
  case P_REGION_SPOF: set_word(out, f->region_spof); break;
  case P_ZONES: set_number(out, f->zones, 0, 0); break;
  case P_TIER_ZONES: set_number(out, f->tier_zones, 0, 0); break;
  case P_REGION_ZONES: set_number(out, f->region_zones, 0, 0); break;
  case P_UNCOVERED_ZONE: set_word(out, f->uncovered_zone); break;
  case P_CACHED: set_bool(out, f->cached); break;
  case P_SERVED_WITHOUT_CDN: set_bool(out, f->served_without_cdn); break;
  case P_BEHIND_BALANCER: set_bool(out, f->behind_balancer); break;
  case P_ENTRY: set_bool(out, f->entry); break;
  case P_SYNC_WRITE_FANOUT: set_number(out, f->sync_write_fanout, 0, 0); break;
  case P_CROSS_REGION: *out = f->cross_region; break;
  case P_CONNECTIONS: set_number(out, f->connections, 0, 0); break;
  case P_CALLS_WITHOUT_TIMEOUT: set_number(out, f->calls_without_timeout, 0, 0); break;
  case P_IN_SYNC_CYCLE: set_bool(out, f->in_sync_cycle); break;
  case P_QUORUM_PROBLEM: set_word(out, f->quorum_problem); break;
  case P_AVAILABILITY:
    if (!arch_component_has(comp, TRAIT_ORIGINATES)) return false;
    set_ratio(out, f->availability);
    break;
  case P_DIRECT_STORES: *out = f->direct_stores; break;
  case P_REACHABLE: set_bool(out, f->reachable); break;
  case P_DEGREE_IN: set_number(out, f->deg_in, 0, 0); break;
  case P_DEGREE_OUT: set_number(out, f->deg_out, 0, 0); break;
  case P_DESIGN_ZONES: set_number(out, A->zones, 0, 0); break;
  case P_DESIGN_REGIONS: set_number(out, A->regions, 0, 0); break;
  case P_DESIGN_CLIENTS: set_number(out, A->clients, 0, 0); break;
  case P_SLO_FLOW: case P_SLO_FLOW_LATENCY: case P_SLO_FLOW_SLO: {
    int i = slo_flow(m, E, s->v);
    if (i < 0) set_word(out, NULL);
    else if (p == P_SLO_FLOW) set_word(out, m->flows[i].name);
    else if (p == P_SLO_FLOW_SLO) set_number(out, m->flows[i].latency_slo, 1, 0);
    else set_number(out, E->flows[i].latency_peak, 1, 0);
    break;
  }
  case P_SPLIT_GUESS: set_word(out, x->split_guess ? m->flows[x->split_guess - 1].name : NULL); break;
  case P_LOST: set_number(out, f->lost, -1, 0); break;
  case P_CAPACITY_READ: case P_CAPACITY_WRITE: {
    double cap = arch_class_capacity(comp, p == P_CAPACITY_READ);
    if (cap <= 0) return false;
    set_number(out, cap, -1, 0);
    break;
  }
  case P_LOST_DETAIL: set_word(out, f->lost_detail); break;
  case P_IDLE_EDGES: *out = f->idle_edges; break;
  case P_IDLE_WHY: set_word(out, f->idle_why); break;
  case P_REPEATED_EDGES: *out = f->repeated_edges; break;
  case P_IGNORED: set_word(out, f->ignored); break;
  case P_IGNORED_WHY: set_word(out, f->ignored_why); break;
  default: return false;
  }
  return true;
}

/* The property a name in a rule stands for, matched once and kept. */
static enum property resolved(const struct ast_expr *e) {
  if (e->property == P_UNRESOLVED) ((struct ast_expr *)e)->property = property_of(e->name);
  return (enum property)e->property;
}

/* Every name in `e` given what it stands for now, the unit test of
   subject_lookup included, so that review_run never writes to these
   nodes: a prelude's syntax tree is shared, read-only, by compilations. */
static void bind_expr(struct ast_expr *e) {
  for (; e; e = e->next) {
    if (e->op == EXPR_NAME && e->property == P_UNRESOLVED) {
      e->property = property_of(e->name);
      if (e->property == P_OTHER) e->property = units_find(e->name) ? P_OTHER_UNIT : P_OTHER_WORD;
    }
    bind_expr(e->left);
    bind_expr(e->right);
  }
}

void review_bind_names(struct ast_stmt *program) {
  for (struct ast_stmt *s = program; s; s = s->next) {
    for (struct ast_attr *a = s->attrs; a; a = a->next) bind_expr(a->value);
    review_bind_names(s->body);
  }
}

/* The call behind property `p` of the subject, or -1: a fact about calls
   knows the first edge that makes it hold (analyze.h). */
static int property_edge(const struct subject *s, enum property p) {
  const struct comp_facts *f = &s->in->analysis->facts[s->v];
  switch (p) {
  case P_SYNC_WRITE_FANOUT: return f->sync_write_edge;
  case P_CROSS_REGION: return f->cross_region_edge;
  case P_CALLS_WITHOUT_TIMEOUT: return f->timeout_edge;
  case P_DIRECT_STORES: return f->direct_store_edge;
  case P_IDLE_EDGES: return f->idle_edge;
  case P_REPEATED_EDGES: return f->repeated_edge;
  case P_IGNORED: return f->ignored_edge;
  default: return -1;
  }
}

/* The notes behind property `p` of the subject, and where it points when
   that is an attribute (ignored_attribute). */
static const struct fact_notes *property_notes(const struct subject *s, enum property p,
                                               const struct arch_loc **at) {
  const struct comp_facts *f = &s->in->analysis->facts[s->v];
  switch (p) {
  case P_IDLE_EDGES: return &f->idle_notes;
  case P_REPEATED_EDGES: return &f->repeated_notes;
  case P_IGNORED:
    if (f->ignored) *at = &f->ignored_loc;
    return &f->ignored_notes;
  default: return NULL;
  }
}

/* The first notes behind a property that condition `e` reads (as
   condition_edge), and where the finding points if not at its edge. */
static const struct fact_notes *condition_notes(const struct subject *s, const struct ast_expr *e,
                                                const struct arch_loc **at) {
  for (; e; e = e->next) {
    const struct fact_notes *n = e->op == EXPR_NAME ? property_notes(s, resolved(e), at) : NULL;
    if (!n) n = condition_notes(s, e->left, at);
    if (!n) n = condition_notes(s, e->right, at);
    if (n) return n;
  }
  return NULL;
}

/* The first call behind a property that condition `e` reads, or -1.  Read
   from the condition, not the rule's name, so a design's own rule on
   cross_region points at the call too. */
static int condition_edge(const struct subject *s, const struct ast_expr *e) {
  for (; e; e = e->next) {
    int edge = e->op == EXPR_NAME ? property_edge(s, resolved(e)) : -1;
    if (edge < 0) edge = condition_edge(s, e->left);
    if (edge < 0) edge = condition_edge(s, e->right);
    if (edge >= 0) return edge;
  }
  return -1;
}

/* The flow behind a condition that reads slo_flow, or -1. */
static int condition_flow(const struct subject *s, const struct ast_expr *e) {
  for (; e; e = e->next) {
    if (e->op == EXPR_NAME && resolved(e) == P_SLO_FLOW)
      return slo_flow(s->in->model, s->in->estimate, s->v);
    int f = condition_flow(s, e->left);
    if (f < 0) f = condition_flow(s, e->right);
    if (f >= 0) return f;
  }
  return -1;
}

static int subject_lookup(void *ctx, const struct ast_expr *e, struct arch_value *out) {
  const struct subject *s = ctx;
  const struct arch_model *m = s->in->model;
  const struct arch_component *comp = &m->components[s->v];
  enum property p = resolved(e);
  if (p < P_OTHER && property(s, p, out)) return 1;
  const char *name = e->name;
  if (strncmp(name, "workload.", 9) == 0) {
    const struct arch_value *w = arch_workload(m, name + 9);
    if (w) *out = *w;
    else set_word(out, NULL);
    return 1;
  }
  const struct arch_value *a = arch_component_attr(comp, name);
  if (a) return *out = *a, 1;
  /* Targets like slo and latency_slo may be set once, in the workload. */
  const struct arch_value *w = arch_workload(m, name);
  if (w) return *out = *w, 1;
  if (strcmp(name, "replicas") == 0 || strcmp(name, "shards") == 0 ||
      strcmp(name, "partitions") == 0)
    return set_number(out, 1, 0, 0), 1;
  /* The unit table searched once per name in a rule, not once per
     component that lacks the attribute. */
  if (p == P_OTHER) ((struct ast_expr *)e)->property = p = units_find(name) ? P_OTHER_UNIT
                                                                           : P_OTHER_WORD;
  if (p == P_OTHER_UNIT) return 0;
  set_word(out, NULL);  /* an attribute this component does not have */
  return 1;
}

/* ---- messages ---- */

/* Writes what placeholder {name} stands for. */
typedef void placeholder_fill(FILE *f, const char *name, void *ctx);

/* A memory stream that messages are written into, opened once for a
   whole review: opening one per message (glibc zeroes a buffer for each)
   was a third of the review of a design with thousands of findings. */
struct text_buffer {
  FILE *f;
  char *buf;
  size_t len;
};

static void text_buffer_close(struct text_buffer *b) {
  if (b->f) fclose(b->f);
  free(b->buf);
  *b = (struct text_buffer){0};
}

/* `text` with each {name} replaced by what `fill` writes for it, written
   through `b` (NULL: a buffer of its own); NULL when memory runs out. */
static char *fill_placeholders(archc *c, struct text_buffer *b, const char *text,
                               placeholder_fill *fill, void *ctx) {
  struct text_buffer own = {0};
  if (!b) b = &own;
  if (!b->f) b->f = open_memstream(&b->buf, &b->len);
  if (!b->f) return NULL;
  FILE *f = b->f;
  rewind(f);
  for (const char *p = text; *p; p++) {
    const char *close = *p == '{' ? strchr(p, '}') : NULL;
    if (!close) {
      /* The text up to the next '{' at once: a locked fputc per byte was
         6% of a check with thousands of findings. */
      size_t run = 1 + strcspn(p + 1, "{");
      fwrite(p, 1, run, f);
      p += run - 1;
      continue;
    }
    fill(f, arena_strndup(&c->arena, p + 1, (size_t)(close - p - 1)), ctx);
    p = close;
  }
  /* The stream is reused, so this text ends where it now stands. */
  long end = fflush(f) == 0 ? ftell(f) : -1;
  char *out = end >= 0 ? arena_strndup(&c->arena, b->buf, (size_t)end) : NULL;
  if (b == &own) text_buffer_close(&own);
  return out;
}

/* The component's value, as a finding shows it. */
static void subject_value(FILE *f, const char *name, void *ctx) {
  struct ast_expr e = {0};
  e.op = EXPR_NAME;
  e.name = name;
  struct arch_value v = {0};
  if (subject_lookup(ctx, &e, &v) <= 0) set_word(&v, name);
  value_print(f, &v);
}

static const char *expand(archc *c, struct text_buffer *b, const char *text, struct subject *s) {
  const char *out = text ? fill_placeholders(c, b, text, subject_value, s) : NULL;
  return out ? out : text;
}

/* For no component in particular: {name} is "the component", {hit_ratio}
   "its hit_ratio", {workload.slo} "the workload's slo". */
static void generic_value(FILE *f, const char *name, void *ctx) {
  (void)ctx;
  if (strcmp(name, "name") == 0 || strcmp(name, "path") == 0 || strcmp(name, "label") == 0)
    fputs("the component", f);
  else if (strncmp(name, "workload.", 9) == 0) fprintf(f, "the workload's %s", name + 9);
  else if (strncmp(name, "design.", 7) == 0) fprintf(f, "the design's %s", name + 7);
  else fprintf(f, "its %s", name);
}

const char *review_rule_text(archc *c, const char *text) {
  char *out = text ? fill_placeholders(c, NULL, text, generic_value, NULL) : NULL;
  if (!out) return text;
  /* "{name} has no owner" begins a sentence: "The component has ...". */
  if (text[0] == '{' && out[0] >= 'a' && out[0] <= 'z') out[0] = (char)(out[0] - 'a' + 'A');
  return out;
}

/* ---- running the rules ---- */

static bool listed(const char *const *list, size_t n, const char *id) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], id) == 0) return true;
  return false;
}

static enum arch_severity severity_for(const struct review_input *in, const struct arch_rule *r,
                                       int v) {
  const struct arch_model *m = in->model;
  enum arch_severity sev = r->severity;
  for (size_t i = 0; i < m->n_reviews; i++)
    if (m->reviews[i].component < 0 && strcmp(m->reviews[i].rule, r->id) == 0) sev = m->reviews[i].severity;
  for (size_t i = 0; i < m->n_reviews; i++)
    if (m->reviews[i].component == v && strcmp(m->reviews[i].rule, r->id) == 0) sev = m->reviews[i].severity;
  if (listed(in->disable, in->n_disable, r->id)) return SEV_OFF;
  if (listed(in->enable, in->n_enable, r->id) && sev == SEV_OFF) return SEV_WARNING;
  return sev;
}

static bool applies(const struct arch_rule *r, const struct arch_component *comp) {
  if (!r->applies) return true;
  for (size_t i = 0; i < r->n_applies; i++)
    if (arch_kind_is(comp->kind, r->applies[i])) return true;
  return false;
}

bool review_known_rule(archc *c, const struct arch_model *m, const char *id) {
  if (arch_find_rule(m, id)) return true;
  diag_plain(c, DIAG_ERROR, "unknown rule '%s'", id);
  const char *best = arch_rule_suggestion(m, id);
  diag_help(c, best ? "did you mean '%s'?" : "'archc rules' lists them", best);
  return false;
}

/* ---- findings grouped by cause ---- */

/* The first finding of component v's run [first[v], first[v + 1]) that
   stays a finding, of cause `cause` and at least `sev`; -1 if none. */
static int primary_of(const struct review *R, const size_t *first, const int *host, int v,
                      const char *cause, enum arch_severity sev) {
  for (size_t i = first[v]; i < first[v + 1]; i++) {
    const struct finding *f = &R->findings[i];
    if (host[i] < 0 && f->rule->cause && strcmp(f->rule->cause, cause) == 0 && f->severity >= sev)
      return (int)i;
  }
  return -1;
}

/* One finding per component per cause: the most severe of a component's
   findings whose rules name the same `cause` stays, the others become its
   notes.  Consequences elsewhere join the finding that causes them: a
   queue's backlog the error of one of its consumers of the same cause, a
   client's latency, when a saturated component makes it unbounded, the
   error of the same cause on a component it reaches.  Each attached
   finding keeps its rule, severity, message, help and place, so JSON and
   SARIF can tell them apart.  Linear in findings, plus a search from each
   client whose latency is unbounded (at most ANALYZE_MAX_CLIENTS). */
static void group_by_cause(archc *c, const struct review_input *in, struct review *R) {
  const struct arch_model *m = in->model;
  size_t n = m->n_components, nf = R->n_findings;
  if (nf < 2) return;
  size_t *first = arena_alloc(&c->arena, (n + 2) * sizeof *first);
  for (size_t i = 0; i < nf; i++) first[R->findings[i].component + 1]++;
  for (size_t v = 0; v < n; v++) first[v + 1] += first[v];
  int *host = arena_alloc(&c->arena, (nf + 1) * sizeof *host);
  for (size_t i = 0; i < nf; i++) host[i] = -1;
  /* The same component: findings are in component order, so each
     component's are one run. */
  for (size_t v = 0; v < n; v++) {
    for (size_t i = first[v]; i < first[v + 1]; i++) {
      const struct finding *f = &R->findings[i];
      if (!f->rule->cause || host[i] >= 0) continue;
      size_t best = i;
      for (size_t j = i + 1; j < first[v + 1]; j++) {
        const struct finding *g = &R->findings[j];
        if (g->rule->cause && strcmp(g->rule->cause, f->rule->cause) == 0 &&
            g->severity > R->findings[best].severity)
          best = j;
      }
      for (size_t j = i; j < first[v + 1]; j++) {
        const struct finding *g = &R->findings[j];
        if (j != best && g->rule->cause && strcmp(g->rule->cause, f->rule->cause) == 0)
          host[j] = (int)best;
      }
    }
  }
  /* Other components: a queue's consumers, a client's path. */
  struct adjacency adj;
  bool adjacency_built = false;
  bool *seen = NULL;
  int *queue = NULL;
  size_t searches = 0;
  for (size_t i = 0; i < nf; i++) {
    const struct finding *f = &R->findings[i];
    if (host[i] >= 0 || !f->rule->cause) continue;
    const struct arch_component *comp = &m->components[f->component];
    bool is_queue = arch_component_has(comp, TRAIT_DECOUPLES);
    const struct est_client *cl = arch_component_has(comp, TRAIT_ORIGINATES)
                                      ? client_of(in->estimate, f->component) : NULL;
    bool unbounded = cl && (isinf(cl->read_latency_peak) || isinf(cl->write_latency_peak));
    if (!is_queue && !unbounded) continue;
    if (!adjacency_built) {
      adjacency_build(&c->arena, m, true, &adj);
      seen = arena_alloc(&c->arena, n + 1);
      queue = arena_alloc(&c->arena, (n + 1) * sizeof *queue);
      adjacency_built = true;
    }
    int to = -1;
    if (is_queue) {
      for (size_t k = adj.out_first[f->component]; k < adj.out_first[f->component + 1] && to < 0; k++)
        to = primary_of(R, first, host, m->edges[adj.out[k]].to, f->rule->cause, SEV_ERROR);
    } else if (searches++ < ANALYZE_MAX_CLIENTS) {
      /* Breadth first along synchronous calls: the nearest cause. */
      memset(seen, 0, n);
      size_t head = 0, tail = 0;
      queue[tail++] = f->component;
      seen[f->component] = true;
      while (head < tail && to < 0) {
        int v = queue[head++];
        if (v != f->component) to = primary_of(R, first, host, v, f->rule->cause, SEV_ERROR);
        for (size_t k = adj.out_first[v]; k < adj.out_first[v + 1]; k++) {
          const struct arch_edge *e = &m->edges[adj.out[k]];
          if (seen[e->to] || arch_edge_async(m, e)) continue;
          seen[e->to] = true;
          queue[tail++] = e->to;
        }
      }
    }
    if (to >= 0 && to != (int)i) host[i] = to;
  }
  /* Attach each to the finding that stays, in source order. */
  size_t *cap = arena_alloc(&c->arena, (nf + 1) * sizeof *cap);
  bool *own = arena_alloc(&c->arena, nf + 1);  /* notes array already copied */
  for (size_t i = 0; i < nf; i++) {
    if (host[i] < 0) continue;
    size_t root = (size_t)host[i];
    for (size_t hops = 0; host[root] >= 0 && hops < nf; hops++) root = (size_t)host[root];
    struct finding *to = &R->findings[root];
    const struct finding *f = &R->findings[i];
    if (!own[root]) {
      /* Its notes may be a fact's, shared: a copy of its own to grow. */
      struct analysis_note *copy = NULL;
      size_t k = 0;
      for (size_t j = 0; j < to->n_notes; j++) ARENA_PUSH(&c->arena, &copy, &k, &cap[root], to->notes[j]);
      to->notes = copy;
      own[root] = true;
    }
    struct analysis_note *notes = (struct analysis_note *)to->notes;
    size_t k = to->n_notes;
    struct analysis_note note = {review_finding_loc(m, f), f->message, f->rule, f->severity, f->help,
                                 f->component};
    ARENA_PUSH(&c->arena, &notes, &k, &cap[root], note);
    for (size_t j = 0; j < f->n_notes; j++) ARENA_PUSH(&c->arena, &notes, &k, &cap[root], f->notes[j]);
    to->notes = notes;
    to->n_notes = k;
  }
  size_t kept = 0;
  for (size_t i = 0; i < nf; i++)
    if (host[i] < 0) R->findings[kept++] = R->findings[i];
  R->n_grouped = nf - kept;
  R->n_findings = kept;
}

struct review *review_run(archc *c, const struct review_input *in) {
  const struct arch_model *m = in->model;
  /* --enable and --disable name rules that exist; a wrong one is a usage error. */
  bool names_ok = true;
  for (size_t i = 0; i < in->n_enable; i++) names_ok &= review_known_rule(c, m, in->enable[i]);
  for (size_t i = 0; i < in->n_disable; i++) names_ok &= review_known_rule(c, m, in->disable[i]);
  if (!names_ok) return NULL;
  int errors = c->n_errors;
  struct review *R = arena_alloc(&c->arena, sizeof *R);
  size_t cap = 0;
  /* allow_at[v]: index of component v's first exception in `used`. */
  size_t *allow_at = arena_alloc(&c->arena, (m->n_components + 1) * sizeof *allow_at);
  for (size_t v = 0; v < m->n_components; v++)
    allow_at[v + 1] = allow_at[v] + m->components[v].n_allows;
  bool *used = arena_alloc(&c->arena, allow_at[m->n_components] + 1);
  bool *broken = arena_alloc(&c->arena, m->n_rules + 1);  /* reported once, then quiet */
  bool *checked = arena_alloc(&c->arena, m->n_rules + 1);
  struct text_buffer text = {0};                           /* the findings' messages */

  for (size_t v = 0; v < m->n_components; v++) {
    const struct arch_component *comp = &m->components[v];
    for (size_t r = 0; r < m->n_rules; r++) {
      const struct arch_rule *rule = &m->rules[r];
      if (!applies(rule, comp)) continue;
      enum arch_severity sev = severity_for(in, rule, (int)v);
      if (sev == SEV_OFF) continue;
      checked[r] = true;
      struct subject s = {in, (int)v};
      struct eval_env env = {c, m->month_seconds, subject_lookup, &s, broken[r], NULL, 0};
      struct arch_value result;
      if (!eval_expr(&env, rule->when, &result)) {
        broken[r] = true;
        continue;
      }
      if (!value_truthy(&result)) continue;
      bool allowed = false;
      for (size_t a = 0; a < comp->n_allows; a++)
        if (strcmp(comp->allows[a].rule, rule->id) == 0) allowed = used[allow_at[v] + a] = true;
      if (allowed) continue;
      struct finding f = {rule, (int)v, condition_edge(&s, rule->when), sev,
                          expand(c, &text, rule->message, &s), expand(c, &text, rule->help, &s),
                          condition_flow(&s, rule->when), NULL, NULL, 0};
      const struct fact_notes *notes = condition_notes(&s, rule->when, &f.at);
      if (notes) f.notes = notes->at, f.n_notes = notes->n;
      ARENA_PUSH(&c->arena, &R->findings, &R->n_findings, &cap, f);
      R->failed |= sev == SEV_ERROR || (sev == SEV_WARNING && in->warnings_are_errors);
    }
  }
  text_buffer_close(&text);
  group_by_cause(c, in, R);
  size_t k = 0;
  for (size_t v = 0; v < m->n_components; v++) {
    for (size_t a = 0; a < m->components[v].n_allows; a++, k++) {
      const struct arch_allow *al = &m->components[v].allows[a];
      const struct arch_rule *rule = arch_find_rule(m, al->rule);
      if (used[k] || !rule || severity_for(in, rule, (int)v) == SEV_OFF) continue;
      diag_at(c, DIAG_WARNING, al->loc, "'allow %s' on %s suppresses nothing", al->rule,
              m->components[v].path);
      diag_help(c, "the rule does not fire here; remove the exception");
    }
  }
  /* A rule that cannot be evaluated (comparing a count with a size) is an
     error in the design, like any other. */
  R->failed |= c->n_errors > errors;
  for (size_t r = 0; r < m->n_rules; r++) R->n_rules_checked += checked[r];
  return R;
}

struct arch_loc review_finding_loc(const struct arch_model *m, const struct finding *f) {
  /* Findings are read against the model they were made on (a what-if's
     has its own), so their indices are that model's. */
  assert(f->component >= 0 && (size_t)f->component < m->n_components);
  assert(f->edge < 0 || (size_t)f->edge < m->n_edges);
  if (f->at) return *f->at;
  if (f->flow >= 0 && (size_t)f->flow < m->n_flows) {
    const struct arch_attr *slo = arch_flow_attr(&m->flows[f->flow], "latency_slo");
    return slo ? slo->loc : m->flows[f->flow].loc;
  }
  return f->edge >= 0 ? m->edges[f->edge].loc : m->components[f->component].loc;
}

const char *review_count_by_rule(struct arena *a, const struct finding *f, size_t from, size_t n,
                                 bool (*keep)(const struct finding *), size_t *total) {
  /* The distinct rules, by linear search: a design has a few dozen rules,
     and this runs once per output. */
  struct tally {
    const struct arch_rule *rule;
    size_t count;
  } *tally = NULL;
  size_t n_rules = 0, cap = 0;
  *total = 0;
  for (size_t i = from; i < n; i++) {
    if (keep && !keep(&f[i])) continue;
    ++*total;
    size_t r = 0;
    while (r < n_rules && tally[r].rule != f[i].rule) r++;
    if (r == n_rules) {
      struct tally t = {f[i].rule, 0};
      ARENA_PUSH(a, &tally, &n_rules, &cap, t);
    }
    tally[r].count++;
  }
  size_t size = 1;
  for (size_t r = 0; r < n_rules; r++) size += strlen(tally[r].rule->id) + 32;
  char *out = arena_alloc(a, size);
  size_t used = 0;
  for (size_t k = 0; k < n_rules; k++) {
    size_t best = 0;  /* the most frequent left; the first seen on a tie */
    for (size_t r = 1; r < n_rules; r++)
      if (tally[r].count > tally[best].count) best = r;
    char num[48];
    used += (size_t)snprintf(out + used, size - used, "%s%s %s", k ? ", " : "",
                             tally[best].rule->id,
                             quantity_grouped((double)tally[best].count, num, sizeof num));
    tally[best].count = 0;
  }
  return out;
}

void review_print(archc *c, const struct arch_model *m, const struct review *R) {
  c->uncapped = true;
  size_t shown = R->n_findings < REVIEW_FINDINGS_SHOWN ? R->n_findings : REVIEW_FINDINGS_SHOWN;
  for (size_t i = 0; i < shown; i++) {
    const struct finding *f = &R->findings[i];
    static const enum diag_level level[] = {DIAG_NOTE, DIAG_NOTE, DIAG_WARNING, DIAG_ERROR};
    c->rule = f->rule->id;
    diag_at(c, level[f->severity], review_finding_loc(m, f), "%s", f->message);
    if (f->help) diag_help(c, "%s", f->help);
    /* A note belongs to the finding above it; it is no finding of the rule. */
    c->rule = NULL;
    for (size_t k = 0; k < f->n_notes; k++) {
      const struct analysis_note *note = &f->notes[k];
      if (note->rule)
        diag_at(c, DIAG_NOTE, note->loc, "and, of the same cause: %s [%s]", note->message, note->rule->id);
      else
        diag_at(c, DIAG_NOTE, note->loc, "%s", note->message);
    }
  }
  c->rule = NULL;
  c->uncapped = false;
  if (shown < R->n_findings) {
    /* Thousands of one finding (a generated design) would bury the others
       and the count: the first ones, then the rest by rule. */
    size_t rest;
    const char *by_rule = review_count_by_rule(&c->arena, R->findings, shown, R->n_findings, NULL, &rest);
    char num[48];
    diag_summary(c, "... and %s more: %s", quantity_grouped((double)rest, num, sizeof num),
                 by_rule);
  }
  size_t count[4] = {0};
  for (size_t i = 0; i < R->n_findings; i++) count[R->findings[i].severity]++;
  if (R->n_findings && R->n_grouped)
    diag_summary(c, "review: %zu error%s, %zu warning%s, %zu note%s; %zu more of the same causes, "
                 "as their notes", count[SEV_ERROR], count[SEV_ERROR] == 1 ? "" : "s",
                 count[SEV_WARNING], count[SEV_WARNING] == 1 ? "" : "s", count[SEV_NOTE],
                 count[SEV_NOTE] == 1 ? "" : "s", R->n_grouped);
  else if (R->n_findings)
    diag_summary(c, "review: %zu error%s, %zu warning%s, %zu note%s", count[SEV_ERROR],
                 count[SEV_ERROR] == 1 ? "" : "s", count[SEV_WARNING],
                 count[SEV_WARNING] == 1 ? "" : "s", count[SEV_NOTE],
                 count[SEV_NOTE] == 1 ? "" : "s");
  /* Silence would not say whether anything was checked (0 rules can be
     why); after a rule that could not be evaluated, its error says enough. */
  else if (!R->failed)
    diag_summary(c, "review: no findings (%zu component%s, %zu rule%s)", m->n_components,
                 m->n_components == 1 ? "" : "s", R->n_rules_checked,
                 R->n_rules_checked == 1 ? "" : "s");
}
