/* eval.h - expressions to values; see eval.c. */
#ifndef ARCH_EVAL_H
#define ARCH_EVAL_H

#include "internal.h"
#include "model.h"

struct eval_env {
  archc *c;
  double month_seconds;
  /* 1: `e` named something and *out holds it; 0: unknown here; -1: an
     error was reported. */
  int (*lookup)(void *ctx, const struct ast_expr *e, struct arch_value *out);
  void *ctx;
  bool quiet;                 /* report nothing: the caller already has */
  const char *const *names;   /* for "did you mean", beside the units */
  size_t n_names;
};

bool eval_expr(struct eval_env *env, const struct ast_expr *e, struct arch_value *out);
bool value_truthy(const struct arch_value *v);
/* "did you mean" among the units and env->names. */
void eval_suggest(struct eval_env *env, const char *name);

#endif
