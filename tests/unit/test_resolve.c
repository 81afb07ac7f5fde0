/*
 * test_resolve.c - name resolution: bare and qualified names, ambiguity,
 * suggestions, fan-out expansion, kinds and their inheritance, imports.
 *
 * Designs that need no stdlib kind declare `kind s` themselves and are
 * compiled without the standard library.
 */
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"

/* The help line that follows `error` in r's diagnostics, or NULL. */
#define near_rate(a, b) assert_true(fabs((a) - (b)) <= 1e-9 * fabs((double)(b)) + 1e-12)

static const char *help_after(const struct compiled *r, const char *error) {
  const char *e = strstr(r->diag, error);
  if (!e) fail_msg("no '%s' in:\n%s", error, r->diag);
  const char *h = strstr(e, "  help: ");
  const char *next = strstr(e + 1, ": error: ");
  return h && (!next || h < next) ? h : NULL;
}

/* The help line after `error` is exactly `help` ("  help: ...\n"). */
static void assert_help(const struct compiled *r, const char *error, const char *help) {
  const char *h = help_after(r, error);
  if (!h || strncmp(h, help, strlen(help)) != 0)
    fail_msg("after '%s' expected '%s' in:\n%s", error, help, r->diag);
}

/* The help line after `error`, without its newline, into `out`. */
static const char *help_line(const struct compiled *r, const char *error, char *out, size_t size) {
  const char *h = help_after(r, error);
  if (!h) fail_msg("no help after '%s' in:\n%s", error, r->diag);
  snprintf(out, size, "%.*s", (int)(strchr(h, '\n') - h), h);
  return out;
}

static void assert_edge(const struct compiled *r, size_t i, const char *from, const char *to) {
  const struct arch_model *m = r->c->partial_model;
  assert_true(i < m->n_edges);
  assert_string_equal(m->components[m->edges[i].from].path, from);
  assert_string_equal(m->components[m->edges[i].to].path, to);
}

/* ---- names ---- */

static void bare_and_qualified_names(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r,
               "kind s\n"
               "region us \"US\" { zone a { s api } }\n"
               "s web\n"
               "web -> api\n"
               "web -> us.a.api\n", 1);
  assert_int_equal(r.rc, ARCHC_OK);
  const struct arch_model *m = r.c->partial_model;
  assert_int_equal(m->n_components, 2);
  const struct arch_component *api = component(&r, "us.a.api");
  assert_non_null(api);
  assert_string_equal(api->name, "api");
  const struct arch_group *zone = &m->groups[api->group];
  assert_string_equal(zone->path, "us.a");
  assert_int_equal(zone->type, GROUP_ZONE);
  assert_int_equal(zone->depth, 1);
  assert_string_equal(m->groups[zone->parent].path, "us");
  assert_int_equal(m->groups[zone->parent].type, GROUP_REGION);
  assert_int_equal(m->groups[zone->parent].parent, -1);
  assert_int_equal(component(&r, "web")->group, -1);
  /* Both spellings reach the same component. */
  assert_int_equal(m->n_edges, 2);
  assert_edge(&r, 0, "web", "us.a.api");
  assert_edge(&r, 1, "web", "us.a.api");
  compiled_free(&r);
}

static void a_top_level_name_is_its_own_qualified_name(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r,
               "kind s\n"
               "s api\n"
               "region us { zone a1 { s api } }\n"
               "s web\n"
               "web -> api\n"
               "web -> us.a1.api\n", 1);
  assert_int_equal(r.rc, ARCHC_OK);
  assert_edge(&r, 0, "web", "api");
  assert_edge(&r, 1, "web", "us.a1.api");
  compiled_free(&r);
}

static void ambiguous_bare_name_lists_candidates(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r,
               "kind s\n"
               "region us { s api }\n"
               "region eu { zone z { s api } }\n"
               "s web\n"
               "web -> api\n"      /* line 5: ambiguous */
               "web -> eu.z.api\n", 1);
  assert_int_equal(r.rc, ARCHC_DESIGN_ERROR);
  assert_int_equal(archc_errors(r.c), 1);   /* the qualified name is fine */
  assert_non_null(strstr(r.diag, "t.arch:5:8: error: 'api' is ambiguous\n"
                                 "   5 | web -> api\n"
                                 "     |        ^~~\n"));
  char help[512];
  help_line(&r, "'api' is ambiguous", help, sizeof help);
  assert_true(strncmp(help, "  help: write one of '", 22) == 0);
  assert_int_equal(count_of(help, "'us.api'"), 1);
  assert_int_equal(count_of(help, "'eu.z.api'"), 1);
  assert_int_equal(count_of(help, "api'"), 2);
  assert_null(strstr(help, "..."));
  compiled_free(&r);
}

static void ambiguity_with_many_candidates_shows_five(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r,
               "kind s\n"
               "region a { s api }\nregion b { s api }\nregion c { s api }\n"
               "region d { s api }\nregion e { s api }\nregion f { s api }\n"
               "s web\nweb -> api\n", 1);
  char help[512];
  help_line(&r, "'api' is ambiguous", help, sizeof help);
  assert_int_equal(count_of(help, ".api'"), 5);   /* of six */
  assert_true(strlen(help) > 5 && strcmp(help + strlen(help) - 5, ", ...") == 0);
  compiled_free(&r);
}

static void ambiguity_with_exactly_five_candidates(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r,
               "kind s\n"
               "region a { s api }\nregion b { s api }\nregion c { s api }\n"
               "region d { s api }\nregion e { s api }\n"
               "s web\nweb -> api\n", 1);
  char help[512];
  help_line(&r, "'api' is ambiguous", help, sizeof help);
  assert_int_equal(count_of(help, ".api'"), 5);
  assert_null(strstr(help, "..."));
  compiled_free(&r);
}

static void unknown_component_suggests_the_nearest(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r,
               "kind s\n"
               "s api\n"
               "s links_db\n"
               "region us { zone a { s cache } }\n"
               "api -> links_dbb\n"   /* line 5: one letter too many */
               "api -> us.cache\n"    /* line 6: the zone is missing */
               "api -> zzz\n"         /* line 7: nothing close */
               "api -> us.a\n"        /* line 8: a zone */
               "api -> us\n", 1);     /* line 9: a region */
  assert_int_equal(r.rc, ARCHC_DESIGN_ERROR);
  assert_int_equal(archc_errors(r.c), 5);
  assert_int_equal(r.c->partial_model->n_edges, 0);
  assert_non_null(strstr(r.diag, "t.arch:5:8: error: unknown component 'links_dbb'\n"
                                 "   5 | api -> links_dbb\n"
                                 "     |        ^~~~~~~~~\n"
                                 "  help: did you mean 'links_db'?\n"));
  assert_non_null(strstr(r.diag, "t.arch:6:8: error: unknown component 'us.cache'\n"));
  assert_help(&r, "unknown component 'us.cache'", "  help: did you mean 'us.a.cache'?\n");
  assert_non_null(strstr(r.diag, "t.arch:7:8: error: unknown component 'zzz'\n"));
  assert_null(help_after(&r, "unknown component 'zzz'"));
  assert_non_null(strstr(r.diag, "t.arch:8:8: error: 'us.a' is a zone; edges connect components"));
  assert_non_null(strstr(r.diag, "t.arch:9:8: error: 'us' is a region; edges connect components"));
  compiled_free(&r);
}

static void duplicate_names(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r,
               "kind s\n"
               "s a\n"
               "s a\n"
               "region us { s a }\n"   /* us.a: a different component */
               "region us { }\n"
               "region eu { }\n"
               "s eu\n", 1);
  assert_int_equal(r.rc, ARCHC_DESIGN_ERROR);
  assert_int_equal(archc_errors(r.c), 3);
  assert_non_null(strstr(r.diag, "t.arch:3:3: error: duplicate component 'a'\n"));
  assert_non_null(strstr(r.diag, "t.arch:2:3: note: 'a' was first declared here\n"));
  assert_non_null(strstr(r.diag, "t.arch:5:8: error: duplicate region 'us'\n"));
  assert_non_null(strstr(r.diag, "t.arch:7:3: error: 'eu' is already the name of a region\n"));
  assert_non_null(component(&r, "us.a"));
  compiled_free(&r);
}

static void a_group_after_a_component_of_the_same_path(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "kind s\nregion eu { s x\n region x { s y } }\n", 1);
  assert_int_equal(r.rc, ARCHC_DESIGN_ERROR);
  assert_non_null(strstr(r.diag, "'eu.x' is already the name of"));
  compiled_free(&r);
}

/* ---- edges ---- */

static void fan_out_and_fan_in_expand(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r,
               "kind s\n"
               "s a; s b; s c; s d; s e\n"
               "{a, b} -> {c, d, e}\n"   /* 2 x 3 = 6 */
               "a -> {b, c} -> d\n"      /* 2 + 2 = 4 */
               "{a, b} -> c -> d\n", 1); /* 2 + 1 = 3 */
  assert_int_equal(r.rc, ARCHC_OK);
  assert_int_equal(r.c->partial_model->n_edges, 13);
  static const char *const want[13][2] = {
    {"a", "c"}, {"a", "d"}, {"a", "e"}, {"b", "c"}, {"b", "d"}, {"b", "e"},
    {"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"},
    {"a", "c"}, {"b", "c"}, {"c", "d"}};
  for (size_t i = 0; i < 13; i++) assert_edge(&r, i, want[i][0], want[i][1]);
  compiled_free(&r);
}

static void every_expanded_edge_gets_the_attributes(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r,
               "kind s\n"
               "s a; s b; s c\n"
               "a -> {b, c} [async, fraction = 30%, calls = 2, protocol = grpc] : \"x\"\n"
               "b -> c [reads]\n"
               "c -> a [writes, label = \"y\", weight = 3]\n", 1);
  assert_int_equal(r.rc, ARCHC_OK);
  const struct arch_model *m = r.c->partial_model;
  assert_int_equal(m->n_edges, 4);
  for (size_t i = 0; i < 2; i++) {
    const struct arch_edge *e = &m->edges[i];
    assert_true(e->async);
    assert_true(e->fraction == 0.3);
    assert_true(e->calls == 2);
    assert_string_equal(e->protocol, "grpc");
    assert_string_equal(e->label, "x");
    assert_true(e->reads && e->writes);   /* neither flag: both */
  }
  assert_edge(&r, 0, "a", "b");
  assert_edge(&r, 1, "a", "c");
  const struct arch_edge *e = &m->edges[2];
  assert_true(e->reads && !e->writes);
  assert_false(e->async);
  assert_true(e->fraction == 1 && e->calls == 1 && e->weight == 1);  /* defaults */
  assert_null(e->label);
  e = &m->edges[3];
  assert_true(!e->reads && e->writes);
  assert_string_equal(e->label, "y");
  assert_true(e->weight == 3);
  compiled_free(&r);
}

static void a_fan_out_onto_itself(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r, "kind s\ns a; s b; s c\n{a, b} -> {b, c}\n", 1);
  assert_int_equal(r.rc, ARCHC_DESIGN_ERROR);
  assert_int_equal(archc_errors(r.c), 1);
  assert_non_null(strstr(r.diag, "t.arch:3:1: error: 'b' is connected to itself\n"));
  /* The other three pairs are still made. */
  assert_int_equal(r.c->partial_model->n_edges, 3);
  assert_edge(&r, 0, "a", "b");
  assert_edge(&r, 1, "a", "c");
  assert_edge(&r, 2, "b", "c");
  compiled_free(&r);
}

/* ---- kinds ---- */

static void user_kinds_inherit(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r,
               "kind search_cluster : database { capacity = 2k rps }\n"
               "kind tiny_search : search_cluster { latency = 1 ms }\n"
               "kind edge_cache : service { role = cache }\n"
               "kind plain\n"
               "search_cluster idx { replicas = 3 }\n"
               "search_cluster big { capacity = 3k rps }\n"
               "tiny_search small\n"
               "edge_cache ec\n"
               "plain p\n", 0);
  assert_int_equal(r.rc, ARCHC_OK);
  const struct arch_kind *database = kind_named(&r, "database");
  const struct arch_kind *cluster = kind_named(&r, "search_cluster");
  const struct arch_kind *tiny = kind_named(&r, "tiny_search");
  assert_non_null(database);
  assert_ptr_equal(cluster->base, database);
  assert_ptr_equal(tiny->base, cluster);

  /* search_cluster: role and shape from database, its own capacity. */
  const struct arch_component *idx = component(&r, "idx");
  assert_ptr_equal(idx->kind, cluster);
  assert_int_equal(cluster->role, ROLE_STORE);
  const struct arch_value *shape = arch_component_attr(idx, "shape");
  assert_non_null(shape);
  assert_string_equal(shape->str, "cylinder");
  assert_true(arch_component_number(idx, "capacity", 0) == 2000);
  assert_true(arch_component_number(idx, "latency", 0) == 0.005);     /* database's 5 ms */
  assert_true(arch_component_number(idx, "replicas", 0) == 3);
  /* The base keeps its own figure: stdlib's database is 1k rps. */
  struct arch_component on_database = {0};
  on_database.kind = database;
  assert_true(arch_component_number(&on_database, "capacity", 0) == 1000);

  /* The component's own attribute beats its kind's. */
  assert_true(arch_component_number(component(&r, "big"), "capacity", 0) == 3000);

  /* Two levels down: everything still arrives. */
  const struct arch_component *small = component(&r, "small");
  assert_int_equal(tiny->role, ROLE_STORE);
  assert_true(arch_component_number(small, "capacity", 0) == 2000);
  assert_true(arch_component_number(small, "latency", 0) == 0.001);
  assert_string_equal(arch_component_attr(small, "shape")->str, "cylinder");
  assert_true(arch_kind_is(tiny, database));
  assert_false(arch_kind_is(database, tiny));

  /* A role of its own replaces the base's; the look is still inherited. */
  assert_int_equal(kind_named(&r, "edge_cache")->role, ROLE_CACHE);
  assert_int_equal(kind_named(&r, "service")->role, ROLE_SERVICE);
  assert_string_equal(arch_component_attr(component(&r, "ec"), "shape")->str, "box");

  assert_int_equal(kind_named(&r, "plain")->role, ROLE_NONE);
  assert_null(arch_component_attr(component(&r, "p"), "shape"));
  compiled_free(&r);
}

static void kind_errors(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r,
               "kind a : b\n"
               "kind b : a\n"
               "kind c : databse\n"
               "kind d { role = stroe }\n"
               "servce x\n"
               "frobnicator y\n"
               "kind database\n"
               "kind service\n", 1);
  assert_int_equal(r.rc, ARCHC_DESIGN_ERROR);
  assert_non_null(strstr(r.diag, "error: kind 'a' inherits from itself"));
  assert_non_null(strstr(r.diag, "t.arch:3:10: error: unknown kind 'databse'\n"));
  assert_help(&r, "unknown kind 'databse'", "  help: did you mean 'database'?\n");
  assert_non_null(strstr(r.diag, "t.arch:4:10: error: unknown role 'stroe'\n"));
  assert_help(&r, "unknown role 'stroe'", "  help: did you mean 'store'?\n");
  assert_non_null(strstr(r.diag, "t.arch:5:1: error: unknown kind 'servce'\n"));
  assert_help(&r, "unknown kind 'servce'", "  help: did you mean 'service'?\n");
  assert_non_null(strstr(r.diag, "t.arch:6:1: error: unknown kind 'frobnicator'\n"));
  assert_help(&r, "unknown kind 'frobnicator'",
              "  help: declare it with 'kind frobnicator : service { ... }'\n");
  compiled_free(&r);
}

/* ---- imports ---- */

/* `dir` after `paths`: with it first, gcc 12 cannot see that formatting
   `dir` into a path does not overlap it (-Wrestrict). */
struct tree {
  char paths[8][PATH_MAX];
  char dir[64];
  size_t n;
};

static const char *put_file(struct tree *t, const char *rel, const char *text) {
  if (t->n >= sizeof t->paths / sizeof t->paths[0]) abort();  /* cmocka reports it */
  char *path = t->paths[t->n++];
  snprintf(path, PATH_MAX, "%s/%s", t->dir, rel);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  return path;
}

static void remove_tree(struct tree *t) {
  while (t->n > 0) unlink(t->paths[--t->n]);
  char sub[128];
  snprintf(sub, sizeof sub, "%s/lib", t->dir);
  rmdir(sub);
  rmdir(t->dir);
}

static void make_tree(struct tree *t) {
  memset(t, 0, sizeof *t);
  strcpy(t->dir, "/tmp/archc-resolve-XXXXXX");
  assert_non_null(mkdtemp(t->dir));
  char sub[128];
  snprintf(sub, sizeof sub, "%s/lib", t->dir);
  assert_int_equal(mkdir(sub, 0700), 0);
}

/* Load and resolve the file at `path`, with the standard library. */
static void compile_file(struct compiled *r, const char *path) {
  memset(r, 0, sizeof *r);
  r->sink = open_memstream(&r->diag, &r->diag_len);
  struct archc_options o = {0};
  o.diagnostics = r->sink;
  r->c = archc_new(&o);
  r->rc = archc_load_file(r->c, path);
  if (r->rc == ARCHC_OK) r->rc = archc_resolve(r->c);
  fflush(r->sink);
}

static void imports_are_relative_to_the_importing_file(void **state) {
  (void)state;
  struct tree t;
  make_tree(&t);
  /* main imports lib/kinds.arch, which imports "base.arch": that is
     lib/base.arch, not the decoy next to main.  lib/base.arch and
     lib/other.arch both import lib/common.arch (a diamond: loaded once). */
  const char *main_path = put_file(&t, "main.arch",
                                   "import \"lib/kinds.arch\"\n"
                                   "import \"lib/other.arch\"\n"
                                   "fast api\n"
                                   "shared w\n");
  put_file(&t, "lib/kinds.arch", "import \"base.arch\"\nkind fast : base_fast\n");
  put_file(&t, "lib/base.arch",
           "import \"common.arch\"\nkind base_fast : service { capacity = 9k rps }\n");
  put_file(&t, "lib/other.arch", "import \"common.arch\"\n");
  put_file(&t, "lib/common.arch", "kind shared : worker\n");
  put_file(&t, "base.arch", "kind base_fast : service { capacity = 1 rps }\n");
  put_file(&t, "common.arch", "kind shared : cache\n");

  struct compiled r;
  compile_file(&r, main_path);
  if (r.rc != ARCHC_OK) fail_msg("%s", r.diag);
  assert_int_equal(archc_errors(r.c), 0);
  assert_true(arch_component_number(component(&r, "api"), "capacity", 0) == 9000);
  assert_int_equal(kind_named(&r, "shared")->role, ROLE_WORKER);
  int common = 0;
  for (size_t i = 0; i < r.c->n_sources; i++) {
    const char *p = r.c->sources[i].path;
    size_t n = strlen(p);
    common += n >= 15 && strcmp(p + n - 15, "lib/common.arch") == 0;
  }
  assert_int_equal(common, 1);
  compiled_free(&r);
  remove_tree(&t);
}

static void import_cycles(void **state) {
  (void)state;
  struct tree t;
  make_tree(&t);
  const char *self = put_file(&t, "self.arch", "import \"self.arch\"\nkind k\n");
  const char *a = put_file(&t, "a.arch", "import \"lib/b.arch\"\nkind ka\n");
  put_file(&t, "lib/b.arch", "import \"../a.arch\"\nkind kb\n");

  struct compiled r;
  compile_file(&r, self);
  assert_int_equal(r.rc, ARCHC_DESIGN_ERROR);
  assert_int_equal(archc_errors(r.c), 1);
  assert_non_null(strstr(r.diag, "self.arch:1:8: error: import cycle: 'self.arch' is still being loaded\n"));
  compiled_free(&r);

  compile_file(&r, a);
  assert_int_equal(r.rc, ARCHC_DESIGN_ERROR);
  assert_int_equal(archc_errors(r.c), 1);
  /* Reported in lib/b.arch, at the import that closes the circle. */
  assert_non_null(strstr(r.diag, "lib/b.arch:1:8: error: import cycle: '../a.arch' is still being loaded\n"));
  const char *help = help_after(&r, "import cycle");
  assert_non_null(help);
  assert_non_null(strstr(help, "a.arch' imports '"));
  assert_non_null(strstr(help, "b.arch' (directly or through other files)"));
  compiled_free(&r);
  remove_tree(&t);
}

static void import_errors(void **state) {
  (void)state;
  struct tree t;
  make_tree(&t);
  const char *main_path = put_file(&t, "main.arch", "kind k\nimport \"nope.arch\"\n");
  struct compiled r;
  compile_file(&r, main_path);
  assert_int_equal(r.rc, ARCHC_DESIGN_ERROR);
  assert_non_null(strstr(r.diag, "main.arch:2:8: error: cannot find 'nope.arch'\n"));
  assert_non_null(strstr(r.diag, "  help: imports are relative to the importing file, then "
                                 "searched in -I directories and ARCHC_PATH\n"));
  compiled_free(&r);
  remove_tree(&t);

  compile_text(&r, "region r {\n  import \"x.arch\"\n}\n", 1);
  assert_int_equal(r.rc, ARCHC_DESIGN_ERROR);
  assert_non_null(strstr(r.diag,
                         "t.arch:2:3: error: 'import' belongs at the top level, not inside a group\n"));
  assert_null(strstr(r.diag, "cannot find"));   /* and it is not followed */
  compiled_free(&r);
}

/* The options' include directories and overrides are read when loading and
   resolving, after archc_new: a caller's temporary strings must do. */
static void the_options_are_copied(void **state) {
  (void)state;
  struct tree t;
  make_tree(&t);
  put_file(&t, "platform.arch", "kind fast : service { capacity = 9k rps }\n");
  char dir[sizeof t.dir], set[32];
  strcpy(dir, t.dir);
  strcpy(set, "api.replicas=3");
  const char *dirs[] = {dir}, *sets[] = {set};
  struct archc_options o = {0};
  o.include_dirs = dirs;
  o.n_include_dirs = 1;
  o.overrides = sets;
  o.n_overrides = 1;
  o.quiet = 1;
  archc *c = archc_new(&o);
  strcpy(dir, "/nonexistent");
  strcpy(set, "api.replicas=oops");
  dirs[0] = sets[0] = NULL;
  const char *text = "import \"platform.arch\"\nfast api\n";
  assert_int_equal(archc_load_buffer(c, TEST_FILE, text, strlen(text)), ARCHC_OK);
  assert_int_equal(archc_resolve(c), ARCHC_OK);
  long api = archc_find_component(c, "api");
  assert_true(api >= 0);
  assert_true(arch_component_number(&c->model->components[api], "capacity", 0) == 9000);
  assert_true(arch_component_number(&c->model->components[api], "replicas", 0) == 3);
  archc_free(c);
  remove_tree(&t);
}

/* A --set that names no component or no attribute is a usage error, through
   the options and through a what-if alike; an attribute the design (or its
   kind) already sets may be overridden, since a rule may read it. */
static void an_override_must_name_something(void **state) {
  (void)state;
  const char *text = "kind tiered : service { tier = 1 }\n"
                     "tiered api { owner = 2 }\n";
  const char *cases[][2] = {{"api.replica=3", "u"}, {"apx.replicas=3", "u"},
                            {"api.tier=2", "ok"}, {"api.owner=3", "ok"},
                            {"api.replicas=3", "ok"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int want = strcmp(cases[i][1], "ok") == 0 ? ARCHC_OK : ARCHC_USAGE_ERROR;
    const char *sets[] = {cases[i][0]};
    struct archc_options o = {0};
    o.overrides = sets;
    o.n_overrides = 1;
    o.quiet = 1;
    archc *c = archc_new(&o);
    assert_int_equal(archc_load_buffer(c, TEST_FILE, text, strlen(text)), ARCHC_OK);
    assert_int_equal(archc_resolve(c), want);
    archc_free(c);

    o.overrides = NULL;
    o.n_overrides = 0;
    c = archc_new(&o);
    assert_int_equal(archc_load_buffer(c, TEST_FILE, text, strlen(text)), ARCHC_OK);
    assert_int_equal(archc_resolve(c), ARCHC_OK);
    struct archc_what_if w = {0};
    w.overrides = sets;
    w.n_overrides = 1;
    archc_estimate *e;
    assert_int_equal(archc_estimate_run(c, &w, &e), want);
    archc_free(c);
  }
}

/* ---- flows ---- */

static const struct arch_flow *flow_named(const struct compiled *r, const char *name) {
  const struct arch_model *m = r->c->partial_model;
  for (size_t i = 0; m && i < m->n_flows; i++)
    if (strcmp(m->flows[i].name, name) == 0) return &m->flows[i];
  return NULL;
}

/* Without flows: the reads and the writes, from every client, over the
   edges of their class. */
static void a_design_without_flows_has_two_implicit_ones(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r,
               "workload { reads = 100 rps; writes = 10 rps }\n"
               "client web\nclient app\nservice api\ndatabase db\ncache c\n"
               "{web, app} -> api\napi -> c -> db [reads]\napi -> db [writes]\n", 0);
  assert_int_equal(r.rc, ARCHC_OK);
  const struct arch_model *m = r.c->partial_model;
  assert_int_equal(m->n_flows, 2);
  const struct arch_flow *reads = &m->flows[0], *writes = &m->flows[1];
  assert_true(reads->implicit && writes->implicit);
  assert_string_equal(reads->name, "reads");
  assert_false(reads->writes);
  assert_true(writes->writes);
  assert_int_equal(reads->n_from, 2);
  near_rate(reads->rate, 100);
  near_rate(writes->rate, 10);
  /* web->api, app->api, api->c, c->db carry reads; api->db only writes. */
  assert_int_equal(reads->n_steps, 4);
  assert_int_equal(writes->n_steps, 3);
  assert_int_equal(writes->steps[2].edge, 4);
  compiled_free(&r);
}

/* Flows share the design's edges: the top-level one, else one an earlier
   flow declared; a flow's own brackets change only its steps. */
static void flows_share_edges_and_keep_their_attributes(void **state) {
  (void)state;
  struct compiled r;
  compile_text(&r,
               "workload { writes = 10 rps }\n"
               "client web\nservice api\ndatabase db\ncache c\n"
               "api -> db [writes, timeout = 2 s]\n"
               "flow put { from = web; class = write; share = 50%; web -> api -> db }\n"
               "flow get { from = web; rate = 3 * put.rate\n"
               "  web -> api [calls = 2]\n  api -> {c, db} }\n", 0);
  assert_int_equal(r.rc, ARCHC_OK);
  const struct arch_model *m = r.c->partial_model;
  assert_int_equal(m->n_flows, 2);
  assert_int_equal(m->n_edges, 3);   /* api->db, web->api (put), api->c (get) */
  const struct arch_flow *put = flow_named(&r, "put"), *get = flow_named(&r, "get");
  assert_false(put->implicit);
  near_rate(put->rate, 5);
  near_rate(put->share, 0.5);
  near_rate(get->rate, 15);
  assert_int_equal(put->n_steps, 2);
  assert_int_equal(put->steps[0].edge, 1);
  assert_int_equal(put->steps[1].edge, 0);
  near_rate(put->steps[1].timeout, 2);
  assert_int_equal(get->n_steps, 3);
  assert_int_equal(get->steps[0].edge, 1);
  near_rate(get->steps[0].calls, 2);
  near_rate(m->edges[1].calls, 1);
  assert_int_equal(get->steps[1].edge, 2);
  assert_int_equal(get->steps[2].edge, 0);
  compiled_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(bare_and_qualified_names),
    cmocka_unit_test(a_top_level_name_is_its_own_qualified_name),
    cmocka_unit_test(ambiguous_bare_name_lists_candidates),
    cmocka_unit_test(ambiguity_with_many_candidates_shows_five),
    cmocka_unit_test(ambiguity_with_exactly_five_candidates),
    cmocka_unit_test(unknown_component_suggests_the_nearest),
    cmocka_unit_test(duplicate_names),
    cmocka_unit_test(a_group_after_a_component_of_the_same_path),
    cmocka_unit_test(fan_out_and_fan_in_expand),
    cmocka_unit_test(every_expanded_edge_gets_the_attributes),
    cmocka_unit_test(a_fan_out_onto_itself),
    cmocka_unit_test(user_kinds_inherit),
    cmocka_unit_test(kind_errors),
    cmocka_unit_test(imports_are_relative_to_the_importing_file),
    cmocka_unit_test(import_cycles),
    cmocka_unit_test(import_errors),
    cmocka_unit_test(the_options_are_copied),
    cmocka_unit_test(an_override_must_name_something),
    cmocka_unit_test(a_design_without_flows_has_two_implicit_ones),
    cmocka_unit_test(flows_share_edges_and_keep_their_attributes),
  };
  return cmocka_run_group_tests_name("resolve", tests, NULL, NULL);
}
