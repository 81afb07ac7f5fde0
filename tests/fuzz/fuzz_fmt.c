/*
 * fuzz_fmt.c - libFuzzer target for archc fmt: an input the parser
 * accepts is formatted, and its layout formatted again must be accepted
 * too and come out unchanged.  The formatter checks itself that only the
 * layout changed (fmt.c, same_tokens), so an internal error on an input
 * that parsed is a bug as well.  Any of these aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The formatter's own check failed: a text that parsed, but whose layout
   would have changed its tokens.  That message is the only one about no
   place in a file (a syntax error's message may quote the input). */
static void on_diagnostic(void *ctx, const struct archc_diagnostic *d) {
  (void)ctx;
  if (!d->file && strstr(d->message, "cannot be formatted without changing its tokens")) {
    fprintf(stderr, "fuzz_fmt: %s\n", d->message);
    abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct archc_options opts = {0};
  opts.quiet = 1;
  opts.on_diagnostic = on_diagnostic;
  archc *c = archc_new(&opts);
  if (!c) return 0;
  const char *once, *twice;
  size_t once_len, twice_len;
  int rc = archc_format_source(c, "fuzz.arch", (const char *)data, size, &once, &once_len);
  if (rc == ARCHC_OK) {
    if (archc_format_source(c, "once.arch", once, once_len, &twice, &twice_len) != ARCHC_OK) {
      fprintf(stderr, "fuzz_fmt: the formatted text is refused:\n%.*s", (int)once_len, once);
      abort();
    }
    if (twice_len != once_len || memcmp(once, twice, once_len) != 0) {
      fprintf(stderr, "fuzz_fmt: formatting twice changes the text:\n%.*s----\n%.*s",
              (int)once_len, once, (int)twice_len, twice);
      abort();
    }
  }
  archc_free(c);
  return 0;
}
