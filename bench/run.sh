#!/usr/bin/env bash
# bench/run.sh - the benchmark, end to end (docs/performance.md).
#
#   bench/run.sh [--sizes 100,1000,10000] [--svg-max 1000] [--runs 5] [--svg-runs K] [--out DIR]
#                [--shapes tiers,fanout,chain,stores,clients,mesh]
#
# Each shape (archc-bench --shape, default tiers alone) is run in turn into
# DIR/SHAPE/, with its own table of stages: parse + resolve, estimate,
# review, DOT out, peak memory.
# Builds archc in Release (build-bench/), runs archc-bench (bench/bench.c) on
# generated designs, then times, on the same core and with the same clock:
#   - `archc design-N.arch -o cli-N.svg --view all`, the whole compile as a user
#     runs it, of the whole design;
#   - then, past 200 components, the same with each view: the default (the
#     overview), each `view` the design declares, and all;
#   - `dot -Tsvg design-N.dot`, Graphviz's own layout and render of the very
#     graph archc hands to Graphviz (archc-bench writes it);
# with hyperfine when it is installed, else a loop timed with `date +%s%N`.
# The SVG part stops at --svg-max components (default 1000): dot's layout
# grows much faster than linearly, and 10,000 components take about a
# quarter of an hour (each of archc-bench, archc and dot).  Pass
# --svg-max 10000 to measure them too.  SVG compiles of fewer than 1,000
# components take the best of --runs runs; larger ones one run, unless
# --svg-runs says how many.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=100,1000,10000 svg_max=1000 runs=5 out=build-bench/bench svg_runs= shapes=tiers
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2 ;;
    --svg-max) svg_max=$2 ;;
    --runs) runs=$2 ;;
    --svg-runs) svg_runs=$2 ;;
    --out) out=$2 ;;
    --shapes) shapes=$2 ;;
    *) echo "usage: bench/run.sh [--sizes LIST] [--svg-max N] [--runs N] [--svg-runs N] [--out DIR]" \
            "[--shapes LIST]" >&2
       exit 2 ;;
  esac
  shift 2
done

# The standard library from this tree, whatever is installed.
export ARCHC_PATH=$PWD/stdlib
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target archc archc-bench >/dev/null
mkdir -p "$out"

# One core, the same one for everything, when taskset is there.
pin=()
if command -v taskset >/dev/null; then
  core=$(( $(nproc) - 1 ))
  pin=(taskset -c "$core")
fi

echo "machine:  $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')," \
     "$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1e6}' /proc/meminfo)"
echo "system:   $(sed -n 's/^PRETTY_NAME="\(.*\)"$/\1/p' /etc/os-release), $(uname -r)"
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' build-bench/CMakeCache.txt)
echo "compiler: $cc $("$cc" -dumpfullversion), Release:" \
     "$(sed -n 's/^CMAKE_C_FLAGS_RELEASE:[A-Z]*=//p' build-bench/CMakeCache.txt)"
echo "graphviz: $(dot -V 2>&1)"
echo "pinned:   ${pin[*]:-(taskset not found: not pinned)}"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
echo

svg_flag=()
[ -n "$svg_runs" ] && svg_flag=(--svg-runs "$svg_runs")

# best_of K CMD...: the fastest of K runs of CMD, in seconds.
if command -v hyperfine >/dev/null; then
  timer="hyperfine"
  best_of() {
    local k=$1
    shift
    local warm=()
    [ "$k" -gt 1 ] && warm=(--warmup 1)
    hyperfine -N "${warm[@]}" --runs "$k" --export-json "$out/hyperfine.json" "$*" >/dev/null 2>&1
    sed -n 's/^ *"min": *\([0-9.e+-]*\),*$/\1/p' "$out/hyperfine.json" | head -1
  }
else
  timer="date +%s%N loop"
  best_of() {
    local k=$1
    shift
    local best=
    for ((i = 0; i < k; i++)); do
      local t0 t1
      t0=$(date +%s%N)
      "$@" >/dev/null 2>&1
      t1=$(date +%s%N)
      if [ -z "$best" ] || [ $((t1 - t0)) -lt "$best" ]; then best=$((t1 - t0)); fi
    done
    echo "$best" | awk '{printf "%.6f", $1 / 1e9}'
  }
fi

# One shape: archc-bench's table, the SVG comparison, the targets.
run_shape() {
local shape=$1 top=$out
local out=$top/$shape
mkdir -p "$out"
echo "=== shape: $shape"
"${pin[@]}" build-bench/archc-bench --shape "$shape" --sizes "$sizes" --svg-max "$svg_max" \
  --runs "$runs" --out "$out" "${svg_flag[@]}"

echo
echo "A whole SVG compile next to Graphviz alone on the same graph ($timer, best of the runs shown):"
echo "  in-process: archc-bench's SVG compile (load, resolve, estimate, review, render); Graphviz:"
echo "              the time inside Graphviz's calls, of which graph API: building the graph"
echo "              through cgraph; archc own: the rest; share: archc own / in-process, and in"
echo "              brackets (archc own + graph API) / in-process"
echo "  archc CLI:  archc design-N.arch -o cli-N.svg --view all, a whole process"
echo "  dot -Tsvg:  dot -Tsvg design-N.dot -o dot-N.svg, a whole process"
printf '  %7s %4s | %10s %10s %9s %9s %15s | %10s %10s | %s\n' comps runs "in-process" Graphviz \
  "graph API" "archc own" "share" "archc CLI" "dot -Tsvg" "CLI / dot"
share_max=0
while IFS=$'\t' read -r size comps _ _ _ _ _ _ _ _ nsvg total gv api own _; do
  [ "$size" = size ] && continue
  [ "$nsvg" -gt 0 ] || continue
  k=${svg_runs:-$([ "$size" -lt 1000 ] && echo "$runs" || echo 1)}
  cli=$(best_of "$k" "${pin[@]}" build-bench/archc "$out/design-$size.arch" -o "$out/cli-$size.svg" \
    --view all)
  dot=$(best_of "$k" "${pin[@]}" dot -Tsvg "$out/design-$size.dot" -o "$out/dot-$size.svg")
  share=$(awk -v o="$own" -v t="$total" 'BEGIN {printf "%.2f", 100 * o / t}')
  wide=$(awk -v o="$own" -v a="$api" -v t="$total" 'BEGIN {printf "%.2f", 100 * (o + a) / t}')
  share_max=$(awk -v a="$wide" -v b="$share_max" 'BEGIN {print (a > b) ? a : b}')
  printf '  %7s %4s | %8.3f s %8.3f s %6.1f ms %6.1f ms %6s%% (%5s%%) | %8.3f s %8.3f s | %8.2fx\n' \
    "$comps" "$k" "$total" "$gv" "$(awk -v a="$api" 'BEGIN {print a * 1000}')" \
    "$(awk -v o="$own" 'BEGIN {print o * 1000}')" "$share" "$wide" "$cli" "$dot" \
    "$(awk -v a="$cli" -v b="$dot" 'BEGIN {print a / b}')"
done <"$out/results.tsv"


# Views (issue 10): a design past 200 components draws its overview by
# default; each of its views, and everything (--view all), timed the same way.
views_shown=
while IFS=$'\t' read -r size comps _ _ _ _ _ _ _ _ nsvg _; do
  [ "$size" = size ] && continue
  [ "$nsvg" -gt 0 ] && [ "$comps" -gt 200 ] || continue
  if [ -z "$views_shown" ]; then
    echo
    echo "Views: archc design-N.arch -o x.svg [--view V], a whole process ($timer):"
    printf '  %7s  %-12s %5s %10s\n' comps view runs time
    views_shown=1
  fi
  k=${svg_runs:-$([ "$size" -lt 1000 ] && echo "$runs" || echo 1)}
  for view in default $(sed -n 's/^view \([A-Za-z_0-9]*\).*/\1/p' "$out/design-$size.arch") all; do
    opt=()
    [ "$view" = default ] || opt=(--view "$view")
    t=$(best_of "$k" "${pin[@]}" build-bench/archc "$out/design-$size.arch" -o "$out/view-$size.svg" \
      "${opt[@]}")
    printf '  %7s  %-12s %5s %8.3f s\n' "$comps" "$view" "$k" "$t"
  done
done <"$out/results.tsv"

echo
echo "Against the targets:"
awk -F'\t' '$1 == 10000 {
  ms = $4 * 1000; cpu = $16 * 1000; cold = $17 * 1000; mb = $6 * 1024 / 1e6;
  printf "  10,000 components, %d edges parsed and resolved (target < 50 ms):\n", $3;
  printf "  ... warm, best of the runs: %.1f ms (%.1f ms CPU): %s\n", ms, cpu, ms < 50 ? "met" : "MISSED";
  printf "  ... cold, a fresh process (%d page faults): %.1f ms: %s\n", $18, cold,
    cold < 50 ? "met" : "MISSED";
  printf "  ... memory: arena %.1f MB, peak RSS %.1f MB (target < 50 MB): %s\n",
    $5 / 1e6, mb, mb < 50 ? "met" : "MISSED";
  found = 1 }
  END { if (!found) print "  (size 10000 not run: no verdict on the parse + resolve target)" }' \
  "$out/results.tsv"
# Issue 10: archc'"'"'s own check work (parse + resolve, estimate, review; warm)
# under 50 ms at 10,000 components, under 1 s and 500 MB at 100,000.
awk -F'\t' -v shape="$shape" '$1 == 10000 || $1 == 100000 {
  ms = ($4 + $8 + $9) * 1000; mb = $6 * 1024 / 1e6;
  limit = $1 == 10000 ? 50 : 1000;
  printf "  %s, %d components: check work %.1f ms (target < %d ms): %s", shape, $1, ms, limit,
    ms < limit ? "met" : "MISSED";
  if ($1 == 100000) printf "; peak RSS %.1f MB (target < 500 MB): %s", mb, mb < 500 ? "met" : "MISSED";
  printf "\n" }' "$out/results.tsv"
if grep -q . <(awk -F'\t' 'NR > 1 && $11 > 0' "$out/results.tsv"); then
  awk -v s="$share_max" 'BEGIN {printf "  archc'\''s share of a whole SVG compile (graph API counted as archc'\''s), at most %.2f%% (target <= 10%%): %s\n",
    s, s <= 10 ? "met" : "MISSED"}'
fi
sizes_svg=$(awk -F'\t' 'NR > 1 && $11 == 0 {printf "%s%s", sep, $1; sep = ","}' "$out/results.tsv")
[ -z "$sizes_svg" ] || echo "  SVG not compiled for $sizes_svg components (over --svg-max $svg_max)"
echo
}

for shape in ${shapes//,/ }; do run_shape "$shape"; done
