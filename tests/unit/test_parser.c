/*
 * test_parser.c - the tree the parser builds, and its error recovery.
 *
 * Designs are only loaded (parsed), without the standard library, so the
 * program list holds exactly the statements of the test's text; the tree
 * is then read through struct archc's `program`.  Byte offsets in the
 * comments are counted by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"

static size_t count_stmts(const struct ast_stmt *s) {
  size_t n = 0;
  for (; s; s = s->next) n++;
  return n;
}

static size_t count_refs(const struct ast_ref *r) {
  size_t n = 0;
  for (; r; r = r->next) n++;
  return n;
}

static size_t count_endpoints(const struct ast_endpoint *e) {
  size_t n = 0;
  for (; e; e = e->next) n++;
  return n;
}

static size_t count_attrs(const struct ast_attr *a) {
  size_t n = 0;
  for (; a; a = a->next) n++;
  return n;
}

/* The n-th (from 0) statement of a list. */
static const struct ast_stmt *nth(const struct ast_stmt *s, int n) {
  while (s && n-- > 0) s = s->next;
  assert_non_null(s);
  return s;
}

static const struct ast_attr *attr_named(const struct ast_stmt *s, const char *name) {
  for (const struct ast_attr *a = s->attrs; a; a = a->next)
    if (strcmp(a->name, name) == 0) return a;
  fail_msg("no attribute '%s'", name);
  return NULL;
}

/* Endpoint `i` of an edge is the single name `name`. */
static void assert_stop(const struct ast_stmt *edge, int i, const char *name) {
  const struct ast_endpoint *e = edge->chain;
  while (i-- > 0) e = e->next;
  assert_int_equal(count_refs(e->refs), 1);
  assert_string_equal(e->refs->name, name);
}

static void assert_loc(struct arch_loc loc, uint32_t begin, uint32_t end) {
  assert_int_equal(loc.begin, begin);
  assert_int_equal(loc.end, end);
}

/* ---- declarations ---- */

static void declarations_and_their_fields(void **state) {
  (void)state;
  struct compiled r;
  parse_text(&r,
             "title \"T\"\n"                                      /*  0..10 */
             "service a \"A\" { replicas = 2; memory = 32 GB }\n"  /* 10..56 */
             "database b\n"
             "kind fast : service { capacity = 9k rps }\n"
             "kind plain\n");
  assert_int_equal(r.rc, ARCHC_OK);
  const struct ast_stmt *s = r.c->program;
  assert_int_equal(count_stmts(s), 5);

  assert_int_equal(s->kind, STMT_TITLE);
  assert_string_equal(s->text, "T");
  assert_loc(s->text_loc, 6, 9);

  s = s->next;
  assert_int_equal(s->kind, STMT_COMPONENT);
  assert_string_equal(s->type, "service");
  assert_string_equal(s->name, "a");
  assert_string_equal(s->text, "A");
  assert_loc(s->loc, 10, 17);        /* "service" */
  assert_loc(s->type_loc, 10, 17);
  assert_loc(s->name_loc, 18, 19);   /* "a" */
  assert_loc(s->text_loc, 20, 23);   /* "\"A\"" */
  assert_int_equal(count_attrs(s->attrs), 2);
  assert_string_equal(s->attrs->name, "replicas");
  assert_loc(s->attrs->loc, 26, 34);
  assert_int_equal(s->attrs->value->op, EXPR_NUMBER);
  assert_true(s->attrs->value->num == 2);
  const struct ast_expr *mem = s->attrs->next->value;
  assert_string_equal(s->attrs->next->name, "memory");
  assert_int_equal(mem->op, EXPR_QUANTITY);
  assert_true(mem->left->num == 32);
  assert_string_equal(mem->name, "GB");
  assert_loc(mem->loc, 49, 54);      /* "32 GB" */

  s = s->next;
  assert_string_equal(s->type, "database");
  assert_string_equal(s->name, "b");
  assert_null(s->text);
  assert_null(s->attrs);

  s = s->next;
  assert_int_equal(s->kind, STMT_KIND);
  assert_string_equal(s->name, "fast");
  assert_string_equal(s->type, "service");  /* a kind's base */
  assert_string_equal(s->attrs->name, "capacity");
  assert_int_equal(s->attrs->value->op, EXPR_QUANTITY);
  assert_true(s->attrs->value->left->num == 9000);
  assert_string_equal(s->attrs->value->name, "rps");

  s = s->next;
  assert_int_equal(s->kind, STMT_KIND);
  assert_string_equal(s->name, "plain");
  assert_null(s->type);
  assert_null(s->attrs);
  compiled_free(&r);
}

static void groups_nest(void **state) {
  (void)state;
  struct compiled r;
  parse_text(&r,
             "region us \"US East\" {\n"
             "  zone z {\n"
             "    group g \"G\" { cache k }\n"
             "  }\n"
             "  service c\n"
             "}\n"
             "region empty { }\n"
             "service top\n");
  assert_int_equal(r.rc, ARCHC_OK);
  const struct ast_stmt *us = r.c->program;
  assert_int_equal(count_stmts(us), 3);
  assert_int_equal(us->kind, STMT_REGION);
  assert_string_equal(us->name, "us");
  assert_string_equal(us->text, "US East");
  assert_int_equal(count_stmts(us->body), 2);
  const struct ast_stmt *z = us->body;
  assert_int_equal(z->kind, STMT_ZONE);
  assert_string_equal(z->name, "z");
  assert_null(z->text);
  const struct ast_stmt *g = z->body;
  assert_int_equal(g->kind, STMT_GROUP);
  assert_string_equal(g->text, "G");
  assert_int_equal(count_stmts(g->body), 1);
  assert_int_equal(g->body->kind, STMT_COMPONENT);
  assert_string_equal(g->body->name, "k");
  assert_string_equal(us->body->next->name, "c");
  assert_int_equal(us->next->kind, STMT_REGION);
  assert_null(us->next->body);
  assert_string_equal(us->next->next->name, "top");
  compiled_free(&r);
}

static void separators_blank_lines_and_comments(void **state) {
  (void)state;
  struct compiled r;
  parse_text(&r,
             "\n\n// leading comment\n"
             "service a; service b;;\n"
             "\n"
             "service c /* inline */ { replicas = 2\n"
             "  ; latency = 5 ms\n"
             "\n"
             "  timeout = 1 s ; }\n"
             "workload {}\n");
  assert_int_equal(r.rc, ARCHC_OK);
  const struct ast_stmt *s = r.c->program;
  assert_int_equal(count_stmts(s), 4);
  assert_string_equal(nth(s, 0)->name, "a");
  assert_string_equal(nth(s, 1)->name, "b");
  const struct ast_stmt *c = nth(s, 2);
  assert_string_equal(c->name, "c");
  assert_int_equal(count_attrs(c->attrs), 3);
  assert_string_equal(c->attrs->name, "replicas");
  assert_string_equal(c->attrs->next->name, "latency");
  assert_string_equal(c->attrs->next->next->name, "timeout");
  assert_int_equal(nth(s, 3)->kind, STMT_WORKLOAD);
  assert_null(nth(s, 3)->attrs);
  compiled_free(&r);
}

/* ---- expressions ---- */

static void workload_expressions(void **state) {
  (void)state;
  struct compiled r;
  parse_text(&r,
             "workload {\n"
             "  writes = 100M / month\n"
             "  reads = 10 * writes\n"
             "  item_size = 500 B\n"
             "  egress = 20 MB / s\n"
             "  share = 90%\n"
             "  q = us.api\n"
             "}\n");
  assert_int_equal(r.rc, ARCHC_OK);
  const struct ast_stmt *w = r.c->program;
  assert_int_equal(w->kind, STMT_WORKLOAD);
  assert_int_equal(count_attrs(w->attrs), 6);

  /* 100M / month: a number divided by a name, not a quantity. */
  const struct ast_expr *e = attr_named(w, "writes")->value;
  assert_int_equal(e->op, EXPR_DIV);
  assert_int_equal(e->left->op, EXPR_NUMBER);
  assert_true(e->left->num == 1e8);
  assert_int_equal(e->left->suffix, 'M');
  assert_int_equal(e->right->op, EXPR_NAME);
  assert_string_equal(e->right->name, "month");

  e = attr_named(w, "reads")->value;
  assert_int_equal(e->op, EXPR_MUL);
  assert_true(e->left->num == 10);
  assert_string_equal(e->right->name, "writes");

  /* 500 B: a number followed by a unit word is one quantity. */
  e = attr_named(w, "item_size")->value;
  assert_int_equal(e->op, EXPR_QUANTITY);
  assert_true(e->left->num == 500);
  assert_int_equal(e->left->suffix, 0);
  assert_string_equal(e->name, "B");

  e = attr_named(w, "egress")->value;
  assert_int_equal(e->op, EXPR_DIV);
  assert_int_equal(e->left->op, EXPR_QUANTITY);
  assert_string_equal(e->left->name, "MB");
  assert_string_equal(e->right->name, "s");

  e = attr_named(w, "share")->value;
  assert_int_equal(e->op, EXPR_PERCENT);
  assert_true(e->num == 90);

  e = attr_named(w, "q")->value;
  assert_int_equal(e->op, EXPR_NAME);
  assert_string_equal(e->name, "us.api");
  compiled_free(&r);
}

static void precedence_and_associativity(void **state) {
  (void)state;
  struct compiled r;
  parse_text(&r,
             "workload { a = 1 + 2 * 3; b = (1 + 2) * 3; c = 8 - 2 - 1; d = -2 * 3\n"
             "  l = [x, 1, \"s\"]; n = [] }\n"
             "rule r { when = replicas < 2 and not redundant or x == y; message = \"m\" }\n");
  assert_int_equal(r.rc, ARCHC_OK);
  const struct ast_stmt *w = r.c->program;

  const struct ast_expr *e = attr_named(w, "a")->value;      /* 1 + (2 * 3) */
  assert_int_equal(e->op, EXPR_ADD);
  assert_true(e->left->num == 1);
  assert_int_equal(e->right->op, EXPR_MUL);

  e = attr_named(w, "b")->value;                              /* (1 + 2) * 3 */
  assert_int_equal(e->op, EXPR_MUL);
  assert_int_equal(e->left->op, EXPR_ADD);
  assert_true(e->right->num == 3);

  e = attr_named(w, "c")->value;                              /* (8 - 2) - 1 */
  assert_int_equal(e->op, EXPR_SUB);
  assert_int_equal(e->left->op, EXPR_SUB);
  assert_true(e->left->left->num == 8);
  assert_true(e->right->num == 1);

  e = attr_named(w, "d")->value;                              /* (-2) * 3 */
  assert_int_equal(e->op, EXPR_MUL);
  assert_int_equal(e->left->op, EXPR_NEG);
  assert_true(e->left->left->num == 2);

  e = attr_named(w, "l")->value;
  assert_int_equal(e->op, EXPR_LIST);
  assert_int_equal(e->left->op, EXPR_NAME);
  assert_string_equal(e->left->name, "x");
  assert_int_equal(e->left->next->op, EXPR_NUMBER);
  assert_int_equal(e->left->next->next->op, EXPR_STRING);
  assert_string_equal(e->left->next->next->name, "s");
  assert_null(e->left->next->next->next);
  e = attr_named(w, "n")->value;
  assert_int_equal(e->op, EXPR_LIST);
  assert_null(e->left);

  /* ((replicas < 2) and (not redundant)) or (x == y) */
  const struct ast_stmt *rule = w->next;
  assert_int_equal(rule->kind, STMT_RULE);
  assert_string_equal(rule->name, "r");
  e = attr_named(rule, "when")->value;
  assert_int_equal(e->op, EXPR_OR);
  assert_int_equal(e->left->op, EXPR_AND);
  assert_int_equal(e->left->left->op, EXPR_LT);
  assert_int_equal(e->left->right->op, EXPR_NOT);
  assert_string_equal(e->left->right->left->name, "redundant");
  assert_int_equal(e->right->op, EXPR_EQ);
  compiled_free(&r);
}

/* ---- edges ---- */

static void chains_fan_out_and_fan_in(void **state) {
  (void)state;
  struct compiled r;
  parse_text(&r,
             "a -> b -> c\n"
             "a -> {b, c}\n"
             "{a, b} -> c\n"
             "{a, b} -> {c, d} -> e\n"
             "a -> {\n  b,\n  c\n}\n"
             "us.api -> eu.db\n");
  assert_int_equal(r.rc, ARCHC_OK);
  const struct ast_stmt *s = r.c->program;
  assert_int_equal(count_stmts(s), 6);
  for (const struct ast_stmt *i = s; i; i = i->next) assert_int_equal(i->kind, STMT_EDGE);

  /* a -> b -> c: three stops of one name each, in order. */
  assert_int_equal(count_endpoints(s->chain), 3);
  assert_stop(s, 0, "a");
  assert_stop(s, 1, "b");
  assert_stop(s, 2, "c");
  assert_loc(s->chain->next->next->refs->loc, 10, 11);

  /* a -> {b, c}: the second stop holds two names, in order. */
  s = s->next;
  assert_int_equal(count_endpoints(s->chain), 2);
  assert_stop(s, 0, "a");
  assert_int_equal(count_refs(s->chain->next->refs), 2);
  assert_string_equal(s->chain->next->refs->name, "b");
  assert_string_equal(s->chain->next->refs->next->name, "c");

  /* {a, b} -> c */
  s = s->next;
  assert_int_equal(count_refs(s->chain->refs), 2);
  assert_string_equal(s->chain->refs->name, "a");
  assert_stop(s, 1, "c");

  /* {a, b} -> {c, d} -> e */
  s = s->next;
  assert_int_equal(count_endpoints(s->chain), 3);
  assert_int_equal(count_refs(s->chain->refs), 2);
  assert_int_equal(count_refs(s->chain->next->refs), 2);
  assert_string_equal(s->chain->next->refs->next->name, "d");
  assert_stop(s, 2, "e");

  /* Newlines are allowed inside a set of names. */
  s = s->next;
  assert_int_equal(count_refs(s->chain->next->refs), 2);
  assert_string_equal(s->chain->next->refs->next->name, "c");

  s = s->next;
  assert_stop(s, 0, "us.api");
  assert_stop(s, 1, "eu.db");
  compiled_free(&r);
}

static void labels_and_brackets_in_either_order(void **state) {
  (void)state;
  struct compiled r;
  parse_text(&r,
             "a -> b [reads, fraction = 30%] : \"one\"\n"
             "a -> b : \"two\" [async, protocol = grpc, label = \"x\"]\n"
             "a -> b : \"three\"\n"
             "a -> b [writes,\n        calls = 2]\n"
             "a -> b\n");
  assert_int_equal(r.rc, ARCHC_OK);
  const struct ast_stmt *s = r.c->program;
  assert_int_equal(count_stmts(s), 5);

  assert_string_equal(s->text, "one");
  assert_int_equal(count_attrs(s->attrs), 2);
  assert_string_equal(s->attrs->name, "reads");
  assert_null(s->attrs->value);                  /* a bare flag */
  assert_string_equal(s->attrs->next->name, "fraction");
  assert_int_equal(s->attrs->next->value->op, EXPR_PERCENT);
  assert_true(s->attrs->next->value->num == 30);
  assert_loc(s->text_loc, 33, 38);               /* "\"one\"" */

  s = s->next;
  assert_string_equal(s->text, "two");
  assert_int_equal(count_attrs(s->attrs), 3);
  assert_string_equal(s->attrs->name, "async");
  assert_null(s->attrs->value);
  assert_int_equal(s->attrs->next->value->op, EXPR_NAME);
  assert_string_equal(s->attrs->next->value->name, "grpc");
  assert_int_equal(s->attrs->next->next->value->op, EXPR_STRING);

  s = s->next;
  assert_string_equal(s->text, "three");
  assert_null(s->attrs);

  s = s->next;                                   /* the newline inside [ ] is ignored */
  assert_null(s->text);
  assert_int_equal(count_attrs(s->attrs), 2);
  assert_string_equal(s->attrs->next->name, "calls");

  s = s->next;
  assert_null(s->text);
  assert_null(s->attrs);
  compiled_free(&r);
}

/* ---- errors ---- */

static void recovery_reports_two_independent_errors(void **state) {
  (void)state;
  struct compiled r;
  parse_text(&r,
             "service a { replicas = = 2 }\n"
             "service ok1\n"
             "a -> -> b\n"
             "service ok2\n");
  assert_int_equal(r.rc, ARCHC_DESIGN_ERROR);
  assert_int_equal(archc_errors(r.c), 2);
  assert_non_null(strstr(r.diag, "t.arch:1:24: error: unexpected '=', expected a value\n"));
  assert_non_null(strstr(r.diag, "t.arch:3:6: error: unexpected '->', expected name, "
                                 "qualified name or '{'\n"));
  /* The statement after the last error is parsed. */
  const struct ast_stmt *last = r.c->program;
  while (last && last->next) last = last->next;
  assert_non_null(last);
  assert_string_equal(last->name, "ok2");
  compiled_free(&r);
}

static void recovery_at_the_end_of_a_line_keeps_every_statement(void **state) {
  (void)state;
  struct compiled r;
  /* Each error is found at the newline that ends its statement. */
  parse_text(&r,
             "service a\n"
             "a -> b ->\n"
             "service b { replicas = }\n"
             "region r {\n"
             "  service c\n"
             "  c -> \n"
             "  service d\n"
             "}\n"
             "service e\n");
  assert_int_equal(archc_errors(r.c), 3);
  assert_non_null(strstr(r.diag, "t.arch:2:10: error: unexpected newline"));
  assert_non_null(strstr(r.diag, "t.arch:3:24: error: unexpected '}', expected a value"));
  assert_non_null(strstr(r.diag, "t.arch:6:8: error: unexpected newline"));
  const struct ast_stmt *s = r.c->program;
  assert_int_equal(count_stmts(s), 4);
  assert_string_equal(nth(s, 0)->name, "a");
  assert_string_equal(nth(s, 1)->name, "b");
  assert_null(nth(s, 1)->attrs);             /* the bad attribute is dropped */
  const struct ast_stmt *region = nth(s, 2);
  assert_int_equal(region->kind, STMT_REGION);
  assert_int_equal(count_stmts(region->body), 2);
  assert_string_equal(region->body->name, "c");
  assert_string_equal(region->body->next->name, "d");
  assert_string_equal(nth(s, 3)->name, "e");
  compiled_free(&r);
}

static void recovery_mid_line_keeps_earlier_statements(void **state) {
  (void)state;
  struct compiled r;
  parse_text(&r,
             "service a\n"
             "service ok1\n"
             "a -> -> b\n"
             "service c { x = 1; y = ) ; z = 2 }\n"
             "service ok2\n");
  assert_int_equal(archc_errors(r.c), 2);
  const struct ast_stmt *s = r.c->program;
  assert_int_equal(count_stmts(s), 4);
  assert_string_equal(nth(s, 0)->name, "a");
  assert_string_equal(nth(s, 1)->name, "ok1");
  const struct ast_stmt *c = nth(s, 2);
  assert_string_equal(c->name, "c");
  assert_int_equal(count_attrs(c->attrs), 2);
  assert_string_equal(c->attrs->name, "x");
  assert_string_equal(c->attrs->next->name, "z");
  assert_string_equal(nth(s, 3)->name, "ok2");
  compiled_free(&r);
}

static void recovery_drops_imports(void **state) {
  (void)state;
  char dir[] = "/tmp/archc-parser-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char main_path[64], bad_path[64];
  snprintf(main_path, sizeof main_path, "%s/main.arch", dir);
  snprintf(bad_path, sizeof bad_path, "%s/bad.arch", dir);
  FILE *f = fopen(bad_path, "w");
  fputs("service x {\n", f);
  fclose(f);
  f = fopen(main_path, "w");
  fputs("import \"bad.arch\"\nservice a\na -> -> b\n", f);
  fclose(f);

  char *diag = NULL;
  size_t len = 0;
  FILE *sink = open_memstream(&diag, &len);
  struct archc_options o = {0};
  o.no_stdlib = 1;
  o.diagnostics = sink;
  archc *c = archc_new(&o);
  assert_int_equal(archc_load_file(c, main_path), ARCHC_DESIGN_ERROR);
  fflush(sink);
  assert_non_null(strstr(diag, "main.arch:3:6: error: unexpected '->'"));
  assert_non_null(strstr(diag, "bad.arch:1:12: error: unexpected end of file"));
  archc_free(c);
  fclose(sink);
  free(diag);
  unlink(main_path);
  unlink(bad_path);
  rmdir(dir);
}

static void syntax_errors_name_the_likely_mistake(void **state) {
  (void)state;
  static const struct { const char *text, *error, *help; } cases[] = {
    {"service a service b\n",
     "t.arch:1:11: error: unexpected name 'service', expected end of file, string, newline, ';' or '{'",
     "help: end each statement with a newline or ';'"},
    {"service region\n",
     "t.arch:1:9: error: unexpected 'region', expected name or '->'",
     "help: 'region' is a keyword and cannot name a component; choose another name"},
    {"service a { replicas: 3 }\n",
     "t.arch:1:21: error: unexpected ':', expected '='",
     "help: attributes are written 'name = value'"},
    {"workload { x = 5 GB GB }\n",
     "t.arch:1:21: error: unexpected name 'GB'",
     "help: a number takes one unit, written after it: '5k rps', '32 GB'"},
    {"a -> b : c\n",
     "t.arch:1:10: error: unexpected name 'c', expected string", NULL},
    {"a -> b [ ]\n",
     "t.arch:1:10: error: unexpected ']', expected name", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct compiled r;
    parse_text(&r, cases[i].text);
    assert_int_equal(r.rc, ARCHC_DESIGN_ERROR);
    assert_int_equal(archc_errors(r.c), 1);
    if (!strstr(r.diag, cases[i].error)) fail_msg("case %zu printed:\n%s", i, r.diag);
    if (cases[i].help) assert_non_null(strstr(r.diag, cases[i].help));
    else assert_null(strstr(r.diag, "help:"));
    compiled_free(&r);
  }
}

static void unclosed_brace_points_at_its_opening(void **state) {
  (void)state;
  struct compiled r;
  parse_text(&r, "region eu {\n  service api\n");
  assert_int_equal(r.rc, ARCHC_DESIGN_ERROR);
  /* End of input is shown on the last character, the newline after "api". */
  assert_non_null(strstr(r.diag, "t.arch:2:14: error: unexpected end of file"));
  assert_non_null(strstr(r.diag, "t.arch:1:11: note: to match this '{'\n"
                                 "   1 | region eu {\n"
                                 "     |           ^\n"));
  compiled_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(declarations_and_their_fields),
    cmocka_unit_test(groups_nest),
    cmocka_unit_test(separators_blank_lines_and_comments),
    cmocka_unit_test(workload_expressions),
    cmocka_unit_test(precedence_and_associativity),
    cmocka_unit_test(chains_fan_out_and_fan_in),
    cmocka_unit_test(labels_and_brackets_in_either_order),
    cmocka_unit_test(recovery_reports_two_independent_errors),
    cmocka_unit_test(recovery_at_the_end_of_a_line_keeps_every_statement),
    cmocka_unit_test(recovery_mid_line_keeps_earlier_statements),
    cmocka_unit_test(recovery_drops_imports),
    cmocka_unit_test(syntax_errors_name_the_likely_mistake),
    cmocka_unit_test(unclosed_brace_points_at_its_opening),
  };
  return cmocka_run_group_tests_name("parser", tests, NULL, NULL);
}
