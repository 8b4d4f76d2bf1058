"""Tests of report.py on small synthetic JMH JSON results (a list of JMH entries, as `-rf json`
writes them and run-remote-get.sh merges them, with a `round` field per entry).

Run from the repository root with `python3 -m unittest discover -s benchmarks -p "test_*.py"`.
Standard library only.
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
from report import INCONCLUSIVE, MET, NOT_MEASURED, NOT_MET

HERE = pathlib.Path(__file__).resolve().parent
PACKAGE = "io.nearcache.benchmarks"


def thrpt(impl, raw, error=None, alloc=None, benchmark="NearHitBenchmark", method="hit1Thread",
          threads=1, **params):
    values = [x for fork in raw for x in fork]
    entry = {"jmhVersion": "1.37", "benchmark": f"{PACKAGE}.{benchmark}.{method}",
             "mode": "thrpt", "threads": threads, "forks": len(raw), "warmupIterations": 3,
             "warmupTime": "1 s", "measurementIterations": len(raw[0]),
             "measurementTime": "1 s", "vmName": "OpenJDK 64-Bit Server VM",
             "vmVersion": "17", "params": {"impl": impl, **params},
             "primaryMetric": {"score": statistics.fmean(values),
                               "scoreError": error if error is not None else "NaN",
                               "scoreUnit": "ops/s", "rawData": raw},
             "secondaryMetrics": {}}
    if alloc is not None:
        entry["secondaryMetrics"][report.ALLOCATION_METRIC] = {"score": alloc,
                                                               "scoreUnit": "B/op"}
    return entry


def latency(impl, fork_medians, round_number=None):
    """RemoteGetBenchmark.latency: one histogram per fork whose median is the value given."""
    histogram = [[[[m, 10]], [[m * 0.5, 1], [m * 4, 1]]] for m in fork_medians]
    entry = {"jmhVersion": "1.37", "benchmark": f"{PACKAGE}.RemoteGetBenchmark.latency",
             "mode": "sample", "threads": 1, "forks": len(fork_medians),
             "params": {"impl": impl, "size": "4096"},
             "primaryMetric": {"score": statistics.fmean(fork_medians), "scoreError": 1.0,
                               "scoreUnit": "us/op", "rawDataHistogram": histogram},
             "secondaryMetrics": {}}
    if round_number is not None:
        entry["round"] = round_number
    return entry


def printed(function, *args):
    with contextlib.redirect_stdout(io.StringIO()) as out:
        result = function(*args)
    return out.getvalue(), result


def remote_target(entries):
    text, _ = printed(report.remote_get_report, pathlib.Path("remote.json"), entries)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Target nearcache p50"))
    return lines[start + 1:]


class VerdictTest(unittest.TestCase):
    def test_each_verdict(self):
        self.assertEqual(report.verdict(0.9, 1.1, "≤", 1.1), MET)
        self.assertEqual(report.verdict(0.9, 1.2, "≤", 1.1), INCONCLUSIVE)
        self.assertEqual(report.verdict(1.11, 1.3, "≤", 1.1), NOT_MET)
        self.assertEqual(report.verdict(None, None, "≤", 1.1), NOT_MEASURED)

    def test_span(self):
        self.assertEqual(report.span([3, 1, float("nan"), None, 2]), (1, 3))
        self.assertEqual(report.span([]), (None, None))


class RemoteTargetTest(unittest.TestCase):
    def test_met_when_every_fork_clears(self):
        lines = remote_target([latency("spymemcached-sync", [100, 100, 100]),
                               latency("nearcache", [95, 105, 110])])
        self.assertTrue(lines[0].startswith("- met: range over 3 fork(s) 0.95 to 1.10"), lines)
        self.assertEqual(lines[1], "- pooled over all forks: 1.05;")

    def test_inconclusive_when_the_pooled_figure_clears_but_a_fork_does_not(self):
        # The pooled p50 is 1.0 (≤ 1.1); the fork at 1.3 keeps it from being met.
        lines = remote_target([latency("spymemcached-sync", [100, 100, 100]),
                               latency("nearcache", [100, 100, 130])])
        self.assertTrue(lines[0].startswith("- inconclusive: range over 3 fork(s) 1.00 to 1.30"),
                        lines)
        self.assertEqual(lines[1], "- pooled over all forks: 1.00;")

    def test_not_met_when_every_fork_misses(self):
        lines = remote_target([latency("spymemcached-sync", [100, 100]),
                               latency("nearcache", [115, 120])])
        self.assertTrue(lines[0].startswith("- not met: range over 2 fork(s) 1.15 to 1.20"),
                        lines)

    def test_not_measured_without_the_baseline(self):
        lines = remote_target([latency("nearcache", [100, 100]),
                               latency("raw-socket", [50, 50])])
        self.assertEqual(lines[0], "- not measured: remote.json holds no latency of both "
                                   "nearcache and spymemcached-sync.")

    def test_forks_are_paired_within_their_round(self):
        entries = [latency("spymemcached-sync", [100], 1), latency("nearcache", [105], 1),
                   latency("spymemcached-sync", [200], 2), latency("nearcache", [230], 2)]
        lines = remote_target(entries)
        # Round 1: 105 / 100; round 2: 230 / 200. Pooled over rounds the medians would mix.
        self.assertTrue(lines[0].startswith("- inconclusive: range over 2 fork(s) 1.05 to 1.15"),
                        lines)
        self.assertTrue(lines[2].startswith("- paired by round"), lines)


class TablesTest(unittest.TestCase):
    def test_markdown_table(self):
        self.assertEqual(report.markdown_table(["a", "b", "c"], [["x", "1", "2"]], 1),
                         "| a | b | c |\n|---|---:|---:|\n| x | 1 | 2 |")

    def test_cells(self):
        self.assertEqual(report.short_ops(4_626_336.9), "4.6 M")
        self.assertEqual(report.short_ops(950), "950")
        self.assertEqual(report.throughput_cell({"score": 6.0e6, "scoreError": 1.3e6}),
                         "6.0 M ± 1.3 M")
        self.assertEqual(report.throughput_cell({"score": 6.0e6, "scoreError": "NaN"}), "6.0 M")
        self.assertEqual(report.ratio_cell({"score": 3.0, "scoreError": 0.3},
                                           {"score": 4.0, "scoreError": 0.4}), "0.75× ± 0.11")
        self.assertEqual(report.ratio_cell(None, {"score": 4.0}), "n/a")
        self.assertEqual(report.allocation_cell({"score": 0.25}), "0.2")
        self.assertEqual(report.allocation_cell({"score": 186_000.4}), "186000")
        self.assertEqual(report.allocation_cell(None), report.MISSING)

    def test_histogram_percentiles(self):
        pairs = [[10, 50], [20, 40], [100, 10]]
        self.assertEqual(report.histogram_percentile(pairs, 0.5), 10)
        self.assertEqual(report.histogram_percentile(pairs, 0.9), 20)
        self.assertEqual(report.histogram_percentile(pairs, 0.99), 100)
        self.assertIsNone(report.histogram_percentile([], 0.5))
        entry = latency("nearcache", [100, 200])
        self.assertEqual(report.histogram_pairs([entry], fork=1),
                         [[200, 10], [100.0, 1], [800, 1]])

    def test_near_hit_tables(self):
        entries = [thrpt(impl, [[score] * 5] * 3, error=score / 10, alloc=alloc, size=size,
                         distribution="zipf")
                   for size in ("16384", "1048576")
                   for impl, score, alloc in (("caffeine", 6e6, 0.0), ("caffeine-jcache", 5e6, 0.0),
                                              ("nearcache", 4.8e6, 0.3))]
        text, _ = printed(report.near_hit_report, pathlib.Path("near.json"), entries)
        lines = text.splitlines()
        self.assertEqual(lines[0], "## near.json")
        self.assertIn("Fixed parameters: distribution=zipf.", lines)
        throughput = lines.index("### Throughput (ops/s, ± 99.9% error)")
        self.assertEqual(lines[throughput + 2],
                         "| benchmark | threads | size | caffeine | caffeine-jcache | nearcache "
                         "| nearcache / caffeine | nearcache / caffeine-jcache |")
        self.assertEqual(lines[throughput + 3], "|---|---|---|---:|---:|---:|---:|---:|")
        self.assertEqual(lines[throughput + 4],
                         "| hit1Thread | 1 | 16384 | 6.0 M ± 600.0 k | 5.0 M ± 500.0 k "
                         "| 4.8 M ± 480.0 k | 0.80× ± 0.11 | 0.96× ± 0.14 |")
        self.assertTrue(lines[throughput + 5].startswith("| hit1Thread | 1 | 1048576 |"))
        allocation = lines.index(f"### Allocation ({report.ALLOCATION_METRIC}, B/op)")
        self.assertEqual(lines[allocation + 4], "| hit1Thread | 1 | 16384 | 0.0 | 0.0 | 0.3 |")

    def test_main_reads_a_file_and_reports_both_kinds(self):
        entries = [thrpt("caffeine", [[6e6] * 5] * 3), thrpt("nearcache", [[5e6] * 5] * 3),
                   latency("spymemcached-sync", [100, 100, 100]),
                   latency("nearcache", [100, 104, 108])]
        with tempfile.TemporaryDirectory() as directory:
            path = pathlib.Path(directory) / "run.json"
            path.write_text(json.dumps(entries), encoding="utf-8")
            text, code = printed(report.main, ["report.py", str(path)])
        self.assertEqual(code, 0)
        self.assertIn("### Throughput (ops/s, ± 99.9% error)", text)
        self.assertIn("### Latency of one get (us/op; 1 thread, one call at a time)", text)
        self.assertIn("- met: range over 3 fork(s) 1.00 to 1.08", text)

    def test_main_refuses_a_file_without_results(self):
        with tempfile.TemporaryDirectory() as directory:
            path = pathlib.Path(directory) / "empty.json"
            path.write_text("[]", encoding="utf-8")
            with self.assertRaises(SystemExit):
                printed(report.main, ["report.py", str(path)])

    def test_import_has_no_side_effects(self):
        code = "import report"
        done = subprocess.run([sys.executable, "-c", code], cwd=HERE, capture_output=True,
                              text=True, timeout=60)
        self.assertEqual((done.returncode, done.stdout, done.stderr), (0, "", ""))


if __name__ == "__main__":
    unittest.main()
