#!/usr/bin/env bash
# LOCAL STAND-IN entrypoint for docker.io/edoburu/pgbouncer:v1.25.1-p0 (image
# localhost/mealplanner/edoburu/pgbouncer:v1.25.1-p0), built from Debian packages because public image registries
# are unreachable here. Written from edoburu's documented variables, not copied.
# Honours: DATABASE_URL (postgres://user:pass@host:port/db) or DB_HOST (required), DB_PORT (5432), DB_USER,
#   DB_PASSWORD, DB_NAME (default `*`, all databases); AUTH_FILE (default /etc/pgbouncer/userlist.txt), AUTH_TYPE
#   (default md5; with plain or scram-sha-256 the password is written in clear, else as md5 hash); ADMIN_USERS
#   (default postgres), STATS_USERS; LISTEN_ADDR (0.0.0.0), LISTEN_PORT (5432), UNIX_SOCKET_DIR (empty = none);
#   IGNORE_STARTUP_PARAMETERS (default extra_float_digits); and, only when set, the other settings edoburu maps
#   one-to-one (POOL_MODE, MAX_CLIENT_CONN, DEFAULT_POOL_SIZE, SERVER_TLS_SSLMODE, SERVER_LOGIN_RETRY, ... see below).
#   An existing pgbouncer.ini is kept; a user already in the auth file is not added again. Then exec "$@", so
#   pgbouncer gets docker's signals.
set -euo pipefail

config_dir=/etc/pgbouncer
auth_file=${AUTH_FILE:-$config_dir/userlist.txt}

if [ -n "${DATABASE_URL:-}" ]; then
  # postgres://user[:password]@host[:port]/database
  rest=${DATABASE_URL#*://}
  if [[ $rest == *@* ]]; then
    userpass=${rest%@*}
    rest=${rest##*@}
    DB_USER=${userpass%%:*}
    if [[ $userpass == *:* ]]; then DB_PASSWORD=${userpass#*:}; fi
  fi
  hostport=${rest%%/*}
  [[ $rest == */* ]] && DB_NAME=${rest#*/}
  DB_HOST=${hostport%%:*}
  [[ $hostport == *:* ]] && DB_PORT=${hostport#*:}
fi

# The password goes into the auth file (md5-hashed unless the auth type needs it in clear), not onto the console.
password_entry() { # user password
  case ${AUTH_TYPE:-md5} in
    plain | scram-sha-256) printf '%s' "$2" ;;
    *) printf 'md5%s' "$(printf '%s%s' "$2" "$1" | md5sum | cut -d' ' -f1)" ;;
  esac
}
add_user() { # user password
  [ -n "$1" ] && [ -n "$2" ] || return 0
  grep -q "^\"$1\"" "$auth_file" && return 0
  printf '"%s" "%s"\n' "$1" "$(password_entry "$1" "$2")" >>"$auth_file"
  echo "Wrote authentication credentials of $1 to $auth_file"
}
[ -e "$auth_file" ] || : >"$auth_file"
add_user "${DB_USER:-}" "${DB_PASSWORD:-}"
# ADMIN_USERS/ADMIN_PASSWORDS and STATS_USERS/STATS_PASSWORDS: comma-separated lists of equal length.
add_users() { # users passwords
  local -a users passwords
  IFS=, read -r -a users <<<"$1"
  IFS=, read -r -a passwords <<<"$2"
  [ ${#users[@]} -eq ${#passwords[@]} ] || return 0
  for i in "${!users[@]}"; do add_user "${users[$i]}" "${passwords[$i]}"; done
}
[ -n "${ADMIN_PASSWORDS:-}" ] && add_users "${ADMIN_USERS:-postgres}" "$ADMIN_PASSWORDS"
[ -n "${STATS_PASSWORDS:-}" ] && add_users "${STATS_USERS:-}" "$STATS_PASSWORDS"

# `key = value` only for variables that are set, as edoburu does.
opt() { # VARIABLE key
  if [ -n "${!1:-}" ]; then printf '%s = %s\n' "$2" "${!1}"; fi
}

if [ ! -f "$config_dir/pgbouncer.ini" ]; then
  if [ -z "${DB_HOST:-}" ]; then
    echo "error: Setup pgbouncer config error! You must set DB_HOST env" >&2
    exit 1
  fi
  echo "Create pgbouncer config in $config_dir"
  {
    echo '################## Auto generated ##################'
    echo '[databases]'
    echo "${DB_NAME:-*} = host=$DB_HOST port=${DB_PORT:-5432} auth_user=${DB_USER:-postgres}"
    opt CLIENT_ENCODING client_encoding
    echo
    echo '[pgbouncer]'
    echo "listen_addr = ${LISTEN_ADDR:-0.0.0.0}"
    echo "listen_port = ${LISTEN_PORT:-5432}"
    echo "unix_socket_dir = ${UNIX_SOCKET_DIR:-}"
    echo 'user = postgres'
    echo "auth_file = $auth_file"
    opt AUTH_HBA_FILE auth_hba_file
    echo "auth_type = ${AUTH_TYPE:-md5}"
    opt AUTH_USER auth_user
    opt AUTH_QUERY auth_query
    opt POOL_MODE pool_mode
    opt MAX_CLIENT_CONN max_client_conn
    opt POOL_SIZE pool_size
    opt DEFAULT_POOL_SIZE default_pool_size
    opt MIN_POOL_SIZE min_pool_size
    opt RESERVE_POOL_SIZE reserve_pool_size
    opt RESERVE_POOL_TIMEOUT reserve_pool_timeout
    opt MAX_DB_CONNECTIONS max_db_connections
    opt MAX_USER_CONNECTIONS max_user_connections
    opt SERVER_ROUND_ROBIN server_round_robin
    echo "ignore_startup_parameters = ${IGNORE_STARTUP_PARAMETERS:-extra_float_digits}"
    opt DISABLE_PQEXEC disable_pqexec
    opt APPLICATION_NAME_ADD_HOST application_name_add_host
    opt TIMEZONE timezone
    opt MAX_PREPARED_STATEMENTS max_prepared_statements
    echo
    echo '# Log settings'
    opt LOG_CONNECTIONS log_connections
    opt LOG_DISCONNECTIONS log_disconnections
    opt LOG_POOLER_ERRORS log_pooler_errors
    opt LOG_STATS log_stats
    opt STATS_PERIOD stats_period
    opt VERBOSE verbose
    echo "admin_users = ${ADMIN_USERS:-postgres}"
    opt STATS_USERS stats_users
    echo
    echo '# Connection sanity checks, timeouts'
    opt SERVER_RESET_QUERY server_reset_query
    opt SERVER_RESET_QUERY_ALWAYS server_reset_query_always
    opt SERVER_CHECK_DELAY server_check_delay
    opt SERVER_CHECK_QUERY server_check_query
    opt SERVER_LIFETIME server_lifetime
    opt SERVER_IDLE_TIMEOUT server_idle_timeout
    opt SERVER_CONNECT_TIMEOUT server_connect_timeout
    opt SERVER_LOGIN_RETRY server_login_retry
    opt CLIENT_LOGIN_TIMEOUT client_login_timeout
    opt AUTODB_IDLE_TIMEOUT autodb_idle_timeout
    opt DNS_MAX_TTL dns_max_ttl
    opt DNS_NXDOMAIN_TTL dns_nxdomain_ttl
    echo
    echo '# TLS settings'
    opt CLIENT_TLS_SSLMODE client_tls_sslmode
    opt CLIENT_TLS_KEY_FILE client_tls_key_file
    opt CLIENT_TLS_CERT_FILE client_tls_cert_file
    opt CLIENT_TLS_CA_FILE client_tls_ca_file
    opt CLIENT_TLS_PROTOCOLS client_tls_protocols
    opt CLIENT_TLS_CIPHERS client_tls_ciphers
    opt CLIENT_TLS_ECDHCURVE client_tls_ecdhcurve
    opt CLIENT_TLS_DHEPARAMS client_tls_dheparams
    opt SERVER_TLS_SSLMODE server_tls_sslmode
    opt SERVER_TLS_CA_FILE server_tls_ca_file
    opt SERVER_TLS_KEY_FILE server_tls_key_file
    opt SERVER_TLS_CERT_FILE server_tls_cert_file
    opt SERVER_TLS_PROTOCOLS server_tls_protocols
    opt SERVER_TLS_CIPHERS server_tls_ciphers
    echo
    echo '# Dangerous timeouts'
    opt QUERY_TIMEOUT query_timeout
    opt QUERY_WAIT_TIMEOUT query_wait_timeout
    opt CLIENT_IDLE_TIMEOUT client_idle_timeout
    opt IDLE_TRANSACTION_TIMEOUT idle_transaction_timeout
    opt PKT_BUF pkt_buf
    opt MAX_PACKET_SIZE max_packet_size
    opt LISTEN_BACKLOG listen_backlog
    opt SBUF_LOOPCNT sbuf_loopcnt
    opt SUSPEND_TIMEOUT suspend_timeout
    opt TCP_DEFER_ACCEPT tcp_defer_accept
    opt TCP_KEEPALIVE tcp_keepalive
    opt TCP_KEEPCNT tcp_keepcnt
    opt TCP_KEEPIDLE tcp_keepidle
    opt TCP_KEEPINTVL tcp_keepintvl
    opt TCP_USER_TIMEOUT tcp_user_timeout
    echo '################## end file ##################'
  } >"$config_dir/pgbouncer.ini"
  cat "$config_dir/pgbouncer.ini"
  echo "Starting $*..."
fi

exec "$@"
