/*
 * test_view.c - views (docs/language.md, "Views"): what view.c maps each
 * component to, what diagram.c draws of it (collapsed groups' figures,
 * merged edges and their summed rates), the built-in overview and its
 * threshold, and the views through the public API.
 *
 * Expected figures are worked out by hand from the designs below.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "diagram.h"
#include "estimate.h"
#include "helpers.h"
#include "view.h"

/* Two regions; us_east holds two zones and a data group.  Every call from
   the zones into the data group is 10 rps of writes (the workload's 20
   split over two services by the balancer, so 10 each), one edge each. */
static const char design[] =
    "workload { writes = 20 rps; reads = 0 rps }\n"
    "client users\n"
    "region us_east {\n"
    "  load_balancer lb\n"
    "  zone a { service api_a { capacity = 100 rps } }\n"
    "  zone b { service api_b { capacity = 100 rps } }\n"
    "  group data { database db { capacity = 50 rps }; database log { capacity = 400 rps } }\n"
    "  lb -> {api_a, api_b}\n"
    "  {api_a, api_b} -> {db, log} [writes]\n"
    "}\n"
    "region eu { service api_eu; database db_eu }\n"
    "api_eu -> db_eu\n"
    "users -> lb\n"
    "view zones { collapse = [zones, data] }\n"
    "view us { only = us_east }\n"
    "view us_alone { only = us_east; context = false }\n"
    "view no_data { hide = [data, db_eu] }\n"
    "view top { depth = 1 }\n";

static const struct arch_view *view_named(const struct compiled *r, const char *name) {
  return view_find(&r->c->arena, r->c->model, name);
}

static int comp_index(const struct compiled *r, const char *path) {
  const struct arch_component *c = component(r, path);
  return c ? (int)(c - r->c->model->components) : -1;
}

static int group_node(const struct compiled *r, const char *path) {
  const struct arch_model *m = r->c->model;
  for (size_t g = 0; g < m->n_groups; g++)
    if (strcmp(m->groups[g].path, path) == 0) return (int)(m->n_components + g);
  return -1;
}

static void collapse_maps_to_groups(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, design, 0);
  assert_int_equal(r.rc, ARCHC_OK);
  struct view_map vm;
  view_apply(&r.c->arena, r.c->model, view_named(&r, "zones"), &vm);
  assert_int_equal(vm.node_of[comp_index(&r, "us_east.a.api_a")], group_node(&r, "us_east.a"));
  assert_int_equal(vm.node_of[comp_index(&r, "us_east.data.db")], group_node(&r, "us_east.data"));
  assert_int_equal(vm.node_of[comp_index(&r, "us_east.data.log")], group_node(&r, "us_east.data"));
  assert_int_equal(vm.node_of[comp_index(&r, "us_east.lb")], comp_index(&r, "us_east.lb"));
  /* users, lb, a, b, data, api_eu, db_eu */
  assert_int_equal(vm.drawn, 7);
  /* us_east and eu stay frames; the collapsed groups are nodes, not frames. */
  const struct arch_model *m = r.c->model;
  assert_true(vm.frame[group_node(&r, "us_east") - (int)m->n_components]);
  assert_false(vm.frame[group_node(&r, "us_east.a") - (int)m->n_components]);

  view_apply(&r.c->arena, m, view_named(&r, "top"), &vm);
  assert_int_equal(vm.drawn, 3);  /* users, us_east, eu */
  compiled_free(&r);
}

static void only_keeps_context(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, design, 0);
  struct view_map vm;
  view_apply(&r.c->arena, r.c->model, view_named(&r, "us"), &vm);
  int users = comp_index(&r, "users");
  assert_int_equal(vm.node_of[users], users);      /* calls into us_east: context */
  assert_true(vm.context[users]);
  assert_int_equal(vm.node_of[comp_index(&r, "eu.api_eu")], -1);  /* no call to us_east */
  assert_false(vm.context[comp_index(&r, "us_east.data.db")]);
  view_apply(&r.c->arena, r.c->model, view_named(&r, "us_alone"), &vm);
  assert_int_equal(vm.node_of[users], -1);
  view_apply(&r.c->arena, r.c->model, view_named(&r, "no_data"), &vm);
  assert_int_equal(vm.node_of[comp_index(&r, "us_east.data.db")], -1);
  assert_int_equal(vm.node_of[comp_index(&r, "eu.db_eu")], -1);
  assert_int_equal(vm.drawn, 5);  /* users, lb, api_a, api_b, api_eu */
  compiled_free(&r);
}

/* The edge of `d` from node `from` to node `to`, by name; NULL if none. */
static const struct diagram_edge *edge_between(const struct diagram *d, const char *from,
                                               const char *to) {
  for (size_t i = 0; i < d->n_edges; i++)
    if (strcmp(d->nodes[d->edges[i].from].name, from) == 0 &&
        strcmp(d->nodes[d->edges[i].to].name, to) == 0)
      return &d->edges[i];
  return NULL;
}

static const struct diagram_node *node_named(const struct diagram *d, const char *name) {
  for (size_t i = 0; i < d->n_nodes; i++)
    if (strcmp(d->nodes[i].name, name) == 0) return &d->nodes[i];
  return NULL;
}

static void merged_edges_sum_rates(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, design, 0);
  struct output_input in = {.model = r.c->model, .estimate = estimate_run(r.c, r.c->model, NULL),
                            .view = view_named(&r, "zones")};
  assert_non_null(in.estimate);
  const struct diagram *d = diagram_build(r.c, &in);
  assert_int_equal(d->n_nodes, 7);
  /* Zone a's one service calls db and log: two calls of 10 rps, merged. */
  const struct diagram_edge *ad = edge_between(d, "us_east.a", "us_east.data");
  assert_non_null(ad);
  const char *label = diagram_attr(&ad->attrs, "label");
  assert_non_null(label);
  assert_non_null(strstr(label, "2 calls"));
  assert_non_null(strstr(label, "20.0 rps"));
  /* One call keeps its own label; lb -> zone a is one call of 10 rps. */
  const struct diagram_edge *la = edge_between(d, "us_east.lb", "us_east.a");
  assert_non_null(la);
  assert_null(strstr(diagram_attr(&la->attrs, "label"), "calls"));
  /* Calls inside a collapsed group are not drawn: none from data to data. */
  assert_null(edge_between(d, "us_east.data", "us_east.data"));
  /* The data group's node: two components, the busiest db at 20 of 50 rps. */
  const struct diagram_node *data = node_named(d, "us_east.data");
  assert_non_null(data);
  const char *dl = diagram_attr(&data->attrs, "label");
  assert_non_null(strstr(dl, "2 components"));
  assert_non_null(strstr(dl, "busiest db"));
  assert_non_null(strstr(dl, "40%"));
  /* The whole design draws every edge, none merged. */
  in.view = NULL;
  d = diagram_build(r.c, &in);
  assert_int_equal(d->n_edges, r.c->model->n_edges);
  assert_int_equal(d->n_clusters, r.c->model->n_groups);
  compiled_free(&r);
}

/* A zone calling seven groups that each call it back: one edge per pair,
   both ways, in the direction most calls take; the seven spread over three
   ranks (ceil(sqrt(7))), the first of each turn at Graphviz's default. */
static void both_ways_and_staggered(void **state) {
  (void)state;
  struct compiled r;
  char text[2048];
  size_t len = (size_t)snprintf(text, sizeof text, "region r {\n  zone z { service a; service b }\n");
  for (int i = 0; i < 7; i++)
    len += (size_t)snprintf(text + len, sizeof text - len,
                            "  group t%d { service s%d }\n  {a, b} -> s%d\n  s%d -> a\n", i, i, i, i);
  snprintf(text + len, sizeof text - len, "}\nview v { collapse = [zones, groups] }\n");
  compile_text(&r, text, 0);
  assert_int_equal(r.rc, ARCHC_OK);
  struct output_input in = {.model = r.c->model, .view = view_named(&r, "v")};
  const struct diagram *d = diagram_build(r.c, &in);
  assert_int_equal(d->n_edges, 7);
  int spread[4] = {0};
  for (size_t i = 0; i < d->n_edges; i++) {
    const struct diagram_attrs *at = &d->edges[i].attrs;
    assert_string_equal(d->nodes[d->edges[i].from].name, "r.z");
    assert_string_equal(diagram_attr(at, "dir"), "both");
    assert_non_null(strstr(diagram_attr(at, "label"), "3 calls both ways"));
    const char *minlen = diagram_attr(at, "minlen");
    int rank = minlen ? atoi(minlen) : 1;
    assert_in_range(rank, 1, 3);
    spread[rank]++;
  }
  assert_int_equal(spread[1], 3);
  assert_int_equal(spread[2], 2);
  assert_int_equal(spread[3], 2);
  compiled_free(&r);
}

/* A design of `n` services in `zones` zones of one region, each called by
   one balancer; in a buffer the caller frees. */
static char *fleet(int n, int zones) {
  size_t size = 256 + (size_t)n * 64;
  char *s = malloc(size);
  size_t len = (size_t)snprintf(s, size, "region r {\n  load_balancer lb\n");
  for (int z = 0; z < zones; z++) {
    len += (size_t)snprintf(s + len, size - len, "  zone z%d {\n", z);
    for (int i = z; i < n; i += zones)
      len += (size_t)snprintf(s + len, size - len, "    service s%d\n    lb -> s%d\n", i, i);
    len += (size_t)snprintf(s + len, size - len, "  }\n");
  }
  snprintf(s + len, size - len, "}\nview flat { collapse = none }\nview fit { only = r }\n");
  return s;
}

static void overview_past_threshold(void **state) {
  (void)state;
  struct compiled r;
  char *text = fleet(VIEW_THRESHOLD - 1, 4);  /* 200 components with the balancer */
  compile_text(&r, text, 0);
  free(text);
  assert_int_equal(r.c->model->n_components, VIEW_THRESHOLD);
  assert_null(view_default(&r.c->arena, r.c->model));
  assert_null(archc_default_view(r.c));
  compiled_free(&r);

  text = fleet(VIEW_THRESHOLD, 4);  /* 201 */
  compile_text(&r, text, 0);
  free(text);
  assert_string_equal(archc_default_view(r.c), "overview");
  const struct arch_view *v = view_default(&r.c->arena, r.c->model);
  assert_non_null(v);
  assert_true(v->builtin);
  /* No plain groups: the first level that helps collapses the zones. */
  assert_int_equal(v->collapse, COLLAPSE_GROUPS | COLLAPSE_ZONES);
  struct view_map vm;
  view_apply(&r.c->arena, r.c->model, v, &vm);
  assert_int_equal(vm.drawn, 5);  /* lb and four zones */
  /* A declared view past the threshold is collapsed to fit, unless it
     says how to collapse (`none` is no collapsing). */
  const struct arch_view *flat = view_find(&r.c->arena, r.c->model, "flat");
  view_apply(&r.c->arena, r.c->model, flat, &vm);
  assert_false(flat->fitted);
  assert_int_equal(vm.drawn, VIEW_THRESHOLD + 1);
  const struct arch_view *fit = view_find(&r.c->arena, r.c->model, "fit");
  view_apply(&r.c->arena, r.c->model, fit, &vm);
  assert_true(fit->fitted);
  assert_int_equal(vm.drawn, 5);  /* lb and the four zones */
  /* Listed by the API after the design's own. */
  assert_int_equal(archc_view_count(r.c), 3);
  struct archc_view av;
  assert_int_equal(archc_view_at(r.c, 2, &av), ARCHC_OK);
  assert_string_equal(av.name, "overview");
  assert_true(av.builtin);
  assert_int_equal(av.nodes, 5);
  compiled_free(&r);
}

static void unknown_view_is_a_usage_error(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, design, 0);
  const struct archc_format *dot = archc_format_named(ARCHC_DIAGRAM, "dot");
  struct archc_write_options o = {.view = "zoens"};
  const char *data;
  size_t len;
  assert_int_equal(archc_render(r.c, dot, &o, &data, &len), ARCHC_USAGE_ERROR);
  fflush(r.sink);
  assert_non_null(strstr(r.diag, "unknown view 'zoens'"));
  assert_non_null(strstr(r.diag, "did you mean 'zones'?"));
  o.view = "all";
  assert_int_equal(archc_render(r.c, dot, &o, &data, &len), ARCHC_OK);
  o.view = "overview";  /* archc's own, though the design declares none */
  assert_int_equal(archc_render(r.c, dot, &o, &data, &len), ARCHC_OK);
  assert_non_null(strstr(data, "Overview"));
  compiled_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(collapse_maps_to_groups),
    cmocka_unit_test(only_keeps_context),
    cmocka_unit_test(merged_edges_sum_rates),
    cmocka_unit_test(both_ways_and_staggered),
    cmocka_unit_test(overview_past_threshold),
    cmocka_unit_test(unknown_view_is_a_usage_error),
  };
  return cmocka_run_group_tests_name("view", tests, NULL, NULL);
}
