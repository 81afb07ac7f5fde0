/*
 * model.c - questions every stage after the resolver asks of the model:
 * an attribute with its kind's default, a rule by name, whether an edge is
 * waited for, which classes an edge carries.  The model is read-only here,
 * but for arch_mark_repeats, which the resolver calls while building it.
 */
#include "internal.h"
#include "model.h"
#include "adjacency.h"

#include <string.h>

#define ARCH_ROLE_NAME(id, name, traits) name,
#define ARCH_ROLE_TRAITS(id, name, traits) traits,
const char *const arch_role_names[ROLE_COUNT] = {ARCH_ROLES(ARCH_ROLE_NAME)};
const char *const arch_severity_names[4] = {"off", "note", "warning", "error"};
const unsigned arch_role_traits[ROLE_COUNT] = {ARCH_ROLES(ARCH_ROLE_TRAITS)};
#undef ARCH_ROLE_NAME
#undef ARCH_ROLE_TRAITS


/* The analyses and the rules ask for a few names millions of times, and
   most attributes a component or kind has are not the one asked for: the
   first byte is compared in line, strcmp only called when it matches. */
static bool same_name(const char *a, const char *b) { return a[0] == b[0] && strcmp(a, b) == 0; }

const struct arch_value *arch_component_attr(const struct arch_component *comp, const char *name) {
  for (size_t i = 0; i < comp->n_attrs; i++)
    if (same_name(comp->attrs[i].name, name)) return &comp->attrs[i].value;
  for (const struct arch_kind *k = comp->kind; k; k = k->base)
    for (size_t i = 0; i < k->n_attrs; i++)
      if (same_name(k->attrs[i].name, name)) return &k->attrs[i].value;
  return NULL;
}

double arch_component_number(const struct arch_component *comp, const char *name, double fallback) {
  const struct arch_value *v = arch_component_attr(comp, name);
  return v && v->type == VAL_NUMBER ? v->num : fallback;
}

/* `name` among attributes attrs[0 .. n), or NULL. */
static const struct arch_value *attr_in(const struct arch_attr *attrs, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(attrs[i].name, name) == 0) return &attrs[i].value;
  return NULL;
}

double arch_class_capacity(const struct arch_component *comp, bool reads) {
  /* The most specific level that says anything wins: a component's own
     `capacity = 5k rps` is its figure for both classes, over its kind's
     read_capacity and write_capacity. */
  const char *name = reads ? "read_capacity" : "write_capacity";
  const struct arch_value *v = attr_in(comp->attrs, comp->n_attrs, name);
  if (!v) v = attr_in(comp->attrs, comp->n_attrs, "capacity");
  for (const struct arch_kind *k = comp->kind; k && !v; k = k->base) {
    v = attr_in(k->attrs, k->n_attrs, name);
    if (!v) v = attr_in(k->attrs, k->n_attrs, "capacity");
  }
  return v && v->type == VAL_NUMBER ? v->num : 0;
}

bool arch_class_capacity_shadowed(const struct arch_component *comp, const struct arch_kind *level,
                                   const char *name) {
  if (strcmp(name, "read_capacity") != 0 && strcmp(name, "write_capacity") != 0) return false;
  if (attr_in(comp->attrs, comp->n_attrs, "capacity")) return true;
  for (const struct arch_kind *k = comp->kind; k && k != level; k = k->base)
    if (attr_in(k->attrs, k->n_attrs, "capacity")) return true;
  return false;
}

const struct arch_rule *arch_find_rule(const struct arch_model *m, const char *id) {
  for (size_t i = 0; i < m->n_rules; i++)
    if (strcmp(m->rules[i].id, id) == 0) return &m->rules[i];
  return NULL;
}

const char *arch_rule_suggestion(const struct arch_model *m, const char *id) {
  const char *ids[512];
  size_t n = 0;
  for (size_t i = 0; i < m->n_rules && n < 512; i++) ids[n++] = m->rules[i].id;
  return diag_suggest(id, ids, n);
}

bool arch_edge_carries(const struct arch_edge *e, bool reads) {
  return reads ? e->reads && !e->repeats_reads : e->writes && !e->repeats_writes;
}

void arch_mark_repeats(struct arena *a, struct arch_model *m) {
  /* By caller, its edges in source order: the first edge of each pair to
     carry a class keeps it.  seen[to] says whether `to` was met for this
     caller; reads_at/writes_at the first edge to it carrying each class. */
  struct adjacency adj;
  adjacency_build(a, m, true, &adj);
  size_t n = m->n_components;
  int *seen = arena_alloc(a, (n + 1) * sizeof *seen);
  int *reads_at = arena_alloc(a, (n + 1) * sizeof *reads_at);
  int *writes_at = arena_alloc(a, (n + 1) * sizeof *writes_at);
  for (size_t v = 0; v < n; v++) seen[v] = -1;
  for (size_t v = 0; v < n; v++) {
    for (size_t i = adj.out_first[v]; i < adj.out_first[v + 1]; i++) {
      int k = adj.out[i];
      struct arch_edge *e = &m->edges[k];
      if (seen[e->to] != (int)v) {
        seen[e->to] = (int)v;
        reads_at[e->to] = writes_at[e->to] = -1;
      }
      e->repeats = -1;
      if (e->reads && reads_at[e->to] >= 0) e->repeats_reads = true, e->repeats = reads_at[e->to];
      if (e->writes && writes_at[e->to] >= 0) {
        e->repeats_writes = true;
        if (e->repeats < 0) e->repeats = writes_at[e->to];
      }
      if (e->reads && reads_at[e->to] < 0) reads_at[e->to] = k;
      if (e->writes && writes_at[e->to] < 0) writes_at[e->to] = k;
    }
  }
}

bool arch_kind_is(const struct arch_kind *k, const struct arch_kind *base) {
  for (; k; k = k->base)
    if (k == base) return true;
  return false;
}

const struct arch_value *arch_workload(const struct arch_model *m, const char *name) {
  for (size_t i = 0; i < m->n_workload; i++)
    if (strcmp(m->workload[i].name, name) == 0) return &m->workload[i].value;
  return NULL;
}

void arch_class_rates(double reads, double writes, double rps, double ratio, double *r,
                      double *w) {
  if (reads < 0 && writes < 0 && rps >= 0) {
    double rf = ratio >= 0 ? ratio / (ratio + 1) : 1;
    reads = rps * rf;
    writes = rps * (1 - rf);
  }
  *r = reads > 0 ? reads : 0;
  *w = writes > 0 ? writes : 0;
}

const struct arch_attr *arch_flow_attr(const struct arch_flow *f, const char *name) {
  for (size_t i = 0; i < f->n_attrs; i++)
    if (strcmp(f->attrs[i].name, name) == 0) return &f->attrs[i];
  return NULL;
}
