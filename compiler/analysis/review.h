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
struct estimate;
struct analysis;

struct finding {
  const struct arch_rule *rule;
  int component;
  int edge;                    /* the call it is about (a rule on cross_region,
                                  say), or -1: the component itself */
  enum arch_severity severity;
  const char *message, *help;
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
  bool failed;                 /* an error finding (or a warning, with warnings_are_errors),
                                  or a rule that could not be evaluated */
};

/* The findings; NULL (with a diagnostic) when --enable or --disable names
   no rule, which is a usage error. */
struct review *review_run(struct archc *c, const struct review_input *in);
/* Whether `id` names a rule; if not, an error with a did-you-mean. */
bool review_known_rule(struct archc *c, const struct arch_model *m, const char *id);
/* A rule's message or help for no component in particular (SARIF's rule
   help): each {placeholder} worded generically ("the component"). */
const char *review_rule_text(struct archc *c, const char *text);
/* Where a finding points: its edge's statement, else its component. */
struct arch_loc review_finding_loc(const struct arch_model *m, const struct finding *f);
/* The findings as diagnostics, then a count. */
void review_print(struct archc *c, const struct arch_model *m, const struct review *R);

#endif
