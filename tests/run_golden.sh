#!/usr/bin/env bash
# Golden tests: every example in examples/ compiles, and the graph archc
# hands to Graphviz (DOT, before layout, so Graphviz's version does not
# matter), the resolved model (JSON) and the capacity estimate (text and
# JSON) match tests/golden/<example>.{dot,json,estimate.txt,estimate.json}.
# Views: each tests/golden/views/<design>.arch is drawn as DOT once per
# line of <design>.views (a view's name, `all`, or `default`: no --view),
# into <design>.<view>.dot; `default` also keeps what archc says on
# standard error about the overview in <design>.default.stderr.
#   run_golden.sh ARCHC            compare
#   run_golden.sh ARCHC --regen    rewrite the expectations (read the diff first!)
set -u
archc=$1
regen=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 total=0
for design in examples/*.arch; do
  name=$(basename "$design" .arch)
  for fmt in dot json estimate.txt estimate.json; do
    total=$((total + 1))
    expected=tests/golden/$name.$fmt
    case $fmt in
      estimate.txt) cmd=("$archc" estimate "$design" -f text) ;;
      estimate.json) cmd=("$archc" estimate "$design" -f json) ;;
      *) cmd=("$archc" "$design" -T "$fmt") ;;
    esac
    if ! "${cmd[@]}" -o "$tmp/out.$fmt" --color never 2>"$tmp/err"; then
      echo "FAIL $design ($fmt): archc failed"; cat "$tmp/err"; failed=$((failed + 1)); continue
    fi
    # Determinism: a second run gives the same bytes.
    "${cmd[@]}" -o "$tmp/again.$fmt" --color never 2>/dev/null
    if ! cmp -s "$tmp/out.$fmt" "$tmp/again.$fmt"; then
      echo "FAIL $design ($fmt): two runs differ"; failed=$((failed + 1)); continue
    fi
    if [ "$regen" = --regen ]; then
      cp "$tmp/out.$fmt" "$expected"
    elif ! diff -u "$expected" "$tmp/out.$fmt" >"$tmp/diff"; then
      echo "FAIL $design ($fmt): differs from $expected"; head -40 "$tmp/diff"
      failed=$((failed + 1))
    fi
  done
done
# check NAME EXPECTED CMD...: CMD's standard output is EXPECTED, twice.
check() {
  local name=$1 expected=$2
  shift 2
  total=$((total + 1))
  if ! "$@" >"$tmp/out" 2>"$tmp/err"; then
    echo "FAIL $name: archc failed"; cat "$tmp/err"; failed=$((failed + 1)); return
  fi
  "$@" >"$tmp/again" 2>/dev/null
  if ! cmp -s "$tmp/out" "$tmp/again"; then
    echo "FAIL $name: two runs differ"; failed=$((failed + 1)); return
  fi
  if [ "$regen" = --regen ]; then
    cp "$tmp/out" "$expected"
  elif ! diff -u "$expected" "$tmp/out" >"$tmp/diff"; then
    echo "FAIL $name: differs from $expected"; head -40 "$tmp/diff"; failed=$((failed + 1))
  fi
}
for design in tests/golden/views/*.arch; do
  stem=${design%.arch}
  while read -r view; do
    if [ "$view" = default ]; then
      check "$design (default view)" "$stem.default.dot" "$archc" "$design" -T dot -o - --color never
      check "$design (default view, stderr)" "$stem.default.stderr" \
        sh -c '"$1" "$2" --no-review -T dot -o /dev/null --color never 2>&1' sh "$archc" "$design"
    else
      check "$design (view $view)" "$stem.$view.dot" "$archc" "$design" -T dot -o - --view "$view" \
        --color never
    fi
  done <"$stem.views"
done
echo "golden: $total outputs, $failed failed"
[ "$total" -gt 0 ] && [ "$failed" -eq 0 ]
