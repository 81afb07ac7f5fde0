/*
 * test_parser.c - the tree the parser builds, and its error recovery.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"

static size_t count_refs(const struct ast_ref *r) {
  size_t n = 0;
  for (; r; r = r->next) n++;
  return n;
}

static void statements_in_order(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "title \"T\"\nservice a \"A\" { replicas = 2 }; database b\n"
                                   "region us \"US\" {\n  zone z { cache k }\n}\n", 0);
  assert_int_equal(r.rc, 0);
  const struct ast_stmt *s = design_statements(&r);
  assert_int_equal(s->kind, STMT_TITLE);
  assert_string_equal(s->text, "T");
  s = s->next;
  assert_int_equal(s->kind, STMT_COMPONENT);
  assert_string_equal(s->type, "service");
  assert_string_equal(s->name, "a");
  assert_string_equal(s->text, "A");
  assert_string_equal(s->attrs->name, "replicas");
  assert_null(s->attrs->next);
  s = s->next;
  assert_string_equal(s->name, "b");
  s = s->next;
  assert_int_equal(s->kind, STMT_REGION);
  assert_string_equal(s->text, "US");
  assert_int_equal(s->body->kind, STMT_ZONE);
  assert_int_equal(s->body->body->kind, STMT_COMPONENT);
  assert_null(s->next);
  compiled_free(&r);
}

static void chains_fan_out_and_fan_in(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "service a\nservice b\nservice c\nservice d\n"
                                   "a -> b -> c\na -> {b, c,\n d}\n{b, c} -> d\n", 0);
  assert_int_equal(r.rc, 0);
  const struct ast_stmt *s = design_statements(&r);
  while (s->kind != STMT_EDGE) s = s->next;
  const struct ast_endpoint *e = s->chain;
  assert_string_equal(e->refs->name, "a");
  assert_string_equal(e->next->refs->name, "b");
  assert_string_equal(e->next->next->refs->name, "c");
  assert_null(e->next->next->next);
  s = s->next;
  assert_int_equal(count_refs(s->chain->next->refs), 3);  /* newline inside the braces */
  assert_string_equal(s->chain->next->refs->next->next->name, "d");
  s = s->next;
  assert_int_equal(count_refs(s->chain->refs), 2);
  /* 2 + 3 + 2 edges in the model */
  assert_int_equal(r.c->model->n_edges, 7);
  compiled_free(&r);
}

static void edge_items_and_label_in_either_order(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "service a\nservice b\n"
                                   "a -> b [reads, fraction = 30%] : \"one\"\n"
                                   "a -> b : \"two\" [async, calls = 2]\n", 0);
  assert_int_equal(r.rc, 0);
  const struct arch_model *m = r.c->model;
  assert_int_equal(m->n_edges, 2);
  assert_string_equal(m->edges[0].label, "one");
  assert_true(m->edges[0].reads && !m->edges[0].writes);
  assert_true(m->edges[0].fraction == 0.3);
  assert_string_equal(m->edges[1].label, "two");
  assert_true(m->edges[1].async);
  assert_true(m->edges[1].calls == 2);
  assert_true(m->edges[1].reads && m->edges[1].writes);
  compiled_free(&r);
}

static void expressions_keep_precedence(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "workload { x = 1 + 2 * 3; y = (1 + 2) * 3; z = -2 * 3 }\n", 1);
  assert_int_equal(r.rc, 0);
  assert_true(arch_workload(r.c->model, "x")->num == 7);
  assert_true(arch_workload(r.c->model, "y")->num == 9);
  assert_true(arch_workload(r.c->model, "z")->num == -6);
  compiled_free(&r);
}

static void recovery_reports_each_statement(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "service a { replicas = = 2 }\nservice b { capacity = ) }\n"
                                   "service c\nservice d @\n", 0);
  assert_int_equal(r.rc, 1);
  assert_int_equal(archc_errors(r.c), 3);
  assert_non_null(strstr(r.diag, "t.arch:1:24: error: unexpected '='"));
  assert_non_null(strstr(r.diag, "t.arch:2:24: error: unexpected ')'"));
  assert_non_null(strstr(r.diag, "t.arch:4:11: error: unexpected character '@'"));
  compiled_free(&r);
}

static void unclosed_brace_points_at_its_opening(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "region eu {\n  service api\n", 0);
  assert_int_equal(r.rc, 1);
  assert_non_null(strstr(r.diag, "t.arch:2:14: error: unexpected end of file"));
  assert_non_null(strstr(r.diag, "t.arch:1:11: note: to match this '{'"));
  compiled_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(statements_in_order),
    cmocka_unit_test(chains_fan_out_and_fan_in),
    cmocka_unit_test(edge_items_and_label_in_either_order),
    cmocka_unit_test(expressions_keep_precedence),
    cmocka_unit_test(recovery_reports_each_statement),
    cmocka_unit_test(unclosed_brace_points_at_its_opening),
  };
  return cmocka_run_group_tests_name("parser", tests, NULL, NULL);
}
