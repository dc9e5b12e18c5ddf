#!/bin/sh
# run_all.sh SECONDS [JOBS]: builds the libFuzzer harnesses of tests/fuzz
# (clang, ASan+UBSan) and runs every harness for SECONDS, JOBS at a time
# (default 2), each from its seeds (tests/fuzz/corpus/H), its kept crashes
# (tests/fuzz/regressions/H) and the corpus it grew in earlier runs.
#
#   ACQ_FUZZ_BUILD  build directory (default: build/fuzz in the source tree)
#   ACQ_FUZZ_ONLY   space-separated harness names to run (default: all)
#
# Writes, in the build directory: corpus/H/ (the grown corpus), logs/H.log,
# artifacts/H/ (crash-*, leak-*, timeout-*, oom-* inputs) and summary.txt
# (one line per harness: time, runs, exec/s, corpus, final libFuzzer stats).
# Exits 1 if any harness found a crash, a leak, a timeout or ran out of memory:
# its input is in artifacts/H/; reproduce it with
#   ACQ_FUZZ_BUILD/tests/fuzz/H artifacts/H/crash-...
# or, without clang, build/tests/replay_H artifacts/H/crash-...
set -u
if [ "${1:-}" = "--one" ]; then
    # Internal: run one harness (called through xargs below).
    h=$2 seconds=$3 src=$4 b=$5
    # Scratch files of the harness (indexes, folders, rewritten at every
    # input) in memory if possible, in a folder of their own removed
    # afterwards even if the harness died.
    scratch="$b/tmp/$h"
    [ -w /dev/shm ] && scratch="/dev/shm/acquis-fuzz-$$-$h"
    mkdir -p "$b/corpus/$h" "$b/artifacts/$h" "$b/logs" "$scratch"
    dirs="$b/corpus/$h $src/tests/fuzz/corpus/$h"
    [ -d "$src/tests/fuzz/regressions/$h" ] && dirs="$dirs $src/tests/fuzz/regressions/$h"
    dict=""
    [ -f "$src/tests/fuzz/$h.dict" ] && dict="-dict=$src/tests/fuzz/$h.dict"
    # shellcheck disable=SC2086
    ACQ_FUZZ_TMPDIR="$scratch" ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
        "$b/tests/fuzz/$h" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$b/artifacts/$h/" $dict $dirs \
        >"$b/logs/$h.log" 2>&1
    rc=$?
    rm -rf "$scratch"
    log="$b/logs/$h.log"
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    corp=$(echo "$last" | sed -n 's/.*corp: \([^ ]*\).*/\1/p')
    cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    if [ "$rc" = 0 ]; then
        verdict=ok
    else
        verdict="FAILED (exit $rc): $(ls "$b/artifacts/$h" | tr '\n' ' ')"
        grep -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|^fuzz: ' "$log" | head -n 3 >&2
    fi
    printf '%-20s %5ss  %10s runs  %7s exec/s  corpus %-14s cov %-6s %s\n' \
        "$h" "$seconds" "${runs:-?}" "${eps:-?}" "${corp:-?}" "${cov:-?}" "$verdict" \
        >"$b/logs/$h.summary"
    printf '%-20s final: %s\n' "$h" "$last" >>"$b/logs/$h.summary"
    cat "$b/logs/$h.summary"
    [ "$rc" = 0 ]
    exit $?
fi

seconds=${1:-}
jobs=${2:-2}
case "$seconds$jobs" in
    *[!0-9]*) seconds="" ;;
esac
if [ -z "$seconds" ] || [ "$seconds" -lt 1 ] || [ "$jobs" -lt 1 ]; then
    echo "usage: $0 SECONDS [JOBS]: builds and runs each fuzz harness for SECONDS (at least 1), JOBS at a time" >&2
    exit 2
fi
src=$(cd "$(dirname "$0")/../.." && pwd)
b=${ACQ_FUZZ_BUILD:-$src/build/fuzz}

if ! command -v clang >/dev/null 2>&1; then
    echo "run_all.sh: the fuzzers need clang and libFuzzer: apt-get install clang libclang-rt-14-dev" >&2
    exit 1
fi
mkdir -p "$b"
CC=clang CXX=clang++ cmake -S "$src" -B "$b" -DACQ_FUZZ=ON -DACQ_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    >"$b/configure.log" 2>&1 || { cat "$b/configure.log" >&2; exit 1; }
cmake --build "$b" -j "$jobs" --target fuzz_all >"$b/build.log" 2>&1 || { tail -n 40 "$b/build.log" >&2; exit 1; }

harnesses=${ACQ_FUZZ_ONLY:-$(cd "$src/tests/fuzz" && ls fuzz_*.c | sed 's/\.c$//' | grep -v '^fuzz_util$')}
rm -f "$b"/logs/*.summary
echo "fuzzing each of: $(echo $harnesses) for ${seconds}s, $jobs at a time"
printf '%s\n' $harnesses | xargs -P "$jobs" -I{} sh "$0" --one {} "$seconds" "$src" "$b"
rc=$?
{
    echo "acquis fuzz run $(date -u '+%Y-%m-%dT%H:%M:%SZ'), ${seconds}s per harness, $jobs at a time"
    cat "$b"/logs/*.summary
} >"$b/summary.txt"
echo "summary: $b/summary.txt"
if [ "$rc" != 0 ]; then
    echo "run_all.sh: a fuzzer failed: its input is in $b/artifacts/<harness>/; keep it in tests/fuzz/regressions/<harness>/ with the fix" >&2
    exit 1
fi
exit 0
