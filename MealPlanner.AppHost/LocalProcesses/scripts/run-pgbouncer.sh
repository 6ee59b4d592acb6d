#!/usr/bin/env bash
# Runs a local PgBouncer in transaction pooling mode in front of the local PostgreSQL.
# Inputs (environment): PGBOUNCER_BIN, PGBOUNCER_DATA_ROOT, PGBOUNCER_PORT (chosen by Aspire), PG_HOST, PG_PORT,
# PG_DATABASE, MEALPLANNER_PG_PASSWORD; PGBOUNCER_SERVER_LOGIN_RETRY, PGBOUNCER_SERVER_CONNECT_TIMEOUT,
# PGBOUNCER_QUERY_WAIT_TIMEOUT (seconds: the AppHost's PgBouncerTimeouts; PgBouncer's defaults if unset).
# Clients log in as `postgres` with the server's password (SCRAM); `postgres` is also the admin of the `pgbouncer`
# console database (SHOW POOLS). PgBouncer refuses root, so as root it drops to the `postgres` user.
set -euo pipefail
exec 2>&1
# shellcheck source=MealPlanner.AppHost/LocalProcesses/scripts/leftover-server.sh
. "${BASH_SOURCE[0]%/*}/leftover-server.sh"

: "${PGBOUNCER_BIN:?}" "${PGBOUNCER_DATA_ROOT:?}" "${PGBOUNCER_PORT:?}" "${PG_HOST:?}" "${PG_PORT:?}" "${PG_DATABASE:?}" "${MEALPLANNER_PG_PASSWORD:?}"
umask 077
mkdir -p "$PGBOUNCER_DATA_ROOT"
stop_leftover_server "$PGBOUNCER_DATA_ROOT/server.pid" TERM "$PGBOUNCER_DATA_ROOT/pgbouncer.ini"

escaped=${MEALPLANNER_PG_PASSWORD//\"/\"\"}
printf '"postgres" "%s"\n' "$escaped" >"$PGBOUNCER_DATA_ROOT/userlist.txt"
unset MEALPLANNER_PG_PASSWORD escaped

cat >"$PGBOUNCER_DATA_ROOT/pgbouncer.ini" <<INI
[databases]
$PG_DATABASE = host=$PG_HOST port=$PG_PORT dbname=$PG_DATABASE

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $PGBOUNCER_DATA_ROOT/userlist.txt
admin_users = postgres
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
server_reset_query =
# While PostgreSQL is away, answer clients with an error soon instead of holding them (see PgBouncerTimeouts.cs).
server_login_retry = ${PGBOUNCER_SERVER_LOGIN_RETRY:-15}
server_connect_timeout = ${PGBOUNCER_SERVER_CONNECT_TIMEOUT:-15}
query_wait_timeout = ${PGBOUNCER_QUERY_WAIT_TIMEOUT:-120}
ignore_startup_parameters = extra_float_digits
logfile =
pidfile =
INI

as_server_user=()
if [ "$(id -u)" = 0 ]; then
  chown -R postgres:postgres "$PGBOUNCER_DATA_ROOT"
  as_server_user=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi
# SIGTERM stops PgBouncer at once, which is what Aspire's stop means.
record_server_pid "$PGBOUNCER_DATA_ROOT/server.pid"
exec "${as_server_user[@]}" "$PGBOUNCER_BIN" "$PGBOUNCER_DATA_ROOT/pgbouncer.ini"
