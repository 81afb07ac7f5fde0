#!/usr/bin/env bash
# Themes and output options (docs/publishing.md): each option does what it
# says, on real outputs.  Where a check could pass on any output (no
# badge, no legend), its opposite is checked on the default output too.
set -u
archc=$1
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 total=0
check() {  # check DESCRIPTION COMMAND...
  total=$((total + 1))
  local what=$1; shift
  "$@" || { echo "FAIL $what"; failed=$((failed + 1)); }
}
run() { "$archc" "$@" --color never 2>>"$tmp/err"; }

# Every id of an SVG begins with PREFIX-, and every reference inside it
# (href="#x", xlink:href="#x", url(#x)) names one of its ids.
ids_prefixed() {  # FILE PREFIX
  local ids refs
  ids=$(grep -o ' id="[^"]*"' "$1" | sed 's/^ id="//; s/"$//' | sort -u)
  refs=$(grep -o 'href="#[^"]*"\|url(#[^)]*)' "$1" | sed 's/^href="#//; s/^url(#//; s/["),]*$//' | sort -u)
  [ -n "$ids" ] || { echo "  no ids in $1"; return 1; }
  local bad
  bad=$(grep -v "^$2-" <<<"$ids")
  [ -z "$bad" ] || { echo "  ids without '$2-' in $1:"; echo "$bad" | head -3; return 1; }
  for r in $refs; do
    grep -qxF "$r" <<<"$ids" || { echo "  $1: reference to '$r', which is no id"; return 1; }
  done
}

# A design whose SVG refers to its own ids: a gradient fill is a url(#...).
cat >"$tmp/gradient.arch" <<'ARCH'
service a "A" { style = "radial"; fill = "#E3F2FD:#FFFFFF"; docs = "https://example.com/a" }
service b
a -> b
ARCH
run "$tmp/gradient.arch" -o "$tmp/gradient.svg"
check "gradient: a reference to test" grep -q 'url(#' "$tmp/gradient.svg"
check "gradient: ids from the file's name" ids_prefixed "$tmp/gradient.svg" gradient
for design in examples/*.arch; do
  name=$(basename "$design" .arch)
  run "$design" -o "$tmp/$name.svg"
  check "$name: ids from the file's name" ids_prefixed "$tmp/$name.svg" "$name"
  run "$design" -o "$tmp/$name-p.svg" --id-prefix fig2
  check "$name: --id-prefix" ids_prefixed "$tmp/$name-p.svg" fig2
done
# Standard output: the design's name.
run examples/chat.arch -T svg -o - >"$tmp/stdout.svg"
check "standard output: ids from the design's name" ids_prefixed "$tmp/stdout.svg" chat
check "a bad --id-prefix is refused" \
  bash -c '! "$0" examples/chat.arch -o "$1" --id-prefix "9 x" 2>/dev/null' "$archc" "$tmp/bad.svg"

# --theme auto: the media query, with the page's white among its rules;
# light and dark have none.
design=examples/url-shortener.arch
run $design -o "$tmp/auto.svg" --theme auto
run $design -o "$tmp/light.svg"
run $design -o "$tmp/dark.svg" --theme dark
check "auto: the media query" grep -q '@media (prefers-color-scheme: dark)' "$tmp/auto.svg"
check "auto: the page turns dark" grep -q '^\[id="auto-graph0"\] \[fill="white"\]{fill:#0D1117}$' "$tmp/auto.svg"
check "auto: ids still prefixed" ids_prefixed "$tmp/auto.svg" auto
check "auto: XML stays well formed" grep -q '</style>' "$tmp/auto.svg"
check "light: no media query" bash -c '! grep -q "@media" "$0"' "$tmp/light.svg"
check "dark: no media query" bash -c '! grep -q "@media" "$0"' "$tmp/dark.svg"
# The page: Graphviz draws it first after the graph's title, as a polygon;
# "none" when it draws none.
page() {
  sed -n '/<title>arch<\/title>/{n;p;q}' "$1" | grep -o '^<polygon fill="[^"]*"' |
    sed 's/.*fill="//; s/"$//' | grep . || echo none
}
check "light: a white page" test "$(page "$tmp/light.svg")" = white
check "dark: a dark page" test "$(page "$tmp/dark.svg")" = "#0d1117"
check "dark: no light ink left" bash -c '! grep -qi "fill=\"#3c4043\"" "$0"' "$tmp/dark.svg"
if command -v xmllint >/dev/null; then
  check "auto: valid XML" xmllint --noout "$tmp/auto.svg"
fi
run $design -T dot -o "$tmp/dark.dot" --theme dark
check "dark DOT: the dark page" grep -q 'bgcolor="#0D1117"' "$tmp/dark.dot"
run $design -T dot -o "$tmp/auto.dot" --theme auto
check "auto DOT: the light picture" cmp -s "$tmp/auto.dot" tests/golden/url-shortener.dot

# --transparent: no page colour, in SVG and PNG.
run $design -o "$tmp/clear.svg" --transparent
check "transparent svg: no page colour" test "$(page "$tmp/clear.svg")" = none
run $design -o "$tmp/clear-dark.svg" --transparent --theme dark
check "transparent dark svg: no page colour" test "$(page "$tmp/clear-dark.svg")" = none
check "transparent dark svg: still dark ink" grep -qi 'fill="#b' "$tmp/clear-dark.svg"
# PNG colour type, byte 25: 6 is RGBA.  The corner's alpha is 0.
run $design -o "$tmp/clear.png" --transparent
run $design -o "$tmp/light.png"
check "transparent png: an alpha channel" test "$(od -An -tu1 -j25 -N1 "$tmp/clear.png" | tr -d ' ')" = 6
# The top left pixel's alpha: whatever the row's filter, the first pixel
# of the first row is stored as it is.
alpha() {
  /usr/bin/python3 - "$1" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
print(zlib.decompress(idat)[4])
PY
}
check "transparent png: a clear corner" test "$(alpha "$tmp/clear.png")" = 0
opaque() {  # no alpha channel (colour type 2), or an opaque corner
  [ "$(od -An -tu1 -j25 -N1 "$1" | tr -d ' ')" = 2 ] || [ "$(alpha "$1")" = 255 ]
}
check "png: an opaque corner by default" opaque "$tmp/light.png"

# --style plain: the architecture without badges, figures, legend or list.
run examples/launch-day.arch -o "$tmp/review.svg"
run examples/launch-day.arch -o "$tmp/plain.svg" --style plain
for word in 'utilization' ' rps' '\[spof\]' 'saturated' 'fill="#d93025"'; do
  check "review style shows '$word'" grep -q "$word" "$tmp/review.svg"
  check "plain style: no '$word'" bash -c '! grep -q "$1" "$0"' "$tmp/plain.svg" "$word"
done
check "plain style: the title stays" grep -q 'Launch day' "$tmp/plain.svg"

# No utilization legend when nothing has a capacity to measure against.
cat >"$tmp/nocap.arch" <<'ARCH'
title "No capacities"
workload { reads = 100 rps }
client users
external api
users -> api
ARCH
run "$tmp/nocap.arch" -T dot -o "$tmp/nocap.dot"
check "no capacity: figures drawn" grep -q 'rps' "$tmp/nocap.dot"
check "no capacity: no legend" bash -c '! grep -q "utilization" "$0"' "$tmp/nocap.dot"

# --dpi: the PNG's width (IHDR, bytes 16-19) follows it.
width() { od -An -tu1 -j16 -N4 "$1" | awk '{print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4}'; }
run $design -o "$tmp/72.png" --dpi 72
run $design -o "$tmp/144.png"
run $design -o "$tmp/288.png" --dpi 288
w72=$(width "$tmp/72.png") w144=$(width "$tmp/144.png") w288=$(width "$tmp/288.png")
check "dpi 144 is twice 72 ($w72, $w144)" test $((w144 - 2 * w72)) -ge -2 -a $((w144 - 2 * w72)) -le 2
check "dpi 288 is twice 144 ($w144, $w288)" test $((w288 - 2 * w144)) -ge -2 -a $((w288 - 2 * w144)) -le 2
check "a bad --dpi is refused" bash -c '! "$0" "$1" -o "$2" --dpi 0 2>/dev/null' "$archc" $design "$tmp/bad.png"
check "a bad --theme is refused" bash -c '! "$0" "$1" -o "$2" --theme sepia 2>/dev/null' "$archc" $design "$tmp/bad.svg"
check "a bad --style is refused" bash -c '! "$0" "$1" -o "$2" --style fancy 2>/dev/null' "$archc" $design "$tmp/bad.svg"
# --zoom: the PDF's page (its MediaBox, in points) follows it.
mediabox() { grep -a -o 'MediaBox \[[^]]*\]' "$1" | head -1 | tr -d '[]' | awk '{print $4, $5}'; }
run $design -o "$tmp/1.pdf"
run $design -o "$tmp/2.pdf" --zoom 2
read -r w1 h1 <<<"$(mediabox "$tmp/1.pdf")"
read -r w2 h2 <<<"$(mediabox "$tmp/2.pdf")"
check "zoom 2 doubles the page ($w1 x $h1, $w2 x $h2)" \
  test "${w1:-0}" -gt 0 -a $((w2 - 2 * ${w1:-0})) -ge -2 -a $((w2 - 2 * ${w1:-0})) -le 2 \
  -a $((h2 - 2 * ${h1:-0})) -ge -2 -a $((h2 - 2 * ${h1:-0})) -le 2
check "a bad --zoom is refused" bash -c '! "$0" "$1" -o "$2" --zoom 0 2>/dev/null' "$archc" $design "$tmp/bad.pdf"

for option in --theme --transparent --id-prefix --dpi --style --zoom; do
  check "--help: $option" bash -c '"$0" --help | grep -q -- "$1"' "$archc" "$option"
done

echo "publish: $total checks, $failed failed"
[ "$failed" -eq 0 ]
