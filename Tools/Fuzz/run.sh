#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer and runs each for SECONDS, one after
# another (the build machine has two cores). Prints per target: executions, executions per second,
# CPU time, coverage (cov: edges, ft: features), corpus size. Exits non-zero if any target crashed,
# failed a property, leaked or timed out; the input that did it is in Tools/Fuzz/artifacts/.
#   run.sh SECONDS [frames|messages|session ...]      e.g.  Tools/Fuzz/run.sh 300
# The corpora grow in Tools/Fuzz/corpus/<target> from run to run (seeded from Protocol/vectors).
set -uo pipefail
# libFuzzer reports a crash itself; Swift's backtracer, started on the same signal, trips ASan.
export SWIFT_BACKTRACE=enable=no
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
seconds="${1:?usage: run.sh SECONDS [frames|messages|session ...]}"
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(frames messages session)

echo "== build (release, -sanitize=fuzzer,address)"
# One flag with both sanitizers: two separate -sanitize flags build but give no coverage.
mkdir -p artifacts logs
swift build -c release -Xswiftc -sanitize=fuzzer,address > logs/build.log 2>&1
built=$?
# gold's warning about an ASan symbol, once per target, is noise.
grep -v "Cannot export local symbol '__asan_extra_spill_area'" logs/build.log | tail -20
[ "$built" -eq 0 ] || { echo "the fuzz build failed (logs/build.log)" >&2; exit 2; }
bin="$(swift build -c release -Xswiftc -sanitize=fuzzer,address --show-bin-path)"
./seed-corpus.sh "$here/seeds"

executable() {
  case "$1" in
    frames) echo "$bin/FuzzFrameDecoder" ;;
    messages) echo "$bin/FuzzMessages" ;;
    session) echo "$bin/FuzzSession" ;;
    *) echo "unknown target $1 (frames, messages or session)" >&2; exit 2 ;;
  esac
}

failed=0
summary="| target | seconds | executions | exec/s | CPU s (user+sys) | cov start → end | ft start → end | corpus (files/size) | result |"
summary+=$'\n'"|---|---|---|---|---|---|---|---|---|"
for target in "${targets[@]}"; do
  program="$(executable "$target")" || exit 2
  [ -x "$program" ] || { echo "not built: $program" >&2; exit 2; }
  mkdir -p "corpus/$target"
  log="logs/$target.log"
  echo "== $target for ${seconds}s ($program)"
  TIMEFORMAT='%U %S'
  { time "$program" "corpus/$target" "seeds/$target" -max_total_time="$seconds" -print_final_stats=1 -max_len=70000 \
      -rss_limit_mb=2048 -timeout=10 -artifact_prefix="artifacts/$target-" > "$log" 2>&1; echo "status $?" >> "$log"; } 2> "logs/$target.time"
  status=$(awk '/^status /{print $2}' "$log" | tail -1)
  cpu=$(awk '{printf "%.1f", $1 + $2}' "logs/$target.time")
  executions=$(awk -F: '/stat::number_of_executed_units/{gsub(/ /,"",$NF); print $NF}' "$log")
  rate=$(awk -F: '/stat::average_exec_per_sec/{gsub(/ /,"",$NF); print $NF}' "$log")
  first=$(grep -m1 -E "INITED|^#[0-9]+.*cov:" "$log")
  last=$(grep -E "^#[0-9]+.*cov:" "$log" | tail -1)
  field() { echo "$1" | grep -oE "$2: [0-9]+" | awk '{print $2}'; }
  corpus="$(echo "$last" | grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' | cut -d' ' -f2)"
  result=ok
  if [ "$status" != 0 ]; then
    result="FAILED (exit $status, see $log and artifacts/)"
    failed=1
    grep -E "fuzz property failed|ERROR: |Fatal error|SUMMARY|Test unit written" "$log" | head -8
  fi
  line="| $target | $seconds | ${executions:-?} | ${rate:-?} | $cpu | $(field "$first" cov) → $(field "$last" cov) | $(field "$first" ft) → $(field "$last" ft) | ${corpus:-?} | $result |"
  echo "$line"
  summary+=$'\n'"$line"
done
echo
echo "$summary"
exit "$failed"
