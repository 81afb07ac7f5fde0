/*
 * cli.h - what the archc command's files share: the request main.c reads
 * from the command line, and the long-running commands, watch (watch.c)
 * and serve (serve.c), which rebuild the design each time it is saved.
 */
#ifndef ARCHC_CLI_H
#define ARCHC_CLI_H

#include <stdbool.h>

#include "archc.h"

struct list {
  const char **items;
  size_t n;
};

enum color { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct command;
struct watcher;

struct request {
  const struct command *command;
  const char *operand;  /* the design, or the rule to explain; NULL if none */
  struct list files;    /* fmt's files: every operand */
  const char *output, *format, *fail, *id_prefix;
  const char *flow;     /* diagrams: the flow to step through */
  const char *view;     /* diagrams: a view's name, "all"; NULL: the library's default */
  int theme, style;
  bool transparent;
  double dpi, zoom;     /* 0: the library's defaults */
  const char *host;     /* serve: the address to listen on; NULL: 127.0.0.1 */
  int port;             /* serve: 0, a free one */
  const char *assets;   /* markdown: where the pictures go */
  bool inline_svg;      /* markdown: SVG in the page */
  int paper;            /* report: an enum archc_paper */
  const char *charts;   /* report: where each chart goes alone; NULL: nowhere */
  enum color color;
  int direction, no_stdlib, warnings_are_errors;
  bool no_estimates, no_review, check;
  bool restrict_imports;  /* --restrict-imports; always for serve */
  bool explain;         /* estimate --explain [NAME]: NAME in explain_name, or NULL for all */
  const char *explain_name;
  double scale, month_seconds;  /* 0: the library's defaults */
  struct list includes, sets, enable, disable;
  /* watch and serve: learns the files each compilation read, to watch
     them; NULL for the other commands. */
  struct watcher *watcher;
};

/* main.c */
struct archc_options library_options(const struct request *r, bool into_file);
struct archc_review_options review_options(const struct request *r);
/* The request's design resolved with `options`; *rc says how far it got. */
archc *open_design_with(const struct request *r, const struct archc_options *options, int *rc);

/* watch.c: the files a design is read from, watched through inotify. */
struct watcher *watcher_open(const char *design);
void watcher_close(struct watcher *w);
/* The directories of the files `c` was read from (the design and its
   imports) join those watched. */
void watcher_track_sources(struct watcher *w, const archc *c);
enum watch_event { WATCH_SAVED, WATCH_WOKEN, WATCH_STOP };
/* Blocks until a watched file was saved, `wake` (an eventfd, or -1) was
   written to, or SIGINT or SIGTERM came or the watch failed (WATCH_STOP). */
enum watch_event watcher_wait(struct watcher *w, int wake);
/* `archc watch`: build(r) now and after every save, until Ctrl-C. */
int watch_design(const struct request *r, int (*build)(const struct request *r));

/* serve.c: `archc serve`. */
int serve_design(const struct request *r);

/* practice.c: `archc practice SUBCOMMAND ...` (its operands in r->files),
   and the scorecard `archc check` prints on a design with requirements. */
int cmd_practice(const struct request *r);
int practice_scorecard(archc *c, const struct request *r, const char *format, const char *output);

#endif
