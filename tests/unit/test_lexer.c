/*
 * test_lexer.c - the scanner alone: token kinds, values, byte locations,
 * newlines inside brackets, comments, strings, and its own diagnostics.
 *
 * The reentrant scanner is driven directly, one yylex() at a time, over a
 * source registered with source_add(); diagnostics go to a memory stream.
 * Expected offsets and values are counted by hand in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "parser.h"
#include "lexer.h"

enum { MAX_TOKENS = 128 };

struct tok {
  int kind;
  YYSTYPE value;
  YYLTYPE loc;
};

struct lexed {
  archc *c;
  char *diag;
  size_t diag_len;
  FILE *sink;
  struct tok t[MAX_TOKENS];
  int n;             /* tokens before the end of input */
};

/* Scan the `len` bytes of `text` (which must outlive `L`) to the end. */
static void lex_bytes(struct lexed *L, const char *text, size_t len) {
  memset(L, 0, sizeof *L);
  L->sink = open_memstream(&L->diag, &L->diag_len);
  struct archc_options o = {0};
  o.no_stdlib = 1;
  o.diagnostics = L->sink;
  L->c = archc_new(&o);
  struct lex_state ls = {0};
  ls.c = L->c;
  ls.file = source_add(L->c, TEST_FILE, ".", NULL, text, len);
  yyscan_t scanner;
  assert_int_equal(yylex_init_extra(&ls, &scanner), 0);
  YY_BUFFER_STATE buf = yy_scan_bytes(text, (int)len, scanner);
  for (;;) {
    struct tok t;
    memset(&t, 0, sizeof t);
    t.kind = yylex(&t.value, &t.loc, scanner);
    if (t.kind == TOK_YYEOF) break;
    assert_true(L->n < MAX_TOKENS);  /* the scanner must reach the end */
    L->t[L->n++] = t;
  }
  yy_delete_buffer(buf, scanner);
  yylex_destroy(scanner);
  fflush(L->sink);
}

static void lex(struct lexed *L, const char *text) { lex_bytes(L, text, strlen(text)); }

static void lexed_free(struct lexed *L) {
  archc_free(L->c);
  fclose(L->sink);
  free(L->diag);
}

/* The kinds of all tokens, compared with `want` (n of them). */
static void assert_kinds(const struct lexed *L, const int *want, int n) {
  assert_int_equal(L->n, n);
  for (int i = 0; i < n; i++) {
    if (L->t[i].kind != want[i]) print_error("token %d: kind %d, expected %d\n", i, L->t[i].kind, want[i]);
    assert_int_equal(L->t[i].kind, want[i]);
  }
}

#define KINDS(L, ...)                                                   \
  do {                                                                  \
    static const int want_[] = {__VA_ARGS__};                           \
    assert_kinds((L), want_, (int)(sizeof want_ / sizeof want_[0]));    \
  } while (0)

static void assert_loc(const struct tok *t, uint32_t begin, uint32_t end) {
  assert_int_equal(t->loc.file, 0);
  assert_int_equal(t->loc.begin, begin);
  assert_int_equal(t->loc.end, end);
}

/* ---- values ---- */

static void numbers_and_multipliers(void **state) {
  (void)state;
  struct lexed L;
  lex(&L, "42 5k 100M 1B 1G 2T 1_000 2.5 1.5k 5K 1e3 12_345.5 500B");
  static const struct { double value; char suffix; } want[] = {
    {42, 0}, {5000, 'k'}, {100000000, 'M'}, {1000000000, 'B'}, {1000000000, 'G'},
    {2000000000000.0, 'T'}, {1000, 0}, {2.5, 0}, {1500, 'k'}, {5000, 'K'}, {1000, 0},
    {12345.5, 0}, {500000000000.0, 'B'}};  /* 500B is 500 billion, not bytes */
  assert_int_equal(L.n, 13);
  for (int i = 0; i < 13; i++) {
    assert_int_equal(L.t[i].kind, TOK_NUMBER);
    assert_true(L.t[i].value.TOK_NUMBER.value == want[i].value);
    assert_int_equal(L.t[i].value.TOK_NUMBER.suffix, want[i].suffix);
  }
  assert_int_equal(archc_errors(L.c), 0);
  lexed_free(&L);
}

static void percentages(void **state) {
  (void)state;
  struct lexed L;
  lex(&L, "90% 12.5% 5k% 1_0%");
  KINDS(&L, TOK_PERCENT, TOK_PERCENT, TOK_PERCENT, TOK_PERCENT);
  /* The percentage as written: 90% is 90, not 0.9. */
  assert_true(L.t[0].value.TOK_PERCENT.value == 90);
  assert_true(L.t[1].value.TOK_PERCENT.value == 12.5);
  assert_true(L.t[2].value.TOK_PERCENT.value == 5000);
  assert_int_equal(L.t[2].value.TOK_PERCENT.suffix, 'k');
  assert_true(L.t[3].value.TOK_PERCENT.value == 10);
  /* "90%": begin 0, end 3 (the sign belongs to the token). */
  assert_loc(&L.t[0], 0, 3);
  lexed_free(&L);
}

static void a_unit_is_a_separate_word(void **state) {
  (void)state;
  struct lexed L;
  lex(&L, "500 B 20 MB / s 5 kb");
  KINDS(&L, TOK_NUMBER, TOK_IDENT, TOK_NUMBER, TOK_IDENT, '/', TOK_IDENT, TOK_NUMBER, TOK_IDENT);
  assert_true(L.t[0].value.TOK_NUMBER.value == 500);
  assert_int_equal(L.t[0].value.TOK_NUMBER.suffix, 0);
  assert_string_equal(L.t[1].value.TOK_IDENT, "B");
  assert_string_equal(L.t[3].value.TOK_IDENT, "MB");
  assert_string_equal(L.t[5].value.TOK_IDENT, "s");
  /* An unknown unit word is the parser's and sema's business, not the scanner's. */
  assert_string_equal(L.t[7].value.TOK_IDENT, "kb");
  assert_int_equal(archc_errors(L.c), 0);
  lexed_free(&L);
}

/* ---- locations ---- */

static void locations_are_byte_offsets(void **state) {
  (void)state;
  struct lexed L;
  /* The block comment with an e-acute in it is 8 bytes (the e-acute is
     two), then a space:
       api.x   9..14     ->   15..17    "s"  18..21
       " // c" 21..26    \n   26..27    42%  29..32  */
  lex(&L, "/* \xc3\xa9 */ api.x -> \"s\" // c\n  42%");
  KINDS(&L, TOK_QNAME, TOK_ARROW, TOK_STRING, TOK_NL, TOK_PERCENT);
  assert_loc(&L.t[0], 9, 14);
  assert_loc(&L.t[1], 15, 17);
  assert_loc(&L.t[2], 18, 21);
  assert_loc(&L.t[3], 26, 27);
  assert_loc(&L.t[4], 29, 32);
  lexed_free(&L);
}

static void locations_after_a_multi_line_comment(void **state) {
  (void)state;
  struct lexed L;
  /* a 0..1, the comment 2..12 (ten bytes, one a newline), b 13..14,
     the newline 14..15, c 15..16 */
  lex(&L, "a /* x\n y */ b\nc");
  KINDS(&L, TOK_IDENT, TOK_IDENT, TOK_NL, TOK_IDENT);
  assert_loc(&L.t[0], 0, 1);
  assert_loc(&L.t[1], 13, 14);
  assert_loc(&L.t[2], 14, 15);
  assert_loc(&L.t[3], 15, 16);
  assert_string_equal(L.t[3].value.TOK_IDENT, "c");
  lexed_free(&L);
}

/* ---- newlines ---- */

static void newlines_inside_parentheses_and_brackets_vanish(void **state) {
  (void)state;
  struct lexed L;
  lex(&L, "a\n[b,\n c]\n(1 +\n 2)\n{\n}");
  KINDS(&L, TOK_IDENT, TOK_NL,
        '[', TOK_IDENT, ',', TOK_IDENT, ']', TOK_NL,
        '(', TOK_NUMBER, '+', TOK_NUMBER, ')', TOK_NL,
        '{', TOK_NL, '}');  /* braces do not hide newlines */
  lexed_free(&L);
}

static void nested_brackets_restore_newlines_when_closed(void **state) {
  (void)state;
  struct lexed L;
  lex(&L, "( [\n]\n)\nx\n");
  KINDS(&L, '(', '[', ']', ')', TOK_NL, TOK_IDENT, TOK_NL);
  lexed_free(&L);
  /* A stray closing bracket does not make the depth negative. */
  lex(&L, "]\na\n");
  KINDS(&L, ']', TOK_NL, TOK_IDENT, TOK_NL);
  lexed_free(&L);
}

/* ---- comments, words and punctuation ---- */

static void comments(void **state) {
  (void)state;
  struct lexed L;
  /* A line comment keeps its newline; a block comment spanning lines
     hides the newlines inside it; comments inside strings are text. */
  lex(&L, "a // x -> y\nb /* 1\n2\n3 */ c/**/d \"http://e/*f*/\"");
  KINDS(&L, TOK_IDENT, TOK_NL, TOK_IDENT, TOK_IDENT, TOK_IDENT, TOK_STRING);
  assert_string_equal(L.t[3].value.TOK_IDENT, "c");
  assert_string_equal(L.t[4].value.TOK_IDENT, "d");
  assert_string_equal(L.t[5].value.TOK_STRING, "http://e/*f*/");
  lexed_free(&L);
}

static void keywords_and_names(void **state) {
  (void)state;
  struct lexed L;
  lex(&L, "title import workload kind region zone group rule review allow and or not "
          "true false titles truex _x9 Service");
  KINDS(&L, TOK_TITLE, TOK_IMPORT, TOK_WORKLOAD, TOK_KIND, TOK_REGION, TOK_ZONE, TOK_GROUP,
        TOK_RULE, TOK_REVIEW, TOK_ALLOW, TOK_AND, TOK_OR, TOK_NOT, TOK_BOOL, TOK_BOOL,
        TOK_IDENT, TOK_IDENT, TOK_IDENT, TOK_IDENT);
  assert_true(L.t[13].value.TOK_BOOL);
  assert_false(L.t[14].value.TOK_BOOL);
  assert_string_equal(L.t[15].value.TOK_IDENT, "titles");  /* the longest match wins */
  assert_string_equal(L.t[16].value.TOK_IDENT, "truex");
  assert_string_equal(L.t[17].value.TOK_IDENT, "_x9");
  assert_string_equal(L.t[18].value.TOK_IDENT, "Service");
  lexed_free(&L);
}

static void qualified_names(void **state) {
  (void)state;
  struct lexed L;
  lex(&L, "a.b us.east.api api region.x");
  KINDS(&L, TOK_QNAME, TOK_QNAME, TOK_IDENT, TOK_QNAME);
  assert_string_equal(L.t[0].value.TOK_QNAME, "a.b");
  assert_string_equal(L.t[1].value.TOK_QNAME, "us.east.api");
  assert_loc(&L.t[1], 4, 15);
  assert_string_equal(L.t[2].value.TOK_IDENT, "api");
  /* A keyword followed by a dot is a qualified name, not a keyword. */
  assert_string_equal(L.t[3].value.TOK_QNAME, "region.x");
  lexed_free(&L);
}

static void punctuation_and_operators(void **state) {
  (void)state;
  struct lexed L;
  lex(&L, "-> - > >= <= == != < = , : ; + * / { } ( ) [ ] a->b a-b");
  KINDS(&L, TOK_ARROW, '-', '>', TOK_GE, TOK_LE, TOK_EQ, TOK_NE, '<', '=', ',', ':', ';', '+',
        '*', '/', '{', '}', '(', ')', '[', ']',
        TOK_IDENT, TOK_ARROW, TOK_IDENT, TOK_IDENT, '-', TOK_IDENT);
  lexed_free(&L);
}

/* ---- strings ---- */

static void strings_and_escapes(void **state) {
  (void)state;
  struct lexed L;
  /* The source text is:  "a \"q\" \\ x\n\t" ""  */
  lex(&L, "\"a \\\"q\\\" \\\\ x\\n\\t\" \"\"");
  KINDS(&L, TOK_STRING, TOK_STRING);
  assert_string_equal(L.t[0].value.TOK_STRING, "a \"q\" \\ x\n\t");
  /* The token spans both quotes: 18 bytes of source. */
  assert_loc(&L.t[0], 0, 18);
  assert_string_equal(L.t[1].value.TOK_STRING, "");
  assert_loc(&L.t[1], 19, 21);
  assert_int_equal(archc_errors(L.c), 0);
  lexed_free(&L);
}

/* ---- diagnostics ---- */

static void number_with_a_unit_attached(void **state) {
  (void)state;
  struct lexed L;
  lex(&L, "x = 5kb y");
  KINDS(&L, TOK_IDENT, '=', TOK_YYerror, TOK_IDENT);  /* scanning goes on after the error */
  assert_loc(&L.t[2], 4, 7);
  assert_int_equal(archc_errors(L.c), 1);
  assert_string_equal(L.diag,
                      "t.arch:1:5: error: invalid number '5kb'\n"
                      "   1 | x = 5kb y\n"
                      "     |     ^~~\n"
                      "  help: units are separate words ('5 KB', '10 ms'); only k, M, B, G and T "
                      "attach to a number ('5k' is 5,000)\n");
  lexed_free(&L);
  lex(&L, "100Mbps 1e");
  KINDS(&L, TOK_YYerror, TOK_YYerror);
  assert_non_null(strstr(L.diag, "error: invalid number '100Mbps'"));
  assert_non_null(strstr(L.diag, "error: invalid number '1e'"));
  lexed_free(&L);
}

static void unterminated_string(void **state) {
  (void)state;
  struct lexed L;
  lex(&L, "a\nb = \"open\nc");
  KINDS(&L, TOK_IDENT, TOK_NL, TOK_IDENT, '=', TOK_YYerror, TOK_NL, TOK_IDENT);
  assert_int_equal(archc_errors(L.c), 1);
  assert_string_equal(L.diag,
                      "t.arch:2:5: error: unterminated string\n"
                      "   2 | b = \"open\n"
                      "     |     ^~~~~\n"
                      "  help: close the string with '\"' on the same line\n");
  lexed_free(&L);
}

static void unknown_escape(void **state) {
  (void)state;
  struct lexed L;
  lex(&L, "\"ab\\qc\"");
  KINDS(&L, TOK_YYerror);
  /* The caret covers the two bytes \q, which start at offset 3. */
  assert_string_equal(L.diag,
                      "t.arch:1:4: error: unknown escape sequence in string\n"
                      "   1 | \"ab\\qc\"\n"
                      "     |    ^~\n"
                      "  help: the escapes are \\\" \\\\ \\n and \\t\n");
  lexed_free(&L);
}

static void unexpected_characters(void **state) {
  (void)state;
  struct lexed L;
  /* A run of bad characters is one error; another run is another. */
  lex(&L, "@@@ x @");
  KINDS(&L, TOK_YYerror, TOK_IDENT, TOK_YYerror);
  assert_int_equal(archc_errors(L.c), 2);
  assert_non_null(strstr(L.diag, "t.arch:1:1: error: unexpected character '@'"));
  assert_non_null(strstr(L.diag, "t.arch:1:7: error: unexpected character '@'"));
  assert_null(strstr(L.diag, "t.arch:1:2:"));
  assert_null(strstr(L.diag, "help:"));  /* printable ASCII: no UTF-8 advice */
  lexed_free(&L);
}

static void unexpected_bytes(void **state) {
  (void)state;
  struct lexed L;
  static const char text[] = "a \x80 b \0 c";  /* a NUL byte at offset 6 */
  lex_bytes(&L, text, sizeof text - 1);
  KINDS(&L, TOK_IDENT, TOK_YYerror, TOK_IDENT, TOK_YYerror, TOK_IDENT);
  assert_loc(&L.t[1], 2, 3);
  assert_loc(&L.t[3], 6, 7);
  assert_int_equal(archc_errors(L.c), 2);
  assert_non_null(strstr(L.diag, "t.arch:1:3: error: unexpected byte 0x80"));
  assert_non_null(strstr(L.diag, "t.arch:1:7: error: unexpected byte 0x00"));
  assert_int_equal(count_of(L.diag, "help: a .arch file is UTF-8 text; names use ASCII "
                                    "letters, digits and '_'"), 2);
  /* The quoted line shows each unprintable byte as '?'. */
  assert_int_equal(count_of(L.diag, "   1 | a ? b ? c\n"), 2);
  lexed_free(&L);
}

static void unterminated_comment(void **state) {
  (void)state;
  struct lexed L;
  lex(&L, "a /* never\nclosed");
  KINDS(&L, TOK_IDENT, TOK_YYerror);
  assert_string_equal(L.diag,
                      "t.arch:1:3: error: unterminated comment\n"
                      "   1 | a /* never\n"
                      "     |   ^~\n"
                      "  help: a comment that starts with '/*' ends with '*/'\n");
  lexed_free(&L);
}

static void numbers_out_of_range(void **state) {
  (void)state;
  struct lexed L;
  lex(&L, "1e299 1e400 1e300T");
  KINDS(&L, TOK_NUMBER, TOK_YYerror, TOK_YYerror);
  assert_true(L.t[0].value.TOK_NUMBER.value == 1e299);
  assert_int_equal(count_of(L.diag, "error: number out of range"), 2);
  lexed_free(&L);

  char digits[140];
  memset(digits, '1', sizeof digits - 1);
  digits[sizeof digits - 1] = '\0';
  lex(&L, digits);
  KINDS(&L, TOK_YYerror);
  assert_non_null(strstr(L.diag, "t.arch:1:1: error: number too long"));
  lexed_free(&L);
}

static void long_names_and_strings(void **state) {
  (void)state;
  struct lexed L;
  char name[LIMIT_IDENT + 2];
  memset(name, 'n', LIMIT_IDENT);
  name[LIMIT_IDENT] = '\0';
  lex(&L, name);                       /* 128 bytes: fine */
  KINDS(&L, TOK_IDENT);
  assert_int_equal(strlen(L.t[0].value.TOK_IDENT), LIMIT_IDENT);
  lexed_free(&L);
  name[LIMIT_IDENT] = 'n';
  name[LIMIT_IDENT + 1] = '\0';
  lex(&L, name);                       /* 129 bytes: too long */
  KINDS(&L, TOK_YYerror);
  assert_non_null(strstr(L.diag, "error: name longer than 128 bytes"));
  lexed_free(&L);

  char *str = malloc(LIMIT_STRING + 4);
  str[0] = '"';
  memset(str + 1, 's', LIMIT_STRING);
  str[LIMIT_STRING + 1] = '"';
  str[LIMIT_STRING + 2] = '\0';
  lex(&L, str);                        /* 4096 bytes between the quotes: fine */
  KINDS(&L, TOK_STRING);
  assert_int_equal(strlen(L.t[0].value.TOK_STRING), LIMIT_STRING);
  lexed_free(&L);
  str[LIMIT_STRING + 1] = 's';
  str[LIMIT_STRING + 2] = '"';
  str[LIMIT_STRING + 3] = '\0';
  lex(&L, str);                        /* 4097: too long */
  KINDS(&L, TOK_YYerror);
  assert_non_null(strstr(L.diag, "error: string longer than 4096 bytes"));
  lexed_free(&L);
  free(str);
}

static void nesting_limit_stops_the_input(void **state) {
  (void)state;
  struct lexed L;
  char text[LIMIT_NESTING + 8];
  memset(text, '(', LIMIT_NESTING);
  text[LIMIT_NESTING] = '\0';
  lex(&L, text);                       /* 64 levels: fine */
  assert_int_equal(L.n, LIMIT_NESTING);
  assert_int_equal(archc_errors(L.c), 0);
  lexed_free(&L);

  /* 65 levels: the 65th '(' is reported and ends the input, so the name
     after it is never seen. */
  memset(text, '(', LIMIT_NESTING + 1);
  strcpy(text + LIMIT_NESTING + 1, " x");
  lex(&L, text);
  assert_int_equal(L.n, LIMIT_NESTING);
  for (int i = 0; i < L.n; i++) assert_int_equal(L.t[i].kind, '(');
  assert_int_equal(archc_errors(L.c), 1);
  assert_true(L.c->stop);
  assert_non_null(strstr(L.diag, "t.arch:1:65: error: nesting deeper than 64 levels"));
  lexed_free(&L);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(numbers_and_multipliers),
    cmocka_unit_test(percentages),
    cmocka_unit_test(a_unit_is_a_separate_word),
    cmocka_unit_test(locations_are_byte_offsets),
    cmocka_unit_test(locations_after_a_multi_line_comment),
    cmocka_unit_test(newlines_inside_parentheses_and_brackets_vanish),
    cmocka_unit_test(nested_brackets_restore_newlines_when_closed),
    cmocka_unit_test(comments),
    cmocka_unit_test(keywords_and_names),
    cmocka_unit_test(qualified_names),
    cmocka_unit_test(punctuation_and_operators),
    cmocka_unit_test(strings_and_escapes),
    cmocka_unit_test(number_with_a_unit_attached),
    cmocka_unit_test(unterminated_string),
    cmocka_unit_test(unknown_escape),
    cmocka_unit_test(unexpected_characters),
    cmocka_unit_test(unexpected_bytes),
    cmocka_unit_test(unterminated_comment),
    cmocka_unit_test(numbers_out_of_range),
    cmocka_unit_test(long_names_and_strings),
    cmocka_unit_test(nesting_limit_stops_the_input),
  };
  return cmocka_run_group_tests_name("lexer", tests, NULL, NULL);
}
