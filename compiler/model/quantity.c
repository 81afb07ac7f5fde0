/*
 * quantity.c - numbers and values as people read them, in one place, so a
 * figure reads the same in a finding, a report and on the diagram:
 * three significant figures with an SI suffix ("11.6k", "3.20 GB",
 * "250 ms"), "saturated" for an unbounded response time; counts exact
 * while they are small; percentages to a tenth, with the nines an
 * availability needs, and as a multiple once they pass 1,000%.  And the
 * one way numbers are written for tools (quantity_exact).
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

const char *quantity_human_count(double v, char *buf, size_t size) {
  if (v == floor(v) && fabs(v) < 999.5) {
    snprintf(buf, size, "%.0f", v == 0 ? 0 : v);
    return buf;
  }
  return quantity_human(v, buf, size);
}

/* An integer with thousands separators: "63,100". */
const char *quantity_grouped(double v, char *buf, size_t size) {
  char digits[48];
  int n = snprintf(digits, sizeof digits, "%.0f", fabs(v));
  size_t k = 0;
  if (v < 0 && k + 1 < size) buf[k++] = '-';
  for (int i = 0; i < n && k + 1 < size; i++) {
    if (i > 0 && (n - i) % 3 == 0 && k + 1 < size) buf[k++] = ',';
    if (k + 1 < size) buf[k++] = digits[i];
  }
  buf[k] = '\0';
  return buf;
}

const char *quantity_nines(double a, char *buf, size_t size) {
  if (a >= 1) return snprintf(buf, size, "100%%"), buf;
  /* 99.5% has two nines and one more digit; 1 - a = 0.005 -> 3 - 2 = 1 decimal. */
  int decimals = (int)ceil(-log10(1 - a)) - 2;
  if (decimals < 1) decimals = 1;
  if (decimals > 8) decimals = 8;
  snprintf(buf, size, "%.*f%%", decimals, a * 100);
  return buf;
}

const char *quantity_human_times(double v, char *buf, size_t size) {
  char n[48];
  double a = fabs(v);
  if (!isfinite(v) || a < 999.5) {
    snprintf(buf, size, "%sx", quantity_human(v, n, sizeof n));
    return buf;
  }
  /* Three significant figures, as everywhere, but "1,590x" rather than
     "1.59kx": a multiple has no unit for an SI prefix to attach to. */
  double step = pow(10, floor(log10(a)) - 2);
  snprintf(buf, size, "%sx", quantity_grouped(round(v / step) * step, n, sizeof n));
  return buf;
}

const char *quantity_human_percent(double ratio, char *buf, size_t size) {
  double p = fabs(ratio) * 100;
  const char *sign = ratio < 0 ? "-" : "";
  if (!isfinite(p) || p >= 999.5) return quantity_human_times(ratio, buf, size);
  if (p == 0) {
    snprintf(buf, size, "0%%");
  } else if (p < 0.05) {
    snprintf(buf, size, "%s<0.1%%", sign);
  } else if (p >= 99.5 && p < 100) {
    /* 99.99% and 99.9% are different promises: up to four decimals, the
       nines until the figure reads below 100%.  Closer than that is 100%
       (a utilization a rounding error short of saturation). */
    int decimals = 1;
    while (decimals < 4 && p >= 100 - 0.5 * pow(10, -decimals)) decimals++;
    if (p >= 100 - 0.5 * pow(10, -decimals)) snprintf(buf, size, "%s100%%", sign);
    else snprintf(buf, size, "%s%.*f%%", sign, decimals, p);
  } else {
    /* A tenth of a percent below 100%, whole percents above. */
    snprintf(buf, size, "%s%.*f%%", sign, p < 100 ? 1 : 0, p);
  }
  return buf;
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
    else if (v->percent) fputs(quantity_human_percent(v->num, buf, sizeof buf), f);
    else fputs(quantity_human_count(v->num, buf, sizeof buf), f);
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
