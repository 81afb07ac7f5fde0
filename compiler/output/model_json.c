/*
 * model_json.c - the resolved model as JSON.
 *
 * Numbers are in base units (seconds, bytes, per second) with the unit
 * beside them, so a consumer never parses "5k rps".  A component's
 * attributes are its effective ones: its kind's (base first) overridden by
 * its own.  Key order is fixed and arrays keep source order, so the same
 * design always gives the same bytes.
 */
#include "output.h"

#include <string.h>

#include "json.h"
#include "strmap.h"
#include "units.h"

static void write_value(struct json_writer *w, const char *key, const struct arch_value *v) {
  char unit[32];
  switch (v->type) {
  case VAL_NUMBER:
    json_object(w, key, JSON_INLINE);
    json_number(w, "value", v->num);
    json_string(w, "unit", dim_unit(v->dim, unit, sizeof unit));
    json_end(w);
    break;
  case VAL_STRING: case VAL_WORD: json_string(w, key, v->str); break;
  case VAL_BOOL: json_bool(w, key, v->boolean); break;
  case VAL_LIST:
    json_array(w, key, JSON_INLINE);
    for (size_t i = 0; i < v->n_items; i++) write_value(w, NULL, &v->items[i]);
    json_end(w);
    break;
  case VAL_NONE: json_null(w, key); break;
  }
}

/* How a kind is drawn is not part of the model other tools read. */
static bool is_presentation(const char *name) {
  static const char *const names[] = {"role", "shape", "fill", "color", "style", "margin"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(names[i], name) == 0) return true;
  return false;
}

/* Every attribute the component has, its kind's included, each name once
   (in order of first appearance, root kind first) with the most derived
   value.  A map from name to slot keeps it linear in the attributes. */
static void write_effective(struct json_writer *w, const struct arch_component *c) {
  enum { MAX_DEPTH = 64 };  /* kinds derive at most 32 deep (sema.c) */
  const struct arch_attr *level_attrs[MAX_DEPTH + 1];
  const struct arch_kind *level_kind[MAX_DEPTH + 1];
  size_t level_n[MAX_DEPTH + 1], levels = 0, total = 0;
  level_kind[levels] = NULL;
  level_attrs[levels] = c->attrs;           /* level 0: the component */
  level_n[levels++] = c->n_attrs;
  for (const struct arch_kind *k = c->kind; k && levels <= MAX_DEPTH; k = k->base) {
    level_kind[levels] = k;
    level_attrs[levels] = k->attrs;
    level_n[levels++] = k->n_attrs;
  }
  for (size_t l = 0; l < levels; l++) total += level_n[l];
  struct arena scratch = {0};
  struct strmap slot = {0};
  const struct arch_value **value = arena_alloc(&scratch, (total + 1) * sizeof *value);
  bool *written = arena_alloc(&scratch, total + 1);
  int used = 0;
  for (size_t l = 0; l < levels; l++)       /* most derived first: it wins */
    for (size_t i = 0; i < level_n[l]; i++)
      if (map_get(&slot, level_attrs[l][i].name) < 0 &&
          !(l > 0 && arch_class_capacity_shadowed(c, level_kind[l], level_attrs[l][i].name))) {
        value[used] = &level_attrs[l][i].value;
        map_put(&scratch, &slot, level_attrs[l][i].name, used++);
      }
  json_object(w, "attributes", JSON_INLINE);
  for (size_t l = levels; l-- > 0;) {       /* printed root kind first */
    for (size_t i = 0; i < level_n[l]; i++) {
      const char *name = level_attrs[l][i].name;
      int k = map_get(&slot, name);
      if (k < 0 || written[k] || is_presentation(name)) continue;
      written[k] = true;
      write_value(w, name, value[k]);
    }
  }
  json_end(w);
  arena_release(&scratch);
}

static const char *group_type_name(enum arch_group_type t) {
  return t == GROUP_REGION ? "region" : t == GROUP_ZONE ? "zone" : "group";
}

static const char *group_path(const struct arch_model *m, int g) {
  return g >= 0 ? m->groups[g].path : NULL;
}

static void write_groups(struct json_writer *w, const struct arch_model *m) {
  json_array(w, "groups", JSON_BLOCK);
  for (size_t i = 0; i < m->n_groups; i++) {
    const struct arch_group *g = &m->groups[i];
    json_object(w, NULL, JSON_INLINE);
    json_string(w, "path", g->path);
    json_string(w, "type", group_type_name(g->type));
    json_string(w, "label", g->label);
    json_string(w, "parent", group_path(m, g->parent));
    json_end(w);
  }
  json_end(w);
}

static void write_components(struct json_writer *w, const struct arch_model *m) {
  json_array(w, "components", JSON_BLOCK);
  for (size_t i = 0; i < m->n_components; i++) {
    const struct arch_component *comp = &m->components[i];
    json_object(w, NULL, JSON_INLINE);
    json_string(w, "path", comp->path);
    json_string(w, "name", comp->name);
    json_string(w, "kind", comp->kind ? comp->kind->name : NULL);
    json_string(w, "role", arch_role_names[arch_role_of(comp)]);
    json_string(w, "label", comp->label);
    json_string(w, "group", group_path(m, comp->group));
    json_wrap(w);
    write_effective(w, comp);
    json_end(w);
  }
  json_end(w);
}

static void write_edges(struct json_writer *w, const struct arch_model *m) {
  json_array(w, "edges", JSON_BLOCK);
  for (size_t i = 0; i < m->n_edges; i++) {
    const struct arch_edge *e = &m->edges[i];
    json_object(w, NULL, JSON_INLINE);
    json_string(w, "from", m->components[e->from].path);
    json_string(w, "to", m->components[e->to].path);
    json_string(w, "label", e->label);
    json_bool(w, "async", e->async);
    json_bool(w, "reads", e->reads);
    json_bool(w, "writes", e->writes);
    json_number(w, "fraction", e->fraction);
    json_number(w, "calls", e->calls);
    json_number(w, "weight", e->weight);
    json_string(w, "protocol", e->protocol);
    json_end(w);
  }
  json_end(w);
}

/* Only the flows a design declares: a design without them keeps the
   output it had, and its implicit reads and writes are the edges' classes. */
static void write_flows(struct json_writer *w, const struct arch_model *m) {
  if (m->n_flows == 0 || m->flows[0].implicit) return;
  json_array(w, "flows", JSON_BLOCK);
  for (size_t i = 0; i < m->n_flows; i++) {
    const struct arch_flow *f = &m->flows[i];
    json_object(w, NULL, JSON_INLINE);
    json_string(w, "name", f->name);
    json_string(w, "label", f->label);
    json_string(w, "class", f->writes ? "write" : "read");
    json_array(w, "from", JSON_INLINE);
    for (size_t k = 0; k < f->n_from; k++) json_string(w, NULL, m->components[f->from[k]].path);
    json_end(w);
    json_number(w, "rate", f->rate);
    if (f->share >= 0) json_number(w, "share", f->share);
    if (f->request >= 0) json_number(w, "request", f->request);
    if (f->response >= 0) json_number(w, "response", f->response);
    if (f->stored >= 0) json_number(w, "stored", f->stored);
    if (f->latency_slo > 0) json_number(w, "latency_slo", f->latency_slo);
    json_wrap(w);
    json_array(w, "steps", JSON_INLINE);
    for (size_t k = 0; k < f->n_steps; k++) {
      const struct arch_flow_step *st = &f->steps[k];
      const struct arch_edge *e = &m->edges[st->edge];
      json_object(w, NULL, JSON_INLINE);
      json_string(w, "from", m->components[e->from].path);
      json_string(w, "to", m->components[e->to].path);
      json_number(w, "fraction", st->fraction);
      json_number(w, "calls", st->calls);
      json_bool(w, "async", st->async);
      json_number(w, "timeout", st->timeout);
      json_end(w);
    }
    json_end(w);
    json_end(w);
  }
  json_end(w);
}

int json_write(archc *c, const struct output_input *in, const char *format, FILE *f) {
  (void)c, (void)format;
  const struct arch_model *m = in->model;
  struct json_writer w;
  json_start(&w, f);
  json_object(&w, NULL, JSON_BLOCK);
  json_string(&w, "title", m->title);
  json_object(&w, "conventions", JSON_INLINE);
  json_number(&w, "month_seconds", m->month_seconds);
  json_end(&w);
  json_object(&w, "workload", JSON_INLINE);
  for (size_t i = 0; i < m->n_workload; i++) write_value(&w, m->workload[i].name, &m->workload[i].value);
  json_end(&w);
  write_groups(&w, m);
  write_components(&w, m);
  write_edges(&w, m);
  write_flows(&w, m);
  if (in->estimate) report_json(&w, "estimate", m, in->estimate);
  json_end(&w);
  return ARCHC_OK;
}
