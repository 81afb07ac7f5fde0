/*
 * model.h - the resolved design: what every stage after sema.c reads.
 *
 * Names are resolved to indices, kinds to their definitions, values to
 * numbers in base units (seconds, bytes, requests) with their dimension.
 * Arrays are in source order, which makes every output deterministic.
 * The model lives in the compilation's arena and is read-only once built.
 */
#ifndef ARCH_MODEL_H
#define ARCH_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"

/* The behaviour the estimator and the rules give a kind.  Kinds in stdlib/
   choose one with `role = ...`; user kinds inherit their base's.  What a
   role does is data, in the third column: every stage asks these traits
   (arch_role_has) rather than listing roles. */
enum arch_trait {
  TRAIT_ORIGINATES = 1 << 0,    /* requests start here (a client) */
  TRAIT_SPLITS = 1 << 1,        /* divides what it receives among its targets, by weight */
  TRAIT_ALTERNATIVES = 1 << 2,  /* its targets are interchangeable: one of them is enough */
  TRAIT_ANSWERS_READS = 1 << 3, /* serves a share of reads itself (hit ratio), forwards misses */
  TRAIT_STORES = 1 << 4,        /* holds data that clients need: losing it loses the data */
  TRAIT_DECOUPLES = 1 << 5,     /* a queue: callers do not wait, consumers see the average */
  TRAIT_OUTSIDE = 1 << 6        /* run by someone else */
};

#define ARCH_ROLES(X)                                                                  \
  X(ROLE_NONE, "none", 0)                                                              \
  X(ROLE_CLIENT, "client", TRAIT_ORIGINATES)                                           \
  X(ROLE_DNS, "dns", TRAIT_SPLITS | TRAIT_ALTERNATIVES)                                \
  X(ROLE_CDN, "cdn", TRAIT_ANSWERS_READS)                                              \
  X(ROLE_BALANCER, "balancer", TRAIT_SPLITS | TRAIT_ALTERNATIVES)                      \
  X(ROLE_GATEWAY, "gateway", TRAIT_SPLITS)                                             \
  X(ROLE_SERVICE, "service", 0)                                                        \
  X(ROLE_WORKER, "worker", 0)                                                          \
  X(ROLE_CACHE, "cache", TRAIT_ANSWERS_READS)                                          \
  X(ROLE_STORE, "store", TRAIT_STORES)                                                 \
  X(ROLE_OBJECT_STORE, "object_store", TRAIT_STORES)                                   \
  X(ROLE_QUEUE, "queue", TRAIT_DECOUPLES)                                              \
  X(ROLE_SEARCH, "search", TRAIT_STORES)                                               \
  X(ROLE_EXTERNAL, "external", TRAIT_OUTSIDE)

#define ARCH_ROLE_ENUM(id, name, traits) id,
enum arch_role { ARCH_ROLES(ARCH_ROLE_ENUM) ROLE_COUNT };
#undef ARCH_ROLE_ENUM
extern const char *const arch_role_names[ROLE_COUNT];
/* The traits of each role: the third column of ARCH_ROLES. */
extern const unsigned arch_role_traits[ROLE_COUNT];
/* In line: the analyses and the review ask it for every component and
   edge, and a call each was a few percent of reviewing a large design. */
static inline bool arch_role_has(enum arch_role r, enum arch_trait t) {
  return r < ROLE_COUNT && (arch_role_traits[r] & (unsigned)t);
}

/* Utilization bands, the same on the diagram, in reports and in what-ifs:
   under UTIL_BUSY is comfortable, over UTIL_HOT is near saturation, where
   M/M/c waiting time grows steeply (docs/capacity.md). */
#define UTIL_BUSY 0.60
#define UTIL_HOT 0.85

/* A unit's dimension: seconds^time x bytes^bytes.  A rate is time = -1. */
struct arch_dim {
  signed char time, bytes;
};

enum arch_value_type { VAL_NONE, VAL_NUMBER, VAL_STRING, VAL_WORD, VAL_BOOL, VAL_LIST };

struct arch_value {
  enum arch_value_type type;
  double num;                 /* in base units */
  struct arch_dim dim;
  bool percent;               /* written as a percentage */
  bool boolean;
  const char *str;            /* VAL_STRING text, VAL_WORD word */
  struct arch_value *items;   /* VAL_LIST */
  size_t n_items;
};

struct arch_attr {
  const char *name;
  struct arch_value value;
  struct arch_loc loc;
};

struct arch_kind {
  const char *name;
  const struct arch_kind *base;
  enum arch_role role;
  struct arch_attr *attrs;
  size_t n_attrs;
  struct arch_loc loc;
  const struct ast_stmt *decl;
  int state;                  /* sema's visit mark while resolving bases */
};

enum arch_group_type { GROUP_REGION, GROUP_ZONE, GROUP_GROUP };

struct arch_group {
  const char *name, *path, *label;
  enum arch_group_type type;
  int parent;                 /* -1 at top level */
  int depth;
  struct arch_loc loc;
};

enum arch_severity { SEV_OFF, SEV_NOTE, SEV_WARNING, SEV_ERROR };
extern const char *const arch_severity_names[4];

/* `allow rule "reason"` on a component. */
struct arch_allow {
  const char *rule, *reason;
  struct arch_loc loc;
};

struct arch_component {
  const char *name, *path, *label;
  const struct arch_kind *kind;
  int group;                  /* -1 at top level */
  struct arch_attr *attrs;    /* as written on the component */
  size_t n_attrs;
  struct arch_loc loc;
  int next_same_name;         /* next component with this bare name, or -1 */
  struct arch_allow *allows;
  size_t n_allows;
  const struct ast_stmt *decl;
};

struct arch_edge {
  int from, to;
  const char *label;
  bool async, reads, writes;
  double fraction, calls, weight;
  const char *protocol;
  struct arch_attr *attrs;
  size_t n_attrs;
  struct arch_loc loc;
  /* A class an earlier edge between the same two components already
     carries: written twice, counted once (arch_mark_repeats).  `repeats`
     is that earlier edge when either is set. */
  bool repeats_reads, repeats_writes;
  int repeats;
};

/* One edge of a flow's path, with the flow's own edge attributes: those
   written in the flow's brackets, else the edge's. */
struct arch_flow_step {
  int edge;                   /* index into model->edges */
  double fraction, calls;     /* as on edges; 1 unless written */
  bool async;
  double timeout;             /* s; 0: none */
};

/* One kind of request: where it enters, how often, which way it goes, how
   big it is and how fast it must be.  A design without flows gets two
   implicit ones, "reads" and "writes", which enter at every client as the
   workload says and travel the edges that carry their class (an unmarked
   edge carries both): every stage after resolution has one code path. */
struct arch_flow {
  const char *name, *label;
  bool implicit;              /* the reads or the writes of a design without flows */
  bool writes;                /* class = write (else read) */
  int *from;                  /* the clients it enters at (implicit: every client) */
  size_t n_from;
  double rate;                /* average requests per second entering, evaluated; for
                                 `share`, that share of the workload's rate of its class;
                                 implicit: the workload's rate of its class */
  double share;               /* as written; -1: `rate` was written (or implicit) */
  double request, response;   /* bytes in and out per request; -1: not written */
  double stored;              /* bytes kept per request; -1: not written */
  double latency_slo;         /* s, at peak, end to end; 0: none */
  struct arch_attr *attrs;    /* as written (from excepted), for locations */
  size_t n_attrs;
  struct arch_flow_step *steps;
  size_t n_steps;
  struct arch_loc loc;        /* its name */
};

/* What a requirement can ask (docs/language.md, "Requirements"): its
   name, whether it is said of a flow, of the design or of either, its
   dimension (seconds, bytes), whether it is a ceiling (<=, else a floor
   >=), and an example for messages. */
#define REQ_OF_FLOW 1
#define REQ_OF_DESIGN 2
#define ARCH_REQUIREMENTS(X)                                                              \
  X(REQ_RATE, "rate", REQ_OF_FLOW, -1, 0, false, "rate >= 10k / s")                         \
  X(REQ_LATENCY, "latency_slo", REQ_OF_FLOW, 1, 0, true, "latency_slo <= 200 ms")           \
  X(REQ_AVAILABILITY, "availability", REQ_OF_FLOW | REQ_OF_DESIGN, 0, 0, false,            \
    "availability >= 99.9%")                                                              \
  X(REQ_HEADROOM, "headroom", REQ_OF_FLOW | REQ_OF_DESIGN, 0, 0, false, "headroom >= 2")   \
  X(REQ_RETENTION, "retention", REQ_OF_DESIGN, 1, 0, false, "retention >= 5 years")         \
  X(REQ_REGIONS, "regions", REQ_OF_DESIGN, 0, 0, false, "regions >= 2")                    \
  X(REQ_ZONES, "zones", REQ_OF_DESIGN, 0, 0, false, "zones >= 3")                          \
  X(REQ_COPIES, "copies", REQ_OF_DESIGN, 0, 0, false, "copies >= 3")

#define ARCH_REQ_ENUM(id, name, of, time, bytes, at_most, example) id,
enum arch_req_what { ARCH_REQUIREMENTS(ARCH_REQ_ENUM) REQ_COUNT };
#undef ARCH_REQ_ENUM
extern const char *const arch_requirement_names[REQ_COUNT];

/* One line of a `requirements` block: what the design must achieve. */
struct arch_requirement {
  enum arch_req_what what;
  const char *flow;           /* the flow it is said of, as written; NULL: the design */
  int flow_index;             /* into flows; -1: the design, or a flow not written yet */
  bool at_most;               /* a ceiling (<=); else a floor (>=) */
  double target;              /* in base units; a percentage as a fraction */
  struct arch_value written;  /* the target as evaluated, for messages */
  struct arch_loc loc;        /* the comparison */
  struct arch_loc name_loc;   /* its name */
};

/* A design rule (stdlib/rules/, or the design's own): when `when` holds for
   a component of a kind in `applies`, report `message`. */
struct arch_rule {
  const char *id;
  enum arch_severity severity;
  const struct arch_kind **applies;  /* NULL: every kind */
  size_t n_applies;
  const struct ast_expr *when;
  const char *message, *help, *summary, *source, *see;
  const char *cause;          /* findings of one cause on one component are one finding,
                                 the others its notes (review.c); NULL: its own */
  struct arch_loc loc;
};

/* `review { rule = severity }` or `review { rule.component = severity }`. */
struct arch_review {
  const char *rule;
  int component;              /* -1: every component */
  enum arch_severity severity;
  struct arch_loc loc;
};

/* A view: what one drawing of the design shows (docs/language.md,
   "Views"; drawn by output/view.c).  `collapse` draws whole groups as one
   node each; `only` keeps the listed groups and components (and, with
   `context`, what calls them or what they call, outside, muted); `hide`
   leaves some out. */
enum arch_collapse {
  COLLAPSE_REGIONS = 1 << 0,   /* every region */
  COLLAPSE_ZONES = 1 << 1,     /* every zone */
  COLLAPSE_GROUPS = 1 << 2,    /* every plain group */
  COLLAPSE_TOP = 1 << 3        /* every group at the top level: the coarsest picture */
};

/* A name in a view: a group, or a component (the other is -1). */
struct arch_view_item {
  int group, component;
};

struct arch_view {
  const char *name, *label;
  unsigned collapse;           /* enum arch_collapse flags */
  const int *collapse_groups;  /* and these groups by name */
  size_t n_collapse_groups;
  int depth;                   /* > 0: groups nested this deep (1 top level) collapse */
  bool collapse_given;         /* `collapse` or `depth` written: never collapsed to fit */
  bool fitted;                 /* collapsed by archc to fit (view.c, view_find) */
  const struct arch_view_item *only, *hide;  /* only: NULL for the whole design */
  size_t n_only, n_hide;
  bool context;                /* with `only`: the neighbours outside, muted */
  int direction;               /* 0 the caller's, 1 left to right, 2 top to bottom */
  bool builtin;                /* archc's own overview, not declared */
  struct arch_loc loc;
};

struct arch_model {
  const char *title;
  double month_seconds;
  struct arch_attr *workload;
  size_t n_workload;
  struct arch_kind *kinds;
  size_t n_kinds;
  struct arch_group *groups;
  size_t n_groups;
  struct arch_component *components;
  size_t n_components;
  struct arch_edge *edges;
  size_t n_edges;
  struct arch_rule *rules;
  size_t n_rules;
  struct arch_review *reviews;
  size_t n_reviews;
  struct arch_flow *flows;    /* in source order; two implicit ones without any */
  size_t n_flows;
  struct arch_view *views;     /* as declared, in source order */
  size_t n_views;
  struct arch_requirement *requirements;  /* in source order */
  size_t n_requirements;
};

/* The role of a component's kind (ROLE_NONE if it has none). */
static inline enum arch_role arch_role_of(const struct arch_component *comp) {
  return comp->kind ? comp->kind->role : ROLE_NONE;
}
/* Whether a component's role has trait `t`. */
static inline bool arch_component_has(const struct arch_component *comp, enum arch_trait t) {
  return arch_role_has(arch_role_of(comp), t);
}
const struct arch_rule *arch_find_rule(const struct arch_model *m, const char *id);
/* The rule whose name is closest to a misspelt `id`, or NULL. */
const char *arch_rule_suggestion(const struct arch_model *m, const char *id);
/* A call nobody waits for: marked [async], or into or out of a queue. */
static inline bool arch_edge_async(const struct arch_model *m, const struct arch_edge *e) {
  const struct arch_kind *to = m->components[e->to].kind, *from = m->components[e->from].kind;
  return e->async || (to && arch_role_has(to->role, TRAIT_DECOUPLES)) ||
         (from && arch_role_has(from->role, TRAIT_DECOUPLES));
}
/* Whether edge `e` carries reads (or writes), a class written again on
   the same pair counted once: what the estimate propagates along it. */
bool arch_edge_carries(const struct arch_edge *e, bool reads);
/* Marks each edge's classes that an earlier edge between the same two
   components carries (repeats_reads, repeats_writes): resolution calls it
   once the edges are known.  Linear in components + edges. */
struct arena;
void arch_mark_repeats(struct arena *a, struct arch_model *m);
/* Whether kind `k` is `base` or derives from it. */
bool arch_kind_is(const struct arch_kind *k, const struct arch_kind *base);

/* The value of `name` on the component, else on its kind or the kind's bases. */
const struct arch_value *arch_component_attr(const struct arch_component *comp, const char *name);
/* A number attribute in base units, or `fallback` when absent. */
double arch_component_number(const struct arch_component *comp, const char *name, double fallback);
/* A replica's capacity for reads (or writes): `read_capacity` (or
   `write_capacity`), else `capacity`, from the most specific level that
   sets either (the component, then its kind, then the kind's bases); 0
   when none does.  Stores read it (docs/capacity.md). */
double arch_class_capacity(const struct arch_component *comp, bool reads);
/* Whether kind `level`'s `name` (read_capacity or write_capacity) is
   shadowed by a `capacity` set on the component or a kind derived from
   `level`, as arch_class_capacity reads them: outputs that list a
   component's attributes leave it out. */
bool arch_class_capacity_shadowed(const struct arch_component *comp, const struct arch_kind *level,
                                  const char *name);
const struct arch_value *arch_workload(const struct arch_model *m, const char *name);
/* The average read and write rates the workload gives, from `reads` and
   `writes`, else `rps` split by `read_write_ratio` (reads per write; none:
   all reads).  Arguments < 0 are absent; results are >= 0. */
void arch_class_rates(double reads, double writes, double rps, double ratio, double *r, double *w);
/* The flow attribute `name` as written, or NULL. */
const struct arch_attr *arch_flow_attr(const struct arch_flow *f, const char *name);

#endif
