/*
 * scorecard.c - a design against its requirements, the way an interviewer
 * would score it (docs/practice.md): each requirement met, missed or not
 * addressed with the figure that decides it; the review's findings in the
 * order an interviewer raises them (correctness: lost traffic and single
 * points of failure; then capacity; then hygiene); a score per area; and
 * the single most valuable next step.  Formats: text, json, and hint (one
 * question towards that next step, which does not give the answer away).
 *
 * The figures are requirements.c's; the findings the review's.  The
 * areas of a rule come from the stdlib file that defines it
 * (availability.arch: reliability; capacity.arch: scalability), and the
 * traffic rules, whose file may change, by name.
 */
#include "output.h"

#include <math.h>
#include <string.h>

#include "estimate.h"
#include "json.h"
#include "quantity.h"
#include "requirements.h"
#include "review.h"

enum area { AREA_CORRECTNESS, AREA_CAPACITY, AREA_HYGIENE };
static const char *const area_names[] = {"correctness", "capacity", "hygiene"};

/* Rules whose findings are traffic the design loses or miscounts. */
static const char *const traffic_rules[] = {"traffic_lost", "idle_edge", "duplicate_edge",
                                            "sync_cycle"};

static bool file_is(archc *c, struct arch_loc loc, const char *base) {
  if (loc.file >= c->n_sources) return false;
  const char *path = c->sources[loc.file].path, *slash = strrchr(path, '/');
  return strcmp(slash ? slash + 1 : path, base) == 0;
}

static bool reliability_rule(archc *c, const struct arch_rule *r) {
  return file_is(c, r->loc, "availability.arch");
}

static bool capacity_rule(archc *c, const struct arch_rule *r) {
  return file_is(c, r->loc, "capacity.arch");
}

static enum area area_of(archc *c, const struct finding *f) {
  for (size_t i = 0; i < sizeof traffic_rules / sizeof traffic_rules[0]; i++)
    if (strcmp(f->rule->id, traffic_rules[i]) == 0) return AREA_CORRECTNESS;
  if (reliability_rule(c, f->rule) && f->severity >= SEV_WARNING) return AREA_CORRECTNESS;
  if (capacity_rule(c, f->rule)) return AREA_CAPACITY;
  return AREA_HYGIENE;
}

struct card {
  archc *c;
  const struct arch_model *m;
  const struct estimate *E;
  const struct review *R;
  struct req_check *check;
  const struct finding **order;   /* the findings, as an interviewer raises them */
  enum area *areas;               /* per entry of order */
  size_t n_order;
  int score[4];                   /* requirements, scalability, reliability, estimates; -1: n/a */
  const char *why[4];
  const char *next;               /* the next step */
  const char *hint;
  const char *next_component;     /* what it is about, or NULL */
};

static const char *const score_names[4] = {"requirements", "scalability", "reliability", "estimates"};

static void order_findings(struct card *k) {
  size_t n = k->R ? k->R->n_findings : 0;
  k->order = arena_alloc(&k->c->arena, (n + 1) * sizeof *k->order);
  k->areas = arena_alloc(&k->c->arena, (n + 1) * sizeof *k->areas);
  for (int area = AREA_CORRECTNESS; area <= AREA_HYGIENE; area++)
    for (int sev = SEV_ERROR; sev >= SEV_NOTE; sev--)
      for (size_t i = 0; i < n; i++) {
        const struct finding *f = &k->R->findings[i];
        if ((int)f->severity != sev || (int)area_of(k->c, f) != area) continue;
        k->areas[k->n_order] = (enum area)area;
        k->order[k->n_order++] = f;
      }
}

static int clamp(int v) { return v < 0 ? 0 : v > 10 ? 10 : v; }

static void score(struct card *k) {
  struct arena *a = &k->c->arena;
  const struct req_check *q = k->check;
  /* Requirements: the share met. */
  if (q->n) {
    k->score[0] = (int)lround(10.0 * (double)q->met / (double)q->n);
    k->why[0] = arena_printf(a, "%zu of %zu met, %zu missed, %zu not addressed", q->met, q->n,
                             q->missed, q->not_addressed);
  } else {
    k->score[0] = -1;
    k->why[0] = "no requirements stated";
  }
  /* Scalability and reliability: findings of their rules, and misses. */
  int errors[2] = {0}, warnings[2] = {0}, misses[2] = {0};
  for (size_t i = 0; k->R && i < k->R->n_findings; i++) {
    const struct finding *f = &k->R->findings[i];
    int which = capacity_rule(k->c, f->rule) ? 0 : reliability_rule(k->c, f->rule) ? 1 : -1;
    if (which < 0) continue;
    errors[which] += f->severity == SEV_ERROR;
    warnings[which] += f->severity == SEV_WARNING;
  }
  for (size_t i = 0; i < q->n; i++) {
    if (q->results[i].status != REQ_MISSED) continue;
    enum arch_req_what w = q->results[i].req->what;
    misses[w == REQ_RATE || w == REQ_LATENCY || w == REQ_HEADROOM ? 0 : 1]++;
  }
  for (int j = 0; j < 2; j++) {
    /* Nothing to judge yet is not a full score. */
    if (j == 0 ? !k->E : k->m->n_components == 0) {
      k->score[1 + j] = -1;
      k->why[1 + j] = j == 0 ? "no workload yet: nothing to measure" : "no design yet";
      continue;
    }
    k->score[1 + j] = clamp(10 - 3 * errors[j] - warnings[j] - 2 * misses[j]);
    k->why[1 + j] = arena_printf(a, "%d error%s, %d warning%s from the %s rules; %d requirement%s missed",
                                 errors[j], errors[j] == 1 ? "" : "s", warnings[j],
                                 warnings[j] == 1 ? "" : "s", j ? "availability" : "capacity",
                                 misses[j], misses[j] == 1 ? "" : "s");
  }
  /* Estimates: the components that carry load and have a capacity to
     measure it against; a flow planned below its required rate. */
  if (!k->E) {
    k->score[3] = 0;
    k->why[3] = "no workload: nothing is estimated";
    return;
  }
  size_t loaded = 0, sized = 0;
  for (size_t v = 0; v < k->m->n_components; v++) {
    const struct est_component *x = &k->E->components[v];
    if (arch_component_has(&k->m->components[v], TRAIT_ORIGINATES) || x->reads + x->writes <= 0)
      continue;
    loaded++;
    sized += x->capacity > 0;
  }
  int below = 0;
  for (size_t i = 0; i < q->n; i++)
    below += q->results[i].req->what == REQ_RATE && q->results[i].status == REQ_MISSED &&
             q->results[i].component < 0;
  if (!loaded) {
    k->score[3] = 0;
    k->why[3] = "no traffic reaches a component";
    return;
  }
  k->score[3] = clamp((int)lround(10.0 * (double)sized / (double)loaded) - 2 * below);
  k->why[3] = arena_printf(a, "%zu of %zu loaded components have a capacity; %d flow%s planned "
                           "below its required rate", sized, loaded, below, below == 1 ? "" : "s");
}

/* The single most valuable next step, in the order of the interview:
   the flows asked for, the numbers, then the requirements missed (the
   question asked comes first), correctness errors, the rest not
   addressed, capacity errors, and warnings. */
static void next_step(struct card *k) {
  struct arena *a = &k->c->arena;
  const struct req_check *q = k->check;
  for (int pass = 0; pass < 7; pass++) {
    for (size_t i = 0; i < q->n && pass != 3 && pass != 5 && pass != 6; i++) {
      const struct req_result *r = &q->results[i];
      bool take = pass == 0 ? r->status == REQ_NOT_ADDRESSED && r->req->flow && r->req->flow_index < 0
                : pass == 1 ? r->status == REQ_NOT_ADDRESSED && r->req->flow && !k->E
                : pass == 2 ? r->status == REQ_MISSED
                : pass == 4 ? r->status == REQ_NOT_ADDRESSED : false;
      if (take && r->advice) {
        k->next = r->advice;
        k->hint = r->hint;
        k->next_component = r->component >= 0 ? k->m->components[r->component].path : NULL;
        return;
      }
    }
    for (size_t i = 0; i < k->n_order && (pass == 3 || pass == 5 || pass == 6); i++) {
      const struct finding *f = k->order[i];
      bool take = pass == 3 ? k->areas[i] == AREA_CORRECTNESS && f->severity == SEV_ERROR
                : pass == 5 ? k->areas[i] == AREA_CAPACITY && f->severity == SEV_ERROR
                : f->severity == SEV_WARNING && k->areas[i] != AREA_HYGIENE;
      if (!take) continue;
      const char *who = f->component >= 0 ? k->m->components[f->component].path : "the design";
      k->next = f->help ? f->help : f->message;
      k->next_component = f->component >= 0 ? who : NULL;
      k->hint = f->rule->summary
                    ? arena_printf(a, "Look again at %s: what would an interviewer ask about it? "
                                   "(the review's %s: %s)", who, f->rule->id, f->rule->summary)
                    : arena_printf(a, "Look again at %s: what would an interviewer ask about it?", who);
      return;
    }
  }
  if (k->E && k->E->n_ranked > 0) {
    int v = k->E->by_headroom[0];
    char b[32];
    k->next = arena_printf(a, "every requirement is met: walk through what breaks first, %s at "
                           "%s today's peak, and what you would do about it",
                           k->m->components[v].path,
                           quantity_human_times(k->E->components[v].headroom, b, sizeof b));
    k->hint = "Everything asked is met. What breaks first if traffic keeps growing, and what "
              "would you change then?";
  } else {
    k->next = "every requirement is met: explain the trade-offs you made";
    k->hint = "Everything asked is met. Which trade-off would you defend first?";
  }
}

static struct card *build(archc *c, const struct output_input *in) {
  struct card *k = arena_alloc(&c->arena, sizeof *k);
  k->c = c;
  k->m = in->model;
  k->E = in->estimate;
  k->R = in->review;
  k->check = requirements_check(c, in->model, in->estimate);
  order_findings(k);
  score(k);
  next_step(k);
  return k;
}

/* "request_ride latency_slo" or "regions". */
static const char *req_name(struct arena *a, const struct arch_requirement *r) {
  return r->flow ? arena_printf(a, "%s %s", r->flow, arch_requirement_names[r->what])
                 : arch_requirement_names[r->what];
}

static void write_text(struct card *k, FILE *f) {
  struct arena *a = &k->c->arena;
  fprintf(f, "Scorecard%s%s\n", k->m->title ? ": " : "", k->m->title ? k->m->title : "");
  const struct req_check *q = k->check;
  fprintf(f, "\nRequirements (%zu of %zu met)\n", q->met, q->n);
  if (!q->n) fputs("  none stated: write a requirements block (docs/language.md)\n", f);
  for (size_t i = 0; i < q->n; i++) {
    const struct req_result *r = &q->results[i];
    fprintf(f, "  %s: %s: %s\n", req_name(a, r->req), r->text, req_status_names[r->status]);
  }
  fputs("\nFindings, in the order an interviewer raises them\n", f);
  if (!k->n_order) fputs("  none\n", f);
  int last = -1;
  for (size_t i = 0; i < k->n_order; i++) {
    const struct finding *x = k->order[i];
    if ((int)k->areas[i] != last) fprintf(f, "  %s\n", area_names[last = (int)k->areas[i]]);
    fprintf(f, "    %zu. %s: %s [%s]\n", i + 1, arch_severity_names[x->severity], x->message,
            x->rule->id);
  }
  fputs("\nScores\n", f);
  for (int i = 0; i < 4; i++) {
    if (k->score[i] < 0) fprintf(f, "  %-13s  -     %s\n", score_names[i], k->why[i]);
    else fprintf(f, "  %-13s %2d/10  %s\n", score_names[i], k->score[i], k->why[i]);
  }
  fprintf(f, "\nNext step\n  %s\n", k->next);
}

static void write_json(struct card *k, FILE *out) {
  struct json_writer w;
  json_start(&w, out);
  json_object(&w, NULL, JSON_BLOCK);
  json_string(&w, "title", k->m->title);
  const struct req_check *q = k->check;
  json_array(&w, "requirements", JSON_BLOCK);
  for (size_t i = 0; i < q->n; i++) {
    const struct req_result *r = &q->results[i];
    json_object(&w, NULL, JSON_INLINE);
    json_string(&w, "requirement", arch_requirement_names[r->req->what]);
    json_string(&w, "flow", r->req->flow);
    json_string(&w, "compare", r->req->at_most ? "<=" : ">=");
    json_number(&w, "target", r->req->target);
    json_string(&w, "status", req_status_names[r->status]);
    json_number(&w, "figure", r->figure);
    json_string(&w, "component", r->component >= 0 ? k->m->components[r->component].path : NULL);
    json_string(&w, "text", r->text);
    json_end(&w);
  }
  json_end(&w);
  json_array(&w, "findings", JSON_BLOCK);
  for (size_t i = 0; i < k->n_order; i++) {
    const struct finding *x = k->order[i];
    json_object(&w, NULL, JSON_INLINE);
    json_string(&w, "area", area_names[k->areas[i]]);
    json_string(&w, "severity", arch_severity_names[x->severity]);
    json_string(&w, "rule", x->rule->id);
    json_string(&w, "component", x->component >= 0 ? k->m->components[x->component].path : NULL);
    json_string(&w, "message", x->message);
    json_end(&w);
  }
  json_end(&w);
  json_object(&w, "scores", JSON_BLOCK);
  for (int i = 0; i < 4; i++) {
    json_object(&w, score_names[i], JSON_INLINE);
    if (k->score[i] < 0) json_null(&w, "score");
    else json_number(&w, "score", k->score[i]);
    json_number(&w, "of", 10);
    json_string(&w, "why", k->why[i]);
    json_end(&w);
  }
  json_end(&w);
  json_string(&w, "next_step", k->next);
  json_string(&w, "hint", k->hint);
  json_end(&w);
}

int scorecard_write(archc *c, const struct output_input *in, const char *format, FILE *f) {
  struct card *k = build(c, in);
  if (strcmp(format, "json") == 0) write_json(k, f);
  else if (strcmp(format, "hint") == 0) fprintf(f, "%s\n", k->hint);
  else write_text(k, f);
  return ARCHC_OK;
}
