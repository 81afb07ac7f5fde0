/*
 * test_output.c - the pieces every output shares: the JSON writer's
 * layouts and numbers, and figures as people read them (quantity.c).
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
#include "quantity.h"

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

/* ---- figures for people ---- */

typedef const char *formatter(double v, char *buf, size_t size);

struct figure {
  formatter *format;
  double value;
  const char *want;
  const char *why;
};

static const struct figure figures[] = {
  {quantity_human_percent, 0.75, "75.0%", "a tenth of a percent below 100%"},
  {quantity_human_percent, 0.314, "31.4%", NULL},
  {quantity_human_percent, 0, "0%", NULL},
  {quantity_human_percent, 0.0002, "<0.1%", "not 0.0%: there is load, just little"},
  {quantity_human_percent, 0.995, "99.5%", NULL},
  {quantity_human_percent, 0.9999, "99.99%", "an availability keeps its nines"},
  {quantity_human_percent, 0.9995, "99.95%", "and never rounds up to 100%"},
  {quantity_human_percent, 0.99999, "99.999%", NULL},
  {quantity_human_percent, 1 - 1e-12, "100%", "a rounding error short of saturation"},
  {quantity_human_percent, 1, "100%", NULL},
  {quantity_human_percent, 2.0914, "209%", "whole percents past 100%"},
  {quantity_human_percent, 3.333, "333%", NULL},
  {quantity_human_percent, 250, "250x", "a multiple, not 2.5e+04% or 25,000%"},
  {quantity_human_percent, 15.6, "15.6x", NULL},
  {quantity_human_percent, 2500, "2,500x", NULL},
  {quantity_human_times, 0.478, "0.478x", NULL},
  {quantity_human_times, 3.1875, "3.19x", NULL},
  {quantity_human_times, 131.49, "131x", NULL},
  {quantity_human_times, 1593.79, "1,590x", "three figures with separators, not 1594x or 1.59kx"},
  {quantity_human_times, 63114, "63,100x", NULL},
  {quantity_human_times, 184320, "184,000x", NULL},
  {quantity_human_times, 999.7, "1,000x", NULL},
  {quantity_human_count, 3, "3", "small counts exactly"},
  {quantity_human_count, 999, "999", NULL},
  {quantity_human_count, 630000, "630k", "as the report's 3.80M messages, not 630000"},
  {quantity_human_count, 3.8e6, "3.80M", NULL},
  {quantity_human_count, 2.5, "2.50", NULL},
};

static void figures_read_alike(void **state) {
  (void)state;
  char buf[32];
  for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
    const struct figure *f = &figures[i];
    const char *got = f->format(f->value, buf, sizeof buf);
    if (strcmp(got, f->want) != 0)
      fail_msg("%g gives \"%s\", expected \"%s\" (%s)", f->value, got, f->want,
               f->why ? f->why : "");
  }
}

/* What a rule's {placeholder} becomes. */
static const char *printed(const struct arch_value *v, char *buf, size_t size) {
  FILE *f = fmemopen(buf, size, "w");
  value_print(f, v);
  fclose(f);
  return buf;
}

static void values_in_messages(void **state) {
  (void)state;
  char buf[64];
  struct arch_value v = {0};
  v.type = VAL_NUMBER;
  v.percent = true;
  v.num = 250;  /* a utilization of 25,000% */
  assert_string_equal(printed(&v, buf, sizeof buf), "250x");
  v.num = 0.9999;
  assert_string_equal(printed(&v, buf, sizeof buf), "99.99%");
  v.percent = false;
  v.num = 720000;  /* a backlog, in messages */
  assert_string_equal(printed(&v, buf, sizeof buf), "720k");
  v.num = 4;  /* replicas */
  assert_string_equal(printed(&v, buf, sizeof buf), "4");
  v.dim.time = -1;
  v.num = 1000;
  assert_string_equal(printed(&v, buf, sizeof buf), "1.00k rps");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(inline_and_block),
    cmocka_unit_test(wraps_and_lines),
    cmocka_unit_test(numbers),
    cmocka_unit_test(figures_read_alike),
    cmocka_unit_test(values_in_messages),
  };
  return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
