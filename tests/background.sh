# Sourced by the tests of the commands that run until stopped (watch,
# serve): a temporary directory, the command's process id in `pid` (killed
# on exit if still running), failures counted, and bounded waits.
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
# stop SIGNAL NAME: sends SIGNAL to $pid; NAME must end within 10 s, with status 0.
stop() {
  kill "-$1" "$pid"
  if ! wait_for 10 eval '! kill -0 "$pid" 2>/dev/null'; then
    fail "$1 ends $2"
  else
    wait "$pid"
    local status=$?
    [ "$status" -eq 0 ] || fail "$2 exits 0 after $1, not $status"
  fi
  pid=
}
