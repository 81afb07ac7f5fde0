#!/usr/bin/env bash
# The rules library: for every rule, tests/rules/<rule>.pos.arch must get a
# finding of that rule on the component its first line names, and
# <rule>.neg.arch (the same design, fixed) must not.  Then the mechanisms
# around rules: allow, review blocks, --enable/--disable, -Werror, SARIF.
set -u
archc=$1
dir=$(cd "$(dirname "$0")/rules" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 total=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# has_finding JSON RULE [COMPONENT]: exit 0 if the findings include it.
has_finding() {
  python3 - "$1" "$2" "${3:-}" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
rule, comp = sys.argv[2], sys.argv[3]
hits = [f for f in data["findings"] if f["rule"] == rule and (not comp or f["component"] == comp)]
sys.exit(0 if hits else 1)
PY
}

# verdict JSON STATUS RULE COMPONENT|"" WANT(1 present, 0 absent): one
# python run per file, checking the finding and the exit status together.
verdict() {
  python3 - "$@" <<'PY'
import json, sys
path, status, rule, comp, want = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5] == "1"
found = json.load(open(path))["findings"]
hit = any(f["rule"] == rule and (not comp or f["component"] == comp) for f in found)
errors = any(f["severity"] == "error" for f in found)
problems = []
if hit != want:
    problems.append(("no %s finding on %s" % (rule, comp)) if want else ("%s still fires" % rule))
if status != (1 if errors else 0):
    problems.append("exit %d, expected %d" % (status, 1 if errors else 0))
print("; ".join(problems))
sys.exit(1 if problems else 0)
PY
}

for pos in "$dir"/*.pos.arch; do
  rule=$(basename "$pos" .pos.arch)
  comp=$(sed -n '1s|^// expect: [a-z_]* on ||p' "$pos")
  for side in pos neg; do
    total=$((total + 1))
    file=$dir/$rule.$side.arch
    "$archc" check -f json "$file" >"$tmp/out.json" 2>"$tmp/err"; st=$?
    if [ "$st" -ge 2 ]; then fail "$rule.$side: exit $st"; cat "$tmp/err"; continue; fi
    want=1; [ "$side" = neg ] && want=0
    why=$(verdict "$tmp/out.json" "$st" "$rule" "$comp" "$want") || fail "$rule.$side: $why"
  done
done

# Exceptions and severities.
spof=$dir/spof.pos.arch
total=$((total + 8))
sed 's/database db { replicas = 1; failover = true; backup = "daily" }/database db { replicas = 1; failover = true; backup = "daily"; allow spof "one writer by design" }/' \
  "$spof" >"$tmp/allowed.arch"
"$archc" check -f json "$tmp/allowed.arch" >"$tmp/a.json" 2>"$tmp/err"
has_finding "$tmp/a.json" spof && fail "allow spof did not suppress spof"
sed 's/service api { replicas = 2 }/service api { replicas = 2; allow hot "never busy" }/' "$spof" >"$tmp/unused.arch"
"$archc" check "$tmp/unused.arch" >/dev/null 2>"$tmp/err"
grep -q "warning: 'allow hot' on api suppresses nothing" "$tmp/err" || fail "an unused allow is not reported"
hot=$dir/hot.pos.arch
{ cat "$hot"; echo 'review { hot = off }'; } >"$tmp/off.arch"
"$archc" check -f json "$tmp/off.arch" >"$tmp/o.json" 2>/dev/null
has_finding "$tmp/o.json" hot && fail "review { hot = off } did not turn hot off"
{ cat "$hot"; echo 'review { hot.api = error }'; } >"$tmp/raise.arch"
"$archc" check -f json "$tmp/raise.arch" >"$tmp/r.json" 2>/dev/null; st=$?
python3 -c 'import json,sys; sys.exit(0 if any(f["rule"]=="hot" and f["severity"]=="error" for f in json.load(open(sys.argv[1]))["findings"]) else 1)' "$tmp/r.json" ||
  fail "review { hot.api = error } did not raise hot on api"
[ "$st" -eq 1 ] || fail "an error finding from a review block does not fail the check"
"$archc" check -f json --disable spof "$spof" >"$tmp/d.json" 2>/dev/null
has_finding "$tmp/d.json" spof && fail "--disable spof did not turn spof off"
"$archc" check "$hot" >/dev/null 2>&1 || fail "hot alone (a warning) fails the check"
"$archc" check -Werror "$hot" >/dev/null 2>&1 && fail "-Werror does not fail on a warning"
{ cat "$hot"; echo 'review { hot = off }'; } >"$tmp/off2.arch"
"$archc" check -f json --enable hot "$tmp/off2.arch" >"$tmp/e.json" 2>/dev/null
has_finding "$tmp/e.json" hot || fail "--enable hot did not turn hot back on"

# Placement by attribute: `zones = a` puts every replica in a; `[a, b]` spreads them.
total=$((total + 2))
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
"$archc" check -f json "$tmp/zone-attr.arch" >"$tmp/z.json" 2>/dev/null
has_finding "$tmp/z.json" zone_spof r.db || fail "zones = a: losing zone a should cut clients off from db"
sed 's/zones = a }/zones = [a, b] }/' "$tmp/zone-attr.arch" >"$tmp/zone-attr2.arch"
"$archc" check -f json "$tmp/zone-attr2.arch" >"$tmp/z2.json" 2>/dev/null
has_finding "$tmp/z2.json" zone_spof && fail "zones = [a, b]: db survives either zone"

# What a failure does, for a component, a zone and a region.
ex=$dir/../../examples
total=$((total + 4))
"$archc" check "$ex/url-shortener.arch" --fail links_db >"$tmp/f1" 2>/dev/null &&
  grep -q "browsers loses us_east.links_db" "$tmp/f1" || fail "--fail links_db: browsers should lose it"
"$archc" check "$ex/launch-day-fixed.arch" --fail main.a >"$tmp/f2" 2>/dev/null &&
  grep -q "Lost with it: 1 component: main.a.web_a" "$tmp/f2" &&
  grep -q "main.db goes from 56% to 100%: saturated" "$tmp/f2" || fail "--fail main.a: zone loss and its reroute"
"$archc" check "$ex/checkout.arch" --fail eu >"$tmp/f3" 2>/dev/null &&
  grep -q "none: every client still reaches its stores, or a copy of them" "$tmp/f3" ||
  fail "--fail eu: shoppers fail over to the US copy"
"$archc" check "$ex/checkout.arch" --fail euu >/dev/null 2>"$tmp/f4"
[ $? -eq 2 ] && grep -q "did you mean 'eu'" "$tmp/f4" || fail "--fail with an unknown name"

# SARIF: the structure code-scanning tools read.
total=$((total + 1))
"$archc" check -f sarif "$dir/../../examples/launch-day.arch" >"$tmp/s.sarif" 2>/dev/null
python3 - "$tmp/s.sarif" <<'PY' || fail "SARIF output is not well formed"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["version"] == "2.1.0"
run = s["runs"][0]
assert run["tool"]["driver"]["name"] == "archc"
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert len(ids) == len(set(ids)) and "spof" in ids
assert run["results"], "launch-day has findings"
for r in run["results"]:
    assert r["ruleId"] in ids and ids[r["ruleIndex"]] == r["ruleId"]
    assert r["level"] in ("error", "warning", "note")
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("launch-day.arch")
    assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
PY

echo "rules: $total checks, $failed failed"
[ "$failed" -eq 0 ]
