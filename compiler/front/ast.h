/*
 * ast.h - the syntax tree the parser builds.
 *
 * The tree mirrors the text: statements in source order, expressions as
 * written, names as they were spelled (a qualified name keeps its dots).
 * Every node carries the byte range it came from, so later stages can point
 * a caret at it.  All nodes live in the compilation's arena.
 */
#ifndef ARCH_AST_H
#define ARCH_AST_H

#include <stdbool.h>
#include <stdint.h>

/* A byte range [begin, end) in source number `file`. */
struct arch_loc {
  uint32_t file, begin, end;
};

enum expr_op {
  EXPR_NUMBER,   /* num, with the multiplier letter in `suffix` ('k', 'M', ... or 0) */
  EXPR_PERCENT,  /* num is the percentage as written: 90% -> 90 */
  EXPR_QUANTITY, /* a number followed by a unit word: left = number, name = unit */
  EXPR_NAME,     /* a bare word: a workload value, a unit or a symbol */
  EXPR_STRING,
  EXPR_BOOL,
  EXPR_LIST,     /* items linked through `next`, first in `left` */
  EXPR_NEG,
  EXPR_ADD, EXPR_SUB, EXPR_MUL, EXPR_DIV,
  EXPR_AND, EXPR_OR, EXPR_NOT,
  EXPR_LT, EXPR_GT, EXPR_LE, EXPR_GE, EXPR_EQ, EXPR_NE
};

struct ast_expr {
  enum expr_op op;
  struct arch_loc loc;
  double num;
  char suffix;
  bool boolean;
  const char *name;          /* EXPR_NAME, EXPR_QUANTITY's unit, EXPR_STRING's text */
  struct arch_loc name_loc;
  struct ast_expr *left, *right;
  struct ast_expr *next;     /* the next item of an EXPR_LIST */
  int property;              /* review.c: what a name in a rule stands for, found once */
  const struct arch_unit *unit; /* eval.c: an EXPR_QUANTITY's unit, found once (a rule's
                                   `100 rps` is evaluated for every component) */
  int depth;                 /* operators below this one: every walk over the tree is bounded */
};

/* `name = value`, a bare flag in edge brackets (`value` is NULL), or
   `allow rule "reason"` in a component (`allow` set, `name` the rule). */
struct ast_attr {
  struct ast_attr *next;
  const char *name;
  struct arch_loc loc;       /* the name */
  struct ast_expr *value;
  bool allow;
  const char *reason;
  struct arch_loc allow_loc;
};

/* A name as written: `api` or `us_east.api`. */
struct ast_ref {
  struct ast_ref *next;
  const char *name;
  struct arch_loc loc;
};

/* One stop of an edge chain: a single name, or `{a, b}`. */
struct ast_endpoint {
  struct ast_endpoint *next;
  struct ast_ref *refs;
};

enum stmt_kind {
  STMT_TITLE, STMT_IMPORT, STMT_WORKLOAD, STMT_KIND, STMT_COMPONENT,
  STMT_REGION, STMT_ZONE, STMT_GROUP, STMT_EDGE, STMT_RULE, STMT_REVIEW,
  STMT_FLOW, STMT_VIEW,
  STMT_REQUIREMENTS,         /* body: STMT_REQUIRE and STMT_FLOW (name, attrs) items */
  STMT_REQUIRE               /* one design-wide requirement: attrs->value, a comparison */
};

struct ast_stmt {
  struct ast_stmt *next;
  enum stmt_kind kind;
  struct arch_loc loc;       /* the whole statement's first token */
  const char *name;          /* component, group, kind or flow name */
  struct arch_loc name_loc;
  const char *type;          /* a component's kind, a kind's base */
  struct arch_loc type_loc;
  const char *text;          /* title, import path, label */
  struct arch_loc text_loc;
  struct ast_attr *attrs;    /* attributes; an edge's bracket items; a view's */
  struct ast_stmt *body;     /* region, zone, group; a flow's edges */
  struct ast_endpoint *chain;/* edge */
};

#endif
