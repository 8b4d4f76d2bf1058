#!/usr/bin/env bash
# Builds the benchmark jar and runs NearHitBenchmark with the GC profiler, writing JMH's JSON to
# benchmarks/results/ and printing the Markdown report (report.py) at the end.
#
# Usage: benchmarks/run-near-hit.sh [--quick] [--threads 1|2] [--no-build] [-- JMH options...]
#
#   --quick      smoke run: 1 fork, 1 warmup and 1 measurement iteration of 1 s each. Shows that
#                every configuration runs; its numbers are indicative only.
#                Without it: 3 forks, 5 x 1 s warmup, 5 x 1 s measurement (the @Fork, @Warmup and
#                @Measurement defaults), about 25 minutes for all 32 configurations.
#   --threads N  only the 1-thread (hit1Thread) or 2-thread (hit2Threads) method; default both.
#   --no-build   reuse benchmarks/target/benchmarks.jar.
#   -- ...       passed to JMH, e.g. -- -p impl=caffeine,nearcache -p size=16384
#                (parameters: impl, size, distribution, storeByValue; see NearHitBenchmark).
#
# Only one benchmark run at a time (a lock in benchmarks/target/, shared with run-remote-get.sh): the
# machine has two cores, and two runs would measure each other. Compare ratios within one run, not
# absolute numbers across runs.
set -euo pipefail

benchmarks_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(dirname "$benchmarks_dir")"
jar="$benchmarks_dir/target/benchmarks.jar"

quick=false
build=true
methods="hit1Thread|hit2Threads"
jmh_extra=()
while (($#)); do
  case "$1" in
    --quick) quick=true ;;
    --no-build) build=false ;;
    --threads)
      case "${2:-}" in
        1) methods="hit1Thread" ;;
        2) methods="hit2Threads" ;;
        *) echo "run-near-hit.sh: --threads takes 1 or 2, not '${2:-}'" >&2; exit 2 ;;
      esac
      shift ;;
    --) shift; jmh_extra=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-near-hit.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

source "$benchmarks_dir/run-common.sh"
prepare_benchmark_run run-near-hit.sh "$build"

if $quick; then
  mode=quick
  run_options=(-f 1 -wi 1 -w 1s -i 1 -r 1s)
else
  mode=full
  run_options=(-f 3)
fi
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
result="$benchmarks_dir/results/near-hit-$mode-$stamp.json"
log="${result%.json}.log"

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "run-near-hit.sh: $mode run; JSON to $result, log to $log; load average $(load)" | tee "$log"
java -jar "$jar" "io\.nearcache\.benchmarks\.NearHitBenchmark\.($methods)$" \
  "${run_options[@]}" -prof gc -rf json -rff "$result" "${jmh_extra[@]}" 2>&1 | tee -a "$log"
# Other work on the machine skews the numbers: say how busy it was, to judge a run by.
echo "run-near-hit.sh: load average at the end $(load)" | tee -a "$log"

# JMH skips a failed trial (e.g. a cache that missed or evicted) and still exits 0: look for it.
failed=false
if grep -q '<failure>' "$log"; then
  failed=true
fi
if [[ -s "$result" ]]; then
  echo
  python3 "$benchmarks_dir/report.py" "$result" || failed=true
fi
if $failed; then
  echo "run-near-hit.sh: some trials failed (see '<failure>' in $log); their rows are missing" >&2
  exit 1
fi
