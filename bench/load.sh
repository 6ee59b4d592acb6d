#!/usr/bin/env bash
# Load test: DURATION of mixed reads (bench/load.lua: items, pages, tag filters, title search, /version) at
# CONNECTIONS connections through the running system (AppHost, processes mode, one API replica, Release build),
# after the same mixed load for a 10 s warm-up. Then, as this run's baseline, the in-memory floor (GET /version) for
# 15 s at the same connections.
# Prints req/s, p50, p99 and the error count of each, the mixed/floor ratio, and the API process's peak resident
# memory (VmHWM) against what the app container gets in AWS (896 MiB: the 1 GB task minus the metrics collector's
# 128). Exits 1 when any request failed (non-2xx, socket error or timeout) or when the peak exceeds PEAK_LIMIT_MIB
# (default 768, leaving room for the runtime's own growth).
# Usage: bench/load.sh [DURATION] [CONNECTIONS]   (default 60s 64)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-60s}
connections=${2:-64}
configuration=${CONFIGURATION:-Release}
peak_limit_mib=${PEAK_LIMIT_MIB:-768}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

scratch=$(mktemp -d /tmp/mealplanner-bench-load-XXXXXX)
chmod 711 "$scratch"
# shellcheck source=bench/lib/system.sh
. bench/lib/system.sh
trap 'stop_system; rm -rf "$scratch"' EXIT
start_system

# The API's own process (not the AppHost, DCP or the servers): its executable or its dll names it.
api_pid=""
for pid in $(pgrep -f 'MealPlanner\.Api' || true); do
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
  if [[ $exe == */MealPlanner.Api ]] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'MealPlanner\.Api\.dll'; then
    api_pid=$pid
    break
  fi
done
[ -n "$api_pid" ] || { echo "the API process was not found" >&2; exit 1; }

wrk -t2 -c"$connections" -d10s -s bench/load.lua "$api" >/dev/null # warm-up: JIT, pools, the cache
wrk -t2 -c"$connections" -d"$duration" --timeout 5s --latency -s bench/load.lua "$api" >"$scratch/mixed.txt"
peak_kib=$(awk '/^VmHWM:/ { print $2 }' "/proc/$api_pid/status")
wrk -t2 -c"$connections" -d15s --timeout 5s --latency "$api/version" >"$scratch/floor.txt"

results=$(wrk_summary mixed "$scratch/mixed.txt"; wrk_summary floor "$scratch/floor.txt")
echo "mixed reads for $duration and GET /version for 15s, $connections connections (wrk, 2 threads, $configuration build)"
printf '%-7s %10s %9s %9s %7s\n' case req/s p50_ms p99_ms errors
awk '{ printf "%-7s %10s %9s %9s %7s\n", $1, $2, $3, $4, $5 }' <<<"$results"
awk -v peak_kib="$peak_kib" -v limit="$peak_limit_mib" '
  { rps[$1] = $2; errors += $5 }
  END {
    printf "ratio: mixed/floor %.2f\n", rps["mixed"] / rps["floor"]
    printf "API peak memory: %.0f MiB (VmHWM) of the 896 MiB the app container gets; limit %d MiB\n", peak_kib / 1024, limit
    ok = errors == 0 && peak_kib / 1024 <= limit
    printf "result: %s (errors %d)\n", ok ? "passed" : "FAILED", errors
    exit ok ? 0 : 1
  }' <<<"$results"
