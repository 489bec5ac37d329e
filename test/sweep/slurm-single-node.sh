#!/usr/bin/env bash
# slurm-single-node.sh - a private, single-node Slurm cluster for tests.
#
# Usage:
#   slurm-single-node.sh start  STATEDIR   # create STATEDIR, start munged + slurmctld +
#                                          # slurmd, wait until the node is idle, write
#                                          # STATEDIR/env.sh
#   slurm-single-node.sh stop   STATEDIR   # cancel jobs, stop the daemons (idempotent)
#   slurm-single-node.sh status STATEDIR   # sinfo + squeue of that cluster
#
# Typical test:
#   d=$(mktemp -d)
#   test/sweep/slurm-single-node.sh start "$d" || exit $?   # 77 = cannot run Slurm here
#   trap 'test/sweep/slurm-single-node.sh stop "$d"' EXIT
#   source "$d/env.sh"                                      # exports SLURM_CONF
#   sbatch --array=0-3 --wait --wrap 'echo $SLURM_ARRAY_TASK_ID > out-$SLURM_ARRAY_TASK_ID'
#
# `sbatch --wait` returns the highest exit code of the array's tasks (1 for a task killed
# by a signal), but it polls the controller 2 s after submission and then only ~8 s later:
# short arrays that miss the first poll cost ~10 s. Poll `squeue -h -j ID` for speed.
#
# Exit codes: 0 success; 77 (the CTest skip code) when `start` cannot bring Slurm up
# (binaries missing, port taken, a daemon died, the node did not become idle within
# the deadline) - the reason is printed on stderr and whatever was started is stopped;
# 2 for usage errors.
#
# What it needs: Debian 12 `slurm-wlm` (22.05) and `munge`, run as root (jobs run as
# root: SlurmUser=SlurmdUser=root). No systemd and no cgroups are used:
# proctrack/linuxproc, task/none, no accounting, no job completion logging.
#
# STATEDIR holds everything: munge key/socket/seed, slurm.conf, an empty plugstack.conf,
# slurmctld state, slurmd spool, logs (log/), pid files (run/). It is made mode 0711:
# munged insists that every directory on the path to its socket is searchable by all;
# nothing inside is listable by others (munge/ is 0755 as munged requires, the key 0600).
# Every directory above STATEDIR must be searchable by all too (/tmp is fine).
#
# Ports: slurmctld listens on SLURM_HARNESS_PORT (default 28817) and slurmd on the next
# port (default 28818); both are below the Linux ephemeral range (32768-60999) and away
# from Slurm's stock 6817/6818, so a system Slurm can run alongside. Only one harness
# cluster per port pair can run at a time: `start` refuses (77) if the ports are taken
# by something else. If a previous run left daemons behind in the same STATEDIR, `start`
# stops them first.
#
# Environment knobs:
#   SLURM_HARNESS_PORT      slurmctld port (slurmd uses +1)          [28817]
#   SLURM_HARNESS_CPUS      CPUs of the node (capped at nproc)        [nproc]
#   SLURM_HARNESS_DEADLINE  seconds to wait for the node to be idle   [60]
#
# Processes are identified without guessing by name: each daemon is started with
# SLURM_HARNESS_MARK=<STATEDIR> in its environment (slurmstepd inherits it), its PID is
# recorded in STATEDIR/run/*.pid, and `stop` only signals PIDs whose environment carries
# that mark (so a recycled PID is never hit). Job processes left behind by a killed
# slurmstepd are found by SLURM_JOB_ID plus SLURM_CONF=<STATEDIR>/slurm.conf.
# Daemons are detached (setsid, stdio to files), so a CTest test that calls `start`
# returns at once and the daemons survive it until `stop`.

set -euo pipefail
export PATH=${PATH:+$PATH:}/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin

readonly PROG=${0##*/}
CLIENT_TIMEOUT=10   # seconds for any one client call (a dead controller blocks them)
STOP_DEADLINE=10    # seconds between TERM and KILL

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }

# ---------------------------------------------------------------- process helpers

# is_alive PID: true if PID exists and is not a zombie.
is_alive() {
  local pid=$1 state
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/stat ]] || return 1
  state=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [[ -n $state && $state != Z && $state != X ]]
}

# has_mark PID: PID's environment carries this STATEDIR's mark.
has_mark() {
  grep -qzxF "SLURM_HARNESS_MARK=$STATEDIR" "/proc/$1/environ" 2>/dev/null
}

# ancestors: this shell and its ancestors, never to be signalled.
ancestors() {
  local pid=$$
  while [[ $pid =~ ^[0-9]+$ && $pid -gt 1 ]]; do
    echo "$pid"
    pid=$(awk '/^PPid:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || break
  done
}

# marked_pids: every live process of this cluster, whatever happened to the pid files:
#  - processes whose environment carries the mark (the daemons as launched);
#  - processes holding a file or a unix socket below STATEDIR open (slurmstepd: it
#    overwrites its environment for its process title, but keeps slurmd.log and its
#    spool socket open);
#  - job processes (SLURM_JOB_ID set and SLURM_CONF pointing at our slurm.conf);
#  - every descendant of the above.
# Never this shell or its ancestors.
marked_pids() {
  local p env skip stat ppid inode
  local -A seed=() parent=()
  local -a lnames=(-lname "$STATEDIR/*")
  skip=" $(ancestors | tr '\n' ' ') "
  while read -r inode; do
    lnames+=(-o -lname "socket:\[$inode\]")
  done < <(awk -v d="$STATEDIR/" 'index($8, d) == 1 {print $7}' /proc/net/unix 2>/dev/null)
  while read -r p; do
    seed[$p]=1
  done < <(find /proc/[0-9]*/fd -maxdepth 1 \( "${lnames[@]}" \) 2>/dev/null | cut -d/ -f3 | sort -u)
  for env in /proc/[0-9]*/environ; do
    p=${env#/proc/}; p=${p%/environ}
    stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    ppid=${stat##*) }; ppid=${ppid#* }; ppid=${ppid%% *}
    parent[$p]=$ppid
    if has_mark "$p"; then
      seed[$p]=1
    elif grep -qzxF "SLURM_CONF=$STATEDIR/slurm.conf" "$env" 2>/dev/null &&
         grep -qz '^SLURM_JOB_ID=' "$env" 2>/dev/null; then
      seed[$p]=1
    fi
  done
  # Close over descendants.
  local changed=1
  while ((changed)); do
    changed=0
    for p in "${!parent[@]}"; do
      [[ -z ${seed[$p]:-} && -n ${seed[${parent[$p]}]:-} ]] && { seed[$p]=1; changed=1; }
    done
  done
  for p in "${!seed[@]}"; do
    [[ $skip == *" $p "* ]] && continue
    is_alive "$p" && echo "$p"
  done
  return 0
}

# recorded_pid NAME: the PID in run/NAME.pid if it is alive and ours.
recorded_pid() {
  local f=$STATEDIR/run/$1.pid pid
  [[ -r $f ]] || return 1
  pid=$(tr -dc '0-9' <"$f")
  [[ -n $pid ]] && is_alive "$pid" && has_mark "$pid" && echo "$pid"
}

# terminate DEADLINE PID...: TERM, wait up to DEADLINE seconds, then KILL.
terminate() {
  local deadline=$1; shift
  local pids=("$@") p end left
  ((${#pids[@]})) || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  end=$((SECONDS + deadline))
  while :; do
    left=()
    for p in "${pids[@]}"; do is_alive "$p" && left+=("$p"); done
    ((${#left[@]})) || return 0
    ((SECONDS < end)) || break
    sleep 0.2
  done
  log "killing ${left[*]} (did not stop within ${deadline}s)"
  kill -KILL "${left[@]}" 2>/dev/null || true
  end=$((SECONDS + 5))
  for p in "${left[@]}"; do
    while is_alive "$p" && ((SECONDS < end)); do sleep 0.1; done
  done
}

# launch NAME CMD...: start CMD detached, marked, stdio to log/NAME.out; record its PID.
launch() {
  local name=$1; shift
  SLURM_HARNESS_MARK=$STATEDIR SLURM_CONF=$STATEDIR/slurm.conf \
    setsid "$@" </dev/null >"$STATEDIR/log/$name.out" 2>&1 &
  echo $! >"$STATEDIR/run/$name.pid"
}

# ---------------------------------------------------------------- client helpers

sl() { SLURM_CONF=$STATEDIR/slurm.conf timeout -k 2 "$CLIENT_TIMEOUT" "$@"; }

# ---------------------------------------------------------------- stop

do_stop() {
  local pid p pids=()
  [[ -d $STATEDIR ]] || return 0

  # Cancel jobs while the controller still answers, so slurmstepd ends its tasks.
  if recorded_pid slurmctld >/dev/null && [[ -r $STATEDIR/slurm.conf ]]; then
    local jobs end
    jobs=$(sl squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ') || jobs=
    if [[ -n ${jobs// /} ]]; then
      # shellcheck disable=SC2086
      sl scancel $jobs 2>/dev/null || true
      end=$((SECONDS + STOP_DEADLINE))
      while ((SECONDS < end)); do
        [[ -z $(sl squeue -h -t R,CG,PD -o %A 2>/dev/null) ]] && break
        sleep 0.3
      done
    fi
  fi

  # Slurm daemons first (munged must outlive them: they talk to it on shutdown).
  for p in slurmd slurmctld; do
    pid=$(recorded_pid "$p") && pids+=("$pid")
  done
  terminate "$STOP_DEADLINE" "${pids[@]+"${pids[@]}"}"

  # Anything else of this cluster: slurmstepd, job processes, daemons whose pid file is
  # gone - except munged, stopped last.
  local munged_pid=
  munged_pid=$(recorded_pid munged) || munged_pid=
  pids=()
  for p in $(marked_pids); do
    [[ $p == "$munged_pid" ]] || pids+=("$p")
  done
  # Orphaned slurmstepd ignores TERM: short grace, then KILL.
  terminate 2 "${pids[@]+"${pids[@]}"}"

  pids=()
  [[ -n $munged_pid ]] && pids+=("$munged_pid")
  for p in $(marked_pids); do [[ $p == "$munged_pid" ]] || pids+=("$p"); done
  terminate "$STOP_DEADLINE" "${pids[@]+"${pids[@]}"}"

  rm -f "$STATEDIR"/run/*.pid 2>/dev/null || true
  return 0
}

# ---------------------------------------------------------------- start

START_OK=0
LAUNCHED=0
skip() {
  log "cannot start Slurm: $*"
  local f
  if ((LAUNCHED)); then   # logs of an earlier run would only confuse
    for f in "$STATEDIR"/log/*.out; do
      [[ -s $f ]] || continue
      log "--- last lines of $f"
      tail -n 5 "$f" >&2 || true
    done
  fi
  do_stop || true
  START_OK=1   # cleanup done; let the EXIT trap pass the 77 through
  exit 77
}

port_in_use() {
  # Listening sockets only: TIME_WAIT leftovers of a previous run do not block Slurm.
  [[ -n $(ss -Htln "( sport = :$1 )" 2>/dev/null) ]]
}

write_conf() {
  local cpus=$1 port=$2
  cat >"$STATEDIR/slurm.conf" <<EOF
# Written by $PROG for a private single-node test cluster. Do not edit.
ClusterName=harness
SlurmctldHost=localhost
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$STATEDIR/munge/munge.socket
StateSaveLocation=$STATEDIR/state
SlurmdSpoolDir=$STATEDIR/spool
SlurmctldPidFile=$STATEDIR/run/slurmctld.daemon.pid
SlurmdPidFile=$STATEDIR/run/slurmd.daemon.pid
SlurmctldLogFile=$STATEDIR/log/slurmctld.log
SlurmdLogFile=$STATEDIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig=$STATEDIR/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
MailProg=/bin/true
KillWait=5
InactiveLimit=0
MinJobAge=300
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
  : >"$STATEDIR/plugstack.conf"
}

do_start() {
  local b port cpus nproc_ deadline end state dir

  trap '[[ $START_OK == 1 ]] || { log "start failed unexpectedly; cleaning up"; do_stop || true; }' EXIT

  ((EUID == 0)) || skip "must run as root (jobs run as root)"
  for b in munged munge unmunge slurmctld slurmd sinfo squeue sbatch scancel \
           setsid timeout ss; do
    command -v "$b" >/dev/null || skip "'$b' not found (install slurm-wlm and munge)"
  done

  port=${SLURM_HARNESS_PORT:-28817}
  [[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65535)) ||
    skip "SLURM_HARNESS_PORT='$port' is not a port number"
  nproc_=$(nproc)
  cpus=${SLURM_HARNESS_CPUS:-$nproc_}
  [[ $cpus =~ ^[0-9]+$ ]] && ((cpus >= 1)) || cpus=$nproc_
  ((cpus <= nproc_)) || cpus=$nproc_
  deadline=${SLURM_HARNESS_DEADLINE:-60}
  [[ $deadline =~ ^[0-9]+$ ]] || deadline=60

  # A previous run in the same STATEDIR: stop it first.
  do_stop

  for b in $port $((port + 1)); do
    port_in_use "$b" && skip "port $b is in use (another cluster? set SLURM_HARNESS_PORT)"
  done

  mkdir -p "$STATEDIR"
  chmod 0711 "$STATEDIR"
  dir=$STATEDIR
  while dir=$(dirname "$dir"); [[ $dir != / ]]; do
    [[ $(stat -c %A "$dir") == *[xt] ]] ||
      skip "$dir is not searchable by all; munged refuses a socket below it"
  done
  rm -rf "$STATEDIR/state" "$STATEDIR/spool" "$STATEDIR/log" "$STATEDIR/run" \
         "$STATEDIR/munge" "$STATEDIR/env.sh"
  mkdir -m 0700 "$STATEDIR/state" "$STATEDIR/spool" "$STATEDIR/log" "$STATEDIR/run"
  mkdir -m 0755 "$STATEDIR/munge"
  (umask 077; head -c 1024 /dev/urandom >"$STATEDIR/munge/munge.key")
  chmod 0600 "$STATEDIR/munge/munge.key"
  write_conf "$cpus" "$port"

  # munged
  LAUNCHED=1
  launch munged munged -F --socket="$STATEDIR/munge/munge.socket" \
    --key-file="$STATEDIR/munge/munge.key" --pid-file="$STATEDIR/munge/munged.pid" \
    --seed-file="$STATEDIR/munge/munged.seed" --log-file="$STATEDIR/log/munged.log"
  end=$((SECONDS + 10))
  until [[ -S $STATEDIR/munge/munge.socket ]] &&
        timeout 5 munge -n -S "$STATEDIR/munge/munge.socket" </dev/null |
          timeout 5 unmunge -S "$STATEDIR/munge/munge.socket" >/dev/null 2>&1; do
    recorded_pid munged >/dev/null || skip "munged exited (see $STATEDIR/log/munged.out)"
    ((SECONDS < end)) || skip "munged did not answer within 10s"
    sleep 0.1
  done

  # slurmctld, then slurmd
  launch slurmctld slurmctld -D -i -c -f "$STATEDIR/slurm.conf"
  launch slurmd slurmd -D -N localhost -f "$STATEDIR/slurm.conf"

  end=$((SECONDS + deadline))
  state=
  while :; do
    for b in munged slurmctld slurmd; do
      recorded_pid "$b" >/dev/null ||
        skip "$b exited (see $STATEDIR/log/$b.out and $STATEDIR/log/$b.log)"
    done
    state=$(sl sinfo -h -n localhost -o %T 2>/dev/null | head -n 1) || state=
    [[ $state == idle ]] && break
    ((SECONDS < end)) ||
      skip "node not idle within ${deadline}s (state: '${state:-no answer}')"
    sleep 0.2
  done

  cat >"$STATEDIR/env.sh" <<EOF
# Source this to talk to the test cluster in $STATEDIR (written by $PROG).
export SLURM_CONF='$STATEDIR/slurm.conf'
export SLURM_HARNESS_STATEDIR='$STATEDIR'
# Options from the caller's environment must not leak into the test's jobs.
unset SLURM_CLUSTERS \$(compgen -e | grep -E '^(SBATCH|SALLOC|SRUN|SQUEUE|SINFO|SCANCEL|SACCT)_' || true)
EOF
  START_OK=1
  log "cluster up in $STATEDIR (slurmctld :$port, slurmd :$((port + 1)), $cpus CPUs)"
}

# ---------------------------------------------------------------- status

do_status() {
  [[ -r $STATEDIR/slurm.conf ]] || { log "no cluster in $STATEDIR"; return 1; }
  local rc=0 b pid
  for b in munged slurmctld slurmd; do
    if pid=$(recorded_pid "$b"); then echo "$b: running (pid $pid)"
    else echo "$b: not running"; rc=1; fi
  done
  sl sinfo || rc=1
  sl squeue -o '%.18i %.9P %.20j %.8u %.2t %.10M %.6D %R' || rc=1
  return $rc
}

# ---------------------------------------------------------------- main

(($# == 2)) || usage
[[ -n $2 ]] || usage
# Absolute, normalised path: it is written into slurm.conf and compared in /proc.
STATEDIR=$(realpath -m -- "$2")
readonly STATEDIR
case $1 in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  *) usage ;;
esac
