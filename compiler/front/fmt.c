/*
 * fmt.c - archc fmt: a source in the canonical layout (docs/language.md,
 * "Canonical layout").
 *
 * The syntax tree keeps no comments, so the formatter works on tokens: a
 * small scanner here follows grammar/lexer.l's rules but also yields
 * comments, newlines and ';', and a walk over them tracks what each bracket
 * opened (a block of statements or attributes, a fan-out, parentheses or a
 * list).  It changes only white space and redundant ';', so it runs only on
 * text the real parser accepts, and its result is scanned again and
 * compared token by token before anything is written.
 *
 * The walk builds lines (indentation, text, an alignment point, a trailing
 * comment); the writer then aligns, much as gofmt does, the '=' of
 * consecutive one-attribute lines, the ':' of consecutive edges with labels
 * and the trailing comments of a section (lines with no blank line
 * between).  Every decision is taken from the tokens and where the author
 * broke lines, never from the author's spaces, so formatting the result
 * again changes nothing.
 */
#include "internal.h"

#include <string.h>
#include <sys/stat.h>

enum tok_kind {
  T_NL, T_SEMI, T_LINE_COMMENT, T_BLOCK_COMMENT, T_OPEN, T_CLOSE, T_COMMA, T_ARROW, T_OP, T_WORD
};

struct tok {
  enum tok_kind kind;
  uint32_t at, len;
};

static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }
static bool is_id_start(char ch) {
  return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}
static bool is_id_char(char ch) { return is_id_start(ch) || is_digit(ch); }

/* The token at text[i], which is no white space. */
static struct tok scan_one(const char *text, size_t len, size_t i) {
  const char *p = text + i;
  size_t left = len - i, k = 1;
  char ch = p[0], next = left > 1 ? p[1] : '\0';
  enum tok_kind kind = T_WORD;
  if (ch == '\n' || ch == '\r') kind = T_NL;   /* a lone CR ends a line, as in lexer.l */
  else if (ch == ';') kind = T_SEMI;
  else if (ch == ',') kind = T_COMMA;
  else if (ch == '/' && next == '/') {
    kind = T_LINE_COMMENT;
    while (k < left && p[k] != '\n' && p[k] != '\r') k++;
  } else if (ch == '/' && next == '*') {
    kind = T_BLOCK_COMMENT;
    k = 2;
    while (k + 1 < left && !(p[k] == '*' && p[k + 1] == '/')) k++;
    k = k + 2 <= left ? k + 2 : left;
  } else if (ch == '-' && next == '>') {
    kind = T_ARROW;
    k = 2;
  } else if (ch == '{' || ch == '(' || ch == '[') kind = T_OPEN;
  else if (ch == '}' || ch == ')' || ch == ']') kind = T_CLOSE;
  else if ((ch == '<' || ch == '>' || ch == '=' || ch == '!') && next == '=') {
    kind = T_OP;
    k = 2;
  } else if (ch && strchr("=:+-*/<>", ch)) kind = T_OP;
  else if (ch == '"') {
    while (k < left && p[k] != '"' && p[k] != '\n' && p[k] != '\r') k += p[k] == '\\' && k + 1 < left ? 2 : 1;
    if (k < left && p[k] == '"') k++;
  } else if (is_digit(ch)) {
    /* {NUM}{MULT}?"%"?: the sign of an exponent belongs to the number. */
    while (k < left && (is_digit(p[k]) || p[k] == '_')) k++;
    if (k + 1 < left && p[k] == '.' && is_digit(p[k + 1]))
      for (k++; k < left && (is_digit(p[k]) || p[k] == '_');) k++;
    if (k + 1 < left && (p[k] == 'e' || p[k] == 'E')) {
      size_t e = k + 1;
      if (e < left && (p[e] == '+' || p[e] == '-')) e++;
      if (e < left && is_digit(p[e]))
        for (k = e; k < left && is_digit(p[k]);) k++;
    }
    while (k < left && is_id_char(p[k])) k++;
    if (k < left && p[k] == '%') k++;
  } else if (is_id_start(ch)) {
    for (;;) {
      while (k < left && is_id_char(p[k])) k++;
      if (k + 1 < left && p[k] == '.' && is_id_start(p[k + 1])) k++;
      else break;
    }
  }
  return (struct tok){kind, (uint32_t)i, (uint32_t)k};
}

static bool is_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* A line comment's text without the white space at its end. */
static uint32_t comment_len(const char *text, struct tok t) {
  uint32_t n = t.len;
  if (t.kind == T_LINE_COMMENT)
    while (n > 2 && is_space(text[t.at + n - 1])) n--;
  return n;
}

static size_t scan_all(archc *c, const char *text, size_t len, struct tok **out) {
  size_t n = 0, cap = 0;
  *out = NULL;
  /* A UTF-8 byte-order mark is skipped, as the scanner skips it; the
     formatted file is written without it. */
  size_t start = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  for (size_t i = start; i < len;) {
    /* CR LF is one line end (the CR is white space); a lone CR is a line end. */
    if (is_space(text[i]) && !(text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) {
      i++;
      continue;
    }
    struct tok t = scan_one(text, len, i);
    ARENA_PUSH(&c->arena, out, &n, &cap, t);
    i += t.len;
  }
  return n;
}

/* ---- the walk: tokens into lines ---- */

enum align { ALIGN_NONE, ALIGN_EQ, ALIGN_LABEL };

struct line {
  size_t at, len;            /* its text in the buffer, without the indentation */
  int indent;                /* in levels of two spaces */
  bool blank_before;
  int items;                 /* statements or attributes that start on it */
  enum align align;          /* padding goes at `align_at`, before " =" or " :" */
  size_t align_at;
  uint32_t comment, comment_len;  /* a trailing comment, in the source; 0 length: none */
};

/* What an open bracket holds: a list of statements or attributes (the file
   itself, or a block), where newlines separate; or a fan-out, parentheses
   or a list, where they only continue the line. */
enum ctx_kind { CTX_LIST, CTX_CONT };

struct ctx {
  enum ctx_kind kind;
  bool multi;                /* a block written over several lines */
  bool empty;                /* nothing inside written yet */
  int items;
  int indent;                /* of its items (a list), or its continuation lines */
};

struct fmt {
  archc *c;
  const char *src;
  const struct tok *t;
  size_t n;
  char *buf;
  size_t len, cap;
  struct line *lines;
  size_t n_lines, cap_lines;
  struct ctx stack[LIMIT_NESTING + 2];
  int depth;
  bool line_open;            /* the last line takes more text */
  int nl;                    /* newlines since the last token: 0, 1, 2 (a blank line) */
  bool semi;                 /* a ';' since the last token */
  bool tight;                /* the last token takes no space after it: ( [ { of a fan-out, unary - */
  const struct tok *prev;
  int item_toks;             /* tokens of the current statement or attribute */
  bool item_arrow;           /* the current statement is an edge */
};

static void put(struct fmt *f, const char *s, size_t n) {
  if (f->len + n > f->cap) {
    size_t cap = f->cap ? f->cap : 4096;
    while (cap < f->len + n) cap *= 2;
    f->buf = arena_grow(&f->c->arena, f->buf, f->cap, cap, 1);
    f->cap = cap;
  }
  memcpy(f->buf + f->len, s, n);
  f->len += n;
}

static struct line *cur(struct fmt *f) { return &f->lines[f->n_lines - 1]; }

static void new_line(struct fmt *f, int indent, bool blank) {
  struct line l = {0};
  l.at = f->len;
  l.indent = indent;
  l.blank_before = blank && f->n_lines > 0;
  ARENA_PUSH(&f->c->arena, &f->lines, &f->n_lines, &f->cap_lines, l);
  f->line_open = true;
  f->tight = true;  /* no space at the start of a line */
}

/* Text on the current line, after one space unless it starts the line or
   follows a token that takes none. */
static void append(struct fmt *f, const char *s, size_t n, bool space) {
  if (!f->line_open) new_line(f, 0, false);
  if (space && !f->tight && f->len > cur(f)->at) put(f, " ", 1);
  put(f, s, n);
  cur(f)->len = f->len - cur(f)->at;
  f->tight = false;
}

static struct ctx *top(struct fmt *f) { return &f->stack[f->depth]; }

/* The indentation of a continuation line: one level per open bracket
   inside the innermost list. */
static int cont_indent(struct fmt *f) {
  int d = f->depth, levels = 0;
  while (d > 0 && f->stack[d].kind == CTX_CONT) d--, levels++;
  return f->stack[d].indent + levels;
}

static bool text_is(struct fmt *f, const struct tok *t, const char *s) {
  return t && t->len == strlen(s) && memcmp(f->src + t->at, s, t->len) == 0;
}

/* Where the bracket at t[i] closes, and whether a line break or a comment
   lies between with something inside. */
static bool block_is_multi(struct fmt *f, size_t i) {
  int depth = 0;
  bool content = false, broken = false;
  for (size_t j = i; j < f->n; j++) {
    const struct tok *t = &f->t[j];
    if (t->kind == T_OPEN) depth++;
    if (t->kind == T_CLOSE && --depth == 0) return content && broken;
    if (j == i) continue;
    if (t->kind == T_NL || t->kind == T_LINE_COMMENT ||
        (t->kind == T_BLOCK_COMMENT && memchr(f->src + t->at, '\n', t->len)))
      broken = true;
    if (t->kind != T_NL && t->kind != T_SEMI) content = true;
  }
  return content && broken;
}

static bool push(struct fmt *f, struct ctx x) {
  if (f->depth + 1 >= (int)(sizeof f->stack / sizeof f->stack[0])) return false;
  f->stack[++f->depth] = x;
  return true;
}

static void comment(struct fmt *f, const struct tok *t) {
  struct ctx *x = top(f);
  uint32_t n = comment_len(f->src, *t);
  bool own_line = !f->line_open || f->nl > 0;
  bool ends_line = t->kind == T_LINE_COMMENT || t + 1 == f->t + f->n || t[1].kind == T_NL;
  if (own_line) {
    int indent = x->kind == CTX_LIST ? x->indent : cont_indent(f);
    new_line(f, indent, f->nl >= 2 && !x->empty);
    append(f, f->src + t->at, n, false);
    f->line_open = false;  /* what follows an own-line comment starts a line */
    f->nl = 0;
  } else if (ends_line && cur(f)->comment_len == 0 && !memchr(f->src + t->at, '\n', n)) {
    cur(f)->comment = t->at;
    cur(f)->comment_len = n;
    f->line_open = false;
    return;  /* a comment after '{' leaves the block empty: no blank line below it */
  } else {
    if (x->kind == CTX_LIST && f->semi && x->items > 0) {
      append(f, ";", 1, false);
      f->semi = false;
      x->items = 0;  /* the next token starts an item, but after no ';' */
      f->item_toks = 0;
    }
    append(f, f->src + t->at, n, true);
  }
  x->empty = false;
}

/* A closing bracket. */
static void close_bracket(struct fmt *f, const struct tok *t) {
  struct ctx x = *top(f);
  if (f->depth > 0) f->depth--;
  if (x.kind == CTX_LIST) {
    if (x.multi) new_line(f, top(f)->indent, false);
    append(f, f->src + t->at, 1, true);
  } else {
    if (f->nl > 0 || !f->line_open) new_line(f, cont_indent(f), false);
    append(f, f->src + t->at, 1, false);
  }
  f->semi = false;
  f->nl = 0;
}

static bool token(struct fmt *f, const struct tok *t) {
  struct ctx *x = top(f);
  if (t->kind == T_CLOSE) {
    close_bracket(f, t);
    f->prev = t;
    return true;
  }
  bool starts_item = false;
  if (x->kind == CTX_LIST) {
    bool broken = f->nl > 0 || !f->line_open;
    starts_item = x->items == 0 || broken || f->semi;
    if (starts_item) {
      if (broken || (x->multi && x->empty))
        new_line(f, x->indent, f->nl >= 2 && !x->empty);
      else if (x->items > 0 && f->semi)
        append(f, ";", 1, false);
      if (cur(f)->items++ > 0) cur(f)->align = ALIGN_NONE;
      x->items++;
      f->item_toks = 0;
      f->item_arrow = false;
    }
  } else if (f->nl > 0 || !f->line_open) {
    new_line(f, cont_indent(f), false);
  }
  x->empty = false;
  f->nl = 0;
  f->semi = false;

  const char *s = f->src + t->at;
  bool space = t->kind != T_COMMA;
  if (t->kind == T_OP && x->kind == CTX_LIST && cur(f)->items == 1) {
    struct line *l = cur(f);
    if (*s == '=' && t->len == 1 && f->item_toks == 1) {
      l->align = ALIGN_EQ;
      l->align_at = l->len;
    } else if (*s == ':' && f->item_arrow && l->align == ALIGN_NONE) {
      l->align = ALIGN_LABEL;
      l->align_at = l->len;
    }
  }
  bool after_arrow = f->prev && f->prev->kind == T_ARROW;
  bool unary = t->kind == T_OP && *s == '-' && f->prev &&
               (f->prev->kind == T_OP || f->prev->kind == T_OPEN || f->prev->kind == T_COMMA ||
                text_is(f, f->prev, "not") || text_is(f, f->prev, "and") ||
                text_is(f, f->prev, "or"));
  append(f, s, t->len, space);
  if (t->kind == T_ARROW) f->item_arrow = true;
  f->item_toks++;
  f->prev = t;
  if (t->kind == T_OPEN) {
    /* A '{' that starts a statement or follows '->' is a fan-out. */
    bool fanout = *s == '{' && x->kind == CTX_LIST && (starts_item || after_arrow);
    struct ctx inner = {CTX_CONT, false, true, 0, 0};
    if (*s == '{' && !fanout) {
      inner.kind = CTX_LIST;
      inner.multi = block_is_multi(f, (size_t)(t - f->t));
      inner.indent = x->kind == CTX_LIST ? x->indent + 1 : cont_indent(f) + 1;
    }
    if (!push(f, inner)) return false;
    f->tight = inner.kind == CTX_CONT;
  }
  if (unary) f->tight = true;
  return true;
}

/* ---- writing the lines ---- */

/* Display width: UTF-8 continuation bytes take no column. */
static size_t width(const char *s, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n; i++) w += ((unsigned char)s[i] & 0xC0) != 0x80;
  return w;
}

static bool alignable(const struct fmt *f, const struct line *l) {
  return !memchr(f->buf + l->at, '\n', l->len);
}

/* Where the section that starts at line i ends: the lines that follow it
   at the same indentation with no blank line between (and no comment
   spanning lines, whose width is not one line's). */
static size_t section_end(const struct fmt *f, size_t i) {
  if (!alignable(f, &f->lines[i])) return i + 1;
  size_t j = i + 1;
  while (j < f->n_lines && !f->lines[j].blank_before && f->lines[j].indent == f->lines[i].indent &&
         alignable(f, &f->lines[j]))
    j++;
  return j;
}

static void spaces(struct fmt *f, char **out, size_t *n, size_t *cap, size_t count) {
  for (size_t i = 0; i < count; i++) ARENA_PUSH(&f->c->arena, out, n, cap, ' ');
}

static void text(struct fmt *f, char **out, size_t *n, size_t *cap, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) ARENA_PUSH(&f->c->arena, out, n, cap, s[i]);
}

/* Within a section, the lines with an alignment point of one kind line it
   up, and the trailing comments line up, one space after the longest line
   that has one: an author's columns, lines without one in between. */
static void align_section(struct fmt *f, size_t from, size_t to, size_t *pad, size_t *col) {
  for (enum align a = ALIGN_EQ; a <= ALIGN_LABEL; a++) {
    size_t widest = 0;
    for (size_t j = from; j < to; j++) {
      size_t w = width(f->buf + f->lines[j].at, f->lines[j].align_at);
      if (f->lines[j].align == a && w > widest) widest = w;
    }
    for (size_t j = from; j < to; j++)
      if (f->lines[j].align == a)
        pad[j] = widest - width(f->buf + f->lines[j].at, f->lines[j].align_at);
  }
  size_t widest = 0;
  for (size_t j = from; j < to; j++) {
    size_t w = width(f->buf + f->lines[j].at, f->lines[j].len) + pad[j];
    if (f->lines[j].comment_len > 0 && w > widest) widest = w;
  }
  for (size_t j = from; j < to; j++) col[j] = widest + 1;
}

static void write_lines(struct fmt *f, const char **out, size_t *out_len) {
  size_t *pad = arena_alloc(&f->c->arena, (f->n_lines + 1) * sizeof *pad);
  size_t *col = arena_alloc(&f->c->arena, (f->n_lines + 1) * sizeof *col);
  for (size_t i = 0; i < f->n_lines;) {
    size_t end = section_end(f, i);
    align_section(f, i, end, pad, col);
    i = end;
  }
  char *o = NULL;
  size_t n = 0, cap = 0;
  for (size_t i = 0; i < f->n_lines; i++) {
    struct line *l = &f->lines[i];
    if (l->blank_before) text(f, &o, &n, &cap, "\n", 1);
    const char *s = f->buf + l->at;
    if (l->len > 0 || l->comment_len > 0) spaces(f, &o, &n, &cap, 2 * (size_t)l->indent);
    size_t split = l->align != ALIGN_NONE ? l->align_at : l->len;
    text(f, &o, &n, &cap, s, split);
    spaces(f, &o, &n, &cap, pad[i]);
    text(f, &o, &n, &cap, s + split, l->len - split);
    if (l->comment_len > 0) {
      size_t w = width(s, l->len) + pad[i];
      spaces(f, &o, &n, &cap, l->len > 0 ? col[i] - w : 0);
      text(f, &o, &n, &cap, f->src + l->comment, l->comment_len);
    }
    text(f, &o, &n, &cap, "\n", 1);
  }
  ARENA_PUSH(&f->c->arena, &o, &n, &cap, '\0');  /* text, like archc_render's */
  *out = o;
  *out_len = n - 1;
}

/* The tokens that carry meaning or comments, newlines and ';' aside, are
   the same in both texts: the formatter changed only the layout. */
static bool same_tokens(archc *c, const char *a, size_t a_len, const char *b, size_t b_len) {
  struct tok *ta, *tb;
  size_t na = scan_all(c, a, a_len, &ta), nb = scan_all(c, b, b_len, &tb), i = 0, j = 0;
  for (;;) {
    while (i < na && (ta[i].kind == T_NL || ta[i].kind == T_SEMI)) i++;
    while (j < nb && (tb[j].kind == T_NL || tb[j].kind == T_SEMI)) j++;
    if (i == na || j == nb) return i == na && j == nb;
    uint32_t la = comment_len(a, ta[i]), lb = comment_len(b, tb[j]);
    if (ta[i].kind != tb[j].kind || la != lb || memcmp(a + ta[i].at, b + tb[j].at, la) != 0)
      return false;
    i++, j++;
  }
}

int fmt_source(archc *c, uint32_t file, const char **out, size_t *out_len) {
  *out = NULL;
  *out_len = 0;
  int rc = load_syntax(c, file);
  if (rc != ARCHC_OK) return rc;
  const struct source *src = &c->sources[file];
  struct fmt f = {0};
  f.c = c;
  f.src = src->text;
  struct tok *toks;
  f.n = scan_all(c, src->text, src->len, &toks);
  f.t = toks;
  f.stack[0] = (struct ctx){CTX_LIST, true, true, 0, 0};
  bool ok = true;
  for (size_t i = 0; i < f.n && ok; i++) {
    const struct tok *t = &f.t[i];
    if (t->kind == T_NL) f.nl = f.nl < 2 ? f.nl + 1 : 2;
    else if (t->kind == T_SEMI) f.semi = true;
    else if (t->kind == T_LINE_COMMENT || t->kind == T_BLOCK_COMMENT) comment(&f, t);
    else ok = token(&f, t);
  }
  if (ok) write_lines(&f, out, out_len);
  if (!ok || !same_tokens(c, src->text, src->len, *out, *out_len)) {
    diag_plain(c, DIAG_ERROR, "%s: cannot be formatted without changing its tokens", src->path);
    diag_help(c, "this is a bug in archc fmt; the file is left as it was");
    *out = NULL;
    *out_len = 0;
    return ARCHC_DESIGN_ERROR;
  }
  return ARCHC_OK;
}

int fmt_file(archc *c, const char *path, bool check, bool *changed) {
  *changed = false;
  int64_t file = load_read(c, path);
  if (file < 0) return ARCHC_USAGE_ERROR;
  const char *out;
  size_t len;
  int rc = fmt_source(c, (uint32_t)file, &out, &len);
  if (rc != ARCHC_OK) return rc;
  const struct source *src = &c->sources[file];
  *changed = len != src->len || memcmp(out, src->text, len) != 0;
  if (check) return ARCHC_OK;
  if (strcmp(path, "-") == 0) return write_atomically(c, path, out, len);
  if (!*changed) return ARCHC_OK;
  /* The new file replaces the old one: it keeps the old one's permissions. */
  struct stat st;
  bool had_mode = stat(path, &st) == 0;
  rc = write_atomically(c, path, out, len);
  if (rc == ARCHC_OK && had_mode) chmod(path, st.st_mode & 07777);
  return rc;
}
