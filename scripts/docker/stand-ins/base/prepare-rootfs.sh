#!/usr/bin/env bash
# LOCAL STAND-IN base: turns a `debootstrap --variant=minbase bookworm` tree into the base of every local stand-in
# image (localhost/mealplanner/stand-in-base:bookworm). Public image registries are unreachable on the project's
# machines, so no official debian:bookworm-slim can be pulled; this gives the same kind of base from Debian packages.
# Honours what the slim images do that the stand-ins rely on: apt sources with updates and security, no
# recommends, no docs/man pages/translations, no services started by package scripts, no apt caches left in layers.
# Usage: prepare-rootfs.sh ROOTFS_DIR
set -euo pipefail

root=${1:?usage: prepare-rootfs.sh ROOTFS_DIR}
[ -x "$root/usr/bin/apt-get" ] || { echo "error: $root is not a debootstrap tree" >&2; exit 1; }

# debootstrap writes only the release itself; security fixes and point updates are wanted in every image.
cat >"$root/etc/apt/sources.list" <<'SOURCES'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES

# Package scripts must not try to start services during `docker build` (there is no init in a container).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

# Keep images small, as the official slim images do: only what is asked for, no docs except licences.
cat >"$root/etc/apt/apt.conf.d/90mealplanner-stand-in" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT
cat >"$root/etc/dpkg/dpkg.cfg.d/90mealplanner-stand-in" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
DPKG

# Same for what debootstrap already unpacked, plus its downloaded packages and lists.
find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$root/usr/share/man/"* "$root/usr/share/info/"* "$root/usr/share/lintian/"*
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"* "$root/var/log/"*.log "$root/var/log/apt/"*
# Docker provides these per container; values from the build host must not leak into the image.
: >"$root/etc/resolv.conf"
: >"$root/etc/hostname"
