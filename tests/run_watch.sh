#!/usr/bin/env bash
# archc watch: a save rebuilds the output; a save with errors prints them
# and leaves the last good output as it was; an import's save counts too;
# SIGINT ends it with status 0.  Every wait is bounded.
set -u
archc=$1
. "$(dirname "$0")/background.sh"
# Saved as editors save: a new file renamed over the old one.
save() { printf "$2" >"$tmp/.save" && mv "$tmp/.save" "$1"; }

design=$tmp/design.arch out=$tmp/design.svg log=$tmp/log
save "$tmp/shared.arch" 'queue jobs\n'
save "$design" 'import "shared.arch"\ntitle "Watched"\nservice api\ndatabase db\napi -> db\napi -> jobs\n'
"$archc" watch "$design" -o "$out" 2>"$log" &
pid=$!
wait_for 20 grep -q 'built; watching' "$log" || fail "the first build: $(cat "$log")"
grep -q '>api<' "$out" || fail "the first output draws api"

save "$design" 'import "shared.arch"\ntitle "Watched"\nservice api\ndatabase db\ncache hot\napi -> hot -> db\napi -> jobs\n'
wait_for 20 grep -q '>hot<' "$out" || fail "a save rebuilds the output"

save "$tmp/shared.arch" 'queue jobs\nworker mailer\njobs -> mailer\n'
wait_for 20 grep -q '>mailer<' "$out" || fail "saving an import rebuilds the output"

before=$(cksum <"$out")
save "$design" 'service api\napi -> nowhere\n'
wait_for 20 grep -q "unknown component 'nowhere'" "$log" || fail "a broken save prints its error"
wait_for 20 grep -q 'not built; the last good output stays' "$log" || fail "a broken save is reported"
[ "$(cksum <"$out")" = "$before" ] || fail "a broken save leaves the output as it was"

stop INT watch
grep -q 'archc watch: stopped' "$log" || fail "watch says it stopped"

if [ $failed -ne 0 ]; then echo "--- watch's output:"; cat "$log"; exit 1; fi
echo "watch: ok"
