/*
 * test_output.c - the pieces every output shares: the JSON writer's
 * layouts and numbers.
 *
 * Expected text is written out by hand from the layouts' definitions in
 * json.h, never copied from the program's output.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json.h"

/* A writer into memory; json_text() closes it and gives the text. */
struct memory {
  FILE *f;
  char *text;
  size_t len;
  struct json_writer w;
};

static struct json_writer *json_memory(struct memory *m) {
  m->f = open_memstream(&m->text, &m->len);
  json_start(&m->w, m->f);
  return &m->w;
}

static const char *json_text(struct memory *m) {
  fclose(m->f);
  return m->text;
}

static void inline_and_block(void **state) {
  (void)state;
  struct memory m;
  struct json_writer *w = json_memory(&m);
  json_object(w, NULL, JSON_BLOCK);
  json_string(w, "title", "Two \"boxes\"\n");
  json_object(w, "conventions", JSON_INLINE);
  json_number(w, "month_seconds", 2629746);
  json_bool(w, "calendar", true);
  json_end(w);
  json_array(w, "groups", JSON_BLOCK);
  json_end(w);
  json_array(w, "edges", JSON_BLOCK);
  json_object(w, NULL, JSON_INLINE);
  json_string(w, "from", "a");
  json_null(w, "label");
  json_end(w);
  json_object(w, NULL, JSON_INLINE);
  json_string(w, "from", "b");
  json_string(w, "label", NULL);
  json_end(w);
  json_end(w);
  json_end(w);
  assert_string_equal(json_text(&m),
                      "{\n"
                      "  \"title\": \"Two \\\"boxes\\\"\\n\",\n"
                      "  \"conventions\": {\"month_seconds\": 2629746, \"calendar\": true},\n"
                      "  \"groups\": [],\n"
                      "  \"edges\": [\n"
                      "    {\"from\": \"a\", \"label\": null},\n"
                      "    {\"from\": \"b\", \"label\": null}\n"
                      "  ]\n"
                      "}\n");
  free(m.text);
}

/* json_wrap in an inline object continues just inside its bracket; in a
   JSON_LINES object it starts the next line; indentation follows the line
   a bracket opened on. */
static void wraps_and_lines(void **state) {
  (void)state;
  struct memory m;
  struct json_writer *w = json_memory(&m);
  json_object(w, NULL, JSON_BLOCK);
  json_array(w, "runs", JSON_INLINE);
  json_object(w, NULL, JSON_BLOCK);
  json_object(w, "estimate", JSON_LINES);
  json_number(w, "a", 1);
  json_number(w, "b", 2);
  json_wrap(w);
  json_number(w, "c", 3);
  json_wrap(w);
  json_object(w, "record", JSON_INLINE);
  json_number(w, "d", 4);
  json_wrap(w);
  json_array(w, "e", JSON_INLINE);
  json_string(w, NULL, "x");
  json_string(w, NULL, "y");
  json_end(w);
  json_end(w);
  json_end(w);
  json_end(w);
  json_end(w);
  json_end(w);
  assert_string_equal(json_text(&m),
                      "{\n"
                      "  \"runs\": [{\n"
                      "    \"estimate\": {\n"
                      "      \"a\": 1, \"b\": 2,\n"
                      "      \"c\": 3,\n"
                      "      \"record\": {\"d\": 4,\n"
                      "       \"e\": [\"x\", \"y\"]}\n"
                      "    }\n"
                      "  }]\n"
                      "}\n");
  free(m.text);
}

/* One way to write a number: 15 significant digits, no "-0", and null for
   what JSON cannot say. */
static void numbers(void **state) {
  (void)state;
  struct memory m;
  struct json_writer *w = json_memory(&m);
  json_array(w, NULL, JSON_INLINE);
  json_number(w, NULL, 0.1);
  json_number(w, NULL, -0.0);
  json_number(w, NULL, 1e8 / 4320);
  json_number(w, NULL, 2.191455e14);
  json_number(w, NULL, 5e-5);
  json_number(w, NULL, INFINITY);
  json_number(w, NULL, NAN);
  json_end(w);
  assert_string_equal(json_text(&m),
                      "[0.1, 0, 23148.1481481481, 219145500000000, 5e-05, null, null]\n");
  free(m.text);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(inline_and_block),
    cmocka_unit_test(wraps_and_lines),
    cmocka_unit_test(numbers),
  };
  return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
