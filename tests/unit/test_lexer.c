/*
 * test_lexer.c - the scanner alone: token kinds, values, byte locations,
 * newlines inside brackets, and its own diagnostics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "parser.h"
#include "lexer.h"

struct tok {
  int kind;
  YYSTYPE value;
  YYLTYPE loc;
};

/* Scan `text` into `out`; returns the number of tokens before end of input. */
static int scan(archc *c, const char *text, struct tok *out, int max) {
  uint32_t file = source_add(c, "t.arch", ".", NULL, text, strlen(text));
  struct lex_state ls = {0};
  ls.c = c;
  ls.file = file;
  yyscan_t scanner;
  assert_int_equal(yylex_init_extra(&ls, &scanner), 0);
  YY_BUFFER_STATE buf = yy_scan_bytes(text, (int)strlen(text), scanner);
  int n = 0;
  for (;;) {
    struct tok t;
    t.kind = yylex(&t.value, &t.loc, scanner);
    if (t.kind == TOK_YYEOF || n == max) break;
    out[n++] = t;
  }
  yy_delete_buffer(buf, scanner);
  yylex_destroy(scanner);
  return n;
}

static archc *quiet(char **diag, size_t *len, FILE **sink) {
  *sink = open_memstream(diag, len);
  struct archc_options o = {0};
  o.diagnostics = *sink;
  return archc_new(&o);
}

static void numbers_and_multipliers(void **state) {
  (void)state;
  char *d; size_t dl; FILE *f;
  archc *c = quiet(&d, &dl, &f);
  struct tok t[16];
  int n = scan(c, "5k 100M 1B 1G 2T 1_000 2.5 90%", t, 16);
  assert_int_equal(n, 8);
  double want[] = {5e3, 100e6, 1e9, 1e9, 2e12, 1000, 2.5};
  for (int i = 0; i < 7; i++) {
    assert_int_equal(t[i].kind, TOK_NUMBER);
    assert_true(t[i].value.TOK_NUMBER.value == want[i]);
  }
  assert_int_equal(t[2].value.TOK_NUMBER.suffix, 'B');
  assert_int_equal(t[7].kind, TOK_PERCENT);
  assert_true(t[7].value.TOK_PERCENT.value == 90);
  archc_free(c);
  fclose(f);
  free(d);
}

static void locations_are_byte_ranges(void **state) {
  (void)state;
  char *d; size_t dl; FILE *f;
  archc *c = quiet(&d, &dl, &f);
  struct tok t[8];
  int n = scan(c, "service  api \"Label\"", t, 8);
  assert_int_equal(n, 3);
  assert_int_equal(t[0].kind, TOK_IDENT);
  assert_int_equal(t[0].loc.begin, 0);
  assert_int_equal(t[0].loc.end, 7);
  assert_int_equal(t[1].loc.begin, 9);
  assert_int_equal(t[1].loc.end, 12);
  assert_int_equal(t[2].kind, TOK_STRING);
  assert_string_equal(t[2].value.TOK_STRING, "Label");
  assert_int_equal(t[2].loc.begin, 13);
  assert_int_equal(t[2].loc.end, 20);
  archc_free(c);
  fclose(f);
  free(d);
}

static void newlines_end_statements_outside_brackets(void **state) {
  (void)state;
  char *d; size_t dl; FILE *f;
  archc *c = quiet(&d, &dl, &f);
  struct tok t[32];
  int n = scan(c, "a\n[b,\n c]\n(1 +\n 2)\n{\n}", t, 32);
  int newlines = 0;
  for (int i = 0; i < n; i++) newlines += t[i].kind == TOK_NL;
  /* after a, after ], after ), after { : the ones inside [ ] and ( ) vanish */
  assert_int_equal(newlines, 4);
  archc_free(c);
  fclose(f);
  free(d);
}

static void comments_keywords_and_qualified_names(void **state) {
  (void)state;
  char *d; size_t dl; FILE *f;
  archc *c = quiet(&d, &dl, &f);
  struct tok t[16];
  int n = scan(c, "region // a comment\n/* block\n comment */ us.east.api -> zone", t, 16);
  assert_int_equal(n, 5);
  assert_int_equal(t[0].kind, TOK_REGION);
  assert_int_equal(t[1].kind, TOK_NL);
  assert_int_equal(t[2].kind, TOK_QNAME);
  assert_string_equal(t[2].value.TOK_QNAME, "us.east.api");
  assert_int_equal(t[3].kind, TOK_ARROW);
  assert_int_equal(t[4].kind, TOK_ZONE);
  archc_free(c);
  fclose(f);
  free(d);
}

static void string_escapes(void **state) {
  (void)state;
  char *d; size_t dl; FILE *f;
  archc *c = quiet(&d, &dl, &f);
  struct tok t[4];
  int n = scan(c, "\"a \\\"quoted\\\" \\\\ line\\n\"", t, 4);
  assert_int_equal(n, 1);
  assert_string_equal(t[0].value.TOK_STRING, "a \"quoted\" \\ line\n");
  archc_free(c);
  fclose(f);
  free(d);
}

static void lexical_errors_are_reported_once(void **state) {
  (void)state;
  char *d; size_t dl; FILE *f;
  archc *c = quiet(&d, &dl, &f);
  struct tok t[16];
  scan(c, "x = 5kb\n@@@ \"open", t, 16);
  fflush(f);
  assert_int_equal(archc_errors(c), 3);
  assert_non_null(strstr(d, "t.arch:1:5: error: invalid number '5kb'"));
  assert_non_null(strstr(d, "t.arch:2:1: error: unexpected character '@'"));
  assert_null(strstr(d, "t.arch:2:2:"));  /* a run of bad characters is one error */
  assert_non_null(strstr(d, "t.arch:2:5: error: unterminated string"));
  archc_free(c);
  fclose(f);
  free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(numbers_and_multipliers),
    cmocka_unit_test(locations_are_byte_ranges),
    cmocka_unit_test(newlines_end_statements_outside_brackets),
    cmocka_unit_test(comments_keywords_and_qualified_names),
    cmocka_unit_test(string_escapes),
    cmocka_unit_test(lexical_errors_are_reported_once),
  };
  return cmocka_run_group_tests_name("lexer", tests, NULL, NULL);
}
