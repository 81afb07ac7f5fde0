#!/usr/bin/env bash
# archc fmt.  Every example, rule test and fuzz-corpus input that formats
# must (1) format again to the same text and (2) mean the same before and
# after: the resolved model (-T json, which has no source positions), the
# graph (-T dot) and the estimate (estimate -f json), all read from
# standard input in the file's directory so imports resolve alike.  Then
# (3) --check's statuses and what it lists, (4) a file with errors left
# byte for byte as it was, and (5) exact layouts for small inputs.
set -u
archc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 total=0 formatted=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# What a design means, from standard input, without positions.
meaning() { # meaning FILE DIR
  (cd "$2" && "$archc" - -T json -o - <"$1" && "$archc" - -T dot -o - <"$1" &&
   { "$archc" estimate - -f json <"$1" || true; }) 2>/dev/null
}

for f in "$root"/examples/*.arch "$root"/tests/rules/*.arch "$root"/tests/fuzz/corpus/*; do
  "$archc" fmt - <"$f" >"$tmp/once" 2>/dev/null || continue
  formatted=$((formatted + 1)) total=$((total + 1))
  if ! "$archc" fmt - <"$tmp/once" >"$tmp/twice" 2>"$tmp/err"; then
    fail "$f: its formatted text does not format"; head -3 "$tmp/err"; continue
  fi
  if ! cmp -s "$tmp/once" "$tmp/twice"; then
    fail "$f: formatting twice changes it"; diff "$tmp/once" "$tmp/twice" | head -10
  fi
  dir=$(dirname "$f")
  if (cd "$dir" && "$archc" - -T json -o /dev/null <"$f" 2>/dev/null); then
    meaning "$f" "$dir" >"$tmp/before"
    meaning "$tmp/once" "$dir" >"$tmp/after"
    if ! cmp -s "$tmp/before" "$tmp/after"; then
      fail "$f: formatting changes its meaning"; diff "$tmp/before" "$tmp/after" | head -10
    fi
  fi
done
[ "$formatted" -ge 100 ] || fail "only $formatted inputs formatted"

# (3) --check: nothing written, the files that would change listed, exit 1.
check() { # check DESCRIPTION EXPECTED-STATUS COMMAND...
  local what=$1 want=$2; shift 2
  total=$((total + 1))
  "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  local got=$?
  [ "$got" -eq "$want" ] || { fail "$what: exit $got, expected $want"; head -5 "$tmp/stderr"; }
}
printf 'service a\ndatabase b\na -> b : "x"\n' >"$tmp/neat.arch"
printf 'service  a {replicas=2}\ndatabase b\na->b:"x"\n' >"$tmp/messy.arch"
cp "$tmp/messy.arch" "$tmp/messy.orig"
check "--check on a formatted file" 0 "$archc" fmt --check "$tmp/neat.arch"
[ -s "$tmp/stdout" ] && fail "--check lists a formatted file"
check "--check on a file that would change" 1 "$archc" fmt --check "$tmp/neat.arch" "$tmp/messy.arch"
[ "$(cat "$tmp/stdout")" = "$tmp/messy.arch" ] || fail "--check lists '$(cat "$tmp/stdout")'"
cmp -s "$tmp/messy.arch" "$tmp/messy.orig" || fail "--check changed the file"
check "--check on standard input" 1 "$archc" fmt --check - <"$tmp/messy.arch"
[ "$(cat "$tmp/stdout")" = "<stdin>" ] || fail "--check - lists '$(cat "$tmp/stdout")'"
chmod 640 "$tmp/messy.arch"
check "fmt rewrites in place" 0 "$archc" fmt "$tmp/neat.arch" "$tmp/messy.arch"
[ "$(stat -c %a "$tmp/messy.arch")" = 640 ] || fail "fmt changed the file's permissions"
printf 'service a { replicas = 2 }\ndatabase b\na -> b : "x"\n' | cmp -s - "$tmp/messy.arch" ||
  fail "fmt wrote: $(cat "$tmp/messy.arch")"
ls "$tmp" | grep -q tmp- && fail "fmt left a temporary file"
check "--check after fmt" 0 "$archc" fmt --check "$tmp/messy.arch"
check "fmt of no file" 2 "$archc" fmt
check "fmt of a missing file" 2 "$archc" fmt "$tmp/missing.arch"

# (4) A file with an error is left as it was, with its diagnostic.
printf 'service  a {replicas=2\nb -> \n' >"$tmp/bad.arch"
cp "$tmp/bad.arch" "$tmp/bad.orig"
check "fmt of a file with an error" 1 "$archc" fmt "$tmp/bad.arch" "$tmp/messy.arch"
cmp -s "$tmp/bad.arch" "$tmp/bad.orig" || fail "fmt changed a file with an error"
grep -q 'bad.arch:2:' "$tmp/stderr" || fail "fmt does not report the error: $(head -2 "$tmp/stderr")"
check "--check of a file with an error" 1 "$archc" fmt --check "$tmp/bad.arch"
check "fmt - of a text with an error" 1 "$archc" fmt - <"$tmp/bad.arch"
[ -s "$tmp/stdout" ] && fail "fmt - wrote a text with an error"

# (5) Exact layouts: each case is an input, a line '----', the expected output.
case_() { # case_ NAME, the case on standard input
  total=$((total + 1))
  sed '/^----$/,$d' >"$tmp/in"
  "$archc" fmt - <"$tmp/in" >"$tmp/out" 2>"$tmp/err" || { fail "case $1: $(head -1 "$tmp/err")"; return; }
  if ! diff -u "$tmp/want" "$tmp/out" >"$tmp/diff"; then fail "case $1"; cat "$tmp/diff"; fi
}
cases=$root/tests/fmt
for c in "$cases"/*.txt; do
  sed '1,/^----$/d' "$c" >"$tmp/want"
  case_ "$(basename "$c" .txt)" <"$c"
done

echo "$((total - failed))/$total checks passed ($formatted inputs formatted)"
[ "$failed" -eq 0 ]
