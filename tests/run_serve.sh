#!/usr/bin/env bash
# archc serve over HTTP, with curl: the fixed routes, 404 for anything
# else, 403 for a Host header that is not the server's own (DNS
# rebinding), no method but GET (and POST /view, which chooses the failure
# shown, with its own header), a listening socket on 127.0.0.1 only,
# the state sent as a Server-Sent Event, and exit status 0 on SIGTERM.
set -u
archc=$1
root=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/background.sh"
command -v curl >/dev/null || { echo "FAIL curl is not installed (apt-get install curl)"; exit 1; }

cp "$root/examples/url-shortener.arch" "$tmp/design.arch"
"$archc" serve "$tmp/design.arch" >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_for 20 grep -qs 'http://' "$tmp/out"
port=$(sed -n 's|^archc serve: http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/out")
if [ -z "$port" ]; then echo "FAIL serve printed no address:"; cat "$tmp/out" "$tmp/err"; exit 1; fi
base=http://127.0.0.1:$port

status() { curl -s -o "$tmp/body" -w '%{http_code}' --max-time 10 "$@"; }
for route in / /page.js /page.css /state.json /diagram.svg; do
  [ "$(status "$base$route")" = 200 ] || fail "GET $route is 200"
done
[ "$(status "http://localhost:$port/")" = 200 ] || fail "localhost:PORT is accepted"
grep -q 'Shortener API' <(curl -s --max-time 10 "$base/diagram.svg") || fail "the diagram is the design's"
grep -q 'prefers-color-scheme: dark' <(curl -s --max-time 10 "$base/diagram.svg") \
  || fail "the diagram follows the reader's light or dark preference (--theme auto)"
grep -q '"title":"URL shortener"' <(curl -s --max-time 10 "$base/state.json") || fail "the state has the title"
grep -q '"scorecard":null}$' <(curl -s --max-time 10 "$base/state.json") \
  || fail "a design without requirements has no scorecard in the state"
for route in /nope /index.html /../CMakeLists.txt /diagram.svg/x /page.js?x=../../etc/passwd/ /%2e%2e/etc/passwd; do
  code=$(status --path-as-is "$base$route")
  case $route in
    /page.js\?*) [ "$code" = 200 ] || fail "a query string changes nothing ($code)";;
    *) [ "$code" = 404 ] || fail "GET $route is 404, not $code";;
  esac
done
[ "$(status -H "Host: evil.example:$port" "$base/")" = 403 ] || fail "a foreign Host header is 403"
[ "$(status -H "Host: 127.0.0.1:1" "$base/state.json")" = 403 ] || fail "another port in Host is 403"
[ "$(status -H "Host:" "$base/")" = 403 ] || fail "no Host header is 403"
[ "$(status -X POST -d x=1 "$base/")" = 405 ] || [ "$(status -X POST "$base/")" = 405 ] \
  || fail "POST is refused"
# The failure view: POST /view, with a header a cross-site page cannot send.
[ "$(status -X POST "$base/view?fail=us_east")" = 403 ] || fail "POST /view needs its header"
[ "$(status -X POST -H 'X-Archc-View: 1' "$base/view?fail=../x%20y")" = 400 ] \
  || fail "POST /view takes names alone"
[ "$(status -H 'X-Archc-View: 1' "$base/view?fail=us_east")" = 404 ] || fail "GET /view is 404"
[ "$(status -X POST -H 'X-Archc-View: 1' "$base/view?fail=us_east")" = 202 ] || fail "POST /view"
view_is() { curl -s --max-time 10 "$base/state.json" | grep -q "\"fail\":\"$1\""; }
wait_for 20 view_is us_east || fail "the view is the failure's"
grep -q 'If region us_east fails' <(curl -s --max-time 10 "$base/state.json") \
  || fail "the failure's report is in the state"
[ "$(status -X POST -H 'X-Archc-View: 1' "$base/view?fail=")" = 202 ] || fail "POST /view back"
wait_for 20 view_is '' || fail "the view is the design's again"
# The first event is the current state.
curl -sN --max-time 3 "$base/events" >"$tmp/events" 2>/dev/null
grep -q '^data: {"build":[0-9]*,"ok":true' "$tmp/events" || fail "/events sends the state"
# Listening on 127.0.0.1 only: /proc/net/tcp's listening (0A) sockets on the port.
hexport=$(printf '%04X' "$port")
listening=$(awk -v p=":$hexport" '$4 == "0A" && substr($2, length($2) - 4) == p {print $2}' \
  /proc/net/tcp /proc/net/tcp6)
[ "$listening" = "0100007F:$hexport" ] || fail "listens on 127.0.0.1 alone, not on: $listening"

stop TERM serve
"$archc" serve "$tmp/design.arch" --host 999.1.1.1 >/dev/null 2>&1
[ $? -eq 2 ] || fail "a bad --host exits 2"
"$archc" serve "$tmp/design.arch" --port 0 >/dev/null 2>&1
[ $? -eq 2 ] || fail "--port 0 exits 2"

# A served design's imports stay in its folder and the include path
# (--restrict-imports is always on): one that climbs out is an error in
# the state, and the file it names is not read.
mkdir -p "$tmp/sub"
printf 'service secret_service { tooltip = "do not serve me" }\n' >"$tmp/secret.arch"
printf 'import "../secret.arch"\nservice api\n' >"$tmp/sub/design.arch"
"$archc" serve "$tmp/sub/design.arch" >"$tmp/out2" 2>"$tmp/err2" &
pid=$!
wait_for 20 grep -qs 'http://' "$tmp/out2"
port=$(sed -n 's|^archc serve: http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/out2")
curl -s --max-time 10 "http://127.0.0.1:$port/state.json" >"$tmp/state2"
grep -q "leads outside the design's folder" "$tmp/state2" \
  || fail "serve restricts imports to the design's folder: $(head -c 300 "$tmp/state2")"
grep -q 'do not serve me' "$tmp/state2" && fail "serve read a file outside the design's folder"
stop TERM serve

if [ $failed -ne 0 ]; then echo "--- serve's output:"; cat "$tmp/out" "$tmp/err"; exit 1; fi
echo "serve: ok"
