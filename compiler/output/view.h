/*
 * view.h - what one drawing shows: a view (model.h, struct arch_view)
 * turned into the nodes and frames of a picture, before diagram.c styles
 * them.
 *
 * A view maps every component to the node that stands for it: itself, the
 * outermost collapsed group around it, or nothing (left out).  Nodes are
 * numbered in one space: component i is node i, group g is node
 * n_components + g.  A group that holds a node and is not collapsed is a
 * frame (a cluster).
 */
#ifndef ARCH_VIEW_H
#define ARCH_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "archc.h"
#include "arena.h"
#include "model.h"

/* Past this many components a design is drawn through its overview unless
   the caller asks for another view or for everything (docs/language.md,
   "Views"). */
enum { VIEW_THRESHOLD = ARCHC_VIEW_THRESHOLD };
/* The built-in overview collapses until it draws no more boxes than this:
   a picture one page can hold and a reader can take in.  On the
   benchmark's 1,000 components, 60 boxes in two ranks made a strip 60
   inches tall, and a region's 30 boxes a column of 28 inches; 24 and 12
   boxes make pages about as wide as tall. */
enum { VIEW_OVERVIEW_BOXES = 25 };

struct view_map {
  size_t n_components, n_nodes;  /* n_nodes = components + groups */
  int *node_of;                  /* by component: its node, or -1 */
  bool *context;                 /* by node: a neighbour outside `only`, drawn muted */
  bool *frame;                   /* by group: drawn as a cluster */
  size_t drawn;                  /* distinct nodes drawn */
};

/* `v` applied to `m`; v NULL is the whole design, every group a frame. */
void view_apply(struct arena *a, const struct arch_model *m, const struct arch_view *v,
                struct view_map *out);

/* The view named `name`: one the design declares (past VIEW_THRESHOLD
   boxes, collapsed as the overview is unless it says how to collapse), or
   "overview", archc's own when the design declares none of that name;
   NULL if none. */
const struct arch_view *view_find(struct arena *a, const struct arch_model *m, const char *name);

/* archc's overview of `m`: the least collapsing (plain groups; then zones
   and groups; then every top-level group) that draws at most
   VIEW_OVERVIEW_BOXES nodes, else the last. */
const struct arch_view *view_overview(struct arena *a, const struct arch_model *m);

/* What a drawing of `m` shows when the caller names no view: NULL (all of
   it) up to VIEW_THRESHOLD components or without groups, else its
   overview. */
const struct arch_view *view_default(struct arena *a, const struct arch_model *m);

/* For people: "zones and groups collapsed", "only us_east"; in the arena. */
const char *view_describe(struct arena *a, const struct arch_model *m, const struct arch_view *v);

#endif
