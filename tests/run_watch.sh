#!/usr/bin/env bash
# archc watch: a save rebuilds the output; a save with errors prints them
# and leaves the last good output as it was; an import's save counts too;
# SIGINT ends it with status 0.  Every wait is bounded.
set -u
archc=$1
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
failed=0
fail() { echo "FAIL $*"; failed=1; }
# wait_for SECONDS COMMAND...: until COMMAND succeeds, or fails after SECONDS.
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.1
  done
}
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

kill -INT "$pid"
status=0
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then fail "SIGINT ends watch"; else wait "$pid"; status=$?; fi
pid=
[ "$status" -eq 0 ] || fail "watch exits 0 after SIGINT, not $status"
grep -q 'archc watch: stopped' "$log" || fail "watch says it stopped"

if [ $failed -ne 0 ]; then echo "--- watch's output:"; cat "$log"; exit 1; fi
echo "watch: ok"
