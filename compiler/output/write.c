/*
 * output.c - writing an output file.
 *
 * The whole output is built in memory first, then written to a temporary
 * file beside the target and renamed over it.  A run that fails at any
 * point therefore leaves the previous output exactly as it was.
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int write_atomically(archc *c, const char *path, const char *data, size_t len) {
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

