import unittest

import test_figures

LOG = """[INFO] Running io.nearcache.jcache.fault.FaultToleranceTest
Fault scenario 'kill zone a':
  before gets   42187, puts   4755, hit 1.000
  health at the end: UP
[INFO] Tests run: 5, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 40 s -- in x
STALENESS p50=53 p99=107 max=107 ms over 80 rounds
noise line
[INFO] Tests run: 12, Failures: 1, Errors: 0, Skipped: 2
[INFO] Tests run: 3, Failures: 0, Errors: 1, Skipped: 0
Ran 59 tests in 0.235s
"""


class TestFiguresTest(unittest.TestCase):
    def test_collects_figure_lines_and_scenario_blocks_in_order(self):
        figures, _ = test_figures.collect(LOG.splitlines(True))
        self.assertEqual(
            ["Fault scenario 'kill zone a':", "  before gets   42187, puts   4755, hit 1.000",
             "  health at the end: UP", "STALENESS p50=53 p99=107 max=107 ms over 80 rounds"],
            figures)

    def test_totals_sum_execution_summaries_not_per_class_lines(self):
        _, totals = test_figures.collect(LOG.splitlines(True))
        self.assertEqual([15, 1, 1, 2, 59], totals)

    def test_render_names_commit_conditions_and_totals(self):
        text = test_figures.render(["STALENESS x"], [15, 1, 1, 2, 59], "abc123", "quiet", "ci.log")
        self.assertIn("commit abc123", text)
        self.assertIn("Conditions: quiet", text)
        self.assertIn("15 run, 1 failures, 1 errors, 2 skipped; Python tests: 59 run", text)
        self.assertIn("STALENESS x", text)


if __name__ == "__main__":
    unittest.main()
