/*
 * render.c - producing an output file.
 *
 * The whole output is built in memory first, then written to a temporary
 * file beside the target and renamed over it.  A run that fails at any
 * point therefore leaves the previous output exactly as it was.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gv.h"
#include "json.h"
#include "model.h"

static int write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

static int write_atomically(archc *c, const char *path, const char *data, size_t len) {
  if (strcmp(path, "-") == 0) {
    if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
      diag_plain(c, DIAG_ERROR, "cannot write to standard output: %s", strerror(errno));
      return ARCHC_USAGE_ERROR;
    }
    return ARCHC_OK;
  }
  char *tmp = arena_printf(&c->arena, "%s.tmp-XXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    diag_plain(c, DIAG_ERROR, "cannot write '%s': %s", path, strerror(errno));
    return ARCHC_USAGE_ERROR;
  }
  mode_t mask = umask(0);
  umask(mask);
  int err = 0;
  if (fchmod(fd, 0666 & ~mask) != 0 || write_all(fd, data, len) != 0) err = errno;
  if (close(fd) != 0 && !err) err = errno;
  if (!err && rename(tmp, path) != 0) err = errno;
  if (err) {
    unlink(tmp);
    diag_plain(c, DIAG_ERROR, "cannot write '%s': %s", path, strerror(err));
    return ARCHC_USAGE_ERROR;
  }
  return ARCHC_OK;
}

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
    json_write_model(f, c->model);
    rc = fclose(f) == 0 ? ARCHC_OK : ARCHC_USAGE_ERROR;
  } else {
    rc = gv_render(c, fmt, &data, &len);
  }
  if (rc == ARCHC_OK) rc = write_atomically(c, path, data, len);
  free(data);
  return rc;
}
