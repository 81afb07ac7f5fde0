"""Writes docs/practice.md by running archc on the walk's steps (this
directory's step1..4.arch, the pastebin starter as a user edits it), so
every output in it is what archc prints.  Run it again after a change to
the scorecard or the estimate, and read the diff:

    python3 tests/practice/walk/make_doc.py build/archc
"""
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, '..', '..', '..'))
A = os.path.abspath(sys.argv[1])
os.chdir(here)
env = dict(os.environ, ARCHC_PATH=os.path.join(root, 'stdlib'), NO_COLOR='1')
def run(args, f=None):
    r=subprocess.run([A]+args, capture_output=True, text=True, env=env)
    return (r.stdout + r.stderr).rstrip('\n'), r.returncode
def block(cmd, out):
    return f"```\n$ {cmd}\n{out}\n```\n"
def design(path):
    s=open(path).read()
    return s[s.index('// Your design goes below.'):].rstrip('\n')
parts=[]
P=parts.append
P('''# Interview practice

archc can be the other side of a system-design interview.  A *prompt* is
a classic question (a URL shortener, a chat service, ride hailing...) with
its numbers taken from well-known public write-ups, cited in the prompt,
and its requirements written in the language (`requirements`,
[language.md](language.md#211-requirements)).  You design against it; the
*scorecard* says which requirements your design meets, which it misses
and which it does not address yet, each with the figure that decides it;
it lists the review's findings in the order an interviewer raises them,
scores four areas and names the single most valuable next step.

| command | what it does |
|---|---|
| `archc practice list` | the prompts, with their level and a one-line summary |
| `archc practice start NAME [-o FILE]` | writes `NAME.arch` (or FILE): the prompt as comments, its sources, its `requirements` block and the steps of the 45-minute interview as a checklist; no design |
| `archc practice check FILE [-f json]` | the scorecard; exit 0 only when every requirement is met and no error finding remains |
| `archc practice hint FILE` | one question towards the next step, without giving the answer away |
| `archc practice answer NAME [-o FILE]` | a model design for the prompt, for after you tried |
| `archc check FILE` | also prints the scorecard when FILE has requirements |
| `archc estimate FILE --explain [NAME]` | every figure with its derivation in numbers, for a component, client or flow NAME, or all |

The prompts are data: `stdlib/practice/NAME.arch` (the starter itself:
`// title:`, `// difficulty:`, `// summary:` and `// source:` lines, the
prompt, the checklist, the requirements) and
`stdlib/practice/answers/NAME.arch`, installed with the standard library
and found the same way (`-I`, `ARCHC_PATH`, the installed stdlib).  A new
prompt is two files; `tests/run_practice.sh` checks that its starter
parses and scores nothing, and that its answer states the same
requirements and meets them all with no error finding.

## The scorecard

**Requirements.**  Each line is `flow requirement: figure, target: status`.

| requirement | the deciding figure |
|---|---|
| `rate` | the rate the flow carries before the first component on its path saturates at peak: the flow's rate x that component's headroom.  Missed when the design plans the flow below the target, or saturates below it; not addressed when nothing on its path has a capacity |
| `latency_slo` | the flow's mean end-to-end latency at peak, as the estimate computes it ([capacity.md](capacity.md)): M/M/c response times along the flow's steps, the slowest of calls made side by side, a balancer's targets by their share, an asynchronous hand-off costing the enqueue |
| `availability` | a component with one instance that every request of the flow passes (not `redundant`, no `failover`) misses it outright; otherwise the estimate's availability of the flow (series-parallel over its steps) |
| `headroom` | the lowest headroom on the flow's path (or in the design) |
| `retention`, `regions`, `zones`, `copies` | the workload's `retention`; the regions and zones that hold components; the fewest `replicas` of a store |

For a design without flows, `reads` and `writes` are its flows.

**Findings**, in the order an interviewer raises them: *correctness*
(traffic the design loses, and the availability rules' errors and
warnings: single points of failure), then *capacity* (the capacity rules),
then *hygiene* (everything else); within each, errors first.

**Scores**, out of 10: *requirements* (the share met); *scalability* (10,
less 3 per capacity error, 1 per capacity warning and 2 per missed rate,
latency or headroom); *reliability* (the same with the availability rules
and missed availability, regions, zones or copies); *estimates* (the share
of loaded components that have a capacity to measure them against, less 2
per flow planned below its required rate).  An area with nothing to judge
yet shows `-`.

**Next step**: the first of: a flow the requirements name that the design
does not have; the numbers, when nothing is estimated; a missed
requirement; a correctness error; a requirement not addressed; a capacity
error; a warning.  `hint` asks the matching question instead.

''')
P('''## A walk through one prompt

What follows was made by running each command on the files shown, in this
order; the outputs are pasted unedited.

### The prompt

''')
out,_=run(['practice','list'])
P(block('archc practice list', out))
P('\n')
out,_=run(['practice','start','pastebin','-o','-'])
P('`archc practice start pastebin` writes `pastebin.arch`:\n\n```\n'+out+'\n```\n\n')
out,rc=run(['practice','check','step1.arch'])
P('Nothing is designed yet, so nothing is addressed:\n\n'+block('archc practice check pastebin.arch', out)+'\n')
out,_=run(['practice','hint','step1.arch'])
P(block('archc practice hint pastebin.arch', out)+'\n')
P('''### Step 1: the flows

The two flows the requirements name, with their rates, and the boxes they
pass through: below the requirements, write

```
'''+design('step2.arch')+'''
```

''')
out,_=run(['practice','check','step2.arch'])
P('The flows\' rates are enough to estimate them; without a peak factor, the peak is the average, and nothing says how long data is kept:\n\n'+block('archc practice check pastebin.arch', out)+'\n')
out,_=run(['practice','hint','step2.arch'])
P(block('archc practice hint pastebin.arch', out)+'\n')
P('''### Step 2: the estimate

Ten million writes a month is 3.8 a second, and ten times as many reads:
38 a second, 114 at a peak three times the average.  The flows carry the
rates; the workload adds the peak, the size of a paste and how long it is
kept.  Add it above the clients:

```
workload {
  item_size   = 1.27 KB
  retention   = 3 years
  peak_factor = 3
}
```

''')
out,_=run(['practice','check','step3.arch'])
P('Rates, latencies and retention are met now; one instance of `api` is a single point of failure on both flows:\n\n'+block('archc practice check pastebin.arch', out)+'\n')
out,_=run(['practice','hint','step3.arch'])
P(block('archc practice hint pastebin.arch', out)+'\n')
out,_=run(['estimate','step3.arch','--explain','read_paste'])
P('How the figures come about, as on a whiteboard:\n\n'+block('archc estimate pastebin.arch --explain read_paste', out.replace('step3.arch','pastebin.arch'))+'\n')
P('''### Step 3: the deep dive

Two instances of everything on the path, a balancer in front of the API,
and a cache for the reads (the review's `missing_cache`):

```
'''+design('step4.arch')+'''
```

''')
out,rc=run(['practice','check','step4.arch'])
P('Every requirement is met and no error finding is left; `practice check` exits 0:\n\n'+block('archc practice check pastebin.arch', out)+'\n')
out,_=run(['estimate','step4.arch','--explain','pastes'])
P('The next step is the wrap-up question, what breaks first:\n\n'+block('archc estimate pastebin.arch --explain pastes', out.replace('step4.arch','pastebin.arch'))+'\n')
P('''Compare with the model answer, `archc practice answer pastebin`.

## What the figures rest on

The scorecard's figures are the estimate's (docs/capacity.md) and the
analyses' (docs/rules.md): `--explain` prints the same numbers, and
`tests/run_practice.sh` checks, for every example and model answer, that
each figure it derives equals the estimate's own: the rates, loads,
capacities, utilizations, headrooms and response times of every
component, each client's latency and each flow's rate and latency.
''')
open(os.path.join(root, 'docs', 'practice.md'), 'w').write(''.join(parts))
