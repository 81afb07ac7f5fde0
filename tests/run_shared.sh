#!/usr/bin/env bash
# The shared libraries export exactly the functions archc.h marks ARCHC_API,
# and need only what their code calls: libc, libm and, for libarchc alone,
# Graphviz's libgvc and libcgraph (not Cairo: Graphviz loads its own).
#   run_shared.sh ARCHC_H LIBARCHC_SO LIBARCHC_CORE_SO
set -u
header=$1 full=$2 core=$3
failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

declared=$(grep -o '^ARCHC_API [^(]*(' "$header" | sed -E 's/.*[ *]([A-Za-z_0-9]+)\($/\1/' | sort)
[ "$(echo "$declared" | wc -l)" -gt 20 ] || fail "cannot read the declarations of $header"
for lib in "$full" "$core"; do
  exported=$(nm -D --defined-only "$lib" | awk '{print $3}' | sort)
  extra=$(comm -13 <(echo "$declared") <(echo "$exported"))
  missing=$(comm -23 <(echo "$declared") <(echo "$exported"))
  [ -z "$extra" ] || fail "$(basename "$lib") exports what archc.h does not declare:" $extra
  [ -z "$missing" ] || fail "$(basename "$lib") does not export:" $missing
  # The sanitizers' runtimes are allowed: they are the build's, not archc's.
  needed=$(readelf -d "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | grep -Ev '^lib(asan|ubsan)\.')
  allowed='^lib(c|m)\.so\.'
  # libarchc: Graphviz, and Cairo and Pango for the report (canvas.c).
  [ "$lib" = "$full" ] && allowed='^lib(c|m|gvc|cgraph|cairo|pango-1\.0|pangocairo-1\.0|gobject-2\.0)\.so\.'
  unexpected=$(echo "$needed" | grep -Ev "$allowed")
  [ -z "$unexpected" ] || fail "$(basename "$lib") needs" $unexpected
done
echo "shared libraries: $(echo "$declared" | wc -l) functions exported, $failed failures"
[ "$failed" -eq 0 ]
