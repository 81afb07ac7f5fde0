#!/usr/bin/env bash
# archc report (docs/report.md): every example's report is a PDF with a
# page for each section, in order; its text carries the figures of
# `archc estimate --format json` (the first component to break, its
# utilization, each client's or declared flow's latency; report_figures.py); two runs are
# byte-identical; --paper, --charts, --scale and SOURCE_DATE_EPOCH do what
# they say; bad usage exits 2 and writes nothing.
set -u
archc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
sections=("Summary" "Capacity" "Latency under load" "Storage and bandwidth" "Findings" "Failures")

# The title each page starts with (after the design's title on page 1).
check_pages() {
  local pdf=$1 what=$2
  local pages
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  [ "${pages:-0}" -ge 6 ] || { fail "$what: $pages pages, fewer than the six sections"; return; }
  local next=0 p first
  for ((p = 1; p <= pages; p++)); do
    first=$(pdftotext -f $p -l $p "$pdf" - | grep -v '^\s*$' | sed -n "$([ $p = 1 ] && echo 3 || echo 1)p")
    if [ $next -lt 6 ] && [ "$first" = "${sections[$next]}" ]; then
      next=$((next + 1))
    elif [ "$first" != "${sections[$((next - 1))]} (continued)" ]; then
      fail "$what: page $p starts with '$first', not a section in order"
    fi
  done
  [ $next = 6 ] || fail "$what: found $next of the 6 sections in order"
}

for design in examples/*.arch; do
  name=$(basename "$design" .arch)
  pdf=$tmp/$name.pdf
  if ! "$archc" report "$design" -o "$pdf" --color never 2>"$tmp/err"; then
    fail "$design: archc report failed"; cat "$tmp/err"; continue
  fi
  [ -s "$tmp/err" ] && { fail "$design: report printed something"; cat "$tmp/err"; }
  head -c 5 "$pdf" | grep -q '%PDF-' || fail "$design: not a PDF"
  check_pages "$pdf" "$design"
  pdftotext "$pdf" "$tmp/$name.txt"
  "$archc" estimate "$design" -f json >"$tmp/$name.json" || fail "$design: estimate failed"
  /usr/bin/python3 tests/report_figures.py "$tmp/$name.json" "$tmp/$name.txt" || fail "$design: figures"
  # Deterministic: a second run gives the same bytes, and no date is written.
  "$archc" report "$design" -o "$tmp/again.pdf" || fail "$design: second run failed"
  cmp -s "$pdf" "$tmp/again.pdf" || fail "$design: two runs differ"
  pdfinfo "$pdf" | grep -q CreationDate && fail "$design: a creation date without SOURCE_DATE_EPOCH"
done

# A what-if: the figures are the what-if's.
d=examples/url-shortener.arch
"$archc" report $d --scale 2 --set api.replicas=1 -o "$tmp/whatif.pdf" || fail "what-if report failed"
"$archc" estimate $d --scale 2 --set api.replicas=1 -f json >"$tmp/whatif.json"
pdftotext "$tmp/whatif.pdf" "$tmp/whatif.txt"
/usr/bin/python3 tests/report_figures.py "$tmp/whatif.json" "$tmp/whatif.txt" || fail "what-if figures"
grep -q -- "what-if: --scale 2, --set api.replicas=1" "$tmp/whatif.txt" || fail "what-if not named"

# Load from a client's own rps, without a workload block, is load; a design
# with none says there are no load figures, and is still a report.
printf 'client users { rps = 100 rps }\nservice api {\n  capacity = 1k rps\n  latency = 5 ms\n}\nusers -> api\n' >"$tmp/rps.arch"
"$archc" report "$tmp/rps.arch" -o "$tmp/rps.pdf" 2>/dev/null || fail "client-rps report failed"
pdftotext "$tmp/rps.pdf" - | grep -q "^100 requests/s" || fail "client-rps report has no traffic"
pdftotext "$tmp/rps.pdf" - | grep -q "users: end to end (client)" || fail "client-rps report has no client curve"
printf 'service api\n' >"$tmp/idle.arch"
"$archc" report "$tmp/idle.arch" -o "$tmp/idle.pdf" 2>/dev/null || fail "no-workload report failed"
check_pages "$tmp/idle.pdf" "a design without load"
pdftotext "$tmp/idle.pdf" - | grep -q "there are no load figures" || fail "no-workload report does not say so"

# Declared flows: their latency in the Summary (not the clients'), their
# table on the Capacity page, their curves with each flow's latency_slo.
pdftotext "$tmp/url-shortener.pdf" "$tmp/us.txt"
grep -q "^Latency per flow" "$tmp/us.txt" || fail "flows: no latency per flow in the Summary"
grep -q "^Latency per client" "$tmp/us.txt" && fail "flows: the Summary still lists clients"
grep -q "^Flows: each kind of request, end to end" "$tmp/us.txt" || fail "flows: no flow table"
grep -q "^resolve: end to end (flow)" "$tmp/us.txt" || fail "flows: no curve for resolve"
grep -q "^target 50.0 ms" "$tmp/us.txt" || fail "flows: resolve's latency_slo is not drawn"
# Without declared flows the implicit reads and writes are not shown.
pdftotext "$tmp/rps.pdf" "$tmp/rps.txt"
grep -q "^Latency per client" "$tmp/rps.txt" || fail "no flows: no latency per client"
grep -qi "flow" "$tmp/rps.txt" && fail "no flows: the report shows implicit flows"

# A client's latency target is drawn on its curve.
"$archc" report "$tmp/rps.arch" --set "users.latency_slo=25 ms" -o "$tmp/slo.pdf" || fail "latency_slo report failed"
pdftotext "$tmp/slo.pdf" - | grep -q "target 25.0 ms" || fail "no latency target on the client's curve"

# Letter paper, and A4 by default.
"$archc" report $d --paper letter -o "$tmp/letter.pdf" || fail "letter failed"
pdfinfo "$tmp/letter.pdf" | grep -q "612 x 792 pts (letter)" || fail "--paper letter is not Letter"
pdfinfo "$tmp/url-shortener.pdf" | grep -q "(A4)" || fail "the default is not A4"

# SOURCE_DATE_EPOCH is the PDF's date; two runs with it are identical too.
SOURCE_DATE_EPOCH=1764547200 "$archc" report $d -o "$tmp/dated.pdf" || fail "dated failed"
pdfinfo "$tmp/dated.pdf" | grep -q "CreationDate: *Mon Dec  1 00:00:00 2025 UTC" ||
  { fail "SOURCE_DATE_EPOCH is not the date"; pdfinfo "$tmp/dated.pdf" | grep Date; }
sleep 1
SOURCE_DATE_EPOCH=1764547200 "$archc" report $d -o "$tmp/dated2.pdf"
cmp -s "$tmp/dated.pdf" "$tmp/dated2.pdf" || fail "dated runs differ"

# --charts: each chart alone as SVG and PNG, and no PDF without -o.
( cd "$tmp" && "$archc" report "$root/$d" --charts charts ) || fail "--charts failed"
[ -e "$tmp/url-shortener-report.pdf" ] && fail "--charts alone wrote a PDF"
for chart in headroom storage bandwidth latency-us_east.api latency-flow-resolve; do
  head -c 200 "$tmp/charts/$chart.svg" 2>/dev/null | grep -q '<svg' || fail "no chart $chart.svg"
  head -c 8 "$tmp/charts/$chart.png" 2>/dev/null | grep -q 'PNG' || fail "no chart $chart.png"
done
( cd "$tmp" && "$archc" report "$root/$d" --charts charts2 ) || fail "--charts again failed"
for f in "$tmp"/charts/*; do
  cmp -s "$f" "$tmp/charts2/$(basename "$f")" || fail "chart $(basename "$f") differs between runs"
done
# The default name: FILE-report.pdf beside where it is run from.
cp $d "$tmp/design.arch"
( cd "$tmp" && "$archc" report design.arch ) || fail "default output failed"
[ -s "$tmp/design-report.pdf" ] || fail "no design-report.pdf"

# Usage errors: exit 2, nothing written.
"$archc" report $d --paper a5 -o "$tmp/bad.pdf" 2>/dev/null; [ $? = 2 ] || fail "--paper a5 is not a usage error"
"$archc" report $d -f svg -o "$tmp/bad.pdf" 2>/dev/null; [ $? = 2 ] || fail "--format is not a usage error"
"$archc" report $d --set nothere.x=1 -o "$tmp/bad.pdf" 2>/dev/null; [ $? = 2 ] || fail "a bad --set is not a usage error"
"$archc" report 2>/dev/null; [ $? = 2 ] || fail "no input is not a usage error"
[ -e "$tmp/bad.pdf" ] && fail "a failed report left a file"
printf 'service api {\n  capacity = \n}\n' >"$tmp/broken.arch"
"$archc" report "$tmp/broken.arch" -o "$tmp/broken.pdf" 2>/dev/null; [ $? = 1 ] || fail "a broken design does not exit 1"
[ -e "$tmp/broken.pdf" ] && fail "a broken design left a PDF"

[ $failed = 0 ] && echo "report: all checks passed"
exit $((failed > 0))
