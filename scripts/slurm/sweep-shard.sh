#!/usr/bin/env bash
# One shard of a sharded sweep, as a Slurm job-array task: task i of n runs `clustergpu sweep ... --shard i/n`.
#   sbatch --array=0-$((SHARDS-1)) scripts/slurm/sweep-shard.sh
# Settings come from the environment (defaults: the plane-A phase diagram at 1000 x 1000):
#   SHARDS        number of shards n (must match --array)
#   SWEEP_ARGS    the sweep's options, without --shard and --out
#   OUT_PREFIX    shard files are ${OUT_PREFIX}-${i}.h5
#   CLUSTERGPU    how to call clustergpu (e.g. "dotnet /opt/clustergpu/clustergpu.dll")
#SBATCH --job-name=clustergpu-shard
#SBATCH --cpus-per-task=2
#SBATCH --output=clustergpu-shard-%a.log
set -euo pipefail
: "${SLURM_ARRAY_TASK_ID:?run as a Slurm array task (sbatch --array=0-N), or set SLURM_ARRAY_TASK_ID}"
SHARDS="${SHARDS:-4}"
OUT_PREFIX="${OUT_PREFIX:-part}"
CLUSTERGPU="${CLUSTERGPU:-clustergpu}"
SWEEP_ARGS="${SWEEP_ARGS:---model innovation-cluster --grid e0=0.1:5:1000 --grid eta=0.5:12:1000 --set kappa=3 --t-end 400}"
out="${OUT_PREFIX}-${SLURM_ARRAY_TASK_ID}.h5"
# --resume continues a task that was preempted or killed (its batches are in ${out}.parts).
resume=""
[ -d "${out}.parts" ] && resume="--resume"
# shellcheck disable=SC2086 # SWEEP_ARGS and CLUSTERGPU are word lists on purpose
$CLUSTERGPU sweep $SWEEP_ARGS --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" --out "$out" --quiet $resume
