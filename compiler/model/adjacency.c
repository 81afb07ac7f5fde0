/*
 * adjacency.c - the edges of a model by component, in compressed rows:
 * the edges leaving v are out[out_first[v] .. out_first[v + 1]), those
 * entering v in[in_first[v] .. in_first[v + 1]), each in source order.
 * The estimate and the analyses walk the design through this one index.
 */
#include "adjacency.h"

#include <string.h>

void adjacency_build(struct arena *a, const struct arch_model *m, bool with_async,
                     struct adjacency *g) {
  size_t n = m->n_components;
  /* One spare row: the analyses put a super-source after the components. */
  g->out_first = arena_alloc(a, (n + 2) * sizeof *g->out_first);
  g->in_first = arena_alloc(a, (n + 2) * sizeof *g->in_first);
  g->out = arena_alloc(a, (m->n_edges + 1) * sizeof *g->out);
  g->in = arena_alloc(a, (m->n_edges + 1) * sizeof *g->in);
  for (size_t i = 0; i < m->n_edges; i++) {
    if (!with_async && arch_edge_async(m, &m->edges[i])) continue;
    g->out_first[m->edges[i].from + 1]++;
    g->in_first[m->edges[i].to + 1]++;
  }
  for (size_t v = 0; v < n; v++) {
    g->out_first[v + 1] += g->out_first[v];
    g->in_first[v + 1] += g->in_first[v];
  }
  size_t *fo = arena_alloc(a, (n + 1) * sizeof *fo);
  size_t *fi = arena_alloc(a, (n + 1) * sizeof *fi);
  memcpy(fo, g->out_first, (n + 1) * sizeof *fo);
  memcpy(fi, g->in_first, (n + 1) * sizeof *fi);
  for (size_t i = 0; i < m->n_edges; i++) {
    if (!with_async && arch_edge_async(m, &m->edges[i])) continue;
    g->out[fo[m->edges[i].from]++] = (int)i;
    g->in[fi[m->edges[i].to]++] = (int)i;
  }
}
