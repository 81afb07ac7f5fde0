/*
 * analyze.h - graph analyses of the design, the facts that rules read:
 * reachability, dominators (single points of failure), losing a zone or a
 * region, failure domains, caches and CDNs on read paths, cycles.
 */
#ifndef ARCH_ANALYZE_H
#define ARCH_ANALYZE_H

#include <stdbool.h>

#include "model.h"

/* A place a finding also points at, and what it says there: the first
   occurrence of an edge written twice, another idle call. */
struct analysis_note {
  struct arch_loc loc;
  const char *message;
  /* A finding of the same cause attached to another (review.c): its rule,
     severity, help and component; rule NULL for a plain note. */
  const struct arch_rule *rule;
  enum arch_severity severity;
  const char *help;
  int component;
};

struct fact_notes {
  struct analysis_note *at;
  size_t n;
};

struct comp_facts {
  bool reachable;                 /* from a client, along any edges */
  int deg_in, deg_out;
  bool spof;                      /* one instance, on every synchronous path to a store */
  struct arch_value spof_for;     /* the clients it can cut off (a list of words) */
  struct arch_value spof_flows;   /* the flows it is on every path of, one instance (names) */
  const char *zone_spof;          /* a zone whose loss cuts clients off from this store */
  const char *region_spof;        /* the same for a region */
  int zones;                      /* zones its replicas are placed in */
  int tier_zones;                 /* zones of it and the other targets of its balancers */
  int region_zones;               /* zones declared in its region */
  const char *uncovered_zone;     /* a balancer's zone with no target in it */
  bool cached;                    /* every client read path to it passes a cache or CDN */
  bool served_without_cdn;        /* clients read from it on a path without a CDN */
  bool behind_balancer;
  bool entry;                     /* called by a client directly */
  int sync_write_fanout;          /* synchronous calls that carry writes */
  struct arch_value cross_region; /* synchronous callees in other regions */
  double connections;             /* callers' replicas x pool */
  int calls_without_timeout;      /* calls into it with no timeout or circuit breaker */
  bool in_sync_cycle;
  const char *quorum_problem;
  double availability;            /* of the requests a client makes (series-parallel) */
  struct arch_value direct_stores;/* a client's direct calls to stores */
  double cold_util;               /* a cache: its store's utilization if the cache empties */
  double partitions_needed;       /* a queue: peak rate over one consumer replica's capacity */
  /* The first edge (an index into the model's edges, -1 for none) behind
     a fact about calls, so a finding about a call can point at it. */
  int sync_write_edge;            /* of sync_write_fanout: a synchronous call that writes */
  int cross_region_edge;          /* of cross_region */
  int timeout_edge;               /* of calls_without_timeout: a call into it */
  int direct_store_edge;          /* of direct_stores */
  /* Traffic that adds up (traffic_facts): what no edge carries, calls that
     carry nothing, a class written twice on one pair, attributes with no
     effect where they are written. */
  double lost;                    /* average rps it sends or passes on that no call carries */
  const char *lost_detail;        /* how much of which class, and why */
  struct arch_value idle_edges;   /* callees of its calls that carry nothing */
  int idle_edge;                  /* the first of them, an edge index (-1: none) */
  const char *idle_why;           /* why the first carries nothing */
  struct fact_notes idle_notes;   /* the others */
  struct arch_value repeated_edges; /* callees it calls twice with the same class */
  int repeated_edge;              /* the first repeating edge (-1: none) */
  struct fact_notes repeated_notes; /* where each was first written */
  const char *ignored;            /* "weight on api -> db": the first attribute with no effect */
  const char *ignored_why;
  int ignored_edge;               /* the edge it is written on (-1: the component) */
  struct arch_loc ignored_loc;    /* where it is written */
  struct fact_notes ignored_notes; /* the component's other attributes with no effect */
};

struct analysis {
  struct comp_facts *facts;
  int *copy_group;                /* stores holding the same data share a class: the same
                                     kind and label, copy_of, an edge between them, or a
                                     copy of a copy (find_copies) */
  int zones, regions, clients;
};

struct archc;
struct estimate;
/* The facts about design `m`; with an estimate, the load-based ones too
   (partitions needed, a cache's cold utilization). */
struct analysis *analyze_run(struct archc *c, const struct arch_model *m, const struct estimate *E);

/* Components lost when `target` (a component, zone or region, by name) fails;
   NULL with a diagnostic if the name is unknown. */
bool *analyze_failure(struct archc *c, const struct arch_model *m, const char *target,
                      const char **what);

/* Per-client analyses look at the first this many clients. */
enum { ANALYZE_MAX_CLIENTS = 256 };

/* Which clients reach which components over synchronous edges, with `dead`
   components removed: reach[client_index * n + v], for the first
   ANALYZE_MAX_CLIENTS clients. */
bool *analyze_reach(struct archc *c, const struct arch_model *m, const bool *dead);

/* The components flow `flow` (an index into m->flows) reaches from its
   clients along the steps that carry it, async ones included, with `dead`
   components removed. */
bool *analyze_flow_reach(struct archc *c, const struct arch_model *m, size_t flow,
                         const bool *dead);
/* What losing the `dead` components does to flow `flow`: the number of its
   targets (the stores it reaches, along any of its steps, or where it ends
   when it reaches none) that it no longer reaches, nor a copy of them
   (copy_group, from analyze_run); the first `max` of them named in `lost`.
   *n_targets: how many it had. */
size_t analyze_flow_loss(struct archc *c, const struct arch_model *m, const int *copy_group,
                         size_t flow, const bool *dead, const char **lost, size_t max,
                         size_t *n_targets);

#endif
