/*
 * serve.c - `archc serve`: a live preview of the design in the browser.
 *
 * The main thread compiles the design now and after every save (watch.c)
 * and publishes the result as one JSON document, the "state": the
 * diagnostics, the findings, the estimate and, for a design with
 * requirements, the scorecard (the library's JSON).  The diagram, the last one
 * drawn without errors, is published beside it, so a broken save shows
 * its errors over the last good picture.  libmicrohttpd serves them from
 * its own threads, one per connection: the page, its script and style
 * (compiled in, serve_page.h), /state.json, /diagram.svg, and /events, a
 * stream of Server-Sent Events that sends the state whenever it changes,
 * so the page updates without a reload that would lose its pan and zoom.
 * Graphviz keeps process-wide state, so only the main thread draws.
 *
 * Only fixed routes: no path from a URL reaches the file system.  A
 * request whose Host header is not this server's address is refused,
 * so a page on another site cannot reach it through a DNS name it
 * rebinds to 127.0.0.1.
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "serve_page.h"

/* What the server threads read, under `lock`; the main thread replaces it. */
struct published {
  pthread_mutex_t lock;
  pthread_cond_t changed;
  unsigned long version;  /* of state; the events stream sends each once */
  bool stopping;
  char *state;            /* JSON, one line */
  size_t state_len;
  char *svg;              /* the last good diagram; NULL before the first */
  size_t svg_len;
  /* The view a page asked for: what fails ("": nothing).  The main thread
     takes it when woken through the server's eventfd. */
  char fail[256];
  bool fail_asked;
};

struct server {
  const struct request *r;
  struct published pub;
  int wake;               /* an eventfd: a page asked for another view */
  char hosts[3][300];     /* the Host headers accepted */
  size_t n_hosts;
};

/* ---- the state, as JSON ---- */

/* `len` bytes of text as a JSON string; NULL as "". */
static void json_text(FILE *f, const char *s, size_t len) {
  fputc('"', f);
  const unsigned char *p = (const unsigned char *)s, *end = p + (s ? len : 0);
  for (; p < end; p++) {
    if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
    else if (*p == '\n') fputs("\\n", f);
    else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
    else fputc(*p, f);
  }
  fputc('"', f);
}

static void json_string(FILE *f, const char *s) { json_text(f, s, s ? strlen(s) : 0); }

/* The diagnostics of one compilation, in two JSON arrays' members, as the
   library's callback delivers them: the design's, and the review's. */
struct collected {
  FILE *diagnostics, *findings;
  size_t n_diagnostics, n_findings;
  size_t errors;
};

static void collect(void *ctx, const struct archc_diagnostic *d) {
  struct collected *c = ctx;
  static const char *const severities[] = {"note", "warning", "error"};
  FILE *f = d->rule ? c->findings : c->diagnostics;
  size_t *n = d->rule ? &c->n_findings : &c->n_diagnostics;
  if ((*n)++) fputc(',', f);
  c->errors += d->severity == ARCHC_ERROR && !d->rule;
  fprintf(f, "{\"severity\":\"%s\",\"file\":", severities[d->severity]);
  json_string(f, d->file);
  fprintf(f, ",\"line\":%u,\"column\":%u,\"message\":", d->line, d->column);
  json_string(f, d->message);
  fputs(",\"help\":", f);
  json_string(f, d->help);
  fputs(",\"rule\":", f);
  json_string(f, d->rule);
  fputc('}', f);
}

struct prefix {
  const char *name;
  size_t len;
};

/* What the page offers to fail: the regions and zones (every group
   path and its prefixes), then the components; as JSON array members. */
static void write_choices(FILE *f, const archc *c) {
  size_t n = archc_component_count(c), n_seen = 0;
  struct prefix *seen = calloc(2 * n + 1, sizeof *seen);
  bool first = true;
  for (size_t i = 0; seen && i < n; i++) {
    struct archc_component comp;
    if (archc_component_at(c, i, &comp) != ARCHC_OK || !comp.group) continue;
    /* us_east.a: us_east, then us_east.a.  Two per component are room
       enough for regions and zones; a deeper group's are left out. */
    for (const char *end = comp.group;; end++) {
      if (*end != '.' && *end) continue;
      size_t len = (size_t)(end - comp.group), k = 0;
      while (k < n_seen && !(seen[k].len == len && memcmp(seen[k].name, comp.group, len) == 0)) k++;
      if (k == n_seen && n_seen < 2 * n) {
        seen[n_seen++] = (struct prefix){comp.group, len};
        fputs(first ? "" : ",", f);
        json_text(f, comp.group, len);
        first = false;
      }
      if (!*end) break;
    }
  }
  free(seen);
  for (size_t i = 0; i < n; i++) {
    struct archc_component comp;
    if (archc_component_at(c, i, &comp) != ARCHC_OK) continue;
    fputs(first ? "" : ",", f);
    json_string(f, comp.path);
    first = false;
  }
}

static void publish(struct published *pub, char *state, size_t len, char *svg, size_t svg_len) {
  pthread_mutex_lock(&pub->lock);
  free(pub->state);
  pub->state = state;
  pub->state_len = len;
  if (svg) {
    free(pub->svg);
    pub->svg = svg;
    pub->svg_len = svg_len;
  }
  pub->version++;
  pthread_cond_broadcast(&pub->changed);
  pthread_mutex_unlock(&pub->lock);
}

static char *copy_of(const char *data, size_t len) {
  char *p = malloc(len + 1);
  if (p) {
    memcpy(p, data, len);
    p[len] = '\0';
  }
  return p;
}

/* What one compilation made of the design, for the state. */
struct outcome {
  unsigned long build;
  int rc;
  const char *fail;               /* "": none */
  const char *diagnostics, *findings;  /* JSON arrays' members */
  size_t errors;                  /* among the diagnostics */
  const char *report, *failure;   /* the estimate and the failure's, or NULL */
  size_t report_len, failure_len;
  const char *scorecard;          /* the library's JSON, or NULL: no requirements */
  size_t scorecard_len;
};

/* JSON as it is, on one line: an event's data ends at a newline, and the
   writer's newlines all fall between tokens (strings escape theirs). */
static void json_one_line(FILE *f, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) fputc(s[i] == '\n' ? ' ' : s[i], f);
}

static void write_state(FILE *f, const struct request *r, const archc *c, const struct outcome *o) {
  time_t t = time(NULL);
  struct tm tm;
  char when[16] = "";
  if (localtime_r(&t, &tm)) strftime(when, sizeof when, "%H:%M:%S", &tm);
  fprintf(f, "{\"build\":%lu,\"ok\":%s,\"when\":\"%s\",\"design\":", o->build,
          o->rc == ARCHC_OK ? "true" : "false", when);
  json_string(f, r->operand);
  fputs(",\"title\":", f);
  json_string(f, o->rc == ARCHC_OK ? archc_title(c) : NULL);
  /* A design that failed before any diagnostic (no components, an
     unreadable file) says so itself, on standard error. */
  if (o->rc != ARCHC_OK && o->errors == 0)
    fprintf(f, ",\"broken\":\"the design could not be compiled (exit status %d); "
               "see the terminal\"", o->rc == ARCHC_NO_MEMORY ? 2 : o->rc);
  fprintf(f, ",\"diagnostics\":[%s],\"findings\":[%s],\"estimate\":", o->diagnostics,
          o->findings);
  json_text(f, o->report, o->report_len);
  fputs(",\"fail\":", f);
  json_string(f, o->fail);
  fputs(",\"failure\":", f);
  json_text(f, o->failure, o->failure_len);
  fputs(",\"choices\":[", f);
  if (o->rc == ARCHC_OK) write_choices(f, c);
  fputs("],\"scorecard\":", f);
  if (o->scorecard) json_one_line(f, o->scorecard, o->scorecard_len);
  else fputs("null", f);
  fputc('}', f);
}

/* Compiles the design as `archc design.arch` would (estimate, review,
   diagram) and publishes what came of it.  With `fail` (else ""), the
   estimate is the one after that failure, with its report. */
static void rebuild(struct server *s, unsigned long build, const char *fail) {
  const struct request *r = s->r;
  struct collected col = {0};
  char *diag_buf = NULL, *find_buf = NULL;
  size_t diag_len = 0, find_len = 0;
  col.diagnostics = open_memstream(&diag_buf, &diag_len);
  col.findings = open_memstream(&find_buf, &find_len);
  if (!col.diagnostics || !col.findings) {
    fprintf(stderr, "archc serve: out of memory\n");
    if (col.diagnostics) fclose(col.diagnostics);
    if (col.findings) fclose(col.findings);
    free(diag_buf);
    free(find_buf);
    return;
  }
  struct archc_options options = library_options(r, false);
  options.on_diagnostic = collect;
  options.diagnostic_ctx = &col;
  int rc;
  archc *c = open_design_with(r, &options, &rc);
  archc_estimate *e = NULL;
  archc_review *review = NULL;
  struct archc_what_if what_if = {r->scale, NULL, 0, *fail ? fail : NULL};
  if (rc == ARCHC_OK && archc_has_workload(c)) rc = archc_estimate_run(c, &what_if, &e);
  struct archc_review_options ro = review_options(r);
  if (rc == ARCHC_OK && archc_review_run(c, e, &ro, &review) == ARCHC_OK)
    archc_print_findings(c, review);
  const char *svg = NULL;
  size_t svg_len = 0;
  struct outcome o = {.build = build, .fail = fail};
  struct archc_write_options w = {.estimate = e, .review = review, .fail = *fail ? fail : NULL,
                                  .direction = r->direction, .theme = r->theme,
                                  .style = r->style, .view = r->view};
  if (rc == ARCHC_OK && *fail)
    rc = archc_render(c, archc_format_named(ARCHC_FAILURE, "text"), &w, &o.failure, &o.failure_len);
  if (rc == ARCHC_OK)
    rc = archc_render(c, archc_format_named(ARCHC_DIAGRAM, "svg"), &w, &svg, &svg_len);
  if (rc == ARCHC_OK && e)
    archc_render(c, archc_format_named(ARCHC_REPORT, "text"), &w, &o.report, &o.report_len);
  /* The same scorecard as `archc practice check --format json`, of the
     design as shown (under a failure view, with that failure). */
  if (rc == ARCHC_OK && archc_requirement_count(c) > 0)
    archc_render(c, archc_format_named(ARCHC_SCORECARD, "json"), &w, &o.scorecard,
                 &o.scorecard_len);
  fclose(col.diagnostics);
  fclose(col.findings);
  o.rc = rc;
  o.diagnostics = diag_buf ? diag_buf : "";
  o.findings = find_buf ? find_buf : "";
  o.errors = col.errors;

  char *state = NULL;
  size_t state_len = 0;
  FILE *f = open_memstream(&state, &state_len);
  if (f) {
    write_state(f, r, c, &o);
    fclose(f);
  }
  char *svg_copy = svg ? copy_of(svg, svg_len) : NULL;
  if (state) publish(&s->pub, state, state_len, svg_copy, svg_len);
  else free(svg_copy);
  free(diag_buf);
  free(find_buf);
  archc_free(c);
}

/* ---- HTTP ---- */

static enum MHD_Result respond(struct MHD_Connection *conn, unsigned status, const char *type,
                               struct MHD_Response *response) {
  if (!response) return MHD_NO;
  MHD_add_response_header(response, "Content-Type", type);
  MHD_add_response_header(response, "Cache-Control", "no-store");
  MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(response, "Content-Security-Policy",
                          "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                          "img-src 'self' data:; frame-ancestors 'none'");
  enum MHD_Result result = MHD_queue_response(conn, status, response);
  MHD_destroy_response(response);
  return result;
}

static enum MHD_Result respond_text(struct MHD_Connection *conn, unsigned status,
                                    const char *text) {
  return respond(conn, status, "text/plain; charset=utf-8",
                 MHD_create_response_from_buffer(strlen(text), (void *)text,
                                                 MHD_RESPMEM_PERSISTENT));
}

/* A copy of what is published now: the threads never hold the lock
   while they write to a socket. */
static enum MHD_Result respond_published(struct MHD_Connection *conn, struct published *pub,
                                         bool svg, const char *type) {
  pthread_mutex_lock(&pub->lock);
  const char *data = svg ? pub->svg : pub->state;
  size_t len = svg ? pub->svg_len : pub->state_len;
  struct MHD_Response *response =
    data ? MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY) : NULL;
  pthread_mutex_unlock(&pub->lock);
  if (!data) return respond_text(conn, MHD_HTTP_NOT_FOUND, "no diagram yet\n");
  return respond(conn, MHD_HTTP_OK, type, response);
}

/* One /events stream: what of the current message is still to be sent. */
struct stream {
  struct published *pub;
  unsigned long sent;     /* the version last sent; 0: none */
  char *message;
  size_t len, off;
};

/* libmicrohttpd asks for the stream's next bytes from the connection's own
   thread, which may wait here: for a new state, or, after a while, for
   nothing, to send a comment that finds out whether the browser is still
   there. */
static ssize_t next_event(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)pos;
  enum { KEEPALIVE_SECONDS = 10 };
  struct stream *st = cls;
  if (st->off == st->len) {
    struct published *pub = st->pub;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += KEEPALIVE_SECONDS;
    pthread_mutex_lock(&pub->lock);
    int waited = 0;
    while (!pub->stopping && pub->version == st->sent && waited != ETIMEDOUT)
      waited = pthread_cond_timedwait(&pub->changed, &pub->lock, &until);
    free(st->message);
    st->message = NULL;
    st->len = st->off = 0;
    if (!pub->stopping && pub->version != st->sent && pub->state) {
      st->len = pub->state_len + sizeof "data: \n\n" - 1;
      st->message = malloc(st->len + 1);
      if (st->message) snprintf(st->message, st->len + 1, "data: %s\n\n", pub->state);
      st->sent = pub->version;
    }
    bool stopping = pub->stopping;
    pthread_mutex_unlock(&pub->lock);
    if (stopping || (st->len && !st->message)) return MHD_CONTENT_READER_END_OF_STREAM;
    if (!st->message) {
      static const char keepalive[] = ": still here\n\n";
      memcpy(buf, keepalive, sizeof keepalive - 1 < max ? sizeof keepalive - 1 : max);
      return (ssize_t)(sizeof keepalive - 1 < max ? sizeof keepalive - 1 : max);
    }
  }
  size_t n = st->len - st->off < max ? st->len - st->off : max;
  memcpy(buf, st->message + st->off, n);
  st->off += n;
  return (ssize_t)n;
}

static void end_stream(void *cls) {
  struct stream *st = cls;
  free(st->message);
  free(st);
}

static enum MHD_Result respond_events(struct MHD_Connection *conn, struct server *s) {
  struct stream *st = calloc(1, sizeof *st);
  if (!st) return MHD_NO;
  st->pub = &s->pub;
  struct MHD_Response *response =
    MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, next_event, st, end_stream);
  if (!response) {
    free(st);
    return MHD_NO;
  }
  return respond(conn, MHD_HTTP_OK, "text/event-stream", response);
}

static enum MHD_Result respond_page(struct MHD_Connection *conn, const unsigned char *data,
                                    size_t len, const char *type) {
  return respond(conn, MHD_HTTP_OK, type,
                 MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_PERSISTENT));
}

/* POST /view?fail=NAME: the view every page shows from now on.  The
   header is one a page on another site cannot send without the browser
   asking first (CORS), and this server never says yes. */
static enum MHD_Result ask_view(struct MHD_Connection *conn, struct server *s) {
  if (!MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Archc-View"))
    return respond_text(conn, MHD_HTTP_FORBIDDEN, "X-Archc-View: 1 is required\n");
  const char *fail = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "fail");
  if (!fail) fail = "";
  if (strlen(fail) >= sizeof s->pub.fail || strspn(fail, "abcdefghijklmnopqrstuvwxyz"
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != strlen(fail))
    return respond_text(conn, MHD_HTTP_BAD_REQUEST, "fail=NAME: a component, zone or region\n");
  pthread_mutex_lock(&s->pub.lock);
  snprintf(s->pub.fail, sizeof s->pub.fail, "%s", fail);
  s->pub.fail_asked = true;
  pthread_mutex_unlock(&s->pub.lock);
  uint64_t one = 1;
  if (write(s->wake, &one, sizeof one) != (ssize_t)sizeof one)
    return respond_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "busy\n");
  return respond_text(conn, MHD_HTTP_ACCEPTED, "the page updates when it is drawn\n");
}

#define PAGE_FILE(route, name, type) {route, type, page_##name, sizeof page_##name - 1}
static const struct page_file {
  const char *route, *type;
  const unsigned char *data;
  size_t len;
} page_files[] = {
  PAGE_FILE("/", index_html, "text/html; charset=utf-8"),
  PAGE_FILE("/page.js", page_js, "text/javascript; charset=utf-8"),
  PAGE_FILE("/page.css", page_css, "text/css; charset=utf-8"),
};
#undef PAGE_FILE

static bool host_allowed(const struct server *s, const char *host) {
  for (size_t i = 0; host && i < s->n_hosts; i++)
    if (strcasecmp(host, s->hosts[i]) == 0) return true;
  return false;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **per_request) {
  (void)version;
  (void)upload;
  (void)per_request;
  struct server *s = cls;
  if (*upload_size) return MHD_NO;  /* no route takes a body */
  if (!host_allowed(s, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host")))
    return respond_text(conn, MHD_HTTP_FORBIDDEN, "this server answers to its own address only\n");
  bool post = strcmp(method, "POST") == 0;
  if (strcmp(url, "/view") == 0 && post) return ask_view(conn, s);
  if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
    return respond_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "GET only, and POST /view\n");
  for (size_t i = 0; i < sizeof page_files / sizeof page_files[0]; i++)
    if (strcmp(url, page_files[i].route) == 0)
      return respond_page(conn, page_files[i].data, page_files[i].len, page_files[i].type);
  if (strcmp(url, "/state.json") == 0)
    return respond_published(conn, &s->pub, false, "application/json");
  if (strcmp(url, "/diagram.svg") == 0)
    return respond_published(conn, &s->pub, true, "image/svg+xml");
  if (strcmp(url, "/events") == 0) return respond_events(conn, s);
  return respond_text(conn, MHD_HTTP_NOT_FOUND, "not found\n");
}

/* ---- the command ---- */

static struct MHD_Daemon *listen_on(struct server *s, unsigned *port) {
  const char *host = s->r->host ? s->r->host : "127.0.0.1";
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->r->port)};
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
    fprintf(stderr, "archc: error: bad --host '%s' (an IPv4 address such as 127.0.0.1)\n", host);
    return NULL;
  }
  struct MHD_Daemon *d = MHD_start_daemon(
    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL, NULL, handle, s,
    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_END);
  const union MHD_DaemonInfo *info = d ? MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT) : NULL;
  if (!info) {
    fprintf(stderr, "archc: error: cannot listen on %s port %d\n", host, s->r->port);
    if (d) MHD_stop_daemon(d);
    return NULL;
  }
  *port = info->port;
  snprintf(s->hosts[0], sizeof s->hosts[0], "127.0.0.1:%u", *port);
  snprintf(s->hosts[1], sizeof s->hosts[1], "localhost:%u", *port);
  s->n_hosts = 2;
  if (strcmp(host, "127.0.0.1") != 0)
    snprintf(s->hosts[s->n_hosts++], sizeof s->hosts[0], "%s:%u", host, *port);
  return d;
}

int serve_design(const struct request *r) {
  struct server s = {.r = r};
  pthread_mutex_init(&s.pub.lock, NULL);
  pthread_cond_init(&s.pub.changed, NULL);
  struct request each = *r;
  s.r = &each;
  /* Before the server's threads start: they inherit its signal mask. */
  each.watcher = watcher_open(r->operand);
  if (!each.watcher) return ARCHC_USAGE_ERROR;
  s.wake = eventfd(0, EFD_CLOEXEC);
  if (s.wake < 0) {
    fprintf(stderr, "archc: error: %s\n", strerror(errno));
    watcher_close(each.watcher);
    return ARCHC_USAGE_ERROR;
  }
  char fail[sizeof s.pub.fail];
  snprintf(fail, sizeof fail, "%s", r->fail ? r->fail : "");
  unsigned long build = 1;
  rebuild(&s, build, fail);
  unsigned port = 0;
  struct MHD_Daemon *d = listen_on(&s, &port);
  int rc = ARCHC_USAGE_ERROR;
  if (d) {
    printf("archc serve: http://%s:%u/ (Ctrl-C ends)\n", r->host ? r->host : "127.0.0.1", port);
    fflush(stdout);
    enum watch_event event;
    while ((event = watcher_wait(each.watcher, s.wake)) != WATCH_STOP) {
      pthread_mutex_lock(&s.pub.lock);
      if (s.pub.fail_asked) memcpy(fail, s.pub.fail, sizeof fail);
      s.pub.fail_asked = false;
      pthread_mutex_unlock(&s.pub.lock);
      rebuild(&s, ++build, fail);
    }
    fprintf(stderr, "archc serve: stopped\n");
    pthread_mutex_lock(&s.pub.lock);
    s.pub.stopping = true;
    pthread_cond_broadcast(&s.pub.changed);
    pthread_mutex_unlock(&s.pub.lock);
    MHD_stop_daemon(d);
    rc = ARCHC_OK;
  }
  watcher_close(each.watcher);
  close(s.wake);
  free(s.pub.state);
  free(s.pub.svg);
  pthread_cond_destroy(&s.pub.changed);
  pthread_mutex_destroy(&s.pub.lock);
  return rc;
}
