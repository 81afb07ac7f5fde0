#!/usr/bin/env bash
# The command line: exit statuses, formats, standard input and output, and
# outputs that are never left half-written.
set -u
archc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")  # absolute: some checks run elsewhere
root=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/checks.sh"

good=$tmp/good.arch
printf 'title "Two boxes"\nservice a\ndatabase b\na -> b\n' >"$good"
bad=$tmp/bad.arch
printf 'service a\na -> nowhere\n' >"$bad"

check "--help" 0 "$archc" --help
for opt in --output --format --direction --include --no-stdlib --month --color --help --version check compile; do
  expect "--help mentions $opt" grep -q -- "$opt" "$tmp/stdout"
done
check "--version" 0 "$archc" --version
expect "--version prints the version" grep -q '^archc [0-9]' "$tmp/stdout"
check "no input" 2 "$archc"
check "unknown option" 2 "$archc" --frobnicate "$good"
check "missing file" 2 "$archc" check "$tmp/missing.arch"
expect "missing file is named" grep -q "missing.arch" "$tmp/stderr"
check "unknown format" 2 "$archc" "$good" -T gif -o "$tmp/x"
check "unknown extension" 2 "$archc" "$good" -o "$tmp/x.gif"
check "clean check" 0 "$archc" check "$good"
expect "check writes nothing" test ! -e "$tmp/good.svg"
check "design error" 1 "$archc" check "$bad"
expect "error names file:line:col" grep -q "bad.arch:2:6: error: unknown component 'nowhere'" "$tmp/stderr"

check "default output name" 0 "$archc" "$good"
expect "good.svg written next to the input" test -s "$tmp/good.svg"
for fmt in svg pdf png dot json; do
  check "-o *.$fmt" 0 "$archc" "$good" -o "$tmp/out.$fmt"
  expect "out.$fmt is not empty" test -s "$tmp/out.$fmt"
done
# Extensions in any case: a format is its extension, however it is spelt.
check "-o out.PNG" 0 "$archc" "$good" -o "$tmp/upper.PNG"
expect "out.PNG is a PNG" test "$(head -c 4 "$tmp/upper.PNG" | tail -c 3)" = PNG
check "-o out.Json" 0 "$archc" "$good" -o "$tmp/upper.Json"
expect "out.Json is JSON" grep -q '"title": "Two boxes"' "$tmp/upper.Json"
check "-T dot to stdout" 0 "$archc" "$good" -T dot -o -
expect "DOT on stdout" grep -q '^digraph' "$tmp/stdout"
total=$((total + 1))
if ! "$archc" - -T json <"$good" >"$tmp/stdin.json" 2>"$tmp/stderr" ||
   ! grep -q '"title": "Two boxes"' "$tmp/stdin.json"; then
  echo "FAIL stdin to stdout"; failed=$((failed + 1))
fi
check "direction tb" 0 "$archc" "$good" -d tb -T dot -o -
expect "rankdir=TB" grep -q 'rankdir=TB' "$tmp/stdout"
check "bad direction" 2 "$archc" "$good" -d up

# Views (docs/language.md, "Views"): --view, the overview past 200
# components and what archc says about it, --view all.
large=$root/tests/golden/views/large.arch
check "--view on a small design" 0 "$archc" "$good" -T dot -o - --view overview
expect "the overview is named under the title" grep -q 'Overview' "$tmp/stdout"
check "unknown view" 2 "$archc" "$good" -T dot -o - --view nonesuch
expect "no output for an unknown view" test ! -s "$tmp/stdout"
check "--view needs a value" 2 "$archc" "$good" --view
check "large design, default" 0 "$archc" "$large" --no-review -T svg -o "$tmp/large.svg"
expect "the note says the overview was drawn" grep -q "drew the overview" "$tmp/stderr"
expect "and how to draw everything" grep -q -- "--view all" "$tmp/stderr"
check "large design, --view all" 0 "$archc" "$large" --no-review -T dot -o - --view all
expect "--view all says nothing of the overview" test ! -s "$tmp/stderr"
expect "--view all draws all 247 components (and the title)" test "$(grep -c 'label=<<TABLE' "$tmp/stdout")" -eq 248
check "png of a view" 0 "$archc" "$large" --no-review -o "$tmp/west.png" --view west
expect "the view's PNG is a PNG" test "$(head -c 4 "$tmp/west.png" | tail -c 3)" = PNG

# A failing run leaves the previous output untouched and no temporary files.
printf 'previous\n' >"$tmp/keep.svg"
check "failing compile" 1 "$archc" "$bad" -o "$tmp/keep.svg"
expect "previous output untouched" grep -qx previous "$tmp/keep.svg"
expect "no temporary files left" test -z "$(ls "$tmp" | grep tmp-)"
check "unwritable output" 2 "$archc" "$good" -o "$tmp/no/such/dir/out.svg"

check "--month 2.5M" 0 "$archc" - -T json -o - --month 2.5M <<<'workload { writes = 100M / month }; service s'
expect "100M/month is 40/s at 2.5M s a month" grep -q '"writes": {"value": 40, "unit": "1/s"}' "$tmp/stdout"
check "--no-stdlib" 1 "$archc" check --no-stdlib "$good"
expect "without the stdlib, kinds are unknown" grep -q "unknown kind 'service'" "$tmp/stderr"
ARCHC_PATH=$tmp/nowhere check "stdlib from ARCHC_PATH then the install or source tree" 0 "$archc" check "$good"

# The review's findings, counted at the end; an error finding fails check.
check "check launch-day" 1 "$archc" check "$root/examples/launch-day.arch" --color never
expect "the count of findings" test "$(tail -1 "$tmp/stderr")" = "review: 2 errors, 0 warnings, 2 notes; 2 more of the same causes, as their notes"
check "check launch-day-fixed" 0 "$archc" check "$root/examples/launch-day-fixed.arch"
expect "the reviewed design has no finding, and says so" \
  test "$(cat "$tmp/stderr")" = "review: no findings (6 components, 40 rules)"
check "check with every rule off" 0 "$archc" check "$good" --disable single_instance_tier \
  --disable db_no_failover --disable no_backup
expect "a clean review says how much was checked" grep -q "^review: no findings (2 components, [0-9]* rules)$" "$tmp/stderr"

# Past REVIEW_FINDINGS_SHOWN (50) findings, text and the diagram count the
# rest by rule; JSON keeps them all.  100 lone services: 201 warnings, 1 note.
many=$tmp/many.arch
awk 'BEGIN { for (i = 0; i < 100; i++) printf "service s%d\n", i; print "database d { replicas = 2 }" }' >"$many"
check "check with 202 findings" 0 "$archc" check "$many" --color never
expect "50 findings printed" test "$(grep -c ': warning: \|: note: ' "$tmp/stderr")" -eq 50
expect "the rest counted by rule" grep -qx '\.\.\. and 152 more: disconnected 76, single_instance_tier 75, no_backup 1' "$tmp/stderr"
expect "then the count of all" test "$(tail -1 "$tmp/stderr")" = "review: 0 errors, 201 warnings, 1 note"
check "findings as JSON, all of them" 0 "$archc" check -f json "$many"
expect "202 findings in JSON" python3 -c '
import json, sys
sys.exit(0 if len(json.load(open(sys.argv[1]))["findings"]) == 202 else 1)' "$tmp/stdout"
check "a diagram of 202 findings" 0 "$archc" "$many" -T dot -o -
expect "the legend counts the rest by rule" grep -q 'and 186 more: disconnected 94, single_instance_tier 92 (archc check lists them)' "$tmp/stdout"
# Only what the legend explains (its 15) is numbered on the components.
expect "badges stop at 15" test "$(grep -c '<B>16</B>' "$tmp/stdout")" -eq 0
expect "badge 15 is drawn" grep -q 'HEIGHT="12"><FONT COLOR="white" POINT-SIZE="8"><B>15</B>' "$tmp/stdout"

# A finding about a call points at the call: its line, from caller to callee.
calls=$tmp/calls.arch
printf 'client u\nservice api { replicas = 2 }\nexternal pay\n\nu -> api -> pay\n' >"$calls"
check "check a call without a timeout" 0 "$archc" check "$calls" --color never
expect "the diagnostic points at api -> pay" \
  grep -q "calls.arch:5:6: warning: pay is called without a timeout or circuit breaker" "$tmp/stderr"
check "findings as JSON" 0 "$archc" check -f json "$calls"
expect "the JSON finding carries the edge and its place" python3 -c '
import json, sys
f = [f for f in json.load(open(sys.argv[1]))["findings"] if f["rule"] == "external_without_timeout"][0]
r = f["region"]
sys.exit(0 if f["edge"] == {"from": "api", "to": "pay"} and f["component"] == "pay"
         and (r["startLine"], r["startColumn"], r["endLine"], r["endColumn"]) == (5, 6, 5, 16) else 1)' "$tmp/stdout"

# SARIF as code-scanning services read it (SARIF 2.1.0): files as URIs
# relative to %SRCROOT%, the directory archc ran in, percent-encoded; no
# absolute path anywhere; every rule's help with its placeholders worded
# and a helpUri to its section of docs/rules.md; a finding about a call
# located at the call, with the component as a related location.
mkdir -p "$tmp/repo/designs"
cp "$calls" "$tmp/repo/designs/my calls#1.arch"
check "SARIF from the repository's root" 0 env -C "$tmp/repo" "$archc" check -f sarif "designs/my calls#1.arch"
cp "$tmp/stdout" "$tmp/calls.sarif"
expect "SARIF structure for code scanning" python3 - "$tmp/calls.sarif" "$tmp" "$root/docs/rules.md" <<'PY'
import json, re, sys
log = json.load(open(sys.argv[1]))
text = open(sys.argv[1]).read()
tmp, rules_md = sys.argv[2], open(sys.argv[3]).read()
run = log["runs"][0]
assert "%SRCROOT%" in run["originalUriBaseIds"], "originalUriBaseIds names %SRCROOT%"
assert "uri" not in run["originalUriBaseIds"]["%SRCROOT%"], "the base's absolute path is left out"
def strings(v):
    if isinstance(v, dict): return [s for x in v.values() for s in strings(x)]
    if isinstance(v, list): return [s for x in v for s in strings(x)]
    return [v] if isinstance(v, str) else []
assert tmp not in text, "no path of the machine"
assert not [s for s in strings(log) if s.startswith(("/", "file:"))], "no absolute path"
anchors = set(re.findall(r"^### (\w+)$", rules_md, re.M))
for rule in run["tool"]["driver"]["rules"]:
    assert "{" not in rule.get("help", {}).get("text", ""), rule["id"] + ": a placeholder left in help"
    uri = rule["helpUri"]
    assert uri.startswith("https://") and uri.endswith("/docs/rules.md#" + rule["id"]), uri
    assert rule["id"] in anchors, rule["id"] + " has no section in docs/rules.md"
spof = [r for r in run["tool"]["driver"]["rules"] if r["id"] == "spof"][0]
assert spof["help"]["text"].startswith("Run the component with replicas"), spof["help"]["text"]
locations = [l for r in run["results"] for l in r["locations"] + r.get("relatedLocations", [])]
assert locations
for l in locations:
    a = l["physicalLocation"]["artifactLocation"]
    assert a == {"uri": "designs/my%20calls%231.arch", "uriBaseId": "%SRCROOT%"}, a
call = [r for r in run["results"] if r["ruleId"] == "external_without_timeout"][0]
region = call["locations"][0]["physicalLocation"]["region"]
assert (region["startLine"], region["startColumn"], region["endColumn"]) == (5, 6, 16), region
assert call["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 3
assert call["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "pay"
PY
check "SARIF for a file outside the directory archc runs in" 0 env -C "$tmp/repo/designs" "$archc" check -f sarif "$calls"
expect "an absolute file: URI, with no base" python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
sys.exit(0 if a["uri"].startswith("file:///") and a["uri"].endswith("/calls.arch") and "uriBaseId" not in a else 1)' "$tmp/stdout"
check "SARIF from standard input" 0 "$archc" check -f sarif - <"$calls"
expect "standard input has no file to point at" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"]
sys.exit(0 if r and all("physicalLocation" not in l for x in r for l in x["locations"]) else 1)' "$tmp/stdout"

# The rules, listed and explained.
check "rules" 0 "$archc" rules
expect "43 rules listed" test "$(grep -c . "$tmp/stdout")" -eq 43
check "explain spof" 0 "$archc" explain spof
expect "explain prints the rule and its documentation" grep -q "^\*\*Flags\*\* a component with one instance" "$tmp/stdout"
check "explain an unknown rule" 2 "$archc" explain spoof
expect "with a suggestion" grep -q "did you mean 'spof'" "$tmp/stderr"

# The estimate: formats and what-if.
ex=$root/examples/url-shortener.arch
check "estimate text" 0 "$archc" estimate "$ex"
expect "text names the convention" grep -q "a month is 2,629,746 s (calendar average" "$tmp/stdout"
expect "text lists what breaks first" grep -q "^What breaks first" "$tmp/stdout"
check "estimate markdown" 0 "$archc" estimate "$ex" -f markdown
expect "markdown has a table" grep -q "^| component | kind |" "$tmp/stdout"
check "estimate csv" 0 "$archc" estimate "$ex" -f csv
expect "csv has a row per component" test "$(sed '/^$/q' "$tmp/stdout" | grep -c .)" -eq 8
expect "csv has a row per flow, after a blank line" test "$(sed '1,/^$/d' "$tmp/stdout" | grep -c '^[a-z_]*,\(read\|write\),')" -eq 2
# --flow: one flow's path numbered, in its colour, the other edges faded.
check "--flow resolve" 0 "$archc" "$ex" -T dot --flow resolve --no-review -o -
expect "--flow numbers the flow's six steps" test "$(grep -c '#1A73E8"> <B>[1-6]</B>' "$tmp/stdout")" -eq 6
expect "--flow fades the edge off its path" grep -q '"us_east.api" -> "us_east.links_db".*color="#DADCE0"' "$tmp/stdout"
expect "--flow says the flow's figures" grep -q 'latency 15.0 ms, 15.1 ms at peak (slo 50.0 ms)' "$tmp/stdout"
check "--flow with no such flow" 2 "$archc" "$ex" -T dot --flow resolv --no-review -o -
expect "--flow names what is wrong" grep -q "the design has no flow 'resolv'" "$tmp/stderr"
check "estimate json" 0 "$archc" estimate "$ex" -f json
cp "$tmp/stdout" "$tmp/base.json"
expect "json parses" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/base.json"
check "--scale 10" 0 "$archc" estimate "$ex" -f json --scale 10
expect "--scale 10 multiplies the api's load by 10" python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["components"]["us_east.api"]["reads"]
b = json.load(open(sys.argv[2]))["components"]["us_east.api"]["reads"]
sys.exit(0 if abs(b - 10 * a) < 1e-6 * b else 1)' "$tmp/base.json" "$tmp/stdout"
check "--set api.replicas=8" 0 "$archc" estimate "$ex" -f json --set api.replicas=8
expect "--set doubles the api's capacity" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["components"]["us_east.api"]["capacity"]
sys.exit(0 if c == 8000 else 1)' "$tmp/stdout"
check "--set workload.writes=1B/month" 0 "$archc" estimate "$ex" -f json --set workload.writes=1B/month
expect "--set changes writes and the reads derived from them" python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
sys.exit(0 if abs(e["writes"] - 1e9 / 2629746) < 1e-6 and abs(e["reads"] - 1e10 / 2629746) < 1e-5 else 1)' "$tmp/stdout"
check "--set with a unit error" 1 "$archc" estimate "$ex" --set 'api.capacity=3 GB'
expect "the error points into --set" grep -q "^--set:1:23: error: 'capacity' expects a rate" "$tmp/stderr"
check "--set an unknown attribute" 2 "$archc" estimate "$ex" --set api.replica=8
expect "the attribute meant" grep -q "did you mean 'replicas'" "$tmp/stderr"
check "--set an unknown component" 2 "$archc" check "$ex" --set apx.replicas=8
check "--set without a target" 2 "$archc" estimate "$ex" --set replicas=3
check "--month 2.5M on the estimate" 0 "$archc" estimate "$ex" --month 2.5M
expect "40 writes a second" grep -q "reads 400/s and writes 40.0/s on average" "$tmp/stdout"

# Misspelt commands and options get a suggestion; a file named like a
# command is still the design.
check "misspelt command" 2 "$archc" chek "$good"
expect "the command is named" grep -qx "archc: error: unknown command 'chek'" "$tmp/stderr"
expect "with a suggestion" grep -qx "  help: did you mean 'check'?" "$tmp/stderr"
cp "$good" "$tmp/chek"
check "a file named like a command is the design" 0 env -C "$tmp" "$(realpath "$archc")" chek -T dot -o -
expect "and is drawn" grep -q '^digraph' "$tmp/stdout"
check "misspelt option" 2 "$archc" --scael 10 "$good"
expect "the option is named" grep -qx "archc: error: unknown option '--scael'" "$tmp/stderr"
expect "with a suggestion" grep -qx "  help: did you mean '--scale'?" "$tmp/stderr"
check "misspelt -Werror" 2 "$archc" check "$good" -Werorr
expect "with a suggestion" grep -qx "  help: did you mean '-Werror'?" "$tmp/stderr"
check "a word far from every command is the design" 2 "$archc" "$tmp/missing"
expect "which cannot be read" grep -q "cannot read '$tmp/missing'" "$tmp/stderr"
check "an option given a value it does not take" 2 "$archc" "$good" --no-stdlib=yes
expect "says so" grep -qx "archc: error: option '--no-stdlib' takes no value" "$tmp/stderr"
check "warnings alone pass" 0 "$archc" check "$good"
check "-W error is -Werror" 1 "$archc" check "$good" -W error

# --help says what every command's exit status means, and lists the formats
# of the library's table; after a command too.
check "--help after a command" 0 "$archc" check --help
expect "exit statuses, by command" grep -q "^exit status:" "$tmp/stdout"
for cmd in compile check estimate rules explain; do
  expect "--help gives $cmd's exit status" sed -n '/^exit status:/,$p' "$tmp/stdout" | grep -q "^  $cmd "
done
expect "compile exits 0 despite error findings" grep -q "even when the review it" "$tmp/stdout"
expect "and points CI at check" grep -q "in CI, run 'archc check'" "$tmp/stdout"
expect "out of memory exits 2" grep -q "running out of memory" "$tmp/stdout"
expect "--help lists the formats" grep -q "^    sarif *SARIF 2.1.0, for code scanning (.sarif)" "$tmp/stdout"
expect "with their extensions" grep -q "^    markdown .*(.md .markdown)" "$tmp/stdout"

# Format names and extensions are checked against the command's formats.
check "a format not in the table" 2 "$archc" estimate "$good" -f pdf
expect "names the command's formats" grep -qx \
  "archc: error: unknown format 'pdf' for estimate (use text, markdown, json or csv)" "$tmp/stderr"
check "an extension not in the table" 2 "$archc" check "$good" -o "$tmp/findings.svg"
expect "names the command's formats" grep -qx \
  "archc: error: cannot tell the format from '$tmp/findings.svg'; give --format text, json or sarif" \
  "$tmp/stderr"
check "the default output's name is the format's" 0 "$archc" "$good" -T dot
expect "good.dot written next to the input" grep -q '^digraph' "$tmp/good.dot"
check "the estimate's format from the extension" 0 "$archc" estimate "$ex" -o "$tmp/report.md"
expect "report.md is Markdown" grep -q "^| component | kind |" "$tmp/report.md"
check "the findings' format from the extension" 1 "$archc" check "$root/examples/launch-day.arch" \
  -o "$tmp/findings.sarif"
expect "findings.sarif is SARIF" grep -q '"version": "2.1.0"' "$tmp/findings.sarif"
check "text findings to a file" 1 "$archc" check "$root/examples/launch-day.arch" -o "$tmp/findings.txt"
expect "findings.txt ends with the count" test "$(tail -1 "$tmp/findings.txt")" = "review: 2 errors, 0 warnings, 2 notes; 2 more of the same causes, as their notes"

echo "cli: $total checks, $failed failed"
[ "$failed" -eq 0 ]
