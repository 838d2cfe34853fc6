#!/usr/bin/env bash
# Submits a sharded sweep to Slurm: a job array of SHARDS tasks (sweep-shard.sh), then a merge job that runs when all
# of them succeeded. Environment as in sweep-shard.sh, plus MERGED (the merged file, default full.h5).
#   SHARDS=8 SWEEP_ARGS="--model brusselator --grid a=0.2:3:2000 --grid b=0.5:10:2000 --t-end 300" scripts/slurm/submit.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
SHARDS="${SHARDS:-4}"
OUT_PREFIX="${OUT_PREFIX:-part}"
MERGED="${MERGED:-full.h5}"
CLUSTERGPU="${CLUSTERGPU:-clustergpu}"
export SHARDS OUT_PREFIX CLUSTERGPU SWEEP_ARGS
array=$(sbatch --parsable --export=ALL --array=0-$((SHARDS - 1)) "$here/sweep-shard.sh")
parts=$(for ((i = 0; i < SHARDS; i++)); do printf '%s ' "${OUT_PREFIX}-${i}.h5"; done)
sbatch --parsable --dependency=afterok:"$array" --job-name=clustergpu-merge --wrap="$CLUSTERGPU merge $parts --out $MERGED"
