/* gv.h - the one door to Graphviz. */
#ifndef ARCH_GV_H
#define ARCH_GV_H

#include <stddef.h>

#include "internal.h"

/* Lay out and draw the model (svg, pdf, png) or write the graph before
   layout (dot).  On success *data is a malloc'd buffer the caller frees. */
int gv_render(archc *c, enum archc_format fmt, char **data, size_t *len);

#endif
