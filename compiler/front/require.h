/* require.h - a `requirements` block into the model; see require.c. */
#ifndef ARCH_REQUIREMENTS_H
#define ARCH_REQUIREMENTS_H

#include "eval.h"
#include "model.h"

/* Resolves one `requirements` block (STMT_REQUIREMENTS) into
   m->requirements, growing it with *cap; `env` evaluates the targets
   (workload values and flow rates may be named).  Needs m->flows. */
void requirements_resolve(struct eval_env *env, struct arch_model *m, const struct ast_stmt *block,
                          size_t *cap);

#endif
