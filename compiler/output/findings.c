/*
 * findings.c - the review's findings as JSON and SARIF 2.1.0.
 */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "estimate.h"
#include "json.h"
#include "model.h"
#include "review.h"

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
    json_end(w);
  }
  json_end(w);
  json_end(w);
}

/* A SARIF physicalLocation: the file and the region in it. */
static void sarif_place(struct json_writer *w, archc *c, struct arch_loc loc) {
  json_object(w, "physicalLocation", JSON_INLINE);
  json_object(w, "artifactLocation", JSON_INLINE);
  json_string(w, "uri", c->sources[loc.file].path);
  json_end(w);
  write_region(w, c, loc);
  json_end(w);
}

static void write_sarif(struct json_writer *w, archc *c, const struct arch_model *m,
                        const struct review *R) {
  json_object(w, NULL, JSON_BLOCK);
  json_string(w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  json_string(w, "version", "2.1.0");
  json_array(w, "runs", JSON_INLINE);
  json_object(w, NULL, JSON_BLOCK);
  json_object(w, "tool", JSON_INLINE);
  json_object(w, "driver", JSON_BLOCK);
  json_string(w, "name", "archc");
  json_string(w, "version", archc_version());
  json_string(w, "informationUri", "https://github.com/archc/archc");
  json_array(w, "rules", JSON_BLOCK);
  for (size_t r = 0; r < m->n_rules; r++) {
    const struct arch_rule *rule = &m->rules[r];
    json_object(w, NULL, JSON_INLINE);
    json_string(w, "id", rule->id);
    json_object(w, "shortDescription", JSON_INLINE);
    json_string(w, "text", rule->summary ? rule->summary : rule->id);
    json_end(w);
    if (rule->help) {
      json_object(w, "help", JSON_INLINE);
      json_string(w, "text", rule->help);
      json_end(w);
    }
    json_object(w, "defaultConfiguration", JSON_INLINE);
    json_string(w, "level", sarif_level(rule->severity));
    json_bool(w, "enabled", rule->severity != SEV_OFF);
    json_end(w);
    json_end(w);
  }
  json_end(w);  /* rules */
  json_end(w);  /* driver */
  json_end(w);  /* tool */
  json_array(w, "results", JSON_BLOCK);
  for (size_t i = 0; i < R->n_findings; i++) {
    const struct finding *fd = &R->findings[i];
    const struct arch_component *comp = &m->components[fd->component];
    json_object(w, NULL, JSON_INLINE);
    json_string(w, "ruleId", fd->rule->id);
    json_number(w, "ruleIndex", (double)(fd->rule - m->rules));
    json_string(w, "level", sarif_level(fd->severity));
    json_object(w, "message", JSON_INLINE);
    json_string(w, "text", fd->message);
    json_end(w);
    json_wrap(w);
    json_array(w, "locations", JSON_INLINE);
    json_object(w, NULL, JSON_INLINE);
    sarif_place(w, c, review_finding_loc(m, fd));
    json_array(w, "logicalLocations", JSON_INLINE);
    json_object(w, NULL, JSON_INLINE);
    json_string(w, "fullyQualifiedName", comp->path);
    json_end(w);
    json_end(w);
    json_end(w);
    json_end(w);  /* locations */
    if (fd->edge >= 0) {
      /* Located at the call; the component it is about is declared here. */
      json_wrap(w);
      json_array(w, "relatedLocations", JSON_INLINE);
      json_object(w, NULL, JSON_INLINE);
      json_number(w, "id", 1);
      sarif_place(w, c, comp->loc);
      json_object(w, "message", JSON_INLINE);
      json_string(w, "text", arena_printf(&c->arena, "%s is declared here", comp->path));
      json_end(w);
      json_end(w);
      json_end(w);
    }
    json_end(w);
  }
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
