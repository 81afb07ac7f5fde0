/*
 * json.c - the resolved model as JSON.
 *
 * Numbers are in base units (seconds, bytes, per second) with the unit
 * beside them, so a consumer never parses "5k rps".  A component's
 * attributes are its effective ones: its kind's (base first) overridden by
 * its own.  Key order is fixed and arrays keep source order, so the same
 * design always gives the same bytes.
 */
#include "json.h"

#include "output.h"

#include <string.h>

#include "estimate.h"
#include "strmap.h"
#include "units.h"

void json_write_string(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': fputs("\\\"", f); break;
    case '\\': fputs("\\\\", f); break;
    case '\n': fputs("\\n", f); break;
    case '\t': fputs("\\t", f); break;
    case '\r': fputs("\\r", f); break;
    default:
      if (*p < 0x20) fprintf(f, "\\u%04x", *p);
      else fputc(*p, f);
    }
  }
  fputc('"', f);
}

static void write_opt_string(FILE *f, const char *s) {
  if (s) json_write_string(f, s);
  else fputs("null", f);
}

static void write_number(FILE *f, double v) {
  if (v == 0) v = 0; /* no "-0" */
  fprintf(f, "%.15g", v);
}

static void write_value(FILE *f, const struct arch_value *v) {
  char unit[32];
  switch (v->type) {
  case VAL_NUMBER:
    fputs("{\"value\": ", f);
    write_number(f, v->num);
    fputs(", \"unit\": ", f);
    json_write_string(f, dim_unit(v->dim, unit, sizeof unit));
    fputc('}', f);
    break;
  case VAL_STRING: case VAL_WORD: json_write_string(f, v->str); break;
  case VAL_BOOL: fputs(v->boolean ? "true" : "false", f); break;
  case VAL_LIST:
    fputc('[', f);
    for (size_t i = 0; i < v->n_items; i++) {
      if (i) fputs(", ", f);
      write_value(f, &v->items[i]);
    }
    fputc(']', f);
    break;
  case VAL_NONE: fputs("null", f); break;
  }
}

static void write_attrs(FILE *f, const struct arch_attr *attrs, size_t n, bool *first) {
  for (size_t i = 0; i < n; i++) {
    fputs(*first ? "" : ", ", f);
    *first = false;
    json_write_string(f, attrs[i].name);
    fputs(": ", f);
    write_value(f, &attrs[i].value);
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
static void write_effective(FILE *f, const struct arch_component *c) {
  enum { MAX_DEPTH = 64 };  /* kinds derive at most 32 deep (sema.c) */
  const struct arch_attr *level_attrs[MAX_DEPTH + 1];
  size_t level_n[MAX_DEPTH + 1], levels = 0, total = 0;
  level_attrs[levels] = c->attrs;           /* level 0: the component */
  level_n[levels++] = c->n_attrs;
  for (const struct arch_kind *k = c->kind; k && levels <= MAX_DEPTH; k = k->base) {
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
      if (map_get(&slot, level_attrs[l][i].name) < 0) {
        value[used] = &level_attrs[l][i].value;
        map_put(&scratch, &slot, level_attrs[l][i].name, used++);
      }
  bool first = true;
  fputc('{', f);
  for (size_t l = levels; l-- > 0;) {       /* printed root kind first */
    for (size_t i = 0; i < level_n[l]; i++) {
      const char *name = level_attrs[l][i].name;
      int k = map_get(&slot, name);
      if (written[k] || is_presentation(name)) continue;
      written[k] = true;
      fputs(first ? "" : ", ", f);
      first = false;
      json_write_string(f, name);
      fputs(": ", f);
      write_value(f, value[k]);
    }
  }
  fputc('}', f);
  arena_release(&scratch);
}

static const char *group_type_name(enum arch_group_type t) {
  return t == GROUP_REGION ? "region" : t == GROUP_ZONE ? "zone" : "group";
}

void json_write_model(FILE *f, const struct arch_model *m, const struct estimate *E) {
  fputs("{\n  \"title\": ", f);
  write_opt_string(f, m->title);
  fputs(",\n  \"conventions\": {\"month_seconds\": ", f);
  write_number(f, m->month_seconds);
  fputs("},\n  \"workload\": {", f);
  bool first = true;
  write_attrs(f, m->workload, m->n_workload, &first);
  fputs("},\n  \"groups\": [", f);
  for (size_t i = 0; i < m->n_groups; i++) {
    const struct arch_group *g = &m->groups[i];
    fputs(i ? ",\n    {" : "\n    {", f);
    fputs("\"path\": ", f);
    json_write_string(f, g->path);
    fprintf(f, ", \"type\": \"%s\", \"label\": ", group_type_name(g->type));
    write_opt_string(f, g->label);
    fputs(", \"parent\": ", f);
    write_opt_string(f, g->parent >= 0 ? m->groups[g->parent].path : NULL);
    fputc('}', f);
  }
  fputs(m->n_groups ? "\n  ],\n  \"components\": [" : "],\n  \"components\": [", f);
  for (size_t i = 0; i < m->n_components; i++) {
    const struct arch_component *c = &m->components[i];
    fputs(i ? ",\n    {" : "\n    {", f);
    fputs("\"path\": ", f);
    json_write_string(f, c->path);
    fputs(", \"name\": ", f);
    json_write_string(f, c->name);
    fputs(", \"kind\": ", f);
    write_opt_string(f, c->kind ? c->kind->name : NULL);
    fprintf(f, ", \"role\": \"%s\", \"label\": ", arch_role_names[arch_role_of(c)]);
    write_opt_string(f, c->label);
    fputs(", \"group\": ", f);
    write_opt_string(f, c->group >= 0 ? m->groups[c->group].path : NULL);
    fputs(",\n     \"attributes\": ", f);
    write_effective(f, c);
    fputc('}', f);
  }
  fputs(m->n_components ? "\n  ],\n  \"edges\": [" : "],\n  \"edges\": [", f);
  for (size_t i = 0; i < m->n_edges; i++) {
    const struct arch_edge *e = &m->edges[i];
    fputs(i ? ",\n    {" : "\n    {", f);
    fputs("\"from\": ", f);
    json_write_string(f, m->components[e->from].path);
    fputs(", \"to\": ", f);
    json_write_string(f, m->components[e->to].path);
    fputs(", \"label\": ", f);
    write_opt_string(f, e->label);
    fprintf(f, ", \"async\": %s, \"reads\": %s, \"writes\": %s, \"fraction\": ",
            e->async ? "true" : "false", e->reads ? "true" : "false", e->writes ? "true" : "false");
    write_number(f, e->fraction);
    fputs(", \"calls\": ", f);
    write_number(f, e->calls);
    fputs(", \"weight\": ", f);
    write_number(f, e->weight);
    fputs(", \"protocol\": ", f);
    write_opt_string(f, e->protocol);
    fputc('}', f);
  }
  fputs(m->n_edges ? "\n  ]" : "]", f);
  if (E) {
    fputs(",\n  \"estimate\": ", f);
    report_json(f, m, E, "  ");
  }
  fputs("\n}\n", f);
}

int json_write(archc *c, const struct output_input *in, const char *format, FILE *f) {
  json_write_model(f, in->model, in->estimate);
  return ARCHC_OK;
}
