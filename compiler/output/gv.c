/*
 * gv.c - the diagram (diagram.h) laid out and drawn by Graphviz's
 * libraries: SVG, PDF and PNG.  What the picture shows is decided in
 * diagram.c; this file only hands it to cgraph, object for object and
 * attribute for attribute, and asks for a layout and a rendering.
 *
 * gv_picture_new() and gv_picture_draw() lay the diagram out once and
 * draw it into a Cairo context someone else owns: the report's page
 * (pages.c, through canvas.c), with its own scale and place on the page.
 *
 * This is the only file that includes Graphviz headers; its casts
 * (Graphviz 2.42 takes `char *` where it means `const char *`) and its
 * version differences stay here.  Graphviz keeps process-wide state (its
 * error handler, its plugin list, and so this file's one context); one
 * compilation at a time may render.
 */
#include "output.h"

#include <gvc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagram.h"

/* Graphviz 2.42 takes mutable strings it never modifies. */
#define S(x) ((char *)(x))

/* The attributes on `obj`, a part of graph `g`. */
static void gv_set(Agraph_t *g, void *obj, const struct diagram_attrs *a) {
  for (size_t i = 0; i < a->n; i++) {
    const struct diagram_attr *at = &a->items[i];
    if (at->html) {
      char *html = agstrdup_html(g, S(at->value));
      agsafeset(obj, S(at->name), html, S(""));
      agstrfree(g, html);
    } else {
      agsafeset(obj, S(at->name), S(at->value), S(""));
    }
  }
}

static void gv_declare(Agraph_t *g, int kind, const struct diagram_attrs *a) {
  for (size_t i = 0; i < a->n; i++) agattr(g, kind, S(a->items[i].name), S(a->items[i].value));
}

/* Object ids.  cgraph's default id of a named object is the address of its
   interned name, and it keeps subgraphs ordered by id, so the order of the
   clusters, and with it the layout, could change from run to run with the
   heap's history.  These ids count up in creation order instead, with a
   table from (type, name) to id for cgraph's lookups and back for
   agnameof().  (Declining names and letting cgraph keep them in its own
   table would be shorter, but Graphviz 2.42 never frees that table.) */
struct gv_ids {
  Agraph_t *g;
  IDTYPE n, cap;        /* ids 1..n handed out */
  char **name;          /* by id: the interned name; NULL: anonymous or freed */
  int *type;            /* by id: the object type it names */
  IDTYPE *slot;         /* open addressing on (type, name); 0: empty */
  size_t n_slots;       /* a power of two, over twice n */
};

static size_t gv_ids_hash(int type, const char *name) {
  size_t h = 2166136261u ^ (size_t)type;
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) h = (h ^ *p) * 16777619u;
  return h;
}

/* The slot of (type, name): where its id is, or the empty slot it would take. */
static IDTYPE *gv_ids_slot(struct gv_ids *t, int type, const char *name) {
  size_t mask = t->n_slots - 1;
  for (size_t i = gv_ids_hash(type, name) & mask;; i = (i + 1) & mask) {
    IDTYPE id = t->slot[i];
    if (!id || (t->name[id] && t->type[id] == type && strcmp(t->name[id], name) == 0))
      return &t->slot[i];
  }
}

static bool gv_ids_grow(struct gv_ids *t) {
  if (t->n + 1 >= t->cap) {
    IDTYPE cap = t->cap ? 2 * t->cap : 64;
    char **name = realloc(t->name, cap * sizeof *name);
    if (name) t->name = name;
    int *type = realloc(t->type, cap * sizeof *type);
    if (type) t->type = type;
    if (!name || !type) return false;
    t->cap = cap;
  }
  if (2 * (t->n + 1) >= t->n_slots) {
    size_t n_slots = t->n_slots ? 2 * t->n_slots : 128;
    IDTYPE *slot = calloc(n_slots, sizeof *slot), *old = t->slot;
    if (!slot) return false;
    t->slot = slot;
    t->n_slots = n_slots;
    for (IDTYPE id = 1; id <= t->n; id++)
      if (t->name[id]) *gv_ids_slot(t, t->type[id], t->name[id]) = id;
    free(old);
  }
  return true;
}

static void *gv_ids_open(Agraph_t *g, Agdisc_t *disc) {
  (void)disc;
  struct gv_ids *t = calloc(1, sizeof *t);
  if (t) t->g = g;
  return t;
}

static long gv_ids_map(void *state, int objtype, char *name, IDTYPE *id, int create) {
  struct gv_ids *t = state;
  if (!t || (name && !t->slot && !create)) return 0;
  if (name && t->slot) {
    IDTYPE *slot = gv_ids_slot(t, objtype, name);
    if (*slot) {
      *id = *slot;
      return 1;
    }
  }
  if (!create || !gv_ids_grow(t)) return 0;
  IDTYPE next = t->n + 1;
  t->name[next] = NULL;
  t->type[next] = objtype;
  if (name) {
    if (!(t->name[next] = agstrdup(t->g, name))) return 0;
    *gv_ids_slot(t, objtype, name) = next;
  }
  t->n = next;
  *id = next;
  return 1;
}

static long gv_ids_alloc(void *state, int objtype, IDTYPE id) {
  (void)state;
  (void)objtype;
  (void)id;
  return 0; /* nothing here is created with an id of the caller's choosing */
}

static void gv_ids_free(void *state, int objtype, IDTYPE id) {
  (void)objtype;
  struct gv_ids *t = state;
  /* Its slot keeps pointing here; a lookup skips a freed name. */
  if (t && id >= 1 && id <= t->n && t->name[id]) {
    agstrfree(t->g, t->name[id]);
    t->name[id] = NULL;
  }
}

static char *gv_ids_print(void *state, int objtype, IDTYPE id) {
  (void)objtype;
  struct gv_ids *t = state;
  return t && id >= 1 && id <= t->n ? t->name[id] : NULL;
}

static void gv_ids_close(void *state) {
  struct gv_ids *t = state;
  if (!t) return;
  free(t->name);
  free(t->type);
  free(t->slot);
  free(t);
}

static void gv_ids_register(void *state, int objtype, void *obj) {
  (void)state;
  (void)objtype;
  (void)obj;
}

static Agiddisc_t gv_ids = {gv_ids_open,  gv_ids_map,   gv_ids_alloc,   gv_ids_free,
                            gv_ids_print, gv_ids_close, gv_ids_register};
static Agdisc_t gv_disc = {&AgMemDisc, &gv_ids, &AgIoDisc};

/* The cgraph graph of the diagram, before layout; NULL when out of memory. */
static Agraph_t *gv_graph(const struct diagram *d) {
  Agraph_t *g = agopen(S(d->name), Agdirected, &gv_disc);
  Agraph_t **sub = calloc(d->n_clusters ? d->n_clusters : 1, sizeof *sub);
  Agnode_t **node = calloc(d->n_nodes ? d->n_nodes : 1, sizeof *node);
  if (!g || !sub || !node) {
    free(sub);
    free(node);
    if (g) agclose(g);
    return NULL;
  }
  gv_set(g, g, &d->graph);
  gv_declare(g, AGNODE, &d->node_defaults);
  gv_declare(g, AGEDGE, &d->edge_defaults);
  for (size_t i = 0; i < d->n_clusters; i++) {
    const struct diagram_cluster *cl = &d->clusters[i];
    sub[i] = agsubg(cl->parent >= 0 ? sub[cl->parent] : g, S(cl->name), 1);
    gv_set(sub[i], sub[i], &cl->attrs);
  }
  for (size_t i = 0; i < d->n_nodes; i++) {
    const struct diagram_node *n = &d->nodes[i];
    node[i] = agnode(n->cluster >= 0 ? sub[n->cluster] : g, S(n->name), 1);
    gv_set(g, node[i], &n->attrs);
  }
  for (size_t i = 0; i < d->n_edges; i++) {
    const struct diagram_edge *e = &d->edges[i];
    gv_set(g, agedge(g, node[e->from], node[e->to], NULL, 1), &e->attrs);
  }
  free(sub);
  free(node);
  return g;
}

/* One context for the process, made by the first drawing and kept: Graphviz
   2.42's pango plugin remembers the last font it measured by a pointer to
   the name in the context's font table (gvtextlayout_pango.c, `fontname`),
   so once a context is freed, the next context's first label is compared
   with freed memory.  A program that draws twice (archc markdown, an
   editor) would read it; AddressSanitizer says so. */
static GVC_t *the_context(archc *c) {
  static GVC_t *kept;
  if (kept) return kept;
  GVC_t *gvc = gvContext();
  if (!gvc) return NULL;
  int n = 0;
  char **layouts = gvPluginList(gvc, S("layout"), &n, NULL);
  for (int i = 0; i < n; i++) free(layouts[i]);
  free(layouts);
  if (n == 0) {
    diag_plain(c, DIAG_ERROR, "Graphviz has no layout plugins installed");
    diag_help(c, "install Debian's libgvc6 and run 'libgvc6-config-update -c' (or 'dot -c') as root");
    gvFreeContext(gvc);
    return NULL;
  }
  kept = gvc;
  return gvc;
}

int gv_write(archc *c, const struct output_input *in, const char *format, FILE *f) {
  agseterr(AGERR);
  Agraph_t *g = gv_graph(diagram_build(c, in));
  if (!g) {
    diag_plain(c, DIAG_ERROR, "out of memory while building the graph");
    return ARCHC_NO_MEMORY;
  }
  GVC_t *gvc = the_context(c);
  if (!gvc) {
    agclose(g);
    return ARCHC_USAGE_ERROR;
  }
  int rc = ARCHC_OK;
  bool svg = strcmp(format, "svg") == 0, png = strcmp(format, "png") == 0;
  /* Before the layout: Graphviz reads the resolution while laying out,
     and set afterwards it is ignored.  A PDF's page is in points, 72 to
     the inch, so its resolution scales the page. */
  double dpi = png ? (in->dpi > 0 ? in->dpi : 144) : !svg && in->zoom > 0 ? 72 * in->zoom : 0;
  if (dpi > 0) {
    char value[32];
    snprintf(value, sizeof value, "%g", dpi);
    agsafeset(g, S("dpi"), value, S(""));
  }
  if (gvLayout(gvc, g, "dot") != 0) {
    diag_plain(c, DIAG_ERROR, "Graphviz could not lay out the design");
    rc = ARCHC_USAGE_ERROR;
  } else {
    const char *device = svg ? "svg" : png ? "png:cairo" : "pdf:cairo";
    char *out = NULL;
#if defined(GRAPHVIZ_VERSION_MAJOR) && GRAPHVIZ_VERSION_MAJOR >= 13
    size_t out_len = 0;
#else
    unsigned int out_len = 0;
#endif
    if (gvRenderData(gvc, g, device, &out, &out_len) != 0 || !out) {
      diag_plain(c, DIAG_ERROR, "Graphviz could not render %s", device);
      rc = ARCHC_USAGE_ERROR;
    } else if (svg) {
      rc = svg_publish(c, in, out, out_len, f);
    } else if (fwrite(out, 1, out_len, f) != out_len) {
      rc = ARCHC_NO_MEMORY;
    }
    if (out) gvFreeRenderData(out);
    gvFreeLayout(gvc, g);
  }
  agclose(g);
  return rc;
}

struct gv_picture {
  Agraph_t *g;
  GVC_t *gvc;
};

struct gv_picture *gv_picture_new(archc *c, const struct output_input *in, double *width,
                                  double *height) {
  agseterr(AGERR);
  const struct diagram *d = diagram_build(c, in);
  /* Allocated before the graph, which running out of memory would leak. */
  struct gv_picture *p = arena_alloc(&c->arena, sizeof *p);
  GVC_t *gvc = the_context(c);
  if (!gvc) return NULL;
  Agraph_t *g = gv_graph(d);
  if (!g) {
    diag_plain(c, DIAG_ERROR, "out of memory while building the graph");
    return NULL;
  }
  /* No margin around the drawing: the PostScript renderers' default is
     half an inch, which would shift the picture off its place on the page. */
  agsafeset(g, S("margin"), S("0"), S(""));
  if (gvLayout(gvc, g, "dot") != 0) {
    diag_plain(c, DIAG_ERROR, "Graphviz could not lay out the design");
    agclose(g);
    return NULL;
  }
  *p = (struct gv_picture){g, gvc};
  /* The bounding box, in points, with the `pad` the renderer adds on
     each side (inches, "x" or "x,y"; 4 points by default). */
  double pad_x = 4.0 / 72, pad_y = 4.0 / 72;
  const char *pad = agget(g, S("pad"));
  if (pad && *pad) {
    int n = sscanf(pad, "%lf,%lf", &pad_x, &pad_y);
    if (n == 1) pad_y = pad_x;
  }
  *width = GD_bb(g).UR.x - GD_bb(g).LL.x + 2 * 72 * pad_x;
  *height = GD_bb(g).UR.y - GD_bb(g).LL.y + 2 * 72 * pad_y;
  return p;
}

/* "eps:cairo" draws as vectors into the caller's surface and leaves it
   open: Graphviz 2.42's pdf, svg and ps renderers finish the surface they
   are given, and png writes a PNG to standard output besides. */
int gv_picture_draw(archc *c, struct gv_picture *p, void *cairo) {
  if (gvRenderContext(p->gvc, p->g, "eps:cairo", cairo) != 0) {
    diag_plain(c, DIAG_ERROR, "Graphviz could not draw the design");
    return ARCHC_USAGE_ERROR;
  }
  return ARCHC_OK;
}

void gv_picture_free(struct gv_picture *p) {
  if (!p) return;
  gvFreeLayout(p->gvc, p->g);
  agclose(p->g);
  p->g = NULL;
}
