#!/usr/bin/env bash
# Fuzz the module with libFuzzer: build the fuzz targets of test/fuzz/ with clang, then run
# each for a number of executions, both at once (one core each).
#
#   test/fuzz/fuzz.sh [executions per target, default 10000000]
#
# Each target starts from its corpus in test/fuzz/corpus/<target>/ and writes what it finds
# to a working copy in the build folder, so the repository's corpus stays as it is; a crash
# or a broken property leaves crash-* (the input) in the build folder and makes the script
# exit 1. TCP_TEARDOWN_FUZZ_BUILD_DIR chooses the build folder (default: build-fuzz/).
# Needs the Debian package clang (libFuzzer comes with it).
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-10000000}"
case "$runs" in
'' | *[!0-9]*)
    echo "$0: '$runs' is not a number of executions: use a positive integer" >&2
    exit 2
    ;;
esac
[ "$runs" -gt 0 ] || {
    echo "$0: $runs executions: use a positive integer" >&2
    exit 2
}
command -v clang++ >/dev/null || {
    echo "$0: clang++ not found: install the Debian package clang" >&2
    exit 2
}

build="${TCP_TEARDOWN_FUZZ_BUILD_DIR:-$top/build-fuzz}"
echo "== building the fuzz targets with clang in $build"
CXX=clang++ cmake -S "$top" -B "$build" -DTCP_TEARDOWN_FUZZ=ON -DTCP_TEARDOWN_TESTS=OFF \
    -DTCP_TEARDOWN_EXAMPLES=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"

targets=(tcp-segment-impairment tcp-stream-integrity)
export ASAN_OPTIONS=detect_container_overflow=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=$top/test/ubsan.supp
pids=()
for target in "${targets[@]}"; do
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    cp -n "$top/test/fuzz/corpus/$target/"* "$corpus/"
    echo "== $target: $runs executions (log: $build/$target.log)"
    (cd "$build" && "./$target-fuzzer" -runs="$runs" -max_len=2048 -print_final_stats=1 \
        -artifact_prefix="$build/$target-" "$corpus" >"$build/$target.log" 2>&1) &
    pids+=($!)
done

status=0
for i in "${!targets[@]}"; do
    target="${targets[$i]}"
    if wait "${pids[$i]}"; then
        result="no crash, every property held"
    else
        result="FAILED (see $build/$target.log and $build/$target-crash-*)"
        status=1
    fi
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$target.log")
    seconds=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$build/$target.log")
    echo "$target: ${executions:-?} executions in ${seconds:-?} s, corpus $(ls "$build/corpus/$target" | wc -l) inputs: $result"
done
exit $status
