/*
 * pages.c - the design review as a PDF (archc report; docs/report.md):
 *
 *   1. Summary      the diagram, drawn by Graphviz onto the page (gv.c),
 *                   and the headline figures
 *   2. Capacity     the component table with utilization bars, what
 *                   breaks first, and the declared flows' table
 *   3. Latency      response time against load, per component (the M/M/c
 *                   curve of est_mmc_response) and per client, or per
 *                   declared flow (the estimate itself, run again at each
 *                   load)
 *   4. Storage      growth over the retention per store, and bandwidth
 *   5. Findings     numbered as on the diagram
 *   6. Failures     each zone, region and single point of failure lost
 *
 * Every figure comes from the estimate, the review and the what-if
 * machinery (failure_effect) and is written with quantity.c, so it reads
 * as `archc estimate` and `archc check --fail` print it.  Pages are drawn
 * through canvas.h and charts through chart.h; this file never sees Cairo.
 * The charts are kept (in the arena) so that --charts can write each one
 * alone afterwards.
 */
#include "output.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyze.h"
#include "canvas.h"
#include "chart.h"
#include "estimate.h"
#include "quantity.h"
#include "review.h"

#define INK 0x202124u
#define TEXT 0x3C4043u
#define MUTED 0x5F6368u
#define RULE 0xDADCE0u
#define SHADE 0xF8F9FAu
#define ACCENT 0x1A73E8u
#define ERROR_INK 0xD93025u
#define WARNING_INK 0xB06000u
#define NOTE_INK 0x5F6368u

/* The utilization bands' line colours, as the diagram draws them. */
static uint32_t band_color(double util) {
  return util >= 1 ? 0xA50E0Eu : util > UTIL_HOT ? 0xD93025u : util >= UTIL_BUSY ? 0xE37400u
                                                                              : 0x1E8E3Eu;
}

/* Series colours: distinguishable, and none of them a band's. */
static const uint32_t palette[] = {0x1A73E8u, 0x9334E6u, 0x12B5CBu, 0xE8710Au,
                                   0x5F6368u, 0xF538A0u, 0x188038u, 0x8D6E63u};
#define PALETTE(i) palette[(i) % (sizeof palette / sizeof palette[0])]

/* Past these, a section shows the most telling part and says how much is
   left out (archc estimate and archc check list everything). */
enum {
  MAX_TABLE_ROWS = 60,     /* the capacity table: the tightest components */
  MAX_HEADROOM_BARS = 15,
  MAX_CLIENT_CHARTS = 6,
  MAX_STORES = 7,          /* stacked; the rest as one band */
  MAX_FINDINGS = 200,
  MAX_FAILURES = 40,       /* zones and regions, and again SPOFs */
  /* Past this many components the diagram is not drawn on the summary:
     shrunk to a page it would be a grey strip (1,000 components come out
     at 1% of their size), and its layout would be most of the report's
     time.  Below it, a diagram drawn smaller than MIN_DIAGRAM_SCALE is
     left out too. */
  MAX_DIAGRAM_COMPONENTS = 150
};
#define MIN_DIAGRAM_SCALE 0.12

struct report {
  archc *c;
  const struct arch_model *m;
  const struct estimate *E;
  const struct review *R;
  const struct output_input *in;
  const struct pages_options *o;
  struct canvas *k;
  double pw, ph, margin, cw;  /* page size, margin, content width */
  double y;                   /* where the next thing goes */
  int page;
  const char *section;
  const char *title;
  struct chart *charts;       /* every chart drawn, for --charts */
  size_t n_charts, cap_charts;
};

static char *fmt(struct report *r, const char *f, ...) __attribute__((format(printf, 2, 3)));
static char *fmt(struct report *r, const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  char small[256];
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(small, sizeof small, f, copy);
  va_end(copy);
  char *s = arena_alloc(&r->c->arena, (size_t)(n > 0 ? n : 0) + 1);
  vsnprintf(s, (size_t)(n > 0 ? n : 0) + 1, f, ap);
  va_end(ap);
  return s;
}

/* Numbers as the estimate's tables write them, each in its own buffer. */
#define H(v) quantity_human((v), (char[32]){0}, 32)
#define HC(v) quantity_human_count((v), (char[32]){0}, 32)
#define HS(v) quantity_human_seconds((v), (char[32]){0}, 32)
#define HB(v) quantity_human_bytes((v), (char[32]){0}, 32)
#define HP(v) quantity_human_percent((v), (char[32]){0}, 32)
#define HT(v) quantity_human_times((v), (char[32]){0}, 32)
#define HG(v) quantity_grouped((v), (char[32]){0}, 32)

/* ---- pages ---- */

static double bottom_of(const struct report *r) { return r->ph - r->margin - 14; }

static void page_footer(struct report *r) {
  canvas_line(r->k, r->margin, r->ph - r->margin + 2, r->pw - r->margin, r->ph - r->margin + 2,
              RULE, 0.5, false);
  canvas_text(r->k, r->margin, r->ph - r->margin + 6, r->cw * 0.7,
              fmt(r, "%s \xC2\xB7 design review by archc", r->title), 7, MUTED, CANVAS_ONE_LINE);
  canvas_text(r->k, r->pw - r->margin, r->ph - r->margin + 6, 0, fmt(r, "page %d", r->page), 7,
              MUTED, CANVAS_RIGHT);
}

/* A new page for `section` (its title, "continued" after the first). */
static void page_new(struct report *r, const char *section, bool continued) {
  if (r->page > 0) canvas_next_page(r->k);
  r->page++;
  r->section = section;
  page_footer(r);
  r->y = r->margin;
  const char *head = continued ? fmt(r, "%s (continued)", section) : section;
  r->y += canvas_text(r->k, r->margin, r->y, r->cw, head, continued ? 12 : 16, INK, CANVAS_BOLD);
  r->y += continued ? 6 : 8;
}

/* Room for h more points on this page, or the section goes on on the next. */
static bool page_room(struct report *r, double h) {
  if (r->y + h <= bottom_of(r)) return false;
  page_new(r, r->section, true);
  return true;
}

static double paragraph(struct report *r, const char *text, double size, uint32_t color, int flags) {
  double h;
  canvas_measure(r->k, text, size, flags, r->cw, NULL, &h);
  page_room(r, h);
  canvas_text(r->k, r->margin, r->y, r->cw, text, size, color, flags);
  r->y += h;
  return h;
}

/* A heading kept on the page with the `need` points that follow it. */
static void subheading(struct report *r, const char *text, double need) {
  page_room(r, 24 + need);
  r->y += 6;
  r->y += canvas_text(r->k, r->margin, r->y, r->cw, text, 10.5, INK, CANVAS_BOLD) + 3;
}

static struct chart *chart_keep(struct report *r, const struct chart *ch) {
  if (r->n_charts == r->cap_charts) {
    size_t cap = r->cap_charts ? 2 * r->cap_charts : 16;
    r->charts = arena_grow(&r->c->arena, r->charts, r->n_charts, cap, sizeof *r->charts);
    r->cap_charts = cap;
  }
  r->charts[r->n_charts] = *ch;
  return &r->charts[r->n_charts++];
}

/* A chart drawn at the cursor, kept for --charts. */
static void chart_place(struct report *r, const struct chart *ch, double x, double w, double h) {
  chart_keep(r, ch);
  chart_draw(r->k, ch, x, r->y, w, h);
}

static const char *path_of(const struct report *r, int v) { return r->m->components[v].path; }

static const char *kind_of(const struct report *r, int v) {
  const struct arch_kind *k = r->m->components[v].kind;
  return k ? k->name : "";
}

/* Whether anything is loaded: a workload, or a client with its own rps. */
static bool has_load(const struct report *r) {
  for (size_t v = 0; v < r->m->n_components; v++)
    if (r->E->components[v].peak_reads + r->E->components[v].peak_writes > 0) return true;
  return false;
}

/* ---- 1. Summary ---- */

static void summary_diagram(struct report *r, double box_h) {
  const char *alone = "archc FILE -o FILE.svg draws it alone, or -T dot for other layout tools.";
  if (r->m->n_components > MAX_DIAGRAM_COMPONENTS) {
    paragraph(r, fmt(r, "The diagram is left out: %s components are too many to read on one page. %s",
                     HG((double)r->m->n_components), alone), 8.5, MUTED, CANVAS_ITALIC);
    r->y += 6;
    return;
  }
  double w, h;
  struct gv_picture *p = gv_picture_new(r->c, r->in, &w, &h);
  if (!p) {
    paragraph(r, "The diagram could not be drawn (see the error above).", 9, ERROR_INK, 0);
    return;
  }
  double s = fmin(fmin(r->cw / w, box_h / h), 1.0);
  if (s < MIN_DIAGRAM_SCALE) {
    gv_picture_free(p);
    paragraph(r, fmt(r, "The diagram is left out: it would be drawn at %.0f%% of its size to fit "
                        "the page. %s", s * 100, alone), 8.5, MUTED, CANVAS_ITALIC);
    r->y += 6;
    return;
  }
  double x = r->margin + (r->cw - w * s) / 2;
  canvas_save(r->k);
  canvas_translate(r->k, x, r->y);
  canvas_scale(r->k, s);
  int drawn = gv_picture_draw(r->c, p, canvas_native(r->k));
  canvas_restore(r->k);
  gv_picture_free(p);
  if (drawn != ARCHC_OK) {
    paragraph(r, "The diagram could not be drawn (see the error above).", 9, ERROR_INK, 0);
    return;
  }
  r->y += h * s + 14;
  if (s < 0.4)
    paragraph(r, fmt(r, "The diagram is drawn at %.0f%% of its size to fit the page; zoom in "
                        "to read it, or draw it alone with archc -T svg.", s * 100),
              7.5, MUTED, CANVAS_ITALIC);
}

/* One headline: a bold label, then its text beside it. */
static void headline(struct report *r, const char *label, const char *text, uint32_t color) {
  const double lw = 92, size = 9;
  double h;
  canvas_measure(r->k, text, size, 0, r->cw - lw, NULL, &h);
  page_room(r, h + 3);
  canvas_text(r->k, r->margin, r->y, lw - 6, label, size, INK, CANVAS_BOLD);
  canvas_text(r->k, r->margin + lw, r->y, r->cw - lw, text, size, color, 0);
  r->y += h + 4;
}

static const char *first_to_break(struct report *r, uint32_t *color) {
  const struct estimate *E = r->E;
  *color = TEXT;
  if (!E->n_ranked) return "nothing has both a capacity and load";
  int v = E->by_headroom[0];
  const struct est_component *x = &E->components[v];
  *color = band_color(x->util_peak);
  if (x->util_peak >= 1)
    return fmt(r, "%s (%s) is saturated today: its peak load is %s of its capacity "
                  "(%s/s against %s/s)", path_of(r, v), kind_of(r, v), HP(x->util_peak),
               H(x->hot_load), H(x->hot_capacity));
  return fmt(r, "%s (%s), at %s today's peak; %s utilized at peak (%s/s of %s/s)", path_of(r, v),
             kind_of(r, v), HT(x->headroom), HP(x->util_peak), H(x->hot_load), H(x->hot_capacity));
}

static const char *client_latency(struct report *r, const struct est_client *cl) {
  const struct est_component *x = &r->E->components[cl->component];
  bool reads = x->reads > 0 || cl->read_latency != 0, writes = x->writes > 0;
  const char *rd = fmt(r, "reads %s (at peak %s)", HS(cl->read_latency), HS(cl->read_latency_peak));
  const char *wr = fmt(r, "writes %s (at peak %s)", HS(cl->write_latency), HS(cl->write_latency_peak));
  return reads && writes ? fmt(r, "%s, %s", rd, wr) : writes ? wr : rd;
}

/* Flows are shown only when the design declares them: the implicit
   reads and writes of a design without any are its clients' figures. */
static bool declared_flows(const struct report *r) {
  return r->E->n_flows > 0 && r->m->n_flows == r->E->n_flows && !r->m->flows[0].implicit;
}

static const char *flow_latency(struct report *r, size_t i) {
  const struct est_flow *f = &r->E->flows[i];
  const struct arch_flow *mf = &r->m->flows[i];
  const char *t = fmt(r, "%s: average %s (at peak %s)", mf->name, HS(f->latency), HS(f->latency_peak));
  if (mf->latency_slo > 0)
    t = fmt(r, "%s; target %s%s", t, HS(mf->latency_slo),
            !(f->latency_peak <= mf->latency_slo) ? ", missed at peak" : "");
  return t;
}

static void section_summary(struct report *r) {
  r->page++;
  page_footer(r);
  r->section = "Summary";
  r->y = r->margin;
  r->y += canvas_text(r->k, r->margin, r->y, r->cw, r->title, 20, INK, CANVAS_BOLD);
  r->y += canvas_text(r->k, r->margin, r->y + 2, r->cw,
                      r->o->what_if ? fmt(r, "Design review by archc \xC2\xB7 what-if: %s", r->o->what_if)
                                    : "Design review by archc, as designed",
                      9, MUTED, 0) + 8;
  canvas_text(r->k, r->margin, r->y, r->cw, "Summary", 16, INK, CANVAS_BOLD);
  r->y += 24;
  /* The diagram takes what the headlines leave: about a line each, two
     for the first to break, one per client (or flow) up to nine. */
  size_t rows = declared_flows(r) ? r->E->n_flows : r->E->n_clients;
  size_t lines = 7 + (rows < 9 ? rows : 9);
  summary_diagram(r, bottom_of(r) - r->y - 14.5 * (double)lines - 30);
  r->y += 6;

  const struct estimate *E = r->E;
  if (!has_load(r)) {
    headline(r, "Traffic", "the design has no workload (and no client with rps): there are no "
                           "load figures", MUTED);
  } else {
    /* What the clients send: the workload's rates, and a client's own rps. */
    double in = 0, reads = 0, writes = 0;
    for (size_t i = 0; i < E->n_clients; i++) {
      const struct est_component *x = &E->components[E->clients[i].component];
      in += x->reads + x->writes;
      reads += x->peak_reads, writes += x->peak_writes;
    }
    headline(r, "Peak traffic",
             fmt(r, "%s requests/s (reads %s/s, writes %s/s); on average %s/s, peak = average x %s",
                 H(reads + writes), H(reads), H(writes), H(in), H(E->peak_factor)), TEXT);
    uint32_t color;
    const char *first = first_to_break(r, &color);
    headline(r, "First to break", first, color);
    size_t shown = 0;
    if (declared_flows(r)) {
      for (size_t i = 0; i < E->n_flows; i++) {
        if (shown == 8) {
          headline(r, "", fmt(r, "and %zu more flows (page Latency under load)", E->n_flows - i),
                   MUTED);
          break;
        }
        headline(r, shown ? "" : "Latency per flow", flow_latency(r, i), TEXT);
        shown++;
      }
    }
    for (size_t i = 0; i < E->n_clients && !declared_flows(r); i++) {
      const struct est_client *cl = &E->clients[i];
      if (shown == 8) {
        headline(r, "", fmt(r, "and %zu more clients (page Latency under load)", E->n_clients - i),
                 MUTED);
        break;
      }
      headline(r, shown ? "" : "Latency per client",
               fmt(r, "%s: %s", path_of(r, cl->component), client_latency(r, cl)), TEXT);
      shown++;
    }
    if (E->bytes_per_year > 0)
      headline(r, "Storage", fmt(r, "%s written a year, before replication; bandwidth at peak "
                                    "%s/s in, %s/s out", HB(E->bytes_per_year),
                                 HB(E->bytes_in_per_s * E->peak_factor),
                                 HB(E->bytes_out_per_s * E->peak_factor)), TEXT);
  }
  size_t count[4] = {0};
  for (size_t i = 0; i < r->R->n_findings; i++) count[r->R->findings[i].severity]++;
  headline(r, "Findings",
           r->R->n_findings == 0 ? "none: every rule passes"
                                 : fmt(r, "%zu error%s, %zu warning%s, %zu note%s (page Findings)",
                                       count[SEV_ERROR], count[SEV_ERROR] == 1 ? "" : "s",
                                       count[SEV_WARNING], count[SEV_WARNING] == 1 ? "" : "s",
                                       count[SEV_NOTE], count[SEV_NOTE] == 1 ? "" : "s"),
           count[SEV_ERROR] ? ERROR_INK : count[SEV_WARNING] ? WARNING_INK : TEXT);
}

/* ---- 2. Capacity ---- */

struct column {
  const char *head;
  double width;
  bool right;
};

static const struct column columns[] = {
  {"component", 0.22, false}, {"kind", 0.11, false},   {"load avg", 0.085, true},
  {"load peak", 0.085, true}, {"capacity", 0.085, true}, {"utilization at peak", 0.165, false},
  {"headroom", 0.075, true},  {"latency", 0.085, true},  {"at peak", 0.085, true},
};
enum { N_COLUMNS = sizeof columns / sizeof columns[0], UTIL_COLUMN = 5 };

static void table_head(struct report *r, const double *x) {
  for (size_t i = 0; i < N_COLUMNS; i++) {
    double w = columns[i].width * r->cw - 4;
    canvas_text(r->k, x[i], r->y, w, columns[i].head, 7, MUTED,
                CANVAS_BOLD | CANVAS_ONE_LINE | (columns[i].right ? CANVAS_RIGHT : 0));
  }
  r->y += 11;
  canvas_line(r->k, r->margin, r->y, r->margin + r->cw, r->y, RULE, 0.6, false);
  r->y += 2;
}

static void table_row(struct report *r, const double *x, int v, bool shaded) {
  const double row = 11.5, size = 7.2;
  if (page_room(r, row)) table_head(r, x);
  const struct est_component *e = &r->E->components[v];
  if (shaded) canvas_rect(r->k, r->margin, r->y, r->cw, row, SHADE, CANVAS_NONE, 0);
  bool cap = e->hot_capacity > 0;
  bool load = e->peak_reads + e->peak_writes > 0;
  const char *cells[N_COLUMNS] = {
    path_of(r, v), kind_of(r, v),
    load ? fmt(r, "%s/s", H(e->reads + e->writes)) : "-",
    load ? fmt(r, "%s/s", H(e->peak_reads + e->peak_writes)) : "-",
    cap ? fmt(r, "%s/s", H(e->hot_capacity)) : "-",
    NULL,
    cap && e->headroom > 0 ? HT(e->headroom) : "-",
    cap || e->latency > 0 ? HS(e->resp) : "-",
    cap || e->latency > 0 ? HS(e->resp_peak) : "-"};
  double yc = r->y + row / 2;
  for (size_t i = 0; i < N_COLUMNS; i++) {
    double w = columns[i].width * r->cw - 4;
    if (i == UTIL_COLUMN) {
      if (!cap || !load) {
        canvas_text(r->k, x[i], yc, w, "-", size, TEXT, CANVAS_MIDDLE);
        continue;
      }
      double bw = w * 0.55, u = e->util_peak;
      uint32_t color = band_color(u);
      canvas_rect(r->k, x[i], yc - 3.5, bw, 7, 0xEEF0F2u, CANVAS_NONE, 0);
      canvas_rect(r->k, x[i], yc - 3.5, bw * fmin(u, 1), 7, color, CANVAS_NONE, 0);
      canvas_text(r->k, x[i] + bw + 4, yc, w - bw - 4, HP(u), size, color,
                  CANVAS_BOLD | CANVAS_MIDDLE | CANVAS_ONE_LINE);
      continue;
    }
    uint32_t color = i == 0 ? INK : TEXT;
    if ((i == 7 || i == 8) && cells[i][0] == 's') color = band_color(1);
    canvas_text(r->k, x[i], yc, w, cells[i], size, color,
                CANVAS_MIDDLE | CANVAS_ONE_LINE | (columns[i].right ? CANVAS_RIGHT : 0));
  }
  r->y += row;
}

static void headroom_chart(struct report *r) {
  const struct estimate *E = r->E;
  size_t n = E->n_ranked < MAX_HEADROOM_BARS ? E->n_ranked : MAX_HEADROOM_BARS;
  if (!n) return;
  struct chart_bar *bars = arena_alloc(&r->c->arena, n * sizeof *bars);
  double lo = INFINITY, hi = 0;
  for (size_t i = 0; i < n; i++) {
    int v = E->by_headroom[i];
    const struct est_component *x = &E->components[v];
    bars[i] = (struct chart_bar){path_of(r, v), x->headroom, band_color(x->util_peak),
                                 HT(x->headroom)};
    bars[i].text = arena_strdup(&r->c->arena, bars[i].text);
    lo = fmin(lo, x->headroom);
    hi = fmax(hi, x->headroom);
  }
  double min = pow(10, floor(log10(fmin(lo, 1) * 0.8))), max = pow(10, ceil(log10(fmax(hi, 10) * 1.05)));
  struct chart_rule *one = arena_alloc(&r->c->arena, sizeof *one);
  *one = (struct chart_rule){1, true, "1x: today's peak", ERROR_INK};
  struct chart ch = {
    .name = "headroom", .title = "What breaks first: headroom, as a multiple of today's peak",
    .type = CHART_BARS, .x = {"multiple of today's peak load at which it saturates (log scale)",
                              CHART_TIMES, min, max, true},
    .rules = one, .n_rules = 1, .bars = bars, .n_bars = n,
    .note = E->n_ranked > n ? fmt(r, "The %zu tightest of %zu components with a capacity.", n,
                                  E->n_ranked)
                            : NULL};
  double h = chart_bars_height(n) + (ch.note ? 10 : 0);
  page_room(r, h + 8);
  r->y += 6;
  chart_place(r, &ch, r->margin, r->cw, h);
  r->y += h;
}

/* The declared flows, as archc estimate's Flows table has them. */
static const struct column flow_columns[] = {
  {"flow", 0.17, false},     {"rate avg", 0.08, true},  {"rate peak", 0.08, true},
  {"latency", 0.08, true},   {"at peak", 0.08, true},   {"target", 0.08, true},
  {"bottleneck", 0.22, false}, {"headroom", 0.09, true}, {"availability", 0.12, true},
};
enum { N_FLOW_COLUMNS = sizeof flow_columns / sizeof flow_columns[0] };

/* An availability as archc estimate prints it, kept in the report's arena. */
static const char *nines(struct report *r, double a) {
  char buf[48];
  return fmt(r, "%s", quantity_nines(a, buf, sizeof buf));
}

static void flow_head(struct report *r, const double *x) {
  for (size_t i = 0; i < N_FLOW_COLUMNS; i++)
    canvas_text(r->k, x[i], r->y, flow_columns[i].width * r->cw - 4, flow_columns[i].head, 7,
                MUTED, CANVAS_BOLD | CANVAS_ONE_LINE | (flow_columns[i].right ? CANVAS_RIGHT : 0));
  r->y += 11;
  canvas_line(r->k, r->margin, r->y, r->margin + r->cw, r->y, RULE, 0.6, false);
  r->y += 2;
}

static void flow_table(struct report *r) {
  const struct estimate *E = r->E;
  if (!declared_flows(r)) return;
  const double row = 11.5, size = 7.2;
  subheading(r, "Flows: each kind of request, end to end", 40 + row * (double)E->n_flows);
  double x[N_FLOW_COLUMNS], at = r->margin;
  for (size_t i = 0; i < N_FLOW_COLUMNS; i++) {
    /* Text that starts right after a right-aligned figure would touch it. */
    bool after_figure = i > 0 && !flow_columns[i].right && flow_columns[i - 1].right;
    x[i] = at + (after_figure ? 10 : 0);
    at += flow_columns[i].width * r->cw;
  }
  flow_head(r, x);
  for (size_t i = 0; i < E->n_flows; i++) {
    if (page_room(r, row)) flow_head(r, x);
    const struct est_flow *f = &E->flows[i];
    const struct arch_flow *mf = &r->m->flows[i];
    if (i % 2 == 1) canvas_rect(r->k, r->margin, r->y, r->cw, row, SHADE, CANVAS_NONE, 0);
    bool missed = mf->latency_slo > 0 && !(f->latency_peak <= mf->latency_slo);
    uint32_t hc = f->bottleneck < 0 || !(f->headroom > 0) ? TEXT
                  : f->headroom < 1                       ? band_color(1)
                                                          : band_color(1 / f->headroom);
    const char *cells[N_FLOW_COLUMNS] = {
      mf->name, fmt(r, "%s/s", H(f->rate)), fmt(r, "%s/s", H(f->rate_peak)),
      isfinite(f->latency) ? HS(f->latency) : "saturated",
      isfinite(f->latency_peak) ? HS(f->latency_peak) : "saturated",
      mf->latency_slo > 0 ? HS(mf->latency_slo) : "-",
      f->bottleneck >= 0 ? path_of(r, f->bottleneck) : "-",
      f->bottleneck >= 0 && f->headroom > 0 ? HT(f->headroom) : "-", nines(r, f->availability)};
    const uint32_t ink[N_FLOW_COLUMNS] = {TEXT, TEXT, TEXT, TEXT, missed ? ERROR_INK : TEXT,
                                          TEXT, TEXT, hc, TEXT};
    for (size_t c = 0; c < N_FLOW_COLUMNS; c++)
      canvas_text(r->k, x[c], r->y + row / 2, flow_columns[c].width * r->cw - 4, cells[c], size,
                  ink[c], CANVAS_MIDDLE | CANVAS_ONE_LINE | (flow_columns[c].right ? CANVAS_RIGHT : 0) |
                              (c == 0 || ink[c] != TEXT ? CANVAS_BOLD : 0));
    r->y += row;
  }
  r->y += 3;
  paragraph(r, "Latency is the mean end to end along the flow's synchronous path; the target is "
               "its latency_slo, met or missed at peak (red). The bottleneck is the component on "
               "its path with the least headroom, asynchronous steps included.",
            7.5, MUTED, CANVAS_ITALIC);
}

static void section_capacity(struct report *r) {
  page_new(r, "Capacity", false);
  const struct estimate *E = r->E;
  size_t n = r->m->n_components;
  if (!has_load(r)) {
    paragraph(r, "The design has no workload (and no client with rps), so there is no load to "
                 "set against the capacities.", 9, MUTED, 0);
    return;
  }
  paragraph(r, fmt(r, "Load and capacity at average and at peak (x %s). Utilization is the busiest "
                      "replica's load over what it can serve; the bar is green under %s, amber to "
                      "%s, red beyond, dark red when saturated. Headroom is the multiple of today's "
                      "peak at which it saturates.", H(E->peak_factor), HP(UTIL_BUSY), HP(UTIL_HOT)),
            8, TEXT, 0);
  r->y += 6;
  double x[N_COLUMNS], at = r->margin;
  for (size_t i = 0; i < N_COLUMNS; i++) {
    x[i] = at;
    at += columns[i].width * r->cw;
  }
  page_room(r, 40);
  table_head(r, x);
  if (n <= MAX_TABLE_ROWS) {
    for (size_t v = 0; v < n; v++) table_row(r, x, (int)v, v % 2 == 1);
  } else {
    size_t shown = E->n_ranked < MAX_TABLE_ROWS ? E->n_ranked : MAX_TABLE_ROWS;
    for (size_t i = 0; i < shown; i++) table_row(r, x, E->by_headroom[i], i % 2 == 1);
    r->y += 3;
    paragraph(r, fmt(r, "The %zu tightest of %zu components, first to saturate first; "
                        "archc estimate lists them all.", shown, n), 7.5, MUTED, CANVAS_ITALIC);
  }
  r->y += 4;
  headroom_chart(r);
  r->y += 10;
  flow_table(r);
}

/* ---- 3. Latency under load ---- */

/* A latency target for client `v`: its own latency_slo, else the workload's. */
static double latency_target(const struct report *r, int v) {
  double t = arch_component_number(&r->m->components[v], "latency_slo", 0);
  if (t > 0) return t;
  const struct arch_value *w = arch_workload(r->m, "latency_slo");
  return w && w->type == VAL_NUMBER ? w->num : 0;
}

static const int SAMPLES = 48;

static struct chart component_curve(struct report *r, int v) {
  const struct est_component *x = &r->E->components[v];
  double cap = x->hot_capacity, servers = 1;
  est_mmc_response(0, cap, x->latency, &servers);
  double *xs = arena_alloc(&r->c->arena, SAMPLES * sizeof *xs);
  double *ys = arena_alloc(&r->c->arena, SAMPLES * sizeof *ys);
  size_t n = 0;
  for (int i = 0; i < SAMPLES; i++) {
    /* Denser towards saturation, where the curve turns. */
    double f = 1 - pow(1 - (double)i / (SAMPLES - 1), 2);
    double lambda = cap * f * 0.995;
    double t = est_mmc_response(lambda, cap, x->latency, NULL);
    if (t < 0) break;
    xs[n] = lambda, ys[n] = t, n++;
  }
  double top = est_mmc_response(cap * 0.9, cap, x->latency, NULL) * 1.25;
  if (x->resp_peak > 0) top = fmax(top, x->resp_peak * 1.3);
  struct chart_series *s = arena_alloc(&r->c->arena, sizeof *s);
  *s = (struct chart_series){"mean response time", ACCENT, xs, ys, n, false};
  struct chart_mark *marks = arena_alloc(&r->c->arena, 2 * sizeof *marks);
  size_t nm = 0;
  if (x->resp > 0) marks[nm++] = (struct chart_mark){x->util * cap, x->resp, fmt(r, "average %s", HS(x->resp)), TEXT};
  if (x->resp_peak > 0)
    marks[nm++] = (struct chart_mark){x->util_peak * cap, x->resp_peak,
                                      fmt(r, "peak %s", HS(x->resp_peak)), band_color(x->util_peak)};
  struct chart_rule *rules = arena_alloc(&r->c->arena, 2 * sizeof *rules);
  rules[0] = (struct chart_rule){cap * UTIL_BUSY, true, fmt(r, "%.0f%%", UTIL_BUSY * 100),
                                band_color(UTIL_BUSY)};
  rules[1] = (struct chart_rule){cap * UTIL_HOT, true, fmt(r, "%.0f%%", UTIL_HOT * 100),
                                band_color(0.9)};
  const char *note =
      x->util_peak >= 1
          ? fmt(r, "Saturated at peak: %s/s arrive, %s/s can be served; the queue grows without "
                   "bound.", H(x->hot_load), H(cap))
          : fmt(r, "M/M/c, c = %s, service time %s; %s utilized at peak.", HC(servers),
                HS(x->latency), HP(x->util_peak));
  return (struct chart){
    .name = fmt(r, "latency-%s", path_of(r, v)), .title = fmt(r, "%s (%s)", path_of(r, v), kind_of(r, v)),
    .type = CHART_LINES, .x = {"load on the busiest replica, requests/s", CHART_RATE, 0, cap, false},
    .y = {"response time", CHART_SECONDS, 0, top, false}, .series = s, .n_series = 1,
    .marks = marks, .n_marks = nm, .rules = rules, .n_rules = 2, .note = note};
}

/* Client `cl`'s latency at `k` times the estimate's load: the estimate
   run again, so the curve is the model's own, path by path. */
static bool client_at(struct report *r, size_t i, double k, double *read, double *write) {
  struct what_if w = {r->E->scale * k, NULL, NULL, true};
  const struct estimate *E = estimate_run(r->c, r->m, &w);
  if (!E || i >= E->n_clients) return false;
  *read = E->clients[i].read_latency;
  *write = E->clients[i].write_latency;
  /* A saturated path's latency is infinite (or negative, as a
     component's response time is). */
  return isfinite(*read) && isfinite(*write) && *read >= 0 && *write >= 0;
}

/* What an end-to-end curve shows besides its line: today's average and peak
   as marks (none where saturated) and the latency target as a rule, in the
   marks and rules of the chart returned. */
static struct chart end_marks(struct report *r, double avg_x, double avg, double peak_x, double peak,
                              double target) {
  struct chart_mark *marks = arena_alloc(&r->c->arena, 2 * sizeof *marks);
  struct chart_rule *rule = arena_alloc(&r->c->arena, sizeof *rule);
  size_t nm = 0, nr = 0;
  if (isfinite(avg) && avg >= 0)
    marks[nm++] = (struct chart_mark){avg_x, avg, fmt(r, "average %s", HS(avg)), TEXT};
  if (isfinite(peak) && peak >= 0)
    marks[nm++] = (struct chart_mark){peak_x, peak, fmt(r, "peak %s", HS(peak)), ERROR_INK};
  if (target > 0)
    *rule = (struct chart_rule){target, false, fmt(r, "target %s", HS(target)), WARNING_INK}, nr = 1;
  return (struct chart){.marks = marks, .n_marks = nm, .rules = rule, .n_rules = nr};
}

static struct chart client_curve(struct report *r, size_t i) {
  const struct est_client *cl = &r->E->clients[i];
  const struct est_component *x = &r->E->components[cl->component];
  double rps = x->reads + x->writes, rd, wr;
  /* Where the curve ends: where a path saturates, or, for a closed
     workload (whose users wait rather than overflow a queue), where the
     latency is ten times today's; by doubling, then halving the interval. */
  double limit = INFINITY;
  if (r->E->closed && client_at(r, i, 1, &rd, &wr) && fmax(rd, wr) > 0) limit = 10 * fmax(rd, wr);
  double lo = 0, hi = 1;
  while (hi < 1e6 && client_at(r, i, hi, &rd, &wr) && fmax(rd, wr) <= limit) lo = hi, hi *= 2;
  for (int it = 0; it < 14 && hi < 1e6; it++) {
    double mid = (lo + hi) / 2;
    if (client_at(r, i, mid, &rd, &wr) && fmax(rd, wr) <= limit) lo = mid;
    else hi = mid;
  }
  bool saturates = hi < 1e6 && !client_at(r, i, hi, &rd, &wr);
  double end = hi >= 1e6 ? 4 * r->E->peak_factor : lo;
  bool writes = x->writes > 0, reads = x->reads > 0 || !writes;
  double *xs = arena_alloc(&r->c->arena, SAMPLES * sizeof *xs);
  double *yr = arena_alloc(&r->c->arena, SAMPLES * sizeof *yr);
  double *yw = arena_alloc(&r->c->arena, SAMPLES * sizeof *yw);
  size_t n = 0;
  double top = 0;
  for (int j = 0; j < SAMPLES; j++) {
    double f = 1 - pow(1 - (double)(j + 1) / SAMPLES, 2);
    double k = end * f * 0.999;
    if (!client_at(r, i, k, &rd, &wr)) break;
    xs[n] = rps * k, yr[n] = rd, yw[n] = wr, n++;
    if (f <= 0.9) top = fmax(top, fmax(reads ? rd : 0, writes ? wr : 0));
  }
  double target = latency_target(r, cl->component);
  top = fmax(top * 1.25, target * 1.15);
  if (isfinite(cl->read_latency_peak) && cl->read_latency_peak > 0) top = fmax(top, cl->read_latency_peak * 1.3);
  if (!(top > 0)) top = 1e-3;
  struct chart_series *s = arena_alloc(&r->c->arena, 2 * sizeof *s);
  size_t ns = 0;
  if (reads) s[ns++] = (struct chart_series){"reads", ACCENT, xs, yr, n, false};
  if (writes) s[ns++] = (struct chart_series){"writes", 0x9334E6u, xs, yw, n, true};
  double avg = reads ? cl->read_latency : cl->write_latency;
  double peak = reads ? cl->read_latency_peak : cl->write_latency_peak;
  struct chart ends = end_marks(r, rps, avg, x->peak_reads + x->peak_writes, peak, target);
  const char *note =
      hi >= 1e6    ? "Nothing on its synchronous paths saturates."
      : !saturates ? fmt(r, "At %s its average load its latency is ten times today's; the "
                            "curve ends there.", HT(lo))
      : lo < 1     ? fmt(r, "Saturated today: its paths saturate at %s its average load.", HT(lo))
                   : fmt(r, "Its paths saturate at %s its average load (%s/s).", HT(lo), H(rps * lo));
  return (struct chart){
    .name = fmt(r, "latency-client-%s", path_of(r, cl->component)),
    .title = fmt(r, "%s: end to end (client)", path_of(r, cl->component)), .type = CHART_LINES,
    .x = {"requests/s from this client", CHART_RATE, 0, fmax(rps * end, 1e-9), false},
    .y = {"mean latency", CHART_SECONDS, 0, top, false}, .series = s, .n_series = ns,
    .marks = ends.marks, .n_marks = ends.n_marks, .rules = ends.rules, .n_rules = ends.n_rules,
    .note = note};
}

/* Flow `i`'s latency at `k` times the estimate's load: the estimate run
   again with every rate scaled, as for a client. */
static bool flow_at(struct report *r, size_t i, double k, double *lat) {
  struct what_if w = {r->E->scale * k, NULL, NULL, true};
  const struct estimate *E = estimate_run(r->c, r->m, &w);
  if (!E || i >= E->n_flows) return false;
  *lat = E->flows[i].latency;
  return isfinite(*lat) && *lat >= 0;
}

static struct chart flow_curve(struct report *r, size_t i) {
  const struct est_flow *f = &r->E->flows[i];
  const struct arch_flow *mf = &r->m->flows[i];
  double rate = f->rate, lat;
  /* Where the curve ends: where a synchronous step saturates, by doubling
     then halving, as client_curve does. */
  double limit = INFINITY;
  if (r->E->closed && flow_at(r, i, 1, &lat) && lat > 0) limit = 10 * lat;
  double lo = 0, hi = 1;
  while (hi < 1e6 && flow_at(r, i, hi, &lat) && lat <= limit) lo = hi, hi *= 2;
  for (int it = 0; it < 14 && hi < 1e6; it++) {
    double mid = (lo + hi) / 2;
    if (flow_at(r, i, mid, &lat) && lat <= limit) lo = mid;
    else hi = mid;
  }
  bool saturates = hi < 1e6 && !flow_at(r, i, hi, &lat);
  double end = hi >= 1e6 ? 4 * r->E->peak_factor : lo;
  double *xs = arena_alloc(&r->c->arena, SAMPLES * sizeof *xs);
  double *ys = arena_alloc(&r->c->arena, SAMPLES * sizeof *ys);
  size_t n = 0;
  double top = 0;
  for (int j = 0; j < SAMPLES; j++) {
    double fr = 1 - pow(1 - (double)(j + 1) / SAMPLES, 2);
    double k = end * fr * 0.999;
    if (!flow_at(r, i, k, &lat)) break;
    xs[n] = rate * k, ys[n] = lat, n++;
    if (fr <= 0.9) top = fmax(top, lat);
  }
  double target = mf->latency_slo;
  top = fmax(top * 1.25, target * 1.15);
  if (isfinite(f->latency_peak) && f->latency_peak > 0) top = fmax(top, f->latency_peak * 1.3);
  if (!(top > 0)) top = 1e-3;
  struct chart_series *s = arena_alloc(&r->c->arena, sizeof *s);
  *s = (struct chart_series){mf->writes ? "writes" : "reads", mf->writes ? 0x9334E6u : ACCENT, xs,
                             ys, n, false};
  struct chart ends = end_marks(r, rate, f->latency, f->rate_peak, f->latency_peak, target);
  const char *note =
      hi >= 1e6    ? "Nothing on its synchronous path saturates."
      : !saturates ? fmt(r, "At %s its average rate its latency is ten times today's; the "
                            "curve ends there.", HT(lo))
      : lo < 1     ? fmt(r, "Saturated today: its path saturates at %s its average rate.", HT(lo))
                   : fmt(r, "Its path saturates at %s its average rate (%s/s).", HT(lo), H(rate * lo));
  /* No peak dot then: say why, or the chart looks as if the peak were fine. */
  if (lo >= 1 && !isfinite(f->latency_peak))
    note = fmt(r, "%s Today's peak, %s/s, is past it: saturated at peak.", note, H(f->rate_peak));
  return (struct chart){
    .name = fmt(r, "latency-flow-%s", mf->name),
    .title = fmt(r, "%s: end to end (flow)", mf->name), .type = CHART_LINES,
    .x = {"requests/s of this flow", CHART_RATE, 0, fmax(rate * end, 1e-9), false},
    .y = {"mean latency", CHART_SECONDS, 0, top, false}, .series = s, .n_series = 1,
    .marks = ends.marks, .n_marks = ends.n_marks, .rules = ends.rules, .n_rules = ends.n_rules,
    .note = note};
}

static void chart_grid(struct report *r, struct chart *charts, size_t n) {
  const double gap = 18, w = (r->cw - gap) / 2, h = 200;
  for (size_t i = 0; i < n; i += 2) {
    page_room(r, h + 8);
    chart_place(r, &charts[i], r->margin, w, h);
    if (i + 1 < n) chart_place(r, &charts[i + 1], r->margin + w + gap, w, h);
    r->y += h + 14;
  }
}

static void section_latency(struct report *r) {
  page_new(r, "Latency under load", false);
  const struct estimate *E = r->E;
  if (!has_load(r)) {
    paragraph(r, "The design has no workload, so there is no load to draw latency against.", 9,
              MUTED, 0);
    return;
  }
  paragraph(r, "Mean response time as load grows from nothing to saturation. With one server "
               "it is S / (1 - u) at utilization u: twice the service time S at 50%, three times "
               "at 70%, ten times at 90%. More servers keep the curve flat for longer, then it "
               "turns more sharply; this is why the bands turn amber at 60% and red at 85%. Dots "
               "mark today's average and peak; a dashed horizontal line is the latency target.",
            8, TEXT, 0);
  r->y += 6;
  /* One grid: the components, then the clients, so a short design's
     charts share a page. */
  bool flows = declared_flows(r);
  size_t total = flows ? E->n_flows : E->n_clients;
  size_t nc = total < MAX_CLIENT_CHARTS ? total : MAX_CLIENT_CHARTS;
  struct chart *charts = arena_alloc(&r->c->arena, (nc + 4) * sizeof *charts);
  size_t n = 0;
  for (size_t i = 0; i < E->n_ranked && n < 3; i++) {
    int v = E->by_headroom[i];
    if (E->components[v].latency > 0 && E->components[v].hot_capacity > 0)
      charts[n++] = component_curve(r, v);
  }
  subheading(r, fmt(r, "%s, then each %s end to end",
                    n == 1 ? "The tightest component" : n ? fmt(r, "The %zu tightest components", n)
                                                          : "No component has a service time",
                    flows ? "flow" : "client"),
             208);
  for (size_t i = 0; i < nc; i++) charts[n++] = flows ? flow_curve(r, i) : client_curve(r, i);
  chart_grid(r, charts, n);
  if (total > nc)
    paragraph(r, fmt(r, "The first %zu of %zu %s; archc estimate gives every %s's latency.", nc,
                     total, flows ? "flows" : "clients", flows ? "flow" : "client"),
              7.5, MUTED, CANVAS_ITALIC);
}

/* ---- 4. Storage and bandwidth ---- */

static void section_storage(struct report *r) {
  page_new(r, "Storage and bandwidth", false);
  const struct estimate *E = r->E;
  size_t n = r->m->n_components;
  int *stores = arena_alloc(&r->c->arena, (n + 1) * sizeof *stores);
  size_t ns = 0;
  for (size_t v = 0; v < n; v++)
    if (E->components[v].storage_total > 0) stores[ns++] = (int)v;
  /* Largest first: the stack's bottom bands are the ones that matter. */
  for (size_t i = 1; i < ns; i++)
    for (size_t j = i; j > 0 && E->components[stores[j]].storage_total >
                                    E->components[stores[j - 1]].storage_total; j--) {
      int t = stores[j];
      stores[j] = stores[j - 1], stores[j - 1] = t;
    }
  const double year = 12 * E->month_seconds, day = 86400;
  if (!has_load(r) || ns == 0) {
    paragraph(r, "No store is written to in this design, so nothing grows.", 9, MUTED, 0);
  } else {
    paragraph(r, fmt(r, "What the stores hold as the retention period (%s) fills: each store's "
                        "writes a day times its item size times its replicas, stacked. After the "
                        "retention the oldest data is dropped and the total stays flat.",
                     HS(E->retention)), 8, TEXT, 0);
    r->y += 4;
    size_t bands = ns > MAX_STORES ? MAX_STORES + 1 : ns;
    const int points = 41;
    double span = E->retention * 1.25;
    double *xs = arena_alloc(&r->c->arena, points * sizeof *xs);
    for (int j = 0; j < points; j++) xs[j] = span * j / (points - 1) / year;
    struct chart_series *s = arena_alloc(&r->c->arena, bands * sizeof *s);
    double total = 0;
    for (size_t b = 0; b < bands; b++) {
      double *ys = arena_alloc(&r->c->arena, points * sizeof *ys);
      for (size_t i = b; i < (b == MAX_STORES ? ns : b + 1); i++) {
        const struct est_component *x = &E->components[stores[i]];
        for (int j = 0; j < points; j++)
          ys[j] += x->bytes_per_day * x->replication * fmin(xs[j] * year, E->retention) / day;
      }
      total += ys[points - 1];
      s[b] = (struct chart_series){b == MAX_STORES ? fmt(r, "%zu other stores", ns - MAX_STORES)
                                                   : path_of(r, stores[b]),
                                   PALETTE(b), xs, ys, (size_t)points, false};
    }
    struct chart_rule *rule = arena_alloc(&r->c->arena, sizeof *rule);
    *rule = (struct chart_rule){E->retention / year, true, fmt(r, "retention %s", HS(E->retention)),
                                MUTED};
    struct chart ch = {.name = "storage", .title = "Storage held, by store (replicated)",
                       .type = CHART_STACKED, .x = {"years from the first write", CHART_NUMBER, 0,
                                                    span / year, false},
                       .y = {"bytes held", CHART_BYTES, 0, total * 1.08, false},
                       .series = s, .n_series = bands, .rules = rule, .n_rules = 1,
                       .note = fmt(r, "%s in all at the end of the retention.", HB(total))};
    page_room(r, 250);
    chart_place(r, &ch, r->margin, r->cw, 240);
    r->y += 250;
    subheading(r, "Stores", 12);
    size_t shown = ns < 25 ? ns : 25;
    for (size_t i = 0; i < shown; i++) {
      const struct est_component *x = &E->components[stores[i]];
      paragraph(r, fmt(r, "%s: %s/day x %s replica%s; %s over the retention", path_of(r, stores[i]),
                       HB(x->bytes_per_day), HC(x->replication), x->replication == 1 ? "" : "s",
                       HB(x->storage_total)), 8, TEXT, 0);
    }
    if (ns > shown) paragraph(r, fmt(r, "and %zu more stores", ns - shown), 8, MUTED, 0);
  }

  subheading(r, "Bandwidth at the clients", chart_bars_height(4) + 10);
  if (!has_load(r)) return;
  struct chart_bar *bars = arena_alloc(&r->c->arena, 4 * sizeof *bars);
  double pf = E->peak_factor;
  double v[4] = {E->bytes_in_per_s, E->bytes_in_per_s * pf, E->bytes_out_per_s, E->bytes_out_per_s * pf};
  static const char *const names[4] = {"in, average", "in, at peak", "out, average", "out, at peak"};
  double hi = 0;
  for (int i = 0; i < 4; i++) {
    bars[i] = (struct chart_bar){names[i], v[i], i % 2 ? 0x1967D2u : 0x8AB4F8u,
                                 fmt(r, "%s/s", HB(v[i]))};
    hi = fmax(hi, v[i]);
  }
  struct chart ch = {.name = "bandwidth", .title = "Bytes in (writes) and out (reads) per second",
                     .type = CHART_BARS, .x = {"bytes per second", CHART_BYTE_RATE, 0, hi > 0 ? hi * 1.15 : 1, false},
                     .bars = bars, .n_bars = 4,
                     .note = "Requests times the item size; the protocol's own overhead is not counted."};
  double h = chart_bars_height(4) + 10;
  page_room(r, h);
  chart_place(r, &ch, r->margin, r->cw, h);
  r->y += h;
}

/* ---- 5. Findings ---- */

static const char *const severity_names[] = {"off", "note", "warning", "error"};
static const uint32_t severity_ink[] = {NOTE_INK, NOTE_INK, WARNING_INK, ERROR_INK};

static void section_findings(struct report *r) {
  page_new(r, "Findings", false);
  const struct review *R = r->R;
  if (!R->n_findings) {
    paragraph(r, "None: the design passes every rule that is on.", 9, TEXT, 0);
    return;
  }
  paragraph(r, "Every finding of the review. Warnings and errors are numbered as on the diagram; "
               "archc explain RULE says what a rule checks and why.", 8, TEXT, 0);
  r->y += 6;
  const double num_w = 22, meta_w = 130, size = 8;
  const double text_x = r->margin + num_w + meta_w, text_w = r->cw - num_w - meta_w;
  size_t number = 0, shown = 0;
  for (size_t i = 0; i < R->n_findings; i++) {
    const struct finding *f = &R->findings[i];
    bool drawn = f->severity >= SEV_WARNING;
    if (drawn) number++;
    if (shown == MAX_FINDINGS) continue;
    shown++;
    const char *text = f->help ? fmt(r, "%s\nFix: %s", f->message, f->help) : f->message;
    const char *where = f->component >= 0 ? path_of(r, f->component) : "the design";
    const char *meta = fmt(r, "%s \xC2\xB7 %s\n%s", severity_names[f->severity], f->rule->id, where);
    double th, mh;
    canvas_measure(r->k, text, size, 0, text_w, NULL, &th);
    canvas_measure(r->k, meta, 7, 0, meta_w - 8, NULL, &mh);
    double h = fmax(th, mh) + 7;
    page_room(r, h);
    uint32_t ink = severity_ink[f->severity];
    if (drawn) {
      canvas_dot(r->k, r->margin + 8, r->y + 6, 7.5, ink, CANVAS_NONE);
      canvas_text(r->k, r->margin + 8, r->y + 6, 0, HG((double)number), number >= 100 ? 6 : 7.5,
                  0xFFFFFFu, CANVAS_BOLD | CANVAS_CENTER | CANVAS_MIDDLE);
    } else {
      canvas_dot(r->k, r->margin + 8, r->y + 6, 3, ink, CANVAS_NONE);
    }
    canvas_text(r->k, r->margin + num_w, r->y, meta_w - 8, meta, 7, ink, 0);
    canvas_text(r->k, text_x, r->y, text_w, text, size, TEXT, 0);
    r->y += h;
    canvas_line(r->k, r->margin + num_w, r->y - 3.5, r->margin + r->cw, r->y - 3.5, RULE, 0.4, false);
  }
  if (R->n_findings > shown)
    paragraph(r, fmt(r, "and %s more findings; archc check lists them all.",
                     HG((double)(R->n_findings - shown))), 8, MUTED, CANVAS_ITALIC);
}

/* ---- 6. Failures ---- */

struct cell_row {
  const char *cells[4];
  uint32_t colors[4];
};

static const double fail_cols[4] = {0.22, 0.26, 0.27, 0.25};
static const char *const fail_heads[4] = {"what fails", "lost with it", "clients cut off",
                                          "pushed past 85% at peak"};

static void fail_head(struct report *r) {
  double x = r->margin;
  for (int i = 0; i < 4; i++) {
    canvas_text(r->k, x, r->y, fail_cols[i] * r->cw - 6, fail_heads[i], 7.5, MUTED, CANVAS_BOLD);
    x += fail_cols[i] * r->cw;
  }
  r->y += 12;
  canvas_line(r->k, r->margin, r->y, r->margin + r->cw, r->y, RULE, 0.6, false);
  r->y += 3;
}

static void fail_row(struct report *r, const struct cell_row *row) {
  double h = 0;
  for (int i = 0; i < 4; i++) {
    double ch;
    canvas_measure(r->k, row->cells[i], 7.5, 0, fail_cols[i] * r->cw - 6, NULL, &ch);
    h = fmax(h, ch);
  }
  if (page_room(r, h + 6)) fail_head(r);
  double x = r->margin;
  for (int i = 0; i < 4; i++) {
    canvas_text(r->k, x, r->y, fail_cols[i] * r->cw - 6, row->cells[i], 7.5, row->colors[i],
                i == 0 ? CANVAS_BOLD : 0);
    x += fail_cols[i] * r->cw;
  }
  r->y += h + 6;
  canvas_line(r->k, r->margin, r->y - 3, r->margin + r->cw, r->y - 3, RULE, 0.4, false);
}

/* A list of names, the first `most` of them, into a string. */
static const char *names_list(struct report *r, const int *v, size_t n, size_t most) {
  if (!n) return "";
  const char *s = path_of(r, v[0]);
  for (size_t i = 1; i < n && i < most; i++) s = fmt(r, "%s, %s", s, path_of(r, v[i]));
  return n > most ? fmt(r, "%s and %zu more", s, n - most) : s;
}

static void failure_row(struct report *r, const struct analysis *A, const bool *reach0,
                        const char *target) {
  struct failure_effect fx;
  if (!failure_effect(r->c, r->m, r->E, A, reach0, target, &fx)) return;
  size_t n = r->m->n_components;
  struct cell_row row = {{fmt(r, "%s %s", fx.what, target)}, {INK, TEXT, TEXT, TEXT}};
  int *lost = arena_alloc(&r->c->arena, (n + 1) * sizeof *lost);
  size_t nl = 0;
  for (size_t v = 0; v < n; v++)
    if (fx.dead[v]) lost[nl++] = (int)v;
  row.cells[1] = nl ? fmt(r, "%zu: %s", nl, names_list(r, lost, nl, 6))
                    : "none";
  const char *cut = "none";
  for (size_t i = 0; i < fx.n_cut && i < 6; i++) {
    const struct failure_cut *k = &fx.cut[i];
    const char *line = k->itself ? fmt(r, "%s is itself lost", path_of(r, k->client))
                                 : fmt(r, "%s loses %s", path_of(r, k->client),
                                       names_list(r, k->stores, k->n_stores, 4));
    cut = i ? fmt(r, "%s; %s", cut, line) : line;
  }
  if (fx.n_cut > 6) cut = fmt(r, "%s; and %zu more clients", cut, fx.n_cut - 6);
  row.cells[2] = cut;
  row.colors[2] = fx.n_cut ? ERROR_INK : TEXT;
  const char *hot = "nothing";
  double worst = 0;
  for (size_t i = 0; i < fx.n_hot && i < 6; i++) {
    const struct failure_hot *h = &fx.hot[i];
    const char *line = fmt(r, "%s %s \xE2\x86\x92 %s", path_of(r, h->component), HP(h->before),
                           HP(h->after));
    hot = i ? fmt(r, "%s; %s", hot, line) : line;
    worst = fmax(worst, h->after);
  }
  if (fx.n_hot > 6) hot = fmt(r, "%s; and %zu more", hot, fx.n_hot - 6);
  row.cells[3] = hot;
  row.colors[3] = fx.n_hot ? band_color(worst) : TEXT;
  fail_row(r, &row);
}

static void section_failures(struct report *r) {
  page_new(r, "Failures", false);
  const struct arch_model *m = r->m;
  paragraph(r, "What losing each zone, each region and each single point of failure does, as "
               "archc check --fail NAME reports it: the components lost with it, the clients "
               "that can no longer reach a store (nor a copy of it), and what the rerouted load "
               "pushes past 85% of its capacity at today's peak.", 8, TEXT, 0);
  r->y += 6;
  const struct analysis *A = analyze_run(r->c, m, r->E);
  const bool *reach0 = analyze_reach(r->c, m, NULL);
  size_t rows = 0, skipped = 0;
  page_room(r, 40);
  fail_head(r);
  for (int type = GROUP_REGION; type <= GROUP_ZONE; type++)
    for (size_t g = 0; g < m->n_groups; g++) {
      if ((int)m->groups[g].type != type) continue;
      if (rows >= MAX_FAILURES) {
        skipped++;
        continue;
      }
      failure_row(r, A, reach0, m->groups[g].path);
      rows++;
    }
  size_t spofs = 0;
  for (size_t v = 0; v < m->n_components; v++) {
    if (!A->facts[v].spof) continue;
    if (spofs >= MAX_FAILURES) {
      skipped++;
      continue;
    }
    failure_row(r, A, reach0, m->components[v].path);
    spofs++;
    rows++;
  }
  if (!rows) paragraph(r, "The design has no zones, no regions and no single point of failure.",
                       8, MUTED, 0);
  if (skipped)
    paragraph(r, fmt(r, "and %zu more; archc check --fail NAME reports any one.", skipped), 8,
              MUTED, CANVAS_ITALIC);
}

/* ---- the document ---- */

static int write_charts(struct report *r) {
  const char *dir = r->o->charts_dir;
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    diag_plain(r->c, DIAG_ERROR, "cannot make the directory '%s': %s", dir, strerror(errno));
    return ARCHC_USAGE_ERROR;
  }
  for (size_t i = 0; i < r->n_charts; i++) {
    const struct chart *ch = &r->charts[i];
    /* A file name from a component's path: dots and slashes stay out. */
    char *name = arena_strdup(&r->c->arena, ch->name);
    for (char *p = name; *p; p++)
      if (*p == '/' || *p == '\\' || *p == ' ') *p = '_';
    struct chart alone = *ch;
    alone.name = name;
    bool wide = ch->type == CHART_BARS || ch->type == CHART_STACKED;
    double h = ch->type == CHART_BARS ? chart_bars_height(ch->n_bars) + 10 : 260;
    int rc = chart_write(r->c, &alone, dir, wide ? 520 : 380, h);
    if (rc != ARCHC_OK) return rc;
  }
  return ARCHC_OK;
}

int pages_write(archc *c, const struct output_input *in, const struct pages_options *o,
                const char *path) {
  bool letter = o->paper == ARCHC_PAPER_LETTER;
  struct report r = {c, in->model, in->estimate, in->review, in, o, NULL,
                     letter ? 612 : 595.276, letter ? 792 : 841.89, 48, 0, 0, 0, NULL, NULL,
                     NULL, 0, 0};
  r.cw = r.pw - 2 * r.margin;
  r.title = r.m->title ? r.m->title : "Untitled design";
  r.k = canvas_new(CANVAS_PDF, r.pw, r.ph, r.title, o->date);
  if (!r.k) {
    diag_plain(c, DIAG_ERROR, "out of memory while starting the report");
    return ARCHC_NO_MEMORY;
  }
  section_summary(&r);
  section_capacity(&r);
  section_latency(&r);
  section_storage(&r);
  section_findings(&r);
  section_failures(&r);
  char *data;
  size_t len;
  const char *why = canvas_error(r.k);
  if (!canvas_finish(r.k, &data, &len)) {
    diag_plain(c, DIAG_ERROR, "cannot draw the report: %s", why ? why : "Cairo failed");
    return ARCHC_USAGE_ERROR;
  }
  int rc = path ? write_atomically(c, path, data, len) : ARCHC_OK;
  free(data);
  if (rc == ARCHC_OK && o->charts_dir) rc = write_charts(&r);
  return rc;
}
