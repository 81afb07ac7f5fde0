#!/usr/bin/env bash
# docs/library.md shows examples/library/example.c in full, after the line
# "<!-- examples/library/example.c -->": the two must not drift apart.
#   run_library_doc.sh LIBRARY_MD EXAMPLE_C
set -u
doc=$1 example=$2
shown=$(awk '/^<!-- examples\/library\/example.c -->$/ { marked = 1; next }
             marked && /^```c$/ { inside = 1; next }
             inside && /^```$/ { exit }
             inside { print }' "$doc")
if [ "$shown" != "$(cat "$example")" ]; then
  echo "FAIL $doc does not show $example as it is:"
  diff <(echo "$shown") "$example"
  exit 1
fi
echo "library doc: the example is shown as it is"
