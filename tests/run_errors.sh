#!/usr/bin/env bash
# The error corpus: each tests/errors/<case>.arch must give exactly the
# diagnostics in <case>.err, exit with the status in <case>.status (1 when
# there is none), finish within 20 seconds and never crash.  <case>.args,
# when present, replaces the command (`check`).  Two hostile inputs are
# generated here rather than stored: a 10 MB file and groups nested 10,000
# deep.
#   run_errors.sh ARCHC            compare
#   run_errors.sh ARCHC --regen    rewrite the .err files (read each one!)
set -u
archc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
regen=${2:-}
dir=$(cd "$(dirname "$0")/errors" && pwd)
cd "$dir" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Generated cases live in the temporary directory, under stable names.
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "group g%d {\n", i }' >"$tmp/generated-deep-nesting.arch"
awk 'BEGIN { line = "service s {{ replicas = 1 }\n"; for (i = 0; i < 400000; i++) printf "%s", line }' \
  >"$tmp/generated-10mb.arch"

failed=0 total=0
run_case() { # run_case NAME DIRECTORY
  local name=$1 where=$2
  local args=check want=1
  [ -f "$dir/$name.args" ] && args=$(cat "$dir/$name.args")
  [ -f "$dir/$name.status" ] && want=$(cat "$dir/$name.status")
  total=$((total + 1))
  (cd "$where" && timeout 20 "$archc" $args --color never "$name.arch") >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -ge 124 ]; then
    echo "FAIL $name: status $got (crash or timeout)"; failed=$((failed + 1)); return
  fi
  if [ "$regen" = --regen ]; then
    cp "$tmp/err" "$dir/$name.err"
    [ "$got" -eq 1 ] || echo "$got" >"$dir/$name.status"
    return
  fi
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $name: status $got, expected $want"; head -5 "$tmp/err"; failed=$((failed + 1)); return
  fi
  if ! diff -u "$dir/$name.err" "$tmp/err" >"$tmp/diff"; then
    echo "FAIL $name: diagnostics differ"; head -30 "$tmp/diff"; failed=$((failed + 1))
  fi
}

for f in "$dir"/*.arch; do run_case "$(basename "$f" .arch)" "$dir"; done
for f in "$tmp"/generated-*.arch; do run_case "$(basename "$f" .arch)" "$tmp"; done
echo "errors: $total cases, $failed failed"
[ "$failed" -eq 0 ]
