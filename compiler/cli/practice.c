/*
 * practice.c - `archc practice`: system-design interview practice
 * (docs/practice.md).
 *
 * The prompts are data, stdlib/practice/NAME.arch, found the way the
 * standard library is (archc_find_path): each is the starter itself, a
 * leading block of `// key: value` comments (title, difficulty, summary,
 * source), the prompt and the interview's steps as comments, and its
 * `requirements` block.  stdlib/practice/answers/NAME.arch is a model
 * design for it.  The scorecard is the library's (ARCHC_SCORECARD); this
 * file only finds files, runs the stages and writes.
 *
 * One function per subcommand, in the table `subcommands`.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

enum { MAX_PROMPTS = 64, META_LEN = 256 };

struct prompt {
  char name[64];
  char title[META_LEN], difficulty[32], summary[META_LEN];
};

__attribute__((format(printf, 1, 2)))
static int fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("archc: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  return ARCHC_USAGE_ERROR;
}

/* A compilation only to find files with (the search path's options). */
static archc *finder(const struct request *r) {
  struct archc_options o = library_options(r, false);
  return archc_new(&o);
}

/* The value of `// key: value` in the leading comment block of `path`. */
static void read_meta(const char *path, struct prompt *p) {
  FILE *f = fopen(path, "r");
  if (!f) return;
  char line[1024];
  while (fgets(line, sizeof line, f) && strncmp(line, "//", 2) == 0) {
    line[strcspn(line, "\n")] = '\0';
    const char *text = line + 2 + strspn(line + 2, " ");
    struct { const char *key; char *out; size_t size; } keys[] = {
      {"title: ", p->title, sizeof p->title},
      {"difficulty: ", p->difficulty, sizeof p->difficulty},
      {"summary: ", p->summary, sizeof p->summary}};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
      if (strncmp(text, keys[i].key, strlen(keys[i].key)) == 0)
        snprintf(keys[i].out, keys[i].size, "%s", text + strlen(keys[i].key));
  }
  fclose(f);
}

static int by_name(const void *a, const void *b) {
  return strcmp(((const struct prompt *)a)->name, ((const struct prompt *)b)->name);
}

/* The prompts in the practice directory, sorted by name. */
static int list_prompts(archc *c, struct prompt *out, size_t *n, const char **dir) {
  *n = 0;
  if (archc_find_path(c, "practice", dir) != ARCHC_OK)
    return fail("no practice prompts: stdlib/practice is in none of the search path's "
                "directories (-I, ARCHC_PATH, the installed stdlib)");
  DIR *d = opendir(*dir);
  if (!d) return fail("cannot read '%s': %s", *dir, strerror(errno));
  struct dirent *e;
  while ((e = readdir(d)) && *n < MAX_PROMPTS) {
    size_t len = strlen(e->d_name);
    if (len < 6 || len - 5 >= sizeof out->name || strcmp(e->d_name + len - 5, ".arch") != 0)
      continue;
    struct prompt *p = &out[(*n)++];
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%.*s", (int)(len - 5), e->d_name);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", *dir, e->d_name);
    read_meta(path, p);
  }
  closedir(d);
  qsort(out, *n, sizeof *out, by_name);
  return ARCHC_OK;
}

/* The file of prompt (or answer) `name`, in *path (malloc'd); a usage
   error with a did-you-mean when there is none. */
static int find_prompt(const struct request *r, const char *name, bool answer, char **path) {
  archc *c = finder(r);
  if (!c) return ARCHC_USAGE_ERROR;
  struct prompt prompts[MAX_PROMPTS];
  size_t n;
  const char *dir;
  int rc = list_prompts(c, prompts, &n, &dir);
  const char *names[MAX_PROMPTS];
  bool found = false;
  for (size_t i = 0; i < n; i++) {
    names[i] = prompts[i].name;
    found |= strcmp(prompts[i].name, name) == 0;
  }
  if (rc == ARCHC_OK && !found) {
    const char *best = archc_suggest(name, names, n);
    fprintf(stderr, "archc: error: no practice prompt '%s'\n", name);
    if (best) fprintf(stderr, "  help: did you mean '%s'?\n", best);
    else fputs("  help: 'archc practice list' lists them\n", stderr);
    rc = ARCHC_USAGE_ERROR;
  }
  if (rc == ARCHC_OK) {
    size_t size = strlen(dir) + strlen(name) + 32;
    *path = malloc(size);
    if (*path) snprintf(*path, size, "%s/%s%s.arch", dir, answer ? "answers/" : "", name);
    else rc = ARCHC_USAGE_ERROR;
  }
  archc_free(c);
  return rc;
}

/* Copies `from` to `to` ("-": standard output); with `fresh`, never over
   an existing file.  Written to a temporary name and renamed, so a failure
   leaves no half-written file. */
static int copy_file(const char *from, const char *to, bool fresh) {
  FILE *in = fopen(from, "rb");
  if (!in) return fail("cannot read '%s': %s", from, strerror(errno));
  char *data = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&data, &len);
  char buf[8192];
  size_t k;
  while (mem && (k = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, k, mem);
  fclose(in);
  if (!mem || fclose(mem) != 0) {
    free(data);
    return fail("out of memory");
  }
  int rc = ARCHC_OK;
  struct stat st;
  if (strcmp(to, "-") == 0) {
    if (fwrite(data, 1, len, stdout) != len) rc = fail("cannot write to standard output");
  } else if (fresh && stat(to, &st) == 0) {
    rc = fail("'%s' already exists; give another with -o FILE", to);
  } else {
    size_t size = strlen(to) + 16;
    char *tmp = malloc(size);
    FILE *out = NULL;
    if (tmp) {
      snprintf(tmp, size, "%s.tmp-XXXXXX", to);
      int fd = mkstemp(tmp);
      out = fd >= 0 ? fdopen(fd, "wb") : NULL;
    }
    bool ok = out && fwrite(data, 1, len, out) == len;
    if (out && fclose(out) != 0) ok = false;
    if (ok && rename(tmp, to) != 0) ok = false;
    if (!ok) {
      if (tmp) remove(tmp);
      rc = fail("cannot write '%s': %s", to, strerror(errno));
    }
    free(tmp);
  }
  free(data);
  return rc;
}

/* ---- the subcommands ---- */

static int practice_list(const struct request *r, const char *arg) {
  (void)arg;
  archc *c = finder(r);
  if (!c) return ARCHC_USAGE_ERROR;
  struct prompt prompts[MAX_PROMPTS];
  size_t n;
  const char *dir;
  int rc = list_prompts(c, prompts, &n, &dir);
  if (rc == ARCHC_OK) {
    printf("%-16s %-8s %s\n", "prompt", "level", "summary");
    for (size_t i = 0; i < n; i++)
      printf("%-16s %-8s %s\n", prompts[i].name, prompts[i].difficulty, prompts[i].summary);
    printf("\n'archc practice start NAME' writes NAME.arch: the prompt, its requirements and the\n"
           "interview's steps.  'archc practice check NAME.arch' scores your design.\n");
  }
  archc_free(c);
  return rc;
}

static int practice_start(const struct request *r, const char *name) {
  char *path = NULL;
  int rc = find_prompt(r, name, false, &path);
  if (rc != ARCHC_OK) return rc;
  char own[128];
  snprintf(own, sizeof own, "%s.arch", name);
  const char *to = r->output ? r->output : own;
  rc = copy_file(path, to, !r->output);
  if (rc == ARCHC_OK && strcmp(to, "-") != 0)
    fprintf(stderr, "wrote %s: design below its requirements, then 'archc practice check %s'\n",
            to, to);
  free(path);
  return rc;
}

static int practice_answer(const struct request *r, const char *name) {
  char *path = NULL;
  int rc = find_prompt(r, name, true, &path);
  if (rc == ARCHC_OK) rc = copy_file(path, r->output ? r->output : "-", false);
  free(path);
  return rc;
}

int practice_scorecard(archc *c, const struct request *r, const char *format, const char *output) {
  const struct archc_format *f = archc_format_named(ARCHC_SCORECARD, format);
  if (!f) return fail("unknown format '%s' for the scorecard (use text or json)", format);
  archc_estimate *e = NULL;
  archc_review *review = NULL;
  struct archc_what_if what_if = {r->scale, NULL, 0, NULL};
  int rc = ARCHC_OK;
  if (archc_has_workload(c)) rc = archc_estimate_run(c, &what_if, &e);
  struct archc_review_options o = review_options(r);
  if (rc == ARCHC_OK) rc = archc_review_run(c, e, &o, &review);
  struct archc_write_options w = {.estimate = e, .review = review};
  if (rc == ARCHC_OK) rc = archc_write(c, f, output, &w);
  if (rc != ARCHC_OK) return rc;
  /* Passing: every requirement met and no error finding. */
  size_t met = 0, missed = 0, open = 0;
  rc = archc_requirements_status(c, e, &met, &missed, &open);
  if (rc == ARCHC_OK && (missed || open || archc_review_status(review) != ARCHC_OK))
    rc = ARCHC_DESIGN_ERROR;
  return rc;
}

/* check and hint: the design's scorecard, whole or as one hint. */
static int score(const struct request *r, const char *file, const char *format) {
  struct request q = *r;
  q.operand = file;
  struct archc_options options = library_options(&q, false);
  int rc;
  archc *c = open_design_with(&q, &options, &rc);
  if (rc == ARCHC_OK && archc_requirement_count(c) == 0) {
    fprintf(stderr, "%s: error: the design states no requirements to score it against\n"
                    "  help: add a requirements block (docs/language.md), or start from a "
                    "prompt: archc practice start NAME\n", file);
    rc = ARCHC_DESIGN_ERROR;
  }
  if (rc == ARCHC_OK) rc = practice_scorecard(c, &q, format, r->output ? r->output : "-");
  archc_free(c);
  return rc;
}

static int practice_check(const struct request *r, const char *file) {
  return score(r, file, r->format ? r->format : "text");
}

static int practice_hint(const struct request *r, const char *file) {
  if (r->format) return fail("hint takes no --format");
  int rc = score(r, file, "hint");
  /* A hint is printed whatever the design's state: it is not a verdict. */
  return rc == ARCHC_DESIGN_ERROR ? ARCHC_OK : rc;
}

struct subcommand {
  const char *name;
  int (*run)(const struct request *r, const char *arg);
  const char *operand;  /* NULL: takes none */
  const char *summary;
};

static const struct subcommand subcommands[] = {
  {"list", practice_list, NULL, "the prompts, with their level and a one-line summary"},
  {"start", practice_start, "NAME", "write NAME.arch (or -o FILE): the prompt, its requirements, the steps"},
  {"check", practice_check, "FILE", "the scorecard of FILE's design against its requirements (-f json)"},
  {"hint", practice_hint, "FILE", "one hint towards the next step, without the answer"},
  {"answer", practice_answer, "NAME", "a model design for prompt NAME (to -o FILE or standard output)"},
};
enum { N_SUBCOMMANDS = sizeof subcommands / sizeof subcommands[0] };

static void practice_usage(FILE *f) {
  fputs("usage: archc practice SUBCOMMAND\n", f);
  for (size_t i = 0; i < N_SUBCOMMANDS; i++)
    fprintf(f, "  %-6s %-5s %s\n", subcommands[i].name,
            subcommands[i].operand ? subcommands[i].operand : "", subcommands[i].summary);
}

int cmd_practice(const struct request *r) {
  if (r->files.n == 0) {
    practice_usage(stderr);
    return ARCHC_USAGE_ERROR;
  }
  const char *word = r->files.items[0];
  for (size_t i = 0; i < N_SUBCOMMANDS; i++) {
    const struct subcommand *s = &subcommands[i];
    if (strcmp(word, s->name) != 0) continue;
    size_t want = s->operand ? 2 : 1;
    if (r->files.n < want) return fail("practice %s needs a %s", s->name, s->operand);
    if (r->files.n > want) return fail("unexpected argument '%s'", r->files.items[want]);
    return s->run(r, want == 2 ? r->files.items[1] : NULL);
  }
  const char *names[N_SUBCOMMANDS];
  for (size_t i = 0; i < N_SUBCOMMANDS; i++) names[i] = subcommands[i].name;
  const char *best = archc_suggest(word, names, N_SUBCOMMANDS);
  fprintf(stderr, "archc: error: unknown practice subcommand '%s'\n", word);
  if (best) fprintf(stderr, "  help: did you mean '%s'?\n", best);
  else practice_usage(stderr);
  return ARCHC_USAGE_ERROR;
}
