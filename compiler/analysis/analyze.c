/*
 * analyze.c - the facts about a design that its rules read.
 *
 * Graph: the components, with a super-source s that calls every client.
 * Synchronous edges are the calls a request waits for (not [async], not into
 * or out of a queue); "required" stores are the stores, object stores and
 * search clusters that clients reach over them.
 *
 *   single points of failure  the dominator tree of the synchronous graph
 *     from s, by the iterative algorithm of Cooper, Harvey and Kennedy ("A
 *     Simple, Fast Dominance Algorithm", 2001): v dominates t when every
 *     path from s to t passes v.  A component with one instance that
 *     dominates a required store is a single point of failure for it.
 *   zones and regions         remove every component placed in one zone (or
 *     region) and search again from s, through what those components lead
 *     to only (the rest is reached as before): a required store that is no
 *     longer reached is cut off by that zone's loss.  A component outside
 *     any zone is taken to be spread over its region's zones.
 *   the rest                  breadth-first searches that avoid caches or
 *     CDNs, counts over edges, and a cycle search (Kosaraju) on the
 *     synchronous graph.
 *
 * Everything is linear in the size of the design, except the zone and
 * region removals (for each zone, a search of what its components lead
 * to: linear when zones lead to their own parts of the design, zones x
 * (components + edges) at worst) and the dominator iteration (a few
 * passes in practice).
 * Per-client reachability (analyze_reach) is one search per client, for
 * at most ANALYZE_MAX_CLIENTS clients.
 */
#include "internal.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "adjacency.h"
#include "analyze.h"
#include "estimate.h"
#include "strmap.h"
#include "quantity.h"

/* One run of the analyses: its inputs, and where it allocates and reports. */
struct run {
  archc *compilation;
  struct arena *arena;
  const struct arch_model *model;
  const struct estimate *estimate;  /* NULL: no load-based facts */
  int *queue;                       /* search's, allocated once: a search per zone and
                                       per client each taking its own grew the arena
                                       by n x (zones + clients) */
};

struct graph {
  size_t n;                 /* components; node n is the super-source */
  size_t *out_first, *in_first;
  int *out, *in;            /* synchronous edges, by index */
  const bool *roots;        /* what the super-source calls; NULL: every client */
};

static bool is_root(const struct arch_model *m, const struct graph *g, int v) {
  return g->roots ? g->roots[v] : arch_component_has(&m->components[v], TRAIT_ORIGINATES);
}

static bool has(const struct arch_model *m, int v, enum arch_trait t) {
  return arch_component_has(&m->components[v], t);
}

static double num(const struct arch_model *m, int v, const char *name, double fallback) {
  return arch_component_number(&m->components[v], name, fallback);
}

static void build_graph(struct run *c, struct graph *g, bool with_async) {
  struct adjacency adj;
  adjacency_build(c->arena, c->model, with_async, &adj);
  *g = (struct graph){c->model->n_components, adj.out_first, adj.in_first, adj.out, adj.in, NULL};
}

#define ROLE_BIT(r) (1u << (r))

/* Breadth-first search from the clients over synchronous edges, never
   entering a component in `dead` or one whose role is in the set `avoid`; with
   `reads_only`, only along edges that carry reads.  `from_client` >= 0
   starts from that client alone. */
static void search(struct run *c, const struct graph *g, const bool *dead, unsigned avoid,
                   bool reads_only, int from_client, bool *seen) {
  const struct arch_model *m = c->model;
  size_t n = g->n;
  if (!c->queue) c->queue = arena_alloc(c->arena, (n + 1) * sizeof *c->queue);
  int *queue = c->queue;
  size_t head = 0, tail = 0;
  memset(seen, 0, n * sizeof *seen);
  /* One client's search starts from it alone, without a pass over every
     component: analyze_reach makes one for each of up to
     ANALYZE_MAX_CLIENTS clients. */
  size_t first = from_client >= 0 ? (size_t)from_client : 0;
  size_t last = from_client >= 0 ? first + 1 : n;
  for (size_t v = first; v < last; v++) {
    if (!is_root(m, g, (int)v) || (dead && dead[v])) continue;
    seen[v] = true;
    queue[tail++] = (int)v;
  }
  while (head < tail) {
    int v = queue[head++];
    for (size_t i = g->out_first[v]; i < g->out_first[v + 1]; i++) {
      const struct arch_edge *e = &m->edges[g->out[i]];
      int w = e->to;
      if (seen[w] || (dead && dead[w]) || (reads_only && !e->reads)) continue;
      if (avoid & ROLE_BIT(arch_role_of(&m->components[w]))) continue;
      seen[w] = true;
      queue[tail++] = w;
    }
  }
}

/* ---- dominators ---- */

/* idom[v] for every node reached from s (node n); -1 elsewhere.  *post
   receives the reached nodes in postorder (a node after everything below
   it in the search, so after everything it dominates), *count their number. */
static int *dominators(struct run *c, const struct graph *g, int **post, size_t *count_out) {
  const struct arch_model *m = c->model;
  size_t n = g->n, s = n;
  int *idom = arena_alloc(c->arena, (n + 1) * sizeof *idom);
  int *po = arena_alloc(c->arena, (n + 1) * sizeof *po);       /* postorder number */
  int *order = arena_alloc(c->arena, (n + 1) * sizeof *order);  /* nodes by postorder */
  int *stack = arena_alloc(c->arena, (n + 1) * sizeof *stack);
  size_t *next = arena_alloc(c->arena, (n + 1) * sizeof *next);
  bool *seen = arena_alloc(c->arena, n + 1);
  for (size_t v = 0; v <= n; v++) idom[v] = -1, po[v] = -1;

  /* Iterative depth-first search from s; s's successors are the clients. */
  size_t count = 0, top = 0;
  stack[0] = (int)s;
  seen[s] = true;
  next[s] = 0;
  while (true) {
    int v = stack[top];
    int w = -1;
    if ((size_t)v == s) {
      while (next[s] < n && w < 0) {
        size_t cand = next[s]++;
        if (is_root(m, g, (int)cand) && !seen[cand]) w = (int)cand;
      }
    } else {
      while (next[v] < g->out_first[v + 1] - g->out_first[v] && w < 0) {
        int cand = m->edges[g->out[g->out_first[v] + next[v]++]].to;
        if (!seen[cand]) w = cand;
      }
    }
    if (w >= 0) {
      seen[w] = true;
      next[w] = 0;
      stack[++top] = w;
      continue;
    }
    po[v] = (int)count;
    order[count++] = v;
    if (top == 0) break;
    top--;
  }

  *post = order;
  *count_out = count;
  idom[s] = (int)s;
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t k = count - 1; k-- > 0;) {     /* reverse postorder, s excluded */
      int v = order[k];
      int new_idom = -1;
      bool client = is_root(m, g, v);
      size_t n_preds = g->in_first[v + 1] - g->in_first[v] + (client ? 1 : 0);
      for (size_t i = 0; i < n_preds; i++) {
        int p = i < g->in_first[v + 1] - g->in_first[v] ? m->edges[g->in[g->in_first[v] + i]].from
                                                        : (int)s;
        if (idom[p] < 0) continue;
        if (new_idom < 0) {
          new_idom = p;
          continue;
        }
        int a = p, b = new_idom;
        while (a != b) {
          while (po[a] < po[b]) a = idom[a];
          while (po[b] < po[a]) b = idom[b];
        }
        new_idom = a;
      }
      if (new_idom >= 0 && idom[v] != new_idom) {
        idom[v] = new_idom;
        changed = true;
      }
    }
  }
  return idom;
}

/* ---- cycles (Kosaraju) ---- */

/* Marks the components on synchronous cycles; returns the components in
   the order a depth-first search finishes them (callees before callers,
   but for the edges that close a cycle). */
static int *sync_cycles(struct run *c, const struct graph *g, struct comp_facts *f) {
  const struct arch_model *m = c->model;
  size_t n = g->n;
  int *finish = arena_alloc(c->arena, (n + 1) * sizeof *finish);
  int *stack = arena_alloc(c->arena, (n + 1) * sizeof *stack);
  size_t *next = arena_alloc(c->arena, (n + 1) * sizeof *next);
  bool *seen = arena_alloc(c->arena, n + 1);
  size_t nf = 0;
  for (size_t r = 0; r < n; r++) {
    if (seen[r]) continue;
    size_t top = 0;
    stack[0] = (int)r;
    seen[r] = true;
    next[r] = g->out_first[r];
    while (true) {
      int v = stack[top];
      if (next[v] < g->out_first[v + 1]) {
        int w = m->edges[g->out[next[v]++]].to;
        if (!seen[w]) {
          seen[w] = true;
          next[w] = g->out_first[w];
          stack[++top] = w;
        }
        continue;
      }
      finish[nf++] = v;
      if (top-- == 0) break;
    }
  }
  int *comp = arena_alloc(c->arena, (n + 1) * sizeof *comp);
  int *size = arena_alloc(c->arena, (n + 1) * sizeof *size);
  for (size_t v = 0; v < n; v++) comp[v] = -1;
  int ncomp = 0;
  for (size_t k = nf; k-- > 0;) {
    int r = finish[k];
    if (comp[r] >= 0) continue;
    size_t top = 0;
    stack[top++] = r;
    comp[r] = ncomp;
    while (top > 0) {
      int v = stack[--top];
      size[ncomp]++;
      for (size_t i = g->in_first[v]; i < g->in_first[v + 1]; i++) {
        int u = m->edges[g->in[i]].from;
        if (comp[u] >= 0) continue;
        comp[u] = ncomp;
        stack[top++] = u;
      }
    }
    ncomp++;
  }
  for (size_t v = 0; v < n; v++) f[v].in_sync_cycle = size[comp[v]] > 1;
  return finish;
}

/* ---- placement ---- */

static int enclosing(const struct arch_model *m, int v, enum arch_group_type type) {
  for (int g = m->components[v].group; g >= 0; g = m->groups[g].parent)
    if (m->groups[g].type == type) return g;
  return -1;
}

static bool inside(const struct arch_model *m, int v, int group) {
  for (int g = m->components[v].group; g >= 0; g = m->groups[g].parent)
    if (g == group) return true;
  return false;
}

/* The zones a component's replicas are in: its `zones` list, else the zone
   it is declared in.  Names are compared by their last part. */
static size_t zones_of(const struct arch_model *m, int v, const char **out, size_t max) {
  const struct arch_value *list = arch_component_attr(&m->components[v], "zones");
  size_t n = 0;
  if (list && list->type == VAL_LIST) {
    for (size_t i = 0; i < list->n_items && n < max; i++)
      if (list->items[i].type == VAL_WORD || list->items[i].type == VAL_STRING)
        out[n++] = list->items[i].str;
    return n;
  }
  if (list && (list->type == VAL_WORD || list->type == VAL_STRING) && max > 0) {
    out[0] = list->str;
    return 1;
  }
  int z = enclosing(m, v, GROUP_ZONE);
  if (z >= 0 && max > 0) out[n++] = m->groups[z].name;
  return n;
}

static struct arch_value word_list(struct run *c, const char **words, size_t n) {
  struct arch_value v = {0};
  v.type = VAL_LIST;
  v.items = arena_alloc(c->arena, (n ? n : 1) * sizeof *v.items);
  for (size_t i = 0; i < n; i++) {
    v.items[i].type = VAL_WORD;
    v.items[i].str = words[i];
  }
  v.n_items = n;
  return v;
}

/* Where each component's `zones` attribute places it, looked up once:
   kill_group runs for every zone and region, and finding the attribute
   by name there for every component made each run a walk of strings. */
struct placed {
  bool listed;                /* it has a `zones` attribute */
  const char *sole;           /* its only zone (zones_of), or NULL */
};

static struct placed *placements(struct arena *arena, const struct arch_model *m) {
  struct placed *p = arena_alloc(arena, (m->n_components + 1) * sizeof *p);
  for (size_t v = 0; v < m->n_components; v++) {
    const char *zones[64];
    p[v].listed = arch_component_attr(&m->components[v], "zones") != NULL;
    if (p[v].listed && zones_of(m, (int)v, zones, 64) == 1) p[v].sole = zones[0];
  }
  return p;
}

/* Components that die with group `group` (a zone or a region), unless their
   replicas are spread by a `zones` list. */
static void kill_group(const struct arch_model *m, const struct placed *placed, int group,
                       bool *dead) {
  const struct arch_group *g = &m->groups[group];
  int region = -1;
  for (int p = g->parent; p >= 0 && region < 0; p = m->groups[p].parent)
    if (m->groups[p].type == GROUP_REGION) region = p;
  for (size_t v = 0; v < m->n_components; v++) {
    if (g->type != GROUP_ZONE || !placed[v].listed) {
      dead[v] = inside(m, (int)v, group);
      continue;
    }
    /* Placed by a `zones` attribute: lost only if every replica is here. */
    dead[v] = placed[v].sole && strcmp(placed[v].sole, g->name) == 0 &&
              (region < 0 || inside(m, (int)v, region));
  }
}

bool *analyze_reach(archc *compilation, const struct arch_model *m, const bool *dead) {
  struct run run = {compilation, &compilation->arena, m, NULL, NULL}, *c = &run;
  struct graph g;
  build_graph(c, &g, false);
  size_t n = m->n_components, nc = 0;
  for (size_t v = 0; v < n; v++) nc += has(m, (int)v, TRAIT_ORIGINATES);
  if (nc > ANALYZE_MAX_CLIENTS) nc = ANALYZE_MAX_CLIENTS;
  bool *reach = arena_alloc(c->arena, (nc * n + 1) * sizeof *reach);
  size_t k = 0;
  for (size_t v = 0; v < n && k < nc; v++)
    if (has(m, (int)v, TRAIT_ORIGINATES)) search(c, &g, dead, 0, false, (int)v, reach + n * k++);
  return reach;
}

bool *analyze_failure(archc *compilation, const struct arch_model *m, const char *target,
                      const char **what) {
  struct run run = {compilation, &compilation->arena, m, NULL, NULL}, *c = &run;
  bool *dead = arena_alloc(c->arena, m->n_components + 1);
  for (size_t i = 0; i < m->n_groups; i++) {
    if (strcmp(m->groups[i].path, target) != 0) continue;
    kill_group(m, placements(c->arena, m), (int)i, dead);
    *what = m->groups[i].type == GROUP_REGION ? "region" : m->groups[i].type == GROUP_ZONE
            ? "zone" : "group";
    return dead;
  }
  int found = -1, count = 0;
  for (size_t v = 0; v < m->n_components; v++)
    if (strcmp(m->components[v].path, target) == 0 || strcmp(m->components[v].name, target) == 0)
      found = (int)v, count++;
  if (count == 1) {
    dead[found] = true;
    *what = "component";
    return dead;
  }
  const char *cands[1024];
  size_t n = 0;
  for (size_t v = 0; v < m->n_components && n < 1000; v++) cands[n++] = m->components[v].path;
  for (size_t i = 0; i < m->n_groups && n < 1024; i++) cands[n++] = m->groups[i].path;
  diag_plain(c->compilation, DIAG_ERROR, count > 1 ? "--fail '%s' is ambiguous" : "--fail: no component, zone or region '%s'", target);
  const char *best = diag_suggest(target, cands, n);
  if (best) diag_help(c->compilation, "did you mean '%s'?", best);
  return NULL;
}

/* ---- availability ---- */

/* Series-parallel availability of what a request from each component
   needs: its own (all shards, any replica), then its synchronous calls in
   series, or in parallel behind a balancer or DNS.  Computed callees first,
   in `finish` order, without recursion; a callee not yet done closes a
   cycle and counts as always up.  An upper bound for designs that are not
   series-parallel; docs/rules.md explains. */
static void availability(struct run *c, const struct graph *g, const int *finish, struct comp_facts *f) {
  const struct arch_model *m = c->model;
  size_t n = g->n;
  double *a = arena_alloc(c->arena, (n + 1) * sizeof *a);
  bool *done = arena_alloc(c->arena, n + 1);
  for (size_t k = 0; k < n; k++) {
    int v = finish[k];
    double each = num(m, v, "availability", 1);
    double own = pow(1 - pow(1 - each, num(m, v, "replicas", 1)), num(m, v, "shards", 1));
    bool parallel = has(m, v, TRAIT_ALTERNATIVES);
    double all = 1, none = 1;
    bool any = false;
    for (size_t i = g->out_first[v]; i < g->out_first[v + 1]; i++) {
      int w = m->edges[g->out[i]].to;
      double child = done[w] ? a[w] : 1;
      all *= child;
      none *= 1 - child;
      any = true;
    }
    a[v] = own * (any ? (parallel ? 1 - none : all) : 1);
    done[v] = true;
    if (has(m, v, TRAIT_ORIGINATES)) f[v].availability = a[v];
  }
}

/* ---- the facts ---- */

/* Two stores are copies of each other when the design says so: the same
   kind and the same label (orders in each region, "Orders (PostgreSQL)"),
   `copy_of` naming the other, or an edge between them (replication).
   Unlabelled, unconnected stores of one kind are not assumed to hold the
   same data.  Being a copy is an equivalence (a copy of a copy holds the
   same data too), so the copies of a design are classes, found once by
   union-find in time linear in the design, and "is u a copy of t" is a
   comparison of two numbers. */
static int copy_root(int *parent, int v) {
  while (parent[v] != v) v = parent[v] = parent[parent[v]];
  return v;
}

static void copy_join(int *parent, const struct arch_model *m, int a, int b) {
  if (a != b && m->components[a].kind == m->components[b].kind)
    parent[copy_root(parent, a)] = copy_root(parent, b);
}

static void find_copies(struct run *c, struct analysis *A) {
  const struct arch_model *m = c->model;
  size_t n = m->n_components;
  int *parent = A->copy_group = arena_alloc(c->arena, (n + 1) * sizeof *A->copy_group);
  for (size_t v = 0; v < n; v++) parent[v] = (int)v;
  for (size_t i = 0; i < m->n_edges; i++) {
    const struct arch_edge *e = &m->edges[i];
    if (has(m, e->from, TRAIT_STORES)) copy_join(parent, m, e->from, e->to);
  }
  /* The same label: the first component of each (kind, label) stands for it. */
  struct strmap by_label = {0}, by_path = {0}, by_name = {0};
  for (size_t v = 0; v < n; v++) {
    const struct arch_component *comp = &m->components[v];
    map_put(c->arena, &by_path, comp->path, (int)v);
    if (map_get(&by_name, comp->name) < 0) map_put(c->arena, &by_name, comp->name, (int)v);
    if (!comp->label || !comp->kind) continue;
    const char *key = arena_printf(c->arena, "%s\x1f%s", comp->kind->name, comp->label);
    int first = map_get(&by_label, key);
    if (first < 0) map_put(c->arena, &by_label, key, (int)v);
    else copy_join(parent, m, (int)v, first);
  }
  /* copy_of: a path, or a bare name (every component of that name). */
  for (size_t v = 0; v < n; v++) {
    const struct arch_value *of = arch_component_attr(&m->components[v], "copy_of");
    if (!of || !of->str) continue;
    int u = map_get(&by_path, of->str);
    if (u >= 0) copy_join(parent, m, (int)v, u);
    for (u = map_get(&by_name, of->str); u >= 0; u = m->components[u].next_same_name)
      copy_join(parent, m, (int)v, u);
  }
  for (size_t v = 0; v < n; v++) parent[v] = copy_root(parent, (int)v);
}

/* What clients still reach once the `dead` components are lost, given
   what they reach with all of them (`reached`): only what the dead lead to
   can change, so only that is searched again.  Those components (the dead
   among them) are put in `touched`, their number returned; `after` is set
   for them and equals `reached` everywhere else.  A search of the whole
   design for every zone and region cost zones x (components + edges). */
static size_t lose(const struct arch_model *m, const struct graph *g, const bool *dead,
                   const int *killed, size_t n_killed, const bool *reached, bool *in_x,
                   bool *after, int *touched, int *queue) {
  size_t nt = 0;
  for (size_t k = 0; k < n_killed; k++) in_x[killed[k]] = true, touched[nt++] = killed[k];
  for (size_t k = 0; k < nt; k++) {          /* everything the dead lead to */
    int v = touched[k];
    for (size_t i = g->out_first[v]; i < g->out_first[v + 1]; i++) {
      int w = m->edges[g->out[i]].to;
      if (!in_x[w]) in_x[w] = true, touched[nt++] = w;
    }
  }
  /* Searched again from the live clients among them and from the calls
     into them from components whose reach did not change. */
  size_t head = 0, tail = 0;
  for (size_t k = 0; k < nt; k++) after[touched[k]] = false;
  for (size_t k = 0; k < nt; k++) {
    int v = touched[k];
    if (dead[v]) continue;
    bool seed = has(m, v, TRAIT_ORIGINATES);
    for (size_t i = g->in_first[v]; i < g->in_first[v + 1] && !seed; i++) {
      int u = m->edges[g->in[i]].from;
      seed = !in_x[u] && reached[u];
    }
    if (seed) after[v] = true, queue[tail++] = v;
  }
  while (head < tail) {
    int v = queue[head++];
    for (size_t i = g->out_first[v]; i < g->out_first[v + 1]; i++) {
      int w = m->edges[g->out[i]].to;
      if (after[w] || dead[w]) continue;
      after[w] = true;
      queue[tail++] = w;
    }
  }
  return nt;
}

/* The components each zone and region takes with it (kill_group's, for
   all of them at once): members[first[gi] .. first[gi + 1]).  Found from
   each component's own groups and its `zones`, in time linear in the
   design, not by asking every component about every zone. */
static int *group_members(struct run *c, const struct placed *placed, size_t **first_out) {
  const struct arch_model *m = c->model;
  size_t ng = m->n_groups, n = m->n_components;
  size_t *first = arena_alloc(c->arena, (ng + 2) * sizeof *first);
  int *region_of = arena_alloc(c->arena, (ng + 1) * sizeof *region_of);
  int *next_zone = arena_alloc(c->arena, (ng + 1) * sizeof *next_zone);
  struct strmap zones = {0};  /* a zone's name -> the last zone of that name */
  for (size_t gi = 0; gi < ng; gi++) {
    region_of[gi] = -1;
    for (int p = m->groups[gi].parent; p >= 0 && region_of[gi] < 0; p = m->groups[p].parent)
      if (m->groups[p].type == GROUP_REGION) region_of[gi] = p;
    if (m->groups[gi].type != GROUP_ZONE) continue;
    next_zone[gi] = map_get(&zones, m->groups[gi].name);
    map_put(c->arena, &zones, m->groups[gi].name, (int)gi);
  }
  int *members = NULL;
  /* Twice: count, then fill. */
  for (int pass = 0; pass < 2; pass++) {
    size_t *at = pass ? arena_alloc(c->arena, (ng + 1) * sizeof *at) : first + 1;
    if (pass) {
      for (size_t gi = 0; gi < ng; gi++) first[gi + 1] += first[gi], at[gi] = first[gi];
      members = arena_alloc(c->arena, (first[ng] + 1) * sizeof *members);
    }
    for (size_t v = 0; v < n; v++) {
      for (int a = m->components[v].group; a >= 0; a = m->groups[a].parent) {
        enum arch_group_type type = m->groups[a].type;
        if (type == GROUP_REGION || (type == GROUP_ZONE && !placed[v].listed)) {
          if (pass) members[at[a]++] = (int)v;
          else at[a]++;
        }
      }
      if (!placed[v].listed || !placed[v].sole) continue;
      for (int z = map_get(&zones, placed[v].sole); z >= 0; z = next_zone[z])
        if (region_of[z] < 0 || inside(m, (int)v, region_of[z])) {
          if (pass) members[at[z]++] = (int)v;
          else at[z]++;
        }
    }
  }
  *first_out = first;
  return members;
}

static void placement_facts(struct run *c, struct analysis *A, const struct graph *g,
                            const bool *required, const bool *reached) {
  const struct arch_model *m = c->model;
  size_t n = m->n_components;
  bool *dead = arena_alloc(c->arena, n + 1), *after = arena_alloc(c->arena, n + 1);
  bool *in_x = arena_alloc(c->arena, n + 1);
  int *touched = arena_alloc(c->arena, (n + 1) * sizeof *touched);
  int *queue = arena_alloc(c->arena, (n + 1) * sizeof *queue);
  /* alive[class]: copies of that class reached with every zone up; lost[class]:
     those a loss cuts off, so alive - lost survive it. */
  int *alive = arena_alloc(c->arena, (n + 1) * sizeof *alive);
  int *lost = arena_alloc(c->arena, (n + 1) * sizeof *lost);
  for (size_t u = 0; u < n; u++) alive[A->copy_group[u]] += reached[u];
  memcpy(after, reached, n * sizeof *after);
  size_t *first;
  int *members = group_members(c, placements(c->arena, m), &first);
  for (size_t gi = 0; gi < m->n_groups; gi++) {
    enum arch_group_type type = m->groups[gi].type;
    if (type == GROUP_GROUP) continue;
    const int *killed = members + first[gi];
    size_t n_killed = first[gi + 1] - first[gi];
    for (size_t k = 0; k < n_killed; k++) dead[killed[k]] = true;
    size_t nt = lose(m, g, dead, killed, n_killed, reached, in_x, after, touched, queue);
    for (size_t k = 0; k < nt; k++)
      if (reached[touched[k]] && !after[touched[k]]) lost[A->copy_group[touched[k]]]++;
    for (size_t k = 0; k < nt; k++) {
      /* t itself is not reached, so any survivor of its class is a copy,
         and clients fail over to it (a region's own database). */
      int t = touched[k], cls = A->copy_group[t];
      if (!required[t] || !reached[t] || after[t] || alive[cls] - lost[cls] > 0) continue;
      const char **slot = type == GROUP_ZONE ? &A->facts[t].zone_spof : &A->facts[t].region_spof;
      if (!*slot) *slot = m->groups[gi].path;
    }
    for (size_t k = 0; k < nt; k++) {
      int t = touched[k];
      lost[A->copy_group[t]] = 0;
      after[t] = reached[t];
      in_x[t] = false;
      dead[t] = false;
    }
  }
  for (size_t v = 0; v < n; v++) {
    const char *zones[64];
    A->facts[v].zones = A->facts[v].tier_zones = (int)zones_of(m, (int)v, zones, 64);
  }
  /* Zones per region, counted once: counting them for every component
     cost components x groups. */
  int *region_zones = arena_alloc(c->arena, (m->n_groups + 1) * sizeof *region_zones);
  for (size_t gi = 0; gi < m->n_groups; gi++) {
    if (m->groups[gi].type != GROUP_ZONE) continue;
    for (int p = m->groups[gi].parent; p >= 0; p = m->groups[p].parent)
      if (m->groups[p].type == GROUP_REGION) {
        region_zones[p]++;
        break;
      }
  }
  for (size_t v = 0; v < n; v++) {
    const char *zones[64];
    struct comp_facts *f = &A->facts[v];
    int region = enclosing(m, (int)v, GROUP_REGION);
    f->region_zones = region < 0 ? A->zones : region_zones[region];
    if (!has(m, (int)v, TRAIT_ALTERNATIVES)) continue;
    zones_of(m, (int)v, zones, 64);
    /* Its targets form a tier: the zones of all of them, together. */
    const char *tier[256];
    size_t nt = 0;
    for (size_t i = g->out_first[v]; i < g->out_first[v + 1]; i++) {
      const char *tz[64];
      size_t k = zones_of(m, m->edges[g->out[i]].to, tz, 64);
      for (size_t j = 0; j < k && nt < 256; j++) {
        bool dup = false;
        for (size_t q = 0; q < nt && !dup; q++) dup = strcmp(tier[q], tz[j]) == 0;
        if (!dup) tier[nt++] = tz[j];
      }
    }
    for (size_t i = g->out_first[v]; i < g->out_first[v + 1]; i++) {
      struct comp_facts *t = &A->facts[m->edges[g->out[i]].to];
      if ((int)nt > t->tier_zones) t->tier_zones = (int)nt;
    }
    /* Every zone the balancer listens in needs a target there. */
    for (size_t z = 0; z < (size_t)f->zones && !f->uncovered_zone; z++) {
      bool covered = false;
      for (size_t i = g->out_first[v]; i < g->out_first[v + 1] && !covered; i++) {
        const char *tz[64];
        size_t k = zones_of(m, m->edges[g->out[i]].to, tz, 64);
        for (size_t j = 0; j < k && !covered; j++) covered = strcmp(tz[j], zones[z]) == 0;
        if (k == 0) covered = true;  /* a target spread over the region */
      }
      if (!covered) f->uncovered_zone = zones[z];
    }
  }
}

/* A component with one instance is a single point of failure when a
   required store lies in its dominator subtree (itself included).  Which
   clients it cuts off: those that reach such a store, gathered up the tree
   as bit sets, children before parents, so the whole pass is linear. */
static void spof_facts(struct run *c, struct analysis *A, const struct graph *g, const bool *required) {
  const struct arch_model *m = c->model;
  size_t n = m->n_components;
  int *post;
  size_t count;
  int *idom = dominators(c, g, &post, &count);
  bool *reach = analyze_reach(c->compilation, m, NULL);
  size_t nc = (size_t)A->clients < ANALYZE_MAX_CLIENTS ? (size_t)A->clients : ANALYZE_MAX_CLIENTS;
  size_t words = (nc + 63) / 64;
  const char **client_names = arena_alloc(c->arena, (nc + 1) * sizeof *client_names);
  for (size_t v = 0, k = 0; v < n && k < nc; v++)
    if (has(m, (int)v, TRAIT_ORIGINATES)) client_names[k++] = m->components[v].path;
  uint64_t *clients = arena_alloc(c->arena, (n * words + 1) * sizeof *clients);
  bool *below = arena_alloc(c->arena, n + 1);  /* a required store in the subtree */
  for (size_t t = 0; t < n; t++) {
    if (!required[t] || idom[t] < 0) continue;
    below[t] = true;
    for (size_t k = 0; k < nc; k++)
      if (reach[k * n + t]) clients[t * words + k / 64] |= (uint64_t)1 << (k % 64);
  }
  for (size_t i = 0; i < count; i++) {
    int v = post[i], p = v == (int)n ? -1 : idom[v];
    if (p < 0 || p == (int)n) continue;
    below[p] |= below[v];
    for (size_t w = 0; w < words; w++) clients[(size_t)p * words + w] |= clients[(size_t)v * words + w];
  }
  const char **names = arena_alloc(c->arena, (nc + 1) * sizeof *names);
  for (size_t v = 0; v < n; v++) {
    if (!below[v] || has(m, (int)v, TRAIT_ORIGINATES) || num(m, (int)v, "replicas", 1) >= 2) continue;
    /* Managed and replicated inside, or with a standby the platform fails over to. */
    const struct arch_value *r = arch_component_attr(&m->components[v], "redundant");
    if (r && r->type == VAL_BOOL && r->boolean) continue;
    const struct arch_value *fo = arch_component_attr(&m->components[v], "failover");
    if (fo && fo->type == VAL_BOOL && fo->boolean) continue;
    A->facts[v].spof = true;
    size_t k2 = 0;
    for (size_t k = 0; k < nc; k++)
      if (clients[v * words + k / 64] >> (k % 64) & 1) names[k2++] = client_names[k];
    if ((size_t)A->clients > nc) names[k2++] = "other clients";
    A->facts[v].spof_for = word_list(c, names, k2);
  }
}

/* ---- flows ---- */

/* Whether a flow's step is a call its sender waits for. */
static bool step_sync(const struct arch_model *m, const struct arch_flow_step *st) {
  const struct arch_edge *e = &m->edges[st->edge];
  return !st->async && !arch_edge_async(m, e);
}

/* Whether a step passes any of the flow on: a fraction or calls of 0, a
   weight of 0 behind a balancer, or a cache that answers every read of a
   read flow stop it. */
static bool step_carries(const struct arch_model *m, const struct arch_flow *fl,
                         const struct arch_flow_step *st) {
  const struct arch_edge *e = &m->edges[st->edge];
  if (st->fraction <= 0 || st->calls <= 0) return false;
  if (has(m, e->from, TRAIT_SPLITS) && e->weight <= 0) return false;
  return fl->writes || !has(m, e->from, TRAIT_ANSWERS_READS) || num(m, e->from, "hit_ratio", 0) < 1;
}

/* Flow `fl`'s steps as a graph over the components (its synchronous ones,
   or all), rooted at its clients: the same shape as the design's, so the
   searches and the dominators run on it unchanged.  Linear in components
   and steps. */
static void flow_graph(struct run *c, const struct arch_flow *fl, bool with_async, bool carrying,
                       struct graph *g) {
  const struct arch_model *m = c->model;
  size_t n = m->n_components;
  g->n = n;
  g->out_first = arena_alloc(c->arena, (n + 2) * sizeof *g->out_first);
  g->in_first = arena_alloc(c->arena, (n + 2) * sizeof *g->in_first);
  g->out = arena_alloc(c->arena, (fl->n_steps + 1) * sizeof *g->out);
  g->in = arena_alloc(c->arena, (fl->n_steps + 1) * sizeof *g->in);
  bool *roots = arena_alloc(c->arena, n + 1);
  for (size_t i = 0; i < fl->n_from; i++) roots[fl->from[i]] = true;
  g->roots = roots;
  bool *keep = arena_alloc(c->arena, fl->n_steps + 1);
  for (size_t i = 0; i < fl->n_steps; i++) {
    const struct arch_flow_step *st = &fl->steps[i];
    keep[i] = (with_async || step_sync(m, st)) && (!carrying || step_carries(m, fl, st));
    if (!keep[i]) continue;
    g->out_first[m->edges[st->edge].from + 1]++;
    g->in_first[m->edges[st->edge].to + 1]++;
  }
  for (size_t v = 0; v < n; v++) {
    g->out_first[v + 1] += g->out_first[v];
    g->in_first[v + 1] += g->in_first[v];
  }
  size_t *fo = arena_alloc(c->arena, (n + 1) * sizeof *fo);
  size_t *fi = arena_alloc(c->arena, (n + 1) * sizeof *fi);
  memcpy(fo, g->out_first, (n + 1) * sizeof *fo);
  memcpy(fi, g->in_first, (n + 1) * sizeof *fi);
  for (size_t i = 0; i < fl->n_steps; i++) {
    if (!keep[i]) continue;
    int e = fl->steps[i].edge;
    g->out[fo[m->edges[e].from]++] = e;
    g->in[fi[m->edges[e].to]++] = e;
  }
}

bool *analyze_flow_reach(archc *compilation, const struct arch_model *m, size_t flow,
                         const bool *dead) {
  struct run run = {compilation, &compilation->arena, m, NULL, NULL}, *c = &run;
  struct graph g;
  flow_graph(c, &m->flows[flow], true, true, &g);
  bool *seen = arena_alloc(c->arena, m->n_components + 1);
  search(c, &g, dead, 0, false, -1, seen);
  return seen;
}

size_t analyze_flow_loss(archc *compilation, const struct arch_model *m, const int *copy_group,
                         size_t flow, const bool *dead, const char **lost, size_t max,
                         size_t *n_targets) {
  struct run run = {compilation, &compilation->arena, m, NULL, NULL}, *c = &run;
  size_t n = m->n_components;
  struct graph g;
  flow_graph(c, &m->flows[flow], true, true, &g);
  bool *before = arena_alloc(c->arena, n + 1), *after = arena_alloc(c->arena, n + 1);
  search(c, &g, NULL, 0, false, -1, before);
  search(c, &g, dead, 0, false, -1, after);
  /* Its targets: the stores it reaches, or where it ends when it reaches none. */
  bool stores = false;
  for (size_t v = 0; v < n; v++) stores |= before[v] && has(m, (int)v, TRAIT_STORES);
  int *alive = arena_alloc(c->arena, (n + 1) * sizeof *alive);  /* per copy class, after */
  for (size_t v = 0; v < n; v++) alive[copy_group[v]] += after[v];
  size_t k = 0;
  *n_targets = 0;
  for (size_t v = 0; v < n; v++) {
    if (!before[v] || (stores ? !has(m, (int)v, TRAIT_STORES) : g.out_first[v] != g.out_first[v + 1]))
      continue;
    ++*n_targets;
    /* Reaching a copy of it (a region's own database) is failing over. */
    if (after[v] || alive[copy_group[v]] > 0) continue;
    if (k < max) lost[k] = m->components[v].path;
    k++;
  }
  return k;
}

/* A flow's targets: the stores it reaches over its synchronous steps, or,
   when it reaches none, where it ends (reached, with no step onward). */
static void flow_targets(const struct arch_model *m, const struct graph *g, const int *idom,
                         bool *target) {
  size_t n = m->n_components;
  bool any = false;
  for (size_t v = 0; v < n; v++) {
    target[v] = idom[v] >= 0 && has(m, (int)v, TRAIT_STORES);
    any |= target[v];
  }
  for (size_t v = 0; v < n && !any; v++)
    target[v] = idom[v] >= 0 && g->out_first[v] == g->out_first[v + 1];
}

/* Per flow, the components with one instance on every synchronous path of
   the flow from its clients to one of its targets: the dominators of the
   flow's own graph.  A design's two implicit flows give this per class: a
   write API alone in front of a database is a single point of failure for
   the writes even when a read API reaches the database too.  Linear per
   flow in components and steps (the dominator iteration aside). */
static void flow_spof_facts(struct run *c, struct analysis *A, const struct graph *sync,
                            const bool *required) {
  const struct arch_model *m = c->model;
  const struct estimate *E = c->estimate;
  size_t n = m->n_components;
  /* A flow that travels every synchronous edge from every client is the
     design's own graph: when that reaches a store, its single points of
     failure are spof's already (the usual case without flows, where
     unmarked edges carry both classes), and the search is skipped. */
  size_t clients = 0, sync_edges = sync->out_first[n];
  bool stores = false;
  for (size_t v = 0; v < n; v++) {
    clients += has(m, (int)v, TRAIT_ORIGINATES);
    stores |= required[v];
  }
  const char **buf = arena_alloc(c->arena, (m->n_flows + 1) * sizeof *buf);
  int **lists = arena_alloc(c->arena, (n + 1) * sizeof *lists);
  size_t *counts = arena_alloc(c->arena, (n + 1) * sizeof *counts);
  bool *target = arena_alloc(c->arena, n + 1), *below = arena_alloc(c->arena, n + 1);
  for (size_t f = 0; f < m->n_flows; f++) {
    const struct arch_flow *fl = &m->flows[f];
    /* An implicit flow the workload does not send (no writes) has nothing to lose. */
    if (fl->implicit && E && (fl->writes ? E->writes : E->reads) <= 0) continue;
    if (fl->implicit && !E && fl->rate <= 0) continue;
    if (stores && fl->n_from == clients) {
      size_t covered = 0;
      for (size_t i = 0; i < fl->n_steps; i++)
        covered += step_sync(m, &fl->steps[i]) && step_carries(m, fl, &fl->steps[i]);
      if (covered == sync_edges) continue;
    }
    struct graph g;
    flow_graph(c, fl, false, true, &g);
    int *post;
    size_t count;
    int *idom = dominators(c, &g, &post, &count);
    flow_targets(m, &g, idom, target);
    memset(below, 0, n);
    for (size_t v = 0; v < n; v++) below[v] = target[v];
    for (size_t i = 0; i < count; i++) {
      int v = post[i], p = v == (int)n ? -1 : idom[v];
      if (p >= 0 && p != (int)n) below[p] |= below[v];
    }
    for (size_t v = 0; v < n; v++) {
      if (!below[v] || has(m, (int)v, TRAIT_ORIGINATES) || num(m, (int)v, "replicas", 1) >= 2)
        continue;
      const struct arch_value *r = arch_component_attr(&m->components[v], "redundant");
      const struct arch_value *fo = arch_component_attr(&m->components[v], "failover");
      if ((r && r->type == VAL_BOOL && r->boolean) || (fo && fo->type == VAL_BOOL && fo->boolean))
        continue;
      size_t k = counts[v];
      if (k == 0 || (k & (k - 1)) == 0)
        lists[v] = arena_grow(c->arena, lists[v], k, k ? 2 * k : 2, sizeof *lists[v]);
      lists[v][counts[v]++] = (int)f;
    }
  }
  for (size_t v = 0; v < n; v++) {
    if (!counts[v]) continue;
    for (size_t k = 0; k < counts[v]; k++) buf[k] = m->flows[lists[v][k]].name;
    A->facts[v].spof_flows = word_list(c, buf, counts[v]);
  }
}

/* Keep the first edge that makes a fact hold. */
static void first_edge(int *slot, size_t i) {
  if (*slot < 0) *slot = (int)i;
}

static void edge_facts(struct run *c, struct analysis *A, const struct graph *all) {
  const struct arch_model *m = c->model;
  for (size_t v = 0; v < m->n_components; v++) {
    struct comp_facts *f = &A->facts[v];
    f->sync_write_edge = f->cross_region_edge = f->timeout_edge = f->direct_store_edge = -1;
  }
  for (size_t i = 0; i < m->n_edges; i++) {
    const struct arch_edge *e = &m->edges[i];
    struct comp_facts *from = &A->facts[e->from], *to = &A->facts[e->to];
    from->deg_out++;
    to->deg_in++;
    if (arch_role_of(&m->components[e->from]) == ROLE_BALANCER) to->behind_balancer = true;
    if (has(m, e->from, TRAIT_ORIGINATES)) to->entry = true;
    bool sync = !arch_edge_async(m, e);
    if (sync && arch_edge_carries(e, false)) {
      from->sync_write_fanout++;
      first_edge(&from->sync_write_edge, i);
    }

    bool guarded = false;
    for (size_t a = 0; a < e->n_attrs; a++) guarded |= strcmp(e->attrs[a].name, "timeout") == 0;
    guarded |= arch_component_attr(&m->components[e->from], "timeout") != NULL;
    const struct arch_value *cb = arch_component_attr(&m->components[e->from], "circuit_breaker");
    guarded |= cb && cb->type == VAL_BOOL && cb->boolean;
    if (sync && !guarded) {
      to->calls_without_timeout++;
      first_edge(&to->timeout_edge, i);
    }
  }
  /* Connections: each caller's pools once per store, however many edges. */
  int *counted = arena_alloc(c->arena, (m->n_components + 1) * sizeof *counted);
  for (size_t v = 0; v < m->n_components; v++) counted[v] = -1;
  for (size_t i = 0; i < m->n_edges; i++) {
    const struct arch_edge *e = &m->edges[i];
    if (arch_edge_async(m, e) || !has(m, e->to, TRAIT_STORES) || counted[e->from] == e->to) continue;
    counted[e->from] = e->to;
    A->facts[e->to].connections += num(m, e->from, "replicas", 1) * num(m, e->from, "pool", 0);
  }
  /* DNS only names the target: what it points clients at is an entry too. */
  for (size_t i = 0; i < m->n_edges; i++)
    if (arch_role_of(&m->components[m->edges[i].from]) == ROLE_DNS && A->facts[m->edges[i].from].entry)
      A->facts[m->edges[i].to].entry = true;

  /* Lists built per component, in edge order. */
  const char **buf = arena_alloc(c->arena, (m->n_edges + 1) * sizeof *buf);
  for (size_t v = 0; v < m->n_components; v++) {
    size_t nx = 0, ns = 0;
    int rv = enclosing(m, (int)v, GROUP_REGION);
    struct comp_facts *f = &A->facts[v];
    for (size_t i = all->out_first[v]; i < all->out_first[v + 1]; i++) {
      const struct arch_edge *e = &m->edges[all->out[i]];
      int rt = enclosing(m, e->to, GROUP_REGION);
      if (!arch_edge_async(m, e) && rv >= 0 && rt >= 0 && rv != rt) {
        buf[nx++] = m->components[e->to].path;
        first_edge(&f->cross_region_edge, (size_t)all->out[i]);
      }
    }
    f->cross_region = word_list(c, buf, nx);
    if (has(m, (int)v, TRAIT_ORIGINATES)) {
      for (size_t i = all->out_first[v]; i < all->out_first[v + 1]; i++) {
        if (!has(m, m->edges[all->out[i]].to, TRAIT_STORES)) continue;
        buf[ns++] = m->components[m->edges[all->out[i]].to].path;
        first_edge(&f->direct_store_edge, (size_t)all->out[i]);
      }
      f->direct_stores = word_list(c, buf, ns);
    }
  }
}

static void quorum_facts(struct run *c, struct analysis *A) {
  const struct arch_model *m = c->model;
  for (size_t v = 0; v < m->n_components; v++) {
    const struct arch_value *q = arch_component_attr(&m->components[v], "consensus");
    if (!q || q->type != VAL_BOOL || !q->boolean) continue;
    double n = num(m, (int)v, "replicas", 1);
    const char *zones[64];
    size_t nz = zones_of(m, (int)v, zones, 64);
    char members[32], fewer[32];
    quantity_human_count(n, members, sizeof members);
    quantity_human_count(n - 1, fewer, sizeof fewer);
    if (n < 3) A->facts[v].quorum_problem = arena_printf(c->arena, "has %s member%s; a quorum that survives a failure needs 3", members, n == 1 ? "" : "s");
    else if (fmod(n, 2) == 0) A->facts[v].quorum_problem = arena_printf(c->arena, "has an even number of members (%s), which tolerates no more failures than %s", members, fewer);
    else if (nz > 0 && ceil(n / (double)nz) >= floor(n / 2) + 1)
      A->facts[v].quorum_problem = arena_printf(c->arena, "places a majority of its %s members in one zone", members);
  }
}

static void load_facts(struct run *c, struct analysis *A) {
  const struct arch_model *m = c->model;
  const struct estimate *E = c->estimate;
  if (!E) return;
  /* A queue needs a partition per consumer replica the peak keeps busy. */
  for (size_t i = 0; i < m->n_edges; i++) {
    const struct arch_edge *e = &m->edges[i];
    if (!has(m, e->from, TRAIT_DECOUPLES)) continue;
    double per = num(m, e->to, "capacity", 0);
    const struct est_component *q = &E->components[e->from];
    if (per > 0)
      A->facts[e->from].partitions_needed =
          fmax(A->facts[e->from].partitions_needed, ceil((q->peak_reads + q->peak_writes) / per));
  }
  for (size_t i = 0; i < m->n_edges; i++) {
    const struct arch_edge *e = &m->edges[i];
    if (arch_role_of(&m->components[e->from]) != ROLE_CACHE || !has(m, e->to, TRAIT_STORES)) continue;
    double h = num(m, e->from, "hit_ratio", 0);
    if (h >= 1) h = 0.999999;
    /* If the cache empties, its hits become misses on this store. */
    double extra = E->edges[i].peak_reads * h / (1 - h);
    const struct est_component *t = &E->components[e->to];
    double load, cap;
    est_hot_spot(&m->components[e->to], t->peak_reads + extra, t->peak_writes, &load, &cap);
    double u = cap > 0 ? load / cap : 0;
    if (u > A->facts[e->from].cold_util) A->facts[e->from].cold_util = u;
  }
}

/* ---- traffic that adds up ---- */

static const char *rate_text(struct run *c, double rps) {
  struct arch_value v = {0};
  v.type = VAL_NUMBER;
  v.num = rps;
  v.dim = (struct arch_dim){-1, 0};
  return value_text(c->arena, &v);
}

static const char *edge_text(struct run *c, const struct arch_edge *e) {
  const struct arch_model *m = c->model;
  return arena_printf(c->arena, "%s -> %s", m->components[e->from].path, m->components[e->to].path);
}

static void add_note(struct run *c, struct fact_notes *notes, size_t *cap, struct arch_loc loc,
                     const char *message) {
  struct analysis_note note = {loc, message, NULL, SEV_NOTE, NULL, -1};
  ARENA_PUSH(c->arena, &notes->at, &notes->n, cap, note);
}

/* What a component sends or passes on that none of its calls carries: a
   client sends its share of both classes, a balancer, DNS or gateway and a
   queue pass on what they receive.  Services and stores answer what they
   receive, so what they do not forward is not lost. */
static void lost_facts(struct run *c, struct analysis *A, const struct graph *all) {
  const struct arch_model *m = c->model;
  const struct estimate *E = c->estimate;
  for (size_t v = 0; v < m->n_components; v++) {
    if (!has(m, (int)v, TRAIT_ORIGINATES) && !has(m, (int)v, TRAIT_SPLITS) &&
        !has(m, (int)v, TRAIT_DECOUPLES))
      continue;
    const struct est_component *x = &E->components[v];
    double in[2] = {x->reads, x->writes}, out[2] = {0, 0};
    for (size_t i = all->out_first[v]; i < all->out_first[v + 1]; i++) {
      const struct arch_edge *e = &m->edges[all->out[i]];
      const struct est_edge *f = &E->edges[all->out[i]];
      /* calls multiplies what a call carries; the share sent is before it. */
      if (e->calls > 0) out[0] += f->reads / e->calls, out[1] += f->writes / e->calls;
    }
    const char *detail = NULL;
    double lost = 0;
    for (int k = 0; k < 2; k++) {
      double gone = in[k] - out[k];
      if (!(gone > 1e-9 * in[k]) || in[k] <= 0) continue;
      const char *cls = k == 0 ? "reads" : "writes";
      bool any = false;
      for (size_t i = all->out_first[v]; i < all->out_first[v + 1] && !any; i++)
        any = arch_edge_carries(&m->edges[all->out[i]], k == 0);
      char pct[32];
      const char *why = !any ? arena_printf(c->arena, "none of its calls carries %s", cls)
                             : arena_printf(c->arena, "its calls carry %s of them",
                                            quantity_human_percent(out[k] / in[k], pct, sizeof pct));
      const char *part = arena_printf(c->arena, "%s of %s (%s)", rate_text(c, gone), cls, why);
      detail = detail ? arena_printf(c->arena, "%s and %s", detail, part) : part;
      lost += gone;
    }
    A->facts[v].lost = lost;
    A->facts[v].lost_detail = detail;
  }
}

/* Calls that carry nothing.  Each flow (a design without flows has two,
   the reads and the writes) is followed from the clients that send it
   along its steps that pass it on; a call out of a component some flow
   reaches that no flow travels is idle.  Calls out of components that
   receive nothing are left to `unreachable` and to the idle call
   upstream.  Linear per flow in components and steps. */
static void idle_facts(struct run *c, struct analysis *A, const struct graph *all) {
  const struct arch_model *m = c->model;
  const struct estimate *E = c->estimate;
  size_t n = m->n_components;
  bool *any = arena_alloc(c->arena, n + 1), *used = arena_alloc(c->arena, m->n_edges + 1);
  bool *got = arena_alloc(c->arena, n + 1);
  bool *got_reads = arena_alloc(c->arena, n + 1), *got_writes = arena_alloc(c->arena, n + 1);
  const char **why = arena_alloc(c->arena, (m->n_edges + 1) * sizeof *why);
  int *queue = arena_alloc(c->arena, (n + 1) * sizeof *queue);
  int *step_at = arena_alloc(c->arena, (m->n_edges + 1) * sizeof *step_at);  /* this flow's step on an edge */
  bool implicit = false;
  for (size_t f = 0; f < m->n_flows; f++) {
    const struct arch_flow *fl = &m->flows[f];
    implicit |= fl->implicit;
    struct graph g;
    flow_graph(c, fl, true, false, &g);
    for (size_t k = 0; k < fl->n_steps; k++) step_at[fl->steps[k].edge] = (int)k;
    memset(got, 0, n);
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < fl->n_from; i++) {
      int v = fl->from[i];
      /* An implicit flow starts where the estimate sends its class. */
      double sent = !fl->implicit ? fl->rate
                    : fl->writes ? E->components[v].writes : E->components[v].reads;
      if (sent > 0 && !got[v]) got[v] = true, queue[tail++] = v;
    }
    while (head < tail) {
      int v = queue[head++];
      for (size_t i = g.out_first[v]; i < g.out_first[v + 1]; i++) {
        int e = g.out[i];
        const struct arch_flow_step *st = &fl->steps[step_at[e]];
        if (!step_carries(m, fl, st)) {
          if (!why[e])
            why[e] = st->fraction <= 0 ? "its fraction is 0%"
                     : st->calls <= 0 ? "it makes 0 calls"
                     : has(m, v, TRAIT_SPLITS) && m->edges[e].weight <= 0 ? "its weight is 0"
                     : arena_printf(c->arena, "%s answers every read (hit_ratio = 100%%)",
                                    m->components[v].path);
          continue;
        }
        used[e] = true;
        int w = m->edges[e].to;
        if (!got[w]) got[w] = true, queue[tail++] = w;
      }
    }
    for (size_t v = 0; v < n; v++) {
      any[v] |= got[v];
      if (fl->implicit) (fl->writes ? got_writes : got_reads)[v] |= got[v];
    }
  }
  const char **buf = arena_alloc(c->arena, (m->n_edges + 1) * sizeof *buf);
  for (size_t v = 0; v < n; v++) {
    struct comp_facts *f = &A->facts[v];
    if (!any[v]) continue;
    size_t nb = 0, cap = 0;
    const char *name = m->components[v].path;
    for (size_t i = all->out_first[v]; i < all->out_first[v + 1]; i++) {
      int k = all->out[i];
      const struct arch_edge *e = &m->edges[k];
      bool r = arch_edge_carries(e, true), w = arch_edge_carries(e, false);
      if ((!r && !w) || used[k]) continue;  /* not carried at all: duplicate_edge's */
      const char *reason = why[k];
      if (!reason && implicit && !(r && got_reads[v]) && !(w && got_writes[v]))
        reason = arena_printf(c->arena, "it carries only %s, and %s receives none",
                              r ? "reads" : "writes", name);
      if (!reason) reason = arena_printf(c->arena, "no flow that reaches %s travels it", name);
      if (f->idle_edge < 0) {
        f->idle_edge = k;
        f->idle_why = reason;
      } else {
        add_note(c, &f->idle_notes, &cap, e->loc,
                 arena_printf(c->arena, "%s carries nothing either: %s", edge_text(c, e), reason));
      }
      buf[nb++] = m->components[e->to].path;
    }
    if (nb) f->idle_edges = word_list(c, buf, nb);
  }
}

/* A class written twice between the same two components is counted once
   (arch_mark_repeats); the review says so at the repeat, with a note where
   the class was first written. */
static void repeated_facts(struct run *c, struct analysis *A, const struct graph *all) {
  const struct arch_model *m = c->model;
  const char **buf = arena_alloc(c->arena, (m->n_edges + 1) * sizeof *buf);
  for (size_t v = 0; v < m->n_components; v++) {
    struct comp_facts *f = &A->facts[v];
    size_t nb = 0, cap = 0;
    for (size_t i = all->out_first[v]; i < all->out_first[v + 1]; i++) {
      const struct arch_edge *e = &m->edges[all->out[i]];
      if (!e->repeats_reads && !e->repeats_writes) continue;
      const char *what = e->repeats_reads && e->repeats_writes ? "reads and writes"
                         : e->repeats_reads ? "reads" : "writes";
      /* The first occurrence once, then each further repeat at its place. */
      bool noted = false;
      for (size_t k = 0; k < f->repeated_notes.n && !noted; k++)
        noted = f->repeated_notes.at[k].loc.begin == m->edges[e->repeats].loc.begin &&
                f->repeated_notes.at[k].loc.file == m->edges[e->repeats].loc.file;
      if (f->repeated_edge >= 0)
        add_note(c, &f->repeated_notes, &cap, e->loc,
                 arena_printf(c->arena, "%s is written again here, with %s; counted once", edge_text(c, e), what));
      else f->repeated_edge = all->out[i];
      if (!noted)
        add_note(c, &f->repeated_notes, &cap, m->edges[e->repeats].loc,
                 arena_printf(c->arena, "%s is first written here, and counted here only", edge_text(c, e)));
      bool dup = false;
      for (size_t k = 0; k < nb && !dup; k++) dup = buf[k] == m->components[e->to].path;
      if (!dup) buf[nb++] = m->components[e->to].path;
    }
    if (nb) f->repeated_edges = word_list(c, buf, nb);
  }
}

/* Attributes archc reads but that do nothing where they are written: on
   the component itself (not its kind's defaults) or on its calls.  Each
   is matched by what the estimate and the analyses actually read. */
static const char *ignored_component_attr(struct run *c, int v, const char *name) {
  const struct arch_model *m = c->model;
  const struct arch_component *comp = &m->components[v];
  bool client = has(m, v, TRAIT_ORIGINATES);
  if (strcmp(name, "reads") == 0 || strcmp(name, "writes") == 0)
    return client ? "a client's rate is rps = ..., or its part of the workload share = ...; "
                    "reads and writes belong in the workload, or on a call ([reads])"
                  : "reads and writes belong in the workload, or on a call ([reads])";
  if ((strcmp(name, "share") == 0 || strcmp(name, "rps") == 0) && !client)
    return "only clients send traffic into the design";
  if (strcmp(name, "share") == 0 && arch_component_attr(comp, "rps"))
    return "rps sets this client's rate, so its share of the workload is not used";
  if (strcmp(name, "hit_ratio") == 0 && !has(m, v, TRAIT_ANSWERS_READS))
    return arena_printf(c->arena, "only caches and CDNs answer reads themselves; a %s forwards them",
                        comp->kind ? comp->kind->name : "component");
  if (strcmp(name, "skew") == 0 && !has(m, v, TRAIT_STORES))
    return "skew is how unevenly a store's shards are loaded; nothing else is measured by shard";
  if ((strcmp(name, "read_capacity") == 0 || strcmp(name, "write_capacity") == 0) &&
      !has(m, v, TRAIT_STORES))
    return "only stores measure reads and writes apart; capacity is its figure";
  return NULL;
}

static void ignored_facts(struct run *c, struct analysis *A, const struct graph *all) {
  const struct arch_model *m = c->model;
  size_t *caps = arena_alloc(c->arena, (m->n_components + 1) * sizeof *caps);
  bool *calls_store = arena_alloc(c->arena, m->n_components + 1);
  for (size_t i = 0; i < m->n_edges; i++)
    if (!arch_edge_async(m, &m->edges[i]) && has(m, m->edges[i].to, TRAIT_STORES))
      calls_store[m->edges[i].from] = true;
  for (size_t v = 0; v < m->n_components; v++) {
    const struct arch_component *comp = &m->components[v];
    struct comp_facts *f = &A->facts[v];
    for (size_t a = 0; a < comp->n_attrs; a++) {
      const char *name = comp->attrs[a].name;
      /* The catalogue's names begin with these letters: most attributes
         are passed over without a comparison. */
      if (!strchr("rwshp", name[0])) continue;
      const char *why = ignored_component_attr(c, (int)v, name);
      if (!why && strcmp(name, "pool") == 0 && !calls_store[v])
        why = "a pool counts connections to the stores it calls synchronously, and it calls none";
      if (!why) continue;
      const char *what = arena_printf(c->arena, "%s on %s", name, comp->path);
      if (!f->ignored) {
        f->ignored = what;
        f->ignored_why = why;
        f->ignored_loc = comp->attrs[a].loc;
      } else {
        add_note(c, &f->ignored_notes, &caps[v], comp->attrs[a].loc,
                 arena_printf(c->arena, "%s has no effect either: %s", what, why));
      }
    }
  }
  /* A weight splits a balancer's, DNS's or gateway's traffic.  One written
     on a chain (u -> lb -> api [weight = 2]) is reported only when no call
     the statement makes can use it: the statement's calls are consecutive
     and share their attributes. */
  for (size_t i = 0; i < m->n_edges;) {
    size_t j = i;
    bool used = false;
    for (; j < m->n_edges && m->edges[j].attrs == m->edges[i].attrs; j++)
      used |= has(m, m->edges[j].from, TRAIT_SPLITS);
    const struct arch_edge *e = &m->edges[i];
    for (size_t a = 0; a < e->n_attrs && !used; a++) {
      if (strcmp(e->attrs[a].name, "weight") != 0) continue;
      int v = e->from;
      struct comp_facts *f = &A->facts[v];
      const struct arch_component *from = &m->components[v];
      const char *what = arena_printf(c->arena, "weight on %s", edge_text(c, e));
      const char *why = arena_printf(c->arena, "%s is a %s: it sends each request to every callee, "
                                     "and only a load balancer, DNS or gateway splits by weight",
                                     from->path, from->kind ? from->kind->name : "component");
      if (!f->ignored) {
        f->ignored = what;
        f->ignored_why = why;
        f->ignored_loc = e->attrs[a].loc;
        f->ignored_edge = (int)i;
      } else {
        add_note(c, &f->ignored_notes, &caps[v], e->attrs[a].loc,
                 arena_printf(c->arena, "%s has no effect either: %s", what, why));
      }
    }
    i = j > i ? j : i + 1;
  }
  (void)all;
}

static void traffic_facts(struct run *c, struct analysis *A, const struct graph *all) {
  const struct arch_model *m = c->model;
  for (size_t v = 0; v < m->n_components; v++)
    A->facts[v].idle_edge = A->facts[v].repeated_edge = A->facts[v].ignored_edge = -1;
  repeated_facts(c, A, all);
  ignored_facts(c, A, all);
  if (!c->estimate || c->estimate->reads + c->estimate->writes <= 0) return;
  lost_facts(c, A, all);
  idle_facts(c, A, all);
}

struct analysis *analyze_run(archc *compilation, const struct arch_model *m,
                             const struct estimate *E) {
  struct run run = {compilation, &compilation->arena, m, E, NULL}, *c = &run;
  size_t n = m->n_components;
  struct analysis *A = arena_alloc(c->arena, sizeof *A);
  A->facts = arena_alloc(c->arena, (n + 1) * sizeof *A->facts);
  for (size_t i = 0; i < m->n_groups; i++) {
    A->zones += m->groups[i].type == GROUP_ZONE;
    A->regions += m->groups[i].type == GROUP_REGION;
  }
  for (size_t v = 0; v < n; v++) A->clients += has(m, (int)v, TRAIT_ORIGINATES);

  find_copies(c, A);
  struct graph g;
  build_graph(c, &g, false);
  bool *reached = arena_alloc(c->arena, n + 1), *required = arena_alloc(c->arena, n + 1);
  bool *tmp = arena_alloc(c->arena, n + 1);
  search(c, &g, NULL, 0, false, -1, reached);
  for (size_t v = 0; v < n; v++) required[v] = reached[v] && has(m, (int)v, TRAIT_STORES);

  /* Reachability along any edge, async included. */
  struct graph all;
  build_graph(c, &all, true);
  search(c, &all, NULL, 0, false, -1, tmp);
  for (size_t v = 0; v < n; v++) A->facts[v].reachable = tmp[v];

  search(c, &g, NULL, ROLE_BIT(ROLE_CACHE) | ROLE_BIT(ROLE_CDN), true, -1, tmp);
  bool *no_cdn = arena_alloc(c->arena, n + 1);
  search(c, &g, NULL, ROLE_BIT(ROLE_CDN), true, -1, no_cdn);
  for (size_t v = 0; v < n; v++) {
    A->facts[v].cached = !tmp[v];
    A->facts[v].served_without_cdn = no_cdn[v] && arch_role_of(&m->components[v]) == ROLE_OBJECT_STORE;
  }

  spof_facts(c, A, &g, required);
  flow_spof_facts(c, A, &g, required);
  placement_facts(c, A, &g, required, reached);
  edge_facts(c, A, &all);
  int *finish = sync_cycles(c, &g, A->facts);
  quorum_facts(c, A);
  load_facts(c, A);
  traffic_facts(c, A, &all);
  availability(c, &g, finish, A->facts);
  return A;
}
