/*
 * gv.c - the model as a Graphviz graph, laid out and drawn by Graphviz's
 * libraries.  This is the only file that includes Graphviz headers; its
 * casts (Graphviz 2.42 takes `char *` where it means `const char *`) and
 * its version differences stay here.
 *
 * What the picture says, and where it comes from:
 *   regions, zones, groups -> nested clusters (`cluster_<path>`)
 *   component              -> a node; shape, colours and style from its kind
 *                             (stdlib/kinds.arch), label from the design:
 *                             bold name, then kind and "x3" / "4 shards x 3"
 *   edge                   -> solid for synchronous calls, dashed for async
 *   title                  -> the graph label, on top
 *   docs / tooltip         -> URL and tooltip, which SVG turns into links
 *
 * Graphviz keeps process-wide state (its error handler, its plugin list);
 * one compilation at a time may render.
 */
#include "output.h"

#include <gvc.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "estimate.h"
#include "quantity.h"
#include "model.h"
#include "review.h"

#define FONT "Helvetica,Arial,sans-serif"
#define INK "#3C4043"
#define MUTED "#5F6368"

/* Graphviz 2.42 takes mutable strings it never modifies. */
#define S(x) ((char *)(x))

static void set(void *obj, const char *name, const char *value) {
  agsafeset(obj, S(name), S(value), S(""));
}

/* Set an HTML-like label (markup without the outer <>) on `obj`, a part of
   graph `g`; frees `markup`, which the caller built with open_memstream. */
static void set_html_label(Agraph_t *g, void *obj, char *markup) {
  if (!markup) return;
  char *html = agstrdup_html(g, markup);
  set(obj, "label", html);
  agstrfree(g, html);
  free(markup);
}

/* Text escaped for an HTML-like label. */
static void html_escape(FILE *f, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    case '\n': fputs("<BR/>", f); break;
    default: fputc(*s, f);
    }
  }
}

static const char *word_attr(const struct arch_component *c, const char *name, const char *fallback) {
  const struct arch_value *v = arch_component_attr(c, name);
  return v && (v->type == VAL_WORD || v->type == VAL_STRING) ? v->str : fallback;
}

/* Utilization bands: under 60% green, to 85% amber, above red, and a
   saturated component darker still; docs/capacity.md shows the legend. */
struct band {
  const char *name, *fill, *line, *text;
};
static const struct band bands[] = {
  {"under 60%", "#E6F4EA", "#1E8E3E", "#137333"},
  {"60% to 85%", "#FEF7E0", "#E37400", "#B06000"},
  {"over 85%", "#FCE8E6", "#D93025", "#C5221F"},
  {"saturated", "#F6AEA9", "#A50E0E", "#8C0A0A"},
};

static const struct band *band_of(double util) {
  return util >= 1 ? &bands[3] : util > 0.85 ? &bands[2] : util >= 0.6 ? &bands[1] : &bands[0];
}

static void rate_text(FILE *f, double r) {
  char buf[32];
  fprintf(f, "%s rps", quantity_human(r, buf, sizeof buf));
}

/* Findings on the picture: errors red, warnings amber; notes stay in the
   text output, so the diagram shows what a reviewer would raise. */
static const char *finding_color(enum arch_severity s) {
  return s == SEV_ERROR ? "#D93025" : "#E37400";
}

static void badge(FILE *f, size_t number, enum arch_severity s) {
  fprintf(f, "<TD BGCOLOR=\"%s\" STYLE=\"rounded\" CELLPADDING=\"1\" FIXEDSIZE=\"TRUE\" "
             "WIDTH=\"%d\" HEIGHT=\"12\">"
             "<FONT COLOR=\"white\" POINT-SIZE=\"8\"><B>%zu</B></FONT></TD>",
          finding_color(s), number >= 10 ? 18 : 13, number);
}

static bool drawn(const struct finding *f) { return f->severity >= SEV_WARNING; }

/* Bold title with the numbers of its findings, then a grey line: kind, and
   replicas or shards; with an estimate, a third line with the peak load
   and utilization. */
static char *node_label(const struct arch_component *c, const struct est_component *x,
                        const struct finding *findings, size_t n_findings, int index) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return NULL;
  fputs("<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">"
        "<TR><TD><TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"0\"><TR><TD><B>", f);
  html_escape(f, c->label ? c->label : c->name);
  fputs("</B></TD>", f);
  for (size_t i = 0, number = 0; i < n_findings; i++) {
    if (!drawn(&findings[i])) continue;
    number++;
    if (findings[i].component == index) badge(f, number, findings[i].severity);
  }
  fputs("</TR></TABLE></TD></TR><TR><TD><FONT POINT-SIZE=\"9\" COLOR=\"" MUTED "\">", f);
  html_escape(f, c->kind ? c->kind->name : "?");
  if (c->label) {
    fputs(" &#183; ", f);
    html_escape(f, c->name);
  }
  double replicas = arch_component_number(c, "replicas", 1);
  double shards = arch_component_number(c, "shards", 1);
  if (shards > 1 && replicas > 1) fprintf(f, " &#183; %.0f shards &#215; %.0f", shards, replicas);
  else if (shards > 1) fprintf(f, " &#183; %.0f shards", shards);
  else if (replicas > 1) fprintf(f, " &#183; &#215;%.0f", replicas);
  double partitions = arch_component_number(c, "partitions", 0);
  if (partitions > 0) fprintf(f, " &#183; %.0f partitions", partitions);
  fputs("</FONT></TD></TR>", f);
  if (x && x->peak_reads + x->peak_writes > 0) {
    const struct band *b = band_of(x->util_peak);
    fputs("<TR><TD><FONT POINT-SIZE=\"9\" COLOR=\"", f);
    fputs(x->hot_capacity > 0 ? b->text : MUTED, f);
    fputs("\">", f);
    rate_text(f, x->peak_reads + x->peak_writes);
    if (x->hot_capacity > 0) {
      if (x->util_peak >= 1) fputs(" &#183; <B>saturated</B>", f);
      else if (x->util_peak < 0.005) fputs(" &#183; &lt;1%", f);
      else fprintf(f, " &#183; %.0f%%", x->util_peak * 100);
    }
    fputs("</FONT></TD></TR>", f);
  }
  fputs("</TABLE>", f);
  fclose(f);
  return buf;
}

enum { LEGEND_FINDINGS = 15 };

/* The numbered list of findings under the title. */
static void findings_legend(FILE *f, const struct finding *findings, size_t n) {
  size_t shown = 0, total = 0;
  for (size_t i = 0; i < n; i++) total += drawn(&findings[i]);
  if (!total) return;
  /* One cell of left-aligned lines: Graphviz stretches nested tables, which
     would pull each number away from its text. */
  fputs("<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\" COLOR=\"" INK "\">", f);
  for (size_t i = 0; i < n && shown < LEGEND_FINDINGS; i++) {
    if (!drawn(&findings[i])) continue;
    shown++;
    fprintf(f, "%s<FONT COLOR=\"%s\"><B>%zu</B></FONT>  ", shown > 1 ? "<BR ALIGN=\"LEFT\"/>" : "",
            finding_color(findings[i].severity), shown);
    html_escape(f, findings[i].message);
    fputs(" <FONT COLOR=\"" MUTED "\">[", f);
    html_escape(f, findings[i].rule->id);
    fputs("]</FONT>", f);
  }
  if (total > shown)
    fprintf(f, "<BR ALIGN=\"LEFT\"/><FONT COLOR=\"" MUTED "\">and %zu more: archc check</FONT>",
            total - shown);
  fputs("<BR ALIGN=\"LEFT\"/></FONT></TD></TR>", f);
}

/* The graph label: the title, with an estimate a legend of the bands, and
   the review's findings. */
static void graph_label(Agraph_t *g, const struct arch_model *m, const struct estimate *E,
                        const struct finding *findings, size_t n_findings) {
  size_t drawn_findings = 0;
  for (size_t i = 0; i < n_findings; i++) drawn_findings += drawn(&findings[i]);
  if (!m->title && !E && !drawn_findings) return;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return;
  fputs("<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">", f);
  if (m->title) {
    fputs("<TR><TD><FONT POINT-SIZE=\"18\"><B>", f);
    html_escape(f, m->title);
    fputs("</B></FONT></TD></TR>", f);
  }
  if (E) {
    char a[32];
    fputs("<TR><TD><TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"2\"><TR>"
          "<TD><FONT POINT-SIZE=\"9\" COLOR=\"" MUTED "\">", f);
    if (E->closed)
      fprintf(f, "utilization with %s concurrent users", quantity_human(E->users, a, sizeof a));
    else
      fprintf(f, "peak = %g &#215; average &#183; utilization at peak", E->peak_factor);
    fputs("</FONT></TD>", f);
    for (size_t i = 0; i < sizeof bands / sizeof bands[0]; i++)
      fprintf(f, "<TD BGCOLOR=\"%s\" COLOR=\"%s\" BORDER=\"1\" STYLE=\"rounded\">"
                 "<FONT POINT-SIZE=\"9\" COLOR=\"%s\">%s</FONT></TD>",
              bands[i].fill, bands[i].line, bands[i].text, bands[i].name);
    fputs("</TR></TABLE></TD></TR>", f);
  }
  findings_legend(f, findings, n_findings);
  fputs("</TABLE>", f);
  fclose(f);
  set_html_label(g, g, buf);
  set(g, "labelloc", "t");
  set(g, "labeljust", "c");
}

/* Longest chain of calls, in edges, by depth-first search with memo;
   an edge back into the search's own path is left out. */
static size_t longest_from(const struct arch_model *m, int v, size_t *memo, unsigned char *state) {
  if (state[v] == 2) return memo[v];
  if (state[v] == 1) return 0;
  state[v] = 1;
  size_t best = 0;
  for (size_t i = 0; i < m->n_edges; i++) {
    if (m->edges[i].from != v) continue;
    size_t d = 1 + longest_from(m, m->edges[i].to, memo, state);
    if (d > best) best = d;
  }
  state[v] = 2;
  return memo[v] = best;
}

/* Left to right suits short chains; long chains read better downwards,
   where a page has room. */
static bool top_to_bottom(const struct arch_model *m, int direction) {
  if (direction) return direction == 2;
  if (m->n_edges > 2000) return true;  /* large designs: skip the search */
  size_t *memo = calloc(m->n_components + 1, sizeof *memo);
  unsigned char *state = calloc(m->n_components + 1, 1);
  size_t longest = 0;
  for (size_t v = 0; memo && state && v < m->n_components; v++) {
    size_t d = longest_from(m, (int)v, memo, state);
    if (d > longest) longest = d;
  }
  free(memo);
  free(state);
  return longest > 4;
}

static void style_graph(Agraph_t *g, const struct arch_model *m, const struct estimate *E,
                        const struct finding *findings, size_t n_findings, int direction) {
  set(g, "rankdir", top_to_bottom(m, direction) ? "TB" : "LR");
  set(g, "fontname", FONT);
  set(g, "fontcolor", INK);
  set(g, "bgcolor", "white");
  set(g, "pad", "0.3");
  set(g, "nodesep", "0.35");
  set(g, "ranksep", "0.55");
  set(g, "newrank", "true");
  set(g, "compound", "true");
  graph_label(g, m, E, findings, n_findings);
  agattr(g, AGNODE, S("fontname"), S(FONT));
  agattr(g, AGNODE, S("fontsize"), S("11"));
  agattr(g, AGNODE, S("fontcolor"), S(INK));
  agattr(g, AGNODE, S("penwidth"), S("1.2"));
  agattr(g, AGNODE, S("margin"), S("0.12,0.06"));
  agattr(g, AGEDGE, S("fontname"), S(FONT));
  agattr(g, AGEDGE, S("fontsize"), S("9"));
  agattr(g, AGEDGE, S("fontcolor"), S(MUTED));
  agattr(g, AGEDGE, S("color"), S("#80868B"));
  agattr(g, AGEDGE, S("arrowsize"), S("0.7"));
  agattr(g, AGEDGE, S("penwidth"), S("1.1"));
}

static void style_cluster(Agraph_t *sub, const struct arch_group *grp) {
  char *label = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&label, &len);
  if (f) {
    fputs("<B>", f);
    html_escape(f, grp->label ? grp->label : grp->name);
    fputs("</B>", f);
    fclose(f);
    set_html_label(sub, sub, label);
  }
  set(sub, "fontname", FONT);
  set(sub, "fontsize", "11");
  set(sub, "labeljust", "l");
  set(sub, "margin", "14");
  set(sub, "penwidth", "1");
  /* Regions solid, zones dashed (a failure domain inside a region), plain
     groups a lighter frame. */
  static const struct { const char *style, *fill, *line, *text; } look[] = {
    [GROUP_REGION] = {"rounded,filled", "#F8F9FA", "#9AA0A6", INK},
    [GROUP_ZONE] = {"rounded,dashed,filled", "#FFFFFF", "#9AA0A6", MUTED},
    [GROUP_GROUP] = {"rounded,filled", "#F1F3F4", "#DADCE0", MUTED},
  };
  set(sub, "style", look[grp->type].style);
  set(sub, "fillcolor", look[grp->type].fill);
  set(sub, "color", look[grp->type].line);
  set(sub, "fontcolor", look[grp->type].text);
}

/* The Graphviz graph for the model, before layout. */
static Agraph_t *build_graph(archc *c, const struct output_input *in) {
  const struct arch_model *m = in->model;
  Agraph_t *g = agopen(S("arch"), Agdirected, NULL);
  const struct estimate *E = in->estimate;
  const struct finding *findings = in->review ? in->review->findings : NULL;
  size_t n_findings = in->review ? in->review->n_findings : 0;
  style_graph(g, m, E, findings, n_findings, in->direction);

  Agraph_t **sub = calloc(m->n_groups ? m->n_groups : 1, sizeof *sub);
  Agnode_t **node = calloc(m->n_components ? m->n_components : 1, sizeof *node);
  if (!sub || !node) {
    free(sub);
    free(node);
    agclose(g);
    return NULL;
  }
  for (size_t i = 0; i < m->n_groups; i++) {
    const struct arch_group *grp = &m->groups[i];
    Agraph_t *parent = grp->parent >= 0 ? sub[grp->parent] : g;
    char *name = arena_printf(&c->arena, "cluster_%s", grp->path);
    sub[i] = agsubg(parent, name, 1);
    style_cluster(sub[i], grp);
  }
  for (size_t i = 0; i < m->n_components; i++) {
    const struct arch_component *comp = &m->components[i];
    Agraph_t *parent = comp->group >= 0 ? sub[comp->group] : g;
    Agnode_t *n = agnode(parent, S(comp->path), 1);
    node[i] = n;
    const struct est_component *x = E ? &E->components[i] : NULL;
    set_html_label(g, n, node_label(comp, x, findings, n_findings, (int)i));
    set(n, "shape", word_attr(comp, "shape", "box"));
    const char *style = word_attr(comp, "style", "filled");
    set(n, "style", style);
    if (x && x->hot_capacity > 0 && x->peak_reads + x->peak_writes > 0) {
      const struct band *b = band_of(x->util_peak);
      set(n, "fillcolor", b->fill);
      set(n, "color", b->line);
      if (x->util_peak >= 1) set(n, "penwidth", "2.5");
    } else {
      set(n, "fillcolor", word_attr(comp, "fill", "#FFFFFF"));
      set(n, "color", word_attr(comp, "color", INK));
    }
    const char *margin = word_attr(comp, "margin", NULL);
    if (margin) set(n, "margin", margin);
    enum arch_severity worst = SEV_OFF;
    for (size_t k = 0; k < n_findings; k++)
      if (findings[k].component == (int)i && drawn(&findings[k]) && findings[k].severity > worst)
        worst = findings[k].severity;
    if (worst != SEV_OFF) {
      set(n, "color", finding_color(worst));
      set(n, "penwidth", "2.5");
    }
    const char *docs = word_attr(comp, "docs", NULL);
    if (docs) {
      set(n, "URL", docs);
      set(n, "target", "_top");
    }
    const char *tooltip = word_attr(comp, "tooltip", NULL);
    if (tooltip) set(n, "tooltip", tooltip);
    else if (docs) set(n, "tooltip", comp->label ? comp->label : comp->name);
  }
  for (size_t i = 0; i < m->n_edges; i++) {
    const struct arch_edge *e = &m->edges[i];
    Agedge_t *ge = agedge(g, node[e->from], node[e->to], NULL, 1);
    if (e->async) set(ge, "style", "dashed");
    const char *label = e->label;
    if (e->protocol)
      label = label ? arena_printf(&c->arena, "%s (%s)", label, e->protocol) : e->protocol;
    if (E) {
      const struct est_edge *fe = &E->edges[i];
      double r = fe->peak_reads + fe->peak_writes;
      char buf[32];
      if (r > 0) {
        const char *figure = arena_printf(&c->arena, "%s rps", quantity_human(r, buf, sizeof buf));
        label = label ? arena_printf(&c->arena, "%s\n%s", label, figure) : figure;
      }
    }
    if (label) set(ge, "label", arena_printf(&c->arena, " %s ", label));
  }
  free(sub);
  free(node);
  return g;
}

static GVC_t *new_context(archc *c) {
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
  return gvc;
}

int gv_write(archc *c, const struct output_input *in, const char *format, FILE *f) {
  agseterr(AGERR);
  Agraph_t *g = build_graph(c, in);
  if (!g) {
    diag_plain(c, DIAG_ERROR, "out of memory while building the graph");
    return ARCHC_NO_MEMORY;
  }
  if (strcmp(format, "dot") == 0) {
    int rc = agwrite(g, f) == 0 ? ARCHC_OK : ARCHC_USAGE_ERROR;
    agclose(g);
    if (rc != ARCHC_OK) diag_plain(c, DIAG_ERROR, "cannot write the DOT graph");
    return rc;
  }
  GVC_t *gvc = new_context(c);
  if (!gvc) {
    agclose(g);
    return ARCHC_USAGE_ERROR;
  }
  int rc = ARCHC_OK;
  if (gvLayout(gvc, g, "dot") != 0) {
    diag_plain(c, DIAG_ERROR, "Graphviz could not lay out the design");
    rc = ARCHC_USAGE_ERROR;
  } else {
    bool svg = strcmp(format, "svg") == 0, png = strcmp(format, "png") == 0;
    const char *device = svg ? "svg" : png ? "png:cairo" : "pdf:cairo";
    if (png) set(g, "dpi", "144");
    char *out = NULL;
#if defined(GRAPHVIZ_VERSION_MAJOR) && GRAPHVIZ_VERSION_MAJOR >= 13
    size_t out_len = 0;
#else
    unsigned int out_len = 0;
#endif
    if (gvRenderData(gvc, g, device, &out, &out_len) != 0 || !out) {
      diag_plain(c, DIAG_ERROR, "Graphviz could not render %s", device);
      rc = ARCHC_USAGE_ERROR;
    } else if (fwrite(out, 1, out_len, f) != out_len) {
      rc = ARCHC_NO_MEMORY;
    }
    if (out) gvFreeRenderData(out);
    gvFreeLayout(gvc, g);
  }
  agclose(g);
  gvFreeContext(gvc);
  return rc;
}
