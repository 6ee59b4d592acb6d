#!/usr/bin/env bash
# Republishes aspire-manifest.json at the repository root from the AppHost (publish mode: stock resources).
# The path is absolute because `dotnet run` runs the AppHost in its project folder, where a relative
# --output-path would land.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project MealPlanner.AppHost -- --publisher manifest --output-path "$PWD/aspire-manifest.json"
