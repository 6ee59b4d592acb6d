#!/bin/sh
# LOCAL STAND-IN helper for docker.io/library/redis:7 (image localhost/mealplanner/library/redis:7), built from Debian
# packages because public image registries are unreachable here. Installed as /usr/local/bin/redis-server.
# The official image compiles Redis with protected mode off, because in a container clients always come from
# "outside"; Debian's binary has it on. This wrapper gives the same default by appending `--protected-mode no`
# (command-line options override a config file), unless the arguments or the given config file set it themselves.
set -eu
real=/usr/bin/redis-server
for arg in "$@"; do
  [ "$arg" = --protected-mode ] && exec "$real" "$@"
done
if [ $# -gt 0 ] && [ -f "$1" ] && grep -Eqi '^[[:space:]]*protected-mode[[:space:]]' "$1"; then
  exec "$real" "$@"
fi
case "${1:-}" in
  -v | --version | -h | --help | --test-memory | --check-system) exec "$real" "$@" ;;
esac
exec "$real" "$@" --protected-mode no
