/*
 * diagram.h - the drawing as data, before any layout: what archc decides
 * about the picture (clusters for regions, zones and groups, a node for
 * each component with its shape, colours and label, an edge for each call,
 * the title and legends, the direction), without Graphviz.
 *
 * Two writers read it: dot.c writes it as DOT text, in the core, and gv.c
 * hands it to Graphviz to lay out and draw.  So a build without Graphviz
 * still describes the same picture, and -T dot is exactly what Graphviz
 * draws.
 *
 * Everything lives in the compilation's arena.  Names and values are
 * Graphviz attribute names and values; an object's attributes are sorted
 * by name (strcmp), each name once, which is the order DOT writes them in.
 */
#ifndef ARCH_DIAGRAM_H
#define ARCH_DIAGRAM_H

#include <stdbool.h>
#include <stddef.h>

#include "output.h"

struct diagram_attr {
  const char *name, *value;
  bool html;                 /* an HTML-like label: `value` is markup, without the outer <> */
};

struct diagram_attrs {
  const struct diagram_attr *items;
  size_t n;
};

struct diagram_cluster {
  const char *name;          /* cluster_<path>: the prefix makes Graphviz draw a frame */
  int parent;                /* the enclosing cluster (a lower index), or -1 */
  struct diagram_attrs attrs;
};

struct diagram_node {
  const char *name;          /* the component's path */
  int cluster;               /* the innermost cluster, or -1 */
  struct diagram_attrs attrs;
};

struct diagram_edge {
  int from, to;              /* node indices */
  struct diagram_attrs attrs;
};

/* Clusters are the model's groups, nodes its components and edges its
   edges, index for index and in source order. */
struct diagram {
  const char *name;
  struct diagram_attrs graph;        /* the whole picture's own */
  struct diagram_attrs node_defaults, edge_defaults;
  const struct diagram_cluster *clusters;
  size_t n_clusters;
  const struct diagram_node *nodes;
  size_t n_nodes;
  const struct diagram_edge *edges;
  size_t n_edges;
};

/* The picture of in->model, with in->estimate's figures and in->review's
   findings when they are given. */
const struct diagram *diagram_build(archc *c, const struct output_input *in);

/* The value of attribute `name`, or NULL. */
const char *diagram_attr(const struct diagram_attrs *a, const char *name);

#endif
