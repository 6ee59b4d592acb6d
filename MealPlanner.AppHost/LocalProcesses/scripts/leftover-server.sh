# shellcheck shell=bash
# Sourced by the run-*.sh scripts (not run on its own).
# DCP stops every server it started when the AppHost stops or dies. Only a DCP that is itself killed leaves its
# servers running, because the AppHost turns off DCP's per-process watchdogs (DcpProcessWatchdogs.cs says why).
# Such a leftover still uses this resource's data folder: two Redis servers appending to one file, or a PostgreSQL
# that refuses to start next to the old one, would follow. So each script stops the previous run's server first.
# Bash builtins only on the usual path (no leftover): a start forks no extra process for this check.

# stop_leftover_server PIDFILE SIGNAL MARKER
# Stops the process whose PID is the first line of PIDFILE if it is still this resource's server: its command line
# contains MARKER, or MARKER is its working directory (Redis rewrites its command line but runs in its data folder).
stop_leftover_server() {
  local pidfile=$1 signal=$2 marker=$3 pid
  [ -s "$pidfile" ] || return 0
  read -r pid <"$pidfile" || true
  [[ $pid =~ ^[1-9][0-9]*$ ]] && [ "$pid" != "$$" ] || return 0
  is_server "$pid" "$marker" || return 0
  echo "Stopping the server an earlier run left running on this data (PID $pid)"
  kill "-$signal" "$pid" 2>/dev/null || return 0
  local tries
  for ((tries = 0; tries < 150; tries++)); do
    is_server "$pid" "$marker" || return 0
    sleep 0.1
  done
  echo "It did not stop within 15 s after SIG$signal; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

# is_server PID MARKER: the process runs and matches MARKER (a zombie matches nothing: no command line, no cwd).
is_server() {
  local args=()
  mapfile -d '' args 2>/dev/null <"/proc/$1/cmdline" || return 1
  [[ "${args[*]}" == *"$2"* ]] || [[ "/proc/$1/cwd" -ef "$2" ]]
}

# record_server_pid PIDFILE: this script's PID, which is the server's once the script `exec`s it.
record_server_pid() { printf '%s\n' "$$" >"$1"; }
