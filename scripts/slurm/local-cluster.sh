#!/usr/bin/env bash
# Starts (idempotently) a one-node Slurm cluster on localhost for tests: munged plus slurmctld and slurmd as root, state
# under $SLURM_LOCAL_DIR (default /tmp/clustergpu-slurm). Needs Debian's slurm-wlm and munge
# (scripts/install-test-dependencies.sh installs them).
# Prints the slurm.conf path; use it as SLURM_CONF for sbatch, squeue and sinfo. `local-cluster.sh stop` stops it.
set -euo pipefail
dir="${SLURM_LOCAL_DIR:-/tmp/clustergpu-slurm}"
conf="$dir/slurm.conf"
if [ "${1:-start}" = stop ]; then
  pkill -f "slurmd -f $conf" || true
  pkill -f "slurmctld -f $conf" || true
  exit 0
fi
for tool in munged slurmctld slurmd sinfo; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found; install Debian's slurm-wlm and munge (scripts/install-test-dependencies.sh, or apt-get install slurm-wlm munge)" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "error: the local Slurm cluster runs munged, slurmctld and slurmd as root; run it (and the tests that use it) as root" >&2; exit 1; }
mkdir -p "$dir/ctld" "$dir/d" /run/munge
chown munge:munge /run/munge 2>/dev/null || true
[ -f /etc/munge/munge.key ] || { dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
pgrep -x munged >/dev/null || munged --force 2>/dev/null
cpus=$(nproc)
cat > "$conf" <<CONF
ClusterName=clustergpu-test
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/d
SlurmctldPidFile=$dir/ctld.pid
SlurmdPidFile=$dir/d.pid
SlurmctldLogFile=$dir/ctld.log
SlurmdLogFile=$dir/d.log
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=localhost NodeHostname=$(hostname) NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
pgrep -f "slurmctld -f $conf" >/dev/null || slurmctld -f "$conf"
pgrep -f "slurmd -f $conf" >/dev/null || slurmd -f "$conf" -N localhost
for _ in $(seq 1 50); do
  if SLURM_CONF="$conf" sinfo -h -o %t 2>/dev/null | grep -q idle; then echo "$conf"; exit 0; fi
  sleep 0.2
done
echo "error: the local Slurm cluster did not come up; see $dir/ctld.log and $dir/d.log" >&2
exit 1
