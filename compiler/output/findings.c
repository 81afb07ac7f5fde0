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

static void write_region(FILE *f, archc *c, struct arch_loc loc) {
  uint32_t line, col, eline, ecol;
  source_line_col(c, loc.file, loc.begin, &line, &col);
  source_line_col(c, loc.file, loc.end, &eline, &ecol);
  fprintf(f, "{\"startLine\": %u, \"startColumn\": %u, \"endLine\": %u, \"endColumn\": %u}", line,
          col, eline, ecol);
}

static void write_json(FILE *f, archc *c, const struct arch_model *m, const struct review *R) {
  fputs("{\n  \"findings\": [", f);
  for (size_t i = 0; i < R->n_findings; i++) {
    const struct finding *fd = &R->findings[i];
    const struct arch_component *comp = &m->components[fd->component];
    fputs(i ? ",\n    {" : "\n    {", f);
    fputs("\"rule\": ", f);
    json_write_string(f, fd->rule->id);
    fprintf(f, ", \"severity\": \"%s\", \"component\": ", arch_severity_names[fd->severity]);
    json_write_string(f, comp->path);
    fputs(", \"message\": ", f);
    json_write_string(f, fd->message);
    fputs(", \"help\": ", f);
    if (fd->help) json_write_string(f, fd->help); else fputs("null", f);
    fputs(", \"file\": ", f);
    json_write_string(f, c->sources[comp->loc.file].path);
    fputs(", \"region\": ", f);
    write_region(f, c, comp->loc);
    fputc('}', f);
  }
  fputs(R->n_findings ? "\n  ]\n}\n" : "]\n}\n", f);
}

static void write_sarif(FILE *f, archc *c, const struct arch_model *m, const struct review *R) {
  fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
        "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {\n"
        "      \"name\": \"archc\",\n      \"version\": ", f);
  json_write_string(f, archc_version());
  fputs(",\n      \"informationUri\": \"https://github.com/archc/archc\",\n      \"rules\": [", f);
  for (size_t r = 0; r < m->n_rules; r++) {
    const struct arch_rule *rule = &m->rules[r];
    fputs(r ? ",\n        {" : "\n        {", f);
    fputs("\"id\": ", f);
    json_write_string(f, rule->id);
    fputs(", \"shortDescription\": {\"text\": ", f);
    json_write_string(f, rule->summary ? rule->summary : rule->id);
    fputs("}", f);
    if (rule->help) {
      fputs(", \"help\": {\"text\": ", f);
      json_write_string(f, rule->help);
      fputs("}", f);
    }
    fprintf(f, ", \"defaultConfiguration\": {\"level\": \"%s\", \"enabled\": %s}}",
            sarif_level(rule->severity), rule->severity == SEV_OFF ? "false" : "true");
  }
  fputs("\n      ]\n    }},\n    \"results\": [", f);
  for (size_t i = 0; i < R->n_findings; i++) {
    const struct finding *fd = &R->findings[i];
    const struct arch_component *comp = &m->components[fd->component];
    fputs(i ? ",\n      {" : "\n      {", f);
    fputs("\"ruleId\": ", f);
    json_write_string(f, fd->rule->id);
    fprintf(f, ", \"ruleIndex\": %zu, \"level\": \"%s\", \"message\": {\"text\": ",
            (size_t)(fd->rule - m->rules), sarif_level(fd->severity));
    json_write_string(f, fd->message);
    fputs("},\n       \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", f);
    json_write_string(f, c->sources[comp->loc.file].path);
    fputs("}, \"region\": ", f);
    write_region(f, c, comp->loc);
    fputs("}, \"logicalLocations\": [{\"fullyQualifiedName\": ", f);
    json_write_string(f, comp->path);
    fputs("}]}]}", f);
  }
  fputs(R->n_findings ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n", f);
}

int findings_write(archc *c, const struct output_input *in, const char *format, FILE *f) {
  if (!in->review) return ARCHC_USAGE_ERROR;
  if (strcmp(format, "sarif") == 0) {
    write_sarif(f, c, in->model, in->review);
  } else if (strcmp(format, "json") == 0) {
    write_json(f, c, in->model, in->review);
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
