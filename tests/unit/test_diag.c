/*
 * test_diag.c - diagnostics: the clang-style header, the quoted line and
 * its caret, columns in code points, long lines, colour, the error cap,
 * and "did you mean" (edit distance and the choice of a suggestion).
 *
 * Diagnostics are printed with diag_at() against a source registered with
 * source_add(); every expected byte of output is written out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "units.h"

struct out {
  archc *c;
  char *text;
  size_t len;
  FILE *sink;
  uint32_t file;
};

/* A compilation whose one source is `len` bytes of `src`, as "t.arch". */
static void open_with(struct out *o, const char *src, size_t len, int color) {
  memset(o, 0, sizeof *o);
  o->sink = open_memstream(&o->text, &o->len);
  struct archc_options opt = {0};
  opt.no_stdlib = 1;
  opt.diagnostics = o->sink;
  opt.color = color;
  o->c = archc_new(&opt);
  o->file = source_add(o->c, TEST_FILE, ".", NULL, src, len);
}

static void open_src(struct out *o, const char *src) { open_with(o, src, strlen(src), 0); }

/* Everything printed so far. */
static const char *printed(struct out *o) {
  fflush(o->sink);
  return o->text;
}

static void close_out(struct out *o) {
  archc_free(o->c);
  fclose(o->sink);
  free(o->text);
}

static struct arch_loc at(const struct out *o, uint32_t begin, uint32_t end) {
  return (struct arch_loc){o->file, begin, end};
}

/* ---- the format ---- */

static void header_quote_caret_and_help(void **state) {
  (void)state;
  struct out o;
  /* Line 2 starts at byte 12; "links_dbb" is bytes 19..28, column 8. */
  open_src(&o, "service api\napi -> links_dbb\n");
  diag_at(o.c, DIAG_ERROR, at(&o, 19, 28), "unknown component '%s'", "links_dbb");
  diag_help(o.c, "did you mean '%s'?", "links_db");
  assert_string_equal(printed(&o),
                      "t.arch:2:8: error: unknown component 'links_dbb'\n"
                      "   2 | api -> links_dbb\n"
                      "     |        ^~~~~~~~~\n"
                      "  help: did you mean 'links_db'?\n");
  assert_int_equal(archc_errors(o.c), 1);
  close_out(&o);
}

static void levels_and_what_they_count(void **state) {
  (void)state;
  struct out o;
  open_src(&o, "abc\n");
  diag_at(o.c, DIAG_WARNING, at(&o, 0, 3), "w");
  diag_at(o.c, DIAG_NOTE, at(&o, 1, 2), "n");
  assert_string_equal(printed(&o),
                      "t.arch:1:1: warning: w\n"
                      "   1 | abc\n"
                      "     | ^~~\n"
                      "t.arch:1:2: note: n\n"
                      "   1 | abc\n"
                      "     |  ^\n");
  assert_int_equal(archc_errors(o.c), 0);
  assert_int_equal(o.c->n_warnings, 1);   /* notes count as nothing */
  diag_plain(o.c, DIAG_ERROR, "cannot read '%s'", "x.arch");
  diag_plain(o.c, DIAG_WARNING, "careful");
  assert_non_null(strstr(printed(&o), "\narchc: error: cannot read 'x.arch'\narchc: warning: careful\n"));
  assert_int_equal(archc_errors(o.c), 1);
  assert_int_equal(o.c->n_warnings, 2);
  close_out(&o);
}

static void empty_and_overlong_spans(void **state) {
  (void)state;
  struct out o;
  open_src(&o, "abc def\nxyz\n");
  /* An empty range still gets a caret. */
  diag_at(o.c, DIAG_ERROR, at(&o, 4, 4), "empty");
  /* A range running into the next line is cut at the end of this one. */
  diag_at(o.c, DIAG_ERROR, at(&o, 4, 11), "long");
  assert_string_equal(printed(&o),
                      "t.arch:1:5: error: empty\n"
                      "   1 | abc def\n"
                      "     |     ^\n"
                      "t.arch:1:5: error: long\n"
                      "   1 | abc def\n"
                      "     |     ^~~\n");
  close_out(&o);
}

static void an_error_at_the_end_of_the_file(void **state) {
  (void)state;
  struct out o;
  open_src(&o, "ab\ncd");   /* no final newline: offset 5 is the end */
  diag_at(o.c, DIAG_ERROR, at(&o, 5, 5), "eof");
  assert_string_equal(printed(&o),
                      "t.arch:2:3: error: eof\n"
                      "   2 | cd\n"
                      "     |   ^\n");
  close_out(&o);
}

/* ---- columns ---- */

static void columns_count_code_points(void **state) {
  (void)state;
  struct out o;
  /* "n\xc3\xa4me -> x": the a-umlaut is bytes 1..3, so 'x' is byte 9 but
     column 9 counts 8 characters before it. */
  open_src(&o, "n\xc3\xa4me -> x\n");
  diag_at(o.c, DIAG_ERROR, at(&o, 9, 10), "x");
  diag_at(o.c, DIAG_ERROR, at(&o, 0, 5), "word");
  assert_string_equal(printed(&o),
                      "t.arch:1:9: error: x\n"
                      "   1 | n\xc3\xa4me -> x\n"
                      "     |         ^\n"
                      "t.arch:1:1: error: word\n"
                      "   1 | n\xc3\xa4me -> x\n"
                      "     | ^~~~\n");   /* four characters, five bytes */
  close_out(&o);
}

static void tabs_are_kept_under_the_caret(void **state) {
  (void)state;
  struct out o;
  open_src(&o, "\t\tx = 1\n");
  diag_at(o.c, DIAG_ERROR, at(&o, 2, 3), "x");
  assert_string_equal(printed(&o),
                      "t.arch:1:3: error: x\n"
                      "   1 | \t\tx = 1\n"
                      "     | \t\t^\n");
  close_out(&o);
}

static void unprintable_bytes_become_question_marks(void **state) {
  (void)state;
  struct out o;
  /* A control byte and a byte that is not UTF-8: one column each. */
  open_src(&o, "a\x01" "b\xff" "c\x1b[2J\n");
  diag_at(o.c, DIAG_ERROR, at(&o, 4, 5), "c");
  assert_string_equal(printed(&o),
                      "t.arch:1:5: error: c\n"
                      "   1 | a?b?c?[2J\n"
                      "     |     ^\n");
  close_out(&o);
}

static void line_endings(void **state) {
  (void)state;
  struct out o;
  open_src(&o, "ab\r\ncd\r\n");
  diag_at(o.c, DIAG_ERROR, at(&o, 4, 6), "cd");
  diag_at(o.c, DIAG_ERROR, at(&o, 0, 4), "ab");  /* ends past the \r\n: cut */
  assert_string_equal(printed(&o),
                      "t.arch:2:1: error: cd\n"
                      "   2 | cd\n"
                      "     | ^~\n"
                      "t.arch:1:1: error: ab\n"
                      "   1 | ab\n"
                      "     | ^~\n");
  close_out(&o);
}

static void long_lines_show_a_window(void **state) {
  (void)state;
  struct out o;
  /* 100 dashes, "target" at bytes 100..106, 200 more dashes.  The window
     starts 60 bytes before the caret (byte 40) and is 160 bytes wide. */
  char line[400];
  memset(line, '-', 306);
  memcpy(line + 100, "target", 6);
  line[306] = '\n';
  line[307] = '\0';
  open_src(&o, line);
  diag_at(o.c, DIAG_ERROR, at(&o, 100, 106), "t");

  char want[1024], dashes60[61], dashes94[95];
  memset(dashes60, '-', 60);
  dashes60[60] = '\0';
  memset(dashes94, '-', 94);
  dashes94[94] = '\0';
  snprintf(want, sizeof want,
           "t.arch:1:101: error: t\n"
           "   1 | ...%starget%s...\n"
           "     |    %*s^~~~~~\n",
           dashes60, dashes94, 60, "");
  assert_string_equal(printed(&o), want);
  close_out(&o);

  /* Near the start of a long line: no leading "...", a trailing one. */
  open_src(&o, line);
  diag_at(o.c, DIAG_ERROR, at(&o, 0, 1), "first");
  const char *p = printed(&o);
  assert_non_null(strstr(p, "   1 | ----"));
  assert_non_null(strstr(p, "-...\n     | ^\n"));
  assert_int_equal(strchr(strchr(p, '\n') + 1, '\n') - strchr(p, '\n') - 1,
                   (long)strlen("   1 | ") + 160 + 3);
  close_out(&o);
}

static void wide_line_numbers(void **state) {
  (void)state;
  struct out o;
  /* 12,344 newlines, then "x" on line 12,345 at byte 12,344. */
  char *src = malloc(12346);
  memset(src, '\n', 12344);
  strcpy(src + 12344, "x");
  open_src(&o, src);
  diag_at(o.c, DIAG_ERROR, at(&o, 12344, 12345), "x");
  assert_string_equal(printed(&o),
                      "t.arch:12345:1: error: x\n"
                      "12345 | x\n"
                      "      | ^\n");
  close_out(&o);
  free(src);
}

static void colour(void **state) {
  (void)state;
  struct out o;
  open_with(&o, "ab\n", 3, 1);
  diag_at(o.c, DIAG_ERROR, at(&o, 0, 2), "m");
  diag_help(o.c, "h");
  assert_string_equal(printed(&o),
                      "\033[1mt.arch:1:1: \033[1;31merror:\033[0m\033[1m m\033[0m\n"
                      "   1 | ab\n"
                      "     | \033[1;32m^~\033[0m\n"
                      "  \033[1mhelp:\033[0m h\n");
  close_out(&o);
}

/* ---- the error cap ---- */

static void reporting_stops_after_twenty_errors(void **state) {
  (void)state;
  struct out o;
  open_src(&o, "x\n");
  for (int i = 0; i < 25; i++) {
    diag_at(o.c, DIAG_ERROR, at(&o, 0, 1), "error %d", i + 1);
    diag_help(o.c, "help %d", i + 1);
    diag_at(o.c, DIAG_NOTE, at(&o, 0, 1), "note %d", i + 1);
  }
  diag_at(o.c, DIAG_WARNING, at(&o, 0, 1), "late warning");
  const char *p = printed(&o);
  assert_int_equal(count_of(p, "t.arch:1:1: error: "), 20);
  assert_non_null(strstr(p, "error 20\n"));
  assert_null(strstr(p, "error 21"));
  assert_int_equal(count_of(p, "  help: "), 20);     /* dropped with their errors */
  assert_int_equal(count_of(p, "note: "), 20);
  assert_null(strstr(p, "late warning"));
  assert_int_equal(count_of(p, "archc: error: too many errors (20); stopping\n"), 1);
  /* The line after the 20th error's note is the stop message. */
  assert_non_null(strstr(p, "note: note 20\n   1 | x\n     | ^\n"
                            "archc: error: too many errors (20); stopping\n"));
  assert_true(o.c->stop);
  assert_true(archc_errors(o.c) > 20);
  close_out(&o);
}

/* ---- edit distance ---- */

/* Optimal string alignment distance by the full matrix, written out here
   independently of diag.c. */
static size_t osa(const char *a, const char *b) {
  size_t n = strlen(a), m = strlen(b);
  size_t d[32][32];
  assert_true(n < 32 && m < 32);
  for (size_t i = 0; i <= n; i++) d[i][0] = i;
  for (size_t j = 0; j <= m; j++) d[0][j] = j;
  for (size_t i = 1; i <= n; i++) {
    for (size_t j = 1; j <= m; j++) {
      size_t best = d[i - 1][j] + 1;                                   /* delete */
      if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;              /* insert */
      size_t sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);          /* substitute */
      if (sub < best) best = sub;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          d[i - 2][j - 2] + 1 < best)
        best = d[i - 2][j - 2] + 1;                                    /* swap */
      d[i][j] = best;
    }
  }
  return d[n][m];
}

static void edit_distance_by_hand(void **state) {
  (void)state;
  static const struct { const char *a, *b; size_t d; } cases[] = {
    {"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"same", "same", 0},
    {"kitten", "sitting", 3},      /* k->s, e->i, +g */
    {"flaw", "lawn", 2},           /* -f, +n */
    {"servcie", "service", 1},     /* one swap */
    {"links_dbb", "links_db", 1},
    {"ca", "abc", 3},              /* OSA: a swapped pair is not edited again */
    {"MB", "mb", 2},               /* case matters */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_int_equal(diag_edit_distance(cases[i].a, cases[i].b, 10), cases[i].d);
    assert_int_equal(diag_edit_distance(cases[i].b, cases[i].a, 10), cases[i].d);
  }
}

static void edit_distance_gives_up_past_the_limit(void **state) {
  (void)state;
  /* Past the limit the answer is only "more than the limit". */
  assert_int_equal(diag_edit_distance("kitten", "sitting", 3), 3);
  assert_true(diag_edit_distance("kitten", "sitting", 2) > 2);
  assert_true(diag_edit_distance("a", "abcdef", 2) > 2);          /* lengths alone */
  assert_true(diag_edit_distance("abc", "xyz", 1) > 1);
  char longer[LIMIT_IDENT + 2];
  memset(longer, 'a', LIMIT_IDENT + 1);
  longer[LIMIT_IDENT + 1] = '\0';
  assert_true(diag_edit_distance(longer, longer, 5) > 5);          /* beyond any name */
}

static void edit_distance_matches_the_full_matrix(void **state) {
  (void)state;
  static const char *const words[] = {
    "", "a", "ab", "ba", "abc", "acb", "cab", "service", "servcie", "srevice", "sevrice",
    "database", "databse", "dtabase", "links_db", "links_dbb", "api", "apx", "pai",
    "load_balancer", "laod_balancer", "cache", "cahce", "queue", "qeueu", "worker"};
  size_t n = sizeof words / sizeof words[0];
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < n; j++) {
      size_t want = osa(words[i], words[j]);
      assert_int_equal(diag_edit_distance(words[i], words[j], 40), want);
      /* Within the limit the distance is exact; past it, anything over. */
      for (size_t limit = 0; limit < 4; limit++) {
        size_t got = diag_edit_distance(words[i], words[j], limit);
        if (want <= limit) assert_int_equal(got, want);
        else assert_true(got > limit);
      }
    }
  }
}

/* ---- suggestions ---- */

static void suggestions(void **state) {
  (void)state;
  static const char *const comps[] = {"links_db", NULL, "api", "cache", "links_cache"};
  assert_string_equal(diag_suggest("links_dbb", comps, 5), "links_db");
  assert_string_equal(diag_suggest("cahce", comps, 5), "cache");        /* past the NULL */
  assert_null(diag_suggest("zzz", comps, 5));
  assert_null(diag_suggest("x", comps, 0));

  /* The name itself is never suggested; a different close one may be. */
  static const char *const apis[] = {"api", "apx"};
  assert_string_equal(diag_suggest("api", apis, 2), "apx");
  assert_null(diag_suggest("api", apis, 1));

  /* The nearest wins over the first, and the first wins a tie. */
  static const char *const kinds[] = {"server", "service"};
  assert_string_equal(diag_suggest("servce", kinds, 2), "service");     /* 2 vs 1 edits */
  static const char *const tie[] = {"cat", "cab"};
  assert_string_equal(diag_suggest("caz", tie, 2), "cat");

  /* How far a suggestion may be grows with the name: one edit below three
     letters, then a third of the length plus one. */
  static const char *const one[] = {"dbx"}, *const two[] = {"dxy"};
  assert_string_equal(diag_suggest("db", one, 1), "dbx");
  assert_null(diag_suggest("db", two, 1));
  static const char *const four[] = {"abcdewxyz"}, *const five[] = {"abcdvwxyz"};
  assert_string_equal(diag_suggest("abcdefghi", four, 1), "abcdewxyz");  /* 4 <= 9/3 + 1 */
  assert_null(diag_suggest("abcdefghi", five, 1));                       /* 5 > 4 */
}

static void unit_suggestions_ignore_case_first(void **state) {
  (void)state;
  const char *names[128];
  size_t n = units_names(names, 128);
  assert_string_equal(diag_suggest("mb", names, n), "MB");
  assert_string_equal(diag_suggest("b", names, n), "B");
  const char *kb = diag_suggest("kb", names, n);
  assert_non_null(kb);
  assert_string_equal(kb, "KB");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(header_quote_caret_and_help),
    cmocka_unit_test(levels_and_what_they_count),
    cmocka_unit_test(empty_and_overlong_spans),
    cmocka_unit_test(an_error_at_the_end_of_the_file),
    cmocka_unit_test(columns_count_code_points),
    cmocka_unit_test(tabs_are_kept_under_the_caret),
    cmocka_unit_test(unprintable_bytes_become_question_marks),
    cmocka_unit_test(line_endings),
    cmocka_unit_test(long_lines_show_a_window),
    cmocka_unit_test(wide_line_numbers),
    cmocka_unit_test(colour),
    cmocka_unit_test(reporting_stops_after_twenty_errors),
    cmocka_unit_test(edit_distance_by_hand),
    cmocka_unit_test(edit_distance_gives_up_past_the_limit),
    cmocka_unit_test(edit_distance_matches_the_full_matrix),
    cmocka_unit_test(suggestions),
    cmocka_unit_test(unit_suggestions_ignore_case_first),
  };
  return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
