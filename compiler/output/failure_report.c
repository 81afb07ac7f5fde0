/*
 * failure_report.c - what failing a component, a zone or a region does:
 * who loses which stores, and what the rerouted load saturates.  The
 * estimate of the design as it is and the estimate with the failure are
 * two calls; neither changes the other.
 */
#include "output.h"

#include <string.h>

#include "analyze.h"
#include "estimate.h"
#include "quantity.h"
#include "whatif.h"

int failure_write(archc *c, const struct output_input *in, const char *format, FILE *out) {
  (void)format;  /* text is its only format */
  const struct arch_model *m = in->model;
  const char *target = in->fail, *what = NULL;
  if (!target) return ARCHC_USAGE_ERROR;
  struct what_if w = {0};
  w.quiet_cycles = true;
  if (!whatif_failure(c, m, target, &w, &what)) return ARCHC_USAGE_ERROR;
  const bool *dead = w.failed;
  size_t n = m->n_components;

  /* Before: the estimate of the design as it is, and who reaches what. */
  static const struct what_if quietly = {0, NULL, NULL, true};
  const struct estimate *before = in->estimate ? in->estimate : estimate_run(c, m, &quietly);
  if (before) w.scale = before->scale;
  const struct estimate *after = before ? estimate_run(c, m, &w) : NULL;
  if (!after) return ARCHC_DESIGN_ERROR;
  const struct analysis *A = analyze_run(c, m, before);
  bool *reach0 = analyze_reach(c, m, NULL), *reach1 = analyze_reach(c, m, dead);

  fprintf(out, "If %s %s fails:\n", what, target);
  size_t lost = 0;
  for (size_t v = 0; v < n; v++) lost += dead[v];
  fprintf(out, "\n  Lost with it: %zu component%s", lost, lost == 1 ? "" : "s");
  for (size_t v = 0, shown = 0; v < n && shown < 12; v++)
    if (dead[v]) fprintf(out, "%s%s", shown++ ? ", " : ": ", m->components[v].path);
  fputs(lost > 12 ? ", ...\n" : "\n", out);

  fputs("\n  Clients cut off from stores they reached before:\n", out);
  size_t k = 0, cut_total = 0;
  /* reached[class]: copies of that class the client still reaches. */
  int *reached = arena_alloc(&c->arena, (n + 1) * sizeof *reached);
  for (size_t cl = 0; cl < n && k < ANALYZE_MAX_CLIENTS; cl++) {
    if (!arch_component_has(&m->components[cl], TRAIT_ORIGINATES)) continue;
    size_t cut = 0;
    memset(reached, 0, n * sizeof *reached);
    for (size_t u = 0; u < n; u++) reached[A->copy_group[u]] += reach1[k * n + u];
    for (size_t t = 0; t < n; t++) {
      if (!arch_component_has(&m->components[t], TRAIT_STORES) || !reach0[k * n + t] || reach1[k * n + t]) continue;
      /* Still reaching a copy of it is failing over. */
      if (reached[A->copy_group[t]] > 0) continue;
      if (cut == 0) fprintf(out, "    %s loses %s", m->components[cl].path, m->components[t].path);
      else fprintf(out, ", %s", m->components[t].path);
      cut++;
    }
    if (dead[cl]) fprintf(out, "    %s is itself lost", m->components[cl].path), cut++;
    if (cut) fputc('\n', out);
    cut_total += cut;
    k++;
  }
  if (!cut_total) fputs("    none: every client still reaches its stores, or a copy of them\n", out);

  fputs("\n  Load after rerouting, at peak:\n", out);
  size_t hot = 0;
  char a[32], b[32], limit[32];
  quantity_human_percent(UTIL_HOT, limit, sizeof limit);
  for (size_t v = 0; v < n; v++) {
    const struct est_component *x0 = &before->components[v], *x1 = &after->components[v];
    if (dead[v] || x1->hot_capacity <= 0 || x1->util_peak <= UTIL_HOT) continue;
    if (x1->util_peak <= x0->util_peak * 1.0001 && x0->util_peak > UTIL_HOT) continue;
    quantity_human_percent(x0->util_peak, a, sizeof a);
    quantity_human_percent(x1->util_peak, b, sizeof b);
    if (x1->util_peak >= 0.9995)
      fprintf(out, "    %s goes from %s to %s: saturated\n", m->components[v].path, a, b);
    else
      fprintf(out, "    %s goes from %s to %s: over %s\n", m->components[v].path, a, b, limit);
    hot++;
  }
  if (!hot) fprintf(out, "    nothing is pushed past %s of its capacity\n", limit);
  return ARCHC_OK;
}
