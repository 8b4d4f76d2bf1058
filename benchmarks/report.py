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
  - latency of one get (p50, p90, p99, p99.9, mean) per implementation, pooled over every fork,
    and the median of each fork,
  - throughput per implementation with the number of gets in flight,
  - nearcache relative to stock spymemcached (sync get) and to the bare text-protocol client,
    with the target nearcache p50 / spymemcached-sync p50 <= 1.1 judged on the range of the
    per-fork ratios,
  - when the file holds several rounds (entries with a `round` field, as run-remote-get.sh
    writes them), the ratio in each round as well,
  - gc.alloc.rate.norm per get, when the run used `-prof gc`.
Verdicts on a target judge the whole measured range, never one central figure: "met" when every
value in the range clears the target, "not met" when none does, "inconclusive" when the range
straddles it and "not measured" when the data is missing (see `verdict`).

Importable without side effects (main runs only when the file is run as a script). Standard
library only.
"""

import json
import math
import operator
import pathlib
import sys

IMPLEMENTATIONS = ["concurrent-hash-map", "caffeine", "caffeine-jcache", "nearcache"]
REMOTE_BENCHMARK = "RemoteGetBenchmark"
REMOTE_IMPLEMENTATIONS = ["raw-socket", "spymemcached-sync", "spymemcached-async",
                          "spymemcached-async-same-bytes", "nearcache", "nearcache-async"]
REMOTE_BASELINE = "spymemcached-sync"
REMOTE_FLOOR = "raw-socket"
REMOTE_TARGET = 1.1
LATENCY_PERCENTILES = [("p50", "50.0"), ("p90", "90.0"), ("p99", "99.0"), ("p99.9", "99.9")]
SUBJECT = "nearcache"
BASELINES = ["caffeine", "caffeine-jcache"]
ALLOCATION_METRIC = "gc.alloc.rate.norm"
MISSING = "—"

MET = "met"
INCONCLUSIVE = "inconclusive"
NOT_MET = "not met"
NOT_MEASURED = "not measured"
RELATIONS = {"≥": operator.ge, "≤": operator.le, ">": operator.gt, "<": operator.lt}


def newest_result(directory):
    results = sorted(directory.glob("*.json"), key=lambda path: path.stat().st_mtime)
    if not results:
        sys.exit(f"report.py: no JMH JSON results in {directory}; pass a file name")
    return results[-1]


def finite(number):
    return number is not None and isinstance(number, (int, float)) and math.isfinite(number)


def verdict(low, high, relation, goal):
    """The verdict on the target `value <relation> goal` over the whole measured range low..high.

    MET when even the range's worst end clears the goal, NOT_MET when even its best end misses it,
    INCONCLUSIVE when the range straddles the goal, NOT_MEASURED when either end is missing.
    """
    if not finite(low) or not finite(high):
        return NOT_MEASURED
    low, high = min(low, high), max(low, high)
    clears = RELATIONS[relation]
    worst, best = (low, high) if relation in ("≥", ">") else (high, low)
    if clears(worst, goal):
        return MET
    if not clears(best, goal):
        return NOT_MET
    return INCONCLUSIVE


def combined(*verdicts):
    """One verdict from the verdicts on every part of a target: a part not met decides, then a
    part not measured, then an inconclusive one; met only when every part is met."""
    for worst in (NOT_MET, NOT_MEASURED, INCONCLUSIVE):
        if worst in verdicts:
            return worst
    return MET


def span(values):
    """(min, max) of the finite values, or (None, None) when there are none."""
    values = [value for value in values if finite(value)]
    return (min(values), max(values)) if values else (None, None)


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
        # Thread count first, then numeric parameters by value and others in the order JMH ran them;
        # a parameter that a benchmark does not have (several benchmarks in one file) comes first.
        method, threads = configuration[0], configuration[1]
        rest = tuple(-1 if value is None
                     else int(value) if value.isdigit() else parameter_values[name].index(value)
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


def histogram_pairs(entries, fork=None):
    """Every [value, count] pair of SampleTime entries, or of one fork of one entry."""
    pairs = []
    for entry in entries:
        forks = entry["primaryMetric"].get("rawDataHistogram") or []
        for index, iterations in enumerate(forks):
            if fork is None or index == fork:
                pairs.extend(pair for iteration in iterations for pair in iteration)
    return pairs


def micros(value):
    if not finite(value):
        return MISSING
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def ratio_text(subject, baseline):
    if not finite(subject) or not finite(baseline) or not baseline:
        return None
    return subject / baseline


def ratios_cell(pooled, per_round):
    if pooled is None:
        return "n/a"
    text = f"{pooled:.2f}×"
    rounds = [r for r in per_round if r is not None]
    if len(rounds) > 1:
        text += " (rounds " + ", ".join(f"{r:.2f}" for r in rounds) + ")"
    return text


def remote_order(impl):
    return (REMOTE_IMPLEMENTATIONS.index(impl) if impl in REMOTE_IMPLEMENTATIONS
            else len(REMOTE_IMPLEMENTATIONS), impl)


def in_flight(entry):
    params = entry.get("params", {})
    if "window" in params:
        return f"{params['window']} (async window, 1 thread)"
    threads = entry.get("threads", 1)
    return f"{threads} ({threads} thread{'s' if threads != 1 else ''} × 1)"


def mean_allocation(entries):
    scores = [e.get("secondaryMetrics", {}).get(ALLOCATION_METRIC, {}).get("score")
              for e in entries]
    scores = [score for score in scores if finite(score)]
    return allocation_cell({"score": sum(scores) / len(scores)}) if scores else MISSING


def remote_get_report(path, entries):
    """RemoteGetBenchmark: entries may come from several rounds (a `round` field per entry)."""
    run_summary(path, entries[0])
    rounds = sorted({entry.get("round", 0) for entry in entries})
    forks = sum(entry.get("forks", 0) for entry in entries
                if entry.get("round", 0) == rounds[0]) // max(1, len(
                    [e for e in entries if e.get("round", 0) == rounds[0]]))
    if len(rounds) > 1:
        print(f"{len(rounds)} rounds, each running every configuration once in turn, so that a "
              f"change in the machine's load hits every implementation; {forks} fork(s) per "
              f"configuration per round.")
    fixed = {}
    for entry in entries:
        for name, value in entry.get("params", {}).items():
            if name not in ("impl", "window"):
                fixed.setdefault(name, set()).add(value)
    if fixed:
        print("Parameters: " + ", ".join(f"{n}={'/'.join(sorted(v))}" for n, v in fixed.items())
              + ".")
    if forks * len(rounds) < 3:
        print("Smoke run: too few forks and iterations for conclusions; errors are unknown.")
    print()

    groups = {}  # (method, impl) -> entries in round order
    for entry in sorted(entries, key=lambda e: e.get("round", 0)):
        method = entry["benchmark"].rsplit(".", 1)[-1]
        groups.setdefault((method, entry["params"].get("impl", "?")), []).append(entry)

    def by_round(group):
        return {entry.get("round", 0): entry for entry in group}

    latency = sorted(((key, group) for key, group in groups.items()
                      if group[0]["mode"] == "sample"), key=lambda item: remote_order(item[0][1]))
    p50s, p99s, round_p50s, fork_p50s = {}, {}, {}, {}
    if latency:
        unit = latency[0][1][0]["primaryMetric"]["scoreUnit"]
        print(f"### Latency of one get ({unit}; 1 thread, one call at a time)")
        print()
        header = (["impl"] + [name for name, _ in LATENCY_PERCENTILES]
                  + ["mean", "samples", "p50 per fork", f"{ALLOCATION_METRIC} (B/op)"])
        rows = []
        for (method, impl), group in latency:
            pairs = histogram_pairs(group)
            samples = sum(count for _, count in pairs)
            mean = sum(value * count for value, count in pairs) / samples if samples else None
            found = {key: histogram_percentile(pairs, float(key) / 100)
                     for _, key in LATENCY_PERCENTILES}
            p50s[impl], p99s[impl] = found["50.0"], found["99.0"]
            round_p50s[impl] = {r: histogram_percentile(histogram_pairs([e]), 0.5)
                                for r, e in by_round(group).items()}
            fork_p50s[impl] = {(r, fork): histogram_percentile(histogram_pairs([e], fork), 0.5)
                               for r, e in by_round(group).items()
                               for fork in range(len(e["primaryMetric"].get("rawDataHistogram")
                                                     or []))}
            medians = [histogram_percentile(histogram_pairs([e], fork), 0.5)
                       for e in group
                       for fork in range(len(e["primaryMetric"].get("rawDataHistogram") or []))]
            spread = " / ".join(micros(m) for m in medians) if medians else MISSING
            rows.append([impl] + [micros(found[key]) for _, key in LATENCY_PERCENTILES]
                        + [micros(mean), str(samples), spread, mean_allocation(group)])
        print(markdown_table(header, rows, 1))
        print()

    throughput = sorted(((key, group) for key, group in groups.items()
                         if group[0]["mode"] == "thrpt"),
                        key=lambda item: ("window" in item[1][0].get("params", {}), item[0][0],
                                          remote_order(item[0][1])))
    rates, round_rates = {}, {}
    if throughput:
        unit = throughput[0][1][0]["primaryMetric"]["scoreUnit"]
        print(f"### Throughput ({unit})")
        print()
        header = ["benchmark", "impl", "gets in flight", "throughput", "per round",
                  f"{ALLOCATION_METRIC} (B/op)"]
        rows = []
        for (method, impl), group in throughput:
            scores = [e["primaryMetric"]["score"] for e in group]
            rates[(method, impl)] = sum(scores) / len(scores)
            round_rates[(method, impl)] = {r: e["primaryMetric"]["score"]
                                           for r, e in by_round(group).items()}
            if len(group) == 1:
                cell = throughput_cell(group[0]["primaryMetric"])
                per_round = MISSING
            else:
                cell = short_ops(rates[(method, impl)])
                per_round = " / ".join(short_ops(score).strip() for score in scores)
            rows.append([method, impl, in_flight(group[0]), cell, per_round,
                         mean_allocation(group)])
        print(markdown_table(header, rows, 3))
        print()

    def paired(per_impl, subject, baseline):
        mine, theirs = per_impl.get(subject, {}), per_impl.get(baseline, {})
        return [ratio_text(mine[r], theirs[r]) for r in rounds if r in mine and r in theirs]

    print(f"### {SUBJECT} relative to the others")
    print()
    rows = []
    for baseline in (REMOTE_BASELINE, REMOTE_FLOOR):
        if SUBJECT in p50s and baseline in p50s:
            rows.append(["latency p50", f"{SUBJECT} / {baseline}",
                         ratios_cell(ratio_text(p50s[SUBJECT], p50s[baseline]),
                                     paired(round_p50s, SUBJECT, baseline))])
            rows.append(["latency p99", f"{SUBJECT} / {baseline}",
                         ratios_cell(ratio_text(p99s[SUBJECT], p99s[baseline]), [])])
    for (method, impl) in sorted(rates):
        if impl != SUBJECT:
            continue
        for baseline in (REMOTE_BASELINE, REMOTE_FLOOR):
            if (method, baseline) in rates:
                per_round = [ratio_text(round_rates[(method, impl)][r],
                                        round_rates[(method, baseline)][r])
                             for r in rounds
                             if r in round_rates[(method, impl)]
                             and r in round_rates[(method, baseline)]]
                rows.append([f"throughput ({method})", f"{SUBJECT} / {baseline}",
                             ratios_cell(ratio_text(rates[(method, impl)],
                                                    rates[(method, baseline)]), per_round)])
    for (method, impl) in sorted(rates):
        if impl == "nearcache-async" and (method, "spymemcached-async") in rates:
            rows.append([f"throughput ({method})", "nearcache-async / spymemcached-async",
                         ratios_cell(ratio_text(rates[(method, impl)],
                                                rates[(method, "spymemcached-async")]), [])])
        if impl == "spymemcached-async":
            for (other_method, other_impl) in sorted(rates):
                if other_impl == REMOTE_BASELINE:
                    rows.append([f"throughput ({method} / {other_method})",
                                 f"spymemcached-async / {REMOTE_BASELINE}",
                                 ratios_cell(ratio_text(rates[(method, impl)],
                                                        rates[(other_method, other_impl)]), [])])
    if rows:
        print(markdown_table(["measure", "ratio", "value"], rows, 2))
        print()
    remote_target(path, p50s, round_p50s, fork_p50s, paired)


def remote_target(path, p50s, round_p50s, fork_p50s, paired):
    """The target nearcache p50 / spymemcached-sync p50, judged on the range over forks: each fork
    of nearcache against the baseline's fork of the same round and index."""
    print(f"Target {SUBJECT} p50 / {REMOTE_BASELINE} p50 ≤ {REMOTE_TARGET}:")
    pooled = ratio_text(p50s.get(SUBJECT), p50s.get(REMOTE_BASELINE))
    mine, theirs = fork_p50s.get(SUBJECT, {}), fork_p50s.get(REMOTE_BASELINE, {})
    per_fork = [ratio_text(mine[key], theirs[key]) for key in sorted(mine) if key in theirs]
    per_fork = [r for r in per_fork if r is not None]
    low, high = span(per_fork) if pooled is not None else (None, None)
    outcome = verdict(low, high, "≤", REMOTE_TARGET)
    if outcome == NOT_MEASURED:
        print(f"- {NOT_MEASURED}: {path.name} holds no latency of both {SUBJECT} and "
              f"{REMOTE_BASELINE}.")
        return outcome
    print(f"- {outcome}: range over {len(per_fork)} fork(s) {low:.2f} to {high:.2f} (each fork "
          f"of {SUBJECT} against the {REMOTE_BASELINE} fork of the same round and index); met "
          f"only when the whole range is ≤ {REMOTE_TARGET};")
    print(f"- pooled over all forks: {pooled:.2f};")
    per_round = sorted(r for r in paired(round_p50s, SUBJECT, REMOTE_BASELINE) if r is not None)
    if len(per_round) > 1:
        middle = len(per_round) // 2
        median = (per_round[middle] if len(per_round) % 2
                  else (per_round[middle - 1] + per_round[middle]) / 2)
        print(f"- paired by round (each round's two forks ran minutes apart at most): median "
              f"{median:.2f}, range {per_round[0]:.2f} to {per_round[-1]:.2f}. The pooled figure "
              f"mixes rounds of different load; the paired one compares like with like.")
    return outcome


if __name__ == "__main__":
    sys.exit(main(sys.argv))
