#!/usr/bin/env bash
# Sourced by the scripts that start an AppHost (start, test, the start-up benchmark).
#
# The ASP.NET Core development certificate, trusted for this user. Aspire hands it to DCP, its orchestrator, as the
# certificate of DCP's API server. Without a trusted one, DCP generates a self-signed certificate on every start:
# 2.7-3.0 s before its API server answered on a quiet 2-core machine, against 0.42 s with the certificate (measured
# with `dcp start-apiserver` alone), and every resource waits for that API server. It also ends the dashboard's
# "no trusted development certificate" warning. The AppHost keeps its resources' behaviour unchanged by it
# (Program.cs: no automatic trust or HTTPS termination for resources).
#
# On Linux, .NET trusts it through its user root store (~/.dotnet/corefx/cryptography/x509stores/root), where
# `dotnet dev-certs https --trust` adds it; OpenSSL clients trust it only through SSL_CERT_DIR listing
# ~/.aspnet/dev-certs/trust, which `--check --trust` also requires, so the check lists it for that one command.

# Creates and trusts the certificate when no trusted one exists (about a second, once per machine).
ensure_dev_cert() {
  local system_dir="${SSL_CERT_DIR:-}"
  if [ -z "$system_dir" ]; then
    system_dir=$(openssl version -d 2>/dev/null | sed -n 's/^OPENSSLDIR: "\(.*\)"$/\1\/certs/p')
    system_dir=${system_dir:-/etc/ssl/certs}
  fi
  local check_dirs="$HOME/.aspnet/dev-certs/trust:$system_dir"
  SSL_CERT_DIR="$check_dirs" dotnet dev-certs https --check --trust >/dev/null 2>&1 && return 0
  echo "Creating and trusting the ASP.NET Core development certificate (dotnet dev-certs https --trust)" >&2
  # Its exit code also reports the clients it could not configure (browsers, OpenSSL); the check below is what counts.
  dotnet dev-certs https --trust >/dev/null 2>&1 || true
  SSL_CERT_DIR="$check_dirs" dotnet dev-certs https --check --trust >/dev/null 2>&1 ||
    echo "note: no trusted development certificate; the AppHost still starts, about 2 s more slowly" >&2
}
