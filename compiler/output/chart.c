/*
 * chart.c - archc's charts (chart.h), drawn through the canvas.
 *
 * chart_draw() first measures what goes around the plot (the title, the
 * legend, the tick labels, the axis titles, the note), gives the plot the
 * rest of the box, then draws the grid, the data, the reference lines and
 * the marks, clipped to the plot, so a curve that runs off to infinity
 * near saturation leaves the plot at its top instead of over the page.
 *
 * Tick values are "nice" (1, 2 or 5 times a power of ten; the powers of
 * ten on a log axis) and written with quantity.c's functions, the ones the
 * estimate's tables use, with a tick's trailing zeros dropped (2k, not
 * 2.00k): a tick is an exact round number, not a measured one.
 */
#include "chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "quantity.h"

#define INK 0x3C4043u
#define MUTED 0x5F6368u
#define GRID 0xE8EAEDu
#define AXIS 0x9AA0A6u

enum { MAX_TICKS = 40 };

static double chart_frac(const struct chart_axis *a, double v) {
  if (a->log) {
    double lo = log10(a->min), hi = log10(a->max);
    return hi > lo && v > 0 ? (log10(v) - lo) / (hi - lo) : v > 0 ? 0.5 : 0;
  }
  return a->max > a->min ? (v - a->min) / (a->max - a->min) : 0.5;
}

/* Nice tick values within the axis's range into t, about `most` of them at
   most (a linear axis); their number. */
static size_t chart_ticks(const struct chart_axis *a, double *t, size_t most) {
  size_t n = 0;
  if (a->log) {
    if (!(a->min > 0) || !(a->max > a->min)) return 0;
    int lo = (int)floor(log10(a->min)), hi = (int)ceil(log10(a->max));
    static const double steps[] = {1, 2, 5};
    size_t per = hi - lo <= 2 ? 3 : 1;
    for (int e = lo; e <= hi && n < MAX_TICKS; e++)
      for (size_t i = 0; i < per && n < MAX_TICKS; i++) {
        double v = steps[i] * pow(10, e);
        if (v >= a->min * 0.9999 && v <= a->max * 1.0001) t[n++] = v;
      }
    return n;
  }
  double range = a->max - a->min;
  if (!(range > 0) || !isfinite(range)) return 0;
  /* The smallest of 1, 2, 5 times a power of ten that gives no more
     than `most` intervals. */
  double mag = pow(10, floor(log10(range / (double)most))), step = 10 * mag;
  static const double nice[] = {1, 2, 5};
  for (size_t i = 0; i < 3; i++)
    if (range / (nice[i] * mag) <= (double)most + 1e-9) {
      step = nice[i] * mag;
      break;
    }
  for (double v = ceil(a->min / step) * step; v <= a->max + step * 1e-9 && n < MAX_TICKS; v += step)
    t[n++] = fabs(v) < step * 1e-9 ? 0 : v;
  return n;
}

/* "2.00k" -> "2k", "10.0 ms" -> "10 ms", "2.50x" -> "2.5x". */
static void chart_trim(char *s) {
  char *dot = strchr(s, '.');
  if (!dot) return;
  char *end = dot + 1;
  while (*end >= '0' && *end <= '9') end++;
  char *cut = end;
  while (cut > dot + 1 && cut[-1] == '0') cut--;
  if (cut == dot + 1) cut = dot;
  memmove(cut, end, strlen(end) + 1);
}

static const char *chart_label(enum chart_unit unit, double v, char *buf, size_t size) {
  switch (unit) {
  case CHART_NUMBER: quantity_human(v, buf, size); break;
  case CHART_RATE: {
    char n[32];
    snprintf(buf, size, "%s/s", quantity_human(v, n, sizeof n));
    break;
  }
  case CHART_SECONDS: quantity_human_seconds(v, buf, size); break;
  case CHART_BYTES: quantity_human_bytes(v, buf, size); break;
  case CHART_BYTE_RATE: {
    char n[32];
    snprintf(buf, size, "%s/s", quantity_human_bytes(v, n, sizeof n));
    break;
  }
  case CHART_TIMES: quantity_human_times(v, buf, size); break;
  case CHART_PERCENT: quantity_human_percent(v, buf, size); break;
  }
  chart_trim(buf);
  return buf;
}

/* The legend's entries: the series with a name. */
static bool chart_has_legend(const struct chart *ch) {
  size_t named = 0;
  for (size_t i = 0; i < ch->n_series; i++) named += ch->series[i].name != NULL;
  return named > 1 || (named == 1 && ch->type == CHART_STACKED);
}

/* The legend in rows within width w from (x, y); returns its height.  With
   `draw` false it only measures. */
static double chart_legend(struct canvas *k, const struct chart *ch, double x, double y, double w,
                           bool draw) {
  const double size = 7.5, row = 11, swatch = 9, gap = 12;
  double cx = 0, cy = 0;
  for (size_t i = 0; i < ch->n_series; i++) {
    const struct chart_series *s = &ch->series[i];
    if (!s->name) continue;
    double tw;
    canvas_measure(k, s->name, size, CANVAS_ONE_LINE, 0, &tw, NULL);
    if (tw > w - swatch - 4) tw = w - swatch - 4;
    double entry = swatch + 4 + tw;
    if (cx > 0 && cx + entry > w) cx = 0, cy += row;
    if (draw) {
      if (ch->type == CHART_STACKED)
        canvas_rect(k, x + cx, y + cy + 1, swatch, swatch - 2, s->color, CANVAS_NONE, 0);
      else
        canvas_line(k, x + cx, y + cy + 4.5, x + cx + swatch, y + cy + 4.5, s->color, 2, s->dashed);
      canvas_text(k, x + cx + swatch + 4, y + cy, tw + 1, s->name, size, INK, CANVAS_ONE_LINE);
    }
    cx += entry + gap;
  }
  return cy + row;
}

struct plot {
  double x, y, w, h;
  const struct chart_axis *ax, *ay;
};

static double px_of(const struct plot *p, double v) { return p->x + p->w * chart_frac(p->ax, v); }
static double py_of(const struct plot *p, double v) { return p->y + p->h * (1 - chart_frac(p->ay, v)); }

static void chart_lines(struct canvas *k, const struct chart *ch, const struct plot *p) {
  size_t most = 0;
  for (size_t i = 0; i < ch->n_series; i++)
    if (ch->series[i].n > most) most = ch->series[i].n;
  double *xy = malloc((2 * most + 2) * 2 * sizeof *xy);
  double *base = calloc(most + 1, sizeof *base);
  if (!xy || !base) {
    free(xy);
    free(base);
    return;
  }
  for (size_t i = 0; i < ch->n_series; i++) {
    const struct chart_series *s = &ch->series[i];
    if (ch->type == CHART_STACKED) {
      /* The band between the stack so far and the stack with this series. */
      for (size_t j = 0; j < s->n; j++) {
        xy[2 * j] = px_of(p, s->x[j]);
        xy[2 * j + 1] = py_of(p, base[j] + s->y[j]);
      }
      for (size_t j = 0; j < s->n; j++) {
        size_t r = s->n - 1 - j;
        xy[2 * (s->n + j)] = px_of(p, s->x[r]);
        xy[2 * (s->n + j) + 1] = py_of(p, base[r]);
      }
      canvas_polygon(k, xy, 2 * s->n, s->color, 0.55);
      canvas_polyline(k, xy, s->n, s->color, 1.2, false);
      for (size_t j = 0; j < s->n; j++) base[j] += s->y[j];
    } else {
      for (size_t j = 0; j < s->n; j++) {
        xy[2 * j] = px_of(p, s->x[j]);
        xy[2 * j + 1] = py_of(p, s->y[j]);
      }
      canvas_polyline(k, xy, s->n, s->color, 1.6, s->dashed);
    }
  }
  free(xy);
  free(base);
}

static void chart_rules(struct canvas *k, const struct chart *ch, const struct plot *p) {
  unsigned vertical = 0;
  for (size_t i = 0; i < ch->n_rules; i++) {
    const struct chart_rule *r = &ch->rules[i];
    if (r->vertical) {
      double x = px_of(p, r->at);
      if (x < p->x - 0.5 || x > p->x + p->w + 0.5) continue;
      canvas_line(k, x, p->y, x, p->y + p->h, r->color, 1.2, true);
      if (r->label) {
        /* Each vertical line's label a row lower than the last one's, so
           that two lines close together keep both readable. */
        bool left = x > p->x + p->w * 0.75;
        /* A bar chart's bars fill the plot to its top: the label goes in
           the row kept for it above the plot. */
        double ly = ch->type == CHART_BARS ? p->y - 10 : p->y + 1 + 9 * (double)(vertical++ % 3);
        canvas_text(k, left ? x - 3 : x + 3, ly, 0, r->label, 7, r->color,
                    CANVAS_BOLD | (left ? CANVAS_RIGHT : 0));
      }
    } else {
      double y = py_of(p, r->at);
      if (y < p->y - 0.5 || y > p->y + p->h + 0.5) continue;
      canvas_line(k, p->x, y, p->x + p->w, y, r->color, 1.2, true);
      if (r->label) canvas_text(k, p->x + 3, y - 10, 0, r->label, 7, r->color, CANVAS_BOLD);
    }
  }
}

static void chart_marks(struct canvas *k, const struct chart *ch, const struct plot *p) {
  enum { MAX_LABELS = 8 };
  double box[MAX_LABELS][4];  /* labels placed so far: x, y, w, h */
  size_t placed = 0;
  for (size_t i = 0; i < ch->n_marks; i++) {
    const struct chart_mark *m = &ch->marks[i];
    double x = px_of(p, m->x), y = py_of(p, m->y);
    if (x < p->x - 1 || x > p->x + p->w + 1 || y < p->y - 1 || y > p->y + p->h + 1) continue;
    canvas_dot(k, x, y, 3.2, m->color, 0xFFFFFFu);
    if (!m->label) continue;
    /* Beside the dot, the first mark's label below it and the next
       one's above; a label that would cover one placed before moves up
       a row at a time, so that marks close together (today's average
       and peak on a flat stretch of a curve) keep every label readable.
       Past the middle of the plot a label goes left of its dot. */
    double tw, th;
    canvas_measure(k, m->label, 7, CANVAS_BOLD, 0, &tw, &th);
    bool late = x > p->x + p->w * 0.55;
    double lx = late ? x - 5 - tw : x + 5;
    double ly = i % 2 == 0 ? y + 3 : y - 12;
    if (ly + th > p->y + p->h) ly = y - 12;
    for (size_t tries = 0; tries < MAX_LABELS; tries++) {
      bool clash = false;
      for (size_t j = 0; j < placed; j++)
        clash |= lx < box[j][0] + box[j][2] && box[j][0] < lx + tw && ly < box[j][1] + box[j][3] &&
                 box[j][1] < ly + th;
      if (!clash) break;
      ly -= th + 1;
    }
    if (placed < MAX_LABELS) {
      box[placed][0] = lx, box[placed][1] = ly, box[placed][2] = tw, box[placed][3] = th;
      placed++;
    }
    /* On a white ground, so a line passing under it does not cross it out. */
    canvas_rect(k, lx - 1, ly, tw + 2, th, 0xFFFFFFu, CANVAS_NONE, 0);
    canvas_text(k, lx, ly, 0, m->label, 7, m->color, CANVAS_BOLD);
  }
}

static void chart_bars(struct canvas *k, const struct chart *ch, const struct plot *p,
                       double label_w) {
  double row = p->h / (double)(ch->n_bars ? ch->n_bars : 1);
  double bar = row * 0.68 < 13 ? row * 0.68 : 13;
  for (size_t i = 0; i < ch->n_bars; i++) {
    const struct chart_bar *b = &ch->bars[i];
    double yc = p->y + row * ((double)i + 0.5);
    canvas_text(k, p->x - label_w - 6, yc, label_w, b->label, 7.5, INK,
                CANVAS_ONE_LINE | CANVAS_RIGHT | CANVAS_MIDDLE);
    double v = b->value;
    if (ch->x.log && v < ch->x.min) v = ch->x.min;
    double x1 = px_of(p, v);
    if (x1 > p->x + p->w) x1 = p->x + p->w;
    if (x1 < p->x) x1 = p->x;
    canvas_rect(k, p->x, yc - bar / 2, x1 - p->x, bar, b->color, CANVAS_NONE, 0);
    if (b->text) canvas_text(k, x1 + 3, yc, 0, b->text, 7, INK, CANVAS_MIDDLE);
  }
}

void chart_draw(struct canvas *k, const struct chart *ch, double x, double y, double w, double h) {
  const double tick_size = 7, pad = 4;
  double top = y, bottom = y + h;
  if (ch->title) top += canvas_text(k, x, top, w, ch->title, 9.5, INK, CANVAS_BOLD) + 3;
  if (chart_has_legend(ch)) top += chart_legend(k, ch, x, top, w, true) + 2;
  if (ch->type == CHART_BARS && ch->n_rules) top += 10;
  if (ch->note) {
    double nh;
    canvas_measure(k, ch->note, 7, CANVAS_ITALIC, w, NULL, &nh);
    bottom -= nh;
    canvas_text(k, x, bottom, w, ch->note, 7, MUTED, CANVAS_ITALIC);
    bottom -= 3;
  }
  const struct chart_axis *ax = &ch->x, *ay = &ch->y;
  double xt[MAX_TICKS], yt[MAX_TICKS];
  /* A tick label every 55 points or more along x, every 22 along y. */
  size_t most_x = w / 55 < 3 ? 3 : w / 55 > 8 ? 8 : (size_t)(w / 55);
  size_t most_y = h / 22 < 3 ? 3 : h / 22 > 8 ? 8 : (size_t)(h / 22);
  size_t nx = chart_ticks(ax, xt, most_x);
  size_t ny = ch->type == CHART_BARS ? 0 : chart_ticks(ay, yt, most_y);
  char buf[48];

  /* Left: the y axis's title and tick labels, or the bars' labels. */
  double left = 0, right = 0;
  if (ch->type == CHART_BARS) {
    for (size_t i = 0; i < ch->n_bars; i++) {
      double tw;
      canvas_measure(k, ch->bars[i].label, 7.5, 0, 0, &tw, NULL);
      if (tw > left) left = tw;
      if (ch->bars[i].text) {
        canvas_measure(k, ch->bars[i].text, 7, 0, 0, &tw, NULL);
        if (tw + 6 > right) right = tw + 6;
      }
    }
    if (left > w * 0.38) left = w * 0.38;
  } else {
    for (size_t i = 0; i < ny; i++) {
      double tw;
      canvas_measure(k, chart_label(ay->unit, yt[i], buf, sizeof buf), tick_size, 0, 0, &tw, NULL);
      if (tw > left) left = tw;
    }
  }
  double ytitle = ay->title && ch->type != CHART_BARS ? 12 : 0;
  double xtitle = ax->title ? 11 : 0;
  struct plot p = {x + ytitle + left + 6, top + 4, 0, 0, ax, ay};
  /* Room for the last x tick label, centred on the plot's right edge. */
  double last_w = 0;
  if (nx) canvas_measure(k, chart_label(ax->unit, xt[nx - 1], buf, sizeof buf), tick_size, 0, 0,
                         &last_w, NULL);
  if (right < last_w / 2 + 1) right = last_w / 2 + 1;
  p.w = x + w - right - p.x;
  p.h = bottom - top - 4 - (tick_size + 6) - xtitle - pad;
  if (p.w < 20 || p.h < 20) return;

  /* Grid and ticks. */
  for (size_t i = 0; i < nx; i++) {
    double tx = px_of(&p, xt[i]);
    canvas_line(k, tx, p.y, tx, p.y + p.h, GRID, 0.6, false);
    canvas_text(k, tx, p.y + p.h + 3, 0, chart_label(ax->unit, xt[i], buf, sizeof buf),
                tick_size, MUTED, CANVAS_CENTER);
  }
  for (size_t i = 0; i < ny; i++) {
    double ty = py_of(&p, yt[i]);
    canvas_line(k, p.x, ty, p.x + p.w, ty, GRID, 0.6, false);
    canvas_text(k, p.x - 4, ty, 0, chart_label(ay->unit, yt[i], buf, sizeof buf), tick_size,
                MUTED, CANVAS_RIGHT | CANVAS_MIDDLE);
  }
  canvas_line(k, p.x, p.y + p.h, p.x + p.w, p.y + p.h, AXIS, 0.8, false);
  canvas_line(k, p.x, p.y, p.x, p.y + p.h, AXIS, 0.8, false);
  if (ax->title)
    canvas_text(k, p.x + p.w / 2, p.y + p.h + tick_size + 7, 0, ax->title, 7.5, INK, CANVAS_CENTER);
  if (ytitle) canvas_text_up(k, x + 5, p.y + p.h / 2, ay->title, 7.5, INK);

  canvas_save(k);
  if (ch->type == CHART_BARS) {
    chart_bars(k, ch, &p, left);
  } else {
    canvas_clip(k, p.x, p.y, p.w, p.h);
    chart_lines(k, ch, &p);
  }
  canvas_restore(k);
  chart_rules(k, ch, &p);
  chart_marks(k, ch, &p);
}

double chart_bars_height(size_t n) { return 52 + 15 * (double)n; }

int chart_write(archc *c, const struct chart *ch, const char *dir, double w, double h) {
  static const struct {
    enum canvas_kind kind;
    const char *ext;
  } kinds[] = {{CANVAS_SVG, "svg"}, {CANVAS_PNG, "png"}};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    struct canvas *k = canvas_new(kinds[i].kind, w + 16, h + 16, NULL, NULL);
    if (!k) return ARCHC_NO_MEMORY;
    canvas_rect(k, 0, 0, w + 16, h + 16, 0xFFFFFFu, CANVAS_NONE, 0);
    chart_draw(k, ch, 8, 8, w, h);
    char *data;
    size_t len;
    if (!canvas_finish(k, &data, &len)) {
      diag_plain(c, DIAG_ERROR, "cannot draw the chart %s", ch->name);
      return ARCHC_USAGE_ERROR;
    }
    char *path = arena_printf(&c->arena, "%s/%s.%s", dir, ch->name, kinds[i].ext);
    int rc = write_atomically(c, path, data, len);
    free(data);
    if (rc != ARCHC_OK) return rc;
  }
  return ARCHC_OK;
}
