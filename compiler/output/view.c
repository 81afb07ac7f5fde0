/*
 * view.c - a view applied to the model: which node stands for each
 * component, which groups are frames, which nodes are context (view.h).
 *
 * Groups come in the model in declaration order, a group before the groups
 * inside it, so everything a group inherits from its enclosing groups
 * (being inside `only`, hidden, collapsed) is one forward pass, and the
 * whole mapping is linear in components, groups and edges.
 */
#include "view.h"

#include <string.h>

static bool *flags(struct arena *a, size_t n) { return arena_alloc(a, n + 1); }

/* Per group: listed (directly) among `items`, or inside a listed group. */
static bool *within(struct arena *a, const struct arch_model *m,
                    const struct arch_view_item *items, size_t n, bool *comp_listed) {
  bool *in = flags(a, m->n_groups);
  for (size_t i = 0; i < n; i++) {
    if (items[i].group >= 0) in[items[i].group] = true;
    else comp_listed[items[i].component] = true;
  }
  for (size_t g = 0; g < m->n_groups; g++)
    if (m->groups[g].parent >= 0 && in[m->groups[g].parent]) in[g] = true;
  return in;
}

static bool collapses(const struct arch_view *v, const struct arch_group *g) {
  unsigned f = v->collapse;
  return (v->depth > 0 && g->depth + 1 >= v->depth) || (g->parent < 0 && (f & COLLAPSE_TOP)) || (g->type == GROUP_REGION && (f & COLLAPSE_REGIONS)) ||
         (g->type == GROUP_ZONE && (f & COLLAPSE_ZONES)) ||
         (g->type == GROUP_GROUP && (f & COLLAPSE_GROUPS));
}

/* Marks `g` and its enclosing groups, up to one already marked. */
static void mark_up(const struct arch_model *m, bool *marks, int g) {
  for (; g >= 0 && !marks[g]; g = m->groups[g].parent) marks[g] = true;
}

void view_apply(struct arena *a, const struct arch_model *m, const struct arch_view *v,
                struct view_map *out) {
  size_t nc = m->n_components, ng = m->n_groups;
  *out = (struct view_map){nc, nc + ng, NULL, NULL, NULL, 0};
  out->node_of = arena_alloc(a, (nc + 1) * sizeof *out->node_of);
  out->context = flags(a, nc + ng);
  out->frame = flags(a, ng);
  if (!v) {
    for (size_t i = 0; i < nc; i++) out->node_of[i] = (int)i;
    for (size_t g = 0; g < ng; g++) out->frame[g] = true;
    out->drawn = nc;
    return;
  }
  bool *only_c = flags(a, nc), *hide_c = flags(a, nc);
  bool *only_g = within(a, m, v->only, v->n_only, only_c);
  bool *hide_g = within(a, m, v->hide, v->n_hide, hide_c);
  /* The outermost collapsed group around each group, or -1. */
  bool *listed = flags(a, ng);
  for (size_t i = 0; i < v->n_collapse_groups; i++) listed[v->collapse_groups[i]] = true;
  int *outer = arena_alloc(a, (ng + 1) * sizeof *outer);
  for (size_t g = 0; g < ng; g++) {
    int p = m->groups[g].parent;
    outer[g] = p >= 0 && outer[p] >= 0 ? outer[p]
               : listed[g] || collapses(v, &m->groups[g]) ? (int)g : -1;
  }
  /* Shown: inside `only` (or no `only`), not hidden. */
  bool *shown = flags(a, nc), *holds_shown = flags(a, ng), *node_shown = flags(a, nc + ng);
  for (size_t i = 0; i < nc; i++) {
    int g = m->components[i].group;
    out->node_of[i] = -1;
    if (hide_c[i] || (g >= 0 && hide_g[g])) continue;
    if (v->n_only && !only_c[i] && !(g >= 0 && only_g[g])) continue;
    shown[i] = true;
    out->node_of[i] = g >= 0 && outer[g] >= 0 ? (int)nc + outer[g] : (int)i;
    node_shown[out->node_of[i]] = true;
    mark_up(m, holds_shown, g);
  }
  /* Context: what calls into the view or what it calls, outside it, drawn
     as itself or as the largest group around it that holds nothing shown. */
  for (size_t e = 0; v->n_only && v->context && e < m->n_edges; e++) {
    int from = m->edges[e].from, to = m->edges[e].to;
    if (shown[from] == shown[to]) continue;
    int o = shown[from] ? to : from, g = m->components[o].group;
    if (out->node_of[o] >= 0 || hide_c[o] || (g >= 0 && hide_g[g])) continue;
    int rep = -1;
    for (int up = g; up >= 0 && !holds_shown[up]; up = m->groups[up].parent) rep = up;
    if (g >= 0 && outer[g] >= 0 && (rep < 0 || m->groups[outer[g]].depth < m->groups[rep].depth))
      rep = outer[g];
    out->node_of[o] = rep >= 0 ? (int)nc + rep : o;
    if (!node_shown[out->node_of[o]]) out->context[out->node_of[o]] = true;
  }
  /* Frames: every group around a drawn node, unless collapsed into one. */
  bool *seen = flags(a, nc + ng);
  for (size_t i = 0; i < nc; i++) {
    int n = out->node_of[i];
    if (n < 0 || seen[n]) continue;
    seen[n] = true;
    out->drawn++;
    mark_up(m, out->frame, n < (int)nc ? m->components[n].group : m->groups[n - (int)nc].parent);
  }
}

/* ---- the built-in overview ---- */

static const struct {
  unsigned collapse;
  const char *what;
} levels[] = {
  {COLLAPSE_GROUPS, "every group drawn as one node"},
  {COLLAPSE_GROUPS | COLLAPSE_ZONES, "every zone and group drawn as one node"},
  {COLLAPSE_TOP, "every top-level region and group drawn as one node"},
};
enum { N_LEVELS = sizeof levels / sizeof levels[0] };

/* `v` with the least collapsing of `levels` that draws at most
   VIEW_OVERVIEW_BOXES boxes, else the last; a copy in the arena. */
static struct arch_view *collapsed(struct arena *a, const struct arch_model *m,
                                   const struct arch_view *v) {
  struct arch_view *fit = arena_alloc(a, sizeof *fit);
  *fit = *v;
  for (int i = 0; i < N_LEVELS; i++) {
    fit->collapse = levels[i].collapse;
    struct view_map map;
    view_apply(a, m, fit, &map);
    if (map.drawn <= VIEW_OVERVIEW_BOXES) break;
  }
  return fit;
}

const struct arch_view *view_overview(struct arena *a, const struct arch_model *m) {
  struct arch_view v = {.name = "overview", .label = "Overview", .context = true, .builtin = true};
  return collapsed(a, m, &v);
}

const struct arch_view *view_find(struct arena *a, const struct arch_model *m, const char *name) {
  for (size_t i = 0; i < m->n_views; i++) {
    const struct arch_view *v = &m->views[i];
    if (strcmp(v->name, name) != 0) continue;
    if (v->collapse_given) return v;
    /* Past VIEW_THRESHOLD boxes, a view that does not say how to collapse
       is collapsed as the overview is: a region of 500 components is no
       more readable in one picture than the design. */
    struct view_map map;
    view_apply(a, m, v, &map);
    if (map.drawn <= VIEW_THRESHOLD) return v;
    struct arch_view *fit = collapsed(a, m, v);
    fit->fitted = true;
    return fit;
  }
  return strcmp(name, "overview") == 0 ? view_overview(a, m) : NULL;
}

const struct arch_view *view_default(struct arena *a, const struct arch_model *m) {
  /* With no group, every overview is the whole design. */
  return m->n_components > VIEW_THRESHOLD && m->n_groups ? view_find(a, m, "overview") : NULL;
}

/* Names of listed items, "a, b and 3 more". */
static void list_items(struct arena *a, const struct arch_model *m, const char **s,
                       const struct arch_view_item *items, size_t n) {
  for (size_t i = 0; i < n && i < 3; i++) {
    const char *name = items[i].group >= 0 ? m->groups[items[i].group].path
                                           : m->components[items[i].component].path;
    *s = arena_printf(a, "%s%s%s", *s, i == 0 ? "" : i + 1 == n ? " and " : ", ", name);
  }
  if (n > 3) *s = arena_printf(a, "%s and %zu more", *s, n - 3);
}

const char *view_describe(struct arena *a, const struct arch_model *m, const struct arch_view *v) {
  if (!v) return "everything";
  const char *s = "";
  for (int i = 0; v->builtin && i < N_LEVELS; i++)
    if (levels[i].collapse == v->collapse) return levels[i].what;
  if (v->n_only) {
    s = "only ";
    list_items(a, m, &s, v->only, v->n_only);
  }
  static const char *const words[] = {"regions", "zones", "groups", "top-level groups"};
  const char *sep = s[0] ? "; " : "";
  size_t n = 0;
  for (int i = 0; i < 4; i++) n += (v->collapse >> i) & 1;
  n += v->n_collapse_groups;
  if (v->depth) {
    s = arena_printf(a, "%s%scollapsed from depth %d", s, sep, v->depth);
    sep = "; ";
  }
  if (n) {
    s = arena_printf(a, "%s%scollapsed%s: ", s, sep, v->fitted ? " to fit" : "");
    size_t k = 0;
    for (int i = 0; i < 4; i++)
      if ((v->collapse >> i) & 1)
        s = arena_printf(a, "%s%s%s", s, k++ == 0 ? "" : k == n ? " and " : ", ", words[i]);
    for (size_t i = 0; i < v->n_collapse_groups; i++)
      s = arena_printf(a, "%s%s%s", s, k++ == 0 ? "" : k == n ? " and " : ", ",
                       m->groups[v->collapse_groups[i]].path);
  }
  if (v->n_hide) {
    s = arena_printf(a, "%s%shidden: ", s, s[0] ? "; " : "");
    list_items(a, m, &s, v->hide, v->n_hide);
  }
  return s[0] ? s : "everything";
}
