#!/usr/bin/env bash
# LOCAL STAND-IN entrypoint for docker.io/library/postgres:15 (image localhost/mealplanner/library/postgres:15),
# built from Debian packages because public image registries are unreachable here.
# Honours the official image's documented contract as far as the project relies on it:
#   POSTGRES_USER (default postgres), POSTGRES_PASSWORD, POSTGRES_DB (default = user), POSTGRES_HOST_AUTH_METHOD
#   (default scram-sha-256; `trust` allows no password), POSTGRES_INITDB_ARGS, POSTGRES_INITDB_WALDIR, VAR_FILE
#   variants of the first three, PGDATA; on first init only: initdb, `host all all all <method>` in pg_hba.conf,
#   POSTGRES_DB created, /docker-entrypoint-initdb.d/*.sh (executed if executable, else sourced), *.sql, *.sql.gz
#   run against POSTGRES_DB by POSTGRES_USER; an existing data directory is never re-initialised.
#   Arguments: `postgres ...` or just `-c x=y ...` (postgres is prepended); anything else is exec'd as is.
#   The server runs as user postgres (setpriv drops root) and is exec'd, so it is PID 1 and gets docker's signals.
# Not honoured: running as an arbitrary --user without a passwd entry (the official image uses nss_wrapper).
set -Eeuo pipefail

# VAR or VAR_FILE (Docker secrets), as the official image allows.
file_env() {
  local var=$1 default=${2:-} file_var="${1}_FILE" value
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
    echo "error: both $var and $file_var are set (they are exclusive)" >&2
    exit 1
  fi
  value=$default
  if [ -n "${!var:-}" ]; then value=${!var}; elif [ -n "${!file_var:-}" ]; then value=$(<"${!file_var}"); fi
  export "$var"="$value"
  unset "$file_var"
}

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

if [ "$1" != postgres ]; then
  exec "$@"
fi

# As root: prepare the directories, then re-run this script as postgres (setpriv exec()s, no extra process).
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chmod 00700 "$PGDATA" || true
  chmod 03775 /var/run/postgresql || true
  find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
  chown postgres:postgres /var/run/postgresql
  if [ -n "${POSTGRES_INITDB_WALDIR:-}" ]; then
    mkdir -p "$POSTGRES_INITDB_WALDIR"
    find "$POSTGRES_INITDB_WALDIR" \! -user postgres -exec chown postgres:postgres '{}' +
    chmod 700 "$POSTGRES_INITDB_WALDIR"
  fi
  exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  auth_method=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth_method" != trust ]; then
    echo "error: database is uninitialized and superuser password is not specified. Set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust to allow connections without a password)." >&2
    exit 1
  fi
  mkdir -p "$PGDATA"
  chmod 00700 "$PGDATA"

  initdb_args=(--username="$POSTGRES_USER")
  if [ -n "${POSTGRES_INITDB_WALDIR:-}" ]; then initdb_args+=(--waldir "$POSTGRES_INITDB_WALDIR"); fi
  # The password file is a pipe that lives only for this one command (so it is never written to disk).
  # POSTGRES_INITDB_ARGS is a space-separated list, split on purpose as the official image does.
  # shellcheck disable=SC2086
  initdb "${initdb_args[@]}" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") ${POSTGRES_INITDB_ARGS:-}

  printf '\nhost all all all %s\n' "$auth_method" >>"$PGDATA/pg_hba.conf"

  # A temporary server on the socket only, so nothing connects before initialisation is complete.
  export PGPASSWORD=${POSTGRES_PASSWORD}
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
  psql_cmd=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc)
  if [ "$POSTGRES_DB" != postgres ]; then
    "${psql_cmd[@]}" --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db" ;'
  fi
  psql_cmd+=(--dbname "$POSTGRES_DB")
  echo
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    case $f in
      *.sh)
        if [ -x "$f" ]; then
          echo "$0: running $f"
          "$f"
        else
          echo "$0: sourcing $f"
          # shellcheck disable=SC1090
          . "$f"
        fi
        ;;
      *.sql) echo "$0: running $f"; "${psql_cmd[@]}" -f "$f"; echo ;;
      *.sql.gz) echo "$0: running $f"; gunzip -c "$f" | "${psql_cmd[@]}"; echo ;;
      *) echo "$0: ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  unset PGPASSWORD
  echo
  echo 'PostgreSQL init process complete; ready for start up.'
  echo
else
  echo
  echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
  echo
fi

exec "$@"
