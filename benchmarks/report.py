#!/usr/bin/env python3
"""Turn a JMH JSON result of the nearcache benchmarks into Markdown tables.

Usage: report.py [RESULT.json]   (default: the newest *.json in benchmarks/results/)

For NearHitBenchmark, per configuration (benchmark method / thread count and every @Param except
`impl`):
  - throughput of each implementation in ops/s with JMH's 99.9% error,
  - nearcache's throughput relative to plain Caffeine and to Caffeine's JCache adapter,
  - gc.alloc.rate.norm (bytes allocated per operation) of each implementation, when the run
    used `-prof gc`.
For RemoteGetBenchmark:
  - latency of one get (p50, p90, p99, p99.9, mean) per implementation, and the spread of the
    median over the forks,
  - throughput per implementation with the number of gets in flight,
  - nearcache relative to stock spymemcached (sync get) and to the bare text-protocol client,
    with the target nearcache p50 / spymemcached-sync p50 <= 1.1,
  - gc.alloc.rate.norm per get, when the run used `-prof gc`.
Standard library only.
"""

import json
import math
import pathlib
import sys

IMPLEMENTATIONS = ["concurrent-hash-map", "caffeine", "caffeine-jcache", "nearcache"]
REMOTE_BENCHMARK = "RemoteGetBenchmark"
REMOTE_IMPLEMENTATIONS = ["raw-socket", "spymemcached-sync", "spymemcached-async", "nearcache"]
REMOTE_BASELINE = "spymemcached-sync"
REMOTE_FLOOR = "raw-socket"
REMOTE_TARGET = 1.1
LATENCY_PERCENTILES = [("p50", "50.0"), ("p90", "90.0"), ("p99", "99.0"), ("p99.9", "99.9")]
SUBJECT = "nearcache"
BASELINES = ["caffeine", "caffeine-jcache"]
ALLOCATION_METRIC = "gc.alloc.rate.norm"
MISSING = "—"


def newest_result(directory):
    results = sorted(directory.glob("*.json"), key=lambda path: path.stat().st_mtime)
    if not results:
        sys.exit(f"report.py: no JMH JSON results in {directory}; pass a file name")
    return results[-1]


def finite(number):
    return number is not None and isinstance(number, (int, float)) and math.isfinite(number)


def short_ops(score):
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(score) >= limit:
            return f"{score / limit:.1f} {suffix}"
    return f"{score:.0f}"


def throughput_cell(metric):
    if metric is None:
        return MISSING
    text = short_ops(metric["score"])
    error = metric.get("scoreError")
    if finite(error):
        text += f" ± {short_ops(error).strip()}"
    return text


def ratio_cell(subject, baseline):
    """Subject / baseline, with the relative errors combined in quadrature when both are known."""
    if subject is None or baseline is None or not baseline["score"]:
        return "n/a"
    ratio = subject["score"] / baseline["score"]
    text = f"{ratio:.2f}×"
    errors = [subject.get("scoreError"), baseline.get("scoreError")]
    if all(finite(error) for error in errors) and subject["score"]:
        relative = math.hypot(errors[0] / subject["score"], errors[1] / baseline["score"])
        text += f" ± {ratio * relative:.2f}"
    return text


def allocation_cell(metric):
    if metric is None:
        return MISSING
    score = metric["score"]
    if not finite(score):
        return MISSING
    return f"{score:.1f}" if score < 100 else f"{score:.0f}"


def markdown_table(header, rows, key_columns):
    """A Markdown table whose first key_columns columns are left-aligned and the rest right."""
    alignment = ["---"] * key_columns + ["---:"] * (len(header) - key_columns)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(alignment) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    path = (pathlib.Path(argv[1]) if len(argv) == 2
            else newest_result(pathlib.Path(__file__).resolve().parent / "results"))
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        sys.exit(f"report.py: cannot read JMH JSON from {path}: {error}")
    if not isinstance(entries, list) or not entries:
        sys.exit(f"report.py: {path} holds no JMH results (a run whose every trial failed?)")

    remote = [e for e in entries if f".{REMOTE_BENCHMARK}." in e["benchmark"]]
    others = [e for e in entries if e not in remote]
    if others:
        near_hit_report(path, others)
    if remote:
        if others:
            print()
        remote_get_report(path, remote)
    return 0


def run_summary(path, first):
    print(f"## {path.name}")
    print()
    print(f"JMH {first.get('jmhVersion', '?')}, JVM {first.get('vmName', '?')} "
          f"{first.get('vmVersion', '?')}; {first.get('forks', '?')} fork(s), "
          f"{first.get('warmupIterations', '?')} × {first.get('warmupTime', '?')} warmup, "
          f"{first.get('measurementIterations', '?')} × {first.get('measurementTime', '?')} "
          f"measurement.")


def near_hit_report(path, entries):
    # Parameters other than impl that take more than one value become columns; the rest go in
    # the heading, so a table never repeats the same value on every row.
    parameter_values = {}
    for entry in entries:
        for name, value in entry.get("params", {}).items():
            if name != "impl":
                parameter_values.setdefault(name, [])
                if value not in parameter_values[name]:
                    parameter_values[name].append(value)
    varying = [name for name, values in parameter_values.items() if len(values) > 1]
    fixed = {name: values[0] for name, values in parameter_values.items() if len(values) == 1}

    implementations = list(IMPLEMENTATIONS)
    configurations = []
    results = {}  # (configuration, impl) -> entry
    for entry in entries:
        method = entry["benchmark"].rsplit(".", 1)[-1]
        params = entry.get("params", {})
        configuration = (method, entry.get("threads", 1)) + tuple(params.get(n) for n in varying)
        if configuration not in configurations:
            configurations.append(configuration)
        impl = params.get("impl", "(none)")
        if impl not in implementations:
            implementations.append(impl)
        results[(configuration, impl)] = entry

    def sort_key(configuration):
        # Thread count first, then numeric parameters by value and others in the order JMH ran them.
        method, threads = configuration[0], configuration[1]
        rest = tuple(int(value) if value.isdigit() else parameter_values[name].index(value)
                     for name, value in zip(varying, configuration[2:]))
        return (threads, method, rest)

    configurations.sort(key=sort_key)
    present = [impl for impl in implementations
               if any((c, impl) in results for c in configurations)]

    first = entries[0]
    unit = first["primaryMetric"]["scoreUnit"]
    run_summary(path, first)
    if fixed:
        print("Fixed parameters: " + ", ".join(f"{n}={v}" for n, v in fixed.items()) + ".")
    forks = first.get("forks")
    if isinstance(forks, int) and forks < 3:
        print("Smoke run: too few forks and iterations for conclusions; errors are unknown.")
    print()

    key_header = ["benchmark", "threads"] + varying
    key_cells = [[c[0], str(c[1])] + [str(v) for v in c[2:]] for c in configurations]

    print(f"### Throughput ({unit}, ± 99.9% error)")
    print()
    header = key_header + present + [f"{SUBJECT} / {b}" for b in BASELINES]
    rows = []
    for configuration, keys in zip(configurations, key_cells):
        primary = {impl: results[(configuration, impl)]["primaryMetric"]
                   for impl in present if (configuration, impl) in results}
        rows.append(keys
                    + [throughput_cell(primary.get(impl)) for impl in present]
                    + [ratio_cell(primary.get(SUBJECT), primary.get(b)) for b in BASELINES])
    print(markdown_table(header, rows, len(key_header)))
    print()

    has_allocation = any(ALLOCATION_METRIC in e.get("secondaryMetrics", {}) for e in entries)
    print(f"### Allocation ({ALLOCATION_METRIC}, B/op)")
    print()
    if not has_allocation:
        print("Not measured: run with `-prof gc`.")
        return
    rows = []
    for configuration, keys in zip(configurations, key_cells):
        cells = []
        for impl in present:
            entry = results.get((configuration, impl))
            metric = entry.get("secondaryMetrics", {}).get(ALLOCATION_METRIC) if entry else None
            cells.append(allocation_cell(metric))
        rows.append(keys + cells)
    print(markdown_table(key_header + present, rows, len(key_header)))


def histogram_percentile(pairs, fraction):
    """The value below which `fraction` of the samples in [value, count] pairs lie."""
    pairs = sorted(pairs)
    total = sum(count for _, count in pairs)
    if not total:
        return None
    rank = fraction * total
    seen = 0
    for value, count in pairs:
        seen += count
        if seen >= rank:
            return value
    return pairs[-1][0]


def fork_medians(metric):
    """The median of each fork's samples, from a SampleTime result's raw histogram."""
    medians = []
    for fork in metric.get("rawDataHistogram") or []:
        pairs = [pair for iteration in fork for pair in iteration]
        median = histogram_percentile(pairs, 0.5)
        if median is not None:
            medians.append(median)
    return medians


def micros(value):
    if not finite(value):
        return MISSING
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def plain_ratio(subject, baseline):
    if not finite(subject) or not finite(baseline) or not baseline:
        return "n/a"
    return f"{subject / baseline:.2f}×"


def remote_order(impl):
    return (REMOTE_IMPLEMENTATIONS.index(impl) if impl in REMOTE_IMPLEMENTATIONS
            else len(REMOTE_IMPLEMENTATIONS), impl)


def in_flight(entry):
    params = entry.get("params", {})
    if "window" in params:
        return f"{params['window']} (async window, 1 thread)"
    threads = entry.get("threads", 1)
    return f"{threads} ({threads} thread{'s' if threads != 1 else ''} × 1)"


def remote_get_report(path, entries):
    run_summary(path, entries[0])
    fixed = {}
    for entry in entries:
        for name, value in entry.get("params", {}).items():
            if name not in ("impl", "window"):
                fixed.setdefault(name, set()).add(value)
    if fixed:
        print("Parameters: " + ", ".join(f"{n}={'/'.join(sorted(v))}" for n, v in fixed.items())
              + ".")
    forks = entries[0].get("forks")
    if isinstance(forks, int) and forks < 3:
        print("Smoke run: too few forks and iterations for conclusions; errors are unknown.")
    print()

    def allocation(entry):
        metric = entry.get("secondaryMetrics", {}).get(ALLOCATION_METRIC)
        return allocation_cell(metric)

    latency = sorted((e for e in entries if e["mode"] == "sample"),
                     key=lambda e: remote_order(e["params"].get("impl", "")))
    percentiles = {}
    if latency:
        unit = latency[0]["primaryMetric"]["scoreUnit"]
        print(f"### Latency of one get ({unit}; 1 thread, one call at a time)")
        print()
        header = (["impl"] + [name for name, _ in LATENCY_PERCENTILES]
                  + ["mean ± 99.9%", "samples", "p50 per fork", f"{ALLOCATION_METRIC} (B/op)"])
        rows = []
        for entry in latency:
            impl = entry["params"].get("impl", "?")
            metric = entry["primaryMetric"]
            found = metric.get("scorePercentiles", {})
            percentiles[impl] = found
            medians = fork_medians(metric)
            spread = " / ".join(micros(m) for m in medians) if medians else MISSING
            samples = sum(count for fork in metric.get("rawDataHistogram") or []
                          for iteration in fork for _, count in iteration)
            mean = micros(metric["score"])
            if finite(metric.get("scoreError")):
                mean += f" ± {micros(metric['scoreError'])}"
            rows.append([impl] + [micros(found.get(key)) for _, key in LATENCY_PERCENTILES]
                        + [mean, str(samples), spread, allocation(entry)])
        print(markdown_table(header, rows, 1))
        print()

    throughput = sorted((e for e in entries if e["mode"] == "thrpt"),
                        key=lambda e: ("window" in e.get("params", {}), e["benchmark"],
                                       remote_order(e["params"].get("impl", ""))))
    rates = {}
    if throughput:
        unit = throughput[0]["primaryMetric"]["scoreUnit"]
        print(f"### Throughput ({unit}, ± 99.9% error)")
        print()
        header = ["benchmark", "impl", "gets in flight", "throughput",
                  f"{ALLOCATION_METRIC} (B/op)"]
        rows = []
        for entry in throughput:
            impl = entry["params"].get("impl", "?")
            method = entry["benchmark"].rsplit(".", 1)[-1]
            rates[(method, impl)] = entry["primaryMetric"]
            rows.append([method, impl, in_flight(entry), throughput_cell(entry["primaryMetric"]),
                         allocation(entry)])
        print(markdown_table(header, rows, 3))
        print()

    print(f"### {SUBJECT} relative to the others")
    print()
    rows = []
    subject = percentiles.get(SUBJECT, {})
    for baseline in (REMOTE_BASELINE, REMOTE_FLOOR):
        other = percentiles.get(baseline)
        if subject and other:
            for name, key in (("p50", "50.0"), ("p99", "99.0")):
                rows.append([f"latency {name}", f"{SUBJECT} / {baseline}",
                             plain_ratio(subject.get(key), other.get(key))])
    for (method, impl), metric in sorted(rates.items()):
        if impl != SUBJECT:
            continue
        for baseline in (REMOTE_BASELINE, REMOTE_FLOOR):
            other = rates.get((method, baseline))
            if other:
                rows.append([f"throughput ({method})", f"{SUBJECT} / {baseline}",
                             ratio_cell(metric, other)])
    pipelined = [(m, i) for (m, i) in rates if i == "spymemcached-async"]
    for key in pipelined:
        for (method, impl), metric in sorted(rates.items()):
            if impl == REMOTE_BASELINE:
                rows.append([f"throughput ({key[0]} / {method})",
                             f"spymemcached-async / {REMOTE_BASELINE}",
                             ratio_cell(rates[key], metric)])
    if rows:
        print(markdown_table(["measure", "ratio", "value"], rows, 2))
        print()
    if subject and percentiles.get(REMOTE_BASELINE):
        base = percentiles[REMOTE_BASELINE].get("50.0")
        mine = subject.get("50.0")
        if finite(base) and finite(mine) and base:
            ratio = mine / base
            verdict = "met" if ratio <= REMOTE_TARGET else "not met"
            print(f"Target {SUBJECT} p50 / {REMOTE_BASELINE} p50 ≤ {REMOTE_TARGET}: "
                  f"{ratio:.2f}, {verdict}.")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
