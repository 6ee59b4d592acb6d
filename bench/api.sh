#!/usr/bin/env bash
# API throughput benchmark with wrk: GET /api/recipes/{id} served from the Redis cache, the same read forced to
# PostgreSQL (Development's "Cache-Control: no-cache" bypass), and GET /version, a trivial in-memory endpoint of the
# same API through the same middleware (the floor). Each runs DURATION at CONNECTIONS connections after a warm-up.
# Prints req/s, p50, p99 and errors per case, then cached/floor and uncached/floor, and checks the targets:
# cached >= 0.5 x floor, cached p99 < 10 ms, zero errors.
# The API runs under the real AppHost in processes mode (one replica) with its own data folder; wrk runs on the
# same 2-core machine, so absolute figures are a floor-relative measure, not production capacity.
# Usage: bench/api.sh [DURATION] [CONNECTIONS]   (default 30s 32)
# Builds and runs the Release configuration (CONFIGURATION=Debug to measure a Debug build).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-30s}
connections=${2:-32}
configuration=${CONFIGURATION:-Release}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

scratch=$(mktemp -d /tmp/mealplanner-bench-api-XXXXXX)
chmod 711 "$scratch"
api=http://localhost:5080 # MealPlanner.Api's launch profile; the AppHost's proxy listens there
recipe=5a3f1c52-0b6e-4f1a-9c3e-000000000001

apphost_pid=""
cleanup() {
  if [ -n "$apphost_pid" ]; then
    kill -TERM -- "-$apphost_pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$apphost_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

dotnet build MealPlanner.AppHost -c "$configuration" -v q -nologo >"$scratch/build.log" 2>&1 ||
  { echo "build failed:" >&2; tail -20 "$scratch/build.log" >&2; exit 1; }

# The API inherits the AppHost's environment: lift the per-client rate limit, since every wrk connection is one client.
RateLimiting__PermitLimit=100000000 setsid dotnet run --project MealPlanner.AppHost -c "$configuration" --no-build --launch-profile http -- \
  --LocalRuntime processes --LocalData:Path "$scratch/data" --Api:Replicas 1 \
  --Parameters:postgres-password bench-postgres-pw-1 --Parameters:cache-password bench-cache-pw-2 \
  --Parameters:admin-password bench-admin-pw-3 >"$scratch/apphost.log" 2>&1 &
apphost_pid=$!

deadline=$(( $(date +%s) + 180 ))
until curl -fsS -o /dev/null "$api/health" 2>/dev/null; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "the API did not become healthy; log:" >&2; tail -40 "$scratch/apphost.log" >&2; exit 1; }
  kill -0 "$apphost_pid" 2>/dev/null || { echo "the AppHost exited; log:" >&2; tail -40 "$scratch/apphost.log" >&2; exit 1; }
  sleep 0.5
done

# Sanity: each case answers 200 and the cache header says what the case claims.
check() { # name, expected X-Cache (or -), curl args...
  local name=$1 expected=$2; shift 2
  local headers; headers=$(curl -fsS -D - -o /dev/null "$@")
  if [ "$expected" != "-" ] && ! grep -qi "^x-cache: $expected" <<<"$headers"; then
    echo "$name: expected X-Cache: $expected, got:" >&2; echo "$headers" >&2; exit 1
  fi
}
curl -fsS -o /dev/null "$api/api/recipes/$recipe"            # fills the cache
check cached hit "$api/api/recipes/$recipe"
check uncached bypass -H "Cache-Control: no-cache" "$api/api/recipes/$recipe"
check floor - "$api/version"

# run NAME URL [wrk header args...] -> "rps p50_ms p99_ms errors"
run() {
  local name=$1 url=$2; shift 2
  wrk -t2 -c"$connections" -d5s "$@" "$url" >/dev/null # warm-up: JIT, pools, connections
  wrk -t2 -c"$connections" -d"$duration" --latency "$@" "$url" >"$scratch/$name.txt"
  awk -v name="$name" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%s %.0f %.2f %.2f %d\n", name, rps, p50, p99, errors }' "$scratch/$name.txt"
}

results=$(
  run cached "$api/api/recipes/$recipe"
  run uncached "$api/api/recipes/$recipe" -H "Cache-Control: no-cache"
  run floor "$api/version"
)

echo "GET /api/recipes/{id} and the floor, $duration at $connections connections (wrk, 2 threads, $configuration build)"
printf '%-9s %10s %9s %9s %7s\n' case req/s p50_ms p99_ms errors
awk '{ printf "%-9s %10s %9s %9s %7s\n", $1, $2, $3, $4, $5 }' <<<"$results"
awk '
  { rps[$1] = $2; p99[$1] = $4; errors += $5 }
  END {
    cached = rps["cached"] / rps["floor"]; uncached = rps["uncached"] / rps["floor"]
    printf "ratios: cached/floor %.2f, uncached/floor %.2f, cached/uncached %.2f\n", cached, uncached, rps["cached"] / rps["uncached"]
    ok = cached >= 0.5 && p99["cached"] < 10 && errors == 0
    printf "targets (cached >= 0.5 x floor, cached p99 < 10 ms, zero errors): %s\n", ok ? "met" : "NOT met"
  }' <<<"$results"
