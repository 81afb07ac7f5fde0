#!/usr/bin/env bash
# archc practice, the scorecard and estimate --explain (docs/practice.md).
#   - every prompt (stdlib/practice/NAME.arch) parses, carries its
#     metadata, states requirements, and scores nothing met;
#   - every model answer (stdlib/practice/answers/NAME.arch) states the
#     prompt's requirements word for word and meets them all, with no
#     error finding;
#   - each design in tests/practice/miss-*.arch gets exactly the misses
#     its first line names (in tests/practice/miss-*.want);
#   - estimate --explain: every figure explained for every example and
#     answer equals the estimate's own (tests/explain_check.py);
#   - the subcommands' files, statuses and messages.
set -u
archc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 total=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
ok() { total=$((total + 1)); }

# The requirements block of a file, as written.
requirements() { sed -n '/^requirements {/,/^}/p' "$1"; }

# A scorecard's statuses, one "requirement flow status" a line.
statuses() {
  python3 -c '
import json, sys
card = json.load(sys.stdin)
for r in card["requirements"]:
    print(r["requirement"], r["flow"] or "-", r["status"])
'
}

prompts=0
for p in "$root"/stdlib/practice/*.arch; do
  name=$(basename "$p" .arch) prompts=$((prompts + 1))
  ok
  for key in title difficulty summary source; do
    grep -q "^// $key:" "$p" || fail "$name: no '// $key:' line"
  done
  "$archc" check "$p" >"$tmp/out" 2>"$tmp/err" || { fail "$name: the starter does not check: $(head -3 "$tmp/err")"; continue; }
  grep -q '^Scorecard' "$tmp/out" || fail "$name: archc check prints no scorecard"
  "$archc" practice check "$p" -f json >"$tmp/card.json" 2>"$tmp/err"
  [ $? -eq 1 ] || fail "$name: practice check of the starter does not exit 1"
  statuses <"$tmp/card.json" >"$tmp/st" || { fail "$name: bad scorecard JSON"; continue; }
  [ -s "$tmp/st" ] || fail "$name: the starter states no requirements"
  grep -v ' not addressed$' "$tmp/st" && fail "$name: a starter requirement is addressed"
  answer=$root/stdlib/practice/answers/$name.arch
  [ -f "$answer" ] || { fail "$name: no model answer"; continue; }
  [ "$(requirements "$p")" = "$(requirements "$answer")" ] ||
    fail "$name: the answer's requirements differ from the prompt's"
  if ! "$archc" practice check "$answer" -f json >"$tmp/card.json" 2>"$tmp/err"; then
    fail "$name: the model answer does not pass"; statuses <"$tmp/card.json" | grep -v ' met$'
    grep -o '"severity": "error"[^}]*' "$tmp/card.json" | head -3
  fi
  statuses <"$tmp/card.json" | grep -v ' met$' && fail "$name: the answer misses a requirement"
  grep -q '"severity": "error"' "$tmp/card.json" && fail "$name: the answer has an error finding"
  "$archc" fmt --check "$p" "$answer" >/dev/null || fail "$name: not in the canonical layout"
done
ok
[ "$prompts" -ge 12 ] || fail "only $prompts prompts"

# One design per kind of miss: its statuses exactly as expected.
for d in "$root"/tests/practice/miss-*.arch; do
  ok
  name=$(basename "$d" .arch)
  "$archc" practice check "$d" -f json >"$tmp/card.json" 2>/dev/null
  [ $? -eq 1 ] || fail "$name: practice check does not exit 1"
  statuses <"$tmp/card.json" >"$tmp/st"
  if ! diff -u "${d%.arch}.want" "$tmp/st" >"$tmp/diff"; then fail "$name"; cat "$tmp/diff"; fi
done

# estimate --explain against the estimate, for every example and answer.
for f in "$root"/examples/*.arch "$root"/stdlib/practice/answers/*.arch; do
  ok
  name=$(basename "$f")
  (cd "$(dirname "$f")" && "$archc" estimate "$f" --explain -f json) >"$tmp/ex.json" 2>/dev/null &&
  (cd "$(dirname "$f")" && "$archc" estimate "$f" -f json) >"$tmp/es.json" 2>/dev/null ||
    { fail "$name: no estimate"; continue; }
  python3 "$root/tests/explain_check.py" "$tmp/ex.json" "$tmp/es.json" "$name" >"$tmp/out" ||
    { fail "$name: explained figures differ"; head -5 "$tmp/out"; }
done
ok
"$archc" estimate "$root/examples/url-shortener.arch" --explain api >"$tmp/out" 2>&1 ||
  fail "--explain api: exit $?"
grep -q 'utilization at peak: 1.25k/s / 4.00k/s = 31.4%' "$tmp/out" || fail "--explain api: $(cat "$tmp/out")"
ok
"$archc" estimate "$root/examples/url-shortener.arch" --explain nothing >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "--explain of an unknown name does not exit 2"
grep -q "no component, client or flow 'nothing'" "$tmp/err" || fail "--explain nothing: $(cat "$tmp/err")"

# The subcommands.
ok
"$archc" practice list >"$tmp/out" || fail "practice list: exit $?"
[ "$(grep -cE '^[a-z_]+ +(easy|medium|hard) ' "$tmp/out")" -eq "$prompts" ] || fail "practice list: $(cat "$tmp/out")"
ok
(cd "$tmp" && "$archc" practice start ride_hailing 2>/dev/null) || fail "practice start: exit $?"
cmp -s "$tmp/ride_hailing.arch" "$root/stdlib/practice/ride_hailing.arch" || fail "practice start wrote another file"
ok
(cd "$tmp" && "$archc" practice start ride_hailing 2>"$tmp/err")
[ $? -eq 2 ] || fail "practice start over an existing file does not exit 2"
grep -q 'already exists' "$tmp/err" || fail "practice start over a file: $(cat "$tmp/err")"
ok
"$archc" practice start ride_hailing -o "$tmp/mine.arch" 2>/dev/null && [ -f "$tmp/mine.arch" ] ||
  fail "practice start -o"
ok
"$archc" practice answer ride_hailng >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "practice answer of an unknown prompt does not exit 2"
grep -q "did you mean 'ride_hailing'" "$tmp/err" || fail "practice answer ride_hailng: $(cat "$tmp/err")"
ok
"$archc" practice answer pastebin | cmp -s - "$root/stdlib/practice/answers/pastebin.arch" ||
  fail "practice answer prints another file"
ok
"$archc" practice hint "$tmp/mine.arch" >"$tmp/out" 2>&1 || fail "practice hint: exit $?"
[ "$(wc -l <"$tmp/out")" -eq 1 ] || fail "practice hint prints more than one line: $(cat "$tmp/out")"
grep -q 'request_ride' "$tmp/out" || fail "practice hint of the starter: $(cat "$tmp/out")"
ok
"$archc" practice hint "$root/tests/practice/miss-spof.arch" >"$tmp/out" 2>&1
grep -q "What happens to request_ride when matcher goes down?" "$tmp/out" || fail "hint on a SPOF: $(cat "$tmp/out")"
ok
"$archc" practice check "$root/examples/url-shortener.arch" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q 'states no requirements' "$tmp/err" || fail "check of a design without requirements: $(cat "$tmp/err")"
ok
"$archc" practice chek x >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "did you mean 'check'" "$tmp/err" || fail "practice chek: $(cat "$tmp/err")"

echo "practice: $((total - failed))/$total checks passed ($prompts prompts)"
[ "$failed" -eq 0 ]
