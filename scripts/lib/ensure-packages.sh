#!/usr/bin/env bash
# Makes sure the Debian packages that processes mode (and the tests) need are installed.
# Usage: ensure-packages.sh [--for run|test]
#   run:  the servers the AppHost starts when no container runtime answers
#   test: those, plus Node.js for the deploy tier (CDK's jsii runtime and the infra scanners)
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
if [ "$purpose" = test ]; then
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "error: missing Debian packages: ${missing[*]}. Install them: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing missing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the packaged services; the AppHost runs its own instances on ports of its choosing.
for service in postgresql redis-server pgbouncer; do
  "${sudo[@]}" systemctl disable --now "$service" >/dev/null 2>&1 || "${sudo[@]}" service "$service" stop >/dev/null 2>&1 || true
done
