#!/bin/bash
# sweep-slurm: the tiny sweep through a real, single-node Slurm (started for this test by
# slurm-single-node.sh, stopped whatever happens), its aggregate.csv byte-identical to a local
# run's of the same sweep. Exit 77 (CTest: skipped) where Slurm cannot start.
#
#   sweep-slurm.sh TOOL SWEEP HARNESS WORKDIR

tool=$1
sweep=$2
harness=$3
work=$4

if [ ! -f "$harness" ]; then
    echo "SKIPPED: the Slurm harness $harness is missing"
    exit 77
fi
rm -rf "$work"
mkdir -p "$work" || exit 1
# The harness wants every folder above its state searchable by all: /tmp is.
state=$(mktemp -d /tmp/tcp-teardown-sweep-slurm-XXXXXX) || exit 1
cleanup() {
    bash "$harness" stop "$state" || echo "sweep-slurm: stopping the harness failed"
    rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
    echo "FAILED: $*"
    exit 1
}

bash "$harness" start "$state"
status=$?
if [ "$status" -eq 77 ]; then
    echo "SKIPPED: Slurm cannot start here (the harness said why, above)"
    exit 77
elif [ "$status" -ne 0 ]; then
    fail "slurm-single-node.sh start exited with $status"
fi
. "$state/env.sh"

"$tool" run "$sweep" "$work/local" --jobs=2 || fail "the local run"
# A folder with a blank and a '%' in its name: the script, the task logs and the job commands
# must keep it whole.
slurmdir="$work/slurm 100%"
"$tool" expand "$sweep" "$slurmdir" || fail "expand"
if ! timeout 300 "$tool" slurm "$slurmdir" --wait; then
    bash "$harness" status "$state"
    for log in "$slurmdir"/slurm/task-*.log; do
        echo "== $log"
        cat "$log"
    done
    fail "slurm --wait"
fi
for job in 0000 0001 0002 0003; do
    [ -f "$slurmdir/jobs/$job/metrics.csv" ] || fail "job $job is not complete after Slurm"
done
[ -f "$slurmdir/slurm/job-array-1.sh" ] || fail "no job-array-1.sh in $slurmdir/slurm"
ls "$slurmdir"/slurm/task-*_0.log > /dev/null || fail "no task log in $slurmdir/slurm"
cmp "$work/local/aggregate.csv" "$slurmdir/aggregate.csv" ||
    fail "aggregate.csv differs between the local and the Slurm run"
echo "Slurm and local runs: byte-identical aggregate.csv ($(wc -l < "$slurmdir/aggregate.csv") lines)"
