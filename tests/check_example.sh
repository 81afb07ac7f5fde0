#!/usr/bin/env bash
# Runs examples/library/example.c, built by the caller against either
# library, and checks what it prints: the diagnostic with its position, the
# components with a figure, the findings.
#   check_example.sh EXAMPLE VERSION
set -u
example=$1 version=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
failed=0
"$example" >"$out" 2>&1
status=$?
[ "$status" -eq 0 ] || { echo "FAIL $example exited $status"; failed=1; }
expect() { # expect DESCRIPTION EXTENDED-REGEX (a whole line)
  grep -Eq "^$2\$" "$out" || { echo "FAIL $example: $1"; failed=1; }
}
expect "the library's version" "libarchc ${version//./\\.}"
expect "the diagnostic, with its position" "shortener\.arch:13:50: warning: unknown attribute 'latncy'"
expect "the diagnostic's help" "  help: did you mean 'latency'\?"
expect "the title" "Link shortener"
for comp in browsers eu.edge eu.api eu.links_cache eu.links_db; do
  expect "component $comp" "${comp//./\\.} .*"
done
expect "a client has no utilization" "browsers +client +1254\.9/s +-"
expect "the api's peak load and utilization" "eu\.api +service +1254\.9/s +62\.7%"
expect "what saturates first" "saturates first: eu\.api"
expect "the number of diagnostics" "diagnostics: 1 \(errors: 0\)"
expect "the number of findings" "findings: 3"
expect "a finding, with its position and rule" \
  "shortener\.arch:13:11: warning: api cannot carry its peak with one of its 2 replicas down \[n_plus_k\]"
[ "$failed" -eq 0 ] || { echo "--- output:"; cat "$out"; }
exit "$failed"
