#!/usr/bin/env bash
# The error corpus.  Each tests/errors/<case>.arch, compiled from inside
# tests/errors (so paths in messages are relative) with `--color never`,
# must
#   - write exactly <case>.err to standard error (byte for byte),
#   - write nothing to standard output,
#   - exit with the status in <case>.status, or 1 when there is none,
#   - finish within 20 seconds, and never crash.
# <case>.args, when present, replaces the command (`check`).  Files in
# tests/errors/inc/ are helpers that cases import, not cases.
#
# Five hostile inputs are generated here rather than stored; their
# expectations are stored as tests/errors/generated-<name>.err:
#   generated-10mb           10 MB of components, then a '{' never closed
#   generated-10mb-line      one 10 MB line: a 10 MB string
#   generated-deep-nesting   `group g { ` 10,000 times on one line
#   generated-workload-chain 100,000 workload values, each defined by the next
#   generated-64mib          a file over the 64 MiB input limit (status 2)
#
# The standard library is this tree's stdlib/, named relative to
# tests/errors (../../stdlib) so that a note pointing into it reads the
# same in every checkout.
#
#   run_errors.sh ARCHC                    compare every case
#   run_errors.sh ARCHC --regen [CASE...]  rewrite the .err (and .status)
#                                          of the cases named, or of all
# --regen records what archc says today.  Read every file it writes: an
# expectation is only right if the message is right, at the right place.
set -u
export LC_ALL=C   # strerror() texts in the I/O cases

usage() { echo "usage: run_errors.sh ARCHC [--regen [CASE...]]" >&2; exit 2; }
[ $# -ge 1 ] || usage
archc=$(cd "$(dirname "$1")" 2>/dev/null && pwd)/$(basename "$1")
if [ ! -f "$archc" ] || [ ! -x "$archc" ]; then
  echo "run_errors.sh: '$1' is not an executable" >&2
  exit 2
fi
shift
regen=false
only=()
if [ $# -gt 0 ]; then
  [ "$1" = --regen ] || usage
  regen=true
  shift
  only=("$@")
fi

here=$(cd "$(dirname "$0")" && pwd)
dir=$here/errors
stdlib_abs=$(cd "$here/../stdlib" && pwd)
cd "$dir" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- the generated cases, under stable names ----
gen=$tmp/gen
mkdir -p "$gen"
generate() { # generate NAME: write $gen/NAME.arch
  case $1 in
  generated-10mb)
    # 10 MB of valid components (320,000 lines), then one whose '{' is
    # never closed: one error at the end of the file, a note at the '{'.
    awk 'BEGIN { for (i = 0; i < 320000; i++) printf "service s%d { replicas = 2 }\n", i
                 printf "service last {\n  replicas = 2\n" }' ;;
  generated-10mb-line)
    # One line of 10 MB: a string that long.
    awk 'BEGIN { s = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                 printf "service a { tooltip = \""
                 for (i = 0; i < 100000; i++) printf "%s", s
                 printf "\" }\n" }' ;;
  generated-deep-nesting)
    # Groups nested 10,000 deep, all on one line.
    awk 'BEGIN { for (i = 0; i < 10000; i++) printf "group g { "; printf "\n" }' ;;
  generated-workload-chain)
    # 100,000 workload values, each defined by the next: evaluation must
    # not recurse once per link (that overflowed the stack at a few thousand).
    awk 'BEGIN { print "workload {"
                 for (i = 0; i < 100000; i++) printf "  w%d = w%d + 1\n", i, i + 1
                 print "  w100000 = 1"; print "}"; print "service api" }' ;;
  generated-64mib)
    # One byte over the 64 MiB limit on an input file.
    head -c $((64 * 1024 * 1024 + 1)) /dev/zero | tr '\0' '\n' ;;
  esac >"$gen/$1.arch"
}
generated="generated-10mb generated-10mb-line generated-deep-nesting generated-workload-chain generated-64mib"

failed=0 total=0
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

wanted() { # is case $1 one that --regen should rewrite?
  [ ${#only[@]} -eq 0 ] && return 0
  local n
  for n in "${only[@]}"; do [ "$n" = "$1" ] && return 0; done
  return 1
}

run_case() { # run_case NAME DIRECTORY STDLIB
  local name=$1 where=$2 lib=$3
  local args=check want=1
  [ -f "$dir/$name.args" ] && args=$(cat "$dir/$name.args")
  [ -f "$dir/$name.status" ] && want=$(cat "$dir/$name.status")
  case $want in 1 | 2) ;; *) fail "$name: $name.status says '$want'; an error case exits 1 or 2"; return ;; esac
  if $regen && ! wanted "$name"; then return; fi
  total=$((total + 1))
  # shellcheck disable=SC2086  # .args holds words
  (cd "$where" && ARCHC_PATH=$lib timeout 20 "$archc" $args --color never "$name.arch") \
    >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -eq 124 ]; then fail "$name: no answer within 20 seconds"; return; fi
  if [ "$got" -ge 125 ]; then fail "$name: exit status $got (a crash, or archc did not run)"; head -5 "$tmp/err"; return; fi
  if [ -s "$tmp/out" ]; then fail "$name: wrote to standard output"; head -5 "$tmp/out"; return; fi
  if $regen; then
    cp "$tmp/err" "$dir/$name.err"
    if [ "$got" -eq 1 ]; then rm -f "$dir/$name.status"; else echo "$got" >"$dir/$name.status"; fi
    echo "wrote $name.err (status $got): read it"
    [ "$got" -ne 0 ] || echo "  WARNING: archc accepts $name.arch: not an error case, or archc misses the error"
    return
  fi
  if [ ! -f "$dir/$name.err" ]; then fail "$name: no $name.err (run with --regen $name, then read it)"; return; fi
  if [ "$got" -ne "$want" ]; then
    fail "$name: exit status $got, expected $want"
    diff -u "$dir/$name.err" "$tmp/err" | head -30
    return
  fi
  if ! diff -u --label "$name.err (expected)" --label "$name.err (archc)" "$dir/$name.err" "$tmp/err" >"$tmp/diff"; then
    fail "$name: diagnostics differ"
    head -40 "$tmp/diff"
  fi
}

for f in "$dir"/*.arch; do run_case "$(basename "$f" .arch)" "$dir" ../../stdlib; done
for name in $generated; do
  if $regen && ! wanted "$name"; then continue; fi
  generate "$name"
  run_case "$name" "$gen" "$stdlib_abs"
  rm -f "$gen/$name.arch"
done
for n in ${only[@]+"${only[@]}"}; do
  [ -e "$dir/$n.arch" ] || [[ " $generated " == *" $n "* ]] || fail "$n: no such case"
done
echo "errors: $total cases, $failed failed"
[ "$failed" -eq 0 ]
