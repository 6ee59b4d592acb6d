#!/usr/bin/env bash
# Makes sure a Docker engine answers, so the image scripts and containers mode have one to talk to.
# Usage: ensure-engine.sh          prints nothing and exits 0 when `docker info` answers (starting one if it can)
#        ensure-engine.sh --stop   stops the daemon this script started (no-op when it started none)
#
# Why it may start a daemon itself: the project's Linux machines have no systemd, so installing docker.io does not
# start anything. As root on Debian/Ubuntu it installs docker.io (plus docker-compose when no Compose answers, and
# debootstrap, which build-images.sh --stand-ins needs), then starts dockerd in the background. The pid file is this
# script's own, so --stop only ever stops a daemon this script started, never one that someone else runs.
# Anywhere else (not root, no apt-get) it prints one line naming what to install and exits 1.
set -euo pipefail

pidfile=/var/run/mealplanner-dockerd.pid
logfile=/var/log/mealplanner-dockerd.log
wait_seconds=30

engine_answers() { docker info >/dev/null 2>&1; }

stop_own_daemon() {
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    # dockerd stops its containers first (10 s each by default), so allow it a while before giving up.
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "error: dockerd (pid $pid) did not stop within 60 s; stop it with: kill -KILL $pid" >&2
      exit 1
    fi
  fi
  rm -f "$pidfile"
}

if [ "${1:-}" = "--stop" ]; then
  stop_own_daemon
  exit 0
fi

engine_answers && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no Docker engine answers. Install Docker Desktop or docker.io and start it, then re-run." >&2
  exit 1
fi

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
if ! docker compose version >/dev/null 2>&1 && ! docker-compose version >/dev/null 2>&1; then
  missing+=(docker-compose)
fi
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
"$(dirname "$0")/../lib/apt-install.sh" "${missing[@]}" || exit 1

# A daemon may have come with the package (systemd machines) or been running but unreachable a moment ago.
engine_answers && exit 0

# A stale pid file from a crashed run would make dockerd refuse to start.
if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile" 2>/dev/null || echo 0)" 2>/dev/null; then
  rm -f "$pidfile"
fi
# setsid: the daemon must outlive this script and the caller's terminal session.
setsid dockerd --pidfile "$pidfile" >"$logfile" 2>&1 </dev/null &

for _ in $(seq 1 "$wait_seconds"); do
  engine_answers && exit 0
  sleep 1
done
echo "error: dockerd did not answer within ${wait_seconds} s (see $logfile)" >&2
exit 1
