/*
 * json.h - the one JSON writer behind every JSON archc writes: the model,
 * the estimate, the findings and SARIF.
 *
 * The writer places commas, line breaks and indentation; its caller says
 * what goes in and how each object or array is laid out.  Every value
 * function takes the member's key inside an object and NULL elsewhere.
 * A document ends with a newline when its outermost value closes.
 */
#ifndef ARCH_JSON_H
#define ARCH_JSON_H

#include <stdbool.h>
#include <stdio.h>

enum json_layout {
  JSON_INLINE,  /* {"a": 1, "b": 2}; json_wrap() goes on below, just inside the bracket */
  JSON_BLOCK,   /* every member on a line of its own, two spaces in */
  JSON_LINES    /* members on lines of their own, several to a line: json_wrap() starts the next */
};

/* Deeper than any design's list can nest (LIMIT_NESTING) plus the
   documents around it. */
enum { JSON_MAX_DEPTH = 96 };

struct json_writer {
  FILE *f;
  int depth;
  int indent;  /* of the line being written */
  bool wrap;   /* the next member starts a new line */
  struct json_level {
    enum json_layout layout;
    char close;   /* '}' or ']' */
    int indent;   /* of the line the bracket opened on */
    int members;
  } level[JSON_MAX_DEPTH];
};

void json_start(struct json_writer *w, FILE *f);

void json_object(struct json_writer *w, const char *key, enum json_layout layout);
void json_array(struct json_writer *w, const char *key, enum json_layout layout);
void json_end(struct json_writer *w);  /* closes the innermost object or array */
/* The next member starts on a new line. */
void json_wrap(struct json_writer *w);

void json_string(struct json_writer *w, const char *key, const char *s);  /* NULL: null */
/* Every number archc writes for tools (quantity_exact's digits); not
   finite: null. */
void json_number(struct json_writer *w, const char *key, double v);
void json_bool(struct json_writer *w, const char *key, bool b);
void json_null(struct json_writer *w, const char *key);

#endif
