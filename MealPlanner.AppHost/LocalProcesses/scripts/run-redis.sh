#!/usr/bin/env bash
# Runs a local Redis server for the AppHost's processes mode.
# Inputs (environment): REDIS_SERVER, REDIS_DATA_ROOT, REDIS_PORT (chosen by Aspire), MEALPLANNER_REDIS_PASSWORD.
# The password goes through a private config file, not the command line, so `ps` does not show it.
# Persistence matches ElastiCache's: RDB snapshots plus an append-only file fsynced every second.
set -euo pipefail
exec 2>&1
# shellcheck source=MealPlanner.AppHost/LocalProcesses/scripts/leftover-server.sh
. "${BASH_SOURCE[0]%/*}/leftover-server.sh"

: "${REDIS_SERVER:?}" "${REDIS_DATA_ROOT:?}" "${REDIS_PORT:?}" "${MEALPLANNER_REDIS_PASSWORD:?}"
umask 077
mkdir -p "$REDIS_DATA_ROOT/data"
stop_leftover_server "$REDIS_DATA_ROOT/server.pid" TERM "$REDIS_DATA_ROOT/data"
config="$REDIS_DATA_ROOT/redis.conf"
cat >"$config" <<CONF
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
requirepass "$MEALPLANNER_REDIS_PASSWORD"
dir $REDIS_DATA_ROOT/data
appendonly yes
appendfsync everysec
save 900 1 300 10 60 10000
daemonize no
supervised no
CONF
unset MEALPLANNER_REDIS_PASSWORD
record_server_pid "$REDIS_DATA_ROOT/server.pid"
exec "$REDIS_SERVER" "$config"
