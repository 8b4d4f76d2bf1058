#!/usr/bin/env python3
"""Turn a JMH JSON result of the nearcache benchmarks into Markdown tables.

Usage: report.py [RESULT.json]   (default: the newest *.json in benchmarks/results/)

Prints, per configuration (benchmark method / thread count and every @Param except `impl`):
  - throughput of each implementation in ops/s with JMH's 99.9% error,
  - nearcache's throughput relative to plain Caffeine and to Caffeine's JCache adapter,
  - gc.alloc.rate.norm (bytes allocated per operation) of each implementation, when the run
    used `-prof gc`.
Standard library only.
"""

import json
import math
import pathlib
import sys

IMPLEMENTATIONS = ["concurrent-hash-map", "caffeine", "caffeine-jcache", "nearcache"]
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
    print(f"## {path.name}")
    print()
    print(f"JMH {first.get('jmhVersion', '?')}, JVM {first.get('vmName', '?')} "
          f"{first.get('vmVersion', '?')}; {first.get('forks', '?')} fork(s), "
          f"{first.get('warmupIterations', '?')} × {first.get('warmupTime', '?')} warmup, "
          f"{first.get('measurementIterations', '?')} × {first.get('measurementTime', '?')} "
          f"measurement.")
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
        return 0
    rows = []
    for configuration, keys in zip(configurations, key_cells):
        cells = []
        for impl in present:
            entry = results.get((configuration, impl))
            metric = entry.get("secondaryMetrics", {}).get(ALLOCATION_METRIC) if entry else None
            cells.append(allocation_cell(metric))
        rows.append(keys + cells)
    print(markdown_table(key_header + present, rows, len(key_header)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
