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

bool failure_effect(archc *c, const struct arch_model *m, const struct estimate *before,
                    const struct analysis *A, const bool *reach0, const char *target,
                    struct failure_effect *out) {
  *out = (struct failure_effect){0};
  struct what_if w = {0};
  w.quiet_cycles = true;
  if (!whatif_failure(c, m, target, &w, &out->what)) return false;
  const bool *dead = w.failed;
  size_t n = m->n_components;
  w.scale = before->scale;
  const struct estimate *after = estimate_run(c, m, &w);
  if (!after) return false;
  out->dead = dead;
  for (size_t v = 0; v < n; v++) out->lost += dead[v];
  bool *reach1 = analyze_reach(c, m, dead);

  /* reached[class]: copies of that class the client still reaches. */
  int *reached = arena_alloc(&c->arena, (n + 1) * sizeof *reached);
  out->cut = arena_alloc(&c->arena, (n + 1) * sizeof *out->cut);
  size_t k = 0;
  for (size_t cl = 0; cl < n && k < ANALYZE_MAX_CLIENTS; cl++) {
    if (!arch_component_has(&m->components[cl], TRAIT_ORIGINATES)) continue;
    struct failure_cut *cut = &out->cut[out->n_cut];
    *cut = (struct failure_cut){(int)cl, dead[cl], NULL, 0};
    memset(reached, 0, n * sizeof *reached);
    for (size_t u = 0; u < n; u++) reached[A->copy_group[u]] += reach1[k * n + u];
    for (size_t t = 0; t < n; t++) {
      if (!arch_component_has(&m->components[t], TRAIT_STORES) || !reach0[k * n + t] || reach1[k * n + t]) continue;
      /* Still reaching a copy of it is failing over. */
      if (reached[A->copy_group[t]] > 0) continue;
      if (!cut->stores) cut->stores = arena_alloc(&c->arena, n * sizeof *cut->stores);
      cut->stores[cut->n_stores++] = (int)t;
    }
    if (cut->n_stores || cut->itself) out->n_cut++;
    k++;
  }

  out->hot = arena_alloc(&c->arena, (n + 1) * sizeof *out->hot);
  for (size_t v = 0; v < n; v++) {
    const struct est_component *x0 = &before->components[v], *x1 = &after->components[v];
    if (dead[v] || x1->hot_capacity <= 0 || x1->util_peak <= UTIL_HOT) continue;
    if (x1->util_peak <= x0->util_peak * 1.0001 && x0->util_peak > UTIL_HOT) continue;
    out->hot[out->n_hot++] = (struct failure_hot){(int)v, x0->util_peak, x1->util_peak};
  }

  /* Per flow: what it loses, and what saturates on its way.  Either makes
     the failure harmful, which `archc check --fail` exits 1 on. */
  out->flows = arena_alloc(&c->arena, (m->n_flows + 1) * sizeof *out->flows);
  for (size_t f = 0; f < m->n_flows; f++) {
    const struct arch_flow *fl = &m->flows[f];
    if (fl->implicit && (fl->writes ? before->writes : before->reads) <= 0) continue;
    struct failure_flow *ff = &out->flows[out->n_flows++];
    ff->flow = (int)f;
    ff->n_lost = analyze_flow_loss(c, m, A->copy_group, f, dead, ff->lost, 8, &ff->n_targets);
    bool *path = analyze_flow_reach(c, m, f, NULL);
    for (size_t v = 0; v < n; v++) {
      const struct est_component *x0 = &before->components[v], *x1 = &after->components[v];
      if (!path[v] || dead[v] || x1->hot_capacity <= 0 || x1->util_peak < 0.9995 ||
          x1->util_peak <= x0->util_peak * 1.0001)
        continue;
      if (!ff->saturated) ff->saturated = arena_alloc(&c->arena, n * sizeof *ff->saturated);
      ff->saturated[ff->n_saturated++] = (int)v;
    }
    out->harmed |= ff->n_lost > 0 || ff->n_saturated > 0;
  }
  return true;
}

int failure_write(archc *c, const struct output_input *in, const char *format, FILE *out) {
  (void)format;  /* text is its only format */
  const struct arch_model *m = in->model;
  const char *target = in->fail;
  if (!target) return ARCHC_USAGE_ERROR;
  /* An unknown name is reported before anything is estimated. */
  const char *what;
  if (!analyze_failure(c, m, target, &what)) return ARCHC_USAGE_ERROR;

  /* Before: the estimate of the design as it is, and who reaches what. */
  static const struct what_if quietly = {0, NULL, NULL, true};
  const struct estimate *before = in->estimate ? in->estimate : estimate_run(c, m, &quietly);
  if (!before) return ARCHC_DESIGN_ERROR;
  const struct analysis *A = analyze_run(c, m, before);
  struct failure_effect fx;
  if (!failure_effect(c, m, before, A, analyze_reach(c, m, NULL), target, &fx))
    return ARCHC_DESIGN_ERROR;
  size_t n = m->n_components;

  fprintf(out, "If %s %s fails:\n", fx.what, target);
  fprintf(out, "\n  Lost with it: %zu component%s", fx.lost, fx.lost == 1 ? "" : "s");
  for (size_t v = 0, shown = 0; v < n && shown < 12; v++)
    if (fx.dead[v]) fprintf(out, "%s%s", shown++ ? ", " : ": ", m->components[v].path);
  fputs(fx.lost > 12 ? ", ...\n" : "\n", out);

  fputs("\n  Clients cut off from stores they reached before:\n", out);
  for (size_t i = 0; i < fx.n_cut; i++) {
    const struct failure_cut *cut = &fx.cut[i];
    const char *client = m->components[cut->client].path;
    for (size_t j = 0; j < cut->n_stores; j++)
      if (j == 0) fprintf(out, "    %s loses %s", client, m->components[cut->stores[j]].path);
      else fprintf(out, ", %s", m->components[cut->stores[j]].path);
    if (cut->itself) fprintf(out, "    %s is itself lost", client);
    fputc('\n', out);
  }
  if (!fx.n_cut) fputs("    none: every client still reaches its stores, or a copy of them\n", out);

  fputs("\n  Load after rerouting, at peak:\n", out);
  char a[32], b[32], limit[32];
  quantity_human_percent(UTIL_HOT, limit, sizeof limit);
  for (size_t i = 0; i < fx.n_hot; i++) {
    const struct failure_hot *h = &fx.hot[i];
    quantity_human_percent(h->before, a, sizeof a);
    quantity_human_percent(h->after, b, sizeof b);
    if (h->after >= 0.9995)
      fprintf(out, "    %s goes from %s to %s: saturated\n", m->components[h->component].path, a, b);
    else
      fprintf(out, "    %s goes from %s to %s: over %s\n", m->components[h->component].path, a, b,
              limit);
  }
  if (!fx.n_hot) fprintf(out, "    nothing is pushed past %s of its capacity\n", limit);

  fputs("\n  Flows:\n", out);
  for (size_t i = 0; i < fx.n_flows; i++) {
    const struct failure_flow *ff = &fx.flows[i];
    fprintf(out, "    %s: ", m->flows[ff->flow].name);
    if (ff->n_lost == 0) fputs("still served", out);
    else fprintf(out, "%s: no longer reaches %s", ff->n_lost >= ff->n_targets ? "lost" : "partly lost",
                 ff->lost[0]);
    for (size_t j = 1; j < ff->n_lost && j < 8; j++) fprintf(out, ", %s", ff->lost[j]);
    if (ff->n_lost > 8) fputs(", ...", out);
    for (size_t j = 0; j < ff->n_saturated; j++)
      fprintf(out, "%s%s", j ? ", " : "; saturates ", m->components[ff->saturated[j]].path);
    fputc('\n', out);
  }
  if (in->harmed) *in->harmed = fx.harmed;
  return ARCHC_OK;
}
