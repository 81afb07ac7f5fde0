/*
 * canvas.h - the one adapter over Cairo and Pango: pages of a PDF, or one
 * SVG or PNG picture, in points with the origin at the top left and y
 * going down.  chart.c and pages.c draw through it and never see Cairo;
 * gv.c draws Graphviz's layout into canvas_native()'s context.
 *
 * A canvas builds its output in memory; canvas_finish() hands the bytes
 * over, so the caller writes them atomically or not at all.
 */
#ifndef ARCH_CANVAS_H
#define ARCH_CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum canvas_kind { CANVAS_PDF, CANVAS_SVG, CANVAS_PNG };

/* Colours are 0xRRGGBB; CANVAS_NONE draws nothing. */
#define CANVAS_NONE 0xFFFFFFFFu

/* Text flags. */
enum {
  CANVAS_BOLD = 1 << 0,
  CANVAS_ITALIC = 1 << 1,
  CANVAS_CENTER = 1 << 2,   /* within the width, or about x without one */
  CANVAS_RIGHT = 1 << 3,    /* within the width, or ending at x without one */
  CANVAS_MIDDLE = 1 << 4,   /* y is the middle of the first line, not its top */
  CANVAS_ONE_LINE = 1 << 5  /* no wrapping: cut with an ellipsis at the width */
};

struct canvas;

/* A canvas of `width` x `height` points; NULL when out of memory.  A PDF
   carries `title` and `date` (ISO 8601) as its metadata; its dates are
   never the clock's, so that two runs give the same bytes. */
struct canvas *canvas_new(enum canvas_kind kind, double width, double height, const char *title,
                          const char *date);
/* The output's bytes (malloc'd, the caller frees) and the canvas freed;
   false, with nothing handed over, if Cairo reported an error. */
bool canvas_finish(struct canvas *k, char **data, size_t *len);
/* The error Cairo reported, or NULL. */
const char *canvas_error(const struct canvas *k);

/* PDF: end this page and start the next. */
void canvas_next_page(struct canvas *k);

void canvas_rect(struct canvas *k, double x, double y, double w, double h, uint32_t fill,
                 uint32_t stroke, double line_width);
void canvas_line(struct canvas *k, double x0, double y0, double x1, double y1, uint32_t color,
                 double line_width, bool dashed);
/* A polyline through n points xy[2i], xy[2i+1]. */
void canvas_polyline(struct canvas *k, const double *xy, size_t n, uint32_t color,
                     double line_width, bool dashed);
/* A closed polygon, filled with `alpha` opacity. */
void canvas_polygon(struct canvas *k, const double *xy, size_t n, uint32_t fill, double alpha);
void canvas_dot(struct canvas *k, double x, double y, double r, uint32_t fill, uint32_t stroke);

/* `text` at (x, y), its top (or middle) at y, wrapped at `width` (0: no
   wrapping), in the sans-serif face at `size` points; returns its height. */
double canvas_text(struct canvas *k, double x, double y, double width, const char *text,
                   double size, uint32_t color, int flags);
/* Its size without drawing it. */
void canvas_measure(struct canvas *k, const char *text, double size, int flags, double width,
                    double *w, double *h);
/* Rotated a quarter turn, reading upwards, centred on (x, y). */
void canvas_text_up(struct canvas *k, double x, double y, const char *text, double size,
                    uint32_t color);

void canvas_save(struct canvas *k);
void canvas_restore(struct canvas *k);
void canvas_clip(struct canvas *k, double x, double y, double w, double h);
void canvas_translate(struct canvas *k, double dx, double dy);
void canvas_scale(struct canvas *k, double s);

/* The cairo_t underneath, for gv.c to draw Graphviz's layout into. */
void *canvas_native(struct canvas *k);

#endif
