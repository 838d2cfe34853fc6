#!/usr/bin/env bash
# Installs the Debian packages the tests use, when missing: independent readers of our HDF5 files (python3 with xarray,
# h5netcdf and h5py; h5dump) and a one-node Slurm cluster on localhost for the sharded-sweep test (slurm-wlm, munge;
# started by scripts/slurm/local-cluster.sh). As root it runs apt-get, otherwise sudo apt-get; where neither can, it
# names the packages to install and exits 1. `--list` prints the packages that are missing and installs nothing.
set -euo pipefail

packages="python3-xarray python3-h5netcdf python3-h5py hdf5-tools slurm-wlm munge"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
missing="${missing# }"
if [ "${1:-}" = --list ]; then
  echo "$missing"
  exit 0
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run=(sudo -n)
else
  echo "error: the tests need the Debian packages: $missing. Install them as root (apt-get install -y $missing) and run the tests again." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: apt-get not found; the tests need the Debian packages (or your system's equivalents): $missing." >&2
  exit 1
fi
echo "# installing the tests' Debian packages: $missing"
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
# shellcheck disable=SC2086 # a list of package names
if ! "${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
  echo "error: apt-get could not install $missing; install them (apt-get install -y $missing) and run the tests again." >&2
  exit 1
fi
