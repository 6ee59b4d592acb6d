#!/usr/bin/env bash
# Quick start, command 2: builds the solution and runs every test tier against real servers.
#   1. unit, integration (processes mode: the AppHost starts PostgreSQL 15, PgBouncer, Redis 7 and the S3 emulator as
#      local processes) and deploy tiers;
#   2. the containers tier, when a Docker engine answers: the same integration tests with the AppHost in containers
#      mode, plus the tests of the images, docker-compose and the parity of the modes. Images come from
#      MEALPLANNER_TEST_IMAGE_REGISTRY (unset: the official images; `localhost/mealplanner`: the local stand-ins that
#      scripts/docker/build-images.sh --stand-ins builds). MEALPLANNER_TEST_CONTAINERS=0 skips this tier.
# Usage: scripts/test.sh [--tier all|unit|processes|containers]   (default all; `unit` is the API's pure logic alone,
# MealPlanner.Api.Tests, in seconds and without servers; `processes` is tier 1 alone, `containers` tier 2 alone, and
# fails when no engine answers). Ends with one line: `N passed, N failed`. Exit code 0 only when
# nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

tier=all
case "${1:-}" in
  "") ;;
  --tier) tier=${2:-} ;;
  *) echo "error: unknown argument '$1' (usage: scripts/test.sh [--tier all|unit|processes|containers])" >&2; exit 2 ;;
esac
case $tier in
  all | unit | processes | containers) ;;
  *) echo "error: --tier takes all, unit, processes or containers, not '$tier'" >&2; exit 2 ;;
esac

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "$tier" = unit ]; then
  # Builds only the API and its unit tests: no packages, no servers.
  dotnet test MealPlanner.Api.Tests -c Debug -nologo 2>&1 | tee /dev/stderr |
    awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ { for (i = 1; i < NF; i++) { key = $i; sub(/^.*[^A-Za-z]/, "", key);
      val = $(i + 1); gsub(/[^0-9]/, "", val); if (key == "Failed") f += val; if (key == "Passed") p += val } }
      END { printf "%d passed, %d failed\n", p, f; exit (f > 0 || p == 0) }'
  exit "${PIPESTATUS[2]}"
fi

scripts/lib/ensure-packages.sh --for test || exit 1
# shellcheck source=scripts/lib/dev-cert.sh
. scripts/lib/dev-cert.sh
ensure_dev_cert

if ! dotnet build MealPlanner.sln -c Debug -nologo -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Runs one `dotnet test` and adds its counts. Each test assembly prints
# "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T" (or "Failed!  - ..."); a crashed host prints none.
run_tier() {
  local name=$1; shift
  echo "== tier: $name"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]} p f
  read -r p f < <(awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ {
      for (i = 1; i < NF; i++) { key = $i; sub(/^.*[^A-Za-z]/, "", key); val = $(i + 1); gsub(/[^0-9]/, "", val);
        if (key == "Failed") f += val; if (key == "Passed") p += val }
    } END { printf "%d %d\n", p, f }' "$log")
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
}

if [ "$tier" != containers ]; then
  run_tier "unit, integration (processes), deploy" \
    dotnet test MealPlanner.sln --no-build -c Debug -nologo --filter "Runtime!=containers"

  # Stopping the AppHost must leave no server behind: the integration tier's servers all name their data folder
  # (mealplanner-tests-*) on their command line. Give them a moment, then count survivors as a failure.
  sleep 2
  leftovers=$(pgrep -af 'mealplanner-tests-[0-9a-f]' || true)
  if [ -n "$leftovers" ]; then
    echo "error: server processes left behind after the tests stopped the AppHost:" >&2
    echo "$leftovers" >&2
    failed=$((failed + 1))
  fi
fi

engine=false
timeout 10 docker info >/dev/null 2>&1 && engine=true
if [ "$tier" = containers ] && ! $engine; then
  echo "error: --tier containers needs a Docker engine, and none answers (scripts/docker/ensure-engine.sh starts one)" >&2
  failed=$((failed + 1))
elif [ "$tier" = processes ]; then
  :
elif [ "${MEALPLANNER_TEST_CONTAINERS:-1}" != 0 ] && $engine; then
  MEALPLANNER_TEST_RUNTIME=containers run_tier "containers" \
    dotnet test MealPlanner.Tests --no-build -c Debug -nologo \
    --filter "Runtime!=processes&(FullyQualifiedName~MealPlanner.Tests.Platform|FullyQualifiedName~MealPlanner.Tests.Database|FullyQualifiedName~MealPlanner.Tests.Api|FullyQualifiedName~MealPlanner.Tests.Containers)"
  # The same promise for containers: each test run's containers mount its mealplanner-tests-* volumes.
  sleep 2
  leftovers=$(docker ps --format '{{.Names}} {{.Mounts}}' | grep 'mealplanner-tests-[0-9a-f]' || true)
  if [ -n "$leftovers" ]; then
    echo "error: containers left running after the tests stopped the AppHost:" >&2
    echo "$leftovers" >&2
    failed=$((failed + 1))
  fi
else
  echo "note: containers tier skipped (no Docker engine answers, or MEALPLANNER_TEST_CONTAINERS=0)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
