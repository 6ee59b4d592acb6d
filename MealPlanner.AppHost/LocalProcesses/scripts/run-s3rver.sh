#!/usr/bin/env bash
# Runs the local S3-compatible emulator (npm s3rver) for the `storage` resource in processes mode.
# Inputs (environment): S3RVER_BIN, S3_DATA_ROOT, S3_PORT (chosen by Aspire), S3_BUCKET.
# The bucket is created at start (kept if it exists) with a CORS rule that lets a local frontend PUT to
# presigned URLs. s3rver accepts only its fixed credentials (S3RVER/S3RVER).
set -euo pipefail
exec 2>&1
# shellcheck source=MealPlanner.AppHost/LocalProcesses/scripts/leftover-server.sh
. "${BASH_SOURCE[0]%/*}/leftover-server.sh"

: "${S3RVER_BIN:?}" "${S3_DATA_ROOT:?}" "${S3_PORT:?}" "${S3_BUCKET:?}"
umask 077
mkdir -p "$S3_DATA_ROOT/data"
stop_leftover_server "$S3_DATA_ROOT/server.pid" TERM "$S3_DATA_ROOT/data"
cat >"$S3_DATA_ROOT/cors.xml" <<'XML'
<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>
XML
record_server_pid "$S3_DATA_ROOT/server.pid"
exec "$S3RVER_BIN" --directory "$S3_DATA_ROOT/data" --address 127.0.0.1 --port "$S3_PORT" \
  --configure-bucket "$S3_BUCKET" "$S3_DATA_ROOT/cors.xml"
