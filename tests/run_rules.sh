#!/usr/bin/env bash
# The rules library.  Every rule `archc rules` lists has tests/rules/<rule>.pos.arch,
# a design where it must fire, and <rule>.neg.arch, the same design fixed,
# where it must not; <rule>.<variant>.{pos,neg}.arch are further cases.  The
# first line of each file says what to expect:
#   // expect: <rule> on <component path>     (a finding of <rule> on that component)
#   // expect: no <rule>                      (no finding of <rule> anywhere)
# and `check` must exit 1 when an error-severity finding is present, 0
# otherwise, never 2 or more.  Then the mechanisms around rules: allow,
# review blocks, --enable/--disable, -Werror, SARIF, placement and --fail.
set -u
archc=$1
dir=$(cd "$(dirname "$0")/rules" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 total=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
case_() { total=$((total + 1)); }

# has_finding JSON RULE [COMPONENT [SEVERITY]]: exit 0 if the findings include it.
has_finding() {
  python3 - "$1" "$2" "${3:-}" "${4:-}" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
rule, comp, sev = sys.argv[2], sys.argv[3], sys.argv[4]
# A finding of the same cause as another is one of its notes, with its rule.
every = data["findings"] + [n for f in data["findings"] for n in f["notes"] if n["rule"]]
hits = [f for f in every if f["rule"] == rule and (not comp or f["component"] == comp)
        and (not sev or f["severity"] == sev)]
sys.exit(0 if hits else 1)
PY
}

# verdict JSON STATUS RULE COMPONENT|"" WANT(1 present on COMPONENT, 0 absent
# everywhere): checks the finding and the exit status together.
verdict() {
  python3 - "$@" <<'PY'
import json, sys
path, status, rule, comp, want = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5] == "1"
try:
    found = json.load(open(path))["findings"]
except Exception as e:
    print("output is not findings JSON: %s" % e)
    sys.exit(1)
# A finding of the same cause as another is one of its notes, with its rule.
found = found + [n for f in found for n in f["notes"] if n["rule"]]
problems = []
if want:
    if not any(f["rule"] == rule and f["component"] == comp for f in found):
        on = sorted(f["component"] for f in found if f["rule"] == rule)
        problems.append("no %s finding on %s%s" % (rule, comp, " (only on %s)" % ", ".join(on) if on else ""))
else:
    on = sorted(f["component"] for f in found if f["rule"] == rule)
    if on:
        problems.append("%s fires on %s" % (rule, ", ".join(on)))
errors = any(f["severity"] == "error" for f in found)
if status != (1 if errors else 0):
    problems.append("exit %d, expected %d" % (status, 1 if errors else 0))
print("; ".join(problems))
sys.exit(1 if problems else 0)
PY
}

# Every rule has its two cases.
rules=$("$archc" rules | awk '{print $1}')
[ -n "$rules" ] || fail "archc rules lists no rules"
for rule in $rules; do
  for side in pos neg; do
    [ -f "$dir/$rule.$side.arch" ] || { case_; fail "$rule.$side: tests/rules/$rule.$side.arch is missing"; }
  done
done

# Every case, as its first line says.
for file in "$dir"/*.arch; do
  case_
  name=$(basename "$file" .arch)
  rule=${name%%.*} side=${name##*.}
  first=$(head -n 1 "$file")
  if ! printf '%s\n' $rules | grep -qx "$rule"; then
    fail "$name: no rule '$rule'"; continue
  fi
  if [ "$side" = pos ] && [[ $first =~ ^//\ expect:\ ([a-z_]+)\ on\ ([A-Za-z0-9_.]+)$ ]] &&
     [ "${BASH_REMATCH[1]}" = "$rule" ]; then
    comp=${BASH_REMATCH[2]} want=1
  elif [ "$side" = neg ] && [ "$first" = "// expect: no $rule" ]; then
    comp="" want=0
  else
    fail "$name: first line should be '// expect: $rule on <component>' (.pos) or '// expect: no $rule' (.neg)"
    continue
  fi
  "$archc" check -f json "$file" >"$tmp/out.json" 2>"$tmp/err"; st=$?
  if [ "$st" -ge 2 ]; then fail "$name: exit $st"; cat "$tmp/err"; continue; fi
  why=$(verdict "$tmp/out.json" "$st" "$rule" "$comp" "$want") || fail "$name: $why"
done

# check FILE [OPTIONS...]: JSON findings in $tmp/c.json, diagnostics in
# $tmp/c.err, exit status in $st.
check() {
  local file=$1; shift
  "$archc" check -f json "$@" "$file" >"$tmp/c.json" 2>"$tmp/c.err"; st=$?
}

# allow: accepts spof on db, and the review no longer fails on it.
case_
cat >"$tmp/allowed.arch" <<'ARCH'
client u
load_balancer lb { replicas = 2 }
service api { replicas = 2; health_check = "/healthz" }
database db { backup = "daily snapshots"; allow spof "one writer by design; failover rehearsed monthly" }
u -> lb -> api -> db
ARCH
check "$tmp/allowed.arch"
if has_finding "$tmp/c.json" spof; then fail "allow spof did not suppress spof"
elif ! has_finding "$tmp/c.json" db_no_failover db; then fail "allow spof suppressed db_no_failover too"
elif [ "$st" -ne 0 ]; then fail "allow spof: exit $st, expected 0 (only a warning is left)"
elif grep -q "suppresses nothing" "$tmp/c.err"; then fail "a used allow is reported as suppressing nothing"
fi

# An allow that suppresses nothing is itself a warning.
case_
cat >"$tmp/unused.arch" <<'ARCH'
client u
load_balancer lb { replicas = 2 }
service api { replicas = 2; health_check = "/healthz" }
database db { replicas = 2; backup = "daily snapshots"; allow spof "one writer by design" }
u -> lb -> api -> db
ARCH
"$archc" check "$tmp/unused.arch" >/dev/null 2>"$tmp/err"; st=$?
grep -q "warning: 'allow spof' on db suppresses nothing" "$tmp/err" &&
  [ "$st" -eq 0 ] || fail "an allow that suppresses nothing: no warning, or exit $st"

# review blocks: a rule off for the design; one component's severity raised.
hot=$dir/hot.pos.arch
case_
{ cat "$hot"; echo 'review { hot = off }'; } >"$tmp/off.arch"
check "$tmp/off.arch"
has_finding "$tmp/c.json" hot && fail "review { hot = off } did not turn hot off"
[ "$st" -lt 2 ] || fail "review { hot = off }: exit $st"
case_
cat >"$tmp/raise.arch" <<'ARCH'
workload { reads = 1600 rps }
client u
service api { replicas = 2; capacity = 1k rps }
service admin { replicas = 2; capacity = 1k rps }
u -> {api, admin}
review { hot.api = error }
ARCH
check "$tmp/raise.arch"
if ! has_finding "$tmp/c.json" hot api error; then fail "review { hot.api = error } did not raise hot on api"
elif ! has_finding "$tmp/c.json" hot admin warning; then fail "review { hot.api = error } changed hot on admin too"
elif [ "$st" -ne 1 ]; then fail "an error raised by a review block: exit $st, expected 1"
fi

# The command line: --disable, --enable, -Werror.
spof=$dir/spof.pos.arch
case_
check "$spof" --disable spof
if has_finding "$tmp/c.json" spof; then fail "--disable spof did not turn spof off"
elif [ "$st" -ne 0 ]; then fail "--disable spof: exit $st, expected 0 (no error left)"
fi
case_
check "$spof"
[ "$st" -eq 1 ] || fail "spof.pos without --disable: exit $st, expected 1"
case_
check "$tmp/off.arch" --enable hot
has_finding "$tmp/c.json" hot api || fail "--enable hot did not turn hot back on"
case_
"$archc" check "$hot" >/dev/null 2>&1; st=$?
[ "$st" -eq 0 ] || fail "hot alone (a warning): exit $st, expected 0"
case_
"$archc" check -Werror "$hot" >/dev/null 2>&1; st=$?
[ "$st" -eq 1 ] || fail "-Werror with a warning: exit $st, expected 1"
case_
"$archc" check -Werror "$dir/unthrottled_entry.neg.arch" >/dev/null 2>&1; st=$?
[ "$st" -eq 0 ] || fail "-Werror on a design with no warning: exit $st, expected 0"
case_
"$archc" check --disable spoof "$spof" >/dev/null 2>"$tmp/err"; st=$?
[ "$st" -eq 2 ] && grep -q "unknown rule 'spoof'" "$tmp/err" && grep -q "did you mean 'spof'" "$tmp/err" ||
  fail "--disable with an unknown rule: exit $st"

# Placement by attribute: `zones = a` puts every replica in a; `[a, b]` spreads them.
case_
cat >"$tmp/zone-attr.arch" <<'ARCH'
client u
region r {
  zone a { }
  zone b { }
  load_balancer lb { replicas = 2; zones = [a, b] }
  service api { replicas = 2; zones = [a, b] }
  database db { replicas = 3; zones = a }
}
u -> lb -> api -> db
ARCH
check "$tmp/zone-attr.arch"
has_finding "$tmp/c.json" zone_spof r.db || fail "zones = a: losing zone a should cut clients off from db"
case_
sed 's/zones = a }/zones = [a, b] }/' "$tmp/zone-attr.arch" >"$tmp/zone-attr2.arch"
check "$tmp/zone-attr2.arch"
has_finding "$tmp/c.json" zone_spof && fail "zones = [a, b]: db survives either zone"

# What a failure does, for a component, a zone and a region.
ex=$dir/../../examples
# Exit 1 when the failure loses a flow (or part of one) or saturates a
# component, 0 when every flow is still served and nothing saturates.
case_
"$archc" check "$ex/url-shortener.arch" --fail links_db >"$tmp/f1" 2>/dev/null; st=$?
[ "$st" -eq 1 ] && grep -q "browsers loses us_east.links_db" "$tmp/f1" &&
  grep -q "^    resolve: lost: no longer reaches us_east.links_db$" "$tmp/f1" &&
  grep -q "^    create_link: lost: no longer reaches us_east.links_db$" "$tmp/f1" ||
  fail "--fail links_db: browsers should lose it, both flows lost, exit 1 (got $st)"
case_
"$archc" check "$ex/launch-day-fixed.arch" --fail main.a >"$tmp/f2" 2>/dev/null; st=$?
[ "$st" -eq 1 ] && grep -q "Lost with it: 1 component: main.a.web_a" "$tmp/f2" &&
  grep -q "main.db goes from 55.7% to 100%: saturated" "$tmp/f2" &&
  grep -q "^    reads: still served; saturates main.db$" "$tmp/f2" ||
  fail "--fail main.a: zone loss, its reroute saturating db, exit 1 (got $st)"
case_
"$archc" check "$ex/checkout.arch" --fail eu >"$tmp/f3" 2>/dev/null; st=$?
[ "$st" -eq 0 ] && grep -q "none: every client still reaches its stores, or a copy of them" "$tmp/f3" &&
  grep -q "^    writes: still served$" "$tmp/f3" ||
  fail "--fail eu: shoppers fail over to the US copy, exit 0 (got $st)"
# Per flow: a write API alone in front of the database loses every write,
# though the database is still reached by the reads.
case_
"$archc" check "$dir/flow_spof.pos.arch" --fail write_api >"$tmp/f5" 2>/dev/null; st=$?
[ "$st" -eq 1 ] && grep -q "^    reads: still served$" "$tmp/f5" &&
  grep -q "^    writes: lost: no longer reaches db$" "$tmp/f5" &&
  grep -q "none: every client still reaches its stores" "$tmp/f5" ||
  fail "--fail write_api: the writes are lost, the reads served, exit 1 (got $st)"
case_
"$archc" check "$ex/checkout.arch" --fail euu >/dev/null 2>"$tmp/f4"
[ $? -eq 2 ] && grep -q "did you mean 'eu'" "$tmp/f4" || fail "--fail with an unknown name"

# Findings grouped by cause: one finding per component per cause, the
# others its notes with their rule; consequences elsewhere (a queue's
# backlog, a client's unbounded latency) join the error that causes them.
grouped() {  # grouped JSON RULE COMPONENT NOTE-RULE NOTE-COMPONENT
  python3 - "$@" <<'PY'
import json, sys
path, rule, comp, note_rule, note_comp = sys.argv[1:]
found = json.load(open(path))["findings"]
host = [f for f in found if f["rule"] == rule and f["component"] == comp]
assert len(host) == 1, "one %s on %s: %d" % (rule, comp, len(host))
notes = [n for n in host[0]["notes"] if n["rule"] == note_rule and n["component"] == note_comp]
assert len(notes) == 1, "%s on %s is not a note of %s" % (note_rule, note_comp, rule)
assert notes[0]["severity"] in ("error", "warning", "note") and notes[0]["help"], notes[0]
assert not [f for f in found if f["rule"] == note_rule and f["component"] == note_comp], \
    "%s is still a finding of its own" % note_rule
# At most one error per component per cause: here, per component and rule family.
errors = [(f["component"], f["rule"]) for f in found if f["severity"] == "error"]
assert len(errors) == len(set(errors)), errors
PY
}
case_
check "$ex/launch-day.arch"
grouped "$tmp/c.json" spof db db_no_failover db || fail "launch-day: db_no_failover is not a note of spof"
case_
grouped "$tmp/c.json" overloaded db missing_cache db || fail "launch-day: missing_cache is not a note of overloaded"
case_
[ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$tmp/c.json")" -eq 4 ] ||
  fail "launch-day: 4 findings expected (web 1, db 3)"
case_
check "$ex/url-shortener.arch"
grouped "$tmp/c.json" overloaded us_east.analytics queue_backlog us_east.clicks ||
  fail "url-shortener: the backlog of clicks is not a note of its consumer's overload"
case_
cat >"$tmp/latency.arch" <<'ARCH'
workload { reads = 2k rps; latency_slo = 100 ms }
client u
load_balancer lb { replicas = 2 }
service api { replicas = 2; capacity = 500 rps; health_check = "/healthz" }
u -> lb -> api
ARCH
check "$tmp/latency.arch"
grouped "$tmp/c.json" overloaded api latency_slo u ||
  fail "an unbounded latency is not a note of the overload on its path"
case_
"$archc" check -f sarif "$ex/launch-day.arch" >"$tmp/g.sarif" 2>/dev/null
python3 - "$tmp/g.sarif" <<'PY' || fail "SARIF: a finding of the same cause is not a related location"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
spof = [r for r in run["results"] if r["ruleId"] == "spof"][0]
texts = [l["message"]["text"] for l in spof.get("relatedLocations", [])]
assert any(t.startswith("warning: ") and t.endswith("[db_no_failover]") for t in texts), texts
assert "db_no_failover" not in [r["ruleId"] for r in run["results"]]
PY

# SARIF: the structure code-scanning tools read, for a design with findings
# of every severity and for one with none.
sarif_ok() {
  python3 - "$1" "$2" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
want_results = sys.argv[2] == "1"
assert s["version"] == "2.1.0", s.get("version")
run = s["runs"][0]
assert run["tool"]["driver"]["name"] == "archc"
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert len(ids) == len(set(ids)) and "spof" in ids
assert bool(run["results"]) == want_results, "results: %d" % len(run["results"])
for r in run["results"]:
    assert r["ruleId"] in ids, r["ruleId"]
    assert ids[r["ruleIndex"]] == r["ruleId"]
    assert r["level"] in ("error", "warning", "note")
    assert r["message"]["text"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith(".arch")
    assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
PY
}
case_
"$archc" check -f sarif "$ex/launch-day.arch" >"$tmp/s.sarif" 2>/dev/null; st=$?
[ "$st" -eq 1 ] || fail "SARIF for launch-day: exit $st, expected 1 (it has errors)"
sarif_ok "$tmp/s.sarif" 1 || fail "SARIF output for launch-day is not well formed"
case_
"$archc" check -f sarif "$dir/unthrottled_entry.neg.arch" >"$tmp/s2.sarif" 2>/dev/null; st=$?
[ "$st" -eq 0 ] || fail "SARIF for a clean design: exit $st, expected 0"
sarif_ok "$tmp/s2.sarif" 0 || fail "SARIF output for a design with no findings is not well formed"

echo "rules: $total cases, $failed failed"
[ "$failed" -eq 0 ]
