/*
 * require.c - `requirements { ... }` into the model.
 *
 * Each line is a comparison, `NAME >= value` or `NAME <= value`, for the
 * whole design or inside `flow NAME { ... }` for one flow.  What NAME may
 * be, where, in which direction and with which dimension is the table
 * ARCH_REQUIREMENTS (model/model.h); this file only checks a line against
 * it and evaluates the target.  Whether the design meets a requirement is
 * the analysis's question (analysis/requirements.c), not resolution's.
 *
 * A requirement may name a flow the design has not written yet: a practice
 * prompt states its flows before any design exists, and the scorecard says
 * "not addressed".  When the design has flows of its own and none has that
 * name, it is likely a misspelling, so archc warns (with did-you-mean).
 */
#include "internal.h"

#include <string.h>

#include "require.h"
#include "units.h"

#define REQ_NAME(id, name, of, time, bytes, at_most, example) name,
#define REQ_OF(id, name, of, time, bytes, at_most, example) of,
#define REQ_DIM(id, name, of, time, bytes, at_most, example) {time, bytes},
#define REQ_AT_MOST(id, name, of, time, bytes, at_most, example) at_most,
#define REQ_EXAMPLE(id, name, of, time, bytes, at_most, example) example,
const char *const arch_requirement_names[REQ_COUNT] = {ARCH_REQUIREMENTS(REQ_NAME)};
static const int req_of[REQ_COUNT] = {ARCH_REQUIREMENTS(REQ_OF)};
static const struct arch_dim req_dim[REQ_COUNT] = {ARCH_REQUIREMENTS(REQ_DIM)};
static const bool req_at_most[REQ_COUNT] = {ARCH_REQUIREMENTS(REQ_AT_MOST)};
static const char *const req_example[REQ_COUNT] = {ARCH_REQUIREMENTS(REQ_EXAMPLE)};
#undef REQ_NAME
#undef REQ_OF
#undef REQ_DIM
#undef REQ_AT_MOST
#undef REQ_EXAMPLE

static int req_find(const char *name) {
  for (int i = 0; i < REQ_COUNT; i++)
    if (strcmp(arch_requirement_names[i], name) == 0) return i;
  return -1;
}

/* The names allowed where `of` says, for a help line: "rate, latency_slo, ...". */
static const char *names_of(struct arena *a, int of) {
  const char *out = "";
  for (int i = 0; i < REQ_COUNT; i++)
    if (req_of[i] & of) out = arena_printf(a, "%s%s%s", out, out[0] ? ", " : "", arch_requirement_names[i]);
  return out;
}

/* The flow a block is about, or -1 with a warning when the design has
   flows of its own and this is none of them. */
static int find_flow(archc *c, const struct arch_model *m, const struct ast_stmt *s) {
  bool explicit_flows = false;
  const char *names[64];
  size_t n = 0;
  for (size_t i = 0; i < m->n_flows; i++) {
    if (strcmp(m->flows[i].name, s->name) == 0) return (int)i;
    explicit_flows |= !m->flows[i].implicit;
    if (n < 64) names[n++] = m->flows[i].name;
  }
  if (explicit_flows) {
    diag_at(c, DIAG_WARNING, s->name_loc, "the design has no flow '%s'", s->name);
    const char *best = diag_suggest(s->name, names, n);
    if (best) diag_help(c, "did you mean '%s'?", best);
    else diag_help(c, "until a flow of that name is written, its requirements are not addressed");
  }
  return -1;
}

static bool duplicate(archc *c, const struct arch_model *m, const struct arch_requirement *r) {
  for (size_t i = 0; i < m->n_requirements; i++) {
    const struct arch_requirement *o = &m->requirements[i];
    if (o->what != r->what) continue;
    if ((o->flow == NULL) != (r->flow == NULL)) continue;
    if (o->flow && strcmp(o->flow, r->flow) != 0) continue;
    diag_at(c, DIAG_ERROR, r->name_loc, "duplicate requirement '%s'%s%s", arch_requirement_names[r->what],
            r->flow ? " for flow " : "", r->flow ? r->flow : "");
    diag_at(c, DIAG_NOTE, o->name_loc, "first stated here");
    return true;
  }
  return false;
}

/* One comparison: `flow` is the flow's block, or NULL for the design. */
static void one(struct eval_env *env, struct arch_model *m, const struct ast_stmt *flow, int flow_index,
                const struct ast_attr *a, size_t *cap) {
  archc *c = env->c;
  const struct ast_expr *e = a->value;
  int of = flow ? REQ_OF_FLOW : REQ_OF_DESIGN;
  bool compare = e->op == EXPR_GE || e->op == EXPR_LE || e->op == EXPR_GT || e->op == EXPR_LT;
  if (!compare || e->left->op != EXPR_NAME) {
    diag_at(c, DIAG_ERROR, e->loc, "a requirement is a name, '>=' or '<=', and a target");
    diag_help(c, "for example '%s'", flow ? "latency_slo <= 200 ms" : "regions >= 2");
    return;
  }
  const struct ast_expr *name = e->left;
  int what = req_find(name->name);
  if (what < 0) {
    diag_at(c, DIAG_ERROR, name->loc, "unknown requirement '%s'", name->name);
    const char *best = diag_suggest(name->name, arch_requirement_names, REQ_COUNT);
    if (best) diag_help(c, "did you mean '%s'?", best);
    else diag_help(c, "%s requirements are %s", flow ? "a flow's" : "the design's",
                   names_of(&c->arena, of));
    return;
  }
  if (!(req_of[what] & of)) {
    diag_at(c, DIAG_ERROR, name->loc, "'%s' is a requirement of %s, not of %s", name->name,
            flow ? "the whole design" : "a flow", flow ? "a flow" : "the whole design");
    if (flow) diag_help(c, "write '%s' in the requirements block, outside 'flow %s { }'", req_example[what], flow->name);
    else diag_help(c, "write it inside 'flow NAME { %s }'", req_example[what]);
    return;
  }
  bool at_most = e->op == EXPR_LE || e->op == EXPR_LT;
  if (at_most != req_at_most[what]) {
    diag_at(c, DIAG_ERROR, e->loc, "'%s' is a %s, written with '%s'", name->name,
            req_at_most[what] ? "ceiling" : "floor", req_at_most[what] ? "<=" : ">=");
    diag_help(c, "write '%s'", req_example[what]);
    return;
  }
  if (e->op == EXPR_GT || e->op == EXPR_LT) {
    diag_at(c, DIAG_ERROR, e->loc, "a requirement takes '%s', not '%s'", at_most ? "<=" : ">=",
            at_most ? "<" : ">");
    diag_help(c, "write '%s'", req_example[what]);
    return;
  }
  struct arch_value v = {0};
  if (!eval_expr(env, e->right, &v)) return;
  if (v.type != VAL_NUMBER || !dim_equal(v.dim, req_dim[what])) {
    char buf[64];
    diag_at(c, DIAG_ERROR, e->right->loc, "'%s' expects %s, but this is %s", name->name,
            dim_describe(req_dim[what], buf, sizeof buf),
            v.type == VAL_NUMBER ? dim_describe(v.dim, buf, sizeof buf) : "not a number");
    diag_help(c, "for example '%s'", req_example[what]);
    return;
  }
  bool fraction = what == REQ_AVAILABILITY;
  if (v.num < 0 || (fraction && v.num > 1) || (what == REQ_HEADROOM && v.num < 1)) {
    diag_at(c, DIAG_ERROR, e->right->loc, "'%s' must be %s", name->name,
            fraction ? "a percentage up to 100%" : what == REQ_HEADROOM ? "at least 1" : "positive");
    diag_help(c, "for example '%s'", req_example[what]);
    return;
  }
  struct arch_requirement r = {0};
  r.what = (enum arch_req_what)what;
  r.flow = flow ? flow->name : NULL;
  r.flow_index = flow_index;
  r.at_most = at_most;
  r.target = v.num;
  r.written = v;
  r.loc = e->loc;
  r.name_loc = name->loc;
  if (duplicate(c, m, &r)) return;
  ARENA_PUSH(&c->arena, &m->requirements, &m->n_requirements, cap, r);
}

void requirements_resolve(struct eval_env *env, struct arch_model *m, const struct ast_stmt *block,
                          size_t *cap) {
  for (const struct ast_stmt *s = block->body; s; s = s->next) {
    if (s->kind == STMT_REQUIRE) {
      if (s->attrs) one(env, m, NULL, -1, s->attrs, cap);
      continue;
    }
    int f = find_flow(env->c, m, s);
    for (const struct ast_attr *a = s->attrs; a; a = a->next) one(env, m, s, f, a, cap);
  }
}
