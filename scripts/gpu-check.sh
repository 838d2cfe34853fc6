#!/usr/bin/env bash
# One command that turns the GPU claims into measurements on a lent CUDA machine (README: "GPU check").
#
#   scripts/gpu-check.sh --bundle            here, with the .NET SDK: writes .gpucheck/clustergpu-linux-x64.tar.xz, the
#                                            published CLI plus this machine's .NET runtime (for a machine without .NET)
#   scripts/gpu-check.sh OUTDIR              on the GPU machine: device, bit-for-bit agreement cuda = cpu, benchmark
#                                            suite, 9-million-point sweep, phase diagrams; every stage under its own time
#                                            limit, all of it under GPU_CHECK_BUDGET seconds (default 460)
#   scripts/gpu-check.sh OUTDIR --dry-run    the same stages with ilgpu-cpu standing in for cuda, at tiny sizes
#
# OUTDIR receives exactly the eight files of OUTPUT_FILES (flat; large intermediates go to a temporary directory).
# The CLI is, in this order: $CLUSTERGPU (a command line), the Release build (dotnet + built dll; built if missing and
# dotnet is there), or the bundle unpacked into the temporary directory. Exit code 0 when every stage succeeded and
# cuda agreed with cpu bit for bit, 1 otherwise, 2 on bad usage.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUNDLE="$ROOT/.gpucheck/clustergpu-linux-x64.tar.xz"
OUTPUT_FILES=(summary.md run.log timings.csv verify.csv bench.csv bench.json bench.png phase-a.png)

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

make_bundle() {
  command -v dotnet >/dev/null || { echo "error: --bundle needs the .NET SDK (dotnet) on PATH" >&2; exit 2; }
  local stage="$ROOT/.gpucheck/stage" runtime
  runtime="$(dirname "$(command -v dotnet)")"
  runtime="$(cd "$runtime" && cd "$(dirname "$(readlink -f dotnet)")" && pwd)"
  rm -rf "$stage" && mkdir -p "$stage/dotnet/shared"
  dotnet publish "$ROOT/src/ClusterGpu.Cli" -c Release -r linux-x64 --self-contained false \
    -p:SatelliteResourceLanguages=en -p:DebugType=none -p:GenerateDocumentationFile=false -o "$stage/app" --nologo -v quiet || exit 1
  cp "$runtime/dotnet" "$stage/dotnet/" && cp -r "$runtime/host" "$stage/dotnet/" &&
    cp -r "$runtime/shared/Microsoft.NETCore.App" "$stage/dotnet/shared/" || exit 1
  (cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo unknown) >"$stage/app/clustergpu-commit.txt"
  tar -C "$stage" -cJf "$BUNDLE" dotnet app || exit 1
  rm -rf "$stage"
  echo "wrote $BUNDLE ($(du -m "$BUNDLE" | cut -f1) MiB; commit $(tar -xJOf "$BUNDLE" app/clustergpu-commit.txt))"
}

[ $# -ge 1 ] || usage
if [ "$1" = "--bundle" ]; then make_bundle; exit $?; fi
OUTDIR="$1"; shift
DRY=0
for a in "$@"; do
  case "$a" in --dry-run) DRY=1 ;; *) usage ;; esac
done
mkdir -p "$OUTDIR" || exit 2
OUTDIR="$(cd "$OUTDIR" && pwd)"
cd "$ROOT" || exit 2
for f in "${OUTPUT_FILES[@]}"; do rm -f "$OUTDIR/$f"; done
WORK="$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
LOG="$OUTDIR/run.log"
TIMINGS="$OUTDIR/timings.csv"
: >"$LOG"
echo "stage,backend,seconds,exit_code,status" >"$TIMINGS"
export CLUSTERGPU_CACHE="${CLUSTERGPU_CACHE:-$WORK/model-cache}" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { echo "$*" | tee -a "$LOG"; }

# --- the CLI -----------------------------------------------------------------------------------------------------
DLL="$ROOT/src/ClusterGpu.Cli/bin/Release/net10.0/clustergpu.dll"
if [ -n "${CLUSTERGPU:-}" ]; then
  read -r -a CLI <<<"$CLUSTERGPU"; CLI_FROM="\$CLUSTERGPU"
elif command -v dotnet >/dev/null; then
  if [ ! -f "$DLL" ]; then
    say "# building the CLI in Release (restore reads the local NuGet cache; no network needed once restored)"
    dotnet build "$ROOT/src/ClusterGpu.Cli" -c Release --nologo -v quiet >>"$LOG" 2>&1 || { say "error: the build failed (see $LOG)"; exit 1; }
  fi
  CLI=(dotnet "$DLL"); CLI_FROM="Release build $DLL"
elif [ -f "$BUNDLE" ]; then
  mkdir -p "$WORK/bundle"
  tar -C "$WORK/bundle" -xJf "$BUNDLE" 2>>"$LOG" ||
    python3 -c "import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" "$BUNDLE" "$WORK/bundle" ||
    { say "error: could not unpack $BUNDLE"; exit 1; }
  export DOTNET_ROOT="$WORK/bundle/dotnet" DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
  CLI=("$WORK/bundle/dotnet/dotnet" "$WORK/bundle/app/clustergpu.dll")
  CLI_FROM="bundle $BUNDLE (commit $(cat "$WORK/bundle/app/clustergpu-commit.txt"))"
else
  echo "error: no .NET (dotnet) and no $BUNDLE: run 'scripts/gpu-check.sh --bundle' on a machine with the SDK and carry .gpucheck" >&2
  exit 2
fi

# ILGPU opens the CUDA driver as libcuda.so; images often ship only libcuda.so.1.
if [ $DRY = 0 ] && ! ldconfig -p 2>/dev/null | grep -q 'libcuda\.so '; then
  for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/local/cuda/compat; do
    if [ -e "$d/libcuda.so.1" ]; then
      mkdir -p "$WORK/lib" && ln -sf "$d/libcuda.so.1" "$WORK/lib/libcuda.so"
      export LD_LIBRARY_PATH="$WORK/lib:$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
      break
    fi
  done
fi

# --- sizes: the real run on one H200, the dry run here ------------------------------------------------------------
if [ $DRY = 1 ]; then
  GPU=ilgpu-cpu; MODE="dry run (ilgpu-cpu stands in for cuda, tiny sizes)"
  BUDGET="${GPU_CHECK_BUDGET:-300}"
  VERIFY_SIZE=(--trajectories 16 --t-end 0.5)
  VERIFY_FILES=(models/*.toml)
  BENCH_MAX=1e3
  SWEEP_N=30
  PHASE_DEFAULT=(--model innovation-cluster --grid e0=0.1:5:12 --grid eta=0.5:12:12 --set kappa=3 --t-end 100)
  PLANE_A_N=16; PLANE_A_CPU_N=8; PLANE_A_T=100
  DESIGN_N=256; DESIGN_CPU_N=256; DESIGN_T=100
else
  GPU=cuda; MODE="real run"
  BUDGET="${GPU_CHECK_BUDGET:-460}"
  VERIFY_SIZE=(--trajectories 200 --t-end 5)
  VERIFY_FILES=(models/*.toml models/builtin/*.toml)
  BENCH_MAX="${GPU_CHECK_BENCH_MAX:-1e7}"
  SWEEP_N=3000
  PHASE_DEFAULT=()
  PLANE_A_N=2000; PLANE_A_CPU_N=200; PLANE_A_T=1000
  DESIGN_N=4194304; DESIGN_CPU_N=65536; DESIGN_T=400
fi
plane_a() { echo --model innovation-cluster --grid "e0=0.1:5:$1" --grid "eta=0.5:12:$1" --set kappa=3 --t-end "$PLANE_A_T"; }
# A Sobol design whose trajectories take 120 to 5400 attempts: where the persistent threads' refill pays (one launch).
design() { echo --model innovation-cluster --sample e0=0.1:5 --sample eta=0.5:12 --sample kappa=0.5:4 --sample lambda=0.2:3 \
  --samples "$1" --sampler sobol --t-end "$DESIGN_T" --batch-size "$1"; }

# --- stages ----------------------------------------------------------------------------------------------------------
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
START=$(now)
FAILED=0
declare -A STATUS SECS

# stage NAME BACKEND LIMIT COMMAND...: runs COMMAND under min(LIMIT, time left) seconds; output to $WORK/NAME.out and run.log.
stage() {
  local name="$1" backend="$2" limit="$3"; shift 3
  local left t0 rc status
  left=$(awk -v b="$BUDGET" -v e="$(since "$START")" 'BEGIN { printf "%d", b - e }'); t0=$(now)
  [ "$limit" -gt "$left" ] && limit=$left
  say ""
  say "## stage $name ($backend, limit ${limit} s): $*"
  if [ "$limit" -lt 5 ]; then
    STATUS[$name]="skipped (out of time)"; SECS[$name]=0; FAILED=1
    say "skipped: out of time"
    echo "$name,$backend,0,,skipped" >>"$TIMINGS"
    return
  fi
  timeout -k 10 "$limit" "$@" >"$WORK/$name.out" 2>&1
  rc=$?
  cat "$WORK/$name.out" >>"$LOG"
  case $rc in
    0) status=ok ;;
    124 | 137) status="timeout after ${limit} s"; FAILED=1 ;;
    *) status="failed (exit $rc)"; FAILED=1 ;;
  esac
  STATUS[$name]="$status"; SECS[$name]=$(since "$t0")
  say "## stage $name: $status in ${SECS[$name]} s"
  echo "$name,$backend,${SECS[$name]},$rc,$status" >>"$TIMINGS"
}

# grab NAME REGEX: the last line of stage NAME's output matching REGEX (empty when none).
grab() { grep -E "$2" "$WORK/$1.out" 2>/dev/null | tail -n 1; }

say "# gpu-check: $MODE; budget $BUDGET s; CLI: $CLI_FROM"
say "# host: $(uname -srm), $(nproc) cores; $(date -u +%Y-%m-%dT%H:%M:%SZ)"

if command -v nvidia-smi >/dev/null; then
  stage nvidia-smi none 20 nvidia-smi
  NVSMI="$(timeout 10 nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | head -n 1)"
else
  NVSMI="nvidia-smi not present"
  say "# $NVSMI"
fi
stage device "$GPU" 40 "${CLI[@]}" bench --backend "$GPU" --trajectories 4096 --steps 100

stage verify "cpu+$GPU" 150 "${CLI[@]}" verify --backends "cpu,$GPU" --models all \
  --model-file "${VERIFY_FILES[@]}" "${VERIFY_SIZE[@]}" --out-csv "$OUTDIR/verify.csv"
stage bench-suite "$GPU" 110 "${CLI[@]}" bench --suite --backend "$GPU" --models lorenz,innovation-cluster \
  --max-trajectories "$BENCH_MAX" --plot-model innovation-cluster \
  --out-csv "$OUTDIR/bench.csv" --out-json "$OUTDIR/bench.json" --png "$OUTDIR/bench.png"
stage sweep "$GPU" 80 "${CLI[@]}" sweep --model innovation-cluster --grid "e0=0.1:5:$SWEEP_N" --grid "eta=0.5:12:$SWEEP_N" \
  --t-end 1 --backend "$GPU" --quiet --out "$WORK/sweep.h5"
SWEEP_MB="$( [ -f "$WORK/sweep.h5" ] && du -m "$WORK/sweep.h5" | cut -f1 || echo -)"
rm -f "$WORK/sweep.h5"
stage phase-default "$GPU" 30 "${CLI[@]}" phase "${PHASE_DEFAULT[@]}" --backend "$GPU" --quiet --out "$WORK/default-gpu.h5" --png "$WORK/default-gpu.png"
stage phase-default-cpu cpu 30 "${CLI[@]}" phase "${PHASE_DEFAULT[@]}" --backend cpu --quiet --out "$WORK/default-cpu.h5" --png "$WORK/default-cpu.png"
# shellcheck disable=SC2046 # plane_a prints separate arguments
stage plane-a "$GPU" 100 "${CLI[@]}" phase $(plane_a "$PLANE_A_N") --backend "$GPU" --quiet --out "$WORK/plane-a.h5" --png "$OUTDIR/phase-a.png"
# shellcheck disable=SC2046
stage plane-a-cpu cpu 40 "${CLI[@]}" phase $(plane_a "$PLANE_A_CPU_N") --backend cpu --quiet --out "$WORK/plane-a-cpu.h5" --png "$WORK/plane-a-cpu.png"
# shellcheck disable=SC2046 # design prints separate arguments
stage design "$GPU" 60 "${CLI[@]}" sweep $(design "$DESIGN_N") --backend "$GPU" --quiet --out "$WORK/design.h5"
# The same launch with one thread per trajectory (the kernel before persistent threads): the refill's gain on the device.
# shellcheck disable=SC2046
stage design-per-thread "$GPU" 60 env CLUSTERGPU_GPU_THREADS=per-trajectory "${CLI[@]}" sweep $(design "$DESIGN_N") --backend "$GPU" --quiet --out "$WORK/design-per-thread.h5"
# shellcheck disable=SC2046
stage design-cpu cpu 40 "${CLI[@]}" sweep $(design "$DESIGN_CPU_N") --backend cpu --quiet --out "$WORK/design-cpu.h5"
rm -f "$WORK"/*.h5

# --- summary ---------------------------------------------------------------------------------------------------------
MISMATCHES="$(grab verify '^verify_mismatches=' | cut -d= -f2)"
[ "${MISMATCHES:-x}" = 0 ] || FAILED=1
rate() { grab "$1" '^# [0-9]+ trajectories: integration ' | sed -E 's/^# //'; }
# integration seconds of a sweep or phase stage (empty when it printed none)
integration() { rate "$1" | sed -nE 's/.*integration ([0-9.]+) s.*/\1/p'; }
REFILL_GAIN="$(awk -v a="$(integration design-per-thread)" -v b="$(integration design)" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "?" }')"
{
  echo "# GPU check: $MODE"
  echo
  echo "- when: $(date -u +%Y-%m-%dT%H:%M:%SZ); host $(uname -srm), $(nproc) cores; total $(since "$START") s of a $BUDGET s budget"
  echo "- CLI: $CLI_FROM"
  echo "- nvidia-smi: $NVSMI"
  echo "- ILGPU: $(grab device '^# backend ' | sed 's/^# //')"
  echo "- result: $([ $FAILED = 0 ] && echo "PASS" || echo "FAIL") (every stage ok and verify_mismatches=0)"
  echo
  echo "| stage | what | status | wall s | result |"
  echo "|---|---|---|---|---|"
  echo "| verify | every model and model file x rk4/dopri5/rosenbrock23/euler-maruyama x fp64/fp32, $GPU against cpu, bit for bit | ${STATUS[verify]} | ${SECS[verify]} | verify_mismatches=${MISMATCHES:-?} ($(grab verify '^(no mismatches|[0-9]+ comparisons)' | sed -E 's/ +$//')) |"
  echo "| bench-suite | lorenz and innovation-cluster, rk4/dopri5, fp64/fp32, N up to $BENCH_MAX on $GPU (+ scalar baseline) | ${STATUS[bench-suite]} | ${SECS[bench-suite]} | $(grab bench-suite '^trajectory_steps_per_second=') ($(grab bench-suite '^# reference configuration' | sed 's/^# reference configuration: //')) |"
  echo "| sweep | innovation-cluster, $SWEEP_N x $SWEEP_N points, t-end 1, into an HDF5 file ($SWEEP_MB MiB) on $GPU | ${STATUS[sweep]} | ${SECS[sweep]} | end to end $(awk -v n="$SWEEP_N" -v s="${SECS[sweep]}" 'BEGIN { if (s > 0) printf "%.3g", n * n / s; else print "-" }') points/s; $(rate sweep) |"
  echo "| phase-default | the default phase ($([ $DRY = 1 ] && echo "12 x 12, t-end 100" || echo "96 x 96, t-end 1000")) on $GPU | ${STATUS[phase-default]} | ${SECS[phase-default]} | $(rate phase-default) |"
  echo "| phase-default-cpu | the same on cpu | ${STATUS[phase-default-cpu]} | ${SECS[phase-default-cpu]} | $(rate phase-default-cpu) |"
  echo "| plane-a | plane A, $PLANE_A_N x $PLANE_A_N, t-end $PLANE_A_T, on $GPU (picture: phase-a.png) | ${STATUS[plane-a]} | ${SECS[plane-a]} | $(rate plane-a) |"
  echo "| plane-a-cpu | plane A, same ranges at $PLANE_A_CPU_N x $PLANE_A_CPU_N, on cpu (compare trajectories/s) | ${STATUS[plane-a-cpu]} | ${SECS[plane-a-cpu]} | $(rate plane-a-cpu) |"
  echo "| design | Sobol design of $DESIGN_N points (innovation-cluster: e0, eta, kappa, lambda; t-end $DESIGN_T; one launch) on $GPU: persistent threads | ${STATUS[design]} | ${SECS[design]} | $(rate design) |"
  echo "| design-per-thread | the same launch on $GPU with one thread per trajectory (CLUSTERGPU_GPU_THREADS=per-trajectory, the kernel before persistent threads) | ${STATUS[design-per-thread]} | ${SECS[design-per-thread]} | $(rate design-per-thread); persistent threads' gain: ${REFILL_GAIN}x |"
  echo "| design-cpu | the same design at $DESIGN_CPU_N points on cpu (compare trajectories/s) | ${STATUS[design-cpu]} | ${SECS[design-cpu]} | $(rate design-cpu) |"
  echo
  echo "Files: summary.md (this), run.log (every stage's output), timings.csv (stage, backend, seconds, exit code, status),"
  echo "verify.csv (one row per comparison), bench.csv / bench.json / bench.png (benchmark suite: rows, report, scaling plot),"
  echo "phase-a.png (plane A on $GPU)."
} >"$OUTDIR/summary.md"
cat "$OUTDIR/summary.md" >>"$LOG"
cat "$OUTDIR/summary.md"
for f in "${OUTPUT_FILES[@]}"; do [ -f "$OUTDIR/$f" ] || { echo "missing: $OUTDIR/$f"; FAILED=1; }; done
echo "gpu_check=$([ $FAILED = 0 ] && echo pass || echo fail)"
exit $FAILED
