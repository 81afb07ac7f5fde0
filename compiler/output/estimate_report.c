/*
 * estimate_report.c - the estimate for people (text, Markdown) and for tools (JSON,
 * CSV).  Text and Markdown round to three significant figures with units;
 * JSON and CSV give base units (requests per second, seconds, bytes) at
 * full precision.  docs/capacity.md explains every column.
 */
#include "output.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "estimate.h"
#include "quantity.h"
#include "units.h"
#include "json.h"
#include "model.h"

static const char *kind_name(const struct arch_component *c) {
  return c->kind ? c->kind->name : "?";
}

/* Table cells: "-" where there is no figure (no capacity, no load). */
static const char *pct(double u, char *buf, size_t size) {
  return u <= 0 ? strcpy(buf, "-") : quantity_human_percent(u, buf, size);
}

static const char *times(double h, char *buf, size_t size) {
  return h <= 0 ? strcpy(buf, "-") : quantity_human_times(h, buf, size);
}

static const char *rate(double r, char *buf, size_t size) {
  char n[32];
  snprintf(buf, size, "%s/s", quantity_human(r, n, sizeof n));
  return buf;
}

static const char *latency(const struct est_component *x, bool peak, char *buf, size_t size) {
  double r = peak ? x->resp_peak : x->resp;
  if (x->latency <= 0 && r >= 0) return strcpy(buf, "-");
  return quantity_human_seconds(r, buf, size);
}

/* ---- text and Markdown share one walk ---- */

struct table {
  FILE *f;
  bool md;
};

static void row(struct table *t, const char *const *cells, size_t n, const int *width) {
  if (t->md) {
    fputs("|", t->f);
    for (size_t i = 0; i < n; i++) fprintf(t->f, " %s |", cells[i]);
    fputc('\n', t->f);
    return;
  }
  fputs("  ", t->f);
  for (size_t i = 0; i < n; i++) {
    if (i == 0) fprintf(t->f, "%-*s", width[i], cells[i]);
    else fprintf(t->f, "  %*s", width[i], cells[i]);
  }
  fputc('\n', t->f);
}

static void heading(struct table *t, const char *text) {
  fprintf(t->f, t->md ? "\n## %s\n\n" : "\n%s\n", text);
}

static void line(struct table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(struct table *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs(t->md ? "- " : "  ", t->f);
  vfprintf(t->f, fmt, ap);
  va_end(ap);
  fputc('\n', t->f);
}

enum { COLS = 9 };

static void component_rows(struct table *t, const struct arch_model *m, const struct estimate *E) {
  static const char *const head[COLS] = {"component", "kind", "load avg", "load peak", "capacity",
                                         "util peak", "headroom", "latency", "at peak"};
  int width[COLS];
  for (int i = 0; i < COLS; i++) width[i] = (int)strlen(head[i]);
  char cell[COLS][48];
  const char *cells[COLS];
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1) {
      row(t, head, COLS, width);
      if (t->md) fputs("|---|---|---:|---:|---:|---:|---:|---:|---:|\n", t->f);
    }
    for (size_t v = 0; v < m->n_components; v++) {
      const struct arch_component *comp = &m->components[v];
      const struct est_component *x = &E->components[v];
      snprintf(cell[0], 48, "%s", comp->path);
      snprintf(cell[1], 48, "%s", kind_name(comp));
      rate(x->reads + x->writes, cell[2], 48);
      rate(x->peak_reads + x->peak_writes, cell[3], 48);
      if (x->capacity > 0) rate(x->capacity, cell[4], 48); else strcpy(cell[4], "-");
      pct(x->util_peak, cell[5], 48);
      times(x->headroom, cell[6], 48);
      latency(x, false, cell[7], 48);
      latency(x, true, cell[8], 48);
      for (int i = 0; i < COLS; i++) {
        cells[i] = cell[i];
        if (pass == 0 && (int)strlen(cell[i]) > width[i]) width[i] = (int)strlen(cell[i]);
      }
      if (pass == 1) row(t, cells, COLS, width);
    }
  }
}

/* Whether the design declares flows: a design without them keeps the
   report it had, its implicit reads and writes being the totals above. */
static bool declared_flows(const struct arch_model *m) {
  return m->n_flows > 0 && !m->flows[0].implicit;
}

enum { FLOW_COLS = 10 };

static void flow_rows(struct table *t, const struct arch_model *m, const struct estimate *E) {
  static const char *const head[FLOW_COLS] = {"flow", "class", "rate avg", "rate peak", "latency",
                                              "at peak", "slo", "bottleneck", "headroom",
                                              "availability"};
  int width[FLOW_COLS];
  for (int i = 0; i < FLOW_COLS; i++) width[i] = (int)strlen(head[i]);
  char cell[FLOW_COLS][48];
  const char *cells[FLOW_COLS];
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1) {
      row(t, head, FLOW_COLS, width);
      if (t->md) fputs("|---|---|---:|---:|---:|---:|---:|---|---:|---:|\n", t->f);
    }
    for (size_t i = 0; i < m->n_flows; i++) {
      const struct arch_flow *fl = &m->flows[i];
      const struct est_flow *x = &E->flows[i];
      snprintf(cell[0], 48, "%s", fl->name);
      snprintf(cell[1], 48, "%s", fl->writes ? "write" : "read");
      rate(x->rate, cell[2], 48);
      rate(x->rate_peak, cell[3], 48);
      quantity_human_seconds(isinf(x->latency) ? -1 : x->latency, cell[4], 48);
      quantity_human_seconds(isinf(x->latency_peak) ? -1 : x->latency_peak, cell[5], 48);
      if (fl->latency_slo > 0) quantity_human_seconds(fl->latency_slo, cell[6], 48);
      else strcpy(cell[6], "-");
      snprintf(cell[7], 48, "%s", x->bottleneck >= 0 ? m->components[x->bottleneck].path : "-");
      times(x->headroom, cell[8], 48);
      quantity_nines(x->availability, cell[9], 48);
      for (int k = 0; k < FLOW_COLS; k++) {
        cells[k] = cell[k];
        if (pass == 0 && (int)strlen(cell[k]) > width[k]) width[k] = (int)strlen(cell[k]);
      }
      if (pass == 1) row(t, cells, FLOW_COLS, width);
    }
  }
}

static void flow_sizes(struct table *t, const struct arch_model *m, const struct estimate *E) {
  char a[48], b[48], c[48], d[48], e[48], r[48];
  for (size_t i = 0; i < m->n_flows; i++) {
    const struct est_flow *x = &E->flows[i];
    line(t, "%s: %s/s in, %s/s out on average", m->flows[i].name,
         quantity_human_bytes(x->bytes_in, a, 48), quantity_human_bytes(x->bytes_out, b, 48));
    if (x->stored_per_day > 0)
      line(t, "%s: keeps %s/day, %s/month, %s/year replicated; %s over %s", m->flows[i].name,
           quantity_human_bytes(x->stored_per_day, a, 48),
           quantity_human_bytes(x->stored_per_day / 86400 * E->month_seconds, b, 48),
           quantity_human_bytes(x->stored_per_day / 86400 * E->month_seconds * 12, c, 48),
           quantity_human_bytes(x->storage_total, d, 48),
           quantity_human_seconds(E->retention, e, 48));
    if (isinf(x->latency_peak) && x->slowest >= 0)
      line(t, "%s: saturated at %s", m->flows[i].name, m->components[x->slowest].path);
    else if (x->slowest >= 0)
      line(t, "%s: the slowest step is %s (%s at peak)", m->flows[i].name,
           m->components[x->slowest].path,
           quantity_human_seconds(E->components[x->slowest].resp_peak, r, 48));
  }
}

static void write_human(FILE *f, const struct arch_model *m, const struct estimate *E, bool md) {
  struct table t = {f, md};
  char a[48], b[48], c2[48], d[48];
  fprintf(f, md ? "# Capacity estimate: %s\n" : "Capacity estimate: %s\n",
          m->title ? m->title : "(untitled design)");

  heading(&t, "Assumptions");
  if (E->month_seconds == ARCH_CALENDAR_MONTH_SECONDS)
    line(&t, "a month is 2,629,746 s (calendar average, 365.2425 days / 12); a year is 12 months");
  else
    line(&t, "a month is %s s (--month); a year is 12 months", quantity_human(E->month_seconds, a, 48));
  if (E->scale != 1)
    line(&t, "workload rates scaled by %s (--scale)", quantity_human_count(E->scale, a, 48));
  if (E->closed) {
    line(&t, "closed workload: %s concurrent users, think time %s", quantity_human_count(E->users, a, 48),
         quantity_human_seconds(E->think_time, b, 48));
    line(&t, "unloaded response time R0 = %s; the bottleneck, %s, caps throughput at %s",
         quantity_human_seconds(E->unloaded_response, a, 48),
         E->bottleneck >= 0 ? m->components[E->bottleneck].path : "none",
         rate(E->max_throughput, b, 48));
    line(&t, "throughput X = min(N / (R0 + Z), X_max) = %s; response time R = max(R0, N / X_max - Z) = %s",
         rate(E->throughput, a, 48), quantity_human_seconds(E->response, b, 48));
  } else {
    line(&t, "peak = average x %s (peak_factor)", quantity_human_count(E->peak_factor, a, 48));
  }
  line(&t, "reads %s and writes %s on average", rate(E->reads, a, 48), rate(E->writes, b, 48));
  if (!E->closed && E->peak_factor != 1)
    line(&t, "reads %s and writes %s at peak", rate(E->reads * E->peak_factor, c2, 48),
         rate(E->writes * E->peak_factor, d, 48));
  for (size_t i = 0; i < E->n_clients; i++) {
    const struct est_client *cl = &E->clients[i];
    const struct arch_component *comp = &m->components[cl->component];
    if (arch_component_attr(comp, "rps"))
      line(&t, "%s sends its own %s", comp->path,
           rate(arch_component_number(comp, "rps", 0) * E->scale, a, 48));
    else
      line(&t, "%s sends %s of the workload", comp->path, quantity_human_percent(cl->share, a, 48));
  }
  if (E->n_clients == 0) line(&t, "no client: nothing enters the design");
  line(&t, "stores: utilization and headroom are for the busiest replica of the hottest shard");

  heading(&t, "Components");
  component_rows(&t, m, E);

  if (declared_flows(m)) {
    heading(&t, "Flows");
    flow_rows(&t, m, E);
    fputc('\n', f);
    flow_sizes(&t, m, E);
  }

  if (E->closed) {
    heading(&t, "Response time");
    line(&t, "%s per request for each of %s users (interactive response-time law%s)",
         quantity_human_seconds(E->response, a, 48), quantity_human_count(E->users, b, 48),
         E->throughput >= E->max_throughput * 0.9999 ? "; the bottleneck is saturated" : "");
  } else if (E->n_clients) {
    heading(&t, "Mean end-to-end latency from each client");
    for (size_t i = 0; i < E->n_clients; i++) {
      const struct est_client *cl = &E->clients[i];
      line(&t, "%s: reads %s (at peak %s), writes %s (at peak %s)",
           m->components[cl->component].path, quantity_human_seconds(cl->read_latency, a, 48),
           quantity_human_seconds(cl->read_latency_peak, b, 48),
           quantity_human_seconds(cl->write_latency, c2, 48),
           quantity_human_seconds(cl->write_latency_peak, d, 48));
    }
  }

  if (E->item_size > 0) {
    heading(&t, "Storage and bandwidth");
    double per_day = E->bytes_per_year / (12 * E->month_seconds) * 86400;
    line(&t, "written: %s/day, %s/month, %s/year before replication",
         quantity_human_bytes(per_day, a, 48), quantity_human_bytes(E->bytes_per_year / 12, b, 48),
         quantity_human_bytes(E->bytes_per_year, c2, 48));
    line(&t, "bandwidth at the clients: %s/s in, %s/s out on average",
         quantity_human_bytes(E->bytes_in_per_s, a, 48), quantity_human_bytes(E->bytes_out_per_s, b, 48));
    for (size_t v = 0; v < m->n_components; v++) {
      const struct est_component *x = &E->components[v];
      if (x->bytes_per_day <= 0) continue;
      line(&t, "%s: %s/day x %s replica%s; %s over %s", m->components[v].path,
           quantity_human_bytes(x->bytes_per_day, a, 48), quantity_human_count(x->replication, d, 48),
           x->replication == 1 ? "" : "s", quantity_human_bytes(x->storage_total, b, 48),
           quantity_human_seconds(E->retention, c2, 48));
    }
  }

  bool any = false;
  for (size_t v = 0; v < m->n_components; v++) {
    const struct est_component *x = &E->components[v];
    if (x->hot_set <= 0) continue;
    if (!any) heading(&t, "Caches");
    any = true;
    if (x->memory > 0)
      line(&t, "%s: hot set %s (20%% of a day's reads) in %s: %s", m->components[v].path,
           quantity_human_bytes(x->hot_set, a, 48), quantity_human_bytes(x->memory, b, 48),
           x->hot_set <= x->memory ? "fits" : "does not fit");
    else
      line(&t, "%s: hot set %s (20%% of a day's reads); no memory given", m->components[v].path,
           quantity_human_bytes(x->hot_set, a, 48));
  }
  any = false;
  for (size_t v = 0; v < m->n_components; v++) {
    if (!arch_component_has(&m->components[v], TRAIT_DECOUPLES)) continue;
    const struct est_component *x = &E->components[v];
    if (!any) heading(&t, "Queues");
    any = true;
    if (x->backlog_per_hour <= 0)
      line(&t, "%s: consumers keep up with the peak", m->components[v].path);
    else if (x->drain_seconds < 0)
      line(&t, "%s: consumers are slower than the average rate; the backlog never drains",
           m->components[v].path);
    else
      line(&t, "%s: each hour of peak leaves %s messages, drained in %s", m->components[v].path,
           quantity_human_count(x->backlog_per_hour, a, 48),
           quantity_human_seconds(x->drain_seconds, b, 48));
  }

  heading(&t, "What breaks first");
  if (E->n_ranked == 0) line(&t, "nothing with a capacity carries load");
  for (size_t i = 0; i < E->n_ranked && i < 3; i++) {
    int v = E->by_headroom[i];
    const struct est_component *x = &E->components[v];
    if (x->headroom < 1.0005)
      line(&t, "%zu. %s is saturated today: its peak load is %s of its capacity", i + 1,
           m->components[v].path, pct(x->util_peak, a, 48));
    else
      line(&t, "%zu. %s, at %s today's peak", i + 1, m->components[v].path,
           times(x->headroom, a, 48));
  }
}

/* ---- JSON and CSV ---- */

struct field {
  const char *key;
  double value;
};

static void fields(struct json_writer *w, const struct field *list, size_t n) {
  for (size_t i = 0; i < n; i++) json_number(w, list[i].key, list[i].value);
}

#define FIELDS(w, ...)                                                         \
  do {                                                                         \
    const struct field list_[] = {__VA_ARGS__};                                \
    fields((w), list_, sizeof list_ / sizeof list_[0]);                        \
  } while (0)

/* A response time, or "saturated" where there is none. */
static void response(struct json_writer *w, const char *key, double r) {
  if (r < 0) json_string(w, key, "saturated");
  else json_number(w, key, r);
}

void report_json(struct json_writer *w, const char *key, const struct arch_model *m,
                 const struct estimate *E) {
  json_object(w, key, JSON_LINES);
  FIELDS(w, {"month_seconds", E->month_seconds}, {"scale", E->scale},
         {"peak_factor", E->peak_factor});
  json_wrap(w);
  FIELDS(w, {"reads", E->reads}, {"writes", E->writes}, {"bytes_per_year", E->bytes_per_year},
         {"bytes_in_per_s", E->bytes_in_per_s}, {"bytes_out_per_s", E->bytes_out_per_s});
  if (E->closed) {
    json_wrap(w);
    json_object(w, "closed", JSON_INLINE);
    FIELDS(w, {"users", E->users}, {"think_time", E->think_time},
           {"unloaded_response", E->unloaded_response}, {"max_throughput", E->max_throughput},
           {"throughput", E->throughput}, {"response", E->response});
    json_string(w, "bottleneck", E->bottleneck >= 0 ? m->components[E->bottleneck].path : NULL);
    json_end(w);
  }
  json_wrap(w);
  json_object(w, "components", JSON_BLOCK);
  for (size_t v = 0; v < m->n_components; v++) {
    const struct est_component *x = &E->components[v];
    json_object(w, m->components[v].path, JSON_INLINE);
    FIELDS(w, {"reads", x->reads}, {"writes", x->writes}, {"peak_reads", x->peak_reads},
           {"peak_writes", x->peak_writes}, {"capacity", x->capacity}, {"utilization", x->util},
           {"utilization_peak", x->util_peak}, {"headroom", x->headroom});
    response(w, "response", x->resp);
    response(w, "response_peak", x->resp_peak);
    json_number(w, "overflow_peak", x->overflow_peak);
    if (x->bytes_per_day > 0)
      FIELDS(w, {"bytes_per_day", x->bytes_per_day}, {"storage_total", x->storage_total});
    if (x->hot_set > 0) FIELDS(w, {"hot_set", x->hot_set}, {"memory", x->memory});
    if (x->backlog_per_hour > 0) {
      json_number(w, "backlog_per_hour", x->backlog_per_hour);
      if (x->drain_seconds < 0) json_null(w, "drain_seconds");
      else json_number(w, "drain_seconds", x->drain_seconds);
    }
    json_end(w);
  }
  json_end(w);
  json_wrap(w);
  json_object(w, "clients", JSON_BLOCK);
  for (size_t i = 0; i < E->n_clients; i++) {
    const struct est_client *cl = &E->clients[i];
    json_object(w, m->components[cl->component].path, JSON_INLINE);
    FIELDS(w, {"share", cl->share}, {"read_latency", cl->read_latency},
           {"read_latency_peak", cl->read_latency_peak}, {"write_latency", cl->write_latency},
           {"write_latency_peak", cl->write_latency_peak});
    json_end(w);
  }
  json_end(w);
  if (declared_flows(m)) {
    json_wrap(w);
    json_object(w, "flows", JSON_BLOCK);
    for (size_t i = 0; i < m->n_flows; i++) {
      const struct arch_flow *fl = &m->flows[i];
      const struct est_flow *x = &E->flows[i];
      json_object(w, fl->name, JSON_INLINE);
      json_string(w, "class", fl->writes ? "write" : "read");
      FIELDS(w, {"rate", x->rate}, {"rate_peak", x->rate_peak});
      response(w, "latency", isinf(x->latency) ? -1 : x->latency);
      response(w, "latency_peak", isinf(x->latency_peak) ? -1 : x->latency_peak);
      if (fl->latency_slo > 0) json_number(w, "latency_slo", fl->latency_slo);
      json_string(w, "bottleneck", x->bottleneck >= 0 ? m->components[x->bottleneck].path : NULL);
      json_number(w, "headroom", x->headroom);
      json_string(w, "slowest", x->slowest >= 0 ? m->components[x->slowest].path : NULL);
      FIELDS(w, {"availability", x->availability}, {"bytes_in_per_s", x->bytes_in},
             {"bytes_out_per_s", x->bytes_out}, {"stored_per_day", x->stored_per_day},
             {"storage_total", x->storage_total});
      json_end(w);
    }
    json_end(w);
  }
  json_wrap(w);
  json_array(w, "breaks_first", JSON_INLINE);
  for (size_t i = 0; i < E->n_ranked; i++) json_string(w, NULL, m->components[E->by_headroom[i]].path);
  json_end(w);
  json_end(w);
}

/* A CSV cell with the same digits as JSON. */
static void cell(FILE *f, double v, const char *end) {
  char buf[32];
  fprintf(f, "%s%s", quantity_exact(v, buf, sizeof buf), end);
}

/* A response time, or "saturated" where there is none. */
static void response_cell(FILE *f, double r) {
  if (r < 0) fputs("saturated,", f);
  else cell(f, r, ",");
}

static void write_csv(FILE *f, const struct arch_model *m, const struct estimate *E) {
  fputs("component,kind,reads,writes,peak_reads,peak_writes,capacity,utilization,"
        "utilization_peak,headroom,response_s,response_peak_s,bytes_per_day\n", f);
  for (size_t v = 0; v < m->n_components; v++) {
    const struct est_component *x = &E->components[v];
    const double figures[] = {x->reads, x->writes, x->peak_reads, x->peak_writes,
                              x->capacity, x->util, x->util_peak, x->headroom};
    fprintf(f, "%s,%s,", m->components[v].path, kind_name(&m->components[v]));
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) cell(f, figures[i], ",");
    response_cell(f, x->resp);
    response_cell(f, x->resp_peak);
    cell(f, x->bytes_per_day, "\n");
  }
  if (!declared_flows(m)) return;
  /* The flows: a second table, after a blank line. */
  fputs("\nflow,class,rate,rate_peak,latency_s,latency_peak_s,latency_slo_s,bottleneck,headroom,"
        "availability,bytes_in_per_s,bytes_out_per_s,stored_per_day,storage_total\n", f);
  for (size_t i = 0; i < m->n_flows; i++) {
    const struct arch_flow *fl = &m->flows[i];
    const struct est_flow *x = &E->flows[i];
    fprintf(f, "%s,%s,", fl->name, fl->writes ? "write" : "read");
    cell(f, x->rate, ",");
    cell(f, x->rate_peak, ",");
    response_cell(f, isinf(x->latency) ? -1 : x->latency);
    response_cell(f, isinf(x->latency_peak) ? -1 : x->latency_peak);
    cell(f, fl->latency_slo, ",");
    fprintf(f, "%s,", x->bottleneck >= 0 ? m->components[x->bottleneck].path : "");
    const double figures[] = {x->headroom, x->availability, x->bytes_in, x->bytes_out,
                              x->stored_per_day};
    for (size_t k = 0; k < sizeof figures / sizeof figures[0]; k++) cell(f, figures[k], ",");
    cell(f, x->storage_total, "\n");
  }
}

int report_write(archc *c, const struct output_input *in, const char *format, FILE *f) {
  (void)c;
  const struct arch_model *m = in->model;
  const struct estimate *E = in->estimate;
  if (!E) return ARCHC_USAGE_ERROR;
  if (strcmp(format, "json") == 0) {
    struct json_writer w;
    json_start(&w, f);
    report_json(&w, NULL, m, E);
  } else if (strcmp(format, "csv") == 0) {
    write_csv(f, m, E);
  } else {
    write_human(f, m, E, strcmp(format, "markdown") == 0);
  }
  return ARCHC_OK;
}
