/*
 * test_estimate.c - the capacity model's formulas and its propagation.
 *
 * Expected values are worked out by hand (in the comments) or taken from
 * published tables, never from the program's own output.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "estimate.h"
#include "quantity.h"
#include "internal.h"
#include "model.h"

#define near(a, b, tol) \
  assert_true(fabs((a) - (b)) <= (tol) * fmax(1e-12, fabs((double)(b))))

/* ---- formulas ---- */

static void erlang_c_small_cases(void **state) {
  (void)state;
  /* One server: the probability of waiting is the utilization. */
  near(est_erlang_c(1, 0.3), 0.3, 1e-12);
  /* Two servers, a = 1: C = (a^2/2! * 1/(1-rho)) / (1 + a + a^2/2! * 1/(1-rho))
     = (0.5 * 2) / (1 + 1 + 1) = 1/3. */
  near(est_erlang_c(2, 1), 1.0 / 3, 1e-12);
  /* Erlang C tables (e.g. Kleinrock, Queueing Systems vol. 1): 10 servers
     offered 8 erlangs wait with probability 0.4092. */
  near(est_erlang_c(10, 8), 0.4092, 1e-3);
  /* At or past saturation everyone waits. */
  near(est_erlang_c(4, 4), 1, 0);
}

/* Direct summation of the Erlang C formula, for moderate c. */
static double erlang_c_direct(int c, double a) {
  double sum = 0, term = 1;
  for (int k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  double top = term / (1 - a / c);
  return top / (sum + top);
}

static void erlang_c_matches_the_formula(void **state) {
  (void)state;
  for (int c = 1; c <= 40; c += 3)
    for (double rho = 0.05; rho < 1; rho += 0.1) near(est_erlang_c(c, rho * c), erlang_c_direct(c, rho * c), 1e-9);
}

static void erlang_c_a_million_servers(void **state) {
  (void)state;
  /* Halfin and Whitt (1981): with c servers at rho = 1 - beta / sqrt(c),
     C tends to 1 / (1 + beta Phi(beta) / phi(beta)).  For beta = 1:
     Phi(1) = 0.841345, phi(1) = 0.241971, so C = 0.2234. */
  double c = 1e6, a = c - sqrt(c);
  double C = est_erlang_c(c, a);
  assert_true(isfinite(C));
  near(C, 0.2234, 0.01);
}

static void mm1_response_time(void **state) {
  (void)state;
  double servers = 0;
  /* capacity 100/s and 10 ms service: one server; at 50/s, rho = 0.5 and
     R = S / (1 - rho) = 20 ms. */
  near(est_mmc_response(50, 100, 0.010, &servers), 0.020, 1e-9);
  assert_int_equal((int)servers, 1);
  /* Saturated: no finite answer, reported as -1. */
  assert_true(est_mmc_response(100, 100, 0.010, NULL) < 0);
  assert_true(est_mmc_response(150, 100, 0.010, NULL) < 0);
  /* No load: the bare service time. */
  near(est_mmc_response(0, 100, 0.010, NULL), 0.010, 0);
}

static void mmc_response_time(void **state) {
  (void)state;
  double servers = 0;
  /* capacity 200/s with 10 ms service: c = 2 servers at mu = 100/s.  At
     lambda = 100/s, a = 1: C = 1/3 and Wq = C / (c mu - lambda) = 1/300 s,
     so R = 10 ms + 3.33 ms. */
  near(est_mmc_response(100, 200, 0.010, &servers), 0.010 + 1.0 / 300, 1e-9);
  assert_int_equal((int)servers, 2);
}

static void human_numbers(void **state) {
  (void)state;
  char buf[32];
  assert_string_equal(quantity_human(11600, buf, sizeof buf), "11.6k");
  assert_string_equal(quantity_human(999.7, buf, sizeof buf), "1.00k");
  assert_string_equal(quantity_human(250, buf, sizeof buf), "250");
  assert_string_equal(quantity_human(38.0265, buf, sizeof buf), "38.0");
  assert_string_equal(quantity_human_bytes(3.2e12, buf, sizeof buf), "3.20 TB");
  assert_string_equal(quantity_human_seconds(0.0161, buf, sizeof buf), "16.1 ms");
  assert_string_equal(quantity_human_seconds(-1, buf, sizeof buf), "saturated");
}

/* ---- designs ---- */

static archc *estimate(const char *text, double month_seconds, int expect_rc) {
  static const char *const dirs[] = {ARCHC_SOURCE_DIR "/stdlib"};
  struct archc_options o = {0};
  o.include_dirs = dirs;
  o.n_include_dirs = 1;
  o.month_seconds = month_seconds;
  o.diagnostics = fopen("/dev/null", "w");
  archc *c = archc_new(&o);
  int rc = archc_load_buffer(c, "test.arch", text, strlen(text));
  if (rc == 0) rc = archc_resolve(c);
  if (rc == 0) rc = estimate_run(c, c->model, NULL) ? 0 : 1;
  fclose(o.diagnostics);
  assert_int_equal(rc, expect_rc);
  return c;
}

/* The estimate of the design as it is: the stage is deterministic, so each
   call gives the same figures. */
static const struct estimate *estimate_of(archc *c) { return estimate_run(c, c->model, NULL); }

static const struct est_component *at(archc *c, const char *path) {
  const struct arch_model *m = c->model;
  for (size_t i = 0; i < m->n_components; i++)
    if (strcmp(m->components[i].path, path) == 0) return &estimate_of(c)->components[i];
  fail_msg("no component %s", path);
  return NULL;
}

static void monthly_rates_two_conventions(void **state) {
  (void)state;
  /* The primer's convention: 2.5 million seconds a month, so 100 M writes a
     month are 40 a second; with calendar months (2,629,746 s) about 38. */
  const char *design = "workload { writes = 100M / month }\nclient u\ndatabase d\nu -> d\n";
  archc *c = estimate(design, 2.5e6, 0);
  near(estimate_of(c)->writes, 40, 1e-12);
  archc_free(c);
  c = estimate(design, 0, 0);
  near(estimate_of(c)->writes, 1e8 / 2629746.0, 1e-12);
  assert_int_equal((int)floor(estimate_of(c)->writes + 0.5), 38);
  archc_free(c);
}

static void balancer_splits_by_weight(void **state) {
  (void)state;
  archc *c = estimate("workload { reads = 300 rps; peak_factor = 2 }\n"
                      "client u\nload_balancer lb\nservice a\nservice b\nservice d\n"
                      "u -> lb\nlb -> a\nlb -> b\nlb -> d [weight = 2]\n", 0, 0);
  near(at(c, "a")->reads, 75, 1e-12);   /* 300 x 1/4 */
  near(at(c, "b")->reads, 75, 1e-12);
  near(at(c, "d")->reads, 150, 1e-12);  /* 300 x 2/4 */
  near(at(c, "d")->peak_reads, 300, 1e-12);
  archc_free(c);
}

static void service_fans_out_with_calls_and_fraction(void **state) {
  (void)state;
  archc *c = estimate("workload { reads = 100 rps }\nclient u\nservice s\nservice x\nservice y\n"
                      "u -> s\ns -> x [calls = 3]\ns -> y [fraction = 30%]\n", 0, 0);
  near(at(c, "x")->reads, 300, 1e-12);
  near(at(c, "y")->reads, 30, 1e-12);
  archc_free(c);
}

static void cache_forwards_misses_and_writes(void **state) {
  (void)state;
  archc *c = estimate("workload { reads = 1000 rps; writes = 50 rps }\nclient u\nservice s\n"
                      "cache k { hit_ratio = 90% }\ndatabase d\n"
                      "u -> s\ns -> k -> d [reads]\ns -> d [writes]\n", 0, 0);
  near(at(c, "k")->reads, 1000, 1e-12);
  near(at(c, "d")->reads, 100, 1e-12);  /* the 10% that miss */
  near(at(c, "d")->writes, 50, 1e-12);
  archc_free(c);
}

static void shards_replicas_and_skew(void **state) {
  (void)state;
  /* 4 shards x 3 replicas, 1k rps each.  Per replica of the hottest shard:
     skew x (reads / shards / replicas + writes / shards)
     = 2 x (1200 / 4 / 3 + 400 / 4) = 2 x (100 + 100) = 400 rps: 40%. */
  archc *c = estimate("workload { reads = 1200 rps; writes = 400 rps }\nclient u\n"
                      "database d { shards = 4; replicas = 3; capacity = 1k rps; skew = 2 }\n"
                      "u -> d\n", 0, 0);
  near(at(c, "d")->util, 0.4, 1e-12);
  near(at(c, "d")->capacity, 12000, 1e-12);
  near(at(c, "d")->headroom, 2.5, 1e-12);
  archc_free(c);
}

static void queue_decouples_and_backlogs(void **state) {
  (void)state;
  /* 100/s on average, 400/s at peak; the worker takes 200/s.  It sees the
     average (100/s); at peak the queue grows by 200/s, so an hour of peak
     leaves 720,000 messages, drained at 200 - 100 = 100/s in 7,200 s. */
  archc *c = estimate("workload { writes = 100 rps; peak_factor = 4 }\nclient u\nservice s\n"
                      "queue q\nworker w { capacity = 200 rps }\n"
                      "u -> s\ns -> q [async]\nq -> w\n", 0, 0);
  near(at(c, "q")->peak_writes, 400, 1e-12);
  near(at(c, "w")->peak_writes, 100, 1e-12);
  near(at(c, "q")->backlog_per_hour, 720000, 1e-12);
  near(at(c, "q")->drain_seconds, 7200, 1e-12);
  archc_free(c);
}

static void synchronous_cycle_is_an_error(void **state) {
  (void)state;
  archc *c = estimate("workload { reads = 1 rps }\nclient u\nservice a\nservice b\n"
                      "u -> a -> b -> a\n", 0, 1);
  archc_free(c);
  /* Through a queue, a loop is legitimate work, not an error. */
  c = estimate("workload { reads = 1 rps }\nclient u\nservice a\nqueue q\nworker w\n"
               "u -> a\na -> q [async]\nq -> w\nw -> a\n", 0, 0);
  archc_free(c);
}

static void closed_workload_bounds(void **state) {
  (void)state;
  /* 6 queries of 1k rps capacity per request: X_max = 1000 / 6 = 166.7/s.
     5,000 users thinking 5 s: R = N / X_max - Z = 30 - 5 = 25 s.  With 100
     users, N / (R0 + Z) is far below X_max and R is the unloaded R0 =
     20 ms + 6 x 8 ms = 68 ms. */
#define CLOSED(users)                                                     \
  "workload { concurrent_users = " #users "; think_time = 5 s }\nclient u\n" \
  "service web { replicas = 2; capacity = 500 rps; latency = 20 ms }\n"    \
  "database db { capacity = 1k rps; latency = 8 ms }\n"                    \
  "u -> web\nweb -> db [calls = 6]\n"
  archc *c = estimate(CLOSED(5000), 0, 0);
  near(estimate_of(c)->max_throughput, 1000.0 / 6, 1e-9);
  near(estimate_of(c)->response, 25, 1e-9);
  assert_true(at(c, "db")->resp < 0); /* saturated */
  archc_free(c);
  c = estimate(CLOSED(100), 0, 0);
  near(estimate_of(c)->response, 0.068, 1e-9);
  near(estimate_of(c)->throughput, 100 / 5.068, 1e-9);
  archc_free(c);
}

/* ---- flows ---- */

static const struct est_flow *flow_at(archc *c, const char *name) {
  const struct arch_model *m = c->model;
  for (size_t i = 0; i < m->n_flows; i++)
    if (strcmp(m->flows[i].name, name) == 0) return &estimate_of(c)->flows[i];
  fail_msg("no flow %s", name);
  return NULL;
}

/* A balancer splits each flow among that flow's own targets, by weight:
   the flow that reaches only b is not shared with a. */
static void flow_balancer_splits_among_its_own_targets(void **state) {
  (void)state;
  archc *c = estimate("client u\nload_balancer lb\nservice a\nservice b\nservice d\n"
                      "lb -> d [weight = 2]\n"
                      "flow one { from = u; rate = 300 rps; u -> lb -> {a, b, d} }\n"
                      "flow two { from = u; rate = 40 rps; u -> lb -> b }\n", 0, 0);
  near(at(c, "a")->reads, 75, 1e-12);        /* 300 x 1/4 */
  near(at(c, "b")->reads, 75 + 40, 1e-12);   /* and all of flow two */
  near(at(c, "d")->reads, 150, 1e-12);       /* 300 x 2/4 */
  near(at(c, "lb")->reads, 340, 1e-12);      /* summed over the flows */
  archc_free(c);
}

/* A gateway routes: each flow goes whole along its own step; several
   steps with fractions go by their fractions; without, evenly, noted. */
static void flow_gateway_routes(void **state) {
  (void)state;
  archc *c = estimate("client u\napi_gateway gw\nservice cart\nservice search\nservice x\n"
                      "flow buy { from = u; rate = 100 rps; class = write; u -> gw -> cart }\n"
                      "flow find { from = u; rate = 900 rps; u -> gw -> search }\n"
                      "flow mixed { from = u; rate = 10 rps\n u -> gw\n gw -> cart [fraction = 20%]\n"
                      " gw -> search [fraction = 80%] }\n"
                      "flow guess { from = u; rate = 30 rps; u -> gw -> {cart, x} }\n", 0, 0);
  near(at(c, "cart")->writes, 100, 1e-12);
  near(at(c, "cart")->reads, 2 + 15, 1e-12);    /* 20% of mixed, half of guess */
  near(at(c, "search")->reads, 900 + 8, 1e-12);
  near(at(c, "x")->reads, 15, 1e-12);
  assert_int_equal(at(c, "gw")->split_guess, 4);  /* the fourth flow, guess */
  archc_free(c);
  /* Without flows, a gateway routes by the edges' classes, and guesses
     (evenly, noted) only between targets of one class. */
  c = estimate("workload { reads = 90 rps; writes = 10 rps }\n"
               "client u\napi_gateway gw\nservice r\nservice w\n"
               "u -> gw\ngw -> r [reads]\ngw -> w [writes]\n", 0, 0);
  near(at(c, "r")->reads, 90, 1e-12);
  near(at(c, "w")->writes, 10, 1e-12);
  assert_int_equal(at(c, "gw")->split_guess, 0);
  archc_free(c);
}

/* A cache forwards a read flow's misses; a write flow passes through. */
static void flow_cache_forwards_misses(void **state) {
  (void)state;
  archc *c = estimate("client u\nservice s\ncache k { hit_ratio = 90% }\ndatabase d\n"
                      "flow get { from = u; rate = 1000 rps; u -> s -> k -> d }\n"
                      "flow put { from = u; rate = 50 rps; class = write; u -> s -> k -> d }\n", 0, 0);
  near(at(c, "d")->reads, 100, 1e-12);
  near(at(c, "d")->writes, 50, 1e-12);
  archc_free(c);
}

/* Behind a queue, a flow's consumers see its average at peak. */
static void flow_queue_decouples(void **state) {
  (void)state;
  archc *c = estimate("workload { peak_factor = 4 }\nclient u\nservice s\nqueue q\n"
                      "worker w { capacity = 200 rps }\n"
                      "flow ev { from = u; rate = 100 rps; class = write; u -> s -> q -> w }\n", 0, 0);
  near(at(c, "q")->peak_writes, 400, 1e-12);
  near(at(c, "w")->peak_writes, 100, 1e-12);
  assert_true(at(c, "w")->decoupled);
  near(flow_at(c, "ev")->rate_peak, 400, 1e-12);
  archc_free(c);
}

/* A write flow lands in every store on its path, each keeping `stored`
   per request on every replica; the flow's storage is their sum. */
static void flow_store_keeps_replicated_writes(void **state) {
  (void)state;
  archc *c = estimate("workload { retention = 10 days }\nclient u\nservice s\n"
                      "database d { replicas = 3 }\n"
                      "flow put { from = u; rate = 10 rps; class = write; stored = 1 KB\n"
                      "  u -> s -> d }\n", 0, 0);
  near(at(c, "d")->bytes_per_day, 10 * 1000 * 86400.0, 1e-12);
  near(at(c, "d")->replication, 3, 0);
  near(flow_at(c, "put")->stored_per_day, 3 * 10 * 1000 * 86400.0, 1e-12);
  near(flow_at(c, "put")->storage_total, 10 * 3 * 10 * 1000 * 86400.0, 1e-12);
  near(flow_at(c, "put")->bytes_in, 0, 0);      /* no request size, no item_size */
  archc_free(c);
}

/* References between flows and shares of the workload. */
static void flow_rates_refer_to_each_other(void **state) {
  (void)state;
  archc *c = estimate("workload { reads = 1000 rps; writes = 100 rps }\nclient u\nservice s\n"
                      "flow b { from = u; rate = 2 * a.rate; u -> s }\n"
                      "flow a { from = u; share = 30%; class = write; u -> s }\n", 0, 0);
  near(flow_at(c, "a")->rate, 30, 1e-12);      /* 30% of the writes */
  near(flow_at(c, "b")->rate, 60, 1e-12);
  near(at(c, "s")->reads, 60, 1e-12);
  near(at(c, "s")->writes, 30, 1e-12);
  near(estimate_of(c)->reads, 60, 1e-12);     /* the totals are the flows' */
  archc_free(c);
}

/* Latency along a flow: each hop's response x its calls, the slowest of
   calls side by side, a queue costing the enqueue; availability in
   series, in parallel behind a balancer. */
static void flow_latency_and_availability(void **state) {
  (void)state;
  archc *c = estimate("client u\nload_balancer lb { latency = 0 ms; availability = 100% }\n"
                      "service a { latency = 10 ms; availability = 90% }\n"
                      "service b { latency = 10 ms; availability = 90% }\n"
                      "database d { latency = 5 ms; availability = 99% }\n"
                      "search x { latency = 20 ms; availability = 100% }\n"
                      "queue q { latency = 1 ms }\n"
                      "flow f { from = u; rate = 1 rps\n u -> lb -> {a, b}\n"
                      " {a, b} -> d [calls = 2]\n {a, b} -> x\n a -> q }\n", 0, 0);
  /* a and b: 10 ms + max(2 x 5 ms, 20 ms, 1 ms enqueue) = 30 ms. */
  near(flow_at(c, "f")->latency, 0.030, 1e-9);
  /* Each branch needs its service and d (x is always up, q is past an
     async step): 0.9 x 0.99; either branch will do, series-parallel as
     if independent: 1 - (1 - 0.891)^2. */
  near(flow_at(c, "f")->availability, 1 - (1 - 0.9 * 0.99) * (1 - 0.9 * 0.99), 1e-9);
  archc_free(c);
}

/* A design without flows: its implicit flows carry the classes. */
static void implicit_flows_are_the_classes(void **state) {
  (void)state;
  archc *c = estimate("workload { reads = 1000 rps; writes = 50 rps }\nclient u\nservice s\n"
                      "cache k { hit_ratio = 90% }\ndatabase d\n"
                      "u -> s\ns -> k -> d [reads]\ns -> d [writes]\n", 0, 0);
  near(flow_at(c, "reads")->rate, 1000, 1e-12);
  near(flow_at(c, "writes")->rate, 50, 1e-12);
  near(at(c, "d")->reads, 100, 1e-12);
  near(at(c, "d")->writes, 50, 1e-12);
  archc_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(erlang_c_small_cases),
    cmocka_unit_test(erlang_c_matches_the_formula),
    cmocka_unit_test(erlang_c_a_million_servers),
    cmocka_unit_test(mm1_response_time),
    cmocka_unit_test(mmc_response_time),
    cmocka_unit_test(human_numbers),
    cmocka_unit_test(monthly_rates_two_conventions),
    cmocka_unit_test(balancer_splits_by_weight),
    cmocka_unit_test(service_fans_out_with_calls_and_fraction),
    cmocka_unit_test(cache_forwards_misses_and_writes),
    cmocka_unit_test(shards_replicas_and_skew),
    cmocka_unit_test(queue_decouples_and_backlogs),
    cmocka_unit_test(synchronous_cycle_is_an_error),
    cmocka_unit_test(closed_workload_bounds),
    cmocka_unit_test(flow_balancer_splits_among_its_own_targets),
    cmocka_unit_test(flow_gateway_routes),
    cmocka_unit_test(flow_cache_forwards_misses),
    cmocka_unit_test(flow_queue_decouples),
    cmocka_unit_test(flow_store_keeps_replicated_writes),
    cmocka_unit_test(flow_rates_refer_to_each_other),
    cmocka_unit_test(flow_latency_and_availability),
    cmocka_unit_test(implicit_flows_are_the_classes),
  };
  return cmocka_run_group_tests_name("estimate", tests, NULL, NULL);
}
