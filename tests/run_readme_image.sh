#!/usr/bin/env bash
# The README's picture, docs/images/url-shortener.svg, drawn again from its
# fence in docs/images/url-shortener.md by `archc markdown`.  Without
# --refresh, fails when the committed picture differs; with it, replaces it.
# usage: run_readme_image.sh ARCHC SOURCE-DIR WORK-DIR [--refresh]
set -u
archc=$1 root=$2 work=$3 refresh=${4:-}
picture=$root/docs/images/url-shortener.svg
rm -rf "$work" && mkdir -p "$work"
if ! "$archc" markdown "$root/docs/images/url-shortener.md" -o "$work/url-shortener.md" \
     --assets "$work/assets" 2>"$work/stderr"; then
  cat "$work/stderr"; echo "readme-image: archc markdown failed"; exit 1
fi
drawn=("$work"/assets/arch-*.svg)
if [ "${#drawn[@]}" -ne 1 ] || [ ! -s "${drawn[0]}" ]; then
  echo "readme-image: expected one picture in $work/assets"; exit 1
fi
if [ "$refresh" = --refresh ]; then
  cp "${drawn[0]}" "$picture" && echo "readme-image: wrote $picture"; exit $?
fi
if ! cmp -s "${drawn[0]}" "$picture"; then
  diff "$picture" "${drawn[0]}" | head -20
  echo "readme-image: docs/images/url-shortener.svg is stale; refresh it with"
  echo "  cmake --build build --target readme-images"
  exit 1
fi
echo "readme-image: docs/images/url-shortener.svg is up to date"
