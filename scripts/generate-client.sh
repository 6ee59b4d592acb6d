#!/usr/bin/env bash
# Regenerates the typed C# client, MealPlanner.Client/Generated, from the API's committed OpenAPI document
# (docs/api/openapi.json) with Kiota, pinned as a local dotnet tool in .config/dotnet-tools.json.
# Usage: scripts/generate-client.sh [--output DIR]   (default MealPlanner.Client/Generated; another folder is for
# comparing: MealPlanner.Tests/Unit/GeneratedClientIsCurrentTests.cs generates into a temp folder and diffs).
# Only the JSON serializers are registered: every body the API takes or answers is JSON (problems included), and
# the client then needs no Text/Form/Multipart packages.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

output=MealPlanner.Client/Generated
case "${1:-}" in
  "") ;;
  --output) output=${2:?"error: --output needs a folder (usage: scripts/generate-client.sh [--output DIR])"} ;;
  *) echo "error: unknown argument '$1' (usage: scripts/generate-client.sh [--output DIR])" >&2; exit 2 ;;
esac

document=docs/api/openapi.json
[ -f "$document" ] || { echo "error: $document is missing; it is the API's committed OpenAPI document" >&2; exit 1; }

# No update check (no network beyond the package registries), no hints, no telemetry.
export KIOTA_OFFLINE_ENABLED=true KIOTA_TUTORIAL_ENABLED=false KIOTA_CLI_TELEMETRY_OPTOUT=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! dotnet tool restore >/dev/null; then
  echo "error: dotnet tool restore failed; it installs Kiota from .config/dotnet-tools.json" >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! dotnet kiota generate --language CSharp --openapi "$document" --output "$output" \
  --class-name MealPlannerClient --namespace-name MealPlanner.Client \
  --serializer Microsoft.Kiota.Serialization.Json.JsonSerializationWriterFactory \
  --deserializer Microsoft.Kiota.Serialization.Json.JsonParseNodeFactory \
  --exclude-backward-compatible --clean-output --log-level Warning >"$log" 2>&1; then
  cat "$log" >&2
  echo "error: kiota could not generate the client from $document (its messages above)" >&2
  exit 1
fi
# The log and the lock file name this run's paths and hash; the generated code is the product.
rm -f "$output/.kiota.log" "$output/kiota-lock.json"
echo "generated the client in $output from $document"
