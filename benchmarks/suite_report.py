#!/usr/bin/env python3
"""Turn one run of benchmarks/run-suite.sh into a Markdown report with SVG charts.

Usage: suite_report.py RESULT.json   (writes RESULT.md and RESULT-<chart>.svg beside it)

The report states every target of the suite (TARGETS) with the figure measured in this run, the
range it is judged on and a verdict, and beside every figure the load average of the machine while
it was measured. The range judged is, for the interleaved benchmarks, the ratio of every measured
iteration of every fork; for latency percentiles, the ratio of every fork; for separate trials,
the lowest to the highest ratio that any fork of one and any fork of the other give (their
measured iterations when either ran one fork). The verdict:
  - met:          the whole range clears the target,
  - inconclusive: the range straddles it,
  - not met:      the whole range misses it,
  - not measured: the run holds no data for it (the row is still printed).
The herd target is met only if, in the configuration judged, leases off also cost at least twice
the loads of leases on: without such a herd the run cannot show leases preventing one.
Ratios of throughputs in the tables carry JMH's 99.9% errors combined in quadrature.

Importable without side effects (main runs only when the file is run as a script); Suite takes
the parsed JSON too, and Suite.render returns the Markdown and the charts without writing them.
Standard library only.
"""

import html
import json
import math
import pathlib
import statistics
import sys

try:
    import report  # histogram helpers and verdicts shared with the per-benchmark report
except ImportError:  # loaded by file path from another directory: take the sibling file
    import importlib.util
    _spec = importlib.util.spec_from_file_location(
        "report", pathlib.Path(__file__).resolve().parent / "report.py")
    report = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(report)

MET, INCONCLUSIVE, NOT_MET, NOT_MEASURED = (report.MET, report.INCONCLUSIVE, report.NOT_MET,
                                            report.NOT_MEASURED)

NEAR_IMPLS = ["concurrent-hash-map", "caffeine", "caffeine-jcache", "nearcache",
              "nearcache-two-tier"]
REMOTE_IMPLS = ["raw-socket", "spymemcached-sync", "spymemcached-async",
                "spymemcached-async-same-bytes", "nearcache", "nearcache-async"]
BULK_IMPLS = ["spymemcached-getBulk", "spymemcached-getBulk-same-bytes", "nearcache-getAll",
              "spymemcached-singles", "nearcache-singles"]
MISS_IMPLS = ["caffeine", "caffeine-jcache", "nearcache", "nearcache-two-tier",
              "nearcache-two-tier-no-leases"]
ALLOC = "gc.alloc.rate.norm"
HERD_FACTOR = 2  # leases off must cost at least this many times the loads of leases on

# Every target of the suite, in the report's order: key -> (statement, relation, goal, the data it
# is judged on). A target whose data is missing is reported "not measured", never left out.
TARGETS = {
    "near-hit": ("near-only / Caffeine ≥ 0.9, 0 B/op per hit (16K, Zipf, 1 thread)", "≥", 0.9,
                 "PairedNearHitBenchmark or NearHitBenchmark hit1Thread (16K entries, Zipf, "
                 "nearcache and caffeine), and nearcache's gc.alloc.rate.norm there"),
    "remote-p50": ("remote p50 nearcache / spymemcached sync ≤ 1.1", "≤", 1.1,
                   "RemoteGetBenchmark latency of nearcache and spymemcached-sync"),
    "get-all": ("getAll(100) per key / getBulk(100) per key ≤ 1.2", "≤", 1.2,
                "PairedBulkGetBenchmark or BulkGetBenchmark (batch 100, nearcache-getAll and "
                "spymemcached-getBulk)"),
    "get-async": ("nearcache getAsync window 100 / spymemcached async window 100 ≥ 0.9", "≥", 0.9,
                  "PairedPipelinedBenchmark or RemoteGetBenchmark pipelined (nearcache-async and "
                  "spymemcached-async)"),
    "two-tier": ("two-tier at 10% near / remote-only ≥ 10", "≥", 10,
                 "TwoTierVsRemoteBenchmark at nearFraction 0 and 0.1"),
    "stale-95/5": ("stale reads after the bound, 95/5", "≤", 0, "the mixed workload's 95/5 run"),
    "stale-80/20": ("stale reads after the bound, 80/20", "≤", 0,
                    "the mixed workload's 80/20 run"),
    "herd": (f"herd: loads per removal with leases ≤ 1.1, leases off ≥ {HERD_FACTOR} × the loads",
             "≤", 1.1, "HerdBenchmark with leases on (and off, in the same configuration)"),
}
VERDICT_CELLS = {MET: "met", INCONCLUSIVE: "**inconclusive**", NOT_MET: "**not met**",
                 NOT_MEASURED: "**not measured**"}


def method(entry):
    return entry["benchmark"].rsplit(".", 1)[-1]


def klass(entry):
    return entry["benchmark"].rsplit(".", 2)[-2]


def finite(x):
    return isinstance(x, (int, float)) and math.isfinite(x)


def fmt(x, digits=2):
    return f"{x:.{digits}f}" if finite(x) else "—"


def ops(x):
    return report.short_ops(x) if finite(x) else "—"


def load_of(entry_or_step, suite):
    step = entry_or_step if isinstance(entry_or_step, str) else entry_or_step.get("step")
    loads = suite["steps"].get(step)
    return f"{loads['loadBefore']} → {loads['loadAfter']}" if loads else "unknown"


def ratio(a, b, ea=None, eb=None):
    """a / b with the relative errors in quadrature; (ratio, error) or (None, None)."""
    if not finite(a) or not finite(b) or not b or not a:
        return None, None
    r = a / b
    if finite(ea) and finite(eb):
        return r, r * math.hypot(ea / a, eb / b)
    return r, None


def iterations(metric):
    """Every measured iteration's score of a JMH metric, over all forks."""
    raw = (metric or {}).get("rawData") or []
    return [x for fork in raw for x in fork if finite(x)]


def fork_means(metric):
    """The mean measured score of each fork of a JMH metric."""
    raw = (metric or {}).get("rawData") or []
    return [statistics.fmean(v) for v in ([x for x in fork if finite(x)] for fork in raw) if v]


def extremes(top, bottom):
    """(low, high, what): the range of top / bottom for two separate trials (JMH primary metrics),
    which share no moment, so every pairing counts: the lowest fork mean of top over the highest of
    bottom, to the highest over the lowest; with a single fork on either side, the same over
    measured iterations; without raw data, the ratio ± its error, or the ratio alone.
    (None, None, what) when a score is missing."""
    if not top or not bottom:
        return None, None, "—"
    a, b = fork_means(top), fork_means(bottom)
    what = "fork extremes"
    if len(a) < 2 or len(b) < 2:
        a, b, what = iterations(top), iterations(bottom), "iteration extremes"
    if a and b and min(b) > 0:
        return min(a) / max(b), max(a) / min(b), what
    r, err = ratio(top.get("score"), bottom.get("score"), top.get("scoreError"),
                   bottom.get("scoreError"))
    if r is None:
        return None, None, "—"
    return (r - err, r + err, "± error") if finite(err) else (r, r, "one figure")


def extremes_cell(low, high, what):
    return f"{what} {fmt(low)}–{fmt(high)}" if finite(low) else "—"


def table(header, rows, numeric_from=1):
    align = ["---"] * numeric_from + ["---:"] * (len(header) - numeric_from)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def bar_chart(title, bars, unit, width=720):
    """bars: [(label, value, error or None)]; a horizontal bar chart as SVG text."""
    bars = [(label, value, error if finite(error) else None) for label, value, error in bars
            if finite(value)]
    row, left, right = 26, 250, 130
    height = 40 + row * len(bars) + 10
    top = max([v + (e or 0) for _, v, e in bars] + [1e-12])
    scale = (width - left - right) / top
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="10" y="20" font-size="14" font-weight="bold">{html.escape(title)}</text>']
    for i, (label, value, error) in enumerate(bars):
        y = 34 + i * row
        w = max(1.0, value * scale)
        colour = "#d9822b" if label.startswith("nearcache") else "#4a7ab5"
        out.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">'
                   f'{html.escape(label)}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="18" fill="{colour}"/>')
        if finite(error) and error > 0:
            x1, x2 = left + max(0, value - error) * scale, left + (value + error) * scale
            out.append(f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y + 9}" y2="{y + 9}" '
                       f'stroke="black"/>')
        text = (report.short_ops(value) if value >= 1000 else f"{value:.3g}") + f" {unit}"
        out.append(f'<text x="{left + w + 6:.1f}" y="{y + 14}">{html.escape(text)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def zipf_share(n, m, exponent=0.99):
    """The share of Zipf(exponent) reads over n keys that fall on the m most frequent keys."""
    weights = [i ** -exponent for i in range(1, n + 1)]
    return sum(weights[:m]) / sum(weights)


class Suite:
    def __init__(self, path, data=None):
        """path: the run's JSON file (its name gives the report's and the charts' names); data:
        its parsed content, read from path when not given."""
        self.path = pathlib.Path(path)
        self.data = data if data is not None else json.loads(
            self.path.read_text(encoding="utf-8"))
        self.jmh = self.data.get("jmh", [])
        self.charts = {}
        self.targets = {}  # key -> (statement, measured, range judged, verdict, note)

    def entries(self, benchmark_class, name=None, **params):
        found = []
        for e in self.jmh:
            if klass(e) != benchmark_class or (name and method(e) != name):
                continue
            if all(str(e["params"].get(k)) == str(v) for k, v in params.items()):
                found.append(e)
        return found

    def one(self, benchmark_class, name=None, **params):
        found = self.entries(benchmark_class, name, **params)
        return found[0] if found else None

    def chart(self, name, svg):
        self.charts[name] = svg
        return f"![{name}]({self.path.stem}-{name}.svg)"

    def target(self, key, measured, judged, verdict, note="", statement=None):
        """Records the verdict on a target of TARGETS (or on an extra one, with its statement)."""
        self.targets[key] = (statement or TARGETS[key][0], measured, judged, verdict, note)

    def judge(self, key, low, high):
        """The verdict on target `key` over the measured range low..high."""
        _, relation, goal, _ = TARGETS[key]
        return report.verdict(low, high, relation, goal)

    def target_rows(self):
        """One row per target: every one of TARGETS, in order, then any extra ones."""
        rows = []
        for key in list(TARGETS) + [k for k in self.targets if k not in TARGETS]:
            if key in self.targets:
                statement, measured, judged, verdict, note = self.targets[key]
            else:
                statement, measured, judged, verdict = TARGETS[key][0], "—", "—", NOT_MEASURED
                note = f"not in this run: {TARGETS[key][3]}"
            rows.append([statement, measured, judged, VERDICT_CELLS[verdict], note])
        return rows

    # ---- sections -------------------------------------------------------------------------

    def near_hit(self, out):
        entries = self.entries("NearHitBenchmark")
        if not entries:
            self.judge_near_hit({}, sorted(self.paired_ratios(
                "PairedNearHitBenchmark", "caffeineMicros", "nearcacheMicros")), None, None)
            return
        out.append("## Near hit\n")
        out.append(f"`get` of a present key, 100-byte values; load average {load_of('near-hit', self.data)}.\n")
        def config(e):
            return (method(e), e["params"]["size"], e["params"]["distribution"],
                    e["params"].get("jitProfile", "application"))
        configs = []
        for e in entries:
            c = config(e)
            if c not in configs:
                configs.append(c)
        configs.sort(key=lambda c: (c[3], c[0], int(c[1]), c[2]))
        out.append("JIT profile `application`: the JDK's shared hash-map code was first used with "
                   "several key classes, as in any service (`SharedCodeProfile`); `pristine`: it "
                   "saw only this benchmark's Integer keys, which favours whichever implementation "
                   "loads the fewest classes.\n")
        header = ["method", "entries", "keys", "JIT profile"] + NEAR_IMPLS + ["near-only / caffeine",
                                                              "two-tier / caffeine"]
        rows, alloc_rows = [], []
        for c in configs:
            by = {e["params"]["impl"]: e for e in entries if config(e) == c}
            cells = [report.throughput_cell(by[i]["primaryMetric"]) if i in by else "—"
                     for i in NEAR_IMPLS]
            ratios = []
            for subject in ("nearcache", "nearcache-two-tier"):
                if subject in by and "caffeine" in by:
                    s, b = by[subject]["primaryMetric"], by["caffeine"]["primaryMetric"]
                    r, err = ratio(s["score"], b["score"], s.get("scoreError"), b.get("scoreError"))
                    ratios.append(f"{fmt(r)} ± {fmt(err)}")
                else:
                    ratios.append("—")
            rows.append(list(c) + cells + ratios)
            alloc_rows.append(list(c) + [
                report.allocation_cell(by[i].get("secondaryMetrics", {}).get(ALLOC))
                if i in by else "—" for i in NEAR_IMPLS])
        out.append("Throughput (ops/s, ± 99.9% error):\n")
        out.append(table(header, rows, 4) + "\n")
        out.append("Allocation (B/op, `-prof gc`):\n")
        out.append(table(["method", "entries", "keys", "JIT profile"] + NEAR_IMPLS, alloc_rows, 4)
                   + "\n")
        focus = {e["params"]["impl"]: e for e in entries
                 if config(e) == ("hit1Thread", "16384", "zipf", "application")}
        if focus:
            out.append(self.chart("near-hit", bar_chart(
                "Near hit, 16K entries, Zipf 0.99, 1 thread (ops/s)",
                [(i, focus[i]["primaryMetric"]["score"], focus[i]["primaryMetric"].get("scoreError"))
                 for i in NEAR_IMPLS if i in focus], "ops/s")) + "\n")
        paired = sorted(self.paired_ratios("PairedNearHitBenchmark", "caffeineMicros",
                                           "nearcacheMicros"))
        r = err = None
        if "nearcache" in focus and "caffeine" in focus:
            s, b = focus["nearcache"]["primaryMetric"], focus["caffeine"]["primaryMetric"]
            r, err = ratio(s["score"], b["score"], s.get("scoreError"), b.get("scoreError"))
            if paired:
                out.append(f"Interleaved in one trial (`PairedNearHitBenchmark`, 1,000 reads of each "
                           f"cache in turn): near-only / Caffeine {fmt(statistics.median(paired))}, "
                           f"iterations {fmt(paired[0])}–{fmt(paired[-1])}; separate trials above: "
                           f"{fmt(r)} ± {fmt(err)}.\n")
        self.judge_near_hit(focus, paired, r, err)

    def judge_near_hit(self, focus, paired, r, err):
        """Near-only / Caffeine at the size the target is stated for (16K, Zipf, 1 thread), judged
        on the interleaved iterations when the run has them, and nearcache's allocation there."""
        if paired:
            # Judged on the interleaved run: one JVM, one JIT state, the same moments.
            low, high = paired[0], paired[-1]
            measured = fmt(statistics.median(paired))
            judged = f"iterations {fmt(low)}–{fmt(high)}"
            note = (f"interleaved in one trial, median of {len(paired)} iterations (separate "
                    f"trials {fmt(r)} ± {fmt(err)}); load {load_of('paired', self.data)}")
        elif "nearcache" in focus and "caffeine" in focus:
            low, high, what = extremes(focus["nearcache"]["primaryMetric"],
                                       focus["caffeine"]["primaryMetric"])
            measured = fmt(r)
            judged = extremes_cell(low, high, what)
            note = f"separate trials, {fmt(r)} ± {fmt(err)}; load {load_of('near-hit', self.data)}"
        else:
            return
        alloc = (focus.get("nearcache") or {}).get("secondaryMetrics", {}).get(ALLOC)
        alloc_low, alloc_high = report.span(iterations(alloc))
        if alloc_low is None and alloc and finite(alloc.get("score")):
            alloc_low = alloc_high = alloc["score"]
        alloc_verdict = report.verdict(alloc_low, alloc_high, "<", 1)
        if alloc_verdict == NOT_MEASURED:
            measured += "; B/op not measured"
            note += "; no allocation of nearcache at 16K, Zipf, 1 thread (`-prof gc`)"
        else:
            alloc_score = alloc.get("score")
            measured += f"; {fmt(alloc_score, 3)} B/op"
            judged += f"; B/op {fmt(alloc_low, 3)}–{fmt(alloc_high, 3)}"
        self.target("near-hit", measured, judged,
                    report.combined(self.judge("near-hit", low, high), alloc_verdict), note)

    def remote(self, out):
        entries = self.entries("RemoteGetBenchmark")
        if not entries:
            return
        out.append("## Remote get\n")
        out.append(f"One memcached node, 4096 keys, 100-byte values; load average "
                   f"{load_of('remote-get', self.data)}.\n")
        latency = {e["params"]["impl"]: e for e in entries if method(e) == "latency"}
        rows, fork_p50 = [], {}
        for impl in REMOTE_IMPLS:
            e = latency.get(impl)
            if not e:
                continue
            pairs = report.histogram_pairs([e])
            forks = len(e["primaryMetric"].get("rawDataHistogram") or [])
            fork_p50[impl] = [report.histogram_percentile(report.histogram_pairs([e], f), 0.5)
                              for f in range(forks)]
            p50 = report.histogram_percentile(pairs, 0.5)
            p99 = report.histogram_percentile(pairs, 0.99)
            rows.append([impl, report.micros(p50), report.micros(p99),
                         " / ".join(report.micros(x) for x in fork_p50[impl]),
                         report.allocation_cell(e.get("secondaryMetrics", {}).get(ALLOC))])
            latency[impl] = (e, p50, p99)
        out.append("Latency of one get, one at a time (µs):\n")
        out.append(table(["impl", "p50", "p99", "p50 per fork", "B/op"], rows) + "\n")
        out.append(self.chart("remote-latency", bar_chart(
            "Remote get latency, one at a time (µs)",
            [(f"{i} p50", latency[i][1], None) for i in REMOTE_IMPLS if isinstance(latency.get(i), tuple)]
            + [(f"{i} p99", latency[i][2], None) for i in REMOTE_IMPLS if isinstance(latency.get(i), tuple)],
            "µs")) + "\n")
        if isinstance(latency.get("nearcache"), tuple) and isinstance(latency.get("spymemcached-sync"), tuple):
            r = latency["nearcache"][1] / latency["spymemcached-sync"][1]
            per_fork = [a / b for a, b in zip(fork_p50.get("nearcache", []),
                                              fork_p50.get("spymemcached-sync", [])) if a and b]
            low, high = report.span(per_fork)
            spread = f"forks {fmt(low)}–{fmt(high)}" if per_fork else "—"
            self.target("remote-p50", fmt(r), spread, self.judge("remote-p50", low, high),
                        f"pooled over all forks; p99 ratio "
                        f"{latency['nearcache'][2] / latency['spymemcached-sync'][2]:.2f}; "
                        f"load {load_of('remote-get', self.data)}")
        thr = [e for e in entries if e["mode"] == "thrpt"]
        rows = []
        for e in sorted(thr, key=lambda e: REMOTE_IMPLS.index(e["params"]["impl"])
                        if e["params"]["impl"] in REMOTE_IMPLS else 9):
            rows.append([method(e), e["params"]["impl"], report.in_flight(e),
                         report.throughput_cell(e["primaryMetric"]),
                         report.allocation_cell(e.get("secondaryMetrics", {}).get(ALLOC))])
        out.append("Throughput with 100 gets in flight (ops/s):\n")
        out.append(table(["benchmark", "impl", "in flight", "ops/s", "B/op"], rows, 3) + "\n")
        out.append(self.chart("remote-throughput", bar_chart(
            "Remote gets, 100 in flight (ops/s)",
            [(f"{e['params']['impl']} ({method(e)})", e["primaryMetric"]["score"],
              e["primaryMetric"].get("scoreError")) for e in thr], "ops/s")) + "\n")
        ours = next((e for e in thr if e["params"]["impl"] == "nearcache-async"), None)
        blocking = next((e for e in thr if e["params"]["impl"] == "nearcache"), None)
        spy = next((e for e in thr if e["params"]["impl"] == "spymemcached-async"), None)
        if ours and spy:
            a, b = ours["primaryMetric"], spy["primaryMetric"]
            r, err = ratio(a["score"], b["score"], a.get("scoreError"), b.get("scoreError"))
            note = "NearCache#getAsync, window of 100 from one thread, near tier off"
            if blocking:
                note += (f"; blocking get from 100 threads: "
                         f"{fmt(blocking['primaryMetric']['score'] / b['score'])}")
            same = next((e for e in thr if e["params"]["impl"] == "spymemcached-async-same-bytes"),
                        None)
            if same:
                c = same["primaryMetric"]
                fr, ferr = ratio(c["score"], b["score"], c.get("scoreError"), b.get("scoreError"))
                cr, cerr = ratio(a["score"], c["score"], a.get("scoreError"), c.get("scoreError"))
                note += (f"; of which the wire format (spymemcached async on nearcache's own keys "
                         f"and envelopes / on its own) {fmt(fr)} ± {fmt(ferr)} and nearcache's "
                         f"code (getAsync / that) {fmt(cr)} ± {fmt(cerr)}")
            if self.paired_ratios("PairedPipelinedBenchmark", "asyncMicros",
                                  "nearcacheAsyncMicros"):
                out.append(f"Separate trials (the target is judged on the interleaved run below): "
                           f"getAsync / spymemcached async {fmt(r)} ± {fmt(err)}; {note}.\n")
            else:
                low, high, what = extremes(a, b)
                self.target("get-async", fmt(r), extremes_cell(low, high, what),
                            self.judge("get-async", low, high),
                            f"separate trials, {fmt(r)} ± {fmt(err)}; {note}; "
                            f"load {load_of('remote-get', self.data)}")

    def bulk(self, out):
        entries = self.entries("BulkGetBenchmark")
        if not entries:
            return
        out.append("## Multi-key gets\n")
        out.append(f"Near tier off, one memcached node; time per key = time per batch / batch; "
                   f"load average {load_of('bulk-get', self.data)}.\n")
        rows, per_key = [], {}
        for batch in sorted({int(e["params"]["batch"]) for e in entries}):
            for impl in BULK_IMPLS:
                e = self.one("BulkGetBenchmark", impl=impl, batch=batch)
                if not e:
                    continue
                m = e["primaryMetric"]
                error = m.get("scoreError")
                per_key[(impl, batch)] = (m["score"] / batch,
                                          error / batch if finite(error) else None)
                rows.append([impl, batch, f"{m['score']:.1f} ± {fmt(m.get('scoreError'), 1)}",
                             f"{m['score'] / batch:.2f}",
                             report.allocation_cell(e.get("secondaryMetrics", {}).get(ALLOC))])
        out.append(table(["impl", "keys per batch", "µs per batch", "µs per key", "B/op (batch)"],
                         rows, 1) + "\n")
        out.append(self.chart("bulk", bar_chart(
            "Multi-key gets: µs per key",
            [(f"{i} ({b})", v[0], v[1]) for (i, b), v in per_key.items()], "µs/key")) + "\n")
        for batch in (10, 100):
            a, b = per_key.get(("nearcache-getAll", batch)), per_key.get(("spymemcached-getBulk", batch))
            if a and b:
                r, err = ratio(a[0], b[0], a[1], b[1])
                same = per_key.get(("spymemcached-getBulk-same-bytes", batch))
                split = ""
                if same:
                    fr, ferr = ratio(same[0], b[0], same[1], b[1])
                    cr, cerr = ratio(a[0], same[0], a[1], same[1])
                    split = (f"; of which the wire format (spymemcached getBulk of nearcache's own "
                             f"keys and envelopes / of its own) {fmt(fr)} ± {fmt(ferr)} and "
                             f"nearcache's code (getAll / that) {fmt(cr)} ± {fmt(cerr)}")
                if batch == 100 and self.paired_ratios("PairedBulkGetBenchmark",
                                                       "nearcacheGetAllMicros", "getBulkMicros"):
                    out.append(f"Separate trials (the target is judged on the interleaved run "
                               f"below): getAll(100) / getBulk(100) per key {fmt(r)} ± "
                               f"{fmt(err)}{split}.\n")
                elif batch == 100:
                    low, high, what = extremes(
                        self.one("BulkGetBenchmark", impl="nearcache-getAll",
                                 batch=batch)["primaryMetric"],
                        self.one("BulkGetBenchmark", impl="spymemcached-getBulk",
                                 batch=batch)["primaryMetric"])
                    self.target("get-all", fmt(r), extremes_cell(low, high, what),
                                self.judge("get-all", low, high),
                                f"separate trials, {fmt(r)} ± {fmt(err)}; "
                                f"load {load_of('bulk-get', self.data)}{split}")
                else:
                    out.append(f"getAll(10) / getBulk(10) per key: {fmt(r)} ± {fmt(err)}{split}.\n")

    def paired_ratios(self, benchmark_class, numerator, denominator):
        """Per-iteration ratios of two counters of an interleaved benchmark, every fork's."""
        entry = self.one(benchmark_class)
        counters = entry.get("secondaryMetrics", {}) if entry else {}
        if numerator not in counters or denominator not in counters:
            return []
        ratios = []
        for top, bottom in zip(counters[numerator].get("rawData") or [],
                               counters[denominator].get("rawData") or []):
            ratios.extend(a / b for a, b in zip(top, bottom) if b > 0)
        return ratios

    def paired(self, out):
        measures = [
            ("PairedBulkGetBenchmark", "getAll(100) / getBulk(100), time per batch",
             "nearcacheGetAllMicros", "getBulkMicros", "get-all"),
            ("PairedBulkGetBenchmark", "of which the wire format: getBulk of nearcache's items / "
             "of its own", "getBulkSameBytesMicros", "getBulkMicros", None),
            ("PairedBulkGetBenchmark", "of which nearcache's code: getAll / getBulk of its items",
             "nearcacheGetAllMicros", "getBulkSameBytesMicros", None),
            ("PairedPipelinedBenchmark", "getAsync / spymemcached asyncGet, throughput, window 100",
             "asyncMicros", "nearcacheAsyncMicros", "get-async"),
            ("PairedPipelinedBenchmark", "of which the wire format: asyncGet of nearcache's items / "
             "of its own", "asyncMicros", "asyncSameBytesMicros", None),
            ("PairedPipelinedBenchmark", "of which nearcache's code: getAsync / asyncGet of its items",
             "asyncSameBytesMicros", "nearcacheAsyncMicros", None),
        ]
        rows = []
        for cls, what, numerator, denominator, goal in measures:
            ratios = sorted(self.paired_ratios(cls, numerator, denominator))
            if not ratios:
                continue
            median = statistics.median(ratios)
            spread = f"{fmt(ratios[0])}–{fmt(ratios[-1])}"
            rows.append([what, fmt(median), spread, len(ratios)])
            if goal:
                self.target(goal, fmt(median), f"iterations {spread}",
                            self.judge(goal, ratios[0], ratios[-1]),
                            f"interleaved in one trial ({cls}), median of {len(ratios)} "
                            f"iterations; load {load_of('paired', self.data)}")
        if not rows:
            return
        out.append("## Interleaved ratios\n")
        out.append("Each operation of `PairedBulkGetBenchmark` reads one batch of 100 keys with "
                   "nearcache's `getAll`, spymemcached's `getBulk` and spymemcached's `getBulk` of "
                   "nearcache's own items, in rotating order; each of `PairedPipelinedBenchmark` "
                   "runs 2,000 gets, 100 outstanding, with `getAsync`, `asyncGet` and `asyncGet` of "
                   "nearcache's items. Each implementation's time is added to its own counter, so "
                   "load from elsewhere falls on all of them alike; the ratios below are per "
                   "measurement iteration, over every fork (near tier off, one memcached node); "
                   f"load average {load_of('paired', self.data)}.\n")
        out.append(table(["ratio", "median", "range over iterations", "iterations"], rows, 1)
                   + "\n")

    def miss_load(self, out):
        entries = self.entries("MissLoadBenchmark")
        if not entries:
            return
        out.append("## Miss plus load\n")
        out.append(f"Read-through `get` of a key never read before; the loader returns at once; "
                   f"load average {load_of('miss-load', self.data)}.\n")
        rows, bars = [], []
        for impl in MISS_IMPLS:
            e = self.one("MissLoadBenchmark", impl=impl)
            if e:
                m = e["primaryMetric"]
                rows.append([impl, f"{m['score']:.2f} ± {fmt(m.get('scoreError'))}",
                             report.allocation_cell(e.get("secondaryMetrics", {}).get(ALLOC))])
                bars.append((impl, m["score"], m.get("scoreError")))
        out.append(table(["impl", "µs per miss and load", "B/op"], rows) + "\n")
        out.append(self.chart("miss-load", bar_chart("Miss plus load (µs per get)", bars, "µs")) + "\n")

    def two_tier(self, out):
        entries = self.entries("TwoTierVsRemoteBenchmark")
        if not entries:
            return
        out.append("## Two-tier against remote-only\n")
        out.append(f"Zipf 0.99 over 100,000 keys all in memcached, one thread; h = near hits / "
                   f"(near + remote hits) over the measured iterations; load average "
                   f"{load_of('two-tier-vs-remote', self.data)}.\n")
        by = {float(e["params"]["nearFraction"]): e for e in entries}
        h = {}
        for record in self.data.get("sidecar", []):
            if "TwoTierVsRemote" in record.get("benchmark", ""):
                f = float(record["nearFraction"])
                h.setdefault(f, [0, 0])
                h[f][0] += record["nearHits"]
                h[f][1] += record["nearHits"] + record["remoteHits"]
        remote = by.get(0.0)
        size = int(next(iter(by.values()))["params"]["size"])
        near_hit = (self.one("NearHitBenchmark", "hit1Thread", impl="nearcache-two-tier",
                             size=16384, distribution="zipf")
                    or self.one("NearHitBenchmark", "hit1Thread", impl="nearcache",
                                size=16384, distribution="zipf"))
        t_remote = 1 / remote["primaryMetric"]["score"] if remote else None
        t_near = 1 / near_hit["primaryMetric"]["score"] if near_hit else None
        rows, bars = [], []
        for f in sorted(by):
            m = by[f]["primaryMetric"]
            ratio_h = h[f][0] / h[f][1] if f in h and h[f][1] else None
            speed, err = (ratio(m["score"], remote["primaryMetric"]["score"], m.get("scoreError"),
                                remote["primaryMetric"].get("scoreError")) if remote else (None, None))
            model = (t_remote / (ratio_h * t_near + (1 - ratio_h) * t_remote)
                     if t_remote and t_near and ratio_h is not None else None)
            label = "remote-only" if f == 0 else f"near tier {f:.0%} of keys"
            rows.append([label, report.throughput_cell(m), fmt(ratio_h, 3),
                         f"{fmt(speed)} ± {fmt(err)}", fmt(model)])
            bars.append((f"{label} measured", speed, err))
            if f != 0:
                bars.append((f"{label} model", model, None))
            if f == 0.1:
                low, high, what = (extremes(m, remote["primaryMetric"]) if remote
                                   else (None, None, "—"))
                self.target("two-tier", fmt(speed), extremes_cell(low, high, what),
                            self.judge("two-tier", low, high),
                            f"separate trials, {fmt(speed)} ± {fmt(err)}; "
                            f"h = {fmt(ratio_h, 3)}, model {fmt(model)}; Zipf ceiling for "
                            f"{f:.0%} of keys: h ≤ {zipf_share(size, int(round(size * f))):.3f}, "
                            f"speed-up ≤ {1 / (1 - zipf_share(size, int(round(size * f)))):.1f}; "
                            f"load {load_of('two-tier-vs-remote', self.data)}")
        out.append(table(["configuration", "ops/s", "near hit ratio h", "speed-up (measured)",
                          "model t_remote / (h·t_near + (1−h)·t_remote)"], rows) + "\n")
        size = int(next(iter(by.values()))["params"]["size"])
        ideal = []
        for f in sorted(by):
            if f:
                best = zipf_share(size, int(round(size * f)))
                ideal.append(f"{f:.0%} of keys: h ≤ {best:.3f}, speed-up ≤ {1 / (1 - best):.1f}")
        if ideal:
            out.append("Upper bound: a near tier of m keys serves at most the m hottest keys' "
                       "share of Zipf(0.99) reads, H(m)/H(n) with H(k) = Σ_{i≤k} i^−0.99; even "
                       "with t_near = 0 the speed-up is at most 1 / (1 − h). "
                       + "; ".join(ideal) + ".\n")
        out.append("t_near is the near-hit benchmark's time per hit (nearcache-two-tier, 16K "
                   "entries, Zipf, 1 thread) of the same run; t_remote is remote-only's time per "
                   "get.\n")
        out.append(self.chart("two-tier", bar_chart("Two-tier speed-up over remote-only", bars, "×")) + "\n")

    def mixed(self, out):
        runs = self.data.get("mixed") or []
        if not runs:
            return
        out.append("## Mixed workload, two provider JVMs\n")
        out.append(f"Each JVM {runs[0]['threadsPerJvm']} threads, near tier {runs[0]['nearMaximumSize']} "
                   f"of {runs[0]['keys']} keys, one memcached zone; every key has one writer "
                   f"thread; a read is stale after the bound when a newer write had completed more "
                   f"than {runs[0]['boundMillis']} ms before it began (replayed from both JVMs' "
                   f"logs).\n")
        rows = []
        for r in runs:
            rows.append([f"{r['readPercent']}/{r['writePercent']}", f"{r['opsPerSecond']:.0f}",
                         fmt(r["nearHitRatio"], 3), fmt(r["remoteHitRatio"], 3), fmt(r["missRatio"], 3),
                         r["invalidationsApplied"], f"≤ {r['lagP50Millis']}", f"≤ {r['lagP99Millis']}",
                         r["maxLagMillis"], r["staleWithinBound"], r["staleAfterBound"],
                         r.get("emptyReads", "—"), r["errors"], r["loadAverage"]])
            mix = f"{r['readPercent']}/{r['writePercent']}"
            stale = r.get("staleAfterBound")
            self.target(f"stale-{mix}", str(stale), f"of {r['reads']} reads",
                        report.verdict(stale, stale, "≤", 0),
                        f"max invalidation lag {r['maxLagMillis']} ms; load {r['loadAverage']}",
                        statement=f"stale reads after the bound, {mix}")
        out.append(table(["reads/writes", "ops/s", "near hit", "remote hit", "miss", "invalidations",
                          "lag p50 (ms)", "lag p99 (ms)", "lag max (ms)", "stale within bound",
                          "stale after bound", "empty reads", "errors", "load average at end"], rows)
                   + "\n")

    def herd(self, out):
        runs = self.data.get("herd") or []
        if not runs:
            return
        out.append("## Herd\n")
        out.append(f"`HerdBenchmark`: reader JVMs read one hot key through a 20 ms loader while "
                   f"another JVM removes it every 100 ms; load average {load_of('herd', self.data)}.\n")
        rows = [[("on" if r["leases"] else "off"), f"{r['readerJvms']} × {r['threads']}",
                 r["seconds"], r["loads"], r["removals"], fmt(r["loadsPerRemoval"]), r["wrong"],
                 r["errors"]] for r in runs]
        out.append(table(["leases", "JVMs × threads", "s", "loads", "removals", "loads / removal",
                          "wrong", "errors"], rows) + "\n")
        self.judge_herd(runs)

    def judge_herd(self, runs):
        """Loads per removal with leases on, against 1.1; met only if leases off, in the same
        configuration (reader JVMs, threads, seconds), cost at least HERD_FACTOR times the loads:
        with no herd to prevent, a low figure with leases shows nothing."""
        on = next((r for r in runs if r.get("leases")), None)
        if not on or not finite(on.get("loadsPerRemoval")):
            return
        config = (on.get("readerJvms"), on.get("threads"), on.get("seconds"))
        off = next((r for r in runs if not r.get("leases")
                    and (r.get("readerJvms"), r.get("threads"), r.get("seconds")) == config), None)
        per_removal = on["loadsPerRemoval"]
        outcome = self.judge("herd", per_removal, per_removal)
        where = f"{config[0]} JVMs × {config[1]} threads, {config[2]} s"
        if off is None:
            herd = f"no leases-off run with {where}: no herd shown to prevent"
            measured = f"{fmt(per_removal)} (leases off not measured)"
            if outcome == MET:
                outcome = INCONCLUSIVE
        else:
            # Loads per removal, so that runs with different removal counts compare fairly.
            factor = (off["loadsPerRemoval"] / per_removal if per_removal
                      else (math.inf if off["loadsPerRemoval"] else 0))
            measured = f"{fmt(per_removal)} ({fmt(off['loadsPerRemoval'])} without)"
            if factor >= HERD_FACTOR:
                herd = (f"leases off cost {fmt(factor)} × the loads of leases on ({off['loads']} "
                        f"against {on['loads']}) with {where}")
            else:
                herd = (f"leases off cost only {fmt(factor)} × the loads of leases on "
                        f"({off['loads']} against {on['loads']}) with {where}, under "
                        f"{HERD_FACTOR} ×: no herd formed, so the run cannot show leases "
                        f"preventing one")
                if outcome == MET:
                    outcome = INCONCLUSIVE
        self.target("herd", measured, f"one run: {on['loads']} loads / {on['removals']} removals",
                    outcome,
                    f"{herd}; load {load_of('herd', self.data)}")

    def render(self):
        """(the report's Markdown, {chart name: SVG text}); writes nothing."""
        self.charts, self.targets = {}, {}
        body = []
        for section in (self.near_hit, self.remote, self.bulk, self.paired, self.miss_load,
                        self.two_tier, self.mixed, self.herd):
            section(body)
        d = self.data
        forks = sorted({e.get("forks") for e in self.jmh if e.get("forks") is not None})
        head = [f"# Benchmark run {d['stamp']}\n",
                f"`benchmarks/run-suite.sh` in mode `{d['mode']}`; {d['cpus']} CPUs "
                f"({d['machine']}); JMH forks per configuration: {', '.join(map(str, forks)) or '—'}. "
                "Every implementation read the same keys, 100-byte values and seeds. The machine "
                "was shared with other work: the load average (1, 5, 15 min) before → after each "
                "step is printed beside it. Quote ratios within this run only.\n"]
        if d["mode"] == "quick":
            head.append("**Quick run: 1 fork, 1 s iterations; not for quoting.**\n")
        head.append("## Targets\n")
        head.append("A target is **met** only when the whole range judged clears it, "
                    "**inconclusive** when that range straddles it, **not met** when the whole "
                    "range misses it, **not measured** when this run holds no data for it. The "
                    "range judged: every measured iteration's ratio for the interleaved "
                    "benchmarks, every fork's for latency percentiles, and for separate trials the "
                    "lowest to the highest ratio that any fork of one and any fork of the other "
                    "give (their measured iterations when either has one fork). The "
                    f"herd target also needs leases off to cost at least {HERD_FACTOR} × the loads "
                    "of leases on in the same configuration.\n")
        head.append(table(["target", "measured", "range judged", "verdict", "notes"],
                          self.target_rows(), 1) + "\n")
        return "\n".join(head + body), dict(self.charts)

    def write(self):
        markdown, charts = self.render()
        md = self.path.with_suffix(".md")
        md.write_text(markdown, encoding="utf-8")
        for name, svg in charts.items():
            (self.path.parent / f"{self.path.stem}-{name}.svg").write_text(svg, encoding="utf-8")
        print(markdown)
        print(f"suite_report.py: wrote {md} and {len(charts)} charts")


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip())
        return 2
    Suite(pathlib.Path(argv[1])).write()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
