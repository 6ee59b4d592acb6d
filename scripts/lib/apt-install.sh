#!/usr/bin/env bash
# Installs Debian packages as root or with password-less sudo; otherwise prints the one apt-get line to run and
# exits 1. Every script that needs a package calls this, so all of them ask the same way.
# Usage: apt-install.sh PACKAGE...   (no package: nothing to do)
set -euo pipefail
[ $# -gt 0 ] || exit 0

if [ "$(id -u)" = 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "error: missing Debian packages: $*. Install them: sudo apt-get install -y $*" >&2
  exit 1
fi

echo "Installing missing Debian packages: $*" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }; then
  echo "error: installing $* failed (apt-get); run: sudo apt-get install -y $*" >&2
  exit 1
fi
