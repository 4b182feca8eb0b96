#!/usr/bin/env bash
# A one-node SLURM cluster (slurmctld, slurmd, munge) without systemd, for the
# SLURM integration tests: `SMOKE_TEST=0 tests/slurm/cluster.sh` starts it and
# leaves it running (export SLURM_CONF=$SLURM_CI_DIR/slurm.conf), `tests/slurm/
# cluster.sh stop` stops it by the PIDs it recorded. Adapted from the
# feasibility script of ../shared/cluster/slurm_single_node.sh (pitfalls in
# slurm_single_node.md there); SMOKE_TEST=1 runs its smoke test too.
# slurm_single_node.sh -- start a throw-away one-node SLURM cluster (munged +
# slurmctld + slurmd on this machine), smoke-test sbatch / job array / srun /
# squeue / scancel, measure latencies, then stop everything by PID.
#
# Target: fresh Debian 12 (bookworm) machine, run as root, NO systemd as PID 1
# (container / microVM).  Debian's slurm-wlm 22.05 + munge 0.5.15.
#
# Everything the cluster writes lives under $SLURM_CI_DIR (default
# /tmp/slurm-ci): config, munge key/socket, state, spool, logs, job output.
# Nothing is written under /etc, /run or /var (except what apt-get does).
# Clients find the cluster through the SLURM_CONF environment variable.
#
# Usage:  sudo bash slurm_single_node.sh            # start, test, stop
#         KEEP_RUNNING=1 bash slurm_single_node.sh  # start, test, leave up
#           (then stop later with:  bash slurm_single_node.sh stop)
set -euo pipefail

T0=$(date +%s.%N)                       # script start, for the timings
SLURM_CI_DIR=${SLURM_CI_DIR:-/tmp/slurm-ci}
CONF=$SLURM_CI_DIR/slurm.conf
MUNGE_DIR=$SLURM_CI_DIR/munge
MUNGE_SOCK=$MUNGE_DIR/munge.socket.2
export SLURM_CONF=$CONF                 # every slurm client/daemon reads this

log()  { printf '[%6.2fs] %s\n' "$(echo "$(date +%s.%N) - $T0" | bc)" "$*"; }
die()  { log "FATAL: $*"; exit 1; }
since(){ echo "$(date +%s.%N) - $1" | bc; }

# ---------------------------------------------------------------- stop ----
# Stop in reverse order, only the PIDs this script recorded (no pkill by name).
stop_cluster() {
  set +e
  if [ -f "$CONF" ] && [ -f "$SLURM_CI_DIR/pids/slurmctld" ]; then
    # 1. cancel every job still known, and wait until no step processes are
    #    left on the node: slurmstepd daemonizes away from slurmd, so killing
    #    slurmd alone would orphan running jobs.
    scancel --full --quiet -u root 2>/dev/null
    for _ in $(seq 1 50); do
      [ -z "$(squeue -h -o %i 2>/dev/null)" ] &&
      [ -z "$(scontrol listpids 2>/dev/null | tail -n +2)" ] && break
      sleep 0.2
    done
  fi
  # 2. daemons, by recorded PID: slurmd, slurmctld, munged
  for d in slurmd slurmctld munged; do
    f=$SLURM_CI_DIR/pids/$d
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && { echo "$d $pid ignored SIGTERM, SIGKILL"; kill -KILL "$pid"; }
    fi
    rm -f "$f"
  done
  set -e
}

if [ "${1:-}" = stop ]; then stop_cluster; exit 0; fi

[ "$(id -u)" = 0 ] || die "run as root"
log "PID 1 is: $(cat /proc/1/comm)  (systemd not needed)"

# --------------------------------------------------------------- install --
# Debian postinst scripts call invoke-rc.d to start munge/slurmd/slurmctld.
# Without systemd/sysvinit that fails harmlessly ("could not determine current
# runlevel"); on Docker-style images /usr/sbin/policy-rc.d (exit 101) denies it.
# Either way nothing is started for us, which is what we want.
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v bc >/dev/null; then
  log "installing packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      slurmctld slurmd slurm-client munge bc >/dev/null
fi
command -v slurmctld >/dev/null || die "slurmctld missing"

# A previous run of this script left something?  Stop it by its PID files.
[ -d "$SLURM_CI_DIR/pids" ] && stop_cluster
rm -rf "$SLURM_CI_DIR"
mkdir -p "$SLURM_CI_DIR"/{pids,state,spool,log,out} "$MUNGE_DIR"
chmod 755 "$SLURM_CI_DIR"

# Ports 6817/6818 must be free (another slurm on the box?)
if command -v ss >/dev/null && ss -ltn | awk '{print $4}' | grep -Eq ':(6817|6818)$'; then die "port 6817/6818 busy"; fi

# ---------------------------------------------------------------- munge ---
# Private key + socket under $MUNGE_DIR, munged runs as the 'munge' user
# (created by the munge package).  munged insists that the key file is owned
# by the user it runs as and is not readable by others, and that the socket
# dir is not writable by others but IS searchable (x) by all:
#   "Socket is inaccessible: execute permissions for all required on ..."
# (it refused 0700), hence 0711.
chown munge:munge "$MUNGE_DIR"; chmod 711 "$MUNGE_DIR"
if command -v mungekey >/dev/null; then
  setpriv --reuid=munge --regid=munge --init-groups mungekey --create --keyfile="$MUNGE_DIR/munge.key"
else
  dd if=/dev/urandom of="$MUNGE_DIR/munge.key" bs=1024 count=1 status=none
  chown munge:munge "$MUNGE_DIR/munge.key"
fi
chmod 400 "$MUNGE_DIR/munge.key"
# setpriv execs (no fork), so $! is munged's own PID.  -F = stay in foreground.
setpriv --reuid=munge --regid=munge --init-groups \
  /usr/sbin/munged -F --socket="$MUNGE_SOCK" --key-file="$MUNGE_DIR/munge.key" \
    --pid-file="$MUNGE_DIR/munged.pid" --log-file="$MUNGE_DIR/munged.log" \
    --seed-file="$MUNGE_DIR/munged.seed" \
  </dev/null >"$SLURM_CI_DIR/log/munged.stdout" 2>&1 &
echo $! > "$SLURM_CI_DIR/pids/munged"
for _ in $(seq 1 50); do [ -S "$MUNGE_SOCK" ] && break; sleep 0.1; done
if ! munge -n --socket="$MUNGE_SOCK" | unmunge --socket="$MUNGE_SOCK" >/dev/null; then
  cat "$SLURM_CI_DIR/log/munged.stdout"; stop_cluster; die "munge round trip failed"
fi
log "munged up (pid $(cat "$SLURM_CI_DIR/pids/munged"))"

# ---------------------------------------------------------- slurm.conf ---
NODE=$(hostname -s)                 # slurmd identifies itself by this name
NCPU=$(nproc)
# RealMemory must not exceed what slurmd measures, else the node is INVALID.
MEM=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
# Hostname resolution: don't rely on /etc/hosts knowing $NODE, pin 127.0.0.1.
cat > "$CONF" <<EOF
ClusterName=ci
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCK
StateSaveLocation=$SLURM_CI_DIR/state
SlurmdSpoolDir=$SLURM_CI_DIR/spool
SlurmctldPidFile=$SLURM_CI_DIR/log/slurmctld.pid
SlurmdPidFile=$SLURM_CI_DIR/log/slurmd.pid
SlurmctldLogFile=$SLURM_CI_DIR/log/slurmctld.log
SlurmdLogFile=$SLURM_CI_DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# no cgroups at all: process tracking via /proc parent chains
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
# per-CPU scheduling: NCPU single-CPU jobs can run side by side
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
${SCHED_PARAMS:+SchedulerParameters=$SCHED_PARAMS}
ReturnToService=2
# fast cancel / fast cleanup for CI
KillWait=2
MinJobAge=10
NodeName=$NODE NodeAddr=127.0.0.1 NodeHostname=$NODE CPUs=$NCPU RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF

# ------------------------------------------------------------- daemons ---
# -D: foreground (so $! is the daemon's PID and nothing double-forks)
# -c: clear any old state; -f: our config
slurmctld -D -c -f "$CONF" </dev/null >"$SLURM_CI_DIR/log/slurmctld.stdout" 2>&1 &
echo $! > "$SLURM_CI_DIR/pids/slurmctld"
slurmd -D -f "$CONF" </dev/null >"$SLURM_CI_DIR/log/slurmd.stdout" 2>&1 &
echo $! > "$SLURM_CI_DIR/pids/slurmd"

# wait until the controller answers and the node registered as idle
for i in $(seq 1 150); do
  st=$(sinfo -h -n "$NODE" -o %T 2>/dev/null || true)
  [ "$st" = idle ] && break
  for d in slurmctld slurmd; do
    kill -0 "$(cat "$SLURM_CI_DIR/pids/$d")" 2>/dev/null || { tail -20 "$SLURM_CI_DIR/log/$d.log"; die "$d died"; }
  done
  sleep 0.1
done
[ "$st" = idle ] || { tail -20 "$SLURM_CI_DIR"/log/*.log; die "node state '$st' (not idle) after 15s"; }
T_IDLE=$(since "$T0")
log "cluster up: node $NODE idle ($T_IDLE s after script start)"

if [ "${SMOKE_TEST:-1}" = 1 ]; then
  trap 'stop_cluster' EXIT   # whatever happens below, leave no daemon behind
  cd "$SLURM_CI_DIR/out"

  wait_state() {  # jobid wanted_state timeout_s
    local end; end=$(echo "$(date +%s.%N) + $3" | bc)
    while [ "$(echo "$(date +%s.%N) < $end" | bc)" = 1 ]; do
      s=$(squeue -h -j "$1" -o %T 2>/dev/null | sort -u | tr '\n' ' ' | sed 's/ $//')
      case "$2" in
        GONE) [ -z "$s" ] && return 0 ;;
        *)    [ "$s" = "$2" ] && return 0 ;;
      esac
      sleep 0.05
    done
    echo "job $1: state '$s', wanted $2"; return 1
  }

  # 1. simple batch job; latency sbatch -> RUNNING (polled every 50 ms)
  TS=$(date +%s.%N)
  J1=$(sbatch --parsable -J hello -o hello-%j.out --wrap 'hostname; sleep 2')
  wait_state "$J1" RUNNING 30
  LAT1=$(since "$TS"); T_FIRST=$(since "$T0")
  log "job $J1 RUNNING: sbatch->running ${LAT1}s, script start->first job running ${T_FIRST}s"
  squeue
  wait_state "$J1" GONE 30
  log "job $J1 output: $(cat hello-"$J1".out)"

  # 2. job array of 4 one-CPU tasks (2 at a time on 2 CPUs)
  TS=$(date +%s.%N)
  JA=$(sbatch --parsable -J arr -a 1-4 -o arr-%A_%a.out --wrap 'echo task $SLURM_ARRAY_TASK_ID on $(hostname); sleep 1')
  squeue -r -j "$JA"
  wait_state "$JA" GONE 60
  log "array $JA done in $(since "$TS")s: $(cat arr-"$JA"_*.out | tr '\n' ';')"

  # 3. srun from the submitting shell (allocation + step in one go)
  TS=$(date +%s.%N)
  srun -n1 true
  log "srun -n1 true: ok in $(since "$TS")s"
  log "srun -n2 hostname: $(srun -n2 hostname | tr '\n' ' ')"

  # 4. scancel a running job and check its processes are really gone
  JC=$(sbatch --parsable -J victim -o victim-%j.out --wrap 'sleep 300')
  wait_state "$JC" RUNNING 30
  sleep 0.5   # let the batch script fork its sleep
  PIDS=$(scontrol listpids "$JC" | awk 'NR>1 && $1 ~ /^[0-9]+$/ {print $1}' | tr '\n' ' ')
  log "job $JC running, pids on node: $PIDS"
  ps -o pid,ppid,args -p "$(echo $PIDS | tr ' ' ,)" || true
  TS=$(date +%s.%N)
  scancel "$JC"
  wait_state "$JC" GONE 30
  for _ in $(seq 1 50); do
    alive=""; for p in $PIDS; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
    [ -z "$alive" ] && break; sleep 0.1
  done
  [ -z "$alive" ] || die "processes survived scancel:$alive"
  log "scancel $JC: job gone and all its processes gone after $(since "$TS")s"

  log "SMOKE TEST PASSED"
  if [ "${KEEP_RUNNING:-0}" = 1 ]; then
    trap - EXIT
    log "leaving cluster running; export SLURM_CONF=$CONF; stop with: $0 stop"
  else
    trap - EXIT
    TS=$(date +%s.%N); stop_cluster
    log "all daemons stopped in $(since "$TS")s"
  fi
fi
