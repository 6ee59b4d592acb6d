#!/usr/bin/env bash
# Start-up benchmark: seconds from the command to "all resources healthy" (the API's /health answers 200, which
# it only does once PostgreSQL, PgBouncer and Redis answer and the migration worker has finished).
#   cold  - the built AppHost (scripts/run-apphost.sh, as scripts/start.sh runs it) in processes mode with a fresh
#           data folder (initdb, empty Redis)
#   warm  - the same AppHost again on the data the cold run left
#   floor - the same servers and the same two .NET programs started bare by this script, no Aspire
# Prints the median of RUNS runs of each and the ratios warm/floor and cold/floor. Also checks that stopping the
# AppHost leaves no server process behind.
# Usage: bench/startup.sh [RUNS]   (default 5: one run of a start varies by ±1 s here; needs a built solution: dotnet build)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
# As scripts/start.sh does (scripts/lib/dev-cert.sh says why).
# shellcheck source=scripts/lib/dev-cert.sh
. scripts/lib/dev-cert.sh
ensure_dev_cert
scratch=$(mktemp -d /tmp/mealplanner-bench-XXXXXX)
chmod 711 "$scratch"
trap 'stop_all; rm -rf "$scratch"' EXIT

api_port=5080                 # MealPlanner.Api's launch profile (with one replica the API itself listens there)
pg_bin=$(pg_config --bindir)
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# The poll starts no process per try. Polling with curl, date and sleep ten times a second took about 0.35 CPU-s per
# second on this 2-vCPU machine (perf sched: 2.5 CPU-s of curl alone in one 14 s warm start), so the benchmark slowed
# what it measured, and a start that keeps both CPUs busy (the AppHost's) more than one that does not (the floor's).
exec {tick}<> <(:)   # a pipe that no one writes to: `read -t` on it waits without starting a `sleep`
http_ok() { # port, path -> 0 when the answer is 200
  local fd status=""
  { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$2" >&"$fd"
  IFS= read -r -t 10 -u "$fd" status || true
  exec {fd}>&-
  [[ $status == "HTTP/1.1 200 "* ]]
}
wait_healthy() { # port, path, timeout seconds
  local deadline=$((EPOCHSECONDS + $3))
  until http_ok "$1" "$2"; do
    ((EPOCHSECONDS < deadline)) || { echo "timed out waiting for http://127.0.0.1:$1$2" >&2; return 1; }
    read -r -t 0.1 -u "$tick" || true
  done
}
# Server processes of an AppHost run still alive 10 s after the AppHost exited (DCP stops them as it exits).
leftovers() { # data folder
  for _ in $(seq 1 100); do pgrep -f "$1" >/dev/null || return 0; sleep 0.1; done
  pgrep -af "$1"
}

apphost_pid=""
start_apphost() { # data folder
  # As a user starts it: no --ResourceLogs:Console, which streams every resource's output through DCP and the AppHost
  # while they start (a failed run says to add it).
  setsid scripts/run-apphost.sh \
    --LocalRuntime processes --LocalData:Path "$1" \
    --Parameters:postgres-password bench-postgres-pw-1 --Parameters:cache-password bench-cache-pw-2 --Parameters:admin-password bench-admin-pw-3 \
    >"$scratch/apphost.log" 2>&1 &
  apphost_pid=$!
}
stop_apphost() {
  [ -n "$apphost_pid" ] || return 0
  # SIGTERM, as Ctrl+C's SIGINT is ignored by programs started in the background of a script.
  kill -TERM -- "-$apphost_pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$apphost_pid" 2>/dev/null || break; sleep 0.1; done
  apphost_pid=""
  settle
}
# DCP stops the resources for some seconds after the AppHost has exited. The next start is measured only once they
# are gone: until then they hold the API's port and take CPU from it (a warm start that followed a cold one at once
# measured 0.2 s, against the previous run's API, or paid for that run's shutdown).
settle() {
  for _ in $(seq 1 300); do
    pgrep -x dcp >/dev/null || pgrep -f 'MealPlanner\.(Api|MigrationService)' >/dev/null || return 0
    sleep 0.1
  done
  echo "warning: resources of the last AppHost run still running after 30 s" >&2
}

# The bare floor: the same servers (PostgreSQL, PgBouncer, Redis, s3rver) and the same two .NET programs, no orchestration.
floor_pids=()
start_floor() { # data folder
  local data=$1 pg_port=25432 redis_port=26379 bouncer_port=26432 s3_port=24568
  FLOOR_DATA=$data
  mkdir -p "$data"; chmod 711 "$data"
  if [ ! -s "$data/pg/PG_VERSION" ]; then
    install -d -o postgres -g postgres -m 700 "$data/pg"
    echo bench-postgres-pw-1 >"$data/pw"; chown postgres "$data/pw"
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$pg_bin/initdb" -D "$data/pg" -U postgres \
      --pwfile="$data/pw" --auth-host=scram-sha-256 --auth-local=peer >/dev/null
  fi
  setpriv --reuid=postgres --regid=postgres --init-groups -- "$pg_bin/pg_ctl" -D "$data/pg" -w -s \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$data/pg" start >/dev/null
  redis-server --port "$redis_port" --bind 127.0.0.1 --requirepass bench-cache-pw-2 --dir "$data" --appendonly yes \
    --daemonize yes --pidfile "$data/redis.pid" >/dev/null
  PGPASSWORD=bench-postgres-pw-1 psql -h 127.0.0.1 -p "$pg_port" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='mealplanner'" | grep -q 1 ||
    PGPASSWORD=bench-postgres-pw-1 createdb -h 127.0.0.1 -p "$pg_port" -U postgres mealplanner
  install -d -o postgres -g postgres -m 700 "$data/bouncer"
  printf '"postgres" "bench-postgres-pw-1"\n' >"$data/bouncer/users.txt"
  printf '[databases]\nmealplanner = host=127.0.0.1 port=%s dbname=mealplanner\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = %s\nunix_socket_dir =\nauth_type = scram-sha-256\nauth_file = %s/users.txt\npool_mode = transaction\nignore_startup_parameters = extra_float_digits\npidfile = %s/bouncer.pid\n' \
    "$pg_port" "$bouncer_port" "$data/bouncer" "$data/bouncer" >"$data/bouncer/bouncer.ini"
  chown postgres "$data/bouncer/users.txt" "$data/bouncer/bouncer.ini"
  setpriv --reuid=postgres --regid=postgres --init-groups -- pgbouncer -d -q "$data/bouncer/bouncer.ini"
  mkdir -p "$data/s3"
  MealPlanner.AppHost/LocalProcesses/s3rver/node_modules/.bin/s3rver --directory "$data/s3" --address 127.0.0.1 \
    --port "$s3_port" --configure-bucket images --silent >"$scratch/floor-s3.log" 2>&1 &
  floor_pids+=($!)
  local direct="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=bench-postgres-pw-1;Database=mealplanner"
  ConnectionStrings__mealplanner="$direct" Seed__AdminPassword=bench-admin-pw-3 \
    dotnet MealPlanner.MigrationService/bin/Debug/net10.0/MealPlanner.MigrationService.dll >"$scratch/floor-migrations.log" 2>&1
  ConnectionStrings__mealplanner="Host=127.0.0.1;Port=$bouncer_port;Username=postgres;Password=bench-postgres-pw-1;Database=mealplanner;Max Auto Prepare=0;No Reset On Close=true" \
  ConnectionStrings__cache="127.0.0.1:$redis_port,password=bench-cache-pw-2" ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
  ConnectionStrings__storage="Endpoint=http://127.0.0.1:$s3_port;Region=us-east-1;Bucket=images;PublicBaseUrl=http://127.0.0.1:$s3_port/images;ForcePathStyle=true;AccessKey=S3RVER;SecretKey=S3RVER" \
    dotnet MealPlanner.Api/bin/Debug/net10.0/MealPlanner.Api.dll >"$scratch/floor-api.log" 2>&1 &
  floor_pids+=($!)
}
FLOOR_DATA=""
stop_floor() {
  [ -n "$FLOOR_DATA" ] || return 0
  if [ ${#floor_pids[@]} -gt 0 ]; then
    kill "${floor_pids[@]}" 2>/dev/null || true; wait "${floor_pids[@]}" 2>/dev/null || true; floor_pids=()
  fi
  kill "$(cat "$FLOOR_DATA/bouncer/bouncer.pid")" 2>/dev/null || true
  redis-cli -p 26379 -a bench-cache-pw-2 --no-auth-warning shutdown nosave >/dev/null 2>&1 || true
  setpriv --reuid=postgres --regid=postgres --init-groups -- "$pg_bin/pg_ctl" -D "$FLOOR_DATA/pg" -m fast -w -s stop >/dev/null 2>&1 || true
  FLOOR_DATA=""
}
stop_all() { stop_apphost; stop_floor; }

measure_apphost() { # data folder -> seconds
  local t0; t0=$(now); start_apphost "$1"
  wait_healthy "$api_port" /health 180 || {
    tail -40 "$scratch/apphost.log" >&2
    echo "To see each resource's output here, add --ResourceLogs:Console true to start_apphost's arguments." >&2
    return 1
  }
  local t1; t1=$(now)
  stop_apphost; elapsed "$t0" "$t1"
}
measure_floor() { # data folder -> seconds
  local t0; t0=$(now); start_floor "$1"
  wait_healthy "$api_port" /health 120 || { tail -20 "$scratch/floor-api.log" >&2; return 1; }
  local t1; t1=$(now)
  stop_floor; elapsed "$t0" "$t1"
}

cold=(); warm=(); floor_cold=(); floor_warm=(); left=0
for i in $(seq 1 "$runs"); do
  cold+=("$(measure_apphost "$scratch/aspire-$i")")
  warm+=("$(measure_apphost "$scratch/aspire-$i")")
  survivors=$(leftovers "$scratch/aspire-$i")
  if [ -n "$survivors" ]; then
    left=$((left + 1)); echo "left behind after run $i: $survivors" >&2; pkill -f "$scratch/aspire-$i" || true
  fi
  floor_cold+=("$(measure_floor "$scratch/floor-$i")")
  floor_warm+=("$(measure_floor "$scratch/floor-$i")")
  echo "run $i: cold ${cold[-1]} s, warm ${warm[-1]} s, floor cold ${floor_cold[-1]} s, floor warm ${floor_warm[-1]} s"
done

m_cold=$(printf '%s\n' "${cold[@]}" | median); m_warm=$(printf '%s\n' "${warm[@]}" | median)
m_fcold=$(printf '%s\n' "${floor_cold[@]}" | median); m_fwarm=$(printf '%s\n' "${floor_warm[@]}" | median)
echo "median of $runs: AppHost cold $m_cold s, warm $m_warm s | bare floor cold $m_fcold s, warm $m_fwarm s"
awk -v w="$m_warm" -v fw="$m_fwarm" -v c="$m_cold" -v fc="$m_fcold" \
  'BEGIN { printf "ratio warm/floor-warm %.2f (target <= 2.00), cold/floor-cold %.2f\n", w / fw, c / fc }'
echo "server processes left after stopping the AppHost: $left of $runs runs"
