/* review.h - a finding of the design review, for the outputs that show them. */
#ifndef ARCH_REVIEW_H
#define ARCH_REVIEW_H

#include "model.h"

struct finding {
  const struct arch_rule *rule;
  int component;
  enum arch_severity severity;
  const char *message, *help;
};

#endif
