/* quantity.h - numbers and values for people; see quantity.c. */
#ifndef ARCH_QUANTITY_H
#define ARCH_QUANTITY_H

#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "model.h"

/* "11.6k", "3.20", "250": three significant figures with an SI suffix. */
const char *quantity_human(double v, char *buf, size_t size);
const char *quantity_human_bytes(double v, char *buf, size_t size);   /* "3.20 GB" */
const char *quantity_human_seconds(double v, char *buf, size_t size); /* "250 ms", "saturated" */
/* A number for tools (JSON, CSV): 15 significant digits, as many as a
   double keeps exactly, so a value written as 0.1 reads back as 0.1; no
   "-0".  "2629746", "0.005", "2.191455e+14". */
const char *quantity_exact(double v, char *buf, size_t size);
/* A value as messages show it: "5k rps", "90%", "a, b and c", "yes". */
void value_print(FILE *f, const struct arch_value *v);
char *value_text(struct arena *a, const struct arch_value *v);

#endif
