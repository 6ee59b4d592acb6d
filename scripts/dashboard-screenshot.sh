#!/usr/bin/env bash
# Screenshots of the Aspire dashboard with the system running, for docs/OBSERVABILITY.md: starts the AppHost in
# processes mode on a scratch data folder, sends recipe and session traffic so the metrics have data, has headless
# Chromium (the system's /usr/bin/chromium, driven by playwright-core from scripts/screenshot/) save
#   docs/images/dashboard-resources.png        the resources page
#   docs/images/dashboard-metrics.png          api: http.server.request.duration
#   docs/images/dashboard-cache-lookups.png    api: mealplanner.cache.lookups
# and stops everything again. Needs: the Debian packages of scripts/start.sh, chromium (apt-get install chromium),
# Node.js. Uses the launch profile's fixed ports (dashboard 15080, API 5080): nothing else may run the AppHost.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "error: $chromium not found: install it (apt-get install -y chromium) or set CHROMIUM" >&2; exit 1; }
command -v node >/dev/null || { echo "error: node not found: install Node.js (apt-get install -y nodejs)" >&2; exit 1; }
[ -d scripts/screenshot/node_modules/playwright-core ] || npm ci --prefix scripts/screenshot --no-audit --no-fund >/dev/null
[ -d MealPlanner.AppHost/LocalProcesses/s3rver/node_modules ] ||
  npm ci --prefix MealPlanner.AppHost/LocalProcesses/s3rver --no-audit --no-fund >/dev/null
dotnet build MealPlanner.AppHost -nologo -v quiet -clp:ErrorsOnly

scratch=$(mktemp -d /tmp/mealplanner-screenshot-XXXXXX)
chmod 711 "$scratch"
apphost_pid=""
stop_all() {
  if [ -n "$apphost_pid" ]; then
    # SIGTERM to the AppHost's process group: DCP stops the servers it started as the AppHost exits.
    kill -TERM -- "-$apphost_pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$apphost_pid" 2>/dev/null || break; sleep 0.1; done
    apphost_pid=""
  fi
  for _ in $(seq 1 100); do pgrep -f "$scratch" >/dev/null || break; sleep 0.1; done
  if pgrep -f "$scratch" >/dev/null; then
    echo "error: processes of this run are still alive:" >&2
    pgrep -af "$scratch" >&2
    return 1
  fi
  rm -rf "$scratch"
}
trap stop_all EXIT

secret() { head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9'; }
setsid scripts/run-apphost.sh --LocalRuntime processes --LocalData:Path "$scratch/data" \
  --Parameters:postgres-password "$(secret)" --Parameters:cache-password "$(secret)" --Parameters:admin-password "$(secret)" \
  >"$scratch/apphost.log" 2>&1 &
apphost_pid=$!

wait_for() { # description, seconds, command...
  local what=$1 deadline=$(($(date +%s) + $2))
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ] || ! kill -0 "$apphost_pid" 2>/dev/null; then
      echo "error: $what did not happen; the AppHost's log:" >&2
      tail -n 40 "$scratch/apphost.log" >&2
      exit 1
    fi
    sleep 0.5
  done
}
wait_for "the dashboard login URL" 120 grep -q 'login?t=' "$scratch/apphost.log"
login_url=$(grep -o 'http://[^ ]*/login?t=[0-9a-zA-Z]*' "$scratch/apphost.log" | head -n 1)
api=http://localhost:5080
wait_for "the API answering /health" 300 curl -fsS "$api/health"

echo "sending recipe and session traffic for 30 s"
ids=$(curl -fsS "$api/api/recipes?limit=10" | jq -r '.items[].id')
jar=$scratch/cookies
end=$(($(date +%s) + 30))
while [ "$(date +%s)" -lt "$end" ]; do
  for id in $ids; do curl -fsS -o /dev/null "$api/api/recipes/$id"; done
  curl -fsS -o /dev/null "$api/api/recipes?limit=5"
  curl -fsS -o /dev/null "$api/api/recipes?tag=vegetarian"
  curl -fsS -o /dev/null -H 'Cache-Control: no-cache' "$api/api/recipes?limit=3"
  curl -fsS -o /dev/null -c "$jar" -b "$jar" -X PUT -H 'Content-Type: application/json' \
    -d '{"units":"metric","servings":2,"dietaryTags":["vegetarian"]}' "$api/api/session/preferences"
  curl -fsS -o /dev/null -c "$jar" -b "$jar" "$api/api/session/preferences"
  curl -s -o /dev/null "$api/api/recipes/00000000-0000-0000-0000-000000000000"
  sleep 1
done
# The dashboard shows what the OTLP exporter has pushed: one more export interval.
sleep 6

mkdir -p docs/images
node scripts/screenshot/dashboard.mjs "$login_url" "$PWD/docs/images" "$scratch/chromium-profile"
echo "saved docs/images/dashboard-resources.png, dashboard-metrics.png, dashboard-cache-lookups.png"
