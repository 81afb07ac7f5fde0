#!/usr/bin/env python3
"""Every figure `archc estimate --explain -f json` derives must equal the
estimate's own (`archc estimate -f json`): the derivation's final number
is computed from its operands in explain.c, so this holds the two apart.

    explain_check.py EXPLAIN.json ESTIMATE.json NAME
Prints one line per mismatch; exits 1 if any, or if nothing was compared."""
import json
import math
import sys

explain = json.load(open(sys.argv[1]))["figures"]
estimate = json.load(open(sys.argv[2]))
name = sys.argv[3]
comps = estimate.get("components", {})
clients = estimate.get("clients", {})
flows = estimate.get("flows", {})


def expected(subject, figure):
    """The estimate's value for an explained figure, or KeyError."""
    if subject.startswith("flow "):
        f = flows[subject[5:]]   # per-flow figures, once the estimate has them
        return f[figure]
    if figure in ("read_latency_peak", "write_latency_peak"):
        return clients[subject][figure]
    c = comps[subject]
    if figure == "load":
        return c["reads"] + c["writes"]
    if figure == "load_peak":
        return c["peak_reads"] + c["peak_writes"]
    if figure == "hot_load":
        raise KeyError(figure)   # an operand of utilization, which is compared
    return c[figure]


def same(a, b):
    if b == "saturated" or b is None:
        return a is None
    if a is None:
        return False
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


compared = bad = 0
for f in explain:
    try:
        want = expected(f["subject"], f["figure"])
    except KeyError:
        continue
    compared += 1
    if not same(f["value"], want):
        bad += 1
        print(f"FAIL {name}: {f['subject']} {f['figure']}: explained {f['value']}, "
              f"estimated {want}: {f['derivation']}")
if compared == 0:
    print(f"FAIL {name}: nothing compared")
    sys.exit(1)
print(f"{name}: {compared} explained figures equal the estimate's")
sys.exit(1 if bad else 0)
