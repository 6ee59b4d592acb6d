#!/usr/bin/env bash
# Synthesizes the AWS estate for staging and production from aspire-manifest.json and scans the
# templates with cdk-nag (AwsSolutions) and cfn-guard (Control Tower rules).
# Exit 0: no unsuppressed finding. Suppressions live beside their resources in MealPlanner.Deploy.
# usage: scripts/lint-infra.sh [--no-build]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/scripts/infra-tools"
build_flag=""
if [[ "${1:-}" == "--no-build" ]]; then build_flag="--no-build"; fi
configuration="${DEPLOY_CONFIGURATION:-Debug}"

work="$(mktemp -d "${TMPDIR:-/tmp}/lint-infra.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# jsii unpacks ~64 MB per run into TMPDIR: keep it inside the scratch folder.
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

if [[ ! -d "$tools/node_modules/cdk-nag" || ! -d "$tools/node_modules/@cdklabs/cdk-validator-cfnguard" ]]; then
  echo "lint-infra: installing scanners (npm ci in scripts/infra-tools)"
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >/dev/null
fi

if [[ -z "$build_flag" ]]; then
  dotnet build "$root/MealPlanner.Deploy" -c "$configuration" -nologo -v quiet >/dev/null
fi

templates=()
for env in staging production; do
  out="$work/cdk.out.$env"
  (cd "$root" && CDK_OUTDIR="$out" dotnet run --project MealPlanner.Deploy --no-build -c "$configuration" -- --env "$env" 2>"$work/synth.$env.log") || {
    cat "$work/synth.$env.log" >&2
    echo "lint-infra: synthesis of $env failed" >&2
    exit 1
  }
  templates+=("$out"/*.template.json)
done

node "$tools/lint.js" "${templates[@]}"
