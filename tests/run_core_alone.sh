#!/usr/bin/env bash
# The core (libarchc-core) needs nothing of Graphviz: a program linked against
# it alone loads no Graphviz library and leaves no Graphviz function
# (ag*, gv*) to be found at run time, and the library itself calls none.
#   run_core_alone.sh PROGRAM LIBARCHC_CORE_A
set -u
program=$1 library=$2
failed=0
if ldd "$program" | grep -E 'lib(gvc|cgraph|cdt|pathplan|xdot)[.]'; then
  echo "FAIL $program loads Graphviz"; failed=1
fi
if nm -u "$program" | grep -E '^ *U (ag|gv)[A-Za-z]'; then
  echo "FAIL $program needs the Graphviz functions above"; failed=1
fi
# Within the archive a symbol may be undefined in one object and defined in
# another (gv_write); only what none of them defines counts.
defined=$(nm --defined-only "$library" | awk 'NF == 3 { print $3 }' | sort -u)
needed=$(nm -u "$library" | awk '$1 == "U" { print $2 }' | sort -u)
if comm -23 <(echo "$needed") <(echo "$defined") | grep -E '^(ag|gv)[A-Za-z]'; then
  echo "FAIL $library calls the Graphviz functions above"; failed=1
fi
[ "$failed" -eq 0 ] && echo "core alone: no Graphviz in $(basename "$program") or $(basename "$library")"
exit "$failed"
