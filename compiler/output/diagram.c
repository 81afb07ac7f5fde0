/*
 * diagram.c - the model as a picture described in data (diagram.h).
 *
 * What the picture says, and where it comes from:
 *   regions, zones, groups -> nested clusters (`cluster_<path>`)
 *   component              -> a node; shape, colours and style from its kind
 *                             (stdlib/kinds.arch), label from the design:
 *                             bold name, then kind and "x3" / "4 shards x 3"
 *   estimate               -> each node's peak load and utilization, coloured
 *                             by band, and a legend of the bands
 *   review                 -> numbered badges on the components a warning or
 *                             error is about, and the numbered list of them
 *   edge                   -> solid for synchronous calls, dashed for async
 *   title                  -> the graph label, on top
 *   --flow NAME            -> that flow's steps numbered in its colour, the
 *                             rest faded, its figures under the title
 *   docs / tooltip         -> URL and tooltip, which SVG turns into links
 *   view (view.c)          -> a collapsed group as one node with its count
 *                             of components, its busiest component and its
 *                             findings; the calls between two nodes, one of
 *                             them a group, merged into one edge with their
 *                             rates summed; neighbours outside `only` muted
 *
 * Colours are written as the light theme has them and go through ink(),
 * which carries them to the dark page for the dark theme (theme.h).  The
 * plain style leaves out the estimate and the review.
 *
 * These are archc's decisions, not Graphviz's: this file knows Graphviz's
 * attribute names but never calls it.
 */
#include "diagram.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "analyze.h"
#include "estimate.h"
#include "quantity.h"
#include "review.h"
#include "theme.h"
#include "view.h"

#define FONT "Helvetica,Arial,sans-serif"
#define INK "#3C4043"
#define MUTED "#5F6368"

/* ---- building strings and attribute lists in the arena ---- */

/* A string assembled piece by piece; text_take() copies it out. */
struct text {
  struct arena *arena;
  char *s;
  size_t n, cap;
};

static void text_reserve(struct text *t, size_t more) {
  if (t->n + more < t->cap) return;
  size_t cap = t->cap ? t->cap : 256;
  while (cap <= t->n + more) cap *= 2;
  t->s = arena_grow(t->arena, t->s, t->cap, cap, 1);
  t->cap = cap;
}

static void text_add(struct text *t, const char *s, size_t len) {
  text_reserve(t, len);
  memcpy(t->s + t->n, s, len);
  t->n += len;
  t->s[t->n] = '\0';
}

static void text_puts(struct text *t, const char *s) { text_add(t, s, strlen(s)); }

static void text_printf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_printf(struct text *t, const char *fmt, ...) {
  text_reserve(t, 64);
  va_list ap, again;
  va_start(ap, fmt);
  va_copy(again, ap);
  int len = vsnprintf(t->s + t->n, t->cap - t->n, fmt, ap);
  if (len > 0 && (size_t)len >= t->cap - t->n) {  /* "%.0f" of a huge number */
    text_reserve(t, (size_t)len);
    vsnprintf(t->s + t->n, t->cap - t->n, fmt, again);
  }
  if (len > 0) t->n += (size_t)len;
  va_end(again);
  va_end(ap);
}

/* The text so far, as a string of its own; the builder starts again. */
static const char *text_take(struct text *t) {
  const char *s = arena_strndup(t->arena, t->s ? t->s : "", t->n);
  t->n = 0;
  return s;
}

/* Text escaped for an HTML-like label. */
static void text_html(struct text *t, const char *s) {
  for (const char *run = s;; s++) {
    const char *with;
    switch (*s) {
    case '&': with = "&amp;"; break;
    case '<': with = "&lt;"; break;
    case '>': with = "&gt;"; break;
    case '"': with = "&quot;"; break;
    case '\n': with = "<BR/>"; break;
    case '\0': text_add(t, run, (size_t)(s - run)); return;
    default: continue;
    }
    text_add(t, run, (size_t)(s - run));
    text_puts(t, with);
    run = s + 1;
  }
}

enum { MAX_ATTRS = 16 };  /* more than any one object is given */

/* The attributes of the object being described, sorted by name. */
struct attr_list {
  struct diagram_attr a[MAX_ATTRS];
  size_t n;
};

/* A later value replaces an earlier one, as setting a Graphviz attribute
   twice does: the styling below decides in steps. */
static void put_attr(struct attr_list *l, const char *name, const char *value, bool html) {
  size_t i = 0;
  while (i < l->n && strcmp(l->a[i].name, name) < 0) i++;
  if (i == l->n || strcmp(l->a[i].name, name) != 0) {
    assert(l->n < MAX_ATTRS);
    memmove(&l->a[i + 1], &l->a[i], (l->n - i) * sizeof l->a[0]);
    l->n++;
  }
  l->a[i] = (struct diagram_attr){name, value, html};
}

static void put(struct attr_list *l, const char *name, const char *value) {
  put_attr(l, name, value, false);
}

/* The list as the diagram keeps it; `l` is emptied for the next object. */
static struct diagram_attrs keep(struct arena *a, struct attr_list *l) {
  struct diagram_attr *items = arena_alloc(a, l->n * sizeof *items);
  memcpy(items, l->a, l->n * sizeof *items);
  struct diagram_attrs kept = {items, l->n};
  l->n = 0;
  return kept;
}

const char *diagram_attr(const struct diagram_attrs *a, const char *name) {
  for (size_t i = 0; i < a->n; i++)
    if (strcmp(a->items[i].name, name) == 0) return a->items[i].value;
  return NULL;
}

/* ---- what the picture says ---- */

/* Everything one picture is built from. */
struct build {
  const struct arch_model *m;
  const struct estimate *E;         /* NULL: no figures */
  const struct finding *findings;
  size_t n_findings, n_drawn;
  /* The findings drawn on each component, in order: first_drawn[component],
     then next_drawn[finding]; -1 ends.  A finding's number on the picture
     is number[finding]. */
  int *first_drawn, *next_drawn;
  size_t *number;
  bool dark;                        /* the dark theme's colours */
  bool banded;                      /* some node is coloured by its utilization */
  const struct arch_flow *flow;     /* the flow stepped through (--flow), or NULL */
  size_t flow_index;
  size_t *step_of;                  /* per edge: 1 + the flow's step on it; 0: off its path */
  bool *on_path;                    /* per component: the flow reaches it */
  const struct arch_view *view;     /* NULL: everything */
  struct view_map vm;
  size_t n_shown;                   /* components the view draws, alone or in a group */
  /* By group, when the view draws it as one node: what it holds. */
  struct group_node *groups;
  const char *edge_label;            /* "label", or past LARGE_EDGES "xlabel" */
  struct text t;
  struct attr_list l;
};

/* Past this many edges, edge labels are placed after the layout (xlabel)
   instead of as nodes of their own inside it: dot's ranking and placement
   then work on half the ranks, 4x faster on the benchmark's 1,000
   components (docs/performance.md, "Views and layout"). */
enum { LARGE_EDGES = 400 };

/* A node calling at least this many nodes that call nobody spreads them
   over several ranks (as Graphviz's unflatten does), so that a fan-out is
   drawn as a block, not as one long column. */
enum { STAGGER_FANOUT = 6 };

/* A colour of the light picture, in the picture's theme. */
static const char *ink(struct build *b, const char *light) {
  char dark[8];
  if (!b->dark || !theme_dark(light, dark)) return light;
  return arena_strndup(b->t.arena, dark, 7);
}

static const char *word_attr(const struct arch_component *c, const char *name, const char *fallback) {
  const struct arch_value *v = arch_component_attr(c, name);
  return v && (v->type == VAL_WORD || v->type == VAL_STRING) ? v->str : fallback;
}

/* Utilization bands (model.h), and a saturated component darker still;
   docs/capacity.md shows the legend.  Each text colour is at least 4.5:1
   against its fill (WCAG AA; tests/unit/test_theme.c). */
struct band {
  const char *fill, *line, *text;
};
enum { BAND_FINE, BAND_BUSY, BAND_HOT, BAND_SATURATED, N_BANDS };
static const struct band bands[N_BANDS] = {
  [BAND_FINE] = {"#E6F4EA", "#1E8E3E", "#137333"},
  [BAND_BUSY] = {"#FEF7E0", "#E37400", "#A15C00"},
  [BAND_HOT] = {"#FCE8E6", "#D93025", "#C5221F"},
  [BAND_SATURATED] = {"#F6AEA9", "#A50E0E", "#8C0A0A"},
};

/* Whether the estimate colours component `x` by its band: it has a
   capacity, and load. */
static bool band_coloured(const struct est_component *x) {
  return x && x->hot_capacity > 0 && x->peak_reads + x->peak_writes > 0;
}

static const struct band *band_of(double util) {
  return &bands[util >= 1           ? BAND_SATURATED
                : util > UTIL_HOT   ? BAND_HOT
                : util >= UTIL_BUSY ? BAND_BUSY
                                    : BAND_FINE];
}

/* The legend's words for a band, from the thresholds themselves. */
static void band_name(struct text *t, int band) {
  double busy = UTIL_BUSY * 100, hot = UTIL_HOT * 100;
  switch (band) {
  case BAND_FINE: text_printf(t, "under %.0f%%", busy); break;
  case BAND_BUSY: text_printf(t, "%.0f%% to %.0f%%", busy, hot); break;
  case BAND_HOT: text_printf(t, "over %.0f%%", hot); break;
  default: text_puts(t, "saturated");
  }
}

/* Findings on the picture: errors red, warnings amber; notes stay in the
   text output, so the diagram shows what a reviewer would raise. */
static const char *finding_color(enum arch_severity s) {
  return s == SEV_ERROR ? "#D93025" : "#B06000";
}

static bool drawn(const struct finding *f) { return f->severity >= SEV_WARNING; }

/* Findings the legend lists, and the only ones numbered on the components. */
enum { LEGEND_FINDINGS = 15 };

static void badge(struct build *b, size_t number, enum arch_severity s) {
  text_printf(&b->t, "<TD BGCOLOR=\"%s\" STYLE=\"rounded\" CELLPADDING=\"1\" FIXEDSIZE=\"TRUE\" "
                     "WIDTH=\"%d\" HEIGHT=\"12\">"
                     "<FONT COLOR=\"%s\" POINT-SIZE=\"8\"><B>%zu</B></FONT></TD>",
              ink(b, finding_color(s)), number >= 10 ? 18 : 13, ink(b, "white"), number);
}

static void rate_text(struct text *t, double r) {
  char buf[32];
  text_printf(t, "%s rps", quantity_human(r, buf, sizeof buf));
}

/* Bold title with the numbers of its findings, then a grey line: kind, and
   replicas or shards; with an estimate, a third line with the peak load
   and utilization. */
static const char *node_label(struct build *b, int index) {
  const struct arch_component *c = &b->m->components[index];
  const struct est_component *x = b->E ? &b->E->components[index] : NULL;
  struct text *t = &b->t;
  text_puts(t, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">"
               "<TR><TD><TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"0\">"
               "<TR><TD><B>");
  text_html(t, c->label ? c->label : c->name);
  text_puts(t, "</B></TD>");
  /* Only what the legend explains is numbered; it counts the rest by rule. */
  for (int k = b->first_drawn[index]; k >= 0; k = b->next_drawn[k])
    if (b->number[k] <= LEGEND_FINDINGS) badge(b, b->number[k], b->findings[k].severity);
  /* Grey is too light on a saturated node's red. */
  bool saturated = band_coloured(x) && x->util_peak >= 1;
  text_printf(t, "</TR></TABLE></TD></TR><TR><TD><FONT POINT-SIZE=\"9\" COLOR=\"%s\">",
              ink(b, saturated ? INK : MUTED));
  text_html(t, c->kind ? c->kind->name : "?");
  if (c->label) {
    text_puts(t, " &#183; ");
    text_html(t, c->name);
  }
  double replicas = arch_component_number(c, "replicas", 1);
  double shards = arch_component_number(c, "shards", 1);
  if (shards > 1 && replicas > 1) text_printf(t, " &#183; %.0f shards &#215; %.0f", shards, replicas);
  else if (shards > 1) text_printf(t, " &#183; %.0f shards", shards);
  else if (replicas > 1) text_printf(t, " &#183; &#215;%.0f", replicas);
  double partitions = arch_component_number(c, "partitions", 0);
  if (partitions > 1) text_printf(t, " &#183; %.0f partitions", partitions);
  text_puts(t, "</FONT></TD></TR>");
  if (x && x->peak_reads + x->peak_writes > 0) {
    text_puts(t, "<TR><TD><FONT POINT-SIZE=\"9\" COLOR=\"");
    text_puts(t, ink(b, x->hot_capacity > 0 ? band_of(x->util_peak)->text : MUTED));
    text_puts(t, "\">");
    rate_text(t, x->peak_reads + x->peak_writes);
    if (x->hot_capacity > 0) {
      if (x->util_peak >= 1) text_puts(t, " &#183; <B>saturated</B>");
      else if (x->util_peak < 0.005) text_puts(t, " &#183; &lt;1%");
      else text_printf(t, " &#183; %.0f%%", x->util_peak * 100);
    }
    text_puts(t, "</FONT></TD></TR>");
  }
  text_puts(t, "</TABLE>");
  return text_take(t);
}

/* A collapsed group's figures: the components it stands for, the busiest
   of them (its utilization at peak), and the findings on them. */
struct group_node {
  size_t components, findings;
  int busiest;                      /* a component, or -1 when none has a band */
  enum arch_severity worst;
};

static const char *group_word(enum arch_group_type t) {
  return t == GROUP_REGION ? "region" : t == GROUP_ZONE ? "zone" : "group";
}

/* A collapsed group: bold label and its findings' count, then what it is
   and how many components it holds, then its busiest component. */
static const char *group_label(struct build *b, int g) {
  const struct arch_group *grp = &b->m->groups[g];
  const struct group_node *x = &b->groups[g];
  const struct est_component *busy = x->busiest >= 0 ? &b->E->components[x->busiest] : NULL;
  struct text *t = &b->t;
  char n[32];
  text_puts(t, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">"
               "<TR><TD><B>");
  text_html(t, grp->label ? grp->label : grp->name);
  text_puts(t, "</B></TD></TR>");
  bool saturated = busy && busy->util_peak >= 1;
  text_printf(t, "<TR><TD><FONT POINT-SIZE=\"9\" COLOR=\"%s\">%s &#183; %s component%s",
              ink(b, saturated ? INK : MUTED), group_word(grp->type),
              quantity_grouped((double)x->components, n, sizeof n), x->components == 1 ? "" : "s");
  if (x->findings)
    text_printf(t, " &#183; <FONT COLOR=\"%s\"><B>%s finding%s</B></FONT>",
                ink(b, finding_color(x->worst)), quantity_grouped((double)x->findings, n, sizeof n),
                x->findings == 1 ? "" : "s");
  text_puts(t, "</FONT></TD></TR>");
  if (busy) {
    text_printf(t, "<TR><TD><FONT POINT-SIZE=\"9\" COLOR=\"%s\">busiest ",
                ink(b, band_of(busy->util_peak)->text));
    const struct arch_component *c = &b->m->components[x->busiest];
    text_html(t, c->label ? c->label : c->name);
    if (busy->util_peak >= 1) text_puts(t, " &#183; <B>saturated</B>");
    else if (busy->util_peak < 0.005) text_puts(t, " &#183; &lt;1%");
    else text_printf(t, " &#183; %.0f%%", busy->util_peak * 100);
    text_puts(t, "</FONT></TD></TR>");
  }
  text_puts(t, "</TABLE>");
  return text_take(t);
}

/* A group drawn as one node: a frame's look, filled, coloured by its
   busiest component's band and outlined by its worst finding. */
static void describe_group_node(struct build *b, int g) {
  const struct group_node *x = &b->groups[g];
  struct attr_list *l = &b->l;
  put_attr(l, "label", group_label(b, g), true);
  put(l, "shape", "box");
  put(l, "style", "rounded,filled");
  put(l, "peripheries", "2");   /* a stack of components, not one */
  put(l, "margin", "0.16,0.08");
  if (x->busiest >= 0) {
    const struct band *band = band_of(b->E->components[x->busiest].util_peak);
    put(l, "fillcolor", ink(b, band->fill));
    put(l, "color", ink(b, band->line));
  } else {
    put(l, "fillcolor", ink(b, "#F1F3F4"));
    put(l, "color", ink(b, "#80868B"));
  }
  if (x->findings) put(l, "color", ink(b, finding_color(x->worst)));
  const struct arch_group *grp = &b->m->groups[g];
  put(l, "tooltip", grp->label ? arena_printf(b->t.arena, "%s (%s)", grp->label, grp->path)
                               : grp->path);
}

/* A neighbour outside the view's `only`: its name, muted, dashed. */
static void describe_context_node(struct build *b, int node) {
  struct attr_list *l = &b->l;
  struct text *t = &b->t;
  int nc = (int)b->m->n_components;
  const char *name, *what;
  if (node < nc) {
    const struct arch_component *c = &b->m->components[node];
    name = c->label ? c->label : c->name;
    what = c->kind ? c->kind->name : "?";
    put(l, "shape", word_attr(c, "shape", "box"));
  } else {
    const struct arch_group *g = &b->m->groups[node - nc];
    name = g->label ? g->label : g->name;
    what = group_word(g->type);
    put(l, "shape", "box");
  }
  text_puts(t, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR><TD>");
  text_html(t, name);
  text_puts(t, "</TD></TR><TR><TD><FONT POINT-SIZE=\"9\">");
  text_html(t, what);
  text_puts(t, " &#183; outside this view</FONT></TD></TR></TABLE>");
  put_attr(l, "label", text_take(t), true);
  put(l, "style", node < nc ? "dashed" : "rounded,dashed");
  put(l, "color", ink(b, "#9AA0A6"));
  put(l, "fontcolor", ink(b, MUTED));
}

/* The numbered list of findings under the title. */
static void findings_legend(struct build *b) {
  struct text *t = &b->t;
  size_t shown = 0;
  /* One cell of left-aligned lines: Graphviz stretches nested tables, which
     would pull each number away from its text. */
  text_printf(t, "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\" COLOR=\"%s\">",
              ink(b, INK));
  size_t i = 0;
  for (; i < b->n_findings && shown < LEGEND_FINDINGS; i++) {
    const struct finding *f = &b->findings[i];
    if (!drawn(f)) continue;
    shown++;
    text_printf(t, "%s<FONT COLOR=\"%s\"><B>%zu</B></FONT>  ", shown > 1 ? "<BR ALIGN=\"LEFT\"/>" : "",
                ink(b, finding_color(f->severity)), shown);
    text_html(t, f->message);
    text_printf(t, " <FONT COLOR=\"%s\">[", ink(b, MUTED));
    text_html(t, f->rule->id);
    /* Findings of the same cause are its notes (review.c): counted here,
       listed by archc check. */
    size_t same = 0;
    for (size_t k = 0; k < f->n_notes; k++) same += f->notes[k].rule != NULL;
    if (same) text_printf(t, "] and %zu more of the same cause</FONT>", same);
    else text_puts(t, "]</FONT>");
  }
  if (b->n_drawn > shown) {
    /* By rule: 19,950 of one rule and 3 of another read differently. */
    size_t rest;
    const char *by_rule =
        review_count_by_rule(b->t.arena, b->findings, i, b->n_findings, drawn, &rest);
    char num[48];
    text_printf(t, "<BR ALIGN=\"LEFT\"/><FONT COLOR=\"%s\">and %s more: ", ink(b, MUTED),
                quantity_grouped((double)rest, num, sizeof num));
    text_html(t, by_rule);
    text_puts(t, " (archc check lists them)</FONT>");
  }
  text_puts(t, "<BR ALIGN=\"LEFT\"/></FONT></TD></TR>");
}

/* ---- one flow, step by step (--flow) ---- */

#define FLOW_INK "#1A73E8"
#define FADED "#BDC1C6"
#define FADED_LINE "#DADCE0"

/* Which edges the flow takes, numbered in the order its steps are
   written, and which components it reaches. */
static void flow_index(struct build *b, struct arena *a) {
  const struct arch_model *m = b->m;
  const struct arch_flow *fl = b->flow;
  b->flow_index = (size_t)(fl - m->flows);
  b->step_of = arena_alloc(a, (m->n_edges + 1) * sizeof *b->step_of);
  b->on_path = arena_alloc(a, m->n_components + 1);
  for (size_t k = 0; k < fl->n_from; k++) b->on_path[fl->from[k]] = true;
  for (size_t k = 0; k < fl->n_steps; k++) {
    const struct arch_edge *e = &m->edges[fl->steps[k].edge];
    if (!b->step_of[fl->steps[k].edge]) b->step_of[fl->steps[k].edge] = k + 1;
    b->on_path[e->from] = b->on_path[e->to] = true;
  }
}

/* Under the title: the flow's name and label, its figures, and its steps
   spelt out, so the numbers on the edges read as a sequence. */
static void flow_caption(struct build *b) {
  const struct arch_model *m = b->m;
  const struct arch_flow *fl = b->flow;
  const struct est_flow *x = b->E ? &b->E->flows[b->flow_index] : NULL;
  struct text *t = &b->t;
  char v1[32], v2[32], v3[32];
  text_printf(t, "<TR><TD><FONT POINT-SIZE=\"12\" COLOR=\"%s\"><B>", ink(b, FLOW_INK));
  text_html(t, fl->name);
  text_puts(t, "</B>");
  if (fl->label) {
    text_puts(t, ": ");
    text_html(t, fl->label);
  }
  text_printf(t, " (%s)</FONT></TD></TR>", fl->writes ? "write" : "read");
  if (x) {
    text_printf(t, "<TR><TD><FONT POINT-SIZE=\"9\" COLOR=\"%s\">", ink(b, INK));
    text_printf(t, "%s rps, %s at peak &#183; ", quantity_human(x->rate, v1, sizeof v1),
                quantity_human(x->rate_peak, v2, sizeof v2));
    text_printf(t, "latency %s, %s at peak", quantity_human_seconds(x->latency < INFINITY ? x->latency : -1, v1, sizeof v1),
                quantity_human_seconds(x->latency_peak < INFINITY ? x->latency_peak : -1, v2, sizeof v2));
    if (fl->latency_slo > 0)
      text_printf(t, " (slo %s)", quantity_human_seconds(fl->latency_slo, v3, sizeof v3));
    if (x->bottleneck >= 0) {
      text_puts(t, " &#183; bottleneck ");
      text_html(t, m->components[x->bottleneck].name);
      text_printf(t, " at %s", quantity_human_times(x->headroom, v1, sizeof v1));
    }
    text_printf(t, " &#183; availability %.3f%%</FONT></TD></TR>", x->availability * 100);
  }
  text_printf(t, "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\" COLOR=\"%s\">",
              ink(b, MUTED));
  for (size_t k = 0; k < fl->n_steps; k++) {
    const struct arch_edge *e = &m->edges[fl->steps[k].edge];
    if (k > 0) text_puts(t, k % 4 == 0 ? "<BR ALIGN=\"LEFT\"/>" : " &#160; ");
    text_printf(t, "<FONT COLOR=\"%s\"><B>%zu</B></FONT> ", ink(b, FLOW_INK), k + 1);
    text_html(t, m->components[e->from].name);
    text_puts(t, " &#8594; ");
    text_html(t, m->components[e->to].name);
    if (fl->steps[k].async || arch_edge_async(m, e)) text_puts(t, " (async)");
  }
  text_puts(t, "</FONT></TD></TR>");
}

/* A component off the flow's path: its name only, faded. */
static void flow_node(struct build *b, int i) {
  if (b->on_path[i]) return;
  const struct arch_component *c = &b->m->components[i];
  struct attr_list *l = &b->l;
  text_printf(&b->t, "<FONT COLOR=\"%s\">", ink(b, FADED));
  text_html(&b->t, c->label ? c->label : c->name);
  text_puts(&b->t, "</FONT>");
  put_attr(l, "label", text_take(&b->t), true);
  put(l, "fillcolor", ink(b, "#FFFFFF"));
  put(l, "color", ink(b, FADED_LINE));
  put(l, "penwidth", "1");
}

/* An edge of the path: its step's number and what the flow sends along it
   at peak, in the flow's colour; any other edge faded, without a label. */
static void flow_edge(struct build *b, size_t i) {
  struct attr_list *l = &b->l;
  size_t step = b->step_of[i];
  if (!step) {
    put(l, "color", ink(b, FADED_LINE));
    put(l, "label", "");
    return;
  }
  const struct est_flow *x = b->E ? &b->E->flows[b->flow_index] : NULL;
  struct text *t = &b->t;
  text_printf(t, "<FONT COLOR=\"%s\"> <B>%zu</B>", ink(b, FLOW_INK), step);
  if (x && x->step_rate_peak[step - 1] > 0) {
    text_puts(t, " &#183; ");
    rate_text(t, x->step_rate_peak[step - 1]);
  }
  text_puts(t, " </FONT>");
  put_attr(l, "label", text_take(t), true);
  put(l, "color", ink(b, FLOW_INK));
  put(l, "penwidth", "2.4");
}

/* The graph label: the title, a legend of the bands when some component is
   coloured by one, and the review's findings; NULL when there is none of
   them. */
static const char *graph_label(struct build *b) {
  const struct estimate *E = b->banded ? b->E : NULL;
  if (!b->m->title && !E && !b->n_drawn && !b->flow && !b->view) return NULL;
  struct text *t = &b->t;
  text_puts(t, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">");
  if (b->m->title) {
    text_puts(t, "<TR><TD><FONT POINT-SIZE=\"18\"><B>");
    text_html(t, b->m->title);
    text_puts(t, "</B></FONT></TD></TR>");
  }
  if (b->view) {
    /* Which view this is, and what it leaves out: a reader must not take
       a part for the whole. */
    const struct arch_view *v = b->view;
    text_printf(t, "<TR><TD><FONT POINT-SIZE=\"12\" COLOR=\"%s\"><B>", ink(b, INK));
    text_html(t, v->label ? v->label : v->name);
    text_printf(t, "</B></FONT><FONT POINT-SIZE=\"10\" COLOR=\"%s\"> &#183; ", ink(b, MUTED));
    text_html(t, view_describe(t->arena, b->m, v));
    char n[48];
    text_printf(t, " &#183; %s of %s components</FONT></TD></TR>",
                quantity_grouped((double)b->n_shown, n, sizeof n),
                quantity_grouped((double)b->m->n_components, n + 24, sizeof n - 24));
  }
  if (E) {
    char a[32];
    text_puts(t, "<TR><TD><TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"2\"><TR>"
                 "<TD><FONT POINT-SIZE=\"9\" COLOR=\"");
    text_puts(t, ink(b, MUTED));
    text_puts(t, "\">");
    if (E->closed)
      text_printf(t, "utilization with %s concurrent users", quantity_human(E->users, a, sizeof a));
    else
      text_printf(t, "peak = %g &#215; average &#183; utilization at peak", E->peak_factor);
    text_puts(t, "</FONT></TD>");
    for (int i = 0; i < N_BANDS; i++) {
      text_printf(t, "<TD BGCOLOR=\"%s\" COLOR=\"%s\" BORDER=\"1\" STYLE=\"rounded\">"
                     "<FONT POINT-SIZE=\"9\" COLOR=\"%s\">",
                  ink(b, bands[i].fill), ink(b, bands[i].line), ink(b, bands[i].text));
      band_name(t, i);
      text_puts(t, "</FONT></TD>");
    }
    text_puts(t, "</TR></TABLE></TD></TR>");
  }
  if (b->flow) flow_caption(b);
  if (b->n_drawn) findings_legend(b);
  text_puts(t, "</TABLE>");
  return text_take(t);
}

/* The picture's calls as rows by caller (compressed), for the search below. */
struct calls {
  size_t *first;                    /* node v's callees are callee[first[v]..first[v + 1]) */
  int *callee;
};

/* Longest chain of calls, in edges, by depth-first search with memo;
   an edge back into the search's own path is left out. */
static size_t longest_from(const struct calls *g, int v, size_t *memo, unsigned char *state) {
  if (state[v] == 2) return memo[v];
  if (state[v] == 1) return 0;
  state[v] = 1;
  size_t best = 0;
  for (size_t i = g->first[v]; i < g->first[v + 1]; i++) {
    size_t d = 1 + longest_from(g, g->callee[i], memo, state);
    if (d > best) best = d;
  }
  state[v] = 2;
  return memo[v] = best;
}

/* Left to right suits short chains; long chains read better downwards,
   where a page has room.  Over the picture's own nodes and edges, so a
   view's collapsed chain counts as short. */
static bool top_to_bottom(struct arena *a, const struct diagram_edge *edges, size_t n_edges,
                          size_t n_nodes, int direction) {
  if (direction) return direction == 2;
  if (n_edges > 2000) return true;  /* large designs: skip the search */
  struct calls g = {arena_alloc(a, (n_nodes + 2) * sizeof *g.first),
                    arena_alloc(a, (n_edges + 1) * sizeof *g.callee)};
  for (size_t i = 0; i < n_edges; i++) g.first[edges[i].from + 2]++;
  for (size_t v = 2; v < n_nodes + 2; v++) g.first[v] += g.first[v - 1];
  for (size_t i = 0; i < n_edges; i++) g.callee[g.first[edges[i].from + 1]++] = edges[i].to;
  size_t *memo = arena_alloc(a, (n_nodes + 1) * sizeof *memo);
  unsigned char *state = arena_alloc(a, n_nodes + 1);
  size_t longest = 0;
  for (size_t v = 0; v < n_nodes; v++) {
    size_t d = longest_from(&g, (int)v, memo, state);
    if (d > longest) longest = d;
  }
  return longest > 4;
}

static void describe_graph(struct build *b, struct diagram *d, struct arena *a,
                           const struct output_input *in) {
  struct attr_list *l = &b->l;
  int direction = in->direction ? in->direction : b->view ? b->view->direction : 0;
  put(l, "rankdir", top_to_bottom(a, d->edges, d->n_edges, d->n_nodes, direction) ? "TB" : "LR");
  put(l, "fontname", FONT);
  put(l, "fontcolor", ink(b, INK));
  put(l, "bgcolor", in->transparent ? "transparent" : ink(b, "white"));
  put(l, "pad", "0.3");
  put(l, "nodesep", "0.35");
  put(l, "ranksep", "0.55");
  put(l, "newrank", "true");
  put(l, "compound", "true");
  const char *label = graph_label(b);
  if (label) {
    put_attr(l, "label", label, true);
    put(l, "labelloc", "t");
    put(l, "labeljust", "c");
  }
  d->graph = keep(a, l);
  /* What every node and edge has unless it says otherwise. */
  put(l, "fontcolor", ink(b, INK));
  put(l, "fontname", FONT);
  put(l, "fontsize", "11");
  put(l, "margin", "0.12,0.06");
  put(l, "penwidth", "1.2");
  d->node_defaults = keep(a, l);
  put(l, "arrowsize", "0.7");
  put(l, "color", ink(b, "#80868B"));
  put(l, "fontcolor", ink(b, MUTED));
  put(l, "fontname", FONT);
  put(l, "fontsize", "9");
  put(l, "penwidth", "1.1");
  d->edge_defaults = keep(a, l);
}

static void describe_cluster(struct build *b, const struct arch_group *grp) {
  struct attr_list *l = &b->l;
  text_puts(&b->t, "<B>");
  text_html(&b->t, grp->label ? grp->label : grp->name);
  text_puts(&b->t, "</B>");
  put_attr(l, "label", text_take(&b->t), true);
  put(l, "fontname", FONT);
  put(l, "fontsize", "11");
  put(l, "labeljust", "l");
  put(l, "margin", "14");
  put(l, "penwidth", "1");
  /* Regions solid, zones dashed (a failure domain inside a region), plain
     groups a lighter frame. */
  static const struct { const char *style, *fill, *line, *text; } look[] = {
    [GROUP_REGION] = {"rounded,filled", "#F8F9FA", "#9AA0A6", INK},
    [GROUP_ZONE] = {"rounded,dashed,filled", "#FFFFFF", "#9AA0A6", MUTED},
    [GROUP_GROUP] = {"rounded,filled", "#F1F3F4", "#DADCE0", MUTED},
  };
  put(l, "style", look[grp->type].style);
  put(l, "fillcolor", ink(b, look[grp->type].fill));
  put(l, "color", ink(b, look[grp->type].line));
  put(l, "fontcolor", ink(b, look[grp->type].text));
}

static void describe_node(struct build *b, int i) {
  const struct arch_component *comp = &b->m->components[i];
  const struct est_component *x = b->E ? &b->E->components[i] : NULL;
  struct attr_list *l = &b->l;
  put_attr(l, "label", node_label(b, i), true);
  put(l, "shape", word_attr(comp, "shape", "box"));
  put(l, "style", word_attr(comp, "style", "filled"));
  if (band_coloured(x)) {
    const struct band *band = band_of(x->util_peak);
    put(l, "fillcolor", ink(b, band->fill));
    put(l, "color", ink(b, band->line));
    if (x->util_peak >= 1) put(l, "penwidth", "2.5");
  } else {
    put(l, "fillcolor", ink(b, word_attr(comp, "fill", "#FFFFFF")));
    put(l, "color", ink(b, word_attr(comp, "color", INK)));
  }
  const char *margin = word_attr(comp, "margin", NULL);
  if (margin) put(l, "margin", margin);
  enum arch_severity worst = SEV_OFF;
  for (int k = b->first_drawn[i]; k >= 0; k = b->next_drawn[k])
    if (b->findings[k].severity > worst) worst = b->findings[k].severity;
  if (worst != SEV_OFF) {
    put(l, "color", ink(b, finding_color(worst)));
    put(l, "penwidth", "2.5");
  }
  const char *docs = word_attr(comp, "docs", NULL);
  if (docs) {
    put(l, "URL", docs);
    put(l, "target", "_top");
  }
  const char *tooltip = word_attr(comp, "tooltip", NULL);
  if (tooltip) put(l, "tooltip", tooltip);
  else if (docs) put(l, "tooltip", comp->label ? comp->label : comp->name);
}

/* Dashed when nobody waits; the label, the protocol and the peak load. */
static void describe_edge(struct build *b, size_t i) {
  const struct arch_edge *e = &b->m->edges[i];
  struct text *t = &b->t;
  if (e->async) put(&b->l, "style", "dashed");
  /* A space either side keeps the label off the line. */
  text_puts(t, " ");
  bool any = e->label || e->protocol;
  if (e->label) text_puts(t, e->label);
  if (e->protocol) text_printf(t, e->label ? " (%s)" : "%s", e->protocol);
  double r = b->E ? b->E->edges[i].peak_reads + b->E->edges[i].peak_writes : 0;
  if (r > 0) {
    if (any) text_puts(t, "\n");
    rate_text(t, r);
    any = true;
  }
  if (!any) {
    t->n = 0;
    return;
  }
  text_puts(t, " ");
  put(&b->l, b->edge_label, text_take(t));
}

/* Numbers the findings the picture shows and lists them by component, so
   that each node finds its own without going through them all. */
static void index_findings(struct build *b, struct arena *a) {
  b->first_drawn = arena_alloc(a, b->m->n_components * sizeof *b->first_drawn);
  b->next_drawn = arena_alloc(a, b->n_findings * sizeof *b->next_drawn);
  b->number = arena_alloc(a, b->n_findings * sizeof *b->number);
  for (size_t i = 0; i < b->m->n_components; i++) b->first_drawn[i] = -1;
  for (size_t k = 0; k < b->n_findings; k++)
    if (drawn(&b->findings[k])) b->number[k] = ++b->n_drawn;
  for (size_t k = b->n_findings; k-- > 0;) {
    if (!drawn(&b->findings[k])) continue;
    b->next_drawn[k] = b->first_drawn[b->findings[k].component];
    b->first_drawn[b->findings[k].component] = (int)k;
  }
}

/* The findings a view shows: those on the components it draws (alone or
   in a group), not on what it leaves out or shows only as context. */
static void view_findings(struct build *b, struct arena *a) {
  if (!b->view) return;
  struct finding *kept = arena_alloc(a, (b->n_findings + 1) * sizeof *kept);
  size_t n = 0;
  for (size_t k = 0; k < b->n_findings; k++) {
    int node = b->vm.node_of[b->findings[k].component];
    if (node >= 0 && !b->vm.context[node]) kept[n++] = b->findings[k];
  }
  b->findings = kept;
  b->n_findings = n;
}

/* Each collapsed group's figures, from the components it stands for. */
static void sum_groups(struct build *b, struct arena *a) {
  const struct arch_model *m = b->m;
  int nc = (int)m->n_components;
  b->groups = arena_alloc(a, (m->n_groups + 1) * sizeof *b->groups);
  for (size_t g = 0; g < m->n_groups; g++) b->groups[g].busiest = -1;
  for (int i = 0; i < nc; i++) {
    int node = b->vm.node_of[i];
    if (node < 0 || b->vm.context[node]) continue;
    b->n_shown++;
    if (node < nc) continue;
    struct group_node *x = &b->groups[node - nc];
    x->components++;
    const struct est_component *e = b->E ? &b->E->components[i] : NULL;
    if (band_coloured(e) &&
        (x->busiest < 0 || e->util_peak > b->E->components[x->busiest].util_peak))
      x->busiest = i;
    for (int k = b->first_drawn[i]; k >= 0; k = b->next_drawn[k]) {
      x->findings++;
      if (b->findings[k].severity > x->worst) x->worst = b->findings[k].severity;
    }
  }
}

/* One edge of the picture: a call, or the calls between two nodes merged. */
struct merged {
  int from, to;                     /* nodes of the view */
  size_t first, count;              /* the first call (a model edge), how many */
  size_t back;                      /* of them, calls from `to` to `from` */
  double rate;                      /* their peak rates, summed */
  bool all_async;
};

/* The calls between two nodes, one of them a group, merged into one edge
   in the order they first appear, both ways (a group and another calling
   each other is one edge with two heads); calls between two components
   stay one edge each (they may have labels of their own).  A call inside
   one node is left out, and so is one between two context nodes. */
static struct merged *merge_edges(struct build *b, struct arena *a, size_t *n_out) {
  const struct arch_model *m = b->m;
  const struct view_map *vm = &b->vm;
  int nc = (int)m->n_components;
  struct merged *out = arena_alloc(a, (m->n_edges + 1) * sizeof *out);
  size_t n = 0, cap = 16;
  while (cap < 2 * m->n_edges) cap *= 2;
  /* Open addressing from a (from, to) pair to its merged edge. */
  long *slot = arena_alloc(a, cap * sizeof *slot);
  for (size_t i = 0; i < cap; i++) slot[i] = -1;
  for (size_t i = 0; i < m->n_edges; i++) {
    int from = vm->node_of[m->edges[i].from], to = vm->node_of[m->edges[i].to];
    if (from < 0 || to < 0 || from == to || (vm->context[from] && vm->context[to])) continue;
    double r = b->E ? b->E->edges[i].peak_reads + b->E->edges[i].peak_writes : 0;
    bool async = m->edges[i].async;
    if (from >= nc || to >= nc) {
      int lo = from < to ? from : to, hi = from < to ? to : from;
      unsigned long long key = (unsigned long long)lo << 32 | (unsigned)hi;
      size_t h = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 17) & (cap - 1);
      while (slot[h] >= 0 && !((out[slot[h]].from == lo && out[slot[h]].to == hi) ||
                               (out[slot[h]].from == hi && out[slot[h]].to == lo)))
        h = (h + 1) & (cap - 1);
      if (slot[h] >= 0) {
        struct merged *e = &out[slot[h]];
        e->count++;
        e->back += e->from != from;
        e->rate += r;
        e->all_async &= async;
        continue;
      }
      slot[h] = (long)n;
    }
    out[n++] = (struct merged){from, to, i, 1, 0, r, async};
  }
  /* Drawn in the direction most of the calls take, so the picture flows
     the way requests do. */
  for (size_t i = 0; i < n; i++)
    if (2 * out[i].back > out[i].count) {
      int from = out[i].from;
      out[i].from = out[i].to;
      out[i].to = from;
      out[i].back = out[i].count - out[i].back;
    }
  *n_out = n;
  return out;
}

/* Several calls as one edge: how many, and their summed peak rate; dashed
   when nobody waits for any of them, wider the more there are. */
static void describe_merged(struct build *b, const struct merged *e) {
  struct text *t = &b->t;
  if (e->all_async) put(&b->l, "style", "dashed");
  char n[32];
  text_printf(t, " %s calls%s ", quantity_grouped((double)e->count, n, sizeof n),
              e->back ? " both ways" : "");
  if (e->back) put(&b->l, "dir", "both");
  if (e->rate > 0) {
    text_puts(t, "\n ");
    rate_text(t, e->rate);
    text_puts(t, " ");
  }
  put(&b->l, b->edge_label, text_take(t));
  double width = 1.1 + 0.45 * log2((double)e->count);
  put(&b->l, "penwidth", arena_printf(b->t.arena, "%.1f", width > 3.5 ? 3.5 : width));
}

/* Pairs of nodes, hashed: whether an edge goes from one to the other. */
struct pairs {
  unsigned long long *keys;         /* from << 32 | to, plus one; 0 is free */
  size_t mask;
};

static size_t pair_slot(const struct pairs *p, unsigned long long key) {
  size_t h = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 17) & p->mask;
  while (p->keys[h] && p->keys[h] != key) h = (h + 1) & p->mask;
  return h;
}

static unsigned long long pair_key(int from, int to) {
  return ((unsigned long long)from << 32 | (unsigned)to) + 1;
}

/* The rank distance of each edge (its minlen; 0: Graphviz's default):
   the edges of a large fan-out into nodes that call nobody but their own
   callers take 1, 2, ..., about the square root of the fan-out, in turn,
   so those targets form a block of that many ranks, not one long column
   (as Graphviz's unflatten does for leaves).  A target keeps the distance
   its first caller gave it, so callers side by side agree. */
static int *stagger(struct arena *a, const struct merged *e, size_t n_edges, size_t n_nodes) {
  int *minlen = arena_alloc(a, (n_edges + 1) * sizeof *minlen);
  struct pairs p = {NULL, 15};
  while (p.mask + 1 < 2 * n_edges) p.mask = 2 * p.mask + 1;
  p.keys = arena_alloc(a, (p.mask + 1) * sizeof *p.keys);
  for (size_t i = 0; i < n_edges; i++) {
    unsigned long long key = pair_key(e[i].from, e[i].to);
    p.keys[pair_slot(&p, key)] = key;
  }
  /* A node is "settled" when each node it calls also calls it. */
  bool *unsettled = arena_alloc(a, n_nodes + 1);
  for (size_t i = 0; i < n_edges; i++)
    if (!p.keys[pair_slot(&p, pair_key(e[i].to, e[i].from))]) unsettled[e[i].from] = true;
  size_t *fanout = arena_alloc(a, (n_nodes + 1) * sizeof *fanout);
  int *given = arena_alloc(a, (n_nodes + 1) * sizeof *given);
  size_t *turn = arena_alloc(a, (n_nodes + 1) * sizeof *turn);
  for (size_t i = 0; i < n_edges; i++) fanout[e[i].from] += !unsettled[e[i].to];
  for (size_t i = 0; i < n_edges; i++) {
    int from = e[i].from, to = e[i].to;
    if (unsettled[to] || fanout[from] < STAGGER_FANOUT) continue;
    if (!given[to]) {
      int spread = (int)ceil(sqrt((double)fanout[from]));
      given[to] = 1 + (int)(turn[from]++ % (size_t)spread);
    }
    minlen[i] = given[to];
  }
  return minlen;
}

const struct diagram *diagram_build(archc *c, const struct output_input *in) {
  struct arena *a = &c->arena;
  const struct arch_model *m = in->model;
  struct build b = {.m = m, .E = in->plain ? NULL : in->estimate, .t = {a, NULL, 0, 0},
                    .dark = in->theme == ARCHC_THEME_DARK, .flow = in->flow, .view = in->view};
  if (b.flow) flow_index(&b, a);
  view_apply(a, m, in->view, &b.vm);
  /* A step-through shows one request: the review's badges would be noise. */
  if (in->review && !in->plain && !in->flow) {
    b.findings = in->review->findings;
    b.n_findings = in->review->n_findings;
  }
  view_findings(&b, a);
  index_findings(&b, a);
  sum_groups(&b, a);
  int nc = (int)m->n_components;
  for (int i = 0; b.E && i < nc; i++) {
    int node = b.vm.node_of[i];
    if (node >= 0 && !b.vm.context[node] && band_coloured(&b.E->components[i])) b.banded = true;
  }
  struct diagram *d = arena_alloc(a, sizeof *d);
  d->name = "arch";

  /* Frames, in the model's order; a frame's enclosing group is a frame. */
  int *cluster_of = arena_alloc(a, (m->n_groups + 1) * sizeof *cluster_of);
  struct diagram_cluster *clusters = arena_alloc(a, (m->n_groups + 1) * sizeof *clusters);
  size_t n_clusters = 0;
  for (size_t i = 0; i < m->n_groups; i++) {
    const struct arch_group *grp = &m->groups[i];
    cluster_of[i] = -1;
    if (!b.vm.frame[i]) continue;
    cluster_of[i] = (int)n_clusters;
    clusters[n_clusters].name = arena_printf(a, "cluster_%s", grp->path);
    clusters[n_clusters].parent = grp->parent >= 0 ? cluster_of[grp->parent] : -1;
    describe_cluster(&b, grp);
    clusters[n_clusters++].attrs = keep(a, &b.l);
  }
  /* Nodes in the order their first component comes. */
  int *index = arena_alloc(a, (b.vm.n_nodes + 1) * sizeof *index);
  for (size_t i = 0; i < b.vm.n_nodes; i++) index[i] = -1;
  struct diagram_node *nodes = arena_alloc(a, (b.vm.drawn + 1) * sizeof *nodes);
  size_t n_nodes = 0;
  for (int i = 0; i < nc; i++) {
    int node = b.vm.node_of[i];
    if (node < 0 || index[node] >= 0) continue;
    index[node] = (int)n_nodes;
    struct diagram_node *dn = &nodes[n_nodes++];
    int group = node < nc ? m->components[node].group : m->groups[node - nc].parent;
    dn->name = node < nc ? m->components[node].path : m->groups[node - nc].path;
    dn->cluster = group >= 0 ? cluster_of[group] : -1;
    if (b.vm.context[node]) describe_context_node(&b, node);
    else if (node < nc) describe_node(&b, node);
    else describe_group_node(&b, node - nc);
    if (b.flow && node < nc && !b.vm.context[node]) flow_node(&b, node);
    dn->attrs = keep(a, &b.l);
  }
  size_t n_edges;
  struct merged *merged = merge_edges(&b, a, &n_edges);
  b.edge_label = n_edges > LARGE_EDGES ? "xlabel" : "label";
  int *minlen = stagger(a, merged, n_edges, b.vm.n_nodes);
  struct diagram_edge *edges = arena_alloc(a, (n_edges + 1) * sizeof *edges);
  for (size_t i = 0; i < n_edges; i++) {
    const struct merged *e = &merged[i];
    edges[i].from = index[e->from];
    edges[i].to = index[e->to];
    if (e->count > 1) describe_merged(&b, e);
    else describe_edge(&b, e->first);
    if (b.flow && e->count == 1) flow_edge(&b, e->first);
    if (minlen[i] > 1) put(&b.l, "minlen", arena_printf(a, "%d", minlen[i]));
    if (b.vm.context[e->from] || b.vm.context[e->to]) put(&b.l, "color", ink(&b, "#BDC1C6"));
    edges[i].attrs = keep(a, &b.l);
  }
  d->clusters = clusters;
  d->n_clusters = n_clusters;
  d->nodes = nodes;
  d->n_nodes = n_nodes;
  d->edges = edges;
  d->n_edges = n_edges;
  describe_graph(&b, d, a, in);
  return d;
}
