/*
 * chart.h - archc's charts over the canvas (canvas.h): axes with ticks in
 * the units people read (quantity.c's formatting), titles, legends, lines,
 * stacked areas and horizontal bars.  Every chart of the report is one of
 * these, drawn onto a page or written alone as SVG and PNG.
 *
 * A chart is data: pages.c fills one in, chart_draw() lays it out in the
 * box it is given.  Nothing here knows about designs or estimates.
 */
#ifndef ARCH_CHART_H
#define ARCH_CHART_H

#include "internal.h"  /* first: it sets the POSIX feature macros */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct canvas;

/* How an axis's ticks are written. */
enum chart_unit {
  CHART_NUMBER,   /* 2.5k */
  CHART_RATE,     /* 2.5k/s */
  CHART_SECONDS,  /* 250 ms */
  CHART_BYTES,    /* 3 GB */
  CHART_BYTE_RATE,/* 3 GB/s */
  CHART_TIMES,    /* 3x */
  CHART_PERCENT   /* 75% (the value is a ratio) */
};

struct chart_axis {
  const char *title;
  enum chart_unit unit;
  double min, max;          /* the range shown; min > 0 for a log axis */
  bool log;
};

struct chart_series {
  const char *name;         /* in the legend; NULL: not listed */
  uint32_t color;
  const double *x, *y;
  size_t n;
  bool dashed;
};

/* A point marked on a line chart, with its label beside it. */
struct chart_mark {
  double x, y;
  const char *label;
  uint32_t color;
};

/* A reference line across the plot: a target, the 1x line. */
struct chart_rule {
  double at;
  bool vertical;            /* at an x value; else at a y value */
  const char *label;
  uint32_t color;
};

/* A horizontal bar of a bar chart, from the axis's start to `value`. */
struct chart_bar {
  const char *label;        /* on its left */
  double value;
  uint32_t color;
  const char *text;         /* at its end: the value as people read it */
};

enum chart_type {
  CHART_LINES,    /* series as lines over x */
  CHART_STACKED,  /* series stacked as areas: each y adds to the ones before */
  CHART_BARS      /* bars; the x axis is the value axis, y is unused */
};

struct chart {
  const char *name;         /* the file's name alone, without extension: headroom */
  const char *title;
  enum chart_type type;
  struct chart_axis x, y;
  const struct chart_series *series;
  size_t n_series;
  const struct chart_mark *marks;
  size_t n_marks;
  const struct chart_rule *rules;
  size_t n_rules;
  const struct chart_bar *bars;
  size_t n_bars;
  const char *note;         /* a line under the plot; NULL: none */
};

/* `ch` laid out in the box (x, y, w, h), in points. */
void chart_draw(struct canvas *k, const struct chart *ch, double x, double y, double w, double h);

/* The height a bar chart of n bars needs to show each bar readably. */
double chart_bars_height(size_t n);

/* `ch` alone, w x h points, as DIR/NAME.svg and DIR/NAME.png. */
int chart_write(archc *c, const struct chart *ch, const char *dir, double w, double h);

#endif
