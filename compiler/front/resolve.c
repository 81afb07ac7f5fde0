/*
 * sema.c - from syntax tree to model: names, kinds, values, edges.
 *
 * Passes, in order:
 *   collect    walk the statements; create groups and components with their
 *              qualified names, note kinds, workload values and edges
 *   kinds      resolve each kind's base (a cycle is an error) and its role
 *   components find each component's kind; evaluate and check attributes
 *   workload   evaluate workload values (lazily, so order does not matter;
 *              a value that depends on itself is an error)
 *   edges      resolve endpoint names; expand chains and fan-outs
 *   rules      rule declarations, `allow` exceptions and `review` blocks
 *              (their conditions are evaluated later, by review.c)
 *   views      `view` declarations: their names of groups and components
 *              (drawn by output/view.c)
 *
 * Every value is evaluated against a table of the attributes archc knows
 * (known_attrs below): their dimension, range and where they may appear.
 * Other attributes are kept as written, for the user's own rules, with a
 * warning when the name is one letter away from a known one.
 */
#include "internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eval.h"
#include "model.h"
#include "strmap.h"
#include "require.h"
#include "units.h"


/* ---- what archc knows about attributes ---- */

enum expect {
  EXPECT_COUNT, EXPECT_RATIO, EXPECT_DURATION, EXPECT_SIZE, EXPECT_RATE,
  EXPECT_BANDWIDTH, EXPECT_STRING, EXPECT_WORD, EXPECT_BOOL,
  EXPECT_URL,     /* a string the SVG makes a link: check_url says which */
  EXPECT_WORDS,   /* a list of words, or one word */
  EXPECT_ANY      /* anything: declared for the rules, not measured */
};

enum where { ON_COMPONENT = 1, ON_KIND = 2, ON_EDGE = 4, ON_WORKLOAD = 8, ON_FLOW = 16 };

struct known_attr {
  const char *name;
  enum expect expect;
  unsigned where;
  double min, max;            /* inclusive range, in base units */
  bool integer;
};

#define ANY_NODE (ON_COMPONENT | ON_KIND)
static const struct known_attr known_attrs[] = {
  {"replicas", EXPECT_COUNT, ANY_NODE, 1, 1e6, true},
  {"shards", EXPECT_COUNT, ANY_NODE, 1, 1e6, true},
  {"read_replicas", EXPECT_COUNT, ANY_NODE, 0, 1e6, true},
  {"partitions", EXPECT_COUNT, ANY_NODE, 1, 1e6, true},
  {"capacity", EXPECT_RATE, ANY_NODE, 0, 1e15, false},
  {"read_capacity", EXPECT_RATE, ANY_NODE, 0, 1e15, false},
  {"write_capacity", EXPECT_RATE, ANY_NODE, 0, 1e15, false},
  {"latency", EXPECT_DURATION, ANY_NODE, 0, 1e9, false},
  {"timeout", EXPECT_DURATION, ANY_NODE | ON_EDGE, 0, 1e9, false},
  {"hit_ratio", EXPECT_RATIO, ANY_NODE, 0, 1, false},
  {"memory", EXPECT_SIZE, ANY_NODE, 0, 1e24, false},
  {"keys", EXPECT_COUNT, ANY_NODE, 0, 1e15, false},
  {"storage", EXPECT_SIZE, ANY_NODE, 0, 1e24, false},
  {"skew", EXPECT_COUNT, ANY_NODE, 1, 1e6, false},
  {"rps", EXPECT_RATE, ANY_NODE | ON_WORKLOAD, 0, 1e15, false},
  {"share", EXPECT_RATIO, ANY_NODE | ON_FLOW, 0, 1, false},
  {"docs", EXPECT_URL, ANY_NODE, 0, 0, false},
  {"tooltip", EXPECT_STRING, ANY_NODE, 0, 0, false},
  {"availability", EXPECT_RATIO, ANY_NODE, 0, 1, false},
  {"slo", EXPECT_RATIO, ANY_NODE | ON_WORKLOAD, 0, 1, false},
  {"latency_slo", EXPECT_DURATION, ANY_NODE | ON_WORKLOAD | ON_FLOW, 0, 1e9, false},
  {"pool", EXPECT_COUNT, ANY_NODE, 0, 1e9, false},
  {"max_connections", EXPECT_COUNT, ANY_NODE, 0, 1e9, false},
  {"nic", EXPECT_BANDWIDTH, ANY_NODE, 0, 1e15, false},
  {"rate_limit", EXPECT_RATE, ANY_NODE, 0, 1e15, false},
  {"consensus", EXPECT_BOOL, ANY_NODE, 0, 0, false},
  {"redundant", EXPECT_BOOL, ANY_NODE, 0, 0, false},
  {"zones", EXPECT_WORDS, ANY_NODE, 0, 0, false},
  {"copy_of", EXPECT_WORD, ANY_NODE, 0, 0, false},
  {"backup", EXPECT_ANY, ANY_NODE, 0, 0, false},
  {"health_check", EXPECT_ANY, ANY_NODE, 0, 0, false},
  {"failover", EXPECT_BOOL, ANY_NODE, 0, 0, false},
  {"circuit_breaker", EXPECT_BOOL, ANY_NODE, 0, 0, false},
  {"shape", EXPECT_WORD, ON_KIND, 0, 0, false},
  {"role", EXPECT_WORD, ON_KIND, 0, 0, false},
  {"color", EXPECT_STRING, ON_KIND, 0, 0, false},
  {"fill", EXPECT_STRING, ON_KIND, 0, 0, false},
  {"style", EXPECT_WORD, ON_KIND, 0, 0, false},
  {"margin", EXPECT_STRING, ON_KIND, 0, 0, false},
  {"async", EXPECT_BOOL, ON_EDGE, 0, 0, false},
  {"reads", EXPECT_BOOL, ON_EDGE, 0, 0, false},
  {"writes", EXPECT_BOOL, ON_EDGE, 0, 0, false},
  {"fraction", EXPECT_RATIO, ON_EDGE, 0, 1, false},
  {"calls", EXPECT_COUNT, ON_EDGE, 0, 1e6, false},
  {"weight", EXPECT_COUNT, ON_EDGE, 0, 1e6, false},
  {"protocol", EXPECT_WORD, ON_EDGE, 0, 0, false},
  {"label", EXPECT_STRING, ON_EDGE, 0, 0, false},
  {"users", EXPECT_COUNT, ON_WORKLOAD, 0, 1e13, false},
  {"writes", EXPECT_RATE, ON_WORKLOAD, 0, 1e15, false},
  {"reads", EXPECT_RATE, ON_WORKLOAD, 0, 1e15, false},
  {"item_size", EXPECT_SIZE, ON_WORKLOAD | ANY_NODE, 0, 1e15, false},
  {"retention", EXPECT_DURATION, ON_WORKLOAD, 0, 1e12, false},
  {"peak_factor", EXPECT_COUNT, ON_WORKLOAD, 1, 1e6, false},
  {"concurrent_users", EXPECT_COUNT, ON_WORKLOAD, 0, 1e13, false},
  {"think_time", EXPECT_DURATION, ON_WORKLOAD, 0, 1e9, false},
  {"read_write_ratio", EXPECT_COUNT, ON_WORKLOAD, 0, 1e9, false},
  {"from", EXPECT_WORDS, ON_FLOW, 0, 0, false},
  {"rate", EXPECT_RATE, ON_FLOW, 0, 1e15, false},
  {"class", EXPECT_WORD, ON_FLOW, 0, 0, false},
  {"request", EXPECT_SIZE, ON_FLOW, 0, 1e15, false},
  {"response", EXPECT_SIZE, ON_FLOW, 0, 1e15, false},
  {"stored", EXPECT_SIZE, ON_FLOW, 0, 1e15, false},
};
enum { N_KNOWN = sizeof known_attrs / sizeof known_attrs[0] };

static const struct known_attr *known_find(const char *name, unsigned where) {
  for (size_t i = 0; i < N_KNOWN; i++)
    if ((known_attrs[i].where & where) && known_attrs[i].name[0] == name[0] &&
        strcmp(known_attrs[i].name, name) == 0)
      return &known_attrs[i];
  return NULL;
}

static const char *expect_example(enum expect e) {
  switch (e) {
  case EXPECT_COUNT: return "a plain number such as '3'";
  case EXPECT_RATIO: return "a percentage such as '90%'";
  case EXPECT_DURATION: return "a duration such as '10 ms'";
  case EXPECT_SIZE: return "a size such as '32 GB'";
  case EXPECT_RATE: return "a rate such as '5k rps' or '100M / month'";
  case EXPECT_BANDWIDTH: return "a bandwidth such as '1 Gbps' or '20 MB / s'";
  case EXPECT_STRING: return "a string such as \"text\"";
  case EXPECT_URL: return "a URL string such as \"https://wiki.example.com/api\"";
  case EXPECT_WORD: return "a word or a string";
  case EXPECT_BOOL: return "true or false";
  case EXPECT_WORDS: return "a list of names such as [a, b]";
  case EXPECT_ANY: return "a value";
  }
  return "a value";
}

static struct arch_dim expect_dim(enum expect e) {
  switch (e) {
  case EXPECT_DURATION: return (struct arch_dim){1, 0};
  case EXPECT_SIZE: return (struct arch_dim){0, 1};
  case EXPECT_RATE: return (struct arch_dim){-1, 0};
  case EXPECT_BANDWIDTH: return (struct arch_dim){-1, 1};
  default: return (struct arch_dim){0, 0};
  }
}

/* ---- the pass state ---- */

struct workload_slot {
  const struct ast_attr *attr;
  int state;                  /* 0 not evaluated, 1 evaluating, 2 done, 3 failed */
  struct arch_value value;
};

/* A flow's rate, evaluated on first use: flows may refer to each other's. */
struct flow_slot {
  const struct ast_stmt *stmt;
  int state;                  /* 0 not evaluated, 1 evaluating, 2 done, 3 failed */
  double rate, share;         /* rps; share as written, or -1 */
  struct arch_value written;  /* the rate or share as written, evaluated */
};

struct pair_slot;

/* A name in an edge chain and the component it resolved to. */
struct chain_ref {
  int comp;
  const struct ast_ref *ref;
};

struct sema {
  archc *c;
  struct arena *a;
  struct arch_model *m;
  size_t cap_kinds, cap_groups, cap_components, cap_edges, cap_rules, cap_reviews;
  const struct ast_stmt **rule_stmts, **review_stmts, **view_stmts;
  size_t n_rule_stmts, cap_rule_stmts, n_review_stmts, cap_review_stmts;
  size_t n_view_stmts, cap_view_stmts, cap_views;
  struct strmap kind_index, path_index, name_index, group_index, workload_index;
  struct workload_slot *workload;
  size_t n_workload, cap_workload;
  int workload_depth;         /* workload values being evaluated, one inside another */
  bool workload_too_deep;     /* reported once; evaluation is off after it */
  const struct ast_stmt **edges;
  size_t n_edge_stmts, cap_edge_stmts;
  const struct ast_stmt *title;
  const struct override *overrides;
  size_t n_overrides;
  struct chain_ref *chain;    /* scratch for one edge statement's names */
  size_t cap_chain, *first, cap_first;
  struct flow_slot *flows;
  size_t n_flows, cap_flows, cap_model_flows;
  struct strmap flow_index;
  struct pair_slot *pairs;    /* edges by pair of components (pair_put) */
  size_t n_pairs, cap_pairs;
  bool pairs_built;
  int *step_mark;             /* per edge: 1 + the flow whose path has it */
  size_t cap_step_mark;
  const struct ast_stmt **req_stmts;  /* `requirements` blocks (front/requirements.c) */
  size_t n_req_stmts, cap_req_stmts, cap_requirements;
};


/* ---- pass 1: collect ---- */

static const char *group_word(enum stmt_kind k) {
  return k == STMT_REGION ? "region" : k == STMT_ZONE ? "zone" : "group";
}

static void top_level_only(struct sema *S, const struct ast_stmt *s, const char *what) {
  diag_at(S->c, DIAG_ERROR, s->loc, "%s belongs at the top level, not inside a group", what);
}

static void collect(struct sema *S, const struct ast_stmt *list, int group, const char *prefix,
                    int depth);

static void collect_group(struct sema *S, const struct ast_stmt *s, int parent,
                          const char *prefix, int depth) {
  const char *path = prefix ? arena_printf(S->a, "%s.%s", prefix, s->name) : s->name;
  int prev = map_get(&S->group_index, path);
  if (prev >= 0) {
    diag_at(S->c, DIAG_ERROR, s->name_loc, "duplicate %s '%s'", group_word(s->kind), path);
    diag_at(S->c, DIAG_NOTE, S->m->groups[prev].loc, "'%s' was first declared here", path);
    return;
  }
  int comp = map_get(&S->path_index, path);
  if (comp >= 0) {
    diag_at(S->c, DIAG_ERROR, s->name_loc, "'%s' is already the name of a component", path);
    diag_at(S->c, DIAG_NOTE, S->m->components[comp].loc, "'%s' was first declared here", path);
    return;
  }
  struct arch_group g = {0};
  g.name = s->name;
  g.path = path;
  g.label = s->text;
  g.type = s->kind == STMT_REGION ? GROUP_REGION : s->kind == STMT_ZONE ? GROUP_ZONE : GROUP_GROUP;
  g.parent = parent;
  g.depth = depth;
  g.loc = s->name_loc;
  ARENA_PUSH(S->a, &S->m->groups, &S->m->n_groups, &S->cap_groups, g);
  int index = (int)S->m->n_groups - 1;
  map_put(S->a, &S->group_index, path, index);
  collect(S, s->body, index, path, depth + 1);
}

static void collect_component(struct sema *S, const struct ast_stmt *s, int group,
                              const char *prefix) {
  const char *path = prefix ? arena_printf(S->a, "%s.%s", prefix, s->name) : s->name;
  int prev = map_get(&S->path_index, path);
  if (prev >= 0) {
    diag_at(S->c, DIAG_ERROR, s->name_loc, "duplicate component '%s'", path);
    diag_at(S->c, DIAG_NOTE, S->m->components[prev].loc, "'%s' was first declared here", path);
    return;
  }
  int g = map_get(&S->group_index, path);
  if (g >= 0) {
    diag_at(S->c, DIAG_ERROR, s->name_loc, "'%s' is already the name of a %s", path,
            S->m->groups[g].type == GROUP_REGION ? "region"
            : S->m->groups[g].type == GROUP_ZONE ? "zone" : "group");
    return;
  }
  struct arch_component comp = {0};
  comp.name = s->name;
  comp.path = path;
  comp.label = s->text;
  comp.group = group;
  comp.loc = s->name_loc;
  comp.decl = s;
  comp.next_same_name = map_get(&S->name_index, s->name);
  ARENA_PUSH(S->a, &S->m->components, &S->m->n_components, &S->cap_components, comp);
  int index = (int)S->m->n_components - 1;
  map_put(S->a, &S->path_index, path, index);
  map_put(S->a, &S->name_index, s->name, index);
}

static void collect_kind(struct sema *S, const struct ast_stmt *s) {
  int prev = map_get(&S->kind_index, s->name);
  if (prev >= 0) {
    diag_at(S->c, DIAG_ERROR, s->name_loc, "duplicate kind '%s'", s->name);
    diag_at(S->c, DIAG_NOTE, S->m->kinds[prev].loc, "'%s' was first declared here", s->name);
    return;
  }
  struct arch_kind k = {0};
  k.name = s->name;
  k.loc = s->name_loc;
  k.decl = s;
  ARENA_PUSH(S->a, &S->m->kinds, &S->m->n_kinds, &S->cap_kinds, k);
  map_put(S->a, &S->kind_index, s->name, (int)S->m->n_kinds - 1);
}

static void collect_workload(struct sema *S, const struct ast_stmt *s) {
  for (const struct ast_attr *a = s->attrs; a; a = a->next) {
    /* The attribute grammar is shared: an `allow` or a bare name parses
       here too, and has no value to evaluate. */
    if (a->allow) {
      diag_at(S->c, DIAG_ERROR, a->allow_loc, "'allow' belongs in a component's attributes");
      continue;
    }
    if (!a->value) {
      diag_at(S->c, DIAG_ERROR, a->loc, "workload value '%s' needs a value: '%s = ...'", a->name,
              a->name);
      continue;
    }
    int prev = map_get(&S->workload_index, a->name);
    if (prev >= 0) {
      diag_at(S->c, DIAG_ERROR, a->loc, "duplicate workload value '%s'", a->name);
      diag_at(S->c, DIAG_NOTE, S->workload[prev].attr->loc, "'%s' was first set here", a->name);
      continue;
    }
    struct workload_slot slot = {a, 0, {0}};
    ARENA_PUSH(S->a, &S->workload, &S->n_workload, &S->cap_workload, slot);
    map_put(S->a, &S->workload_index, a->name, (int)S->n_workload - 1);
  }
}

static void collect_flow(struct sema *S, const struct ast_stmt *s) {
  int prev = map_get(&S->flow_index, s->name);
  if (prev >= 0) {
    diag_at(S->c, DIAG_ERROR, s->name_loc, "duplicate flow '%s'", s->name);
    diag_at(S->c, DIAG_NOTE, S->flows[prev].stmt->name_loc, "'%s' was first declared here",
            s->name);
    diag_help(S->c, "each flow needs a name of its own");
    return;
  }
  struct flow_slot slot = {s, 0, 0, -1, {0}};
  ARENA_PUSH(S->a, &S->flows, &S->n_flows, &S->cap_flows, slot);
  map_put(S->a, &S->flow_index, s->name, (int)S->n_flows - 1);
}

static void collect(struct sema *S, const struct ast_stmt *list, int group, const char *prefix,
                    int depth) {
  for (const struct ast_stmt *s = list; s; s = s->next) {
    switch (s->kind) {
    case STMT_TITLE:
      if (group >= 0) top_level_only(S, s, "'title'");
      else if (!S->title) S->title = s;
      else if (S->title->loc.file == s->loc.file) {
        diag_at(S->c, DIAG_ERROR, s->loc, "the design already has a title");
        diag_at(S->c, DIAG_NOTE, S->title->loc, "the first title is here");
      }
      break;
    case STMT_IMPORT:
      if (group >= 0) top_level_only(S, s, "'import'");
      break;
    case STMT_WORKLOAD:
      if (group >= 0) top_level_only(S, s, "'workload'");
      else collect_workload(S, s);
      break;
    case STMT_KIND:
      if (group >= 0) top_level_only(S, s, "a kind declaration");
      else collect_kind(S, s);
      break;
    case STMT_REGION: case STMT_ZONE: case STMT_GROUP:
      collect_group(S, s, group, prefix, depth);
      break;
    case STMT_COMPONENT:
      collect_component(S, s, group, prefix);
      break;
    case STMT_EDGE:
      ARENA_PUSH(S->a, &S->edges, &S->n_edge_stmts, &S->cap_edge_stmts, s);
      break;
    case STMT_RULE:
      if (group >= 0) top_level_only(S, s, "a rule");
      else ARENA_PUSH(S->a, &S->rule_stmts, &S->n_rule_stmts, &S->cap_rule_stmts, s);
      break;
    case STMT_REVIEW:
      if (group >= 0) top_level_only(S, s, "'review'");
      else ARENA_PUSH(S->a, &S->review_stmts, &S->n_review_stmts, &S->cap_review_stmts, s);
      break;
    case STMT_FLOW:
      if (group >= 0) top_level_only(S, s, "a flow");
      else collect_flow(S, s);
      break;
    case STMT_VIEW:
      if (group >= 0) top_level_only(S, s, "a view");
      else ARENA_PUSH(S->a, &S->view_stmts, &S->n_view_stmts, &S->cap_view_stmts, s);
      break;
    case STMT_REQUIREMENTS:
      if (group >= 0) top_level_only(S, s, "'requirements'");
      else ARENA_PUSH(S->a, &S->req_stmts, &S->n_req_stmts, &S->cap_req_stmts, s);
      break;
    case STMT_REQUIRE:
      break;  /* only inside a requirements block */
    }
  }
}

/* ---- values ---- */

/* Names in the design's expressions: workload values (evaluated on first
   use), then whatever eval.c knows (units, symbols). */
static int workload_value(struct sema *S, int index, const struct arch_loc *use,
                          struct arch_value *out);

static int flow_reference(struct sema *S, const struct ast_expr *e, struct arch_value *out);

static int sema_lookup(void *ctx, const struct ast_expr *e, struct arch_value *out) {
  struct sema *S = ctx;
  const char *name = e->name;
  if (strncmp(name, "workload.", 9) == 0) name += 9;
  int w = map_get(&S->workload_index, name);
  if (w < 0) return flow_reference(S, e, out);
  return workload_value(S, w, &e->loc, out) ? 1 : -1;
}

static bool eval(struct sema *S, const struct ast_expr *e, struct arch_value *out) {
  const char *names[128];
  size_t n = 0;
  for (size_t i = 0; i < S->n_workload && n < 128; i++) names[n++] = S->workload[i].attr->name;
  struct eval_env env = {S->c, S->m->month_seconds, sema_lookup, S, false, names, n};
  return eval_expr(&env, e, out);
}

static void suggest_name(struct sema *S, const char *name) {
  const char *names[128];
  size_t n = 0;
  for (size_t i = 0; i < S->n_workload && n < 128; i++) names[n++] = S->workload[i].attr->name;
  struct eval_env env = {S->c, S->m->month_seconds, sema_lookup, S, false, names, n};
  eval_suggest(&env, name);
}

static int workload_value(struct sema *S, int index, const struct arch_loc *use,
                          struct arch_value *out) {
  struct workload_slot *w = &S->workload[index];
  if (w->state == 1) {
    diag_at(S->c, DIAG_ERROR, *use, "'%s' depends on itself", w->attr->name);
    diag_help(S->c, "workload values may refer to each other, but not in a circle");
    w->state = 3;
    return false;
  }
  if (w->state == 0) {
    /* Each reference recurses; a chain of them is bounded like any nesting. */
    if (S->workload_too_deep) return false;
    if (S->workload_depth > LIMIT_WORKLOAD_DEPTH) {
      diag_at(S->c, DIAG_ERROR, *use, "workload values refer to each other more than %d deep here",
              LIMIT_WORKLOAD_DEPTH);
      S->workload_too_deep = true;
      return false;
    }
    w->state = 1;
    S->workload_depth++;
    bool ok = eval(S, w->attr->value, &w->value);
    S->workload_depth--;
    if (w->state == 1) w->state = ok ? 2 : 3;
  }
  *out = w->value;
  return w->state == 2;
}

/* A plain number with the suffix B where a size was wanted: 500B is 500 billion. */
static const struct ast_expr *billion_literal(const struct ast_expr *e) {
  if (!e) return NULL;
  if (e->op == EXPR_NUMBER) return e->suffix == 'B' ? e : NULL;
  if (e->op == EXPR_MUL || e->op == EXPR_DIV || e->op == EXPR_NEG) {
    const struct ast_expr *l = billion_literal(e->left);
    return l ? l : billion_literal(e->right);
  }
  return NULL;
}

/* Check `v` against what `k` expects; reports and returns false if it does not fit. */
/* ---- links ---- */

/* The link schemes a diagram may carry.  A diagram is published: whoever
   opens the SVG must not run a design's code (javascript:, vbscript:,
   data:) or be sent into their own files (file:) by clicking a box. */
static const char *const url_schemes[] = {"http", "https", "mailto"};

/* A character reference as Graphviz leaves it unescaped in a URL (its
   xml_isentity): &name; &#123; &#x7b;.  The SVG would decode it, so
   "javascript&#58;" would become a scheme after the check. */
static size_t entity_length(const char *s) {
  size_t i = 1;
  if (s[i] == '#') {
    i++;
    bool hex = s[i] == 'x' || s[i] == 'X';
    if (hex) i++;
    size_t start = i;
    while (hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i])) i++;
    if (i == start) return 0;
  } else {
    size_t start = i;
    while (isalpha((unsigned char)s[i])) i++;
    if (i == start) return 0;
  }
  return s[i] == ';' ? i + 1 : 0;
}

/* A URL that becomes a link: http, https or mailto, or relative (no scheme,
   resolved against where the SVG is published).  A protocol-relative
   `//host` is refused: opened from a file it would be file://host. */
static bool check_url(struct sema *S, const struct known_attr *k, const struct ast_expr *e,
                      const char *url) {
  const char *bad_help = "a link may be http:, https:, mailto: or relative (a path, no scheme)";
  if (!*url) {
    diag_at(S->c, DIAG_ERROR, e->loc, "'%s' is an empty URL", k->name);
    diag_help(S->c, "%s; leave '%s' out for no link", bad_help, k->name);
    return false;
  }
  /* Browsers drop tabs and newlines inside a URL ("java\tscript:") and a
     backslash reads as a slash ("/\\host" is "//host"): none is allowed. */
  for (const char *p = url; *p; p++) {
    unsigned char ch = (unsigned char)*p;
    if (ch <= ' ' || ch == 0x7f || ch == '\\') {
      diag_at(S->c, DIAG_ERROR, e->loc, "'%s' contains %s", k->name,
              ch == ' ' ? "a space" : ch == '\\' ? "a backslash" : "a control character");
      diag_help(S->c, "percent-encode it: a space is %%20, a tab %%09, a backslash %%5C");
      return false;
    }
    size_t n = *p == '&' ? entity_length(p) : 0;
    if (n) {
      diag_at(S->c, DIAG_ERROR, e->loc, "'%s' contains the character reference '%.*s'",
              k->name, (int)n, p);
      diag_help(S->c, "the SVG would decode it after archc checked the URL; "
                      "write the character itself, or %%26 for '&'");
      return false;
    }
  }
  /* RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
  size_t n = 0;
  if (isalpha((unsigned char)url[0]))
    while (isalnum((unsigned char)url[n]) || url[n] == '+' || url[n] == '-' || url[n] == '.') n++;
  if (n && url[n] == ':') {
    for (size_t i = 0; i < sizeof url_schemes / sizeof url_schemes[0]; i++)
      if (strlen(url_schemes[i]) == n && strncasecmp(url, url_schemes[i], n) == 0) return true;
    diag_at(S->c, DIAG_ERROR, e->loc, "'%s' links to a '%.*s:' URL", k->name, (int)n, url);
    diag_help(S->c, "%s; a published diagram must not run code or open the reader's files",
              bad_help);
    return false;
  }
  if (url[0] == '/' && url[1] == '/') {
    diag_at(S->c, DIAG_ERROR, e->loc, "'%s' is a protocol-relative URL", k->name);
    diag_help(S->c, "write its scheme, 'https:%s'; opened from a file it would be a file: link",
              url);
    return false;
  }
  return true;
}

static bool check_value(struct sema *S, const struct known_attr *k, const struct ast_attr *a,
                        const struct arch_value *v) {
  const struct ast_expr *e = a->value;
  bool ok;
  switch (k->expect) {
  case EXPECT_STRING:
  case EXPECT_URL: ok = v->type == VAL_STRING; break;
  case EXPECT_WORD: ok = v->type == VAL_WORD || v->type == VAL_STRING; break;
  case EXPECT_BOOL: ok = v->type == VAL_BOOL; break;
  case EXPECT_ANY: ok = true; break;
  case EXPECT_WORDS:
    ok = v->type == VAL_WORD || v->type == VAL_STRING || v->type == VAL_LIST;
    for (size_t i = 0; ok && v->type == VAL_LIST && i < v->n_items; i++)
      ok = v->items[i].type == VAL_WORD || v->items[i].type == VAL_STRING;
    break;
  default: ok = v->type == VAL_NUMBER && dim_equal(v->dim, expect_dim(k->expect)); break;
  }
  if (!ok) {
    char buf[64];
    const char *got = v->type == VAL_NUMBER ? dim_describe(v->dim, buf, sizeof buf)
                      : v->type == VAL_STRING ? "a string" : v->type == VAL_BOOL ? "true or false"
                      : v->type == VAL_LIST ? "a list" : "a name";
    const struct ast_expr *billion = billion_literal(e);
    if (k->expect == EXPECT_SIZE && billion && v->type == VAL_NUMBER && v->dim.time == 0 &&
        v->dim.bytes == 0) {
      diag_at(S->c, DIAG_ERROR, billion->loc,
              "'%s' expects a size, but '%.*s' is a count in billions", k->name,
              (int)(billion->loc.end - billion->loc.begin),
              S->c->sources[billion->loc.file].text + billion->loc.begin);
      diag_help(S->c, "for bytes write the unit as a separate word: '%.*s B'",
                (int)(billion->loc.end - billion->loc.begin - 1),
                S->c->sources[billion->loc.file].text + billion->loc.begin);
      return false;
    }
    if (v->type == VAL_WORD && k->expect != EXPECT_WORD) {
      diag_at(S->c, DIAG_ERROR, e->loc, "unknown name '%s'", v->str);
      suggest_name(S, v->str);
      return false;
    }
    diag_at(S->c, DIAG_ERROR, e->loc, "'%s' expects %s, not %s", k->name,
            expect_example(k->expect), got);
    if (k->expect == EXPECT_RATE && v->type == VAL_NUMBER && v->dim.time == 0 && v->dim.bytes == 0) {
      int len = (int)(e->loc.end - e->loc.begin);
      const char *text = S->c->sources[e->loc.file].text + e->loc.begin;
      diag_help(S->c, "give the unit: '%.*s rps' or '%.*s / day'", len, text, len, text);
    }
    if (k->expect == EXPECT_DURATION && v->type == VAL_NUMBER && v->dim.time == 0 &&
        v->dim.bytes == 0) {
      int len = (int)(e->loc.end - e->loc.begin);
      const char *text = S->c->sources[e->loc.file].text + e->loc.begin;
      diag_help(S->c, "give the unit: '%.*s ms'; durations are in ns, us, ms, s, min, h or days",
                len, text);
    }
    return false;
  }
  if (k->expect == EXPECT_URL) return check_url(S, k, e, v->str);
  if (v->type != VAL_NUMBER) return true;
  if (k->expect == EXPECT_RATIO && v->num > 1 && !v->percent && v->num <= 100) {
    diag_at(S->c, DIAG_ERROR, e->loc, "'%s' is a fraction between 0 and 1", k->name);
    diag_help(S->c, "did you mean '%.*s%%'?", (int)(e->loc.end - e->loc.begin),
              S->c->sources[e->loc.file].text + e->loc.begin);
    return false;
  }
  if (v->num < k->min || v->num > k->max) {
    if (k->expect == EXPECT_RATIO)
      diag_at(S->c, DIAG_ERROR, e->loc, "'%s' must be between 0%% and 100%%", k->name);
    else if (k->min > 0 && v->num < k->min)
      diag_at(S->c, DIAG_ERROR, e->loc, "'%s' must be at least %g", k->name, k->min);
    else if (v->num < k->min)
      diag_at(S->c, DIAG_ERROR, e->loc, "'%s' cannot be negative", k->name);
    else
      diag_at(S->c, DIAG_ERROR, e->loc, "'%s' is out of range", k->name);
    return false;
  }
  if (k->integer && v->num != floor(v->num)) {
    diag_at(S->c, DIAG_ERROR, e->loc, "'%s' must be a whole number", k->name);
    return false;
  }
  return true;
}

/* Evaluate an attribute block into an array; `where` chooses the known table. */
static struct arch_attr *eval_attrs(struct sema *S, const struct ast_attr *list, unsigned where,
                                    size_t *n_out) {
  size_t n = 0;
  for (const struct ast_attr *a = list; a; a = a->next) n++;
  struct arch_attr *out = arena_alloc(S->a, (n ? n : 1) * sizeof *out);
  size_t k = 0;
  struct strmap seen = {0};
  for (const struct ast_attr *a = list; a; a = a->next) {
    if (a->allow) {           /* rule exceptions: resolve_allows() */
      if (where != ON_COMPONENT)
        diag_at(S->c, DIAG_ERROR, a->allow_loc, "'allow' belongs in a component's attributes");
      continue;
    }
    if (strchr(a->name, '.')) {
      diag_at(S->c, DIAG_ERROR, a->loc, "'%s': a dotted name is only for 'review' blocks", a->name);
      continue;
    }
    /* Blocks are short: compare names directly, unless this one is long. */
    int first = -1;
    if (n <= 16) {
      for (size_t i = 0; i < k && first < 0; i++)
        if (strcmp(out[i].name, a->name) == 0) first = (int)i;
    } else {
      first = map_get(&seen, a->name);
    }
    if (first >= 0) {
      diag_at(S->c, DIAG_ERROR, a->loc, "'%s' is set twice", a->name);
      diag_at(S->c, DIAG_NOTE, out[first].loc, "'%s' was first set here", a->name);
      continue;
    }
    struct arch_attr attr = {a->name, {0}, a->loc};
    if (!a->value) {               /* a bare flag in edge brackets */
      attr.value.type = VAL_BOOL;
      attr.value.boolean = true;
    } else if (!eval(S, a->value, &attr.value)) {
      continue;
    }
    const struct known_attr *known = known_find(a->name, where);
    if (known) {
      if (!a->value && known->expect != EXPECT_BOOL) {
        diag_at(S->c, DIAG_ERROR, a->loc, "'%s' needs a value: '%s = ...'", a->name, a->name);
        continue;
      }
      if (!check_value(S, known, a, &attr.value)) continue;
    } else {
      const char *cands[N_KNOWN];
      size_t nc = 0;
      for (size_t i = 0; i < N_KNOWN; i++)
        if (known_attrs[i].where & where) cands[nc++] = known_attrs[i].name;
      const char *best = diag_suggest(a->name, cands, nc);
      if (!a->value) {
        diag_at(S->c, DIAG_ERROR, a->loc, "unknown edge attribute '%s'", a->name);
        if (best) diag_help(S->c, "did you mean '%s'?", best);
        else diag_help(S->c, "the flags are async, reads and writes");
        continue;
      }
      if (best && where != ON_WORKLOAD) {
        diag_at(S->c, DIAG_WARNING, a->loc, "unknown attribute '%s'", a->name);
        diag_help(S->c, "did you mean '%s'?", best);
      }
    }
    if (n > 16) map_put(S->a, &seen, attr.name, (int)k);
    out[k++] = attr;
  }
  *n_out = k;
  return out;
}

/* ---- pass 2: kinds ---- */

static void resolve_kind(struct sema *S, struct arch_kind *k, int depth) {
  if (k->state == 2) return;
  if (depth > LIMIT_KIND_DEPTH) {
    diag_at(S->c, DIAG_ERROR, k->loc, "kinds derive from kinds more than %d deep here",
            LIMIT_KIND_DEPTH);
    k->state = 2;
    return;
  }
  if (k->state == 1) {
    diag_at(S->c, DIAG_ERROR, k->loc, "kind '%s' inherits from itself", k->name);
    k->base = NULL;
    k->state = 2;
    return;
  }
  k->state = 1;
  const struct ast_stmt *s = k->decl;
  if (s->type) {
    int b = map_get(&S->kind_index, s->type);
    if (b < 0) {
      diag_at(S->c, DIAG_ERROR, s->type_loc, "unknown kind '%s'", s->type);
      const char *best = diag_suggest(s->type, (const char *const *)S->kind_index.keys,
                                      S->kind_index.cap);
      if (best) diag_help(S->c, "did you mean '%s'?", best);
    } else {
      resolve_kind(S, &S->m->kinds[b], depth + 1);
      size_t chain = 1;
      for (const struct arch_kind *up = S->m->kinds[b].base; up; up = up->base) chain++;
      if (chain > LIMIT_KIND_DEPTH) {
        diag_at(S->c, DIAG_ERROR, s->type_loc, "kinds derive from kinds more than %d deep here",
                LIMIT_KIND_DEPTH);
      } else if (k->state == 1) {
        k->base = &S->m->kinds[b];
      }
    }
  }
  k->attrs = eval_attrs(S, s->attrs, ON_KIND | ON_COMPONENT, &k->n_attrs);
  k->role = k->base ? k->base->role : ROLE_NONE;
  for (size_t i = 0; i < k->n_attrs; i++) {
    if (strcmp(k->attrs[i].name, "role") != 0) continue;
    int r = -1;
    for (int j = 1; j < ROLE_COUNT; j++)
      if (strcmp(arch_role_names[j], k->attrs[i].value.str) == 0) r = j;
    if (r < 0) {
      diag_at(S->c, DIAG_ERROR, k->attrs[i].loc, "unknown role '%s'", k->attrs[i].value.str);
      const char *best = diag_suggest(k->attrs[i].value.str, arch_role_names + 1, ROLE_COUNT - 1);
      if (best) diag_help(S->c, "did you mean '%s'?", best);
    } else {
      k->role = (enum arch_role)r;
    }
  }
  k->state = 2;
}

/* ---- pass 3: components ---- */

static void resolve_component(struct sema *S, struct arch_component *comp) {
  const struct ast_stmt *s = comp->decl;
  int k = map_get(&S->kind_index, s->type);
  if (k < 0) {
    diag_at(S->c, DIAG_ERROR, s->type_loc, "unknown kind '%s'", s->type);
    const char *best = diag_suggest(s->type, (const char *const *)S->kind_index.keys,
                                    S->kind_index.cap);
    if (best) diag_help(S->c, "did you mean '%s'?", best);
    else diag_help(S->c, "declare it with 'kind %s : service { ... }'", s->type);
  } else {
    comp->kind = &S->m->kinds[k];
  }
  comp->attrs = eval_attrs(S, s->attrs, ON_COMPONENT, &comp->n_attrs);
}

/* ---- pass 4: workload ---- */

static void resolve_workload(struct sema *S) {
  struct arch_model *m = S->m;
  m->workload = arena_alloc(S->a, (S->n_workload ? S->n_workload : 1) * sizeof *m->workload);
  for (size_t i = 0; i < S->n_workload; i++) {
    struct arch_value v;
    const struct ast_attr *a = S->workload[i].attr;
    if (!workload_value(S, (int)i, &a->loc, &v)) continue;
    const struct known_attr *known = known_find(a->name, ON_WORKLOAD);
    if (known && !check_value(S, known, a, &v)) continue;
    m->workload[m->n_workload++] = (struct arch_attr){a->name, v, a->loc};
  }
}

/* ---- what-if overrides (--set) ---- */

/* An attribute list with `o` in place of any attribute of the same name. */
static struct ast_attr *with_override(struct sema *S, const struct ast_attr *list,
                                      struct ast_attr *o) {
  struct ast_attr *head = NULL, **tail = &head;
  for (const struct ast_attr *a = list; a; a = a->next) {
    if (strcmp(a->name, o->name) == 0) continue;
    struct ast_attr *copy = arena_alloc(S->a, sizeof *copy);
    *copy = *a;
    copy->next = NULL;
    *tail = copy;
    tail = &copy->next;
  }
  struct ast_attr *last = arena_alloc(S->a, sizeof *last);
  *last = *o;
  last->next = NULL;
  *tail = last;
  return head;
}

static bool attrs_set(const struct ast_attr *list, const char *name) {
  for (const struct ast_attr *a = list; a; a = a->next)
    if (strcmp(a->name, name) == 0) return true;
  return false;
}

/* Whether an override may set `name` on the component declared by `decl`:
   an attribute archc reads, or one the declaration or its kinds already set
   (a rule may read it).  Kinds are not resolved yet: their declarations are
   followed by name, no deeper than a kind chain may go. */
static bool override_known(struct sema *S, const struct ast_stmt *decl, const char *name) {
  if (known_find(name, ON_COMPONENT) || attrs_set(decl->attrs, name)) return true;
  const char *type = decl->type;
  for (int depth = 0; type && depth <= LIMIT_KIND_DEPTH; depth++) {
    int k = map_get(&S->kind_index, type);
    if (k < 0) return false;
    const struct ast_stmt *kd = S->m->kinds[k].decl;
    if (attrs_set(kd->attrs, name)) return true;
    type = kd->type;
  }
  return false;
}

static void override_unknown_attr(struct sema *S, const struct override *o) {
  diag_plain(S->c, DIAG_ERROR, "--set %s.%s: %s has no attribute '%s'", o->target,
             o->attr->name, o->target, o->attr->name);
  const char *cands[N_KNOWN];
  size_t nc = 0;
  for (size_t i = 0; i < N_KNOWN; i++)
    if (known_attrs[i].where & ON_COMPONENT) cands[nc++] = known_attrs[i].name;
  const char *best = diag_suggest(o->attr->name, cands, nc);
  if (best) diag_help(S->c, "did you mean '%s'?", best);
  else diag_help(S->c, "a what-if sets an attribute archc reads or one the design sets");
}

static int resolve_ref(struct sema *S, const struct ast_ref *r);

/* A --set that names no component or no attribute would change nothing, and
   a what-if run in CI would pass without testing anything: each is an error,
   and the caller makes it a usage error.  False if any was. */
static bool apply_overrides(struct sema *S) {
  bool ok = true;
  for (size_t i = 0; i < S->n_overrides; i++) {
    const struct override *o = &S->overrides[i];
    if (strcmp(o->target, "workload") == 0) {
      int w = map_get(&S->workload_index, o->attr->name);
      if (w >= 0) {
        S->workload[w].attr = o->attr;
      } else {
        struct workload_slot slot = {o->attr, 0, {0}};
        ARENA_PUSH(S->a, &S->workload, &S->n_workload, &S->cap_workload, slot);
        map_put(S->a, &S->workload_index, o->attr->name, (int)S->n_workload - 1);
      }
      continue;
    }
    bool qualified = strchr(o->target, '.') != NULL;
    int comp = map_get(qualified ? &S->path_index : &S->name_index, o->target);
    if (comp < 0 && !qualified) comp = map_get(&S->path_index, o->target);
    if (comp < 0) {
      diag_plain(S->c, DIAG_ERROR, "--set %s.%s: unknown component '%s'", o->target,
                 o->attr->name, o->target);
      const struct strmap *m = qualified ? &S->path_index : &S->name_index;
      const char *best = diag_suggest(o->target, (const char *const *)m->keys, m->cap);
      if (best) diag_help(S->c, "did you mean '%s'?", best);
      ok = false;
      continue;
    }
    /* The same name in two groups: resolve_ref says which paths to write. */
    struct ast_ref ref = {NULL, o->target, o->attr->loc};
    comp = resolve_ref(S, &ref);
    if (comp < 0) {
      ok = false;
      continue;
    }
    struct arch_component *cp = &S->m->components[comp];
    if (!override_known(S, cp->decl, o->attr->name)) {
      override_unknown_attr(S, o);
      ok = false;
      continue;
    }
    struct ast_stmt *decl = arena_alloc(S->a, sizeof *decl);
    *decl = *cp->decl;
    decl->attrs = with_override(S, cp->decl->attrs, o->attr);
    cp->decl = decl;
  }
  return ok;
}

/* ---- pass 5: edges ---- */

static void list_candidates(struct sema *S, int first) {
  char buf[512];
  size_t used = 0;
  int shown = 0;
  for (int i = first; i >= 0 && shown < 5; i = S->m->components[i].next_same_name, shown++) {
    int w = snprintf(buf + used, sizeof buf - used, "%s'%s'", shown ? ", " : "",
                     S->m->components[i].path);
    if (w < 0 || (size_t)w >= sizeof buf - used) break;
    used += (size_t)w;
  }
  bool more = shown == 5 && first >= 0;
  if (more) {
    int i = first;
    for (int k = 0; k < 5; k++) i = S->m->components[i].next_same_name;
    more = i >= 0;
  }
  diag_help(S->c, "write one of %s%s", buf, more ? ", ..." : "");
}

static int resolve_ref(struct sema *S, const struct ast_ref *r) {
  bool qualified = strchr(r->name, '.') != NULL;
  /* A top-level component's qualified name is its bare name: it always
     names that component, even when a nested one shares the name. */
  int top = qualified ? -1 : map_get(&S->path_index, r->name);
  if (top >= 0) return top;
  int i = map_get(qualified ? &S->path_index : &S->name_index, r->name);
  if (i >= 0 && !qualified && S->m->components[i].next_same_name >= 0) {
    diag_at(S->c, DIAG_ERROR, r->loc, "'%s' is ambiguous", r->name);
    list_candidates(S, i);
    return -1;
  }
  if (i >= 0) return i;
  int g = map_get(&S->group_index, r->name);
  if (g >= 0) {
    diag_at(S->c, DIAG_ERROR, r->loc, "'%s' is a %s; edges connect components", r->name,
            S->m->groups[g].type == GROUP_REGION ? "region"
            : S->m->groups[g].type == GROUP_ZONE ? "zone" : "group");
    return -1;
  }
  diag_at(S->c, DIAG_ERROR, r->loc, "unknown component '%s'", r->name);
  const struct strmap *m = qualified ? &S->path_index : &S->name_index;
  const char *best = diag_suggest(r->name, (const char *const *)m->keys, m->cap);
  if (best) diag_help(S->c, "did you mean '%s'?", best);
  return -1;
}

/* Resolve every stop of an edge statement first, so each unknown name is
   reported once.  The chain's names go into one flat scratch array, stop
   k's at S->chain[S->first[k] .. S->first[k + 1]), reused by every statement. */
static bool chain_stops(struct sema *S, const struct ast_stmt *s, size_t *stops) {
  size_t n_stops = 0, n_refs = 0;
  for (const struct ast_endpoint *e = s->chain; e; e = e->next, n_stops++)
    for (const struct ast_ref *r = e->refs; r; r = r->next) n_refs++;
  if (n_refs > S->cap_chain) {
    S->cap_chain = n_refs > 2 * S->cap_chain ? n_refs : 2 * S->cap_chain;
    S->chain = arena_grow(S->a, NULL, 0, S->cap_chain, sizeof *S->chain);
  }
  if (n_stops + 1 > S->cap_first) {
    S->cap_first = n_stops + 1 > 2 * S->cap_first ? n_stops + 1 : 2 * S->cap_first;
    S->first = arena_grow(S->a, NULL, 0, S->cap_first, sizeof *S->first);
  }
  struct chain_ref *chain = S->chain;
  size_t *first = S->first, k = 0, n = 0;
  bool ok = true;
  for (const struct ast_endpoint *e = s->chain; e; e = e->next, k++) {
    first[k] = n;
    for (const struct ast_ref *r = e->refs; r; r = r->next) {
      int c = resolve_ref(S, r);
      if (c < 0) ok = false;
      else chain[n++] = (struct chain_ref){c, r};
    }
  }
  first[n_stops] = n;
  *stops = n_stops;
  return ok;
}

static void resolve_edge(struct sema *S, const struct ast_stmt *s) {
  struct arch_edge proto = {0};
  proto.loc = s->loc;
  proto.label = s->text;
  proto.fraction = proto.calls = proto.weight = 1;
  proto.repeats = -1;
  proto.attrs = eval_attrs(S, s->attrs, ON_EDGE, &proto.n_attrs);
  bool reads = false, writes = false;
  for (size_t i = 0; i < proto.n_attrs; i++) {
    const struct arch_attr *a = &proto.attrs[i];
    const struct arch_value *v = &a->value;
    if (strcmp(a->name, "async") == 0) proto.async = v->boolean;
    else if (strcmp(a->name, "reads") == 0) reads = v->boolean;
    else if (strcmp(a->name, "writes") == 0) writes = v->boolean;
    else if (strcmp(a->name, "fraction") == 0) proto.fraction = v->num;
    else if (strcmp(a->name, "calls") == 0) proto.calls = v->num;
    else if (strcmp(a->name, "weight") == 0) proto.weight = v->num;
    else if (strcmp(a->name, "protocol") == 0) proto.protocol = v->str;
    else if (strcmp(a->name, "label") == 0) proto.label = v->str;
  }
  proto.reads = reads || !writes;
  proto.writes = writes || !reads;

  size_t n_stops = 0;
  if (!chain_stops(S, s, &n_stops)) return;
  const struct chain_ref *chain = S->chain;
  const size_t *first = S->first;
  size_t k;
  /* {a, b} -> {c, d} is every pair: bound what a statement may multiply out. */
  double pairs = 0;
  for (k = 0; k + 1 < n_stops; k++)
    pairs += (double)(first[k + 1] - first[k]) * (double)(first[k + 2] - first[k + 1]);
  if ((double)S->m->n_edges + pairs > LIMIT_EDGES) {
    diag_at(S->c, DIAG_ERROR, s->loc, "this statement makes the design exceed %d edges",
            LIMIT_EDGES);
    return;
  }
  for (k = 0; k + 1 < n_stops; k++) {
    for (size_t i = first[k]; i < first[k + 1]; i++) {
      for (size_t j = first[k + 1]; j < first[k + 2]; j++) {
        struct arch_edge e = proto;
        e.from = chain[i].comp;
        e.to = chain[j].comp;
        /* From the caller's name to the callee's: in `u -> api -> pay`,
           the call api -> pay is "api -> pay". */
        e.loc.begin = chain[i].ref->loc.begin;
        e.loc.end = chain[j].ref->loc.end;
        if (e.from == e.to) {
          diag_at(S->c, DIAG_ERROR, s->loc, "'%s' is connected to itself",
                  S->m->components[e.from].path);
          continue;
        }
        ARENA_PUSH(S->a, &S->m->edges, &S->m->n_edges, &S->cap_edges, e);
      }
    }
  }
}

/* ---- pass 6: flows ---- */

static const struct ast_attr *flow_stmt_attr(const struct ast_stmt *s, const char *name) {
  for (const struct ast_attr *a = s->attrs; a; a = a->next)
    if (!a->allow && strcmp(a->name, name) == 0) return a;
  return NULL;
}

/* `class = write` as written: the word, without evaluating it. */
static bool flow_writes(const struct ast_stmt *s) {
  const struct ast_attr *a = flow_stmt_attr(s, "class");
  return a && a->value && (a->value->op == EXPR_NAME || a->value->op == EXPR_STRING) &&
         strcmp(a->value->name, "write") == 0;
}

/* A workload value by name, or -1 when it is absent or does not evaluate. */
static double workload_rate(struct sema *S, const char *name) {
  int w = map_get(&S->workload_index, name);
  struct arch_value v;
  if (w < 0 || !workload_value(S, w, &S->workload[w].attr->loc, &v) || v.type != VAL_NUMBER)
    return -1;
  return v.num;
}

/* The workload's average rate of one class, as the estimate reads it. */
static double class_rate(struct sema *S, bool writes) {
  double r, w;
  arch_class_rates(workload_rate(S, "reads"), workload_rate(S, "writes"), workload_rate(S, "rps"),
                   workload_rate(S, "read_write_ratio"), &r, &w);
  return writes ? w : r;
}

/* Flow `index`'s rate: `rate` as written, or `share` of its class's rate.
   Each is evaluated once; a flow whose rate depends on itself is an error
   at the reference that closes the circle. */
static bool flow_rate(struct sema *S, int index, const struct arch_loc *use) {
  struct flow_slot *f = &S->flows[index];
  const struct ast_stmt *s = f->stmt;
  if (f->state == 1) {
    diag_at(S->c, DIAG_ERROR, *use, "the rate of flow '%s' depends on itself", s->name);
    diag_help(S->c, "flows may refer to each other's rates, but not in a circle");
    f->state = 3;
    return false;
  }
  if (f->state != 0) return f->state == 2;
  if (S->workload_too_deep) return false;
  if (S->workload_depth > LIMIT_WORKLOAD_DEPTH) {
    diag_at(S->c, DIAG_ERROR, *use, "flow rates refer to each other more than %d deep here",
            LIMIT_WORKLOAD_DEPTH);
    S->workload_too_deep = true;
    return false;
  }
  const struct ast_attr *rate = flow_stmt_attr(s, "rate"), *share = flow_stmt_attr(s, "share");
  if (rate && share) {
    const struct ast_attr *second = rate->loc.begin > share->loc.begin ? rate : share;
    diag_at(S->c, DIAG_ERROR, second->loc, "flow '%s' has both a rate and a share", s->name);
    diag_help(S->c, "keep one: 'rate = 100 rps' or 'share = 10%%' of the workload's %s",
              flow_writes(s) ? "writes" : "reads");
    f->state = 3;
    return false;
  }
  if (!rate && !share) {
    diag_at(S->c, DIAG_ERROR, s->name_loc, "flow '%s' has no rate", s->name);
    diag_help(S->c, "say how often it comes: 'rate = 100 rps', or 'share = 10%%' of the "
                    "workload's %s", flow_writes(s) ? "writes" : "reads");
    f->state = 3;
    return false;
  }
  const struct ast_attr *a = rate ? rate : share;
  f->state = 1;
  S->workload_depth++;
  bool ok = a->value && eval(S, a->value, &f->written) &&
            check_value(S, known_find(a->name, ON_FLOW), a, &f->written);
  S->workload_depth--;
  if (f->state != 1) return false;   /* a circle, reported where it closed */
  if (ok) {
    f->share = share ? f->written.num : -1;
    f->rate = share ? f->written.num * class_rate(S, flow_writes(s)) : f->written.num;
  }
  f->state = ok ? 2 : 3;
  return ok;
}

/* `name.rate` in an expression: another flow's rate. */
static int flow_reference(struct sema *S, const struct ast_expr *e, struct arch_value *out) {
  const char *dot = strrchr(e->name, '.');
  if (!dot) return 0;
  const char *flow = arena_strndup(S->a, e->name, (size_t)(dot - e->name));
  int f = map_get(&S->flow_index, flow);
  if (f < 0 && strcmp(dot + 1, "rate") != 0) return 0;
  if (f < 0) {
    diag_at(S->c, DIAG_ERROR, e->loc, "unknown flow '%s'", flow);
    const char *best = diag_suggest(flow, (const char *const *)S->flow_index.keys,
                                    S->flow_index.cap);
    if (best) diag_help(S->c, "did you mean '%s.rate'?", best);
    else diag_help(S->c, "'NAME.rate' is the rate of the flow declared as 'flow NAME { ... }'");
    return -1;
  }
  if (strcmp(dot + 1, "rate") != 0) {
    diag_at(S->c, DIAG_ERROR, e->loc, "a flow has no value '%s' to refer to", dot + 1);
    diag_help(S->c, "write '%s.rate', the flow's rate", flow);
    return -1;
  }
  if (!flow_rate(S, f, &e->loc)) return -1;
  out->type = VAL_NUMBER;
  out->num = S->flows[f].rate;
  out->dim = (struct arch_dim){-1, 0};
  return 1;
}

/* The design's edges by pair of components, for flows to find the edge
   they name: open addressing on (from, to), each slot with the first edge
   between them, the first that carries reads and the first that carries
   writes (-1: none).  Built on first use. */
struct pair_slot {
  uint64_t key;               /* (from + 1) << 32 | (to + 1); 0: empty */
  int any, reads, writes;
};

/* The slot of (from, to): its own, or the empty one where it would go. */
static struct pair_slot *pair_slot(struct sema *S, int from, int to) {
  uint64_t key = (uint64_t)(from + 1) << 32 | (uint64_t)(to + 1);
  size_t mask = S->cap_pairs - 1, i = (size_t)((key * 0x9E3779B97F4A7C15u) >> 20) & mask;
  while (S->pairs[i].key && S->pairs[i].key != key) i = (i + 1) & mask;
  return &S->pairs[i];
}

static void pair_put(struct sema *S, int e) {
  if (2 * (S->n_pairs + 1) > S->cap_pairs) {  /* at most half full */
    struct pair_slot *old = S->pairs;
    size_t n = S->cap_pairs;
    S->cap_pairs = n ? 2 * n : 1024;
    S->pairs = arena_alloc(S->a, S->cap_pairs * sizeof *S->pairs);
    for (size_t i = 0; i < n; i++)
      if (old[i].key) *pair_slot(S, (int)(old[i].key >> 32) - 1, (int)(old[i].key & 0xFFFFFFFFu) - 1) = old[i];
  }
  const struct arch_edge *edge = &S->m->edges[e];
  struct pair_slot *p = pair_slot(S, edge->from, edge->to);
  if (!p->key) {
    *p = (struct pair_slot){(uint64_t)(edge->from + 1) << 32 | (uint64_t)(edge->to + 1), e, -1, -1};
    S->n_pairs++;
  }
  if (edge->reads && p->reads < 0) p->reads = e;
  if (edge->writes && p->writes < 0) p->writes = e;
}

/* The first edge from `from` to `to` carrying the class, else any such
   edge, else -1. */
static int pair_find(struct sema *S, int from, int to, bool writes) {
  if (!S->pairs_built) {
    for (size_t i = 0; i < S->m->n_edges; i++) pair_put(S, (int)i);
    S->pairs_built = true;
  }
  if (!S->cap_pairs) return -1;
  const struct pair_slot *p = pair_slot(S, from, to);
  if (!p->key) return -1;
  int e = writes ? p->writes : p->reads;
  return e >= 0 ? e : p->any;
}

/* What a flow's brackets may say about its own use of an edge. */
static const char *const flow_edge_attrs[] = {"fraction", "calls", "async", "timeout"};

static bool flow_edge_attr_ok(struct sema *S, const struct arch_attr *a) {
  for (size_t i = 0; i < 4; i++)
    if (strcmp(a->name, flow_edge_attrs[i]) == 0) return true;
  diag_at(S->c, DIAG_ERROR, a->loc, "'%s' belongs on the edge, not on a flow's use of it",
          a->name);
  diag_help(S->c, "a flow's edges take fraction, calls, async and timeout; write '%s' on a "
                  "top-level edge", a->name);
  return false;
}

/* One chain of a flow's path: each pair becomes a step, on the edge the
   design already has between them or on a new one. */
static void flow_chain(struct sema *S, struct arch_flow *fl, size_t index, const struct ast_stmt *s,
                       unsigned char *reached) {
  if (s->text) {
    diag_at(S->c, DIAG_ERROR, s->text_loc, "a label belongs on the edge, not on a flow's use of it");
    diag_help(S->c, "write it on a top-level edge: 'a -> b : \"label\"'");
    return;
  }
  size_t n_attrs;
  struct arch_attr *attrs = eval_attrs(S, s->attrs, ON_EDGE, &n_attrs);
  bool ok = true;
  for (size_t i = 0; i < n_attrs; i++) ok &= flow_edge_attr_ok(S, &attrs[i]);
  size_t n_stops = 0;
  if (!chain_stops(S, s, &n_stops) || !ok) return;
  const struct chain_ref *chain = S->chain;
  const size_t *first = S->first;
  for (size_t i = first[0]; i < first[1]; i++) {
    if (reached[chain[i].comp]) continue;
    const struct arch_component *comp = &S->m->components[chain[i].comp];
    diag_at(S->c, DIAG_ERROR, chain[i].ref->loc,
            "the path of flow '%s' does not reach '%s' before this", fl->name, comp->path);
    if (arch_component_has(comp, TRAIT_ORIGINATES))
      diag_help(S->c, "add it to the flow's clients: 'from = %s'", comp->path);
    else
      diag_help(S->c, "start the path at a client the flow comes from: '%s -> %s'",
                S->m->components[fl->from[0]].path, comp->path);
    return;
  }
  for (size_t k = 0; k + 1 < n_stops; k++) {
    for (size_t i = first[k]; i < first[k + 1]; i++) {
      for (size_t j = first[k + 1]; j < first[k + 2]; j++) {
        int from = chain[i].comp, to = chain[j].comp;
        if (from == to) {
          diag_at(S->c, DIAG_ERROR, s->loc, "'%s' is connected to itself",
                  S->m->components[from].path);
          continue;
        }
        int e = pair_find(S, from, to, fl->writes);
        if (e < 0) {
          if (S->m->n_edges + 1 > LIMIT_EDGES) {
            diag_at(S->c, DIAG_ERROR, s->loc, "this flow makes the design exceed %d edges",
                    LIMIT_EDGES);
            return;
          }
          struct arch_edge edge = {0};
          edge.from = from;
          edge.to = to;
          edge.reads = edge.writes = true;
          edge.fraction = edge.calls = edge.weight = 1;
          edge.repeats = -1;
          edge.loc = (struct arch_loc){s->loc.file, chain[i].ref->loc.begin, chain[j].ref->loc.end};
          ARENA_PUSH(S->a, &S->m->edges, &S->m->n_edges, &S->cap_edges, edge);
          e = (int)S->m->n_edges - 1;
          pair_put(S, e);
        }
        if ((size_t)e >= S->cap_step_mark) {
          size_t cap = S->cap_step_mark ? 2 * S->cap_step_mark : 256;
          while (cap <= (size_t)e) cap *= 2;
          S->step_mark = arena_grow(S->a, S->step_mark, S->cap_step_mark, cap, sizeof *S->step_mark);
          S->cap_step_mark = cap;
        }
        reached[to] = 1;
        if (S->step_mark[e] == (int)index + 1) continue;   /* already on its path: once */
        S->step_mark[e] = (int)index + 1;
        const struct arch_edge *edge = &S->m->edges[e];
        struct arch_flow_step step = {e, edge->fraction, edge->calls, edge->async, 0};
        for (size_t a = 0; a < edge->n_attrs; a++)
          if (strcmp(edge->attrs[a].name, "timeout") == 0) step.timeout = edge->attrs[a].value.num;
        for (size_t a = 0; a < n_attrs; a++) {
          const struct arch_value *v = &attrs[a].value;
          if (strcmp(attrs[a].name, "fraction") == 0) step.fraction = v->num;
          else if (strcmp(attrs[a].name, "calls") == 0) step.calls = v->num;
          else if (strcmp(attrs[a].name, "async") == 0) step.async = v->boolean;
          else step.timeout = v->num;
        }
        size_t cap = fl->n_steps;   /* arrays grow by doubling: a power of two is full */
        if (cap == 0 || (cap & (cap - 1)) == 0)
          fl->steps = arena_grow(S->a, fl->steps, cap, cap ? 2 * cap : 4, sizeof *fl->steps);
        fl->steps[fl->n_steps++] = step;
      }
    }
  }
}

/* `from = browsers` or `from = [web, mobile]`: clients, by name. */
static void flow_from(struct sema *S, struct arch_flow *fl, const struct ast_attr *a) {
  const struct ast_expr *e = a->value;
  size_t n = 0;
  bool list = e && e->op == EXPR_LIST;
  for (const struct ast_expr *i = list ? e->left : e; i; i = list ? i->next : NULL) n++;
  fl->from = arena_alloc(S->a, (n ? n : 1) * sizeof *fl->from);
  for (const struct ast_expr *i = list ? e->left : e; i; i = list ? i->next : NULL) {
    if (i->op != EXPR_NAME) {
      diag_at(S->c, DIAG_ERROR, i->loc, "'from' names the clients a flow comes from");
      diag_help(S->c, "write 'from = browsers', or 'from = [web, mobile]'");
      continue;
    }
    struct ast_ref ref = {NULL, i->name, i->loc};
    int comp = resolve_ref(S, &ref);
    if (comp < 0) continue;
    const struct arch_component *cp = &S->m->components[comp];
    if (!arch_component_has(cp, TRAIT_ORIGINATES)) {
      diag_at(S->c, DIAG_ERROR, i->loc, "'%s' is not a client; a flow enters at a client",
              cp->path);
      diag_help(S->c, "name the client that sends it (a component of role client, such as "
                      "'client browsers'), and start the path there");
      continue;
    }
    fl->from[fl->n_from++] = comp;
  }
}

static void resolve_flow(struct sema *S, size_t index, unsigned char *reached) {
  const struct ast_stmt *s = S->flows[index].stmt;
  struct arch_flow *fl = &S->m->flows[S->m->n_flows];
  memset(fl, 0, sizeof *fl);
  fl->name = s->name;
  fl->label = s->text;
  fl->loc = s->name_loc;
  fl->writes = flow_writes(s);
  fl->request = fl->response = fl->stored = -1;
  size_t n = 0;
  for (const struct ast_attr *a = s->attrs; a; a = a->next) n++;
  fl->attrs = arena_alloc(S->a, (n ? n : 1) * sizeof *fl->attrs);
  const struct ast_attr *from = NULL;
  bool ok = true;
  for (const struct ast_attr *a = s->attrs; a; a = a->next) {
    if (a->allow) {
      diag_at(S->c, DIAG_ERROR, a->allow_loc, "'allow' belongs in a component's attributes");
      ok = false;
      continue;
    }
    const struct known_attr *k = known_find(a->name, ON_FLOW);
    if (!k) {
      const char *cands[N_KNOWN];
      size_t nc = 0;
      for (size_t i = 0; i < N_KNOWN; i++)
        if (known_attrs[i].where & ON_FLOW) cands[nc++] = known_attrs[i].name;
      diag_at(S->c, DIAG_ERROR, a->loc, "unknown flow attribute '%s'", a->name);
      const char *best = diag_suggest(a->name, cands, nc);
      if (best) diag_help(S->c, "did you mean '%s'?", best);
      else diag_help(S->c, "a flow has from, rate or share, class, request, response, stored "
                           "and latency_slo");
      ok = false;
      continue;
    }
    const struct arch_attr *prev = arch_flow_attr(fl, a->name);
    if (prev || (from && strcmp(a->name, "from") == 0)) {
      diag_at(S->c, DIAG_ERROR, a->loc, "'%s' is set twice", a->name);
      diag_at(S->c, DIAG_NOTE, prev ? prev->loc : from->loc, "'%s' was first set here", a->name);
      ok = false;
      continue;
    }
    if (strcmp(a->name, "from") == 0) {
      from = a;
      continue;
    }
    struct arch_attr attr = {a->name, {0}, a->loc};
    if (strcmp(a->name, "class") == 0) {
      const struct ast_expr *e = a->value;
      bool word = e->op == EXPR_NAME || e->op == EXPR_STRING;
      if (!word || (strcmp(e->name, "read") != 0 && strcmp(e->name, "write") != 0)) {
        static const char *const classes[] = {"read", "write"};
        const char *best = word ? diag_suggest(e->name, classes, 2) : NULL;
        diag_at(S->c, DIAG_ERROR, e->loc, "unknown class '%.*s'", (int)(e->loc.end - e->loc.begin),
                S->c->sources[e->loc.file].text + e->loc.begin);
        if (best) diag_help(S->c, "did you mean '%s'?", best);
        else diag_help(S->c, "a flow's class is read or write");
        ok = false;
        continue;
      }
      attr.value.type = VAL_WORD;
      attr.value.str = e->name;
    } else if (strcmp(a->name, "rate") == 0 || strcmp(a->name, "share") == 0) {
      if (!flow_rate(S, (int)index, &a->loc)) {
        ok = false;
        continue;
      }
      attr.value = S->flows[index].written;
    } else if (!eval(S, a->value, &attr.value) || !check_value(S, k, a, &attr.value)) {
      ok = false;
      continue;
    }
    double v = attr.value.num;
    if (strcmp(a->name, "request") == 0) fl->request = v;
    else if (strcmp(a->name, "response") == 0) fl->response = v;
    else if (strcmp(a->name, "stored") == 0) fl->stored = v;
    else if (strcmp(a->name, "latency_slo") == 0) fl->latency_slo = v;
    fl->attrs[fl->n_attrs++] = attr;
  }
  if (!flow_stmt_attr(s, "rate") && !flow_stmt_attr(s, "share"))
    ok &= flow_rate(S, (int)index, &s->name_loc);
  fl->rate = S->flows[index].rate;
  fl->share = S->flows[index].share;
  if (!from) {
    diag_at(S->c, DIAG_ERROR, s->name_loc, "flow '%s' does not say where it comes from", s->name);
    diag_help(S->c, "name its clients: 'from = browsers'");
    return;
  }
  flow_from(S, fl, from);
  if (fl->n_from == 0) return;
  if (!s->body) {
    diag_at(S->c, DIAG_ERROR, s->name_loc, "flow '%s' has no path", s->name);
    diag_help(S->c, "write the edges it travels inside it: '%s -> api -> db'",
              S->m->components[fl->from[0]].path);
    return;
  }
  memset(reached, 0, S->m->n_components);
  for (size_t i = 0; i < fl->n_from; i++) reached[fl->from[i]] = 1;
  for (const struct ast_stmt *e = s->body; e; e = e->next) flow_chain(S, fl, index, e, reached);
  if (ok) S->m->n_flows++;
}

/* Without flows, the reads and the writes: every client's, along every
   edge that carries the class. */
static void implicit_flows(struct sema *S) {
  struct arch_model *m = S->m;
  m->flows = arena_alloc(S->a, 2 * sizeof *m->flows);
  size_t n_clients = 0;
  for (size_t v = 0; v < m->n_components; v++)
    n_clients += arch_component_has(&m->components[v], TRAIT_ORIGINATES);
  for (int cls = 0; cls < 2; cls++) {
    struct arch_flow *fl = &m->flows[m->n_flows++];
    memset(fl, 0, sizeof *fl);
    fl->name = cls ? "writes" : "reads";
    fl->implicit = true;
    fl->writes = cls == 1;
    fl->rate = class_rate(S, cls == 1);
    fl->share = -1;
    fl->request = fl->response = fl->stored = -1;
    fl->from = arena_alloc(S->a, (n_clients ? n_clients : 1) * sizeof *fl->from);
    for (size_t v = 0; v < m->n_components; v++)
      if (arch_component_has(&m->components[v], TRAIT_ORIGINATES)) fl->from[fl->n_from++] = (int)v;
    fl->steps = arena_alloc(S->a, (m->n_edges ? m->n_edges : 1) * sizeof *fl->steps);
    for (size_t e = 0; e < m->n_edges; e++) {
      const struct arch_edge *edge = &m->edges[e];
      if (!arch_edge_carries(edge, cls == 0)) continue;  /* a class written twice: once */
      struct arch_flow_step step = {(int)e, edge->fraction, edge->calls, edge->async, 0};
      for (size_t a = 0; a < edge->n_attrs; a++)
        if (strcmp(edge->attrs[a].name, "timeout") == 0) step.timeout = edge->attrs[a].value.num;
      fl->steps[fl->n_steps++] = step;
    }
  }
}

static void resolve_flows(struct sema *S) {
  if (S->n_flows == 0) {
    implicit_flows(S);
    return;
  }
  S->m->flows = arena_alloc(S->a, S->n_flows * sizeof *S->m->flows);
  unsigned char *reached = arena_alloc(S->a, S->m->n_components + 1);
  for (size_t i = 0; i < S->n_flows; i++) resolve_flow(S, i, reached);
}

/* ---- rules, reviews and exceptions ---- */

static bool word_value(struct sema *S, const struct ast_attr *a, struct arch_value *v) {
  if (!eval(S, a->value, v)) return false;
  if (v->type != VAL_WORD && v->type != VAL_STRING) {
    diag_at(S->c, DIAG_ERROR, a->value->loc, "'%s' expects a word", a->name);
    return false;
  }
  return true;
}

static bool severity_of(struct sema *S, const struct ast_attr *a, enum arch_severity *out) {
  struct arch_value v;
  if (!word_value(S, a, &v)) return false;
  for (int i = 0; i < 4; i++)
    if (strcmp(v.str, arch_severity_names[i]) == 0) return *out = (enum arch_severity)i, true;
  diag_at(S->c, DIAG_ERROR, a->value->loc, "unknown severity '%s'", v.str);
  const char *best = diag_suggest(v.str, arch_severity_names, 4);
  diag_help(S->c, best ? "did you mean '%s'?" : "the severities are error, warning, note and off",
            best);
  return false;
}

static void rule_applies(struct sema *S, struct arch_rule *r, const struct ast_attr *a) {
  struct arch_value v;
  if (!eval(S, a->value, &v)) return;
  size_t n = v.type == VAL_LIST ? v.n_items : 1;
  r->applies = arena_alloc(S->a, n * sizeof *r->applies);
  for (size_t i = 0; i < n; i++) {
    const struct arch_value *item = v.type == VAL_LIST ? &v.items[i] : &v;
    if (item->type != VAL_WORD) {
      diag_at(S->c, DIAG_ERROR, a->value->loc, "'applies' expects kind names, or 'any'");
      return;
    }
    if (strcmp(item->str, "any") == 0) {
      r->applies = NULL;
      r->n_applies = 0;
      return;
    }
    int k = map_get(&S->kind_index, item->str);
    if (k < 0) {
      diag_at(S->c, DIAG_ERROR, a->value->loc, "unknown kind '%s'", item->str);
      const char *best = diag_suggest(item->str, (const char *const *)S->kind_index.keys,
                                      S->kind_index.cap);
      if (best) diag_help(S->c, "did you mean '%s'?", best);
      continue;
    }
    r->applies[r->n_applies++] = &S->m->kinds[k];
  }
}

static void resolve_rule(struct sema *S, const struct ast_stmt *s) {
  static const char *const fields[] = {"severity", "applies", "when", "message", "help",
                                       "summary", "source", "see", "cause"};
  if (arch_find_rule(S->m, s->name)) {
    diag_at(S->c, DIAG_ERROR, s->name_loc, "duplicate rule '%s'", s->name);
    diag_at(S->c, DIAG_NOTE, arch_find_rule(S->m, s->name)->loc, "'%s' was first declared here",
            s->name);
    diag_help(S->c, "to change a rule's severity, write 'review { %s = error }'", s->name);
    return;
  }
  struct arch_rule r = {0};
  r.id = s->name;
  r.loc = s->name_loc;
  r.severity = SEV_WARNING;
  for (const struct ast_attr *a = s->attrs; a; a = a->next) {
    size_t f = 0;
    while (f < 9 && strcmp(fields[f], a->name) != 0) f++;
    if (a->allow || f == 9) {
      diag_at(S->c, DIAG_ERROR, a->loc, "unknown rule field '%s'", a->name);
      const char *best = diag_suggest(a->name, fields, 9);
      if (best) diag_help(S->c, "did you mean '%s'?", best);
      continue;
    }
    struct arch_value v;
    switch (f) {
    case 0: severity_of(S, a, &r.severity); break;
    case 1: rule_applies(S, &r, a); break;
    case 2: r.when = a->value; break;
    default:
      if (!eval(S, a->value, &v)) break;
      if (v.type != VAL_STRING) {
        diag_at(S->c, DIAG_ERROR, a->value->loc, "'%s' expects a string", a->name);
        break;
      }
      if (f == 3) r.message = v.str;
      else if (f == 4) r.help = v.str;
      else if (f == 5) r.summary = v.str;
      else if (f == 6) r.source = v.str;
      else if (f == 7) r.see = v.str;
      else r.cause = v.str;
    }
  }
  if (!r.when || !r.message) {
    diag_at(S->c, DIAG_ERROR, s->name_loc, "rule '%s' needs %s", s->name,
            !r.when ? "a condition: 'when = ...'" : "a message: 'message = \"...\"'");
    return;
  }
  ARENA_PUSH(S->a, &S->m->rules, &S->m->n_rules, &S->cap_rules, r);
}

static bool known_rule(struct sema *S, const char *id, struct arch_loc loc) {
  if (arch_find_rule(S->m, id)) return true;
  diag_at(S->c, DIAG_ERROR, loc, "unknown rule '%s'", id);
  const char *best = arch_rule_suggestion(S->m, id);
  diag_help(S->c, best ? "did you mean '%s'?" : "'archc rules' lists them", best);
  return false;
}

static void resolve_allows(struct sema *S, struct arch_component *comp) {
  size_t n = 0;
  for (const struct ast_attr *a = comp->decl->attrs; a; a = a->next) n += a->allow;
  if (n) comp->allows = arena_alloc(S->a, n * sizeof *comp->allows);
  for (const struct ast_attr *a = comp->decl->attrs; a; a = a->next) {
    if (!a->allow || !known_rule(S, a->name, a->loc)) continue;
    if (!a->reason || !a->reason[0]) {
      diag_at(S->c, DIAG_ERROR, a->allow_loc, "'allow %s' needs a reason", a->name);
      diag_help(S->c, "say why, for the next reader: allow %s \"one writer by design\"", a->name);
      continue;
    }
    comp->allows[comp->n_allows++] = (struct arch_allow){a->name, a->reason, a->allow_loc};
  }
}

static void resolve_reviews(struct sema *S) {
  for (size_t i = 0; i < S->n_review_stmts; i++) {
    for (const struct ast_attr *a = S->review_stmts[i]->attrs; a; a = a->next) {
      if (a->allow) {
        diag_at(S->c, DIAG_ERROR, a->allow_loc, "'allow' belongs in a component's attributes");
        continue;
      }
      const char *dot = strchr(a->name, '.');
      const char *id = dot ? arena_strndup(S->a, a->name, (size_t)(dot - a->name)) : a->name;
      struct arch_review rv = {id, -1, SEV_OFF, a->loc};
      if (!known_rule(S, id, a->loc) || !severity_of(S, a, &rv.severity)) continue;
      if (dot) {
        struct ast_ref ref = {NULL, dot + 1, a->loc};
        rv.component = resolve_ref(S, &ref);
        if (rv.component < 0) continue;
      }
      ARENA_PUSH(S->a, &S->m->reviews, &S->m->n_reviews, &S->cap_reviews, rv);
    }
  }
}

/* ---- views ---- */

/* The name `e` in a view's list as a group (or, with `components`, a
   component): a group's path or its bare name when only one group has it,
   then a component as edges name them.  False, reported, if it is none. */
static bool view_item(struct sema *S, const struct ast_expr *e, const char *attr, bool components,
                      struct arch_view_item *out) {
  *out = (struct arch_view_item){-1, -1};
  int g = map_get(&S->group_index, e->name);
  if (g < 0 && !strchr(e->name, '.')) {
    int found = 0;
    for (size_t i = 0; i < S->m->n_groups; i++)
      if (strcmp(S->m->groups[i].name, e->name) == 0) g = found++ ? g : (int)i;
    if (found > 1) {
      diag_at(S->c, DIAG_ERROR, e->loc, "'%s' is ambiguous: %d groups have that name", e->name,
              found);
      diag_help(S->c, "write its path, such as '%s'", S->m->groups[g].path);
      return false;
    }
  }
  if (g >= 0) {
    out->group = g;
    return true;
  }
  int comp = map_get(&S->path_index, e->name);
  if (comp < 0 && !strchr(e->name, '.')) comp = map_get(&S->name_index, e->name);
  if (comp >= 0 && components) {
    struct ast_ref ref = {NULL, e->name, e->loc};
    out->component = resolve_ref(S, &ref);  /* the ambiguous bare name, reported */
    return out->component >= 0;
  }
  if (comp >= 0) {
    diag_at(S->c, DIAG_ERROR, e->loc, "'%s' is a component; '%s' takes groups", e->name, attr);
    diag_help(S->c, "name the region, zone or group it is in, such as '%s'",
              S->m->components[comp].group >= 0
                  ? S->m->groups[S->m->components[comp].group].path : "us_east");
    return false;
  }
  diag_at(S->c, DIAG_ERROR, e->loc, "unknown %s '%s'", components ? "group or component" : "group",
          e->name);
  /* Candidates: every group's path and name, and with `components` every
     component's. */
  size_t n = 2 * S->m->n_groups + (components ? S->path_index.cap + S->name_index.cap : 0), k = 0;
  const char **cands = arena_alloc(S->a, (n + 1) * sizeof *cands);
  for (size_t i = 0; i < S->m->n_groups; i++) {
    cands[k++] = S->m->groups[i].path;
    cands[k++] = S->m->groups[i].name;
  }
  for (size_t i = 0; components && i < S->path_index.cap; i++)
    if (S->path_index.keys[i]) cands[k++] = S->path_index.keys[i];
  for (size_t i = 0; components && i < S->name_index.cap; i++)
    if (S->name_index.keys[i]) cands[k++] = S->name_index.keys[i];
  const char *best = diag_suggest(e->name, cands, k);
  if (best) {
    diag_help(S->c, "did you mean '%s'?", best);
  } else if (S->m->n_groups) {
    const char *list = "";
    for (size_t i = 0; i < S->m->n_groups && i < 4; i++)
      list = arena_printf(S->a, "%s%s'%s'", list, i ? ", " : "", S->m->groups[i].path);
    diag_help(S->c, "the design's groups are %s%s", list, S->m->n_groups > 4 ? ", ..." : "");
  } else {
    diag_help(S->c, "the design declares no region, zone or group");
  }
  return false;
}

/* The names of a list (or the one name) written as `attr`'s value; NULL,
   reported, when the value is no name or list of names. */
static const struct ast_expr *view_names(struct sema *S, const struct ast_attr *a,
                                         const char *example, size_t *n) {
  const struct ast_expr *v = a->value, *first = v && v->op == EXPR_LIST ? v->left : v;
  *n = 0;
  bool ok = v != NULL && (v->op == EXPR_NAME || (v->op == EXPR_LIST && v->left));
  for (const struct ast_expr *e = first; ok && e; e = v->op == EXPR_LIST ? e->next : NULL) {
    ok = e->op == EXPR_NAME;
    ++*n;
  }
  if (ok) return first;
  diag_at(S->c, DIAG_ERROR, v ? v->loc : a->loc, "'%s' expects %s", a->name, example);
  return NULL;
}

static void view_collapse(struct sema *S, struct arch_view *v, const struct ast_attr *a) {
  static const struct { const char *word; unsigned flag; } words[] = {
    {"regions", COLLAPSE_REGIONS}, {"zones", COLLAPSE_ZONES}, {"groups", COLLAPSE_GROUPS},
    {"all", COLLAPSE_TOP}, {"none", 0}};
  size_t n;
  const struct ast_expr *e = view_names(
      S, a, "regions, zones, groups, all, none or a list of group names, such as [zones, eu.data]",
      &n);
  v->collapse_given = true;
  int *groups = arena_alloc(S->a, (n + 1) * sizeof *groups);
  for (; e; e = e->next) {
    size_t w = 0;
    while (w < 5 && strcmp(words[w].word, e->name) != 0) w++;
    struct arch_view_item it;
    if (w < 5) v->collapse |= words[w].flag;
    else if (view_item(S, e, a->name, false, &it)) groups[v->n_collapse_groups++] = it.group;
    if (a->value->op != EXPR_LIST) break;
  }
  v->collapse_groups = groups;
}

static void view_list(struct sema *S, const struct ast_attr *a, const struct arch_view_item **out,
                      size_t *n_out) {
  size_t n;
  const struct ast_expr *e =
      view_names(S, a, "group or component names, such as [us_east, eu.data.orders]", &n);
  struct arch_view_item *items = arena_alloc(S->a, (n + 1) * sizeof *items);
  size_t k = 0;
  for (; e; e = a->value->op == EXPR_LIST ? e->next : NULL)
    if (view_item(S, e, a->name, true, &items[k])) k++;
  *out = items;
  *n_out = k;
}

static void resolve_view(struct sema *S, const struct ast_stmt *s) {
  static const char *const fields[] = {"collapse", "only", "hide", "context", "direction", "depth"};
  enum { N_FIELDS = sizeof fields / sizeof fields[0] };
  for (size_t i = 0; i < S->m->n_views; i++)
    if (strcmp(S->m->views[i].name, s->name) == 0) {
      diag_at(S->c, DIAG_ERROR, s->name_loc, "duplicate view '%s'", s->name);
      diag_at(S->c, DIAG_NOTE, S->m->views[i].loc, "'%s' was first declared here", s->name);
      diag_help(S->c, "--view picks a view by its name: give each its own");
      return;
    }
  if (strcmp(s->name, "all") == 0) {
    diag_at(S->c, DIAG_ERROR, s->name_loc, "a view cannot be named 'all'");
    diag_help(S->c, "'--view all' draws the whole design; choose another name");
    return;
  }
  struct arch_view v = {.name = s->name, .label = s->text, .context = true, .loc = s->name_loc};
  bool seen[N_FIELDS] = {false};
  for (const struct ast_attr *a = s->attrs; a; a = a->next) {
    size_t f = 0;
    while (f < N_FIELDS && strcmp(fields[f], a->name) != 0) f++;
    if (a->allow || f == N_FIELDS) {
      diag_at(S->c, DIAG_ERROR, a->allow ? a->allow_loc : a->loc, "unknown view attribute '%s'",
              a->allow ? "allow" : a->name);
      const char *best = a->allow ? NULL : diag_suggest(a->name, fields, N_FIELDS);
      if (best) diag_help(S->c, "did you mean '%s'?", best);
      else diag_help(S->c, "a view takes collapse, depth, only, hide, context and direction");
      continue;
    }
    if (seen[f]) {
      diag_at(S->c, DIAG_ERROR, a->loc, "'%s' is set twice in view '%s'", a->name, s->name);
      continue;
    }
    seen[f] = true;
    switch (f) {
    case 0: view_collapse(S, &v, a); break;
    case 1: view_list(S, a, &v.only, &v.n_only); break;
    case 2: view_list(S, a, &v.hide, &v.n_hide); break;
    case 3:
      if (a->value->op == EXPR_BOOL) v.context = a->value->boolean;
      else diag_at(S->c, DIAG_ERROR, a->value->loc, "'context' expects true or false");
      break;
    case 5:
      if (a->value->op == EXPR_NUMBER && !a->value->suffix && a->value->num >= 1 &&
          a->value->num <= LIMIT_NESTING && a->value->num == (int)a->value->num) {
        v.depth = (int)a->value->num;
        v.collapse_given = true;
        break;
      }
      diag_at(S->c, DIAG_ERROR, a->value->loc, "'depth' expects a whole number from 1 to %d",
              LIMIT_NESTING);
      diag_help(S->c, "depth = 1 draws each top-level group as one node; depth = 2 the groups "
                      "inside them");
      break;
    default: {
      static const char *const directions[] = {"auto", "lr", "tb"};
      const char *word = a->value->op == EXPR_NAME ? a->value->name : "";
      int d = 0;
      while (d < 3 && strcmp(directions[d], word) != 0) d++;
      if (d < 3) {
        v.direction = d;
        break;
      }
      diag_at(S->c, DIAG_ERROR, a->value->loc, "'direction' expects auto, lr or tb");
      const char *best = word[0] ? diag_suggest(word, directions, 3) : NULL;
      if (best) diag_help(S->c, "did you mean '%s'?", best);
    }
    }
  }
  /* `only` with nothing that resolved would draw nothing: already reported. */
  if (seen[1] && v.n_only == 0) return;
  ARENA_PUSH(S->a, &S->m->views, &S->m->n_views, &S->cap_views, v);
}

/* ---- pass 8: requirements, once the flows they name are known ---- */

static void resolve_requirements(struct sema *S) {
  const char *names[128];
  size_t n = 0;
  for (size_t i = 0; i < S->n_workload && n < 128; i++) names[n++] = S->workload[i].attr->name;
  struct eval_env env = {S->c, S->m->month_seconds, sema_lookup, S, false, names, n};
  for (size_t i = 0; i < S->n_req_stmts; i++)
    requirements_resolve(&env, S->m, S->req_stmts[i], &S->cap_requirements);
}

/* ---- the entry point ---- */

struct arch_model *resolve_model(archc *c, const struct override *overrides, size_t n,
                                 struct arch_model **partial, bool *bad_override) {
  int errors = c->n_errors;
  struct sema S = {0};
  S.c = c;
  S.a = &c->arena;
  S.overrides = overrides;
  S.n_overrides = n;
  S.m = arena_alloc(&c->arena, sizeof *S.m);
  S.m->month_seconds = c->opt.month_seconds > 0 ? c->opt.month_seconds : ARCH_CALENDAR_MONTH_SECONDS;

  collect(&S, c->program, -1, NULL, 0);
  if (S.title) S.m->title = S.title->text;
  *bad_override = !apply_overrides(&S);
  if (*bad_override) {
    if (partial) *partial = S.m;
    return NULL;
  }
  for (size_t i = 0; i < S.m->n_kinds; i++) resolve_kind(&S, &S.m->kinds[i], 0);
  resolve_workload(&S);
  for (size_t i = 0; i < S.m->n_components; i++) resolve_component(&S, &S.m->components[i]);
  for (size_t i = 0; i < S.n_edge_stmts; i++) resolve_edge(&S, S.edges[i]);
  /* Repeats first: the implicit flows travel each class once. */
  arch_mark_repeats(S.a, S.m);
  resolve_flows(&S);
  resolve_requirements(&S);
  for (size_t i = 0; i < S.n_rule_stmts; i++) resolve_rule(&S, S.rule_stmts[i]);
  for (size_t i = 0; i < S.m->n_components; i++) resolve_allows(&S, &S.m->components[i]);
  resolve_reviews(&S);
  for (size_t i = 0; i < S.n_view_stmts; i++) resolve_view(&S, S.view_stmts[i]);
  if (partial) *partial = S.m;
  return c->n_errors > errors ? NULL : S.m;
}
