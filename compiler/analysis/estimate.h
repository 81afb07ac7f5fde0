/*
 * estimate.h - the capacity model: load, utilization, latency, storage and
 * what breaks first, computed from the resolved model.  docs/capacity.md
 * gives every formula with its assumptions and sources.
 */
#ifndef ARCH_ESTIMATE_H
#define ARCH_ESTIMATE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct est_component {
  double reads, writes;           /* average arrivals, requests per second */
  double peak_reads, peak_writes; /* at peak (average, past a queue) */
  bool decoupled;                 /* behind a queue: sees the average rate at peak */
  double per_replica;             /* capacity of one replica, rps (0: unknown) */
  double capacity;                /* replicas x shards x per_replica */
  double hot_load;                /* peak load on the busiest replica (stores) or the whole */
  double hot_capacity;            /* the capacity hot_load is measured against */
  double util, util_peak;         /* utilization at average and at peak */
  double headroom;                /* multiple of today's peak at which it saturates (0: n/a) */
  double latency;                 /* service time, s */
  double servers;                 /* c of the M/M/c model */
  double resp, resp_peak;         /* mean response time, s; < 0: saturated */
  double overflow_peak;           /* rps the queue grows by at peak when saturated */
  double item_size;               /* bytes per request: its own item_size, else the workload's */
  double bytes_per_day;           /* written, before replication */
  double replication;             /* copies of each byte */
  double storage_total;           /* over the retention, replicated */
  double hot_set;                 /* cache: bytes to hold the hot set */
  double memory;                  /* cache: bytes the design gives it */
  double backlog_per_hour;        /* queue: messages piling up per hour of peak */
  double drain_seconds;           /* queue: time to drain that hour's backlog (< 0: never) */
  double stored_per_s;            /* store: bytes the write flows landing here keep per second */
  int split_guess;                /* a gateway that split a flow evenly for want of fractions:
                                     1 + the first such flow's index; 0: none */
};

/* One flow's figures (docs/capacity.md, "Flows"). */
struct est_flow {
  double rate, rate_peak;         /* entering, average and at peak, rps */
  double latency, latency_peak;   /* mean end to end, s; INFINITY: saturated on the way */
  int bottleneck;                 /* the lowest headroom on its path, or -1 */
  double headroom;                /* that component's (0: none measured) */
  int slowest;                    /* the component adding most to latency_peak, or -1 */
  double availability;            /* of everything a request needs, series-parallel */
  double bytes_in, bytes_out;     /* per second at the clients, average */
  double stored_per_day;          /* bytes kept per day, replicated */
  double storage_total;           /* over the retention, replicated */
  double *step_rate, *step_rate_peak;  /* per step of the model's flow, average and peak */
  double *step_share;             /* per step: the share of its caller's arrivals it carries */
};

struct est_edge {
  double reads, writes, peak_reads, peak_writes;
};

struct est_client {
  int component;
  double share;
  double read_latency, write_latency;       /* average load, s */
  double read_latency_peak, write_latency_peak;
};

struct estimate {
  bool has_workload;
  double scale;
  double month_seconds;
  double peak_factor;
  double reads, writes;                     /* total entering, average rps */
  double item_size, retention;
  /* closed workloads (concurrent_users with think_time) */
  bool closed;
  double users, think_time, unloaded_response, max_throughput, throughput, response;
  int bottleneck;
  double bytes_in_per_s, bytes_out_per_s;   /* bandwidth at the clients, average */
  double bytes_per_year;                    /* written, before replication */
  struct est_component *components;
  struct est_edge *edges;
  struct est_flow *flows;                   /* as model->flows */
  size_t n_flows;
  struct est_client *clients;               /* in component order */
  size_t n_clients;
  int *by_headroom;                         /* component indices, the first to saturate first */
  size_t n_ranked;
};

/* What to estimate besides the design as written: the input of one
   estimate, so a what-if is one more call that leaves the first intact. */
struct what_if {
  double scale;                /* workload rates x scale (0: 1) */
  const bool *failed;          /* components taken out, with their edges (NULL: none) */
  const double *capacity_left; /* share of each component's capacity left (NULL: all) */
  bool quiet_cycles;           /* the review reports synchronous cycles, not the estimate */
};

struct archc;
/* The estimate of design `m` under `w` (NULL: as designed); NULL when it
   reported an error (a synchronous cycle). */
struct estimate *estimate_run(struct archc *c, const struct arch_model *m, const struct what_if *w);

/* Load on the busiest replica of `comp` for these rates, and the capacity
   it is measured against (docs/capacity.md, "Per component"). */
void est_hot_spot(const struct arch_component *comp, double reads, double writes,
                  double *load, double *capacity);

/* M/M/c mean response time for arrival rate `lambda` at a station whose
   total capacity is `capacity` rps and whose service time is `service` s.
   Returns -1 when lambda >= capacity.  *servers receives c. */
double est_mmc_response(double lambda, double capacity, double service, double *servers);
/* Erlang C: the probability that an arrival waits, c servers, offered load a. */
double est_erlang_c(double c, double a);

#endif
