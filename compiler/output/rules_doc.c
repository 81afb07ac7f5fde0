/*
 * rules_doc.c - `archc rules` and `archc explain RULE`.
 */
#include "output.h"

#include <string.h>

#include "model.h"
#include "review.h"

int rules_list(const struct arch_model *m, FILE *out) {
  size_t width = 4;
  for (size_t r = 0; r < m->n_rules; r++)
    if (strlen(m->rules[r].id) > width) width = strlen(m->rules[r].id);
  for (size_t r = 0; r < m->n_rules; r++) {
    const struct arch_rule *rule = &m->rules[r];
    fprintf(out, "%-*s  %-7s  %s\n", (int)width, rule->id, arch_severity_names[rule->severity],
            rule->summary ? rule->summary : "");
  }
  return ARCHC_OK;
}

/* The rule's section of docs/rules.md ("### id" to the next heading), from
   the installed documentation or the source tree; false if neither has it. */
static bool print_rule_doc(const char *id, FILE *out) {
  static const char *const places[] = {ARCHC_DOCS_INSTALLED "/rules.md", ARCHC_DOCS_SOURCE "/rules.md"};
  for (size_t i = 0; i < 2; i++) {
    FILE *f = fopen(places[i], "r");
    if (!f) continue;
    char line[2048], heading[256];
    snprintf(heading, sizeof heading, "### %s\n", id);
    bool inside = false, printed = false;
    while (fgets(line, sizeof line, f)) {
      if (inside && (strncmp(line, "### ", 4) == 0 || strncmp(line, "## ", 3) == 0)) break;
      if (inside && (printed || line[0] != '\n')) fputs(line, out), printed = true;
      if (strcmp(line, heading) == 0) inside = true;
    }
    fclose(f);
    if (printed) return true;
  }
  return false;
}

int rules_explain(archc *c, const struct arch_model *m, const char *id, FILE *out) {
  if (!review_known_rule(c, m, id)) return ARCHC_USAGE_ERROR;
  const struct arch_rule *rule = arch_find_rule(m, id);
  uint32_t line, col;
  source_line_col(c, rule->loc.file, rule->loc.begin, &line, &col);
  fprintf(out, "%s (%s by default)\n\n", rule->id, arch_severity_names[rule->severity]);
  if (rule->summary) fprintf(out, "%s\n\n", rule->summary);
  fprintf(out, "Applies to: ");
  if (!rule->applies) fputs("every component", out);
  for (size_t i = 0; i < rule->n_applies; i++)
    fprintf(out, "%s%s", i ? ", " : "", rule->applies[i]->name);
  const struct source *src = &c->sources[rule->when->loc.file];
  fprintf(out, "\nFlags a component when: %.*s\n", (int)(rule->when->loc.end - rule->when->loc.begin),
          src->text + rule->when->loc.begin);
  fprintf(out, "Message: %s\n", rule->message);
  if (rule->help) fprintf(out, "How to fix it: %s\n", rule->help);
  if (rule->source) fprintf(out, "Source: %s\n", rule->source);
  if (rule->see) fprintf(out, "See: %s\n", rule->see);
  fprintf(out, "Defined at %s:%u\n", c->sources[rule->loc.file].path, line);
  if (rule->see && strncmp(rule->see, "docs/rules.md#", 14) == 0) {
    fputc('\n', out);
    print_rule_doc(id, out);
  }
  return ARCHC_OK;
}

