/* whatif.h - a failure as the input of an estimate; see whatif.c. */
#ifndef ARCH_WHATIF_H
#define ARCH_WHATIF_H

#include <stdbool.h>

#include "model.h"

struct archc;
struct what_if;

/* Set w->failed and w->capacity_left for `target` (a component, region.zone
   or region) failing; *what says which it is.  False, with a diagnostic,
   when the name is unknown. */
bool whatif_failure(struct archc *c, const struct arch_model *m, const char *target,
                    struct what_if *w, const char **what);

#endif
