#!/usr/bin/env bash
# tcp-teardown on a fresh Debian 12 machine: install what is missing (Debian packages only),
# build, then run the module's main job or its whole test suite.
#
#   .ci/bootstrap.sh report [example options]   the main job
#   .ci/bootstrap.sh test                       every test (CTest), as CI runs it, then the
#                                               same tests built with ASan and UBSan
#   .ci/bootstrap.sh build                      install and build only
#
# Works as root, or as a normal user with sudo (only apt-get runs through sudo).
# TCP_TEARDOWN_BUILD_DIR chooses the build folder (default: build/ in the repository); the
# sanitizer build of the test action goes to the same path with -sanitize appended.
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
action="${1:-report}"
[ $# -gt 0 ] && shift

case "$action" in
report | test | build) ;;
*)
    echo "usage: $0 report|test|build [example options]" >&2
    echo "  '$action' is not an action: use report (main job), test (all tests) or build" >&2
    exit 2
    ;;
esac

packages=(
    cmake g++ make pkg-config       # the build
    libns3-dev ns3 libgsl-dev       # ns-3.37; libns3-core links libgsl, ns3 ships its helpers
    libboost-graph-dev              # the state diagram (Boost.Graph)
    libgnuplot-iostream-dev libboost-iostreams-dev gnuplot-nox  # plots (gnuplot-iostream)
    graphviz                        # the state diagram drawn (dot)
    python3-sphinx doxygen          # the documentation, built and checked by the tests
    iproute2 iptables tcpdump python3  # validation against this kernel, in network namespaces
    parallel                        # tcp-teardown-sweep local (GNU parallel)
    slurm-wlm munge                 # tcp-teardown-sweep slurm, tested on a single-node Slurm
)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || {
            echo "$0: need root or sudo to install: ${missing[*]}" >&2
            exit 1
        }
        sudo=(sudo)
    fi
    echo "== installing: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "${missing[@]}"
fi

build="${TCP_TEARDOWN_BUILD_DIR:-$top/build}"
jobs="$(nproc)"
echo "== configuring and building in $build"
cmake -S "$top" -B "$build" -DTCP_TEARDOWN_WERROR=ON >/dev/null
cmake --build "$build" -j"$jobs"

case "$action" in
report)
    echo "== main job: the report of every story"
    (cd "$top" && "$build/examples/tcp-teardown-report" "$@")
    ;;
test)
    echo "== tests"
    ctest --test-dir "$build" --output-on-failure -j"$jobs"
    echo "== the same tests under AddressSanitizer and UndefinedBehaviorSanitizer"
    cmake -S "$top" -B "$build-sanitize" -DTCP_TEARDOWN_WERROR=ON -DTCP_TEARDOWN_SANITIZE=ON \
        >/dev/null
    cmake --build "$build-sanitize" -j"$jobs"
    ctest --test-dir "$build-sanitize" --output-on-failure -j"$jobs"
    ;;
build) ;;
esac
