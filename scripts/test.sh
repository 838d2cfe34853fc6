#!/usr/bin/env bash
# The tests, on any Debian machine with the .NET 10 SDK: installs what they need (install-test-dependencies.sh), then
# runs `dotnet test`. Extra arguments go to dotnet test, e.g. scripts/test.sh --filter "FullyQualifiedName~Durable".
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is required on PATH; see https://dotnet.microsoft.com/download" >&2
  exit 1
fi
bash scripts/install-test-dependencies.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet test ClusterGpu.sln -c Release "$@"
