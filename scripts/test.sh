#!/usr/bin/env bash
# Quick start, command 2: builds the solution and runs every test tier against real servers
# (the AppHost starts PostgreSQL 15, PgBouncer and Redis 7 as local processes).
# Ends with one line: `N passed, N failed`. Exit code 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

scripts/lib/ensure-packages.sh --for test || exit 1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! dotnet build MealPlanner.sln -c Debug -nologo -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

log=$(mktemp)
dotnet test MealPlanner.sln --no-build -c Debug -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test assembly prints "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T" (or "Failed!  - ...").
read -r passed failed < <(awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ {
    for (i = 1; i < NF; i++) { key = $i; gsub(/[^A-Za-z]/, "", key); val = $(i + 1); gsub(/[^0-9]/, "", val);
      if (key == "Failed") f += val; if (key == "Passed") p += val }
  } END { printf "%d %d\n", p, f }' "$log")
rm -f "$log"

# Stopping the AppHost must leave no server behind: the integration tier's servers all name their data folder
# (mealplanner-tests-*) on their command line. Give them a moment, then count survivors as a failure.
sleep 2
leftovers=$(pgrep -af 'mealplanner-tests-[0-9a-f]' || true)
if [ -n "$leftovers" ]; then
  echo "error: server processes left behind after the tests stopped the AppHost:" >&2
  echo "$leftovers" >&2
  failed=$((failed + 1))
fi

# A crashed test host prints no summary line: count that as a failure, never as a pass.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
