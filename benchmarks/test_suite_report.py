"""Tests of suite_report.py on small synthetic runs shaped like run-suite.sh's results JSON.

Run from the repository root with `python3 -m unittest discover -s benchmarks -p "test_*.py"`
(the benchmarks module's Maven build does the same in its test phase). Standard library only.
"""

import contextlib
import io
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import unittest

import report
import suite_report
from suite_report import INCONCLUSIVE, MET, NOT_MEASURED, NOT_MET, TARGETS

HERE = pathlib.Path(__file__).resolve().parent
PACKAGE = "io.nearcache.benchmarks"
STEPS = ("near-hit", "bulk-get", "near-hit-pristine", "remote-get", "paired", "miss-load",
         "two-tier-vs-remote", "mixed", "herd")


# ---- fixtures: the JSON run-suite.sh writes, cut down to what the report reads ---------------

def metric(raw, unit="ops/s", error=None):
    """A JMH metric from per-fork lists of per-iteration scores."""
    values = [x for fork in raw for x in fork]
    return {"score": statistics.fmean(values),
            "scoreError": error if error is not None else "NaN",
            "scoreUnit": unit, "rawData": raw}


def jmh(cls, method, params, raw, mode="thrpt", unit="ops/s", secondary=None, error=None,
        step=None, threads=1):
    return {"jmhVersion": "1.37", "benchmark": f"{PACKAGE}.{cls}.{method}", "mode": mode,
            "threads": threads, "forks": len(raw), "params": dict(params),
            "primaryMetric": metric(raw, unit, error), "secondaryMetrics": secondary or {},
            "step": step}


def latency(impl, fork_values):
    """RemoteGetBenchmark.latency (sample mode): one histogram per fork, whose median is the value
    given for that fork."""
    histogram = [[[[value, 10]], [[value * 0.5, 1], [value * 3, 1]]] for value in fork_values]
    entry = jmh("RemoteGetBenchmark", "latency", {"impl": impl, "size": "4096"},
                [[v] for v in fork_values], mode="sample", unit="us/op", step="remote-get")
    del entry["primaryMetric"]["rawData"]
    entry["primaryMetric"]["rawDataHistogram"] = histogram
    return entry


def counters(**per_iteration):
    """Secondary metrics of an interleaved benchmark: name -> per-fork lists of per-iteration
    counter values."""
    return {name: metric(raw, unit="#") for name, raw in per_iteration.items()}


def forks_of(ratios, per_fork=5):
    return [ratios[i:i + per_fork] for i in range(0, len(ratios), per_fork)]


def paired_near_hit(ratios):
    """PairedNearHitBenchmark whose iterations give these near-only / Caffeine ratios (the report
    reads caffeineMicros / nearcacheMicros: the same reads took Caffeine that long)."""
    return jmh("PairedNearHitBenchmark", "rotation",
               {"distribution": "zipf", "reads": "1000", "size": "16384"},
               [[300.0] * len(f) for f in forks_of(ratios)], mode="avgt", unit="us/op",
               step="paired",
               secondary=counters(caffeineMicros=forks_of([1000.0 * r for r in ratios]),
                                  nearcacheMicros=forks_of([1000.0] * len(ratios))))


def paired_bulk(ratios):
    """PairedBulkGetBenchmark whose iterations give these getAll / getBulk ratios."""
    return jmh("PairedBulkGetBenchmark", "rotation", {"batch": "100", "size": "4096"},
               [[1200.0] * len(f) for f in forks_of(ratios)], mode="avgt", unit="us/op",
               step="paired",
               secondary=counters(nearcacheGetAllMicros=forks_of([500.0 * r for r in ratios]),
                                  getBulkMicros=forks_of([500.0] * len(ratios)),
                                  getBulkSameBytesMicros=forks_of([450.0] * len(ratios))))


def paired_pipelined(ratios):
    """PairedPipelinedBenchmark whose iterations give these getAsync / asyncGet throughput ratios
    (asyncMicros / nearcacheAsyncMicros)."""
    return jmh("PairedPipelinedBenchmark", "rotation",
               {"gets": "2000", "size": "4096", "window": "100"},
               [[75.0] * len(f) for f in forks_of(ratios)], mode="avgt", unit="us/op",
               step="paired",
               secondary=counters(asyncMicros=forks_of([100.0 * r for r in ratios]),
                                  nearcacheAsyncMicros=forks_of([100.0] * len(ratios)),
                                  asyncSameBytesMicros=forks_of([95.0] * len(ratios))))


def near_hit(impl, raw, alloc_raw=(0.001,), size="16384", distribution="zipf"):
    secondary = {suite_report.ALLOC: metric([list(alloc_raw)], unit="B/op")}
    return jmh("NearHitBenchmark", "hit1Thread",
               {"distribution": distribution, "impl": impl, "jitProfile": "application",
                "size": size, "storeByValue": "false"}, raw, secondary=secondary,
               step="near-hit")


def pipelined(impl, raw):
    return jmh("RemoteGetBenchmark", "pipelined", {"impl": impl, "size": "4096", "window": "100"},
               raw, step="remote-get")


def bulk(impl, raw, batch=100):
    return jmh("BulkGetBenchmark", "getBatch", {"batch": str(batch), "impl": impl, "size": "4096"},
               raw, mode="avgt", unit="us/op", step="bulk-get")


def two_tier(fraction, raw):
    return jmh("TwoTierVsRemoteBenchmark", "get", {"nearFraction": fraction, "size": "100000"},
               raw, step="two-tier-vs-remote")


def mixed(read, write, stale_after_bound=0, reads=1000):
    return {"readPercent": read, "writePercent": write, "jvms": 2, "threadsPerJvm": 2,
            "keys": 100000, "nearMaximumSize": 10000, "seconds": 10, "reads": reads, "writes": 50,
            "errors": 0, "opsPerSecond": 100.0, "nearHitRatio": 0.6, "remoteHitRatio": 0.4,
            "missRatio": 0.0, "invalidationsApplied": 40, "lagP50Millis": 100, "lagP99Millis": 150,
            "maxLagMillis": 173, "boundMillis": 250, "staleWithinBound": 7,
            "staleAfterBound": stale_after_bound, "emptyReads": 0, "loadAverage": "1.00 1.00 1.00"}


def herd(leases, loads, removals=100, jvms=2, threads=8, seconds=10):
    return {"leases": leases, "readerJvms": jvms, "threads": threads, "seconds": seconds,
            "loads": loads, "removals": removals, "loadsPerRemoval": loads / removals,
            "gets": 1000000, "wrong": 0, "errors": 0}


def run(jmh_entries=(), mixed_runs=(), herd_runs=(), sidecar=(), mode="targets"):
    return {"stamp": "2030-01-01T0000Z", "mode": mode, "cpus": 2, "machine": "Linux-test",
            "steps": {s: {"loadBefore": "1.00 1.00 1.00", "loadAfter": "2.00 2.00 2.00"}
                      for s in STEPS},
            "jmh": list(jmh_entries), "sidecar": list(sidecar), "mixed": list(mixed_runs),
            "herd": list(herd_runs)}


def rendered(data):
    suite = suite_report.Suite(pathlib.Path("/nonexistent/2030-01-01T0000Z.json"), data)
    markdown, charts = suite.render()
    return suite, markdown, charts


def target_table(markdown):
    """The Targets table as {statement: {column: cell}}."""
    lines = markdown.splitlines()
    start = lines.index("| target | measured | range judged | verdict | notes |")
    header = [cell.strip() for cell in lines[start].strip().strip("|").split(" | ")]
    table = {}
    for line in lines[start + 2:]:
        if not line.startswith("| "):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        table[cells[0]] = dict(zip(header, cells))
    return table


def verdict_of(markdown, key):
    cell = target_table(markdown)[TARGETS[key][0]]["verdict"]
    return cell.strip("*")


# ---- the verdict rule ---------------------------------------------------------------------

class VerdictTest(unittest.TestCase):
    def test_at_least(self):
        self.assertEqual(report.verdict(0.91, 1.2, "≥", 0.9), MET)
        self.assertEqual(report.verdict(0.9, 0.95, "≥", 0.9), MET)  # the goal itself clears it
        self.assertEqual(report.verdict(0.84, 0.91, "≥", 0.9), INCONCLUSIVE)
        self.assertEqual(report.verdict(0.5, 0.89, "≥", 0.9), NOT_MET)

    def test_at_most(self):
        self.assertEqual(report.verdict(0.9, 1.1, "≤", 1.1), MET)
        self.assertEqual(report.verdict(1.18, 1.28, "≤", 1.2), INCONCLUSIVE)
        self.assertEqual(report.verdict(1.21, 1.3, "≤", 1.2), NOT_MET)

    def test_strict(self):
        self.assertEqual(report.verdict(0.0, 0.99, "<", 1), MET)
        self.assertEqual(report.verdict(0.5, 1.0, "<", 1), INCONCLUSIVE)
        self.assertEqual(report.verdict(1.0, 2.0, "<", 1), NOT_MET)

    def test_bounds_in_either_order(self):
        self.assertEqual(report.verdict(1.2, 0.95, "≥", 0.9), MET)

    def test_missing_bound(self):
        self.assertEqual(report.verdict(None, 1.0, "≥", 0.9), NOT_MEASURED)
        self.assertEqual(report.verdict(1.0, float("nan"), "≤", 1.1), NOT_MEASURED)

    def test_combined(self):
        self.assertEqual(report.combined(MET, MET), MET)
        self.assertEqual(report.combined(MET, INCONCLUSIVE), INCONCLUSIVE)
        self.assertEqual(report.combined(INCONCLUSIVE, NOT_MEASURED), NOT_MEASURED)
        self.assertEqual(report.combined(NOT_MEASURED, NOT_MET), NOT_MET)


class RangeTest(unittest.TestCase):
    def test_separate_trials_use_every_pairing_of_forks(self):
        top = metric([[10, 10], [12, 12], [11, 11]])
        bottom = metric([[5, 5], [4, 4], [5, 5]])
        low, high, what = suite_report.extremes(top, bottom)
        self.assertAlmostEqual(low, 10 / 5)
        self.assertAlmostEqual(high, 12 / 4)
        self.assertEqual(what, "fork extremes")

    def test_one_fork_uses_iterations(self):
        low, high, what = suite_report.extremes(metric([[10, 20]]), metric([[4, 5]]))
        self.assertEqual((low, high, what), (2.0, 5.0, "iteration extremes"))

    def test_without_raw_data_the_error_bounds_it(self):
        low, high, what = suite_report.extremes({"score": 10.0, "scoreError": 1.0},
                                                {"score": 5.0, "scoreError": 0.0})
        self.assertAlmostEqual(low, 1.8)
        self.assertAlmostEqual(high, 2.2)
        self.assertEqual(what, "± error")

    def test_missing(self):
        self.assertEqual(suite_report.extremes(None, metric([[1]]))[:2], (None, None))


# ---- each target, each verdict ------------------------------------------------------------

class NearHitTargetTest(unittest.TestCase):
    def near(self, ratios, alloc=(0.001, 0.002)):
        return run([paired_near_hit(ratios),
                    near_hit("caffeine", [[6e6] * 5] * 3),
                    near_hit("nearcache", [[5e6] * 5] * 3, alloc_raw=alloc)])

    def test_met_when_every_iteration_clears(self):
        _, markdown, _ = rendered(self.near([0.91, 0.95, 0.92, 0.93, 1.0] * 3))
        self.assertEqual(verdict_of(markdown, "near-hit"), MET)
        row = target_table(markdown)[TARGETS["near-hit"][0]]
        self.assertEqual(row["range judged"], "iterations 0.91–1.00; B/op 0.001–0.002")

    def test_inconclusive_when_the_median_misses_but_the_range_straddles(self):
        _, markdown, _ = rendered(self.near([0.84, 0.86, 0.85, 0.86, 0.90] * 3))
        self.assertEqual(verdict_of(markdown, "near-hit"), INCONCLUSIVE)

    def test_inconclusive_when_the_median_clears_but_the_range_straddles(self):
        # The median (0.95) clears 0.9: a central figure would have called this met.
        _, markdown, _ = rendered(self.near([0.95, 0.96, 0.85, 0.97, 0.95] * 3))
        self.assertEqual(verdict_of(markdown, "near-hit"), INCONCLUSIVE)
        self.assertIn("| 0.95; 0.002 B/op |", markdown)

    def test_not_met_when_every_iteration_misses(self):
        _, markdown, _ = rendered(self.near([0.8, 0.85, 0.82, 0.89, 0.8] * 3))
        self.assertEqual(verdict_of(markdown, "near-hit"), NOT_MET)

    def test_not_met_when_every_iteration_allocates(self):
        _, markdown, _ = rendered(self.near([0.95] * 15, alloc=(16.0, 16.2)))
        self.assertEqual(verdict_of(markdown, "near-hit"), NOT_MET)

    def test_separate_trials_are_judged_on_their_fork_extremes(self):
        data = run([near_hit("caffeine", [[6e6] * 5, [5e6] * 5, [6e6] * 5]),
                    near_hit("nearcache", [[6e6] * 5, [5.8e6] * 5, [6.1e6] * 5])])
        _, markdown, _ = rendered(data)
        row = target_table(markdown)[TARGETS["near-hit"][0]]
        self.assertTrue(row["range judged"].startswith("fork extremes 0.97–1.22"), row)
        self.assertEqual(verdict_of(markdown, "near-hit"), MET)

    def test_judged_at_the_size_the_target_is_stated_for(self):
        # Only 1M entries measured: a fine 1M figure does not judge the 16K target.
        data = run([near_hit("caffeine", [[6e6] * 5] * 3, size="1048576"),
                    near_hit("nearcache", [[9e6] * 5] * 3, size="1048576")])
        _, markdown, _ = rendered(data)
        self.assertEqual(verdict_of(markdown, "near-hit"), NOT_MEASURED)

    def test_not_measured_without_allocation(self):
        # Interleaved ratios clear the target, but the 0 B/op half was never measured.
        _, markdown, _ = rendered(run([paired_near_hit([0.95] * 15)]))
        self.assertEqual(verdict_of(markdown, "near-hit"), NOT_MEASURED)
        self.assertIn("B/op not measured", markdown)


class RemoteTargetsTest(unittest.TestCase):
    def test_p50_met_inconclusive_not_met(self):
        cases = {MET: [100, 105, 98], INCONCLUSIVE: [100, 115, 98], NOT_MET: [115, 120, 112]}
        for expected, mine in cases.items():
            with self.subTest(expected):
                data = run([latency("spymemcached-sync", [100, 100, 100]),
                            latency("nearcache", mine)])
                _, markdown, _ = rendered(data)
                self.assertEqual(verdict_of(markdown, "remote-p50"), expected)

    def test_p50_not_measured_without_the_baseline(self):
        _, markdown, _ = rendered(run([latency("nearcache", [100, 100, 100])]))
        self.assertEqual(verdict_of(markdown, "remote-p50"), NOT_MEASURED)

    def test_get_async_from_separate_trials(self):
        data = run([pipelined("spymemcached-async", [[100.0] * 5] * 3),
                    pipelined("nearcache-async", [[95.0] * 5, [85.0] * 5, [92.0] * 5])])
        _, markdown, _ = rendered(data)
        self.assertEqual(verdict_of(markdown, "get-async"), INCONCLUSIVE)
        row = target_table(markdown)[TARGETS["get-async"][0]]
        self.assertEqual(row["range judged"], "fork extremes 0.85–0.95")

    def test_get_async_interleaved_wins_over_separate_trials(self):
        data = run([pipelined("spymemcached-async", [[100.0] * 5] * 3),
                    pipelined("nearcache-async", [[50.0] * 5] * 3),
                    paired_pipelined([0.92, 0.95, 1.0, 0.93, 0.99] * 3)])
        _, markdown, _ = rendered(data)
        self.assertEqual(verdict_of(markdown, "get-async"), MET)

    def test_get_all(self):
        cases = {MET: [1.1, 1.15, 1.2, 1.05, 1.12], INCONCLUSIVE: [1.18, 1.23, 1.28, 1.2, 1.25],
                 NOT_MET: [1.21, 1.3, 1.25, 1.4, 1.22]}
        for expected, ratios in cases.items():
            with self.subTest(expected):
                _, markdown, _ = rendered(run([paired_bulk(ratios * 3)]))
                self.assertEqual(verdict_of(markdown, "get-all"), expected)

    def test_get_all_from_separate_trials(self):
        data = run([bulk("spymemcached-getBulk", [[400.0] * 5] * 3),
                    bulk("nearcache-getAll", [[600.0] * 5, [620.0] * 5, [610.0] * 5])])
        _, markdown, _ = rendered(data)
        self.assertEqual(verdict_of(markdown, "get-all"), NOT_MET)


class TwoTierTargetTest(unittest.TestCase):
    def test_not_met_and_inconclusive(self):
        remote = [[1000.0] * 5, [900.0] * 5, [1100.0] * 5]
        cases = {NOT_MET: [[5000.0] * 5] * 3,
                 INCONCLUSIVE: [[8000.0] * 5, [10000.0] * 5, [12000.0] * 5],
                 MET: [[12000.0] * 5] * 3}
        for expected, near in cases.items():
            with self.subTest(expected):
                data = run([two_tier("0", remote), two_tier("0.1", near)])
                _, markdown, _ = rendered(data)
                self.assertEqual(verdict_of(markdown, "two-tier"), expected)

    def test_not_measured_without_remote_only(self):
        _, markdown, _ = rendered(run([two_tier("0.1", [[5000.0] * 5] * 3)]))
        self.assertEqual(verdict_of(markdown, "two-tier"), NOT_MEASURED)


class MixedTargetTest(unittest.TestCase):
    def test_stale_reads(self):
        _, markdown, _ = rendered(run(mixed_runs=[mixed(95, 5, 0), mixed(80, 20, 3)]))
        self.assertEqual(verdict_of(markdown, "stale-95/5"), MET)
        self.assertEqual(verdict_of(markdown, "stale-80/20"), NOT_MET)

    def test_a_missing_mix_is_not_measured(self):
        _, markdown, _ = rendered(run(mixed_runs=[mixed(95, 5, 0)]))
        self.assertEqual(verdict_of(markdown, "stale-80/20"), NOT_MEASURED)


class HerdTargetTest(unittest.TestCase):
    def test_met_when_leases_off_cost_at_least_twice_the_loads(self):
        _, markdown, _ = rendered(run(herd_runs=[herd(True, 80), herd(False, 160)]))
        self.assertEqual(verdict_of(markdown, "herd"), MET)
        row = target_table(markdown)[TARGETS["herd"][0]]
        self.assertIn("leases off cost 2.00 × the loads of leases on (160 against 80)",
                      row["notes"])

    def test_inconclusive_without_a_herd(self):
        # 0.83 per removal clears 1.1, but leases off loaded only 1.42 times as often.
        _, markdown, _ = rendered(run(herd_runs=[herd(True, 83), herd(False, 118)]))
        self.assertEqual(verdict_of(markdown, "herd"), INCONCLUSIVE)
        row = target_table(markdown)[TARGETS["herd"][0]]
        self.assertIn("only 1.42 × the loads of leases on (118 against 83)", row["notes"])
        self.assertIn("under 2 ×", row["notes"])

    def test_judged_against_leases_off_in_the_same_configuration(self):
        runs = [herd(True, 80), herd(False, 400, jvms=4, threads=16),
                herd(False, 120)]
        _, markdown, _ = rendered(run(herd_runs=runs))
        self.assertEqual(verdict_of(markdown, "herd"), INCONCLUSIVE)
        runs = [herd(True, 80), herd(False, 400, jvms=4, threads=16)]
        _, markdown, _ = rendered(run(herd_runs=runs))
        self.assertEqual(verdict_of(markdown, "herd"), INCONCLUSIVE)
        self.assertIn("no leases-off run with 2 JVMs × 8 threads, 10 s", markdown)

    def test_not_met_when_leases_on_load_too_often(self):
        _, markdown, _ = rendered(run(herd_runs=[herd(True, 130), herd(False, 400)]))
        self.assertEqual(verdict_of(markdown, "herd"), NOT_MET)

    def test_not_measured_without_leases_on(self):
        _, markdown, _ = rendered(run(herd_runs=[herd(False, 400)]))
        self.assertEqual(verdict_of(markdown, "herd"), NOT_MEASURED)


# ---- rendering ----------------------------------------------------------------------------

class RenderTest(unittest.TestCase):
    def test_an_empty_run_lists_every_target_as_not_measured(self):
        _, markdown, charts = rendered(run())
        table = target_table(markdown)
        self.assertEqual(list(table), [statement for statement, *_ in TARGETS.values()])
        for statement, row in table.items():
            self.assertEqual(row["verdict"], "**not measured**", statement)
            self.assertTrue(row["notes"].startswith("not in this run: "), row)
        self.assertEqual(charts, {})

    def test_targets_table_layout(self):
        _, markdown, _ = rendered(run(herd_runs=[herd(True, 80), herd(False, 200)]))
        lines = markdown.splitlines()
        header = lines.index("| target | measured | range judged | verdict | notes |")
        self.assertEqual(lines[header + 1], "| --- | ---: | ---: | ---: | ---: |")
        rows = lines[header + 2:header + 2 + len(TARGETS)]
        self.assertEqual(len(rows), len(TARGETS))
        for row in rows:
            self.assertEqual(row.count(" | "), 4, row)
        self.assertEqual(
            rows[-1],
            "| herd: loads per removal with leases ≤ 1.1, leases off ≥ 2 × the loads "
            "| 0.80 (2.00 without) | one run: 80 loads / 100 removals | met "
            "| leases off cost 2.50 × the loads of leases on (200 against 80) with 2 JVMs × 8 "
            "threads, 10 s; load 1.00 1.00 1.00 → 2.00 2.00 2.00 |")
        self.assertIn("## Herd", markdown)

    def test_table(self):
        self.assertEqual(suite_report.table(["a", "b", "c"], [[1, 2, 3]], 1),
                         "| a | b | c |\n| --- | ---: | ---: |\n| 1 | 2 | 3 |")

    def test_an_extra_mix_gets_a_row_of_its_own(self):
        _, markdown, _ = rendered(run(mixed_runs=[mixed(95, 5), mixed(80, 20), mixed(50, 50, 1)]))
        self.assertEqual(target_table(markdown)["stale reads after the bound, 50/50"]["verdict"],
                         "**not met**")

    def test_quick_run_is_marked(self):
        _, markdown, _ = rendered(run(mode="quick"))
        self.assertIn("**Quick run: 1 fork, 1 s iterations; not for quoting.**", markdown)

    def test_sections_and_charts(self):
        data = run([near_hit(impl, [[5e6] * 5] * 3) for impl in suite_report.NEAR_IMPLS]
                   + [paired_near_hit([0.95] * 15)])
        _, markdown, charts = rendered(data)
        self.assertIn("## Near hit", markdown)
        self.assertIn("![near-hit](2030-01-01T0000Z-near-hit.svg)", markdown)
        self.assertTrue(charts["near-hit"].startswith("<svg "))
        self.assertIn("Interleaved in one trial (`PairedNearHitBenchmark`", markdown)

    def test_write_puts_the_report_beside_the_json(self):
        data = run([near_hit(impl, [[5e6] * 5] * 3) for impl in suite_report.NEAR_IMPLS])
        with tempfile.TemporaryDirectory() as directory:
            path = pathlib.Path(directory) / "2030-01-01T0000Z.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            with contextlib.redirect_stdout(io.StringIO()) as printed:
                self.assertEqual(suite_report.main(["suite_report.py", str(path)]), 0)
            markdown = path.with_suffix(".md").read_text(encoding="utf-8")
            self.assertTrue(markdown.startswith("# Benchmark run 2030-01-01T0000Z\n"))
            self.assertTrue((path.parent / "2030-01-01T0000Z-near-hit.svg").exists())
            self.assertIn("suite_report.py: wrote", printed.getvalue())

    def test_the_newest_committed_run_renders(self):
        runs = sorted((HERE / "results").glob("20*.json"))
        if not runs:
            self.skipTest("no committed results")
        suite = suite_report.Suite(runs[-1])
        markdown, _ = suite.render()
        self.assertEqual(len(target_table(markdown)), len(TARGETS))

    def test_import_has_no_side_effects(self):
        code = ("import sys; before = list(sys.path); import suite_report; "
                "assert sys.path == before, 'sys.path changed'")
        done = subprocess.run([sys.executable, "-c", code], cwd=HERE, capture_output=True,
                              text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout, "")


if __name__ == "__main__":
    unittest.main()
