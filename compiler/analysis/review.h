/*
 * review.h - the design review: the model's rules evaluated over its
 * components, with the estimate's figures and the analyses' facts.
 */
#ifndef ARCH_REVIEW_H
#define ARCH_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct archc;
struct arena;
struct ast_stmt;
struct estimate;
struct analysis;

/* Findings printed as text and drawn as badges on the diagram; the rest are
   counted by rule (review_count_by_rule).  JSON and SARIF carry them all. */
enum { REVIEW_FINDINGS_SHOWN = 50 };

struct analysis_note;

struct finding {
  const struct arch_rule *rule;
  int component;
  int edge;                    /* the call it is about (a rule on cross_region,
                                  say), or -1: the component itself */
  enum arch_severity severity;
  const char *message, *help;
  int flow;                    /* the flow it is about (flow_latency_slo): it points
                                  at the flow's latency_slo; or -1 */
  const struct arch_loc *at;   /* where it points when that is neither the edge nor
                                  the component (an attribute), or NULL */
  const struct analysis_note *notes;  /* other places it concerns, each with a message */
  size_t n_notes;
};

/* What one review reads: the design, its estimate and its facts (all
   required), and the command line's choices of rules. */
struct review_input {
  const struct arch_model *model;
  const struct estimate *estimate;
  const struct analysis *analysis;
  const char *const *enable;   /* rules turned on, at warning if off by default */
  size_t n_enable;
  const char *const *disable;  /* rules turned off */
  size_t n_disable;
  bool warnings_are_errors;
};

struct review {
  struct finding *findings;    /* in source order */
  size_t n_findings;
  size_t n_rules_checked;      /* rules on for at least one component they apply to */
  size_t n_grouped;            /* findings attached to another of the same cause, as notes */
  bool failed;                 /* an error finding (or a warning, with warnings_are_errors),
                                  or a rule that could not be evaluated */
};

/* The findings; NULL (with a diagnostic) when --enable or --disable names
   no rule, which is a usage error. */
struct review *review_run(struct archc *c, const struct review_input *in);
/* Binds every name in the rules of `program` to what review_run reads it
   as (it would otherwise do so on first use): a prelude's tree is then
   never written again. */
void review_bind_names(struct ast_stmt *program);
/* Whether `id` names a rule; if not, an error with a did-you-mean. */
bool review_known_rule(struct archc *c, const struct arch_model *m, const char *id);
/* A rule's message or help for no component in particular (SARIF's rule
   help): each {placeholder} worded generically ("the component"). */
const char *review_rule_text(struct archc *c, const char *text);
/* Where a finding points: an attribute it is about, else its flow's
   latency_slo, else its edge's
   statement, else its component. */
struct arch_loc review_finding_loc(const struct arch_model *m, const struct finding *f);
/* "sync_cycle 19,950, disconnected 3": the findings f[from..n) that `keep`
   accepts (all when NULL) counted by rule, the most frequent first; their
   number in *total.  In the arena. */
const char *review_count_by_rule(struct arena *a, const struct finding *f, size_t from, size_t n,
                                 bool (*keep)(const struct finding *), size_t *total);
/* The first REVIEW_FINDINGS_SHOWN findings as diagnostics, the rest counted
   by rule, then a count of all. */
void review_print(struct archc *c, const struct arch_model *m, const struct review *R);

#endif
