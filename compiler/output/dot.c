/*
 * dot.c - the diagram (diagram.h) as DOT text, without Graphviz.
 *
 * The text is the one Graphviz's own writer (agwrite, cgraph 2.42) makes
 * of the graph gv.c builds from the same diagram, byte for byte, so that
 * `-T dot` reads the same whether or not Graphviz is linked, and the
 * golden files written by agwrite still hold.  Its rules, as they apply
 * to a graph built the way gv.c builds it:
 *
 *   - `graph [...]`, `node [...]`, `edge [...]` open the graph with the
 *     graph's own attributes and the declared node and edge defaults; a
 *     cluster opens with its own attributes.  One attribute to a line,
 *     sorted by name; empty values are left out, except a cluster's.
 *   - A node or edge lists only the attributes that differ from the
 *     defaults, after a tab: `name\t[a=b,\n<indent>c=d]`.
 *   - Clusters come first, nested, each with the nodes whose innermost
 *     cluster it is.  Then, for each node in order: the node, unless it is
 *     in a cluster or an earlier node has an edge into it (it then came
 *     with that node's edges); then its edges, by head, each preceded by
 *     its head when the head has not come yet by that rule.
 *   - IDs and values are bare when DOT reads them back as they are
 *     (letters, digits, `_`, bytes over 127, not starting with a digit and
 *     not a keyword; or a number), else quoted with `"` escaped, and quoted
 *     strings longer than 128 bytes are broken with a backslash-newline
 *     before an ID character that follows another character.  HTML-like
 *     labels are written inside <>.
 *
 * One difference is deliberate: sibling clusters come in source order.
 * agwrite orders them by the address of their interned names, which is
 * the heap's doing: the same design compiled twice in one process can
 * come out in another order.  Where the heap happens to give source order,
 * as for every example, the bytes are the same.
 */
#include "diagram.h"

#include <string.h>
#include <strings.h>

enum { DOT_LINE = 128 };  /* agwrite's MAX_OUTPUTLINE */

/* Characters of a bare ID; a quoted string is broken only before one of
   the second kind, and not after one. */
static bool name_char(unsigned char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_' || ch >= 0x80;
}
static bool id_char(unsigned char ch) {
  return (name_char(ch) && ch != '_') || ch == '.' || ch == '-';
}
static bool digit(unsigned char ch) { return ch >= '0' && ch <= '9'; }

/* What writing a string takes: quotes, and an escape or a line break,
   which make the quoted body differ from the string. */
enum { DOT_QUOTE = 1, DOT_EDIT = 2 };

/* Goes through `s` as agwrite does, writing its quoted body to `f` unless
   `f` is NULL; what it takes (DOT_*). */
static int dot_walk(FILE *f, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  bool number = digit(p[0]) || p[0] == '.' || p[0] == '-';
  bool quote = false, edit = false, pending = false;
  int dots = 0;
  size_t col = 0;
  for (; *p; p++) {
    unsigned char ch = *p;
    if (ch == '"') {
      quote = edit = true;
      if (f) putc('\\', f);
    } else if (number) {
      /* Still a number: digits, one '.', and '-' only first. */
      bool ok = ch == '-' ? col == 0 : ch == '.' ? dots++ == 0 : digit(ch);
      if (!ok) number = false, quote = true;
    } else if (!name_char(ch)) {
      quote = true;
    }
    if (f) putc(ch, f);
    col++;
    if (!p[1]) break;
    bool can_break = !id_char(ch) && ch != '\\' && id_char(p[1]);
    if (can_break && (pending || col >= DOT_LINE)) {
      if (f) fputs("\\\n", f);
      quote = edit = true, pending = false, col = 0;
    } else if (col >= DOT_LINE) {
      pending = true;
    }
  }
  if (quote || (col == 1 && (s[0] == '.' || s[0] == '-'))) return DOT_QUOTE | (edit ? DOT_EDIT : 0);
  static const char *const keywords[] = {"node", "edge", "strict", "graph", "digraph", "subgraph"};
  for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
    if (strcasecmp(s, keywords[i]) == 0) return DOT_QUOTE;
  return 0;
}

static void dot_id(FILE *f, const char *s) {
  int takes = *s ? dot_walk(NULL, s) : DOT_QUOTE;
  if (!(takes & DOT_QUOTE)) {
    fputs(s, f);
    return;
  }
  putc('"', f);
  if (takes & DOT_EDIT) dot_walk(f, s);
  else fputs(s, f);
  putc('"', f);
}

static void dot_attr(FILE *f, const struct diagram_attr *a) {
  dot_id(f, a->name);
  putc('=', f);
  if (a->html) fprintf(f, "<%s>", a->value);
  else dot_id(f, a->value);
}

/* The writer's state: where it is, and the graph's shape in arrays. */
struct dot {
  FILE *f;
  const struct diagram *d;
  int level;
  size_t *first_out;   /* node i's out-edges are out[first_out[i] .. first_out[i + 1]) */
  size_t *out;
  size_t *lowest_tail; /* the lowest node with an edge into node i; n_nodes: none */
  bool *written;       /* node i's attributes are out */
  int *first_child, *next_sibling;   /* clusters; index n_clusters is the graph */
  int *first_node, *next_node;       /* nodes by innermost cluster, likewise */
};

static void dot_indent(struct dot *w) {
  for (int i = 0; i < w->level; i++) putc('\t', w->f);
}

/* `kind [a=b,...];` for a graph's attributes or declared defaults. */
static void dot_defaults(struct dot *w, const char *kind, const struct diagram_attrs *a,
                         bool keep_empty) {
  int count = 0;
  for (size_t i = 0; i < a->n; i++) {
    if (!keep_empty && !a->items[i].value[0]) continue;
    if (count++ == 0) {
      dot_indent(w);
      fprintf(w->f, "%s [", kind);
      w->level++;
    } else {
      fputs(",\n", w->f);
      dot_indent(w);
    }
    dot_attr(w->f, &a->items[i]);
  }
  if (!count) return;
  w->level--;
  if (count > 1) {
    putc('\n', w->f);
    dot_indent(w);
  }
  fputs("];\n", w->f);
}

static bool is_default(const struct diagram_attr *a, const struct diagram_attrs *defaults) {
  const char *d = diagram_attr(defaults, a->name);
  return strcmp(a->value, d ? d : "") == 0;
}

/* A node's or an edge's attributes other than the defaults. */
static void dot_own_attrs(struct dot *w, const struct diagram_attrs *a,
                          const struct diagram_attrs *defaults) {
  int count = 0;
  for (size_t i = 0; i < a->n; i++) {
    if (is_default(&a->items[i], defaults)) continue;
    if (count++ == 0) {
      fputs("\t[", w->f);
      w->level++;
    } else {
      fputs(",\n", w->f);
      dot_indent(w);
    }
    dot_attr(w->f, &a->items[i]);
  }
  if (count) {
    putc(']', w->f);
    w->level--;
  }
}

static void dot_node(struct dot *w, size_t i) {
  dot_indent(w);
  dot_id(w->f, w->d->nodes[i].name);
  if (!w->written[i]) dot_own_attrs(w, &w->d->nodes[i].attrs, &w->d->node_defaults);
  w->written[i] = true;
  fputs(";\n", w->f);
}

static void dot_edge(struct dot *w, size_t i) {
  const struct diagram_edge *e = &w->d->edges[i];
  dot_indent(w);
  dot_id(w->f, w->d->nodes[e->from].name);
  fputs(" -> ", w->f);
  dot_id(w->f, w->d->nodes[e->to].name);
  dot_own_attrs(w, &e->attrs, &w->d->edge_defaults);
  fputs(";\n", w->f);
}

/* Whether the top-level node `i` is written while node `at`'s turn comes
   (agwrite's test): not if an earlier node has an edge into it, nor if it
   is only named by edges. */
static bool dot_node_due(struct dot *w, size_t i, size_t at) {
  const struct diagram_node *n = &w->d->nodes[i];
  if (n->cluster >= 0 || i < at || w->lowest_tail[i] < at) return false;
  bool edges = w->first_out[i] < w->first_out[i + 1] || w->lowest_tail[i] < w->d->n_nodes;
  if (!edges) return true;
  for (size_t k = 0; k < n->attrs.n; k++)
    if (!is_default(&n->attrs.items[k], &w->d->node_defaults)) return true;
  return false;
}

static void dot_cluster(struct dot *w, int k);

/* The body of cluster `k`, or of the graph when k is n_clusters. */
static void dot_body(struct dot *w, int k) {
  for (int sub = w->first_child[k]; sub >= 0; sub = w->next_sibling[sub]) dot_cluster(w, sub);
  if ((size_t)k < w->d->n_clusters) {
    for (int i = w->first_node[k]; i >= 0; i = w->next_node[i]) dot_node(w, (size_t)i);
    return;
  }
  for (size_t n = 0; n < w->d->n_nodes; n++) {
    if (dot_node_due(w, n, n)) dot_node(w, n);
    size_t prev = n;
    for (size_t j = w->first_out[n]; j < w->first_out[n + 1]; j++) {
      size_t head = (size_t)w->d->edges[w->out[j]].to;
      if (head != prev && dot_node_due(w, head, n)) {
        dot_node(w, head);
        prev = head;
      }
      dot_edge(w, w->out[j]);
    }
  }
}

static void dot_cluster(struct dot *w, int k) {
  const struct diagram_cluster *cl = &w->d->clusters[k];
  dot_indent(w);
  fputs("subgraph ", w->f);
  dot_id(w->f, cl->name);
  fputs(" {\n", w->f);
  w->level++;
  dot_defaults(w, "graph", &cl->attrs, true);
  dot_body(w, k);
  w->level--;
  dot_indent(w);
  fputs("}\n", w->f);
}

/* Lists in index order, built backwards: `first[parent]`, then `next`. */
static void dot_link(int *first, int *next, int child, int parent) {
  next[child] = first[parent];
  first[parent] = child;
}

static void dot_index(struct arena *a, struct dot *w) {
  const struct diagram *d = w->d;
  size_t nn = d->n_nodes, nc = d->n_clusters;
  w->first_out = arena_alloc(a, (nn + 1) * sizeof *w->first_out);
  w->out = arena_alloc(a, d->n_edges * sizeof *w->out);
  w->lowest_tail = arena_alloc(a, nn * sizeof *w->lowest_tail);
  w->written = arena_alloc(a, nn * sizeof *w->written);
  for (size_t i = 0; i < nn; i++) w->lowest_tail[i] = nn;
  for (size_t i = 0; i < d->n_edges; i++) {
    size_t from = (size_t)d->edges[i].from, to = (size_t)d->edges[i].to;
    w->first_out[from + 1]++;
    if (from < w->lowest_tail[to]) w->lowest_tail[to] = from;
  }
  for (size_t i = 0; i < nn; i++) w->first_out[i + 1] += w->first_out[i];
  /* A node's out-edges go by head, then in order, as cgraph keeps them:
     sort by head first, then (stably) by tail. */
  size_t *by_head = arena_alloc(a, d->n_edges * sizeof *by_head);
  size_t *fill = arena_alloc(a, (nn + 1) * sizeof *fill);
  for (size_t i = 0; i < d->n_edges; i++) fill[d->edges[i].to + 1]++;
  for (size_t i = 0; i < nn; i++) fill[i + 1] += fill[i];
  for (size_t i = 0; i < d->n_edges; i++) by_head[fill[d->edges[i].to]++] = i;
  memcpy(fill, w->first_out, (nn + 1) * sizeof *fill);
  for (size_t j = 0; j < d->n_edges; j++) w->out[fill[d->edges[by_head[j]].from]++] = by_head[j];

  w->first_child = arena_alloc(a, (nc + 1) * sizeof *w->first_child);
  w->first_node = arena_alloc(a, (nc + 1) * sizeof *w->first_node);
  w->next_sibling = arena_alloc(a, (nc + 1) * sizeof *w->next_sibling);
  w->next_node = arena_alloc(a, (nn + 1) * sizeof *w->next_node);
  for (size_t k = 0; k <= nc; k++) w->first_child[k] = w->first_node[k] = -1;
  for (size_t k = nc; k-- > 0;) {
    int parent = d->clusters[k].parent;
    dot_link(w->first_child, w->next_sibling, (int)k, parent >= 0 ? parent : (int)nc);
  }
  for (size_t i = nn; i-- > 0;)
    if (d->nodes[i].cluster >= 0)
      dot_link(w->first_node, w->next_node, (int)i, d->nodes[i].cluster);
}

int dot_write(archc *c, const struct output_input *in, const char *format, FILE *f) {
  (void)format;  /* dot is its only format */
  struct dot w = {.f = f, .d = diagram_build(c, in)};
  dot_index(&c->arena, &w);
  fputs("digraph ", f);
  dot_id(f, w.d->name);
  fputs(" {\n", f);
  w.level = 1;
  dot_defaults(&w, "graph", &w.d->graph, false);
  dot_defaults(&w, "node", &w.d->node_defaults, false);
  dot_defaults(&w, "edge", &w.d->edge_defaults, false);
  dot_body(&w, (int)w.d->n_clusters);
  fputs("}\n", f);
  if (ferror(f)) {
    diag_plain(c, DIAG_ERROR, "cannot write the DOT graph");
    return ARCHC_NO_MEMORY;
  }
  return ARCHC_OK;
}
