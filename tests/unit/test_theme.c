/*
 * test_theme.c - every text archc draws is readable: in the light and
 * the dark theme, each text colour against the background it is drawn on
 * has a contrast ratio of at least 4.5:1, WCAG 2.x's level AA for normal
 * text (success criterion 1.4.3).
 *
 * The pairs are not listed by hand: the test builds the diagram
 * (diagram.h) of every example, of a design with one component of every
 * standard kind, and of one with a component in every utilization band,
 * with the estimate and the review, and reads each text's colour and
 * background out of it: a node's label on its fill, a table cell's text
 * on the cell's BGCOLOR, a cluster's label on its fill, the title and
 * legends on the page, an edge's label on the page and on every cluster
 * it may cross.  So a colour changed in diagram.c, theme.c or
 * stdlib/kinds.arch is checked as drawn.
 *
 * Relative luminance and contrast ratio are WCAG 2.x's definitions:
 *   https://www.w3.org/TR/WCAG21/#dfn-relative-luminance
 *   https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio
 * (WCAG 2.x writes the sRGB threshold as 0.03928; IEC 61966-2-1 has
 * 0.04045.  No 8-bit channel value lies between them.)
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "analyze.h"
#include "diagram.h"
#include "estimate.h"
#include "helpers.h"
#include "review.h"
#include "theme.h"

#ifndef ARCHC_SOURCE_DIR
#define ARCHC_SOURCE_DIR "."
#endif

#define AA_NORMAL_TEXT 4.5

/* "#rrggbb" or "white" into 0..255 channels; false for anything else. */
static bool channels(const char *colour, int rgb[3]) {
  if (strcasecmp(colour, "white") == 0) colour = "#FFFFFF";
  if (strcasecmp(colour, "black") == 0) colour = "#000000";
  unsigned v;
  if (strlen(colour) != 7 || sscanf(colour, "#%6x", &v) != 1) return false;
  rgb[0] = (int)(v >> 16), rgb[1] = (int)(v >> 8 & 0xFF), rgb[2] = (int)(v & 0xFF);
  return true;
}

/* WCAG 2.x relative luminance: sRGB channels linearised, then weighted. */
static double luminance(const int rgb[3]) {
  static const double weight[3] = {0.2126, 0.7152, 0.0722};
  double l = 0;
  for (int i = 0; i < 3; i++) {
    double c = rgb[i] / 255.0;
    c = c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
    l += weight[i] * c;
  }
  return l;
}

/* WCAG 2.x contrast ratio: (L1 + 0.05) / (L2 + 0.05), L1 the lighter. */
static double contrast(const char *a, const char *b) {
  int x[3], y[3];
  assert_true(channels(a, x));
  assert_true(channels(b, y));
  double la = luminance(x), lb = luminance(y);
  return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* What the walk found: pairs checked, and those below AA. */
struct tally {
  int checked, failed;
  const char *design;
};

static void check_pair(struct tally *t, const char *text, const char *background,
                       const char *where) {
  double ratio = contrast(text, background);
  t->checked++;
  if (ratio < AA_NORMAL_TEXT) {
    t->failed++;
    print_error("%s: %s: text %s on %s has contrast %.2f:1, under %.1f:1\n", t->design, where,
                text, background, ratio, AA_NORMAL_TEXT);
  }
}

/* The value of attribute `name` inside the tag that starts at `tag`. */
static bool tag_attr(const char *tag, const char *name, char *out, size_t size) {
  const char *end = strchr(tag, '>');
  char key[32];
  snprintf(key, sizeof key, " %s=\"", name);
  const char *p = strstr(tag, key);
  if (!p || p > end) return false;
  p += strlen(key);
  size_t n = strcspn(p, "\"");
  if (n >= size) return false;
  memcpy(out, p, n);
  out[n] = '\0';
  return true;
}

enum { DEPTH = 32 };

/* Every run of text in an HTML-like label: its FONT COLOR (else `text`)
   on its TD's BGCOLOR (else `background`). */
static void check_label(struct tally *t, const char *label, const char *text,
                        const char *background, const char *where) {
  char fonts[DEPTH][16], cells[DEPTH][16];
  int nf = 0, nc = 0;
  snprintf(fonts[0], sizeof fonts[0], "%s", text);
  snprintf(cells[0], sizeof cells[0], "%s", background);
  for (const char *p = label; *p;) {
    if (*p == '<') {
      if (strncmp(p, "<FONT", 5) == 0) {
        assert_true(++nf < DEPTH);
        if (!tag_attr(p, "COLOR", fonts[nf], sizeof fonts[nf])) memcpy(fonts[nf], fonts[nf - 1], sizeof fonts[nf]);
      } else if (strncmp(p, "</FONT", 6) == 0) {
        nf--;
      } else if (strncmp(p, "<TD", 3) == 0) {
        assert_true(++nc < DEPTH);
        if (!tag_attr(p, "BGCOLOR", cells[nc], sizeof cells[nc])) memcpy(cells[nc], cells[nc - 1], sizeof cells[nc]);
      } else if (strncmp(p, "</TD", 4) == 0) {
        nc--;
      }
      assert_true(nf >= 0 && nc >= 0);
      p = strchr(p, '>');
      assert_non_null(p);
      p++;
      continue;
    }
    size_t n = strcspn(p, "<");
    bool words = false;
    for (size_t i = 0; i < n; i++) words |= p[i] != ' ' && p[i] != '\n';
    if (words) check_pair(t, fonts[nf], cells[nc], where);
    p += n;
  }
}

static const char *attr_or(const struct diagram_attrs *a, const struct diagram_attrs *defaults,
                           const char *name) {
  const char *v = diagram_attr(a, name);
  if (!v && defaults) v = diagram_attr(defaults, name);
  assert_non_null(v);
  return v;
}

/* Every text of the picture, on what it is drawn on. */
static void check_diagram(struct tally *t, const struct diagram *d) {
  const char *page = diagram_attr(&d->graph, "bgcolor");
  const char *label = diagram_attr(&d->graph, "label");
  if (label) check_label(t, label, diagram_attr(&d->graph, "fontcolor"), page, "the title and legends");
  for (size_t i = 0; i < d->n_clusters; i++) {
    const struct diagram_attrs *a = &d->clusters[i].attrs;
    check_label(t, diagram_attr(a, "label"), diagram_attr(a, "fontcolor"),
                diagram_attr(a, "fillcolor"), d->clusters[i].name);
  }
  for (size_t i = 0; i < d->n_nodes; i++) {
    const struct diagram_attrs *a = &d->nodes[i].attrs;
    check_label(t, diagram_attr(a, "label"), attr_or(a, &d->node_defaults, "fontcolor"),
                attr_or(a, &d->node_defaults, "fillcolor"), d->nodes[i].name);
  }
  for (size_t i = 0; i < d->n_edges; i++) {
    const struct diagram_attrs *a = &d->edges[i].attrs;
    if (!diagram_attr(a, "label")) continue;
    const char *ink = attr_or(a, &d->edge_defaults, "fontcolor");
    check_pair(t, ink, page, "an edge's label");
    for (size_t k = 0; k < d->n_clusters; k++)
      check_pair(t, ink, diagram_attr(&d->clusters[k].attrs, "fillcolor"), "an edge's label in a cluster");
  }
}

/* The design's diagram in both themes, with its estimate and review. */
static void check_design(struct tally *t, const char *name, const char *text) {
  struct compiled r;
  compile_text(&r, text, 0);
  if (r.rc != ARCHC_OK) fprintf(stderr, "%s: %s", name, r.diag);
  assert_int_equal(r.rc, ARCHC_OK);
  archc *c = r.c;
  const struct arch_model *m = c->model;
  const struct estimate *E = estimate_run(c, m, NULL);
  struct review_input ri = {.model = m, .estimate = E, .analysis = analyze_run(c, m, E)};
  const struct review *R = review_run(c, &ri);
  for (int theme = ARCHC_THEME_LIGHT; theme <= ARCHC_THEME_DARK; theme++) {
    struct output_input in = {.model = m, .estimate = E, .review = R, .theme = theme};
    char where[256];
    snprintf(where, sizeof where, "%s (%s)", name, theme == ARCHC_THEME_DARK ? "dark" : "light");
    t->design = where;
    check_diagram(t, diagram_build(c, &in));
  }
  compiled_free(&r);
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
  s[n] = '\0';
  fclose(f);
  return s;
}

static void examples_meet_aa(void **state) {
  (void)state;
  struct tally t = {0};
  DIR *dir = opendir(ARCHC_SOURCE_DIR "/examples");
  assert_non_null(dir);
  int designs = 0;
  for (struct dirent *e; (e = readdir(dir)) != NULL;) {
    size_t n = strlen(e->d_name);
    if (n < 6 || strcmp(e->d_name + n - 5, ".arch") != 0) continue;
    char path[512];
    snprintf(path, sizeof path, "%s/examples/%s", ARCHC_SOURCE_DIR, e->d_name);
    char *text = slurp(path);
    check_design(&t, e->d_name, text);
    free(text);
    designs++;
  }
  closedir(dir);
  assert_true(designs >= 5);
  assert_true(t.checked > 100);
  assert_int_equal(t.failed, 0);
}

/* One component of every kind the standard library has, in a region, a
   zone and a group. */
static void every_kind_meets_aa(void **state) {
  (void)state;
  struct compiled lib;
  compile_text(&lib, "", 0);
  assert_int_equal(lib.rc, ARCHC_OK);
  const struct arch_model *m = lib.c->model;
  size_t size = 64 + m->n_kinds * 96, len = 0;
  char *text = malloc(size);
  len += (size_t)snprintf(text, size, "region r {\n zone a {\n  group g {\n");
  for (size_t i = 0; i < m->n_kinds; i++)
    len += (size_t)snprintf(text + len, size - len, "   %s k%zu \"%s\"\n", m->kinds[i].name, i,
                            m->kinds[i].name);
  snprintf(text + len, size - len, "  }\n }\n}\nk0 -> k1 : \"a call\"\n");
  int kinds = (int)m->n_kinds;
  compiled_free(&lib);
  struct tally t = {0};
  check_design(&t, "every kind", text);
  free(text);
  assert_true(t.checked >= 2 * kinds);
  assert_int_equal(t.failed, 0);
}

static void every_band_meets_aa(void **state) {
  (void)state;
  struct tally t = {0};
  check_design(&t, "bands",
               "title \"Bands\"\n"
               "workload { reads = 1000 rps }\n"
               "client users\n"
               "service fine { capacity = 4k rps }\n"
               "service busy { capacity = 1.4k rps }\n"
               "service hot { capacity = 1.1k rps }\n"
               "service full { capacity = 500 rps }\n"
               "users -> fine -> busy -> hot -> full : \"calls\"\n");
  assert_int_equal(t.failed, 0);
}

/* The check itself: known ratios, and a pair under AA fails. */
static void contrast_as_wcag_defines_it(void **state) {
  (void)state;
  assert_true(fabs(contrast("#000000", "#FFFFFF") - 21) < 1e-9);
  assert_true(fabs(contrast("#FFFFFF", "#FFFFFF") - 1) < 1e-9);
  /* #767676 on white is the well-known lightest grey that passes AA. */
  assert_true(contrast("#767676", "white") >= 4.5);
  assert_true(contrast("#777777", "white") < 4.5);
  struct tally t = {.design = "self-test"};
  check_label(&t, "<TABLE><TR><TD BGCOLOR=\"#E37400\"><FONT COLOR=\"white\">1</FONT></TD>"
                  "<TD>ok</TD></TR></TABLE>", "#3C4043", "#FFFFFF", "a badge");
  assert_int_equal(t.checked, 2);
  assert_int_equal(t.failed, 1);
}

/* The dark theme is the light one carried over colour by colour. */
static void dark_colours(void **state) {
  (void)state;
  char out[8];
  assert_true(theme_dark("white", out));
  assert_string_equal(out, THEME_DARK_PAGE);
  assert_true(theme_dark("#FFFFFF", out));
  assert_true(theme_dark("#fff", out));
  char upper[8];
  assert_true(theme_dark("#3C4043", upper));
  assert_true(theme_dark("#3c4043", out));
  assert_string_equal(out, upper);
  assert_false(theme_dark("lightblue", out));
  assert_false(theme_dark("#12345", out));
  assert_false(theme_dark("transparent", out));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(contrast_as_wcag_defines_it),
    cmocka_unit_test(dark_colours),
    cmocka_unit_test(examples_meet_aa),
    cmocka_unit_test(every_kind_meets_aa),
    cmocka_unit_test(every_band_meets_aa),
  };
  return cmocka_run_group_tests_name("theme", tests, NULL, NULL);
}
