/* json.h - the resolved model as JSON, for other tools. */
#ifndef ARCH_JSON_H
#define ARCH_JSON_H

#include <stdio.h>

#include "model.h"

void json_write_string(FILE *f, const char *s);
struct estimate;
/* With `E`, the estimate is included under "estimate". */
void json_write_model(FILE *f, const struct arch_model *m, const struct estimate *E);

#endif
