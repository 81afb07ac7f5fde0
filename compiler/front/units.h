/*
 * units.h - quantities with dimensions, and the units they are written in.
 *
 * A value carries its magnitude in base units (seconds, bytes, requests)
 * and its dimension as exponents of time and bytes, so `100M / month` is a
 * rate (time^-1) and `20 MB / s` a bandwidth (bytes x time^-1).  Units are
 * looked up by the word that follows a number; months and years use the
 * compilation's convention.
 */
#ifndef ARCH_UNITS_H
#define ARCH_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

#define ARCH_CALENDAR_MONTH_SECONDS 2629746.0  /* 365.2425 days / 12 */

struct arch_unit {
  const char *name;
  double factor;              /* base units per unit; months scale with the convention */
  struct arch_dim dim;
  bool per_month;             /* factor is in months, not seconds */
};

/* The unit called `name`, or NULL. */
const struct arch_unit *units_find(const char *name);
double units_factor(const struct arch_unit *u, double month_seconds);
/* Every unit name, for "did you mean". */
size_t units_names(const char **out, size_t max);

bool dim_equal(struct arch_dim a, struct arch_dim b);
/* "a rate", "a size", ...: how messages name a dimension. */
const char *dim_describe(struct arch_dim d, char *buf, size_t size);
/* The base unit of a dimension as JSON prints it: "", "s", "B", "1/s", "B/s". */
const char *dim_unit(struct arch_dim d, char *buf, size_t size);

#endif
