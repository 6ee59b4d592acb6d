#!/usr/bin/env bash
# Quick start, command 1: brings up the whole MealPlanner system with the Aspire dashboard.
# The AppHost prints the dashboard's login URL (with its token). Ctrl+C stops everything.
# Extra arguments go to the AppHost, e.g. `scripts/start.sh --LocalRuntime processes` or `--wipe-data true`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! scripts/lib/ensure-packages.sh --for run; then
  if docker info >/dev/null 2>&1 || podman info >/dev/null 2>&1; then
    echo "note: a container runtime answers, so the AppHost can use containers instead." >&2
  else
    exit 1
  fi
fi

# shellcheck source=scripts/lib/dev-cert.sh
. scripts/lib/dev-cert.sh
ensure_dev_cert

dotnet build MealPlanner.AppHost -nologo -v quiet -clp:ErrorsOnly
exec scripts/run-apphost.sh "$@"
