/*
 * diag.c - diagnostics in the format of clang and gcc:
 *
 *   design.arch:12:10: error: unknown component 'links_dbb'
 *      12 | api -> links_dbb
 *         |        ^~~~~~~~~
 *     help: did you mean 'links_db'?
 *
 * Columns count UTF-8 code points.  The quoted line is made safe to print
 * (control bytes and broken UTF-8 become '?') and long lines are shown as a
 * window around the caret, so hostile input cannot flood the terminal.
 * After LIMIT_ERRORS errors the compilation stops reporting.
 */
#include "internal.h"

#include <stdarg.h>
#include <string.h>
#include <strings.h>

enum { WINDOW_BEFORE = 60, WINDOW_WIDTH = 160 };

static const char *level_name[] = {"error", "warning", "note"};
static const char *level_color[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0.  The
   scanner checks strings with it too. */
size_t utf8_len(const unsigned char *p, size_t n) {
  size_t len = p[0] < 0x80 ? 1 : (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3
             : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || len > n) return 0;
  for (size_t i = 1; i < len; i++)
    if ((p[i] & 0xC0) != 0x80) return 0;
  return len;
}

/* Display columns from a to b (code points, each invalid byte one column). */
static uint32_t columns(const char *text, uint32_t a, uint32_t b) {
  uint32_t cols = 0;
  while (a < b) {
    size_t n = utf8_len((const unsigned char *)text + a, b - a);
    a += n ? (uint32_t)n : 1;
    cols++;
  }
  return cols;
}

/* Print text[a, b) with unprintable bytes replaced; if `blank`, print the
   spaces (and tabs) that put a caret under text[b]. */
static void put_span(FILE *f, const char *text, uint32_t a, uint32_t b, bool blank) {
  /* The common case, plain printable ASCII, goes out in one write. */
  uint32_t plain = a;
  while (!blank && plain < b && (unsigned char)text[plain] >= 0x20 && (unsigned char)text[plain] < 0x7f)
    plain++;
  if (plain == b) {
    fwrite(text + a, 1, b - a, f);
    return;
  }
  while (a < b) {
    const unsigned char *p = (const unsigned char *)text + a;
    size_t n = utf8_len(p, b - a);
    if (blank) {
      fputc(*p == '\t' ? '\t' : ' ', f);
    } else if (n == 1 && (*p == '\t' || (*p >= 0x20 && *p < 0x7f))) {
      fputc(*p, f);
    } else if (n > 1) {
      fwrite(p, 1, n, f);
    } else {
      fputc('?', f);
    }
    a += n ? (uint32_t)n : 1;
  }
}

static bool count_and_check(archc *c, enum diag_level level) {
  if (c->uncapped) return !(c->muted = false);
  if (c->errors_only && level != DIAG_ERROR) return !(c->muted = true);
  if (level == DIAG_NOTE) return !c->muted;
  c->muted = c->stop;
  if (c->stop) return false;
  if (level == DIAG_ERROR) {
    if (c->n_errors == LIMIT_ERRORS) {
      if (!c->opt.quiet)
        fprintf(c->diag_out, "archc: error: too many errors (%d); stopping\n", LIMIT_ERRORS);
      c->stop = c->muted = true;
      c->n_errors++;
      return false;
    }
    c->n_errors++;
  } else {
    c->n_warnings++;
  }
  return true;
}

static void print_header(archc *c, enum diag_level level, const char *where) {
  FILE *f = c->diag_out;
  if (c->opt.color)
    fprintf(f, "\033[1m%s: %s%s:\033[0m\033[1m ", where, level_color[level], level_name[level]);
  else
    fprintf(f, "%s: %s: ", where, level_name[level]);
}

static void print_quote(archc *c, struct arch_loc loc) {
  FILE *f = c->diag_out;
  struct source *s = &c->sources[loc.file];
  uint32_t line, col;
  source_line_col(c, loc.file, loc.begin, &line, &col);
  uint32_t ls = s->line_start[line - 1];
  uint32_t le = ls;
  while (le < s->len && s->text[le] != '\n' && s->text[le] != '\r') le++;
  uint32_t begin = loc.begin < ls ? ls : loc.begin > le ? le : loc.begin;
  uint32_t end = loc.end < begin ? begin : loc.end > le ? le : loc.end;

  uint32_t from = begin - ls > WINDOW_BEFORE ? begin - WINDOW_BEFORE : ls;
  uint32_t to = le - from > WINDOW_WIDTH ? from + WINDOW_WIDTH : le;
  if (end > to) end = to;
  while (from > ls && from < s->len && ((unsigned char)s->text[from] & 0xC0) == 0x80) from++;
  while (to < le && ((unsigned char)s->text[to] & 0xC0) == 0x80) to--;

  char num[16];
  int width = snprintf(num, sizeof num, "%u", line);
  if (width < 4) width = 4;
  fprintf(f, "%*u | ", width, line);
  const char *lead = from > ls ? "..." : "";
  fputs(lead, f);
  put_span(f, s->text, from, to, false);
  fputs(to < le ? "...\n" : "\n", f);

  fprintf(f, "%*s | %s", width, "", *lead ? "   " : "");
  put_span(f, s->text, from, begin, true);
  if (c->opt.color) fputs("\033[1;32m", f);
  fputc('^', f);
  uint32_t cols = columns(s->text, begin, end);
  for (uint32_t i = 1; i < cols; i++) fputc('~', f);
  if (c->opt.color) fputs("\033[0m", f);
  fputc('\n', f);
}

/* ---- diagnostics as structures, for the library's callback ----
 *
 * A diagnostic's help line comes in a later call, so the structure waits
 * as `pending` until the next diagnostic or the end of the library call
 * (diag_flush) and is delivered whole. */

void diag_flush(archc *c) {
  if (!c->has_pending) return;
  c->has_pending = false;
  c->opt.on_diagnostic(c->opt.diagnostic_ctx, &c->pending);
}

__attribute__((format(printf, 4, 0)))
static void record(archc *c, enum diag_level level, const struct arch_loc *loc, const char *fmt,
                   va_list ap) {
  diag_flush(c);
  static const enum archc_severity severity[] = {ARCHC_ERROR, ARCHC_WARNING, ARCHC_NOTE};
  struct archc_diagnostic d = {severity[level], NULL, 0, 0, 0, 0, NULL, NULL, c->rule};
  if (loc) {
    const struct source *s = &c->sources[loc->file];
    d.file = s->path;
    source_line_col(c, loc->file, loc->begin, &d.line, &d.column);
    source_line_col(c, loc->file, loc->end, &d.end_line, &d.end_column);
  }
  char buf[1024];
  vsnprintf(buf, sizeof buf, fmt, ap);
  d.message = arena_strdup(&c->arena, buf);
  c->pending = d;
  c->has_pending = true;
}

void diag_at(archc *c, enum diag_level level, struct arch_loc loc, const char *fmt, ...) {
  if (!count_and_check(c, level)) return;
  va_list ap;
  if (c->opt.on_diagnostic) {
    va_start(ap, fmt);
    record(c, level, &loc, fmt, ap);
    va_end(ap);
  }
  if (c->opt.quiet) return;
  struct source *s = &c->sources[loc.file];
  uint32_t line, col;
  source_line_col(c, loc.file, loc.begin, &line, &col);
  uint32_t ls = s->line_start[line - 1];
  char where[4096];
  snprintf(where, sizeof where, "%s:%u:%u", s->path, line,
           columns(s->text, ls, loc.begin > s->len ? s->len : loc.begin) + 1);
  print_header(c, level, where);
  va_start(ap, fmt);
  vfprintf(c->diag_out, fmt, ap);
  va_end(ap);
  /* A finding's rule: printed after the message, a field of its own for
     the callback. */
  if (c->rule) fprintf(c->diag_out, " [%s]", c->rule);
  fputs(c->opt.color ? "\033[0m\n" : "\n", c->diag_out);
  print_quote(c, loc);
}

void diag_help(archc *c, const char *fmt, ...) {
  if (c->muted) return;
  va_list ap;
  if (c->has_pending && !c->pending.help) {
    char buf[1024];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    c->pending.help = arena_strdup(&c->arena, buf);
  }
  if (c->opt.quiet) return;
  fputs(c->opt.color ? "  \033[1mhelp:\033[0m " : "  help: ", c->diag_out);
  va_start(ap, fmt);
  vfprintf(c->diag_out, fmt, ap);
  va_end(ap);
  fputc('\n', c->diag_out);
}

void diag_plain(archc *c, enum diag_level level, const char *fmt, ...) {
  if (!count_and_check(c, level)) return;
  va_list ap;
  if (c->opt.on_diagnostic) {
    va_start(ap, fmt);
    record(c, level, NULL, fmt, ap);
    va_end(ap);
  }
  if (c->opt.quiet) return;
  print_header(c, level, "archc");
  va_start(ap, fmt);
  vfprintf(c->diag_out, fmt, ap);
  va_end(ap);
  fputs(c->opt.color ? "\033[0m\n" : "\n", c->diag_out);
}

void diag_summary(archc *c, const char *fmt, ...) {
  if (c->opt.quiet) return;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(c->diag_out, fmt, ap);
  va_end(ap);
  fputc('\n', c->diag_out);
}

/* Optimal-string-alignment distance (Levenshtein plus adjacent swaps),
   giving up early once every entry of a row exceeds `limit`. */
size_t diag_edit_distance(const char *a, const char *b, size_t limit) {
  size_t n = strlen(a), m = strlen(b);
  if (n > LIMIT_IDENT || m > LIMIT_IDENT) return limit + 1;
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  size_t rows[3][LIMIT_IDENT + 1];
  size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
  for (size_t j = 0; j <= m; j++) prev[j] = j;
  for (size_t i = 1; i <= n; i++) {
    cur[0] = i;
    size_t best = cur[0];
    for (size_t j = 1; j <= m; j++) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      if (prev[j - 1] + cost < v) v = prev[j - 1] + cost;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
        v = prev2[j - 2] + 1;
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    size_t *t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}

const char *diag_suggest(const char *name, const char *const *cands, size_t n) {
  /* The same word in another case is the likeliest meaning ('mb' is MB). */
  for (size_t i = 0; i < n; i++)
    if (cands[i] && strcmp(cands[i], name) != 0 && strcasecmp(cands[i], name) == 0) return cands[i];
  size_t len = strlen(name);
  size_t limit = len < 3 ? 1 : len / 3 + 1;
  const char *best = NULL;
  size_t best_d = limit + 1;
  for (size_t i = 0; i < n; i++) {
    if (!cands[i] || strcmp(cands[i], name) == 0) continue;
    size_t d = diag_edit_distance(name, cands[i], limit);
    if (d < best_d) {
      best_d = d;
      best = cands[i];
    }
  }
  return best;
}
