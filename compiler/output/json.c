/*
 * json.c - the JSON writer (json.h).
 *
 * The layouts exist because the files are read by people as well as
 * tools: an array of records reads best one record a line, and a record
 * on one line.  Indentation follows the line a bracket opened on, not
 * the nesting depth, so `"runs": [{` indents its members once, not twice.
 */
#include "json.h"

#include <assert.h>
#include <math.h>

#include "quantity.h"

void json_start(struct json_writer *w, FILE *f) {
  w->f = f;
  w->depth = 0;
  w->indent = 0;
  w->wrap = false;
}

static void newline(struct json_writer *w, int indent) {
  fprintf(w->f, "\n%*s", indent, "");
  w->indent = indent;
}

static void escaped(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': fputs("\\\"", f); break;
    case '\\': fputs("\\\\", f); break;
    case '\n': fputs("\\n", f); break;
    case '\t': fputs("\\t", f); break;
    case '\r': fputs("\\r", f); break;
    default:
      if (*p < 0x20) fprintf(f, "\\u%04x", *p);
      else fputc(*p, f);
    }
  }
  fputc('"', f);
}

/* What goes before a value: the separator, the line break its container's
   layout asks for, and its key. */
static void member(struct json_writer *w, const char *key) {
  if (w->depth > 0) {
    struct json_level *up = &w->level[w->depth - 1];
    if (up->members) fputc(',', w->f);
    if (up->layout == JSON_BLOCK || (up->layout == JSON_LINES && (w->wrap || !up->members)))
      newline(w, up->indent + 2);
    else if (w->wrap)
      newline(w, up->indent + 1);
    else if (up->members)
      fputc(' ', w->f);
    up->members++;
  }
  w->wrap = false;
  if (key) {
    escaped(w->f, key);
    fputs(": ", w->f);
  }
}

/* A scalar just written: the document ends with it if it stands alone. */
static void scalar_done(struct json_writer *w) {
  if (w->depth == 0) fputc('\n', w->f);
}

static void open(struct json_writer *w, const char *key, enum json_layout layout, char bracket) {
  member(w, key);
  assert(w->depth < JSON_MAX_DEPTH);
  fputc(bracket, w->f);
  w->level[w->depth++] = (struct json_level){layout, bracket == '{' ? '}' : ']', w->indent, 0};
}

void json_object(struct json_writer *w, const char *key, enum json_layout layout) {
  open(w, key, layout, '{');
}

void json_array(struct json_writer *w, const char *key, enum json_layout layout) {
  open(w, key, layout, '[');
}

void json_end(struct json_writer *w) {
  assert(w->depth > 0);
  struct json_level *l = &w->level[--w->depth];
  if (l->layout != JSON_INLINE && l->members) newline(w, l->indent);
  fputc(l->close, w->f);
  w->wrap = false;
  scalar_done(w);
}

void json_wrap(struct json_writer *w) { w->wrap = true; }

void json_string(struct json_writer *w, const char *key, const char *s) {
  if (!s) {
    json_null(w, key);
    return;
  }
  member(w, key);
  escaped(w->f, s);
  scalar_done(w);
}

void json_number(struct json_writer *w, const char *key, double v) {
  if (!isfinite(v)) {
    json_null(w, key);
    return;
  }
  char buf[32];
  member(w, key);
  fputs(quantity_exact(v, buf, sizeof buf), w->f);
  scalar_done(w);
}

void json_bool(struct json_writer *w, const char *key, bool b) {
  member(w, key);
  fputs(b ? "true" : "false", w->f);
  scalar_done(w);
}

void json_null(struct json_writer *w, const char *key) {
  member(w, key);
  fputs("null", w->f);
  scalar_done(w);
}
