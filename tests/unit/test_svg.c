/*
 * test_svg.c - svg_publish (output/svg.c) on SVG text written by hand:
 * ids and the references to them prefixed, references to anything else
 * left alone, and the style sheet of the auto theme.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "output.h"

static const char svg[] =
  "<svg width=\"10pt\" height=\"10pt\">\n"
  "<defs><radialGradient id=\"r_0\"><stop/></radialGradient></defs>\n"
  "<g id=\"graph0\" class=\"graph\">\n"
  "<polygon fill=\"white\" stroke=\"transparent\" points=\"0,0\"/>\n"
  "<g id=\"node1\" class=\"node\"><g id=\"a_node1\"><a xlink:href=\"#node1\">\n"
  "<ellipse fill=\"url(#r_0)\" stroke=\"#3C4043\"/>\n"
  "<text fill=\"#3c4043\">id=\"node1\"</text>\n"
  "<a href=\"#chapter-2\">elsewhere on the page</a>\n"
  "</a></g></g></g>\n"
  "</svg>\n";

static char *published(struct compiled *r, struct output_input in) {
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  assert_int_equal(svg_publish(r->c, &in, svg, strlen(svg), f), ARCHC_OK);
  fclose(f);
  return out;
}

static void ids_and_references(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "service a", 1);
  char *out = published(&r, (struct output_input){.id_prefix = "fig 2"});
  assert_non_null(strstr(out, "<radialGradient id=\"fig_2-r_0\">"));
  assert_non_null(strstr(out, "<g id=\"fig_2-graph0\""));
  assert_non_null(strstr(out, "<g id=\"fig_2-a_node1\"><a xlink:href=\"#fig_2-node1\">"));
  assert_non_null(strstr(out, "fill=\"url(#fig_2-r_0)\""));
  /* Not an id of the file: a link into the page around it. */
  assert_non_null(strstr(out, "<a href=\"#chapter-2\">"));
  /* Text is not an attribute. */
  assert_non_null(strstr(out, ">id=\"node1\"</text>"));
  assert_null(strstr(out, "@media"));
  assert_int_equal(count_of(out, "fig_2-"), 6);
  free(out);
  out = published(&r, (struct output_input){.id_prefix = NULL});
  assert_non_null(strstr(out, "<g id=\"archc-graph0\""));
  free(out);
  out = published(&r, (struct output_input){.id_prefix = ""});
  assert_string_equal(out, svg);
  free(out);
  compiled_free(&r);
}

static void auto_theme(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "service a", 1);
  char *out = published(&r, (struct output_input){.theme = ARCHC_THEME_AUTO, .id_prefix = ""});
  char *style = strstr(out, "<style>\n@media (prefers-color-scheme: dark) {\n");
  /* Right after the <svg> tag, before anything is drawn. */
  assert_non_null(style);
  assert_ptr_equal(style, out + strlen("<svg width=\"10pt\" height=\"10pt\">\n"));
  /* Then the file goes on as it was. */
  char *end = strstr(style, "}\n</style>\n<defs>");
  assert_non_null(end);
  *end = '\0';
  /* Each rule only inside the drawing, which holds everything drawn. */
  assert_non_null(strstr(style, "\n[id=\"graph0\"] [fill=\"white\"]{fill:#0D1117}\n"));
  assert_non_null(strstr(style, "\n[id=\"graph0\"] [fill=\"#3c4043\"]{fill:#"));
  assert_non_null(strstr(style, "\n[id=\"graph0\"] [stroke=\"#3C4043\"]{stroke:#"));
  assert_int_equal(count_of(style, "{"), count_of(style, "[id=\"graph0\"] [") + 1);
  /* Neither a colour it cannot turn dark nor one it has a rule for. */
  assert_null(strstr(style, "transparent"));
  assert_null(strstr(style, "url("));
  assert_int_equal(count_of(style, "[fill=\"#3c4043\"]"), 1);
  free(out);
  out = published(&r, (struct output_input){.theme = ARCHC_THEME_AUTO, .id_prefix = "a.b"});
  assert_non_null(strstr(out, "\n[id=\"a.b-graph0\"] [fill=\"white\"]{fill:#0D1117}\n"));
  free(out);
  compiled_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(ids_and_references),
    cmocka_unit_test(auto_theme),
  };
  return cmocka_run_group_tests_name("svg", tests, NULL, NULL);
}
