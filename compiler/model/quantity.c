/*
 * quantity.c - numbers and values as people read them, in one place, so a
 * figure reads the same in a finding, a report and on the diagram:
 * three significant figures with an SI suffix ("11.6k", "3.20 GB",
 * "250 ms"), "saturated" for an unbounded response time.
 */
#define _POSIX_C_SOURCE 200809L  /* open_memstream */

#include "quantity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *sig3(double v, const char *const *suffix, const double *step, size_t n,
                        char *buf, size_t size) {
  if (!isfinite(v)) {
    snprintf(buf, size, "%s", v > 0 ? "inf" : "-inf");
    return buf;
  }
  size_t k = 0;
  double a = fabs(v);
  while (k + 1 < n && a >= step[k + 1] * 0.9995) k++;
  double x = v / step[k];
  double ax = fabs(x);
  int decimals = ax >= 99.95 ? 0 : ax >= 9.995 ? 1 : 2;
  if (ax == 0) decimals = 0;
  snprintf(buf, size, "%.*f%s", decimals, x, suffix[k]);
  return buf;
}

const char *quantity_human(double v, char *buf, size_t size) {
  static const char *const suffix[] = {"", "k", "M", "B", "T"};
  static const double step[] = {1, 1e3, 1e6, 1e9, 1e12};
  if (fabs(v) < 0.9995 && v != 0) {
    snprintf(buf, size, "%.3g", v);
    return buf;
  }
  return sig3(v, suffix, step, 5, buf, size);
}

const char *quantity_human_bytes(double v, char *buf, size_t size) {
  static const char *const suffix[] = {" B", " KB", " MB", " GB", " TB", " PB", " EB"};
  static const double step[] = {1, 1e3, 1e6, 1e9, 1e12, 1e15, 1e18};
  return sig3(v, suffix, step, 7, buf, size);
}

const char *quantity_human_seconds(double v, char *buf, size_t size) {
  static const char *const suffix[] = {" us", " ms", " s", " min", " h", " days", " years"};
  static const double step[] = {1e-6, 1e-3, 1, 60, 3600, 86400, 31556952};
  if (v < 0 || !isfinite(v)) {
    snprintf(buf, size, "saturated");
    return buf;
  }
  if (v == 0) {
    snprintf(buf, size, "0 s");
    return buf;
  }
  return sig3(v, suffix, step, 7, buf, size);
}

const char *quantity_exact(double v, char *buf, size_t size) {
  snprintf(buf, size, "%.15g", v == 0 ? 0 : v);
  return buf;
}

void value_print(FILE *f, const struct arch_value *v) {
  char buf[48];
  switch (v->type) {
  case VAL_NONE: fputs("?", f); break;
  case VAL_BOOL: fputs(v->boolean ? "yes" : "no", f); break;
  case VAL_STRING: case VAL_WORD: fputs(v->str, f); break;
  case VAL_LIST:
    for (size_t i = 0; i < v->n_items; i++) {
      if (i) fputs(i + 1 == v->n_items ? " and " : ", ", f);
      value_print(f, &v->items[i]);
    }
    if (v->n_items == 0) fputs("nothing", f);
    break;
  case VAL_NUMBER:
    if (!isfinite(v->num)) fputs("unbounded", f);
    else if (v->dim.time == -1 && v->dim.bytes == 0) fprintf(f, "%s rps", quantity_human(v->num, buf, sizeof buf));
    else if (v->dim.time == 0 && v->dim.bytes == 1) fputs(quantity_human_bytes(v->num, buf, sizeof buf), f);
    else if (v->dim.time == -1 && v->dim.bytes == 1) fprintf(f, "%s/s", quantity_human_bytes(v->num, buf, sizeof buf));
    else if (v->dim.time == 1 && v->dim.bytes == 0) fputs(quantity_human_seconds(v->num, buf, sizeof buf), f);
    else if (v->percent) fprintf(f, "%.4g%%", v->num * 100);
    else if (v->num == floor(v->num) && fabs(v->num) < 1e6) fprintf(f, "%.0f", v->num);
    else fputs(quantity_human(v->num, buf, sizeof buf), f);
    break;
  }
}

char *value_text(struct arena *a, const struct arch_value *v) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return arena_strdup(a, "?");
  value_print(f, v);
  fclose(f);
  char *out = arena_strdup(a, buf ? buf : "?");
  free(buf);
  return out;
}
