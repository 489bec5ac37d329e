#!/usr/bin/env bash
# Run every example under valgrind's memcheck and fail on any invalid access, use of
# uninitialised memory, or leaked block (definitely or indirectly lost) that memcheck finds.
#
#   test/memcheck.sh [build folder, default build/]
#
# Each program in <build>/examples runs with its defaults, writing its records, plots and
# pcap files to a temporary folder (the time-wait sweep with a small grid). Blocks still
# reachable at exit (ns-3's singletons) are not leaks. Needs the Debian package valgrind.
# The sanitizer build (TCP_TEARDOWN_SANITIZE, run by CI) checks the same in the test suite;
# this one also sees inside Debian's uninstrumented ns-3 libraries.
set -uo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$top/build}"
command -v valgrind >/dev/null || {
    echo "$0: valgrind not found: install the Debian package valgrind" >&2
    exit 2
}
programs=("$build"/examples/tcp-teardown-*)
[ -x "${programs[0]}" ] || {
    echo "$0: no example programs in $build/examples: build first (.ci/bootstrap.sh build)" >&2
    exit 2
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
for program in "${programs[@]}"; do
    [ -x "$program" ] || continue
    name="$(basename "$program")"
    args=()
    help="$("$program" --PrintHelp 2>&1)"
    grep -q -- "--output:" <<<"$help" && args+=(--output="$work/$name")
    grep -q -- "--pcap:" <<<"$help" && args+=(--pcap=true)
    case "$name" in
    tcp-teardown-time-wait-sweep) args+=(--steps=2 --trials=2) ;;
    esac
    mkdir -p "$work/$name"
    start=$SECONDS
    valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --track-origins=yes --error-exitcode=99 --log-file="$work/$name.valgrind" \
        "$program" "${args[@]}" >"$work/$name.out" 2>&1
    status=$?
    summary="$(grep -E "ERROR SUMMARY|definitely lost|indirectly lost" "$work/$name.valgrind" |
        sed 's/^==[0-9]*== *//' | tr '\n' ' ')"
    if [ $status -eq 99 ]; then
        echo "FAIL $name ($((SECONDS - start)) s): $summary"
        sed 's/^==[0-9]*==//' "$work/$name.valgrind" | head -80
        failed=1
    elif [ $status -ne 0 ]; then
        echo "FAIL $name: exit status $status without a memcheck error; its output:"
        head -40 "$work/$name.out"
        failed=1
    else
        echo "ok   $name ($((SECONDS - start)) s): $summary"
    fi
done
exit $failed
