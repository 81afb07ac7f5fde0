/*
 * load.c - reading sources: the standard library, the design, its imports.
 *
 * Each file is read whole into the arena (diagnostics quote from that same
 * buffer), parsed, and its top-level statements appended to the program.
 * Imports are followed depth-first after the importing file is parsed.  A
 * file reached again while it is still being loaded is an import cycle; a
 * file reached again later (a diamond) is simply skipped.
 *
 * Where files are looked for: an import first relative to the importing
 * file, then in the search path; the standard library (stdlib/prelude.arch)
 * only in the search path.  The search path is -I directories, then the
 * directories of ARCHC_PATH, then the installed stdlib, then the source
 * tree's stdlib (so a build runs without being installed).
 *
 * With restrict_imports (archc serve), an import must be a file inside the
 * first design's folder or a search path directory once every symbolic
 * link is followed: `../`, an absolute path elsewhere or a link that leads
 * out is an error at the import, so a design from elsewhere cannot make a
 * server read (and quote in its diagnostics) any file it can reach.
 */
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parser.h"
#include "lexer.h"

/* Read all of `f`; NULL with errno set on failure, or *too_big. */
static char *read_all(archc *c, FILE *f, size_t *len, bool *too_big) {
  size_t cap = 64 * 1024, n = 0;
  char *buf = malloc(cap);
  if (!buf) return NULL;
  for (;;) {
    if (n == cap) {
      if (cap > LIMIT_FILE_BYTES) {
        free(buf);
        *too_big = true;
        return NULL;
      }
      char *bigger = realloc(buf, cap * 2);
      if (!bigger) { free(buf); return NULL; }
      buf = bigger;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  if (ferror(f)) { free(buf); return NULL; }
  if (n > LIMIT_FILE_BYTES) { free(buf); *too_big = true; return NULL; }
  char *text = arena_strndup(&c->arena, buf, n);
  free(buf);
  *len = n;
  return text;
}

static const char *dir_of(archc *c, const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return ".";
  if (slash == path) return "/";
  return arena_strndup(&c->arena, path, (size_t)(slash - path));
}

static bool is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The search path, built on first use. */
static size_t search_path(archc *c, const char **dirs, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < c->opt.n_include_dirs && n < max; i++) dirs[n++] = c->opt.include_dirs[i];
  const char *env = getenv("ARCHC_PATH");
  while (env && *env && n < max) {
    const char *colon = strchr(env, ':');
    size_t len = colon ? (size_t)(colon - env) : strlen(env);
    if (len) dirs[n++] = arena_strndup(&c->arena, env, len);
    env = colon ? colon + 1 : NULL;
  }
  if (n < max) dirs[n++] = ARCHC_STDLIB_INSTALLED;
  if (n < max) dirs[n++] = ARCHC_STDLIB_SOURCE;
  return n;
}

const char *load_find(archc *c, const char *relative) {
  const char *dirs[64];
  size_t n = search_path(c, dirs, 64);
  struct stat st;
  for (size_t i = 0; i < n; i++) {
    const char *p = arena_printf(&c->arena, "%s/%s", dirs[i], relative);
    if (stat(p, &st) == 0) return p;
  }
  return NULL;
}

static uint32_t add_text(archc *c, const char *path, const char *text, size_t len) {
  char real[PATH_MAX];
  const char *canon = strcmp(path, "-") != 0 && realpath(path, real) ? real : NULL;
  return source_add(c, strcmp(path, "-") == 0 ? "<stdin>" : path,
                    strcmp(path, "-") == 0 ? "." : dir_of(c, path), canon, text, len);
}

/* Read `path` into a new source; reports and returns -1 on failure.  With
   `from`, the failure is reported at the import that asked for it. */
static int64_t read_source(archc *c, const char *path, const struct arch_loc *from) {
  bool std_in = strcmp(path, "-") == 0;
  FILE *f = std_in ? stdin : fopen(path, "rb");
  size_t len = 0;
  bool too_big = false;
  char *text = f ? read_all(c, f, &len, &too_big) : NULL;
  int err = errno;
  if (f && !std_in) fclose(f);
  if (!text) {
    if (too_big && from)
      diag_at(c, DIAG_ERROR, *from, "'%s' is larger than %zu MiB", path, LIMIT_FILE_BYTES >> 20);
    else if (too_big)
      diag_plain(c, DIAG_ERROR, "'%s' is larger than %zu MiB", path, LIMIT_FILE_BYTES >> 20);
    else if (from)
      diag_at(c, DIAG_ERROR, *from, "cannot read '%s': %s", path, strerror(err));
    else
      diag_plain(c, DIAG_ERROR, "cannot read '%s': %s", path, strerror(err));
    return -1;
  }
  return add_text(c, path, text, len);
}

static void append_program(archc *c, struct ast_stmt *list) {
  if (!c->program_end) c->program_end = &c->program;
  for (struct ast_stmt *s = list; s; s = s->next) {
    *c->program_end = s;
    c->program_end = &s->next;
  }
}

static int follow_imports(archc *c, uint32_t file, struct ast_stmt *list);

/* Is canonical path `real` inside canonical directory `dir`? */
static bool inside(const char *real, const char *dir) {
  size_t n = strlen(dir);
  if (n == 1 && dir[0] == '/') return true;
  return strncmp(real, dir, n) == 0 && real[n] == '/';
}

/* Whether canonical path `real` may be imported under restrict_imports:
   inside the design's folder or a directory of the search path. */
static bool import_allowed(archc *c, const char *real) {
  if (c->design_dir && c->design_dir[0] && inside(real, c->design_dir)) return true;
  const char *dirs[64];
  size_t n = search_path(c, dirs, 64);
  char dir[PATH_MAX];
  for (size_t i = 0; i < n; i++)
    if (realpath(dirs[i], dir) && inside(real, dir)) return true;
  return false;
}

/* Remembers the first design's folder, canonical, for restrict_imports. */
static void note_design_dir(archc *c, const char *dir) {
  char real[PATH_MAX];
  if (c->design_dir || !c->opt.restrict_imports) return;
  /* A folder that cannot be resolved allows nothing but the search path. */
  c->design_dir = realpath(dir, real) ? arena_strdup(&c->arena, real) : "";
}

/* Load the file an import names, relative to the importer, then the search path. */
static void load_import(archc *c, uint32_t importer, const struct ast_stmt *imp) {
  const char *name = imp->text;
  const char *found = NULL;
  if (name[0] == '/') {
    if (is_file(name)) found = name;
  } else {
    const char *local = arena_printf(&c->arena, "%s/%s", c->sources[importer].dir, name);
    if (strcmp(c->sources[importer].dir, ".") == 0) local = name;
    if (is_file(local)) found = local;
    const char *dirs[64];
    size_t n = found ? 0 : search_path(c, dirs, 64);
    for (size_t i = 0; i < n && !found; i++) {
      const char *p = arena_printf(&c->arena, "%s/%s", dirs[i], name);
      if (is_file(p)) found = p;
    }
  }
  if (!found) {
    diag_at(c, DIAG_ERROR, imp->text_loc, "cannot find '%s'", name);
    diag_help(c, "imports are relative to the importing file, then searched in -I "
                 "directories and ARCHC_PATH");
    return;
  }
  char real[PATH_MAX];
  bool resolved = realpath(found, real) != NULL;
  if (c->opt.restrict_imports && (!resolved || !import_allowed(c, real))) {
    diag_at(c, DIAG_ERROR, imp->text_loc, "import '%s' leads outside the design's folder", name);
    diag_help(c, "with --restrict-imports (always on for archc serve) imports stay inside "
                 "the design's folder and the -I, ARCHC_PATH and stdlib directories; copy "
                 "the file in, or pass its folder with -I");
    return;
  }
  if (resolved) {
    for (size_t i = 0; i < c->n_sources; i++) {
      if (!c->sources[i].real || strcmp(c->sources[i].real, real) != 0) continue;
      if (c->sources[i].loading) {
        diag_at(c, DIAG_ERROR, imp->text_loc, "import cycle: '%s' is still being loaded", name);
        diag_help(c, "'%s' imports '%s' (directly or through other files), so importing it "
                     "back makes a circle; remove one of the imports",
                  c->sources[i].path, c->sources[importer].path);
      }
      return;
    }
  }
  if (c->import_depth >= LIMIT_IMPORT_DEPTH) {
    diag_at(c, DIAG_ERROR, imp->text_loc, "imports nested deeper than %d files",
            LIMIT_IMPORT_DEPTH);
    return;
  }
  int64_t file = read_source(c, found, &imp->text_loc);
  if (file < 0) return;
  c->import_depth++;
  load_parse(c, (uint32_t)file);
  c->import_depth--;
}

static int follow_imports(archc *c, uint32_t file, struct ast_stmt *list) {
  for (struct ast_stmt *s = list; s && !c->stop; s = s->next)
    if (s->kind == STMT_IMPORT) load_import(c, file, s);
  return 0;
}

/* The syntax tree of source `file` into *out; false if the scanner could not start. */
static bool parse_source(archc *c, uint32_t file, struct ast_stmt **out) {
  /* A pasted Mermaid, PlantUML or D2 diagram gets one error, not one a line. */
  if (foreign_diagram(c, file)) {
    *out = NULL;
    return true;
  }
  struct lex_state ls = {0};
  ls.c = c;
  ls.file = file;
  yyscan_t scanner;
  if (yylex_init_extra(&ls, &scanner) != 0) {
    diag_plain(c, DIAG_ERROR, "cannot start the scanner");
    return false;
  }
  YY_BUFFER_STATE buf = yy_scan_bytes(c->sources[file].text, (int)c->sources[file].len, scanner);
  yyparse(scanner);
  yy_delete_buffer(buf, scanner);
  yylex_destroy(scanner);
  *out = ls.result;
  return true;
}

int load_syntax(archc *c, uint32_t file) {
  struct ast_stmt *tree;
  if (!parse_source(c, file, &tree)) return ARCHC_USAGE_ERROR;
  return c->n_errors ? ARCHC_DESIGN_ERROR : ARCHC_OK;
}

int64_t load_read(archc *c, const char *path) { return read_source(c, path, NULL); }

/* Parse source `file`, append its statements, then load what it imports. */
int load_parse(archc *c, uint32_t file) {
  struct ast_stmt *tree;
  if (!parse_source(c, file, &tree)) return ARCHC_USAGE_ERROR;

  /* Imports first: appending links this file's last statement to the next
     file's first, so the walk over its imports must come before. */
  c->sources[file].loading = true;
  follow_imports(c, file, tree);
  c->sources[file].loading = false;
  append_program(c, tree);
  return c->n_errors ? ARCHC_DESIGN_ERROR : ARCHC_OK;
}

/* A prelude's sources and statements, as if read here.  The sources keep
   the prelude's numbers (so its syntax tree's locations point at them) and
   share its text; the top-level statements are copied, because the
   program links each file's last statement to the next file's first, and
   what they hold is only read. */
static int use_prelude(archc *c, const archc *p) {
  for (size_t i = 0; i < p->n_sources; i++) {
    const struct source *s = &p->sources[i];
    source_add(c, s->path, s->dir, s->real, s->text, s->len);
  }
  for (const struct ast_stmt *s = p->program; s; s = s->next) {
    struct ast_stmt *copy = arena_alloc(&c->arena, sizeof *copy);
    *copy = *s;
    copy->next = NULL;
    append_program(c, copy);
  }
  return ARCHC_OK;
}

/* The standard library, once per compilation: from the prelude when the
   options give one and nothing was loaded yet (its locations number the
   sources from 0). */
int load_stdlib(archc *c) {
  c->stdlib_loaded = true;
  if (c->opt.no_stdlib) return ARCHC_OK;
  if (c->opt.prelude && c->n_sources == 0) return use_prelude(c, c->opt.prelude->c);
  const char *dirs[64];
  size_t n = search_path(c, dirs, 64);
  for (size_t i = 0; i < n; i++) {
    const char *p = arena_printf(&c->arena, "%s/prelude.arch", dirs[i]);
    if (!is_file(p)) continue;
    int64_t file = read_source(c, p, NULL);
    if (file < 0) return ARCHC_USAGE_ERROR;
    return load_parse(c, (uint32_t)file);
  }
  diag_plain(c, DIAG_ERROR, "cannot find the standard library (prelude.arch)");
  diag_help(c, "set ARCHC_PATH or pass -I with the directory that holds prelude.arch");
  return ARCHC_USAGE_ERROR;
}

int load_file(archc *c, const char *path) {
  if (!c->stdlib_loaded) {
    int rc = load_stdlib(c);
    if (rc == ARCHC_USAGE_ERROR) return rc;
  }
  int64_t file = read_source(c, path, NULL);
  if (file < 0) return ARCHC_USAGE_ERROR;
  note_design_dir(c, c->sources[file].dir);
  load_parse(c, (uint32_t)file);
  return c->n_errors ? ARCHC_DESIGN_ERROR : ARCHC_OK;
}

int load_buffer(archc *c, const char *name, const char *data, size_t len) {
  if (!c->stdlib_loaded) {
    int rc = load_stdlib(c);
    if (rc == ARCHC_USAGE_ERROR) return rc;
  }
  if (len > LIMIT_FILE_BYTES) {
    diag_plain(c, DIAG_ERROR, "'%s' is larger than %zu MiB", name, LIMIT_FILE_BYTES >> 20);
    return ARCHC_USAGE_ERROR;
  }
  char *text = arena_strndup(&c->arena, data, len);
  uint32_t file = source_add(c, name, ".", NULL, text, len);
  note_design_dir(c, ".");
  load_parse(c, file);
  return c->n_errors ? ARCHC_DESIGN_ERROR : ARCHC_OK;
}

/* Each --set TARGET.ATTR=VALUE is parsed as `workload { ATTR = VALUE }` from
   a source of its own, so its mistakes get the same diagnostics as the
   design's; sema.c applies it. */
int load_overrides(archc *c, const char *const *specs, size_t n_specs, struct override **out,
                   size_t *n_out) {
  size_t cap = 0;
  *out = NULL;
  *n_out = 0;
  for (size_t i = 0; i < n_specs; i++) {
    const char *spec = specs[i];
    const char *eq = strchr(spec, '=');
    const char *dot = eq ? spec + (eq - spec) : NULL;
    while (dot && dot > spec && *dot != '.') dot--;
    if (!eq || !dot || *dot != '.' || dot == spec || dot + 1 == eq) {
      diag_plain(c, DIAG_ERROR, "--set '%s' is not TARGET.ATTRIBUTE=VALUE", spec);
      diag_help(c, "for example --set workload.writes=1B/month or --set api.replicas=8");
      return ARCHC_USAGE_ERROR;
    }
    char *text = arena_printf(&c->arena, "workload { %.*s = %s }", (int)(eq - dot - 1), dot + 1,
                              eq + 1);
    uint32_t file = source_add(c, "--set", ".", NULL, text, strlen(text));
    struct lex_state ls = {0};
    ls.c = c;
    ls.file = file;
    yyscan_t scanner;
    if (yylex_init_extra(&ls, &scanner) != 0) return ARCHC_USAGE_ERROR;
    YY_BUFFER_STATE buf = yy_scan_bytes(text, (int)strlen(text), scanner);
    yyparse(scanner);
    yy_delete_buffer(buf, scanner);
    yylex_destroy(scanner);
    struct ast_stmt *s = ls.result;
    if (!s || s->kind != STMT_WORKLOAD || !s->attrs || s->attrs->next || s->next ||
        s->attrs->allow || !s->attrs->value) {
      if (!c->n_errors) diag_plain(c, DIAG_ERROR, "--set '%s' does not parse", spec);
      return ARCHC_USAGE_ERROR;
    }
    struct override o = {arena_strndup(&c->arena, spec, (size_t)(dot - spec)), s->attrs};
    ARENA_PUSH(&c->arena, out, n_out, &cap, o);
  }
  return c->n_errors ? ARCHC_DESIGN_ERROR : ARCHC_OK;
}
