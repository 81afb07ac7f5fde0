/*
 * whatif.c - a failure as the estimate's input: which components a failed
 * component, zone or region takes with it, and what share of their
 * capacity the others keep.
 */
#include "internal.h"

#include <string.h>

#include "analyze.h"
#include "estimate.h"
#include "whatif.h"

bool whatif_failure(archc *c, const struct arch_model *m, const char *target, struct what_if *w,
                    const char **what) {
  bool *dead = analyze_failure(c, m, target, what);
  if (!dead) return false;
  size_t n = m->n_components;
  /* A component whose replicas are spread by a `zones` list loses the
     failed zone's share. */
  double *left = arena_alloc(&c->arena, (n + 1) * sizeof *left);
  const char *zone_name = NULL;
  if (strcmp(*what, "zone") == 0) {
    const char *dot = strrchr(target, '.');
    zone_name = dot ? dot + 1 : target;
  }
  for (size_t v = 0; v < n; v++) {
    left[v] = 1;
    const struct arch_value *zones = arch_component_attr(&m->components[v], "zones");
    if (!zone_name || !zones || zones->type != VAL_LIST || zones->n_items == 0) continue;
    for (size_t i = 0; i < zones->n_items; i++)
      if (zones->items[i].str && strcmp(zones->items[i].str, zone_name) == 0)
        left[v] = 1 - 1.0 / (double)zones->n_items;
  }
  w->failed = dead;
  w->capacity_left = left;
  return true;
}
