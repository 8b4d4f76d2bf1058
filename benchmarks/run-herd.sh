#!/usr/bin/env bash
# Builds the benchmark jar and runs HerdBenchmark: reader JVMs read one hot key through a 20 ms
# loader while another JVM removes it every 100 ms, with leases on and then off; prints loader
# calls per removal and writes benchmarks/results/herd-<time>.json.
#
# Usage: benchmarks/run-herd.sh [--quick] [--no-build]
#
#   --quick      5 s per configuration with 2 reader JVMs x 8 threads (about half a minute).
#   default      30 s per configuration with 4 reader JVMs x 16 threads (about 1.5 minutes).
#   --no-build   reuse benchmarks/target/benchmarks.jar.
#
# Starts its own memcached processes (2 zones, 1 node each) on free loopback ports. One benchmark
# run at a time: the lock in benchmarks/target/ is shared with the other run-*.sh scripts.
set -euo pipefail

benchmarks_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(dirname "$benchmarks_dir")"
jar="$benchmarks_dir/target/benchmarks.jar"

quick=false
build=true
while (($#)); do
  case "$1" in
    --quick) quick=true ;;
    --no-build) build=false ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-herd.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

source "$benchmarks_dir/run-common.sh"
prepare_benchmark_run run-herd.sh "$build"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
result="$benchmarks_dir/results/herd-$stamp.json"
if $quick; then
  java -cp "$jar" io.nearcache.benchmarks.HerdBenchmark 5 2 8 "$result"
else
  java -cp "$jar" io.nearcache.benchmarks.HerdBenchmark 30 4 16 "$result"
fi
echo "run-herd.sh: load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
