#!/usr/bin/env bash
# Every example renders to SVG, PDF and PNG.  Pixels are not compared (they
# depend on fonts and Graphviz's version); the files must be well formed:
# the right signature, a plausible size, and for SVG parseable XML with the
# title and a link for every `docs` attribute.
set -u
archc=$1
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 total=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
for design in examples/*.arch; do
  name=$(basename "$design" .arch)
  for fmt in svg pdf png; do
    total=$((total + 1))
    out=$tmp/$name.$fmt
    if ! "$archc" "$design" -o "$out" --color never 2>"$tmp/err"; then
      fail "$design -> $fmt: archc failed"; cat "$tmp/err"; continue
    fi
    size=$(stat -c %s "$out")
    [ "$size" -gt 1000 ] || { fail "$design -> $fmt: only $size bytes"; continue; }
    case $fmt in
      svg) head -c 200 "$out" | grep -q '<?xml' || fail "$design -> svg: no XML declaration"
           grep -q '</svg>' "$out" || fail "$design -> svg: not closed"
           title=$(sed -n 's/^title "\(.*\)"$/\1/p' "$design" | head -1)
           # Graphviz writes '-' in SVG text as '&#45;'.
           if [ -n "$title" ] && ! grep -qF "$title" "$out" && ! grep -qF "${title//-/\&#45;}" "$out"; then
             fail "$design -> svg: title missing"
           fi
           links=$(grep -c 'docs *= *"' "$design")
           hrefs=$(grep -c 'xlink:href=' "$out")
           [ "$hrefs" -ge "$links" ] || fail "$design -> svg: $links docs links, $hrefs in the SVG" ;;
      pdf) head -c 5 "$out" | grep -q '%PDF-' || fail "$design -> pdf: bad signature" ;;
      png) [ "$(head -c 8 "$out" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
             fail "$design -> png: bad signature" ;;
    esac
  done
done
echo "render: $total files, $failed failed"
[ "$total" -gt 0 ] && [ "$failed" -eq 0 ]
