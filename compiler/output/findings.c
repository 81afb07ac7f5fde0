/*
 * findings.c - the review's findings as JSON and SARIF 2.1.0.
 *
 * SARIF is written for code-scanning services: files are URIs relative to
 * %SRCROOT%, the directory archc ran in (a repository's root in CI), and
 * the run names that base without its absolute path (SARIF 2.1.0,
 * 3.14.14: a producer may omit it), so the log is the same on every
 * machine and reveals no home directory.  A file outside that directory
 * gets an absolute file: URI.  Each rule links its section of the
 * documentation.
 */
#include "output.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "estimate.h"
#include "json.h"
#include "model.h"
#include "review.h"

/* Where archc lives.  A rule's `see` that is a path ("docs/rules.md#spof")
   is one in this repository. */
#define ARCHC_HOME "https://github.com/archc/archc"
#define ARCHC_DOCS ARCHC_HOME "/blob/main/"
#define SRCROOT "%SRCROOT%"

/* ---- JSON and SARIF ---- */

static const char *sarif_level(enum arch_severity s) {
  return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

static void write_region(struct json_writer *w, archc *c, struct arch_loc loc) {
  uint32_t line, col, eline, ecol;
  source_line_col(c, loc.file, loc.begin, &line, &col);
  source_line_col(c, loc.file, loc.end, &eline, &ecol);
  json_object(w, "region", JSON_INLINE);
  json_number(w, "startLine", line);
  json_number(w, "startColumn", col);
  json_number(w, "endLine", eline);
  json_number(w, "endColumn", ecol);
  json_end(w);
}

/* The call a finding is about, or null. */
static void write_edge(struct json_writer *w, const struct arch_model *m, int edge) {
  if (edge < 0) {
    json_null(w, "edge");
    return;
  }
  json_object(w, "edge", JSON_INLINE);
  json_string(w, "from", m->components[m->edges[edge].from].path);
  json_string(w, "to", m->components[m->edges[edge].to].path);
  json_end(w);
}

static void write_json(struct json_writer *w, archc *c, const struct arch_model *m,
                       const struct review *R) {
  json_object(w, NULL, JSON_BLOCK);
  json_array(w, "findings", JSON_BLOCK);
  for (size_t i = 0; i < R->n_findings; i++) {
    const struct finding *fd = &R->findings[i];
    const struct arch_component *comp = &m->components[fd->component];
    json_object(w, NULL, JSON_INLINE);
    json_string(w, "rule", fd->rule->id);
    json_string(w, "severity", arch_severity_names[fd->severity]);
    json_string(w, "component", comp->path);
    json_string(w, "message", fd->message);
    json_string(w, "help", fd->help);
    write_edge(w, m, fd->edge);
    struct arch_loc loc = review_finding_loc(m, fd);
    json_string(w, "file", c->sources[loc.file].path);
    write_region(w, c, loc);
    json_array(w, "notes", JSON_INLINE);
    for (size_t k = 0; k < fd->n_notes; k++) {
      /* A finding of the same cause keeps what it had: rule, severity,
         component, help; a plain note has null there. */
      const struct analysis_note *note = &fd->notes[k];
      json_object(w, NULL, JSON_INLINE);
      json_string(w, "message", note->message);
      json_string(w, "rule", note->rule ? note->rule->id : NULL);
      json_string(w, "severity", note->rule ? arch_severity_names[note->severity] : NULL);
      json_string(w, "component", note->rule ? m->components[note->component].path : NULL);
      json_string(w, "help", note->rule ? note->help : NULL);
      json_string(w, "file", c->sources[note->loc.file].path);
      write_region(w, c, note->loc);
      json_end(w);
    }
    json_end(w);
    json_end(w);
  }
  json_end(w);
  json_end(w);
}

/* What writing one SARIF log needs. */
struct sarif {
  struct json_writer *w;
  archc *c;
  const struct arch_model *m;
  char cwd[PATH_MAX];  /* %SRCROOT%; "" when unknown */
};

static bool unreserved(unsigned char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '-' || ch == '.' || ch == '_' || ch == '~';
}

/* `prefix` then `path` as a URI path: every byte but RFC 3986's unreserved
   characters and '/' percent-encoded, so a space or '#' in a file name
   stays part of it. */
static const char *uri_path(struct arena *a, const char *prefix, const char *path) {
  size_t n = strlen(prefix);
  char *out = arena_alloc(a, n + 3 * strlen(path) + 1), *o = out + n;
  memcpy(out, prefix, n);
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if (unreserved(*p) || *p == '/') *o++ = (char)*p;
    else o += sprintf(o, "%%%02X", *p);
  }
  *o = '\0';
  return out;
}

/* The part of canonical path `real` below the directory archc ran in, or
   NULL when it is not below it. */
static const char *below_cwd(const char *cwd, const char *real) {
  size_t n = strlen(cwd);
  if (n == 0 || strncmp(real, cwd, n) != 0) return NULL;
  if (cwd[n - 1] == '/') return real + n;  /* the root */
  return real[n] == '/' ? real + n + 1 : NULL;
}

/* A physicalLocation: the file and the region in it.  Nothing for a
   source that is no file (standard input): the result's logical location
   still names the component. */
static void sarif_place(struct sarif *s, struct arch_loc loc) {
  const struct source *src = &s->c->sources[loc.file];
  if (!src->real) return;
  struct json_writer *w = s->w;
  const char *rel = below_cwd(s->cwd, src->real);
  json_object(w, "physicalLocation", JSON_INLINE);
  json_object(w, "artifactLocation", JSON_INLINE);
  if (rel) {
    json_string(w, "uri", uri_path(&s->c->arena, "", rel));
    json_string(w, "uriBaseId", SRCROOT);
  } else {
    json_string(w, "uri", uri_path(&s->c->arena, "file://", src->real));
  }
  json_end(w);
  write_region(w, s->c, loc);
  json_end(w);
}

/* Whether `s` starts with a URI scheme ("https:"). */
static bool has_scheme(const char *s) {
  size_t i = 0;
  while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
         (i > 0 && ((s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.')))
    i++;
  return i > 0 && s[i] == ':';
}

static void sarif_text(struct json_writer *w, const char *key, const char *text) {
  json_object(w, key, JSON_INLINE);
  json_string(w, "text", text);
  json_end(w);
}

static void sarif_rule(struct sarif *s, const struct arch_rule *rule) {
  struct json_writer *w = s->w;
  json_object(w, NULL, JSON_INLINE);
  json_string(w, "id", rule->id);
  sarif_text(w, "shortDescription", review_rule_text(s->c, rule->summary ? rule->summary : rule->id));
  /* The help is the rule's, not a finding's: "Run the component with ...". */
  if (rule->help) sarif_text(w, "help", review_rule_text(s->c, rule->help));
  /* helpUri must be absolute (3.49.12). */
  if (rule->see)
    json_string(w, "helpUri", has_scheme(rule->see) ? rule->see
                                                    : arena_printf(&s->c->arena, ARCHC_DOCS "%s", rule->see));
  json_object(w, "defaultConfiguration", JSON_INLINE);
  json_string(w, "level", sarif_level(rule->severity));
  json_bool(w, "enabled", rule->severity != SEV_OFF);
  json_end(w);
  json_end(w);
}

static void sarif_result(struct sarif *s, const struct finding *fd) {
  struct json_writer *w = s->w;
  const struct arch_model *m = s->m;
  const struct arch_component *comp = &m->components[fd->component];
  json_object(w, NULL, JSON_INLINE);
  json_string(w, "ruleId", fd->rule->id);
  json_number(w, "ruleIndex", (double)(fd->rule - m->rules));
  json_string(w, "level", sarif_level(fd->severity));
  sarif_text(w, "message", fd->message);
  json_wrap(w);
  json_array(w, "locations", JSON_INLINE);
  json_object(w, NULL, JSON_INLINE);
  sarif_place(s, review_finding_loc(m, fd));
  json_array(w, "logicalLocations", JSON_INLINE);
  json_object(w, NULL, JSON_INLINE);
  json_string(w, "fullyQualifiedName", comp->path);
  json_end(w);
  json_end(w);
  json_end(w);
  json_end(w);  /* locations */
  if (fd->edge >= 0 || fd->at || fd->n_notes) {
    /* Located at the call or an attribute: the component it is about is
       declared here; then the other places the finding concerns. */
    json_wrap(w);
    json_array(w, "relatedLocations", JSON_INLINE);
    int id = 1;
    if (fd->edge >= 0 || fd->at) {
      json_object(w, NULL, JSON_INLINE);
      json_number(w, "id", id++);
      sarif_place(s, comp->loc);
      sarif_text(w, "message", arena_printf(&s->c->arena, "%s is declared here", comp->path));
      json_end(w);
    }
    for (size_t k = 0; k < fd->n_notes; k++) {
      const struct analysis_note *note = &fd->notes[k];
      json_object(w, NULL, JSON_INLINE);
      json_number(w, "id", id++);
      sarif_place(s, note->loc);
      /* A finding of the same cause, attached here: its rule and level in the text. */
      sarif_text(w, "message", note->rule ? arena_printf(&s->c->arena, "%s: %s [%s]",
                                                         sarif_level(note->severity), note->message,
                                                         note->rule->id)
                                          : note->message);
      json_end(w);
    }
    json_end(w);
  }
  json_end(w);
}

static void write_sarif(struct json_writer *w, archc *c, const struct arch_model *m,
                        const struct review *R) {
  struct sarif s = {w, c, m, ""};
  if (!getcwd(s.cwd, sizeof s.cwd)) s.cwd[0] = '\0';
  json_object(w, NULL, JSON_BLOCK);
  json_string(w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  json_string(w, "version", "2.1.0");
  json_array(w, "runs", JSON_INLINE);
  json_object(w, NULL, JSON_BLOCK);
  json_object(w, "tool", JSON_INLINE);
  json_object(w, "driver", JSON_BLOCK);
  json_string(w, "name", "archc");
  json_string(w, "version", archc_version());
  json_string(w, "informationUri", ARCHC_HOME);
  json_array(w, "rules", JSON_BLOCK);
  for (size_t r = 0; r < m->n_rules; r++) sarif_rule(&s, &m->rules[r]);
  json_end(w);  /* rules */
  json_end(w);  /* driver */
  json_end(w);  /* tool */
  json_object(w, "originalUriBaseIds", JSON_INLINE);
  json_object(w, SRCROOT, JSON_INLINE);
  sarif_text(w, "description", "The directory archc ran in; its absolute path is left out so that "
                               "the log is the same on every machine.");
  json_end(w);
  json_end(w);
  json_array(w, "results", JSON_BLOCK);
  for (size_t i = 0; i < R->n_findings; i++) sarif_result(&s, &R->findings[i]);
  json_end(w);  /* results */
  json_end(w);  /* the run */
  json_end(w);  /* runs */
  json_end(w);
}

int findings_write(archc *c, const struct output_input *in, const char *format, FILE *f) {
  if (!in->review) return ARCHC_USAGE_ERROR;
  struct json_writer w;
  json_start(&w, f);
  if (strcmp(format, "sarif") == 0) {
    write_sarif(&w, c, in->model, in->review);
  } else if (strcmp(format, "json") == 0) {
    write_json(&w, c, in->model, in->review);
  } else {
    /* Diagnostics' form, but into the output and never coloured: a file is
       read later, away from the terminal the colour was chosen for. */
    FILE *diag_out = c->diag_out;
    int color = c->opt.color;
    c->diag_out = f;
    c->opt.color = 0;
    review_print(c, in->model, in->review);
    c->diag_out = diag_out;
    c->opt.color = color;
  }
  return ARCHC_OK;
}
