#!/usr/bin/env bash
# Builds the benchmark jar and runs RemoteGetBenchmark with the GC profiler, writing JMH's JSON to
# benchmarks/results/ and printing the Markdown report (report.py) at the end.
#
# Usage: benchmarks/run-remote-get.sh [--quick] [--rounds N] [--no-build] [-- JMH options...]
#
#   --quick      smoke run: 1 round, 1 warmup and 1 measurement iteration of 1 s each. Shows that
#                every configuration runs; its numbers are indicative only.
#   --rounds N   run every configuration once per round, N rounds (default 3), one fork each time,
#                5 x 1 s warmup and 5 x 2 s measurement (the @Warmup and @Measurement defaults):
#                about 2.5 minutes per round for the 7 configurations. Rounds rather than JMH's
#                consecutive forks, so that load from elsewhere on the machine, which comes and
#                goes, hits every implementation alike; the report gives each round's ratios.
#   --no-build   reuse benchmarks/target/benchmarks.jar.
#   -- ...       passed to JMH in every round, e.g. a benchmark regex of your own and parameters:
#                -- 'RemoteGetBenchmark.latency' -p impl=nearcache,spymemcached-sync
#                (parameters: impl, size, window; see RemoteGetBenchmark).
#
# Each trial starts its own memcached (/usr/bin/memcached, or memcached on the PATH) on a free
# loopback port. Only one benchmark run at a time (a lock in benchmarks/target/, shared with
# run-near-hit.sh): the machine has two cores, and two runs would measure each other. Compare ratios
# within one run, not absolute numbers across runs.
set -euo pipefail

benchmarks_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(dirname "$benchmarks_dir")"
jar="$benchmarks_dir/target/benchmarks.jar"

quick=false
build=true
rounds=3
selection="io\.nearcache\.benchmarks\.RemoteGetBenchmark\..*"
jmh_extra=()
while (($#)); do
  case "$1" in
    --quick) quick=true ;;
    --no-build) build=false ;;
    --rounds)
      if [[ ! "${2:-}" =~ ^[1-9][0-9]*$ ]]; then
        echo "run-remote-get.sh: --rounds takes a positive number, not '${2:-}'" >&2; exit 2
      fi
      rounds="$2"; shift ;;
    --) shift; jmh_extra=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-remote-get.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
# A regex among the JMH options replaces the default selection.
for option in "${jmh_extra[@]}"; do
  if [[ "$option" == *RemoteGetBenchmark* ]]; then
    selection=""
  fi
done

source "$benchmarks_dir/run-common.sh"
prepare_benchmark_run run-remote-get.sh "$build"

if $quick; then
  mode=quick
  rounds=1
  run_options=(-f 1 -wi 1 -w 1s -i 1 -r 1s)
else
  mode=full
  run_options=(-f 1)
fi
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
result="$benchmarks_dir/results/remote-get-$mode-$stamp.json"
log="${result%.json}.log"
round_results=()

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "run-remote-get.sh: $mode run, $rounds round(s); JSON to $result, log to $log;" \
  "load average $(load)" | tee "$log"
for ((round = 1; round <= rounds; round++)); do
  round_result="$benchmarks_dir/target/remote-get-$stamp-round-$round.json"
  echo "run-remote-get.sh: round $round of $rounds; load average $(load)" | tee -a "$log"
  java -jar "$jar" ${selection:+"$selection"} \
    "${run_options[@]}" -prof gc -rf json -rff "$round_result" "${jmh_extra[@]}" 2>&1 \
    | tee -a "$log"
  if [[ -s "$round_result" ]]; then
    round_results+=("$round:$round_result")
  fi
done
# Other work on the machine skews the numbers: say how busy it was, to judge a run by.
echo "run-remote-get.sh: load average at the end $(load)" | tee -a "$log"

# One JSON list for all rounds; each entry says which round it came from.
python3 - "$result" "${round_results[@]}" <<'PYTHON'
import json, sys
merged = []
for argument in sys.argv[2:]:
    number, name = argument.split(":", 1)
    with open(name, encoding="utf-8") as source:
        for entry in json.load(source):
            entry["round"] = int(number)
            merged.append(entry)
with open(sys.argv[1], "w", encoding="utf-8") as target:
    json.dump(merged, target, indent=2)
PYTHON

# JMH skips a failed trial (e.g. a miss, or memcached that would not start) and still exits 0.
failed=false
if grep -q '<failure>' "$log"; then
  failed=true
fi
if [[ -s "$result" ]]; then
  echo
  python3 "$benchmarks_dir/report.py" "$result" || failed=true
fi
if $failed; then
  echo "run-remote-get.sh: some trials failed (see '<failure>' in $log); their rows are missing" >&2
  exit 1
fi
