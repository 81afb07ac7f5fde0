#!/usr/bin/env bash
# What `cmake --install` gives a user: archc is configured with a temporary
# CMAKE_INSTALL_PREFIX, built and installed there, and its source and build
# trees are deleted.  Then examples/library/example.c is compiled with
# nothing but pkg-config's flags, against archc and against archc-core, and
# run without ARCHC_PATH: the installed library must find the installed
# standard library by itself.
#   run_install.sh SOURCE_DIR CC CMAKE VERSION
set -u
src=$1 cc=$2 cmake=$3 version=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
unset ARCHC_PATH
failed=0 total=0
expect() { # expect DESCRIPTION COMMAND...
  total=$((total + 1))
  if ! "${@:2}"; then echo "FAIL $1"; failed=$((failed + 1)); fi
}
run() { # run LOG COMMAND...: quiet unless it fails
  local log=$1; shift
  "$@" >"$log" 2>&1 || { echo "FAIL: $*"; tail -30 "$log"; exit 1; }
}

# A copy of the sources (what the build reads: the tests are left out), so
# that deleting it proves nothing installed points back into it.
mkdir "$tmp/src"
cp -R "$src"/CMakeLists.txt "$src"/bench "$src"/compiler "$src"/docs "$src"/examples \
      "$src"/grammar "$src"/stdlib "$tmp/src/"
run "$tmp/configure.log" "$cmake" -S "$tmp/src" -B "$tmp/build" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX="$prefix" -DBUILD_TESTING=OFF
run "$tmp/build.log" "$cmake" --build "$tmp/build" -j"$(nproc)"
run "$tmp/install.log" "$cmake" --install "$tmp/build"
rm -rf "$tmp/src" "$tmp/build"

# What was installed.
pc=$(find "$prefix" -name archc.pc -path '*/pkgconfig/*')
expect "archc.pc installed" test -n "$pc"
export PKG_CONFIG_PATH=${pc%/archc.pc}
libdir=$(pkg-config --variable=libdir archc)
includedir=$(pkg-config --variable=includedir archc)
expect "pkg-config's version is $version" test "$(pkg-config --modversion archc)" = "$version"
expect "archc-core.pc beside archc.pc" test -f "$PKG_CONFIG_PATH/archc-core.pc"
expect "bin/archc" test -x "$prefix/bin/archc"
expect "include/archc.h" test -f "$includedir/archc.h"
expect "the standard library" test -f "$prefix/share/archc/stdlib/prelude.arch"
expect "the documentation" test -f "$prefix/share/doc/archc/library.md"
major=${version%%.*}
for lib in archc archc-core; do
  expect "lib$lib.a" test -f "$libdir/lib$lib.a"
  expect "lib$lib.so.$version" test -f "$libdir/lib$lib.so.$version"
  expect "lib$lib.so.$major -> lib$lib.so.$version" test "$(readlink "$libdir/lib$lib.so.$major")" = "lib$lib.so.$version"
  expect "lib$lib.so -> lib$lib.so.$major" test "$(readlink "$libdir/lib$lib.so")" = "lib$lib.so.$major"
  expect "lib$lib.so's soname is lib$lib.so.$major" \
    grep -q "SONAME.*\[lib$lib\.so\.$major\]" <(readelf -d "$libdir/lib$lib.so.$version")
done
expect "archc.pc requires Graphviz, Cairo and Pango privately" \
  grep -qx "Requires.private: libgvc libcgraph pangocairo cairo-pdf cairo-svg cairo-png" "$pc"
expect "archc-core.pc needs no Graphviz" test -z "$(pkg-config --print-requires-private archc-core)"

# The example against each library, with pkg-config's flags and no others.
here=$(cd "$(dirname "$0")" && pwd)
example=$here/../examples/library/example.c
for lib in archc archc-core; do
  total=$((total + 1))
  # shellcheck disable=SC2046  # pkg-config's output is words
  if ! "$cc" -o "$tmp/example-$lib" "$example" $(pkg-config --cflags --libs "$lib") 2>"$tmp/cc.log"; then
    echo "FAIL the example does not build against $lib"; cat "$tmp/cc.log"; failed=$((failed + 1))
    continue
  fi
  total=$((total + 1))
  LD_LIBRARY_PATH=$libdir "$here/check_example.sh" "$tmp/example-$lib" "$version" || failed=$((failed + 1))
  expect "the example loads the installed lib$lib.so.$major" \
    grep -q "lib$lib\.so\.$major => $libdir/" <(LD_LIBRARY_PATH=$libdir ldd "$tmp/example-$lib")
done
expect "the example linked against archc-core loads no Graphviz" \
  test -z "$(LD_LIBRARY_PATH=$libdir ldd "$tmp/example-archc-core" | grep -E 'libgvc|libcgraph|libcdt')"

# A static program: pkg-config --static adds what libarchc-core.a needs.
total=$((total + 1))
# shellcheck disable=SC2046
if "$cc" -static -o "$tmp/example-static" "$example" $(pkg-config --static --cflags --libs archc-core) \
     2>"$tmp/cc.log"; then
  "$here/check_example.sh" "$tmp/example-static" "$version" || failed=$((failed + 1))
else
  echo "FAIL the example does not link statically against archc-core"; cat "$tmp/cc.log"
  failed=$((failed + 1))
fi

# The installed command finds the installed standard library and docs.
printf 'service api\ndatabase db\napi -> db\n' >"$tmp/d.arch"
expect "the installed archc compiles a design" "$prefix/bin/archc" "$tmp/d.arch" -o "$tmp/d.svg" --color never 2>/dev/null
"$prefix/bin/archc" explain spof >"$tmp/explain" 2>&1
expect "the installed archc reads the installed rules" grep -q "^Defined at $prefix/share/archc/stdlib/" "$tmp/explain"
expect "the installed archc reads the installed docs/rules.md" grep -q '^\*\*Flags\*\*' "$tmp/explain"

echo "install: $total checks, $failed failed"
[ "$failed" -eq 0 ]
