/*
 * test_resolve.c - names: bare and qualified, ambiguity, suggestions,
 * kinds and their inheritance, imports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"

static void bare_and_qualified_names(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "region us { zone a { service api } }\nservice web\n"
                                   "web -> api\nweb -> us.a.api\n", 0);
  assert_int_equal(r.rc, 0);
  const struct arch_model *m = r.c->model;
  const struct arch_component *api = component(&r, "us.a.api");
  assert_non_null(api);
  assert_string_equal(m->groups[api->group].path, "us.a");
  assert_int_equal(m->groups[api->group].type, GROUP_ZONE);
  assert_int_equal(m->n_edges, 2);
  assert_int_equal(m->edges[0].to, m->edges[1].to);
  compiled_free(&r);
}

static void ambiguous_name_lists_candidates(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "region us { service api }\nregion eu { service api }\n"
                                   "service web\nweb -> api\n", 0);
  assert_int_equal(r.rc, 1);
  assert_non_null(strstr(r.diag, "t.arch:4:8: error: 'api' is ambiguous"));
  assert_non_null(strstr(r.diag, "help: write one of 'eu.api', 'us.api'"));
  compiled_free(&r);
}

static void a_top_level_name_is_its_own_qualified_name(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "service api\nregion us { zone a1 { service api } }\nservice web\n"
                   "web -> api\nweb -> us.a1.api\n", 0);
  assert_int_equal(r.rc, 0);
  const struct arch_model *m = r.c->model;
  assert_string_equal(m->components[m->edges[0].to].path, "api");
  assert_string_equal(m->components[m->edges[1].to].path, "us.a1.api");
  compiled_free(&r);
}

static void unknown_names_suggest_the_nearest(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "service api\ndatabase links_db\napi -> links_dbb\nservce x\n", 0);
  assert_int_equal(r.rc, 1);
  assert_non_null(strstr(r.diag, "error: unknown component 'links_dbb'"));
  assert_non_null(strstr(r.diag, "help: did you mean 'links_db'?"));
  assert_non_null(strstr(r.diag, "error: unknown kind 'servce'"));
  assert_non_null(strstr(r.diag, "help: did you mean 'service'?"));
  compiled_free(&r);
  assert_true(diag_edit_distance("links_dbb", "links_db", 3) == 1);
  assert_true(diag_edit_distance("servcie", "service", 3) == 1);  /* a swap is one edit */
  assert_true(diag_edit_distance("abc", "xyz", 1) > 1);
}

static void user_kinds_inherit(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "kind search_cluster : database { capacity = 2k rps }\n"
                                   "search_cluster idx { replicas = 3 }\n", 0);
  assert_int_equal(r.rc, 0);
  const struct arch_component *idx = component(&r, "idx");
  assert_int_equal(idx->kind->role, ROLE_STORE);
  assert_string_equal(arch_component_attr(idx, "shape")->str, "cylinder");
  assert_true(arch_component_number(idx, "capacity", 0) == 2000);
  assert_true(arch_component_number(idx, "replicas", 0) == 3);
  compiled_free(&r);
}

static void duplicates_and_groups_as_endpoints(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "service a\nservice a\nregion us { }\nservice b\nb -> us\n", 0);
  assert_int_equal(r.rc, 1);
  assert_non_null(strstr(r.diag, "t.arch:2:9: error: duplicate component 'a'"));
  assert_non_null(strstr(r.diag, "t.arch:1:9: note: 'a' was first declared here"));
  assert_non_null(strstr(r.diag, "error: 'us' is a region; edges connect components"));
  compiled_free(&r);
}

static void imports_relative_and_cyclic(void **state) {
  (void)state;
  char dir[] = "/tmp/archc-test-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char main_path[128], lib_path[128], sub[128];
  snprintf(sub, sizeof sub, "%s/lib", dir);
  assert_int_equal(mkdir(sub, 0700), 0);
  snprintf(main_path, sizeof main_path, "%s/main.arch", dir);
  snprintf(lib_path, sizeof lib_path, "%s/lib/kinds.arch", dir);
  FILE *f = fopen(lib_path, "w");
  fputs("kind fast : service { capacity = 9k rps }\n", f);
  fclose(f);
  f = fopen(main_path, "w");
  fputs("import \"lib/kinds.arch\"\nfast api\n", f);
  fclose(f);

  static const char *const dirs[] = {ARCHC_SOURCE_DIR "/stdlib"};
  char *diag = NULL;
  size_t len = 0;
  FILE *sink = open_memstream(&diag, &len);
  struct archc_options o = {0};
  o.include_dirs = dirs;
  o.n_include_dirs = 1;
  o.diagnostics = sink;
  archc *c = archc_new(&o);
  assert_int_equal(archc_load_file(c, main_path), 0);
  assert_int_equal(archc_resolve(c), 0);
  assert_true(arch_component_number(&c->model->components[0], "capacity", 0) == 9000);
  archc_free(c);

  /* Now the library imports the design back. */
  f = fopen(lib_path, "a");
  fputs("import \"../main.arch\"\n", f);
  fclose(f);
  c = archc_new(&o);
  assert_int_equal(archc_load_file(c, main_path), 1);
  fflush(sink);
  assert_non_null(strstr(diag, "error: import cycle: '../main.arch' is still being loaded"));
  archc_free(c);
  fclose(sink);
  free(diag);
  unlink(lib_path);
  unlink(main_path);
  rmdir(sub);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(bare_and_qualified_names),
    cmocka_unit_test(ambiguous_name_lists_candidates),
    cmocka_unit_test(a_top_level_name_is_its_own_qualified_name),
    cmocka_unit_test(unknown_names_suggest_the_nearest),
    cmocka_unit_test(user_kinds_inherit),
    cmocka_unit_test(duplicates_and_groups_as_endpoints),
    cmocka_unit_test(imports_relative_and_cyclic),
  };
  return cmocka_run_group_tests_name("resolve", tests, NULL, NULL);
}
