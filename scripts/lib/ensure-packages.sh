#!/usr/bin/env bash
# Makes sure the Debian packages that processes mode (and the tests) need are installed.
# Usage: ensure-packages.sh [--for run|test]
#   run:  the servers the AppHost starts when no container runtime answers, and Node.js for the S3 emulator
#   test: the same (Node.js also runs CDK's jsii runtime and the infra scanners of the deploy tier)
# Installs what is missing when it can (root, or password-less sudo); otherwise prints the one command to run
# and exits 1. Prints nothing when everything is there.
set -euo pipefail

purpose=run
if [ "${1:-}" = "--for" ]; then purpose=${2:-run}; fi

missing=()
have_postgres15() {
  local bindir
  bindir=$(pg_config --bindir 2>/dev/null || true)
  for dir in "$bindir" /usr/lib/postgresql/15/bin; do
    [ -n "$dir" ] && [ -x "$dir/postgres" ] && [ -x "$dir/initdb" ] &&
      "$dir/postgres" --version 2>/dev/null | grep -q ' 15\.' && return 0
  done
  return 1
}
have_postgres15 || missing+=(postgresql-15)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The script tests lint scripts/deploy.sh, scripts/rollback.sh and their stand-ins.
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
: "$purpose" # both purposes need the same packages today; the argument keeps callers explicit

# The S3 emulator comes from npm, pinned by its lock file, into the AppHost's folder (git-ignored node_modules).
install_s3_emulator() {
  local folder
  folder="$(cd "$(dirname "$0")/../.." && pwd)/MealPlanner.AppHost/LocalProcesses/s3rver"
  [ -x "$folder/node_modules/.bin/s3rver" ] && return 0
  echo "Installing the S3 emulator (npm ci in $folder)"
  npm ci --prefix "$folder" --no-audit --no-fund --loglevel=error >/dev/null
}

if [ ${#missing[@]} -eq 0 ]; then
  install_s3_emulator
  exit 0
fi

"$(dirname "$0")/apt-install.sh" "${missing[@]}"
# Debian starts the packaged services; the AppHost runs its own instances on ports of its choosing.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
for service in postgresql redis-server pgbouncer; do
  as_root systemctl disable --now "$service" >/dev/null 2>&1 || as_root service "$service" stop >/dev/null 2>&1 || true
done
install_s3_emulator
