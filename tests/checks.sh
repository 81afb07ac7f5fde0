# Sourced by the command-line test scripts: a temporary directory, removed
# on exit, and two checks that count and report failures without stopping,
# so one run shows every failure.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 total=0
check() { # check DESCRIPTION EXPECTED-STATUS COMMAND...: stdout and stderr into $tmp
  local what=$1 want=$2; shift 2
  total=$((total + 1))
  "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $what: exit $got, expected $want"; head -5 "$tmp/stderr"; failed=$((failed + 1))
    return 1
  fi
}
expect() { # expect DESCRIPTION CONDITION...
  total=$((total + 1))
  if ! "${@:2}"; then echo "FAIL $1"; failed=$((failed + 1)); fi
}
