/*
 * watch.c - `archc watch`, and the watching `archc serve` shares with it.
 *
 * inotify watches directories, not files: editors save by writing a new
 * file and renaming it over the old one, which a watch on the old file's
 * inode would miss.  Each event names the file in its directory; only the
 * files the last compilations read (the design and its imports) count.
 * SIGINT and SIGTERM are blocked and read from a signalfd, so Ctrl-C ends
 * the loop between two compilations instead of in the middle of one, and
 * no signal handler needs global state.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

struct watched_dir {
  char *path;
  int wd;
};

struct watched_file {
  size_t dir;   /* in dirs */
  char *name;   /* the file's name in it */
};

struct watcher {
  int inotify, signals;
  sigset_t old_mask;
  struct watched_dir *dirs;
  size_t n_dirs;
  struct watched_file *files;
  size_t n_files;
};

/* Room for element n of a growing array, whose capacity is 4, then the
   next power of two; false when out of memory. */
static bool grow(void **items, size_t n, size_t size) {
  if (n != 0 && (n < 4 || (n & (n - 1)) != 0)) return true;
  void *p = realloc(*items, (n ? n * 2 : 4) * size);
  if (!p) return false;
  *items = p;
  return true;
}

static size_t dir_index(struct watcher *w, const char *dir) {
  for (size_t i = 0; i < w->n_dirs; i++)
    if (strcmp(w->dirs[i].path, dir) == 0) return i;
  int wd = inotify_add_watch(w->inotify, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE);
  if (wd < 0) {
    fprintf(stderr, "archc: cannot watch '%s': %s\n", dir, strerror(errno));
    return SIZE_MAX;
  }
  char *copy = strdup(dir);
  if (!copy || !grow((void **)&w->dirs, w->n_dirs, sizeof *w->dirs)) {
    free(copy);
    return SIZE_MAX;
  }
  w->dirs[w->n_dirs] = (struct watched_dir){copy, wd};
  return w->n_dirs++;
}

/* Watches `path`'s directory for it; false if that cannot be watched. */
static bool track(struct watcher *w, const char *path) {
  char *for_dir = strdup(path), *for_name = strdup(path);
  bool ok = false;
  if (for_dir && for_name) {
    size_t dir = dir_index(w, dirname(for_dir));
    const char *name = basename(for_name);
    ok = dir != SIZE_MAX;
    for (size_t i = 0; ok && i < w->n_files; i++)
      if (w->files[i].dir == dir && strcmp(w->files[i].name, name) == 0) goto done;
    char *copy = ok ? strdup(name) : NULL;
    ok = copy && grow((void **)&w->files, w->n_files, sizeof *w->files);
    if (ok) w->files[w->n_files++] = (struct watched_file){dir, copy};
    else free(copy);
  }
done:
  free(for_dir);
  free(for_name);
  return ok;
}

/* A compilation names its files only where something is declared: the
   files of its components and edges are the design and the imports that
   matter to the picture.  Files are never dropped: an import removed
   from the design costs a needless rebuild at most. */
void watcher_track_sources(struct watcher *w, const archc *c) {
  const char *last = NULL;
  for (size_t i = 0, n = archc_component_count(c); i < n; i++) {
    struct archc_component comp;
    if (archc_component_at(c, i, &comp) != ARCHC_OK || !comp.file) continue;
    if (last && strcmp(last, comp.file) == 0) continue;  /* most come in runs */
    last = comp.file;
    track(w, comp.file);
  }
  for (size_t i = 0, n = archc_edge_count(c); i < n; i++) {
    struct archc_edge e;
    if (archc_edge_at(c, i, &e) != ARCHC_OK || !e.file) continue;
    if (last && strcmp(last, e.file) == 0) continue;
    last = e.file;
    track(w, e.file);
  }
}

struct watcher *watcher_open(const char *design) {
  struct watcher *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->signals = -1;
  w->inotify = inotify_init1(IN_CLOEXEC);
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  /* Blocked before any thread starts, so that serve's threads inherit the
     mask and the signals come to the signalfd alone. */
  if (w->inotify >= 0 && pthread_sigmask(SIG_BLOCK, &stop, &w->old_mask) == 0)
    w->signals = signalfd(-1, &stop, SFD_CLOEXEC);
  if (w->inotify < 0 || w->signals < 0) {
    fprintf(stderr, "archc: cannot watch files: %s\n", strerror(errno));
    watcher_close(w);
    return NULL;
  }
  if (!track(w, design)) {
    watcher_close(w);
    return NULL;
  }
  return w;
}

void watcher_close(struct watcher *w) {
  if (!w) return;
  if (w->inotify >= 0) close(w->inotify);
  if (w->signals >= 0) {
    close(w->signals);
    pthread_sigmask(SIG_SETMASK, &w->old_mask, NULL);
  }
  for (size_t i = 0; i < w->n_dirs; i++) free(w->dirs[i].path);
  for (size_t i = 0; i < w->n_files; i++) free(w->files[i].name);
  free(w->dirs);
  free(w->files);
  free(w);
}

static bool is_tracked(const struct watcher *w, const struct inotify_event *e) {
  if (e->len == 0) return false;
  for (size_t i = 0; i < w->n_files; i++)
    if (w->dirs[w->files[i].dir].wd == e->wd && strcmp(w->files[i].name, e->name) == 0)
      return true;
  return false;
}

/* Reads the pending events; whether one was about a watched file. */
static bool read_events(struct watcher *w) {
  char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
  bool changed = false;
  ssize_t n;
  while ((n = read(w->inotify, buf, sizeof buf)) > 0) {
    for (char *p = buf; p < buf + n;) {
      const struct inotify_event *e = (const struct inotify_event *)p;
      changed |= is_tracked(w, e);
      p += sizeof *e + e->len;
    }
    struct pollfd more = {w->inotify, POLLIN, 0};
    if (poll(&more, 1, 0) <= 0) break;
  }
  return changed;
}

enum watch_event watcher_wait(struct watcher *w, int wake) {
  enum { SETTLE_MS = 50 };
  for (;;) {
    struct pollfd fds[3] = {{w->signals, POLLIN, 0}, {w->inotify, POLLIN, 0}, {wake, POLLIN, 0}};
    if (poll(fds, wake >= 0 ? 3 : 2, -1) < 0) {
      if (errno == EINTR) continue;
      return WATCH_STOP;
    }
    if (fds[0].revents) {
      /* Read, or it would still be pending when watcher_close unblocks
         it, and end the process by its default action. */
      struct signalfd_siginfo info;
      ssize_t n = read(w->signals, &info, sizeof info);
      (void)n;  /* SIGINT or SIGTERM; ending is all there is to do */
      return WATCH_STOP;
    }
    if (wake >= 0 && fds[2].revents) {
      uint64_t count;
      if (read(wake, &count, sizeof count) == (ssize_t)sizeof count) return WATCH_WOKEN;
    }
    if (!(fds[1].revents & POLLIN) || !read_events(w)) continue;
    /* One save is often several events (a write, then a rename, or an
       editor's backup file); they come within a few milliseconds. */
    struct pollfd settle = {w->inotify, POLLIN, 0};
    while (poll(&settle, 1, SETTLE_MS) > 0) read_events(w);
    return WATCH_SAVED;
  }
}

/* "12:34:56", for telling one rebuild's lines from the last's. */
static const char *now(char buf[16]) {
  time_t t = time(NULL);
  struct tm tm;
  if (!localtime_r(&t, &tm) || !strftime(buf, 16, "%H:%M:%S", &tm)) buf[0] = '\0';
  return buf;
}

int watch_design(const struct request *r, int (*build)(const struct request *r)) {
  struct watcher *w = watcher_open(r->operand);
  if (!w) return ARCHC_USAGE_ERROR;
  struct request each = *r;
  each.watcher = w;
  char time[16];
  do {
    int rc = build(&each);
    fprintf(stderr, rc == ARCHC_OK ? "archc watch: %s: built; watching for saves (Ctrl-C ends)\n"
                                   : "archc watch: %s: not built; the last good output stays\n",
            now(time));
  } while (watcher_wait(w, -1) != WATCH_STOP);
  watcher_close(w);
  fprintf(stderr, "archc watch: stopped\n");
  return ARCHC_OK;
}
