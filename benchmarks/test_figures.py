#!/usr/bin/env python3
"""Collects the figures that the project's tests print (staleness lags, fault scenarios, the
herd, polling load, failover, live topology) from one build log into a Markdown results file, so
that every figure the README quotes from a test run sits in a committed file with its conditions.

Usage: test_figures.py <build log> <output.md> --commit <sha> --conditions "<text>"
"""
import argparse
import re
import sys

# Lines that carry a figure, by how they start; a fault scenario's heading takes the indented
# lines after it.
PREFIXES = (
    "STALENESS ",
    "HIBERNATE STALENESS ",
    "Herd of ",
    "  leases on:",
    "  leases off:",
    "POLL LOAD ",
    "LOCAL ZONE ",
    "dead local zone:",
    "hung local zone:",
    "add a node,",
    "remove a node,",
    "replace a node,",
)
SCENARIO = re.compile(r"^Fault scenario '(.+)':$")
PYTHON_RUN = re.compile(r"^Ran (\d+) tests? in ")
TESTS_RUN = re.compile(r"^\[(?:INFO|ERROR|WARNING)\] Tests run: (\d+), Failures: (\d+), "
                       r"Errors: (\d+), Skipped: (\d+)$")


def collect(lines):
    """The figure lines of a build log, in order, and the totals of its test executions: JUnit run,
    failures, errors, skipped, then Python tests run."""
    figures = []
    totals = [0, 0, 0, 0, 0]
    in_scenario = False
    for raw in lines:
        line = raw.rstrip("\n")
        if in_scenario:
            if line.startswith("  "):
                figures.append(line)
                continue
            in_scenario = False
        if SCENARIO.match(line):
            figures.append(line)
            in_scenario = True
        elif line.startswith(PREFIXES):
            figures.append(line)
        match = TESTS_RUN.match(line)
        if match:
            for i in range(4):
                totals[i] += int(match.group(i + 1))
        match = PYTHON_RUN.match(line)
        if match:
            totals[4] += int(match.group(1))
    return figures, totals


def render(figures, totals, commit, conditions, log_name):
    out = [f"# Test figures, commit {commit}", ""]
    out.append(f"Conditions: {conditions}")
    out.append("")
    out.append(f"Source: the build log of `bash .ci/run` on a fresh clone ({log_name}).")
    out.append(f"Tests (sum of every surefire execution's summary): {totals[0]} run, "
               f"{totals[1]} failures, {totals[2]} errors, {totals[3]} skipped; "
               f"Python tests: {totals[4]} run.")
    out.append("")
    out.append("```")
    out.extend(figures)
    out.append("```")
    out.append("")
    return "\n".join(out)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log")
    parser.add_argument("output")
    parser.add_argument("--commit", required=True)
    parser.add_argument("--conditions", required=True)
    args = parser.parse_args(argv)
    with open(args.log, encoding="utf-8", errors="replace") as f:
        figures, totals = collect(f)
    if not figures:
        sys.exit(f"no test figures found in {args.log}")
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(render(figures, totals, args.commit, args.conditions, args.log.split("/")[-1]))


if __name__ == "__main__":
    main(sys.argv[1:])
