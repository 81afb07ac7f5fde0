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

#include <string.h>

#include "estimate.h"
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
   (in order of first appearance, root kind first) with the most derived value. */
static void write_effective(FILE *f, const struct arch_component *c) {
  enum { MAX_DEPTH = 64, MAX_NAMES = 256 };  /* kinds derive at most 32 deep (sema.c) */
  const struct arch_kind *chain[MAX_DEPTH];
  size_t depth = 0;
  for (const struct arch_kind *k = c->kind; k && depth < MAX_DEPTH; k = k->base) chain[depth++] = k;
  const char *names[MAX_NAMES];
  size_t n_names = 0;
  fputc('{', f);
  for (size_t level = depth + 1; level-- > 0;) {
    const struct arch_attr *attrs = level ? chain[level - 1]->attrs : c->attrs;
    size_t n = level ? chain[level - 1]->n_attrs : c->n_attrs;
    for (size_t i = 0; i < n && n_names < MAX_NAMES; i++) {
      bool seen = false;
      for (size_t j = 0; j < n_names && !seen; j++) seen = strcmp(names[j], attrs[i].name) == 0;
      if (seen || is_presentation(attrs[i].name)) continue;
      fputs(n_names ? ", " : "", f);
      names[n_names++] = attrs[i].name;
      json_write_string(f, attrs[i].name);
      fputs(": ", f);
      write_value(f, arch_component_attr(c, attrs[i].name));
    }
  }
  fputc('}', f);
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
    fprintf(f, ", \"role\": \"%s\", \"label\": ", arch_role_names[c->kind ? c->kind->role : ROLE_NONE]);
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
