#!/usr/bin/env bash
# Every header compiles on its own: it includes what it needs.
#   run_headers.sh CC BUILD_DIR
set -u
cc=$1 build=$2
root=$(cd "$(dirname "$0")/.." && pwd)
failed=0 total=0
incs=()
for d in "$root"/compiler/*/; do incs+=(-I"$d"); done
for h in "$root"/compiler/*/*.h; do
  total=$((total + 1))
  if ! printf '#include "%s"\n' "$h" |
       "$cc" -std=c11 -Wall -Wextra -fsyntax-only "${incs[@]}" \
             -I"$build" -x c - 2>"$build/header.err"; then
    echo "FAIL $(basename "$h") does not compile alone"; cat "$build/header.err"; failed=$((failed + 1))
  fi
done
echo "headers: $total, $failed failed"
[ "$failed" -eq 0 ]
