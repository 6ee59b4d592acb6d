# shellcheck shell=bash
# shellcheck disable=SC2154 # $scratch and $configuration are the sourcing script's
# Sourced by the API benchmarks: starts the whole system under the real AppHost in processes mode (one API replica,
# its own data folder, fixed local passwords), waits for /health, and stops it again on exit.
# Needs: $scratch (a folder this run deletes), $configuration (Release/Debug). Sets $api and $apphost_pid.
api=http://localhost:5080 # MealPlanner.Api's launch profile; the AppHost's proxy listens there
apphost_pid=""

stop_system() {
  if [ -n "$apphost_pid" ]; then
    kill -TERM -- "-$apphost_pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$apphost_pid" 2>/dev/null || break; sleep 0.1; done
    apphost_pid=""
  fi
}

start_system() {
  dotnet build MealPlanner.AppHost -c "$configuration" -v q -nologo >"$scratch/build.log" 2>&1 ||
    { echo "build failed:" >&2; tail -20 "$scratch/build.log" >&2; exit 1; }

  # The API inherits the AppHost's environment: lift the per-client rate limit, since every wrk connection is one client.
  RateLimiting__PermitLimit=100000000 setsid dotnet run --project MealPlanner.AppHost -c "$configuration" --no-build --launch-profile http -- \
    --LocalRuntime processes --LocalData:Path "$scratch/data" --Api:Replicas 1 \
    --Parameters:postgres-password bench-postgres-pw-1 --Parameters:cache-password bench-cache-pw-2 \
    --Parameters:admin-password bench-admin-pw-3 >"$scratch/apphost.log" 2>&1 &
  apphost_pid=$!

  local deadline=$(( $(date +%s) + 180 ))
  until curl -fsS -o /dev/null "$api/health" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "the API did not become healthy; log:" >&2; tail -40 "$scratch/apphost.log" >&2; exit 1; }
    kill -0 "$apphost_pid" 2>/dev/null || { echo "the AppHost exited; log:" >&2; tail -40 "$scratch/apphost.log" >&2; exit 1; }
    sleep 0.5
  done
}

# wrk_summary NAME FILE -> "NAME rps p50_ms p99_ms errors" from wrk --latency output.
wrk_summary() {
  awk -v name="$1" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%s %.0f %.2f %.2f %d\n", name, rps, p50, p99, errors }' "$2"
}
