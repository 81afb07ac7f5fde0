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
/* A count: exact below 1,000 ("3", "720"), else as quantity_human ("720k"). */
const char *quantity_human_count(double v, char *buf, size_t size);
/* An integer with thousands separators, exactly: "19,950". */
const char *quantity_grouped(double v, char *buf, size_t size);
/* A ratio as a percentage: "75.0%", "31.4%", "99.99%" (the nines to four
   decimals), "<0.1%", "209%"; from 1,000% on, a multiple: "250x". */
const char *quantity_human_percent(double ratio, char *buf, size_t size);
/* An availability to its first digit that is not a nine: "99.5%",
   "99.997%", "100%". */
const char *quantity_nines(double a, char *buf, size_t size);
/* A multiple: "0.478x", "3.19x", "250x", "1,590x", "63,100x". */
const char *quantity_human_times(double v, char *buf, size_t size);
/* A number for tools (JSON, CSV): 15 significant digits, as many as a
   double keeps exactly, so a value written as 0.1 reads back as 0.1; no
   "-0".  "2629746", "0.005", "2.191455e+14". */
const char *quantity_exact(double v, char *buf, size_t size);
/* A value as messages show it: "5k rps", "90%", "a, b and c", "yes". */
void value_print(FILE *f, const struct arch_value *v);
char *value_text(struct arena *a, const struct arch_value *v);

#endif
