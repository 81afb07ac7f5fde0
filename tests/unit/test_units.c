/*
 * test_units.c - quantities: unit words, dimensions, arithmetic and the
 * errors that catch a wrong unit.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "units.h"

static const struct arch_value *value(struct compiled *r, const char *name) {
  const struct arch_value *v = arch_workload(r->c->model, name);
  assert_non_null(v);
  return v;
}

static void unit_table(void **state) {
  (void)state;
  assert_true(units_find("KB")->factor == 1000);
  assert_true(units_find("GiB")->factor == 1073741824.0);
  assert_true(units_find("ms")->factor == 0.001);
  assert_true(units_find("rps")->dim.time == -1);
  assert_null(units_find("kb"));
  char buf[32];
  assert_string_equal(dim_unit((struct arch_dim){-1, 0}, buf, sizeof buf), "1/s");
  assert_string_equal(dim_unit((struct arch_dim){-1, 1}, buf, sizeof buf), "B/s");
  assert_string_equal(dim_unit((struct arch_dim){1, 0}, buf, sizeof buf), "s");
  assert_string_equal(dim_describe((struct arch_dim){0, 1}, buf, sizeof buf), "a size");
}

static void rates_sizes_and_durations(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "workload {\n"
                                   "  writes = 100M / month\n"
                                   "  reads = 10 * writes\n"
                                   "  item_size = 500 B\n"
                                   "  retention = 5 years\n"
                                   "  egress = 20 MB / s\n"
                                   "  daily = 3k / day\n"
                                   "}\n", 1);
  assert_int_equal(r.rc, 0);
  /* Calendar month: 365.2425 days / 12 = 2,629,746 s. */
  assert_true(fabs(value(&r, "writes")->num - 1e8 / 2629746.0) < 1e-9);
  assert_int_equal(value(&r, "writes")->dim.time, -1);
  assert_true(fabs(value(&r, "reads")->num - 1e9 / 2629746.0) < 1e-9);
  assert_true(value(&r, "item_size")->num == 500);
  assert_int_equal(value(&r, "item_size")->dim.bytes, 1);
  assert_true(value(&r, "retention")->num == 5 * 12 * 2629746.0);
  assert_true(value(&r, "egress")->num == 20e6);
  assert_int_equal(value(&r, "egress")->dim.bytes, 1);
  assert_int_equal(value(&r, "egress")->dim.time, -1);
  assert_true(fabs(value(&r, "daily")->num - 3000 / 86400.0) < 1e-12);
  compiled_free(&r);
}

static void interview_month(void **state) {
  (void)state;
  static const char *const dirs[] = {ARCHC_SOURCE_DIR "/stdlib"};
  struct archc_options o = {0};
  o.include_dirs = dirs;
  o.n_include_dirs = 1;
  o.no_stdlib = 1;
  o.month_seconds = 2.5e6;
  archc *c = archc_new(&o);
  const char *text = "workload { writes = 100M / month }";
  assert_int_equal(archc_load_buffer(c, "t.arch", text, strlen(text)), 0);
  assert_int_equal(archc_resolve(c), 0);
  assert_true(arch_workload(c->model, "writes")->num == 40);
  archc_free(c);
}

static void wrong_units_are_errors(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "workload { x = 5 rps + 3 GB }\n"
                                   "service a { capacity = 32 GB }\n"
                                   "cache k { memory = 500B }\n", 0);
  assert_int_equal(r.rc, 1);
  assert_non_null(strstr(r.diag, "error: cannot add a rate and a size"));
  assert_non_null(strstr(r.diag, "error: 'capacity' expects a rate such as '5k rps' or '100M / month', not a size"));
  assert_non_null(strstr(r.diag, "error: 'memory' expects a size, but '500B' is a count in billions"));
  assert_non_null(strstr(r.diag, "help: for bytes write the unit as a separate word: '500 B'"));
  compiled_free(&r);
}

static void percentages_and_ranges(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "cache a { hit_ratio = 90% }\ncache b { hit_ratio = 0.5 }\n", 0);
  assert_int_equal(r.rc, 0);
  assert_true(arch_component_number(component(&r, "a"), "hit_ratio", -1) == 0.9);
  assert_true(arch_component_number(component(&r, "b"), "hit_ratio", -1) == 0.5);
  compiled_free(&r);
  compile_text(&r, "cache a { hit_ratio = 90 }\n", 0);
  assert_int_equal(r.rc, 1);
  assert_non_null(strstr(r.diag, "help: did you mean '90%'?"));
  compiled_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(unit_table),
    cmocka_unit_test(rates_sizes_and_durations),
    cmocka_unit_test(interview_month),
    cmocka_unit_test(wrong_units_are_errors),
    cmocka_unit_test(percentages_and_ranges),
  };
  return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
