/*
 * render.c - the model as a diagram (through gv.c) or as JSON, written with
 * write_atomically() from output.c.
 */
#include "internal.h"

#include <stdlib.h>

#include "gv.h"
#include "json.h"
#include "model.h"

int archc_render(archc *c, enum archc_format fmt, const char *path) {
  if (!c->model || c->n_errors) return ARCHC_DESIGN_ERROR;
  char *data = NULL;
  size_t len = 0;
  int rc;
  if (fmt == ARCHC_JSON) {
    FILE *f = open_memstream(&data, &len);
    if (!f) {
      diag_plain(c, DIAG_ERROR, "out of memory");
      return ARCHC_USAGE_ERROR;
    }
    json_write_model(f, c->model, c->opt.no_estimates ? NULL : c->estimate);
    rc = fclose(f) == 0 ? ARCHC_OK : ARCHC_USAGE_ERROR;
  } else {
    rc = gv_render(c, fmt, &data, &len);
  }
  if (rc == ARCHC_OK) rc = write_atomically(c, path, data, len);
  free(data);
  return rc;
}
