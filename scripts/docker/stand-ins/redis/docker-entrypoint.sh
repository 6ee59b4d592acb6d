#!/bin/sh
# LOCAL STAND-IN entrypoint for docker.io/library/redis:7 (image localhost/mealplanner/library/redis:7), built from
# Debian packages because public image registries are unreachable here.
# Honours the official entrypoint's contract: a first argument starting with `-` or ending in `.conf` gets
# redis-server prepended; redis-server started as root is re-run as user redis (after giving redis the files in the
# working directory /data) via setpriv, which exec()s, so redis is PID 1 and gets docker's signals; a default umask
# of 0022 becomes 0077. Any other command is exec'd as is.
set -e

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi

if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

um=$(umask)
if [ "$um" = 0022 ]; then
  umask 0077
fi

exec "$@"
