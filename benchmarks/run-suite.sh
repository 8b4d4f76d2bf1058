#!/usr/bin/env bash
# Runs the whole benchmark suite in one go and writes, under benchmarks/results/:
#   <stamp>.json        every result: JMH's entries (each with the load average before and after its
#                       step), the tier hit ratios the benchmarks recorded, the two-JVM mixed
#                       workload and the herd benchmark;
#   <stamp>.md          the Markdown report with every target's ratio (suite_report.py);
#   <stamp>-*.svg       its charts.
#
# Usage: benchmarks/run-suite.sh [--targets | --quick] [--no-build]
#
#   (default)   the full matrix with the annotations' settings: 3 forks of 5 x 1 s warmup and
#               5 x 1-2 s measurement, near hits for 5 implementations x 16K/1M entries x Zipf/uniform
#               x 1/2 threads, mixed workload 20 s per mix, herd 30 s x 4 JVMs x 16 threads.
#               About 80 minutes on 2 cores.
#   --targets   only the configurations the targets are stated for (near hits: 16K entries, Zipf,
#               1 thread; getAll/getBulk of 100; every remote, miss and two-tier configuration),
#               3 forks of 3 x 1 s warmup and 5 x 1 s measurement; mixed 10 s per mix, herd 10 s x
#               2 JVMs x 8 threads. About 23 minutes.
#   Every mode also runs the interleaved benchmarks (PairedNearHitBenchmark,
#   PairedBulkGetBenchmark, PairedPipelinedBenchmark), which time nearcache and its baseline in
#   turn within each trial; the near-hit, getAll and getAsync targets are judged on them.
#   --quick     the --targets selection once, briefly (1 fork, 1 x 1 s warmup and measurement):
#               shows that the suite runs; its numbers are not for quoting. About 5 minutes.
#   --no-build  reuse benchmarks/target/benchmarks.jar.
#
# Starts its own memcached processes on free loopback ports. One benchmark run at a time (a lock
# in benchmarks/target/, shared with the other run-*.sh scripts). Quote ratios within one run, with
# the load average the report prints beside them.
set -euo pipefail

benchmarks_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(dirname "$benchmarks_dir")"
jar="$benchmarks_dir/target/benchmarks.jar"

mode=full
build=true
while (($#)); do
  case "$1" in
    --targets) mode=targets ;;
    --quick) mode=quick ;;
    --no-build) build=false ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-suite.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

source "$benchmarks_dir/run-common.sh"
prepare_benchmark_run run-suite.sh "$build"

stamp="$(date -u +%Y-%m-%dT%H%MZ)"
work="$benchmarks_dir/target/suite-$stamp"
mkdir -p "$work"
log="$work/suite.log"
export NEARCACHE_BENCHMARK_SIDECAR="$work/sidecar.jsonl"
: >"$NEARCACHE_BENCHMARK_SIDECAR"
load() { cut -d' ' -f1-3 /proc/loadavg; }

case "$mode" in
  full) timing=(); mixed=(20 100000 2); herd=(30 4 16) ;;
  targets) timing=(-f 3 -wi 3 -w 1s -i 5 -r 1s); mixed=(10 100000 2); herd=(10 2 8) ;;
  quick) timing=(-f 1 -wi 1 -w 1s -i 1 -r 1s); mixed=(3 20000 2); herd=(3 2 4) ;;
esac

# One JMH invocation per step, so each step's load average is on record.
steps=()
step() {
  local name="$1"; shift
  local before; before="$(load)"
  echo "run-suite.sh: step $name; load average $before" | tee -a "$log"
  java -jar "$jar" "$@" "${timing[@]}" -rf json -rff "$work/$name.json" 2>&1 | tee -a "$log"
  echo "$name|$before|$(load)" >>"$work/steps"
}
: >"$work/steps"
if [[ "$mode" != full ]]; then
  step near-hit 'NearHitBenchmark.hit1Thread' -p size=16384 -p distribution=zipf -prof gc
  step bulk-get '\.BulkGetBenchmark' -p batch=100 -prof gc
else
  step near-hit 'NearHitBenchmark' -prof gc
  step bulk-get '\.BulkGetBenchmark' -prof gc
fi
# The target's configuration again in a JVM whose shared map code saw only Integer keys (see
# SharedCodeProfile): shows what that profile is worth to each implementation.
step near-hit-pristine 'NearHitBenchmark.hit1Thread' -p size=16384 -p distribution=zipf \
  -p impl=caffeine,caffeine-jcache,nearcache -p jitProfile=pristine -prof gc
step remote-get '\.RemoteGetBenchmark' -prof gc
# Near hits against Caffeine, getAll and getAsync against their spymemcached baselines,
# interleaved within each trial: the ratios those three targets are judged on.
step paired '\.Paired(NearHit|BulkGet|Pipelined)Benchmark'
step miss-load 'MissLoadBenchmark' -prof gc
step two-tier-vs-remote 'TwoTierVsRemoteBenchmark'

before="$(load)"
echo "run-suite.sh: mixed workload ${mixed[*]}; load average $before" | tee -a "$log"
java -cp "$jar" io.nearcache.benchmarks.MixedWorkload "${mixed[@]}" "$work/mixed.json" 2>&1 \
  | tee -a "$log"
echo "mixed|$before|$(load)" >>"$work/steps"
before="$(load)"
echo "run-suite.sh: herd ${herd[*]}; load average $before" | tee -a "$log"
java -cp "$jar" io.nearcache.benchmarks.HerdBenchmark "${herd[@]}" "$work/herd.json" 2>&1 \
  | tee -a "$log"
echo "herd|$before|$(load)" >>"$work/steps"

result="$benchmarks_dir/results/$stamp.json"
python3 - "$work" "$result" "$mode" <<'PYTHON'
import json, os, pathlib, platform, sys
work, result, mode = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
steps = {}
for line in (work / "steps").read_text().splitlines():
    name, before, after = line.split("|")
    steps[name] = {"loadBefore": before, "loadAfter": after}
jmh = []
for name in ("near-hit", "near-hit-pristine", "bulk-get", "remote-get", "paired", "miss-load",
             "two-tier-vs-remote"):
    path = work / f"{name}.json"
    if path.exists() and path.stat().st_size:
        for entry in json.loads(path.read_text()):
            entry["step"] = name
            entry["loadAverage"] = steps.get(name)
            jmh.append(entry)
def load_json(name):
    path = work / name
    return json.loads(path.read_text()) if path.exists() and path.stat().st_size else []
sidecar = [json.loads(line) for line in (work / "sidecar.jsonl").read_text().splitlines() if line]
suite = {
    "stamp": result.stem, "mode": mode, "cpus": os.cpu_count(),
    "machine": platform.platform(), "steps": steps, "jmh": jmh, "sidecar": sidecar,
    "mixed": load_json("mixed.json"), "herd": load_json("herd.json"),
}
result.write_text(json.dumps(suite, indent=1) + "\n", encoding="utf-8")
print(f"run-suite.sh: results in {result}")
PYTHON
python3 "$benchmarks_dir/suite_report.py" "$result"
cp "$log" "${result%.json}.log"
# JMH skips a failed trial and still exits 0: make it visible.
if grep -q '<failure>' "$log"; then
  echo "run-suite.sh: some trials failed (see '<failure>' in ${result%.json}.log)" >&2
  exit 1
fi
