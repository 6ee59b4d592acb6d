#!/usr/bin/env bash
# Runs a local PostgreSQL server for the AppHost's processes mode.
# Inputs (environment): PG_BINDIR, PG_DATA_ROOT, PGPORT (chosen by Aspire), MEALPLANNER_PG_PASSWORD.
# Data lives in $PG_DATA_ROOT/data and survives restarts; the superuser's password follows the AppHost
# parameter on every start. PostgreSQL refuses to run as root, so as root the server drops to the
# `postgres` user.
set -euo pipefail
exec 2>&1   # Aspire shows stderr as errors; PostgreSQL logs everything there.
# shellcheck source=MealPlanner.AppHost/LocalProcesses/scripts/leftover-server.sh
. "${BASH_SOURCE[0]%/*}/leftover-server.sh"

: "${PG_BINDIR:?}" "${PG_DATA_ROOT:?}" "${PGPORT:?}" "${MEALPLANNER_PG_PASSWORD:?}"
data="$PG_DATA_ROOT/data"
sockets="$PG_DATA_ROOT/run"
umask 077
mkdir -p "$PG_DATA_ROOT" "$sockets"

as_server_user=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$PG_DATA_ROOT" "$sockets"
  as_server_user=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi
run() { "${as_server_user[@]}" "$@"; }

if [ ! -s "$data/PG_VERSION" ]; then
  echo "Creating a new PostgreSQL cluster in $data"
  pwfile="$PG_DATA_ROOT/.initdb-pw"
  printf '%s\n' "$MEALPLANNER_PG_PASSWORD" >"$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pwfile"
  run "$PG_BINDIR/initdb" --pgdata="$data" --username=postgres --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=peer --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  sha256sum <<<"$MEALPLANNER_PG_PASSWORD" >"$PG_DATA_ROOT/.password.sha256"
fi

stop_leftover_server "$data/postmaster.pid" INT "$data"

# The password parameter may have changed since the cluster was made (user secrets wiped, .env edited):
# set it again in single-user mode, which needs no running server and no old password.
if ! sha256sum --status -c "$PG_DATA_ROOT/.password.sha256" <<<"$MEALPLANNER_PG_PASSWORD" 2>/dev/null; then
  echo "Setting the postgres password from the AppHost parameter"
  escaped=${MEALPLANNER_PG_PASSWORD//\'/\'\'}
  run "$PG_BINDIR/postgres" --single -D "$data" postgres >/dev/null <<<"ALTER ROLE postgres PASSWORD '$escaped';"
  sha256sum <<<"$MEALPLANNER_PG_PASSWORD" >"$PG_DATA_ROOT/.password.sha256"
fi
unset MEALPLANNER_PG_PASSWORD

# SIGTERM means "smart" shutdown to PostgreSQL: it would wait for every client to leave. Aspire stops a
# resource with SIGTERM, so turn it into a fast shutdown (SIGINT), which ends sessions and stops at once.
# Not through run(): a backgrounded function is a subshell, and the signal must reach the server itself.
"${as_server_user[@]}" "$PG_BINDIR/postgres" -D "$data" -p "$PGPORT" -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories="$sockets" -c fsync=on -c logging_collector=off &
server=$!
trap 'kill -INT "$server" 2>/dev/null' TERM INT
while kill -0 "$server" 2>/dev/null; do
  wait "$server" && status=0 || status=$?
done
exit "${status:-0}"
