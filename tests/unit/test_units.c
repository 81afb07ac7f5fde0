/*
 * test_units.c - quantities: the unit table, dimensions, arithmetic on
 * values with units (through whole designs' workload blocks), the month
 * convention, and the errors that catch a wrong unit.
 *
 * Expected numbers are worked out by hand in the comments.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "units.h"

/* The Gregorian year is 365.2425 days, 31,556,952 s; a month a twelfth. */
#define YEAR_SECONDS 31556952.0
#define MONTH_SECONDS 2629746.0

#define near(a, b, rel) assert_true(fabs((a) - (b)) <= (rel) * fabs(b))

static const struct arch_value *value(struct compiled *r, const char *name) {
  const struct arch_value *v = arch_workload(r->c->model, name);
  if (!v) fail_msg("no workload value '%s'; diagnostics:\n%s", name, r->diag);
  return v;
}

static void assert_dim(const struct arch_value *v, int time, int bytes) {
  assert_int_equal(v->type, VAL_NUMBER);
  assert_int_equal(v->dim.time, time);
  assert_int_equal(v->dim.bytes, bytes);
}

/* ---- the unit table ---- */

static void every_unit_the_spec_names(void **state) {
  (void)state;
  static const struct { const char *name; double factor; int time, bytes; } want[] = {
    {"ms", 0.001, 1, 0}, {"s", 1, 1, 0}, {"sec", 1, 1, 0}, {"min", 60, 1, 0},
    {"h", 3600, 1, 0}, {"hour", 3600, 1, 0}, {"hours", 3600, 1, 0},
    {"day", 86400, 1, 0}, {"days", 86400, 1, 0}, {"week", 604800, 1, 0}, {"weeks", 604800, 1, 0},
    {"B", 1, 0, 1}, {"KB", 1e3, 0, 1}, {"MB", 1e6, 0, 1}, {"GB", 1e9, 0, 1},
    {"TB", 1e12, 0, 1}, {"PB", 1e15, 0, 1},   /* decimal: 1 KB = 1,000 B */
    {"rps", 1, -1, 0},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    const struct arch_unit *u = units_find(want[i].name);
    if (!u) fail_msg("no unit '%s'", want[i].name);
    assert_true(units_factor(u, MONTH_SECONDS) == want[i].factor);
    assert_int_equal(u->dim.time, want[i].time);
    assert_int_equal(u->dim.bytes, want[i].bytes);
  }
  /* Months and years follow the compilation's convention. */
  assert_true(units_factor(units_find("month"), MONTH_SECONDS) == MONTH_SECONDS);
  assert_true(units_factor(units_find("months"), MONTH_SECONDS) == MONTH_SECONDS);
  assert_true(units_factor(units_find("year"), MONTH_SECONDS) == YEAR_SECONDS);
  assert_true(units_factor(units_find("years"), 2.5e6) == 3e7);
  assert_int_equal(units_find("year")->dim.time, 1);
  /* Unit names are case-sensitive, and multipliers are not units. */
  assert_null(units_find("kb"));
  assert_null(units_find("b"));
  assert_null(units_find("k"));
  assert_null(units_find("M"));
}

static void unit_names_list_the_table(void **state) {
  (void)state;
  const char *names[256];
  size_t n = units_names(names, 256);
  assert_true(n >= 22);   /* at least the 22 words the spec names */
  for (size_t i = 0; i < n; i++) assert_ptr_equal(units_find(names[i])->name, names[i]);
  const char *two[2];
  assert_int_equal(units_names(two, 2), 2);  /* bounded by `max` */
}

static void dimensions_are_named(void **state) {
  (void)state;
  char buf[64];
  static const struct { int time, bytes; const char *unit, *describe; } want[] = {
    {0, 0, "", "a plain number"},
    {1, 0, "s", "a duration"},
    {0, 1, "B", "a size"},
    {-1, 0, "1/s", "a rate"},
    {-1, 1, "B/s", "a bandwidth"},
    {2, 0, "s^2", "a quantity in s^2"},
    {0, 2, "B^2", "a quantity in B^2"},
    {1, 1, "B*s", "a size times a duration"},
    {1, -1, "s/B", "a quantity in s/B"},
    {-2, 1, "B/s^2", "a quantity in B/s^2"},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    struct arch_dim d = {(signed char)want[i].time, (signed char)want[i].bytes};
    assert_string_equal(dim_unit(d, buf, sizeof buf), want[i].unit);
    assert_string_equal(dim_describe(d, buf, sizeof buf), want[i].describe);
  }
  assert_true(dim_equal((struct arch_dim){-1, 1}, (struct arch_dim){-1, 1}));
  assert_false(dim_equal((struct arch_dim){-1, 1}, (struct arch_dim){-1, 0}));
  assert_false(dim_equal((struct arch_dim){1, 0}, (struct arch_dim){0, 1}));
}

/* ---- values in designs ---- */

static void rates_sizes_and_durations(void **state) {
  (void)state;
  assert_true(365.2425 * 86400 == YEAR_SECONDS);
  assert_true(YEAR_SECONDS / 12 == MONTH_SECONDS);
  struct compiled r;
  compile_text(&r,
               "workload {\n"
               "  reads       = 10 * writes      // before writes: order does not matter\n"
               "  writes      = 100M / month\n"
               "  item_size   = 500 B\n"
               "  retention   = 5 years\n"
               "  egress      = 20 MB / s\n"
               "  daily       = 3k / day\n"
               "  peak_factor = 3\n"
               "  users       = 50M\n"
               "}\n", 1);
  assert_int_equal(r.rc, ARCHC_OK);

  /* 1e8 / 2,629,746 s: 2,629,746 x 38 = 99,930,348, and the remaining
     69,652 / 2,629,746 = 0.02649, so 38.0265 per second. */
  const struct arch_value *w = value(&r, "writes");
  assert_dim(w, -1, 0);
  assert_true(fabs(w->num - 38.0265) < 1e-4);
  near(w->num, 1e8 / MONTH_SECONDS, 1e-12);
  near(value(&r, "reads")->num, 1e9 / MONTH_SECONDS, 1e-12);
  assert_dim(value(&r, "reads"), -1, 0);

  assert_true(value(&r, "item_size")->num == 500);        /* 500 bytes, not 500 billion */
  assert_dim(value(&r, "item_size"), 0, 1);

  assert_true(value(&r, "retention")->num == 157784760);  /* 5 x 31,556,952 s */
  assert_dim(value(&r, "retention"), 1, 0);

  assert_true(value(&r, "egress")->num == 2e7);           /* 20,000,000 B/s */
  assert_dim(value(&r, "egress"), -1, 1);

  near(value(&r, "daily")->num, 3000.0 / 86400, 1e-12);   /* 0.0347 per second */
  assert_dim(value(&r, "daily"), -1, 0);

  assert_true(value(&r, "peak_factor")->num == 3);
  assert_dim(value(&r, "peak_factor"), 0, 0);
  assert_true(value(&r, "users")->num == 5e7);
  compiled_free(&r);
}

static void arithmetic_on_quantities(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r,
               "workload {\n"
               "  kb_times   = 1 KB * 1000\n"
               "  mb         = 1 MB\n"
               "  span       = 2 h + 30 min\n"
               "  fast       = 10 ms\n"
               "  rate       = 1.5k rps * 2\n"
               "  ratio      = 1 day / 1 h\n"
               "  per_disk   = 32 GB / 4 KB\n"
               "  gib        = 1 GiB\n"
               "  link       = 1 Gbps\n"
               "  bare_units = GB / s\n"
               "  grouped    = (1 + 2) * 3 GB\n"
               "  negative   = -(2 h)\n"
               "  hit        = 90%\n"
               "  via_prefix = 2 * workload.mb\n"
               "}\n", 1);
  assert_int_equal(r.rc, ARCHC_OK);
  assert_true(value(&r, "kb_times")->num == value(&r, "mb")->num);
  assert_true(value(&r, "mb")->num == 1e6);
  assert_dim(value(&r, "kb_times"), 0, 1);
  assert_true(value(&r, "span")->num == 9000);            /* 7,200 + 1,800 s */
  near(value(&r, "fast")->num, 0.01, 1e-12);
  assert_true(value(&r, "rate")->num == 3000);
  assert_dim(value(&r, "rate"), -1, 0);
  assert_true(value(&r, "ratio")->num == 24);
  assert_dim(value(&r, "ratio"), 0, 0);                   /* seconds cancel */
  assert_true(value(&r, "per_disk")->num == 8e6);         /* 32e9 / 4e3 */
  assert_dim(value(&r, "per_disk"), 0, 0);
  assert_true(value(&r, "gib")->num == 1073741824.0);     /* 2^30 */
  assert_true(value(&r, "link")->num == 1.25e8);          /* 1e9 bits / 8 */
  assert_dim(value(&r, "link"), -1, 1);
  assert_true(value(&r, "bare_units")->num == 1e9);
  assert_dim(value(&r, "bare_units"), -1, 1);
  assert_true(value(&r, "grouped")->num == 9e9);
  assert_true(value(&r, "negative")->num == -7200);
  assert_true(value(&r, "hit")->num == 0.9);
  assert_true(value(&r, "hit")->percent);
  assert_true(value(&r, "via_prefix")->num == 2e6);
  compiled_free(&r);
}

static archc *with_month(double month_seconds, const char *text) {
  struct archc_options o = {0};
  o.no_stdlib = 1;
  o.month_seconds = month_seconds;
  archc *c = archc_new(&o);
  assert_int_equal(archc_load_buffer(c, TEST_FILE, text, strlen(text)), ARCHC_OK);
  assert_int_equal(archc_resolve(c), ARCHC_OK);
  return c;
}

static void the_interview_month(void **state) {
  (void)state;
  /* With a 2,500,000 s month, 100 M a month is exactly 40 a second and
     five years are 60 x 2.5e6 = 1.5e8 s. */
  archc *c = with_month(2.5e6, "workload { writes = 100M / month; retention = 5 years }");
  assert_true(c->model->month_seconds == 2.5e6);
  assert_true(arch_workload(c->model, "writes")->num == 40);
  assert_true(arch_workload(c->model, "retention")->num == 1.5e8);
  archc_free(c);
  /* 0 means the calendar month. */
  c = with_month(0, "workload { m = 1 month }");
  assert_true(c->model->month_seconds == MONTH_SECONDS);
  assert_true(arch_workload(c->model, "m")->num == MONTH_SECONDS);
  archc_free(c);
}

/* ---- errors ---- */

/* Compile `text` (with a kind `k` of no attributes, and no stdlib) and
   check that it fails with `error` and, when given, `help`. */
static void assert_error(const char *text, const char *error, const char *help) {
  char *design = malloc(strlen(text) + 16);
  sprintf(design, "kind k\n%s", text);
  struct compiled r;
  compile_text(&r, design, 1);
  if (r.rc != ARCHC_DESIGN_ERROR || !strstr(r.diag, error))
    fail_msg("for:\n%s\nexpected: %s\ngot:\n%s", text, error, r.diag);
  if (help && !strstr(r.diag, help)) fail_msg("for:\n%s\nexpected: %s\ngot:\n%s", text, help, r.diag);
  compiled_free(&r);
  free(design);
}

static void mixing_dimensions_is_an_error(void **state) {
  (void)state;
  /* Line 2 (after "kind k"), column 16: the whole sum. */
  assert_error("workload { x = 5 rps + 3 GB }\n",
               "t.arch:2:16: error: cannot add a rate and a size\n", NULL);
  assert_error("workload { x = 1 h - 1 GB }\n", "error: cannot subtract a duration and a size", NULL);
  assert_error("workload { x = 1 s * 1 s * 1 s * 1 s * 1 s }\n",
               "error: this quantity's unit is too complex to mean anything", NULL);
  assert_error("workload { x = 5; y = x / 0 }\n", "t.arch:2:27: error: division by zero", NULL);
}

static void attributes_check_their_dimension(void **state) {
  (void)state;
  assert_error("k a { capacity = 32 GB }\n",
               "error: 'capacity' expects a rate such as '5k rps' or '100M / month', not a size",
               NULL);
  assert_error("k a { capacity = 5000 }\n",
               "error: 'capacity' expects a rate such as '5k rps' or '100M / month', not a plain number",
               "help: give the unit: '5000 rps' or '5000 / day'");
  assert_error("k a { latency = 10 }\n",
               "error: 'latency' expects a duration such as '10 ms', not a plain number", NULL);
  assert_error("k a { memory = 20 MB / s }\n",
               "error: 'memory' expects a size such as '32 GB', not a bandwidth", NULL);
  assert_error("workload { retention = 5 GB }\n",
               "error: 'retention' expects a duration such as '10 ms', not a size", NULL);
  assert_error("k a { hit_ratio = 90 }\n", "error: 'hit_ratio' is a fraction between 0 and 1",
               "help: did you mean '90%'?");
}

static void billions_where_bytes_were_meant(void **state) {
  (void)state;
  /* "k a { memory = 500B }": 500B starts at byte 15 of line 2, column 16. */
  assert_error("k a { memory = 500B }\n",
               "t.arch:2:16: error: 'memory' expects a size, but '500B' is a count in billions\n"
               "   2 | k a { memory = 500B }\n"
               "     |                ^~~~\n"
               "  help: for bytes write the unit as a separate word: '500 B'\n",
               NULL);
  /* In a workload, and inside a product: the literal itself is pointed at. */
  assert_error("workload { item_size = 2 * 1.5B }\n",
               "error: 'item_size' expects a size, but '1.5B' is a count in billions",
               "help: for bytes write the unit as a separate word: '1.5 B'");
  /* 500B is a fine count where a count is wanted. */
  struct compiled r;
  compile_text(&r, "workload { users = 5B }\n", 1);
  assert_int_equal(r.rc, ARCHC_OK);
  assert_true(value(&r, "users")->num == 5e9);
  compiled_free(&r);
}

static void unknown_units(void **state) {
  (void)state;
  assert_error("workload { x = 5 kb }\n", "t.arch:2:18: error: unknown unit 'kb'", NULL);
  assert_error("workload { x = 5 M }\n", "error: unknown unit 'M'",
               "help: write '5M', without a space: it means 5 x 1,000,000");
  assert_error("workload { x = 2 k }\n", "error: unknown unit 'k'",
               "help: write '2k', without a space: it means 2 x 1,000");
  assert_error("workload { x = 3 wekks }\n", "error: unknown unit 'wekks'",
               "help: did you mean 'weeks'?");
}

static void workload_values_cannot_depend_on_themselves(void **state) {
  (void)state;
  assert_error("workload { a = 2 * b; b = a + 1 }\n", "error: 'a' depends on itself",
               "help: workload values may refer to each other, but not in a circle");
}

static void help_quotes_the_number_as_written(void **state) {
  (void)state;
  assert_error("k a { capacity = 1234567 }\n", "error: 'capacity' expects a rate",
               "help: give the unit: '1234567 rps' or '1234567 / day'");
  assert_error("k a { memory = 12345678B }\n", "is a count in billions",
               "help: for bytes write the unit as a separate word: '12345678 B'");
}

static void a_long_chain_of_workload_values_is_bounded(void **state) {
  (void)state;
  /* Each reference evaluates the next value: 100,000 of them once
     overflowed the stack.  Now the chain stops at its limit. */
  size_t cap = 100000 * 32 + 64, len = 0;
  char *text = malloc(cap);
  assert_non_null(text);
  len += (size_t)snprintf(text + len, cap - len, "workload {\n");
  for (int i = 0; i < 100000; i++)
    len += (size_t)snprintf(text + len, cap - len, "  w%d = w%d + 1\n", i, i + 1);
  snprintf(text + len, cap - len, "}\n");
  struct compiled r;
  compile_text(&r, text, 1);
  assert_int_equal(r.rc, 1);
  assert_non_null(strstr(r.diag, "t.arch:258:10: error: workload values refer to each other more than 256 deep here"));
  assert_int_equal(archc_errors(r.c), 1);
  compiled_free(&r);
  free(text);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(every_unit_the_spec_names),
    cmocka_unit_test(unit_names_list_the_table),
    cmocka_unit_test(dimensions_are_named),
    cmocka_unit_test(rates_sizes_and_durations),
    cmocka_unit_test(arithmetic_on_quantities),
    cmocka_unit_test(the_interview_month),
    cmocka_unit_test(mixing_dimensions_is_an_error),
    cmocka_unit_test(attributes_check_their_dimension),
    cmocka_unit_test(billions_where_bytes_were_meant),
    cmocka_unit_test(unknown_units),
    cmocka_unit_test(workload_values_cannot_depend_on_themselves),
    cmocka_unit_test(help_quotes_the_number_as_written),
    cmocka_unit_test(a_long_chain_of_workload_values_is_bounded),
  };
  return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
