/*
 * requirements.h - whether a design meets its `requirements`, with the
 * figure that decides each; and one flow's figures, which the scorecard
 * and `estimate --explain` share.  See requirements.c.
 */
#ifndef ARCH_REQ_CHECK_H
#define ARCH_REQ_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct archc;
struct arena;
struct estimate;
struct analysis;

/* One flow's figures, from the estimate and the analyses. */
struct req_flow {
  double rate, rate_peak;     /* entering, rps, average and at peak */
  double latency_peak;        /* mean end to end at peak, s; INFINITY: saturated on the way */
  int bottleneck;             /* lowest headroom on its path, or -1 (none measured) */
  double headroom;            /* that component's */
  double availability;        /* of what its requests need, series-parallel */
  int spof;                   /* a single instance every request of the flow passes, or -1 */
  bool *on_path;              /* per component: the flow reaches it */
  int slowest;                /* the component adding most to latency_peak, or -1 */
};

/* The figures of flow `index` of `m`.  E and A are required. */
void req_flow_figures(struct arena *a, const struct arch_model *m, const struct estimate *E,
                      const struct analysis *A, size_t index, struct req_flow *out);

enum req_status { REQ_MET, REQ_MISSED, REQ_NOT_ADDRESSED };
extern const char *const req_status_names[3];

struct req_result {
  const struct arch_requirement *req;
  enum req_status status;
  double figure;              /* the deciding figure, base units; NAN: none */
  const char *text;           /* "620 ms at peak, target 1 s" */
  const char *advice;         /* what would meet it: the scorecard's next step */
  const char *hint;           /* a question that leads there without the answer */
  int component;              /* the component that decides it, or -1 */
};

struct req_check {
  struct req_result *results; /* in the order the requirements are written */
  size_t n;
  size_t met, missed, not_addressed;
  const struct analysis *analysis;
};

/* Each requirement of `m` against the design; E may be NULL (no
   workload: what needs traffic is not addressed). */
struct req_check *requirements_check(struct archc *c, const struct arch_model *m,
                                     const struct estimate *E);

#endif
