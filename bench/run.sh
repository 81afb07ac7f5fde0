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
echo "Graphviz alone, dot -Tsvg on the DOT archc wrote:"
IFS=, read -ra list <<<"$sizes"
for n in "${list[@]}"; do
  [ "$n" -le "$svg_max" ] || continue
  start=$(date +%s%N)
  dot -Tsvg "$out/design-$n.dot" -o /dev/null 2>/dev/null
  end=$(date +%s%N)
  printf '  %-6s %9.1f ms\n' "$n" "$(echo "($end - $start) / 1000000" | bc -l)"
done
