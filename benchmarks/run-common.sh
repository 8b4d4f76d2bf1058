# Shared by the run-*.sh scripts (sourced, not run): the one-run-at-a-time lock and the build.
#
# prepare_benchmark_run NAME BUILD
#   Creates target/ and results/, takes benchmarks/target/benchmark-run.lock on file descriptor 9
#   for the rest of the calling script (the machine has two cores: two runs would measure each
#   other), builds target/benchmarks.jar when BUILD is true, and fails naming NAME when the jar is
#   missing. Needs $benchmarks_dir, $root_dir and $jar set by the caller.
prepare_benchmark_run() {
  local name="$1" build="$2"
  mkdir -p "$benchmarks_dir/target" "$benchmarks_dir/results"
  exec 9>"$benchmarks_dir/target/benchmark-run.lock"
  if ! flock -n 9; then
    echo "$name: another benchmark run holds $benchmarks_dir/target/benchmark-run.lock" >&2
    exit 1
  fi
  if $build; then
    mvn -B -q -f "$root_dir/pom.xml" -pl benchmarks -am package -Dmaven.test.skip=true
  fi
  if [[ ! -f "$jar" ]]; then
    echo "$name: $jar is missing; run without --no-build" >&2
    exit 1
  fi
}
