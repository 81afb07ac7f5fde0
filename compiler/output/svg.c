/*
 * svg.c - Graphviz's SVG text, made ready to publish.
 *
 * Graphviz names the objects of every SVG alike (graph0, node1, edge1,
 * clust1, a_node1) and refers to them by those names, so two diagrams
 * inlined in one HTML page would share ids and each other's links.  Every
 * id is given a prefix, and so is every reference to an id the file
 * defines: href="#x", xlink:href="#x", url(#x).  A reference to anything
 * else (a link to an anchor of the page around it) stays as it is.
 *
 * With ARCHC_THEME_AUTO the file is drawn light and carries a style sheet
 * with one rule per colour it uses: under prefers-color-scheme: dark, each
 * fill and stroke inside the drawing's group becomes its dark counterpart
 * (theme.h).  CSS rules win
 * over SVG's presentation attributes, so nothing else in the file changes,
 * and a viewer without CSS shows the light picture.
 *
 * This works on the text, not through Graphviz, so that it stays in the
 * core and Graphviz's own options do not matter.
 */
#include "output.h"

#include <string.h>

#include "strmap.h"
#include "theme.h"

/* Where `s` starts at `p`, the end of `p`'s match; else NULL. */
static const char *after(const char *p, const char *end, const char *s) {
  size_t n = strlen(s);
  return (size_t)(end - p) >= n && memcmp(p, s, n) == 0 ? p + n : NULL;
}

/* What goes before each id: the prefix, its characters limited to those
   an XML name may have, and '-'; "" for no prefix. */
static const char *clean_prefix(struct arena *a, const char *prefix) {
  size_t n = strlen(prefix);
  if (!n) return "";
  char *clean = arena_alloc(a, n + 2);
  for (size_t i = 0; i < n; i++) {
    char ch = prefix[i];
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
              (i > 0 && ((ch >= '0' && ch <= '9') || ch == '-' || ch == '.'));
    clean[i] = ok ? ch : '_';
  }
  clean[n] = '-';
  return clean;
}

/* The selector of the drawing's group (Graphviz's `<g id="graph0"
   class="graph">`, with its prefix), which holds everything drawn: an SVG
   inlined in HTML shares the page's style sheet, and the rules must not
   reach anything else on it.  "" when there is no such group. */
static const char *scope(struct arena *a, const char *svg, const char *end, const char *prefix) {
  for (const char *p = svg; p < end; p++) {
    const char *v = after(p, end, "<g id=\"");
    if (!v) continue;
    const char *q = memchr(v, '"', (size_t)(end - v));
    if (!q || !after(q, end, "\" class=\"graph\"")) break;
    return arena_printf(a, "[id=\"%s%.*s\"] ", prefix, (int)(q - v), v);
  }
  return "";
}

/* The names `svg` defines with id="...". */
static struct strmap svg_ids(struct arena *a, const char *svg, const char *end) {
  struct strmap ids = {0};
  for (const char *p = svg; p < end; p++) {
    const char *v = after(p, end, " id=\"");
    if (!v) continue;
    const char *q = memchr(v, '"', (size_t)(end - v));
    if (!q) break;
    map_put(a, &ids, arena_strndup(a, v, (size_t)(q - v)), 1);
    p = q;
  }
  return ids;
}

enum { MAX_COLOURS = 512 };  /* more than a picture uses; the rest stay light */

/* Rules for prefers-color-scheme: dark, one for each colour of `svg` in
   `attr` ("fill" or "stroke") that has a dark counterpart. */
static void dark_rules(struct arena *a, FILE *f, const char *svg, const char *end,
                       const char *within, const char *attr) {
  const char *seen[MAX_COLOURS];
  size_t n = 0;
  char key[16], dark[8];
  snprintf(key, sizeof key, " %s=\"", attr);
  for (const char *p = svg; p < end && n < MAX_COLOURS; p++) {
    const char *v = after(p, end, key);
    if (!v) continue;
    const char *q = memchr(v, '"', (size_t)(end - v));
    if (!q) break;
    const char *colour = arena_strndup(a, v, (size_t)(q - v));
    p = q;
    bool known = false;
    for (size_t i = 0; i < n && !known; i++) known = strcmp(seen[i], colour) == 0;
    if (known || !theme_dark(colour, dark)) continue;
    seen[n++] = colour;
    fprintf(f, "%s[%s=\"%s\"]{%s:%s}\n", within, attr, colour, attr, dark);
  }
}

int svg_publish(archc *c, const struct output_input *in, const char *svg, size_t len, FILE *f) {
  const char *end = svg + len;
  const char *prefix = clean_prefix(&c->arena, in->id_prefix ? in->id_prefix : "archc");
  struct strmap ids = svg_ids(&c->arena, svg, end);
  bool styled = in->theme != ARCHC_THEME_AUTO;
  const char *p = svg;
  while (p < end) {
    const char *v;
    if (!styled && (v = after(p, end, "<svg")) != NULL) {
      const char *close = memchr(v, '>', (size_t)(end - v));
      if (!close) break;
      fwrite(p, 1, (size_t)(close + 1 - p), f);
      fputs("\n<style>\n@media (prefers-color-scheme: dark) {\n", f);
      const char *within = scope(&c->arena, svg, end, prefix);
      dark_rules(&c->arena, f, svg, end, within, "fill");
      dark_rules(&c->arena, f, svg, end, within, "stroke");
      fputs("}\n</style>", f);
      p = close + 1;
      styled = true;
      continue;
    }
    /* An id, or a reference to one: the text before the name, and the
       character that ends the name. */
    char stop = '"';
    bool is_id = (v = after(p, end, " id=\"")) != NULL;
    if (!is_id && (v = after(p, end, "href=\"#")) == NULL) {
      v = after(p, end, "url(#");
      stop = ')';
    }
    if (!v) {
      putc(*p++, f);
      continue;
    }
    const char *q = memchr(v, stop, (size_t)(end - v));
    if (!q) break;
    fwrite(p, 1, (size_t)(v - p), f);
    if (*prefix && (is_id || map_get(&ids, arena_strndup(&c->arena, v, (size_t)(q - v))) >= 0))
      fputs(prefix, f);
    p = v;
  }
  fwrite(p, 1, (size_t)(end - p), f);
  return ferror(f) ? ARCHC_NO_MEMORY : ARCHC_OK;
}
