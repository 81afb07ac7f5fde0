/*
 * eval.c - evaluating expressions: arithmetic on quantities with units,
 * comparisons and logic.
 *
 * Names are looked up by the caller's `lookup` (workload values for the
 * design, a component's properties for rules), then as units (`month`,
 * `s`), and otherwise stand for themselves (a word, like `grpc`).  A value
 * may be missing (VAL_NONE: a rule asked for an attribute the component
 * does not have): arithmetic on it stays missing, comparisons with it are
 * false and it counts as false, so a rule never fires on data it lacks.
 */
#include "eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "units.h"

#define REPORT(env, loc, ...) \
  do { if (!(env)->quiet) diag_at((env)->c, DIAG_ERROR, (loc), __VA_ARGS__); } while (0)

void eval_suggest(struct eval_env *env, const char *name) {
  if (env->quiet) return;
  const char *cands[256];
  size_t n = units_names(cands, 128);
  for (size_t i = 0; i < env->n_names && n < 256; i++) cands[n++] = env->names[i];
  const char *best = diag_suggest(name, cands, n);
  if (best) diag_help(env->c, "did you mean '%s'?", best);
}

bool value_truthy(const struct arch_value *v) {
  switch (v->type) {
  case VAL_NONE: return false;
  case VAL_BOOL: return v->boolean;
  case VAL_NUMBER: return v->num != 0;
  case VAL_STRING: return v->str[0] != '\0';
  case VAL_WORD: return true;
  case VAL_LIST: return v->n_items > 0;
  }
  return false;
}

static bool numeric(struct eval_env *env, const struct ast_expr *e, const struct arch_value *v) {
  if (v->type == VAL_NUMBER || v->type == VAL_NONE) return true;
  if (v->type == VAL_WORD) {
    REPORT(env, e->loc, "unknown name '%s' in arithmetic", v->str);
    eval_suggest(env, v->str);
  } else {
    REPORT(env, e->loc, "arithmetic needs numbers, not %s",
           v->type == VAL_STRING ? "a string" : v->type == VAL_BOOL ? "true or false" : "a list");
  }
  return false;
}

static bool eval_name(struct eval_env *env, const struct ast_expr *e, struct arch_value *out) {
  int found = env->lookup ? env->lookup(env->ctx, e, out) : 0;
  if (found > 0) return true;
  if (found < 0) return false;
  const struct arch_unit *u = units_find(e->name);
  if (u) {
    out->type = VAL_NUMBER;
    out->num = units_factor(u, env->month_seconds);
    out->dim = u->dim;
    return true;
  }
  out->type = VAL_WORD;
  out->str = e->name;
  return true;
}

/* Words people write for requests ('100 req/s', '5k requests'), which are
   too far from 'rps' for the did-you-mean to find it. */
static bool is_requests_word(const char *w) {
  static const char *const words[] = {"req", "reqs", "request", "requests", "rq"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcasecmp(w, words[i]) == 0) return true;
  return false;
}

static bool eval_quantity(struct eval_env *env, const struct ast_expr *e, struct arch_value *out) {
  const struct arch_unit *u = e->unit ? e->unit : units_find(e->name);
  if (u) ((struct ast_expr *)e)->unit = u;
  if (!u) {
    REPORT(env, e->name_loc, "unknown unit '%s'", e->name);
    if (env->quiet) return false;
    if (strlen(e->name) == 1 && strchr("kKMGBT", e->name[0]))
      diag_help(env->c, "write '%g%s', without a space: it means %g x %s",
                e->left->num, e->name, e->left->num,
                e->name[0] == 'M' ? "1,000,000" : e->name[0] == 'B' || e->name[0] == 'G'
                ? "1,000,000,000" : e->name[0] == 'T' ? "10^12" : "1,000");
    else if (is_requests_word(e->name))
      diag_help(env->c, "requests take no unit: write '%g rps' for a rate per second, "
                "or '%g / day' for another period", e->left->num, e->left->num);
    else {
      const char *cands[96];
      size_t n = units_names(cands, 96);
      const char *best = diag_suggest(e->name, cands, n);
      if (best) diag_help(env->c, "did you mean '%s'?", best);
    }
    return false;
  }
  out->type = VAL_NUMBER;
  out->num = e->left->num * units_factor(u, env->month_seconds);
  out->dim = u->dim;
  return true;
}

/* Comparisons need numbers of one dimension, or two words or strings. */
static bool eval_compare(struct eval_env *env, const struct ast_expr *e,
                         const struct arch_value *l, const struct arch_value *r,
                         struct arch_value *out) {
  out->type = VAL_BOOL;
  out->boolean = false;
  if (l->type == VAL_NONE || r->type == VAL_NONE) return true;
  bool texts = (l->type == VAL_WORD || l->type == VAL_STRING) &&
               (r->type == VAL_WORD || r->type == VAL_STRING);
  int cmp;
  if (texts) {
    if (e->op != EXPR_EQ && e->op != EXPR_NE) {
      REPORT(env, e->loc, "words can only be compared with == and !=");
      return false;
    }
    cmp = strcmp(l->str, r->str);
  } else if (l->type == VAL_BOOL && r->type == VAL_BOOL) {
    cmp = (int)l->boolean - (int)r->boolean;
  } else {
    if (!numeric(env, e->left, l) || !numeric(env, e->right, r)) return false;
    if (!dim_equal(l->dim, r->dim)) {
      char b1[64], b2[64];
      REPORT(env, e->loc, "cannot compare %s with %s", dim_describe(l->dim, b1, sizeof b1),
             dim_describe(r->dim, b2, sizeof b2));
      return false;
    }
    cmp = l->num < r->num ? -1 : l->num > r->num ? 1 : 0;
  }
  switch (e->op) {
  case EXPR_LT: out->boolean = cmp < 0; break;
  case EXPR_GT: out->boolean = cmp > 0; break;
  case EXPR_LE: out->boolean = cmp <= 0; break;
  case EXPR_GE: out->boolean = cmp >= 0; break;
  case EXPR_EQ: out->boolean = cmp == 0; break;
  default: out->boolean = cmp != 0; break;
  }
  return true;
}

static bool eval_binary(struct eval_env *env, const struct ast_expr *e, struct arch_value *out) {
  struct arch_value l = {0}, r = {0};
  if (e->op == EXPR_AND || e->op == EXPR_OR) {
    if (!eval_expr(env, e->left, &l)) return false;
    out->type = VAL_BOOL;
    bool lt = value_truthy(&l);
    if (e->op == EXPR_AND && !lt) return out->boolean = false, true;
    if (e->op == EXPR_OR && lt) return out->boolean = true, true;
    if (!eval_expr(env, e->right, &r)) return false;
    out->boolean = value_truthy(&r);
    return true;
  }
  bool ok_l = eval_expr(env, e->left, &l);
  bool ok_r = eval_expr(env, e->right, &r);
  if (!ok_l || !ok_r) return false;
  if (e->op >= EXPR_LT) return eval_compare(env, e, &l, &r, out);
  if (!numeric(env, e->left, &l) || !numeric(env, e->right, &r)) return false;
  if (l.type == VAL_NONE || r.type == VAL_NONE) {
    out->type = VAL_NONE;
    return true;
  }
  out->type = VAL_NUMBER;
  switch (e->op) {
  case EXPR_ADD: case EXPR_SUB:
    if (!dim_equal(l.dim, r.dim)) {
      char b1[64], b2[64];
      REPORT(env, e->loc, "cannot %s %s and %s", e->op == EXPR_ADD ? "add" : "subtract",
             dim_describe(l.dim, b1, sizeof b1), dim_describe(r.dim, b2, sizeof b2));
      return false;
    }
    out->num = e->op == EXPR_ADD ? l.num + r.num : l.num - r.num;
    out->dim = l.dim;
    out->percent = l.percent && r.percent;
    break;
  case EXPR_MUL:
    out->num = l.num * r.num;
    out->dim = (struct arch_dim){(signed char)(l.dim.time + r.dim.time),
                                 (signed char)(l.dim.bytes + r.dim.bytes)};
    break;
  default:
    if (r.num == 0) {
      REPORT(env, e->right->loc, "division by zero");
      return false;
    }
    out->num = l.num / r.num;
    out->dim = (struct arch_dim){(signed char)(l.dim.time - r.dim.time),
                                 (signed char)(l.dim.bytes - r.dim.bytes)};
    break;
  }
  if (abs(out->dim.time) > 4 || abs(out->dim.bytes) > 4) {
    REPORT(env, e->loc, "this quantity's unit is too complex to mean anything");
    return false;
  }
  if (!isfinite(out->num)) {
    REPORT(env, e->loc, "number out of range");
    return false;
  }
  return true;
}

bool eval_expr(struct eval_env *env, const struct ast_expr *e, struct arch_value *out) {
  memset(out, 0, sizeof *out);
  switch (e->op) {
  case EXPR_NUMBER:
    out->type = VAL_NUMBER;
    out->num = e->num;
    return true;
  case EXPR_PERCENT:
    out->type = VAL_NUMBER;
    out->num = e->num / 100;
    out->percent = true;
    return true;
  case EXPR_QUANTITY:
    return eval_quantity(env, e, out);
  case EXPR_NAME:
    return eval_name(env, e, out);
  case EXPR_STRING:
    out->type = VAL_STRING;
    out->str = e->name;
    return true;
  case EXPR_BOOL:
    out->type = VAL_BOOL;
    out->boolean = e->boolean;
    return true;
  case EXPR_LIST: {
    size_t n = 0;
    for (const struct ast_expr *i = e->left; i; i = i->next) n++;
    out->type = VAL_LIST;
    out->items = arena_alloc(&env->c->arena, (n ? n : 1) * sizeof *out->items);
    out->n_items = n;
    bool ok = true;
    n = 0;
    for (const struct ast_expr *i = e->left; i; i = i->next) ok &= eval_expr(env, i, &out->items[n++]);
    return ok;
  }
  case EXPR_NEG:
    if (!eval_expr(env, e->left, out) || !numeric(env, e->left, out)) return false;
    out->num = -out->num;
    return true;
  case EXPR_NOT: {
    struct arch_value v;
    if (!eval_expr(env, e->left, &v)) return false;
    out->type = VAL_BOOL;
    out->boolean = !value_truthy(&v);
    return true;
  }
  default:
    return eval_binary(env, e, out);
  }
}
