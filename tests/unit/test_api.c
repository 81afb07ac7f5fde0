/*
 * test_api.c - the public library (archc.h) as a program embedding it uses
 * it: diagnostics as structures, iteration over the model, estimates and
 * what-ifs that leave each other alone, findings, outputs from the table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "archc.h"

#ifndef ARCHC_SOURCE_DIR
#define ARCHC_SOURCE_DIR "."
#endif

/* A design with a single database that a zone failure takes down. */
static const char design[] =
    "title \"Shop\"\n"
    "workload { reads = 800 / s; writes = 200 / s }\n"
    "client web\n"
    "region eu {\n"
    "  zone a {\n"
    "    service api { replicas = 2; capacity = 1k rps }\n"
    "    database db { capacity = 2k rps }\n"
    "  }\n"
    "  zone b { service api2 { replicas = 2; capacity = 1k rps } }\n"
    "}\n"
    "load_balancer lb { replicas = 2 }\n"
    "web -> lb -> {api, api2} -> db\n";

struct seen {
  int n, errors, warnings, with_help, at_line_3, findings_with_rule, rule_in_message;
  char first_file[64];
};

static void collect(void *ctx, const struct archc_diagnostic *d) {
  struct seen *s = ctx;
  s->n++;
  s->errors += d->severity == ARCHC_ERROR;
  s->warnings += d->severity == ARCHC_WARNING;
  s->with_help += d->help != NULL;
  s->at_line_3 += d->line == 3;
  s->findings_with_rule += d->rule != NULL;
  if (d->rule) {
    char printed[128];
    snprintf(printed, sizeof printed, "[%s]", d->rule);
    s->rule_in_message += strstr(d->message, printed) != NULL;
  }
  if (s->n == 1 && d->file) snprintf(s->first_file, sizeof s->first_file, "%s", d->file);
}

static archc *open_design(const char *text, struct seen *seen) {
  static const char *const dirs[] = {ARCHC_SOURCE_DIR "/stdlib"};
  struct archc_options o = {0};
  o.include_dirs = dirs;
  o.n_include_dirs = 1;
  o.quiet = 1;
  o.on_diagnostic = collect;
  o.diagnostic_ctx = seen;
  archc *c = archc_new(&o);
  assert_non_null(c);
  int rc = archc_load_buffer(c, "shop.arch", text, strlen(text));
  if (rc == ARCHC_OK) rc = archc_resolve(c);
  return rc == ARCHC_OK ? c : (archc_free(c), NULL);
}

/* Everything written in `format` with these options, as a string. */
static char *written(archc *c, enum archc_product p, const char *format,
                     const struct archc_write_options *w) {
  char path[] = "/tmp/archc-test-api-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  assert_int_equal(archc_write(c, archc_format_named(p, format), path, w), ARCHC_OK);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char *buf = calloc(1, 1 << 20);
  size_t n = fread(buf, 1, (1 << 20) - 1, f);
  buf[n] = '\0';
  fclose(f);
  unlink(path);
  return buf;
}

static void diagnostics_arrive_as_structures(void **state) {
  (void)state;
  struct seen seen = {0};
  /* 'lb -> apii' names nothing: one error with a did-you-mean, at line 3. */
  archc *c = open_design("service api\nload_balancer lb\nlb -> apii\n", &seen);
  assert_null(c);
  assert_int_equal(seen.errors, 1);
  assert_int_equal(seen.at_line_3, 1);
  assert_int_equal(seen.with_help, 1);
  assert_string_equal(seen.first_file, "shop.arch");
}

static void the_model_can_be_walked(void **state) {
  (void)state;
  struct seen seen = {0};
  archc *c = open_design(design, &seen);
  assert_non_null(c);
  assert_string_equal(archc_title(c), "Shop");
  assert_int_equal(archc_component_count(c), 5);
  long db = archc_find_component(c, "db");
  assert_true(db >= 0);
  struct archc_component comp;
  assert_int_equal(archc_component_at(c, (size_t)db, &comp), ARCHC_OK);
  assert_string_equal(comp.path, "eu.a.db");
  assert_string_equal(comp.role, "store");
  assert_string_equal(comp.group, "eu.a");
  assert_int_equal(comp.line, 7);
  /* Its own capacity, then its kind's defaults (a database's latency). */
  int own = 0, from_kind = 0;
  for (size_t i = 0; i < archc_attribute_count(c, (size_t)db); i++) {
    struct archc_attribute a;
    assert_int_equal(archc_attribute_at(c, (size_t)db, i, &a), ARCHC_OK);
    if (strcmp(a.name, "capacity") == 0) {
      own = 1;
      assert_false(a.from_kind);
      assert_true(a.number == 2000);
      assert_string_equal(a.unit, "1/s");
    }
    from_kind += a.from_kind;
  }
  assert_true(own);
  assert_true(from_kind > 0);
  /* web -> lb, lb -> api, lb -> api2, api -> db, api2 -> db */
  assert_int_equal(archc_edge_count(c), 5);
  struct archc_edge e;
  assert_int_equal(archc_edge_at(c, 0, &e), ARCHC_OK);
  assert_int_equal(e.from, (size_t)archc_find_component(c, "web"));
  assert_int_equal(e.to, (size_t)archc_find_component(c, "lb"));
  assert_int_equal(archc_edge_at(c, 5, &e), ARCHC_USAGE_ERROR);
  archc_free(c);
}

static void a_what_if_leaves_the_first_estimate_alone(void **state) {
  (void)state;
  struct seen seen = {0};
  archc *c = open_design(design, &seen);
  assert_non_null(c);
  size_t db = (size_t)archc_find_component(c, "db"), api2 = (size_t)archc_find_component(c, "api2");
  archc_estimate *as_designed = NULL, *scaled = NULL, *failed = NULL, *more = NULL;
  assert_int_equal(archc_estimate_run(c, NULL, &as_designed), ARCHC_OK);
  struct archc_load before;
  assert_int_equal(archc_estimate_component(as_designed, db, &before), ARCHC_OK);
  assert_true(before.rps == 1000);

  struct archc_what_if x10 = {10, NULL, 0, NULL};
  assert_int_equal(archc_estimate_run(c, &x10, &scaled), ARCHC_OK);
  const char *const sets[] = {"api2.replicas=8"};
  struct archc_what_if bigger = {0, sets, 1, NULL};
  assert_int_equal(archc_estimate_run(c, &bigger, &more), ARCHC_OK);
  struct archc_what_if zone = {0, NULL, 0, "eu.b"};
  assert_int_equal(archc_estimate_run(c, &zone, &failed), ARCHC_OK);

  struct archc_load x;
  assert_int_equal(archc_estimate_component(scaled, db, &x), ARCHC_OK);
  assert_true(x.rps == 10000);
  assert_int_equal(archc_estimate_component(failed, api2, &x), ARCHC_OK);
  assert_true(x.failed);
  assert_true(x.rps == 0);
  struct archc_load api2_more, api2_before;
  assert_int_equal(archc_estimate_component(more, api2, &api2_more), ARCHC_OK);
  assert_int_equal(archc_estimate_component(as_designed, api2, &api2_before), ARCHC_OK);
  assert_true(api2_more.utilization < api2_before.utilization);
  /* ...and the first estimate is as it was. */
  struct archc_load after;
  assert_int_equal(archc_estimate_component(as_designed, db, &after), ARCHC_OK);
  assert_true(after.rps == before.rps && after.peak_rps == before.peak_rps &&
              after.utilization == before.utilization && after.latency == before.latency &&
              after.failed == before.failed);
  assert_int_equal(archc_estimate_component(as_designed, api2, &x), ARCHC_OK);
  assert_false(x.failed);
  assert_int_equal(archc_estimate_path_count(as_designed), 1);
  struct archc_path path;
  assert_int_equal(archc_estimate_path(as_designed, 0, &path), ARCHC_OK);
  assert_true(path.read_latency > 0);
  archc_free(c);
}

/* Each flow's figures, through the public header; a design without flows
   has the implicit reads and writes. */
static void flows_have_figures(void **state) {
  (void)state;
  struct seen seen = {0};
  archc *c = open_design("workload { peak_factor = 2 }\nclient u\nservice api { capacity = 100 rps }\n"
                         "database db\n"
                         "flow put \"Save\" { from = u; rate = 10 rps; class = write; latency_slo = 1 s\n"
                         "  u -> api -> db }\n", &seen);
  assert_non_null(c);
  assert_true(archc_has_workload(c));
  archc_estimate *e = NULL;
  assert_int_equal(archc_estimate_run(c, NULL, &e), ARCHC_OK);
  assert_int_equal(archc_estimate_flow_count(e), 1);
  struct archc_flow f;
  assert_int_equal(archc_estimate_flow(e, 0, &f), ARCHC_OK);
  assert_string_equal(f.name, "put");
  assert_string_equal(f.label, "Save");
  assert_true(f.writes && !f.implicit);
  assert_true(f.rate == 10 && f.peak_rate == 20);
  assert_true(f.latency_slo == 1 && f.latency > 0 && f.peak_latency >= f.latency);
  assert_int_equal(f.bottleneck, archc_find_component(c, "api"));
  assert_true(f.headroom == 5);        /* 100 rps against 20 at peak */
  assert_int_equal(f.steps, 2);
  assert_int_equal(archc_estimate_flow(e, 1, &f), ARCHC_USAGE_ERROR);
  archc_free(c);

  c = open_design(design, &seen);
  assert_int_equal(archc_estimate_run(c, NULL, &e), ARCHC_OK);
  assert_int_equal(archc_estimate_flow_count(e), 2);
  assert_int_equal(archc_estimate_flow(e, 1, &f), ARCHC_OK);
  assert_string_equal(f.name, "writes");
  assert_true(f.implicit && f.writes);
  archc_free(c);
}

static void a_render_after_a_failure_draws_the_design(void **state) {
  (void)state;
  struct seen seen = {0};
  archc *c = open_design(design, &seen);
  assert_non_null(c);
  archc_estimate *e = NULL, *failed = NULL;
  archc_review *r = NULL;
  assert_int_equal(archc_estimate_run(c, NULL, &e), ARCHC_OK);
  assert_int_equal(archc_review_run(c, e, NULL, &r), ARCHC_OK);
  struct archc_write_options w = {.estimate = e, .review = r};
  char *first = written(c, ARCHC_DIAGRAM, "dot", &w);
  char *json = written(c, ARCHC_DIAGRAM, "json", &w);

  /* What losing zone eu.a does, as the report and as an estimate... */
  struct archc_write_options fail = {.estimate = e, .fail = "eu.a"};
  char *report = written(c, ARCHC_FAILURE, "text", &fail);
  assert_non_null(strstr(report, "If zone eu.a fails"));
  assert_non_null(strstr(report, "web loses eu.a.db"));
  struct archc_what_if zone = {0, NULL, 0, "eu.a"};
  assert_int_equal(archc_estimate_run(c, &zone, &failed), ARCHC_OK);

  /* ...then the design drawn again is the design, byte for byte. */
  char *again = written(c, ARCHC_DIAGRAM, "dot", &w);
  char *json_again = written(c, ARCHC_DIAGRAM, "json", &w);
  assert_string_equal(first, again);
  /* In memory, the same bytes as in the file. */
  const char *mem;
  size_t mem_len;
  assert_int_equal(archc_render(c, archc_format_named(ARCHC_DIAGRAM, "dot"), &w, &mem, &mem_len),
                   ARCHC_OK);
  assert_int_equal(mem_len, strlen(first));
  assert_memory_equal(mem, first, mem_len);
  assert_string_equal(json, json_again);
  /* The failure's own figures differ, so the comparison could fail. */
  struct archc_write_options drawn_failed = {.estimate = failed};
  char *failure_drawn = written(c, ARCHC_DIAGRAM, "json", &drawn_failed);
  assert_string_not_equal(json, failure_drawn);
  free(first);
  free(again);
  free(json);
  free(json_again);
  free(report);
  free(failure_drawn);
  archc_free(c);
}

static void findings_carry_their_rule_and_place(void **state) {
  (void)state;
  struct seen seen = {0};
  archc *c = open_design(design, &seen);
  assert_non_null(c);
  archc_review *r = NULL;
  assert_int_equal(archc_review_run(c, NULL, NULL, &r), ARCHC_OK);
  size_t n = archc_finding_count(r);
  assert_true(n > 0);
  int spof_on_db = 0;
  for (size_t i = 0; i < n; i++) {
    struct archc_diagnostic d;
    assert_int_equal(archc_finding_at(r, i, &d), ARCHC_OK);
    assert_non_null(d.rule);
    assert_string_equal(d.file, "shop.arch");
    if (strcmp(d.rule, "spof") == 0 && d.line == 7) spof_on_db = 1;
  }
  assert_true(spof_on_db);
  /* spof and zone_spof are errors; without them a warning is left, which
     fails the review only when warnings are errors. */
  assert_int_equal(archc_review_status(r), ARCHC_DESIGN_ERROR);
  const char *const errors[] = {"spof", "zone_spof"};
  struct archc_review_options lenient = {NULL, 0, errors, 2, 0}, strict = {NULL, 0, errors, 2, 1};
  archc_review *r2 = NULL;
  assert_int_equal(archc_review_run(c, NULL, &lenient, &r2), ARCHC_OK);
  assert_int_equal(archc_review_status(r2), ARCHC_OK);
  assert_int_equal(archc_review_run(c, NULL, &strict, &r2), ARCHC_OK);
  assert_int_equal(archc_review_status(r2), ARCHC_DESIGN_ERROR);
  /* Printing the findings hands them to the callback, rule and all: the
     rule as a field, not also in the message as printed ("... [spof]"). */
  seen.findings_with_rule = 0;
  archc_print_findings(c, r);
  assert_int_equal(seen.findings_with_rule, (int)n);
  assert_int_equal(seen.rule_in_message, 0);
  /* An unknown rule is a usage error with a suggestion. */
  const char *const off[] = {"spfo"};
  struct archc_review_options typo = {NULL, 0, off, 1, 0};
  seen.with_help = 0;
  assert_int_equal(archc_review_run(c, NULL, &typo, &r2), ARCHC_USAGE_ERROR);
  assert_int_equal(seen.with_help, 1);
  archc_free(c);
}

static void the_format_table_answers_by_name_and_extension(void **state) {
  (void)state;
  size_t n = 0;
  const struct archc_format *all = archc_formats(&n);
  assert_true(n >= 12);
  for (size_t i = 0; i < n; i++) {
    assert_ptr_equal(archc_format_named(all[i].product, all[i].name), &all[i]);
    assert_non_null(all[i].description);
  }
  assert_string_equal(archc_format_for_path(ARCHC_DIAGRAM, "out/x.svg")->name, "svg");
  assert_string_equal(archc_format_for_path(ARCHC_REPORT, "r.md")->name, "markdown");
  assert_string_equal(archc_format_for_path(ARCHC_FINDINGS, "f.sarif")->name, "sarif");
  assert_null(archc_format_for_path(ARCHC_DIAGRAM, "x.docx"));
  assert_null(archc_format_for_path(ARCHC_DIAGRAM, "dir.svg/x"));
  assert_null(archc_format_named(ARCHC_REPORT, "svg"));
}

/* The review's findings as JSON and every diagnostic printed, compiling
   `text` with `prelude` (or without, NULL): what a prelude must not change. */
static char *compiled(const char *text, const archc_prelude *prelude) {
  static const char *const dirs[] = {ARCHC_SOURCE_DIR "/stdlib"};
  char *buf = NULL;
  size_t len = 0;
  FILE *diags = open_memstream(&buf, &len);
  assert_non_null(diags);
  struct archc_options o = {0};
  o.include_dirs = dirs;
  o.n_include_dirs = 1;
  o.diagnostics = diags;
  o.prelude = prelude;
  archc *c = archc_new(&o);
  assert_non_null(c);
  archc_estimate *e = NULL;
  archc_review *r = NULL;
  if (archc_load_buffer(c, "shop.arch", text, strlen(text)) == ARCHC_OK &&
      archc_resolve(c) == ARCHC_OK && archc_estimate_run(c, NULL, &e) == ARCHC_OK &&
      archc_review_run(c, e, NULL, &r) == ARCHC_OK) {
    archc_print_findings(c, r);
    const char *json;
    size_t json_len;
    struct archc_write_options w = {.estimate = e, .review = r};
    assert_int_equal(archc_render(c, archc_format_named(ARCHC_FINDINGS, "json"), &w, &json,
                                  &json_len), ARCHC_OK);
    fwrite(json, 1, json_len, diags);
  }
  archc_free(c);
  fclose(diags);
  return buf;
}

/* A prelude (the standard library parsed once) gives the same findings
   and diagnostics as reading the library, however often it is used: a
   design that breaks rules, one with errors, one that names a stdlib
   file again, and one that defines a rule of its own. */
static void a_prelude_changes_no_result(void **state) {
  (void)state;
  static const char *const dirs[] = {ARCHC_SOURCE_DIR "/stdlib"};
  struct archc_options o = {0};
  o.include_dirs = dirs;
  o.n_include_dirs = 1;
  archc_prelude *prelude = NULL;
  assert_int_equal(archc_prelude_new(&o, &prelude), ARCHC_OK);
  assert_non_null(prelude);
  const char *designs[] = {
      design,
      "service api { replicas = 0 }\napi -> nowhere\n",
      "import \"kinds.arch\"\nservice api\n",
      "rule mine {\n  severity = warning\n  applies = any\n  summary = \"few\"\n"
      "  when = replicas < 3 and mystery != 1\n  message = \"{name} has {replicas}\"\n"
      "  help = \"more\"\n}\nservice api { replicas = 2 }\n"};
  for (int round = 0; round < 2; round++)
    for (size_t i = 0; i < sizeof designs / sizeof designs[0]; i++) {
      char *without = compiled(designs[i], NULL), *with = compiled(designs[i], prelude);
      assert_true(strlen(without) > 0);
      assert_string_equal(with, without);
      free(without);
      free(with);
    }
  archc_prelude_free(prelude);

  /* No library where it is looked for: a status, no prelude. */
  static const char *const nowhere[] = {"/nonexistent"};
  FILE *quiet = fopen("/dev/null", "w");
  struct archc_options bad = {.include_dirs = nowhere, .n_include_dirs = 1, .diagnostics = quiet};
  char *saved = getenv("ARCHC_PATH") ? strdup(getenv("ARCHC_PATH")) : NULL;
  unsetenv("ARCHC_PATH");
  archc_prelude *none = (archc_prelude *)&bad;
  int rc = archc_prelude_new(&bad, &none);
  if (saved) setenv("ARCHC_PATH", saved, 1);
  free(saved);
  fclose(quiet);
  /* The installed or source tree's stdlib may still be found. */
  if (rc != ARCHC_OK) assert_null(none);
  else archc_prelude_free(none);
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* Out of memory is a status, not an exit: in a child whose address space
   is capped, a design too large for the cap gets ARCHC_NO_MEMORY back
   from the load, and the compilation can still be freed. */
static void running_out_of_memory_is_a_status(void **state) {
  (void)state;
#ifdef UNDER_ASAN
  skip();  /* AddressSanitizer reserves far more address space than any cap */
#else
  size_t n = 400000;
  char *text = malloc(n * 24 + 1), *p = text;
  assert_non_null(text);
  for (size_t i = 0; i < n; i++) p += sprintf(p, "service s%zu\n", i);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    struct seen seen = {0};
    static const char *const dirs[] = {ARCHC_SOURCE_DIR "/stdlib"};
    struct archc_options o = {0};
    o.include_dirs = dirs;
    o.n_include_dirs = 1;
    o.quiet = 1;
    o.on_diagnostic = collect;
    o.diagnostic_ctx = &seen;
    archc *c = archc_new(&o);
    if (!c) _exit(10);
    /* Room for the standard library and a little more, not for the design. */
    if (archc_load_buffer(c, "small.arch", "service a\n", 10) != ARCHC_OK) _exit(11);
    FILE *maps = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (!maps || fscanf(maps, "%lu", &pages) != 1) _exit(12);
    fclose(maps);
    struct rlimit cap = {pages * (unsigned long)sysconf(_SC_PAGESIZE) + (32u << 20), RLIM_INFINITY};
    cap.rlim_max = cap.rlim_cur;
    if (setrlimit(RLIMIT_AS, &cap) != 0) _exit(13);
    int rc = archc_load_buffer(c, "big.arch", text, strlen(text));
    if (rc == ARCHC_OK) rc = archc_resolve(c);
    /* Broken now: every further call says so, and freeing works. */
    int again = archc_resolve(c);
    archc_free(c);
    _exit(rc == ARCHC_NO_MEMORY && again == ARCHC_NO_MEMORY ? 0 : 20 + rc);
  }
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  free(text);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 0);
#endif
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(diagnostics_arrive_as_structures),
    cmocka_unit_test(the_model_can_be_walked),
    cmocka_unit_test(a_what_if_leaves_the_first_estimate_alone),
    cmocka_unit_test(flows_have_figures),
    cmocka_unit_test(a_render_after_a_failure_draws_the_design),
    cmocka_unit_test(findings_carry_their_rule_and_place),
    cmocka_unit_test(the_format_table_answers_by_name_and_extension),
    cmocka_unit_test(running_out_of_memory_is_a_status),
    cmocka_unit_test(a_prelude_changes_no_result),
  };
  return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
