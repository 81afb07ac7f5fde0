/*
 * canvas.c - the Cairo and Pango adapter (canvas.h).  The only file that
 * includes them: their types, their quirks (cairo 1.16 stamps a PDF with
 * the clock unless told a date) and the font choice stay here.
 *
 * Text is laid out by Pango, so it is measured, wrapped and kerned; one
 * layout is kept per canvas and reset for each text.  The face is the one
 * the diagram asks Graphviz for (Helvetica, which fontconfig maps to
 * Liberation Sans from Debian's fonts-liberation2), so the report's text
 * and its diagram's read alike.
 */
#include "canvas.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#define FACE "Liberation Sans,Helvetica,Arial,DejaVu Sans,sans-serif"

/* A PNG canvas has this many pixels per point: 144 dpi. */
#define PNG_SCALE 2.0

struct buffer {
  unsigned char *data;
  size_t len, cap;
  bool failed;
};

struct canvas {
  enum canvas_kind kind;
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoLayout *layout;
  PangoFontDescription *font;
  struct buffer out;
};

static cairo_status_t canvas_write(void *closure, const unsigned char *data, unsigned int len) {
  struct buffer *b = closure;
  if (b->len + len > b->cap) {
    size_t cap = b->cap ? b->cap : 65536;
    while (cap < b->len + len) cap *= 2;
    unsigned char *grown = realloc(b->data, cap);
    if (!grown) {
      b->failed = true;
      return CAIRO_STATUS_NO_MEMORY;
    }
    b->data = grown;
    b->cap = cap;
  }
  memcpy(b->data + b->len, data, len);
  b->len += len;
  return CAIRO_STATUS_SUCCESS;
}

static void canvas_free(struct canvas *k) {
  if (!k) return;
  if (k->layout) g_object_unref(k->layout);
  if (k->font) pango_font_description_free(k->font);
  if (k->cr) cairo_destroy(k->cr);
  if (k->surface) cairo_surface_destroy(k->surface);
  free(k->out.data);
  free(k);
}

struct canvas *canvas_new(enum canvas_kind kind, double width, double height, const char *title,
                          const char *date) {
  struct canvas *k = calloc(1, sizeof *k);
  if (!k) return NULL;
  k->kind = kind;
  switch (kind) {
  case CANVAS_PDF:
    k->surface = cairo_pdf_surface_create_for_stream(canvas_write, &k->out, width, height);
    /* Right after creating it, before the first page: cairo 1.16
       otherwise writes the current time as the creation date (it does
       not read SOURCE_DATE_EPOCH).  An empty date writes none. */
    cairo_pdf_surface_set_metadata(k->surface, CAIRO_PDF_METADATA_CREATE_DATE, date ? date : "");
    cairo_pdf_surface_set_metadata(k->surface, CAIRO_PDF_METADATA_MOD_DATE, date ? date : "");
    if (title) cairo_pdf_surface_set_metadata(k->surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(k->surface, CAIRO_PDF_METADATA_CREATOR, "archc");
    break;
  case CANVAS_SVG:
    k->surface = cairo_svg_surface_create_for_stream(canvas_write, &k->out, width, height);
    break;
  case CANVAS_PNG:
    k->surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)(width * PNG_SCALE + 0.5),
                                            (int)(height * PNG_SCALE + 0.5));
    break;
  }
  k->cr = cairo_create(k->surface);
  if (cairo_status(k->cr) != CAIRO_STATUS_SUCCESS) {
    canvas_free(k);
    return NULL;
  }
  if (kind == CANVAS_PNG) {
    cairo_scale(k->cr, PNG_SCALE, PNG_SCALE);
    /* A picture for a page: white, not transparent. */
    cairo_set_source_rgb(k->cr, 1, 1, 1);
    cairo_paint(k->cr);
  }
  k->layout = pango_cairo_create_layout(k->cr);
  k->font = pango_font_description_from_string(FACE);
  if (!k->layout || !k->font) {
    canvas_free(k);
    return NULL;
  }
  /* Metrics independent of the device, so that the PDF, the SVG and the
     PNG of a chart break their lines in the same places. */
  PangoContext *pc = pango_layout_get_context(k->layout);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(pc, fo);
  cairo_font_options_destroy(fo);
  pango_layout_context_changed(k->layout);
  return k;
}

const char *canvas_error(const struct canvas *k) {
  if (k->out.failed) return "out of memory";
  cairo_status_t s = cairo_status(k->cr);
  if (s == CAIRO_STATUS_SUCCESS) s = cairo_surface_status(k->surface);
  return s == CAIRO_STATUS_SUCCESS ? NULL : cairo_status_to_string(s);
}

bool canvas_finish(struct canvas *k, char **data, size_t *len) {
  *data = NULL;
  *len = 0;
  bool ok = canvas_error(k) == NULL;
  if (ok && k->kind == CANVAS_PNG) {
    cairo_surface_flush(k->surface);
    ok = cairo_surface_write_to_png_stream(k->surface, canvas_write, &k->out) ==
         CAIRO_STATUS_SUCCESS;
  }
  if (ok) {
    cairo_destroy(k->cr);
    k->cr = NULL;
    cairo_surface_finish(k->surface);
    ok = cairo_surface_status(k->surface) == CAIRO_STATUS_SUCCESS && !k->out.failed;
  }
  if (ok) {
    *data = (char *)k->out.data;
    *len = k->out.len;
    k->out.data = NULL;
  }
  canvas_free(k);
  return ok;
}

void canvas_next_page(struct canvas *k) { cairo_show_page(k->cr); }

static void canvas_color(struct canvas *k, uint32_t rgb, double alpha) {
  cairo_set_source_rgba(k->cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0,
                        (rgb & 255) / 255.0, alpha);
}

static void canvas_stroke_style(struct canvas *k, uint32_t color, double line_width, bool dashed) {
  canvas_color(k, color, 1);
  cairo_set_line_width(k->cr, line_width);
  cairo_set_line_join(k->cr, CAIRO_LINE_JOIN_ROUND);
  static const double dash[] = {4, 3};
  cairo_set_dash(k->cr, dash, dashed ? 2 : 0, 0);
}

void canvas_rect(struct canvas *k, double x, double y, double w, double h, uint32_t fill,
                 uint32_t stroke, double line_width) {
  cairo_rectangle(k->cr, x, y, w, h);
  if (fill != CANVAS_NONE) {
    canvas_color(k, fill, 1);
    if (stroke != CANVAS_NONE) cairo_fill_preserve(k->cr);
    else cairo_fill(k->cr);
  }
  if (stroke != CANVAS_NONE) {
    canvas_stroke_style(k, stroke, line_width, false);
    cairo_stroke(k->cr);
  }
}

void canvas_line(struct canvas *k, double x0, double y0, double x1, double y1, uint32_t color,
                 double line_width, bool dashed) {
  cairo_move_to(k->cr, x0, y0);
  cairo_line_to(k->cr, x1, y1);
  canvas_stroke_style(k, color, line_width, dashed);
  cairo_stroke(k->cr);
}

void canvas_polyline(struct canvas *k, const double *xy, size_t n, uint32_t color,
                     double line_width, bool dashed) {
  if (n < 2) return;
  cairo_move_to(k->cr, xy[0], xy[1]);
  for (size_t i = 1; i < n; i++) cairo_line_to(k->cr, xy[2 * i], xy[2 * i + 1]);
  canvas_stroke_style(k, color, line_width, dashed);
  cairo_stroke(k->cr);
}

void canvas_polygon(struct canvas *k, const double *xy, size_t n, uint32_t fill, double alpha) {
  if (n < 3) return;
  cairo_move_to(k->cr, xy[0], xy[1]);
  for (size_t i = 1; i < n; i++) cairo_line_to(k->cr, xy[2 * i], xy[2 * i + 1]);
  cairo_close_path(k->cr);
  canvas_color(k, fill, alpha);
  cairo_fill(k->cr);
}

void canvas_dot(struct canvas *k, double x, double y, double r, uint32_t fill, uint32_t stroke) {
  cairo_new_sub_path(k->cr);
  cairo_arc(k->cr, x, y, r, 0, 6.283185307179586);
  if (fill != CANVAS_NONE) {
    canvas_color(k, fill, 1);
    if (stroke != CANVAS_NONE) cairo_fill_preserve(k->cr);
    else cairo_fill(k->cr);
  }
  if (stroke != CANVAS_NONE) {
    canvas_stroke_style(k, stroke, 1, false);
    cairo_stroke(k->cr);
  }
}

/* The layout set up for `text`. */
static PangoLayout *canvas_layout(struct canvas *k, const char *text, double size, int flags,
                                  double width) {
  PangoLayout *l = k->layout;
  pango_cairo_update_layout(k->cr, l);
  pango_font_description_set_absolute_size(k->font, size * PANGO_SCALE);
  pango_font_description_set_weight(k->font, flags & CANVAS_BOLD ? PANGO_WEIGHT_BOLD
                                                                 : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(k->font, flags & CANVAS_ITALIC ? PANGO_STYLE_ITALIC
                                                                  : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description(l, k->font);
  pango_layout_set_text(l, text, -1);
  pango_layout_set_width(l, width > 0 ? (int)(width * PANGO_SCALE) : -1);
  pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize(l, flags & CANVAS_ONE_LINE && width > 0 ? PANGO_ELLIPSIZE_END
                                                                     : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_alignment(l, flags & CANVAS_CENTER  ? PANGO_ALIGN_CENTER
                                : flags & CANVAS_RIGHT ? PANGO_ALIGN_RIGHT
                                                       : PANGO_ALIGN_LEFT);
  return l;
}

void canvas_measure(struct canvas *k, const char *text, double size, int flags, double width,
                    double *w, double *h) {
  int pw, ph;
  pango_layout_get_size(canvas_layout(k, text, size, flags, width), &pw, &ph);
  if (w) *w = (double)pw / PANGO_SCALE;
  if (h) *h = (double)ph / PANGO_SCALE;
}

double canvas_text(struct canvas *k, double x, double y, double width, const char *text,
                   double size, uint32_t color, int flags) {
  PangoLayout *l = canvas_layout(k, text, size, flags, width);
  int pw, ph;
  pango_layout_get_size(l, &pw, &ph);
  double w = (double)pw / PANGO_SCALE, h = (double)ph / PANGO_SCALE;
  if (width <= 0 && flags & CANVAS_CENTER) x -= w / 2;
  else if (width <= 0 && flags & CANVAS_RIGHT) x -= w;
  if (flags & CANVAS_MIDDLE) {
    PangoLayoutIter *it = pango_layout_get_iter(l);
    PangoRectangle line;
    pango_layout_iter_get_line_extents(it, NULL, &line);
    pango_layout_iter_free(it);
    y -= (double)line.height / PANGO_SCALE / 2;
  }
  canvas_color(k, color, 1);
  cairo_move_to(k->cr, x, y);
  pango_cairo_show_layout(k->cr, l);
  cairo_new_path(k->cr);
  return h;
}

void canvas_text_up(struct canvas *k, double x, double y, const char *text, double size,
                    uint32_t color) {
  cairo_save(k->cr);
  cairo_translate(k->cr, x, y);
  cairo_rotate(k->cr, -1.5707963267948966);
  canvas_text(k, 0, 0, 0, text, size, color, CANVAS_CENTER | CANVAS_MIDDLE);
  cairo_restore(k->cr);
}

void canvas_save(struct canvas *k) { cairo_save(k->cr); }
void canvas_restore(struct canvas *k) { cairo_restore(k->cr); }
void canvas_clip(struct canvas *k, double x, double y, double w, double h) {
  cairo_rectangle(k->cr, x, y, w, h);
  cairo_clip(k->cr);
}
void canvas_translate(struct canvas *k, double dx, double dy) { cairo_translate(k->cr, dx, dy); }
void canvas_scale(struct canvas *k, double s) { cairo_scale(k->cr, s, s); }
void *canvas_native(struct canvas *k) { return k->cr; }
