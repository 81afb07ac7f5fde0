#!/usr/bin/env bash
# The benchmark: builds archc in Release, times every stage on generated
# designs (bench/bench.c), and times Graphviz's own `dot -Tsvg` on the graph
# archc hands it, for the sizes small enough to lay out in reasonable time.
#   bench/run.sh [SIZES] [SVG_MAX]        defaults: 100,1000,10000 and 100
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-100,1000,10000}
svg_max=${2:-100}
out=build-release/bench
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release -j"$(nproc)" --target archc archc-bench >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "graphviz: $(dot -V 2>&1)"
echo
ARCHC_PATH=$PWD/stdlib build-release/archc-bench --sizes "$sizes" --svg-max "$svg_max" --out "$out"
echo
echo "A whole SVG compile from the command line, next to Graphviz alone on the same graph:"
printf '  %-6s %14s %12s   %14s %12s\n' size "archc -o svg" "peak RSS" "dot -Tsvg" "peak RSS"
IFS=, read -ra list <<<"$sizes"
for n in "${list[@]}"; do
  [ "$n" -le "$svg_max" ] || continue
  /usr/bin/time -f "%e %M" -o "$out/time-archc" build-release/archc "$out/design-$n.arch" \
    -o "$out/cli-$n.svg" 2>/dev/null || true
  /usr/bin/time -f "%e %M" -o "$out/time-dot" dot -Tsvg "$out/design-$n.dot" -o /dev/null 2>/dev/null
  a=$(tail -1 "$out/time-archc") d=$(tail -1 "$out/time-dot")
  printf '  %-6s %12.2f s %9.1f MB   %12.2f s %9.1f MB\n' "$n" "${a% *}" "$(echo "${a#* } / 1000" | bc -l)" \
    "${d% *}" "$(echo "${d#* } / 1000" | bc -l)"
done
