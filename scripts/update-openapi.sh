#!/usr/bin/env bash
# Regenerates docs/api/openapi.json from the running API: starts the platform (processes mode) and lets
# OpenApiDocumentTests write what GET /openapi/v1.json serves instead of comparing it. Review the diff and commit it.
# Usage: scripts/update-openapi.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export MEALPLANNER_UPDATE_OPENAPI=1 MEALPLANNER_TEST_CONTAINERS=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! dotnet test MealPlanner.Tests -nologo --filter "FullyQualifiedName~OpenApiDocumentTests.The_served_document_is_the_committed_one" >/tmp/update-openapi.$$.log 2>&1; then
  echo "error: the test that writes docs/api/openapi.json failed; see /tmp/update-openapi.$$.log" >&2
  exit 1
fi
rm -f /tmp/update-openapi.$$.log
git --no-pager diff --stat -- docs/api/openapi.json
