/*
 * foreign.c - a diagram in another language, pasted into a .arch file.
 *
 * People paste what they have: a Mermaid flowchart, a PlantUML diagram, a
 * D2 file.  Parsed as .arch, each line is a syntax error and the real
 * message (wrong language) is lost in the cascade.  So before parsing, the
 * first meaningful lines are read for signs that no .arch file shows:
 *
 *   Mermaid   `graph TD`, `flowchart LR`, `sequenceDiagram`, ... first
 *   PlantUML  `@startuml` first
 *   D2        `direction: right`, or `shape:` (`db: { shape: cylinder }`)
 *
 * and one error says which language it is, with the same idea in .arch.
 * Every sign is a syntax error in .arch, so no valid design is refused.
 */
#include "internal.h"

#include <ctype.h>
#include <string.h>

enum { LINES_LOOKED_AT = 20 };

struct line { const char *text; uint32_t at, len; };

/* The next line from *pos with its blanks trimmed; false at the end. */
static bool next_line(const char *text, uint32_t len, uint32_t *pos, struct line *out) {
  if (*pos >= len) return false;
  uint32_t b = *pos, e = b;
  while (e < len && text[e] != '\n' && text[e] != '\r') e++;
  *pos = e < len ? e + 1 : e;
  while (b < e && (text[b] == ' ' || text[b] == '\t')) b++;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) e--;
  *out = (struct line){text, b, e - b};
  return true;
}

static bool starts(const struct line *l, const char *word) {
  size_t n = strlen(word);
  return l->len >= n && memcmp(l->text + l->at, word, n) == 0;
}

/* `word` alone or followed by a blank or ';'. */
static bool starts_word(const struct line *l, const char *word) {
  size_t n = strlen(word);
  if (!starts(l, word)) return false;
  char after = l->len > n ? l->text[l->at + n] : ' ';
  return after == ' ' || after == '\t' || after == ';';
}

/* `s` in the line outside strings, so that a .arch label never counts. */
static bool contains(const struct line *l, const char *s) {
  size_t n = strlen(s);
  bool quoted = false;
  for (uint32_t i = 0; i + n <= l->len; i++) {
    char ch = l->text[l->at + i];
    if (ch == '"') quoted = !quoted;
    else if (quoted && ch == '\\') i++;
    else if (!quoted && memcmp(l->text + l->at + i, s, n) == 0) return true;
  }
  return false;
}

static bool is_mermaid(const struct line *l) {
  static const char *const diagrams[] = {
    "sequenceDiagram", "classDiagram", "stateDiagram", "stateDiagram-v2", "erDiagram",
    "journey", "gantt", "C4Context", "C4Container", "architecture-beta"};
  static const char *const dirs[] = {"TD", "TB", "LR", "RL", "BT"};
  for (size_t i = 0; i < sizeof diagrams / sizeof diagrams[0]; i++)
    if (starts_word(l, diagrams[i])) return true;
  const char *kw = starts_word(l, "graph") ? "graph" : starts_word(l, "flowchart") ? "flowchart" : NULL;
  if (!kw) return false;
  struct line rest = *l;
  rest.at += (uint32_t)strlen(kw);
  rest.len -= (uint32_t)strlen(kw);
  while (rest.len && (rest.text[rest.at] == ' ' || rest.text[rest.at] == '\t')) rest.at++, rest.len--;
  if (rest.len == 0) return strcmp(kw, "flowchart") == 0;
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
    if (starts_word(&rest, dirs[i])) return true;
  return false;
}

/* D2's unquoted edge label ('a -> b: reads') is not a sign by itself: it
   is also the .arch mistake of a label without quotes, which the parser
   names. */
static bool is_d2(const struct line *l) {
  return starts(l, "direction:") || contains(l, "shape:");
}

/* A comment in .arch or in one of the three languages: not a sign either way. */
static bool is_comment(const struct line *l) {
  return l->len == 0 || starts(l, "//") || starts(l, "%%") || starts(l, "#") || starts(l, "'");
}

bool foreign_diagram(archc *c, uint32_t file) {
  const struct source *s = &c->sources[file];
  uint32_t pos = s->len >= 3 && memcmp(s->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  struct line l;
  const char *lang = NULL;
  bool first = true;
  bool in_block = false;   /* inside a .arch block comment */
  for (int seen = 0; seen < LINES_LOOKED_AT && next_line(s->text, s->len, &pos, &l);) {
    if (in_block) {
      in_block = !contains(&l, "*/");
      continue;
    }
    if (starts(&l, "/*")) {
      in_block = !contains(&l, "*/");
      continue;
    }
    if (is_comment(&l)) continue;
    seen++;
    if (first && starts(&l, "@startuml")) lang = "PlantUML";
    else if (first && is_mermaid(&l)) lang = "Mermaid";
    else if (is_d2(&l)) lang = "D2";
    first = false;
    if (lang) break;
  }
  if (!lang) return false;
  struct arch_loc at = {file, l.at, l.at + l.len};
  diag_at(c, DIAG_ERROR, at, "this looks like a %s diagram, not .arch", lang);
  diag_help(c, "in .arch, declare each component with its kind (which gives its shape), "
               "then the edges, labels in quotes:\n"
               "        service api\n"
               "        database db\n"
               "        api -> db : \"reads\"");
  return true;
}
