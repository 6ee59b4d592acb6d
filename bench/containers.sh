#!/usr/bin/env bash
# Containers benchmark, all in one run on one engine:
#   1. stand-in images (scripts/docker/build-images.sh --stand-ins): cold (every localhost/mealplanner image and its
#      layers removed first) and warm (again, with everything built)
#   2. app images (mealplanner-api, mealplanner-migrations): cold (their images and build cache removed), warm (no
#      change), and for a new commit (COMMIT_SHA changes: restore stays cached, publish runs again)
#   3. image sizes
#   4. AppHost start to all-healthy (the API's /health answers 200), containers mode vs processes mode, each warm
#      (a first start creates the data, the measured second start reuses it), median of RUNS
# Usage: bench/containers.sh [RUNS] [--start-only]   (default 3 runs). Needs root or a Docker user, a built solution
# (dotnet build), and deletes then rebuilds the stand-in and app images (--start-only measures part 4 alone). IMAGE_REGISTRY picks the images of containers mode (default
# localhost/mealplanner: the stand-ins, since public registries are unreachable on the project's machines).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
start_only=false
for arg in "$@"; do
  case $arg in
    --start-only) start_only=true ;;
    *[!0-9]* | "") echo "error: unknown argument $arg (usage: bench/containers.sh [RUNS] [--start-only])" >&2; exit 2 ;;
    *) runs=$arg ;;
  esac
done
registry=${IMAGE_REGISTRY-localhost/mealplanner}
scratch=$(mktemp -d /tmp/mealplanner-bench-XXXXXX)
chmod 711 "$scratch"
prefix="bench-$$"
trap 'stop_apphost; docker volume ls -q --filter "name=$prefix" | xargs -r docker volume rm -f >/dev/null; rm -rf "$scratch"' EXIT

scripts/docker/ensure-engine.sh
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
timed() { local t0; t0=$(now); "$@" >"$scratch/last.log" 2>&1 || { tail -5 "$scratch/last.log" >&2; return 1; }; elapsed "$t0" "$(now)"; }

if ! $start_only; then
echo "== 1. stand-ins"
docker images --format '{{.Repository}}:{{.Tag}}' | grep '^localhost/mealplanner/' | xargs -r docker rmi -f >/dev/null
docker image prune -f >/dev/null
echo "stand-ins cold: $(timed scripts/docker/build-images.sh --stand-ins) s (includes the app images on a cold cache)"
grep '^image=' "$scratch/last.log" | sed 's/^/  /'
echo "stand-ins warm: $(timed scripts/docker/build-images.sh --stand-ins) s (stand-ins and app images, nothing changed)"

echo "== 2. app images"
export IMAGE_REGISTRY=$registry
docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^mealplanner-(api|migrations):' | xargs -r docker rmi -f >/dev/null
docker image prune -f >/dev/null
echo "app images cold: $(timed scripts/docker/build-images.sh bench-cold) s"
echo "app images warm: $(timed scripts/docker/build-images.sh bench-cold) s"
echo "app images for a new commit: $(timed scripts/docker/build-images.sh bench-new-commit) s"
grep '^image=' "$scratch/last.log" | sed 's/^/  /'

echo "== 3. image sizes"
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^(localhost/mealplanner/|mealplanner-)' | grep -v ':bench-' | sort | sed 's/^/  /'

fi

echo "== 4. AppHost start to all-healthy (warm), containers vs processes"
dotnet build MealPlanner.AppHost -nologo -v quiet -clp:ErrorsOnly >/dev/null
apphost_pid=""
start_apphost() { # mode
  setsid scripts/run-apphost.sh --LocalRuntime "$1" --LocalData:Path "$scratch/data" --ContainerVolumes:Prefix "$prefix" \
    --ContainerImages:Registry "$registry" \
    --Parameters:postgres-password bench-postgres-pw-1 --Parameters:cache-password bench-cache-pw-2 --Parameters:admin-password bench-admin-pw-3 \
    >"$scratch/apphost-$1.log" 2>&1 &
  apphost_pid=$!
}
stop_apphost() {
  [ -n "${apphost_pid:-}" ] || return 0
  kill -TERM -- "-$apphost_pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$apphost_pid" 2>/dev/null || break; sleep 0.1; done
  apphost_pid=""
  # DCP removes the containers after the AppHost exits; wait for that, so runs do not overlap.
  for _ in $(seq 1 300); do [ -z "$(docker ps -q --filter "volume=$prefix-postgres-data")" ] && break; sleep 0.1; done
}
measure() { # mode -> seconds to /health 200
  local t0 deadline; t0=$(now); start_apphost "$1"; deadline=$(( $(date +%s) + 240 ))
  until curl -fsS -o /dev/null http://localhost:5080/health 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || { tail -30 "$scratch/apphost-$1.log" >&2; stop_apphost; return 1; }
    sleep 0.1
  done
  elapsed "$t0" "$(now)"; stop_apphost
}
for mode in processes containers; do measure "$mode" >/dev/null; done # first starts create the data
containers=(); processes=()
for i in $(seq 1 "$runs"); do
  containers+=("$(measure containers)"); processes+=("$(measure processes)")
  echo "run $i: containers ${containers[-1]} s, processes ${processes[-1]} s"
done
m_c=$(printf '%s\n' "${containers[@]}" | median); m_p=$(printf '%s\n' "${processes[@]}" | median)
awk -v c="$m_c" -v p="$m_p" -v n="$runs" 'BEGIN { printf "median of %d: containers %.1f s, processes %.1f s, ratio containers/processes %.2f\n", n, c, p, c / p }'
docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^mealplanner-(api|migrations):bench-' | xargs -r docker rmi >/dev/null || true
