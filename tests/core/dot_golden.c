/*
 * dot_golden.c - the core without Graphviz draws the same graph.
 *
 * Linked against libarchc-core alone (the core, which has no Graphviz), this
 * compiles every example as the command line does (estimate, review) and
 * writes -T dot through the public API; the text must equal the example's
 * golden file, which Graphviz's own writer once wrote.  Formats that need
 * a layout must fail cleanly instead.  run_core_alone.sh checks that the
 * program really needs nothing of Graphviz.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "archc.h"

/* A whole file, NUL-terminated; NULL if it cannot be read. */
static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = NULL;
  size_t cap = 0, n = 0, got;
  do {
    if (n + 4096 + 1 > cap) {
      cap = cap ? cap * 2 : 65536;
      char *bigger = realloc(buf, cap);
      if (!bigger) break;
      buf = bigger;
    }
    got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
  } while (got > 0);
  fclose(f);
  if (buf) buf[n] = '\0';
  *len = n;
  return buf;
}

/* The design's diagram in `out`, as `archc DESIGN -T FORMAT -o OUT` makes
   it; ARCHC_OK or the failing status. */
static int compile_to(const char *design, const char *format_name, const char *out) {
  struct archc_options o = {0};
  o.quiet = 1;
  archc *c = archc_new(&o);
  if (!c) return ARCHC_NO_MEMORY;
  archc_estimate *e = NULL;
  archc_review *r = NULL;
  int rc = archc_load_file(c, design);
  if (rc == ARCHC_OK) rc = archc_resolve(c);
  if (rc == ARCHC_OK && archc_has_workload(c)) rc = archc_estimate_run(c, NULL, &e);
  if (rc == ARCHC_OK) {
    int review_rc = archc_review_run(c, e, NULL, &r);  /* findings are drawn, not failures */
    if (review_rc == ARCHC_USAGE_ERROR || review_rc == ARCHC_NO_MEMORY) rc = review_rc;
  }
  struct archc_write_options w = {.estimate = e, .review = r};
  if (rc == ARCHC_OK) rc = archc_write(c, archc_format_named(ARCHC_DIAGRAM, format_name), out, &w);
  archc_free(c);
  return rc;
}

static void every_example_matches_its_golden_dot(void **state) {
  (void)state;
  char tmp[] = "/tmp/archc-core-XXXXXX";
  assert_non_null(mkdtemp(tmp));
  DIR *d = opendir(ARCHC_SOURCE_DIR "/examples");
  assert_non_null(d);
  int examples = 0, differ = 0;
  struct dirent *ent;
  while ((ent = readdir(d)) != NULL) {
    size_t n = strlen(ent->d_name);
    if (n < 6 || strcmp(ent->d_name + n - 5, ".arch") != 0) continue;
    char design[4096], golden[4096], out[4096];
    snprintf(design, sizeof design, "%s/examples/%s", ARCHC_SOURCE_DIR, ent->d_name);
    snprintf(golden, sizeof golden, "%s/tests/golden/%.*s.dot", ARCHC_SOURCE_DIR, (int)(n - 5),
             ent->d_name);
    snprintf(out, sizeof out, "%s/%.*s.dot", tmp, (int)(n - 5), ent->d_name);
    examples++;
    assert_int_equal(compile_to(design, "dot", out), ARCHC_OK);
    size_t want_len = 0, got_len = 0;
    char *want = slurp(golden, &want_len), *got = slurp(out, &got_len);
    assert_non_null(want);
    assert_non_null(got);
    if (want_len != got_len || memcmp(want, got, want_len) != 0) {
      size_t at = 0;
      while (at < want_len && at < got_len && want[at] == got[at]) at++;
      print_error("%s differs from %s at byte %zu\n", out, golden, at);
      differ++;
    } else {
      unlink(out);
    }
    free(want);
    free(got);
  }
  closedir(d);
  if (!differ) rmdir(tmp);
  assert_true(examples > 0);
  assert_int_equal(differ, 0);
}

/* The formats that need a layout say so, and leave no file behind. */
static void layouts_need_graphviz(void **state) {
  (void)state;
  char tmp[] = "/tmp/archc-core-XXXXXX";
  assert_non_null(mkdtemp(tmp));
  static const char *const drawn[] = {"svg", "pdf", "png"};
  for (size_t i = 0; i < sizeof drawn / sizeof drawn[0]; i++) {
    const struct archc_format *f = archc_format_named(ARCHC_DIAGRAM, drawn[i]);
    assert_non_null(f);
    assert_true(f->needs_graphviz);
    char out[4096];
    snprintf(out, sizeof out, "%s/out.%s", tmp, drawn[i]);
    assert_int_equal(compile_to(ARCHC_SOURCE_DIR "/examples/url-shortener.arch", drawn[i], out),
                     ARCHC_USAGE_ERROR);
    assert_int_equal(access(out, F_OK), -1);
  }
  assert_false(archc_format_named(ARCHC_DIAGRAM, "dot")->needs_graphviz);
  assert_int_equal(rmdir(tmp), 0);
}

/* The report needs Graphviz and Cairo: the core says so and writes no file. */
static void report_needs_graphviz(void **state) {
  (void)state;
  char tmp[] = "/tmp/archc-core-XXXXXX";
  assert_non_null(mkdtemp(tmp));
  char out[4096];
  snprintf(out, sizeof out, "%s/report.pdf", tmp);
  struct archc_options o = {.quiet = 1};
  archc *c = archc_new(&o);
  assert_non_null(c);
  assert_int_equal(archc_load_file(c, ARCHC_SOURCE_DIR "/examples/url-shortener.arch"), ARCHC_OK);
  assert_int_equal(archc_resolve(c), ARCHC_OK);
  assert_int_equal(archc_report_write(c, out, NULL), ARCHC_USAGE_ERROR);
  archc_free(c);
  assert_int_equal(access(out, F_OK), -1);
  assert_int_equal(rmdir(tmp), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(every_example_matches_its_golden_dot),
    cmocka_unit_test(layouts_need_graphviz),
    cmocka_unit_test(report_needs_graphviz),
  };
  return cmocka_run_group_tests_name("core without Graphviz", tests, NULL, NULL);
}
