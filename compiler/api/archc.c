/*
 * archc.c - the public library (include/archc.h) over the stages.
 *
 * Every public call that can allocate runs its work inside GUARD: running
 * out of memory anywhere below longjmps back here (arena.c), and the call
 * returns ARCHC_NO_MEMORY instead of ending the process.  After that the
 * compilation is marked broken and only archc_free() is useful.  The calls
 * also deliver the last diagnostic to the callback before returning.
 *
 * Results handed out (estimates, reviews) are allocated in the
 * compilation's arena and wrap the stages' own results with the model they
 * belong to, so a what-if's estimate, made on a model with --set applied,
 * is read against that model.
 */
#include "internal.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "estimate.h"
#include "output.h"
#include "quantity.h"
#include "requirements.h"
#include "review.h"
#include "units.h"
#include "view.h"
#include "whatif.h"

struct archc_estimate {
  const struct arch_model *model;
  const struct estimate *estimate;
  const bool *failed;             /* the what-if's failed components, or NULL */
};

struct archc_review {
  archc *compilation;             /* whose sources the findings point into */
  const struct arch_model *model;
  const struct review *review;
};

/* Run `call` (an expression returning a status) so that running out of
   memory returns ARCHC_NO_MEMORY from the enclosing function. */
#define GUARD(c, call)                                          \
  do {                                                          \
    if ((c)->broken) return ARCHC_NO_MEMORY;                    \
    jmp_buf env_;                                               \
    if (setjmp(env_)) {                                         \
      (c)->arena.on_no_memory = NULL;                           \
      (c)->broken = true;                                       \
      (c)->has_pending = false;                                 \
      return ARCHC_NO_MEMORY;                                   \
    }                                                           \
    (c)->arena.on_no_memory = &env_;                            \
    int rc_ = (call);                                           \
    (c)->arena.on_no_memory = NULL;                             \
    diag_flush(c);                                              \
    return rc_;                                                 \
  } while (0)

/* ---- the compilation ---- */

static const char *const *copy_strings(struct arena *a, const char *const *v, size_t n) {
  if (n == 0) return NULL;
  const char **copy = arena_alloc(a, n * sizeof *copy);
  for (size_t i = 0; i < n; i++) copy[i] = arena_strdup(a, v[i]);
  return copy;
}

archc *archc_new(const struct archc_options *opts) {
  struct arena arena = {0};
  archc *c = arena_try_alloc(&arena, sizeof *c);
  if (!c) return NULL;
  c->arena = arena;
  /* From here the arena is reached through `c`, which does not change
     after setjmp, so the longjmp finds it as it was. */
  jmp_buf env;
  if (setjmp(env)) {
    archc_free(c);
    return NULL;
  }
  c->arena.on_no_memory = &env;
  if (opts) {
    /* The include directories and overrides are read at load and resolve
       time, after the caller's arrays may be gone: they are copied. */
    c->opt = *opts;
    c->opt.include_dirs = copy_strings(&c->arena, opts->include_dirs, opts->n_include_dirs);
    c->opt.overrides = copy_strings(&c->arena, opts->overrides, opts->n_overrides);
  }
  c->arena.on_no_memory = NULL;
  c->diag_out = c->opt.diagnostics ? c->opt.diagnostics : stderr;
  return c;
}

void archc_free(archc *c) {
  if (!c) return;
  /* `c` itself lives in its arena: copy the arena out before releasing it. */
  struct arena arena = c->arena;
  arena_release(&arena);
}

/* The prelude is a compilation that loaded the standard library and
   nothing else, its rules' names bound so that no review writes to them. */
static int prelude_load(archc *c) {
  int rc = load_stdlib(c);
  if (rc == ARCHC_OK && c->n_errors) rc = ARCHC_DESIGN_ERROR;
  if (rc == ARCHC_OK) review_bind_names(c->program);
  return rc;
}

static int prelude_guarded(archc *c) { GUARD(c, prelude_load(c)); }

int archc_prelude_new(const struct archc_options *opts, archc_prelude **out) {
  *out = NULL;
  struct archc_options o = opts ? *opts : (struct archc_options){0};
  o.prelude = NULL;
  o.no_stdlib = 0;
  o.overrides = NULL;
  o.n_overrides = 0;
  archc *c = archc_new(&o);
  if (!c) return ARCHC_NO_MEMORY;
  int rc = prelude_guarded(c);
  archc_prelude *p = rc == ARCHC_OK ? arena_try_alloc(&c->arena, sizeof *p) : NULL;
  if (!p) {
    archc_free(c);
    return rc == ARCHC_OK ? ARCHC_NO_MEMORY : rc;
  }
  p->c = c;
  *out = p;
  return ARCHC_OK;
}

void archc_prelude_free(archc_prelude *p) {
  if (p) archc_free(p->c);
}

int archc_load_file(archc *c, const char *path) { GUARD(c, load_file(c, path)); }

int archc_load_buffer(archc *c, const char *name, const char *data, size_t len) {
  GUARD(c, load_buffer(c, name, data, len));
}

static int resolve(archc *c) {
  /* Names are not resolved after syntax errors: half-parsed declarations
     would only add confusing "unknown name" errors. */
  if (c->n_errors) return ARCHC_DESIGN_ERROR;
  struct override *ov = NULL;
  size_t n = 0;
  int rc = load_overrides(c, c->opt.overrides, c->opt.n_overrides, &ov, &n);
  if (rc != ARCHC_OK) return rc;
  bool bad_override;
  c->model = resolve_model(c, ov, n, &c->partial_model, &bad_override);
  /* A failed resolution has said why: the caller gets its diagnostics. */
  assert(c->model || c->n_errors > 0);
  if (bad_override) return ARCHC_USAGE_ERROR;
  return c->model ? ARCHC_OK : ARCHC_DESIGN_ERROR;
}

int archc_resolve(archc *c) { GUARD(c, resolve(c)); }

int archc_errors(const archc *c) { return c->n_errors; }

size_t archc_memory_used(const archc *c) { return c->arena.bytes; }

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)
const char *archc_suggest(const char *word, const char *const *candidates, size_t n) {
  return diag_suggest(word, candidates, n);
}

const char *archc_version(void) {
  return STRINGIFY(ARCHC_VERSION_MAJOR) "." STRINGIFY(ARCHC_VERSION_MINOR) "."
         STRINGIFY(ARCHC_VERSION_PATCH);
}

/* ---- the model ---- */

const char *archc_title(const archc *c) { return c->model ? c->model->title : NULL; }

size_t archc_component_count(const archc *c) { return c->model ? c->model->n_components : 0; }

size_t archc_requirement_count(const archc *c) { return c->model ? c->model->n_requirements : 0; }

static int requirements_status(archc *c, const archc_estimate *e, size_t *counts) {
  if (!c->model) return ARCHC_DESIGN_ERROR;
  struct req_check *q = requirements_check(c, c->model, e ? e->estimate : NULL);
  counts[0] = q->met;
  counts[1] = q->missed;
  counts[2] = q->not_addressed;
  return ARCHC_OK;
}

int archc_requirements_status(archc *c, const archc_estimate *e, size_t *met, size_t *missed,
                              size_t *not_addressed) {
  size_t counts[3] = {0};
  int rc;
  do {
    if (c->broken) return ARCHC_NO_MEMORY;
    jmp_buf env_;
    if (setjmp(env_)) {
      c->arena.on_no_memory = NULL;
      c->broken = true;
      return ARCHC_NO_MEMORY;
    }
    c->arena.on_no_memory = &env_;
    rc = requirements_status(c, e, counts);
    c->arena.on_no_memory = NULL;
  } while (0);
  if (met) *met = counts[0];
  if (missed) *missed = counts[1];
  if (not_addressed) *not_addressed = counts[2];
  return rc;
}

static int find_path(archc *c, const char *relative, const char **path) {
  *path = load_find(c, relative);
  return *path ? ARCHC_OK : ARCHC_USAGE_ERROR;
}

int archc_find_path(archc *c, const char *relative, const char **path) {
  *path = NULL;
  GUARD(c, find_path(c, relative, path));
}

static void place(const archc *c, struct arch_loc loc, const char **file, unsigned *line,
                  unsigned *column) {
  *file = c->sources[loc.file].path;
  source_line_col((archc *)c, loc.file, loc.begin, line, column);
}

int archc_component_at(const archc *c, size_t i, struct archc_component *out) {
  if (i >= archc_component_count(c)) return ARCHC_USAGE_ERROR;
  const struct arch_model *m = c->model;
  const struct arch_component *comp = &m->components[i];
  *out = (struct archc_component){comp->name, comp->path, comp->label ? comp->label : comp->name,
                                  comp->kind ? comp->kind->name : NULL,
                                  arch_role_names[arch_role_of(comp)],
                                  comp->group >= 0 ? m->groups[comp->group].path : NULL, NULL, 0, 0};
  place(c, comp->loc, &out->file, &out->line, &out->column);
  return ARCHC_OK;
}

long archc_find_component(const archc *c, const char *name) {
  const struct arch_model *m = c->model;
  long found = -1;
  for (size_t i = 0; m && i < m->n_components; i++) {
    if (strcmp(m->components[i].path, name) == 0) return (long)i;
    if (strcmp(m->components[i].name, name) == 0) found = found == -1 ? (long)i : -2;
  }
  return found < 0 ? -1 : found;
}

/* The i-th effective attribute: the component's own, then each kind's (the
   nearest first) that no earlier one shadows. */
static const struct arch_attr *effective_attr(const struct arch_component *comp, size_t i,
                                              bool *from_kind) {
  *from_kind = false;
  if (i < comp->n_attrs) return &comp->attrs[i];
  i -= comp->n_attrs;
  for (const struct arch_kind *k = comp->kind; k; k = k->base) {
    for (size_t j = 0; j < k->n_attrs; j++) {
      if (arch_component_attr(comp, k->attrs[j].name) != &k->attrs[j].value ||
          arch_class_capacity_shadowed(comp, k, k->attrs[j].name))
        continue;
      if (i-- == 0) return *from_kind = true, &k->attrs[j];
    }
  }
  return NULL;
}

size_t archc_attribute_count(const archc *c, size_t component) {
  if (component >= archc_component_count(c)) return 0;
  const struct arch_component *comp = &c->model->components[component];
  size_t n = 0;
  bool from_kind;
  while (effective_attr(comp, n, &from_kind)) n++;
  return n;
}

static int attribute_at(archc *c, size_t component, size_t i, struct archc_attribute *out) {
  if (component >= archc_component_count(c)) return ARCHC_USAGE_ERROR;
  bool from_kind;
  const struct arch_attr *a = effective_attr(&c->model->components[component], i, &from_kind);
  if (!a) return ARCHC_USAGE_ERROR;
  char buf[64];
  *out = (struct archc_attribute){a->name, value_text(&c->arena, &a->value), 0, NULL, from_kind};
  if (a->value.type == VAL_NUMBER) {
    out->number = a->value.num;
    out->unit = arena_strdup(&c->arena, dim_unit(a->value.dim, buf, sizeof buf));
  }
  return ARCHC_OK;
}

int archc_attribute_at(const archc *c, size_t component, size_t i, struct archc_attribute *out) {
  archc *w = (archc *)c;  /* the text is allocated in the compilation's arena */
  GUARD(w, attribute_at(w, component, i, out));
}

size_t archc_edge_count(const archc *c) { return c->model ? c->model->n_edges : 0; }

int archc_edge_at(const archc *c, size_t i, struct archc_edge *out) {
  if (i >= archc_edge_count(c)) return ARCHC_USAGE_ERROR;
  const struct arch_model *m = c->model;
  const struct arch_edge *e = &m->edges[i];
  *out = (struct archc_edge){(size_t)e->from, (size_t)e->to, e->label, e->protocol,
                             arch_edge_async(m, e), e->reads, e->writes, NULL, 0, 0};
  place(c, e->loc, &out->file, &out->line, &out->column);
  return ARCHC_OK;
}

int archc_has_workload(const archc *c) {
  const struct arch_model *m = c->model;
  if (!m) return 0;
  if (m->n_workload || (m->n_flows && !m->flows[0].implicit)) return 1;
  for (size_t v = 0; v < m->n_components; v++)
    if (arch_component_attr(&m->components[v], "rps")) return 1;
  return 0;
}

/* ---- the estimate ---- */

static int estimate(archc *c, const struct archc_what_if *w, archc_estimate **out) {
  *out = NULL;
  if (!c->model) return ARCHC_DESIGN_ERROR;
  const struct arch_model *m = c->model;
  struct what_if input = {0};
  if (w) {
    input.scale = w->scale;
    if (w->n_overrides) {
      /* The design again, with the overrides: its warnings were said the
         first time, so only the overrides' errors are reported. */
      struct override *ov = NULL;
      size_t n = 0;
      int rc = load_overrides(c, w->overrides, w->n_overrides, &ov, &n);
      if (rc != ARCHC_OK) return rc;
      c->errors_only = true;
      bool bad_override;
      m = resolve_model(c, ov, n, NULL, &bad_override);
      c->errors_only = false;
      if (bad_override) return ARCHC_USAGE_ERROR;
      if (!m) return ARCHC_DESIGN_ERROR;
    }
    const char *what;
    if (w->fail && !whatif_failure(c, m, w->fail, &input, &what)) return ARCHC_USAGE_ERROR;
  }
  const struct estimate *E = estimate_run(c, m, &input);
  if (!E) return ARCHC_DESIGN_ERROR;
  archc_estimate *e = arena_alloc(&c->arena, sizeof *e);
  *e = (archc_estimate){m, E, input.failed};
  *out = e;
  return ARCHC_OK;
}

int archc_estimate_run(archc *c, const struct archc_what_if *w, archc_estimate **out) {
  GUARD(c, estimate(c, w, out));
}

int archc_estimate_component(const archc_estimate *e, size_t i, struct archc_load *out) {
  if (!e || i >= e->model->n_components) return ARCHC_USAGE_ERROR;
  const struct est_component *x = &e->estimate->components[i];
  *out = (struct archc_load){x->reads + x->writes, x->peak_reads + x->peak_writes, x->hot_capacity,
                             x->util, x->util_peak, x->headroom, x->resp, x->resp_peak,
                             e->failed && e->failed[i]};
  return ARCHC_OK;
}

size_t archc_estimate_path_count(const archc_estimate *e) { return e ? e->estimate->n_clients : 0; }

int archc_estimate_path(const archc_estimate *e, size_t i, struct archc_path *out) {
  if (i >= archc_estimate_path_count(e)) return ARCHC_USAGE_ERROR;
  const struct est_client *cl = &e->estimate->clients[i];
  assert(cl->component >= 0 && (size_t)cl->component < e->model->n_components);
  *out = (struct archc_path){(size_t)cl->component, cl->share, cl->read_latency, cl->write_latency,
                             cl->read_latency_peak, cl->write_latency_peak};
  return ARCHC_OK;
}

size_t archc_estimate_flow_count(const archc_estimate *e) { return e ? e->estimate->n_flows : 0; }

int archc_estimate_flow(const archc_estimate *e, size_t i, struct archc_flow *out) {
  if (i >= archc_estimate_flow_count(e)) return ARCHC_USAGE_ERROR;
  const struct arch_flow *fl = &e->model->flows[i];
  const struct est_flow *x = &e->estimate->flows[i];
  *out = (struct archc_flow){fl->name, fl->label, fl->writes, fl->implicit, x->rate, x->rate_peak,
                             isinf(x->latency) ? -1 : x->latency,
                             isinf(x->latency_peak) ? -1 : x->latency_peak, fl->latency_slo,
                             x->bottleneck, x->headroom, x->availability, x->bytes_in,
                             x->bytes_out, x->stored_per_day, fl->n_steps};
  return ARCHC_OK;
}

long archc_estimate_bottleneck(const archc_estimate *e) {
  return e && e->estimate->n_ranked ? e->estimate->by_headroom[0] : -1;
}

/* ---- the review ---- */

static int review(archc *c, const archc_estimate *e, const struct archc_review_options *o,
                  archc_review **out) {
  *out = NULL;
  if (!c->model) return ARCHC_DESIGN_ERROR;
  const struct arch_model *m = e ? e->model : c->model;
  /* Without an estimate the review still reads load figures (zero without a
     workload); a synchronous cycle is then its finding, not an error. */
  static const struct what_if quietly = {0, NULL, NULL, true};
  const struct estimate *E = e ? e->estimate : estimate_run(c, m, &quietly);
  if (!E) return ARCHC_DESIGN_ERROR;
  struct review_input in = {m, E, analyze_run(c, m, E), NULL, 0, NULL, 0, false};
  if (o) {
    in.enable = o->enable;
    in.n_enable = o->n_enable;
    in.disable = o->disable;
    in.n_disable = o->n_disable;
    in.warnings_are_errors = o->warnings_are_errors;
  }
  const struct review *R = review_run(c, &in);
  if (!R) return ARCHC_USAGE_ERROR;
  archc_review *r = arena_alloc(&c->arena, sizeof *r);
  *r = (archc_review){c, m, R};
  *out = r;
  return ARCHC_OK;
}

int archc_review_run(archc *c, const archc_estimate *e, const struct archc_review_options *o,
                     archc_review **out) {
  GUARD(c, review(c, e, o, out));
}

int archc_review_status(const archc_review *r) {
  return r && r->review->failed ? ARCHC_DESIGN_ERROR : ARCHC_OK;
}

size_t archc_finding_count(const archc_review *r) { return r ? r->review->n_findings : 0; }

int archc_finding_at(const archc_review *r, size_t i, struct archc_diagnostic *out) {
  if (i >= archc_finding_count(r)) return ARCHC_USAGE_ERROR;
  static const enum archc_severity severity[] = {ARCHC_NOTE, ARCHC_NOTE, ARCHC_WARNING, ARCHC_ERROR};
  const struct finding *f = &r->review->findings[i];
  struct arch_loc loc = review_finding_loc(r->model, f);
  *out = (struct archc_diagnostic){severity[f->severity], NULL, 0, 0, 0, 0, f->message, f->help,
                                   f->rule->id};
  place(r->compilation, loc, &out->file, &out->line, &out->column);
  source_line_col(r->compilation, loc.file, loc.end, &out->end_line, &out->end_column);
  return ARCHC_OK;
}

void archc_print_findings(archc *c, const archc_review *r) {
  if (!r || c->broken) return;
  review_print(c, r->model, r->review);
  diag_flush(c);
}

/* ---- outputs ---- */

/* The flow `name` of the model, or NULL after an error with a did-you-mean. */
static const struct arch_flow *flow_named(archc *c, const struct arch_model *m, const char *name) {
  const char **names = arena_alloc(&c->arena, (m->n_flows + 1) * sizeof *names);
  for (size_t i = 0; i < m->n_flows; i++) {
    if (strcmp(m->flows[i].name, name) == 0) return &m->flows[i];
    names[i] = m->flows[i].name;
  }
  diag_plain(c, DIAG_ERROR, "--flow %s: the design has no flow '%s'", name, name);
  const char *best = diag_suggest(name, names, m->n_flows);
  if (best) diag_help(c, "did you mean '%s'?", best);
  else diag_help(c, "the design's flows are declared with 'flow NAME { ... }'%s",
                 m->n_flows && m->flows[0].implicit ? "; without any, 'reads' and 'writes'" : "");
  return NULL;
}

/* ---- views ---- */

size_t archc_view_count(const archc *c) {
  if (!c->model) return 0;
  const struct arch_model *m = c->model;
  bool declared = false;
  for (size_t i = 0; i < m->n_views; i++) declared |= strcmp(m->views[i].name, "overview") == 0;
  return m->n_views + !declared;
}

static int view_at(archc *c, size_t i, struct archc_view *out) {
  if (i >= archc_view_count(c)) return ARCHC_USAGE_ERROR;
  const struct arch_model *m = c->model;
  const struct arch_view *v = view_find(&c->arena, m, i < m->n_views ? m->views[i].name : "overview");
  struct view_map map;
  view_apply(&c->arena, m, v, &map);
  *out = (struct archc_view){v->name, v->label, view_describe(&c->arena, m, v), map.drawn,
                             v->builtin};
  return ARCHC_OK;
}

int archc_view_at(archc *c, size_t i, struct archc_view *out) { GUARD(c, view_at(c, i, out)); }

const char *archc_default_view(const archc *c) {
  return c->model && c->model->n_components > VIEW_THRESHOLD && c->model->n_groups ? "overview"
                                                                                   : NULL;
}

/* The view `name` names into in->view; false, reported, when it names none. */
static bool choose_view(archc *c, struct output_input *in, const char *name) {
  if (!name) {
    in->view = view_default(&c->arena, in->model);
    return true;
  }
  if (strcmp(name, "all") == 0) return true;
  in->view = view_find(&c->arena, in->model, name);
  if (in->view) return true;
  size_t n = archc_view_count(c);
  const char **names = arena_alloc(&c->arena, (n + 2) * sizeof *names);
  for (size_t i = 0; i < in->model->n_views; i++) names[i] = in->model->views[i].name;
  names[in->model->n_views] = "overview";
  names[in->model->n_views + 1] = "all";
  diag_plain(c, DIAG_ERROR, "unknown view '%s'", name);
  const char *best = diag_suggest(name, names, in->model->n_views + 2);
  if (best) {
    diag_help(c, "did you mean '%s'?", best);
  } else {
    const char *list = "";
    for (size_t i = 0; i < in->model->n_views + 2; i++)
      list = arena_printf(&c->arena, "%s%s%s", list, i ? ", " : "", names[i]);
    diag_help(c, "the views are %s", list);
  }
  return false;
}

/* The stage results an output draws on, checked against what the format
   needs; false with a diagnostic if something is missing. */
static bool output_input_of(archc *c, const struct archc_format *format,
                            const struct archc_write_options *o, struct output_input *in) {
  *in = (struct output_input){.model = c->model};
  if (o) {
    in->estimate = o->estimate ? o->estimate->estimate : NULL;
    in->review = o->review ? o->review->review : NULL;
    in->fail = o->fail;
    in->harmed = o->failure_harmed;
    in->direction = o->direction;
    in->theme = o->theme == ARCHC_THEME_DARK || o->theme == ARCHC_THEME_AUTO
                    ? (enum archc_theme)o->theme : ARCHC_THEME_LIGHT;
    in->transparent = o->transparent != 0;
    in->plain = o->style == ARCHC_STYLE_PLAIN;
    in->id_prefix = o->id_prefix;
    in->dpi = o->dpi;
    in->zoom = o->zoom;
    in->explain = o->explain;
    /* A what-if's figures belong to the what-if's model. */
    if (o->estimate) in->model = o->estimate->model;
    if (o->flow && !(in->flow = flow_named(c, in->model, o->flow))) return false;
  }
  if (format->product == ARCHC_DIAGRAM && !choose_view(c, in, o ? o->view : NULL)) return false;
  if (((format->product == ARCHC_REPORT || format->product == ARCHC_EXPLAIN) && !in->estimate) ||
      ((format->product == ARCHC_FINDINGS || format->product == ARCHC_SCORECARD) && !in->review) ||
      (format->product == ARCHC_FAILURE && !in->fail)) {
    diag_plain(c, DIAG_ERROR, "the %s format needs %s", format->name,
               format->product == ARCHC_REPORT || format->product == ARCHC_EXPLAIN ? "an estimate"
               : format->product == ARCHC_FINDINGS || format->product == ARCHC_SCORECARD
                   ? "a review" : "a component, zone or region to fail");
    return false;
  }
  return true;
}

/* design/url-shortener.svg -> url-shortener: what an SVG's ids are
   prefixed with by default. */
static const char *file_stem(archc *c, const char *path) {
  const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
  return n ? arena_strndup(&c->arena, base, n) : NULL;
}

static int write_output(archc *c, const struct archc_format *format, const char *path,
                        const struct archc_write_options *o) {
  struct output_input in;
  if (!c->model) return ARCHC_DESIGN_ERROR;
  if (!output_input_of(c, format, o, &in)) return ARCHC_USAGE_ERROR;
  if (!in.id_prefix && strcmp(path, "-") != 0) in.id_prefix = file_stem(c, path);
  return output_write(c, format, &in, path);
}

int archc_write(archc *c, const struct archc_format *format, const char *path,
                const struct archc_write_options *o) {
  GUARD(c, write_output(c, format, path, o));
}

static int render_output(archc *c, const struct archc_format *format,
                         const struct archc_write_options *o, const char **data, size_t *len) {
  struct output_input in;
  *data = NULL;
  *len = 0;
  if (!c->model) return ARCHC_DESIGN_ERROR;
  if (!output_input_of(c, format, o, &in)) return ARCHC_USAGE_ERROR;
  return output_render(c, format, &in, data, len);
}

int archc_render(archc *c, const struct archc_format *format, const struct archc_write_options *o,
                 const char **data, size_t *len) {
  GUARD(c, render_output(c, format, o, data, len));
}

/* ---- the report ---- */

static int report(archc *c, const char *path, const struct archc_report_options *o) {
  if (!c->model) return ARCHC_DESIGN_ERROR;
  struct archc_report_options none = {0};
  if (!o) o = &none;
  const archc_estimate *e = o->estimate;
  if (!e) {
    archc_estimate *made;
    int rc = estimate(c, NULL, &made);
    if (rc != ARCHC_OK) return rc;
    e = made;
  }
  const archc_review *r = o->review;
  if (!r) {
    archc_review *made;
    int rc = review(c, e, NULL, &made);
    if (rc != ARCHC_OK) return rc;
    r = made;
  }
  /* Its diagram is the default view: a large design's overview. */
  struct output_input in = {.model = e->model, .estimate = e->estimate, .review = r->review,
                            .view = view_default(&c->arena, e->model)};
  struct pages_options po = {o->paper == ARCHC_PAPER_LETTER ? ARCHC_PAPER_LETTER : ARCHC_PAPER_A4,
                             o->charts_dir, o->date, o->what_if};
  return pages_write(c, &in, &po, path);
}

int archc_report_write(archc *c, const char *path, const struct archc_report_options *o) {
  GUARD(c, report(c, path, o));
}

/* ---- the canonical layout ---- */

static int format_source(archc *c, const char *name, const char *text, size_t len,
                         const char **out, size_t *out_len) {
  *out = NULL;
  *out_len = 0;
  if (len > LIMIT_FILE_BYTES) {
    diag_plain(c, DIAG_ERROR, "'%s' is larger than %zu MiB", name, LIMIT_FILE_BYTES >> 20);
    return ARCHC_USAGE_ERROR;
  }
  uint32_t file = source_add(c, name, ".", NULL, arena_strndup(&c->arena, text, len), len);
  return fmt_source(c, file, out, out_len);
}

int archc_format_source(archc *c, const char *name, const char *text, size_t len,
                        const char **out, size_t *out_len) {
  GUARD(c, format_source(c, name, text, len, out, out_len));
}

static int format_file(archc *c, const char *path, int check, int *changed) {
  bool differs = false;
  int rc = fmt_file(c, path, check != 0, &differs);
  *changed = differs;
  return rc;
}

int archc_format_file(archc *c, const char *path, int check, int *changed) {
  GUARD(c, format_file(c, path, check, changed));
}

/* ---- the rules ---- */

static int list_rules(archc *c, FILE *out) {
  return c->model ? rules_list(c->model, out) : ARCHC_DESIGN_ERROR;
}

int archc_list_rules(archc *c, FILE *out) { GUARD(c, list_rules(c, out)); }

static int explain(archc *c, const char *rule, FILE *out) {
  return c->model ? rules_explain(c, c->model, rule, out) : ARCHC_DESIGN_ERROR;
}

int archc_explain(archc *c, const char *rule, FILE *out) { GUARD(c, explain(c, rule, out)); }
