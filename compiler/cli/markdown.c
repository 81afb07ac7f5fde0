/*
 * markdown.c - `archc markdown IN.md -o OUT.md --assets DIR`: every ```arch
 * fence of a Markdown file becomes a picture, and the rest of the file
 * passes through byte for byte.
 *
 * Three passes, so that a broken fence leaves nothing behind:
 *
 *   find_fences   the fences, by CommonMark's rules for fenced code (an
 *                 opener indented at most three spaces, closed by a run of
 *                 the same character at least as long), so ```arch inside
 *                 a longer fence, a ~~~ fence or indented code is text;
 *   compile       each arch fence is one compilation, loaded as a buffer
 *                 named after the Markdown file and preceded by as many
 *                 newlines as there are lines before its first line, so
 *                 its diagnostics point into the Markdown file;
 *   publish       only when every fence compiled: the pictures, then the
 *                 document, each written only when its bytes changed, so
 *                 a rerun touches nothing.
 *
 * A picture's name is a hash of its fence (options and text): the same
 * fence gives the same file, and a changed one a new file, which no cache
 * can confuse with the old.
 */
#define _POSIX_C_SOURCE 200809L

#include "markdown.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- bytes ---- */

struct buffer {
  char *data;
  size_t len, size;
};

static bool put(struct buffer *b, const char *data, size_t len) {
  if (b->len + len + 1 > b->size) {
    size_t size = b->size ? b->size : 4096;
    while (b->len + len + 1 > size) size *= 2;
    char *grown = realloc(b->data, size);
    if (!grown) return false;
    b->data = grown;
    b->size = size;
  }
  memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
  return true;
}

static bool puts_(struct buffer *b, const char *s) { return put(b, s, strlen(s)); }

/* The whole of `path` ("-": standard input); false, reported, if unreadable. */
static bool read_all(const char *path, struct buffer *b) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "archc: error: cannot read '%s': %s\n", path, strerror(errno));
    return false;
  }
  char chunk[65536];
  size_t n;
  bool ok = put(b, "", 0);
  while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0) ok = put(b, chunk, n);
  if (ferror(f)) {
    fprintf(stderr, "archc: error: cannot read '%s': %s\n", path, strerror(errno));
    ok = false;
  }
  if (f != stdin) fclose(f);
  return ok;
}

/* Whether `path` holds exactly these bytes: then writing it again would
   only change its time. */
static bool same_content(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  bool same = true;
  char chunk[65536];
  size_t at = 0, n;
  while (same && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    same = at + n <= len && memcmp(chunk, data + at, n) == 0;
    at += n;
  }
  same = same && !ferror(f) && at == len;
  fclose(f);
  return same;
}

/* The document's own write, the way the library writes its outputs (which
   it cannot do for bytes that are not one of its formats): a temporary
   file beside the target, renamed over it. */
static bool write_atomically(const char *path, const char *data, size_t len) {
  if (strcmp(path, "-") == 0) {
    if (fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0) return true;
    fprintf(stderr, "archc: error: cannot write to standard output: %s\n", strerror(errno));
    return false;
  }
  size_t size = strlen(path) + sizeof ".tmp-XXXXXX";
  char *tmp = malloc(size);
  if (!tmp) return false;
  snprintf(tmp, size, "%s.tmp-XXXXXX", path);
  int err = 0;
  int fd = mkstemp(tmp);
  if (fd < 0) {
    err = errno;
  } else {
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0) err = errno;
    for (size_t at = 0; !err && at < len;) {
      ssize_t n = write(fd, data + at, len - at);
      if (n < 0 && errno != EINTR) err = errno;
      if (n > 0) at += (size_t)n;
    }
    if (close(fd) != 0 && !err) err = errno;
    if (!err && rename(tmp, path) != 0) err = errno;
    if (err) unlink(tmp);
  }
  free(tmp);
  if (err) fprintf(stderr, "archc: error: cannot write '%s': %s\n", path, strerror(err));
  return !err;
}

/* FNV-1a, 64 bits: a picture's name from its fence's bytes. */
static uint64_t fnv1a(uint64_t h, const char *data, size_t len) {
  for (size_t i = 0; i < len; i++) {
    h ^= (unsigned char)data[i];
    h *= UINT64_C(0x100000001b3);
  }
  return h;
}

/* ---- finding the fences ---- */

/* A line of the document: [begin, end) without its line break, `next`
   after it. */
struct line {
  size_t begin, end, next;
};

static struct line line_at(const char *t, size_t len, size_t at) {
  struct line l = {at, at, at};
  while (l.end < len && t[l.end] != '\n') l.end++;
  l.next = l.end < len ? l.end + 1 : len;
  if (l.end > l.begin && t[l.end - 1] == '\r') l.end--;
  return l;
}

/* A fence's opening or closing run: `indent` spaces (at most three), then
   `count` of `mark` (` or ~, three or more); `info` starts after it. */
struct run {
  char mark;
  size_t indent, count, info;
};

static bool fence_run(const char *t, struct line l, struct run *r) {
  size_t at = l.begin;
  while (at < l.end && t[at] == ' ' && at - l.begin < 4) at++;
  if (at - l.begin > 3 || at == l.end || (t[at] != '`' && t[at] != '~')) return false;
  r->indent = at - l.begin;
  r->mark = t[at];
  while (at < l.end && t[at] == r->mark) at++;
  r->count = at - l.begin - r->indent;
  r->info = at;
  return r->count >= 3;
}

/* An opener; a backtick fence's info string may hold no backtick (then the
   line is inline code, not a fence). */
static bool opens(const char *t, struct line l, struct run *r) {
  if (!fence_run(t, l, r)) return false;
  return r->mark == '~' || !memchr(t + r->info, '`', l.end - r->info);
}

/* Whether `l` closes the fence `open`: the same character, at least as
   many, and nothing after but spaces. */
static bool closes(const char *t, struct line l, const struct run *open) {
  struct run r;
  if (!fence_run(t, l, &r) || r.mark != open->mark || r.count < open->count) return false;
  for (size_t at = r.info; at < l.end; at++)
    if (t[at] != ' ' && t[at] != '\t') return false;
  return true;
}

/* One ```arch fence and, once compiled, its picture. */
struct fence {
  size_t begin, end;           /* the opener's first byte to the closer's line break */
  size_t body, body_end;       /* the design */
  size_t options, options_end; /* after the word arch, on the opener */
  const char *newline;         /* the closer's line break, to end the replacement */
  size_t newline_len;          /* 0 at the end of a file without one */
  unsigned line, body_line;    /* the opener's, the design's first (1-based) */
  size_t indent, count;         /* the opener's spaces and backticks (or tildes) */
  bool unclosed;
  const struct archc_format *format;
  int direction, theme, style;
  char view[64];               /* view=NAME; "": the library's default */
  char name[40];               /* arch-<hash>.svg */
  char stem[24];               /* arch-<hash>: the name's, and the SVG's id prefix */
  archc *c;
  struct archc_write_options write;
  const char *picture;         /* rendered, in c's arena */
  size_t picture_len;
  const char *title;           /* the design's, or NULL */
};

struct fences {
  struct fence *items;
  size_t n, size;
};

static struct fence *add_fence(struct fences *f) {
  if (f->n == f->size) {
    size_t size = f->size ? 2 * f->size : 8;
    struct fence *grown = realloc(f->items, size * sizeof *grown);
    if (!grown) return NULL;
    f->items = grown;
    f->size = size;
  }
  struct fence *fence = &f->items[f->n++];
  memset(fence, 0, sizeof *fence);
  return fence;
}

static bool is_space(char ch) { return ch == ' ' || ch == '\t'; }

/* "FILE:LINE:COL: error: MESSAGE", the line quoted and a caret under
   [col, col + width), as the library prints its diagnostics. */
static void fence_error(FILE *out, const char *file, const char *t, struct line l, unsigned line,
                        size_t at, size_t width, const char *message, const char *help) {
  fprintf(out, "%s:%u:%zu: error: %s\n", file, line, at - l.begin + 1, message);
  fprintf(out, "%4u | %.*s\n     | ", line, (int)(l.end - l.begin), t + l.begin);
  for (size_t i = l.begin; i < at; i++) fputc(t[i] == '\t' ? '\t' : ' ', out);
  fputc('^', out);
  for (size_t i = 1; i < width; i++) fputc('~', out);
  fputc('\n', out);
  if (help) fprintf(out, "  help: %s\n", help);
}

/* Every ```arch fence of the document into *out; an unclosed one is an
   error (a Markdown renderer would let it run to the end of the file and
   swallow the rest), reported in its turn.  False when out of memory. */
static bool find_fences(const char *t, size_t len, struct fences *out) {
  unsigned line = 1;
  for (size_t at = 0; at < len;) {
    struct line l = line_at(t, len, at);
    struct run open;
    at = l.next;
    if (!opens(t, l, &open)) {
      line++;
      continue;
    }
    size_t word = open.info;
    while (word < l.end && is_space(t[word])) word++;
    size_t word_end = word;
    while (word_end < l.end && !is_space(t[word_end])) word_end++;
    bool arch = word_end - word == 4 && memcmp(t + word, "arch", 4) == 0;
    unsigned opener_line = line++;
    size_t body = at;
    struct line c = {len, len, len};
    bool closed = false;
    while (at < len && !closed) {
      c = line_at(t, len, at);
      closed = closes(t, c, &open);
      if (!closed) at = c.next, line++;
    }
    if (!arch) {
      if (closed) at = c.next, line++;
      continue;
    }
    struct fence *f = add_fence(out);
    if (!f) return false;
    f->unclosed = !closed;
    f->count = open.count;
    f->begin = l.begin;
    f->end = c.next;
    f->newline = t + c.end;
    f->newline_len = c.next - c.end;
    f->body = body;
    f->body_end = c.begin;
    f->options = word_end;
    f->options_end = l.end;
    f->line = opener_line;
    f->body_line = opener_line + 1;
    f->indent = open.indent;
    at = c.next;
    line++;
  }
  return true;
}

/* ---- a fence's options ---- */

/* Each in the library's numbering: 0, 1, 2; enum archc_theme; enum archc_style. */
static const char *const direction_words[] = {"auto", "lr", "tb", NULL};
static const char *const theme_words[] = {"light", "dark", "auto", NULL};
static const char *const style_words[] = {"review", "plain", NULL};

static const char options_help[] =
  "an arch fence takes direction=auto|lr|tb, format=svg|png, theme=light|dark|auto,\n"
  "        style=review|plain and view=NAME";

/* An option whose value is one of `words`: *value gets its index. */
struct word_option {
  const char *name;
  const char *const *words;
  const char *help;
};
static const struct word_option word_options[] = {
  {"direction", direction_words, "use direction=auto, lr or tb"},
  {"theme", theme_words, "use theme=light, dark or auto"},
  {"style", style_words, "use style=review or plain"},
};

/* The fence's value of word_options[i]. */
static int *word_option_value(struct fence *f, size_t i) {
  return i == 0 ? &f->direction : i == 1 ? &f->theme : &f->style;
}

/* direction=lr format=png theme=dark style=plain: into f; the number of
   errors, each reported at its option. */
static int read_options(FILE *out, const char *file, const char *t, size_t len,
                        struct fence *f) {
  struct line l = line_at(t, len, f->begin);
  int errors = 0;
  enum { N_WORD_OPTIONS = sizeof word_options / sizeof word_options[0] };
  bool seen[N_WORD_OPTIONS + 2] = {false};  /* and format, and view, last */
  for (size_t at = f->options; at < f->options_end;) {
    while (at < f->options_end && is_space(t[at])) at++;
    if (at == f->options_end) break;
    size_t end = at;
    while (end < f->options_end && !is_space(t[end])) end++;
    const char *eq = memchr(t + at, '=', end - at);
    size_t name_len = eq ? (size_t)(eq - (t + at)) : end - at;
    size_t value_len = eq ? (size_t)(t + end - (eq + 1)) : 0;
    char name[16] = "", value[sizeof f->view] = "";
    if (name_len < sizeof name) memcpy(name, t + at, name_len);
    if (value_len < sizeof value && eq) memcpy(value, eq + 1, value_len);
    size_t option = 0;
    while (option < N_WORD_OPTIONS && strcmp(name, word_options[option].name) != 0) option++;
    bool format = strcmp(name, "format") == 0, view = strcmp(name, "view") == 0;
    if (format) option = N_WORD_OPTIONS;
    if (view) option = N_WORD_OPTIONS + 1;
    const char *bad = NULL, *help = NULL;
    char message[160];
    if (!eq || name_len == 0 || value_len == 0) {
      bad = "expected an option NAME=VALUE after arch";
      help = options_help;
    } else if (option <= N_WORD_OPTIONS + 1 && seen[option]) {
      snprintf(message, sizeof message, "%s is given twice", name);
      bad = message;
    } else if (format) {
      if (strcmp(value, "svg") != 0 && strcmp(value, "png") != 0)
        bad = "unknown format", help = "a page shows format=svg or format=png";
      else f->format = archc_format_named(ARCHC_DIAGRAM, value);
    } else if (view) {
      /* The design's views are known once it is compiled: the library
         reports an unknown one then. */
      if (value_len >= sizeof f->view) bad = "the view's name is too long";
      else memcpy(f->view, value, value_len + 1);
    } else if (option < N_WORD_OPTIONS) {
      const struct word_option *o = &word_options[option];
      int k = 0;
      while (o->words[k] && strcmp(value, o->words[k]) != 0) k++;
      if (o->words[k]) *word_option_value(f, option) = k;
      else {
        snprintf(message, sizeof message, "unknown %s", o->name);
        bad = message;
        help = o->help;
      }
    } else {
      snprintf(message, sizeof message, "unknown option '%.*s' in an arch fence",
               (int)(name_len > 40 ? 40 : name_len), t + at);
      bad = message;
      help = options_help;
    }
    if (option <= N_WORD_OPTIONS + 1) seen[option] = true;
    if (bad) {
      fence_error(out, file, t, l, f->line, at, end - at, bad, help);
      errors++;
    }
    at = end;
  }
  return errors;
}

/* ---- compiling a fence ---- */

/* Whether `name` is a view of `c`'s design, or all. */
static bool known_view(archc *c, const char *name) {
  struct archc_view v;
  for (size_t i = 0; i < archc_view_count(c); i++)
    if (archc_view_at(c, i, &v) == ARCHC_OK && strcmp(v.name, name) == 0) return true;
  return strcmp(name, "all") == 0;
}

static FILE *errors_of(const struct markdown_request *m) { return m->errors ? m->errors : stderr; }

/* The fence's design, its estimate and review, drawn in memory.  The
   design is loaded with a newline for each line before it, so the
   library's diagnostics give Markdown lines and quote them. */
static int compile(const struct markdown_request *m, const struct archc_options *options,
                   const char *file, const char *t, struct fence *f) {
  archc *c = f->c = archc_new(options);
  if (!c) return ARCHC_NO_MEMORY;
  size_t lead = f->body_line - 1, len = lead + (f->body_end - f->body);
  char *text = malloc(len + 1);
  if (!text) return ARCHC_NO_MEMORY;
  memset(text, '\n', lead);
  memcpy(text + lead, t + f->body, f->body_end - f->body);
  int rc = archc_load_buffer(c, file, text, len);
  free(text);
  if (rc == ARCHC_OK) rc = archc_resolve(c);
  if (rc == ARCHC_OK && archc_component_count(c) == 0) {
    fprintf(errors_of(m), "%s:%u:%zu: error: the arch fence declares no components\n"
                    "  help: a design needs at least one, such as: service api\n",
            file, f->line, f->indent + 1);
    rc = ARCHC_DESIGN_ERROR;
  }
  if (rc == ARCHC_OK && f->view[0] && !known_view(c, f->view)) {
    const char *names[66] = {"all"};
    size_t n = 1;
    struct archc_view v;
    for (size_t i = 0; i < archc_view_count(c) && n < 66; i++)
      if (archc_view_at(c, i, &v) == ARCHC_OK) names[n++] = v.name;
    const char *best = archc_suggest(f->view, names, n);
    fprintf(errors_of(m), "%s:%u:%zu: error: unknown view '%s' in the arch fence\n", file, f->line,
            f->indent + 1, f->view);
    if (best) fprintf(errors_of(m), "  help: did you mean 'view=%s'?\n", best);
    else fputs("  help: view= names a view the design declares, overview or all\n", errors_of(m));
    rc = ARCHC_DESIGN_ERROR;
  }
  archc_estimate *e = NULL;
  archc_review *review = NULL;
  struct archc_what_if what_if = {m->scale, NULL, 0, NULL};
  /* The plain style draws neither, so the findings would be noise. */
  bool plain = f->style == ARCHC_STYLE_PLAIN;
  if (rc == ARCHC_OK && !plain && !m->no_estimates && archc_has_workload(c))
    rc = archc_estimate_run(c, &what_if, &e);
  /* As `archc design.arch` draws it: the findings printed and on the
     picture, and an error finding no reason to withhold the picture. */
  if (rc == ARCHC_OK && !plain && !m->no_review) {
    int review_rc = archc_review_run(c, e, &m->review, &review);
    if (review_rc == ARCHC_OK) archc_print_findings(c, review);
    else if (review_rc != ARCHC_DESIGN_ERROR) rc = review_rc;
  }
  /* The id prefix is the picture's name, so that the SVG drawn here and the
     one archc_write puts in its file are the same bytes, and pictures
     inlined in one page have ids of their own. */
  f->write = (struct archc_write_options){.estimate = e, .review = review,
                                          .direction = f->direction, .theme = f->theme,
                                          .transparent = m->transparent, .id_prefix = f->stem,
                                          .dpi = m->dpi, .style = f->style,
                                          .view = f->view[0] ? f->view : NULL};
  if (rc == ARCHC_OK) rc = archc_render(c, f->format, &f->write, &f->picture, &f->picture_len);
  f->title = rc == ARCHC_OK ? archc_title(c) : NULL;
  return rc;
}

/* arch-<hash of the options and the design>.svg */
static void name_picture(const char *t, struct fence *f) {
  uint64_t h = UINT64_C(0xcbf29ce484222325);  /* FNV-1a's offset basis */
  h = fnv1a(h, t + f->options, f->options_end - f->options);
  h = fnv1a(h, "\n", 1);
  h = fnv1a(h, t + f->body, f->body_end - f->body);
  snprintf(f->stem, sizeof f->stem, "arch-%016llx", (unsigned long long)h);
  snprintf(f->name, sizeof f->name, "%s.%s", f->stem, f->format->name);
}

/* ---- paths ---- */

/* `path` absolute and without . or .. parts, into b ("/" for the root). */
static bool absolute(const char *path, struct buffer *b) {
  struct buffer raw = {0};
  char cwd[4096];
  bool ok = true;
  if (path[0] != '/') ok = getcwd(cwd, sizeof cwd) && puts_(&raw, cwd) && puts_(&raw, "/");
  ok = ok && puts_(&raw, path);
  b->len = 0;
  ok = ok && put(b, "", 0);
  char *rest = NULL;
  for (char *part = ok ? strtok_r(raw.data, "/", &rest) : NULL; part;
       part = strtok_r(NULL, "/", &rest)) {
    if (strcmp(part, ".") == 0) continue;
    if (strcmp(part, "..") == 0) {
      while (b->len > 0 && b->data[--b->len] != '/') {}
      b->data[b->len] = '\0';
      continue;
    }
    ok = ok && puts_(b, "/") && puts_(b, part);
  }
  if (ok && b->len == 0) ok = puts_(b, "/");
  free(raw.data);
  return ok;
}

/* The directory `path` is in ("." for a bare name). */
static bool directory_of(const char *path, struct buffer *b) {
  const char *slash = strrchr(path, '/');
  if (!slash) return puts_(b, ".");
  return slash == path ? puts_(b, "/") : put(b, path, (size_t)(slash - path));
}

/* `to` relative to `from`, both directories, into b with a trailing '/'
   (empty when they are the same): what a link in a page in `from` says to
   reach a file in `to`. */
static bool relative(const char *from, const char *to, struct buffer *b) {
  struct buffer f = {0}, t = {0};
  bool ok = absolute(from, &f) && absolute(to, &t) && put(&f, "/", 1) && put(&t, "/", 1);
  size_t common = 0;
  for (size_t i = 0; ok && f.data[i] && f.data[i] == t.data[i]; i++)
    if (f.data[i] == '/') common = i + 1;
  for (size_t i = common; ok && f.data[i]; i++)
    if (f.data[i] == '/') ok = puts_(b, "../");
  ok = ok && puts_(b, t.data + common);
  if (ok && b->len == 1 && b->data[0] == '/') b->len = 0;  /* the root for both */
  free(f.data);
  free(t.data);
  return ok && put(b, "", 0);
}

/* mkdir -p: the assets' directory may be new. */
static bool make_directories(const char *dir) {
  struct buffer b = {0};
  bool ok = puts_(&b, dir);
  for (size_t i = 1; ok && i <= b.len; i++) {
    if (b.data[i] != '/' && b.data[i] != '\0') continue;
    char saved = b.data[i];
    b.data[i] = '\0';
    if (mkdir(b.data, 0777) != 0 && errno != EEXIST) {
      fprintf(stderr, "archc: error: cannot create '%s': %s\n", b.data, strerror(errno));
      ok = false;
    }
    b.data[i] = saved;
  }
  free(b.data);
  return ok;
}

/* ---- publishing ---- */

/* The SVG from its <svg> element on: the XML declaration and DOCTYPE are
   not allowed in HTML, and Markdown passes the element through as HTML. */
static bool put_inline_svg(struct buffer *b, const struct fence *f) {
  const char *svg = f->picture, *end = f->picture + f->picture_len;
  for (const char *p = svg; p + 4 < end; p++)
    if (memcmp(p, "<svg", 4) == 0) {
      svg = p;
      break;
    }
  /* Each line indented as the fence was, so that it stays in its list
     item; a blank line would end the HTML block, and Graphviz writes none. */
  const char *eol = f->newline_len ? f->newline : "\n";
  size_t eol_len = f->newline_len ? f->newline_len : 1;
  bool ok = true;
  for (const char *p = svg; ok && p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *stop = nl ? nl : end;
    bool last = !nl || nl + 1 >= end;
    if (stop > p)
      ok = put(b, "        ", f->indent) && put(b, p, (size_t)(stop - p)) &&
           (last ? put(b, f->newline, f->newline_len) : put(b, eol, eol_len));
    p = nl ? nl + 1 : end;
  }
  return ok;
}

/* ![title](link): the title with Markdown's bracket characters escaped. */
static bool put_link(struct buffer *b, const struct fence *f, const char *link_dir) {
  bool ok = put(b, "        ", f->indent) && puts_(b, "![");
  const char *title = f->title ? f->title : "diagram";
  for (const char *p = title; ok && *p; p++)
    ok = (!strchr("[]\\", *p) || put(b, "\\", 1)) && put(b, p, 1);
  ok = ok && puts_(b, "](") && puts_(b, link_dir) && puts_(b, f->name) && puts_(b, ")");
  return ok && put(b, f->newline, f->newline_len);
}

/* A picture into the assets' directory, unless it is already there with
   the same bytes; through the library, which writes atomically. */
static int write_picture(const char *assets, struct fence *f) {
  struct buffer path = {0};
  int rc = puts_(&path, assets) && puts_(&path, "/") && puts_(&path, f->name) ? ARCHC_OK
                                                                              : ARCHC_NO_MEMORY;
  if (rc == ARCHC_OK && !same_content(path.data, f->picture, f->picture_len))
    rc = archc_write(f->c, f->format, path.data, &f->write);
  free(path.data);
  return rc;
}

static bool is_inline(const struct markdown_request *m, const struct fence *f) {
  return m->inline_svg && strcmp(f->format->name, "svg") == 0;
}

/* The pictures, then the document: the text between the fences as it was,
   each fence replaced by its picture's link or by the picture. */
static int publish(const struct markdown_request *m, const char *t, size_t len,
                   struct fences *fences) {
  bool need_assets = false;
  for (size_t i = 0; i < fences->n; i++) need_assets |= !is_inline(m, &fences->items[i]);
  if (need_assets && !make_directories(m->assets)) return ARCHC_USAGE_ERROR;
  int rc = ARCHC_OK;
  for (size_t i = 0; rc == ARCHC_OK && i < fences->n; i++)
    if (!is_inline(m, &fences->items[i])) rc = write_picture(m->assets, &fences->items[i]);
  if (rc != ARCHC_OK) return rc;

  struct buffer from = {0}, link_dir = {0}, doc = {0};
  bool to_stdout = strcmp(m->output, "-") == 0;
  bool ok = to_stdout ? puts_(&from, ".") : directory_of(m->output, &from);
  ok = ok && (!need_assets || relative(from.data, m->assets, &link_dir)) && put(&link_dir, "", 0);
  ok = ok && put(&doc, "", 0);
  size_t at = 0;
  for (size_t i = 0; ok && i < fences->n; i++) {
    const struct fence *f = &fences->items[i];
    ok = put(&doc, t + at, f->begin - at) &&
         (is_inline(m, f) ? put_inline_svg(&doc, f) : put_link(&doc, f, link_dir.data));
    at = f->end;
  }
  ok = ok && put(&doc, t + at, len - at);
  if (!ok) rc = ARCHC_NO_MEMORY;
  else if ((to_stdout || !same_content(m->output, doc.data, doc.len)) &&
           (!(to_stdout || make_directories(from.data)) ||
            !write_atomically(m->output, doc.data, doc.len)))
    rc = ARCHC_USAGE_ERROR;
  free(from.data);
  free(link_dir.data);
  free(doc.data);
  return rc;
}

/* Every fence of `t` found, its options read and its design compiled and
   drawn in memory, into *fences (freed by free_fences).  Every fence is
   compiled, even after a broken one, so that one run reports every
   mistake. */
static int compile_all(const struct markdown_request *m, const struct archc_options *options,
                       const char *file, const char *t, size_t len, struct fences *fences) {
  int rc = find_fences(t, len, fences) ? ARCHC_OK : ARCHC_NO_MEMORY;
  for (size_t i = 0; rc != ARCHC_NO_MEMORY && i < fences->n; i++) {
    struct fence *f = &fences->items[i];
    f->format = archc_format_named(ARCHC_DIAGRAM, "svg");
    f->direction = m->direction;
    f->theme = m->theme;
    f->style = m->style;
    int fence_rc = read_options(errors_of(m), file, t, len, f) ? ARCHC_DESIGN_ERROR : ARCHC_OK;
    if (f->unclosed) {
      struct line l = line_at(t, len, f->begin);
      fence_error(errors_of(m), file, t, l, f->line, f->begin + f->indent, f->count,
                  "this arch fence is never closed",
                  "end it with a line of as many backticks (or tildes) as open it");
      fence_rc = ARCHC_DESIGN_ERROR;
    }
    if (fence_rc == ARCHC_OK) {
      name_picture(t, f);
      fence_rc = compile(m, options, file, t, f);
    }
    if (fence_rc != ARCHC_OK && (rc == ARCHC_OK || fence_rc > rc)) rc = fence_rc;
  }
  return rc;
}

static void free_fences(struct fences *fences) {
  for (size_t i = 0; i < fences->n; i++) archc_free(fences->items[i].c);
  free(fences->items);
}

int markdown_compile_text(const struct markdown_request *m, const char *file, const char *text,
                          size_t len) {
  struct fences fences = {0};
  int rc = compile_all(m, &m->library, file, text, len, &fences);
  free_fences(&fences);
  return rc;
}

/* Whether two paths name one file: writing the page over its source would
   replace its fences with links, and the next run would have none to draw. */
static bool same_file(const char *a, const char *b) {
  struct stat sa, sb;
  return strcmp(a, "-") != 0 && strcmp(b, "-") != 0 && stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int markdown_run(const struct markdown_request *m) {
  const char *file = strcmp(m->input, "-") == 0 ? "<stdin>" : m->input;
  if (same_file(m->input, m->output)) {
    fprintf(stderr, "archc: error: '%s' would be written over its own source\n"
                    "  help: keep the page with its fences apart: docs/README.src.md -o README.md\n",
            m->output);
    return ARCHC_USAGE_ERROR;
  }
  struct buffer text = {0};
  if (!read_all(m->input, &text)) return ARCHC_USAGE_ERROR;
  /* A buffer's imports are relative to the current directory; a fence's
     should be relative to its page, wherever archc runs: the page's
     directory is searched after the -I ones. */
  struct buffer page_dir = {0};
  size_t n_dirs = m->library.n_include_dirs;
  const char **dirs = malloc((n_dirs + 1) * sizeof *dirs);
  if (!dirs || !directory_of(strcmp(m->input, "-") == 0 ? "." : m->input, &page_dir)) {
    free(dirs);
    free(text.data);
    return ARCHC_NO_MEMORY;
  }
  if (n_dirs) memcpy(dirs, m->library.include_dirs, n_dirs * sizeof *dirs);
  dirs[n_dirs] = page_dir.data;
  struct archc_options options = m->library;
  options.include_dirs = dirs;
  options.n_include_dirs = n_dirs + 1;
  struct fences fences = {0};
  int rc = compile_all(m, &options, file, text.data, text.len, &fences);
  bool need_assets = false;
  for (size_t i = 0; i < fences.n; i++) need_assets |= !is_inline(m, &fences.items[i]);
  if (rc == ARCHC_OK && need_assets && !m->assets) {
    fprintf(stderr, "archc: error: the pictures need a directory: give --assets DIR%s\n",
            m->inline_svg ? " (--inline puts only SVG in the page)" : "");
    rc = ARCHC_USAGE_ERROR;
  }
  if (rc == ARCHC_OK) rc = publish(m, text.data, text.len, &fences);
  free_fences(&fences);
  free(text.data);
  free(page_dir.data);
  free(dirs);
  return rc;
}
