#!/usr/bin/env bash
# Benchmarks the database side of the platform on a throw-away PostgreSQL 15 + pgbouncer (transaction mode):
#   1. wall-clock time of the migration worker on an empty database (migrate + seed), and of a second, no-op run;
#   2. read throughput through the pooler versus direct, in the same run, with persistent connections and with a
#      new connection per transaction (what a pooler is for), as pgbench tps and ratios.
# Prints figures; asserts nothing. Needs: dotnet, PostgreSQL 15 server binaries, pgbouncer, pgbench, python3.
# Usage: bench/migrate.sh            (DURATION=5 CLIENTS=16 CONFIGURATION=Release to change the defaults)
set -euo pipefail

DURATION="${DURATION:-5}"
CLIENTS="${CLIENTS:-16}"
CONFIGURATION="${CONFIGURATION:-Release}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

# postgres and pgbouncer refuse to run as root: drop to the postgres user when we are root.
as_server_user() {
  if [[ $EUID -eq 0 ]]; then setpriv --reuid=postgres --regid=postgres --init-groups "$@"; else "$@"; fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

WORK="$(mktemp -d /tmp/mealplanner-bench.XXXXXX)"
PASSWORD="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
ADMIN_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
PG_PORT="$(free_port)"
BOUNCER_PORT="$(free_port)"
[[ $EUID -eq 0 ]] && chown postgres "$WORK"

cleanup() {
  if [[ -f "$WORK/pgbouncer.pid" ]]; then kill "$(cat "$WORK/pgbouncer.pid")" 2>/dev/null || true; fi
  if [[ -d "$WORK/data" ]]; then as_server_user "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building the migration worker ($CONFIGURATION)"
dotnet build "$ROOT/MealPlanner.MigrationService" -c "$CONFIGURATION" -v quiet -nologo >/dev/null
WORKER="$ROOT/MealPlanner.MigrationService/bin/$CONFIGURATION/net10.0/MealPlanner.MigrationService.dll"

echo "== starting PostgreSQL 15 on :$PG_PORT and pgbouncer (transaction mode) on :$BOUNCER_PORT"
printf '%s\n' "$PASSWORD" > "$WORK/pwfile"
[[ $EUID -eq 0 ]] && chown postgres "$WORK/pwfile"
as_server_user "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth-host=scram-sha-256 --auth-local=trust \
  --pwfile="$WORK/pwfile" >/dev/null
as_server_user "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/postgres.log" -w \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null

export PGPASSWORD="$PASSWORD"
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAtc 'CREATE DATABASE mealplanner'

cat > "$WORK/pgbouncer.ini" <<INI
[databases]
mealplanner = host=127.0.0.1 port=$PG_PORT dbname=mealplanner
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $WORK/userlist.txt
admin_users = postgres
pool_mode = transaction
default_pool_size = 20
max_client_conn = 1000
logfile = $WORK/pgbouncer.log
pidfile = $WORK/pgbouncer.pid
INI
printf '"postgres" "%s"\n' "$PASSWORD" > "$WORK/userlist.txt"
[[ $EUID -eq 0 ]] && chown postgres "$WORK/pgbouncer.ini" "$WORK/userlist.txt"
as_server_user pgbouncer -d "$WORK/pgbouncer.ini"
for _ in $(seq 50); do psql -h 127.0.0.1 -p "$BOUNCER_PORT" -U postgres -d mealplanner -qAtc 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.1; done

run_worker() {
  ConnectionStrings__mealplanner="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PASSWORD;Database=mealplanner" \
  Seed__AdminPassword="$ADMIN_PASSWORD" DOTNET_ENVIRONMENT=Production OTEL_EXPORTER_OTLP_ENDPOINT='' \
    dotnet "$WORKER" > "$WORK/worker-$1.log" 2>&1 || { cat "$WORK/worker-$1.log"; exit 1; }
}

echo "== migration worker"
start=$(now_ms); run_worker first; first_ms=$(( $(now_ms) - start ))
start=$(now_ms); run_worker second; second_ms=$(( $(now_ms) - start ))
recipes=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d mealplanner -qAtc 'SELECT count(*) FROM recipes')

# A typical API read: live recipes with a tag, newest first, with their ingredient count.
cat > "$WORK/read.sql" <<'SQL'
SELECT r.id, r.title, count(ri.ingredient_id)
FROM recipes r LEFT JOIN recipe_ingredients ri ON ri.recipe_id = r.id
WHERE r.deleted_at IS NULL AND r.tags @> ARRAY['dinner']
GROUP BY r.id ORDER BY r.created_at DESC LIMIT 20;
SQL

# Extended protocol with unnamed statements: what Npgsql sends with Max Auto Prepare=0, and what pgbouncer 1.18
# can carry in transaction mode (named prepared statements it cannot).
tps() { # port, extra pgbench flags...
  local port=$1; shift
  pgbench -h 127.0.0.1 -p "$port" -U postgres -n -M extended -f "$WORK/read.sql" -c "$CLIENTS" -j 4 -T "$DURATION" "$@" \
    mealplanner 2>/dev/null | awk '/^tps = / { printf "%.0f", $3 }'
}

echo "== reads: $CLIENTS clients, ${DURATION}s each"
direct_persistent=$(tps "$PG_PORT")
pooled_persistent=$(tps "$BOUNCER_PORT")
direct_connect=$(tps "$PG_PORT" -C)
pooled_connect=$(tps "$BOUNCER_PORT" -C)
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }

cat <<REPORT

MealPlanner database benchmark ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), $(pgbouncer --version | head -1))
  migrate + seed, empty database      ${first_ms} ms   (worker process wall clock, .NET start-up included; $recipes recipes)
  second run (nothing to do)          ${second_ms} ms   (so migrate + seed itself ~$(( first_ms - second_ms )) ms)
  reads, persistent connections       direct ${direct_persistent} tps   pgbouncer ${pooled_persistent} tps   ratio $(ratio "$pooled_persistent" "$direct_persistent")
  reads, new connection per txn       direct ${direct_connect} tps   pgbouncer ${pooled_connect} tps   ratio $(ratio "$pooled_connect" "$direct_connect")
REPORT
