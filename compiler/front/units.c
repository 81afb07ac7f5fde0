/*
 * units.c - the unit table and dimension arithmetic helpers.
 *
 * Sizes are decimal (1 KB = 1,000 B) as storage vendors and the capacity
 * literature count them; binary units (KiB, MiB...) are there for those who
 * mean them.  A month is a twelfth of a year; by default a year is the
 * Gregorian calendar average of 365.2425 days, so a month is 2,629,746 s.
 */
#include "units.h"

#include <stdio.h>
#include <string.h>

#define TIME(n, f) {n, f, {1, 0}, false}
#define MONTHS(n, f) {n, f, {1, 0}, true}
#define SIZE(n, f) {n, f, {0, 1}, false}
#define RATE(n, f) {n, f, {-1, 0}, false}
#define BANDWIDTH(n, f) {n, f, {-1, 1}, false}

static const struct arch_unit unit_table[] = {
  TIME("ns", 1e-9), TIME("us", 1e-6), TIME("usec", 1e-6), TIME("ms", 1e-3), TIME("msec", 1e-3),
  TIME("s", 1), TIME("sec", 1), TIME("secs", 1), TIME("second", 1), TIME("seconds", 1),
  TIME("min", 60), TIME("minute", 60), TIME("minutes", 60),
  TIME("h", 3600), TIME("hour", 3600), TIME("hours", 3600),
  TIME("day", 86400), TIME("days", 86400), TIME("week", 604800), TIME("weeks", 604800),
  MONTHS("month", 1), MONTHS("months", 1), MONTHS("year", 12), MONTHS("years", 12),
  SIZE("B", 1), SIZE("KB", 1e3), SIZE("MB", 1e6), SIZE("GB", 1e9), SIZE("TB", 1e12),
  SIZE("PB", 1e15), SIZE("KiB", 1024.0), SIZE("MiB", 1048576.0),
  SIZE("GiB", 1073741824.0), SIZE("TiB", 1099511627776.0),
  RATE("rps", 1), RATE("qps", 1), RATE("tps", 1), RATE("ops", 1),
  BANDWIDTH("bps", 1.0 / 8), BANDWIDTH("Kbps", 1e3 / 8), BANDWIDTH("Mbps", 1e6 / 8),
  BANDWIDTH("Gbps", 1e9 / 8),
};

/* Every bare word is asked for (each zone in `zones = [a, b]`), and most
   are no unit: the first byte is compared in line, and strcmp called only
   for the units that begin with it (a tenth of the instructions of a
   check had been strcmp called from here). */
const struct arch_unit *units_find(const char *name) {
  for (size_t i = 0; i < sizeof unit_table / sizeof unit_table[0]; i++)
    if (unit_table[i].name[0] == name[0] && strcmp(unit_table[i].name, name) == 0)
      return &unit_table[i];
  return NULL;
}

double units_factor(const struct arch_unit *u, double month_seconds) {
  return u->per_month ? u->factor * month_seconds : u->factor;
}

size_t units_names(const char **out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < sizeof unit_table / sizeof unit_table[0] && n < max; i++)
    out[n++] = unit_table[i].name;
  return n;
}

bool dim_equal(struct arch_dim a, struct arch_dim b) {
  return a.time == b.time && a.bytes == b.bytes;
}

const char *dim_describe(struct arch_dim d, char *buf, size_t size) {
  static const struct { signed char time, bytes; const char *text; } names[] = {
    {0, 0, "a plain number"}, {1, 0, "a duration"}, {0, 1, "a size"},
    {-1, 0, "a rate"}, {-1, 1, "a bandwidth"}, {-2, 0, "a rate per second"},
    {1, 1, "a size times a duration"}, {0, -1, "a count per byte"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (names[i].time == d.time && names[i].bytes == d.bytes) return names[i].text;
  char unit[32];
  snprintf(buf, size, "a quantity in %s", dim_unit(d, unit, sizeof unit));
  return buf;
}

static int put_power(char *buf, size_t size, const char *base, int power) {
  if (power == 1) return snprintf(buf, size, "%s", base);
  return snprintf(buf, size, "%s^%d", base, power);
}

const char *dim_unit(struct arch_dim d, char *buf, size_t size) {
  size_t n = 0;
  buf[0] = '\0';
  if (d.bytes > 0) n += (size_t)put_power(buf + n, size - n, "B", d.bytes);
  if (d.time > 0 && n < size) n += (size_t)put_power(buf + n, size - n, n ? "*s" : "s", d.time);
  if ((d.time < 0 || d.bytes < 0) && n < size) {
    n += (size_t)snprintf(buf + n, size - n, "%s/", n ? "" : "1");
    if (d.bytes < 0 && n < size) n += (size_t)put_power(buf + n, size - n, "B", -d.bytes);
    if (d.time < 0 && n < size)
      n += (size_t)put_power(buf + n, size - n, d.bytes < 0 ? "*s" : "s", -d.time);
  }
  return buf;
}
