#!/usr/bin/env bash
# archc markdown: the ```arch fences of a page become pictures and links,
# everything else stays byte for byte, a rerun changes nothing, and a
# broken fence is reported at its Markdown line with nothing written.
set -u
archc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$(dirname "$0")/checks.sh"

# The page in pieces: the text around the two arch fences (with a mermaid
# fence, an arch fence inside a four-backtick fence, a ~~~ fence, indented
# code, trailing spaces, a CRLF line and no final newline, all of which must
# survive), and the fences.  The expected output is the same text with each
# arch fence replaced by a line that says LINK.
cd "$tmp"
mkdir -p site/docs
printf '# Architecture\r\n\nThe service, as deployed:  \n\n' >part1
cat >fence1 <<'EOF'
```arch
title "Two boxes"
service api { replicas = 2 }
database db { replicas = 2 }
api -> db
```
EOF
cat >part2 <<'EOF'

```mermaid
graph TD; A-->B
```

````markdown
```arch
service not_a_fence
```
````

~~~
```arch
~~~

    ```arch
    indented code
    ```

- a list item with a design:

EOF
cat >fence2 <<'EOF'
  ```arch direction=lr
  service web { replicas = 2 }
  cache hot
  web -> hot
  ```
EOF
printf '\nThe end, with no final newline.' >part3
cat part1 fence1 part2 fence2 part3 >site/docs/page.md
{ cat part1; echo LINK; cat part2; echo '  LINK'; cat part3; } >expected

page=site/docs/page.md
check "two fences drawn" 0 "$archc" markdown $page -o site/out/page.md --assets site/assets
out=site/out/page.md
expect "the page is written" test -s $out
expect "the first link, titled, relative to the page" \
  grep -Eqx '!\[Two boxes\]\(\.\./assets/arch-[0-9a-f]{16}\.svg\)' $out
expect "the second link, indented in its list item" \
  grep -Eqx '  !\[diagram\]\(\.\./assets/arch-[0-9a-f]{16}\.svg\)' $out
sed -E 's/^( *)!\[[^]]*\]\(\.\.\/assets\/arch-[0-9a-f]{16}\.svg\)$/\1LINK/' $out >got
expect "everything else is byte for byte the same" cmp -s got expected
links=$(grep -Eo 'arch-[0-9a-f]{16}\.svg' $out | sort -u)
expect "two different pictures" test "$(echo "$links" | wc -l)" -eq 2
expect "only the two pictures in the assets" test "$(ls site/assets | wc -l)" -eq 2
for svg in $links; do
  expect "$svg exists" test -s site/assets/$svg
  expect "$svg is well-formed SVG" xmllint --noout site/assets/$svg
  expect "$svg is an <svg> document" grep -q '<svg' site/assets/$svg
done
expect "one picture has the first design's title" test "$(grep -l 'Two boxes' site/assets/*.svg | wc -l)" -eq 1

# A rerun changes no file: not its bytes, not its time.
stamp() { find site -type f -exec stat -c '%n %Y.%y %s' {} + | sort; find site -type f -exec sha256sum {} + | sort; }
stamp >before
sleep 1.1
check "rerun" 0 "$archc" markdown $page -o site/out/page.md --assets site/assets
stamp >after
expect "a rerun changes nothing" cmp -s before after

# The same page to standard output: links relative to the current directory.
check "-o -" 0 "$archc" markdown $page -o - --assets site/assets
expect "stdout has the links" test "$(grep -Ec '^ *!\[[^]]*\]\(site/assets/arch-[0-9a-f]{16}\.svg\)$' stdout)" -eq 2

# --inline: the SVG in the page, nothing in the assets.
check "--inline" 0 "$archc" markdown $page -o inline.md --inline
expect "two inline pictures" test "$(grep -c '^ *<svg' inline.md)" -eq 2
expect "no link" test "$(grep -c 'arch-[0-9a-f]*\.svg' inline.md)" -eq 0
expect "no XML declaration in the page" test "$(grep -c '<?xml' inline.md)" -eq 0
expect "the mermaid fence is still there" grep -qx '```mermaid' inline.md

expect "each inline picture has ids of its own" \
  test "$(grep -Eo 'id="arch-[0-9a-f]{16}-graph0"' inline.md | sort -u | wc -l)" -eq 2

# theme= and style=, as --theme and --style draw them.
printf 'Intro\n\n```arch theme=auto style=plain\nservice a\n```\n' >themed.md
check "theme=auto style=plain" 0 "$archc" markdown themed.md -o themed-out.md --assets themed
expect "the SVG follows the reader's preference" grep -q 'prefers-color-scheme' themed/*.svg
expect "and shows no findings" test "$(grep -c 'single_instance_tier' themed/*.svg)" -eq 0
expect "which are not printed either" test ! -s stderr
printf 'Intro\n\n```arch theme=sepia\nservice a\n```\n' >themed.md
check "an unknown theme" 1 "$archc" markdown themed.md -o themed-out.md --assets themed
expect "is named" grep -qx "themed.md:3:9: error: unknown theme" stderr

# view=NAME: the fence's design drawn through one of its views.
printf 'Intro\n\n```arch view=eu\nregion us { service a }\nregion eu { service b }\nview eu { only = eu }\n```\n' >viewed.md
check "view=eu" 0 "$archc" markdown viewed.md -o viewed-out.md --assets viewed
expect "the view is drawn" grep -q '1 of 2 components' viewed/*.svg
printf 'Intro\n\n```arch view=ue\nregion eu { service b }\nview eu { only = eu }\n```\n' >viewed.md
check "an unknown view" 1 "$archc" markdown viewed.md -o viewed-out.md --assets viewed
expect "is named, with a suggestion" grep -qx "viewed.md:3:1: error: unknown view 'ue' in the arch fence" stderr
expect "and a suggestion" grep -qx "  help: did you mean 'view=eu'?" stderr

# format=png: a PNG file, also with --inline.
printf 'Intro\n\n```arch format=png\nservice a\n```\n' >png.md
check "format=png" 0 "$archc" markdown png.md -o png-out.md --assets png-assets --inline
expect "a PNG asset" test "$(head -c 4 png-assets/*.png | tail -c 3)" = PNG
expect "linked" grep -Eqx '!\[diagram\]\(png-assets/arch-[0-9a-f]{16}\.png\)' png-out.md

# A broken fence: its Markdown line, the caret, exit 1, nothing written.
mkdir broken
printf 'Intro\n\n```arch\nservice a\n```\n\nText\n\n```arch\nservice b\nb -> nowhere\n```\n' >broken/page.md
check "a broken fence" 1 "$archc" markdown broken/page.md -o broken/out.md --assets broken/assets
expect "the error at the Markdown line" \
  grep -qx "broken/page.md:11:6: error: unknown component 'nowhere'" stderr
expect "the line quoted" grep -qx '  11 | b -> nowhere' stderr
expect "the caret" grep -qx '     |      ^~~~~~~' stderr
expect "no page written" test ! -e broken/out.md
expect "no picture written" test ! -e broken/assets

printf 'Intro\n\n```arch direction=lr colour=red\nservice a\n```\n' >option.md
check "an unknown option" 1 "$archc" markdown option.md -o option-out.md --assets option-assets
expect "reported at the fence's line" \
  grep -qx "option.md:3:22: error: unknown option 'colour' in an arch fence" stderr
expect "nothing written" test ! -e option-out.md -a ! -e option-assets
printf 'Intro\n\n```arch direction=up\nservice a\n```\n' >option.md
check "a bad direction" 1 "$archc" markdown option.md -o option-out.md --assets option-assets
expect "the direction is named" grep -q "option.md:3:9: error: unknown direction" stderr

printf 'Intro\n\n````arch\nservice a\n```\n' >open.md
check "an unclosed fence" 1 "$archc" markdown open.md -o open-out.md --assets open-assets
expect "reported at its opener" grep -qx "open.md:3:1: error: this arch fence is never closed" stderr

check "no assets directory" 2 "$archc" markdown $page -o nowhere.md
expect "--assets is asked for" grep -q -- "--assets" stderr
check "no input" 2 "$archc" markdown
cp $page self.md
check "the page written over its source" 2 "$archc" markdown self.md -o ./self.md --assets a
expect "is refused, and the source kept" cmp -s $page self.md
check "unreadable input" 2 "$archc" markdown missing.md -o x.md --assets a
check "a page without fences" 0 "$archc" markdown part2 -o plain.md
expect "is copied as it is" cmp -s part2 plain.md

check "--help" 0 "$archc" markdown --help
for word in 'archc markdown IN.md' --assets --inline 'direction=auto|lr|tb' 'theme=light|dark|auto' 'style=review|plain'; do
  expect "--help mentions $word" grep -q -- "$word" stdout
done

echo "markdown: $((total - failed))/$total passed"
[ "$failed" -eq 0 ]
