#!/usr/bin/env bash
# API throughput benchmark with wrk: GET /api/recipes/{id} and GET /api/recipes?limit=20 served from the cache (the
# replica's memory), the same item read forced to PostgreSQL (Development's "Cache-Control: no-cache" bypass), and
# GET /version, a trivial in-memory endpoint of the same API through the same middleware (the floor). After a
# warm-up, the cases take turns: ROUNDS rounds (default 3) of DURATION each at CONNECTIONS connections, so a change
# in the machine's load between minutes hits every case alike instead of one (the machine is shared; sequential
# 30 s runs swung the ratios by 0.3). Prints per case the mean req/s, the median p50 and p99 of the rounds and the
# errors, then each case's ratio to the floor, and checks the targets: cached item and cached list each >= 0.7 x
# the floor's req/s with p99 <= 2 x the floor's p99, and zero errors. Exits 1 when a target is missed.
# The API runs under the real AppHost in processes mode (one replica) with its own data folder; wrk runs on the
# same 2-core machine, so absolute figures are a floor-relative measure, not production capacity.
# Usage: bench/api.sh [DURATION] [CONNECTIONS]   (default 10s 32; ROUNDS=3)
# Builds and runs the Release configuration (CONFIGURATION=Debug to measure a Debug build).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}
connections=${2:-32}
rounds=${ROUNDS:-3}
configuration=${CONFIGURATION:-Release}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
if curl -s -o /dev/null --max-time 1 http://localhost:5080/alive; then
  echo "something already answers on port 5080 (another AppHost or benchmark?): stop it first" >&2; exit 1
fi

scratch=$(mktemp -d /tmp/mealplanner-bench-api-XXXXXX)
chmod 711 "$scratch"
recipe=5a3f1c52-0b6e-4f1a-9c3e-000000000001
# shellcheck source=bench/lib/system.sh
. bench/lib/system.sh
trap 'stop_system; rm -rf "$scratch"' EXIT
start_system

# Sanity: each case answers 200 and the cache header says what the case claims.
check() { # name, expected X-Cache (or -), curl args...
  local name=$1 expected=$2; shift 2
  local headers; headers=$(curl -fsS -D - -o /dev/null "$@")
  if [ "$expected" != "-" ] && ! grep -qi "^x-cache: $expected" <<<"$headers"; then
    echo "$name: expected X-Cache: $expected, got:" >&2; echo "$headers" >&2; exit 1
  fi
}
curl -fsS -o /dev/null "$api/api/recipes/$recipe"            # fills the cache
curl -fsS -o /dev/null "$api/api/recipes?limit=20"
check cached hit "$api/api/recipes/$recipe"
check list hit "$api/api/recipes?limit=20"
check uncached bypass -H "Cache-Control: no-cache" "$api/api/recipes/$recipe"
check floor - "$api/version"

# run NAME URL [wrk header args...] -> "NAME rps p50_ms p99_ms errors"
run() {
  local name=$1 url=$2; shift 2
  wrk -t2 -c"$connections" -d"$duration" --latency "$@" "$url" >"$scratch/$name.txt"
  wrk_summary "$name" "$scratch/$name.txt"
}
warm() { wrk -t2 -c"$connections" -d5s "$@" >/dev/null; } # JIT, pools, connections

warm "$api/api/recipes/$recipe"
warm "$api/api/recipes?limit=20"
warm -H "Cache-Control: no-cache" "$api/api/recipes/$recipe"
warm "$api/version"
results=$(
  for _ in $(seq 1 "$rounds"); do
    run cached "$api/api/recipes/$recipe"
    run list "$api/api/recipes?limit=20"
    run uncached "$api/api/recipes/$recipe" -H "Cache-Control: no-cache"
    run floor "$api/version"
  done
)

# Per case: mean req/s, median p50 and p99 over the rounds, errors summed.
summary=$(awk '
  function median(list,    v, n, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  { if (!($1 in n)) order[++cases] = $1; n[$1]++; rps[$1] += $2; p50[$1] = p50[$1] " " $3; p99[$1] = p99[$1] " " $4; errors[$1] += $5 }
  END { for (i = 1; i <= cases; i++) { c = order[i]; printf "%s %.0f %.2f %.2f %d\n", c, rps[c] / n[c], median(p50[c]), median(p99[c]), errors[c] } }
' <<<"$results")

echo "GET /api/recipes/{id}, GET /api/recipes?limit=20 and the floor: $rounds rounds of $duration each at $connections connections (wrk, 2 threads, $configuration build)"
printf '%-9s %10s %9s %9s %7s\n' case req/s p50_ms p99_ms errors
awk '{ printf "%-9s %10s %9s %9s %7s\n", $1, $2, $3, $4, $5 }' <<<"$summary"
awk '
  { rps[$1] = $2; p99[$1] = $4; errors += $5 }
  END {
    item = rps["cached"] / rps["floor"]; list = rps["list"] / rps["floor"]
    item_p99 = p99["cached"] / p99["floor"]; list_p99 = p99["list"] / p99["floor"]
    printf "ratios: cached item/floor %.2f (p99 %.2fx), cached list/floor %.2f (p99 %.2fx), uncached/floor %.2f\n",
      item, item_p99, list, list_p99, rps["uncached"] / rps["floor"]
    ok = item >= 0.7 && list >= 0.7 && item_p99 <= 2 && list_p99 <= 2 && errors == 0
    printf "targets (cached item and list >= 0.7 x floor req/s, p99 <= 2 x floor p99, zero errors): %s\n", ok ? "met" : "NOT met"
    exit ok ? 0 : 1
  }' <<<"$summary"
