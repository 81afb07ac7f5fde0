/*
 * test_draw_twice.c - one process draws through Graphviz again and again,
 * as `archc markdown` (a page's fences) or an editor does: two
 * compilations, each drawn twice, give the same SVG every time.  Under
 * AddressSanitizer this is the check that no drawing reads what an earlier
 * one freed (Graphviz 2.42's pango plugin keeps a font name from the
 * context it last measured with; output/gv.c keeps that context).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "archc.h"

#ifndef ARCHC_SOURCE_DIR
#define ARCHC_SOURCE_DIR "."
#endif

static const char design[] =
    "title \"Twice\"\n"
    "service api { replicas = 2 }\n"
    "database db { replicas = 2 }\n"
    "api -> db : \"reads\"\n";

static archc *drawn(const char **svg, size_t *len) {
  static const char *const dirs[] = {ARCHC_SOURCE_DIR "/stdlib"};
  struct archc_options o = {.include_dirs = dirs, .n_include_dirs = 1, .quiet = 1};
  archc *c = archc_new(&o);
  assert_non_null(c);
  assert_int_equal(archc_load_buffer(c, "twice.arch", design, strlen(design)), ARCHC_OK);
  assert_int_equal(archc_resolve(c), ARCHC_OK);
  archc_review *r = NULL;
  assert_int_equal(archc_review_run(c, NULL, NULL, &r), ARCHC_OK);
  struct archc_write_options w = {.review = r};
  assert_int_equal(archc_render(c, archc_format_named(ARCHC_DIAGRAM, "svg"), &w, svg, len),
                   ARCHC_OK);
  return c;
}

static void two_compilations_draw_the_same_picture(void **state) {
  (void)state;
  const char *first, *second;
  size_t first_len, second_len;
  archc *a = drawn(&first, &first_len);
  archc_free(drawn(&second, &second_len));  /* freed before it is compared: */
  archc *b = drawn(&second, &second_len);   /* drawn again after that */
  assert_non_null(strstr(first, "<svg"));
  assert_int_equal(first_len, second_len);
  assert_memory_equal(first, second, first_len);
  archc_free(a);
  archc_free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(two_compilations_draw_the_same_picture),
  };
  return cmocka_run_group_tests_name("draw_twice", tests, NULL, NULL);
}
