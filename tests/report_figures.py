"""The figures of `archc estimate --format json` as the report must show
them, checked against the report's text (pdftotext).  Run by
tests/run_report.sh: report_figures.py ESTIMATE.json REPORT.txt

The formatting mirrors compiler/model/quantity.c (three significant
figures, the same suffixes); a figure that reads differently in the PDF
is a failure, whichever side is wrong."""
import json
import math
import sys


def sig3(v, suffixes, steps):
    k = 0
    a = abs(v)
    while k + 1 < len(steps) and a >= steps[k + 1] * 0.9995:
        k += 1
    x = v / steps[k]
    ax = abs(x)
    decimals = 0 if ax >= 99.95 or ax == 0 else 1 if ax >= 9.995 else 2
    return "%.*f%s" % (decimals, x, suffixes[k])


def human(v):
    if abs(v) < 0.9995 and v != 0:
        return "%.3g" % v
    return sig3(v, ["", "k", "M", "B", "T"], [1, 1e3, 1e6, 1e9, 1e12])


def seconds(v):
    if v is None or v == "saturated" or v < 0 or not math.isfinite(v):
        return "saturated"
    if v == 0:
        return "0 s"
    return sig3(v, [" us", " ms", " s", " min", " h", " days", " years"],
                [1e-6, 1e-3, 1, 60, 3600, 86400, 31556952])


def grouped(v):
    return "{:,.0f}".format(abs(v))


def times(v):
    if abs(v) < 999.5:
        return human(v) + "x"
    step = 10 ** (math.floor(math.log10(abs(v))) - 2)
    return grouped(round(v / step) * step) + "x"


def percent(r):
    p = abs(r) * 100
    if p >= 999.5:
        return times(r)
    if p == 0:
        return "0%"
    if p < 0.05:
        return "<0.1%"
    if 99.5 <= p < 100:
        d = 1
        while d < 4 and p >= 100 - 0.5 * 10 ** -d:
            d += 1
        return "100%" if p >= 100 - 0.5 * 10 ** -d else "%.*f%%" % (d, p)
    return "%.*f%%" % (1 if p < 100 else 0, p)


def main():
    est = json.load(open(sys.argv[1]))
    text = " ".join(open(sys.argv[2], encoding="utf-8").read().split())
    wanted = []
    first = est["breaks_first"][0] if est.get("breaks_first") else None
    if first:
        c = est["components"][first]
        u = percent(c["utilization_peak"])
        if c["utilization_peak"] >= 1:
            wanted.append("%s (" % first)
            wanted.append("is saturated today: its peak load is %s of its capacity" % u)
        else:
            wanted.append("%s (" % first)
            wanted.append("at %s today's peak; %s utilized at peak" % (times(c["headroom"]), u))
    for name, cl in ({} if est.get("flows") else est.get("clients", {})).items():
        wanted.append("%s: " % name)
        # JSON keeps 15 significant digits, not every bit: a latency of
        # 16.05 ms may be a hair either side of it, and round either way.
        found = False
        for nudge in (1, 1 - 1e-12, 1 + 1e-12):
            def s(key):
                v = cl[key]
                return seconds(v * nudge if isinstance(v, (int, float)) else v)
            reads = "reads %s (at peak %s)" % (s("read_latency"), s("read_latency_peak"))
            writes = "writes %s (at peak %s)" % (s("write_latency"), s("write_latency_peak"))
            found = found or reads in text or writes in text
        if not found:
            print("FAIL client %s: neither '%s' nor '%s' in the report" % (name, reads, writes))
            return 1
    # A design that declares flows shows each flow's latency (and not its
    # clients'); estimate's JSON has "flows" only then.
    for name, fl in est.get("flows", {}).items():
        found = False
        for nudge in (1, 1 - 1e-12, 1 + 1e-12):
            def s(key):
                v = fl[key]
                return seconds(v * nudge if isinstance(v, (int, float)) else v)
            want = "%s: average %s (at peak %s)" % (name, s("latency"), s("latency_peak"))
            found = found or want in text
        if not found:
            print("FAIL flow %s: '%s' not in the report" % (name, want))
            return 1
        wanted.append("%s: end to end (flow)" % name)
    missing = [w for w in wanted if w not in text]
    for w in missing:
        print("FAIL missing in the report: %r" % w)
    return 1 if missing else 0


sys.exit(main())
